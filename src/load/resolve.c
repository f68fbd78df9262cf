/* From import paths and directories to packages: GOROOT (with its vendor
   directories), the main module, local replacements, vendor/, the module
   cache, and GOPATH. */
#include "loadint.h"
#include "base/file.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

bool load_is_std_path(const char *path) {
    size_t n = strcspn(path, "/");
    return memchr(path, '.', n) == NULL;
}

static Module *find_module_by_dir(Loader *l, const char *dir) {
    for (size_t i = 0; i < l->nmods; i++)
        if (l->mods[i]->dir && !strcmp(l->mods[i]->dir, dir)) return l->mods[i];
    return NULL;
}

Module *load_module_load(Loader *l, const char *dir, const char *path_hint, char **err) {
    Module *m = find_module_by_dir(l, dir);
    if (m) return m;
    char *gm = path_join(dir, "go.mod"), *rerr = NULL;
    size_t n;
    char *src = read_file(gm, &n, &rerr);
    m = arena_alloc(&l->arena, sizeof *m);
    m->dir = load_lstr(l, dir);
    if (!src) {
        free(rerr);
        if (!path_hint) {
            *err = xasprintf("cannot read %s", gm);
            free(gm);
            return NULL;
        }
        m->path = load_lstr(l, path_hint); /* pre-module code in the module cache */
        m->go_version = "1.16";
    } else {
        bool ok = gomod_parse(&l->arena, gm, src, n, &m->mod, err);
        free(src);
        if (!ok) {
            free(gm);
            return NULL;
        }
        m->path = load_lstr(l, path_hint ? path_hint : m->mod.path);
        /* A go.mod without a go line means go 1.16, as the go command assumes. */
        m->go_version = m->mod.go ? m->mod.go : "1.16";
    }
    free(gm);
    if (l->nmods == l->capmods) {
        l->capmods = l->capmods ? l->capmods * 2 : 8;
        l->mods = xrealloc(l->mods, l->capmods * sizeof *l->mods);
    }
    l->mods[l->nmods++] = m;
    return m;
}

/* Does dir hold at least one .go file? (cheap existence test for candidates) */
static bool has_go_files(const char *dir) { return is_dir(dir); }

/* Module cache directory names escape upper case as "!x". */
static char *modcache_dir(Loader *l, const char *path, const char *version) {
    size_t n = strlen(path);
    char *e = xmalloc(2 * n + 1), *o = e;
    for (size_t i = 0; i < n; i++) {
        char c = path[i];
        if (c >= 'A' && c <= 'Z') *o++ = '!', *o++ = (char)(c - 'A' + 'a');
        else *o++ = c;
    }
    *o = 0;
    char *d = xasprintf("%s/%s@%s", l->modcache, e, version);
    free(e);
    return d;
}

static const char *rest_of(const char *path, const char *prefix) {
    size_t n = strlen(prefix);
    return path[n] == '/' ? path + n + 1 : path + n;
}

static char *join_rest(const char *dir, const char *rest) { return *rest ? path_join(dir, rest) : xstrdup(dir); }

static char *abs_from(const char *base, const char *p) {
    char *j = p[0] == '/' ? xstrdup(p) : path_join(base, p);
    char *c = load_clean_path(j);
    free(j);
    return c;
}

/* Module mode, non-GOROOT: the module providing path, longest prefix first. */
static Package *resolve_module(Loader *l, const char *path, char **err) {
    Module *mm = l->main;
    const char *best_mod = NULL;
    char *best_dir = NULL;
    const char *best_modroot = NULL, *best_hint = NULL;
    size_t best_len = 0;
#define CANDIDATE(modpath, rootdir)                                                        \
    do {                                                                                   \
        size_t len_ = strlen(modpath);                                                     \
        if (load_has_path_prefix(path, modpath) && (!best_mod || len_ > best_len)) {            \
            char *d_ = join_rest(rootdir, rest_of(path, modpath));                         \
            if (has_go_files(d_)) {                                                        \
                free(best_dir);                                                            \
                best_dir = d_, best_mod = modpath, best_len = len_;                        \
                best_modroot = rootdir, best_hint = modpath;                               \
            } else {                                                                       \
                free(d_);                                                                  \
            }                                                                              \
        }                                                                                  \
    } while (0)
    CANDIDATE(mm->path, mm->dir);
    for (size_t i = 0; i < mm->mod.nreplaces; i++) {
        ModReplace *r = &mm->mod.replaces[i];
        if (!load_has_path_prefix(path, r->old_path)) continue;
        char *root = r->new_version ? (l->modcache ? modcache_dir(l, r->new_path, r->new_version) : NULL)
                                    : abs_from(mm->dir, r->new_path);
        if (!root) continue;
        const char *iroot = load_lstr(l, root);
        free(root);
        CANDIDATE(r->old_path, iroot);
    }
    if (mm->vendored) {
        char *vd = path_join(mm->dir, "vendor");
        char *d = path_join(vd, path);
        if (!load_has_path_prefix(path, mm->path) && has_go_files(d)) {
            /* longest module in modules.txt gives the go version */
            const char *vm = NULL, *vgo = NULL;
            for (size_t i = 0; i < mm->vendor.nmods; i++)
                if (load_has_path_prefix(path, mm->vendor.mods[i].path) && (!vm || strlen(mm->vendor.mods[i].path) > strlen(vm)))
                    vm = mm->vendor.mods[i].path, vgo = mm->vendor.mods[i].go;
            Module *m = arena_alloc(&l->arena, sizeof *m);
            m->path = vm ? vm : path;
            m->dir = NULL;
            m->go_version = vgo ? vgo : "1.16";
            free(best_dir);
            free(vd);
            Package *p = load_pkg_get(l, path, d, m);
            free(d);
            return p;
        }
        free(vd);
        free(d);
    } else if (l->modcache) {
        for (size_t i = 0; i < mm->mod.nrequires; i++) {
            ModRequire *rq = &mm->mod.requires[i];
            bool replaced = false;
            for (size_t k = 0; k < mm->mod.nreplaces; k++)
                if (!strcmp(mm->mod.replaces[k].old_path, rq->path)) replaced = true;
            if (replaced || !load_has_path_prefix(path, rq->path)) continue;
            char *root = modcache_dir(l, rq->path, rq->version);
            const char *iroot = load_lstr(l, root);
            free(root);
            CANDIDATE(rq->path, iroot);
        }
    }
#undef CANDIDATE
    if (!best_mod) {
        *err = xasprintf("no required module provides package %s", path);
        return NULL;
    }
    Module *m = best_modroot == mm->dir ? mm : load_module_load(l, best_modroot, best_hint, err);
    if (!m) {
        free(best_dir);
        return NULL;
    }
    Package *p = load_pkg_get(l, path, best_dir, m);
    free(best_dir);
    return p;
}

/* GOPATH-style vendor search: from the importer's directory up to its
   source root, the nearest vendor/PATH wins. */
static Package *resolve_vendor(Loader *l, Package *from, const char *path) {
    const char *root = from->in->vendor_root;
    if (!root || !load_has_path_prefix(from->dir, root)) return NULL;
    char *d = xstrdup(from->dir);
    size_t rootn = strlen(root);
    Package *found = NULL;
    for (;;) {
        char *vd = xasprintf("%s/vendor/%s", d, path);
        if (is_dir(vd)) {
            const char *rel = d[rootn] == '/' ? d + rootn + 1 : d + rootn;
            char *ip = *rel ? xasprintf("%s/vendor/%s", rel, path) : xasprintf("vendor/%s", path);
            Module *m = from->in->mod;
            found = load_pkg_get(l, ip, vd, m);
            found->in->vendor_root = root;
            free(ip);
        }
        free(vd);
        if (found || strlen(d) <= rootn) break;
        *strrchr(d, '/') = 0;
    }
    free(d);
    return found;
}

static Package *goroot_pkg(Loader *l, const char *path) {
    char *d = path_join(l->goroot_src, path);
    Package *p = NULL;
    if (is_dir(d)) {
        bool cmd = load_has_path_prefix(path, "cmd");
        p = load_pkg_get(l, path, d, cmd ? l->cmd : l->std);
        p->in->vendor_root = l->goroot_src;
    }
    free(d);
    return p;
}

Package *load_resolve_import(Loader *l, Package *from, const char *path, char **err) {
    if (!strcmp(path, "C")) return NULL;
    Package *p;
    /* Vendor directories first. GOROOT never vendors standard paths, so
       skip the walk for those. */
    if (from && from->in->vendor_root && (l->gopath_mode || from->goroot) &&
        !(from->goroot && load_is_std_path(path))) {
        if ((p = resolve_vendor(l, from, path))) return p;
    }
    if ((p = ptrmap_get(&l->pkgs, load_lstr(l, path)))) return p;
    if (path[0] == '.' || path[0] == '/') {
        *err = xasprintf("local import \"%s\" in non-local package", path);
        return NULL;
    }
    if (load_is_std_path(path) && (p = goroot_pkg(l, path))) return p;
    if (l->gopath_mode) {
        for (size_t i = 0; i < l->ngopath; i++) {
            char *src = path_join(l->gopath[i], "src");
            char *d = path_join(src, path);
            if (is_dir(d)) {
                p = load_pkg_get(l, path, d, NULL);
                p->in->vendor_root = load_lstr(l, src);
            }
            free(d);
            free(src);
            if (p) return p;
        }
        *err = xasprintf("cannot find package \"%s\" in any of:\n\t%s/src/%s (from $GOROOT)", path, l->goroot, path);
        char *nl = strchr(*err, '\n');
        if (nl) *nl = 0; /* one line: the GOROOT candidate is enough */
        return NULL;
    }
    if (from && from->goroot) {
        *err = xasprintf("package %s is not in std (%s/src/%s)", path, l->goroot, path);
        return NULL;
    }
    if (!l->main) {
        if (load_is_std_path(path)) *err = xasprintf("package %s is not in std (%s/src/%s)", path, l->goroot, path);
        else *err = xasprintf("cannot find module providing package %s: go.mod file not found in current directory or any parent directory", path);
        return NULL;
    }
    if (l->main == l->std || l->main == l->cmd) {
        *err = xasprintf("package %s is not in std (%s/src/%s)", path, l->goroot, path);
        return NULL;
    }
    p = resolve_module(l, path, err);
    if (!p && load_is_std_path(path) && !load_has_path_prefix(path, l->main->path)) {
        free(*err);
        *err = xasprintf("package %s is not in std (%s/src/%s)", path, l->goroot, path);
    }
    return p;
}

static const char *rel_path(const char *dir, const char *root) {
    size_t n = strlen(root);
    return dir[n] == '/' ? dir + n + 1 : dir + n;
}

const char *load_dir_import_path(Loader *l, const char *dir, Module **mod, char **err) {
    *mod = NULL;
    if (load_has_path_prefix(dir, l->goroot_src) && strcmp(dir, l->goroot_src)) {
        bool cmd = load_has_path_prefix(dir, l->cmd->dir);
        *mod = cmd ? l->cmd : l->std;
        return load_lstr(l, rel_path(dir, l->goroot_src));
    }
    if (l->gopath_mode) {
        for (size_t i = 0; i < l->ngopath; i++) {
            char *src = path_join(l->gopath[i], "src");
            bool in = load_has_path_prefix(dir, src) && strcmp(dir, src);
            const char *r = in ? load_lstr(l, rel_path(dir, src)) : NULL;
            free(src);
            if (r) return r;
        }
        return load_lstrf(l, "_%s", dir); /* go's name for a directory outside GOPATH */
    }
    if (!l->main) {
        *err = xstrdup("go.mod file not found in current directory or any parent directory; see 'go help modules'");
        return NULL;
    }
    Module *mm = l->main;
    if (load_has_path_prefix(dir, mm->dir)) {
        /* A nested go.mod starts another module. */
        char *d = xstrdup(dir);
        bool nested = false;
        while (strlen(d) > strlen(mm->dir)) {
            char *g = path_join(d, "go.mod");
            nested = is_file(g);
            free(g);
            if (nested) break;
            *strrchr(d, '/') = 0;
        }
        free(d);
        if (nested) {
            *err = xasprintf("main module (%s) does not contain package in %s", mm->path, dir);
            return NULL;
        }
        *mod = mm;
        const char *r = rel_path(dir, mm->dir);
        if (mm == l->std) return load_lstr(l, r);
        return *r ? load_lstrf(l, "%s/%s", mm->path, r) : mm->path;
    }
    for (size_t i = 0; i < mm->mod.nreplaces; i++) {
        ModReplace *rp = &mm->mod.replaces[i];
        if (rp->new_version) continue;
        char *root = abs_from(mm->dir, rp->new_path);
        if (load_has_path_prefix(dir, root)) {
            *mod = load_module_load(l, root, rp->old_path, err);
            const char *r = rel_path(dir, root);
            const char *ip = *r ? load_lstrf(l, "%s/%s", rp->old_path, r) : load_lstr(l, rp->old_path);
            free(root);
            return *mod ? ip : NULL;
        }
        free(root);
    }
    *err = xasprintf("directory %s outside main module or its selected dependencies", dir);
    return NULL;
}
