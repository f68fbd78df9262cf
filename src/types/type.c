/* Type constructors and the basic queries every later stage uses. */
#include "types.h"
#include "base/util.h"
#include <assert.h>

void *type_as_(const Type *t, TypeKind k) {
    assert(t && t->kind == k);
    (void)k;
    return (void *)t;
}

static void *new_type(Pkg *p, size_t size, TypeKind k) {
    Type *t = arena_alloc(&p->arena, size);
    t->kind = (uint8_t)k;
    return t;
}

static Type **copy_types(Pkg *p, Type **v, uint32_t n) {
    if (!n) return NULL;
    Type **c = arena_alloc_raw(&p->arena, n * sizeof *c);
    memcpy(c, v, n * sizeof *c);
    return c;
}

static ObjList copy_objs(Pkg *p, Object **v, uint32_t n) {
    ObjList l = {NULL, n, n};
    if (n) {
        l.v = arena_alloc_raw(&p->arena, n * sizeof *l.v);
        memcpy(l.v, v, n * sizeof *l.v);
    }
    return l;
}

Type *type_new_pointer(Pkg *p, Type *elem) {
    PointerType *t = new_type(p, sizeof *t, TY_POINTER);
    t->elem = elem;
    return &t->t;
}

Type *type_new_slice(Pkg *p, Type *elem) {
    SliceType *t = new_type(p, sizeof *t, TY_SLICE);
    t->elem = elem;
    return &t->t;
}

Type *type_new_array(Pkg *p, Type *elem, int64_t len) {
    ArrayType *t = new_type(p, sizeof *t, TY_ARRAY);
    t->elem = elem;
    t->len = len;
    return &t->t;
}

Type *type_new_map(Pkg *p, Type *key, Type *elem) {
    MapType *t = new_type(p, sizeof *t, TY_MAP);
    t->key = key;
    t->elem = elem;
    return &t->t;
}

Type *type_new_chan(Pkg *p, Type *elem, int dir) {
    ChanType *t = new_type(p, sizeof *t, TY_CHAN);
    t->elem = elem;
    t->dir = (uint8_t)dir;
    return &t->t;
}

Type *type_new_struct(Pkg *p, Object **fields, const char **tags, uint32_t n) {
    StructType *t = new_type(p, sizeof *t, TY_STRUCT);
    t->fields = copy_objs(p, fields, n);
    bool any = false;
    for (uint32_t i = 0; tags && i < n; i++) any |= tags[i] && tags[i][0];
    if (any) {
        t->tags = arena_alloc_raw(&p->arena, n * sizeof *t->tags);
        for (uint32_t i = 0; i < n; i++) t->tags[i] = tags[i] ? tags[i] : "";
    }
    return &t->t;
}

TupleType *type_new_tuple(Pkg *p, Object **vars, uint32_t n) {
    if (!n) return NULL;
    TupleType *t = new_type(p, sizeof *t, TY_TUPLE);
    t->vars = copy_objs(p, vars, n);
    return t;
}

uint32_t tuple_len(const TupleType *t) { return t ? t->vars.n : 0; }
Object *tuple_at(const TupleType *t, uint32_t i) { return t->vars.v[i]; }

SignatureType *type_new_signature(Pkg *p, Object *recv, TupleType *params, TupleType *results,
                                  bool variadic) {
    SignatureType *t = new_type(p, sizeof *t, TY_SIGNATURE);
    t->recv = recv;
    t->params = params;
    t->results = results;
    t->variadic = variadic;
    return t;
}

InterfaceType *type_new_interface(Pkg *p, Object **methods, uint32_t nmethods, Type **embeddeds,
                                  uint32_t nembeddeds) {
    InterfaceType *t = new_type(p, sizeof *t, TY_INTERFACE);
    t->methods = copy_objs(p, methods, nmethods);
    t->embeddeds = (TypeList){copy_types(p, embeddeds, nembeddeds), nembeddeds};
    return t;
}

Type *type_new_union(Pkg *p, const Term *terms, uint32_t n) {
    UnionType *t = new_type(p, sizeof *t, TY_UNION);
    t->terms = arena_alloc_raw(&p->arena, (n ? n : 1) * sizeof *t->terms);
    if (n) memcpy(t->terms, terms, n * sizeof *terms);
    t->n = n;
    return &t->t;
}

NamedType *type_new_named(Pkg *p, Object *obj, Type *underlying) {
    NamedType *t = new_type(p, sizeof *t, TY_NAMED);
    t->obj = obj;
    t->orig = t;
    t->fromrhs = underlying;
    if (underlying) type_named_set_underlying(t, underlying);
    if (obj && !obj->type) obj->type = &t->t;
    return t;
}

void type_named_set_underlying(NamedType *n, Type *underlying) {
    n->underlying = underlying;
    n->t.flags |= TF_COMPLETE;
}

void type_named_add_method(Pkg *p, NamedType *n, Object *fn) {
    ObjList *l = &n->methods;
    if (l->n == l->cap) {
        uint32_t nc = l->cap ? l->cap * 2 : 4;
        l->v = arena_realloc(&p->arena, l->v, l->cap * sizeof *l->v, nc * sizeof *l->v);
        l->cap = nc;
    }
    l->v[l->n++] = fn;
}

TypeParamType *type_new_typeparam(Pkg *p, Object *obj, Type *bound) {
    TypeParamType *t = new_type(p, sizeof *t, TY_TYPEPARAM);
    t->obj = obj;
    t->bound = bound;
    if (obj && !obj->type) obj->type = &t->t;
    return t;
}

AliasType *type_new_alias(Pkg *p, Object *obj, Type *rhs) {
    AliasType *t = new_type(p, sizeof *t, TY_ALIAS);
    t->obj = obj;
    t->orig = t;
    t->fromrhs = rhs;
    if (rhs) t->actual = type_unalias(rhs);
    if (obj && !obj->type) obj->type = &t->t;
    return t;
}

Type *type_unalias(Type *t) {
    /* Bounded: alias cycles are reported by the checker and then leave
       actual NULL, which ends the walk. */
    while (t && t->kind == TY_ALIAS) {
        AliasType *a = (AliasType *)t;
        if (a->actual) return a->actual;
        t = a->fromrhs;
    }
    return t;
}

Type *type_under(Type *t) {
    t = type_unalias(t);
    if (t && t->kind == TY_NAMED) t = ((NamedType *)t)->underlying;
    return t;
}

int type_basic_kind(Type *t) {
    t = type_under(t);
    return t && t->kind == TY_BASIC ? ((BasicType *)t)->bkind : -1;
}

bool type_has_info(Type *t, unsigned binfo) {
    t = type_under(t);
    return t && t->kind == TY_BASIC && (((BasicType *)t)->info & binfo) == binfo;
}

bool type_is_typed(Type *t) {
    t = type_unalias(t);
    return !(t && t->kind == TY_BASIC && (((BasicType *)t)->info & BINFO_UNTYPED));
}

bool type_is_interface(Type *t) {
    t = type_unalias(t);
    if (!t || t->kind == TY_TYPEPARAM) return false;
    t = type_under(t);
    return t && t->kind == TY_INTERFACE;
}

/* Memoized in Type.memo, with relaxed atomics: threads that race compute
   the same answer. Only called once types are complete (escape analysis,
   shapes), so an unresolved underlying type is never remembered. */
enum { NIH_KNOWN = 1, NIH_YES = 2 };

static bool not_in_heap(Type *t, int depth) {
    t = type_unalias(t);
    if (!t || depth > 64) return false;
    uint16_t memo = __atomic_load_n(&t->memo, __ATOMIC_RELAXED);
    if (memo & NIH_KNOWN) return memo & NIH_YES;
    bool yes = false;
    switch (t->kind) {
    case TY_NAMED: {
        NamedType *n = (NamedType *)t;
        const Object *o = n->obj;
        if (o && o->pkg && o->name && strcmp(o->name, "nih") == 0 && o->pkg->path &&
            strcmp(o->pkg->path, "internal/runtime/sys") == 0)
            yes = true;
        else
            yes = n->underlying && not_in_heap(n->underlying, depth + 1);
        break;
    }
    case TY_ARRAY: yes = not_in_heap(((ArrayType *)t)->elem, depth + 1); break;
    case TY_STRUCT: {
        StructType *st = (StructType *)t;
        for (uint32_t i = 0; i < st->fields.n && !yes; i++) yes = not_in_heap(st->fields.v[i]->type, depth + 1);
        break;
    }
    default: break;
    }
    __atomic_store_n(&t->memo, (uint16_t)(NIH_KNOWN | (yes ? NIH_YES : 0)), __ATOMIC_RELAXED);
    return yes;
}

bool type_not_in_heap(Type *t) { return not_in_heap(t, 0); }

Type *type_default(TypeContext *c, Type *t) {
    Type *u = type_unalias(t);
    if (!u || u->kind != TY_BASIC) return t;
    switch (((BasicType *)u)->bkind) {
    case BK_UNTYPED_BOOL: return &c->typ[BK_BOOL]->t;
    case BK_UNTYPED_INT: return &c->typ[BK_INT]->t;
    case BK_UNTYPED_RUNE: return c->rune_type;
    case BK_UNTYPED_FLOAT: return &c->typ[BK_FLOAT64]->t;
    case BK_UNTYPED_COMPLEX: return &c->typ[BK_COMPLEX128]->t;
    case BK_UNTYPED_STRING: return &c->typ[BK_STRING]->t;
    default: return t;
    }
}
