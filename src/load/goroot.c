/* GOROOT discovery and toolchain version. */
#include "loadint.h"
#include "base/dirlist.h"
#include "base/file.h"
#include "base/strbuf.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool looks_like_goroot(const char *dir) {
    char *p = path_join(dir, "src/runtime");
    bool ok = is_dir(p);
    free(p);
    return ok;
}

/* The go command on PATH, or NULL. malloc'd. */
static char *find_go_on_path(void) {
    const char *path = getenv("PATH");
    if (!path) return NULL;
    for (const char *s = path; *s;) {
        const char *c = strchr(s, ':');
        size_t n = c ? (size_t)(c - s) : strlen(s);
        char *d = xstrndup(s, n);
        char *g = path_join(*d ? d : ".", "go");
        free(d);
        if (is_file(g) && access(g, X_OK) == 0) return g;
        free(g);
        s += n + (c != NULL);
    }
    return NULL;
}

/* GOROOT of the go command on PATH: the directory above its bin/ (what
   the go command itself assumes), else `go env GOROOT`, which costs a
   process start (~20 ms), so it comes last. */
static char *go_env_goroot(void) {
    char *go = find_go_on_path();
    if (!go) return NULL;
    char *real = realpath(go, NULL);
    free(go);
    if (real) {
        char *slash = strrchr(real, '/');
        if (slash) *slash = 0;
        slash = strrchr(real, '/');
        if (slash && !strcmp(slash, "/bin")) {
            *slash = 0;
            if (looks_like_goroot(real)) return real;
        }
        free(real);
    }
    FILE *f = popen("go env GOROOT 2>/dev/null", "r");
    if (!f) return NULL;
    StrBuf b = {0};
    int ch;
    while ((ch = fgetc(f)) != EOF) sb_putc(&b, (char)ch);
    pclose(f);
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r')) b.len--;
    char *r = b.len ? xstrndup(b.data, b.len) : NULL;
    sb_free(&b);
    return r;
}

/* Highest /usr/lib/go-1.N. */
static char *usr_lib_go_versioned(void) {
    DirList dl;
    char *err = NULL;
    if (!dir_list("/usr/lib", &dl, &err)) {
        free(err);
        return NULL;
    }
    int best = -1;
    char *r = NULL;
    for (size_t i = 0; i < dl.len; i++) {
        const char *n = dl.data[i].name;
        if (strncmp(n, "go-1.", 5) || !dl.data[i].is_dir) continue;
        int v = atoi(n + 5);
        char *d = path_join("/usr/lib", n);
        if (v > best && looks_like_goroot(d)) {
            best = v;
            free(r);
            r = d;
        } else {
            free(d);
        }
    }
    dir_list_free(&dl);
    return r;
}

static void read_version(Loader *l) {
    char *p = path_join(l->goroot, "VERSION"), *err = NULL;
    size_t n;
    char *s = read_file(p, &n, &err);
    free(p);
    free(err);
    if (s && !strncmp(s, "go1.", 4)) {
        s[strcspn(s, "\r\n")] = 0;
        l->goversion = xstrdup(s);
        l->go_minor = atoi(s + 4);
    }
    free(s);
    if (l->go_minor > 0) return;
    /* Development trees have no VERSION; the release number is in goversion.go. */
    p = path_join(l->goroot, "src/internal/goversion/goversion.go");
    err = NULL;
    s = read_file(p, &n, &err);
    free(p);
    free(err);
    const char *v = s ? strstr(s, "const Version = ") : NULL;
    l->go_minor = v ? atoi(v + 16) : 0;
    if (l->go_minor <= 0) l->go_minor = 27;
    free(l->goversion);
    l->goversion = xasprintf("go1.%d-devel", l->go_minor);
    free(s);
}

bool load_goroot_find(Loader *l, char **err) {
    const char *env = getenv("GOROOT");
    char *g = NULL;
    if (env && *env) {
        if (!looks_like_goroot(env)) {
            *err = xasprintf("GOROOT=%s is not a Go installation (no src/runtime)", env);
            return false;
        }
        g = xstrdup(env);
    }
    if (!g) {
        g = go_env_goroot();
        if (g && !looks_like_goroot(g)) {
            free(g);
            g = NULL;
        }
    }
    static const char *const fixed[] = {"/usr/lib/go", "/usr/local/go"};
    for (size_t i = 0; !g && i < ARRAY_LEN(fixed); i++)
        if (looks_like_goroot(fixed[i])) g = xstrdup(fixed[i]);
    if (!g) g = usr_lib_go_versioned();
    if (!g) {
        *err = xstrdup("cannot find GOROOT: set $GOROOT or put go on $PATH");
        return false;
    }
    char *c = load_clean_path(g);
    free(g);
    l->goroot = c;
    l->goroot_src = path_join(c, "src");
    read_version(l);
    return true;
}
