/* loader_match: from command-line patterns to packages. */
#include "loadint.h"
#include "base/dirlist.h"
#include "base/file.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct PkgList {
    Package **data;
    size_t len, cap;
    PtrMap seen;
} PkgList;

static void add_pkg(PkgList *o, Package *p) {
    if (ptrmap_get(&o->seen, p)) return;
    ptrmap_put(&o->seen, p, p);
    if (o->len == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 64;
        o->data = xrealloc(o->data, o->cap * sizeof *o->data);
    }
    o->data[o->len++] = p;
}

typedef struct Walk {
    Loader *l;
    const char *pattern;    /* import-path pattern; NULL matches everything */
    const char *local;      /* local pattern ("./..."): match names made from local_dir */
    const char *local_dir;  /* the pattern's directory as written */
    bool std_only, cmd_only;
    bool prune_gomod, prune_vendor;
    Module *mod;            /* module of the tree, NULL in GOPATH mode */
    const char *vendor_root;
    PkgList *out;
    size_t first;           /* out->len before the walk, for sorting */
    char *err;              /* first package error (malloc'd) */
} Walk;

static bool skip_elem(const char *e) { return e[0] == '.' || e[0] == '_' || !strcmp(e, "testdata"); }

static bool has_gomod(const char *dir) {
    char *g = path_join(dir, "go.mod");
    bool r = is_file(g);
    free(g);
    return r;
}

static void visit(Walk *w, const char *dir, const char *ip, const char *lname);

/* Matches one directory and recurses. ip is its import path (NULL when
   computed from the directory), lname its local name for local patterns. */
static void walk(Walk *w, const char *dir, const char *ip, const char *lname, bool top) {
    Loader *l = w->l;
    if (!top) {
        const char *elem = strrchr(dir, '/') + 1;
        if (skip_elem(elem)) return;
        if (w->std_only && (!strcmp(ip, "cmd") || !load_is_std_path(ip))) return;
        if (w->prune_gomod && has_gomod(dir)) return;
    }
    if (w->pattern && ip && *ip && !load_pattern_tree_can_match(w->pattern, ip)) return;
    if (!top || (ip && *ip) || lname) visit(w, dir, ip, lname);
    if (!top && w->prune_vendor && !strcmp(strrchr(dir, '/') + 1, "vendor")) return;
    DirList dl;
    char *err = NULL;
    if (!dir_list(dir, &dl, &err)) {
        free(err);
        return;
    }
    for (size_t i = 0; i < dl.len; i++) {
        if (!dl.data[i].is_dir || dl.data[i].is_symlink) continue;
        const char *n = dl.data[i].name;
        if (skip_elem(n)) continue;
        char *sub = path_join(dir, n);
        const char *sip = ip ? (*ip ? load_lstrf(l, "%s/%s", ip, n) : load_lstr(l, n)) : NULL;
        char *sl = lname ? (strcmp(lname, ".") ? path_join(lname, n) : xasprintf("./%s", n)) : NULL;
        walk(w, sub, sip, sl, false);
        free(sub);
        free(sl);
    }
    dir_list_free(&dl);
}

static void visit(Walk *w, const char *dir, const char *ip, const char *lname) {
    Loader *l = w->l;
    if (w->local) {
        if (!load_pattern_match(w->local, lname)) return;
    } else if (w->pattern && !load_pattern_match(w->pattern, ip)) {
        return;
    }
    if (ip && !strcmp(ip, "builtin")) return; /* documentation only */
    if (ip && !l->bc.cgo && !strcmp(ip, "runtime/cgo")) return;
    Module *m = w->mod;
    if (!ip) {
        char *err = NULL;
        ip = load_dir_import_path(l, dir, &m, &err);
        if (!ip) {
            if (!w->err) w->err = err;
            else free(err);
            return;
        }
    }
    Package *p = load_pkg_get(l, ip, dir, m);
    if (w->vendor_root && !p->in->vendor_root) p->in->vendor_root = w->vendor_root;
    if (p->in->state == PKG_NOGO || p->in->state == PKG_EXCLUDED) return;
    /* "cmd" leaves out the vendored pprof main package. */
    if (w->cmd_only && load_has_path_prefix(ip, "cmd/vendor") && p->name && !strcmp(p->name, "main")) return;
    if (p->in->state == PKG_ERROR && !w->err) w->err = load_pkg_error_line(p);
    add_pkg(w->out, p);
}

static int cmp_pkg(const void *a, const void *b) {
    return strcmp((*(Package *const *)a)->import_path, (*(Package *const *)b)->import_path);
}

static void sort_from(PkgList *o, size_t first) {
    if (o->len > first + 1) qsort(o->data + first, o->len - first, sizeof *o->data, cmp_pkg);
}

static bool finish_walk(Walk *w) {
    if (w->err) {
        fprintf(stderr, "goescape: %s\n", w->err);
        free(w->err);
        w->err = NULL;
        return false;
    }
    return true;
}

/* "std" and "cmd": the GOROOT tree in directory order, as go list prints them. */
static bool match_goroot(Loader *l, bool cmd, PkgList *out) {
    Walk w = {.l = l, .std_only = !cmd, .cmd_only = cmd, .mod = cmd ? l->cmd : l->std,
              .vendor_root = l->goroot_src, .out = out};
    if (cmd) walk(&w, l->cmd->dir, "cmd", NULL, true);
    else walk(&w, l->goroot_src, "", NULL, true);
    return finish_walk(&w);
}

/* An import-path pattern with "...": GOROOT, then modules or GOPATH trees. */
/* Walks GOROOT/src and, with gopath, every $GOPATH/src: the trees that
   GOPATH mode (and "all" outside a module) searches. */
static bool walk_goroot_gopath(Walk *w, bool gopath) {
    Loader *l = w->l;
    w->vendor_root = l->goroot_src;
    w->mod = l->std;
    walk(w, l->goroot_src, "", NULL, true);
    for (size_t i = 0; gopath && i < l->ngopath; i++) {
        char *src = path_join(l->gopath[i], "src");
        w->vendor_root = load_lstr(l, src);
        w->mod = NULL;
        walk(w, src, "", NULL, true);
        free(src);
    }
    return finish_walk(w);
}

static bool match_import_pattern(Loader *l, const char *pat, PkgList *out) {
    Walk w = {.l = l, .pattern = pat, .out = out, .first = out->len};
    if (l->gopath_mode) return walk_goroot_gopath(&w, true);
    if (load_is_std_path(pat)) {
        w.prune_gomod = true;
        w.vendor_root = l->goroot_src;
        w.mod = l->std;
        walk(&w, l->goroot_src, "", NULL, true);
        if (load_pattern_tree_can_match(pat, "cmd")) {
            w.mod = l->cmd;
            walk(&w, l->cmd->dir, "cmd", NULL, true);
        }
        w.vendor_root = NULL;
    }
    Module *mm = l->main;
    if (mm && mm != l->std && mm != l->cmd) {
        w.prune_gomod = w.prune_vendor = true;
        w.mod = mm;
        walk(&w, mm->dir, mm->path, NULL, true);
        for (size_t i = 0; i < mm->mod.nreplaces; i++) {
            ModReplace *r = &mm->mod.replaces[i];
            if (r->new_version || !load_pattern_tree_can_match(pat, r->old_path)) continue;
            char *j = r->new_path[0] == '/' ? xstrdup(r->new_path) : path_join(mm->dir, r->new_path);
            char *root = load_clean_path(j);
            free(j);
            char *err = NULL;
            w.mod = load_module_load(l, root, r->old_path, &err);
            if (w.mod) walk(&w, root, r->old_path, NULL, true);
            else if (!w.err) w.err = err;
            else free(err);
            free(root);
        }
    }
    sort_from(out, w.first);
    return finish_walk(&w);
}

/* "./...", "../x/...", "/abs/...": walk the directory, match local names. */
static bool match_local_pattern(Loader *l, const char *pat, PkgList *out) {
    const char *dots = strstr(pat, "...");
    size_t k = (size_t)(dots - pat);
    while (k > 0 && pat[k - 1] != '/') k--;
    char *pdir = k ? xstrndup(pat, k - (k > 1 ? 1 : 0)) : xstrdup(".");
    char *j = pdir[0] == '/' ? xstrdup(pdir) : path_join(l->cwd, pdir);
    char *root = load_clean_path(j);
    free(j);
    if (!is_dir(root)) {
        fprintf(stderr, "goescape: pattern %s: directory %s does not exist\n", pat, root);
        free(root);
        free(pdir);
        return false;
    }
    Walk w = {.l = l, .local = pat, .local_dir = pdir, .out = out, .first = out->len,
              .prune_gomod = !l->gopath_mode};
    walk(&w, root, NULL, pdir, true);
    if (!l->gopath_mode) sort_from(out, w.first);
    free(root);
    free(pdir);
    return finish_walk(&w);
}

static bool is_local(const char *p) {
    return !strcmp(p, ".") || !strcmp(p, "..") || !strncmp(p, "./", 2) || !strncmp(p, "../", 3) || p[0] == '/';
}

static bool need_ok(Package *p) {
    if (p->in->state == PKG_OK) return true;
    char *e = load_pkg_error_line(p);
    fprintf(stderr, "goescape: %s\n", e);
    free(e);
    return false;
}

/* "all": the main module's packages and everything they import. */
static bool match_all(Loader *l, PkgList *out) {
    if (l->gopath_mode || !l->main) {
        Walk w = {.l = l, .out = out};
        return walk_goroot_gopath(&w, l->gopath_mode);
    }
    PkgList roots = {0};
    Walk w = {.l = l, .out = &roots, .prune_gomod = true, .prune_vendor = true, .mod = l->main};
    walk(&w, l->main->dir, l->main->path, NULL, true);
    bool ok = finish_walk(&w);
    Package **deps = NULL;
    size_t nd = 0;
    if (ok) ok = loader_deps(l, roots.data, roots.len, &deps, &nd) == 0;
    size_t first = out->len;
    for (size_t i = 0; ok && i < nd; i++) add_pkg(out, deps[i]);
    sort_from(out, first);
    free(deps);
    free(roots.data);
    ptrmap_free(&roots.seen);
    return ok;
}

static bool match_one(Loader *l, const char *pat, PkgList *out) {
    if (!strcmp(pat, "std") || !strcmp(pat, "cmd")) return match_goroot(l, !strcmp(pat, "cmd"), out);
    if (!strcmp(pat, "all")) return match_all(l, out);
    bool wild = strstr(pat, "...") != NULL;
    if (is_local(pat)) {
        if (wild) return match_local_pattern(l, pat, out);
        char *j = pat[0] == '/' ? xstrdup(pat) : path_join(l->cwd, pat);
        char *dir = load_clean_path(j);
        free(j);
        if (!is_dir(dir)) {
            fprintf(stderr, "goescape: directory %s does not exist\n", dir);
            free(dir);
            return false;
        }
        Module *m = NULL;
        char *err = NULL;
        const char *ip = load_dir_import_path(l, dir, &m, &err);
        if (!ip) {
            fprintf(stderr, "goescape: %s\n", err);
            free(err);
            free(dir);
            return false;
        }
        Package *p = load_pkg_get(l, ip, dir, m);
        free(dir);
        if (!need_ok(p)) return false;
        add_pkg(out, p);
        return true;
    }
    if (wild) return match_import_pattern(l, pat, out);
    char *err = NULL;
    Package *p = load_resolve_import(l, NULL, pat, &err);
    if (!p) {
        fprintf(stderr, "goescape: %s\n", err ? err : "cannot find package");
        free(err);
        return false;
    }
    if (!need_ok(p)) return false;
    add_pkg(out, p);
    return true;
}

int loader_match(Loader *l, const char **pats, size_t n, Package ***out, size_t *nout) {
    *out = NULL;
    *nout = 0;
    PkgList res = {0};
    bool ok = true;
    bool files = false;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(pats[i]);
        if (k > 3 && !strcmp(pats[i] + k - 3, ".go")) {
            char *j = pats[i][0] == '/' ? xstrdup(pats[i]) : path_join(l->cwd, pats[i]);
            if (!is_dir(j)) files = true;
            free(j);
        }
    }
    if (files) {
        char *err = NULL;
        Package *p = load_pkg_files(l, pats, n, &err);
        if (!p) {
            fprintf(stderr, "goescape: %s\n", err);
            free(err);
            return -1;
        }
        if (!need_ok(p)) return -1;
        add_pkg(&res, p);
    } else {
        if (n == 0) ok = match_one(l, ".", &res);
        for (size_t i = 0; ok && i < n; i++) {
            ok = match_one(l, pats[i], &res);
        }
    }
    ptrmap_free(&res.seen);
    if (!ok) {
        free(res.data);
        return -1;
    }
    *out = res.data;
    *nout = res.len;
    return 0;
}
