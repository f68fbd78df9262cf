/* Queries the ir stage needs beyond the checker's records: the embedded-field
   path of a selector. A breadth-first search by depth like the checker's
   member lookup, remembering how each candidate was reached. */
#include "base/smallset.h"
#include "types.h"
#include "base/ptrmap.h"
#include "base/util.h"
#include "base/vec.h"
#include <stdlib.h>
#include <string.h>

typedef struct PathEntry {
    Type *type;         /* type searched at this entry (pointer stripped) */
    bool ptr;           /* reached through a pointer */
    int32_t parent;     /* entry index, -1 for the root */
    Object *field;      /* embedded field leading here from parent */
    int32_t index;
} PathEntry;

static bool same_member(const Object *o, const Object *target) {
    if (o == target) return true;
    if (!o || !target || o->kind != target->kind || o->name != target->name) return false;
    /* methods of generic instances: compare origins */
    if (o->kind == OBJ_FUNC && o->u.origin && o->u.origin == target->u.origin) return true;
    /* fields of generic instances are substituted copies: same name and
       package (a name is unique at its depth in a checked selector) */
    if (o->kind == OBJ_VAR && o->pkg == target->pkg) return true;
    return false;
}

static bool iface_has(InterfaceType *it, const Object *target, int depth) {
    if (depth > 50) return false;
    if (it->tset) {
        for (uint32_t i = 0; i < it->tset->methods.n; i++)
            if (same_member(it->tset->methods.v[i], target)) return true;
    }
    for (uint32_t i = 0; i < it->methods.n; i++)
        if (same_member(it->methods.v[i], target)) return true;
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *u = type_under(it->embeddeds.v[i]);
        if (u && u->kind == TY_INTERFACE && iface_has((InterfaceType *)u, target, depth + 1))
            return true;
    }
    return false;
}

static bool named_has(NamedType *n, const Object *target) {
    NamedType *o = n->orig ? n->orig : n;
    for (uint32_t i = 0; i < o->methods.n; i++)
        if (same_member(o->methods.v[i], target)) return true;
    for (uint32_t i = 0; o != n && i < n->methods.n; i++)
        if (same_member(n->methods.v[i], target)) return true;
    return false;
}

bool types_selection_path(Type *t, const Object *target, Arena *a, TypesSelection *out) {
    memset(out, 0, sizeof *out);
    out->index = -1;
    t = type_unalias(t);
    if (!t || !target) return false;
    bool ptr = false;
    if (t->kind == TY_POINTER) {
        t = type_unalias(((PointerType *)t)->elem);
        ptr = true;
    }
    VEC(PathEntry) ents = {0};
    SmallSet seen = {0};
    vec_push(&ents, ((PathEntry){t, ptr, -1, NULL, -1}));
    size_t lo = 0, hi = 1;
    int32_t hit = -1, hit_index = -1;
    for (int depth = 0; lo < hi && depth < 32 && hit < 0; depth++) {
        for (size_t i = lo; i < hi && hit < 0; i++) {
            PathEntry e = ents.data[i];
            Type *typ = type_unalias(e.type);
            if (!typ) continue;
            if (typ->kind == TY_NAMED) {
                if (!smallset_add(&seen, typ)) continue;
                if (target->kind == OBJ_FUNC && named_has((NamedType *)typ, target)) {
                    hit = (int32_t)i;
                    break;
                }
            }
            Type *u = type_under(typ);
            if (!u) continue;
            if (u->kind == TY_STRUCT) {
                StructType *st = (StructType *)u;
                for (uint32_t f = 0; f < st->fields.n; f++) {
                    Object *fo = st->fields.v[f];
                    if (target->kind == OBJ_VAR && same_member(fo, target)) {
                        hit = (int32_t)i;
                        hit_index = (int32_t)f;
                        break;
                    }
                    if (!(fo->flags & OF_EMBEDDED) || !fo->type) continue;
                    Type *ft = type_unalias(fo->type);
                    bool ind = false;
                    if (ft && ft->kind == TY_POINTER) {
                        ft = type_unalias(((PointerType *)ft)->elem);
                        ind = true;
                    }
                    vec_push(&ents, ((PathEntry){ft, ind, (int32_t)i, fo, (int32_t)f}));
                }
            } else if (u->kind == TY_INTERFACE && target->kind == OBJ_FUNC) {
                if (iface_has((InterfaceType *)u, target, 0)) hit = (int32_t)i;
            } else if (u->kind == TY_INTERFACE && target->kind == OBJ_VAR) {
                continue;
            }
        }
        lo = hi;
        hi = ents.len;
    }
    bool ok = hit >= 0;
    if (ok) {
        uint32_t n = 0;
        for (int32_t k = hit; ents.data[k].parent >= 0; k = ents.data[k].parent) n++;
        out->nsteps = n;
        out->steps = n ? arena_alloc(a, n * sizeof *out->steps) : NULL;
        uint32_t j = n;
        for (int32_t k = hit; ents.data[k].parent >= 0; k = ents.data[k].parent) {
            PathEntry *pe = &ents.data[ents.data[k].parent];
            out->steps[--j] = (TypesSelStep){ents.data[k].field, ents.data[k].index, pe->ptr};
        }
        out->index = hit_index;
        out->ptr = ents.data[hit].ptr;
        out->recv = ents.data[hit].type;
        out->recv_ptr = ents.data[hit].ptr;
    }
    vec_free(&ents);
    smallset_free(&seen);
    return ok;
}

static Object *iface_method_named(InterfaceType *it, const Object *im, int depth) {
    if (depth > 50) return NULL;
    if (it->tset) {
        for (uint32_t i = 0; i < it->tset->methods.n; i++)
            if (it->tset->methods.v[i]->name == im->name) return it->tset->methods.v[i];
        return NULL;
    }
    for (uint32_t i = 0; i < it->methods.n; i++)
        if (it->methods.v[i]->name == im->name) return it->methods.v[i];
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *u = type_under(it->embeddeds.v[i]);
        Object *m = u && u->kind == TY_INTERFACE ? iface_method_named((InterfaceType *)u, im, depth + 1) : NULL;
        if (m) return m;
    }
    return NULL;
}

/* Depth by depth, as go/types' lookup: a method of the named types met
   (their own), else their structs' embedded fields one level down. Not
   check_lookup's walk: that one needs a Checker (instantiation, the
   checked package's visibility, case folding) and runs before IR exists. */
Object *types_concrete_method(Type *t, const Object *im) {
    if (!t || !im || !im->name) return NULL;
    t = type_unalias(t);
    if (t->kind == TY_POINTER) t = type_unalias(((PointerType *)t)->elem);
    typedef VEC(Type *) TypeVec;
    TypeVec cur = {0}, next = {0};
    SmallSet seen = {0};
    vec_push(&cur, t);
    Object *hit = NULL;
    int found = 0;
    for (int depth = 0; cur.len && depth < 32 && !found; depth++) {
        next.len = 0;
        for (size_t i = 0; i < cur.len; i++) {
            Type *typ = type_unalias(cur.data[i]);
            if (!typ) continue;
            if (typ->kind == TY_NAMED) {
                if (!smallset_add(&seen, typ)) continue;
                NamedType *nt = (NamedType *)typ;
                NamedType *o = nt->orig ? nt->orig : nt;
                Object *m = NULL;
                for (uint32_t k = 0; k < o->methods.n && !m; k++) {
                    Object *x = o->methods.v[k];
                    if (x->name == im->name && (obj_exported(x) || x->pkg == im->pkg)) m = x;
                }
                if (m) {
                    hit = m;
                    found++;
                    continue;
                }
            }
            Type *u = type_under(typ);
            if (u && u->kind == TY_INTERFACE && depth > 0) {
                /* an embedded interface: gc's partial devirtualization */
                Object *m = iface_method_named((InterfaceType *)u, im, 0);
                if (m) {
                    hit = m;
                    found++;
                }
                continue;
            }
            if (!u || u->kind != TY_STRUCT) continue;
            StructType *st = (StructType *)u;
            for (uint32_t f = 0; f < st->fields.n; f++) {
                Object *fo = st->fields.v[f];
                if (fo->name == im->name) found += 2;   /* a field hides it: no method */
                if (!(fo->flags & OF_EMBEDDED) || !fo->type) continue;
                Type *ft = type_unalias(fo->type);
                if (ft && ft->kind == TY_POINTER) ft = ((PointerType *)ft)->elem;
                vec_push(&next, ft);
            }
        }
        TypeVec tmp = cur;
        cur = next;
        next = tmp;
    }
    vec_free(&cur);
    vec_free(&next);
    smallset_free(&seen);
    return found == 1 ? hit : NULL;
}

/* ----------------------------------------------------- full method sets */

/* A name met at one depth: how often, and what. */
typedef struct MsetHit {
    const char *name;
    const Pkg *pkg;         /* unexported names: their package */
    Object *m;              /* NULL: a field */
    uint32_t count;
    uint8_t embedded;
    bool generic;
} MsetHit;

static const Pkg *name_pkg(const Object *o) { return obj_exported(o) ? NULL : o->pkg; }

static MsetHit *mset_find(MsetHit *v, size_t n, const Object *o) {
    const Pkg *p = name_pkg(o);
    for (size_t i = 0; i < n; i++)
        if (v[i].name == o->name && v[i].pkg == p) return &v[i];
    return NULL;
}

typedef struct MsetLevel {
    Type *t;
    bool ptr, generic;
    bool multi;             /* reached more than once at this depth: its names are ambiguous */
} MsetLevel;

typedef VEC(MsetLevel) LevelVec;

/* A name found at this depth (methods and fields alike). */
static void mset_hit(MsetHit **v, size_t *n, size_t *cap, const MsetHit *done, size_t ndone, Object *o,
                     const MsetLevel *lv, uint8_t embedded, bool generic) {
    if (mset_find((MsetHit *)done, ndone, o)) return;
    MsetHit *h = mset_find(*v, *n, o);
    if (h) {
        h->count++;
        return;
    }
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = (MsetHit){o->name, name_pkg(o), o->kind == OBJ_FUNC ? o : NULL, lv->multi ? 2 : 1, embedded,
                             generic};
}

typedef VEC(Object *) ObjVec;

static void iface_all_methods(InterfaceType *it, ObjVec *out, int depth) {
    if (depth > 50) return;
    if (it->tset) {
        for (uint32_t i = 0; i < it->tset->methods.n; i++) vec_push(out, it->tset->methods.v[i]);
        return;
    }
    for (uint32_t i = 0; i < it->methods.n; i++) vec_push(out, it->methods.v[i]);
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *u = type_under(it->embeddeds.v[i]);
        if (u && u->kind == TY_INTERFACE) iface_all_methods((InterfaceType *)u, out, depth + 1);
    }
}

static int method_order(const void *a, const void *b) {
    const Object *x = ((const TypesMethod *)a)->m, *y = ((const TypesMethod *)b)->m;
    bool ex = obj_exported(x), ey = obj_exported(y);
    if (ex != ey) return ex ? -1 : 1;
    int c = strcmp(x->name, y->name);
    if (c || ex) return c;
    const char *px = x->pkg && x->pkg->path ? x->pkg->path : "", *py = y->pkg && y->pkg->path ? y->pkg->path : "";
    return strcmp(px, py);
}

TypesMethod *types_method_set(Type *t, uint32_t *n) {
    *n = 0;
    t = t ? type_unalias(t) : NULL;
    if (!t || (t->kind != TY_NAMED && t->kind != TY_STRUCT)) return NULL;
    LevelVec cur = {0}, next = {0};
    VEC(MsetHit) done = {0};
    MsetHit *hits = NULL;
    size_t nhits = 0, caphits = 0;
    VEC(TypesMethod) out = {0};
    SmallSet seen = {0};
    ObjVec ms = {0};
    vec_push(&cur, ((MsetLevel){t, false, false, false}));
    for (int depth = 0; cur.len && depth < 32; depth++) {
        next.len = 0;
        nhits = 0;
        for (size_t i = 0; i < cur.len; i++) {
            MsetLevel lv = cur.data[i];
            Type *typ = type_unalias(lv.t);
            if (!typ) continue;
            bool generic = lv.generic;
            uint8_t emb = (uint8_t)(depth == 0 ? 0 : lv.ptr ? 2 : 1);
            if (typ->kind == TY_NAMED) {
                if (!smallset_add(&seen, typ)) continue;
                NamedType *nt = (NamedType *)typ;
                NamedType *o = nt->orig ? nt->orig : nt;
                if (nt->targs.n || o->tparams.n) generic = true;
                for (uint32_t k = 0; k < o->methods.n; k++)
                    mset_hit(&hits, &nhits, &caphits, done.data, done.len, o->methods.v[k], &lv, emb, generic);
            }
            Type *u = type_under(typ);
            if (u && u->kind == TY_INTERFACE) {
                ms.len = 0;
                iface_all_methods((InterfaceType *)u, &ms, 0);
                for (size_t k = 0; k < ms.len; k++)
                    mset_hit(&hits, &nhits, &caphits, done.data, done.len, ms.data[k], &lv, emb, generic);
                continue;
            }
            if (!u || u->kind != TY_STRUCT) continue;
            StructType *st = (StructType *)u;
            for (uint32_t f = 0; f < st->fields.n; f++) {
                Object *fo = st->fields.v[f];
                if (fo->name) mset_hit(&hits, &nhits, &caphits, done.data, done.len, fo, &lv, emb, generic);
                if (!(fo->flags & OF_EMBEDDED) || !fo->type) continue;
                Type *ft = type_unalias(fo->type);
                bool ptr = lv.ptr;
                if (ft && ft->kind == TY_POINTER) {
                    ft = type_unalias(((PointerType *)ft)->elem);
                    ptr = true;
                }
                bool dup = false;
                for (size_t k = 0; k < next.len && !dup; k++)
                    if (next.data[k].t == ft) {
                        next.data[k].multi = true;
                        dup = true;
                    }
                if (!dup) vec_push(&next, ((MsetLevel){ft, ptr, generic, lv.multi}));
            }
        }
        /* what this depth found hides the same names further down */
        for (size_t i = 0; i < nhits; i++) {
            MsetHit *h = &hits[i];
            if (h->m && h->count == 1) vec_push(&out, ((TypesMethod){h->m, h->embedded, h->generic}));
            vec_push(&done, *h);
        }
        LevelVec tmp = cur;
        cur = next;
        next = tmp;
    }
    vec_free(&cur);
    vec_free(&next);
    vec_free(&done);
    vec_free(&ms);
    free(hits);
    smallset_free(&seen);
    if (out.len > 1) qsort(out.data, out.len, sizeof *out.data, method_order);
    *n = (uint32_t)out.len;
    return out.data;
}
