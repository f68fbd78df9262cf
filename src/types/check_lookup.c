/* Field and method lookup (go/types LookupFieldOrMethod): a breadth-first
   search through embedded fields, depth by depth, where a name found twice
   at the same depth is ambiguous; methods of generic instances get their
   receiver's type arguments substituted. Also core types. */
#include "base/smallset.h"
#include "check.h"
#include "base/util.h"
#include <string.h>

typedef struct Entry { Type *type; bool indirect; } Entry;
typedef VEC(Entry) EntryVec;

static bool visible(Checker *c, const Object *o, const char *name) {
    return o->name == name && (obj_exported(o) || !o->pkg || o->pkg == c->pkg);
}

/* A method of interface it (its own or an embedded interface's). */
static Object *iface_method(Checker *c, InterfaceType *it, const char *name, int depth) {
    if (depth > 50) return NULL;
    for (uint32_t i = 0; i < it->methods.n; i++)
        if (visible(c, it->methods.v[i], name)) return it->methods.v[i];
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *u = type_under(it->embeddeds.v[i]);
        if (u && u->kind == TY_INTERFACE) {
            Object *m = iface_method(c, (InterfaceType *)u, name, depth + 1);
            if (m) return m;
        }
    }
    return NULL;
}

/* A method declared on the named type n, substituted for an instance. */
static bool named_method(Checker *c, NamedType *n, const char *name, Selection *s) {
    NamedType *o = n->orig ? n->orig : n;
    for (uint32_t i = 0; i < o->methods.n; i++) {
        Object *m = o->methods.v[i];
        if (!visible(c, m, name)) continue;
        s->obj = m;
        s->type = m->type;
        s->ptr_recv = m->flags & OF_PTR_RECV;
        if (n != o && m->type && m->type->kind == TY_SIGNATURE) {
            SignatureType *sig = (SignatureType *)m->type;
            s->type = check_subst(c, sig->rparams, n->targs, m->type);
        }
        return true;
    }
    return false;
}

static Type *bound_iface(Type *t) {
    Type *b = type_under(((TypeParamType *)t)->bound);
    return b && b->kind == TY_INTERFACE ? b : NULL;
}

Selection check_lookup_member(Checker *c, Type *t, const char *name) {
    Selection s = {0};
    t = type_unalias(t);
    if (!t || !name || (name[0] == '_' && !name[1])) return s;
    if (t->kind == TY_TYPEPARAM) {
        Type *b = bound_iface(t);
        if (b) s.obj = iface_method(c, (InterfaceType *)b, name, 0);
        if (s.obj) s.type = s.obj->type;
        return s;
    }
    if (t->kind == TY_NAMED) {
        /* a defined pointer type: the fields of its base type, no methods */
        Type *u = type_under(t);
        if (u && u->kind == TY_POINTER) {
            s = check_lookup_member(c, u, name);
            if (s.obj && s.obj->kind != OBJ_VAR) s = (Selection){0};
            return s;
        }
    }
    bool indirect = false;
    if (t->kind == TY_POINTER) {
        Type *e = type_unalias(((PointerType *)t)->elem);
        Type *eu = type_under(e);
        if (eu && eu->kind == TY_INTERFACE) return s;  /* no methods through *interface */
        t = e;
        indirect = true;
    }
    EntryVec cur = {0}, next = {0};
    SmallSet seen = {0};
    vec_push(&cur, ((Entry){t, indirect}));
    for (int depth = 0; cur.len && depth < 32; depth++) {
        int found = 0;
        Selection hit = {0};
        next.len = 0;
        for (size_t i = 0; i < cur.len; i++) {
            Entry e = cur.data[i];
            Type *typ = type_unalias(e.type);
            if (!typ) continue;
            if (typ->kind == TY_NAMED) {
                if (!smallset_add(&seen, typ)) continue;
                Selection m = {0};
                if (named_method(c, (NamedType *)typ, name, &m)) {
                    m.indirect = e.indirect;
                    hit = m;
                    found++;
                    continue;
                }
            }
            Type *u = type_under(typ);
            if (!u) continue;
            if (u->kind == TY_STRUCT) {
                StructType *st = (StructType *)u;
                for (uint32_t f = 0; f < st->fields.n; f++) {
                    Object *fo = st->fields.v[f];
                    if (visible(c, fo, name)) {
                        hit = (Selection){fo, fo->type, e.indirect, false};
                        found++;
                        continue;
                    }
                    if (!(fo->flags & OF_EMBEDDED) || !fo->type) continue;
                    Type *ft = type_unalias(fo->type);
                    bool ind = e.indirect;
                    if (ft && ft->kind == TY_POINTER) {
                        ft = ((PointerType *)ft)->elem;
                        ind = true;
                    }
                    vec_push(&next, ((Entry){ft, ind}));
                }
            } else if (u->kind == TY_INTERFACE) {
                Object *m = iface_method(c, (InterfaceType *)u, name, 0);
                if (m) {
                    hit = (Selection){m, m->type, e.indirect, false};
                    found++;
                }
            }
        }
        if (found) {
            if (found == 1) s = hit;
            break;
        }
        EntryVec tmp = cur;
        cur = next;
        next = tmp;
    }
    vec_free(&cur);
    vec_free(&next);
    smallset_free(&seen);
    return s;
}

/* The single underlying type of every type in an interface's type set. */
static Type *single_under(Type *t, Type *acc, bool *any, int depth) {
    Type *u = type_under(t);
    if (!u || depth > 50) return NULL;
    if (u->kind == TY_INTERFACE) {
        InterfaceType *it = (InterfaceType *)u;
        for (uint32_t i = 0; i < it->embeddeds.n; i++) {
            acc = single_under(it->embeddeds.v[i], acc, any, depth + 1);
            if (!acc && *any) return NULL;
        }
        return acc;
    }
    if (u->kind == TY_UNION) {
        UnionType *un = (UnionType *)u;
        for (uint32_t i = 0; i < un->n; i++) {
            acc = single_under(un->terms[i].type, acc, any, depth + 1);
            if (!acc) return NULL;
        }
        return acc;
    }
    if (u->kind == TY_TYPEPARAM) return NULL;
    if (*any && !type_identical(acc, u)) {
        return NULL;
    }
    *any = true;
    return u;
}

Type *check_core_type(Type *t) {
    Type *u = type_unalias(t);
    if (!u) return NULL;
    if (u->kind != TY_TYPEPARAM) return type_under(u);
    Type *b = ((TypeParamType *)u)->bound;
    if (!b) return NULL;
    Type *bu = type_under(b);
    if (!bu) return NULL;
    /* [F func(A)]: a constraint that is not an interface is the implicit
       interface{ func(A) } */
    if (bu->kind != TY_INTERFACE) return bu->kind == TY_TYPEPARAM || bu->kind == TY_UNION ? NULL : bu;
    bool any = false;
    Type *r = single_under(b, NULL, &any, 0);
    return any ? r : NULL;
}

/* Collects the underlying types of the terms of it's type set when that set
   is a plain union (no intersections); false otherwise. */
static bool collect_unders(Type *t, Type **out, uint32_t *n, uint32_t max, int depth) {
    Type *u = type_under(t);
    if (!u || depth > 50) return false;
    if (u->kind == TY_INTERFACE) {
        InterfaceType *it = (InterfaceType *)u;
        if (it->methods.n || it->embeddeds.n != 1) return false;
        return collect_unders(it->embeddeds.v[0], out, n, max, depth + 1);
    }
    if (u->kind == TY_UNION) {
        UnionType *un = (UnionType *)u;
        for (uint32_t i = 0; i < un->n; i++)
            if (!collect_unders(un->terms[i].type, out, n, max, depth + 1)) return false;
        return true;
    }
    if (u->kind == TY_TYPEPARAM || *n >= max) return false;
    out[(*n)++] = u;
    return true;
}

uint32_t check_type_set_unders(Type *t, Type **out, uint32_t max) {
    Type *u = type_unalias(t);
    if (!u || u->kind != TY_TYPEPARAM || !((TypeParamType *)u)->bound) return 0;
    uint32_t n = 0;
    return collect_unders(((TypeParamType *)u)->bound, out, &n, max, 0) ? n : 0;
}
