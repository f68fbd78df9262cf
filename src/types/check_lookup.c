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

/* ASCII case folding only: go/types folds Unicode (an identifier outside
   ASCII that differs only in case gets the plain "has no field" text). */
static bool equal_fold(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) return false;
    }
    return *a == *b;
}

/* fold: go/types' lookup for error messages, which ignores case and
   packages (an unexported name of another package is then found). */
static bool visible(Checker *c, const Object *o, const char *name, bool fold) {
    return fold ? equal_fold(o->name, name) : check_same_id(c, o, name);
}

bool check_same_id(Checker *c, const Object *o, const char *name) {
    return o->name == name && (obj_exported(o) || !o->pkg || o->pkg == c->pkg);
}

/* A method of interface it (its own or an embedded interface's). */
static Object *iface_method(Checker *c, InterfaceType *it, const char *name, int depth, bool fold) {
    if (depth > 50) return NULL;
    for (uint32_t i = 0; i < it->methods.n; i++)
        if (visible(c, it->methods.v[i], name, fold)) return it->methods.v[i];
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *u = type_under(it->embeddeds.v[i]);
        if (u && u->kind == TY_INTERFACE) {
            Object *m = iface_method(c, (InterfaceType *)u, name, depth + 1, fold);
            if (m) return m;
        }
    }
    return NULL;
}

/* A method declared on the named type n, substituted for an instance. */
static bool named_method(Checker *c, NamedType *n, const char *name, Selection *s, bool fold) {
    NamedType *o = n->orig ? n->orig : n;
    for (uint32_t i = 0; i < o->methods.n; i++) {
        Object *m = o->methods.v[i];
        if (!visible(c, m, name, fold)) continue;
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

static Selection lookup(Checker *c, Type *t, const char *name, bool fold) {
    Selection s = {0};
    t = type_unalias(t);
    if (!t || !name || (name[0] == '_' && !name[1])) return s;
    if (t->kind == TY_TYPEPARAM) {
        Type *b = bound_iface(t);
        if (b) s.obj = iface_method(c, (InterfaceType *)b, name, 0, fold);
        if (s.obj) s.type = s.obj->type;
        return s;
    }
    if (t->kind == TY_NAMED) {
        /* a defined pointer type: the fields of its base type, no methods */
        Type *u = type_under(t);
        if (u && u->kind == TY_POINTER) {
            s = lookup(c, u, name, fold);
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
                if (named_method(c, (NamedType *)typ, name, &m, fold)) {
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
                    if (visible(c, fo, name, fold)) {
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
                Object *m = iface_method(c, (InterfaceType *)u, name, 0, fold);
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

Selection check_lookup_member(Checker *c, Type *t, const char *name) { return lookup(c, t, name, false); }

Object *check_lookup_alt(Checker *c, Type *t, const char *name) { return lookup(c, t, name, true).obj; }

/* The first character of s dropped (go/types' tail). */
static const char *tail(const char *s) {
    if (!*s) return s;
    s++;
    while ((*s & 0xC0) == 0x80) s++;
    return s;
}

void check_lookup_error(Checker *c, StrBuf *b, Type *t, const char *sel, const Object *alt, bool lit) {
    enum { MISSING, MISSPELLED, UNEXPORTED, INACCESSIBLE } e = MISSING;
    const char *an = alt ? alt->name : NULL;
    if (alt) {
        bool sx = name_exported(sel), ax = obj_exported(alt);
        if (alt->pkg == c->pkg) e = MISSPELLED;
        else if (sx) e = ax ? MISSPELLED : strcmp(tail(sel), tail(an)) == 0 ? UNEXPORTED : MISSING;
        else if (ax) e = strcmp(tail(sel), tail(an)) == 0 ? MISSPELLED : MISSING;
        else if (strcmp(sel, an) == 0) e = INACCESSIBLE;
    }
    StrBuf ts = {0};
    check_type_write(c, &ts, t);
    if (lit) {
        switch (e) {
        case MISSING: sb_printf(b, "unknown field %s in struct literal of type %s", sel, sb_cstr(&ts)); break;
        case MISSPELLED: sb_printf(b, "unknown field %s in struct literal of type %s, but does have %s", sel, sb_cstr(&ts), an); break;
        case UNEXPORTED:
            sb_printf(b, "unknown field %s in struct literal of type %s, but does have unexported %s", sel, sb_cstr(&ts), an);
            break;
        case INACCESSIBLE: sb_printf(b, "cannot refer to unexported field %s in struct literal of type %s", an, sb_cstr(&ts)); break;
        }
    } else {
        const char *what = !alt ? "object" : alt->kind == OBJ_VAR ? "field" : alt->kind == OBJ_FUNC ? "method" : "object";
        switch (e) {
        case MISSING: sb_printf(b, "type %s has no field or method %s", sb_cstr(&ts), sel); break;
        case MISSPELLED: sb_printf(b, "type %s has no field or method %s, but does have %s %s", sb_cstr(&ts), sel, what, an); break;
        case UNEXPORTED:
            sb_printf(b, "type %s has no field or method %s, but does have unexported %s %s", sb_cstr(&ts), sel, what, an);
            break;
        case INACCESSIBLE: sb_printf(b, "cannot refer to unexported %s %s", what, an); break;
        }
    }
    sb_free(&ts);
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
