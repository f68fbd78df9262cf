/* Assignability of typed values (go/types assignableTo), for the places
   that accept a value of another type: comparisons of an interface with a
   concrete value, channels of different direction, a defined type with its
   literal underlying type. Anything uncertain answers false, so that the
   caller leaves the operand unknown rather than claiming a type. */
#include "check.h"

/* Whether v has every method of the interface it (and of the interfaces
   it embeds), with identical signatures. False for constraint interfaces. */
static bool has_methods(Checker *c, Type *v, InterfaceType *it, int depth) {
    if (depth > 50) return false;
    for (uint32_t i = 0; i < it->methods.n; i++) {
        Object *m = it->methods.v[i];
        Selection s = check_lookup_member(c, v, m->name);
        if (!s.obj || s.obj->kind != OBJ_FUNC || !s.type || !m->type) return false;
        /* a pointer-receiver method is not in the method set of a value */
        if (s.ptr_recv && !s.indirect) {
            Type *u = type_unalias(v);
            if (!u || u->kind != TY_POINTER) return false;
        }
        if (!type_identical(s.type, m->type)) return false;
    }
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *e = type_unalias(it->embeddeds.v[i]);
        Type *u = type_under(e);
        if (!u || u->kind != TY_INTERFACE || (e->kind != TY_NAMED && e->kind != TY_INTERFACE)) return false;
        if (!has_methods(c, v, (InterfaceType *)u, depth + 1)) return false;
    }
    return true;
}

static bool is_named(Type *t) {
    t = type_unalias(t);
    return t && (t->kind == TY_NAMED || t->kind == TY_BASIC || t->kind == TY_TYPEPARAM);
}

bool check_assignable(Checker *c, Type *v, Type *t) {
    if (!v || !t || !type_is_typed(v) || !type_is_typed(t)) return false;
    if (type_identical(v, t)) return true;
    Type *va = type_unalias(v), *ta = type_unalias(t);
    if (!va || !ta || va->kind == TY_TYPEPARAM || ta->kind == TY_TYPEPARAM) return false;
    Type *vu = type_under(v), *tu = type_under(t);
    if (!vu || !tu) return false;
    if ((!is_named(v) || !is_named(t)) && type_identical(vu, tu)) return true;
    if (tu->kind == TY_INTERFACE) return has_methods(c, v, (InterfaceType *)tu, 0);
    if (vu->kind == TY_CHAN && tu->kind == TY_CHAN && ((ChanType *)vu)->dir == CHAN_BOTH &&
        (!is_named(v) || !is_named(t)))
        return type_identical(((ChanType *)vu)->elem, ((ChanType *)tu)->elem);
    return false;
}
