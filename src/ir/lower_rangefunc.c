/* Range-over-func loops, lowered as gc's rangefunc rewrite shapes them:

       var #next int                       (when the body returns)
       #stateN := 1
       #yieldN := func(k K, v V) bool { body; return true }   // f-rangeN
       f(#yieldN)
       if #next == -1 { return }

   continue becomes `return true`, break `return false`, and return assigns
   the enclosing function's results (captured by the body) before setting
   #next and returning false. The iterator-protocol checks gc adds
   (#stateN transitions, runtime.panicrangestate) are left out: they only
   move integers. Labeled branches are kept as written. */
#include "lower.h"
#include "base/util.h"
#include <string.h>

static IrNode *lit_int(Lower *L, Pos pos, int64_t v) {
    IrNode *n = lw_node(L, IR_LITERAL, pos, &L->ctx->typ[BK_INT]->t, NULL);
    n->u.val = const_int64(L->pkg->consts, v);
    return n;
}

static IrNode *lit_bool(Lower *L, Pos pos, bool b) {
    IrNode *n = lw_node(L, IR_LITERAL, pos, &L->ctx->typ[BK_BOOL]->t, NULL);
    n->u.val = const_bool(L->pkg->consts, b);
    return n;
}

static IrNode *ret_bool(Lower *L, Pos pos, bool b) {
    IrNode *r = lw_node(L, IR_RETURN, pos, NULL, NULL);
    ir_list_append(L->p, &r->list, lit_bool(L, pos, b));
    return r;
}

static IrVar *local(Lower *L, IrFunc *fn, const char *name, Type *t, Pos pos) {
    IrVar *v = ir_new_var(L->p, name, t, IRC_AUTO, L->file, pos);
    v->curfn = fn;
    v->flags |= IRV_USED;
    ir_func_add_dcl(L->p, fn, v);
    return v;
}

static IrNode *declare_assign(Lower *L, IrVar *v, IrNode *y, Pos pos, bool define) {
    IrNode *as = lw_node(L, IR_AS, pos, NULL, NULL);
    IrNode *d = lw_node(L, IR_DCL, pos, NULL, NULL);
    d->u.var = v;
    ir_list_append(L->p, &as->init, d);
    as->x = lw_name(L, v, pos, NULL);
    as->y = y;
    if (define) {
        as->flags |= IRF_DEFINE;
        v->defn = as;
    }
    return as;
}

bool lw_rangefunc_branch(Lower *L, const Node *s, IrList *out) {
    RangeFunc *rf = L->fc ? L->fc->rf : NULL;
    if (!rf || s->u.branch.label) return false;
    if (s->tok == T_CONTINUE && rf->loops == 0) {
        ir_list_append(L->p, out, ret_bool(L, s->pos, true));
        return true;
    }
    if (s->tok == T_BREAK && rf->breakables == 0) {
        ir_list_append(L->p, out, ret_bool(L, s->pos, false));
        return true;
    }
    return false;
}

static IrVar *next_var(Lower *L, RangeFunc *rf, Pos pos) {
    if (!rf->next) rf->next = local(L, rf->outerfc->fn, lw_intern(L, "#next"), &L->ctx->typ[BK_INT]->t, NOPOS);
    return lw_capture_var(L, rf->next, pos);
}

/* #next = -1; return false (also used to propagate a return outwards). */
static void leave(Lower *L, RangeFunc *rf, Pos pos, IrList *out) {
    IrNode *as = lw_node(L, IR_AS, pos, NULL, NULL);
    as->x = lw_name(L, next_var(L, rf, pos), pos, NULL);
    as->y = lit_int(L, pos, -1);
    ir_list_append(L->p, out, as);
    ir_list_append(L->p, out, ret_bool(L, pos, false));
    rf->has_return = true;
}

bool lw_rangefunc_return(Lower *L, const Node *s, IrList *out) {
    RangeFunc *rf = L->fc ? L->fc->rf : NULL;
    if (!rf) return false;
    IrFunc *real = rf->realfn;
    NodeList res = s->u.ret.results;
    Pos pos = s->pos;
    for (uint32_t i = 0; i < real->nresults; i++) {
        IrVar *r = real->results[i];
        if (r->name[0] == '~') r->name = lw_internf(L, "#rv%u", i + 1);
    }
    if (res.n) {
        IrVar **rv = xcalloc(real->nresults ? real->nresults : 1, sizeof *rv);
        for (uint32_t i = 0; i < real->nresults; i++) rv[i] = lw_capture_var(L, real->results[i], pos);
        IrNode *as;
        if (res.n == 1 && real->nresults == 1) {
            as = lw_node(L, IR_AS, pos, NULL, s);
            as->x = lw_name(L, rv[0], pos, NULL);
            as->y = lw_expr_to(L, res.v[0], rv[0]->type);
        } else {
            as = lw_node(L, IR_AS2, pos, NULL, s);
            for (uint32_t i = 0; i < real->nresults; i++) ir_list_append(L->p, &as->list, lw_name(L, rv[i], pos, NULL));
            if (res.n == 1 && real->nresults > 1) {
                Type **dt = xcalloc(real->nresults, sizeof *dt);
                for (uint32_t i = 0; i < real->nresults; i++) dt[i] = rv[i]->type;
                IrNode **vals;
                uint32_t k = lw_multi_value(L, res.v[0], pos, dt, real->nresults, &vals);
                for (uint32_t i = 0; i < k; i++) ir_list_append(L->p, &as->rlist, vals[i]);
                free(dt);
            } else {
                for (uint32_t i = 0; i < res.n; i++)
                    ir_list_append(L->p, &as->rlist,
                                   lw_expr_to(L, res.v[i], i < real->nresults ? rv[i]->type : NULL));
            }
        }
        ir_list_append(L->p, out, as);
        free(rv);
    }
    leave(L, rf, pos, out);
    return true;
}

/* Whether a return statement appears in s outside nested func literals. */
static bool has_return(const Node *s) {
    if (!s) return false;
    switch (s->kind) {
    case N_ReturnStmt: return true;
    case N_BlockStmt:
        for (uint32_t i = 0; i < s->u.block.list.n; i++)
            if (has_return(s->u.block.list.v[i])) return true;
        return false;
    case N_LabeledStmt: return has_return(s->u.labeled.stmt);
    case N_IfStmt: return has_return(s->u.ifstmt.body) || has_return(s->u.ifstmt.els);
    case N_ForStmt: return has_return(s->u.forstmt.body);
    case N_RangeStmt: return has_return(s->u.rangestmt.body);
    case N_SwitchStmt: case N_TypeSwitchStmt: return has_return(s->u.switchstmt.body);
    case N_SelectStmt: return has_return(s->u.selectstmt.body);
    case N_CaseClause:
        for (uint32_t i = 0; i < s->u.caseclause.body.n; i++)
            if (has_return(s->u.caseclause.body.v[i])) return true;
        return false;
    case N_CommClause:
        for (uint32_t i = 0; i < s->u.commclause.body.n; i++)
            if (has_return(s->u.commclause.body.v[i])) return true;
        return false;
    default: return false;
    }
}

static Type *under_sig(Type *t) {
    Type *u = t ? type_under(t) : NULL;
    return u && u->kind == TY_SIGNATURE ? u : NULL;
}

void lw_range_func(Lower *L, const Node *s, IrNode *unused, IrList *out) {
    (void)unused;
    Pos fpos = s->pos;
    FnCtx *fc = L->fc;
    IrFunc *outer = fc->fn;
    IrNode *x = lw_expr(L, s->u.rangestmt.x);
    SignatureType *isig = (SignatureType *)under_sig(x->type);
    Type *yt = isig && tuple_len(isig->params) == 1 ? tuple_at(isig->params, 0)->type : NULL;
    SignatureType *ysig = (SignatureType *)under_sig(yt);
    if (!ysig) {
        ir_list_append(L->p, out, lw_bad(L, s, "range over func"));
        return;
    }
    uint32_t gen = ++fc->rangegen;
    Type *intt = &L->ctx->typ[BK_INT]->t;
    /* gc declares #next first when the body returns */
    IrVar *next = has_return(s->u.rangestmt.body) ? local(L, outer, lw_intern(L, "#next"), intt, NOPOS) : NULL;
    FnCtx *real = fc;
    while (real->rf) real = real->rf->outerfc;
    IrVar *state = local(L, outer, lw_internf(L, "#state%u", ++real->stategen), intt, fpos);
    IrNode *state_as = declare_assign(L, state, lit_int(L, fpos, 1), fpos, true);

    RangeFunc rf = {.outerfc = fc, .realfn = fc->rf ? fc->rf->realfn : outer, .state = state, .next = next};
    const char *name = lw_internf(L, "%s-range%u", outer->name, gen);
    IrFunc *fn = lw_new_closure(L, name, fpos, ysig);
    fn->flags |= IRFN_RANGEFUNC;
    fn->endpos = s->end;
    IrNode *clo = lw_node(L, IR_CLOSURE, fpos, yt, NULL);
    clo->u.fn = fn;
    fn->closure = clo;

    FnCtx inner;
    lw_push_fn(L, &inner, fn);
    inner.rf = &rf;
    bool define = s->tok == T_DEFINE;
    const Node *vars[2] = {s->u.rangestmt.key, s->u.rangestmt.value};
    uint32_t np = tuple_len(ysig->params);
    IrList pre = {0};
    IrNode *asg = NULL;
    for (uint32_t i = 0; i < np; i++) {
        Type *pt = tuple_at(ysig->params, i)->type;
        const Node *id = i < 2 ? vars[i] : NULL;
        IrVar *pv;
        if (define && id && id->kind == N_Ident && id->u.ident.name != L->s_blank && types_ident_def(L->info, id)) {
            Object *o = types_ident_def(L->info, id);
            pv = ir_new_var(L->p, o->name, o->type ? o->type : pt, IRC_PARAM, L->file, id->pos);
            pv->obj = o;
            ptrmap_put(&inner.vars, o, pv);
        } else if (!define && id && !(id->kind == N_Ident && id->u.ident.name == L->s_blank)) {
            pv = ir_new_var(L->p, lw_internf(L, "#p%u", i + 1), pt, IRC_PARAM, L->file, fpos);
            if (!asg) asg = lw_node(L, IR_AS2, fpos, NULL, s);
            ir_list_append(L->p, &asg->list, lw_expr(L, id));
            ir_list_append(L->p, &asg->rlist, lw_name(L, pv, fpos, NULL));
        } else if (define && id) {     /* a blank range variable: gc's parameter is it */
            pv = ir_new_var(L->p, L->s_blank, pt, IRC_PARAM, L->file, id->pos);
        } else {                        /* gc's #pN: no range variable takes it */
            pv = ir_new_var(L->p, lw_internf(L, "#p%u", i + 1), pt, IRC_PARAM, L->file, fpos);
        }
        pv->curfn = fn;
        pv->index = (int32_t)i;
        ir_ptrs_append(L->p, (void ***)&fn->params, &fn->nparams, pv);
        ir_func_add_dcl(L->p, fn, pv);
    }
    IrVar *r = ir_new_var(L->p, lw_intern(L, "#r"), tuple_len(ysig->results) ? tuple_at(ysig->results, 0)->type : NULL,
                          IRC_PARAMOUT, L->file, fpos);
    r->curfn = fn;
    ir_ptrs_append(L->p, (void ***)&fn->results, &fn->nresults, r);
    ir_func_add_dcl(L->p, fn, r);
    r->index = 0;
    if (asg) {
        if (asg->list.n == 1) {
            asg->op = IR_AS;
            asg->x = asg->list.v[0];
            asg->y = asg->rlist.v[0];
            asg->list = (IrList){0};
            asg->rlist = (IrList){0};
        }
        ir_list_append(L->p, &pre, asg);
    }
    fn->body = pre;
    /* gc's body sets #stateN (abi.RF_PANIC): the closure captures it by
       reference, so it moves to the heap when the closure escapes */
    IrNode *stset = lw_node(L, IR_AS, fpos, NULL, NULL);
    stset->x = lw_name(L, lw_capture_var(L, state, fpos), fpos, NULL);
    stset->y = lit_int(L, fpos, 0);
    ir_list_append(L->p, &fn->body, stset);
    lw_block(L, s->u.rangestmt.body, &fn->body);
    ir_list_append(L->p, &fn->body, ret_bool(L, s->u.rangestmt.body && s->u.rangestmt.body->end ? s->u.rangestmt.body->end - 1 : fpos, true));
    lw_bloop(L, fn);
    lw_loopvar(L, fn);
    lw_pop_fn(L, &inner);

    /* the loop, in the enclosing function */
    if (rf.next) {
        IrNode *nx = declare_assign(L, rf.next, NULL, NOPOS, false);
        ir_list_append(L->p, out, nx);
    }
    ir_list_append(L->p, out, state_as);
    IrVar *yv = local(L, outer, lw_internf(L, "#yield%u", gen), yt, NOPOS);
    ir_list_append(L->p, out, declare_assign(L, yv, clo, fpos, true));
    IrNode *call = lw_node(L, IR_CALLFUNC, fpos, NULL, s);
    if (lw_has_call(x)) {
        x = lw_to_temp(L, call, x, fpos);
        /* gc calls the range expression itself: the inliner's static value
           of the callee follows the temporary to it (iterator closures of
           inlined calls get inlined) */
        if (x->op == IR_NAME && x->u.var && call->init.n) x->u.var->defn = call->init.v[call->init.n - 1];
    }
    call->x = x;
    ir_list_append(L->p, &call->list, lw_name(L, yv, fpos, NULL));
    ir_list_append(L->p, out, call);
    if (rf.has_return) {
        IrNode *cond = lw_node(L, IR_BINARY, fpos, &L->ctx->typ[BK_BOOL]->t, NULL);
        cond->tok = T_EQL;
        cond->x = lw_name(L, lw_capture_var(L, rf.next, fpos), fpos, NULL);
        cond->y = lit_int(L, fpos, -1);
        IrNode *iff = lw_node(L, IR_IF, fpos, NULL, NULL);
        iff->x = cond;
        if (fc->rf) leave(L, fc->rf, fpos, &iff->list);
        else ir_list_append(L->p, &iff->list, lw_node(L, IR_RETURN, fpos, NULL, NULL));
        ir_list_append(L->p, out, iff);
    }
}
