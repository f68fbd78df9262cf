/* Generic instances for the ir stage: the type arguments of each
   instantiated function signature (recorded while checking) and type
   substitution after checking (the shaped bodies the ir stage lowers). */
#include "check.h"
#include "base/util.h"
#include <string.h>

void check_record_instance(Checker *c, SignatureType *inst, Type *const *targs, uint32_t n) {
    if (!c->info || !inst || !n) return;
    TypeInfo *ti = c->info;
    TypeList *l = arena_alloc(&ti->arena, sizeof *l);
    l->v = arena_alloc(&ti->arena, n * sizeof *l->v);
    memcpy(l->v, targs, n * sizeof *l->v);
    l->n = n;
    ptrmap_put(&ti->instances, inst, l);
}

const TypeList *types_instance_targs(const TypeInfo *ti, const Type *sig) {
    if (!ti || !sig) return NULL;
    return ptrmap_get(&ti->instances, sig);
}

Type *types_subst(Pkg *p, TypeList from, TypeList to, Type *t) {
    if (!t || !from.n || from.n != to.n) return t;
    Checker c;
    memset(&c, 0, sizeof c);
    c.ctx = p->ctx;
    c.pkg = p;
    c.quiet = true;
    c.invalid = &p->ctx->typ[BK_INVALID]->t;
    arena_init(&c.arena);
    Type *r = check_subst(&c, from, to, t);
    vec_free(&c.objs);
    vec_free(&c.methods);
    vec_free(&c.pending);
    vec_free(&c.path);
    vec_free(&c.instances);
    ptrmap_free(&c.base_methods);
    arena_free(&c.arena);
    return r;
}

static bool has_tparams(Type *t, int depth) {
    if (!t || depth > 64) return false;
    switch ((TypeKind)t->kind) {
    case TY_TYPEPARAM: return true;
    case TY_BASIC: return false;
    case TY_POINTER: return has_tparams(((PointerType *)t)->elem, depth + 1);
    case TY_SLICE: return has_tparams(((SliceType *)t)->elem, depth + 1);
    case TY_ARRAY: return has_tparams(((ArrayType *)t)->elem, depth + 1);
    case TY_CHAN: return has_tparams(((ChanType *)t)->elem, depth + 1);
    case TY_MAP:
        return has_tparams(((MapType *)t)->key, depth + 1) || has_tparams(((MapType *)t)->elem, depth + 1);
    case TY_STRUCT: {
        StructType *st = (StructType *)t;
        for (uint32_t i = 0; i < st->fields.n; i++)
            if (has_tparams(st->fields.v[i]->type, depth + 1)) return true;
        return false;
    }
    case TY_TUPLE: {
        TupleType *tt = (TupleType *)t;
        for (uint32_t i = 0; i < tt->vars.n; i++)
            if (has_tparams(tt->vars.v[i]->type, depth + 1)) return true;
        return false;
    }
    case TY_SIGNATURE: {
        SignatureType *s = (SignatureType *)t;
        return (s->params && has_tparams(&s->params->t, depth + 1)) ||
               (s->results && has_tparams(&s->results->t, depth + 1));
    }
    case TY_INTERFACE: {
        InterfaceType *it = (InterfaceType *)t;
        for (uint32_t i = 0; i < it->methods.n; i++)
            if (has_tparams(it->methods.v[i]->type, depth + 1)) return true;
        for (uint32_t i = 0; i < it->embeddeds.n; i++)
            if (has_tparams(it->embeddeds.v[i], depth + 1)) return true;
        return false;
    }
    case TY_UNION: {
        UnionType *u = (UnionType *)t;
        for (uint32_t i = 0; i < u->n; i++)
            if (has_tparams(u->terms[i].type, depth + 1)) return true;
        return false;
    }
    case TY_NAMED: {
        NamedType *n = (NamedType *)t;
        for (uint32_t i = 0; i < n->targs.n; i++)
            if (has_tparams(n->targs.v[i], depth + 1)) return true;
        return false;
    }
    case TY_ALIAS: {
        AliasType *a = (AliasType *)t;
        for (uint32_t i = 0; i < a->targs.n; i++)
            if (has_tparams(a->targs.v[i], depth + 1)) return true;
        return a->actual && a->actual != t && has_tparams(a->actual, depth + 1);
    }
    }
    return false;
}

bool types_has_tparams(Type *t) { return has_tparams(t, 0); }
