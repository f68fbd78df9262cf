/* TypeInfo records on disk (see types.h): a version byte, the records in
   node order (index delta, which records, then each record), then the
   instances (signature, type arguments). */
#include "check.h"
#include "export.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

enum { INFO_VERSION = 1 };
enum { R_EXPR = 1, R_VAL = 2, R_DEF = 4, R_DEFNONE = 8, R_USE = 16 };

void types_info_write(ByteBuf *out, const TypeInfo *info, const Node *const *nodes, size_t n,
                      const SerRefs *refs) {
    ByteBuf recs = {0};
    PtrMap inst = {0};
    const Type **instv = NULL;
    size_t ninst = 0, capinst = 0, nrec = 0, last = 0;
    for (size_t i = 0; i < n; i++) {
        const ExprInfo *e;
        void *def;
        Object *use;
        info_get(info, nodes[i], &e, &def, &use);
        if (!e && !def && !use) continue;
        uint8_t what = (uint8_t)((e ? R_EXPR : 0) | (e && e->val ? R_VAL : 0) | (use ? R_USE : 0) |
                                 (def == TYPES_DEF_NONE ? R_DEFNONE : def ? R_DEF : 0));
        bb_uvar(&recs, i - last);
        last = i;
        nrec++;
        bb_u8(&recs, what);
        if (e) {
            bb_u8(&recs, e->mode);
            bb_uvar(&recs, refs->type(refs->data, e->type));
            if (e->val) refs->cnst(refs->data, &recs, e->val);
            /* the instances lowering asks for are those of recorded types */
            if (e->type && !ptrmap_get(&inst, e->type) && ptrmap_get(&info->instances, e->type)) {
                ptrmap_put(&inst, e->type, (void *)1);
                if (ninst == capinst) {
                    capinst = capinst ? 2 * capinst : 16;
                    instv = xrealloc(instv, capinst * sizeof *instv);
                }
                instv[ninst++] = e->type;
            }
        }
        if (what & R_DEF) bb_uvar(&recs, refs->obj(refs->data, def));
        if (use) bb_uvar(&recs, refs->obj(refs->data, use));
    }
    bb_u8(out, INFO_VERSION);
    bb_uvar(out, nrec);
    bb_put(out, recs.data, recs.len);
    bb_uvar(out, ninst);
    for (size_t i = 0; i < ninst; i++) {
        const TypeList *l = ptrmap_get(&info->instances, instv[i]);
        bb_uvar(out, refs->type(refs->data, (Type *)instv[i]));
        bb_uvar(out, l->n);
        for (uint32_t k = 0; k < l->n; k++) bb_uvar(out, refs->type(refs->data, l->v[k]));
    }
    bb_free(&recs);
    ptrmap_free(&inst);
    free(instv);
}

static Type *r_type(ByteReader *r, const DeRefs *refs, bool nullok) {
    uint64_t k = br_uvar(r);
    if (r->bad) return NULL;
    Type *t = k && k <= UINT32_MAX ? refs->type(refs->data, (uint32_t)k) : NULL;
    if (!t && (k || !nullok)) r->bad = true;
    return t;
}

static Object *r_obj(ByteReader *r, const DeRefs *refs) {
    uint64_t k = br_uvar(r);
    if (r->bad) return NULL;
    Object *o = k && k <= UINT32_MAX ? refs->obj(refs->data, (uint32_t)k) : NULL;
    if (!o) r->bad = true;
    return o;
}

bool types_info_read(ByteReader *r, TypeInfo *info, Node *const *nodes, size_t n, const DeRefs *refs) {
    if (br_u8(r) != INFO_VERSION) return false;
    uint64_t nrec = br_uvar(r);
    if (nrec > (uint64_t)(r->end - r->p) || nrec > n) r->bad = true;
    uint64_t idx = 0;
    for (uint64_t i = 0; i < nrec && !r->bad; i++) {
        idx += br_uvar(r);
        uint8_t what = br_u8(r);
        if (idx >= n || (what & ~(R_EXPR | R_VAL | R_DEF | R_DEFNONE | R_USE)) ||
            ((what & R_VAL) && !(what & R_EXPR)) || ((what & R_DEF) && (what & R_DEFNONE)) || !what) {
            r->bad = true;
            break;
        }
        Node *node = nodes[idx];
        if (what & R_EXPR) {
            ExprInfo e;
            e.mode = br_u8(r);
            e.type = r_type(r, refs, true);
            e.val = (what & R_VAL) && !r->bad ? refs->cnst(refs->data, r) : NULL;
            if ((what & R_VAL) && !e.val) r->bad = true;
            if (e.mode > EM_VALUE) r->bad = true;
            if (!r->bad) info_set(info, node, &e, NULL, NULL);
        }
        if (what & R_DEF) {
            Object *o = r_obj(r, refs);
            if (!r->bad) info_set(info, node, NULL, o, NULL);
        }
        if (what & R_DEFNONE) info_set(info, node, NULL, TYPES_DEF_NONE, NULL);
        if (what & R_USE) {
            Object *o = r_obj(r, refs);
            if (!r->bad) info_set(info, node, NULL, NULL, o);
        }
    }
    uint64_t ninst = r->bad ? 0 : br_uvar(r);
    if (ninst > (uint64_t)(r->end - r->p)) r->bad = true;
    for (uint64_t i = 0; i < ninst && !r->bad; i++) {
        Type *sig = r_type(r, refs, false);
        uint64_t k = br_uvar(r);
        if (k > (uint64_t)(r->end - r->p)) r->bad = true;
        if (r->bad) break;
        TypeList *l = arena_alloc(&info->arena, sizeof *l);
        l->n = (uint32_t)k;
        l->v = arena_alloc(&info->arena, (k ? k : 1) * sizeof *l->v);
        for (uint64_t j = 0; j < k && !r->bad; j++) l->v[j] = r_type(r, refs, false);
        if (!r->bad) ptrmap_put(&info->instances, sig, l);
    }
    return !r->bad;
}
