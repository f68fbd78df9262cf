/* Lowering expressions: names, constants, selectors through embedded
   fields, index and slice forms, operators, composite literals, implicit
   conversions. */
#include "lower.h"
#include "base/util.h"
#include <string.h>

Pos lw_gcpos(const Node *e) {
    if (!e) return NOPOS;
    switch (e->kind) {
    case N_CallExpr: case N_CompositeLit: case N_SelectorExpr: case N_IndexExpr:
    case N_IndexListExpr: case N_SliceExpr: case N_TypeAssertExpr: case N_UnaryExpr:
    case N_BinaryExpr:
        return e->op ? e->op : e->pos;
    default:
        return e->pos;
    }
}

const Node *lw_unparen(const Node *e) {
    while (e && e->kind == N_ParenExpr) e = e->u.paren.x;
    return e;
}

const ExprInfo *lw_info(Lower *L, const Node *e) {
    const ExprInfo *i = types_expr_info(L->info, e);
    while (!i && e && e->kind == N_ParenExpr) {
        e = e->u.paren.x;
        i = types_expr_info(L->info, e);
    }
    return L->inst ? lw_inst_info(L, i) : i;
}

static bool is_untyped(Type *t) {
    return t && t->kind == TY_BASIC && (((BasicType *)t)->info & BINFO_UNTYPED);
}

Type *lw_type(Lower *L, const Node *e) {
    const ExprInfo *i = lw_info(L, e);
    if (!i) i = lw_inst_info(L, types_expr_info(L->info, lw_unparen(e)));
    return i ? i->type : NULL;
}

Type *lw_ptr_to(Lower *L, Type *t) {
    if (!t) return NULL;
    Type *p = ptrmap_get(&L->ptrtypes, t);
    if (p) return p;
    p = type_new_pointer(L->pkg, t);
    ptrmap_put(&L->ptrtypes, t, p);
    return p;
}

void lw_mark_addrtaken(IrNode *n) {
    while (n) {
        if (n->op == IR_DOT || n->op == IR_CONVNOP || n->op == IR_PTRLIT) n = n->x;
        else if (n->op == IR_INDEX && n->x && n->x->type && type_under(n->x->type)->kind == TY_ARRAY) n = n->x;
        else break;
    }
    if (n && n->op == IR_NAME && !(n->flags & IRF_FUNCNAME) && n->u.var)
        for (IrVar *v = n->u.var; v; v = v->outer) v->flags |= IRV_ADDRTAKEN;
}

IrNode *lw_addr(Lower *L, IrNode *x, Pos pos, bool implicit, const Node *src) {
    IrNode *n = lw_node(L, IR_ADDR, pos, lw_ptr_to(L, x->type), src);
    n->x = x;
    if (implicit) n->flags |= IRF_IMPLICIT;
    lw_mark_addrtaken(x);
    return n;
}

IrNode *lw_deref(Lower *L, IrNode *x, Pos pos, bool implicit, const Node *src) {
    Type *u = x->type ? type_under(x->type) : NULL;
    IrNode *n = lw_node(L, IR_DEREF, pos, u && u->kind == TY_POINTER ? ((PointerType *)u)->elem : NULL, src);
    n->x = x;
    if (implicit) n->flags |= IRF_IMPLICIT;
    return n;
}

static int64_t field_offset(Lower *L, Type *st, int32_t index) {
    Type *u = st ? type_under(st) : NULL;
    if (!u || u->kind != TY_STRUCT || index < 0) return 0;
    StructType *s = (StructType *)u;
    if ((uint32_t)index >= s->fields.n) return 0;
    /* cached per package: the struct types of a body repeat */
    int64_t *offs = ptrmap_get(&L->offsets, s);
    if (!offs) {
        offs = arena_alloc(&L->p->arena, s->fields.n * sizeof *offs);
        type_offsetsof(&L->ctx->sizes, s, offs);
        ptrmap_put(&L->offsets, s, offs);
    }
    return offs[index];
}

static Type *struct_of(Type *t, bool ptr) {
    Type *u = t ? type_under(t) : NULL;
    if (ptr && u && u->kind == TY_POINTER) u = type_under(((PointerType *)u)->elem);
    return u;
}

static IrNode *dot(Lower *L, IrNode *x, Object *field, int32_t index, bool ptr, Pos pos,
                   bool implicit, const Node *src) {
    IrNode *n = lw_node(L, ptr ? IR_DOTPTR : IR_DOT, pos, field->type, src);
    n->x = x;
    n->sel = field;
    n->u.obj = field;
    n->field = index;
    int64_t off = field_offset(L, struct_of(x->type, ptr), index);
    n->offset = off > INT32_MIN && off <= INT32_MAX ? (int32_t)off : IR_OFFSET_BIG;
    if (implicit) n->flags |= IRF_IMPLICIT;
    return n;
}

int64_t lw_dot_offset(Lower *L, const IrNode *n) {
    if (n->offset != IR_OFFSET_BIG || !n->x) return n->offset;
    return field_offset(L, struct_of(n->x->type, n->op == IR_DOTPTR), n->field);
}

IrNode *lw_embedded_path(Lower *L, IrNode *x, const TypesSelStep *path, uint32_t n, Pos pos,
                         const Node *src) {
    for (uint32_t i = 0; i < n; i++)
        x = dot(L, x, path[i].field, path[i].index, path[i].ptr, pos, true, src);
    return x;
}

IrOp lw_conv_op(Type *src, Type *dst) {
    if (!src || !dst) return IR_CONV;
    if (type_is_interface(dst)) return type_is_interface(src) && type_identical(type_under(src), type_under(dst)) ? IR_CONVNOP : IR_CONVIFACE;
    Type *su = type_under(src), *du = type_under(dst);
    if (type_identical_ignore_tags(su, du)) return IR_CONVNOP;
    if (su->kind == TY_POINTER && du->kind == TY_POINTER &&
        type_identical_ignore_tags(type_under(((PointerType *)su)->elem), type_under(((PointerType *)du)->elem)))
        return IR_CONVNOP;
    int sk = type_basic_kind(su), dk = type_basic_kind(du);
    if (dk == BK_STRING || dk == BK_UNTYPED_STRING) {
        if (su->kind == TY_SLICE) {
            int ek = type_basic_kind(((SliceType *)su)->elem);
            return ek == BK_UINT8 ? IR_BYTES2STR : IR_RUNES2STR;
        }
        if (sk >= 0 && type_has_info(su, BINFO_INTEGER)) return IR_RUNESTR;
    }
    if ((sk == BK_STRING || sk == BK_UNTYPED_STRING) && du->kind == TY_SLICE) {
        int ek = type_basic_kind(((SliceType *)du)->elem);
        return ek == BK_UINT8 ? IR_STR2BYTES : IR_STR2RUNES;
    }
    if (su->kind == TY_SLICE && du->kind == TY_ARRAY) return IR_SLICE2ARR;
    if (su->kind == TY_SLICE && du->kind == TY_POINTER) return IR_SLICE2ARRPTR;
    if (sk == BK_UNSAFE_POINTER || dk == BK_UNSAFE_POINTER) {
        if (su->kind == TY_POINTER || du->kind == TY_POINTER || sk == BK_UINTPTR || dk == BK_UINTPTR ||
            (sk == BK_UNSAFE_POINTER && dk == BK_UNSAFE_POINTER))
            return IR_CONVNOP;
    }
    if (su->kind == TY_CHAN && du->kind == TY_CHAN) return IR_CONVNOP;
    return IR_CONV;
}

IrNode *lw_implicit_conv(Lower *L, IrNode *n, Type *dst, const Node *src) {
    if (!dst || !n || !n->type || n->op == IR_BAD) return n;
    if (type_identical(n->type, dst)) return n;
    if (n->op == IR_NIL) {
        n->type = dst;
        return n;
    }
    if (is_untyped(n->type)) {
        if (!type_is_interface(dst)) {
            n->type = dst;
            return n;
        }
        n->type = type_default(L->ctx, n->type);
        if (type_identical(n->type, dst)) return n;
    }
    IrNode *c = lw_node(L, lw_conv_op(n->type, dst), src ? lw_gcpos(src) : n->pos, dst, src);
    c->x = n;
    c->flags |= IRF_IMPLICIT;
    return c;
}

IrNode *lw_expr_to(Lower *L, const Node *e, Type *dst) {
    const Node *u = lw_unparen(e);
    IrNode *n;
    if (u && u->kind == N_CompositeLit && !u->u.composite.type && dst) {
        /* elided literal type: &T{} elided in []*T{{...}} */
        Type *du = type_under(dst);
        n = lw_expr(L, e);
        if (du && du->kind == TY_POINTER && n->op != IR_PTRLIT && n->type && type_under(n->type)->kind != TY_POINTER) {
            IrNode *p = lw_node(L, IR_PTRLIT, lw_gcpos(u), dst, u);
            p->x = n;
            p->flags |= IRF_IMPLICIT;
            n = p;
        }
    } else {
        n = lw_expr(L, e);
    }
    /* at the operand as written, parentheses included (gc's implicitConvExpr) */
    return lw_implicit_conv(L, n, dst, e);
}

/* ------------------------------------------------------------- constants */

static IrNode *literal(Lower *L, const Node *e, const ExprInfo *ei) {
    Type *t = ei->type;
    if (is_untyped(t)) t = type_default(L->ctx, t);
    IrNode *n = lw_node(L, IR_LITERAL, lw_gcpos(e), t, e);
    n->u.val = ei->val;
    return n;
}

/* ------------------------------------------------------------- identifiers */

static IrNode *func_name(Lower *L, Object *o, Pos pos, const Node *src, Type *t) {
    IrNode *n = lw_node(L, IR_NAME, pos, t ? t : o->type, src);
    n->u.obj = o;
    n->sel = o;
    n->flags |= IRF_FUNCNAME;
    return lw_inst_funcname(L, n, src);
}

static IrNode *ident(Lower *L, const Node *e, const ExprInfo *ei) {
    Object *o = types_ident_use(L->info, e);
    if (!o) o = types_ident_def(L->info, e);
    if (!o) return lw_bad(L, e, "unresolved identifier");
    switch (o->kind) {
    case OBJ_VAR: {
        IrVar *v = lw_var_use(L, o, e->pos);
        if (!v) return lw_bad(L, e, "unknown variable");
        IrNode *n = lw_name(L, v, e->pos, e);
        if (ei && ei->type) n->type = ei->type;
        return n;
    }
    case OBJ_FUNC: return func_name(L, o, e->pos, e, ei ? ei->type : NULL);
    case OBJ_NIL: return lw_node(L, IR_NIL, e->pos, ei ? ei->type : o->type, e);
    case OBJ_TYPENAME: return lw_node(L, IR_TYPE, e->pos, o->type, e);
    default: return lw_bad(L, e, "identifier");
    }
}

/* ------------------------------------------------------------- selectors */

IrNode *lw_recv_adjust(Lower *L, IrNode *x, Object *m, Pos pos, const Node *src) {
    if (!x->type || type_is_interface(x->type)) return x;
    bool want_ptr = (m->flags & OF_PTR_RECV) != 0;
    Type *u = type_under(x->type);
    bool is_ptr = u && u->kind == TY_POINTER;
    if (want_ptr && !is_ptr) return lw_addr(L, x, pos, true, src);
    if (!want_ptr && is_ptr) return lw_deref(L, x, pos, true, src);
    return x;
}

IrNode *lw_method_recv(Lower *L, const Node *e, Object **mout, bool *iface) {
    const Node *sel = e->u.selector.sel;
    Object *m = types_ident_use(L->info, sel);
    *mout = m;
    *iface = false;
    if (!m || m->kind != OBJ_FUNC) return NULL;
    const Node *x = e->u.selector.x;
    const ExprInfo *xi = lw_info(L, x);
    if (!xi || xi->mode == EM_TYPE) return NULL;
    if (lw_inst_tparam_operand(L, x)) {     /* through the dictionary: an unknown callee */
        *iface = true;
        return lw_expr(L, x);
    }
    if (lw_unparen(x)->kind == N_Ident) {
        Object *xo = types_ident_use(L->info, lw_unparen(x));
        if (xo && xo->kind == OBJ_PKGNAME) return NULL;
    }
    IrNode *r = lw_expr(L, x);
    TypesSelection ps;
    if (!types_selection_path(xi->type, m, &L->p->arena, &ps)) {
        *iface = xi->type && type_is_interface(xi->type);
        return r;
    }
    Pos pos = lw_gcpos(e);
    r = lw_embedded_path(L, r, ps.steps, ps.nsteps, pos, e);
    if (r->type && type_is_interface(r->type)) {
        *iface = true;
        return r;
    }
    return lw_recv_adjust(L, r, m, pos, e);
}

IrNode *lw_selector(Lower *L, const Node *e) {
    const Node *sel = e->u.selector.sel;
    const Node *x = e->u.selector.x;
    Object *o = types_ident_use(L->info, sel);
    const ExprInfo *ei = lw_info(L, e);
    if (!o) return lw_bad(L, e, "unresolved selector");
    /* qualified identifier */
    if (lw_unparen(x)->kind == N_Ident) {
        Object *xo = types_ident_use(L->info, lw_unparen(x));
        if (xo && xo->kind == OBJ_PKGNAME) {
            if (o->kind == OBJ_VAR) {
                IrVar *v = lw_var_use(L, o, NOPOS);
                if (!v) return lw_bad(L, e, "unknown global");
                IrNode *n = lw_name(L, v, lw_gcpos(e), e);
                return n;
            }
            if (o->kind == OBJ_FUNC) return func_name(L, o, lw_gcpos(e), e, ei ? ei->type : NULL);
            if (o->kind == OBJ_TYPENAME) return lw_node(L, IR_TYPE, lw_gcpos(e), o->type, e);
            return lw_bad(L, e, "qualified identifier");
        }
    }
    const ExprInfo *xi = lw_info(L, x);
    if (!xi) return lw_bad(L, e, "selector operand without type");
    Pos pos = lw_gcpos(e);
    if (xi->mode == EM_TYPE) {
        /* method expression T.M / (*T).M */
        if (o->kind != OBJ_FUNC) return lw_bad(L, e, "method expression");
        IrNode *n = lw_node(L, IR_METHEXPR, pos, ei ? ei->type : NULL, e);
        n->u.obj = o;
        n->sel = o;
        n->y = lw_node(L, IR_TYPE, lw_gcpos(x), xi->type, x);
        return n;
    }
    if (o->kind == OBJ_FUNC) {
        Object *m;
        bool iface;
        IrNode *r = lw_method_recv(L, e, &m, &iface);
        if (!r) return lw_bad(L, e, "method value");
        IrNode *n = lw_node(L, IR_METHVALUE, pos, ei ? ei->type : NULL, e);
        n->x = r;
        n->u.obj = o;
        n->sel = o;
        /* gc's reader asks for its -fm wrapper (not for a generic body's) */
        if (!iface && !L->inst && r->type && m == o) vec_push(&L->methvals, ((LwMethVal){r->type, m}));
        return n;
    }
    if (o->kind != OBJ_VAR) return lw_bad(L, e, "selector");
    IrNode *base = lw_expr(L, x);
    TypesSelection ps;
    if (!types_selection_path(xi->type, o, &L->p->arena, &ps) || ps.index < 0)
        return lw_bad(L, e, "field path");
    base = lw_embedded_path(L, base, ps.steps, ps.nsteps, pos, e);
    IrNode *n = dot(L, base, o, ps.index, ps.ptr, pos, false, e);
    if (ei && ei->type) n->type = ei->type;
    return n;
}

/* ------------------------------------------------------ composite literals */

static int32_t field_index(StructType *st, Object *f, const char *name) {
    for (uint32_t i = 0; i < st->fields.n; i++)
        if (st->fields.v[i] == f) return (int32_t)i;
    for (uint32_t i = 0; i < st->fields.n; i++)
        if (st->fields.v[i]->name == name) return (int32_t)i;
    return -1;
}

/* A field promoted through embedded structs, by name (breadth first). */
static Object *promoted_field(Type *t, const char *name, int depth) {
    Type *u = t ? type_under(t) : NULL;
    if (u && u->kind == TY_POINTER) u = type_under(((PointerType *)u)->elem);
    if (!u || u->kind != TY_STRUCT || depth > 16) return NULL;
    StructType *st = (StructType *)u;
    for (uint32_t i = 0; i < st->fields.n; i++)
        if (st->fields.v[i]->name == name) return st->fields.v[i];
    for (uint32_t i = 0; i < st->fields.n; i++) {
        Object *f = st->fields.v[i];
        if (!(f->flags & OF_EMBEDDED)) continue;
        Object *r = promoted_field(f->type, name, depth + 1);
        if (r) return r;
    }
    return NULL;
}

static IrNode *complit(Lower *L, const Node *e, Type *t) {
    Type *u = t ? type_under(t) : NULL;
    if (!u) return lw_bad(L, e, "composite literal without type");
    Pos pos = lw_gcpos(e);
    if (u->kind == TY_POINTER) {
        /* elided &T in a literal of []*T */
        Type *et = ((PointerType *)u)->elem;
        IrNode *p = lw_node(L, IR_PTRLIT, pos, t, e);
        p->x = complit(L, e, et);
        p->flags |= IRF_IMPLICIT;
        return p;
    }
    NodeList elts = e->u.composite.elts;
    IrNode *n;
    switch (u->kind) {
    case TY_STRUCT: {
        StructType *st = (StructType *)u;
        n = lw_node(L, IR_STRUCTLIT, pos, t, e);
        for (uint32_t i = 0; i < elts.n; i++) {
            const Node *el = elts.v[i];
            int32_t fi = (int32_t)i;
            const Node *val = el;
            if (el->kind == N_KeyValueExpr) {
                const Node *key = el->u.kv.key;
                Object *fo = key->kind == N_Ident ? types_ident_use(L->info, key) : NULL;
                fi = field_index(st, fo, key->kind == N_Ident ? key->u.ident.name : NULL);
                val = el->u.kv.value;
            }
            Object *f = fi >= 0 && (uint32_t)fi < st->fields.n ? st->fields.v[fi] : NULL;
            if (!f && el->kind == N_KeyValueExpr && el->u.kv.key->kind == N_Ident) {
                /* a promoted field (Go 1.27): gc keys the literal by it directly */
                Object *fo = types_ident_use(L->info, el->u.kv.key);
                if (!fo) fo = promoted_field(t, el->u.kv.key->u.ident.name, 0);
                TypesSelection ps;
                if (fo && types_selection_path(t, fo, &L->p->arena, &ps) && ps.index >= 0) {
                    f = fo;
                    fi = ps.index;
                }
            }
            if (!f) {
                ir_list_append(L->p, &n->list, lw_bad(L, el, "struct literal field"));
                continue;
            }
            IrNode *k = lw_node(L, IR_STRUCTKEY, lw_gcpos(el), NULL, el);
            k->field = fi;
            k->sel = f;
            k->u.obj = f;
            k->x = lw_expr_to(L, val, f->type);
            ir_list_append(L->p, &n->list, k);
        }
        return n;
    }
    case TY_ARRAY: case TY_SLICE: {
        Type *et = u->kind == TY_ARRAY ? ((ArrayType *)u)->elem : ((SliceType *)u)->elem;
        n = lw_node(L, u->kind == TY_ARRAY ? IR_ARRAYLIT : IR_SLICELIT, pos, t, e);
        for (uint32_t i = 0; i < elts.n; i++) {
            const Node *el = elts.v[i];
            if (el->kind == N_KeyValueExpr) {
                IrNode *k = lw_node(L, IR_KEY, lw_gcpos(el), NULL, el);
                k->x = lw_expr(L, el->u.kv.key);
                k->y = lw_expr_to(L, el->u.kv.value, et);
                ir_list_append(L->p, &n->list, k);
            } else {
                ir_list_append(L->p, &n->list, lw_expr_to(L, el, et));
            }
        }
        return n;
    }
    case TY_MAP: {
        MapType *mt = (MapType *)u;
        n = lw_node(L, IR_MAPLIT, pos, t, e);
        for (uint32_t i = 0; i < elts.n; i++) {
            const Node *el = elts.v[i];
            if (el->kind != N_KeyValueExpr) {
                ir_list_append(L->p, &n->list, lw_bad(L, el, "map literal element"));
                continue;
            }
            IrNode *k = lw_node(L, IR_KEY, lw_gcpos(el), NULL, el);
            k->x = lw_expr_to(L, el->u.kv.key, mt->key);
            k->y = lw_expr_to(L, el->u.kv.value, mt->elem);
            ir_list_append(L->p, &n->list, k);
        }
        return n;
    }
    default:
        return lw_bad(L, e, "composite literal kind");
    }
}

/* ------------------------------------------------------------- operators */

static bool is_string(Type *t) { return t && type_has_info(t, BINFO_STRING); }

static IrNode *binary(Lower *L, const Node *e, const ExprInfo *ei) {
    Token op = (Token)e->tok;
    const Node *xs = e->u.binary.x, *ys = e->u.binary.y;
    Type *t = ei ? ei->type : NULL;
    if (is_untyped(t)) t = type_default(L->ctx, t);
    Pos pos = lw_gcpos(e);
    if (op == T_LAND || op == T_LOR) {
        if (L->narrowed.len) lw_narrowed_operands(L, e, &xs, &ys);
        IrNode *n = lw_node(L, op == T_LAND ? IR_ANDAND : IR_OROR, pos, t, e);
        n->x = lw_expr(L, xs);
        n->y = lw_expr(L, ys);
        return n;
    }
    Type *xt = lw_type(L, xs), *yt = lw_type(L, ys);
    Type *common = NULL;
    if (op != T_SHL && op != T_SHR && xt && yt && !type_identical(xt, yt)) {
        bool xn = type_basic_kind(xt) == BK_UNTYPED_NIL, yn = type_basic_kind(yt) == BK_UNTYPED_NIL;
        if (xn) common = yt;
        else if (yn) common = xt;
        else if (type_is_interface(xt) && !type_is_interface(yt)) common = xt;
        else if (type_is_interface(yt) && !type_is_interface(xt)) common = yt;
        else if (is_untyped(xt)) common = yt;
        else if (is_untyped(yt)) common = xt;
        else if (xt->kind == TY_NAMED && yt->kind != TY_NAMED) common = xt;
        else common = yt;
    }
    IrNode *x = lw_expr_to(L, xs, common);
    IrNode *y = lw_expr_to(L, ys, common);
    /* an untyped constant shift count is a uint (gc's typecheck: `b >> uint(1)`) */
    if ((op == T_SHL || op == T_SHR) && yt && is_untyped(yt) && y->op == IR_LITERAL)
        y->type = &L->ctx->typ[BK_UINT]->t;
    if (op == T_ADD && is_string(t)) {
        IrNode *n = lw_node(L, IR_ADDSTR, pos, t, e);
        if (x->op == IR_ADDSTR && !(x->flags & IRF_IMPLICIT)) {
            for (uint32_t i = 0; i < x->list.n; i++) ir_list_append(L->p, &n->list, x->list.v[i]);
        } else {
            ir_list_append(L->p, &n->list, x);
        }
        ir_list_append(L->p, &n->list, y);
        return n;
    }
    IrNode *n = lw_node(L, IR_BINARY, pos, t, e);
    n->tok = (uint8_t)op;
    n->x = x;
    n->y = y;
    return n;
}

static IrNode *unary(Lower *L, const Node *e, const ExprInfo *ei) {
    Token op = (Token)e->tok;
    const Node *xs = e->u.unary.x;
    Type *t = ei ? ei->type : NULL;
    if (is_untyped(t)) t = type_default(L->ctx, t);
    Pos pos = lw_gcpos(e);
    if (op == T_AND) {
        const Node *xu = lw_unparen(xs);
        if (xu->kind == N_CompositeLit) {
            IrNode *n = lw_node(L, IR_PTRLIT, pos, t, e);
            n->x = complit(L, xu, lw_type(L, xu));
            return n;
        }
        IrNode *x = lw_expr(L, xs);
        IrNode *n = lw_addr(L, x, pos, false, e);
        if (t) n->type = t;
        return n;
    }
    if (op == T_ARROW) {
        IrNode *n = lw_node(L, IR_RECV, pos, t, e);
        n->x = lw_expr(L, xs);
        if (ei && ei->type && ei->type->kind == TY_TUPLE) {
            TupleType *tt = (TupleType *)ei->type;
            n->type = tuple_at(tt, 0)->type;
        }
        return n;
    }
    if (op == T_NOT && L->narrowed.len) lw_narrowed_operands(L, e, &xs, NULL);
    IrNode *n = lw_node(L, IR_UNARY, pos, t, e);
    n->tok = (uint8_t)op;
    n->x = lw_expr(L, xs);
    return n;
}

/* ------------------------------------------------------- index and slice */

static bool is_generic_inst(Lower *L, const Node *e, const ExprInfo *ei) {
    if (!ei || ei->mode == EM_TYPE) return false;
    const ExprInfo *xi = lw_info(L, e->u.index.x);
    return xi && xi->type && xi->type->kind == TY_SIGNATURE && ((SignatureType *)xi->type)->tparams.n;
}

static IrNode *index_expr(Lower *L, const Node *e, const ExprInfo *ei) {
    if (is_generic_inst(L, e, ei)) {
        IrNode *n = lw_expr(L, e->u.index.x);
        if (ei->type) n->type = ei->type;
        return lw_inst_funcname(L, n, e);
    }
    if (e->kind != N_IndexExpr || e->u.index.indices.n != 1) return lw_bad(L, e, "index list");
    const Node *xs = e->u.index.x;
    Type *xt = lw_type(L, xs);
    Type *xu = xt ? type_under(xt) : NULL;
    Pos pos = lw_gcpos(e);
    Type *t = ei ? ei->type : NULL;
    if (t && t->kind == TY_TUPLE) t = tuple_at((TupleType *)t, 0)->type;
    if (is_untyped(t)) t = type_default(L->ctx, t);
    if (!xu) return lw_bad(L, e, "index operand without type");
    if (xu->kind == TY_MAP) {
        IrNode *n = lw_node(L, IR_INDEXMAP, pos, t, e);
        n->x = lw_expr(L, xs);
        n->y = lw_expr_to(L, e->u.index.indices.v[0], ((MapType *)xu)->key);
        return n;
    }
    IrNode *x = lw_expr(L, xs);
    if (xu->kind == TY_POINTER) x = lw_deref(L, x, pos, true, e);
    IrNode *n = lw_node(L, IR_INDEX, pos, t, e);
    n->x = x;
    n->y = lw_expr(L, e->u.index.indices.v[0]);
    return n;
}

static IrNode *slice_expr(Lower *L, const Node *e, const ExprInfo *ei) {
    const Node *xs = e->u.slice.x;
    Type *xt = lw_type(L, xs);
    Type *xu = xt ? type_under(xt) : NULL;
    if (!xu) return lw_bad(L, e, "slice operand without type");
    Pos pos = lw_gcpos(e);
    bool three = (e->flags & NF_SLICE3) != 0;
    IrOp op;
    IrNode *x = lw_expr(L, xs);
    if (is_string(xt)) {
        op = IR_SLICESTR;
        if (is_untyped(x->type)) x->type = type_default(L->ctx, x->type);
    } else if (xu->kind == TY_ARRAY) {
        op = three ? IR_SLICE3ARR : IR_SLICEARR;
        x = lw_addr(L, x, pos, true, e);
    } else if (xu->kind == TY_POINTER) {
        op = three ? IR_SLICE3ARR : IR_SLICEARR;
    } else {
        op = three ? IR_SLICE3 : IR_SLICE;
    }
    IrNode *n = lw_node(L, op, pos, ei ? ei->type : NULL, e);
    n->x = x;
    if (e->u.slice.low) n->y = lw_expr(L, e->u.slice.low);
    if (e->u.slice.high) n->z = lw_expr(L, e->u.slice.high);
    if (e->u.slice.max) n->w = lw_expr(L, e->u.slice.max);
    return n;
}

/* ------------------------------------------------------------- dispatch */

IrNode *lw_expr(Lower *L, const Node *e0) {
    const Node *e = lw_unparen(e0);
    if (!e) return lw_bad(L, e0, "missing expression");
    const ExprInfo *ei = lw_info(L, e0);
    if (!ei) ei = lw_inst_info(L, types_expr_info(L->info, e));
    if (ei && ei->mode == EM_CONST && ei->val) return literal(L, e, ei);
    if (ei && ei->mode == EM_TYPE) return lw_node(L, IR_TYPE, lw_gcpos(e), ei->type, e);
    switch (e->kind) {
    case N_Ident: return ident(L, e, ei);
    case N_BasicLit: return lw_bad(L, e, "literal without value");
    case N_FuncLit: return lw_func_lit(L, e);
    case N_CompositeLit: return complit(L, e, ei ? ei->type : NULL);
    case N_SelectorExpr: return lw_selector(L, e);
    case N_IndexExpr: case N_IndexListExpr: return index_expr(L, e, ei);
    case N_SliceExpr: return slice_expr(L, e, ei);
    case N_TypeAssertExpr: {
        Type *t = ei ? ei->type : NULL;
        if (t && t->kind == TY_TUPLE) t = tuple_at((TupleType *)t, 0)->type;
        IrNode *n = lw_node(L, IR_DOTTYPE, lw_gcpos(e), t, e);
        n->x = lw_expr(L, e->u.assert.x);
        return n;
    }
    case N_CallExpr: return lw_call(L, e);
    case N_StarExpr: {
        IrNode *n = lw_deref(L, lw_expr(L, e->u.star.x), e->pos, false, e);
        if (ei && ei->type) n->type = ei->type;
        return n;
    }
    case N_UnaryExpr: return unary(L, e, ei);
    case N_BinaryExpr: return binary(L, e, ei);
    default: return lw_bad(L, e, "expression kind");
    }
}
