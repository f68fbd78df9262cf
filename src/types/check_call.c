/* Selectors, calls and builtins inside function bodies: field and method
   selection, method values and expressions, argument passing with untyped
   conversion, variadic and multi-value calls, generic functions (explicit
   instantiation, inference from argument types and core-type constraints),
   and the call-site signatures go/types records for builtins. Anything not
   understood leaves the operand unknown: nothing is reported here. */
#include "check.h"
#include "base/util.h"
#include <string.h>

static void set_value(Operand *o, Type *t) { *o = (Operand){OM_VALUE, t, NULL, NULL, 0, false, false, false}; }
static void set_unknown(Operand *o) { *o = (Operand){OM_UNKNOWN, NULL, NULL, NULL, 0, false, false, false}; }
static Type *basic(Checker *c, BasicKind k) { return &c->ctx->typ[k]->t; }
static bool is_value(const Operand *x) { return (x->mode == OM_VALUE || x->mode == OM_CONST) && x->type; }

void check_assignment(Checker *c, Node *e, Operand *x, Type *t) {
    if (!is_value(x) || x->tuple || type_is_typed(x->type) || type_basic_kind(x->type) == BK_UNTYPED_NIL) return;
    Type *target = t;
    Type *ut = t ? type_unalias(t) : NULL;
    if (!t || (ut->kind != TY_TYPEPARAM && type_is_interface(t))) target = type_default(c->ctx, x->type);
    x->type = target;
    /* A constant takes its final type's representation (go/types
       implicitTypeAndValue): 0 as complex128 becomes (0 + 0i). */
    int k = type_basic_kind(target);
    const Const *r = NULL;
    if (x->mode == OM_CONST && x->val && k >= 0 && type_is_typed(target) &&
        const_representable(c->pkg->consts, x->val, (BasicKind)k, c->ctx->sizes.word_size, &r) && r) {
        x->val = r;
        check_update_val(c, e, r);
    }
    check_update_untyped(c, e, target);
}

static Object *unnamed(Checker *c, Type *t) {
    return obj_new_var(c->pkg, VAR_PARAM, NULL, NOPOS, intern_cstr(c->ctx->names, ""), t);
}

/* go/types makeSig: func(params...) result, unnamed; untyped parameter
   types take their default type. */
static SignatureType *make_sig(Checker *c, Type *res, Type **params, uint32_t n, bool variadic) {
    Object **v = xmalloc((n + 1) * sizeof *v);
    for (uint32_t i = 0; i < n; i++) v[i] = unnamed(c, type_default(c->ctx, params[i]));
    TupleType *ps = type_new_tuple(c->pkg, v, n);
    Object *r = res ? unnamed(c, res) : NULL;
    TupleType *rs = res ? type_new_tuple(c->pkg, &r, 1) : NULL;
    free(v);
    return type_new_signature(c->pkg, NULL, ps, rs, variadic);
}

static void record_builtin(Checker *c, Node *fun, SignatureType *sig) {
    for (;;) {
        check_record_mode(c, fun, EM_BUILTIN, &sig->t, NULL);
        if (fun->kind != N_ParenExpr) return;
        fun = fun->u.paren.x;
    }
}

/* ---- selectors ---- */

static void method_expr(Checker *c, Node *e, Operand *x, Selection *s) {
    SignatureType *sig = (SignatureType *)s->type;
    uint32_t n = tuple_len(sig->params);
    Object **v = xmalloc((n + 1) * sizeof *v);
    const char *name = intern_cstr(c->ctx->names, "");
    if (n && sig->params->vars.v[0]->name[0])
        name = sig->recv && sig->recv->name[0] ? sig->recv->name : intern_cstr(c->ctx->names, "_");
    v[0] = obj_new_var(c->pkg, VAR_PARAM, NULL, NOPOS, name, x->type);
    for (uint32_t i = 0; i < n; i++) v[i + 1] = sig->params->vars.v[i];
    SignatureType *m = type_new_signature(c->pkg, NULL, type_new_tuple(c->pkg, v, n + 1), sig->results,
                                          sig->variadic);
    free(v);
    (void)e;
    set_value(x, &m->t);
}

void check_selector(Checker *c, Node *e, Operand *x) {
    Node *sel = e->u.selector.sel;
    check_expr(c, e->u.selector.x, x);
    if (x->mode != OM_TYPE && !is_value(x)) {
        set_unknown(x);
        return;
    }
    Selection s = check_lookup_member(c, x->type, sel->u.ident.name);
    bool declared = false;   /* a method of that name declared here: its receiver may not be understood */
    for (size_t i = 0; i < c->methods.len && !s.obj; i++)
        declared |= c->methods.data[i]->obj && c->methods.data[i]->obj->name == sel->u.ident.name;
    if (!s.obj && !declared && x->type && !check_unsure_type(x->type) && strcmp(sel->u.ident.name, "_") != 0) {
        StrBuf a = {0}, b = {0};
        check_expr_string(&a, e);
        Type *u = type_under(x->type);
        Type *base = u && u->kind == TY_POINTER ? type_unalias(((PointerType *)u)->elem) : NULL;
        Type *bu = base ? type_under(base) : NULL;
        if ((bu && bu->kind == TY_INTERFACE) || (base && base->kind == TY_TYPEPARAM)) {
            StrBuf t = {0};
            check_type_write(c, &t, x->type);
            bool tp = base->kind == TY_TYPEPARAM;
            sb_printf(&b, "type %s is pointer to %s, not %s", sb_cstr(&t), tp ? "type parameter" : "interface",
                      tp ? "type parameter" : "interface");
            sb_free(&t);
        } else {
            check_lookup_error(c, &b, x->type, sel->u.ident.name, check_lookup_alt(c, x->type, sel->u.ident.name),
                               false);
        }
        check_error(c, sel->pos, "%s undefined (%s)", sb_cstr(&a), sb_cstr(&b));
        sb_free(&a);
        sb_free(&b);
        *x = (Operand){OM_INVALID, c->invalid, NULL, NULL, 0, false, false, false};
        return;
    }
    if (!s.obj || !s.type) {
        set_unknown(x);
        return;
    }
    check_record_use(c, sel, s.obj);
    if (s.obj->kind == OBJ_FUNC) check_dep(c, s.obj);
    if (s.obj->kind == OBJ_FUNC && s.ptr_recv && !s.indirect && x->mode == OM_VALUE && !x->addressable &&
        x->type && !check_unsure_type(x->type) && type_unalias(x->type)->kind != TY_POINTER) {
        StrBuf a = {0}, b = {0};
        check_expr_string(&a, e->u.selector.x);
        check_type_write(c, &b, x->type);
        check_error(c, sel->pos, "cannot call pointer method %s on %s", sel->u.ident.name, sb_cstr(&b));
        sb_free(&a);
        sb_free(&b);
    }
    if (x->mode == OM_TYPE) {
        if (s.obj->kind == OBJ_FUNC && s.type->kind == TY_SIGNATURE) method_expr(c, e, x, &s);
        else set_unknown(x);
        return;
    }
    if (s.obj->kind == OBJ_VAR) {
        bool addr = x->addressable || s.indirect;
        set_value(x, s.type);
        x->addressable = addr;
        return;
    }
    set_value(x, s.type);
}

/* ---- generic functions ---- */

static int tparam_index(TypeList tp, Type *t) {
    for (uint32_t i = 0; i < tp.n; i++)
        if (tp.v[i] == t) return (int)i;
    return -1;
}

/* Unifies parameter type p with argument type a, inferring targs. */
static void unify(TypeList tp, Type **targs, Type *p, Type *a, int depth) {
    Type *written = a;  /* a type parameter is inferred as written, alias and all */
    p = type_unalias(p);
    a = type_unalias(a);
    if (!p || !a || depth > 20) return;
    int i = tparam_index(tp, p);
    if (i >= 0) {
        if (!targs[i]) targs[i] = written;
        return;
    }
    if (p->kind == TY_NAMED && a->kind == TY_NAMED) {
        NamedType *pn = (NamedType *)p, *an = (NamedType *)a;
        if (pn->orig == an->orig && pn->targs.n == an->targs.n)
            for (uint32_t k = 0; k < pn->targs.n; k++) unify(tp, targs, pn->targs.v[k], an->targs.v[k], depth + 1);
        return;
    }
    if (p->kind != TY_NAMED && a->kind == TY_NAMED) a = type_under(a);
    /* an argument of the caller's type parameter unifies through its core type */
    if (a->kind == TY_TYPEPARAM && p->kind != TY_TYPEPARAM) a = check_core_type(a);
    if (!a) return;
    if (!a || p->kind != a->kind) return;
    switch (p->kind) {
    case TY_POINTER: unify(tp, targs, ((PointerType *)p)->elem, ((PointerType *)a)->elem, depth + 1); return;
    case TY_SLICE: unify(tp, targs, ((SliceType *)p)->elem, ((SliceType *)a)->elem, depth + 1); return;
    case TY_ARRAY: unify(tp, targs, ((ArrayType *)p)->elem, ((ArrayType *)a)->elem, depth + 1); return;
    case TY_CHAN: unify(tp, targs, ((ChanType *)p)->elem, ((ChanType *)a)->elem, depth + 1); return;
    case TY_MAP:
        unify(tp, targs, ((MapType *)p)->key, ((MapType *)a)->key, depth + 1);
        unify(tp, targs, ((MapType *)p)->elem, ((MapType *)a)->elem, depth + 1);
        return;
    case TY_SIGNATURE: {
        SignatureType *ps = (SignatureType *)p, *as = (SignatureType *)a;
        TupleType *pl[2] = {ps->params, ps->results}, *al[2] = {as->params, as->results};
        for (int k = 0; k < 2; k++)
            if (tuple_len(pl[k]) == tuple_len(al[k]))
                for (uint32_t j = 0; j < tuple_len(pl[k]); j++)
                    unify(tp, targs, pl[k]->vars.v[j]->type, al[k]->vars.v[j]->type, depth + 1);
        return;
    }
    default: return;
    }
}

/* sig with its type parameters replaced by targs: a non-generic signature. */
static SignatureType *instantiate_sig(Checker *c, SignatureType *sig, Type **targs) {
    TypeList to = {targs, sig->tparams.n};
    Type *t = check_subst(c, sig->tparams, to, &sig->t);
    SignatureType *s = (SignatureType *)t;
    SignatureType *r = type_new_signature(c->pkg, s->recv, s->params, s->results, s->variadic);
    r->scope = s->scope;
    check_record_instance(c, r, targs, sig->tparams.n);
    check_mono_record(c, sig->tparams, targs, sig->tparams.n, c->inst_xlist, c->inst_pos);
    if (!c->inst_noverify) check_verify(c, sig->tparams, targs, sig->tparams.n, c->inst_xlist, c->inst_pos, c->inst_fn);
    return r;
}

static void record_fun(Checker *c, Node *fun, Type *t) {
    for (;;) {
        const ExprInfo *r = c->info ? types_expr_info(c->info, fun) : NULL;
        if (r) check_record_mode(c, fun, (ExprMode)r->mode, t, NULL);
        if (fun->kind != N_ParenExpr) return;
        fun = fun->u.paren.x;
    }
}

/* Completes targs from the constraints' core types (~[]E with S known gives
   E) and instantiates sig; NULL while a type argument stays unknown. */
/* Rounds of inference from the constraints' core types: a known type
   argument unified with its core type gives others; fill: an unknown one
   whose core type mentions only known ones becomes that type. */
/* The type a constraint allows alone (a single term without ~: [T byte]),
   or NULL. */
static Type *single_exact_term(Type *bound, int depth) {
    Type *u = bound ? type_under(bound) : NULL;
    if (!u || depth > 30) return NULL;
    if (u->kind == TY_INTERFACE) {
        InterfaceType *it = (InterfaceType *)u;
        return it->embeddeds.n == 1 ? single_exact_term(it->embeddeds.v[0], depth + 1) : NULL;
    }
    if (u->kind == TY_UNION) {
        UnionType *un = (UnionType *)u;
        return un->n == 1 && !un->terms[0].tilde ? single_exact_term(un->terms[0].type, depth + 1) : NULL;
    }
    return u->kind == TY_TYPEPARAM ? NULL : bound;
}

static void core_rounds(Checker *c, SignatureType *sig, Type **targs, bool fill) {
    uint32_t n = sig->tparams.n;
    for (int round = 0; round < 3; round++)
        for (uint32_t k = 0; k < n; k++) {
            /* go/types: an unknown type argument whose constraint is one
               type without ~ is that type, before untyped arguments speak */
            if (!targs[k] && !fill) {
                Type *b = ((TypeParamType *)sig->tparams.v[k])->bound;
                Type *one = single_exact_term(b, 0);
                if (one && !types_has_tparams(one)) targs[k] = one;
                continue;
            }
            Type *core = check_core_type(sig->tparams.v[k]);
            if (!core) continue;
            if (targs[k]) unify(sig->tparams, targs, core, targs[k], 0);
            else {
                TypeList to = {targs, n};
                bool all = true;
                for (uint32_t j = 0; j < n; j++) all &= targs[j] != NULL || j == k;
                if (all && tparam_index(sig->tparams, core) < 0) targs[k] = check_subst(c, sig->tparams, to, core);
            }
        }
}

SignatureType *check_infer_partial(Checker *c, SignatureType *sig, Type **targs) {
    uint32_t n = sig->tparams.n;
    core_rounds(c, sig, targs, true);
    for (uint32_t k = 0; k < n; k++)
        if (!targs[k]) return NULL;
    return instantiate_sig(c, sig, targs);
}

/* The signature of a generic function value not yet instantiated. */
static SignatureType *generic_sig(const Operand *o) {
    if (!is_value(o) || o->tuple) return NULL;
    Type *t = type_unalias(o->type);
    return t && t->kind == TY_SIGNATURE && ((SignatureType *)t)->tparams.n ? (SignatureType *)t : NULL;
}

/* Infers the type arguments of sig from the argument operands. */
static SignatureType *infer(Checker *c, SignatureType *sig, Operand *args, uint32_t nargs, bool dots) {
    uint32_t n = sig->tparams.n, np = tuple_len(sig->params);
    Type **targs = arena_alloc(&c->pkg->arena, n * sizeof *targs);
    int *ukind = xcalloc(n + 1, sizeof *ukind);    /* untyped kind a type argument was defaulted from */
    for (int pass = 0; pass < 2; pass++) {
        /* go/types: the constraints' core types speak before untyped
           arguments take default types (slices.Index([]D{...}, 2): E is D) */
        if (pass == 1) core_rounds(c, sig, targs, false);
        for (uint32_t i = 0; i < nargs; i++) {
            if (!is_value(&args[i]) || generic_sig(&args[i])) continue;
            bool untyped = !type_is_typed(args[i].type);
            if (untyped != (pass == 1)) continue;
            Type *pt;
            if (sig->variadic && i + 1 >= np && !dots) {
                Type *last = np ? type_under(sig->params->vars.v[np - 1]->type) : NULL;
                pt = last && last->kind == TY_SLICE ? ((SliceType *)last)->elem : NULL;
            } else {
                pt = i < np ? sig->params->vars.v[i]->type : NULL;
            }
            if (!pt) continue;
            if (untyped) {
                int k = tparam_index(sig->tparams, type_unalias(pt));
                int bk = type_basic_kind(args[i].type);
                /* go1.21: untyped arguments of one type parameter take the
                   default type of the most general numeric kind among them */
                bool numeric = bk >= BK_UNTYPED_INT && bk <= BK_UNTYPED_COMPLEX;
                if (k >= 0 && bk != BK_UNTYPED_NIL &&
                    (!targs[k] || (ukind[k] && numeric && ukind[k] >= BK_UNTYPED_INT && ukind[k] < bk))) {
                    targs[k] = type_default(c->ctx, args[i].type);
                    ukind[k] = bk;
                }
            } else {
                unify(sig->tparams, targs, pt, args[i].type, 0);
            }
        }
    }
    free(ukind);
    return check_infer_partial(c, sig, targs);
}

/* ---- calls ---- */

static Type *param_type(SignatureType *sig, uint32_t i, bool dots) {
    uint32_t np = tuple_len(sig->params);
    if (sig->variadic && np && i + 1 >= np && !dots) {
        Type *last = type_under(sig->params->vars.v[np - 1]->type);
        return last && last->kind == TY_SLICE ? ((SliceType *)last)->elem : NULL;
    }
    return i < np ? sig->params->vars.v[i]->type : NULL;
}

/* fun, called, is no function: go/types' error. */
static void not_a_function(Checker *c, Node *fun, const Operand *x) {
    StrBuf b = {0}, t = {0};
    check_operand_string(c, &b, fun, x);
    check_type_write(c, &t, x->type);
    check_error(c, fun->pos, "invalid operation: cannot call %s: %s is not a function", sb_cstr(&b), sb_cstr(&t));
    sb_free(&b);
    sb_free(&t);
}

static void func_call(Checker *c, Node *e, Operand *x) {
    NodeList args = e->u.call.args;
    bool dots = e->u.call.ellipsis != NOPOS;
    Type *core = check_core_type(x->type);
    SignatureType *sig = core && core->kind == TY_SIGNATURE ? (SignatureType *)core : NULL;
    Operand *ops = xmalloc((args.n + 1) * sizeof *ops);
    for (uint32_t i = 0; i < args.n; i++) check_expr(c, args.v[i], &ops[i]);
    if (sig && sig->tparams.n && args.n == 1 && ops[0].mode == OM_VALUE && ops[0].tuple && !dots) {
        /* f(g()): g's results are the arguments */
        TupleType *tt = ops[0].tuple;
        Operand *vs = xcalloc(tuple_len(tt) + 1, sizeof *vs);
        for (uint32_t i = 0; i < tuple_len(tt); i++) set_value(&vs[i], tt->vars.v[i]->type);
        c->inst_pos = e->op;     /* types2: a call is at its '(' */
        c->inst_fn = e->u.call.fun;
        sig = infer(c, sig, vs, tuple_len(tt), false);
        c->inst_fn = NULL;
        free(vs);
        if (sig) record_fun(c, e->u.call.fun, &sig->t);
        else check_unrecord(c, e->u.call.fun);
    } else if (sig && sig->tparams.n) {
        c->inst_pos = e->op;     /* types2: a call is at its '(' */
        c->inst_fn = e->u.call.fun;
        sig = infer(c, sig, ops, args.n, dots);
        c->inst_fn = NULL;
        if (sig) record_fun(c, e->u.call.fun, &sig->t);
        else check_unrecord(c, e->u.call.fun);
    }
    /* A generic function passed as an argument is instantiated from its
       parameter's type (go/types' reverse inference). */
    for (uint32_t i = 0; i < args.n; i++) {
        SignatureType *gs = generic_sig(&ops[i]);
        if (!gs) continue;
        Type *pt = sig ? param_type(sig, i, dots) : NULL;
        SignatureType *inst = NULL;
        if (pt) {
            Type **targs = arena_alloc(&c->pkg->arena, gs->tparams.n * sizeof *targs);
            unify(gs->tparams, targs, &gs->t, pt, 0);
            c->inst_pos = args.v[i]->pos;
            c->inst_noverify = true;
            inst = check_infer_partial(c, gs, targs);
            c->inst_noverify = false;
        }
        if (inst && type_identical(&inst->t, type_under(pt))) {
            record_fun(c, args.v[i], &inst->t);
            ops[i].type = &inst->t;
        } else {
            check_unrecord(c, args.v[i]);
        }
    }
    if (!sig) {
        for (uint32_t i = 0; i < args.n; i++) check_assignment(c, args.v[i], &ops[i], NULL);
        free(ops);
        Type *a = x->type ? type_unalias(x->type) : NULL;
        if (a && !check_unsure_type(x->type) && core && core->kind != TY_SIGNATURE) {
            not_a_function(c, e->u.call.fun, x);
            *x = (Operand){OM_INVALID, c->invalid, NULL, NULL, 0, false, false, false};
            return;
        }
        set_unknown(x);
        return;
    }
    if (args.n > 1)
        for (uint32_t i = 0; i < args.n; i++) check_single_value(c, args.v[i], &ops[i]);
    if (check_arg_count(c, e, sig, ops, dots)) {
        StrBuf ctx = {0};
        sb_puts(&ctx, "argument to ");
        check_expr_string(&ctx, e->u.call.fun);
        const char *save = c->assign_ctx;
        c->assign_ctx = sb_cstr(&ctx);
        for (uint32_t i = 0; i < args.n; i++) {
            Type *pt = param_type(sig, i, dots);
            if (!ops[i].tuple) check_report_assign(c, args.v[i], &ops[i], pt);
            check_assignment(c, args.v[i], &ops[i], pt);
        }
        if (args.n == 1 && ops[0].mode == OM_VALUE && ops[0].tuple)   /* f(g()): each result to its parameter */
            for (uint32_t i = 0; i < tuple_len(ops[0].tuple); i++) {
                Operand r = {OM_VALUE, ops[0].tuple->vars.v[i]->type, NULL, NULL, 0, false, false, false};
                check_report_assign(c, args.v[0], &r, param_type(sig, i, dots));
            }
        c->assign_ctx = save;
        sb_free(&ctx);
    } else {
        for (uint32_t i = 0; i < args.n; i++) check_assignment(c, args.v[i], &ops[i], NULL);
    }
    free(ops);
    uint32_t n = tuple_len(sig->results);
    if (n == 0) *x = (Operand){OM_NOVALUE, NULL, NULL, NULL, 0, false, false, false};
    else if (n == 1) set_value(x, sig->results->vars.v[0]->type);
    else *x = (Operand){OM_VALUE, NULL, NULL, sig->results, 0, false, false, false};
}

/* How many arguments check_builtin has evaluated already. */
static uint32_t builtin_checked(BuiltinId id, uint32_t nargs) {
    switch (id) {
    case BUILTIN_LEN: case BUILTIN_CAP: case BUILTIN_SIZEOF: case BUILTIN_ALIGNOF:
    case BUILTIN_NEW: case BUILTIN_APPEND: case BUILTIN_MAKE: case BUILTIN_OFFSETOF: return nargs ? 1 : 0;
    case BUILTIN_MIN: case BUILTIN_MAX: return nargs;
    default: return 0;
    }
}

static Type *arg_type(Checker *c, Node *a, Operand *op) {
    if (op && is_value(op) && !op->tuple) return op->type;
    const ExprInfo *r = c->info ? types_expr_info(c->info, a) : NULL;
    return r ? r->type : NULL;
}

static Type *complex_part(Checker *c, Type *t, bool to_complex) {
    switch (type_basic_kind(t)) {
    case BK_FLOAT32: return to_complex ? basic(c, BK_COMPLEX64) : NULL;
    case BK_FLOAT64: return to_complex ? basic(c, BK_COMPLEX128) : NULL;
    case BK_COMPLEX64: return to_complex ? NULL : basic(c, BK_FLOAT32);
    case BK_COMPLEX128: return to_complex ? NULL : basic(c, BK_FLOAT64);
    default: return NULL;
    }
}

static void builtin_full(Checker *c, Node *e, BuiltinId id, Operand *x) {
    NodeList args = e->u.call.args;
    Node *fun = e->u.call.fun;
    bool dots = e->u.call.ellipsis != NOPOS;
    uint32_t first = builtin_checked(id, args.n);
    check_builtin(c, e, id, x);
    Operand *ops = xcalloc(args.n + 1, sizeof *ops);
    for (uint32_t i = first; i < args.n; i++) {
        if (id == BUILTIN_MAKE && i == 0) continue;
        check_expr(c, args.v[i], &ops[i]);
        if (id == BUILTIN_MAKE) check_make_size(c, args.v[i], &ops[i]);
    }
    if (id == BUILTIN_MAKE && args.n > 3)
        check_error(c, args.v[3]->pos, "invalid operation: %s expects 1 to 3 arguments; found %u", "make", args.n);
    Type *pt[8];
    uint32_t np = 0;
    Type *any = type_unalias(c->ctx->any_type);
    Type *a0 = args.n ? arg_type(c, args.v[0], first ? NULL : &ops[0]) : NULL;
    switch (id) {
    case BUILTIN_APPEND: {
        Type *core = a0 ? check_core_type(a0) : NULL;
        Type *elem = core && core->kind == TY_SLICE ? ((SliceType *)core)->elem : NULL;
        if (!elem) break;
        Type *a1 = args.n == 2 && dots ? arg_type(c, args.v[1], &ops[1]) : NULL;
        bool str = a1 && type_has_info(a1, BINFO_STRING);
        Type *us[64];
        uint32_t nu = a1 && type_unalias(a1)->kind == TY_TYPEPARAM ? check_type_set_unders(a1, us, 64) : 0;
        if (nu) {
            /* a type parameter: its type set is {string} or {string, []byte} */
            bool has_string = false, other = false;
            for (uint32_t i = 0; i < nu; i++) {
                if (us[i]->kind == TY_SLICE && type_basic_kind(((SliceType *)us[i])->elem) == BK_UINT8 &&
                    type_unalias(((SliceType *)us[i])->elem)->kind == TY_BASIC) continue;
                if (us[i]->kind == TY_BASIC && (((BasicType *)us[i])->info & BINFO_STRING)) has_string = true;
                else other = true;
            }
            str = has_string && !other;
        }
        /* append(b, s...) with s a string: s is passed as it is, untyped or not */
        for (uint32_t i = 1; i < args.n && !str; i++) {
            if (!dots) check_report_assign_in(c, args.v[i], &ops[i], elem, "argument to append");
            check_assignment(c, args.v[i], &ops[i], dots ? NULL : elem);
        }
        pt[np++] = a0;
        pt[np++] = str ? a1 : type_new_slice(c->pkg, elem);
        record_builtin(c, fun, make_sig(c, a0, pt, np, true));
        break;
    }
    case BUILTIN_LEN: case BUILTIN_CAP: case BUILTIN_CLEAR: case BUILTIN_CLOSE:
        if (x->mode == OM_CONST || !a0) break;
        pt[np++] = a0;
        record_builtin(c, fun, make_sig(c, id == BUILTIN_LEN || id == BUILTIN_CAP ? basic(c, BK_INT) : NULL, pt, np, false));
        break;
    case BUILTIN_COPY:
        if (args.n != 2 || !a0 || !arg_type(c, args.v[1], &ops[1])) break;
        pt[np++] = a0;
        pt[np++] = arg_type(c, args.v[1], &ops[1]);
        record_builtin(c, fun, make_sig(c, basic(c, BK_INT), pt, np, false));
        break;
    case BUILTIN_DELETE: {
        Type *core = a0 ? check_core_type(a0) : NULL;
        if (args.n != 2 || !core || core->kind != TY_MAP) break;
        check_assignment(c, args.v[1], &ops[1], ((MapType *)core)->key);
        pt[np++] = a0;
        pt[np++] = ((MapType *)core)->key;
        record_builtin(c, fun, make_sig(c, NULL, pt, np, false));
        break;
    }
    case BUILTIN_PANIC:
        if (args.n != 1) break;
        check_assignment(c, args.v[0], &ops[0], any);
        pt[np++] = any;
        record_builtin(c, fun, make_sig(c, NULL, pt, np, false));
        break;
    case BUILTIN_PRINT: case BUILTIN_PRINTLN: {
        Type **v = xmalloc((args.n + 1) * sizeof *v);
        bool ok = true;
        for (uint32_t i = 0; i < args.n; i++) {
            Type *au = ops[i].mode == OM_VALUE && ops[i].type && !ops[i].tuple && !check_unsure_type(ops[i].type)
                           ? type_under(ops[i].type) : NULL;
            if (au && (au->kind == TY_ARRAY || au->kind == TY_STRUCT)) {
                StrBuf b = {0};
                check_type_write(c, &b, ops[i].type);
                check_error(c, args.v[i]->pos, "illegal types for operand: %s\n\t%s", id == BUILTIN_PRINT ? "print" : "println",
                            sb_cstr(&b));
                sb_free(&b);
            }
            check_assignment(c, args.v[i], &ops[i], NULL);
            v[i] = arg_type(c, args.v[i], &ops[i]);
            ok &= v[i] != NULL;
        }
        if (ok) record_builtin(c, fun, make_sig(c, NULL, v, args.n, false));
        free(v);
        break;
    }
    case BUILTIN_MIN: case BUILTIN_MAX: {
        /* Every argument takes the result's type; a folded constant has no signature. */
        if (x->mode != OM_VALUE || !x->type || x->tuple || args.n > 8) break;
        check_assignment(c, e, x, NULL);
        for (uint32_t i = 0; i < args.n; i++) {
            check_update_untyped(c, args.v[i], x->type);
            pt[np++] = x->type;
        }
        record_builtin(c, fun, make_sig(c, x->type, pt, np, false));
        break;
    }
    case BUILTIN_SIZEOF: case BUILTIN_ALIGNOF:
        /* recorded only when not constant: the size depends on a type parameter */
        if (x->mode != OM_VALUE || !a0) break;
        pt[np++] = type_default(c->ctx, a0);
        record_builtin(c, fun, make_sig(c, x->type, pt, np, false));
        break;
    case BUILTIN_RECOVER:
        set_value(x, any);
        record_builtin(c, fun, make_sig(c, any, NULL, 0, false));
        break;
    case BUILTIN_MAKE:
        if (x->mode != OM_VALUE || !x->type) break;
        pt[np++] = x->type;
        for (uint32_t i = 1; i < args.n && np < 8; i++) {
            check_assignment(c, args.v[i], &ops[i], basic(c, BK_INT));
            pt[np++] = arg_type(c, args.v[i], &ops[i]);
            if (!pt[np - 1]) return free(ops);
        }
        record_builtin(c, fun, make_sig(c, x->type, pt, np, false));
        break;
    case BUILTIN_NEW:
        if (x->mode != OM_VALUE || !x->type || x->type->kind != TY_POINTER) break;
        if (args.n == 1) {
            Operand a = {OM_VALUE, a0, NULL, NULL, 0, false, false, false};
            check_assignment(c, args.v[0], &a, NULL);
        }
        pt[np++] = ((PointerType *)x->type)->elem;
        record_builtin(c, fun, make_sig(c, x->type, pt, np, false));
        break;
    case BUILTIN_REAL: case BUILTIN_IMAG: case BUILTIN_COMPLEX: {
        bool cx = id == BUILTIN_COMPLEX;
        if (args.n != (cx ? 2u : 1u)) break;
        if (cx) {
            if (!is_value(&ops[0]) || !is_value(&ops[1])) break;
            if (type_is_typed(ops[0].type)) check_assignment(c, args.v[1], &ops[1], ops[0].type);
            else if (type_is_typed(ops[1].type)) check_assignment(c, args.v[0], &ops[0], ops[1].type);
        } else if (!is_value(&ops[0])) break;
        Type *t = ops[0].type;
        if (!type_is_typed(t)) {
            if (ops[0].mode != OM_CONST || (cx && ops[1].mode != OM_CONST)) break;
            ConstPool *p = c->pkg->consts;
            const Const *v = cx ? const_binary(p, const_to_float(p, ops[0].val), T_ADD,
                                               const_imag(p, const_to_float(p, ops[1].val)))
                                : id == BUILTIN_REAL ? const_real(p, ops[0].val) : const_imag_part(p, ops[0].val);
            *x = (Operand){OM_CONST, basic(c, cx ? BK_UNTYPED_COMPLEX : BK_UNTYPED_FLOAT), v, NULL, 0, false, false, false};
            break;
        }
        Type *r = complex_part(c, t, cx);
        if (!r) break;
        if (ops[0].mode == OM_CONST && (!cx || ops[1].mode == OM_CONST)) {
            ConstPool *p = c->pkg->consts;
            const Const *v = cx ? const_binary(p, ops[0].val, T_ADD, const_imag(p, ops[1].val))
                                : id == BUILTIN_REAL ? const_real(p, ops[0].val) : const_imag_part(p, ops[0].val);
            *x = (Operand){OM_CONST, r, v, NULL, 0, false, false, false};
            break;
        }
        set_value(x, r);
        pt[np++] = t;
        if (cx) pt[np++] = t;
        record_builtin(c, fun, make_sig(c, r, pt, np, false));
        break;
    }
    case BUILTIN_ADD: case BUILTIN_SLICE: case BUILTIN_STRING:
        if (args.n != 2 || !a0) break;
        check_assignment(c, args.v[1], &ops[1], basic(c, BK_INT));
        if (id == BUILTIN_SLICE) {
            Type *u = type_under(a0);
            if (!u || u->kind != TY_POINTER) break;
            set_value(x, type_new_slice(c->pkg, ((PointerType *)u)->elem));
        }
        pt[np++] = a0;
        if (id == BUILTIN_STRING) {
            /* go/types records the parameter as *byte, whatever the argument's type */
            Type *u = type_under(a0);
            Type *pe = u && u->kind == TY_POINTER ? ((PointerType *)u)->elem : NULL;
            if (!pe || type_basic_kind(pe) != BK_UINT8) break;
            pt[0] = type_new_pointer(c->pkg, c->ctx->byte_type);
        }
        pt[np++] = arg_type(c, args.v[1], &ops[1]);
        if (pt[1] && x->type) record_builtin(c, fun, make_sig(c, x->type, pt, np, false));
        break;
    case BUILTIN_SLICEDATA: {
        Type *u = a0 ? type_under(a0) : NULL;
        if (!u || u->kind != TY_SLICE) break;
        set_value(x, type_new_pointer(c->pkg, ((SliceType *)u)->elem));
        pt[np++] = a0;
        record_builtin(c, fun, make_sig(c, x->type, pt, np, false));
        break;
    }
    case BUILTIN_STRINGDATA:
        if (!a0) break;
        pt[np++] = a0;
        record_builtin(c, fun, make_sig(c, x->type, pt, np, false));
        break;
    default: break;
    }
    free(ops);
}

/* f[T](args) with fewer type arguments than f has type parameters: the
   rest are inferred from the arguments, as go/types does. x receives f
   with the given type arguments substituted and the others still free. */
static bool partial_inst(Checker *c, Node *fun, Operand *x) {
    Node *f = fun;
    while (f->kind == N_ParenExpr) f = f->u.paren.x;
    if (f->kind != N_IndexExpr && f->kind != N_IndexListExpr) return false;
    Node *g = f->u.index.x;
    Object *o = NULL;
    if (g->kind == N_Ident) o = check_lookup(c, g->u.ident.name);
    else if (g->kind == N_SelectorExpr && g->u.selector.x->kind == N_Ident) {
        Object *p = check_lookup(c, g->u.selector.x->u.ident.name);
        if (p && p->kind == OBJ_PKGNAME && p->u.imported) o = scope_lookup(p->u.imported->scope, g->u.selector.sel->u.ident.name);
    }
    if (!o || o->kind != OBJ_FUNC) return false;
    check_obj_decl(c, o);
    if (!o->type || o->type->kind != TY_SIGNATURE) return false;
    SignatureType *sig = (SignatureType *)o->type;
    NodeList idx = f->u.index.indices;
    if (!sig->tparams.n || idx.n >= sig->tparams.n) return false;
    Operand gx;
    check_expr(c, g, &gx);
    if (gx.mode != OM_VALUE || !gx.type || gx.type->kind != TY_SIGNATURE) return false;
    sig = (SignatureType *)gx.type;
    if (sig->tparams.n <= idx.n) return false;
    uint32_t n = sig->tparams.n;
    Type **targs = arena_alloc(&c->pkg->arena, n * sizeof *targs);
    for (uint32_t i = 0; i < n; i++) targs[i] = i < idx.n ? check_type(c, idx.v[i]) : sig->tparams.v[i];
    for (uint32_t i = 0; i < idx.n; i++)
        if (targs[i] == c->invalid) {
            set_unknown(x);
            return true;
        }
    /* the rest from the constraints' core types when they tell (Grow[S](nil, n)) */
    Type **given = arena_alloc(&c->pkg->arena, n * sizeof *given);
    for (uint32_t i = 0; i < idx.n; i++) given[i] = targs[i];
    c->inst_pos = f->pos;
    c->inst_xlist = &f->u.index.indices;
    SignatureType *full = check_infer_partial(c, sig, given);
    c->inst_xlist = NULL;
    if (full) {
        check_record_mode(c, f, EM_VALUE, &full->t, NULL);
        for (Node *p = fun; p != f; p = p->u.paren.x) check_record_mode(c, p, EM_VALUE, &full->t, NULL);
        set_value(x, &full->t);
        return true;
    }
    SignatureType *sub = (SignatureType *)check_subst(c, sig->tparams, (TypeList){targs, n}, &sig->t);
    SignatureType *part = type_new_signature(c->pkg, sub->recv, sub->params, sub->results, sub->variadic);
    part->tparams = (TypeList){sig->tparams.v + idx.n, n - idx.n};
    check_record_mode(c, f, EM_VALUE, &part->t, NULL);
    for (Node *p = fun; p != f; p = p->u.paren.x) check_record_mode(c, p, EM_VALUE, &part->t, NULL);
    set_value(x, &part->t);
    return true;
}

void check_call_full(Checker *c, Node *e, Operand *x) {
    Node *fun = e->u.call.fun;
    if (partial_inst(c, fun, x)) {
        if (x->mode == OM_VALUE) func_call(c, e, x);
        else for (uint32_t i = 0; i < e->u.call.args.n; i++) {
            Operand a;
            check_expr(c, e->u.call.args.v[i], &a);
        }
        return;
    }
    check_expr(c, fun, x);
    NodeList args = e->u.call.args;
    switch (x->mode) {
    case OM_TYPE: {
        Type *t = x->type;
        check_conversion(c, e, t, x);
        if (args.n != 1 || !c->info) return;
        const ExprInfo *r = types_expr_info(c->info, args.v[0]);
        if (!r || !r->type || type_is_typed(r->type)) return;
        Type *final = t;
        Type *ut = type_under(t);
        bool const_t = ut && ut->kind == TY_BASIC && (((BasicType *)ut)->info & BINFO_CONST_TYPE);
        if ((type_is_interface(t) && type_unalias(t)->kind != TY_TYPEPARAM) || (r->mode == EM_CONST && !const_t) ||
            type_basic_kind(r->type) == BK_UNTYPED_NIL)
            final = type_default(c->ctx, r->type);
        else if (r->mode == EM_CONST && type_has_info(r->type, BINFO_INTEGER) && type_has_info(t, BINFO_STRING))
            final = r->type;
        if (type_basic_kind(r->type) != BK_UNTYPED_NIL) check_update_untyped(c, args.v[0], final);
        return;
    }
    case OM_BUILTIN: builtin_full(c, e, x->builtin, x); return;
    case OM_VALUE: func_call(c, e, x); return;
    default:
        if (x->mode == OM_CONST) not_a_function(c, fun, x);
        for (uint32_t i = 0; i < args.n; i++) {
            Operand a;
            check_expr(c, args.v[i], &a);
        }
        set_unknown(x);
        return;
    }
}
