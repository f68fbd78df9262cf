/* Locations, holes and edges of one batch's data-flow graph. */
#include "escape/esc_int.h"
#include <string.h>

EscFnInfo *esc_fn_info(EscCtx *c, const IrFunc *fn) {
    if (!fn || fn->tag < 0 || (uint32_t)fn->tag >= c->nfns || c->fns[fn->tag]->fn != fn) return NULL;
    return c->fns[fn->tag];
}

bool esc_in_mutual_batch(EscCtx *c, const IrFunc *fn) {
    EscFnInfo *fi = esc_fn_info(c, fn);
    return fi && (fi->state == FN_PLANNED || fi->state == FN_STARTED);
}

IrVar *esc_canonical(const IrVar *v) {
    while (v && (v->flags & IRV_CLOSUREVAR) && v->outer) v = v->outer;
    return (IrVar *)v;
}

EscLoc *esc_var_loc(EscBatch *b, const IrVar *v) {
    v = esc_canonical(v);
    if (!v || v->tag < 0 || (uint32_t)v->tag >= b->nlocs) return NULL;
    EscLoc *l = b->locs[v->tag];
    return l->var == v ? l : NULL;
}

EscLoc *esc_new_loc(Esc *e, IrNode *n, IrVar *v, bool persists) {
    EscBatch *b = e->b;
    EscLoc *l = arena_alloc(&b->arena, sizeof *l);
    l->n = n;
    l->var = v;
    l->curfn = e->curfn;
    l->loopdepth = e->loopdepth;
    if (v && v->cls == IRC_PARAM) l->param = true;
    else if (v && v->cls == IRC_PARAMOUT) l->param_out = true;
    if (persists) l->attrs |= ATTR_PERSISTS;
    if (b->nlocs == b->caplocs) {
        uint32_t nc = b->caplocs ? b->caplocs * 2 : 64;
        b->locs = arena_realloc(&b->arena, b->locs, b->caplocs * sizeof *b->locs, nc * sizeof *b->locs);
        b->caplocs = nc;
    }
    l->id = b->nlocs;
    b->locs[b->nlocs++] = l;
    if (v) v->tag = (int32_t)l->id;
    return l;
}

EscHole esc_hole(EscLoc *l) { return (EscHole){.dst = l}; }
EscHole esc_heap_hole(EscBatch *b) { return esc_hole(&b->heap); }
EscHole esc_mutator_hole(EscBatch *b) { return esc_hole(&b->mutator); }
EscHole esc_callee_hole(EscBatch *b) { return esc_hole(&b->callee); }
EscHole esc_discard_hole(EscBatch *b) { return esc_hole(&b->blank); }

EscHole hole_note(EscBatch *b, EscHole k, IrNode *where, const char *why) {
    if (b->c->opt->m >= 1 && where) {
        EscNote *nt = arena_alloc(&b->arena, sizeof *nt);
        nt->next = k.notes;
        nt->where = where;
        nt->why = why;
        k.notes = nt;
    }
    return k;
}

EscHole hole_note_var(EscBatch *b, EscHole k, const IrVar *where, const char *why) {
    if (b->c->opt->m >= 1 && where) {
        EscNote *nt = arena_alloc(&b->arena, sizeof *nt);
        nt->next = k.notes;
        nt->wvar = where;
        nt->why = why;
        k.notes = nt;
    }
    return k;
}

EscHole hole_shift(EscHole k, int delta) {
    k.derefs += delta;
    if (k.derefs < -1) k.derefs = -1;
    k.addrtaken = delta < 0;
    return k;
}

EscHole hole_deref(EscBatch *b, EscHole k, IrNode *where, const char *why) {
    return hole_note(b, hole_shift(k, 1), where, why);
}

EscHole hole_addr(EscBatch *b, EscHole k, IrNode *where, const char *why) {
    return hole_note(b, hole_shift(k, -1), where, why);
}

EscHole hole_dottype(EscBatch *b, EscHole k, Type *t, IrNode *where, const char *why) {
    if (!esc_is_interface(t) && !esc_is_direct_iface(b->c, t)) k = hole_shift(k, 1);
    return hole_note(b, k, where, why);
}

void esc_flow(EscBatch *b, EscHole k, EscLoc *src) {
    if (k.addrtaken) src->addrtaken = true;
    EscLoc *dst = k.dst;
    if (dst == &b->blank) return;
    if (dst == src && k.derefs >= 0) return;
    if ((dst->attrs & ATTR_ESCAPES) && k.derefs < 0) {
        if (b->c->opt->m >= 2) {
            const SourceFile *f;
            Pos p;
            esc_loc_pos(src, &f, &p);
            StrBuf *sb = &b->c->sb2;
            sb_reset(sb);
            esc_fmt_node(b->c, sb, src->n);
            if (!src->n && src->var) sb_puts(sb, esc_var_name(b->c, src->var));
            esc_msg(b->c, EM_FLOW, f, p, src->curfn, src->n, src->var, "%s escapes to heap in %s:",
                    sb_cstr(sb), esc_func_name(src->curfn));
            esc_explain_flow(b, f, p, dst, src, k.derefs, k.notes, src->curfn);
        }
        if (b->c->opt->m >= 1 && !(src->attrs & ATTR_ESCAPES))
            esc_record_escape(b, NULL, src, dst, k.derefs, k.notes);
        src->attrs |= ATTR_ESCAPES | ATTR_PERSISTS | ATTR_MUTATES | ATTR_CALLS;
        return;
    }
    if (dst->nedges == dst->capedges) {
        uint32_t nc = dst->capedges ? dst->capedges * 2 : 4;
        dst->edges = arena_realloc(&b->arena, dst->edges, dst->capedges * sizeof *dst->edges,
                                   nc * sizeof *dst->edges);
        dst->capedges = nc;
    }
    dst->edges[dst->nedges++] = (EscEdge){.src = src, .derefs = k.derefs, .notes = k.notes};
}

EscHole esc_spill(Esc *e, EscHole k, IrNode *n) {
    EscLoc *l = esc_new_loc(e, n, NULL, false);
    esc_flow(e->b, hole_addr(e->b, k, n, "spill"), l);
    return esc_hole(l);
}

EscHole esc_tee(Esc *e, const EscHole *ks, uint32_t n) {
    if (n == 0) return esc_discard_hole(e->b);
    if (n == 1) return ks[0];
    EscLoc *l = esc_new_loc(e, NULL, NULL, false);
    for (uint32_t i = 0; i < n; i++) esc_flow(e->b, ks[i], l);
    return esc_hole(l);
}

EscHole esc_later(Esc *e, EscHole k) {
    EscLoc *l = esc_new_loc(e, NULL, NULL, true);
    esc_flow(e->b, k, l);
    return esc_hole(l);
}
