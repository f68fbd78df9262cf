/* Function bodies: block scopes, every statement kind, local declarations,
   short variable declarations and assignments (multi-value and comma-ok),
   switches, type switches, select, range over every kind of operand, and
   labels. Errors inside bodies are not reported yet (the checker is quiet
   here): what is not understood stays untyped in the side table. */
#include "check.h"
#include "base/util.h"
#include <string.h>


/* Numeric, or a type parameter whose type set holds only numeric types. */
static bool numeric_or_tparam(Type *t) {
    Type *us[64];
    uint32_t n = 0;
    Type *a = type_unalias(t);
    if (!a) return false;
    if (a->kind == TY_TYPEPARAM) n = check_type_set_unders(a, us, 64);
    else us[n++] = type_under(a);
    if (!n) return false;
    for (uint32_t i = 0; i < n; i++)
        if (!us[i] || us[i]->kind != TY_BASIC || !(((BasicType *)us[i])->info & BINFO_NUMERIC)) return false;
    return true;
}

static void stmt(Checker *c, Node *s);

static void open_scope(Checker *c, Node *n, const char *what) {
    c->scope = scope_new(&c->pkg->arena, c->scope, check_file(c), n->pos, n->end, what);
}
static void close_scope(Checker *c) { c->scope = c->scope->parent; }

static bool is_blank(const Node *id) { return id->kind == N_Ident && id->u.ident.name[0] == '_' && !id->u.ident.name[1]; }

void check_declare_local(Checker *c, Node *id, Object *o) {
    check_record_def(c, id, o);
    if (!is_blank(id)) scope_insert(c->scope, o);
}

static Object *new_local(Checker *c, Node *id, Type *t) {
    Object *o = obj_new_var(c->pkg, VAR_LOCAL, check_file(c), id->pos, id->u.ident.name, t);
    check_local_declared(c, id, o);
    return o;
}

static void stmts(Checker *c, NodeList l) {
    for (uint32_t i = 0; i < l.n; i++) stmt(c, l.v[i]);
}

static void expr(Checker *c, Node *e, Operand *x) {
    Operand tmp;
    check_expr(c, e, x ? x : &tmp);
}

/* Whether the call x is a conversion or a call of a builtin that
   may not stand as a statement (append, len, ...): its value is unused. */
static bool unused_call(Checker *c, Node *x) {
    Node *f = x->u.call.fun;
    while (f->kind == N_ParenExpr) f = f->u.paren.x;
    Object *o = NULL;
    if (f->kind == N_Ident) o = check_lookup(c, f->u.ident.name);
    else if (f->kind == N_SelectorExpr && f->u.selector.x->kind == N_Ident) {
        Object *p = check_lookup(c, f->u.selector.x->u.ident.name);
        if (p && p->kind == OBJ_PKGNAME && p->u.imported) o = scope_lookup(p->u.imported->scope, f->u.selector.sel->u.ident.name);
    } else if (f->kind == N_ArrayType || f->kind == N_MapType || f->kind == N_ChanType || f->kind == N_StructType ||
               f->kind == N_InterfaceType) {
        return true;
    }
    if (!o) return false;
    if (o->kind == OBJ_TYPENAME) return true;
    if (o->kind != OBJ_BUILTIN) return false;
    switch (o->u.builtin) {
    case BUILTIN_APPEND: case BUILTIN_CAP: case BUILTIN_COMPLEX: case BUILTIN_IMAG: case BUILTIN_LEN:
    case BUILTIN_MAKE: case BUILTIN_MAX: case BUILTIN_MIN: case BUILTIN_NEW: case BUILTIN_REAL:
    case BUILTIN_ADD: case BUILTIN_ALIGNOF: case BUILTIN_OFFSETOF: case BUILTIN_SIZEOF: case BUILTIN_SLICE:
    case BUILTIN_SLICEDATA: case BUILTIN_STRING: case BUILTIN_STRINGDATA:
        return true;
    default: return false;
    }
}

/* An expression statement: only calls and receives may stand alone. */
static void expr_stmt(Checker *c, Node *s) {
    Operand x;
    Node *e = s->u.exprstmt.x;
    expr(c, e, &x);
    while (e->kind == N_ParenExpr) e = e->u.paren.x;
    if (x.mode == OM_INVALID) return;
    if (e->kind == N_UnaryExpr && e->tok == T_ARROW) return;
    if (e->kind == N_CallExpr && !unused_call(c, e)) return;
    StrBuf b = {0};
    check_expr_string(&b, s->u.exprstmt.x);
    if (x.mode == OM_TYPE) {
        check_error(c, s->u.exprstmt.x->pos, "%s (type) is not an expression", sb_cstr(&b));
    } else if ((x.mode == OM_VALUE || x.mode == OM_CONST) && x.type && !x.tuple) {
        StrBuf t = {0};
        check_type_write(c, &t, x.type);
        const char *what = x.mode == OM_CONST ? "constant" : x.addressable && e->kind == N_Ident ? "variable" : "value";
        if (x.mode == OM_CONST && !type_is_typed(x.type))
            check_error(c, s->u.exprstmt.x->pos, "%s (%s constant) is not used", sb_cstr(&b), sb_cstr(&t));
        else
            check_error(c, s->u.exprstmt.x->pos, "%s (%s of type %s) is not used", sb_cstr(&b), what, sb_cstr(&t));
        sb_free(&t);
    } else {
        check_error(c, s->u.exprstmt.x->pos, "%s is not used", sb_cstr(&b));
    }
    sb_free(&b);
}

/* The types a right-hand side list gives n left-hand sides; false if not
   known. ops receives the operands when rhs has one per lhs. */
static bool rhs_types(Checker *c, NodeList rhs, uint32_t n, Operand *ops, Type **types, bool *commaok) {
    *commaok = false;
    if (rhs.n == n) {
        for (uint32_t i = 0; i < n; i++) {
            expr(c, rhs.v[i], &ops[i]);
            types[i] = (ops[i].mode == OM_VALUE || ops[i].mode == OM_CONST) && !ops[i].tuple ? ops[i].type : NULL;
        }
        if (n == 1 && ops[0].tuple) check_assign_count(c, rhs, n, ops);
        else
            for (uint32_t i = 0; i < n; i++) check_single_value(c, rhs.v[i], &ops[i]);
        return true;
    }
    if (rhs.n != 1) {
        Operand *tmp = xcalloc(rhs.n, sizeof *tmp);
        bool single = true;
        for (uint32_t i = 0; i < rhs.n; i++) {
            expr(c, rhs.v[i], &tmp[i]);
            single &= check_single_value(c, rhs.v[i], &tmp[i]);
        }
        if (single) check_assign_count(c, rhs, n, tmp);
        free(tmp);
        return false;
    }
    Operand x;
    expr(c, rhs.v[0], &x);
    if (x.mode == OM_VALUE && x.tuple && tuple_len(x.tuple) == n) {
        for (uint32_t i = 0; i < n; i++) {
            types[i] = x.tuple->vars.v[i]->type;
            ops[i] = (Operand){OM_VALUE, types[i], NULL, NULL, 0, false, false, false};
        }
        return true;
    }
    if (n == 2 && x.mode == OM_VALUE && !x.tuple && x.commaok && x.type) {
        *commaok = true;
        types[0] = x.type;
        types[1] = NULL;
        ops[0] = x;
        ops[1] = (Operand){OM_VALUE, &c->ctx->typ[BK_UNTYPED_BOOL]->t, NULL, NULL, 0, false, false, false};
        return true;
    }
    check_assign_count(c, rhs, n, &x);
    return false;
}

static void short_var_decl(Checker *c, Node *s) {
    NodeList lhs = s->u.assign.lhs, rhs = s->u.assign.rhs;
    uint32_t n = lhs.n;
    bool any_new = false, all_idents = true;
    for (uint32_t i = 0; i < n; i++) {
        Node *id = lhs.v[i];
        for (uint32_t k = 0; k < i && id->kind == N_Ident && !is_blank(id); k++)
            if (lhs.v[k]->kind == N_Ident && lhs.v[k]->u.ident.name == id->u.ident.name)
                check_error(c, id->pos, "%s repeated on left side of :=", id->u.ident.name);
        if (id->kind != N_Ident) {
            StrBuf b = {0};
            check_expr_string(&b, id);
            check_error(c, id->pos, "non-name %s on left side of :=", sb_cstr(&b));
            sb_free(&b);
        }
        if (id->kind != N_Ident) all_idents = false;
        else if (!is_blank(id) && !scope_lookup(c->scope, id->u.ident.name)) any_new = true;
    }
    if (all_idents && !any_new) check_error(c, s->op, "no new variables on left side of :=");
    Operand *ops = xcalloc(n + 1, sizeof *ops);
    Type **types = xcalloc(n + 1, sizeof *types);
    bool commaok;
    bool ok = rhs_types(c, rhs, n, ops, types, &commaok);
    Object **objs = xcalloc(n + 1, sizeof *objs);
    for (uint32_t i = 0; i < n; i++) {
        Node *id = lhs.v[i];
        if (id->kind != N_Ident) continue;
        Object *old = is_blank(id) ? NULL : scope_lookup(c->scope, id->u.ident.name);
        if (old && old->kind == OBJ_VAR) {
            check_record_use(c, id, old);
            objs[i] = old;
            if (ok && rhs.n == n) {
                check_report_assign(c, rhs.v[i], &ops[i], old->type);
                check_assignment(c, rhs.v[i], &ops[i], old->type);
            }
            continue;
        }
        Type *t = NULL;
        if (ok && rhs.n == n) check_nil_use(c, rhs.v[i], &ops[i], NULL, "assignment");
        if (ok) {
            Node *src = rhs.n == n ? rhs.v[i] : NULL;
            if (src) check_assignment(c, src, &ops[i], NULL);
            if (commaok && i == 1) t = &c->ctx->typ[BK_BOOL]->t;
            else if (ops[i].mode == OM_VALUE || ops[i].mode == OM_CONST) t = ops[i].type;
            if (t && type_basic_kind(t) == BK_UNTYPED_NIL) t = NULL;
            if (t && !type_is_typed(t)) t = type_default(c->ctx, t);
        }
        objs[i] = new_local(c, id, t);
        check_record_def(c, id, objs[i]);
    }
    if (commaok) {
        Type *t1 = objs[1] && objs[1]->type ? objs[1]->type : &c->ctx->typ[BK_BOOL]->t;
        check_record_commaok(c, rhs.v[0], type_default(c->ctx, types[0]), t1);
    }
    /* The new variables are in scope only after the statement. */
    for (uint32_t i = 0; i < n; i++)
        if (objs[i] && !objs[i]->parent && !is_blank(lhs.v[i]) && objs[i]->var_kind == VAR_LOCAL)
            scope_insert(c->scope, objs[i]);
    free(objs);
    free(types);
    free(ops);
}

static void assign(Checker *c, Node *s) {
    NodeList lhs = s->u.assign.lhs, rhs = s->u.assign.rhs;
    if (s->tok != T_ASSIGN) {   /* x op= y */
        Operand x, y;
        if (lhs.n != 1 || rhs.n != 1) return;
        expr(c, lhs.v[0], &x);
        expr(c, rhs.v[0], &y);
        bool shift = s->tok == T_SHL_ASSIGN || s->tok == T_SHR_ASSIGN;
        if (!shift && s->tok >= T_ADD_ASSIGN && s->tok <= T_AND_NOT_ASSIGN &&
            !check_op_ok(c, s, lhs.v[0], (Token)(T_ADD + (s->tok - T_ADD_ASSIGN)), &x, false))
            return;
        if (!shift && x.mode == OM_VALUE && x.type) check_assignment(c, rhs.v[0], &y, x.type);
        return;
    }
    uint32_t n = lhs.n;
    Type **lt = xcalloc(n + 1, sizeof *lt);
    for (uint32_t i = 0; i < n; i++) {
        Node *l = lhs.v[i];
        while (l->kind == N_ParenExpr) l = l->u.paren.x;
        if (is_blank(l)) {
            check_record_def(c, l, NULL);
            continue;
        }
        Operand x;
        expr(c, lhs.v[i], &x);
        lt[i] = x.mode == OM_VALUE ? x.type : NULL;
        if ((x.mode == OM_VALUE && !x.addressable && !x.mapindex) || x.mode == OM_CONST) {
            StrBuf b = {0};
            check_expr_string(&b, lhs.v[i]);
            check_error(c, lhs.v[i]->pos, "cannot assign to %s (neither addressable nor a map index expression)",
                        sb_cstr(&b));
            sb_free(&b);
        }
    }
    Operand *ops = xcalloc(n + 1, sizeof *ops);
    Type **types = xcalloc(n + 1, sizeof *types);
    bool commaok;
    if (rhs_types(c, rhs, n, ops, types, &commaok)) {
        if (rhs.n == n)
            for (uint32_t i = 0; i < n; i++) {
                Node *l = lhs.v[i];
                while (l->kind == N_ParenExpr) l = l->u.paren.x;
                if (is_blank(l)) check_nil_use(c, rhs.v[i], &ops[i], NULL, "assignment");
                check_report_assign(c, rhs.v[i], &ops[i], lt[i]);
                check_assignment(c, rhs.v[i], &ops[i], lt[i]);
            }
        if (commaok) {
            Type *t1 = lt[1] ? lt[1] : &c->ctx->typ[BK_BOOL]->t;
            if (!type_is_typed(t1) || type_is_interface(t1)) t1 = &c->ctx->typ[BK_BOOL]->t;
            check_record_commaok(c, rhs.v[0], type_default(c->ctx, types[0]), t1);
        }
    }
    free(ops);
    free(types);
    free(lt);
}

static void ret(Checker *c, Node *s) {
    NodeList res = s->u.ret.results;
    TupleType *rt = c->sig ? c->sig->results : NULL;
    Operand *ops = xcalloc(res.n + 1, sizeof *ops);
    for (uint32_t i = 0; i < res.n; i++) {
        Operand *x = &ops[i];
        expr(c, res.v[i], x);
        if (res.n > 1 && !check_single_value(c, res.v[i], x)) x->mode = OM_INVALID;
        Operand save = *x;
        c->assign_ctx = "return statement";
        if (res.n == tuple_len(rt)) {
            check_report_assign(c, res.v[i], x, rt->vars.v[i]->type);
            check_assignment(c, res.v[i], x, rt->vars.v[i]->type);
        }
        c->assign_ctx = NULL;
        *x = save;
    }
    check_return_count(c, s, ops);
    free(ops);
}

/* ---- local declarations ---- */

static void decl_stmt(Checker *c, Node *d) {
    if (d->kind != N_GenDecl) return;
    DeclInfo *save = (DeclInfo *)c->decl;
    Node *last = NULL;
    for (uint32_t k = 0; k < d->u.gendecl.specs.n; k++) {
        Node *spec = d->u.gendecl.specs.v[k];
        DeclInfo *di = arena_alloc(&c->arena, sizeof *di);
        di->file = save ? save->file : NULL;
        di->fscope = c->scope;
        di->spec = spec;
        if (d->tok == T_TYPE) {
            Node *id = spec->u.typespec.name;
            Object *o = obj_new(c->pkg, OBJ_TYPENAME, check_file(c), id->pos, id->u.ident.name, NULL);
            di->obj = o;
            check_declare_local(c, id, o);
            check_type_decl(c, o, di);
            check_resolve_pending(c);
            continue;
        }
        if (d->tok != T_CONST && d->tok != T_VAR) continue;
        NodeList names = spec->u.valuespec.names, values = spec->u.valuespec.values;
        bool is_const = d->tok == T_CONST;
        if (is_const && (spec->u.valuespec.type || values.n)) last = spec;
        NodeList inits = is_const && last ? last->u.valuespec.values : values;
        Node *itype = is_const && last ? last->u.valuespec.type : spec->u.valuespec.type;
        check_spec_counts(c, spec, is_const, inits);
        Object **objs = xcalloc(names.n + 1, sizeof *objs);
        Object **lhs = NULL;
        if (!is_const && values.n == 1 && names.n > 1) lhs = arena_alloc(&c->arena, names.n * sizeof *lhs);
        for (uint32_t i = 0; i < names.n; i++) {
            Node *id = names.v[i];
            objs[i] = is_const ? obj_new_const(c->pkg, check_file(c), id->pos, id->u.ident.name, NULL, NULL)
                               : new_local(c, id, NULL);
            if (lhs) lhs[i] = objs[i];
        }
        Type *vt = !is_const && itype ? check_type(c, itype) : NULL;
        for (uint32_t i = 0; i < names.n; i++) {
            DeclInfo *oi = arena_alloc(&c->arena, sizeof *oi);
            *oi = *di;
            oi->type = itype;
            oi->iota = k;
            oi->obj = objs[i];
            if (lhs) {
                oi->multi = values.v[0];
                oi->lhs = lhs;
                oi->nlhs = names.n;
            } else if (i < inits.n) {
                oi->init = inits.v[i];
            }
            c->decl = oi;
            if (is_const) {
                const Const *si = c->iota;
                check_const_decl(c, objs[i], oi);
                c->iota = si;
            } else if (vt) {
                objs[i]->type = vt;
                if (oi->init) {
                    Operand x;
                    expr(c, oi->init, &x);
                    check_report_assign_in(c, oi->init, &x, vt, "variable declaration");
                    check_assignment(c, oi->init, &x, vt);
                }
            } else if (!objs[i]->type) {
                check_var_decl(c, objs[i], oi);
                if (oi->init) {
                    const ExprInfo *r = c->info ? types_expr_info(c->info, oi->init) : NULL;
                    if (r && r->type && !type_is_typed(r->type) && objs[i]->type)
                        check_update_untyped(c, oi->init, objs[i]->type);
                }
            }
            if (objs[i]->type == c->invalid) objs[i]->type = NULL;
        }
        if (lhs && vt) {
            Operand x;
            expr(c, values.v[0], &x);
        }
        c->decl = save;
        for (uint32_t i = 0; i < names.n; i++) check_declare_local(c, names.v[i], objs[i]);
        free(objs);
    }
    c->decl = save;
}

/* ---- control flow ---- */

static void if_stmt(Checker *c, Node *s) {
    open_scope(c, s, "if");
    if (s->u.ifstmt.init) stmt(c, s->u.ifstmt.init);
    Operand cond;
    expr(c, s->u.ifstmt.cond, &cond);
    check_report_cond(c, s->u.ifstmt.cond, &cond, "if");
    stmt(c, s->u.ifstmt.body);
    if (s->u.ifstmt.els) stmt(c, s->u.ifstmt.els);
    close_scope(c);
}

static void switch_stmt(Checker *c, Node *s) {
    open_scope(c, s, "switch");
    if (s->u.switchstmt.init) stmt(c, s->u.switchstmt.init);
    Operand tag = {OM_CONST, &c->ctx->typ[BK_BOOL]->t, NULL, NULL, 0, false, false, false};
    if (s->u.switchstmt.tag) {
        expr(c, s->u.switchstmt.tag, &tag);
        check_assignment(c, s->u.switchstmt.tag, &tag, NULL);
    }
    NodeList cl = s->u.switchstmt.body->u.block.list;
    VEC(Operand) seen = {0};
    for (uint32_t i = 0; i < cl.n; i++) {
        Node *cc = cl.v[i];
        for (uint32_t k = 0; k < cc->u.caseclause.list.n; k++) {
            Node *v = cc->u.caseclause.list.v[k];
            Operand x;
            expr(c, v, &x);
            if ((tag.mode == OM_VALUE || tag.mode == OM_CONST) && tag.type && type_is_typed(tag.type) &&
                s->u.switchstmt.tag) {
                /* go/types converts an untyped value to the tag's type first */
                bool ok = true;
                if (x.mode == OM_CONST && x.type && !type_is_typed(x.type) && !check_unsure_type(tag.type))
                    ok = check_assign_const(c, v, &x, tag.type, NULL);
                if (ok) check_case_value(c, v, &x, s->u.switchstmt.tag, &tag);
            }
            if ((tag.mode == OM_VALUE || tag.mode == OM_CONST) && tag.type && type_is_typed(tag.type))
                check_assignment(c, v, &x, tag.type);
            if (x.mode != OM_CONST || !x.val || const_kind(x.val) == CONST_UNKNOWN || const_kind(x.val) == CONST_BOOL || !x.type ||
                check_unsure_type(x.type) || seen.len > 4096)
                continue;
            bool dup = false;
            for (size_t j = 0; j < seen.len && !dup; j++)
                dup = type_identical(seen.data[j].type, x.type) && const_kind(seen.data[j].val) == const_kind(x.val) &&
                      const_compare(seen.data[j].val, T_EQL, x.val);
            if (dup) {
                StrBuf b = {0};
                check_expr_string(&b, v);
                check_error(c, v->pos, "duplicate case %s in expression switch", sb_cstr(&b));
                sb_free(&b);
            } else {
                vec_push(&seen, x);
            }
        }
        open_scope(c, cc, "case");
        stmts(c, cc->u.caseclause.body);
        close_scope(c);
    }
    vec_free(&seen);
    close_scope(c);
}

static void type_switch(Checker *c, Node *s) {
    open_scope(c, s, "type switch");
    if (s->u.switchstmt.init) stmt(c, s->u.switchstmt.init);
    Node *g = s->u.switchstmt.tag, *lhs = NULL, *ax = NULL;
    if (g->kind == N_AssignStmt && g->u.assign.lhs.n == 1 && g->u.assign.rhs.n == 1) {
        lhs = g->u.assign.lhs.v[0];
        ax = g->u.assign.rhs.v[0];
    } else if (g->kind == N_ExprStmt) {
        ax = g->u.exprstmt.x;
    }
    while (ax && ax->kind == N_ParenExpr) ax = ax->u.paren.x;
    Operand x = {0};
    VEC(Type *) seen_types = {0};
    if (ax && ax->kind == N_TypeAssertExpr) expr(c, ax->u.assert.x, &x);
    if (lhs && lhs->kind == N_Ident && !is_blank(lhs)) new_local(c, lhs, NULL);   /* for "declared and not used" */
    if (lhs) check_record_def(c, lhs, NULL);
    NodeList cl = s->u.switchstmt.body->u.block.list;
    for (uint32_t i = 0; i < cl.n; i++) {
        Node *cc = cl.v[i];
        Type *single = NULL;
        for (uint32_t k = 0; k < cc->u.caseclause.list.n; k++) {
            Node *t = cc->u.caseclause.list.v[k];
            Operand o;
            expr(c, t, &o);
            single = cc->u.caseclause.list.n == 1 && o.mode == OM_TYPE ? o.type : NULL;
            if (o.mode == OM_TYPE && x.mode == OM_VALUE && x.type) {
                StrBuf w = {0};
                sb_puts(&w, "impossible type switch case: ");
                check_expr_string(&w, t);
                check_implements_report(c, t->pos, sb_cstr(&w), ":\n\t", o.type, x.type);
                sb_free(&w);
            }
            bool is_nil = o.mode == OM_VALUE && o.type && type_basic_kind(o.type) == BK_UNTYPED_NIL;
            if (!is_nil && (o.mode == OM_VALUE || o.mode == OM_CONST)) {
                StrBuf b = {0};
                check_expr_string(&b, t);
                check_error(c, t->pos, "%s is not a type", sb_cstr(&b));
                sb_free(&b);
                continue;
            }
            if (!is_nil && (o.mode != OM_TYPE || !o.type || check_unsure_type(o.type) || seen_types.len > 4096)) continue;
            bool dup = false;
            for (size_t j = 0; j < seen_types.len && !dup; j++)
                dup = is_nil ? seen_types.data[j] == NULL
                             : seen_types.data[j] && type_identical(seen_types.data[j], o.type);
            if (dup) {
                StrBuf b = {0};
                check_expr_string(&b, t);
                if (is_nil) check_error(c, t->pos, "multiple nil cases in type switch (first at earlier case)");
                else check_error(c, t->pos, "duplicate case %s in type switch", sb_cstr(&b));
                sb_free(&b);
            } else {
                vec_push(&seen_types, is_nil ? NULL : o.type);
            }
        }
        open_scope(c, cc, "case");
        if (lhs && !is_blank(lhs)) {
            Type *vt = single ? single : (x.mode == OM_VALUE ? x.type : NULL);
            Object *v = new_local(c, lhs, vt);
            scope_insert(c->scope, v);
        }
        stmts(c, cc->u.caseclause.body);
        close_scope(c);
    }
    vec_free(&seen_types);
    close_scope(c);
}

static void select_stmt(Checker *c, Node *s) {
    NodeList cl = s->u.selectstmt.body->u.block.list;
    for (uint32_t i = 0; i < cl.n; i++) {
        Node *cc = cl.v[i];
        open_scope(c, cc, "case");
        if (cc->u.commclause.comm) stmt(c, cc->u.commclause.comm);
        stmts(c, cc->u.commclause.body);
        close_scope(c);
    }
}

static void for_stmt(Checker *c, Node *s) {
    open_scope(c, s, "for");
    if (s->u.forstmt.init) stmt(c, s->u.forstmt.init);
    if (s->u.forstmt.cond) {
        Operand cond;
        expr(c, s->u.forstmt.cond, &cond);
        check_report_cond(c, s->u.forstmt.cond, &cond, "for");
    }
    if (s->u.forstmt.post) stmt(c, s->u.forstmt.post);
    stmt(c, s->u.forstmt.body);
    close_scope(c);
}

/* Key and value types of ranging over x. */
static void range_types(Checker *c, Node *xn, Operand *x, Type **k, Type **v) {
    *k = *v = NULL;
    if (x->mode != OM_VALUE && x->mode != OM_CONST) return;
    Type *t = x->type;
    if (!t) return;
    /* Only an integer is assigned (to its variable); an untyped string
       constant keeps its type (go/types rangeStmt). */
    if (!type_is_typed(t) && !type_has_info(t, BINFO_STRING)) {
        check_assignment(c, xn, x, NULL);
        t = x->type;
    }
    Type *u = check_core_type(t);
    if (!u) return;
    if ((u->kind == TY_BASIC && (((BasicType *)u)->info & BINFO_INTEGER) && check_lang_before(c, 22)) ||
        (u->kind == TY_SIGNATURE && check_lang_before(c, 23))) {
        StrBuf b = {0};
        check_expr_string(&b, xn);
        check_error(c, xn->pos, "cannot range over %s: requires go1.%d or later", sb_cstr(&b),
                    u->kind == TY_SIGNATURE ? 23 : 22);
        sb_free(&b);
        return;
    }
    if (!check_unsure_type(t)) {   /* what cannot be ranged over */
        bool bad = false;
        const char *why = NULL;
        switch (u->kind) {
        case TY_BASIC: bad = !(((BasicType *)u)->info & (BINFO_STRING | BINFO_INTEGER)) && type_basic_kind(u) != BK_INVALID; break;
        case TY_POINTER: {
            Type *e = type_under(((PointerType *)u)->elem);
            bad = e && e->kind != TY_ARRAY;
            break;
        }
        case TY_CHAN: bad = ((ChanType *)u)->dir == CHAN_SEND; why = "receive from send-only channel"; break;
        case TY_SIGNATURE: {
            SignatureType *sig = (SignatureType *)u;
            Type *y = tuple_len(sig->params) == 1 ? check_core_type(sig->params->vars.v[0]->type) : NULL;
            SignatureType *ys = y && y->kind == TY_SIGNATURE ? (SignatureType *)y : NULL;
            bad = !ys || tuple_len(sig->results) || tuple_len(ys->params) > 2 || tuple_len(ys->results) != 1 ||
                  !type_has_info(ys->results->vars.v[0]->type, BINFO_BOOLEAN);
            why = "func must be func(yield func(...) bool): argument is not func";
            break;
        }
        case TY_STRUCT: case TY_INTERFACE: bad = true; break;
        default: break;
        }
        if (bad) {
            StrBuf b = {0}, tb = {0};
            check_expr_string(&b, xn);
            check_type_write(c, &tb, t);
            if (why) check_error(c, xn->pos, "cannot range over %s (%s of type %s): %s", sb_cstr(&b),
                                 x->addressable ? "variable" : "value", sb_cstr(&tb), why);
            else check_error(c, xn->pos, "cannot range over %s (%s of type %s)", sb_cstr(&b),
                             x->addressable ? "variable" : "value", sb_cstr(&tb));
            sb_free(&b);
            sb_free(&tb);
            return;
        }
    }
    switch (u->kind) {
    case TY_BASIC:
        if (type_has_info(u, BINFO_STRING)) {
            *k = &c->ctx->typ[BK_INT]->t;
            *v = c->ctx->rune_type;
        } else if (type_has_info(u, BINFO_INTEGER)) {
            *k = t;
        }
        return;
    case TY_POINTER: {
        Type *e = type_under(((PointerType *)u)->elem);
        if (e && e->kind == TY_ARRAY) {
            *k = &c->ctx->typ[BK_INT]->t;
            *v = ((ArrayType *)e)->elem;
        }
        return;
    }
    case TY_ARRAY: *k = &c->ctx->typ[BK_INT]->t; *v = ((ArrayType *)u)->elem; return;
    case TY_SLICE: *k = &c->ctx->typ[BK_INT]->t; *v = ((SliceType *)u)->elem; return;
    case TY_MAP: *k = ((MapType *)u)->key; *v = ((MapType *)u)->elem; return;
    case TY_CHAN: *k = ((ChanType *)u)->elem; return;
    case TY_SIGNATURE: {
        SignatureType *sig = (SignatureType *)u;
        if (tuple_len(sig->params) != 1) return;
        Type *y = check_core_type(sig->params->vars.v[0]->type);
        if (!y || y->kind != TY_SIGNATURE) return;
        TupleType *yp = ((SignatureType *)y)->params;
        if (tuple_len(yp) >= 1) *k = yp->vars.v[0]->type;
        if (tuple_len(yp) >= 2) *v = yp->vars.v[1]->type;
        return;
    }
    default: return;
    }
}

static void range_stmt(Checker *c, Node *s) {
    open_scope(c, s, "range");
    Operand x;
    expr(c, s->u.rangestmt.x, &x);
    Type *kt, *vt;
    range_types(c, s->u.rangestmt.x, &x, &kt, &vt);
    Node *lhs[2] = {s->u.rangestmt.key, s->u.rangestmt.value};
    Type *types[2] = {kt, vt};
    if (s->tok == T_DEFINE) {
        Object *objs[2] = {NULL, NULL};
        if (lhs[0] && lhs[1] && lhs[0]->kind == N_Ident && lhs[1]->kind == N_Ident && !is_blank(lhs[1]) &&
            lhs[0]->u.ident.name == lhs[1]->u.ident.name)
            check_error(c, lhs[1]->pos, "%s repeated on left side of :=", lhs[1]->u.ident.name);
        for (int i = 0; i < 2; i++) {
            if (!lhs[i] || lhs[i]->kind != N_Ident) continue;
            objs[i] = new_local(c, lhs[i], types[i]);
            check_record_def(c, lhs[i], objs[i]);
        }
        for (int i = 0; i < 2; i++)
            if (objs[i] && !is_blank(lhs[i])) scope_insert(c->scope, objs[i]);
    } else {
        for (int i = 0; i < 2; i++) {
            if (!lhs[i]) continue;
            if (is_blank(lhs[i])) check_record_def(c, lhs[i], NULL);
            else expr(c, lhs[i], NULL);
        }
    }
    stmt(c, s->u.rangestmt.body);
    close_scope(c);
}

/* ---- labels ---- */

struct Labels { PtrMap byname; };

static void collect_labels(Checker *c, struct Labels *l, Node *s) {
    if (!s) return;
    switch (s->kind) {
    case N_LabeledStmt: {
        Node *id = s->u.labeled.label;
        if (!is_blank(id) && !ptrmap_get(&l->byname, id->u.ident.name)) {
            Object *o = obj_new(c->pkg, OBJ_LABEL, check_file(c), id->pos, id->u.ident.name, NULL);
            ptrmap_put(&l->byname, id->u.ident.name, o);
        }
        check_record_def(c, id, ptrmap_get(&l->byname, id->u.ident.name));
        collect_labels(c, l, s->u.labeled.stmt);
        return;
    }
    case N_BlockStmt:
        for (uint32_t i = 0; i < s->u.block.list.n; i++) collect_labels(c, l, s->u.block.list.v[i]);
        return;
    case N_IfStmt: collect_labels(c, l, s->u.ifstmt.body); collect_labels(c, l, s->u.ifstmt.els); return;
    case N_SwitchStmt: case N_TypeSwitchStmt: collect_labels(c, l, s->u.switchstmt.body); return;
    case N_SelectStmt: collect_labels(c, l, s->u.selectstmt.body); return;
    case N_ForStmt: collect_labels(c, l, s->u.forstmt.body); return;
    case N_RangeStmt: collect_labels(c, l, s->u.rangestmt.body); return;
    case N_CaseClause:
        for (uint32_t i = 0; i < s->u.caseclause.body.n; i++) collect_labels(c, l, s->u.caseclause.body.v[i]);
        return;
    case N_CommClause:
        for (uint32_t i = 0; i < s->u.commclause.body.n; i++) collect_labels(c, l, s->u.commclause.body.v[i]);
        return;
    default: return;
    }
}

static void stmt(Checker *c, Node *s) {
    if (!s) return;
    switch (s->kind) {
    case N_BlockStmt:
        open_scope(c, s, "block");
        stmts(c, s->u.block.list);
        close_scope(c);
        return;
    case N_ExprStmt: expr_stmt(c, s); return;
    case N_SendStmt: {
        Operand ch, v;
        expr(c, s->u.send.chan, &ch);
        expr(c, s->u.send.value, &v);
        Type *u = ch.mode == OM_VALUE ? check_core_type(ch.type) : NULL;
        if (u && u->kind == TY_CHAN) check_assignment(c, s->u.send.value, &v, ((ChanType *)u)->elem);
        return;
    }
    case N_IncDecStmt: {
        Operand x;
        expr(c, s->u.incdec.x, &x);
        if (!check_incdec_ok(c, s, &x)) return;
        /* go/types checks x += 1 with a literal 1 spanning x's first byte */
        if (c->info && x.mode == OM_VALUE && numeric_or_tparam(x.type)) {
            Node *one = arena_alloc(&c->info->arena, sizeof *one);
            one->kind = N_BasicLit;
            one->pos = s->u.incdec.x->pos;
            one->end = one->pos + 1;
            check_record_mode(c, one, EM_CONST, x.type, const_int64(c->pkg->consts, 1));
        }
        return;
    }
    case N_AssignStmt:
        if (s->tok == T_DEFINE) short_var_decl(c, s);
        else assign(c, s);
        return;
    case N_GoStmt:
    case N_DeferStmt: expr(c, s->u.gostmt.call, NULL); return;
    case N_ReturnStmt: ret(c, s); return;
    case N_BranchStmt: {
        Node *l = s->u.branch.label;
        if (l && c->labels) check_record_use(c, l, ptrmap_get(&c->labels->byname, l->u.ident.name));
        return;
    }
    case N_LabeledStmt: stmt(c, s->u.labeled.stmt); return;
    case N_DeclStmt: decl_stmt(c, s->u.declstmt.decl); return;
    case N_IfStmt: if_stmt(c, s); return;
    case N_SwitchStmt: switch_stmt(c, s); return;
    case N_TypeSwitchStmt: type_switch(c, s); return;
    case N_SelectStmt: select_stmt(c, s); return;
    case N_ForStmt: for_stmt(c, s); return;
    case N_RangeStmt: range_stmt(c, s); return;
    default: return;
    }
}

void check_func_body(Checker *c, SignatureType *sig, Node *body) {
    if (!body) return;
    Scope *save_scope = c->scope;
    SignatureType *save_sig = c->sig;
    bool save_quiet = c->quiet;
    struct Labels *save_labels = c->labels;
    const Const *save_iota = c->iota;
    struct Labels l = {{0}};
    c->scope = sig->scope ? sig->scope : c->scope;
    c->sig = sig;
    c->labels = &l;   /* iota stays: a function literal in a constant declaration may use it */
    if (body->flags & NF_LABELS) collect_labels(c, &l, body);   /* the parser counted them */
    c->body_depth++;
    stmts(c, body->u.block.list);  /* the body shares the signature's scope */
    if (!--c->body_depth) check_unused_vars(c, body);
    ptrmap_free(&l.byname);
    c->scope = save_scope;
    c->sig = save_sig;
    c->quiet = save_quiet;
    c->labels = save_labels;
    c->iota = save_iota;
}

static void body_of(Checker *c, Object *o) {
    const DeclInfo *d = o->decl;
    if (!d || !d->spec || d->spec->kind != N_FuncDecl || !d->spec->u.funcdecl.body) return;
    if (!o->type || o->type->kind != TY_SIGNATURE) return;
    const DeclInfo *save = c->decl;
    c->decl = d;
    c->dep_src = d;
    check_func_body(c, (SignatureType *)o->type, d->spec->u.funcdecl.body);
    c->dep_src = NULL;
    c->decl = save;
}

/* A package-level variable with a written type: its declaration needed
   only the type, so its initializer is checked here, like a body. */
static void typed_var_init(Checker *c, Object *o) {
    const DeclInfo *d = o->decl;
    if (!d || !d->type || !o->type || o->type == c->invalid) return;
    Node *init = d->init;
    if (!init && d->multi && d->lhs && d->lhs[0] == o) init = d->multi;
    if (!init) return;
    const DeclInfo *save = c->decl;
    Scope *save_scope = c->scope;
    bool save_quiet = c->quiet;
    c->decl = d;
    c->dep_src = d;
    c->scope = d->fscope;
    Operand x;
    check_expr(c, init, &x);
    if (init == d->init) {
        check_report_assign_in(c, init, &x, o->type, "variable declaration");
        check_assignment(c, init, &x, o->type);
    }
    c->dep_src = NULL;
    c->decl = save;
    c->scope = save_scope;
    c->quiet = save_quiet;
}

void check_bodies(Checker *c, AstFile **files, size_t nfiles) {
    for (size_t i = 0; i < c->objs.len; i++)
        if (c->objs.data[i]->kind == OBJ_VAR) typed_var_init(c, c->objs.data[i]);
    for (size_t i = 0; i < c->objs.len; i++)
        if (c->objs.data[i]->kind == OBJ_FUNC) body_of(c, c->objs.data[i]);
    for (size_t i = 0; i < c->methods.len; i++) body_of(c, c->methods.data[i]->obj);
    vec_free(&c->locals);
    check_file_errors(c, files, nfiles);
}
