/* loader_deps: the import graph in go list -deps order. */
#include "loadint.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct DepWalk {
    Loader *l;
    PtrMap state;           /* Package -> (void*)1 visiting, (void*)2 done */
    Package **out;
    size_t len, cap;
} DepWalk;

#define VISITING ((void *)1)
#define DONE ((void *)2)

/* Imports the go command adds on its own (load.LinkerDeps and the simd
   bridge): they come after the written ones, as in go list -deps. */
static size_t implicit_imports(Loader *l, Package *p, const char *extra[6]) {
    size_t n = 0;
    const char *a = l->bc.goarch;
    bool simd = false;
    for (size_t i = 0; i < p->nimports; i++)
        if (!strcmp(p->imports[i], "simd")) simd = true;
    if (simd && (!strcmp(a, "amd64") || !strcmp(a, "arm64") || !strcmp(a, "wasm")))
        extra[n++] = "simd/internal/bridge";
    if (p->ncgo_files) { /* what cgo's generated code imports */
        const char *ip = p->import_path;
        bool rt_cgo = p->is_std && !strcmp(ip, "runtime/cgo");
        extra[n++] = "unsafe";
        if (!rt_cgo) extra[n++] = "runtime/cgo";
        if (!(p->is_std && (rt_cgo || !strcmp(ip, "runtime/race") || !strcmp(ip, "runtime/msan") ||
                            !strcmp(ip, "runtime/asan"))))
            extra[n++] = "syscall";
    }
    if (p->name && !strcmp(p->name, "main")) {
        extra[n++] = "runtime";
        if (!strcmp(a, "arm")) extra[n++] = "math"; /* soft float */
    }
    /* drop the ones already imported */
    size_t o = 0;
    for (size_t k = 0; k < n; k++) {
        bool dup = false;
        for (size_t i = 0; i < p->nimports && !dup; i++) dup = !strcmp(p->imports[i], extra[k]);
        for (size_t i = 0; i < o && !dup; i++) dup = !strcmp(extra[i], extra[k]);
        if (!dup) extra[o++] = extra[k];
    }
    return o;
}

static bool resolve_deps(Loader *l, Package *p) {
    if (p->in->deps_resolved) return true;
    const char *extra[6];
    size_t nextra = implicit_imports(l, p, extra);
    size_t n = p->nimports + nextra;
    Package **deps = arena_alloc(&l->arena, (n ? n : 1) * sizeof *deps);
    for (size_t i = 0; i < n; i++) {
        const char *path = i < p->nimports ? p->imports[i] : extra[i - p->nimports];
        char *err = NULL;
        Package *d = load_resolve_import(l, p, path, &err);
        if (!d) {
            fprintf(stderr, "goescape: package %s imports %s: %s\n", p->import_path, path,
                    err ? err : "cannot find package");
            free(err);
            return false;
        }
        if (d->in->state != PKG_OK) {
            char *e = load_pkg_error_line(d);
            fprintf(stderr, "goescape: package %s imports %s: %s\n", p->import_path, path, e);
            free(e);
            return false;
        }
        deps[i] = d;
    }
    p->deps = deps;
    p->ndeps = n;
    p->in->deps_resolved = true;
    return true;
}

static bool visit(DepWalk *w, Package *p) {
    void *st = ptrmap_get(&w->state, p);
    if (st == DONE) return true;
    if (st == VISITING) {
        fprintf(stderr, "goescape: import cycle not allowed: package %s imports itself\n", p->import_path);
        return false;
    }
    ptrmap_put(&w->state, p, VISITING);
    if (!resolve_deps(w->l, p)) return false;
    for (size_t i = 0; i < p->ndeps; i++) {
        Package *d = p->deps[i];
        if (ptrmap_get(&w->state, d) == VISITING) {
            fprintf(stderr, "goescape: import cycle not allowed: package %s imports %s\n", p->import_path,
                    d->import_path);
            return false;
        }
        if (!visit(w, d)) return false;
    }
    ptrmap_put(&w->state, p, DONE);
    if (w->len == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 64;
        w->out = xrealloc(w->out, w->cap * sizeof *w->out);
    }
    w->out[w->len++] = p;
    return true;
}

int loader_deps(Loader *l, Package **roots, size_t n, Package ***out, size_t *nout) {
    DepWalk w = {.l = l};
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) ok = visit(&w, roots[i]);
    ptrmap_free(&w.state);
    if (!ok) {
        free(w.out);
        *out = NULL;
        *nout = 0;
        return -1;
    }
    *out = w.out;
    *nout = w.len;
    return 0;
}
