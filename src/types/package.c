/* Packages: each owns the arena and constant pool of what checking it made. */
#include "types.h"
#include "base/bytes.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

Pkg *pkg_new(TypeContext *c, const char *path, const char *name) {
    Pkg *p = xcalloc(1, sizeof *p);
    arena_init(&p->arena);
    p->consts = const_pool_new();
    p->ctx = c;
    p->path = path ? intern_cstr(c->names, path) : NULL;
    p->name = name ? intern_cstr(c->names, name) : NULL;
    p->go_version = "";
    if (path) {
        char *comment = xasprintf("package %s", path);
        /* Parented by the universe but not linked as its child: the
           universe stays immutable once built. */
        p->scope = scope_new(&p->arena, NULL, NULL, NOPOS, NOPOS,
                             arena_strndup(&p->arena, comment, strlen(comment)));
        p->scope->parent = c->universe;
        free(comment);
    }
    if (c->npkgs == c->cappkgs) {
        c->cappkgs = c->cappkgs ? c->cappkgs * 2 : 16;
        c->pkgs = xrealloc(c->pkgs, c->cappkgs * sizeof *c->pkgs);
    }
    c->pkgs[c->npkgs++] = p;
    return p;
}

void pkg_reset(Pkg *p) {
    if (p->scope) {
        Scope *old = p->scope;
        p->scope = scope_new(&p->arena, NULL, NULL, NOPOS, NOPOS, old->comment);
        p->scope->parent = old->parent;
    }
    p->imports = NULL;
    p->nimports = 0;
    p->hidden = NULL;
    p->nhidden = 0;
    p->nobjs = 0;
    p->complete = false;
    p->go_version = "";
}

bool pkg_hides(const Pkg *p, const char *name) {
    ByteReader r;
    br_init(&r, p->hidden, p->nhidden);
    size_t want = strlen(name);
    for (uint64_t n = p->hidden ? br_uvar(&r) : 0; n > 0 && !r.bad; n--) {
        size_t len;
        const uint8_t *b = br_bytes(&r, &len);
        if (!r.bad && len == want && memcmp(b, name, len) == 0) return true;
    }
    return false;
}
