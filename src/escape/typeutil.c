/* Type questions escape analysis asks: pointers, pointer-shapedness, sizes. */
#include "escape/esc_int.h"
#include <stdlib.h>

bool esc_is_kind(Type *t, TypeKind k) {
    if (!t) return false;
    Type *u = type_under(t);
    return u && u->kind == k;
}

bool esc_is_basic(Type *t, BasicKind k) { return t && type_basic_kind(t) == (int)k; }

bool esc_is_interface(Type *t) { return t && type_is_interface(t); }

Type *esc_elem(Type *t) {
    if (!t) return NULL;
    Type *u = type_under(t);
    switch (u->kind) {
    case TY_SLICE: return AS_SLICE(u)->elem;
    case TY_ARRAY: return AS_ARRAY(u)->elem;
    case TY_POINTER: return AS_POINTER(u)->elem;
    case TY_CHAN: return AS_CHAN(u)->elem;
    case TY_MAP: return AS_MAP(u)->elem;
    default: return NULL;
    }
}

bool esc_has_pointers(EscCtx *c, Type *t) {
    if (!t) return true;
    Type *u = type_under(t);
    switch (u->kind) {
    case TY_BASIC: {
        int k = AS_BASIC(u)->bkind;
        return k == BK_STRING || k == BK_UNSAFE_POINTER || k == BK_UNTYPED_NIL ||
               k == BK_UNTYPED_STRING || k == BK_INVALID;
    }
    case TY_ARRAY: {
        ArrayType *a = AS_ARRAY(u);
        return a->len != 0 && esc_has_pointers(c, a->elem);
    }
    case TY_STRUCT: {
        StructType *s = AS_STRUCT(u);
        for (uint32_t i = 0; i < s->fields.n; i++)
            if (esc_has_pointers(c, s->fields.v[i]->type)) return true;
        return false;
    }
    case TY_TUPLE: {
        TupleType *tt = (TupleType *)u;
        for (uint32_t i = 0; i < tuple_len(tt); i++)
            if (esc_has_pointers(c, tuple_at(tt, i)->type)) return true;
        return false;
    }
    case TY_POINTER:
        /* gc's PtrDataSize: a pointer to a not-in-heap type is no pointer */
        return !type_not_in_heap(AS_POINTER(u)->elem);
    default:
        return true;
    }
}

int64_t esc_sizeof(EscCtx *c, Type *t) {
    if (!t || !c->sizes) return 0;
    Type *u = type_under(t);
    if (u->kind == TY_TYPEPARAM || u->kind == TY_TUPLE) return 8;
    if (u->kind == TY_BASIC && (AS_BASIC(u)->info & BINFO_UNTYPED)) return 8;
    return type_sizeof(c->sizes, t);
}

/* Bytes of t up to and including its last pointer word. */
static int64_t ptrdata(EscCtx *c, Type *t) {
    Type *u = type_under(t);
    switch (u->kind) {
    case TY_BASIC: {
        int k = AS_BASIC(u)->bkind;
        return (k == BK_STRING || k == BK_UNSAFE_POINTER) ? 8 : 0;
    }
    case TY_POINTER:
        return type_not_in_heap(AS_POINTER(u)->elem) ? 0 : 8;
    case TY_CHAN: case TY_MAP: case TY_SIGNATURE: case TY_SLICE:
        return 8;
    case TY_INTERFACE:
        return 16;
    case TY_TYPEPARAM:
        return 0;   /* shapes of type parameters: assume not pointer-shaped */
    case TY_ARRAY: {
        ArrayType *a = AS_ARRAY(u);
        if (a->len <= 0 || !esc_has_pointers(c, a->elem)) return 0;
        return (a->len - 1) * esc_sizeof(c, a->elem) + ptrdata(c, a->elem);
    }
    case TY_STRUCT: {
        StructType *s = AS_STRUCT(u);
        if (s->fields.n == 0) return 0;
        int64_t small[16];
        int64_t *off = s->fields.n <= 16 ? small : malloc(sizeof *off * s->fields.n);
        type_offsetsof(c->sizes, s, off);
        int64_t r = 0;
        for (uint32_t i = 0; i < s->fields.n; i++)
            if (esc_has_pointers(c, s->fields.v[i]->type))
                r = off[i] + ptrdata(c, s->fields.v[i]->type);
        if (off != small) free(off);
        return r;
    }
    default:
        return 8;
    }
}

bool esc_is_direct_iface(EscCtx *c, Type *t) {
    if (!t) return false;
    return esc_sizeof(c, t) == 8 && ptrdata(c, t) == 8;
}
