/* Range-over-func loops, lowered as gc's rangefunc rewrite shapes them,
   checks included (abi.RF_* states in #stateN, runtime.panicrangestate):

       [var #next int]                     (outermost loop, when needed)
       #stateN := RF_READY
       #yieldK := func(k K, v V) bool {    // f-rangeN
           #tmpState := #stateN
           #stateN = RF_PANIC
           if #tmpState != RF_READY { runtime.panicrangestate(#tmpState) }
           body
           #stateN = RF_READY
           return true
       }
       f(#yieldK)
       if #stateN == RF_PANIC { runtime.panicrangestate(RF_MISSING_PANIC) }
       #stateN = RF_EXHAUSTED
       checks of #next

   continue becomes `#stateN = RF_READY; return true`, break `#stateN =
   RF_DONE; return false`; return assigns the enclosing function's results
   (captured by the body), sets #next = -1 and leaves; a labeled break or
   continue of an enclosing range-over-func loop sets #next to its code
   (2 per level, one less for continue) and leaves, and each loop's checks
   pass it outwards; a goto, or a break or continue of another labeled
   statement, outside the body sets #next to the label's code (gc's
   branchNext) and the loop directly inside the label's redoes the branch
   after its call. Numbering as gc's: #stateN as loops start, #yieldK as
   they end, both per declared function or literal. */
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

/* gc's abi.RF_* */
enum { RF_DONE, RF_READY, RF_PANIC, RF_EXHAUSTED, RF_MISSING_PANIC };
enum { PER_LOOP_STEP = 2 };

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

static Type *under_sig(Type *t) {
    Type *u = t ? type_under(t) : NULL;
    return u && u->kind == TY_SIGNATURE ? u : NULL;
}

/* `v = c` where v is a variable of an enclosing function (captured). */
static IrNode *set_int(Lower *L, IrVar *v, int64_t c, Pos pos) {
    IrNode *as = lw_node(L, IR_AS, pos, NULL, NULL);
    as->x = lw_name(L, lw_capture_var(L, v, pos), pos, NULL);
    as->y = lit_int(L, pos, c);
    return as;
}

static IrNode *cmp_int(Lower *L, int tok, IrVar *v, int64_t c, Pos pos) {
    IrNode *b = lw_node(L, IR_BINARY, pos, &L->ctx->typ[BK_BOOL]->t, NULL);
    b->tok = (uint8_t)tok;
    b->x = lw_name(L, lw_capture_var(L, v, pos), pos, NULL);
    b->y = lit_int(L, pos, c);
    return b;
}

static IrNode *if_node(Lower *L, IrNode *cond, Pos pos) {
    IrNode *n = lw_node(L, IR_IF, pos, NULL, NULL);
    n->x = cond;
    return n;
}

/* A call of one of go.runtime's functions (its arguments not added). */
static IrNode *rt_call(Lower *L, Object *o, Type *result, Pos pos) {
    IrNode *f = lw_node(L, IR_NAME, pos, o->type, NULL);
    f->u.obj = o;
    f->sel = o;
    f->flags |= IRF_FUNCNAME;
    IrNode *call = lw_node(L, IR_CALLFUNC, pos, result, NULL);
    call->x = f;
    return call;
}

/* runtime.panicrangestate(arg) */
static IrNode *panic_state(Lower *L, IrNode *arg, Pos pos) {
    IrNode *call = rt_call(L, L->ctx->panicrangestate, NULL, pos);
    ir_list_append(L->p, &call->list, arg);
    return call;
}

/* A variable of the outermost loop's declaration statement (#next,
   #defers), made in the function holding it, in its dcl where gc's
   statement puts it: before that loop's #stateN, in order of need. */
static IrVar *nest_var(Lower *L, RfNest *nest, const char *name, Type *t, IrNode *init) {
    IrFunc *home = nest->home;
    IrVar *v = local(L, home, lw_intern(L, name), t, NOPOS);
    uint32_t at = nest->dcl_at + nest->ndecl;
    memmove(home->dcl + at + 1, home->dcl + at, (home->ndcl - 1 - at) * sizeof *home->dcl);
    home->dcl[at] = v;
    nest->decl[nest->ndecl++] = declare_assign(L, v, init, nest->pos, init != NULL);
    return v;
}

static IrVar *next_var(Lower *L, RangeFunc *rf, Pos pos) {
    RfNest *nest = rf->nest;
    if (!nest->next) nest->next = nest_var(L, nest, "#next", &L->ctx->typ[BK_INT]->t, NULL);
    return lw_capture_var(L, nest->next, pos);
}

IrNode *lw_rangefunc_defer_at(Lower *L, Pos pos) {
    RangeFunc *rf = L->fc ? L->fc->rf : NULL;
    if (!rf) return NULL;
    RfNest *nest = rf->nest;
    if (!nest->defers) {
        IrNode *call = rt_call(L, L->ctx->deferrangefunc, L->ctx->any_type, nest->pos);
        nest->defers = nest_var(L, nest, "#defers", L->ctx->any_type, call);
    }
    return lw_name(L, lw_capture_var(L, nest->defers, pos), pos, NULL);
}

/* #next = code; #stateN = RF_DONE; return false: leaves the body. */
static void leave(Lower *L, RangeFunc *rf, int64_t code, Pos pos, IrList *out) {
    IrNode *as = lw_node(L, IR_AS, pos, NULL, NULL);
    as->x = lw_name(L, next_var(L, rf, pos), pos, NULL);
    as->y = lit_int(L, pos, code);
    ir_list_append(L->p, out, as);
    ir_list_append(L->p, out, set_int(L, rf->state, RF_DONE, pos));
    ir_list_append(L->p, out, ret_bool(L, pos, false));
}

/* ------------------------------------------------ labels (gc's branchNext) */

static bool is_range_func(Lower *L, const Node *s) {
    Type *t = s->kind == N_RangeStmt ? lw_type(L, s->u.rangestmt.x) : NULL;
    return t && type_under(t)->kind == TY_SIGNATURE;
}

/* The labels of a function body in order, each with the range-over-func
   loop holding it (statements only: labels inside func literals, which
   gc also numbers, are not seen). */
static void collect_labels(Lower *L, FnCtx *fc, const Node *s, const Node *loop) {
    if (!s) return;
    switch (s->kind) {
    case N_BlockStmt:
        for (uint32_t i = 0; i < s->u.block.list.n; i++) collect_labels(L, fc, s->u.block.list.v[i], loop);
        break;
    case N_LabeledStmt:
        vec_push(&fc->labels, ((RfLabel){s->u.labeled.label->u.ident.name, loop}));
        collect_labels(L, fc, s->u.labeled.stmt, loop);
        break;
    case N_IfStmt:
        collect_labels(L, fc, s->u.ifstmt.body, loop);
        collect_labels(L, fc, s->u.ifstmt.els, loop);
        break;
    case N_ForStmt: collect_labels(L, fc, s->u.forstmt.body, loop); break;
    case N_RangeStmt: collect_labels(L, fc, s->u.rangestmt.body, is_range_func(L, s) ? s : loop); break;
    case N_SwitchStmt: case N_TypeSwitchStmt: collect_labels(L, fc, s->u.switchstmt.body, loop); break;
    case N_SelectStmt: collect_labels(L, fc, s->u.selectstmt.body, loop); break;
    case N_CaseClause:
        for (uint32_t i = 0; i < s->u.caseclause.body.n; i++) collect_labels(L, fc, s->u.caseclause.body.v[i], loop);
        break;
    case N_CommClause:
        for (uint32_t i = 0; i < s->u.commclause.body.n; i++) collect_labels(L, fc, s->u.commclause.body.v[i], loop);
        break;
    default: break;
    }
}

static FnCtx *real_fc(RangeFunc *rf) {
    FnCtx *fc = rf->outerfc;
    while (fc->rf) fc = fc->rf->outerfc;
    return fc;
}

/* Label's loop (its first occurrence) and #next code for tok to it (its
   last: gc numbers every occurrence, -4 -3 -2 for the first, then down). */
static bool label_info(Lower *L, RangeFunc *rf, const char *label, int tok, const Node **loop, int64_t *code) {
    FnCtx *fc = real_fc(rf);
    if (!fc->labels_done) {
        fc->labels_done = true;
        collect_labels(L, fc, fc->body, NULL);
    }
    bool found = false;
    for (size_t i = 0; i < fc->labels.len; i++) {
        if (fc->labels.data[i].name != label) continue;
        if (!found) *loop = fc->labels.data[i].loop;
        found = true;
        *code = -1 - 3 * (int64_t)(i + 1) + (tok == T_CONTINUE ? 1 : tok == T_GOTO ? 2 : 0);
    }
    return found;
}

/* A goto, or a labeled break or continue of another statement than a
   range-over-func loop, whose label lies outside the innermost body: the
   loop directly inside the label's redoes it after its call (checkBranch),
   the ones inside that pass the code on as a return would. NULL: kept as
   written. */
static RangeFunc *branch_exit(Lower *L, const Node *s, int64_t *code) {
    RangeFunc *rf = L->fc ? L->fc->rf : NULL;
    if (!rf || !s->u.branch.label || (s->tok != T_GOTO && s->tok != T_BREAK && s->tok != T_CONTINUE)) return NULL;
    const char *label = s->u.branch.label->u.ident.name;
    if (s->tok != T_GOTO)
        for (RangeFunc *r = rf; r; r = r->up)
            if (r->label == label) return NULL;         /* a range loop's own: lw_rangefunc_branch */
    const Node *loop = NULL;
    if (!label_info(L, rf, label, s->tok, &loop, code) || loop == rf->stmt) return NULL;
    RangeFunc *r = rf;
    while (r->up && r->up->stmt != loop) r = r->up;
    return r;
}

/* The range-over-func loop a break or continue leaves, if any. */
static RangeFunc *branch_target(Lower *L, const Node *s) {
    RangeFunc *rf = L->fc ? L->fc->rf : NULL;
    if (!rf || (s->tok != T_BREAK && s->tok != T_CONTINUE)) return NULL;
    const char *label = s->u.branch.label ? s->u.branch.label->u.ident.name : NULL;
    if (!label) return (s->tok == T_CONTINUE ? rf->loops : rf->breakables) ? NULL : rf;
    for (RangeFunc *r = rf; r; r = r->up)
        if (r->label == label) return r;
    return NULL;
}

bool lw_rangefunc_target(Lower *L, const Node *s) {
    int64_t code;
    return branch_target(L, s) != NULL || branch_exit(L, s, &code) != NULL;
}

bool lw_rangefunc_branch(Lower *L, const Node *s, IrList *out) {
    RangeFunc *rf = L->fc ? L->fc->rf : NULL;
    int64_t code;
    RangeFunc *ex = branch_exit(L, s, &code);
    if (ex) {
        vec_push(&ex->check_branch, ((RfBranch){s->tok, s->u.branch.label->u.ident.name}));
        for (RangeFunc *r = rf; r != ex; r = r->up) r->check_ret = true;
        leave(L, rf, code, s->pos, out);
        return true;
    }
    RangeFunc *t = branch_target(L, s);
    if (!t) return false;
    bool cont = s->tok == T_CONTINUE;
    Pos pos = s->pos;
    if (t == rf) {
        ir_list_append(L->p, out, set_int(L, rf->state, cont ? RF_READY : RF_DONE, pos));
        ir_list_append(L->p, out, ret_bool(L, pos, cont));
        return true;
    }
    /* out of the loops inside t: each one's checks pass the code on, the
       one just inside t turns it into t's continue, or t's own into its
       break */
    uint32_t exit_depth = cont ? t->depth + 1 : t->depth;
    for (RangeFunc *r = rf; r; r = r->up) {
        if (cont && r->depth == exit_depth) r->check_continue = true;
        if (r->depth > exit_depth || (!cont && r == t)) r->check_break = true;
    }
    leave(L, rf, PER_LOOP_STEP * (int64_t)t->depth - (cont ? 1 : 0), pos, out);
    return true;
}

/* Whether statement s holds a return with values inside a range-over-func
   loop (loops > 0: already inside one), func literals aside. */
static bool returns_in_range(Lower *L, const Node *s, int loops) {
    if (!s) return false;
    switch (s->kind) {
    case N_ReturnStmt: return loops > 0 && s->u.ret.results.n > 0;
    case N_BlockStmt:
        for (uint32_t i = 0; i < s->u.block.list.n; i++)
            if (returns_in_range(L, s->u.block.list.v[i], loops)) return true;
        return false;
    case N_LabeledStmt: return returns_in_range(L, s->u.labeled.stmt, loops);
    case N_IfStmt: return returns_in_range(L, s->u.ifstmt.body, loops) || returns_in_range(L, s->u.ifstmt.els, loops);
    case N_ForStmt: return returns_in_range(L, s->u.forstmt.body, loops);
    case N_RangeStmt: return returns_in_range(L, s->u.rangestmt.body, loops + is_range_func(L, s));
    case N_SwitchStmt: case N_TypeSwitchStmt: return returns_in_range(L, s->u.switchstmt.body, loops);
    case N_SelectStmt: return returns_in_range(L, s->u.selectstmt.body, loops);
    case N_CaseClause:
        for (uint32_t i = 0; i < s->u.caseclause.body.n; i++)
            if (returns_in_range(L, s->u.caseclause.body.v[i], loops)) return true;
        return false;
    case N_CommClause:
        for (uint32_t i = 0; i < s->u.commclause.body.n; i++)
            if (returns_in_range(L, s->u.commclause.body.v[i], loops)) return true;
        return false;
    default: return false;
    }
}

/* gc's rewrite names a function's unnamed or blank results #rv1, #rv2 ...
   when a range-over-func loop in it returns values, reachable or not. */
static void name_results(Lower *L, IrFunc *fn) {
    for (uint32_t i = 0; i < fn->nresults; i++) {
        IrVar *r = fn->results[i];
        if (r->name[0] == '~' || (r->flags & IRV_BLANK) || r->name == L->s_blank) r->name = lw_internf(L, "#rv%u", i + 1);
    }
}

void lw_rangefunc_results(Lower *L, IrFunc *fn, const Node *body) {
    if (fn->nresults && returns_in_range(L, body, 0)) name_results(L, fn);
}

bool lw_rangefunc_return(Lower *L, const Node *s, IrList *out) {
    RangeFunc *rf = L->fc ? L->fc->rf : NULL;
    if (!rf) return false;
    IrFunc *real = rf->realfn;
    NodeList res = s->u.ret.results;
    Pos pos = s->pos;
    name_results(L, real);
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
    for (RangeFunc *r = rf; r; r = r->up) r->check_ret = true;
    leave(L, rf, -1, pos, out);
    return true;
}

/* gc's checks of #next after the iterator call of loop rf (in the body
   of the loop around it, or in the function for the outermost). */
static void checks(Lower *L, RangeFunc *rf, Pos pos, IrList *out) {
    for (size_t i = 0; i < rf->check_branch.len; i++) {
        RfBranch br = rf->check_branch.data[i];
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = rf->check_branch.data[j].tok == br.tok && rf->check_branch.data[j].label == br.label;
        if (dup) continue;
        const Node *loop = NULL;
        int64_t code = 0;
        label_info(L, rf, br.label, br.tok, &loop, &code);
        IrNode *iff = if_node(L, cmp_int(L, T_EQL, next_var(L, rf, pos), code, pos), pos);
        ir_list_append(L->p, &iff->list, set_int(L, rf->nest->next, 0, pos));
        IrNode *b = lw_node(L, br.tok == T_GOTO ? IR_GOTO : br.tok == T_BREAK ? IR_BREAK : IR_CONTINUE, pos, NULL, NULL);
        b->u.label = br.label;
        ir_list_append(L->p, &iff->list, b);
        ir_list_append(L->p, out, iff);
    }
    vec_free(&rf->check_branch);
    if (rf->depth == 1) {
        if (!rf->check_ret) return;
        IrNode *iff = if_node(L, cmp_int(L, T_EQL, next_var(L, rf, pos), -1, pos), pos);
        ir_list_append(L->p, &iff->list, lw_node(L, IR_RETURN, pos, NULL, NULL));
        ir_list_append(L->p, out, iff);
        return;
    }
    IrVar *up = rf->up->state;
    IrNode *iff;
    if (rf->check_ret) {
        iff = if_node(L, cmp_int(L, T_LSS, next_var(L, rf, pos), 0, pos), pos);
        ir_list_append(L->p, &iff->list, set_int(L, up, RF_DONE, pos));
        ir_list_append(L->p, &iff->list, ret_bool(L, pos, false));
        ir_list_append(L->p, out, iff);
    }
    int64_t step = PER_LOOP_STEP * (int64_t)(rf->depth - 1);
    iff = if_node(L, cmp_int(L, T_GTR, next_var(L, rf, pos), step, pos), pos);
    ir_list_append(L->p, &iff->list, panic_state(L, lit_int(L, pos, RF_DONE), pos));
    ir_list_append(L->p, out, iff);
    for (int k = 0; k < 2; k++) {
        bool cont = k == 0;
        if (cont ? !rf->check_continue : !rf->check_break) continue;
        iff = if_node(L, cmp_int(L, T_EQL, next_var(L, rf, pos), cont ? step - 1 : step, pos), pos);
        ir_list_append(L->p, &iff->list, set_int(L, rf->nest->next, 0, pos));
        ir_list_append(L->p, &iff->list, set_int(L, up, cont ? RF_READY : RF_DONE, pos));
        ir_list_append(L->p, &iff->list, ret_bool(L, pos, cont));
        ir_list_append(L->p, out, iff);
    }
    if (rf->check_continue || rf->check_break) {
        iff = if_node(L, cmp_int(L, T_GTR, next_var(L, rf, pos), 0, pos), pos);
        ir_list_append(L->p, &iff->list, set_int(L, up, RF_DONE, pos));
        ir_list_append(L->p, &iff->list, ret_bool(L, pos, false));
        ir_list_append(L->p, out, iff);
    }
}

/* x(#yield): the iterator called as a function value. */
static void range_call(Lower *L, IrNode *call, IrNode *x, IrVar *yv, Pos pos, IrList *out) {
    if (lw_has_call(x)) {
        x = lw_to_temp(L, call, x, pos);
        /* gc calls the range expression itself: the inliner's static value
           of the callee follows the temporary to it (iterator closures of
           inlined calls get inlined) */
        if (x->op == IR_NAME && x->u.var && call->init.n) x->u.var->defn = call->init.v[call->init.n - 1];
    }
    call->x = x;
    ir_list_append(L->p, &call->list, lw_name(L, yv, pos, NULL));
    ir_list_append(L->p, out, call);
}

void lw_range_func(Lower *L, const Node *s, const char *label, IrList *out) {
    Pos fpos = s->pos;
    const Node *body = s->u.rangestmt.body;
    Pos end = body && body->end ? body->end - 1 : fpos;
    FnCtx *fc = L->fc;
    IrFunc *outer = fc->fn;
    /* gc calls the range expression as written: x.M(#yield) is a method
       call, not a call of a method value */
    SignatureType *msig = NULL;
    IrNode *mcall = lw_method_call(L, lw_unparen(s->u.rangestmt.x), lw_info(L, s->u.rangestmt.x), fpos, NULL, s, &msig);
    IrNode *x = mcall ? NULL : lw_expr(L, s->u.rangestmt.x);
    SignatureType *isig = (SignatureType *)under_sig(mcall ? &msig->t : x->type);
    Type *yt = isig && tuple_len(isig->params) == 1 ? tuple_at(isig->params, 0)->type : NULL;
    SignatureType *ysig = (SignatureType *)under_sig(yt);
    if (!ysig) {
        ir_list_append(L->p, out, lw_bad(L, s, "range over func"));
        return;
    }
    uint32_t gen = ++fc->rangegen;
    Type *intt = &L->ctx->typ[BK_INT]->t;
    FnCtx *real = fc;
    while (real->rf) real = real->rf->outerfc;
    RangeFunc *up = fc->rf;
    RfNest nest0 = {.home = outer, .dcl_at = outer->ndcl, .pos = fpos};
    RangeFunc rf = {.outerfc = fc, .realfn = up ? up->realfn : outer, .up = up, .nest = up ? up->nest : &nest0,
                    .label = label, .depth = up ? up->depth + 1 : 1, .stmt = s};
    rf.state = local(L, outer, lw_internf(L, "#state%u", ++real->stategen), intt, fpos);
    IrNode *state_as = declare_assign(L, rf.state, lit_int(L, fpos, RF_READY), fpos, true);

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
        } else if (!define && id) {
            /* gc assigns #pN to what is written, the blank included */
            pv = ir_new_var(L->p, lw_internf(L, "#p%u", i + 1), pt, IRC_PARAM, L->file, fpos);
            if (!asg) asg = lw_node(L, IR_AS2, fpos, NULL, s);
            bool blank = id->kind == N_Ident && id->u.ident.name == L->s_blank;
            ir_list_append(L->p, &asg->list, blank ? lw_blank(L, id->pos, pt) : lw_expr(L, id));
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
    /* #tmpState := #stateN; #stateN = RF_PANIC; if #tmpState != RF_READY { panic } */
    IrVar *tmp = local(L, fn, lw_intern(L, "#tmpState"), intt, NOPOS);
    /* gc's rewrite leaves this statement without a position: the body's
       first use of #stateN, so its capture has none either */
    IrVar *scv = lw_capture_var(L, rf.state, NOPOS);
    if (scv != rf.state) scv->pos = NOPOS;     /* made just now: nothing used it before */
    IrNode *st = lw_name(L, scv, NOPOS, NULL);
    ir_list_append(L->p, &fn->body, declare_assign(L, tmp, st, NOPOS, true));
    ir_list_append(L->p, &fn->body, set_int(L, rf.state, RF_PANIC, fpos));
    IrNode *ready = if_node(L, cmp_int(L, T_NEQ, tmp, RF_READY, fpos), fpos);
    ir_list_append(L->p, &ready->list, panic_state(L, lw_name(L, tmp, fpos, NULL), fpos));
    ir_list_append(L->p, &fn->body, ready);
    /* the noder drops what follows a body that ends in a return (once
       dead code after it is dropped) */
    if (!body || !lw_stmts(L, &body->u.block.list, &fn->body)) {
        ir_list_append(L->p, &fn->body, set_int(L, rf.state, RF_READY, end));
        ir_list_append(L->p, &fn->body, ret_bool(L, end, true));
    }
    lw_bloop(L, fn);
    lw_loopvar(L, fn);
    lw_pop_fn(L, &inner);

    /* the loop, in the enclosing function */
    for (uint32_t i = 0; rf.depth == 1 && i < nest0.ndecl; i++) ir_list_append(L->p, out, nest0.decl[i]);
    ir_list_append(L->p, out, state_as);
    IrVar *yv = local(L, outer, lw_internf(L, "#yield%u", ++real->yieldgen), yt, NOPOS);
    ir_list_append(L->p, out, declare_assign(L, yv, clo, fpos, true));
    IrNode *call = mcall;
    if (call) {
        ir_list_append(L->p, &call->list, lw_name(L, yv, fpos, NULL));
        ir_list_append(L->p, out, call);
    } else {
        call = lw_node(L, IR_CALLFUNC, fpos, NULL, s);
        range_call(L, call, x, yv, fpos, out);
    }
    IrNode *missing = if_node(L, cmp_int(L, T_EQL, rf.state, RF_PANIC, end), end);
    ir_list_append(L->p, &missing->list, panic_state(L, lit_int(L, fpos, RF_MISSING_PANIC), fpos));
    ir_list_append(L->p, out, missing);
    ir_list_append(L->p, out, set_int(L, rf.state, RF_EXHAUSTED, end));
    checks(L, &rf, end, out);
}
