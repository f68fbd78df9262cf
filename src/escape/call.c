/* Calls: callee resolution, argument holes from parameter tags, builtins,
   go/defer. */
#include "escape/esc_int.h"
#include <string.h>

#define MAX_CALLEES 64

static bool static_callee(EscBatch *b, IrNode *v, EscCallee *out) {
    memset(out, 0, sizeof *out);
    if (!v) return false;
    EscCtx *c = b->c;
    switch (v->op) {
    case IR_METHEXPR:
        if (!v->u.obj) return false;
        out->fn = esc_local_func(c, v->u.obj);
        if (!out->fn) out->obj = v->u.obj;
        return true;
    case IR_NAME:
        if (esc_name_is_var(c, v) || !v->u.obj) return false;
        out->fn = esc_local_func(c, v->u.obj);
        if (!out->fn) out->obj = v->u.obj;
        return true;
    case IR_CLOSURE:
        if (!v->u.fn) return false;
        out->fn = v->u.fn;
        return true;
    default:
        return false;
    }
}

static bool is_zero(IrNode *n) {
    while (n && n->op == IR_CONVNOP) n = n->x;
    return !n || n->op == IR_NIL;
}

/* Resolves the callees of a CALLFUNC; returns their number (0: unknown). */
static uint32_t resolve_callees(Esc *e, IrNode *call, EscCallee *fns) {
    EscBatch *b = e->b;
    IrNode *v = esc_static_value(b, e->curfn, call->x);
    if (static_callee(b, v, &fns[0])) return 1;
    if (!v || !esc_name_is_var(b->c, v)) return 0;
    IrNode **as;
    uint32_t nas;
    if (!esc_func_assignments(b, e->curfn, v->u.var, &as, &nas)) return 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < nas; i++) {
        IrNode *rhs = as[i]->y;
        if (is_zero(rhs)) continue;
        EscCallee ce;
        if (!static_callee(b, rhs, &ce)) return 0;
        if (esc_callee_pragmas(b->c, &ce) & (PRAGMA_UINTPTRKEEPALIVE | PRAGMA_UINTPTRESCAPES)) return 0;
        if (n == MAX_CALLEES) return 0;
        fns[n++] = ce;
    }
    return n;
}

EscHole esc_tag_hole(Esc *e, EscHole *ks, uint32_t nks, const EscCallee *fn, uint32_t param) {
    EscBatch *b = e->b;
    if (!fn) return esc_heap_hole(b);
    if (fn->fn && esc_in_mutual_batch(b->c, fn->fn)) {
        if (param >= fn->fn->nparams) return esc_discard_hole(b);
        IrVar *pv = fn->fn->params[param];
        if (!pv || !pv->name || strcmp(pv->name, "_") == 0) return esc_discard_hole(b);
        EscLoc *l = esc_var_loc(b, pv);
        return l ? esc_hole(l) : esc_discard_hole(b);
    }
    Leaks lk;
    if (!esc_callee_leaks(b->c, fn, param, &lk)) return esc_heap_hole(b);
    EscHole tk[LEAK_N];
    uint32_t n = 0;
    int x;
    if ((x = leaks_get(&lk, LEAK_HEAP)) >= 0) tk[n++] = hole_shift(esc_heap_hole(b), x);
    if ((x = leaks_get(&lk, LEAK_MUTATOR)) >= 0) tk[n++] = hole_shift(esc_mutator_hole(b), x);
    if ((x = leaks_get(&lk, LEAK_CALLEE)) >= 0) tk[n++] = hole_shift(esc_callee_hole(b), x);
    if (ks) {
        for (int i = 0; i < ESC_NUM_RESULTS; i++)
            if ((x = leaks_get(&lk, LEAK_RESULT0 + i)) >= 0 && (uint32_t)i < nks)
                tk[n++] = hole_shift(ks[i], x);
    }
    return esc_tee(e, tk, n);
}

static EscHole merged_tag_hole(Esc *e, EscHole *ks, uint32_t nks, EscCallee *fns, uint32_t nfns,
                               uint32_t param) {
    if (nfns == 0) return esc_heap_hole(e->b);
    EscHole hs[MAX_CALLEES];
    for (uint32_t i = 0; i < nfns; i++) hs[i] = esc_tag_hole(e, ks, nks, &fns[i], param);
    return esc_tee(e, hs, nfns);
}

static void argument(Esc *e, EscHole k, IrNode *call, IrNode *arg) {
    esc_expr(e, hole_note(e->b, k, call, "call parameter"), arg);
}

/* A fresh temporary variable of fn (for uintptr argument copies). */
static IrVar *new_temp(Esc *e, Type *t, const SourceFile *f, Pos pos) {
    EscCtx *c = e->b->c;
    IrVar *v = arena_alloc(&c->pkg->late, sizeof *v);
    v->name = ".autotmp_esc";
    v->type = t;
    v->curfn = e->curfn;
    v->file = f;
    v->pos = pos;
    v->flags = IRV_AUTOTMP;
    v->cls = IRC_AUTO;
    v->index = -1;
    v->tag = -1;
    return v;
}

static void unsafe_uintptr_arg(Esc *e, IrNode *conv, uint32_t pragma) {
    EscBatch *b = e->b;
    if (!conv || conv->op != IR_CONVNOP || !conv->x) return;
    if (!esc_is_basic(conv->x->type, BK_UNSAFE_POINTER) || !esc_is_basic(conv->type, BK_UINTPTR)) return;
    IrNode *x = conv->x;
    IrVar *tmp = new_temp(e, x->type, conv->file, conv->pos);
    EscLoc *tl = esc_new_loc(e, NULL, tmp, true);
    IrNode *name = arena_alloc(&b->c->pkg->late, sizeof *name);
    name->op = IR_NAME;
    name->pos = x->pos;
    name->file = x->file;
    name->type = x->type;
    name->u.var = tmp;
    esc_replace(b->c, &conv->x, name);
    EscHole k = esc_mutator_hole(b);
    if (pragma & PRAGMA_UINTPTRESCAPES) k = hole_note(b, esc_heap_hole(b), conv, "//go:uintptrescapes");
    esc_flow(b, k, tl);
    if (pragma & PRAGMA_UINTPTRKEEPALIVE) tmp->flags |= IRV_ADDRTAKEN;
    esc_expr(e, esc_hole(tl), x);
}

static void rewrite_argument(Esc *e, IrNode *arg, EscCallee *fns, uint32_t nfns) {
    uint32_t pragma = 0;
    for (uint32_t i = 0; i < nfns; i++) pragma |= esc_callee_pragmas(e->b->c, &fns[i]);
    if (!(pragma & (PRAGMA_UINTPTRKEEPALIVE | PRAGMA_UINTPTRESCAPES)) || !arg) return;
    if (arg->op == IR_SLICELIT) {
        for (uint32_t i = 0; i < arg->list.n; i++) {
            IrNode *el = arg->list.v[i];
            if (el && el->op == IR_KEY) el = el->y;
            unsafe_uintptr_arg(e, el, pragma);
        }
    } else {
        unsafe_uintptr_arg(e, arg, pragma);
    }
}

static IrNode *arg_at(IrNode *n, uint32_t i) {
    if (n->list.n) return i < n->list.n ? n->list.v[i] : NULL;
    return i == 0 ? n->x : i == 1 ? n->y : NULL;
}

static bool has_non_string_pointers(EscCtx *c, Type *t) {
    if (!esc_has_pointers(c, t)) return false;
    Type *u = type_under(t);
    switch (u->kind) {
    case TY_BASIC:
        return AS_BASIC(u)->bkind != BK_STRING;
    case TY_STRUCT: {
        StructType *st = AS_STRUCT(u);
        for (uint32_t i = 0; i < st->fields.n; i++)
            if (has_non_string_pointers(c, st->fields.v[i]->type)) return true;
        return false;
    }
    case TY_ARRAY:
        return has_non_string_pointers(c, AS_ARRAY(u)->elem);
    default:
        return true;
    }
}

/* internal/abi.EscapeNonString[T](v): v escapes iff T has non-string pointers. */
static bool is_escape_non_string(const EscCallee *fns, uint32_t nfns) {
    if (nfns != 1) return false;
    const Object *o = fns[0].fn ? fns[0].fn->obj : fns[0].obj;
    if (!o || !o->pkg || !o->pkg->path || strcmp(o->pkg->path, "internal/abi") != 0) return false;
    /* the generic itself, or a shaped instance EscapeNonString[go.shape...] */
    return o->name && strncmp(o->name, "EscapeNonString", 15) == 0 && (!o->name[15] || o->name[15] == '[');
}

static void call_func(Esc *e, EscHole *ks, uint32_t nks, IrNode *call) {
    EscBatch *b = e->b;
    EscCallee fns[MAX_CALLEES];
    uint32_t nfns = 0;
    IrNode *recv = NULL;
    if (call->op == IR_CALLFUNC) nfns = resolve_callees(e, call, fns);

    if (ks) {
        for (uint32_t f = 0; f < nfns; f++) {
            IrFunc *fn = fns[f].fn;
            if (!fn || !esc_in_mutual_batch(b->c, fn)) continue;
            for (uint32_t i = 0; i < fn->nresults && i < nks; i++) {
                EscLoc *rl = esc_var_loc(b, fn->results[i]);
                if (!rl) continue;
                EscHole k = ks[i];
                if (k.derefs >= 0 && !esc_has_pointers(b->c, fn->results[i]->type)) continue;
                esc_flow(b, k, rl);
            }
        }
    }

    if (call->op == IR_CALLFUNC) {
        EscHole ck = esc_discard_hole(b);
        if (nfns == 0) {
            for (uint32_t i = 0; i < nks; i++)
                if (ks[i].dst != &b->blank) {
                    ck = hole_note(b, esc_callee_hole(b), call, "callee operand");
                    break;
                }
        }
        esc_expr(e, ck, call->x);
    } else if (call->x) {
        recv = call->x->op == IR_DOTINTER ? call->x->x : call->x;
    }

    if (call->flags & IRF_KEEPALIVE) {
        if (recv) argument(e, esc_discard_hole(b), call, recv);
        for (uint32_t i = 0; i < call->list.n; i++) argument(e, esc_discard_hole(b), call, call->list.v[i]);
        return;
    }
    if (is_escape_non_string(fns, nfns)) {
        for (uint32_t i = 0; i < call->list.n; i++) {
            IrNode *arg = call->list.v[i];
            bool esc = arg && has_non_string_pointers(b->c, arg->type);
            argument(e, esc ? esc_heap_hole(b) : esc_discard_hole(b), call, arg);
        }
        return;
    }
    if (recv) argument(e, esc_heap_hole(b), call, recv);
    for (uint32_t i = 0; i < call->list.n; i++) {
        IrNode *arg = call->list.v[i];
        rewrite_argument(e, arg, fns, nfns);
        argument(e, merged_tag_hole(e, ks, nks, fns, nfns, i), call, arg);
    }
}

void esc_call(Esc *e, EscHole *ks, uint32_t nks, IrNode *call) {
    EscBatch *b = e->b;
    EscHole k0 = (ks && nks) ? ks[0] : esc_discard_hole(b);
    switch ((IrOp)call->op) {
    case IR_CALLFUNC: case IR_CALLINTER:
        call_func(e, ks, nks, call);
        break;
    case IR_INLCALL:
        esc_stmts(e, &call->rlist);
        for (uint32_t i = 0; i < call->list.n; i++)
            esc_expr(e, ks && i < nks ? ks[i] : esc_discard_hole(b), call->list.v[i]);
        break;
    case IR_APPEND: {
        IrNode *s = arg_at(call, 0);
        EscHole two[2] = {k0, esc_mutator_hole(b)};
        EscHole ak = esc_tee(e, two, 2);
        Type *el = s ? esc_elem(s->type) : NULL;
        if (el && esc_has_pointers(b->c, el)) {
            EscHole t2[2] = {ak, hole_deref(b, esc_heap_hole(b), call, "appendee slice")};
            ak = esc_tee(e, t2, 2);
        }
        argument(e, ak, call, s);
        if (call->flags & IRF_DDD) {
            IrNode *t = arg_at(call, 1);
            EscHole dk = esc_discard_hole(b);
            if (t && esc_is_kind(t->type, TY_SLICE) && esc_has_pointers(b->c, esc_elem(t->type)))
                dk = hole_deref(b, esc_heap_hole(b), call, "appended slice...");
            argument(e, dk, call, t);
        } else {
            for (uint32_t i = 1; i < call->list.n; i++) argument(e, esc_heap_hole(b), call, call->list.v[i]);
        }
        EscHole bs = esc_spill(e, k0, call);
        bs.dst->loopdepth = 0;
        break;
    }
    case IR_COPY: {
        argument(e, esc_mutator_hole(b), call, arg_at(call, 0));
        IrNode *src = arg_at(call, 1);
        EscHole ck = esc_discard_hole(b);
        if (src && esc_is_kind(src->type, TY_SLICE) && esc_has_pointers(b->c, esc_elem(src->type)))
            ck = hole_deref(b, esc_heap_hole(b), call, "copied slice");
        argument(e, ck, call, src);
        break;
    }
    case IR_PANIC:
        argument(e, esc_heap_hole(b), call, arg_at(call, 0));
        break;
    case IR_COMPLEX:
        esc_discard(e, arg_at(call, 0));
        esc_discard(e, arg_at(call, 1));
        break;
    case IR_DELETE: case IR_PRINT: case IR_PRINTLN: case IR_RECOVER:
        esc_discards(e, &call->list);
        if (!call->list.n) {
            esc_discard(e, call->x);
            esc_discard(e, call->y);
        }
        break;
    case IR_MIN: case IR_MAX:
        for (uint32_t i = 0; i < call->list.n; i++) argument(e, k0, call, call->list.v[i]);
        if (!call->list.n) {
            argument(e, k0, call, call->x);
            argument(e, k0, call, call->y);
        }
        break;
    case IR_LEN: case IR_CAP: case IR_REAL: case IR_IMAG: case IR_CLOSE:
        esc_discard(e, arg_at(call, 0));
        break;
    case IR_CLEAR:
        argument(e, esc_mutator_hole(b), call, arg_at(call, 0));
        break;
    case IR_UNSAFESTRINGDATA: case IR_UNSAFESLICEDATA:
        argument(e, k0, call, arg_at(call, 0));
        break;
    case IR_UNSAFEADD: case IR_UNSAFESLICE: case IR_UNSAFESTRING:
        argument(e, k0, call, arg_at(call, 0));
        esc_discard(e, arg_at(call, 1));
        break;
    default:
        break;
    }
}

void esc_go_defer(Esc *e, IrNode *n) {
    EscBatch *b = e->b;
    EscHole k = esc_heap_hole(b);
    if (n->op == IR_DEFER && e->loopdepth == 1 && !(e->curfn->flags & IRFN_RANGEFUNC))
        k = esc_later(e, esc_discard_hole(b));
    IrNode *call = n->x;
    if (!call) return;
    if (k.dst == &b->heap && call->x && b->c->opt->m >= 1)
        ptrmap_put(&b->godefer, call->x, (void *)(intptr_t)(n->op == IR_GO ? ER_GO : ER_DEFER_LOOP));
    esc_stmts(e, &call->init);
    if (call->op == IR_CALLFUNC || call->op == IR_CALLINTER) esc_expr(e, k, call->x);
    else esc_expr(e, k, call);
}
