/* Expressions as far as package-level declarations need them: constant
   expressions with go/types' rules for untyped operands, conversions and
   the constant builtins, and the result types of the initializers variables
   most often have (literals, calls, conversions, composite literals).
   Anything else is OM_UNKNOWN: full expression typing comes later. */
#include "check.h"
#include "base/util.h"
#include <string.h>
#include <stdio.h>

static Type *basic(Checker *c, BasicKind k) { return &c->ctx->typ[k]->t; }

static void set_const(Operand *o, Type *t, const Const *v) {
    *o = (Operand){OM_CONST, t, v, NULL, 0, false, false, false};
}
static void set_value(Operand *o, Type *t) {
    *o = (Operand){OM_VALUE, t, NULL, NULL, 0, false, false, false};
}
/* Unknown value; t, when known, is the type it would have. */
static void set_unknown(Operand *o, Type *t) {
    *o = (Operand){OM_UNKNOWN, t, NULL, NULL, 0, false, false, false};
}
static void set_invalid(Checker *c, Operand *o) {
    *o = (Operand){OM_INVALID, c->invalid, NULL, NULL, 0, false, false, false};
}

static bool is_untyped(Type *t) { return t && !type_is_typed(t); }

static bool is_numeric(Type *t) {
    Type *u = type_under(t);
    return u && u->kind == TY_BASIC && (((BasicType *)u)->info & BINFO_NUMERIC);
}

/* Rounds the constant o to type t's basic kind; false if it does not fit. */
static bool representable(Checker *c, Operand *o, Type *t) {
    int k = type_basic_kind(t);
    if (k < 0) return false;
    const Const *r = o->val;
    if (!const_representable(c->pkg->consts, o->val, (BasicKind)k, c->ctx->sizes.word_size, &r)) return false;
    o->val = r;
    return true;
}

static bool same_const_class(Type *from, Type *to) {
    unsigned cls[] = {BINFO_BOOLEAN, BINFO_STRING, BINFO_NUMERIC};
    for (size_t i = 0; i < 3; i++) {
        bool a = false, b = false;
        Type *uf = type_under(from), *ut = type_under(to);
        if (uf && uf->kind == TY_BASIC) a = ((BasicType *)uf)->info & cls[i];
        if (ut && ut->kind == TY_BASIC) b = ((BasicType *)ut)->info & cls[i];
        if (a || b) return a && b;
    }
    return false;
}

/* Converts an untyped constant to t (go/types implicitTypeAndValue and
   representable); reports why it cannot: as an assignment in context, or
   (context NULL) as go/types' invalidConversion. */
static bool convert_untyped(Checker *c, Node *x, Operand *o, Type *t, const char *context) {
    if (!is_untyped(o->type) || o->mode != OM_CONST) {
        if (o->mode == OM_CONST || o->mode == OM_VALUE) {
            if (is_untyped(o->type) && type_basic_kind(o->type) != BK_UNTYPED_NIL) {
                Type *ut = type_under(t);
                o->type = ut && ut->kind == TY_INTERFACE ? type_default(c->ctx, o->type) : t;
                check_update_untyped(c, x, o->type);
            }
        }
        return true;
    }
    Type *at = type_unalias(t);
    if (at && at->kind == TY_TYPEPARAM && type_basic_kind(o->type) != BK_UNTYPED_NIL) {
        /* go/types: representable in every type of the type set; the
           constant takes the type parameter's type, its value unrounded. */
        Type *us[64];
        uint32_t n = check_type_set_unders(t, us, 64);
        bool ok = n > 0;
        for (uint32_t i = 0; i < n && ok; i++) {
            Operand tmp = *o;
            ok = us[i]->kind == TY_BASIC && same_const_class(o->type, us[i]) && representable(c, &tmp, us[i]);
        }
        if (ok || n == 0) {   /* n == 0: the type set is not known here */
            o->type = t;
            check_update_untyped(c, x, t);
            return true;
        }
    }
    Type *ut = type_under(t);
    if (ut && ut->kind == TY_INTERFACE) {
        o->type = type_default(c->ctx, o->type);
        check_update_untyped(c, x, o->type);
        return true;
    }
    if (!ut || ut->kind != TY_BASIC || !same_const_class(o->type, t)) {
        StrBuf b = {0}, tb = {0};
        check_operand_string(c, &b, x, o);
        check_type_write(c, &tb, t);
        if (context) check_error(c, x->pos, "cannot use %s as %s value in %s", sb_cstr(&b), sb_cstr(&tb), context);
        else check_error(c, x->pos, "cannot convert %s to type %s", sb_cstr(&b), sb_cstr(&tb));
        sb_free(&b);
        sb_free(&tb);
        return false;
    }
    Operand save = *o;
    if (!representable(c, o, t)) {
        StrBuf b = {0}, tb = {0};
        check_operand_string(c, &b, x, &save);
        check_type_write(c, &tb, t);
        bool trunc = type_has_info(t, BINFO_INTEGER) && !type_has_info(save.type, BINFO_INTEGER);
        if (context)
            check_error(c, x->pos, "cannot use %s as %s value in %s (%s)", sb_cstr(&b), sb_cstr(&tb), context,
                        trunc ? "truncated" : "overflows");
        else
            check_error(c, x->pos, "%s %s %s", sb_cstr(&b), trunc ? "truncated to" : "overflows", sb_cstr(&tb));
        sb_free(&b);
        sb_free(&tb);
        return false;
    }
    o->type = t;
    check_update_val(c, x, o->val);
    check_update_untyped(c, x, t);
    return true;
}

void check_const_fits(Checker *c, Node *e, const Operand *x, Type *t, const char *context) {
    Operand tmp = *x;
    TypeInfo *save = c->info;
    c->info = NULL;
    convert_untyped(c, e, &tmp, t, context);
    c->info = save;
}

bool check_assign_const(Checker *c, Node *x, Operand *o, Type *t, const char *context) {
    Pos pos = x->pos;
    if (is_untyped(o->type)) return convert_untyped(c, x, o, t, context);
    if (!type_identical(o->type, t)) {
        StrBuf a = {0}, b = {0};
        check_type_write(c, &a, o->type);
        check_type_write(c, &b, t);
        check_error(c, pos, "cannot use constant of type %s as %s value in %s", sb_cstr(&a), sb_cstr(&b), context);
        sb_free(&a);
        sb_free(&b);
        return false;
    }
    return true;
}

/* Untyped numeric kinds in increasing order of generality. */
static int untyped_rank(Type *t) {
    switch (type_basic_kind(t)) {
    case BK_UNTYPED_INT: return 1;
    case BK_UNTYPED_RUNE: return 2;
    case BK_UNTYPED_FLOAT: return 3;
    case BK_UNTYPED_COMPLEX: return 4;
    default: return 0;
    }
}

/* Whether values of other types might be assignable to t in ways
   check_assignable does not know (interfaces, type parameters). */
static bool maybe_assignable(Type *t) {
    Type *a = type_unalias(t), *u = type_under(t);
    return !a || !u || a->kind == TY_TYPEPARAM || u->kind == TY_INTERFACE;
}

static bool is_comparison(Token op);

/* go/types' mayConvert: whether one untyped operand may take the other's
   type (else the types simply do not match). Type parameters and types
   this checker is unsure of: yes, as before it knew better. */
static bool may_convert(const Operand *x, const Operand *y) {
    Type *xa = type_unalias(x->type), *ya = type_unalias(y->type);
    if (!xa || !ya || xa->kind == TY_TYPEPARAM || ya->kind == TY_TYPEPARAM || check_unsure_type(x->type) ||
        check_unsure_type(y->type))
        return true;
    Type *xu = type_under(x->type), *yu = type_under(y->type);
    if (!xu || !yu) return true;
    if (type_has_info(xu, BINFO_NUMERIC) != type_has_info(yu, BINFO_NUMERIC)) return false;
    if (xu->kind == TY_INTERFACE || yu->kind == TY_INTERFACE) return true;
    if (type_has_info(xu, BINFO_BOOLEAN) != type_has_info(yu, BINFO_BOOLEAN)) return false;
    if (type_has_info(xu, BINFO_STRING) != type_has_info(yu, BINFO_STRING)) return false;
    bool xnil = type_basic_kind(x->type) == BK_UNTYPED_NIL, ynil = type_basic_kind(y->type) == BK_UNTYPED_NIL;
    if (xnil || ynil) {
        Type *o = xnil ? yu : xu;
        return o->kind == TY_POINTER || o->kind == TY_SLICE || o->kind == TY_MAP || o->kind == TY_CHAN ||
               o->kind == TY_SIGNATURE || o->kind == TY_INTERFACE || type_basic_kind(o) == BK_UNSAFE_POINTER ||
               type_basic_kind(o) == BK_UNTYPED_NIL;
    }
    return xu->kind != TY_POINTER && yu->kind != TY_POINTER;
}

/* The operands of e (a binary expression, or a call of min or max) have
   types that do not match: go/types' error, at the operand it names. */
static void mismatch(Checker *c, Node *e, Node *xn, Node *yn, Type *xt, Type *yt) {
    StrBuf a = {0}, b = {0}, d = {0};
    check_type_write(c, &a, xt);
    check_type_write(c, &b, yt);
    if (e->kind == N_BinaryExpr) {
        /* go/types: at the second operand of a comparison, else the first */
        check_expr_string(&d, e);
        check_error(c, is_comparison((Token)e->tok) ? yn->pos : xn->pos,
                    "invalid operation: %s (mismatched types %s and %s)", sb_cstr(&d), sb_cstr(&a), sb_cstr(&b));
    } else {
        check_expr_string(&d, yn);
        check_error(c, yn->pos, "invalid argument: mismatched types %s (previous argument) and %s (type of %s)",
                    sb_cstr(&a), sb_cstr(&b), sb_cstr(&d));
    }
    sb_free(&a);
    sb_free(&b);
    sb_free(&d);
}

/* Gives both operands one type as go/types' matchTypes does; false after
   an error. */
static bool match_types(Checker *c, Node *e, Node *xn, Operand *x, Node *yn, Operand *y) {
    bool ux = is_untyped(x->type), uy = is_untyped(y->type);
    if (ux && uy) {
        int rx = untyped_rank(x->type), ry = untyped_rank(y->type);
        if (rx && ry) {
            if (rx < ry) {
                x->type = y->type;
                check_update_untyped(c, xn, x->type);
            } else {
                y->type = x->type;
                check_update_untyped(c, yn, y->type);
            }
            return true;
        }
        if (type_basic_kind(x->type) == type_basic_kind(y->type)) return true;
        if (type_basic_kind(x->type) == BK_UNTYPED_NIL || type_basic_kind(y->type) == BK_UNTYPED_NIL) return true;
        mismatch(c, e, xn, yn, x->type, y->type);
        return false;
    }
    if ((ux || uy) && !may_convert(x, y)) {
        mismatch(c, e, xn, yn, x->type, y->type);
        return false;
    }
    if (ux) return convert_untyped(c, xn, x, y->type, NULL);
    if (uy) return convert_untyped(c, yn, y, x->type, NULL);
    if (!type_identical(x->type, y->type)) {
        if (maybe_assignable(x->type) || maybe_assignable(y->type)) return true;  /* not known here */
        mismatch(c, e, xn, yn, x->type, y->type);
        return false;
    }
    return true;
}

/* Typed constants must fit their type; untyped ones are only bounded. */
static void overflow(Checker *c, Node *e, Operand *o) {
    if (o->mode != OM_CONST || const_kind(o->val) == CONST_UNKNOWN) return;
    if (!is_untyped(o->type)) {
        Operand save = *o;
        if (!representable(c, o, o->type)) {
            StrBuf b = {0}, tb = {0};
            const_format(&b, save.val);
            check_type_write(c, &tb, o->type);
            check_error(c, e->op ? e->op : e->pos, "constant %s overflows %s", sb_cstr(&b), sb_cstr(&tb));
            sb_free(&b);
            sb_free(&tb);
            o->val = const_unknown();
        }
        return;
    }
    if (const_kind(o->val) == CONST_INT && const_bitlen(o->val) > 512) {
        check_error(c, e->op ? e->op : e->pos, "constant overflow");
        o->val = const_unknown();
    }
}

/* x is a non-constant shift of an untyped constant (1 << s), whose type
   comes from its context and must then be an integer type. */
static bool untyped_shift(const Node *n, const Operand *x) {
    while (n->kind == N_ParenExpr) n = n->u.paren.x;
    return n->kind == N_BinaryExpr && (n->tok == T_SHL || n->tok == T_SHR) && x->mode == OM_VALUE && x->type &&
           !type_is_typed(x->type);
}

static void shift_context_error(Checker *c, Node *n, const char *tname) {
    while (n->kind == N_ParenExpr) n = n->u.paren.x;
    StrBuf b = {0};
    check_expr_string(&b, n->u.binary.x);
    check_error(c, n->pos, "invalid operation: shifted operand %s (type %s) must be integer", sb_cstr(&b), tname);
    sb_free(&b);
}

static bool is_comparison(Token op) {
    return op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR || op == T_GEQ;
}

static void shift(Checker *c, Node *e, Operand *x, Operand *y) {
    if (y->mode != OM_CONST) {
        /* 1 << n: an untyped value whose type (and the 1's) comes from the
           context, as go/types delays it; other untyped kinds stay unknown. */
        int k = type_basic_kind(x->type);
        if (x->mode == OM_CONST && is_untyped(x->type) && k != BK_UNTYPED_INT && k != BK_UNTYPED_RUNE)
            set_unknown(x, NULL);
        else set_value(x, x->type);
        return;
    }
    const Const *s = const_to_int(c->pkg->consts, y->val);
    uint64_t n;
    if (const_kind(s) != CONST_INT || const_sign(s) < 0 || !const_uint64_val(s, &n)) {
        check_error(c, e->u.binary.y->pos, "invalid shift count");
        set_invalid(c, x);
        return;
    }
    if (x->mode != OM_CONST) {
        set_value(x, x->type);
        return;
    }
    if (is_untyped(x->type)) {
        const Const *xi = const_to_int(c->pkg->consts, x->val);
        if (const_kind(xi) != CONST_INT) {
            check_error(c, e->op, "invalid operation: shifted operand must be integer");
            set_invalid(c, x);
            return;
        }
        x->val = xi;
        if (untyped_rank(x->type) > 2) x->type = basic(c, BK_UNTYPED_INT);
    } else if (!type_has_info(x->type, BINFO_INTEGER)) {
        check_error(c, e->op, "invalid operation: shifted operand must be integer");
        set_invalid(c, x);
        return;
    }
    if (n > 1023 - 1 + 52) {
        check_error(c, e->u.binary.y->pos, "invalid shift count %llu", (unsigned long long)n);
        set_invalid(c, x);
        return;
    }
    x->val = const_shift(c->pkg->consts, x->val, (Token)e->tok, (unsigned)n);
    overflow(c, e, x);
}

static void binary(Checker *c, Node *e, Operand *x) {
    Operand y;
    check_expr(c, e->u.binary.x, x);
    check_expr(c, e->u.binary.y, &y);
    Token op = (Token)e->tok;
    if (!check_single_value(c, e->u.binary.x, x) || !check_single_value(c, e->u.binary.y, &y)) {
        set_invalid(c, x);
        return;
    }
    if (x->mode == OM_INVALID || y.mode == OM_INVALID) {
        set_invalid(c, x);
        return;
    }
    if (x->mode == OM_UNKNOWN || y.mode == OM_UNKNOWN) {
        Type *t = is_comparison(op) ? basic(c, BK_UNTYPED_BOOL) : NULL;
        if (!t && x->type && y.type && !is_untyped(x->type)) t = x->type;
        else if (!t && x->type && y.type && !is_untyped(y.type) && op != T_SHL && op != T_SHR) t = y.type;
        set_unknown(x, t);
        return;
    }
    if ((x->mode != OM_CONST && x->mode != OM_VALUE) || (y.mode != OM_CONST && y.mode != OM_VALUE)) {
        set_unknown(x, NULL);
        return;
    }
    if (op == T_SHL || op == T_SHR) {
        shift(c, e, x, &y);
        return;
    }
    if (op != T_SHL && op != T_SHR) {
        bool xs = untyped_shift(e->u.binary.x, x), ys = untyped_shift(e->u.binary.y, &y);
        const Operand *other = xs ? &y : x;
        int ok_ = type_basic_kind(other->type);
        if ((xs || ys) && !(xs && ys) && other->mode == OM_CONST && !type_is_typed(other->type) &&
            (ok_ == BK_UNTYPED_FLOAT || ok_ == BK_UNTYPED_COMPLEX)) {
            shift_context_error(c, xs ? e->u.binary.x : e->u.binary.y, ok_ == BK_UNTYPED_FLOAT ? "float64" : "complex128");
            set_invalid(c, x);
            return;
        }
    }
    if (is_comparison(op) && !check_compare_ok(c, e, x, &y)) {
        set_invalid(c, x);
        return;
    }
    /* Comparable values of different types: one is assignable to the other
       (an interface and a concrete value, say); both keep their types. */
    if (is_comparison(op) && !is_untyped(x->type) && !is_untyped(y.type) && !type_identical(x->type, y.type) &&
        (check_assignable(c, x->type, y.type) || check_assignable(c, y.type, x->type))) {
        set_value(x, basic(c, BK_UNTYPED_BOOL));
        return;
    }
    if (!match_types(c, e, e->u.binary.x, x, e->u.binary.y, &y)) {
        set_invalid(c, x);
        return;
    }
    if (!is_comparison(op) && !check_op_ok(c, e, e->u.binary.x, op, x, false)) {
        set_invalid(c, x);
        return;
    }
    if (is_comparison(op)) {
        if (x->mode == OM_CONST && y.mode == OM_CONST) {
            set_const(x, basic(c, BK_UNTYPED_BOOL), const_bool(c->pkg->consts, const_compare(x->val, op, y.val)));
            return;
        }
        /* The operands are materialized: still untyped ones take their default type. */
        if (type_basic_kind(x->type) != BK_UNTYPED_NIL)
            check_update_untyped(c, e->u.binary.x, type_default(c->ctx, x->type));
        if (type_basic_kind(y.type) != BK_UNTYPED_NIL)
            check_update_untyped(c, e->u.binary.y, type_default(c->ctx, y.type));
        set_value(x, basic(c, BK_UNTYPED_BOOL));
        return;
    }
    if ((op == T_QUO || op == T_REM) && y.mode == OM_CONST && y.val && const_kind(y.val) != CONST_UNKNOWN &&
        type_has_info(x->type, BINFO_INTEGER) && const_sign(y.val) == 0) {
        check_error(c, e->u.binary.y->pos, "invalid operation: division by zero");
        set_invalid(c, x);
        return;
    }
    if (x->mode != OM_CONST || y.mode != OM_CONST) {
        set_value(x, x->type);
        return;
    }
    if ((op == T_QUO || op == T_REM) && is_numeric(x->type) && const_sign(y.val) == 0 &&
        const_kind(y.val) != CONST_UNKNOWN) {
        check_error(c, e->u.binary.y->pos, "invalid operation: division by zero");
        set_invalid(c, x);
        return;
    }
    if (op == T_QUO && type_has_info(x->type, BINFO_INTEGER)) op = T_QUO_ASSIGN;
    x->val = const_binary(c->pkg->consts, x->val, op, y.val);
    overflow(c, e, x);
}

static void unary(Checker *c, Node *e, Operand *x) {
    Node *xn = e->u.unary.x;
    Token op = (Token)e->tok;
    if (op == T_AND) {
        Node *inner = xn;
        while (inner->kind == N_ParenExpr) inner = inner->u.paren.x;
        check_expr(c, xn, x);
        /* what is surely no variable: a constant, a map index */
        if (inner->kind != N_CompositeLit && (x->mode == OM_CONST || (x->mode == OM_VALUE && x->mapindex))) {
            StrBuf d = {0};
            check_operand_string(c, &d, xn, x);
            check_error(c, xn->pos, "invalid operation: cannot take address of %s", sb_cstr(&d));
            sb_free(&d);
            set_invalid(c, x);
            return;
        }
        if (x->mode == OM_VALUE || (x->mode == OM_UNKNOWN && x->type))
            set_value(x, type_new_pointer(c->pkg, x->type));
        else if (x->mode != OM_INVALID) set_unknown(x, NULL);
        return;
    }
    check_expr(c, xn, x);
    if (x->mode == OM_INVALID || x->mode == OM_UNKNOWN) return;
    if (op != T_ARROW && !check_op_ok(c, e, xn, op, x, true)) {
        set_invalid(c, x);
        return;
    }
    if (op == T_ARROW) {
        Type *u = type_under(x->type);
        if (x->mode == OM_VALUE && !u) u = check_core_type(x->type);
        if (x->mode == OM_VALUE && u && u->kind == TY_TYPEPARAM) u = check_core_type(x->type);
        Type *a = type_unalias(x->type);
        bool sure = x->mode == OM_VALUE && a && a->kind != TY_TYPEPARAM && !check_unsure_type(x->type);
        if (sure && (!u || u->kind != TY_CHAN || ((ChanType *)u)->dir == CHAN_SEND)) {
            StrBuf t = {0}, d = {0};
            check_type_write(c, &t, x->type);
            check_operand_string(c, &d, xn, x);
            check_error(c, xn->pos, "invalid operation: cannot receive from %s %s %s",
                        u && u->kind == TY_CHAN ? "send-only channel" : "non-channel", sb_cstr(&t), sb_cstr(&d));
            sb_free(&t);
            sb_free(&d);
            set_invalid(c, x);
        } else if (x->mode == OM_VALUE && u && u->kind == TY_CHAN) {
            set_value(x, ((ChanType *)u)->elem);
            x->commaok = true;
        } else {
            set_unknown(x, NULL);
        }
        return;
    }
    if (x->mode == OM_VALUE) {
        set_value(x, x->type);  /* -v is no variable */
        return;
    }
    if (x->mode != OM_CONST) {
        set_unknown(x, NULL);
        return;
    }
    unsigned prec = 0;
    if (op == T_XOR && type_has_info(x->type, BINFO_UNSIGNED) && !is_untyped(x->type))
        prec = (unsigned)(8 * type_sizeof(&c->ctx->sizes, x->type));
    const Const *v = const_unary(c->pkg->consts, op, x->val, prec);
    if (const_kind(v) == CONST_UNKNOWN && const_kind(x->val) != CONST_UNKNOWN) {
        StrBuf b = {0};
        check_expr_string(&b, e);
        check_error(c, e->pos, "invalid operation: operator %s not defined on %s", token_string(op), sb_cstr(&b));
        sb_free(&b);
        set_invalid(c, x);
        return;
    }
    x->val = v;
    overflow(c, e, x);
}

static Object *qualified(Checker *c, Node *e, bool *is_pkg) {
    Node *px = e->u.selector.x;
    *is_pkg = false;
    if (px->kind != N_Ident) return NULL;
    Object *p = check_lookup(c, px->u.ident.name);
    if (!p || p->kind != OBJ_PKGNAME) return NULL;
    *is_pkg = true;
    p->flags |= OF_USED;
    check_record_use(c, px, p);
    return check_imported(c, p, px, e->u.selector.sel);
}

static void object_operand(Checker *c, Node *e, Object *o, Operand *x) {
    check_obj_decl(c, o);
    if (o != c->ctx->iota_obj || c->iota) check_record_use(c, e, o);
    check_dep(c, o);
    switch (o->kind) {
    case OBJ_CONST:
        if (o == c->ctx->iota_obj) {
            if (!c->iota) {
                check_error(c, e->pos, "cannot use iota outside constant declaration");
                set_invalid(c, x);
            } else {
                set_const(x, o->type, c->iota);
            }
            return;
        }
        if (o->type == c->invalid) set_invalid(c, x);
        else if (!o->type || !o->u.val || const_kind(o->u.val) == CONST_UNKNOWN) set_unknown(x, o->type);
        else set_const(x, o->type, o->u.val);
        return;
    case OBJ_VAR:
        if (o->type == c->invalid) set_invalid(c, x);
        else if (!o->type) set_unknown(x, NULL);
        else {
            set_value(x, o->type);
            x->addressable = true;
        }
        return;
    case OBJ_FUNC:
        if (!o->type) set_unknown(x, NULL);
        else set_value(x, o->type);
        return;
    case OBJ_TYPENAME:
        if (!o->type || o->type == c->invalid) set_invalid(c, x);
        else *x = (Operand){OM_TYPE, o->type, NULL, NULL, 0, false, false, false};
        return;
    case OBJ_BUILTIN:
        *x = (Operand){OM_BUILTIN, NULL, NULL, NULL, o->u.builtin, false, false, false};
        return;
    case OBJ_NIL: set_value(x, o->type); return;
    case OBJ_PKGNAME:
        check_error(c, e->pos, "use of package %s without selector", o->name);
        set_invalid(c, x);
        return;
    default: set_unknown(x, NULL); return;
    }
}

static void ident(Checker *c, Node *e, Operand *x) {
    const char *name = e->u.ident.name;
    if (name[0] == '_' && !name[1]) {
        check_error(c, e->pos, "cannot use _ as value");
        set_invalid(c, x);
        return;
    }
    Object *o = check_lookup(c, name);
    if (!o) {
        check_error(c, e->pos, "undefined: %s", name);
        set_invalid(c, x);
        return;
    }
    object_operand(c, e, o, x);
}

/* Whether x calls a function or receives from a channel (then len is not
   constant). Conversions and constant builtin calls are no calls (go/types
   hasCallOrRecv); that is known from the records, when they are kept. */
/* Whether f, the function part of a call, certainly denotes a type. */
static bool is_type_syntax(Checker *c, const Node *f) {
    switch (f->kind) {
    case N_StarExpr: return is_type_syntax(c, f->u.star.x);
    case N_SelectorExpr: {
        const Node *p = f->u.selector.x;
        Object *o = p->kind == N_Ident ? check_lookup(c, p->u.ident.name) : NULL;
        if (!o || o->kind != OBJ_PKGNAME || !o->u.imported) return false;
        Object *m = scope_lookup(o->u.imported->scope, f->u.selector.sel->u.ident.name);
        return m && m->kind == OBJ_TYPENAME;
    }
    case N_ArrayType: case N_MapType: case N_ChanType: case N_FuncType:
    case N_InterfaceType: case N_StructType:
        return true;
    case N_Ident: {
        Object *o = check_lookup(c, f->u.ident.name);
        return o && o->kind == OBJ_TYPENAME;
    }
    default: return false;
    }
}

static bool has_call_or_recv(Checker *c, const Node *x) {
    if (!x) return false;
    switch (x->kind) {
    case N_CallExpr: {
        const ExprInfo *r = c->info ? types_expr_info(c->info, x) : NULL;
        if (r && r->mode == EM_CONST) return false;
        const Node *f = x->u.call.fun;
        while (f->kind == N_ParenExpr) f = f->u.paren.x;
        if (is_type_syntax(c, f) && x->u.call.args.n == 1) return has_call_or_recv(c, x->u.call.args.v[0]);
        const ExprInfo *fr = c->info ? types_expr_info(c->info, f) : NULL;
        if (fr && fr->mode == EM_TYPE && x->u.call.args.n == 1) return has_call_or_recv(c, x->u.call.args.v[0]);
        return true;
    }
    case N_UnaryExpr: return x->tok == T_ARROW || has_call_or_recv(c, x->u.unary.x);
    case N_ParenExpr: return has_call_or_recv(c, x->u.paren.x);
    case N_SelectorExpr: return has_call_or_recv(c, x->u.selector.x);
    case N_StarExpr: return has_call_or_recv(c, x->u.star.x);
    case N_IndexExpr: return has_call_or_recv(c, x->u.index.x) || has_call_or_recv(c, x->u.index.indices.v[0]);
    case N_BinaryExpr: return has_call_or_recv(c, x->u.binary.x) || has_call_or_recv(c, x->u.binary.y);
    case N_KeyValueExpr: return has_call_or_recv(c, x->u.kv.key) || has_call_or_recv(c, x->u.kv.value);
    case N_CompositeLit:
        for (uint32_t i = 0; i < x->u.composite.elts.n; i++)
            if (has_call_or_recv(c, x->u.composite.elts.v[i])) return true;
        return false;
    default: return false;
    }
}

static bool sizeable(Type *t, int depth);
bool check_sizeable(Type *t) { return sizeable(t, 0); }

/* Whether gc's size of t can be computed here (no type parameters, no
   instances without an underlying type). */
static bool sizeable(Type *t, int depth) {
    if (!t || depth > 50) return false;
    t = type_unalias(t);
    switch (t->kind) {
    case TY_BASIC: return ((BasicType *)t)->bkind != BK_INVALID;
    case TY_NAMED: return sizeable(((NamedType *)t)->underlying, depth + 1);
    case TY_ARRAY: return ((ArrayType *)t)->len >= 0 && sizeable(((ArrayType *)t)->elem, depth + 1);
    case TY_STRUCT: {
        StructType *st = (StructType *)t;
        for (uint32_t i = 0; i < st->fields.n; i++)
            if (!sizeable(st->fields.v[i]->type, depth + 1)) return false;
        return true;
    }
    case TY_TYPEPARAM: return false;
    default: return true;
    }
}

/* go/types hasVarSize: t's size depends on a type parameter. */
static bool has_var_size(Type *t, int depth) {
    if (!t || depth > 50) return false;
    Type *a = type_unalias(t);
    if (a && a->kind == TY_TYPEPARAM) return true;
    Type *u = type_under(t);
    if (!u) return false;
    if (u->kind == TY_ARRAY) return has_var_size(((ArrayType *)u)->elem, depth + 1);
    if (u->kind == TY_STRUCT) {
        StructType *st = (StructType *)u;
        for (uint32_t i = 0; i < st->fields.n; i++)
            if (has_var_size(st->fields.v[i]->type, depth + 1)) return true;
    }
    return false;
}

void check_conversion(Checker *c, Node *e, Type *t, Operand *x) {
    if (e->u.call.args.n != 1) {
        StrBuf b = {0};
        check_expr_string(&b, e);
        check_error(c, e->op, "%s arguments in conversion to %s", e->u.call.args.n ? "too many" : "missing",
                    sb_cstr(&b));
        sb_free(&b);
        set_invalid(c, x);
        return;
    }
    Node *an = e->u.call.args.v[0];
    check_expr(c, an, x);
    Type *u = type_under(t);
    bool const_type = u && u->kind == TY_BASIC && (((BasicType *)u)->info & BINFO_CONST_TYPE);
    if (x->mode == OM_INVALID) return;
    if (x->mode == OM_UNKNOWN) {
        set_unknown(x, t);
        return;
    }
    if (x->mode == OM_CONST && const_type) {
        Operand save = *x;
        if (representable(c, x, t)) {
            x->type = t;
            return;
        }
        /* integer -> string gives the rune's UTF-8 encoding */
        if (type_has_info(t, BINFO_STRING) && const_kind(save.val) == CONST_INT) {
            int64_t r;
            char buf[4];
            size_t n = 0;
            if (!const_int64_val(save.val, &r) || r < 0 || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000)) r = 0xFFFD;
            uint32_t cp = (uint32_t)r;
            if (cp < 0x80) buf[n++] = (char)cp;
            else if (cp < 0x800) {
                buf[n++] = (char)(0xC0 | cp >> 6);
                buf[n++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                buf[n++] = (char)(0xE0 | cp >> 12);
                buf[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                buf[n++] = (char)(0x80 | (cp & 0x3F));
            } else {
                buf[n++] = (char)(0xF0 | cp >> 18);
                buf[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                buf[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                buf[n++] = (char)(0x80 | (cp & 0x3F));
            }
            set_const(x, t, const_string(c->pkg->consts, buf, n));
            return;
        }
        StrBuf b = {0}, tb = {0};
        check_operand_string(c, &b, an, &save);
        check_type_write(c, &tb, t);
        check_error(c, an->pos, "cannot convert %s to type %s", sb_cstr(&b), sb_cstr(&tb));
        sb_free(&b);
        sb_free(&tb);
        set_invalid(c, x);
        return;
    }
    if (untyped_shift(an, x) && !check_unsure_type(t) && type_under(t) && !type_has_info(t, BINFO_INTEGER) &&
        !type_is_interface(t)) {
        StrBuf tb = {0};
        check_type_write(c, &tb, t);
        shift_context_error(c, an, sb_cstr(&tb));
        sb_free(&tb);
        set_invalid(c, x);
        return;
    }
    if (x->mode == OM_CONST || x->mode == OM_VALUE) {
        check_report_conversion(c, an, x, t);
        set_value(x, t);
        return;
    }
    set_unknown(x, t);
}

/* unsafe.Offsetof(x.f): a constant for a field declared in x's struct type
   itself; promoted fields and variable-sized structs stay unknown. */
static void offsetof_(Checker *c, Node *arg, Operand *x) {
    Type *uintptr_t_ = basic(c, BK_UINTPTR);
    Node *sel = arg;
    while (sel->kind == N_ParenExpr) sel = sel->u.paren.x;
    if (sel->kind != N_SelectorExpr) {
        check_expr(c, arg, x);
        set_unknown(x, uintptr_t_);
        return;
    }
    Operand b;
    check_expr(c, sel->u.selector.x, &b);
    set_unknown(x, uintptr_t_);
    if (b.mode != OM_VALUE || !b.type || b.tuple) return;
    Type *base = b.type, *u = type_under(base);
    if (u && u->kind == TY_POINTER && type_under(((PointerType *)u)->elem) &&
        type_under(((PointerType *)u)->elem)->kind == TY_STRUCT) {
        base = ((PointerType *)u)->elem;
        u = type_under(base);
    }
    if (!u || u->kind != TY_STRUCT || !sizeable(base, 0)) return;
    StructType *st = (StructType *)u;
    const char *name = sel->u.selector.sel->u.ident.name;
    for (uint32_t i = 0; i < st->fields.n; i++) {
        Object *f = st->fields.v[i];
        if (f->name != name || (name[0] == '_' && !name[1])) continue;
        check_record_use(c, sel->u.selector.sel, f);
        check_record_mode(c, sel, b.addressable ? EM_VAR : EM_VALUE, f->type, NULL);
        set_const(x, uintptr_t_, const_int64(c->pkg->consts, type_offsetof_field(&c->ctx->sizes, st, i)));
        return;
    }
}

/* Untyped constants of a builtin's arguments, folded (min, max). */
static void min_max(Checker *c, Node *e, Operand *x, bool is_min) {
    NodeList args = e->u.call.args;
    check_expr(c, args.v[0], x);
    for (uint32_t i = 1; i < args.n && x->mode != OM_INVALID; i++) {
        Operand y;
        check_expr(c, args.v[i], &y);
        if (y.mode == OM_INVALID) {
            set_invalid(c, x);
            return;
        }
        if (x->mode == OM_UNKNOWN || y.mode == OM_UNKNOWN) {
            set_unknown(x, NULL);
            continue;
        }
        if (!match_types(c, e, args.v[0], x, args.v[i], &y)) {
            set_invalid(c, x);
            return;
        }
        if (x->mode == OM_CONST && y.mode == OM_CONST) {
            if (const_compare(y.val, is_min ? T_LSS : T_GTR, x->val)) x->val = y.val;
        } else {
            set_value(x, x->type);
        }
    }
}

void check_builtin(Checker *c, Node *e, BuiltinId id, Operand *x) {
    NodeList args = e->u.call.args;
    const BuiltinInfo *bi = builtin_info(id);
    {
        int need = id == BUILTIN_ADD || id == BUILTIN_SLICE ? 17
                 : id == BUILTIN_SLICEDATA || id == BUILTIN_STRING || id == BUILTIN_STRINGDATA ? 20
                 : id == BUILTIN_CLEAR || id == BUILTIN_MIN || id == BUILTIN_MAX ? 21 : 0;
        if (need && check_lang_before(c, need)) {
            StrBuf b = {0};
            check_expr_string(&b, e->u.call.fun);
            check_error(c, e->u.call.fun->pos, "%s requires go1.%d or later", sb_cstr(&b), need);
            sb_free(&b);
        }
    }
    if (args.n == 1 && bi->nargs > 1 && args.v[0]->kind == N_CallExpr) {
        /* complex(f()): the call may give all the arguments */
        set_unknown(x, NULL);
        return;
    }
    if (args.n < bi->nargs || (!bi->variadic && args.n > bi->nargs && id != BUILTIN_MAKE)) {
        check_error(c, e->op, "%s arguments for %s (expected %u, found %u)", args.n < bi->nargs ? "not enough" : "too many",
                    bi->name, bi->nargs, args.n);
        set_invalid(c, x);
        return;
    }
    Type *uintptr_t_ = basic(c, BK_UINTPTR), *int_t = basic(c, BK_INT);
    switch (id) {
    case BUILTIN_LEN:
    case BUILTIN_CAP: {
        check_expr(c, args.v[0], x);
        if (x->mode == OM_INVALID) return;
        if (x->mode == OM_UNKNOWN) {
            set_unknown(x, int_t);
            return;
        }
        if (id == BUILTIN_LEN && x->mode == OM_CONST && type_has_info(x->type, BINFO_STRING)) {
            size_t n;
            const_string_val(x->val, &n);
            set_const(x, int_t, const_int64(c->pkg->consts, (int64_t)n));
            return;
        }
        Type *u = type_under(x->type);
        if (u && u->kind == TY_POINTER) {
            Type *pe = type_under(((PointerType *)u)->elem);
            if (pe && pe->kind == TY_ARRAY) u = pe;
        }
        if (u && (x->mode == OM_VALUE || x->mode == OM_CONST) && !x->tuple && !check_unsure_type(x->type)) {
            bool ok = u->kind == TY_ARRAY || u->kind == TY_SLICE || u->kind == TY_CHAN ||
                      (id == BUILTIN_LEN && (u->kind == TY_MAP || (u->kind == TY_BASIC &&
                                                                     (((BasicType *)u)->info & BINFO_STRING))));
            if (!ok && type_basic_kind(u) != BK_INVALID) {
                StrBuf b = {0};
                check_operand_string(c, &b, args.v[0], x);
                check_error(c, args.v[0]->pos, "invalid argument: %s for built-in %s", sb_cstr(&b),
                            id == BUILTIN_LEN ? "len" : "cap");
                sb_free(&b);
                set_invalid(c, x);
                return;
            }
        }
        if (u && u->kind == TY_ARRAY && !has_call_or_recv(c, args.v[0])) {
            int64_t n = ((ArrayType *)u)->len;
            if (n < 0) set_unknown(x, int_t);
            else set_const(x, int_t, const_int64(c->pkg->consts, n));
            return;
        }
        set_value(x, int_t);
        return;
    }
    case BUILTIN_SIZEOF:
    case BUILTIN_ALIGNOF: {
        check_expr(c, args.v[0], x);
        if (x->mode == OM_INVALID) return;
        Type *t = x->type ? type_default(c->ctx, x->type) : NULL;
        if ((x->mode == OM_CONST || x->mode == OM_VALUE) && has_var_size(t, 0)) {
            set_value(x, uintptr_t_);   /* not constant: builtin_full records the signature */
            return;
        }
        if ((x->mode != OM_CONST && x->mode != OM_VALUE) || !sizeable(t, 0)) {
            set_unknown(x, uintptr_t_);
            return;
        }
        int64_t v = id == BUILTIN_SIZEOF ? type_sizeof(&c->ctx->sizes, t) : type_alignof(&c->ctx->sizes, t);
        set_const(x, uintptr_t_, const_int64(c->pkg->consts, v));
        return;
    }
    case BUILTIN_OFFSETOF: offsetof_(c, args.v[0], x); return;
    case BUILTIN_NEW:
        /* new(T), or since Go 1.26 new(expr): a pointer to a copy of its value */
        check_expr(c, args.v[0], x);
        if (x->mode == OM_TYPE || x->mode == OM_CONST || x->mode == OM_VALUE)
            set_value(x, type_new_pointer(c->pkg, type_default(c->ctx, x->type)));
        else if (x->mode != OM_INVALID) set_unknown(x, NULL);
        return;
    case BUILTIN_MAKE: set_value(x, check_type(c, args.v[0])); return;
    case BUILTIN_MIN:
    case BUILTIN_MAX: min_max(c, e, x, id == BUILTIN_MIN); return;
    case BUILTIN_APPEND:
        check_expr(c, args.v[0], x);
        if ((x->mode == OM_VALUE || x->mode == OM_CONST) && x->type && !x->tuple && !check_unsure_type(x->type)) {
            Type *core = check_core_type(x->type);
            if (!core || core->kind != TY_SLICE) {
                StrBuf b = {0};
                check_expr_string(&b, args.v[0]);
                if (type_basic_kind(x->type) == BK_UNTYPED_NIL)
                    check_error(c, args.v[0]->pos, "invalid argument: first argument to append must be a typed slice; have untyped nil");
                else if (type_basic_kind(type_under(x->type)) != BK_INVALID)
                    check_error(c, args.v[0]->pos, "invalid argument: %s is not a slice", sb_cstr(&b));
                sb_free(&b);
            }
        }
        if (x->mode == OM_CONST || x->mode == OM_VALUE) set_value(x, x->type);
        return;
    case BUILTIN_COPY: set_value(x, int_t); return;
    case BUILTIN_STRING: set_value(x, basic(c, BK_STRING)); return;
    case BUILTIN_STRINGDATA: set_value(x, type_new_pointer(c->pkg, c->ctx->byte_type)); return;
    case BUILTIN_ADD: set_value(x, basic(c, BK_UNSAFE_POINTER)); return;
    case BUILTIN_CLEAR: case BUILTIN_CLOSE: case BUILTIN_DELETE: case BUILTIN_PANIC:
    case BUILTIN_PRINT: case BUILTIN_PRINTLN:
        *x = (Operand){OM_NOVALUE, NULL, NULL, NULL, 0, false, false, false};
        return;
    default: set_unknown(x, NULL); return;
    }
}

/* [...]T{...}: the length is the largest index plus one. */
static int64_t literal_len(Checker *c, Node *lit, bool *ok) {
    int64_t idx = 0, max = 0;
    NodeList elts = lit->u.composite.elts;
    for (uint32_t i = 0; i < elts.n; i++) {
        Node *el = elts.v[i];
        if (el->kind == N_KeyValueExpr) {
            bool unknown = false;
            if (!check_const_int(c, el->u.kv.key, &idx, &unknown)) {
                *ok = false;
                return 0;
            }
        }
        idx++;
        if (idx > max) max = idx;
    }
    return max;
}

/* One element value of a composite literal, expected to be of type t. */
static Operand element(Checker *c, Node *v, Type *t, const char *context) {
    Operand y;
    c->lit_hint = t;
    check_expr(c, v, &y);
    c->lit_hint = NULL;
    Operand before = y;
    if (t && context) check_report_assign_in(c, v, &y, t, context);
    if (t) check_assignment(c, v, &y, t);
    return before;
}

static void lit_error(Checker *c, Node *at, const char *fmt, const char *name, Type *t) {
    StrBuf b = {0};
    if (t) check_type_write(c, &b, t);
    check_error(c, at->pos, fmt, name, sb_cstr(&b));
    sb_free(&b);
}

static void elements(Checker *c, Node *e, Type *t, bool elided) {
    NodeList elts = e->u.composite.elts;
    Type *u = t ? check_core_type(t) : NULL;
    if (u && elided && u->kind == TY_POINTER) u = check_core_type(((PointerType *)u)->elem);
    bool sure = t && !check_unsure_type(t);
    uint32_t nkeys = 0;
    const Const **seen = NULL;      /* map literal: constant keys so far */
    Type **seen_types = NULL;
    uint32_t nseen = 0;
    int64_t index = 0;
    PtrMap fields_seen = {0}, indices = {0};
    for (uint32_t i = 0; i < elts.n; i++) {
        Node *el = elts.v[i];
        Node *key = el->kind == N_KeyValueExpr ? el->u.kv.key : NULL;
        Node *val = key ? el->u.kv.value : el;
        Type *vt = NULL;
        const char *ctx = NULL;
        if (key) nkeys++;
        if (u && u->kind == TY_STRUCT) {
            StructType *st = (StructType *)u;
            ctx = "struct literal";
            if (sure && val->kind == N_CompositeLit && !val->u.composite.type)
                check_error(c, val->pos, "invalid composite literal type: missing type in composite literal");
            if (sure && key && key->kind == N_Ident && key->u.ident.name[0] == '_' && !key->u.ident.name[1])
                check_error(c, key->pos, "invalid field name _ in struct literal");
            if (key && key->kind == N_Ident) {
                const char *name = key->u.ident.name;
                for (uint32_t f = 0; f < st->fields.n; f++) {
                    Object *fo = st->fields.v[f];
                    if (check_same_id(c, fo, name)) {
                        check_record_use(c, key, fo);
                        vt = fo->type;
                    }
                }
                if (!vt) {   /* a promoted field (Go 1.27) */
                    Selection ps = check_lookup_member(c, &st->t, name);
                    if (ps.obj && ps.obj->kind == OBJ_VAR && sure && check_lang_before(c, 27)) {
                        lit_error(c, key, "unknown field %s in struct literal of type %s", name, t);
                    } else if (ps.obj && ps.obj->kind == OBJ_VAR) {
                        check_record_use(c, key, ps.obj);
                        vt = ps.type;
                    } else if (ps.obj && sure) {
                        check_error(c, key->pos, "%s is not a field", name);
                    } else if (sure) {
                        StrBuf m = {0};
                        check_lookup_error(c, &m, t, name, check_lookup_alt(c, &st->t, name), true);
                        check_error(c, key->pos, "%s", sb_cstr(&m));
                        sb_free(&m);
                    }
                }
                else if (sure && ptrmap_get(&fields_seen, key->u.ident.name))
                    lit_error(c, key, "duplicate field name %s in struct literal%s", key->u.ident.name, NULL);
                ptrmap_put(&fields_seen, key->u.ident.name, key);
            } else if (key) {
                if (sure) {
                    StrBuf b = {0};
                    check_expr_string(&b, key);
                    check_error(c, key->pos, "invalid field name %s in struct literal", sb_cstr(&b));
                    sb_free(&b);
                }
            } else if (!key && i < st->fields.n) {
                vt = st->fields.v[i]->type;
            }
        } else if (u && (u->kind == TY_ARRAY || u->kind == TY_SLICE)) {
            vt = u->kind == TY_ARRAY ? ((ArrayType *)u)->elem : ((SliceType *)u)->elem;
            ctx = "array or slice literal";
            if (key) {
                Operand k = element(c, key, basic(c, BK_INT), NULL);
                int64_t kv;
                const Const *ki = k.mode == OM_CONST && k.val && const_kind(k.val) != CONST_UNKNOWN
                                      ? const_to_int(c->pkg->consts, k.val) : NULL;
                if (ki && const_kind(ki) == CONST_INT && const_int64_val(ki, &kv) && kv >= 0) {
                    index = kv;
                } else {
                    index = -1;
                    if (sure && k.mode == OM_CONST && ki) {
                        StrBuf b = {0};
                        check_expr_string(&b, key);
                        if (const_kind(ki) != CONST_INT)
                            check_error(c, key->pos, "index %s must be integer constant", sb_cstr(&b));
                        else if (const_sign(ki) < 0)
                            check_error(c, key->pos, "index %s must be non-negative integer constant", sb_cstr(&b));
                        sb_free(&b);
                    }
                }
            }
            if (index >= 0 && sure) {
                const void *ik = (const void *)(uintptr_t)(index + 1);
                if (u->kind == TY_ARRAY && ((ArrayType *)u)->len >= 0 && index >= ((ArrayType *)u)->len) {
                    long long len = (long long)((ArrayType *)u)->len;
                    if (key) check_error(c, key->pos, "invalid argument: index %lld out of bounds [0:%lld]", (long long)index, len);
                    else check_error(c, el->pos, "index %lld is out of bounds (>= %lld)", (long long)index, len);
                } else if (ptrmap_get(&indices, ik)) {
                    char buf[64];
                    snprintf(buf, sizeof buf, "%lld", (long long)index);
                    lit_error(c, key ? key : val, "duplicate index %s in array or slice literal%s", buf, NULL);
                }
                ptrmap_put(&indices, ik, el);
                index++;
            } else {
                index = -1;
            }
        } else if (u && u->kind == TY_MAP) {
            vt = ((MapType *)u)->elem;
            ctx = "map literal";
            if (key) {
                Operand k = element(c, key, ((MapType *)u)->key, "map literal");
                Type *ku = type_under(((MapType *)u)->key);
                bool iface = ku && ku->kind == TY_INTERFACE;
                Type *kt = k.type ? (iface ? type_default(c->ctx, k.type) : ((MapType *)u)->key) : NULL;
                if (sure && k.mode == OM_CONST && k.val && const_kind(k.val) != CONST_UNKNOWN && nseen < 4096 && kt &&
                    ku && (ku->kind == TY_BASIC || iface)) {
                    bool dup = false;
                    for (uint32_t j = 0; j < nseen && !dup; j++)
                        dup = const_kind(seen[j]) == const_kind(k.val) && const_compare(seen[j], T_EQL, k.val) &&
                              type_identical(seen_types[j], kt);
                    if (dup) {
                        StrBuf b = {0};
                        check_expr_string(&b, key);
                        lit_error(c, key, "duplicate key %s in map literal%s", sb_cstr(&b), NULL);
                        sb_free(&b);
                    } else {
                        seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
                        seen_types = xrealloc(seen_types, (nseen + 1) * sizeof *seen_types);
                        seen[nseen] = k.val;
                        seen_types[nseen++] = kt;
                    }
                }
            } else if (sure) {
                check_error(c, val->pos, "missing key in map literal");
            }
        } else if (key) {
            element(c, key, NULL, NULL);
        }
        element(c, val, vt, sure ? ctx : NULL);
    }
    if (sure && u && u->kind == TY_STRUCT && elts.n) {
        StructType *st = (StructType *)u;
        if (nkeys && nkeys != elts.n) check_error(c, elts.v[0]->pos, "mixture of field:value and value elements in struct literal");
        else if (!nkeys && elts.n < st->fields.n) lit_error(c, e, "too few values in struct literal of type %s%s", "", t);
        else if (!nkeys && elts.n > st->fields.n) lit_error(c, elts.v[st->fields.n], "too many values in struct literal of type %s%s", "", t);
    }
    free(seen);
    free(seen_types);
    ptrmap_free(&fields_seen);
    ptrmap_free(&indices);
}

static void composite(Checker *c, Node *e, Operand *x) {
    Node *tn = e->u.composite.type;
    Type *hint = c->lit_hint;
    c->lit_hint = NULL;
    if (!tn) {
        elements(c, e, hint, true);
        if (hint) set_value(x, hint);
        else set_unknown(x, NULL);
        return;
    }
    if (tn->kind == N_ArrayType && tn->u.array.len && tn->u.array.len->kind == N_Ellipsis) {
        Type *elem = check_type(c, tn->u.array.elt);
        bool ok = true;
        int64_t n = literal_len(c, e, &ok);
        if (!ok) {
            set_unknown(x, NULL);
            return;
        }
        Type *t = type_new_array(c->pkg, elem, n);
        check_record_mode(c, tn, EM_TYPE, t, NULL);
        elements(c, e, t, false);
        set_value(x, t);
        return;
    }
    Type *t = check_type(c, tn);
    Type *tu = t && t != c->invalid && !check_unsure_type(t) ? type_under(t) : NULL;
    if (tu && tu->kind != TY_STRUCT && tu->kind != TY_ARRAY && tu->kind != TY_SLICE && tu->kind != TY_MAP) {
        StrBuf b = {0};
        check_type_write(c, &b, t);
        check_error(c, tn->pos, "invalid composite literal type %s", sb_cstr(&b));
        sb_free(&b);
    }
    elements(c, e, t, false);
    set_value(x, t);
}

/* An index or slice bound: untyped constants become int. Reports
   indices that are certainly invalid (not integers, negative constants,
   constants at or beyond len when len >= 0); gives the constant index
   in *val (-1 if none). */
static void index_check(Checker *c, Node *i, Type *t, int64_t len, int64_t *val) {
    if (val) *val = -1;
    if (!i) return;
    Operand y;
    check_expr(c, i, &y);
    Operand before = y;
    if (t) check_report_assign_in(c, i, &y, t, "map index");    /* a map's key */
    check_assignment(c, i, &y, t ? t : basic(c, BK_INT));
    if (t || (before.mode != OM_CONST && before.mode != OM_VALUE) || !before.type || before.tuple) return;
    StrBuf b = {0};
    check_expr_string(&b, i);
    if (type_is_typed(before.type) && !check_unsure_type(before.type) && !type_has_info(before.type, BINFO_INTEGER)) {
        check_error(c, i->pos, "invalid argument: index %s must be integer", sb_cstr(&b));
    } else if (before.mode == OM_CONST && before.val && const_kind(before.val) != CONST_UNKNOWN) {
        const Const *iv = const_to_int(c->pkg->consts, before.val);
        int64_t n;
        if (const_kind(iv) != CONST_INT) {
            Type *bu = type_under(before.type);
            if (!type_is_typed(before.type) && !(bu && bu->kind == TY_BASIC && (((BasicType *)bu)->info & BINFO_NUMERIC)))
                check_error(c, i->pos, "invalid argument: index %s must be integer", sb_cstr(&b));
            else if (!type_is_typed(before.type))
                check_error(c, i->pos, "invalid argument: index %s truncated to int", sb_cstr(&b));
        } else if (const_sign(iv) < 0) {
            check_error(c, i->pos, "invalid argument: index %s must not be negative", sb_cstr(&b));
        } else if (const_int64_val(iv, &n)) {
            if (len >= 0 && n >= len)
                check_error(c, i->pos, "invalid argument: index %s out of bounds [0:%lld]", sb_cstr(&b), (long long)len);
            else if (val) *val = n;
        }
    }
    sb_free(&b);
}

static void index_operand(Checker *c, Node *i, Type *t) { index_check(c, i, t, -1, NULL); }

/* f[T1, T2]: a generic function instantiated explicitly. */
static void func_inst(Checker *c, Node *e, Operand *x, SignatureType *sig) {
    NodeList idx = e->u.index.indices;
    if (idx.n < sig->tparams.n) {  /* the rest from the constraints, if they tell */
        Type **targs = arena_alloc(&c->pkg->arena, sig->tparams.n * sizeof *targs);
        bool ok = true;
        for (uint32_t i = 0; i < idx.n; i++) ok &= (targs[i] = check_type(c, idx.v[i])) != c->invalid;
        c->inst_pos = e->pos;
        c->inst_xlist = &e->u.index.indices;
        SignatureType *r = ok ? check_infer_partial(c, sig, targs) : NULL;
        c->inst_xlist = NULL;
        if (r) set_value(x, &r->t);
        else set_unknown(x, NULL);
        return;
    }
    if (idx.n != sig->tparams.n) {
        for (uint32_t i = 0; i < idx.n; i++) check_type(c, idx.v[i]);
        set_unknown(x, NULL);
        return;
    }
    Type **targs = arena_alloc(&c->pkg->arena, idx.n * sizeof *targs);
    for (uint32_t i = 0; i < idx.n; i++) targs[i] = check_type(c, idx.v[i]);
    Type *t = check_subst(c, sig->tparams, (TypeList){targs, idx.n}, &sig->t);
    SignatureType *s = (SignatureType *)t;
    SignatureType *r = type_new_signature(c->pkg, s->recv, s->params, s->results, s->variadic);
    check_record_instance(c, r, targs, idx.n);
    check_mono_record(c, sig->tparams, targs, idx.n, &e->u.index.indices, e->pos);
    check_verify(c, sig->tparams, targs, idx.n, &e->u.index.indices, e->pos, NULL);
    set_value(x, &r->t);
}

/* s[i] with s of a type parameter without core type ([]byte | string):
   every type of its set must index to one element type (go/types
   indexExpr); maps are left alone. */
static bool tparam_index(Checker *c, Operand *x) {
    Type *us[16];
    uint32_t n = check_type_set_unders(x->type, us, 16);
    Type *elem = NULL;
    bool addr = true;
    for (uint32_t i = 0; i < n; i++) {
        Type *u = us[i], *e = NULL;
        if (u->kind == TY_BASIC && (((BasicType *)u)->info & BINFO_STRING)) {
            e = c->ctx->byte_type;
            addr = false;
        } else if (u->kind == TY_ARRAY) {
            e = ((ArrayType *)u)->elem;
            addr &= x->addressable;
        } else if (u->kind == TY_POINTER && type_under(((PointerType *)u)->elem) &&
                   type_under(((PointerType *)u)->elem)->kind == TY_ARRAY) {
            e = ((ArrayType *)type_under(((PointerType *)u)->elem))->elem;
        } else if (u->kind == TY_SLICE) {
            e = ((SliceType *)u)->elem;
        }
        if (!e || (elem && !type_identical(elem, e))) return false;
        if (!elem) elem = e;
    }
    if (!elem) return false;
    set_value(x, elem);
    x->addressable = addr;
    return true;
}

static void index_expr(Checker *c, Node *e, Operand *x) {
    check_expr(c, e->u.index.x, x);
    if (x->mode == OM_INVALID) return;
    if (x->mode == OM_TYPE) {   /* instantiation */
        Type *t = check_type(c, e);
        if (t == c->invalid) set_invalid(c, x);
        else *x = (Operand){OM_TYPE, t, NULL, NULL, 0, false, false, false};
        return;
    }
    Type *u = (x->mode == OM_VALUE || x->mode == OM_CONST) ? check_core_type(x->type) : NULL;
    if (u && u->kind == TY_SIGNATURE && ((SignatureType *)u)->tparams.n) {
        func_inst(c, e, x, (SignatureType *)u);
        return;
    }
    if (!u && e->kind == N_IndexExpr && x->mode == OM_VALUE && tparam_index(c, x)) {
        index_operand(c, e->u.index.indices.v[0], NULL);
        return;
    }
    if (!u || e->kind != N_IndexExpr) {
        for (uint32_t i = 0; i < e->u.index.indices.n; i++) index_operand(c, e->u.index.indices.v[i], NULL);
        set_unknown(x, NULL);
        return;
    }
    Node *in = e->u.index.indices.v[0];
    bool addr = x->addressable;
    if (u->kind == TY_POINTER) {
        Type *pe = type_under(((PointerType *)u)->elem);
        if (pe && pe->kind == TY_ARRAY) {
            u = pe;
            addr = true;
        }
    }
    if (u->kind == TY_MAP) {
        index_operand(c, in, ((MapType *)u)->key);
        set_value(x, ((MapType *)u)->elem);
        x->mapindex = true;
        x->commaok = true;
        return;
    }
    int64_t len = -1;
    if (u->kind == TY_ARRAY) len = ((ArrayType *)u)->len;
    else if (x->mode == OM_CONST && x->val && const_kind(x->val) == CONST_STRING) {
        size_t n;
        const_string_val(x->val, &n);
        len = (int64_t)n;
    }
    Operand base = *x;
    index_check(c, in, NULL, len, NULL);
    if (u->kind == TY_BASIC && (((BasicType *)u)->info & BINFO_STRING)) set_value(x, c->ctx->byte_type);
    else if (u->kind == TY_ARRAY) {
        set_value(x, ((ArrayType *)u)->elem);
        x->addressable = addr;
    } else if (u->kind == TY_SLICE) {
        set_value(x, ((SliceType *)u)->elem);
        x->addressable = true;
    } else {
        if (!check_unsure_type(base.type) && u->kind != TY_INTERFACE) {
            StrBuf b = {0}, tb = {0};
            check_expr_string(&b, e->u.index.x);
            check_type_write(c, &tb, base.type);
            check_error(c, e->u.index.x->pos, "invalid operation: cannot index %s (%s of type %s)", sb_cstr(&b),
                        base.addressable ? "variable" : "value", sb_cstr(&tb));
            sb_free(&b);
            sb_free(&tb);
            set_invalid(c, x);
            return;
        }
        set_unknown(x, NULL);
    }
}

/* A type parameter whose type set is made of []byte and string (go/types
   coreString): slicing it keeps its type. */
static bool bytes_or_string(Checker *c, Type *t) {
    Type *us[16];
    uint32_t n = check_type_set_unders(t, us, 16);
    for (uint32_t i = 0; i < n; i++) {
        Type *u = us[i];
        bool str = u->kind == TY_BASIC && (((BasicType *)u)->info & BINFO_STRING);
        bool bytes = u->kind == TY_SLICE && type_identical(((SliceType *)u)->elem, c->ctx->byte_type);
        if (!str && !bytes) return false;
    }
    return n > 0;
}

static void slice_expr(Checker *c, Node *e, Operand *x) {
    check_expr(c, e->u.slice.x, x);
    int64_t lo, hi, mx, alen = -1;
    Type *bu = (x->mode == OM_VALUE || x->mode == OM_CONST) && x->type && !check_unsure_type(x->type)
                   ? type_under(x->type) : NULL;
    if (bu && bu->kind == TY_POINTER) bu = type_under(((PointerType *)bu)->elem);
    if (bu && bu->kind == TY_ARRAY && ((ArrayType *)bu)->len >= 0) alen = ((ArrayType *)bu)->len + 1;
    index_check(c, e->u.slice.low, NULL, alen, &lo);
    index_check(c, e->u.slice.high, NULL, alen, &hi);
    index_check(c, e->u.slice.max, NULL, alen, &mx);
    if ((lo >= 0 && hi >= 0 && lo > hi) || (hi >= 0 && mx >= 0 && hi > mx) || (lo >= 0 && mx >= 0 && lo > mx))
        check_error(c, e->op, "invalid slice indices: %lld < %lld", (long long)(hi >= 0 && lo > hi ? hi : mx),
                    (long long)(hi >= 0 && lo > hi ? lo : hi));
    if (x->mode != OM_VALUE && x->mode != OM_CONST) {
        if (x->mode != OM_INVALID) set_unknown(x, NULL);
        return;
    }
    Type *u = check_core_type(x->type);
    if (u && u->kind == TY_POINTER) {
        Type *pe = type_under(((PointerType *)u)->elem);
        if (pe && pe->kind == TY_ARRAY) u = pe;
    }
    if (!u && bytes_or_string(c, x->type)) set_value(x, x->type);
    else if (!u) set_unknown(x, NULL);
    else if (u->kind == TY_BASIC && (((BasicType *)u)->info & BINFO_STRING))
        set_value(x, is_untyped(x->type) ? basic(c, BK_STRING) : x->type);
    else if (u->kind == TY_ARRAY) set_value(x, type_new_slice(c->pkg, ((ArrayType *)u)->elem));
    else if (u->kind == TY_SLICE) set_value(x, x->type);
    else set_unknown(x, NULL);
}

static void literal(Checker *c, Node *e, Operand *x) {
    static const BasicKind kinds[] = {[T_INT] = BK_UNTYPED_INT, [T_FLOAT] = BK_UNTYPED_FLOAT,
                                      [T_IMAG] = BK_UNTYPED_COMPLEX, [T_CHAR] = BK_UNTYPED_RUNE,
                                      [T_STRING] = BK_UNTYPED_STRING};
    if (e->tok < T_INT || e->tok > T_STRING) {
        set_invalid(c, x);
        return;
    }
    if (e->tok != T_STRING && e->tok != T_CHAR && memchr(e->u.lit.value, '_', e->u.lit.len) && check_lang_before(c, 13))
        check_error(c, e->pos, "underscore in numeric literal requires go1.13 or later (-lang was set to %s; check go.mod)",
                    c->pkg->go_version);
    const Const *v = const_from_literal(c->pkg->consts, (Token)e->tok, e->u.lit.value, e->u.lit.len);
    if (const_kind(v) == CONST_UNKNOWN) {
        /* an exponent beyond what is represented here (gc accepts 1e646456992) */
        set_unknown(x, basic(c, kinds[e->tok]));
        return;
    }
    set_const(x, basic(c, kinds[e->tok]), v);
}

static void expr_kind(Checker *c, Node *e, Operand *x);

void check_expr(Checker *c, Node *e, Operand *x) {
    expr_kind(c, e, x);
    check_record(c, e, x);
}

static void expr_kind(Checker *c, Node *e, Operand *x) {
    if (e->kind != N_CompositeLit) c->lit_hint = NULL;
    switch (e->kind) {
    case N_BasicLit: literal(c, e, x); return;
    case N_Ident: ident(c, e, x); return;
    case N_ParenExpr: check_expr(c, e->u.paren.x, x); return;
    case N_SelectorExpr: {
        bool is_pkg;
        Object *o = qualified(c, e, &is_pkg);
        if (o) object_operand(c, e->u.selector.sel, o, x);
        else if (is_pkg) set_invalid(c, x);
        else check_selector(c, e, x);
        return;
    }
    case N_UnaryExpr: unary(c, e, x); return;
    case N_BinaryExpr: binary(c, e, x); return;
    case N_CallExpr: check_call_full(c, e, x); return;
    case N_CompositeLit: composite(c, e, x); return;
    case N_FuncLit: {
        Scope *s = scope_new(&c->pkg->arena, c->scope, check_file(c), e->pos, e->end, "function");
        s->is_func = true;
        SignatureType *sig = check_signature(c, NULL, e->u.funclit.type, s);
        check_record_mode(c, e->u.funclit.type, EM_TYPE, &sig->t, NULL);
        check_func_body(c, sig, e->u.funclit.body);
        vec_push(&c->funclits, ((FuncLitSeen){e, check_file(c)}));
        set_value(x, &sig->t);
        return;
    }
    case N_TypeAssertExpr:
        if (!e->u.assert.type) {
            check_error(c, e->pos, "use of .(type) outside type switch");
            set_invalid(c, x);
            return;
        }
        {
            Operand y;
            check_expr(c, e->u.assert.x, &y);
            Type *t = check_type(c, e->u.assert.type);
            if ((y.mode == OM_VALUE || y.mode == OM_CONST) && y.type && !check_unsure_type(y.type) && type_under(y.type)) {
                StrBuf b = {0}, w = {0};
                check_expr_string(&b, e->u.assert.x);
                if (type_under(y.type)->kind != TY_INTERFACE) {
                    StrBuf tb = {0};
                    check_type_write(c, &tb, y.type);
                    check_error(c, e->u.assert.x->pos, "invalid operation: %s (variable of type %s) is not an interface",
                                sb_cstr(&b), sb_cstr(&tb));
                    sb_free(&tb);
                } else {
                    sb_printf(&w, "impossible type assertion: %s.(", sb_cstr(&b));
                    check_expr_string(&w, e->u.assert.type);
                    sb_putc(&w, ')');
                    check_implements_report(c, e->u.assert.type->pos, sb_cstr(&w), ":\n\t", t, y.type);
                }
                sb_free(&b);
                sb_free(&w);
            }
            set_value(x, t);
        }
        x->commaok = true;
        return;
    case N_IndexExpr:
    case N_IndexListExpr: index_expr(c, e, x); return;
    case N_SliceExpr: slice_expr(c, e, x); return;
    case N_StarExpr:
        check_expr(c, e->u.star.x, x);
        if (x->mode == OM_TYPE) x->type = type_new_pointer(c->pkg, x->type);
        else if (x->mode == OM_VALUE && check_core_type(x->type) && check_core_type(x->type)->kind == TY_POINTER) {
            set_value(x, ((PointerType *)check_core_type(x->type))->elem);
            x->addressable = true;
        }
        else if (x->mode == OM_VALUE && x->type && !check_unsure_type(x->type) && type_under(x->type) &&
                 type_under(x->type)->kind != TY_POINTER) {
            StrBuf b = {0}, tb = {0};
            check_expr_string(&b, e->u.star.x);
            check_type_write(c, &tb, x->type);
            check_error(c, e->pos, "invalid operation: cannot indirect %s (%s of type %s)", sb_cstr(&b),
                        x->addressable ? "variable" : "value", sb_cstr(&tb));
            sb_free(&b);
            sb_free(&tb);
            set_invalid(c, x);
        }
        else if (x->mode != OM_INVALID) set_unknown(x, NULL);
        return;
    case N_ArrayType: case N_StructType: case N_FuncType: case N_InterfaceType:
    case N_MapType: case N_ChanType: {
        Type *t = check_type(c, e);
        if (t == c->invalid) set_invalid(c, x);
        else *x = (Operand){OM_TYPE, t, NULL, NULL, 0, false, false, false};
        return;
    }
    default: set_unknown(x, NULL); return;
    }
}

bool check_const_int(Checker *c, Node *x, int64_t *out, bool *unknown) {
    Operand o;
    check_expr(c, x, &o);
    *unknown = false;
    if (o.mode == OM_UNKNOWN) {
        *unknown = true;
        return false;
    }
    if (o.mode == OM_INVALID) return false;
    if (o.mode != OM_CONST) {
        StrBuf b = {0};
        check_expr_string(&b, x);
        check_error(c, x->pos, "array length %s must be constant", sb_cstr(&b));
        sb_free(&b);
        return false;
    }
    if (is_untyped(o.type) && !representable(c, &o, basic(c, BK_INT))) {
        StrBuf b = {0};
        check_expr_string(&b, x);
        check_error(c, x->pos, "array length %s must be integer", sb_cstr(&b));
        sb_free(&b);
        return false;
    }
    if (is_untyped(o.type)) o.type = basic(c, BK_INT);   /* 1e1 is a valid length */
    if (!type_has_info(o.type, BINFO_INTEGER) || !const_int64_val(o.val, out)) {
        StrBuf b = {0};
        check_expr_string(&b, x);
        check_error(c, x->pos, "array length %s must be integer", sb_cstr(&b));
        sb_free(&b);
        return false;
    }
    if (*out < 0) {
        StrBuf b = {0};
        check_expr_string(&b, x);
        check_error(c, x->pos, "invalid array length %s", sb_cstr(&b));
        sb_free(&b);
        return false;
    }
    return true;
}
