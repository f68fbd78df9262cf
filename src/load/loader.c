/* Loader construction: configuration, GOROOT, GOPATH, main module. */
#include "loadint.h"
#include "base/file.h"
#include "base/strbuf.h"
#include "base/util.h"
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *load_lstr(Loader *l, const char *s) { return intern_cstr(&l->strs, s); }

const char *load_lstrf(Loader *l, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *t = xvasprintf(fmt, ap);
    va_end(ap);
    const char *r = intern_cstr(&l->strs, t);
    free(t);
    return r;
}

const char *load_ljoin(Loader *l, const char *dir, const char *s, size_t n) {
    if (!dir) return intern(&l->strs, s, n);
    size_t dl = strlen(dir);
    char buf[512];
    char *t = dl + 1 + n <= sizeof buf ? buf : xmalloc(dl + 1 + n);
    memcpy(t, dir, dl);
    t[dl] = '/';
    memcpy(t + dl + 1, s, n);
    const char *r = intern(&l->strs, t, dl + 1 + n);
    if (t != buf) free(t);
    return r;
}

bool load_has_path_prefix(const char *s, const char *prefix) {
    size_t n = strlen(prefix);
    if (n == 0) return true;
    return !strncmp(s, prefix, n) && (s[n] == 0 || s[n] == '/' || prefix[n - 1] == '/');
}

/* Lexical cleanup like Go's path.Clean: no "//", ".", or "x/.." elements. */
char *load_clean_path(const char *p) {
    bool rooted = p[0] == '/';
    size_t n = strlen(p);
    char *out = xmalloc(n + 2);
    size_t o = 0, dotdot = 0; /* o: output length; dotdot: where ".." may back up to */
    if (rooted) out[o++] = '/', dotdot = 1;
    size_t i = 0;
    while (i < n) {
        if (p[i] == '/') {
            i++;
        } else if (p[i] == '.' && (i + 1 == n || p[i + 1] == '/')) {
            i++;
        } else if (p[i] == '.' && p[i + 1] == '.' && (i + 2 == n || p[i + 2] == '/')) {
            i += 2;
            if (o > dotdot) {
                o--;
                while (o > dotdot && out[o] != '/') o--;
            } else if (!rooted) {
                if (o > 0) out[o++] = '/';
                out[o++] = '.', out[o++] = '.';
                dotdot = o;
            }
        } else {
            if ((rooted && o != 1) || (!rooted && o != 0)) out[o++] = '/';
            while (i < n && p[i] != '/') out[o++] = p[i++];
        }
    }
    if (o == 0) out[o++] = '.';
    out[o] = 0;
    return out;
}

/* The working directory as the shell names it: $PWD when it is the same
   directory as ".", like Go's os.Getwd, so symlinked trees keep their
   spelling (GOROOT/src is often a symlink). */
static char *getwd_logical(void) {
    const char *pwd = getenv("PWD");
    struct stat a, b;
    if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino)
        return xstrdup(pwd);
    return getcwd(NULL, 0);
}

static char *abs_dir(const char *dir) {
    if (dir[0] == '/') return load_clean_path(dir);
    char *cwd = getwd_logical();
    if (!cwd) return NULL;
    char *j = path_join(cwd, dir);
    free(cwd);
    char *c = load_clean_path(j);
    free(j);
    return c;
}

static void split_gopath(Loader *l) {
    const char *gp = getenv("GOPATH");
    char *def = NULL;
    if (!gp || !*gp) {
        const char *home = getenv("HOME");
        if (!home) return;
        gp = def = path_join(home, "go");
    }
    for (const char *s = gp; *s;) {
        const char *c = strchr(s, ':');
        size_t n = c ? (size_t)(c - s) : strlen(s);
        if (n) {
            l->gopath = xrealloc(l->gopath, (l->ngopath + 1) * sizeof *l->gopath);
            l->gopath[l->ngopath++] = xstrndup(s, n);
        }
        s += n + (c != NULL);
    }
    free(def);
    const char *mc = getenv("GOMODCACHE");
    if (mc && *mc) l->modcache = xstrdup(mc);
    else if (l->ngopath) l->modcache = path_join(l->gopath[0], "pkg/mod");
}

static const char *default_env(const char *cfg, const char *name, const char *def) {
    if (cfg && *cfg) return cfg;
    const char *e = getenv(name);
    return e && *e ? e : def;
}

/* Walks up from the working directory to the nearest go.mod. */
static bool find_main_module(Loader *l, char **err) {
    char *d = xstrdup(l->cwd);
    for (;;) {
        char *gm = path_join(d, "go.mod");
        bool found = is_file(gm);
        free(gm);
        if (found) break;
        char *slash = strrchr(d, '/');
        if (!slash || slash == d) {
            free(d);
            return true; /* no main module: only std, cmd and files work */
        }
        *slash = 0;
    }
    if (!strcmp(d, l->goroot_src)) l->main = l->std;
    else if (l->cmd->dir && !strcmp(d, l->cmd->dir)) l->main = l->cmd;
    else l->main = load_module_load(l, d, NULL, err);
    free(d);
    if (!l->main) return false;
    l->main->is_main = true;
    /* Like go: vendor/modules.txt with go >= 1.14 means -mod=vendor, unless GOFLAGS says otherwise. */
    const char *gf = getenv("GOFLAGS");
    bool force_mod = gf && strstr(gf, "-mod=mod"), force_vendor = gf && strstr(gf, "-mod=vendor");
    char *mt = path_join(l->main->dir, "vendor/modules.txt");
    if (l->main != l->std && l->main != l->cmd && !force_mod &&
        (force_vendor || (is_file(mt) && load_gover_cmp(l->main->go_version, "1.14") >= 0))) {
        l->main->vendored = true;
        size_t n;
        char *e2 = NULL, *src = read_file(mt, &n, &e2);
        if (src) vendor_modules_parse(&l->arena, src, n, &l->main->vendor);
        free(src);
        free(e2);
    }
    free(mt);
    return true;
}

Loader *loader_new(const LoadConfig *cfg) {
    LoadConfig zero = {0};
    if (!cfg) cfg = &zero;
    Loader *l = xcalloc(1, sizeof *l);
    arena_init(&l->arena);
    interner_init(&l->strs);
    char *err = NULL;
    if (!load_goroot_find(l, &err)) goto fail;
    l->go_version_default = xasprintf("1.%d", l->go_minor);
    buildctx_init(&l->bc, default_env(cfg->goos, "GOOS", "linux"), default_env(cfg->goarch, "GOARCH", "amd64"),
                  cfg->cgo_enabled, l->go_minor, NULL);
    if (!load_known_os(l->bc.goos, strlen(l->bc.goos)) || !load_known_arch(l->bc.goarch, strlen(l->bc.goarch))) {
        err = xasprintf("unsupported GOOS/GOARCH pair %s/%s", l->bc.goos, l->bc.goarch);
        goto fail;
    }
    for (size_t i = 0; i < cfg->ntags; i++)
        if (cfg->tags[i] && *cfg->tags[i]) buildctx_add_tag(&l->bc, cfg->tags[i]);
    l->cwd = abs_dir(cfg->dir ? cfg->dir : ".");
    if (!l->cwd || !is_dir(l->cwd)) {
        err = xasprintf("cannot use working directory %s", cfg->dir ? cfg->dir : ".");
        goto fail;
    }
    split_gopath(l);
    const char *gm = getenv("GO111MODULE");
    l->gopath_mode = gm && !strcmp(gm, "off");

    l->std = load_module_load(l, l->goroot_src, "std", &err);
    if (!l->std) goto fail;
    char *cmddir = path_join(l->goroot_src, "cmd");
    l->cmd = load_module_load(l, cmddir, "cmd", &err);
    free(cmddir);
    if (!l->cmd) goto fail;
    if (!l->gopath_mode && !find_main_module(l, &err)) goto fail;
    l->whole_files = cfg->file_index;
    if (cfg->file_index) dirindex_open(l);
    return l;
fail:
    fprintf(stderr, "goescape: %s\n", err);
    free(err);
    loader_free(l);
    return NULL;
}

static void free_texts(Loader *l) {
    for (size_t i = 0; i < l->ntexted; i++) {
        Package *p = l->texted[i];
        for (size_t k = 0; k < p->ngo_files; k++) free(p->go_file_texts[k]);
    }
    free(l->texted);
}

void loader_save_index(Loader *l) { dirindex_close(l); }

void loader_index_stats(const Loader *l, unsigned *reused, unsigned *scanned) {
    *reused = l->index_reused;
    *scanned = l->index_scanned;
}

void loader_free(Loader *l) {
    if (!l) return;
    dirindex_close(l);
    free_texts(l);
    buildctx_free(&l->bc);
    for (size_t i = 0; i < l->ngopath; i++) free(l->gopath[i]);
    free(l->gopath);
    free(l->modcache);
    free(l->mods);
    free(l->goroot);
    free(l->goroot_src);
    free(l->goversion);
    free(l->go_version_default);
    free(l->cwd);
    ptrmap_free(&l->pkgs);
    interner_free(&l->strs);
    arena_free(&l->arena);
    free(l);
}

const char *loader_goroot(Loader *l) { return l->goroot; }
const char *loader_goversion(Loader *l) { return l->goversion; }
const char *loader_goos(Loader *l) { return l->bc.goos; }
const char *loader_goarch(Loader *l) { return l->bc.goarch; }
