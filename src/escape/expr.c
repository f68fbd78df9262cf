/* Expressions: how each value flows into its evaluation context (hole). */
#include "escape/esc_int.h"
#include <string.h>

bool esc_name_is_var(EscCtx *c, const IrNode *n) {
    (void)c;
    return n && n->op == IR_NAME && !(n->flags & IRF_FUNCNAME) && n->u.var;
}

bool esc_is_blank(EscCtx *c, const IrNode *n) {
    if (!n || n->op != IR_NAME || (n->flags & IRF_FUNCNAME)) return false;
    const IrVar *v = n->u.var;
    if (!v) return true;
    if (v->flags & IRV_BLANK) return true;
    return v->name && v->name[0] == '_' && v->name[1] == 0;
}

void esc_discard(Esc *e, IrNode *n) { esc_expr(e, esc_discard_hole(e->b), n); }

void esc_discards(Esc *e, const IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) esc_discard(e, l->v[i]);
}

void esc_expr(Esc *e, EscHole k, IrNode *n) {
    if (!n) return;
    esc_stmts(e, &n->init);
    esc_expr_skip_init(e, k, n);
}

/* uintptr arithmetic under unsafe.Pointer(...): find the pointers it came from. */
void esc_unsafe_value(Esc *e, EscHole k, IrNode *n) {
    if (!n) return;
    EscBatch *b = e->b;
    esc_stmts(e, &n->init);
    switch (n->op) {
    case IR_CONV: case IR_CONVNOP:
        if (n->x && esc_is_basic(n->x->type, BK_UNSAFE_POINTER)) esc_expr(e, k, n->x);
        else esc_discard(e, n->x);
        break;
    case IR_DOTPTR: {
        /* reflect.SliceHeader/StringHeader .Data */
        bool hdr = false;
        if (n->sel && n->sel->name && strcmp(n->sel->name, "Data") == 0 && n->x) {
            Type *pt = esc_elem(n->x->type);
            if (pt && pt->kind == TY_NAMED) {
                Object *o = AS_NAMED(pt)->obj;
                hdr = o && o->pkg && o->pkg->path && strcmp(o->pkg->path, "reflect") == 0 &&
                      (strcmp(o->name, "SliceHeader") == 0 || strcmp(o->name, "StringHeader") == 0);
            }
        }
        if (hdr) esc_expr(e, hole_deref(b, k, n, "reflect.Header.Data"), n->x);
        else esc_discard(e, n->x);
        break;
    }
    case IR_UNARY:
        if (n->tok == T_NOT) esc_expr_skip_init(e, esc_discard_hole(b), n);
        else esc_unsafe_value(e, k, n->x);
        break;
    case IR_BINARY:
        switch (n->tok) {
        case T_ADD: case T_SUB: case T_OR: case T_XOR: case T_MUL: case T_QUO: case T_REM:
        case T_AND: case T_AND_NOT:
            esc_unsafe_value(e, k, n->x);
            esc_unsafe_value(e, k, n->y);
            break;
        case T_SHL: case T_SHR:
            esc_unsafe_value(e, k, n->x);
            esc_discard(e, n->y);
            break;
        default:
            esc_expr_skip_init(e, esc_discard_hole(b), n);
        }
        break;
    default:
        esc_expr_skip_init(e, esc_discard_hole(b), n);
    }
}

static IrNode *elem_value(IrNode *elt) {
    if (elt && elt->op == IR_KEY) return elt->y;
    if (elt && elt->op == IR_STRUCTKEY) return elt->x;
    return elt;
}

static void closure_expr(Esc *e, EscHole k, IrNode *n) {
    EscBatch *b = e->b;
    k = esc_spill(e, k, n);
    if (b->nclosures == b->capclosures) {
        uint32_t nc = b->capclosures ? b->capclosures * 2 : 8;
        b->closures = arena_realloc(&b->arena, b->closures, b->capclosures * sizeof *b->closures,
                                    nc * sizeof *b->closures);
        b->capclosures = nc;
    }
    b->closures[b->nclosures++] = (EscClosure){k, n};
    IrFunc *fn = n->u.fn;
    if (!fn || fn->ncvars == 0) return;
    for (uint32_t i = 0; i < fn->ncvars; i++) {
        EscLoc *loc = esc_var_loc(b, fn->cvars[i]);
        if (loc && !loc->captured) {
            loc->captured = true;
            if (loc->loopdepth == e->loopdepth) loc->reassigned = false;
        }
    }
    Esc sub = {.b = b, .curfn = fn, .loopdepth = 1};
    for (uint32_t i = 0; i < fn->ndcl; i++)
        if (!esc_var_loc(b, fn->dcl[i])) esc_new_loc(&sub, NULL, fn->dcl[i], true);
    esc_walk_func(b, fn);
}

static void methvalue_expr(Esc *e, EscHole k, IrNode *n) {
    EscBatch *b = e->b;
    EscHole closk = esc_spill(e, k, n);
    Object *m = n->sel ? n->sel : n->u.obj;
    EscHole ks[ESC_NUM_RESULTS + 1];
    uint32_t nres = 0;
    Type *mt = m ? m->type : NULL;
    if (mt && type_under(mt)->kind == TY_SIGNATURE) {
        nres = tuple_len(AS_SIGNATURE(type_under(mt))->results);
        if (nres > ESC_NUM_RESULTS) nres = ESC_NUM_RESULTS;
    }
    for (uint32_t i = 0; i < nres; i++) ks[i] = esc_heap_hole(b);
    EscCallee ce = {.obj = m};
    if (m) ce.fn = esc_local_func(b->c, m);
    if (ce.fn) ce.obj = NULL;
    EscHole pk = m ? esc_tag_hole(e, ks, nres, &ce, 0) : esc_heap_hole(b);
    EscHole two[2] = {pk, closk};
    esc_expr(e, esc_tee(e, two, 2), n->x);
}

void esc_expr_skip_init(Esc *e, EscHole k, IrNode *n) {
    if (!n) return;
    EscBatch *b = e->b;
    EscCtx *c = b->c;
    if (k.derefs >= 0 && n->type && type_is_typed(n->type) && !esc_has_pointers(c, n->type))
        k.dst = &b->blank;

    switch ((IrOp)n->op) {
    case IR_LITERAL: case IR_NIL: case IR_TYPE: case IR_METHEXPR:
        break;
    case IR_NAME:
        if (esc_name_is_var(c, n)) {
            IrVar *v = esc_canonical(n->u.var);
            if (v->cls == IRC_EXTERN || v->cls == IRC_FUNC) break;
            EscLoc *l = esc_var_loc(b, v);
            if (l) esc_flow(b, k, l);
        }
        break;
    case IR_UNARY:
        esc_discard(e, n->x);
        break;
    case IR_BINARY: case IR_ANDAND: case IR_OROR:
        esc_discard(e, n->x);
        esc_discard(e, n->y);
        break;
    case IR_ADDR:
        esc_expr(e, hole_addr(b, k, n, "address-of"), n->x);
        break;
    case IR_DEREF:
        esc_expr(e, hole_deref(b, k, n, "indirection"), n->x);
        break;
    case IR_DOT: case IR_DOTINTER:
        esc_expr(e, hole_note(b, k, n, "dot"), n->x);
        break;
    case IR_DOTPTR:
        esc_expr(e, hole_deref(b, k, n, "dot of pointer"), n->x);
        break;
    case IR_DOTTYPE: case IR_DOTTYPE2:
        esc_expr(e, hole_dottype(b, k, n->type, n, "dot"), n->x);
        break;
    case IR_INDEX:
        if (n->x && esc_is_kind(n->x->type, TY_ARRAY))
            esc_expr(e, hole_note(b, k, n, "fixed-array-index-of"), n->x);
        else
            esc_expr(e, hole_deref(b, k, n, "dot of pointer"), n->x);
        esc_discard(e, n->y);
        break;
    case IR_INDEXMAP:
        esc_discard(e, n->x);
        esc_discard(e, n->y);
        break;
    case IR_SLICE: case IR_SLICE3: case IR_SLICEARR: case IR_SLICE3ARR: case IR_SLICESTR:
        esc_expr(e, hole_note(b, k, n, "slice"), n->x);
        esc_discard(e, n->y);
        esc_discard(e, n->z);
        esc_discard(e, n->w);
        break;
    case IR_CONV: case IR_CONVNOP:
        if (n->x && esc_is_basic(n->type, BK_UNSAFE_POINTER) && esc_is_basic(n->x->type, BK_UINTPTR))
            esc_unsafe_value(e, k, n->x);
        else
            esc_expr(e, k, n->x);
        break;
    case IR_CONVIFACE:
        if (n->x && !esc_is_interface(n->x->type) && !esc_is_direct_iface(c, n->x->type))
            k = esc_spill(e, k, n);
        esc_expr(e, hole_note(b, k, n, "interface-converted"), n->x);
        break;
    case IR_SLICE2ARR:
        esc_expr(e, hole_deref(b, k, n, "slice-to-array"), n->x);
        break;
    case IR_SLICE2ARRPTR:
        esc_expr(e, k, n->x);
        break;
    case IR_RECV:
        esc_discard(e, n->x);
        break;
    case IR_CALLFUNC: case IR_CALLINTER: case IR_INLCALL:
    case IR_LEN: case IR_CAP: case IR_MIN: case IR_MAX: case IR_COMPLEX: case IR_REAL:
    case IR_IMAG: case IR_APPEND: case IR_COPY: case IR_RECOVER:
    case IR_UNSAFEADD: case IR_UNSAFESLICE: case IR_UNSAFESTRING: case IR_UNSAFESTRINGDATA:
    case IR_UNSAFESLICEDATA:
        esc_call(e, &k, 1, n);
        break;
    case IR_NEW: {
        /* new(T), or Go 1.26's new(expr): the value is copied into the allocation */
        EscHole sk = esc_spill(e, k, n);
        if (n->y) esc_expr(e, sk, n->y);
        else if (n->x && n->x->op != IR_TYPE) esc_expr(e, sk, n->x);
        break;
    }
    case IR_MAKESLICE:
        esc_spill(e, k, n);
        esc_discard(e, n->x);
        esc_discard(e, n->y);
        break;
    case IR_MAKECHAN:
        esc_discard(e, n->x);
        break;
    case IR_MAKEMAP:
        esc_spill(e, k, n);
        esc_discard(e, n->x);
        break;
    case IR_METHVALUE:
        methvalue_expr(e, k, n);
        break;
    case IR_PTRLIT:
        esc_expr(e, esc_spill(e, k, n), n->x);
        break;
    case IR_ARRAYLIT:
        for (uint32_t i = 0; i < n->list.n; i++)
            esc_expr(e, hole_note(b, k, n, "array literal element"), elem_value(n->list.v[i]));
        break;
    case IR_SLICELIT:
        k = esc_spill(e, k, n);
        for (uint32_t i = 0; i < n->list.n; i++)
            esc_expr(e, hole_note(b, k, n, "slice-literal-element"), elem_value(n->list.v[i]));
        break;
    case IR_STRUCTLIT:
        for (uint32_t i = 0; i < n->list.n; i++)
            esc_expr(e, hole_note(b, k, n, "struct literal element"), elem_value(n->list.v[i]));
        break;
    case IR_MAPLIT:
        esc_spill(e, k, n);
        for (uint32_t i = 0; i < n->list.n; i++) {
            IrNode *kv = n->list.v[i];
            if (kv && kv->op == IR_KEY) {
                esc_assign_heap(e, kv->x, "map literal key", n);
                esc_assign_heap(e, kv->y, "map literal value", n);
            }
        }
        break;
    case IR_CLOSURE:
        closure_expr(e, k, n);
        break;
    case IR_RUNES2STR: case IR_BYTES2STR: case IR_STR2RUNES: case IR_STR2BYTES: case IR_RUNESTR:
        esc_spill(e, k, n);
        esc_discard(e, n->x);
        break;
    case IR_ADDSTR:
        esc_spill(e, k, n);
        esc_discards(e, &n->list);
        break;
    case IR_KEY:
        esc_expr(e, k, n->y);
        break;
    case IR_STRUCTKEY:
        esc_expr(e, k, n->x);
        break;
    default:
        /* statements or ops not expected here: evaluate operands conservatively */
        esc_expr(e, esc_heap_hole(b), n->x);
        esc_expr(e, esc_heap_hole(b), n->y);
        break;
    }
}
