/* Unit tests for small base/ pieces the speed work leans on: the pointer
   map (get, put, the one-probe slot, growth), the small inline set, and
   source files whose contents stay on disk until a position needs them
   (read under a lock, from several threads at once); the names go build
   shows for files in another package's compile output. */
#include "check.h"
#include "base/file.h"
#include "base/ptrmap.h"
#include "base/smallset.h"
#include "base/source.h"
#include "base/util.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Keys are addresses in one array: distinct, and dense like arena nodes. */
static char keys[5000];

static void test_ptrmap(void) {
    PtrMap m = {0};
    CHECK(ptrmap_get(&m, keys) == NULL, "empty map finds nothing");
    for (int i = 0; i < 5000; i++) ptrmap_put(&m, keys + i, (void *)(intptr_t)(i + 1));
    int bad = 0;
    for (int i = 0; i < 5000; i++)
        if (ptrmap_get(&m, keys + i) != (void *)(intptr_t)(i + 1)) bad++;
    CHECK(bad == 0, "%d of 5000 values lost across growth", bad);
    CHECK(m.len == 5000, "len %zu", m.len);

    bool fresh = false;
    void **s = ptrmap_slot(&m, keys + 7, &fresh);
    CHECK(!fresh && *s == (void *)(intptr_t)8, "slot of a present key: its value, not fresh");
    *s = (void *)(intptr_t)99;
    CHECK(ptrmap_get(&m, keys + 7) == (void *)(intptr_t)99, "a write through the slot is seen");
    CHECK(m.len == 5000, "slot of a present key adds nothing");

    PtrMap n = {0};
    s = ptrmap_slot(&n, keys, &fresh);
    CHECK(fresh && *s == NULL, "slot of an absent key: fresh, NULL");
    *s = keys;
    CHECK(ptrmap_get(&n, keys) == keys && n.len == 1, "the fresh slot holds the key's value");
    for (int i = 1; i < 300; i++) {
        s = ptrmap_slot(&n, keys + i, &fresh);
        *s = keys + i;
    }
    bad = 0;
    for (int i = 0; i < 300; i++)
        if (ptrmap_get(&n, keys + i) != keys + i) bad++;
    CHECK(bad == 0 && n.len == 300, "slots across growth: %d lost, len %zu", bad, n.len);
    ptrmap_free(&m);
    ptrmap_free(&n);
}

static void test_smallset(void) {
    SmallSet s = {0};
    int added = 0;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 40; i++) added += smallset_add(&s, keys + i);
    CHECK(added == 40, "40 distinct pointers added once each (got %d)", added);
    CHECK(!smallset_add(&s, keys + 3) && !smallset_add(&s, keys + 33), "inline and spilled members are found");
    CHECK(smallset_add(&s, keys + 40), "a new pointer after the spill is added");
    smallset_free(&s);
}

typedef struct LazyArg { const SourceFile *f; Pos p; Position got; } LazyArg;

static void *lazy_pos(void *arg) {
    LazyArg *a = arg;
    a->got = source_raw_pos(a->f, a->p);
    return NULL;
}

static void test_lazy_source(void) {
    const char *tmp = getenv("TMPDIR");
    char *path = xasprintf("%s/goescape-base-test-%ld.go", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    const char text[] = "package p\n\nfunc F() {}\n\nvar X = 1\n";
    FILE *fp = fopen(path, "w");
    CHECK(fp != NULL, "create %s", path);
    if (!fp) return;
    fputs(text, fp);
    fclose(fp);

    SourceFile f;
    source_init(&f, "p.go", NULL, sizeof text - 1);
    f.disk = path;
    source_build_lines(&f);
    CHECK(f.src == NULL && f.lines == NULL, "source_build_lines leaves a file on disk alone");
    /* "var" starts line 5: offset of 'v' */
    Pos p = (Pos)(strstr(text, "var") - text) + 1;
    pthread_t t[4];
    LazyArg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (LazyArg){&f, p, {0}};
        pthread_create(&t[i], NULL, lazy_pos, &args[i]);
    }
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    int bad = 0;
    for (int i = 0; i < 4; i++)
        if (args[i].got.line != 5 || args[i].got.col != 1 || strcmp(args[i].got.filename, "p.go")) bad++;
    CHECK(bad == 0, "%d of 4 threads got a wrong position for a lazily read file", bad);
    CHECK(f.src && f.len == sizeof text - 1 && memcmp(f.src, text, f.len) == 0, "contents read once, whole");
    char *err = NULL;
    CHECK(source_load(&f, &err) && err == NULL, "source_load on a loaded file is a no-op");
    source_free(&f);

    SourceFile g;
    source_init(&g, "gone.go", NULL, 10);
    g.disk = "/nonexistent/goescape/gone.go";
    CHECK(!source_load(&g, &err) && err != NULL, "an unreadable file: source_load says why");
    free(err);
    Position q = source_raw_pos(&g, 3);
    CHECK(q.line == 1 && q.col == 3, "positions in an unreadable file fall back to line 1 (got %u:%u)", q.line, q.col);
    source_free(&g);
    unlink(path);
    free(path);
}

/* go build's names for files in a package's compile output (cmd/go's
   reportCmd), checked against what it printed for the same layouts. */
static void expect_shown(const char *cwd, const char *dir, const char *abs, const char *want) {
    char *got = go_shown_file_name(cwd, dir, abs);
    CHECK(want ? got && strcmp(got, want) == 0 : !got, "go_shown_file_name(%s, %s, %s): got %s, want %s", cwd,
          dir, abs, got ? got : "(as is)", want ? want : "(as is)");
    free(got);
}

static void test_go_shown_file_name(void) {
    expect_shown("/home/u/mod", "/home/u/mod/c", "/home/u/mod/c/c.go", "c/c.go");    /* its own file */
    expect_shown("/home/u/mod", "/home/u/mod/c", "/home/u/mod/b/b.go", "./b/b.go");  /* a sibling */
    expect_shown("/home/u/mod/c", "/home/u/mod/c", "/home/u/mod/c/c.go", "./c.go");
    expect_shown("/home/u/mod/c", "/home/u/mod/c", "/home/u/mod/b/b.go", "../b/b.go");
    expect_shown("/home/u/mod", "/home/u/mod/x/y", "/home/u/mod/x/z/f.go", "x/z/f.go"); /* parent below cwd */
    expect_shown("/home/u/mod", "/home/u/mod", "/home/u/mod/b/b.go", "./b/b.go");
    expect_shown("/m/c", "/m/c", "/m/b/b.go", NULL);            /* "../b" is no shorter than "/m/b" */
    expect_shown("/home/u/mod", "/usr/lib/go/src/net/http", "/usr/lib/go/src/io/io.go", NULL);
    expect_shown("/m", "/m/c", "b/b.go", NULL);                 /* not absolute */
}

int main(void) {
    test_go_shown_file_name();
    test_ptrmap();
    test_smallset();
    test_lazy_source();
    return check_report();
}
