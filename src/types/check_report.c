/* Count mismatches reported as gc words them: arguments of a call, values
   of a return statement, values of an assignment. Each is reported only
   when every count involved is known. */
#include "check.h"
#include "base/util.h"
#include "syntax/token.h"
#include <string.h>

static const char *qualify(void *data, const Pkg *p) {
    return p == data ? "" : p->name;
}

void check_type_write(Checker *c, StrBuf *b, Type *t) {
    Qualifier q = {qualify, c ? c->pkg : NULL};
    type_write(b, t, &q);
}

static bool basic_info(Type *u, unsigned info);

/* How gc lists an operand's type in "have (...)": untyped numbers are
   "number", other untyped types lose "untyped " ("string", "bool"). */
static void have_type(Checker *c, StrBuf *b, const Operand *o) {
    if (!o->type) {
        sb_puts(b, "?");
        return;
    }
    if (!type_is_typed(o->type)) {
        switch (type_basic_kind(o->type)) {
        case BK_UNTYPED_INT: case BK_UNTYPED_RUNE: case BK_UNTYPED_FLOAT: case BK_UNTYPED_COMPLEX:
            sb_puts(b, "number");
            return;
        case BK_UNTYPED_NIL: sb_puts(b, "nil"); return;
        case BK_UNTYPED_STRING: sb_puts(b, "string"); return;
        case BK_UNTYPED_BOOL: sb_puts(b, "bool"); return;
        default: break;
        }
    }
    check_type_write(c, b, o->type);
}

/* dots: the call passes its last argument with "...", shown after it. */
static void have_list(Checker *c, StrBuf *b, const Operand *ops, uint32_t n, bool dots) {
    sb_putc(b, '(');
    for (uint32_t i = 0; i < n; i++) {
        if (i) sb_puts(b, ", ");
        if (ops[i].tuple) {
            for (uint32_t k = 0; k < tuple_len(ops[i].tuple); k++) {
                if (k) sb_puts(b, ", ");
                check_type_write(c, b, ops[i].tuple->vars.v[k]->type);
            }
        } else {
            have_type(c, b, &ops[i]);
        }
    }
    if (dots && n) sb_puts(b, "...");
    sb_putc(b, ')');
}

static void want_list(Checker *c, StrBuf *b, TupleType *t, bool variadic) {
    sb_putc(b, '(');
    uint32_t n = tuple_len(t);
    for (uint32_t i = 0; i < n; i++) {
        if (i) sb_puts(b, ", ");
        Type *pt = t->vars.v[i]->type;
        Type *u = pt ? type_under(pt) : NULL;
        if (variadic && i + 1 == n && u && u->kind == TY_SLICE) {
            sb_puts(b, "...");
            check_type_write(c, b, ((SliceType *)u)->elem);
        } else {
            check_type_write(c, b, pt);
        }
    }
    sb_putc(b, ')');
}

/* Whether every operand is known well enough to be counted: a single
   value, or (alone) a call with known results. */
static bool countable(const Operand *ops, uint32_t n, Node **nodes) {
    for (uint32_t i = 0; i < n; i++) {
        const Operand *o = &ops[i];
        if (o->mode == OM_INVALID || o->mode == OM_NOVALUE) return false;
        if (o->mode == OM_UNKNOWN && n == 1 && nodes[i]->kind == N_CallExpr) return false;
        if (o->tuple && n != 1) return false;
        if (o->mode != OM_VALUE && o->mode != OM_CONST && o->mode != OM_UNKNOWN) return false;
    }
    return true;
}

static uint32_t value_count(const Operand *ops, uint32_t n) {
    return n == 1 && ops[0].tuple ? tuple_len(ops[0].tuple) : n;
}

bool check_arg_count(Checker *c, Node *call, SignatureType *sig, Operand *ops, bool dots) {
    NodeList args = call->u.call.args;
    if (!countable(ops, args.n, args.v)) return true;
    uint32_t have = value_count(ops, args.n), np = tuple_len(sig->params);
    bool ok = sig->variadic && !dots ? have + 1 >= np : have == np;
    if (ok) return true;
    if (dots && !sig->variadic) return true;   /* gc words this one differently */
    bool many = have > np;
    StrBuf f = {0}, h = {0}, w = {0};
    check_expr_string(&f, call->u.call.fun);
    have_list(c, &h, ops, args.n, dots);
    want_list(c, &w, sig->params, sig->variadic);
    Pos at = many && args.n > np ? args.v[np]->pos : args.n ? args.v[args.n - 1]->pos : call->pos;
    check_error(c, at, "%s arguments in call to %s\n\thave %s\n\twant %s", many ? "too many" : "not enough",
                sb_cstr(&f), sb_cstr(&h), sb_cstr(&w));
    sb_free(&f);
    sb_free(&h);
    sb_free(&w);
    return false;
}

void check_return_count(Checker *c, Node *s, Operand *ops) {
    NodeList res = s->u.ret.results;
    if (!c->sig) return;
    TupleType *rt = c->sig->results;
    uint32_t want = tuple_len(rt);
    if (res.n == 0) {
        if (want == 0 || rt->vars.v[0]->name[0]) return;   /* named results */
    } else if (!countable(ops, res.n, res.v)) {
        return;
    }
    uint32_t have = res.n ? value_count(ops, res.n) : 0;
    if (have == want) return;
    StrBuf h = {0}, w = {0};
    have_list(c, &h, ops, res.n, false);
    want_list(c, &w, rt, false);
    check_error(c, res.n ? res.v[0]->pos : s->pos, "%s return values\n\thave %s\n\twant %s",
                have > want ? "too many" : "not enough", sb_cstr(&h), sb_cstr(&w));
    sb_free(&h);
    sb_free(&w);
}

void check_assign_count(Checker *c, NodeList rhs, uint32_t nlhs, Operand *ops) {
    if (!rhs.n || !countable(ops, rhs.n, rhs.v)) return;
    if (rhs.n == 1 && !ops[0].tuple && ops[0].commaok && nlhs == 2) return;
    uint32_t have = value_count(ops, rhs.n);
    if (have == nlhs) return;
    if (rhs.n == 1 && ops[0].mode == OM_UNKNOWN) return;
    const char *vs = nlhs == 1 ? "variable" : "variables";
    Node *r = rhs.v[0];
    while (r->kind == N_ParenExpr) r = r->u.paren.x;
    if (rhs.n == 1 && r->kind == N_CallExpr) {
        StrBuf f = {0};
        check_expr_string(&f, r);
        check_error(c, rhs.v[0]->pos, "assignment mismatch: %u %s but %s returns %u value%s", nlhs, vs, sb_cstr(&f),
                    have, have == 1 ? "" : "s");
        sb_free(&f);
    } else {
        check_error(c, rhs.v[0]->pos, "assignment mismatch: %u %s but %u value%s", nlhs, vs, have,
                    have == 1 ? "" : "s");
    }
}

/* Whether t mentions a type parameter or a generic instance (where the
   checks here are not sure enough to report). */
static bool unsure_type(Type *t, int depth) {
    if (!t || depth > 20) return true;
    t = type_unalias(t);
    if (!t) return true;
    switch (t->kind) {
    case TY_BASIC: return type_basic_kind(t) == BK_INVALID;
    case TY_TYPEPARAM: return true;
    case TY_NAMED: {
        NamedType *n = (NamedType *)t;
        return n->orig != n || n->targs.n || n->tparams.n || !n->underlying;
    }
    case TY_POINTER: return unsure_type(((PointerType *)t)->elem, depth + 1);
    case TY_SLICE: return unsure_type(((SliceType *)t)->elem, depth + 1);
    case TY_ARRAY: return unsure_type(((ArrayType *)t)->elem, depth + 1);
    case TY_CHAN: return unsure_type(((ChanType *)t)->elem, depth + 1);
    case TY_MAP: return unsure_type(((MapType *)t)->key, depth + 1) || unsure_type(((MapType *)t)->elem, depth + 1);
    case TY_STRUCT: {
        StructType *st = (StructType *)t;
        for (uint32_t i = 0; i < st->fields.n; i++)
            if (unsure_type(st->fields.v[i]->type, depth + 1)) return true;
        return false;
    }
    case TY_INTERFACE: {
        InterfaceType *it = (InterfaceType *)t;
        if (it->implicit) return true;
        for (uint32_t i = 0; i < it->methods.n; i++)
            if (!it->methods.v[i]->type || unsure_type(it->methods.v[i]->type, depth + 1)) return true;
        for (uint32_t i = 0; i < it->embeddeds.n; i++) {
            Type *e = it->embeddeds.v[i];
            Type *u = e ? type_under(e) : NULL;
            if (!u || u->kind != TY_INTERFACE || unsure_type(e, depth + 1)) return true;
        }
        return false;
    }
    case TY_SIGNATURE: {
        SignatureType *sg = (SignatureType *)t;
        if (sg->tparams.n) return true;
        for (uint32_t i = 0; i < tuple_len(sg->params); i++)
            if (unsure_type(sg->params->vars.v[i]->type, depth + 1)) return true;
        for (uint32_t i = 0; i < tuple_len(sg->results); i++)
            if (unsure_type(sg->results->vars.v[i]->type, depth + 1)) return true;
        return false;
    }
    default: return true;
    }
}

bool check_unsure_type(Type *t) { return unsure_type(t, 0); }

/* A method of interface it that v certainly lacks (or has only with a
   pointer receiver, *ptr set, when v is no pointer); NULL if none or
   unsure. Interfaces with type terms (constraints) answer NULL. */
static Object *missing_method_in(Checker *c, Type *v, InterfaceType *it, bool *ptr, bool terms_ok, int depth) {
    if (depth > 20) return NULL;
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *e = type_unalias(it->embeddeds.v[i]);
        Type *u = e ? type_under(e) : NULL;
        if (!u || (u->kind != TY_INTERFACE && !terms_ok)) return NULL;
    }
    for (uint32_t i = 0; i < it->methods.n; i++) {
        Object *m = it->methods.v[i];
        if (!obj_exported(m) && m->pkg != c->pkg) continue;   /* looked up from its own package: not here */
        Selection sel = check_lookup_member(c, v, m->name);
        if (!sel.obj) return m;
        if (sel.obj->kind != OBJ_FUNC) return m;
        if (sel.ptr_recv && !sel.indirect) {
            Type *u = type_unalias(v);
            if (u && u->kind != TY_POINTER) {
                *ptr = true;
                return m;
            }
        }
    }
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *u = type_under(it->embeddeds.v[i]);
        if (u->kind != TY_INTERFACE) continue;      /* a constraint's terms (terms_ok) */
        Object *m = missing_method_in(c, v, (InterfaceType *)u, ptr, terms_ok, depth + 1);
        if (m) return m;
    }
    return NULL;
}

/* terms_ok: a constraint's terms do not hide its methods (verify). */
static Object *missing_method(Checker *c, Type *v, InterfaceType *it, bool *ptr, int depth) {
    return missing_method_in(c, v, it, ptr, false, depth);
}

/* Whether a constraint wants comparable type arguments: comparable is
   among the interfaces it embeds (type terms are not worked out here). */
static bool wants_comparable(Type *bound, int depth) {
    Type *u = bound ? type_under(bound) : NULL;
    if (!u || depth > 30 || u->kind != TY_INTERFACE) return false;
    InterfaceType *it = (InterfaceType *)u;
    if (it->tset && it->tset->comparable) return true;
    for (uint32_t i = 0; i < it->embeddeds.n; i++)
        if (wants_comparable(it->embeddeds.v[i], depth + 1)) return true;
    return false;
}

static bool comparable_type(Type *t, int depth);

typedef struct TermList { Term v[64]; uint32_t n; } TermList;

/* The terms of a constraint's type set when it is one union, flattened
   through embedded interfaces (l->n == 0: every type); false when unsure
   (an intersection of unions, interface or type parameter terms, more
   terms than kept). */
static bool plain_terms(Type *t, TermList *l, bool *seen, int depth) {
    Type *u = t ? type_under(t) : NULL;
    if (!u || depth > 30) return false;
    if (u->kind == TY_INTERFACE) {
        InterfaceType *it = (InterfaceType *)u;
        for (uint32_t i = 0; i < it->embeddeds.n; i++)
            if (!plain_terms(it->embeddeds.v[i], l, seen, depth + 1)) return false;
        return true;
    }
    if (*seen) return false;        /* a second set of terms: an intersection */
    *seen = true;
    Term one = {false, t};
    const Term *ts = &one;
    uint32_t n = 1;
    if (u->kind == TY_UNION) {
        ts = ((UnionType *)u)->terms;
        n = ((UnionType *)u)->n;
    }
    for (uint32_t i = 0; i < n; i++) {
        Type *tu = ts[i].type ? type_under(ts[i].type) : NULL;
        if (!tu || tu->kind == TY_INTERFACE || tu->kind == TY_TYPEPARAM || tu->kind == TY_UNION || l->n == 64 ||
            check_unsure_type(ts[i].type))
            return false;
        l->v[l->n++] = ts[i];
    }
    return true;
}

static bool term_includes(const Term *t, Type *v) {
    return t->tilde ? type_identical(type_under(v), type_under(t->type)) : type_identical(v, t->type);
}

/* Why v is not in a constraint's terms (go/types' implements), or false
   when it is or when unsure. */
static bool terms_miss(Checker *c, Type *v, Type *bound, StrBuf *why) {
    TermList l = {.n = 0};
    bool seen = false;
    if (!plain_terms(bound, &l, &seen, 0) || !l.n) return false;
    const Term *alt = NULL;
    for (uint32_t i = 0; i < l.n; i++) {
        if (term_includes(&l.v[i], v)) return false;
        Term tt = {true, l.v[i].type};
        if (!alt && !l.v[i].tilde && type_identical(l.v[i].type, type_under(l.v[i].type)) && term_includes(&tt, v))
            alt = &l.v[i];
    }
    if (alt) {
        sb_puts(why, "possibly missing ~ for ");
        check_type_write(c, why, alt->type);
        sb_puts(why, " in ");
        check_type_write(c, why, bound);
        return true;
    }
    check_type_write(c, why, v);
    sb_puts(why, " missing in ");
    for (uint32_t i = 0; i < l.n; i++) {
        if (i) sb_puts(why, " | ");
        if (l.v[i].tilde) sb_putc(why, '~');
        check_type_write(c, why, l.v[i].type);
    }
    return true;
}

void check_verify(Checker *c, TypeList tparams, Type *const *targs, uint32_t n, const NodeList *xlist, Pos pos,
                  const Node *fn) {
    TypeList to = {(Type **)targs, n};
    for (uint32_t i = 0; i < n && i < tparams.n; i++) {
        TypeParamType *tp = (TypeParamType *)tparams.v[i];
        Type *v = targs[i];
        if (!tp || tp->t.kind != TY_TYPEPARAM || !tp->bound || !v || v == c->invalid || check_unsure_type(v) ||
            types_has_tparams(v))
            continue;
        Type *bound = check_subst(c, tparams, to, tp->bound);
        Type *bu = bound ? type_under(bound) : NULL;
        if (!bu) continue;
        Pos at = xlist && i < xlist->n ? xlist->v[i]->pos : pos;
        /* go/types' order: the constraint's methods (its terms do not hide
           them), its terms, then comparable */
        bool ptr = false, concrete = type_under(v) && type_under(v)->kind != TY_INTERFACE;
        Object *m = bu->kind == TY_INTERFACE && concrete ? missing_method_in(c, v, (InterfaceType *)bu, &ptr, true, 0)
                                                         : NULL;
        StrBuf why = {0}, vb = {0}, bb = {0}, fb = {0};
        if (m && ptr) sb_printf(&why, "method %s has pointer receiver", m->name);
        else if (m) sb_printf(&why, "missing method %s", m->name);
        bool miss = m || (concrete && terms_miss(c, v, bound, &why));
        bool cmp = !miss && wants_comparable(bound, 0) && !comparable_type(v, 0);
        if (miss || cmp) {
            check_type_write(c, &vb, v);
            check_type_write(c, &bb, bound);
            if (cmp) {
                check_error(c, at, "%s does not satisfy comparable", sb_cstr(&vb));
            } else if (m && fn && !xlist) {     /* inferred: go/types' inference names the call */
                check_expr_string(&fb, fn);
                check_error(c, at, "in call to %s, %s (type %s) does not satisfy %s (%s)", sb_cstr(&fb),
                            tp->obj ? tp->obj->name : "?", sb_cstr(&vb), sb_cstr(&bb), sb_cstr(&why));
            } else {
                check_error(c, at, "%s does not satisfy %s (%s)", sb_cstr(&vb), sb_cstr(&bb), sb_cstr(&why));
            }
        }
        sb_free(&why);
        sb_free(&vb);
        sb_free(&bb);
        sb_free(&fb);
        if (miss || cmp) return;
    }
}

/* What a defined type or alias is made of, as go/types says it ("struct",
   "map"; a basic type's name). */
static const char *composite_kind(Type *t) {
    Type *u = type_under(t);
    if (!u) return NULL;
    switch ((TypeKind)u->kind) {
    case TY_BASIC: return ((BasicType *)u)->name;
    case TY_ARRAY: return "array";
    case TY_SLICE: return "slice";
    case TY_STRUCT: return "struct";
    case TY_POINTER: return "pointer";
    case TY_SIGNATURE: return "func";
    case TY_INTERFACE: return "interface";
    case TY_MAP: return "map";
    case TY_CHAN: return "chan";
    case TY_TUPLE: return "tuple";
    case TY_UNION: return "union";
    default: return NULL;
    }
}

void check_operand_string(Checker *c, StrBuf *b, const Node *e, const Operand *x) {
    if (x->type && type_basic_kind(x->type) == BK_UNTYPED_NIL) {
        sb_puts(b, "nil");
        return;
    }
    StrBuf ex = {0}, val = {0};
    if (e) check_expr_string(&ex, e);
    if (x->mode == OM_CONST && x->val) const_format(&val, x->val);
    if (!e && val.len) sb_puts(&ex, sb_cstr(&val));
    if (ex.len) {
        sb_puts(b, sb_cstr(&ex));
        sb_puts(b, " (");
    }
    bool typed = false;
    if (x->type && x->mode != OM_INVALID && x->mode != OM_NOVALUE && x->mode != OM_BUILTIN && x->mode != OM_TYPE) {
        if (!type_is_typed(x->type)) sb_printf(b, "%s ", c->ctx->typ[type_basic_kind(x->type)]->name);
        else typed = true;
    }
    switch (x->mode) {
    case OM_INVALID: case OM_UNKNOWN: sb_puts(b, "invalid operand"); break;
    case OM_NOVALUE: sb_puts(b, "no value"); break;
    case OM_BUILTIN: sb_puts(b, "built-in"); break;
    case OM_TYPE: sb_puts(b, "type"); break;
    case OM_CONST: sb_puts(b, "constant"); break;
    case OM_VALUE:
        sb_puts(b, x->mapindex ? "map index expression" : x->addressable ? "variable" : x->commaok ? "comma, ok expression" : "value");
        break;
    }
    if (x->mode == OM_CONST && val.len && strcmp(sb_cstr(&val), sb_cstr(&ex)) != 0) {
        sb_putc(b, ' ');
        sb_puts(b, sb_cstr(&val));
    }
    if (typed) {
        Type *a = type_unalias(x->type);
        bool tparam = a && a->kind == TY_TYPEPARAM;
        sb_puts(b, " of ");
        if (!tparam && (x->type->kind == TY_NAMED || x->type->kind == TY_ALIAS)) {
            const char *k = composite_kind(x->type);
            if (k) sb_printf(b, "%s ", k);
        }
        sb_puts(b, "type ");
        check_type_write(c, b, x->type);
        if (tparam && ((TypeParamType *)a)->bound) {
            sb_puts(b, " constrained by ");
            check_type_write(c, b, ((TypeParamType *)a)->bound);
        }
    }
    if (ex.len) sb_putc(b, ')');
    sb_free(&ex);
    sb_free(&val);
}

bool check_implements_report(Checker *c, Pos at, const char *what, const char *sep, Type *v, Type *t) {
    if (!v || !t || check_unsure_type(v) || check_unsure_type(t)) return true;
    Type *vu = type_under(v), *tu = type_under(t);
    if (!vu || !tu || vu->kind == TY_INTERFACE || tu->kind != TY_INTERFACE || !type_is_typed(v)) return true;
    bool ptr = false;
    Object *m = missing_method(c, v, (InterfaceType *)tu, &ptr, 0);
    if (!m) return true;
    StrBuf vb = {0}, tb = {0};
    check_type_write(c, &vb, v);
    check_type_write(c, &tb, t);
    if (ptr)
        check_error(c, at, "%s%s%s does not implement %s (method %s has pointer receiver)", what, sep, sb_cstr(&vb),
                    sb_cstr(&tb), m->name);
    else
        check_error(c, at, "%s%s%s does not implement %s (missing method %s)", what, sep, sb_cstr(&vb), sb_cstr(&tb),
                    m->name);
    sb_free(&vb);
    sb_free(&tb);
    return false;
}

void check_report_assign_in(Checker *c, Node *e, const Operand *x, Type *t, const char *context) {
    const char *save = c->assign_ctx;
    c->assign_ctx = context;
    check_report_assign(c, e, x, t);
    c->assign_ctx = save;
}

void check_report_assign(Checker *c, Node *e, const Operand *x, Type *t) {
    if (t && x->type && type_basic_kind(x->type) == BK_UNTYPED_NIL) {
        check_nil_use(c, e, x, t, c->assign_ctx ? c->assign_ctx : "assignment");
        return;
    }
    if (!t || !x->type || x->tuple || (x->mode != OM_VALUE && x->mode != OM_CONST)) return;
    const char *context = c->assign_ctx ? c->assign_ctx : "assignment";
    {   /* 1 << s takes its type from the context: it must be an integer type */
        Node *n = e;
        while (n->kind == N_ParenExpr) n = n->u.paren.x;
        Type *tu = type_under(t);
        if (n->kind == N_BinaryExpr && (n->tok == T_SHL || n->tok == T_SHR) && x->mode == OM_VALUE &&
            !type_is_typed(x->type) && !unsure_type(t, 0) && tu && tu->kind == TY_BASIC &&
            !(((BasicType *)tu)->info & BINFO_INTEGER)) {
            StrBuf b = {0}, tb = {0};
            check_expr_string(&b, n->u.binary.x);
            check_type_write(c, &tb, t);
            check_error(c, n->pos, "invalid operation: shifted operand %s (type %s) must be integer", sb_cstr(&b),
                        sb_cstr(&tb));
            sb_free(&b);
            sb_free(&tb);
            return;
        }
    }
    if (!type_is_typed(x->type)) {
        if (x->mode == OM_CONST && !unsure_type(t, 0)) {
            Type *tu = type_under(t);
            if (tu && tu->kind == TY_INTERFACE && ((InterfaceType *)tu)->methods.n &&
                type_basic_kind(x->type) != BK_UNTYPED_NIL) {
                /* the constant takes its default type first, as in go/types */
                Operand dx = *x;
                dx.type = type_default(c->ctx, x->type);
                StrBuf d = {0}, tb = {0}, w = {0};
                check_operand_string(c, &d, e, &dx);
                check_type_write(c, &tb, t);
                sb_printf(&w, "cannot use %s as %s value in %s", sb_cstr(&d), sb_cstr(&tb), context);
                check_implements_report(c, e->pos, sb_cstr(&w), ": ", dx.type, t);
                sb_free(&d);
                sb_free(&tb);
                sb_free(&w);
                return;
            }
            check_const_fits(c, e, x, t, context);
        }
        return;
    }
    if (unsure_type(x->type, 0) || unsure_type(t, 0)) return;
    Type *tu = type_under(t), *xu = type_under(x->type);
    if (tu && xu && tu->kind == TY_INTERFACE && xu->kind != TY_INTERFACE) {
        StrBuf d = {0}, tb = {0}, w = {0};
        check_operand_string(c, &d, e, x);
        check_type_write(c, &tb, t);
        sb_printf(&w, "cannot use %s as %s value in %s", sb_cstr(&d), sb_cstr(&tb), context);
        check_implements_report(c, e->pos, sb_cstr(&w), ": ", x->type, t);
        sb_free(&d);
        sb_free(&tb);
        sb_free(&w);
        return;
    }
    if (!tu || !xu || tu->kind == TY_INTERFACE || xu->kind == TY_INTERFACE) return;
    if (check_assignable(c, x->type, t)) return;
    StrBuf d = {0}, tb = {0};
    Node *n = e;
    while (n->kind == N_ParenExpr) n = n->u.paren.x;
    check_expr_string(&d, e);
    sb_puts(&d, x->mode == OM_CONST ? " (constant" : x->addressable && n->kind == N_Ident ? " (variable" : " (value");
    if (x->mode == OM_CONST && x->val) {
        sb_putc(&d, ' ');
        const_format(&d, x->val);
    }
    sb_puts(&d, " of type ");
    check_type_write(c, &d, x->type);
    sb_putc(&d, ')');
    check_type_write(c, &tb, t);
    check_error(c, e->pos, "cannot use %s as %s value in %s", sb_cstr(&d), sb_cstr(&tb), context);
    sb_free(&d);
    sb_free(&tb);
}

void check_report_cond(Checker *c, Node *cond, const Operand *x, const char *what) {
    if (!cond || !x->type || x->tuple || (x->mode != OM_VALUE && x->mode != OM_CONST)) return;
    if (unsure_type(x->type, 0)) return;
    Type *u = type_under(x->type);
    if (!u || (u->kind == TY_BASIC && (((BasicType *)u)->info & BINFO_BOOLEAN))) return;
    check_error(c, cond->pos, "non-boolean condition in %s statement", what);
}

/* The operand classes an arithmetic or logical operator accepts. */
static unsigned op_accepts(Token op, bool unary) {
    switch (op) {
    case T_ADD: return unary ? BINFO_NUMERIC : BINFO_NUMERIC | BINFO_STRING;
    case T_SUB: case T_MUL: case T_QUO: return BINFO_NUMERIC;
    case T_REM: case T_AND: case T_OR: case T_XOR: case T_AND_NOT: return BINFO_INTEGER;
    case T_LAND: case T_LOR: case T_NOT: return BINFO_BOOLEAN;
    default: return 0;
    }
}

bool check_op_ok(Checker *c, Node *e, Node *xn, Token op, const Operand *x, bool unary) {
    unsigned want = op_accepts(op, unary);
    if (!want || !x->type || x->tuple || (x->mode != OM_VALUE && x->mode != OM_CONST)) return true;
    if (check_unsure_type(x->type)) return true;
    Type *u = type_under(x->type);
    if (!u) return true;
    if (u->kind == TY_BASIC) {
        if (type_basic_kind(u) == BK_INVALID) return true;
        if (type_basic_kind(u) != BK_UNTYPED_NIL && (((BasicType *)u)->info & want)) return true;
    }
    StrBuf d = {0}, t = {0};
    check_expr_string(&d, xn);
    check_type_write(c, &t, x->type);
    check_error(c, unary ? e->pos : e->op, "invalid operation: operator %s not defined on %s (%s of type %s)",
                token_string(op), sb_cstr(&d), x->mode == OM_CONST ? "constant" : x->addressable ? "variable" : "value",
                sb_cstr(&t));
    sb_free(&d);
    sb_free(&t);
    return false;
}

bool check_incdec_ok(Checker *c, Node *s, const Operand *x) {
    if (!x->type || (x->mode != OM_VALUE && x->mode != OM_CONST) || check_unsure_type(x->type)) return true;
    Type *u = type_under(x->type);
    if (!u || (u->kind == TY_BASIC && (type_basic_kind(u) == BK_INVALID || (((BasicType *)u)->info & BINFO_NUMERIC))))
        return true;
    StrBuf d = {0}, t = {0};
    check_expr_string(&d, s->u.incdec.x);
    check_type_write(c, &t, x->type);
    check_error(c, s->u.incdec.x->pos, "invalid operation: %s%s (non-numeric type %s)", sb_cstr(&d),
                token_string((Token)s->tok), sb_cstr(&t));
    sb_free(&d);
    sb_free(&t);
    return false;
}

/* Whether values of t can be compared with ==; unsure answers true. */
static bool comparable_type(Type *t, int depth) {
    if (!t || depth > 30) return true;
    Type *u = type_under(t);
    if (!u) return true;
    switch (u->kind) {
    case TY_SLICE: case TY_MAP: case TY_SIGNATURE: return false;
    case TY_ARRAY: return comparable_type(((ArrayType *)u)->elem, depth + 1);
    case TY_STRUCT: {
        StructType *st = (StructType *)u;
        for (uint32_t i = 0; i < st->fields.n; i++)
            if (!comparable_type(st->fields.v[i]->type, depth + 1)) return false;
        return true;
    }
    default: return true;
    }
}

/* Whether a type parameter constrained by bound may be compared; false
   only when its type set is every type and comparable is not among its
   constraints (any, interfaces of methods only). Type terms answer true:
   their comparability is not worked out here. */
static bool bound_comparable(Type *bound, int depth) {
    Type *u = bound ? type_under(bound) : NULL;
    if (!u || depth > 30 || u->kind != TY_INTERFACE) return true;
    InterfaceType *it = (InterfaceType *)u;
    if (it->tset && (it->tset->comparable || !it->tset->all_terms)) return true;
    for (uint32_t i = 0; i < it->embeddeds.n; i++)
        if (bound_comparable(it->embeddeds.v[i], depth + 1)) return true;
    return false;
}

void check_map_key(Checker *c, Node *key, Type *k) {
    Type *a = k ? type_unalias(k) : NULL;
    if (!a) return;
    bool tparam = a->kind == TY_TYPEPARAM;
    if (tparam ? bound_comparable(((TypeParamType *)a)->bound, 0) : comparable_type(k, 0)) return;
    StrBuf b = {0};
    check_type_write(c, &b, k);
    check_error(c, key->pos, "invalid map key type %s%s", sb_cstr(&b), tparam ? " (missing comparable constraint)" : "");
    sb_free(&b);
}

/* gc's limit on channel elements; sizes are known only for sure types. */
void check_chan_elem(Checker *c, Node *x, Type *elem) {
    if (!elem || check_unsure_type(elem)) return;
    Type *u = type_under(elem);
    if (!u || (u->kind != TY_ARRAY && u->kind != TY_STRUCT)) return;
    if (!check_sizeable(elem)) return;
    if (type_sizeof(&c->ctx->sizes, elem) >= (1 << 16)) check_error(c, x->pos, "channel element type too large (>64kB)");
}

void check_spec_counts(Checker *c, Node *spec, bool is_const, NodeList inits) {
    NodeList names = spec->u.valuespec.names, values = spec->u.valuespec.values;
    if (is_const) {
        if (!inits.n || inits.n == names.n) return;
        check_error(c, names.v[0]->pos, inits.n < names.n ? "missing init expr for const declaration"
                                                          : "extra init expr");
        return;
    }
    if (!values.n || values.n == names.n || values.n == 1) return;
    check_error(c, names.v[0]->pos, "assignment mismatch: %u variable%s but %u value%s", names.n,
                names.n == 1 ? "" : "s", values.n, values.n == 1 ? "" : "s");
}

bool check_single_value(Checker *c, Node *e, const Operand *x) {
    if (x->mode == OM_TYPE) {
        StrBuf b = {0};
        check_expr_string(&b, e);
        check_error(c, e->pos, "%s (type) is not an expression", sb_cstr(&b));
        sb_free(&b);
        return false;
    }
    if (x->mode == OM_NOVALUE) {
        StrBuf b = {0};
        check_expr_string(&b, e);
        check_error(c, e->pos, "%s (no value) used as value", sb_cstr(&b));
        sb_free(&b);
        return false;
    }
    if (x->mode == OM_VALUE && x->tuple) {
        StrBuf b = {0}, t = {0};
        check_expr_string(&b, e);
        sb_putc(&t, '(');
        for (uint32_t k = 0; k < tuple_len(x->tuple); k++) {
            if (k) sb_puts(&t, ", ");
            check_type_write(c, &t, x->tuple->vars.v[k]->type);
        }
        sb_putc(&t, ')');
        check_error(c, e->pos, "multiple-value %s (value of type %s) in single-value context", sb_cstr(&b), sb_cstr(&t));
        sb_free(&b);
        sb_free(&t);
        return false;
    }
    return true;
}

static bool basic_info(Type *u, unsigned info) {
    return u && u->kind == TY_BASIC && (((BasicType *)u)->info & info);
}

/* Whether a value of type v converts to t (spec Conversions), for types
   without type parameters; untyped v are left alone. */
static bool convertible(Checker *c, Type *v, Type *t) {
    if (check_assignable(c, v, t)) return true;
    Type *vu = type_under(v), *tu = type_under(t);
    if (!vu || !tu) return true;
    if (type_identical_ignore_tags(vu, tu)) return true;
    if (vu->kind == TY_POINTER && tu->kind == TY_POINTER) {
        Type *a = type_under(((PointerType *)vu)->elem), *b = type_under(((PointerType *)tu)->elem);
        if (!a || !b || type_identical_ignore_tags(a, b)) return true;
    }
    if (basic_info(vu, BINFO_INTEGER | BINFO_FLOAT) && basic_info(tu, BINFO_INTEGER | BINFO_FLOAT)) return true;
    if (basic_info(vu, BINFO_COMPLEX) && basic_info(tu, BINFO_COMPLEX)) return true;
    if (basic_info(tu, BINFO_STRING)) {
        if (basic_info(vu, BINFO_INTEGER | BINFO_STRING)) return true;
        if (vu->kind == TY_SLICE) {
            Type *e = type_under(((SliceType *)vu)->elem);
            if (type_basic_kind(e) == BK_UINT8 || type_basic_kind(e) == BK_INT32) return true;
        }
    }
    if (basic_info(vu, BINFO_STRING) && tu->kind == TY_SLICE) {
        Type *e = type_under(((SliceType *)tu)->elem);
        if (type_basic_kind(e) == BK_UINT8 || type_basic_kind(e) == BK_INT32) return true;
    }
    int vk = type_basic_kind(vu), tk = type_basic_kind(tu);
    if ((vk == BK_UNSAFE_POINTER && (tu->kind == TY_POINTER || tk == BK_UINTPTR)) ||
        (tk == BK_UNSAFE_POINTER && (vu->kind == TY_POINTER || vk == BK_UINTPTR)))
        return true;
    if (vu->kind == TY_SLICE) {
        Type *arr = tu;
        if (tu->kind == TY_POINTER) arr = type_under(((PointerType *)tu)->elem);
        if (arr && arr->kind == TY_ARRAY && type_identical(((SliceType *)vu)->elem, ((ArrayType *)arr)->elem)) return true;
    }
    return false;
}

void check_report_conversion(Checker *c, Node *arg, const Operand *x, Type *t) {
    if (x->mode != OM_VALUE || !x->type || x->tuple || !t || !type_is_typed(x->type)) return;
    if (check_unsure_type(x->type) || check_unsure_type(t)) return;
    Type *vu = type_under(x->type), *tu = type_under(t);
    if (!vu || !tu || vu->kind == TY_INTERFACE || tu->kind == TY_INTERFACE) return;
    if (convertible(c, x->type, t)) return;
    StrBuf b = {0}, vt = {0}, tt = {0};
    check_expr_string(&b, arg);
    check_type_write(c, &vt, x->type);
    check_type_write(c, &tt, t);
    check_error(c, arg->pos, "cannot convert %s (%s of type %s) to type %s", sb_cstr(&b),
                x->addressable ? "variable" : "value", sb_cstr(&vt), sb_cstr(&tt));
    sb_free(&b);
    sb_free(&vt);
    sb_free(&tt);
}

/* Whether t's values may be nil. */
static bool nilable(Type *t) {
    Type *u = type_under(t);
    if (!u) return true;
    switch (u->kind) {
    case TY_POINTER: case TY_SLICE: case TY_MAP: case TY_CHAN: case TY_SIGNATURE: case TY_INTERFACE: return true;
    case TY_BASIC: return type_basic_kind(u) == BK_UNSAFE_POINTER || type_basic_kind(u) == BK_INVALID;
    default: return u->kind == TY_TYPEPARAM;
    }
}

bool check_nil_use(Checker *c, Node *e, const Operand *x, Type *t, const char *context) {
    if (!x->type || type_basic_kind(x->type) != BK_UNTYPED_NIL || (x->mode != OM_VALUE && x->mode != OM_CONST)) return true;
    if (!t) {
        check_error(c, e->pos, "use of untyped nil in %s", context);
        return false;
    }
    if (check_unsure_type(t) || nilable(t)) return true;
    StrBuf tb = {0};
    check_type_write(c, &tb, t);
    check_error(c, e->pos, "cannot use nil as %s value in %s", sb_cstr(&tb), context);
    sb_free(&tb);
    return false;
}

bool check_compare_ok(Checker *c, Node *e, const Operand *x, const Operand *y) {
    Token op = (Token)e->tok;
    bool xnil = x->type && type_basic_kind(x->type) == BK_UNTYPED_NIL;
    bool ynil = y->type && type_basic_kind(y->type) == BK_UNTYPED_NIL;
    const Operand *typed = xnil ? y : x;
    if (!typed->type || typed->tuple || check_unsure_type(typed->type)) return true;
    Type *u = type_under(typed->type);
    if (!u) return true;
    StrBuf b = {0}, tb = {0};
    bool ok = true;
    if (xnil && ynil) {
        check_expr_string(&b, e);
        check_error(c, e->u.binary.y->pos, "invalid operation: %s (operator %s not defined on nil)", sb_cstr(&b),
                    token_string(op));
        ok = false;
    } else if (xnil || ynil) {
        if (!nilable(typed->type) && type_is_typed(typed->type)) {
            check_expr_string(&b, e);
            check_type_write(c, &tb, typed->type);
            Pos at = e->u.binary.y->pos;   /* go/types: the second operand, where the mismatch shows */
            if (xnil) check_error(c, at, "invalid operation: %s (mismatched types untyped nil and %s)", sb_cstr(&b), sb_cstr(&tb));
            else check_error(c, at, "invalid operation: %s (mismatched types %s and untyped nil)", sb_cstr(&b), sb_cstr(&tb));
            ok = false;
        }
    } else if (op == T_EQL || op == T_NEQ) {
        if (u->kind == TY_SLICE || u->kind == TY_MAP || u->kind == TY_SIGNATURE) {
            check_expr_string(&b, e);
            check_error(c, e->u.binary.x->pos, "invalid operation: %s (%s can only be compared to nil)", sb_cstr(&b),
                        u->kind == TY_SLICE ? "slice" : u->kind == TY_MAP ? "map" : "func");
            ok = false;
        }
    } else if (type_is_typed(typed->type) && !basic_info(u, BINFO_ORDERED)) {
        check_expr_string(&b, e);
        const char *what = u->kind == TY_BASIC ? NULL : composite_kind(typed->type);
        if (!what) check_type_write(c, &tb, typed->type);
        check_error(c, e->u.binary.x->pos, "invalid operation: %s (operator %s not defined on %s)", sb_cstr(&b),
                    token_string(op), what ? what : sb_cstr(&tb));
        ok = false;
    }
    sb_free(&b);
    sb_free(&tb);
    return ok;
}

void check_make_size(Checker *c, Node *a, const Operand *x) {
    if ((x->mode != OM_VALUE && x->mode != OM_CONST) || !x->type || x->tuple) return;
    StrBuf b = {0};
    check_expr_string(&b, a);
    if (type_is_typed(x->type)) {
        if (!check_unsure_type(x->type) && !type_has_info(x->type, BINFO_INTEGER))
            check_error(c, a->pos, "cannot convert %s to type int: non-integer size argument in make", sb_cstr(&b));
    }
    if (!type_is_typed(x->type) && !basic_info(type_under(x->type), BINFO_NUMERIC))
        check_error(c, a->pos, "cannot convert %s to type int: non-integer size argument in make", sb_cstr(&b));
    if (x->mode == OM_CONST && x->val && const_kind(x->val) != CONST_UNKNOWN && basic_info(type_under(x->type), BINFO_NUMERIC)) {
        const Const *iv = const_to_int(c->pkg->consts, x->val);
        if (const_kind(iv) != CONST_INT) check_error(c, a->pos, "%s (constant) truncated to int", sb_cstr(&b));
        else if (const_sign(iv) < 0) check_error(c, a->pos, "invalid argument: index %s must not be negative", sb_cstr(&b));
    }
    sb_free(&b);
}

void check_late(Checker *c, LateCheck *l) {
    Type *t = l->type;
    switch (l->kind) {
    case LATE_MAP_KEY: check_map_key(c, l->node, t); return;
    case LATE_CHAN_ELEM: check_chan_elem(c, l->node, t); return;
    case LATE_EMBEDDED: {
        Type *a = t ? type_unalias(t) : NULL;
        if (!a || check_unsure_type(t)) return;
        if (type_basic_kind(a) == BK_UNSAFE_POINTER) {
            check_error(c, l->node->pos, "embedded field type cannot be unsafe.Pointer");
            return;
        }
        if (a->kind == TY_POINTER) {
            Type *e = type_unalias(((PointerType *)a)->elem);
            Type *eu = e ? type_under(e) : NULL;
            if (eu && eu->kind == TY_POINTER) check_error(c, l->node->pos, "embedded field type cannot be a pointer");
            else if (eu && eu->kind == TY_INTERFACE) check_error(c, l->node->pos, "embedded field type cannot be a pointer to an interface");
            return;
        }
        Type *u = type_under(a);
        if (a->kind == TY_NAMED && u && u->kind == TY_POINTER)
            check_error(c, l->node->pos, "embedded field type cannot be a pointer");
        return;
    }
    case LATE_RECEIVER: {
        Type *a = t ? type_unalias(t) : NULL;
        if (!a || check_unsure_type(t)) return;
        if (a->kind == TY_POINTER) a = type_unalias(((PointerType *)a)->elem);
        if (!a) return;
        Node *rt = l->node->u.fieldlist.list.n ? l->node->u.fieldlist.list.v[0]->u.field.type : NULL;
        Pos at = rt ? rt->pos : l->node->pos;
        StrBuf b = {0};
        check_type_write(c, &b, a);
        if (a->kind == TY_NAMED) {
            NamedType *n = (NamedType *)a;
            Type *u = n->underlying ? type_under(&n->t) : NULL;
            if (n->obj && n->obj->pkg != c->pkg)
                check_error(c, at, "cannot define new methods on non-local type %s", sb_cstr(&b));
            else if (u && (u->kind == TY_POINTER || u->kind == TY_INTERFACE))
                check_error(c, at, "invalid receiver type %s (pointer or interface type)", sb_cstr(&b));
        } else if (a->kind == TY_BASIC && type_basic_kind(a) != BK_INVALID) {
            check_error(c, at, "cannot define new methods on non-local type %s", sb_cstr(&b));
        }
        sb_free(&b);
        return;
    }
    default: return;
    }
}

void check_case_value(Checker *c, Node *v, const Operand *x, Node *tn, const Operand *tag) {
    if ((x->mode != OM_VALUE && x->mode != OM_CONST) || !x->type || x->tuple || !type_is_typed(x->type)) return;
    if (check_unsure_type(x->type) || check_unsure_type(tag->type)) return;
    Type *xu = type_under(x->type), *tu = type_under(tag->type);
    if (!xu || !tu) return;
    StrBuf b = {0}, tb = {0}, xb = {0};
    check_expr_string(&b, v);
    if (xu->kind == TY_SLICE || xu->kind == TY_MAP || xu->kind == TY_SIGNATURE) {
        check_error(c, v->pos, "invalid case %s in switch (can only compare %s %s to nil)", sb_cstr(&b),
                    xu->kind == TY_SLICE ? "slice" : xu->kind == TY_MAP ? "map" : "func", sb_cstr(&b));
    } else if (!type_identical(x->type, tag->type) && !check_assignable(c, x->type, tag->type) &&
               !check_assignable(c, tag->type, x->type)) {
        bool report = false;
        if (xu->kind != TY_INTERFACE && tu->kind != TY_INTERFACE) report = true;
        else if (xu->kind == TY_INTERFACE && tu->kind != TY_INTERFACE) {
            bool ptr = false;
            report = missing_method(c, tag->type, (InterfaceType *)xu, &ptr, 0) != NULL;
        } else if (tu->kind == TY_INTERFACE && xu->kind != TY_INTERFACE) {
            bool ptr = false;
            report = missing_method(c, x->type, (InterfaceType *)tu, &ptr, 0) != NULL;
        }
        if (report) {
            StrBuf tg = {0};
            check_expr_string(&tg, tn);
            check_type_write(c, &xb, x->type);
            check_type_write(c, &tb, tag->type);
            check_error(c, v->pos, "invalid case %s in switch on %s (mismatched types %s and %s)", sb_cstr(&b),
                        sb_cstr(&tg), sb_cstr(&xb), sb_cstr(&tb));
            sb_free(&tg);
        }
    }
    sb_free(&b);
    sb_free(&tb);
    sb_free(&xb);
}

/* Language versions are gated only when -lang gave one: the package's
   go_version is then "go1.N" (module versions, "1.N", are not checked). */
bool check_lang_before(Checker *c, int minor) {
    const char *v = c->pkg->go_version;
    if (!v || strncmp(v, "go1.", 4) != 0) return false;
    int m = 0;
    for (const char *p = v + 4; *p >= '0' && *p <= '9'; p++) m = m * 10 + (*p - '0');
    return m < minor;
}
