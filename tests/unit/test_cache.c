/* Unit tests for the on-disk summary cache (base/cache.c) and its keys
   (base/hash.c): round trips, misses, corrupt entries, LRU trimming, the
   environment, crashes mid-write (the GOESCAPE_CACHE_TEST_KILL hook, in
   forked children) and concurrent threads and processes. Everything happens
   in a fresh directory under $TMPDIR. */
#include "check.h"
#include "base/cache.h"
#include "base/file.h"
#include "base/util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char root[256];

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *f) {
    (void)st, (void)flag, (void)f;
    return remove(path);
}
static void rm_rf(const char *path) { nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

static char *sub(const char *name) { return xasprintf("%s/%s", root, name); }
static CacheKey key(const char *s) { return key_of_bytes(s, strlen(s)); }
static bool exists(const char *path) { struct stat st; return lstat(path, &st) == 0; }
static off_t file_size(const char *path) { struct stat st; return lstat(path, &st) == 0 ? st.st_size : -1; }
static time_t file_mtime(const char *path) { struct stat st; return lstat(path, &st) == 0 ? st.st_mtime : 0; }
static void set_mtime(const char *path, time_t t) {
    struct timespec ts[2] = {{t, 0}, {t, 0}};
    utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);
}
/* Payload of n bytes determined by seed. */
static uint8_t *payload(unsigned seed, size_t n) {
    uint8_t *p = xmalloc(n ? n : 1);
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 8));
    return p;
}
/* cache_get succeeds with exactly want[0..n). */
static bool get_is(Cache *c, const CacheKey *k, const void *want, size_t n) {
    void *d;
    size_t len;
    if (!cache_get(c, k, &d, &len)) return false;
    bool ok = len == n && memcmp(d, want, n) == 0;
    for (size_t i = 0; i < 8; i++) ok = ok && ((uint8_t *)d)[n + i] == 0;   // the zero padding
    free(d);
    return ok;
}
static bool misses(Cache *c, const CacheKey *k) {
    void *d = (void *)1;
    size_t len = 1;
    bool hit = cache_get(c, k, &d, &len);
    if (hit) free(d);
    return !hit && d == NULL && len == 0;
}
/* Names in the fan-out directory of k that are temporaries. */
static int count_temps(Cache *c, const CacheKey *k, off_t *size) {
    char *p = cache_entry_path(c, k);
    *strrchr(p, '/') = 0;
    DIR *d = opendir(p);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strstr(e->d_name, ".tmp.")) {
            n++;
            char *t = xasprintf("%s/%s", p, e->d_name);
            if (size) *size = file_size(t);
            free(t);
        }
    }
    if (d) closedir(d);
    free(p);
    return n;
}

/* stderr into path until restore_stderr; returns the saved descriptor. */
static int redirect_stderr(const char *path) {
    fflush(stderr);
    int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    dup2(fd, 2);
    close(fd);
    return saved;
}
static void restore_stderr(int saved) {
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
}
/* The number of lines of path, -1 unless they all start with prefix. */
static int count_lines(const char *path, const char *prefix) {
    size_t n;
    char *err = NULL, *text = read_file(path, &n, &err);
    int lines = 0;
    bool ok = text != NULL;
    for (char *s = text; ok && s < text + n; lines++) {
        ok = strncmp(s, prefix, strlen(prefix)) == 0;
        char *nl = strchr(s, '\n');
        s = nl ? nl + 1 : text + n;
    }
    free(text), free(err);
    return ok ? lines : -1;
}

static void test_keys(void) {
    KeyBuilder kb;
    key_begin(&kb);
    key_add_cstr(&kb, "ab");
    key_add_cstr(&kb, "c");
    CacheKey k1 = key_finish(&kb);
    key_begin(&kb);
    key_add_cstr(&kb, "a");
    key_add_cstr(&kb, "bc");
    CacheKey k2 = key_finish(&kb);
    key_begin(&kb);
    key_add_cstr(&kb, "ab");
    key_add_cstr(&kb, "c");
    CacheKey k3 = key_finish(&kb);
    CHECK(!key_equal(&k1, &k2), "length prefixes separate strings");
    CHECK(key_equal(&k1, &k3), "keys are deterministic");
    key_begin(&kb);
    key_add_u64(&kb, 1);
    key_add_key(&kb, &k1);
    key_add_bytes(&kb, "xyz", 3);
    key_add_str(&kb, "xyz", 2);
    CacheKey k4 = key_finish(&kb);
    CHECK(!key_equal(&k4, &k1), "u64/key/bytes");
    key_begin(&kb);
    key_add_u64(&kb, 2);
    key_abandon(&kb);

    // XXH3-128 of "" is fixed by the algorithm: 99aa06d3014798d86001c324468d497f.
    CacheKey e = key_of_bytes("", 0);
    char hex[CACHE_KEY_HEX + 1];
    key_hex(&e, hex);
    CHECK(strcmp(hex, "99aa06d3014798d86001c324468d497f") == 0, "XXH3-128(\"\") = %s", hex);
    CacheKey back;
    CHECK(key_from_hex(hex, &back) && key_equal(&back, &e), "hex round trip");
    CHECK(key_from_hex("99AA06D3014798D86001C324468D497F", &back) && key_equal(&back, &e), "upper-case hex");
    CHECK(!key_from_hex("99aa06d3014798d86001c324468d497", &back), "short hex");
    CHECK(!key_from_hex("99aa06d3014798d86001c324468d497f0", &back), "long hex");
    CHECK(!key_from_hex("99aa06d3014798d86001c324468d497g", &back), "bad digit");
    CHECK(hash64("abc", 3) != hash64("abd", 3), "hash64");
}

static void test_parse_size(void) {
    uint64_t v = 0;
    CHECK(cache_parse_size("1234", &v) && v == 1234, "bytes");
    CHECK(cache_parse_size("10K", &v) && v == 10240, "K");
    CHECK(cache_parse_size("3m", &v) && v == 3 << 20, "m");
    CHECK(cache_parse_size("2GiB", &v) && v == UINT64_C(2) << 30, "GiB");
    CHECK(cache_parse_size("1TB", &v) && v == UINT64_C(1) << 40, "TB");
    CHECK(!cache_parse_size("", &v) && !cache_parse_size("0", &v) && !cache_parse_size("-1", &v), "empty, 0, negative");
    CHECK(!cache_parse_size("12X", &v) && !cache_parse_size("1 G", &v) && !cache_parse_size("G", &v), "junk");
    CHECK(!cache_parse_size("99999999999999999999", &v) && !cache_parse_size("99999999999T", &v), "overflow");
}

static void test_env(void) {
    unsetenv("GOESCAPE_CACHE_MAX");
    char *d = sub("envdir/a/b");
    setenv("GOESCAPE_CACHE", d, 1);
    Cache *c = cache_open(NULL);
    CHECK(c && strcmp(cache_dir(c), d) == 0 && exists(d), "GOESCAPE_CACHE: %s", c ? cache_dir(c) : "(off)");
    char *tag = xasprintf("%s/CACHEDIR.TAG", d);
    CHECK(exists(tag), "CACHEDIR.TAG");
    CHECK(cache_max_size(c) == CACHE_DEFAULT_MAX, "default cap");
    cache_close(c);
    free(tag);
    free(d);

    setenv("GOESCAPE_CACHE", "off", 1);
    CHECK(cache_open(NULL) == NULL, "GOESCAPE_CACHE=off");
    CHECK(cache_open("off") == NULL, "dir \"off\"");

    unsetenv("GOESCAPE_CACHE");
    char *x = sub("xdg");
    setenv("XDG_CACHE_HOME", x, 1);
    char *want = xasprintf("%s/goescape", x);
    c = cache_open(NULL);
    CHECK(c && strcmp(cache_dir(c), want) == 0, "XDG_CACHE_HOME: %s", c ? cache_dir(c) : "(off)");
    cache_close(c);
    free(want);

    setenv("GOESCAPE_CACHE", "", 1);    // empty counts as unset
    setenv("XDG_CACHE_HOME", "relative/dir", 1);  // must be absolute, else ignored
    char *h = sub("home");
    setenv("HOME", h, 1);
    want = xasprintf("%s/.cache/goescape", h);
    c = cache_open(NULL);
    CHECK(c && strcmp(cache_dir(c), want) == 0, "HOME: %s", c ? cache_dir(c) : "(off)");
    cache_close(c);
    free(want);
    free(h);
    free(x);
    unsetenv("XDG_CACHE_HOME");
    unsetenv("GOESCAPE_CACHE");

    setenv("GOESCAPE_CACHE_MAX", "5M", 1);
    char *m = sub("maxdir");
    c = cache_open(m);
    CHECK(cache_max_size(c) == 5 << 20, "GOESCAPE_CACHE_MAX");
    cache_close(c);
    unsetenv("GOESCAPE_CACHE_MAX");
    free(m);

    // A path under a regular file cannot be created: off, with one note.
    char *f = sub("plainfile");
    close(open(f, O_WRONLY | O_CREAT, 0666));
    char *bad = xasprintf("%s/cache", f);
    char *errpath = sub("stderr-open.txt");
    int saved = redirect_stderr(errpath);
    Cache *none = cache_open(bad);
    restore_stderr(saved);
    CHECK(none == NULL, "uncreatable directory turns the cache off");
    CHECK(count_lines(errpath, "goescape: cache: off: cannot create") == 1, "one note");
    free(errpath);
    free(bad);
    free(f);

    // NULL (off) cache: everything is a no-op.
    CacheKey k = key("k");
    void *data = (void *)1;
    size_t len = 1;
    CHECK(!cache_get(NULL, &k, &data, &len) && data == NULL && len == 0, "get on NULL");
    CHECK(!cache_put(NULL, &k, "x", 1), "put on NULL");
    cache_trim(NULL);
    cache_trim_now(NULL);
    CacheStats st;
    cache_stats(NULL, &st);
    CHECK(st.hits == 0 && cache_dir(NULL) == NULL, "stats on NULL");
    cache_close(NULL);
}

static void test_round_trip(void) {
    char *d = sub("rt");
    Cache *c = cache_open(d);
    CacheKey a = key("a"), b = key("b"), empty = key("empty"), big = key("big");
    uint8_t *pa = payload(1, 1000), *pb = payload(2, 5000), *pbig = payload(3, 3 << 20);
    CHECK(misses(c, &a), "miss before put");
    CHECK(cache_put(c, &a, pa, 1000), "put a");
    CHECK(cache_put(c, &b, pb, 5000), "put b");
    CHECK(cache_put(c, &empty, NULL, 0), "put empty");
    CHECK(cache_put(c, &big, pbig, 3 << 20), "put big");
    CHECK(get_is(c, &a, pa, 1000), "get a");
    CHECK(get_is(c, &b, pb, 5000), "get b");
    CHECK(get_is(c, &empty, "", 0), "get empty");
    CHECK(get_is(c, &big, pbig, 3 << 20), "get big");
    CHECK(cache_put(c, &a, pb, 5000) && get_is(c, &a, pb, 5000), "overwrite");

    char *path = cache_entry_path(c, &a), hex[CACHE_KEY_HEX + 1];
    key_hex(&a, hex);
    char *want = xasprintf("%s/%.2s/%s-s", d, hex, hex);
    CHECK(strcmp(path, want) == 0, "entry path %s", path);
    CHECK(file_size(path) == CACHE_HEADER_SIZE + 5000, "entry size");
    struct stat st;
    mode_t um = umask(0);
    umask(um);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == (0666 & ~um), "mode %o", (unsigned)(st.st_mode & 0777));
    CHECK(count_temps(c, &a, NULL) == 0, "no temporaries left");

    CacheStats s;
    cache_stats(c, &s);
    CHECK(s.hits == 5 && s.misses == 1 && s.writes == 5 && s.corrupt == 0 && s.write_errors == 0, "stats %llu %llu %llu",
          (unsigned long long)s.hits, (unsigned long long)s.misses, (unsigned long long)s.writes);
    CHECK(s.bytes_written == 5 * CACHE_HEADER_SIZE + 1000 + 5000 + (3 << 20) + 5000, "bytes_written");
    CHECK(s.bytes_read == 1000 + 5000 + (3 << 20) + 5000, "bytes_read");
    cache_close(c);
    free(path), free(want), free(pa), free(pb), free(pbig), free(d);
}

/* Damages a's entry with f, then expects a miss that deletes the file. */
static void corrupt_case(Cache *c, const char *what, void (*f)(const char *path)) {
    CacheKey a = key(what);
    uint8_t *p = payload(9, 700);
    cache_put(c, &a, p, 700);
    char *path = cache_entry_path(c, &a);
    f(path);
    CacheStats s0, s1;
    cache_stats(c, &s0);
    CHECK(misses(c, &a), "%s: miss", what);
    CHECK(!exists(path), "%s: entry deleted", what);
    cache_stats(c, &s1);
    CHECK(s1.corrupt == s0.corrupt + 1, "%s: counted as corrupt", what);
    CHECK(cache_put(c, &a, p, 700) && get_is(c, &a, p, 700), "%s: rebuilt", what);
    free(path);
    free(p);
}
static void flip_at(const char *path, off_t off) {
    int fd = open(path, O_RDWR);
    uint8_t b;
    if (pread(fd, &b, 1, off) == 1) {
        b ^= 0x40;
        if (pwrite(fd, &b, 1, off) != 1) abort();
    }
    close(fd);
}
static void flip_payload(const char *path) { flip_at(path, CACHE_HEADER_SIZE + 123); }
static void flip_magic(const char *path) { flip_at(path, 2); }
static void flip_version(const char *path) { flip_at(path, 8); }
static void flip_length(const char *path) { flip_at(path, 32); }
static void flip_checksum(const char *path) { flip_at(path, 40); }
static void truncate_payload(const char *path) { if (truncate(path, CACHE_HEADER_SIZE + 100)) abort(); }
static void truncate_header(const char *path) { if (truncate(path, 20)) abort(); }
static void truncate_empty(const char *path) { if (truncate(path, 0)) abort(); }
static void append_byte(const char *path) {
    int fd = open(path, O_WRONLY | O_APPEND);
    if (write(fd, "x", 1) != 1) abort();
    close(fd);
}

static void test_corrupt(void) {
    char *d = sub("corrupt");
    Cache *c = cache_open(d);
    corrupt_case(c, "flip payload", flip_payload);
    corrupt_case(c, "flip magic", flip_magic);
    corrupt_case(c, "flip version", flip_version);
    corrupt_case(c, "flip length", flip_length);
    corrupt_case(c, "flip checksum", flip_checksum);
    corrupt_case(c, "truncate payload", truncate_payload);
    corrupt_case(c, "truncate header", truncate_header);
    corrupt_case(c, "truncate empty", truncate_empty);
    corrupt_case(c, "append", append_byte);

    // A valid entry under another key's name: the echoed key does not match.
    CacheKey a = key("echo a"), b = key("echo b");
    uint8_t *p = payload(4, 300);
    cache_put(c, &a, p, 300);
    char *pa = cache_entry_path(c, &a), *pb = cache_entry_path(c, &b);
    char *dir = xstrndup(pb, (size_t)(strrchr(pb, '/') - pb));
    mkdir(dir, 0777);
    CHECK(rename(pa, pb) == 0, "move entry");
    CHECK(misses(c, &b), "wrong key echo: miss");
    CHECK(!exists(pb), "wrong key echo: deleted");
    CHECK(misses(c, &a), "moved away: miss");

    // A directory where an entry should be: a miss, and a put fails without harm.
    mkdir(pb, 0777);
    CHECK(misses(c, &b), "directory entry: miss");
    rmdir(pb);
    cache_close(c);
    free(pa), free(pb), free(dir), free(p), free(d);
}

static void test_refresh(void) {
    char *d = sub("refresh");
    Cache *c = cache_open(d);
    CacheKey a = key("r");
    cache_put(c, &a, "hello", 5);
    char *path = cache_entry_path(c, &a);
    time_t now = time(NULL);
    set_mtime(path, now - 2 * 3600);
    CHECK(get_is(c, &a, "hello", 5), "hit");
    CHECK(file_mtime(path) >= now - 5, "hit refreshes an old mtime");
    set_mtime(path, now - 1800);
    CHECK(get_is(c, &a, "hello", 5), "hit");
    CHECK(file_mtime(path) == now - 1800, "a recent mtime is left alone");
    cache_close(c);
    free(path), free(d);
}

static void test_trim(void) {
    setenv("GOESCAPE_CACHE_MAX", "6000", 1);
    char *d = sub("trim");
    Cache *c = cache_open(d);
    unsetenv("GOESCAPE_CACHE_MAX");
    CHECK(cache_max_size(c) == 6000, "cap from the environment");
    enum { N = 5, SIZE = 2000 - CACHE_HEADER_SIZE };   // 2000 bytes each on disk
    CacheKey k[N];
    char *path[N];
    uint8_t *p = payload(5, SIZE);
    time_t now = time(NULL);
    for (int i = 0; i < N; i++) {
        char name[16];
        snprintf(name, sizeof name, "trim%d", i);
        k[i] = key(name);
        cache_put(c, &k[i], p, SIZE);
        path[i] = cache_entry_path(c, &k[i]);
        set_mtime(path[i], now - (N - i) * 3600);   // 0 oldest, 4 newest
    }
    CHECK(get_is(c, &k[0], p, SIZE), "use the oldest");   // refreshes it: now the newest

    // Temporaries: a stale one (a killed writer's) goes, a fresh one (a live writer's) stays;
    // files the cache does not know stay.
    char hex[CACHE_KEY_HEX + 1];
    key_hex(&k[1], hex);
    char *stale = xasprintf("%s/%.2s/%s-s.tmp.AbCdEf", d, hex, hex);
    char *fresh = xasprintf("%s/%.2s/%s-s.tmp.XyZ123", d, hex, hex);
    char *other = xasprintf("%s/%.2s/README", d, hex);
    char *stalemarker = xasprintf("%s/trim.txt.tmp.QWERTY", d);
    close(open(stale, O_WRONLY | O_CREAT, 0666));
    close(open(fresh, O_WRONLY | O_CREAT, 0666));
    close(open(other, O_WRONLY | O_CREAT, 0666));
    close(open(stalemarker, O_WRONLY | O_CREAT, 0666));
    set_mtime(stale, now - 3600);
    set_mtime(other, now - 3 * 86400);
    set_mtime(stalemarker, now - 3600);

    cache_trim_now(c);  // 10000 > 6000: down to <= 4800, so the two most recent stay
    CHECK(exists(path[0]) && exists(path[4]), "the most recently used stay");
    CHECK(!exists(path[1]) && !exists(path[2]) && !exists(path[3]), "the least recently used go");
    CHECK(!exists(stale) && exists(fresh) && exists(other), "stale temporary removed, fresh one and others kept");
    CHECK(!exists(stalemarker), "stale marker temporary removed");
    CacheStats s;
    cache_stats(c, &s);
    CHECK(s.trims == 1 && s.trimmed == 3, "trim stats %llu %llu", (unsigned long long)s.trims,
          (unsigned long long)s.trimmed);
    char *marker = xasprintf("%s/trim.txt", d);
    CHECK(exists(marker), "marker written");

    // Just scanned and under the cap: cache_trim does nothing.
    cache_trim(c);
    cache_stats(c, &s);
    CHECK(s.trims == 1, "no scan when not due");
    // Writes that may cross the cap make it due.
    cache_put(c, &k[1], p, SIZE);
    cache_put(c, &k[2], p, SIZE);
    cache_trim(c);
    cache_stats(c, &s);
    CHECK(s.trims == 2, "scan when this process's writes may exceed the cap");
    // An old marker makes it due too.
    set_mtime(marker, now - 3600);
    FILE *f = fopen(marker, "w");
    fprintf(f, "%lld 0\n", (long long)(now - 3600));
    fclose(f);
    cache_trim(c);
    cache_stats(c, &s);
    CHECK(s.trims == 3, "scan when the marker is old");
    cache_close(c);

    // cache_close trims when it wrote (the marker appears).
    char *d2 = sub("trimclose");
    c = cache_open(d2);
    cache_put(c, &k[0], p, 10);
    char *m2 = xasprintf("%s/trim.txt", d2);
    CHECK(!exists(m2), "no marker before close");
    cache_close(c);
    CHECK(exists(m2), "close trims after writes");

    for (int i = 0; i < N; i++) free(path[i]);
    free(p), free(stale), free(fresh), free(other), free(stalemarker), free(marker), free(d), free(d2), free(m2);
}

/* Runs a child that opens dir with GOESCAPE_CACHE_TEST_KILL=hook and puts
   each key in turn; returns its wait status. */
static int run_killed_child(const char *dir, const char *hook, const CacheKey *keys, int nkeys, const void *data,
                            size_t len) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("GOESCAPE_CACHE_TEST_KILL", hook, 1);
        Cache *c = cache_open(dir);
        for (int i = 0; i < nkeys; i++) cache_put(c, &keys[i], data, len);
        _exit(3);   // not killed
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}
static bool was_killed(int status) { return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL; }

static void test_kill(void) {
    char *d = sub("kill");
    Cache *c = cache_open(d);
    uint8_t *p1 = payload(6, 1000), *p2 = payload(7, 1000);
    CacheKey a = key("kill a"), b = key("kill b");
    char *pa = cache_entry_path(c, &a), *pb = cache_entry_path(c, &b);

    // Killed 100 bytes into the first put: no entry, a 100-byte temporary.
    int st = run_killed_child(d, "1:100", &a, 1, p1, 1000);
    CHECK(was_killed(st), "child killed (status %d)", st);
    off_t tsize = -1;
    CHECK(!exists(pa), "no final entry after a kill mid-write");
    CHECK(count_temps(c, &a, &tsize) == 1 && tsize == 100, "one partial temporary (%lld bytes)", (long long)tsize);
    CHECK(misses(c, &a), "miss after the kill");
    CHECK(cache_put(c, &a, p1, 1000) && get_is(c, &a, p1, 1000), "next put and get work");

    // Killed halfway through replacing an entry: the old one stays.
    st = run_killed_child(d, "1", &a, 1, p2, 1000);
    CHECK(was_killed(st), "child killed");
    CHECK(get_is(c, &a, p1, 1000), "old entry intact after a kill mid-write");
    // Killed with the temporary complete, just before the rename: still the old one.
    st = run_killed_child(d, "1:999999", &a, 1, p2, 1000);
    CHECK(was_killed(st), "child killed");
    CHECK(count_temps(c, &a, &tsize) == 3 && get_is(c, &a, p1, 1000), "old entry intact before rename");
    // Killed in the header of the second put: the first is complete.
    CacheKey ab[2] = {b, a};
    st = run_killed_child(d, "2:10", ab, 2, p2, 1000);
    CHECK(was_killed(st), "child killed on the second put");
    CHECK(get_is(c, &b, p2, 1000) && get_is(c, &a, p1, 1000), "first put done, second not");
    // No hook: the child finishes.
    st = run_killed_child(d, "", &b, 1, p1, 1000);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3 && get_is(c, &b, p1, 1000), "no hook, no kill");

    // The temporaries are young: a trim keeps them; once old, it removes them.
    cache_trim_now(c);
    CHECK(count_temps(c, &a, NULL) == 4, "young temporaries kept");
    char *dir = xstrndup(pa, (size_t)(strrchr(pa, '/') - pa));
    DIR *dd = opendir(dir);
    struct dirent *e;
    while ((e = readdir(dd)))
        if (strstr(e->d_name, ".tmp.")) {
            char *t = xasprintf("%s/%s", dir, e->d_name);
            set_mtime(t, time(NULL) - 3600);
            free(t);
        }
    closedir(dd);
    cache_trim_now(c);
    CHECK(count_temps(c, &a, NULL) == 0 && get_is(c, &a, p1, 1000), "stale temporaries removed, entry kept");
    cache_close(c);
    free(p1), free(p2), free(pa), free(pb), free(dir), free(d);
}

/* Writes failing (the fan-out directory is a regular file): put fails, writes
   stop, reads go on, and stderr gets exactly one note. */
static void test_write_failure(void) {
    char *d = sub("wfail");
    Cache *c = cache_open(d);
    CacheKey a = key("wf a"), good = key("wf good");
    CHECK(cache_put(c, &good, "ok", 2), "put");
    char *pa = cache_entry_path(c, &a);
    char *dir = xstrndup(pa, (size_t)(strrchr(pa, '/') - pa));
    char *pg = cache_entry_path(c, &good);
    bool same = strncmp(pg, dir, strlen(dir)) == 0 && pg[strlen(dir)] == '/';
    if (!same) close(open(dir, O_WRONLY | O_CREAT, 0666));

    char *errpath = sub("stderr.txt");
    int saved = redirect_stderr(errpath);
    bool p1 = cache_put(c, &a, "x", 1), p2 = cache_put(c, &a, "x", 1), p3 = cache_put(c, &good, "no", 2);
    restore_stderr(saved);
    if (!same) {
        CHECK(!p1 && !p2 && !p3, "puts fail and stay off");
        CHECK(count_lines(errpath, "goescape: cache: cannot create a temporary file in") == 1, "one note");
        CHECK(get_is(c, &good, "ok", 2), "reads still work");
        CacheStats s;
        cache_stats(c, &s);
        CHECK(s.write_errors == 1, "one failed write counted (the others are skipped)");
    }
    cache_close(c);
    free(pa), free(pg), free(dir), free(errpath), free(d);
}

/* Threads (and, below, processes) hammering the same keys: every hit must
   return that key's content. */
enum { NKEYS = 16, ROUNDS = 300 };
static Cache *shared;
static CacheKey tkeys[NKEYS];
static uint8_t *tdata[NKEYS];
static size_t tlen(int i) { return 100 + (size_t)i * 997; }

static void *hammer(void *arg) {
    unsigned seed = (unsigned)(uintptr_t)arg;
    int *bad = xcalloc(1, sizeof *bad);
    for (int r = 0; r < ROUNDS; r++) {
        seed = seed * 1103515245 + 12345;
        int i = (int)((seed >> 16) % NKEYS);
        if ((seed >> 8) & 1) {
            if (!cache_put(shared, &tkeys[i], tdata[i], tlen(i))) ++*bad;
        } else {
            void *d;
            size_t n;
            if (cache_get(shared, &tkeys[i], &d, &n)) {
                if (n != tlen(i) || memcmp(d, tdata[i], n) != 0) ++*bad;
                free(d);
            }
        }
        if (r % 100 == 99) cache_trim(shared);
    }
    return bad;
}

static void test_concurrent(void) {
    char *d = sub("conc");
    for (int i = 0; i < NKEYS; i++) {
        char name[16];
        snprintf(name, sizeof name, "conc%d", i);
        tkeys[i] = key(name);
        tdata[i] = payload((unsigned)i, tlen(i));
    }
    fflush(stdout);
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            shared = cache_open(d);
            int *bad = hammer((void *)(uintptr_t)(1000 + k));
            _exit(*bad ? 1 : 0);
        }
    }
    shared = cache_open(d);
    pthread_t th[4];
    for (int t = 0; t < 4; t++) pthread_create(&th[t], NULL, hammer, (void *)(uintptr_t)(t + 1));
    int bad = 0;
    for (int t = 0; t < 4; t++) {
        void *r;
        pthread_join(th[t], &r);
        bad += *(int *)r;
        free(r);
    }
    for (int k = 0; k < 2; k++) {
        int st;
        waitpid(kids[k], &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "process %d saw bad data or failed puts", k);
    }
    CHECK(bad == 0, "threads: %d bad results", bad);
    int temps = 0;
    for (int i = 0; i < NKEYS; i++) {
        CHECK(get_is(shared, &tkeys[i], tdata[i], tlen(i)), "key %d after the race", i);
        temps += count_temps(shared, &tkeys[i], NULL);
    }
    CHECK(temps == 0, "%d temporaries left", temps);
    CacheStats s;
    cache_stats(shared, &s);
    CHECK(s.corrupt == 0 && s.write_errors == 0, "no corrupt entries or failed writes");
    cache_close(shared);
    for (int i = 0; i < NKEYS; i++) free(tdata[i]);
    free(d);
}

int main(void) {
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/goescape-cache-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    unsetenv("GOESCAPE_CACHE_TEST_KILL");
    unsetenv("GOESCAPE_CACHE_MAX");
    test_keys();
    test_parse_size();
    test_env();
    test_round_trip();
    test_corrupt();
    test_refresh();
    test_trim();
    test_kill();
    test_write_failure();
    test_concurrent();
    rm_rf(root);
    return check_report();
}
