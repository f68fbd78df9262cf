/* Lowering calls: conversions, builtins, method calls (receiver first, or
   interface calls), variadic packing, multi-value arguments. */
#include "lower.h"
#include "syntax/unicode.h"
#include "base/util.h"
#include <string.h>

SignatureType *lw_method_sig(Lower *L, Object *m, Type *recvtype) {
    SignatureType *r = ptrmap_get(&L->methsigs, m);
    if (r) return r;
    if (!m->type || m->type->kind != TY_SIGNATURE) return NULL;
    SignatureType *ms = (SignatureType *)m->type;
    uint32_t n = tuple_len(ms->params);
    Object **v = xmalloc((n + 1) * sizeof *v);
    Type *rt = ms->recv && ms->recv->type ? ms->recv->type : recvtype;
    v[0] = obj_new_var(L->pkg, VAR_PARAM, ms->recv ? ms->recv->file : NULL,
                       ms->recv ? ms->recv->pos : NOPOS,
                       ms->recv && ms->recv->name ? ms->recv->name : lw_intern(L, ""), rt);
    for (uint32_t i = 0; i < n; i++) v[i + 1] = tuple_at(ms->params, i);
    r = type_new_signature(L->pkg, NULL, type_new_tuple(L->pkg, v, n + 1), ms->results, ms->variadic);
    free(v);
    ptrmap_put(&L->methsigs, m, r);
    return r;
}

/* Whether n contains a call or a receive (gc moves such callees to a
   temporary before the call). */
bool lw_has_call(const IrNode *n) {
    if (!n) return false;
    switch (n->op) {
    case IR_CLOSURE: return false;
    case IR_APPEND: case IR_CALLFUNC: case IR_CALLINTER: case IR_CAP: case IR_CLEAR: case IR_CLOSE:
    case IR_COMPLEX: case IR_COPY: case IR_DELETE: case IR_IMAG: case IR_LEN: case IR_MAX: case IR_MIN:
    case IR_PANIC: case IR_PRINT: case IR_PRINTLN: case IR_REAL: case IR_RECOVER: case IR_RECV:
    case IR_UNSAFEADD: case IR_UNSAFESLICE: case IR_UNSAFESLICEDATA: case IR_UNSAFESTRING:
    case IR_UNSAFESTRINGDATA:
        return true;
    default: break;
    }
    if (lw_has_call(n->x) || lw_has_call(n->y) || lw_has_call(n->z) || lw_has_call(n->w)) return true;
    for (uint32_t i = 0; i < n->init.n; i++)
        if (lw_has_call(n->init.v[i])) return true;
    for (uint32_t i = 0; i < n->list.n; i++)
        if (lw_has_call(n->list.v[i])) return true;
    for (uint32_t i = 0; i < n->rlist.n; i++)
        if (lw_has_call(n->rlist.v[i])) return true;
    return false;
}

/* tmp := x in call's init; returns the NAME replacing x. */
IrNode *lw_to_temp(Lower *L, IrNode *call, IrNode *x, Pos pos) {
    IrVar *tmp = lw_temp(L, x->type, pos);
    IrNode *as = lw_node(L, IR_AS, pos, NULL, NULL);
    IrNode *dcl = lw_node(L, IR_DCL, pos, NULL, NULL);
    dcl->u.var = tmp;
    ir_list_append(L->p, &as->init, dcl);
    as->x = lw_name(L, tmp, pos, NULL);
    as->y = x;
    /* no Def, but gc's typecheck gives an autotmp assigned so its Defn:
       the inliner sees through it (f()(x) with f inlined) */
    tmp->defn = as;
    ir_list_append(L->p, &call->init, as);
    return lw_name(L, tmp, pos, NULL);
}

static Type *slice_elem(Type *t) {
    Type *u = t ? type_under(t) : NULL;
    return u && u->kind == TY_SLICE ? ((SliceType *)u)->elem : NULL;
}

void lw_call_args(Lower *L, IrNode *call, const Node *ce, SignatureType *sig, uint32_t skip) {
    (void)skip;
    NodeList args = ce->u.call.args;
    bool ddd = ce->u.call.ellipsis != NOPOS;
    uint32_t np = sig ? tuple_len(sig->params) : 0;
    bool variadic = sig && sig->variadic;
    Pos pos = lw_gcpos(ce);
    /* the argument values, before conversion */
    IrNode **vals = NULL;
    const Node **srcs = NULL;
    uint32_t nv = 0;
    Type *a0 = args.n == 1 ? lw_type(L, args.v[0]) : NULL;
    uint32_t nfixed = variadic && !ddd ? np - 1 : np;
    if (args.n == 1 && a0 && a0->kind == TY_TUPLE && tuple_len((TupleType *)a0) > 1) {
        /* f(g()) with several results: t1, t2 := g(); f(t1, t2) */
        uint32_t nt = tuple_len((TupleType *)a0);
        Type **dst = xcalloc(nt, sizeof *dst);
        Type *ve = variadic && !ddd ? slice_elem(tuple_at(sig->params, np - 1)->type) : NULL;
        for (uint32_t i = 0; sig && i < nt; i++)
            dst[i] = i < nfixed ? tuple_at(sig->params, i)->type : ve;
        IrNode **res;
        nv = lw_multi_value(L, args.v[0], pos, dst, nt, &res);
        free(dst);
        vals = xcalloc(nv ? nv : 1, sizeof *vals);
        srcs = xcalloc(nv ? nv : 1, sizeof *srcs);
        for (uint32_t i = 0; i < nv; i++) vals[i] = res[i];
    } else {
        nv = args.n;
        vals = xcalloc(nv ? nv : 1, sizeof *vals);
        srcs = xcalloc(nv ? nv : 1, sizeof *srcs);
        for (uint32_t i = 0; i < nv; i++) srcs[i] = args.v[i];
    }
    for (uint32_t i = 0; i < nv && i < nfixed; i++) {
        Type *pt = i < np ? tuple_at(sig->params, i)->type : NULL;
        IrNode *v = vals[i] ? vals[i] : lw_expr(L, srcs[i]);
        ir_list_append(L->p, &call->list, lw_implicit_conv(L, v, pt, srcs[i]));
    }
    if (!sig) {
        for (uint32_t i = nfixed; i < nv; i++)
            ir_list_append(L->p, &call->list, vals[i] ? vals[i] : lw_expr(L, srcs[i]));
    } else if (variadic && !ddd) {
        Type *st = tuple_at(sig->params, np - 1)->type;
        Type *et = slice_elem(st);
        /* gc (FixVariadicCall): f() passes a plain nil, f(a, b) an implicit
           []T{a, b}, and the call becomes f(x...) either way */
        call->flags |= IRF_DDD;
        if (nv <= nfixed) {
            IrNode *nil = lw_node(L, IR_NIL, pos, st, NULL);
            ir_list_append(L->p, &call->list, nil);
        } else {
            IrNode *sl = lw_node(L, IR_SLICELIT, pos, st, NULL);
            sl->flags |= IRF_IMPLICIT;
            for (uint32_t i = nfixed; i < nv; i++) {
                IrNode *v = vals[i] ? vals[i] : lw_expr(L, srcs[i]);
                ir_list_append(L->p, &sl->list, lw_implicit_conv(L, v, et, srcs[i]));
            }
            ir_list_append(L->p, &call->list, sl);
        }
    } else {
        for (uint32_t i = nfixed; i < nv; i++)
            ir_list_append(L->p, &call->list, vals[i] ? vals[i] : lw_expr(L, srcs[i]));
    }
    if (ddd) call->flags |= IRF_DDD;
    free(vals);
    free(srcs);
}

/* ---------------------------------------------------------------- builtins */

static BuiltinId builtin_of(Lower *L, const Node *fun) {
    fun = lw_unparen(fun);
    const Node *id = fun->kind == N_SelectorExpr ? fun->u.selector.sel : fun;
    Object *o = id->kind == N_Ident ? types_ident_use(L->info, id) : NULL;
    return o && o->kind == OBJ_BUILTIN ? o->u.builtin : BUILTIN_COUNT;
}

static Type *result_type(const ExprInfo *ei) {
    if (!ei || !ei->type) return NULL;
    if (ei->type->kind == TY_TUPLE) {
        TupleType *t = (TupleType *)ei->type;
        return tuple_len(t) == 1 ? tuple_at(t, 0)->type : ei->type;
    }
    return ei->type;
}

static Type *default_type(Lower *L, Type *t) {
    return t && t->kind == TY_BASIC && (((BasicType *)t)->info & BINFO_UNTYPED) ? type_default(L->ctx, t) : t;
}

static IrNode *arg(Lower *L, const Node *ce, uint32_t i) {
    if (i >= ce->u.call.args.n) return NULL;
    IrNode *n = lw_expr(L, ce->u.call.args.v[i]);
    if (n->type) n->type = default_type(L, n->type);
    return n;
}

static IrNode *builtin(Lower *L, const Node *e, BuiltinId id, const ExprInfo *ei) {
    Pos pos = lw_gcpos(e);
    Type *t = default_type(L, result_type(ei));
    NodeList args = e->u.call.args;
    IrNode *n;
    switch (id) {
    case BUILTIN_APPEND: {
        n = lw_node(L, IR_APPEND, pos, t, e);
        IrNode *s = arg(L, e, 0);
        if (!s) return lw_bad(L, e, "append without arguments");
        ir_list_append(L->p, &n->list, s);
        if (e->u.call.ellipsis) {
            n->flags |= IRF_DDD;
            if (args.n > 1) ir_list_append(L->p, &n->list, arg(L, e, 1));
            return n;
        }
        Type *et = slice_elem(t ? t : s->type);
        for (uint32_t i = 1; i < args.n; i++)
            ir_list_append(L->p, &n->list, lw_expr_to(L, args.v[i], et));
        return n;
    }
    case BUILTIN_COPY:
        n = lw_node(L, IR_COPY, pos, t, e);
        n->x = arg(L, e, 0);
        n->y = arg(L, e, 1);
        return n;
    case BUILTIN_LEN: case BUILTIN_CAP: case BUILTIN_CLOSE: case BUILTIN_CLEAR:
    case BUILTIN_REAL: case BUILTIN_IMAG: case BUILTIN_STRINGDATA: case BUILTIN_SLICEDATA: {
        IrOp op = id == BUILTIN_LEN ? IR_LEN : id == BUILTIN_CAP ? IR_CAP : id == BUILTIN_CLOSE ? IR_CLOSE
                : id == BUILTIN_CLEAR ? IR_CLEAR : id == BUILTIN_REAL ? IR_REAL : id == BUILTIN_IMAG ? IR_IMAG
                : id == BUILTIN_STRINGDATA ? IR_UNSAFESTRINGDATA : IR_UNSAFESLICEDATA;
        n = lw_node(L, op, pos, t, e);
        n->x = arg(L, e, 0);
        return n;
    }
    case BUILTIN_COMPLEX: case BUILTIN_ADD: case BUILTIN_SLICE: case BUILTIN_STRING: {
        IrOp op = id == BUILTIN_COMPLEX ? IR_COMPLEX : id == BUILTIN_ADD ? IR_UNSAFEADD
                : id == BUILTIN_SLICE ? IR_UNSAFESLICE : IR_UNSAFESTRING;
        n = lw_node(L, op, pos, t, e);
        n->x = arg(L, e, 0);
        n->y = arg(L, e, 1);
        return n;
    }
    case BUILTIN_NEW: {
        n = lw_node(L, IR_NEW, pos, t, e);
        if (args.n == 1) {
            const ExprInfo *ai = lw_info(L, args.v[0]);
            if (ai && ai->mode == EM_TYPE) {
                n->x = lw_node(L, IR_TYPE, lw_gcpos(args.v[0]), ai->type, args.v[0]);
            } else {
                /* new(expr): tmp := expr; &tmp (gc's shape) */
                IrNode *v = lw_expr(L, args.v[0]);
                if (v->type) v->type = default_type(L, v->type);
                IrVar *tmp = lw_temp(L, v->type, pos);
                IrNode *as = lw_node(L, IR_AS, pos, NULL, NULL);
                as->flags |= IRF_DEFINE;
                as->x = lw_name(L, tmp, pos, NULL);
                as->y = v;
                tmp->defn = as;
                IrNode *d = lw_node(L, IR_DCL, pos, NULL, NULL);
                d->u.var = tmp;
                IrNode *a = lw_addr(L, lw_name(L, tmp, pos, NULL), pos, false, e);
                if (t) a->type = t;
                ir_list_append(L->p, &a->init, d);
                ir_list_append(L->p, &a->init, as);
                return a;
            }
        }
        return n;
    }
    case BUILTIN_MAKE: {
        Type *u = t ? type_under(t) : NULL;
        if (!u) return lw_bad(L, e, "make without type");
        IrOp op = u->kind == TY_SLICE ? IR_MAKESLICE : u->kind == TY_MAP ? IR_MAKEMAP : IR_MAKECHAN;
        n = lw_node(L, op, pos, t, e);
        n->x = arg(L, e, 1);
        n->y = arg(L, e, 2);
        return n;
    }
    case BUILTIN_DELETE: {
        n = lw_node(L, IR_DELETE, pos, NULL, e);
        IrNode *m = arg(L, e, 0);
        ir_list_append(L->p, &n->list, m);
        Type *mu = m && m->type ? type_under(m->type) : NULL;
        if (args.n > 1)
            ir_list_append(L->p, &n->list, lw_expr_to(L, args.v[1], mu && mu->kind == TY_MAP ? ((MapType *)mu)->key : NULL));
        return n;
    }
    case BUILTIN_PANIC:
        n = lw_node(L, IR_PANIC, pos, NULL, e);
        if (args.n) n->x = lw_expr_to(L, args.v[0], L->ctx->any_type ? type_unalias(L->ctx->any_type) : NULL);
        return n;
    case BUILTIN_RECOVER:
        return lw_node(L, IR_RECOVER, pos, t, e);
    case BUILTIN_PRINT: case BUILTIN_PRINTLN: case BUILTIN_MIN: case BUILTIN_MAX: {
        IrOp op = id == BUILTIN_PRINT ? IR_PRINT : id == BUILTIN_PRINTLN ? IR_PRINTLN : id == BUILTIN_MIN ? IR_MIN : IR_MAX;
        n = lw_node(L, op, pos, t, e);
        for (uint32_t i = 0; i < args.n; i++) {
            IrNode *a = (op == IR_MIN || op == IR_MAX) ? lw_expr_to(L, args.v[i], t) : arg(L, e, i);
            ir_list_append(L->p, &n->list, a);
        }
        return n;
    }
    case BUILTIN_SIZEOF: case BUILTIN_ALIGNOF: case BUILTIN_OFFSETOF:
        /* not constant only in generic bodies: a constant per shape */
        if (L->inst) return lw_inst_unsafe_const(L, e, id);
        return lw_bad(L, e, "builtin");
    default:
        return lw_bad(L, e, "builtin");
    }
}

/* ------------------------------------------------------------- conversions */

/* []rune("const"): typecheck's stringtoruneslit makes it the literal
   []rune{0: r0, 1: r1, ...}. */
static IrNode *runes_lit(Lower *L, IrNode *x, Pos pos, Type *t, const Node *e) {
    IrNode *n = lw_node(L, IR_SLICELIT, pos, t, e);
    Type *et = ((SliceType *)type_under(t))->elem;
    size_t len;
    const unsigned char *s = (const unsigned char *)const_string_val(x->u.val, &len);
    for (size_t i = 0, k = 0; i < len; k++) {
        int size;
        uint32_t r = utf8_decode(s + i, len - i, &size);
        i += (size_t)size;
        IrNode *key = lw_node(L, IR_KEY, pos, NULL, NULL);
        key->x = lw_node(L, IR_LITERAL, pos, &L->ctx->typ[BK_INT]->t, NULL);
        key->x->u.val = const_int64(L->pkg->consts, (int64_t)k);
        key->y = lw_node(L, IR_LITERAL, pos, et, NULL);
        key->y->u.val = const_int64(L->pkg->consts, (int64_t)r);
        ir_list_append(L->p, &n->list, key);
    }
    return n;
}

static IrNode *conversion(Lower *L, const Node *e, Type *t) {
    if (e->u.call.args.n != 1) return lw_bad(L, e, "conversion arity");
    const Node *a = e->u.call.args.v[0];
    IrNode *x = lw_expr(L, a);
    Pos pos = lw_gcpos(a);
    if (x->op == IR_NIL) {
        x->type = t;
        IrNode *c = lw_node(L, IR_CONVNOP, pos, t, e);
        c->x = x;
        return c;
    }
    if (x->type && x->type->kind == TY_BASIC && (((BasicType *)x->type)->info & BINFO_UNTYPED))
        x->type = type_default(L->ctx, x->type);
    IrOp op = lw_conv_op(x->type, t);
    if (op == IR_STR2RUNES && x->op == IR_LITERAL && x->u.val && const_kind(x->u.val) == CONST_STRING)
        return runes_lit(L, x, pos, t, e);
    IrNode *c = lw_node(L, op, pos, t, e);
    if (c->op == IR_CONVNOP && x->type && t && type_identical(x->type, t) &&
        type_has_info(t, BINFO_FLOAT | BINFO_COMPLEX))
        c->op = IR_CONV;
    c->x = x;
    return c;
}

/* ------------------------------------------------------------------- calls */

IrNode *lw_method_call(Lower *L, const Node *fun, const ExprInfo *fi, Pos pos, Type *rt, const Node *src,
                       SignatureType **sigp) {
    if (fun->kind != N_SelectorExpr) return NULL;
    Object *m = types_ident_use(L->info, fun->u.selector.sel);
    if (!m || m->kind != OBJ_FUNC || !m->type || m->type->kind != TY_SIGNATURE || !((SignatureType *)m->type)->recv)
        return NULL;
    bool iface = false;
    IrNode *recv = lw_method_recv(L, fun, &m, &iface);
    if (!recv) return NULL;
    SignatureType *sig = fi && fi->type && type_under(fi->type)->kind == TY_SIGNATURE
                             ? (SignatureType *)type_under(fi->type) : (SignatureType *)m->type;
    *sigp = sig;
    Pos dpos = lw_gcpos(fun);
    if (iface) {
        IrNode *call = lw_node(L, IR_CALLINTER, pos, rt, src);
        if (lw_has_call(recv)) recv = lw_to_temp(L, call, recv, pos);
        IrNode *d = lw_node(L, IR_DOTINTER, dpos, &sig->t, fun);
        d->x = recv;
        d->u.obj = m;
        d->sel = m;
        call->x = d;
        return call;
    }
    return lw_static_method_call(L, m, recv, pos, dpos, rt, src, fun);
}

IrNode *lw_static_method_call(Lower *L, Object *m, IrNode *recv, Pos pos, Pos dpos, Type *rt, const Node *src,
                              const Node *fun) {
    IrNode *call = lw_node(L, IR_CALLFUNC, pos, rt, src);
    IrNode *me = lw_node(L, IR_METHEXPR, dpos, NULL, fun);
    SignatureType *msig = lw_method_sig(L, m, recv->type);
    me->type = msig ? &msig->t : NULL;
    me->u.obj = m;
    me->sel = m;
    call->sel = lw_inst_method(L, me, recv->type);
    me->y = lw_node(L, IR_TYPE, dpos, recv->type, NULL);
    call->x = me;
    ir_list_append(L->p, &call->list, recv);
    return call;
}

IrNode *lw_call(Lower *L, const Node *e) {
    const Node *fun = lw_unparen(e->u.call.fun);
    const ExprInfo *fi = lw_info(L, e->u.call.fun);
    const ExprInfo *ei = lw_info(L, e);
    Pos pos = lw_gcpos(e);
    if (fi && fi->mode == EM_TYPE) return conversion(L, e, fi->type);
    if (fi && fi->mode == EM_BUILTIN) {
        BuiltinId id = builtin_of(L, fun);
        if (id == BUILTIN_COUNT) return lw_bad(L, e, "unknown builtin");
        return builtin(L, e, id, ei);
    }
    Type *rt = result_type(ei);
    SignatureType *msig = NULL;
    IrNode *mcall = lw_method_call(L, fun, fi, pos, rt, e, &msig);
    if (mcall) {
        lw_call_args(L, mcall, e, msig, mcall->op == IR_CALLFUNC ? 1 : 0);
        return mcall;
    }
    IrNode *call = lw_node(L, IR_CALLFUNC, pos, rt, e);
    L->dict = L->dict_callee = NULL;
    IrNode *callee = lw_expr(L, e->u.call.fun);
    /* a shaped instance called directly: its static dictionary (printing) */
    if (callee->op == IR_NAME && (callee->flags & IRF_FUNCNAME) && L->dict && callee->u.obj == L->dict_callee)
        call->sel = L->dict;
    if (lw_has_call(callee)) callee = lw_to_temp(L, call, callee, pos);
    call->x = callee;
    Type *ft = callee->type ? type_under(callee->type) : NULL;
    if (fi && fi->type && type_under(fi->type)->kind == TY_SIGNATURE) ft = type_under(fi->type);
    SignatureType *sig = ft && ft->kind == TY_SIGNATURE ? (SignatureType *)ft : NULL;
    lw_call_args(L, call, e, sig, 0);
    return call;
}
