/* Instances of generic defined types: one instance per origin and type
   arguments (so recursive types like List[T] with a *List[T] field end),
   whose underlying type is the origin's with the type parameters replaced. */
#include "check.h"
#include "base/util.h"
#include <string.h>

typedef struct Subst {
    Checker *c;
    TypeList from, to;
} Subst;

static Type *subst(Subst *s, Type *t);

static Object *subst_var(Subst *s, Object *v, bool *changed) {
    Type *t = subst(s, v->type);
    if (t == v->type) return v;
    *changed = true;
    Object *n = obj_new_var(s->c->pkg, (VarKind)v->var_kind, v->file, v->pos, v->name, t);
    n->flags = v->flags;
    n->pkg = v->pkg;
    n->u.origin = v->u.origin;
    return n;
}

static TupleType *subst_tuple(Subst *s, TupleType *t, bool *changed) {
    uint32_t n = tuple_len(t);
    if (!n) return t;
    Object **v = xmalloc(n * sizeof *v);
    bool ch = false;
    for (uint32_t i = 0; i < n; i++) v[i] = subst_var(s, t->vars.v[i], &ch);
    TupleType *r = ch ? type_new_tuple(s->c->pkg, v, n) : t;
    free(v);
    *changed |= ch;
    return r;
}

static SignatureType *subst_sig(Subst *s, SignatureType *sig) {
    bool ch = false;
    TupleType *ps = subst_tuple(s, sig->params, &ch), *rs = subst_tuple(s, sig->results, &ch);
    if (!ch) return sig;
    SignatureType *n = type_new_signature(s->c->pkg, sig->recv, ps, rs, sig->variadic);
    n->scope = sig->scope;
    n->tparams = sig->tparams;
    n->rparams = sig->rparams;
    return n;
}

static Type *subst_struct(Subst *s, StructType *st) {
    uint32_t n = st->fields.n;
    if (!n) return &st->t;
    Object **v = xmalloc(n * sizeof *v);
    bool ch = false;
    for (uint32_t i = 0; i < n; i++) v[i] = subst_var(s, st->fields.v[i], &ch);
    Type *r = ch ? type_new_struct(s->c->pkg, v, st->tags, n) : &st->t;
    free(v);
    return r;
}

static Type *subst_interface(Subst *s, InterfaceType *it) {
    uint32_t nm = it->methods.n, ne = it->embeddeds.n;
    Object **ms = xmalloc((nm + 1) * sizeof *ms);
    Type **es = xmalloc((ne + 1) * sizeof *es);
    bool ch = false;
    for (uint32_t i = 0; i < nm; i++) {
        Object *m = it->methods.v[i];
        SignatureType *sig = subst_sig(s, (SignatureType *)m->type);
        ms[i] = m;
        if (&sig->t != m->type) {
            ch = true;
            ms[i] = obj_new(s->c->pkg, OBJ_FUNC, m->file, m->pos, m->name, &sig->t);
            ms[i]->pkg = m->pkg;
        }
    }
    for (uint32_t i = 0; i < ne; i++) {
        es[i] = subst(s, it->embeddeds.v[i]);
        ch |= es[i] != it->embeddeds.v[i];
    }
    Type *r = &it->t;
    if (ch) {
        InterfaceType *n = type_new_interface(s->c->pkg, ms, nm, es, ne);
        n->implicit = it->implicit;
        r = &n->t;
    }
    free(ms);
    free(es);
    return r;
}

static Type *subst_targs(Subst *s, Type *t, TypeList targs, Type *orig) {
    Type **v = xmalloc(targs.n * sizeof *v);
    bool ch = false;
    for (uint32_t i = 0; i < targs.n; i++) {
        v[i] = subst(s, targs.v[i]);
        ch |= v[i] != targs.v[i];
    }
    Type *r = ch ? check_instantiate(s->c, orig, v, targs.n, NOPOS) : t;
    free(v);
    return r;
}

static Type *subst(Subst *s, Type *t) {
    if (!t) return t;
    Pkg *p = s->c->pkg;
    switch (t->kind) {
    case TY_TYPEPARAM:
        for (uint32_t i = 0; i < s->from.n; i++)
            if (s->from.v[i] == t) return s->to.v[i];
        return t;
    case TY_POINTER: {
        Type *e = subst(s, ((PointerType *)t)->elem);
        return e == ((PointerType *)t)->elem ? t : type_new_pointer(p, e);
    }
    case TY_SLICE: {
        Type *e = subst(s, ((SliceType *)t)->elem);
        return e == ((SliceType *)t)->elem ? t : type_new_slice(p, e);
    }
    case TY_ARRAY: {
        ArrayType *a = (ArrayType *)t;
        Type *e = subst(s, a->elem);
        return e == a->elem ? t : type_new_array(p, e, a->len);
    }
    case TY_MAP: {
        MapType *m = (MapType *)t;
        Type *k = subst(s, m->key), *e = subst(s, m->elem);
        return k == m->key && e == m->elem ? t : type_new_map(p, k, e);
    }
    case TY_CHAN: {
        ChanType *ch = (ChanType *)t;
        Type *e = subst(s, ch->elem);
        return e == ch->elem ? t : type_new_chan(p, e, ch->dir);
    }
    case TY_STRUCT: return subst_struct(s, (StructType *)t);
    case TY_SIGNATURE: return &subst_sig(s, (SignatureType *)t)->t;
    case TY_INTERFACE: return subst_interface(s, (InterfaceType *)t);
    case TY_UNION: {
        UnionType *u = (UnionType *)t;
        Term *terms = xmalloc((u->n + 1) * sizeof *terms);
        bool ch = false;
        for (uint32_t i = 0; i < u->n; i++) {
            terms[i] = u->terms[i];
            terms[i].type = subst(s, u->terms[i].type);
            ch |= terms[i].type != u->terms[i].type;
        }
        Type *r = ch ? type_new_union(p, terms, u->n) : t;
        free(terms);
        return r;
    }
    case TY_NAMED: {
        NamedType *n = (NamedType *)t;
        return n->targs.n ? subst_targs(s, t, n->targs, &n->orig->t) : t;
    }
    case TY_ALIAS: {
        AliasType *a = (AliasType *)t;
        return a->targs.n ? subst_targs(s, t, a->targs, &a->orig->t) : t;
    }
    default: return t;
    }
}

bool check_instance_resolve(Checker *c, NamedType *inst) {
    if (inst->underlying) return true;
    NamedType *orig = inst->orig;
    if (!orig->underlying) return false;
    /* Resolving is eager: an instantiation cycle (List[T] holding a
       *List[List[T]]) would make ever larger instances. Past this depth
       the instance stays invalid; check_mono reports the cycle. */
    if (c->resolve_depth >= 64) {
        type_named_set_underlying(inst, c->invalid);
        return true;
    }
    c->resolve_depth++;
    Subst s = {c, orig->tparams, inst->targs};
    type_named_set_underlying(inst, subst(&s, orig->underlying));
    c->resolve_depth--;
    return true;
}

NamedType *check_instance_lookup(Checker *c, NamedType *orig, Type **targs, uint32_t n) {
    for (size_t i = 0; i < c->instances.len; i++) {
        NamedType *inst = c->instances.data[i];
        if (inst->orig != orig || inst->targs.n != n) continue;
        uint32_t k = 0;
        while (k < n && type_identical(inst->targs.v[k], targs[k])) k++;
        if (k == n) return inst;
    }
    return NULL;
}

Type *check_subst(Checker *c, TypeList from, TypeList to, Type *t) {
    if (!from.n || from.n != to.n) return t;
    Subst s = {c, from, to};
    return subst(&s, t);
}
