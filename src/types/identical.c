/* Type identity (go/types' identical) and a hash consistent with it. */
#include "types.h"
#include "base/util.h"
#include <stdlib.h>

/* Comparison state: type parameters of two generic signatures being
   compared are matched by position; interface pairs under comparison are
   assumed identical to cut cycles through method signatures. */
typedef struct Pair { const Type *x, *y; } Pair;
typedef struct Cmp {
    bool ignore_tags;
    Pair *pairs;
    size_t npairs, cappairs;
} Cmp;

static bool ident(Cmp *c, Type *x, Type *y);

static bool push_pair(Cmp *c, const Type *x, const Type *y) {
    for (size_t i = 0; i < c->npairs; i++)
        if (c->pairs[i].x == x && c->pairs[i].y == y) return false;
    if (c->npairs == c->cappairs) {
        c->cappairs = c->cappairs ? c->cappairs * 2 : 8;
        c->pairs = xrealloc(c->pairs, c->cappairs * sizeof *c->pairs);
    }
    c->pairs[c->npairs++] = (Pair){x, y};
    return true;
}

/* Objects' Id equality: same name, and same package unless exported. */
static bool same_id(const Object *a, const Object *b) {
    if (a->name != b->name) return false;
    return obj_exported(a) || a->pkg == b->pkg;
}

static bool ident_tuple(Cmp *c, TupleType *x, TupleType *y) {
    uint32_t n = tuple_len(x);
    if (n != tuple_len(y)) return false;
    for (uint32_t i = 0; i < n; i++)
        if (!ident(c, x->vars.v[i]->type, y->vars.v[i]->type)) return false;
    return true;
}

static bool ident_struct(Cmp *c, StructType *x, StructType *y) {
    if (x->fields.n != y->fields.n) return false;
    for (uint32_t i = 0; i < x->fields.n; i++) {
        Object *f = x->fields.v[i], *g = y->fields.v[i];
        if ((f->flags & OF_EMBEDDED) != (g->flags & OF_EMBEDDED)) return false;
        if (!c->ignore_tags) {
            const char *ft = x->tags ? x->tags[i] : "", *gt = y->tags ? y->tags[i] : "";
            if (strcmp(ft, gt) != 0) return false;
        }
        if (!same_id(f, g) || !ident(c, f->type, g->type)) return false;
    }
    return true;
}

static bool ident_signature(Cmp *c, SignatureType *x, SignatureType *y) {
    if (x->tparams.n != y->tparams.n || x->variadic != y->variadic) return false;
    size_t mark = c->npairs;
    /* Generic signatures: y's type parameters stand for x's, by position. */
    for (uint32_t i = 0; i < x->tparams.n; i++) push_pair(c, x->tparams.v[i], y->tparams.v[i]);
    bool ok = true;
    for (uint32_t i = 0; ok && i < x->tparams.n; i++)
        ok = ident(c, ((TypeParamType *)x->tparams.v[i])->bound, ((TypeParamType *)y->tparams.v[i])->bound);
    ok = ok && ident_tuple(c, x->params, y->params) && ident_tuple(c, x->results, y->results);
    c->npairs = mark;
    return ok;
}

/* Method lists equal as sets, by Id and identical signature. */
static bool same_methods(Cmp *c, ObjList a, ObjList b) {
    if (a.n != b.n) return false;
    for (uint32_t i = 0; i < a.n; i++) {
        uint32_t j = 0;
        while (j < b.n && !same_id(a.v[i], b.v[j])) j++;
        if (j == b.n || !ident(c, a.v[i]->type, b.v[j]->type)) return false;
    }
    return true;
}

static bool same_terms(Cmp *c, const Term *a, uint32_t na, const Term *b, uint32_t nb) {
    if (na != nb) return false;
    for (uint32_t i = 0; i < na; i++) {
        uint32_t j = 0;
        while (j < nb && !(a[i].tilde == b[j].tilde && ident(c, a[i].type, b[j].type))) j++;
        if (j == nb) return false;
    }
    return true;
}

static bool ident_interface(Cmp *c, InterfaceType *x, InterfaceType *y) {
    size_t mark = c->npairs;
    if (!push_pair(c, &x->t, &y->t)) return true;  /* already under comparison */
    bool ok;
    if (x->tset && y->tset) {
        TypeSet *a = x->tset, *b = y->tset;
        ok = a->comparable == b->comparable && a->all_terms == b->all_terms &&
             same_terms(c, a->terms, a->nterms, b->terms, b->nterms) && same_methods(c, a->methods, b->methods);
    } else {
        ok = same_methods(c, x->methods, y->methods) && x->embeddeds.n == y->embeddeds.n;
        for (uint32_t i = 0; ok && i < x->embeddeds.n; i++) ok = ident(c, x->embeddeds.v[i], y->embeddeds.v[i]);
    }
    c->npairs = mark;
    return ok;
}

static bool ident(Cmp *c, Type *x, Type *y) {
    if (x == y) return true;
    if (!x || !y) return false;
    x = type_unalias(x);
    y = type_unalias(y);
    if (x == y) return true;
    if (!x || !y) return false;
    if (x->kind == TY_TYPEPARAM && y->kind == TY_TYPEPARAM) {
        for (size_t i = 0; i < c->npairs; i++)
            if (c->pairs[i].x == x && c->pairs[i].y == y) return true;
        return false;
    }
    if (x->kind != y->kind) return false;
    switch (x->kind) {
    case TY_BASIC: return ((BasicType *)x)->bkind == ((BasicType *)y)->bkind;
    case TY_ARRAY:
        return ((ArrayType *)x)->len == ((ArrayType *)y)->len && ident(c, ((ArrayType *)x)->elem, ((ArrayType *)y)->elem);
    case TY_SLICE: return ident(c, ((SliceType *)x)->elem, ((SliceType *)y)->elem);
    case TY_POINTER: return ident(c, ((PointerType *)x)->elem, ((PointerType *)y)->elem);
    case TY_STRUCT: return ident_struct(c, (StructType *)x, (StructType *)y);
    case TY_TUPLE: return ident_tuple(c, (TupleType *)x, (TupleType *)y);
    case TY_SIGNATURE: return ident_signature(c, (SignatureType *)x, (SignatureType *)y);
    case TY_UNION: {
        UnionType *a = (UnionType *)x, *b = (UnionType *)y;
        return same_terms(c, a->terms, a->n, b->terms, b->n);
    }
    case TY_INTERFACE: return ident_interface(c, (InterfaceType *)x, (InterfaceType *)y);
    case TY_MAP:
        return ident(c, ((MapType *)x)->key, ((MapType *)y)->key) && ident(c, ((MapType *)x)->elem, ((MapType *)y)->elem);
    case TY_CHAN:
        return ((ChanType *)x)->dir == ((ChanType *)y)->dir && ident(c, ((ChanType *)x)->elem, ((ChanType *)y)->elem);
    case TY_NAMED: {
        /* distinct defined types differ; instances of one origin compare arguments */
        NamedType *a = (NamedType *)x, *b = (NamedType *)y;
        if (!a->targs.n || a->orig != b->orig || a->targs.n != b->targs.n) return false;
        for (uint32_t i = 0; i < a->targs.n; i++)
            if (!ident(c, a->targs.v[i], b->targs.v[i])) return false;
        return true;
    }
    default: return false;
    }
}

bool type_identical(Type *x, Type *y) {
    Cmp c = {0};
    bool r = ident(&c, x, y);
    free(c.pairs);
    return r;
}

bool type_identical_ignore_tags(Type *x, Type *y) {
    Cmp c = {.ignore_tags = true};
    bool r = ident(&c, x, y);
    free(c.pairs);
    return r;
}

/* ------------------------------------------------------------------- hash */

static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h * 0xFF51AFD7ED558CCDull;
}

static uint64_t ptr_hash(const void *p) { return mix(0x51, (uint64_t)(uintptr_t)p); }

/* Everything type_identical may equate must hash equal: so type parameters
   hash by their index only (generic signatures match them by position) and
   interfaces by their kind only (their identity depends on computed type
   sets). */
uint64_t type_hash(Type *t) {
    t = type_unalias(t);
    if (!t) return 0;
    uint64_t h = mix(0, t->kind + 1);
    switch (t->kind) {
    case TY_BASIC: return mix(h, ((BasicType *)t)->bkind);
    case TY_ARRAY: return mix(mix(h, (uint64_t)((ArrayType *)t)->len), type_hash(((ArrayType *)t)->elem));
    case TY_SLICE: return mix(h, type_hash(((SliceType *)t)->elem));
    case TY_POINTER: return mix(h, type_hash(((PointerType *)t)->elem));
    case TY_STRUCT: {
        StructType *s = (StructType *)t;
        for (uint32_t i = 0; i < s->fields.n; i++)
            h = mix(mix(h, ptr_hash(s->fields.v[i]->name)), type_hash(s->fields.v[i]->type));
        return mix(h, s->fields.n);
    }
    case TY_TUPLE: {
        TupleType *tu = (TupleType *)t;
        for (uint32_t i = 0; i < tu->vars.n; i++) h = mix(h, type_hash(tu->vars.v[i]->type));
        return h;
    }
    case TY_SIGNATURE: {
        SignatureType *s = (SignatureType *)t;
        h = mix(mix(h, s->variadic), s->tparams.n);
        h = mix(h, type_hash((Type *)s->params));
        return mix(h, type_hash((Type *)s->results));
    }
    case TY_UNION: return mix(h, ((UnionType *)t)->n);
    case TY_INTERFACE: return h;
    case TY_MAP: return mix(mix(h, type_hash(((MapType *)t)->key)), type_hash(((MapType *)t)->elem));
    case TY_CHAN: return mix(mix(h, ((ChanType *)t)->dir), type_hash(((ChanType *)t)->elem));
    case TY_NAMED: {
        NamedType *n = (NamedType *)t;
        if (!n->targs.n) return mix(h, ptr_hash(n));
        h = mix(h, ptr_hash(n->orig));
        for (uint32_t i = 0; i < n->targs.n; i++) h = mix(h, type_hash(n->targs.v[i]));
        return h;
    }
    case TY_TYPEPARAM: return mix(h, ((TypeParamType *)t)->index);
    default: return h;
    }
}
