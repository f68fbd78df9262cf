/* Lowering statements: declarations and assignments (multi-value ones
   through temporaries, as unified IR builds them), control flow, switch and
   type switch clauses, select, go/defer wrappers. */
#include "lower.h"
#include "base/util.h"
#include <string.h>

/* Break/continue targets nested in a range-over-func body. */
#define RF_ENTER(L, loop)                                                      \
    do {                                                                       \
        if ((L)->fc->rf) {                                                     \
            (L)->fc->rf->breakables++;                                         \
            if (loop) (L)->fc->rf->loops++;                                    \
        }                                                                      \
    } while (0)
#define RF_LEAVE(L, loop)                                                      \
    do {                                                                       \
        if ((L)->fc->rf) {                                                     \
            (L)->fc->rf->breakables--;                                         \
            if (loop) (L)->fc->rf->loops--;                                    \
        }                                                                      \
    } while (0)

static IrNode *stmt_node(Lower *L, IrOp op, Pos pos, const Node *src) {
    return lw_node(L, op, pos, NULL, src);
}

static IrNode *dcl(Lower *L, IrVar *v, Pos pos) {
    IrNode *d = stmt_node(L, IR_DCL, pos, NULL);
    d->u.var = v;
    return d;
}

static bool is_blank_ident(Lower *L, const Node *e) {
    e = lw_unparen(e);
    return e && e->kind == N_Ident && e->u.ident.name == L->s_blank;
}

static Type *deftype(Lower *L, Type *t) {
    if (t && t->kind == TY_BASIC && (((BasicType *)t)->info & BINFO_UNTYPED)) return type_default(L->ctx, t);
    return t;
}

/* The destination of an assignment; a new variable (declared by this
   statement) gets its DCL appended to init. */
static IrNode *assignee(Lower *L, const Node *lhs, bool define, IrList *init, bool *isnew) {
    *isnew = false;
    const Node *u = lw_unparen(lhs);
    if (is_blank_ident(L, u)) return lw_blank(L, u->pos, NULL);
    if (define && u->kind == N_Ident) {
        Object *o = types_ident_def(L->info, u);
        if (o) {
            IrVar *v = lw_declare(L, o, u);
            ir_list_append(L->p, init, dcl(L, v, u->pos));
            L->sticky = u->pos;
            *isnew = true;
            return lw_name(L, v, u->pos, u);
        }
    }
    return lw_expr(L, lhs);
}

static Type *dst_type(Lower *L, IrNode *lhs) {
    if (lhs->op == IR_NAME && lhs->u.var == L->blank) return NULL;
    return lhs->type;
}

/* An N:1 value list (f() with several results, or a comma-ok form): the
   value goes into fresh temporaries by an AS2FUNC/AS2MAPR/AS2RECV/
   AS2DOTTYPE statement in the first result's init; out[i] are the
   temporaries, converted to dst[i] when given. Returns the count. */
void lw_forward_call(Lower *L, IrFunc *fn, IrNode *call, TupleType *results, Pos pos, bool hold_in_conv) {
    uint32_t nres = tuple_len(results);
    if (nres == 0) {
        ir_list_append(L->p, &fn->body, call);
        return;
    }
    IrNode *ret = lw_node(L, IR_RETURN, pos, NULL, NULL);
    if (nres == 1) {
        ir_list_append(L->p, &ret->list, call);
    } else {
        IrNode *as = lw_node(L, IR_AS2FUNC, pos, NULL, NULL);
        as->flags |= IRF_DEFINE;
        as->y = call;
        for (uint32_t i = 0; i < nres; i++) {
            IrVar *tmp = lw_temp(L, tuple_at(results, i)->type, pos);
            tmp->defn = as;
            IrNode *d = lw_node(L, IR_DCL, pos, NULL, NULL);
            d->u.var = tmp;
            ir_list_append(L->p, &as->init, d);
            ir_list_append(L->p, &as->list, lw_name(L, tmp, pos, NULL));
            ir_list_append(L->p, &ret->list, lw_name(L, tmp, pos, NULL));
        }
        if (hold_in_conv) {
            IrNode *c = lw_node(L, IR_CONVNOP, pos, ret->list.v[0]->type, NULL);
            c->x = ret->list.v[0];
            ret->list.v[0] = c;
            ir_list_append(L->p, &c->init, as);
        } else {
            ir_list_append(L->p, &ret->init, as);
        }
    }
    ir_list_append(L->p, &fn->body, ret);
}

uint32_t lw_multi_value(Lower *L, const Node *e, Pos pos, Type *const *dsts, uint32_t ndst,
                        IrNode ***out) {
    Type *tt = lw_type(L, e);
    IrNode *y = lw_expr(L, e);
    uint32_t n = tt && tt->kind == TY_TUPLE ? tuple_len((TupleType *)tt) : ndst;
    IrOp op = IR_AS2FUNC;
    if (y->op == IR_INDEXMAP) op = IR_AS2MAPR;
    else if (y->op == IR_RECV) op = IR_AS2RECV;
    else if (y->op == IR_DOTTYPE) {
        op = IR_AS2DOTTYPE;
        y->op = IR_DOTTYPE2;
    }
    IrNode *as = stmt_node(L, op, pos, e);
    as->flags |= IRF_DEFINE;
    as->y = y;
    IrNode **res = arena_alloc(&L->p->arena, (n ? n : 1) * sizeof *res);
    for (uint32_t i = 0; i < n; i++) {
        Type *rt = tt && tt->kind == TY_TUPLE ? tuple_at((TupleType *)tt, i)->type : NULL;
        if (!rt && i == 1) rt = &L->ctx->typ[BK_BOOL]->t;
        if (!rt && i == 0) rt = y->type;
        rt = deftype(L, rt);
        IrVar *tmp = lw_temp(L, rt, pos);
        tmp->defn = as;
        ir_list_append(L->p, &as->init, dcl(L, tmp, pos));
        ir_list_append(L->p, &as->list, lw_name(L, tmp, pos, NULL));
        IrNode *r = lw_name(L, tmp, pos, NULL);
        Type *dt = i < ndst && dsts ? dsts[i] : NULL;
        if (dt && rt && !type_identical(dt, rt)) {
            IrNode *c = lw_node(L, lw_conv_op(rt, dt), pos, dt, NULL);
            c->x = r;
            c->flags |= IRF_IMPLICIT;
            r = c;
        }
        res[i] = r;
    }
    if (n) {
        /* a shared name cannot hold the init: gc wraps it in a CONVNOP */
        if (res[0]->op == IR_NAME) {
            IrNode *c = lw_node(L, IR_CONVNOP, L->sticky ? L->sticky : pos, res[0]->type, NULL);
            c->x = res[0];
            res[0] = c;
        }
        ir_list_append(L->p, &res[0]->init, as);
    }
    *out = res;
    return n;
}

static bool is_multi(Lower *L, const NodeList *rhs, uint32_t nlhs) {
    if (rhs->n != 1 || nlhs < 2) return false;
    return true;
}

static void assign(Lower *L, const Node *s, IrList *out) {
    NodeList lhs = s->u.assign.lhs, rhs = s->u.assign.rhs;
    bool define = s->tok == T_DEFINE;
    Pos pos = s->op ? s->op : s->pos;
    IrList init = {0};
    IrNode **dst = xcalloc(lhs.n ? lhs.n : 1, sizeof *dst);
    bool *isnew = xcalloc(lhs.n ? lhs.n : 1, sizeof *isnew);
    for (uint32_t i = 0; i < lhs.n; i++) dst[i] = assignee(L, lhs.v[i], define, &init, &isnew[i]);
    IrNode *as;
    if (lhs.n == 1 && rhs.n == 1) {
        as = stmt_node(L, IR_AS, pos, s);
        as->x = dst[0];
        as->y = lw_expr_to(L, rhs.v[0], dst_type(L, dst[0]));
        if (dst[0]->op == IR_NAME && dst[0]->u.var == L->blank && as->y->type) {
            as->y->type = deftype(L, as->y->type);
            dst[0]->type = as->y->type;
        }
    } else {
        as = stmt_node(L, IR_AS2, pos, s);
        for (uint32_t i = 0; i < lhs.n; i++) ir_list_append(L->p, &as->list, dst[i]);
        if (is_multi(L, &rhs, lhs.n)) {
            IrNode **vals;
            Type **dt = xcalloc(lhs.n, sizeof *dt);
            for (uint32_t i = 0; i < lhs.n; i++) dt[i] = dst_type(L, dst[i]);
            uint32_t n = lw_multi_value(L, rhs.v[0], pos, dt, lhs.n, &vals);
            free(dt);
            for (uint32_t i = 0; i < n; i++) ir_list_append(L->p, &as->rlist, vals[i]);
        } else {
            for (uint32_t i = 0; i < rhs.n; i++) {
                IrNode *v = lw_expr_to(L, rhs.v[i], i < lhs.n ? dst_type(L, dst[i]) : NULL);
                if (v->type) v->type = deftype(L, v->type);
                ir_list_append(L->p, &as->rlist, v);
            }
        }
    }
    if (define) as->flags |= IRF_DEFINE;
    for (uint32_t i = 0; i < lhs.n; i++)
        if (isnew[i]) dst[i]->u.var->defn = as;
    as->init = init;
    ir_list_append(L->p, out, as);
    free(dst);
    free(isnew);
}

static Token base_op(Token t) {
    switch (t) {
    case T_ADD_ASSIGN: return T_ADD;
    case T_SUB_ASSIGN: return T_SUB;
    case T_MUL_ASSIGN: return T_MUL;
    case T_QUO_ASSIGN: return T_QUO;
    case T_REM_ASSIGN: return T_REM;
    case T_AND_ASSIGN: return T_AND;
    case T_OR_ASSIGN: return T_OR;
    case T_XOR_ASSIGN: return T_XOR;
    case T_SHL_ASSIGN: return T_SHL;
    case T_SHR_ASSIGN: return T_SHR;
    case T_AND_NOT_ASSIGN: return T_AND_NOT;
    case T_INC: return T_ADD;
    case T_DEC: return T_SUB;
    default: return t;
    }
}

static void assign_op(Lower *L, const Node *s, IrList *out) {
    IrNode *n = stmt_node(L, IR_ASOP, s->op ? s->op : s->pos, s);
    n->tok = (uint8_t)base_op((Token)s->tok);
    n->x = lw_expr(L, s->u.assign.lhs.v[0]);
    Type *t = n->x->type;
    if (n->tok == T_SHL || n->tok == T_SHR) n->y = lw_expr(L, s->u.assign.rhs.v[0]);
    else n->y = lw_expr_to(L, s->u.assign.rhs.v[0], t);
    ir_list_append(L->p, out, n);
}

static void incdec(Lower *L, const Node *s, IrList *out) {
    Pos pos = s->op ? s->op : s->pos;
    IrNode *n = stmt_node(L, IR_ASOP, pos, s);
    n->tok = (uint8_t)base_op((Token)s->tok);
    n->flags |= IRF_INCDEC;
    n->x = lw_expr(L, s->u.incdec.x);
    IrNode *one = lw_node(L, IR_LITERAL, pos, n->x->type, NULL);
    one->u.val = const_int64(L->pkg->consts, 1);
    n->y = one;
    ir_list_append(L->p, out, n);
}

/* var declarations inside functions */
static void var_decl(Lower *L, const Node *d, IrList *out) {
    for (uint32_t k = 0; k < d->u.gendecl.specs.n; k++) {
        const Node *spec = d->u.gendecl.specs.v[k];
        NodeList names = spec->u.valuespec.names, values = spec->u.valuespec.values;
        if (values.n == 0) {
            /* gc: one `x = <zero>` per name, all at the statement's position */
            Pos spos = names.n ? names.v[0]->pos : spec->pos;
            for (uint32_t i = 0; i < names.n; i++) {
                const Node *id = names.v[i];
                Object *o = types_ident_def(L->info, id);
                IrNode *as = stmt_node(L, IR_AS, spos, spec);
                if (!o || id->u.ident.name == L->s_blank) {
                    as->x = lw_blank(L, id->pos, o ? o->type : NULL);
                } else {
                    IrVar *v = lw_declare(L, o, id);
                    L->sticky = id->pos;
                    ir_list_append(L->p, &as->init, dcl(L, v, spos));
                    as->x = lw_name(L, v, id->pos, id);
                }
                ir_list_append(L->p, out, as);
            }
            continue;
        }
        Pos pos = names.n ? names.v[0]->pos : spec->pos;
        IrList init = {0};
        IrNode **dst = xcalloc(names.n ? names.n : 1, sizeof *dst);
        for (uint32_t i = 0; i < names.n; i++) {
            const Node *id = names.v[i];
            Object *o = types_ident_def(L->info, id);
            if (!o || id->u.ident.name == L->s_blank) {
                dst[i] = lw_blank(L, id->pos, o ? o->type : NULL);
                continue;
            }
            IrVar *v = lw_declare(L, o, id);
            L->sticky = id->pos;
            ir_list_append(L->p, &init, dcl(L, v, id->pos));
            dst[i] = lw_name(L, v, id->pos, id);
        }
        IrNode *as;
        if (names.n == 1 && values.n == 1) {
            as = stmt_node(L, IR_AS, pos, spec);
            as->x = dst[0];
            as->y = lw_expr_to(L, values.v[0], dst_type(L, dst[0]));
            if (as->y->type) as->y->type = deftype(L, as->y->type);
        } else {
            as = stmt_node(L, IR_AS2, pos, spec);
            for (uint32_t i = 0; i < names.n; i++) ir_list_append(L->p, &as->list, dst[i]);
            if (values.n == 1 && names.n > 1) {
                IrNode **vals;
                Type **dt = xcalloc(names.n, sizeof *dt);
                for (uint32_t i = 0; i < names.n; i++) dt[i] = dst_type(L, dst[i]);
                uint32_t n = lw_multi_value(L, values.v[0], pos, dt, names.n, &vals);
                free(dt);
                for (uint32_t i = 0; i < n; i++) ir_list_append(L->p, &as->rlist, vals[i]);
            } else {
                for (uint32_t i = 0; i < values.n; i++)
                    ir_list_append(L->p, &as->rlist, lw_expr_to(L, values.v[i], i < names.n ? dst_type(L, dst[i]) : NULL));
            }
        }
        as->flags |= IRF_DEFINE;
        as->init = init;
        for (uint32_t i = 0; i < names.n; i++)
            if (dst[i]->op == IR_NAME && dst[i]->u.var != L->blank) dst[i]->u.var->defn = as;
        ir_list_append(L->p, out, as);
        free(dst);
    }
}

/* --------------------------------------------------------------- return */

static void return_stmt(Lower *L, const Node *s, IrList *out) {
    if (lw_rangefunc_return(L, s, out)) return;
    IrNode *n = stmt_node(L, IR_RETURN, s->pos, s);
    IrFunc *fn = L->fc->fn;
    NodeList res = s->u.ret.results;
    if (res.n == 1 && fn->nresults > 1) {
        Type **dst = xcalloc(fn->nresults, sizeof *dst);
        for (uint32_t i = 0; i < fn->nresults; i++) dst[i] = fn->results[i]->type;
        IrNode **vals;
        uint32_t k = lw_multi_value(L, res.v[0], s->pos, dst, fn->nresults, &vals);
        for (uint32_t i = 0; i < k; i++) ir_list_append(L->p, &n->list, vals[i]);
        free(dst);
    } else {
        for (uint32_t i = 0; i < res.n; i++) {
            Type *rt = i < fn->nresults ? fn->results[i]->type : NULL;
            ir_list_append(L->p, &n->list, lw_expr_to(L, res.v[i], rt));
        }
    }
    ir_list_append(L->p, out, n);
}

/* ------------------------------------------------------------- go/defer */

typedef struct ArgRefs {
    IrNode ***v;
    uint32_t n, cap;
} ArgRefs;

static void argref_push(ArgRefs *a, IrNode **p) {
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 8;
        a->v = xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = p;
}

static void visit_arg(ArgRefs *a, IrNode **p) {
    IrNode *n = *p;
    if (!n) return;
    switch (n->op) {
    case IR_LITERAL: case IR_NIL: case IR_METHEXPR: case IR_NEW: case IR_TYPE:
        return;
    case IR_NAME:
        if (n->flags & IRF_FUNCNAME) return;
        break;
    case IR_CONVNOP:
        if (n->x && n->x->type && n->type && type_basic_kind(n->type) == BK_UINTPTR &&
            type_basic_kind(n->x->type) == BK_UNSAFE_POINTER) {
            visit_arg(a, &n->x);
            return;
        }
        break;
    case IR_ARRAYLIT: case IR_SLICELIT: case IR_STRUCTLIT:
        for (uint32_t i = 0; i < n->list.n; i++) {
            IrNode *el = n->list.v[i];
            if (el->op == IR_KEY) visit_arg(a, &el->y);
            else if (el->op == IR_STRUCTKEY) visit_arg(a, &el->x);
            else visit_arg(a, &n->list.v[i]);
        }
        return;
    default: break;
    }
    argref_push(a, p);
}

static bool unique_pos(const IrNode *n) {
    switch (n->op) {
    case IR_NAME: case IR_LITERAL: case IR_NIL: case IR_TYPE: return false;
    default: return !(n->flags & IRF_IMPLICIT) || n->op != IR_CONVNOP;
    }
}

static void go_defer(Lower *L, const Node *s, IrList *out) {
    bool isgo = s->kind == N_GoStmt;
    Pos spos = s->pos;
    IrNode *st = stmt_node(L, isgo ? IR_GO : IR_DEFER, spos, s);
    /* gc's DeferAt: a defer in a range-over-func body runs with the
       enclosing function's (its #defers token) */
    if (!isgo) st->y = lw_rangefunc_defer_at(L, spos);
    IrNode *call = lw_expr(L, s->u.gostmt.call);
    /* the call's own init runs at the statement */
    for (uint32_t i = 0; i < call->init.n; i++) ir_list_append(L->p, &st->init, call->init.v[i]);
    call->init = (IrList){0};
    if (call->op == IR_CALLFUNC && call->x && call->x->type) {
        Type *ft = type_under(call->x->type);
        if (ft && ft->kind == TY_SIGNATURE) {
            SignatureType *sig = (SignatureType *)ft;
            if (tuple_len(sig->params) + tuple_len(sig->results) == 0) {
                st->x = call;
                ir_list_append(L->p, out, st);
                return;
            }
        }
    }
    FnCtx *fc = L->fc;
    const char *name = fc->fn->name == L->s_blank
                           ? lw_closure_name(L, isgo ? ".gowrap" : ".deferwrap", NULL)
                           : lw_internf(L, "%s%s%u", fc->fn->name, isgo ? ".gowrap" : ".deferwrap", ++fc->godefergen);
    SignatureType *wsig = type_new_signature(L->pkg, NULL, NULL, NULL, false);
    IrFunc *w = lw_new_closure(L, name, spos, wsig);
    w->flags |= IRFN_WRAPPER | (isgo ? IRFN_GOWRAP : IRFN_DEFERWRAP);
    w->endpos = s->end;
    ArgRefs refs = {0};
    switch (call->op) {
    case IR_CALLFUNC:
        visit_arg(&refs, &call->x);
        for (uint32_t i = 0; i < call->list.n; i++) visit_arg(&refs, &call->list.v[i]);
        break;
    case IR_CALLINTER:
        argref_push(&refs, &call->x->x);
        for (uint32_t i = 0; i < call->list.n; i++) visit_arg(&refs, &call->list.v[i]);
        break;
    case IR_APPEND: case IR_DELETE: case IR_PRINT: case IR_PRINTLN: case IR_RECOVER:
        for (uint32_t i = 0; i < call->list.n; i++) visit_arg(&refs, &call->list.v[i]);
        break;
    case IR_COPY:
        visit_arg(&refs, &call->x);
        visit_arg(&refs, &call->y);
        break;
    case IR_CLEAR: case IR_CLOSE: case IR_PANIC:
        visit_arg(&refs, &call->x);
        break;
    default:
        break;
    }
    if (refs.n) {
        IrNode *as = stmt_node(L, IR_AS2, spos, NULL);
        for (uint32_t i = 0; i < refs.n; i++) {
            IrNode *a = *refs.v[i];
            Pos pos = unique_pos(a) ? a->pos : spos;
            IrVar *tmp = lw_temp(L, a->type, pos);
            tmp->defn = as;
            ir_list_append(L->p, &st->init, dcl(L, tmp, pos));
            ir_list_append(L->p, &as->list, lw_name(L, tmp, pos, NULL));
            ir_list_append(L->p, &as->rlist, a);
            IrVar *cv = ir_new_var(L->p, tmp->name, tmp->type, IRC_AUTO, L->file, pos);
            cv->flags = IRV_CLOSUREVAR | IRV_USED;
            cv->outer = tmp;
            cv->curfn = w;
            tmp->flags |= IRV_CAPTURED;
            ir_ptrs_append(L->p, (void ***)&w->cvars, &w->ncvars, cv);
            *refs.v[i] = lw_name(L, cv, pos, NULL);
        }
        ir_list_append(L->p, &st->init, as);
    }
    free(refs.v);
    ir_list_append(L->p, &w->body, call);
    IrNode *clo = lw_node(L, IR_CLOSURE, spos, &wsig->t, NULL);
    clo->u.fn = w;
    w->closure = clo;
    IrNode *wc = lw_node(L, IR_CALLFUNC, call->pos, NULL, NULL);
    wc->x = clo;
    wc->flags |= IRF_WRAPPER_CALL;
    st->x = wc;
    ir_list_append(L->p, out, st);
}

/* ------------------------------------------------------------ control flow */

void lw_block(Lower *L, const Node *block, IrList *out) {
    if (!block) return;
    if (L->fc && !L->fc->body) L->fc->body = block;
    lw_stmts(L, &block->u.block.list, out);
}

void lw_narrowed_operands(Lower *L, const Node *e, const Node **x, const Node **y) {
    for (size_t i = 0; i < L->narrowed.len; i++)
        if (L->narrowed.data[i].node == e) {
            *x = L->narrowed.data[i].x;
            if (y) *y = L->narrowed.data[i].y;
            return;
        }
}

static void narrow_operands(Lower *L, const Node *e, const Node *x, const Node *y) {
    for (size_t i = 0; i < L->narrowed.len; i++)
        if (L->narrowed.data[i].node == e) {
            L->narrowed.data[i].x = x;
            L->narrowed.data[i].y = y;
            return;
        }
    vec_push(&L->narrowed, ((LwNarrowed){e, x, y}));
}

static bool is_const(Lower *L, const Node *e) {
    const ExprInfo *i = lw_info(L, e);
    return i && i->mode == EM_CONST;
}

/* gc's static truth of a condition (+1 true, -1 false, 0 unknown), from
   its constant value or && / || with a constant side. Like gc's writer it
   narrows *ep to the side that decides, and rewrites the tree it descends
   into, so an operand narrowed inside an undecided && / || stays narrowed
   (recorded in L->narrowed); a parenthesised operand is opaque unless
   constant, and ! is not negated. */
static int static_bool(Lower *L, const Node **ep) {
    const Node *e = *ep;
    const ExprInfo *ei = lw_info(L, e);
    if (ei && ei->mode == EM_CONST && ei->val && const_kind(ei->val) == CONST_BOOL)
        return const_bool_val(ei->val) ? 1 : -1;
    if (e->kind == N_UnaryExpr && e->tok == T_NOT) {
        const Node *x = e->u.unary.x;
        lw_narrowed_operands(L, e, &x, NULL);
        const Node *x0 = x;
        int xs = static_bool(L, &x);
        if (x != x0) narrow_operands(L, e, x, NULL);
        return xs;
    }
    if (e->kind != N_BinaryExpr || (e->tok != T_LAND && e->tok != T_LOR)) return 0;
    bool land = e->tok == T_LAND;
    const Node *x = e->u.binary.x, *y = e->u.binary.y;
    lw_narrowed_operands(L, e, &x, &y);
    const Node *x0 = x, *y0 = y;
    int xs = static_bool(L, &x);
    if (land ? xs < 0 : xs > 0) {
        *ep = x;
        return xs;
    }
    int ys = static_bool(L, &y), r = 0;
    if (land ? xs > 0 || ys < 0 : xs < 0 || ys > 0) {
        if (is_const(L, x)) {
            *ep = y;
            return ys;
        }
        r = ys;
    }
    if (x != x0 || y != y0) narrow_operands(L, e, x, y);
    return r;
}

static const Node *last_non_empty(const NodeList *l) {
    for (uint32_t i = l->n; i-- > 0;)
        if (l->v[i]->kind != N_EmptyStmt) return l->v[i];
    return NULL;
}

/* gc's (approximate) "statement terminates" for dropping dead code. */
bool lw_terminates(Lower *L, const Node *s) {
    if (!s) return false;
    switch (s->kind) {
    /* break and continue of a range-over-func loop end in a return */
    case N_BranchStmt: return s->tok == T_GOTO || lw_rangefunc_target(L, s);
    case N_ReturnStmt: return true;
    case N_ExprStmt: {
        const Node *c = lw_unparen(s->u.exprstmt.x);
        if (c->kind != N_CallExpr) return false;
        const Node *f = lw_unparen(c->u.call.fun);
        Object *o = f->kind == N_Ident ? types_ident_use(L->info, f) : NULL;
        return o && o->kind == OBJ_BUILTIN && o->u.builtin == BUILTIN_PANIC;
    }
    case N_IfStmt: {
        const Node *cond = s->u.ifstmt.cond;
        int c = static_bool(L, &cond);
        return (c < 0 || lw_terminates(L, s->u.ifstmt.body)) && (c > 0 || lw_terminates(L, s->u.ifstmt.els));
    }
    case N_BlockStmt: return lw_terminates(L, last_non_empty(&s->u.block.list));
    default: return false;
    }
}

static void if_stmt(Lower *L, const Node *s, IrList *out) {
    const Node *cond = s->u.ifstmt.cond;
    int sc = static_bool(L, &cond);
    IrNode *n = stmt_node(L, IR_IF, s->pos, s);
    if (s->u.ifstmt.init) lw_stmt(L, s->u.ifstmt.init, &n->init);
    n->x = lw_expr(L, cond);
    if (n->x->type) n->x->type = deftype(L, n->x->type);
    IrList then = {0}, els = {0};
    if (sc >= 0) lw_block(L, s->u.ifstmt.body, &then);
    const Node *e = s->u.ifstmt.els;
    if (e && sc <= 0) {
        if (e->kind == N_BlockStmt) lw_block(L, e, &els);
        else lw_stmt(L, e, &els);
    }
    if (sc != 0) {
        /* a statically decided if becomes a block (gc drops the dead branch) */
        IrList all = n->init;
        if (n->x->op != IR_LITERAL) {
            IrNode *as = stmt_node(L, IR_AS, s->pos, NULL);
            as->x = lw_blank(L, s->pos, n->x->type);
            as->y = n->x;
            ir_list_append(L->p, &all, as);
        }
        for (uint32_t i = 0; i < then.n; i++) ir_list_append(L->p, &all, then.v[i]);
        for (uint32_t i = 0; i < els.n; i++) ir_list_append(L->p, &all, els.v[i]);
        if (all.n == 1) {
            ir_list_append(L->p, out, all.v[0]);
        } else if (all.n > 1) {
            IrNode *b = stmt_node(L, IR_BLOCK, all.v[0]->pos, NULL);
            b->list = all;
            ir_list_append(L->p, out, b);
        }
        return;
    }
    n->list = then;
    n->rlist = els;
    ir_list_append(L->p, out, n);
}

static void for_stmt(Lower *L, const Node *s, IrList *out) {
    IrNode *n = stmt_node(L, IR_FOR, s->pos, s);
    const Node *init = s->u.forstmt.init;
    const Node *cond = s->u.forstmt.cond;
    bool dead = cond && static_bool(L, &cond) < 0;
    if (init) lw_stmt(L, init, &n->init);
    if (L->distinct_loops) n->flags |= IRF_DISTINCTVARS;
    if (cond) {
        const ExprInfo *ci = lw_info(L, cond);
        if (ci && ci->mode == EM_CONST && dead) {
            /* for init; false; post {} is just init */
            for (uint32_t i = 0; i < n->init.n; i++) ir_list_append(L->p, out, n->init.v[i]);
            return;
        }
        n->x = lw_expr(L, cond);
        if (n->x->type) n->x->type = deftype(L, n->x->type);
    }
    if (s->u.forstmt.post && !dead) {
        IrList post = {0};
        lw_stmt(L, s->u.forstmt.post, &post);
        n->y = post.n == 1 ? post.v[0] : NULL;
    }
    RF_ENTER(L, 1);
    if (!dead) lw_block(L, s->u.forstmt.body, &n->list);
    RF_LEAVE(L, 1);
    ir_list_append(L->p, out, n);
}

static void range_stmt(Lower *L, const Node *s, IrList *out) {
    Pos pos = s->op ? s->op : s->pos;
    const char *label = L->range_label;
    L->range_label = NULL;
    Type *rt = lw_type(L, s->u.rangestmt.x);
    if (rt && type_under(rt)->kind == TY_SIGNATURE) {
        lw_range_func(L, s, label, out);
        return;
    }
    IrNode *n = stmt_node(L, IR_RANGE, pos, s);
    bool define = s->tok == T_DEFINE;
    const Node *k = s->u.rangestmt.key, *v = s->u.rangestmt.value;
    bool isnew;
    /* gc reads the variables before the range expression */
    if (k) n->y = assignee(L, k, define, &n->init, &isnew);
    if (k && isnew) n->y->u.var->defn = n;
    if (v) n->z = assignee(L, v, define, &n->init, &isnew);
    if (v && isnew) n->z->u.var->defn = n;
    if (define) n->flags |= IRF_DEFINE;
    if (define && L->distinct_loops) n->flags |= IRF_DISTINCTVARS;
    n->x = lw_expr(L, s->u.rangestmt.x);
    if (n->x->type) n->x->type = deftype(L, n->x->type);
    RF_ENTER(L, 1);
    lw_block(L, s->u.rangestmt.body, &n->list);
    RF_LEAVE(L, 1);
    ir_list_append(L->p, out, n);
}

/* gc's position of a type switch clause variable: the last name of the
   last type in the case list, or the case keyword. */
static Pos type_end_pos(const Node *e) {
    for (;;) {
        if (!e) return NOPOS;
        switch (e->kind) {
        case N_Ident: return e->pos;
        case N_SelectorExpr: return e->u.selector.x->pos;
        case N_ParenExpr: e = e->u.paren.x; break;
        case N_StarExpr: e = e->u.star.x; break;
        case N_ArrayType: e = e->u.array.elt; break;
        case N_ChanType: e = e->u.chan.value; break;
        case N_Ellipsis: e = e->u.ellipsis.elt; break;
        case N_MapType: e = e->u.map.value; break;
        case N_StructType: return e->pos;
        case N_InterfaceType: {
            const Node *ml = e->u.iface.methods;
            if (!ml || !ml->u.fieldlist.list.n) return e->pos;
            e = ml->u.fieldlist.list.v[ml->u.fieldlist.list.n - 1]->u.field.type;
            break;
        }
        case N_FuncType: {
            const Node *fl = e->u.functype.results;
            if (!fl || !fl->u.fieldlist.list.n) fl = e->u.functype.params;
            if (!fl || !fl->u.fieldlist.list.n) return e->pos;
            e = fl->u.fieldlist.list.v[fl->u.fieldlist.list.n - 1]->u.field.type;
            break;
        }
        case N_IndexExpr: case N_IndexListExpr:
            e = e->u.index.indices.n ? e->u.index.indices.v[e->u.index.indices.n - 1] : e->u.index.x;
            break;
        default: return e->pos;
        }
    }
}

static void type_switch(Lower *L, const Node *s, IrList *out) {
    IrNode *n = stmt_node(L, IR_SWITCH, s->pos, s);
    if (s->u.switchstmt.init) lw_stmt(L, s->u.switchstmt.init, &n->init);
    const Node *g = s->u.switchstmt.tag, *lhs = NULL, *ax = NULL;
    if (g->kind == N_AssignStmt && g->u.assign.lhs.n == 1 && g->u.assign.rhs.n == 1) {
        lhs = g->u.assign.lhs.v[0];
        ax = g->u.assign.rhs.v[0];
    } else if (g->kind == N_ExprStmt) {
        ax = g->u.exprstmt.x;
    }
    ax = lw_unparen(ax);
    if (!ax || ax->kind != N_TypeAssertExpr) {
        ir_list_append(L->p, out, lw_bad(L, s, "type switch guard"));
        return;
    }
    IrNode *ts = lw_node(L, IR_TYPESW, g->pos, NULL, g);
    ts->x = lw_expr(L, ax->u.assert.x);
    Type *xt = ts->x->type;
    if (lhs && lhs->u.ident.name != L->s_blank) {
        IrVar *gv = ir_new_var(L->p, lhs->u.ident.name, xt, IRC_AUTO, L->file, lhs->pos);
        gv->curfn = L->fc->fn;
        ts->u.var = gv;
    }
    n->x = ts;
    const Node *body = s->u.switchstmt.body;
    for (uint32_t i = 0; body && i < body->u.block.list.n; i++) {
        const Node *cc = body->u.block.list.v[i];
        IrNode *c = stmt_node(L, IR_CASE, cc->pos, cc);
        NodeList cl = cc->u.caseclause.list;
        Type *single = NULL;
        for (uint32_t k = 0; k < cl.n; k++) {
            const ExprInfo *ti = lw_info(L, cl.v[k]);
            IrNode *tn;
            if (ti && ti->mode == EM_TYPE) tn = lw_node(L, IR_TYPE, lw_gcpos(cl.v[k]), ti->type, cl.v[k]);
            else tn = lw_node(L, IR_NIL, cl.v[k]->pos, xt, cl.v[k]);
            ir_list_append(L->p, &c->list, tn);
            single = cl.n == 1 && tn->op == IR_TYPE ? ti->type : NULL;
        }
        TswClause tc = {0};
        if (ts->u.var) {
            Pos vpos = cl.n ? type_end_pos(cl.v[cl.n - 1]) : cc->pos;
            IrVar *v = ir_new_var(L->p, lhs->u.ident.name, single ? single : xt, IRC_AUTO, L->file, vpos);
            v->curfn = L->fc->fn;
            v->defn = ts;
            ir_func_add_dcl(L->p, L->fc->fn, v);
            c->u.var = v;
            tc = (TswClause){L->tsw, L->fc, lhs->u.ident.name, L->file, lhs->pos, v};
            L->tsw = &tc;
        }
        RF_ENTER(L, 0);
        lw_stmts(L, &cc->u.caseclause.body, &c->rlist);
        RF_LEAVE(L, 0);
        if (ts->u.var) L->tsw = tc.prev;
        ir_list_append(L->p, &n->list, c);
    }
    ir_list_append(L->p, out, n);
}

static bool has_fallthrough(const NodeList *body) {
    const Node *l = last_non_empty(body);
    return l && l->kind == N_BranchStmt && l->tok == T_FALLTHROUGH;
}

static void switch_stmt(Lower *L, const Node *s, IrList *out) {
    IrNode *n = stmt_node(L, IR_SWITCH, s->pos, s);
    if (s->u.switchstmt.init) lw_stmt(L, s->u.switchstmt.init, &n->init);
    const Node *body = s->u.switchstmt.body;
    const Node *tag = s->u.switchstmt.tag;
    uint32_t nclauses = body ? body->u.block.list.n : 0;
    const Node *const *clauses = body ? (const Node *const *)body->u.block.list.v : NULL;
    const Node *only = NULL;    /* the one clause kept when the tag is constant */
    bool rewritten = false;
    /* a constant tag (or none: true) selects its clause statically when every
       case is constant */
    const ExprInfo *ti = tag ? lw_info(L, tag) : NULL;
    const Const *tv = tag ? (ti && ti->mode == EM_CONST ? ti->val : NULL) : const_bool(L->pkg->consts, true);
    if (tv) {
        const Node *target = NULL;
        bool give_up = false;
        for (uint32_t i = 0; i < nclauses && !give_up; i++) {
            const Node *cc = clauses[i];
            NodeList cl = cc->u.caseclause.list;
            if (cl.n == 0) target = cc;
            bool hit = false;
            for (uint32_t k = 0; k < cl.n; k++) {
                const ExprInfo *ci = lw_info(L, cl.v[k]);
                if (!ci || ci->mode != EM_CONST || !ci->val) {
                    give_up = true;
                    break;
                }
                if (const_compare(tv, T_EQL, ci->val)) {
                    target = cc;
                    hit = true;
                    break;
                }
            }
            if (hit) break;
        }
        if (!give_up && !(target && has_fallthrough(&target->u.caseclause.body))) {
            rewritten = true;
            only = target;
            tag = NULL;
        }
    }
    Type *tagt = NULL;
    if (tag) {
        tagt = deftype(L, lw_type(L, tag));
        Type *tu = tagt ? type_under(tagt) : NULL;
        bool ischan = tu && tu->kind == TY_CHAN;
        bool any_iface = false;
        for (uint32_t i = 0; !ischan && i < nclauses && !any_iface; i++) {
            NodeList cl = clauses[i]->u.caseclause.list;
            for (uint32_t k = 0; k < cl.n; k++) {
                Type *ct = lw_type(L, cl.v[k]);
                if (ct && tagt && !type_identical(ct, tagt) && type_basic_kind(ct) != BK_UNTYPED_NIL &&
                    type_is_interface(ct) && !type_is_interface(tagt)) {
                    any_iface = true;
                    break;
                }
            }
        }
        if (any_iface) tagt = type_unalias(L->ctx->any_type);
        n->x = lw_expr_to(L, tag, tagt);
        if (ischan) tagt = NULL;
    } else {
        tagt = &L->ctx->typ[BK_BOOL]->t;
    }
    for (uint32_t i = 0; i < nclauses; i++) {
        const Node *cc = clauses[i];
        if (rewritten && cc != only) continue;
        IrNode *c = stmt_node(L, IR_CASE, cc->pos, cc);
        NodeList cl = cc->u.caseclause.list;
        for (uint32_t k = 0; !rewritten && k < cl.n; k++)
            ir_list_append(L->p, &c->list, lw_expr_to(L, cl.v[k], tagt));
        RF_ENTER(L, 0);
        lw_stmts(L, &cc->u.caseclause.body, &c->rlist);
        RF_LEAVE(L, 0);
        ir_list_append(L->p, &n->list, c);
    }
    ir_list_append(L->p, out, n);
}

static void select_stmt(Lower *L, const Node *s, IrList *out) {
    IrNode *n = stmt_node(L, IR_SELECT, s->pos, s);
    const Node *body = s->u.selectstmt.body;
    for (uint32_t i = 0; body && i < body->u.block.list.n; i++) {
        const Node *cc = body->u.block.list.v[i];
        IrNode *c = stmt_node(L, IR_CASE, cc->pos, cc);
        IrList comm = {0}, pre = {0};
        if (cc->u.commclause.comm) lw_stmt(L, cc->u.commclause.comm, &comm);
        IrNode *cm = comm.n ? comm.v[comm.n - 1] : NULL;
        if (cm && cm->op == IR_AS && !(cm->flags & IRF_DEFINE) && cm->y && cm->y->op == IR_CONVIFACE &&
            cm->y->x && cm->y->x->op == IR_RECV) {
            IrNode *recv = cm->y->x;
            Pos pos = cc->pos;
            IrVar *tmp = lw_temp(L, recv->type, pos);
            IrNode *tas = stmt_node(L, IR_AS, pos, NULL);
            tas->flags |= IRF_DEFINE;
            ir_list_append(L->p, &tas->init, dcl(L, tmp, pos));
            tas->x = lw_name(L, tmp, pos, NULL);
            tas->y = recv;
            tmp->defn = tas;
            cm->y->x = lw_name(L, tmp, pos, NULL);
            ir_list_append(L->p, &pre, cm);
            cm = tas;
        } else if (cm && cm->op == IR_AS2 && cm->rlist.n && cm->rlist.v[0]->init.n == 1) {
            IrNode *inner = cm->rlist.v[0]->init.v[0];
            cm->rlist.v[0]->init = (IrList){0};
            ir_list_append(L->p, &pre, cm);
            cm = inner;
        }
        c->x = cm;
        for (uint32_t k = 0; k < pre.n; k++) ir_list_append(L->p, &c->rlist, pre.v[k]);
        RF_ENTER(L, 0);
        lw_stmts(L, &cc->u.commclause.body, &c->rlist);
        RF_LEAVE(L, 0);
        ir_list_append(L->p, &n->list, c);
    }
    ir_list_append(L->p, out, n);
}

static void branch(Lower *L, const Node *s, IrList *out) {
    if (lw_rangefunc_branch(L, s, out)) return;
    IrOp op;
    switch (s->tok) {
    case T_BREAK: op = IR_BREAK; break;
    case T_CONTINUE: op = IR_CONTINUE; break;
    case T_GOTO: op = IR_GOTO; break;
    default: op = IR_FALL; break;
    }
    IrNode *n = stmt_node(L, op, s->pos, s);
    if (s->u.branch.label) n->u.label = s->u.branch.label->u.ident.name;
    ir_list_append(L->p, out, n);
}

void lw_stmt(Lower *L, const Node *s, IrList *out) {
    if (!s) return;
    switch (s->kind) {
    case N_EmptyStmt: return;
    case N_ExprStmt: {
        IrNode *e = lw_expr(L, s->u.exprstmt.x);
        ir_list_append(L->p, out, e);
        return;
    }
    case N_AssignStmt:
        if (s->tok == T_ASSIGN || s->tok == T_DEFINE) assign(L, s, out);
        else assign_op(L, s, out);
        return;
    case N_IncDecStmt: incdec(L, s, out); return;
    case N_DeclStmt: {
        const Node *d = s->u.declstmt.decl;
        if (d && d->kind == N_GenDecl && d->tok == T_VAR) var_decl(L, d, out);
        return;
    }
    case N_SendStmt: {
        IrNode *n = stmt_node(L, IR_SEND, s->op ? s->op : s->pos, s);
        n->x = lw_expr(L, s->u.send.chan);
        Type *ct = n->x->type ? type_under(n->x->type) : NULL;
        n->y = lw_expr_to(L, s->u.send.value, ct && ct->kind == TY_CHAN ? ((ChanType *)ct)->elem : NULL);
        ir_list_append(L->p, out, n);
        return;
    }
    case N_GoStmt: case N_DeferStmt: go_defer(L, s, out); return;
    case N_ReturnStmt: return_stmt(L, s, out); return;
    case N_BranchStmt: branch(L, s, out); return;
    case N_BlockStmt:
        /* gc splices a nested block's statements into the enclosing list */
        lw_block(L, s, out);
        return;
    case N_LabeledStmt: {
        IrNode *n = stmt_node(L, IR_LABEL, s->op ? s->op : s->pos, s);
        n->u.label = s->u.labeled.label->u.ident.name;
        ir_list_append(L->p, out, n);
        uint32_t before = out->n;
        /* a range-over-func loop's branches name it (lw_rangefunc_branch) */
        if (s->u.labeled.stmt && s->u.labeled.stmt->kind == N_RangeStmt) L->range_label = n->u.label;
        lw_stmt(L, s->u.labeled.stmt, out);
        L->range_label = NULL;
        if (out->n > before) {
            IrNode *t = out->v[before];
            if (t->op == IR_FOR || t->op == IR_RANGE || t->op == IR_SWITCH || t->op == IR_SELECT)
                t->u.label = n->u.label;
        }
        return;
    }
    case N_IfStmt: if_stmt(L, s, out); return;
    case N_ForStmt: for_stmt(L, s, out); return;
    case N_RangeStmt: range_stmt(L, s, out); return;
    case N_SwitchStmt: switch_stmt(L, s, out); return;
    case N_TypeSwitchStmt: type_switch(L, s, out); return;
    case N_SelectStmt: select_stmt(L, s, out); return;
    default:
        ir_list_append(L->p, out, lw_bad(L, s, "statement"));
        return;
    }
}

/* Statements after a terminating one are dropped (labeled ones, and any
   before the last label, are kept), as gc's front end does. Returns
   whether the list ends so (what would follow it is dropped too). */
bool lw_stmts(Lower *L, const NodeList *l, IrList *out) {
    int64_t last_label = -1;
    for (uint32_t i = 0; i < l->n; i++)
        if (l->v[i]->kind == N_LabeledStmt) last_label = i;
    bool dead = false;
    for (uint32_t i = 0; i < l->n; i++) {
        const Node *s = l->v[i];
        if (dead && (int64_t)i > last_label && s->kind != N_LabeledStmt) continue;
        lw_stmt(L, s, out);
        dead = lw_terminates(L, s);
    }
    return dead;
}
