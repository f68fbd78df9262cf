/* Type expressions: every composite type literal, qualified and generic
   type names, signatures and type parameter lists (go/types typexpr.go,
   signature.go, struct.go, interface.go, union.go). */
#include "check.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

static Type *typexpr(Checker *c, Node *x);

static void expr_str(StrBuf *b, const Node *x);

static void list_str(StrBuf *b, NodeList l) {
    for (uint32_t i = 0; i < l.n; i++) {
        if (i) sb_puts(b, ", ");
        expr_str(b, l.v[i]);
    }
}

static void sig_str(StrBuf *b, const Node *ft);

/* "pre x post" */
static void wrap_str(StrBuf *b, const char *pre, const Node *x, const char *post) {
    sb_puts(b, pre);
    expr_str(b, x);
    sb_puts(b, post);
}

/* "l sep r" */
static void pair_str(StrBuf *b, const Node *l, const char *sep, const Node *r) {
    expr_str(b, l);
    sb_puts(b, sep);
    expr_str(b, r);
}

/* Fields as gc's printer writes them on one line: "a, b T" joined by sep;
   methods: an interface's, "M(x T) R". */
static void fields_str(StrBuf *b, const Node *fl, const char *sep, bool methods) {
    for (uint32_t i = 0; fl && i < fl->u.fieldlist.list.n; i++) {
        const Node *f = fl->u.fieldlist.list.v[i];
        if (i) sb_puts(b, sep);
        list_str(b, f->u.field.names);
        if (methods && f->u.field.names.n && f->u.field.type && f->u.field.type->kind == N_FuncType) {
            sig_str(b, f->u.field.type);
            continue;
        }
        if (f->u.field.names.n) sb_putc(b, ' ');
        expr_str(b, f->u.field.type);
    }
}

/* A function type's parameters and results: "(a, b int) (int, error)". */
static void sig_str(StrBuf *b, const Node *ft) {
    sb_putc(b, '(');
    fields_str(b, ft->u.functype.params, ", ", false);
    sb_putc(b, ')');
    if (ft->u.functype.results) {
        const NodeList *r = &ft->u.functype.results->u.fieldlist.list;
        bool bare = r->n == 1 && !r->v[0]->u.field.names.n;
        sb_puts(b, bare ? " " : " (");
        fields_str(b, ft->u.functype.results, ", ", false);
        if (!bare) sb_putc(b, ')');
    }
}

/* An expression as go/types' error messages write it (gc's syntax printer
   in its short form: "…" for the contents of literals). */
static void expr_str(StrBuf *b, const Node *x) {
    if (!x) return;
    switch (x->kind) {
    case N_Ellipsis:
        sb_puts(b, "...");
        expr_str(b, x->u.ellipsis.elt);
        break;
    case N_FuncLit:
        expr_str(b, x->u.funclit.type);
        sb_puts(b, x->u.funclit.body && x->u.funclit.body->u.block.list.n ? " {…}" : " {}");
        break;
    case N_CompositeLit:
        expr_str(b, x->u.composite.type);
        sb_puts(b, x->u.composite.elts.n ? "{…}" : "{}");
        break;
    case N_SliceExpr:
        expr_str(b, x->u.slice.x);
        sb_putc(b, '[');
        expr_str(b, x->u.slice.low);
        sb_putc(b, ':');
        expr_str(b, x->u.slice.high);
        if (x->u.slice.max) {
            sb_putc(b, ':');
            expr_str(b, x->u.slice.max);
        }
        sb_putc(b, ']');
        break;
    case N_TypeAssertExpr:
        expr_str(b, x->u.assert.x);
        sb_puts(b, ".(");
        if (x->u.assert.type) expr_str(b, x->u.assert.type);
        else sb_puts(b, "type");
        sb_putc(b, ')');
        break;
    case N_KeyValueExpr: pair_str(b, x->u.kv.key, ": ", x->u.kv.value); break;
    case N_ArrayType:
        wrap_str(b, "[", x->u.array.len, "]");    /* [...]T: an Ellipsis without element */
        expr_str(b, x->u.array.elt);
        break;
    case N_MapType:
        wrap_str(b, "map[", x->u.map.key, "]");
        expr_str(b, x->u.map.value);
        break;
    case N_ChanType: {
        const Node *e = x->u.chan.value;
        sb_puts(b, x->tok == CHAN_RECV ? "<-chan " : x->tok == CHAN_SEND ? "chan<- " : "chan ");
        bool paren = x->tok == CHAN_BOTH && e && e->kind == N_ChanType && e->tok == CHAN_RECV;
        if (paren) sb_putc(b, '(');
        expr_str(b, e);
        if (paren) sb_putc(b, ')');
        break;
    }
    case N_FuncType:
        sb_puts(b, "func");
        if (x->u.functype.tparams) {
            sb_putc(b, '[');
            fields_str(b, x->u.functype.tparams, ", ", false);
            sb_putc(b, ']');
        }
        sig_str(b, x);
        break;
    case N_StructType:
        sb_puts(b, "struct{");
        fields_str(b, x->u.structtype.fields, "; ", false);
        sb_putc(b, '}');
        break;
    case N_InterfaceType:
        sb_puts(b, "interface{");
        fields_str(b, x->u.iface.methods, "; ", true);
        sb_putc(b, '}');
        break;
    case N_Ident: sb_puts(b, x->u.ident.name); break;
    case N_BasicLit: sb_put(b, x->u.lit.value, x->u.lit.len); break;
    case N_SelectorExpr: pair_str(b, x->u.selector.x, ".", x->u.selector.sel); break;
    case N_StarExpr: wrap_str(b, "*", x->u.star.x, ""); break;
    case N_ParenExpr: wrap_str(b, "(", x->u.paren.x, ")"); break;
    case N_UnaryExpr:
        sb_puts(b, token_string((Token)x->tok));
        expr_str(b, x->u.unary.x);
        break;
    case N_BinaryExpr:
        expr_str(b, x->u.binary.x);
        sb_printf(b, " %s ", token_string((Token)x->tok));
        expr_str(b, x->u.binary.y);
        break;
    case N_CallExpr:
        expr_str(b, x->u.call.fun);
        sb_putc(b, '(');
        list_str(b, x->u.call.args);
        if (x->u.call.ellipsis != NOPOS) sb_puts(b, "...");
        sb_putc(b, ')');
        break;
    case N_IndexExpr:
    case N_IndexListExpr:
        expr_str(b, x->u.index.x);
        sb_putc(b, '[');
        for (uint32_t i = 0; i < x->u.index.indices.n; i++) {
            if (i) sb_puts(b, ", ");
            expr_str(b, x->u.index.indices.v[i]);
        }
        sb_putc(b, ']');
        break;
    default: sb_printf(b, "(%s)", node_kind_name((NodeKind)x->kind)); break;
    }
}

void check_expr_string(StrBuf *b, const Node *x) { expr_str(b, x); }

static Type *not_a_type(Checker *c, Node *x, const char *what) {
    StrBuf b = {0};
    expr_str(&b, x);
    check_error(c, x->pos, "%s %s", sb_cstr(&b), what);
    sb_free(&b);
    return c->invalid;
}

/* The object a type name (Ident or pkg.Name) denotes, declared; NULL after
   an error. */
static Object *type_name_obj(Checker *c, Node *x) {
    Object *o = NULL;
    if (x->kind == N_Ident) {
        const char *name = x->u.ident.name;
        if (name[0] == '_' && !name[1]) {
            check_error(c, x->pos, "cannot use _ as value or type");
            return NULL;
        }
        o = check_lookup(c, name);
        if (!o) {
            check_error(c, x->pos, "undefined: %s", name);
            return NULL;
        }
        check_record_use(c, x, o);
    } else {
        Node *px = x->u.selector.x;
        Object *p = px->kind == N_Ident ? check_lookup(c, px->u.ident.name) : NULL;
        if (!p || p->kind != OBJ_PKGNAME) {
            not_a_type(c, x, "is not a type");
            return NULL;
        }
        p->flags |= OF_USED;
        check_record_use(c, px, p);
        o = check_imported(c, p, px, x->u.selector.sel);
        if (!o) return NULL;
        check_record_use(c, x->u.selector.sel, o);
    }
    check_obj_decl(c, o);
    return o;
}

static Type *named_type(Checker *c, Node *x) {
    Object *o = type_name_obj(c, x);
    if (!o) return c->invalid;
    if (o->kind != OBJ_TYPENAME) return not_a_type(c, x, "is not a type");
    if (!o->type) return c->invalid;    /* in a cycle being reported */
    return o->type;
}

static bool is_generic(Type *t) {
    if (!t) return false;
    if (t->kind == TY_NAMED) {
        NamedType *n = (NamedType *)t;
        return n->tparams.n && !n->targs.n;
    }
    if (t->kind == TY_ALIAS) {
        AliasType *a = (AliasType *)t;
        return a->tparams.n && !a->targs.n;
    }
    return false;
}

Type *check_instantiate(Checker *c, Type *gen, Type **targs, uint32_t n, Pos pos) {
    TypeList *tparams = gen->kind == TY_NAMED ? &((NamedType *)gen)->tparams : &((AliasType *)gen)->tparams;
    Object *obj = gen->kind == TY_NAMED ? ((NamedType *)gen)->obj : ((AliasType *)gen)->obj;
    if (n != tparams->n) {
        check_error(c, pos, "%s type arguments for type %s: have %u, want %u",
                    n < tparams->n ? "not enough" : "too many", obj->name, n, tparams->n);
        return c->invalid;
    }
    if (gen->kind == TY_NAMED) {
        NamedType *g = (NamedType *)gen;
        NamedType *inst = check_instance_lookup(c, g, targs, n);
        if (inst) return &inst->t;
        Type **v = arena_alloc_raw(&c->pkg->arena, n * sizeof *v);
        memcpy(v, targs, n * sizeof *v);
        inst = type_new_named(c->pkg, NULL, NULL);
        inst->obj = obj;
        inst->orig = g;
        inst->targs = (TypeList){v, n};
        vec_push(&c->instances, inst);
        if (!check_instance_resolve(c, inst)) vec_push(&c->pending, inst);
        return &inst->t;
    }
    Type **v = arena_alloc_raw(&c->pkg->arena, n * sizeof *v);
    memcpy(v, targs, n * sizeof *v);
    AliasType *g = (AliasType *)gen;
    AliasType *inst = type_new_alias(c->pkg, NULL, NULL);
    inst->obj = obj;
    inst->orig = g;
    inst->targs = (TypeList){v, n};
    inst->fromrhs = g->fromrhs;
    inst->actual = g->actual;
    return &inst->t;
}

static Type *instantiate_expr(Checker *c, Node *x) {
    Type *gen = check_generic_type(c, x->u.index.x);
    if (gen == c->invalid) return gen;
    if (!is_generic(gen) && gen->kind == TY_NAMED && ((NamedType *)gen)->obj &&
        ((NamedType *)gen)->obj->color == COLOR_GREY)
        return c->invalid;   /* its type parameters are being declared: not known yet */
    if (!is_generic(gen)) return not_a_type(c, x->u.index.x, "is not a generic type");
    NodeList idx = x->u.index.indices;
    Type *stack[16];
    Type **args = idx.n <= 16 ? stack : xmalloc(idx.n * sizeof *args);
    for (uint32_t i = 0; i < idx.n; i++) args[i] = check_type(c, idx.v[i]);
    Type *t = check_instantiate(c, gen, args, idx.n, x->op);
    if (t != c->invalid) {
        TypeList tps = gen->kind == TY_NAMED ? ((NamedType *)gen)->tparams : ((AliasType *)gen)->tparams;
        check_mono_record(c, tps, args, idx.n, &idx, x->op);
        check_verify(c, tps, args, idx.n, &idx, x->op, NULL);
    }
    if (args != stack) free(args);
    return t;
}

static Type *array_type(Checker *c, Node *x) {
    Node *len = x->u.array.len;
    Type *elem = check_type(c, x->u.array.elt);
    if (!len) return type_new_slice(c->pkg, elem);
    if (len->kind == N_Ellipsis) {
        check_error(c, len->pos, "invalid use of [...] array (outside a composite literal)");
        return c->invalid;
    }
    int64_t n;
    bool unknown = false;
    if (!check_const_int(c, len, &n, &unknown)) {
        if (unknown) {
            c->stats->unknown_consts++;
            return type_new_array(c->pkg, elem, -1);
        }
        return c->invalid;
    }
    return type_new_array(c->pkg, elem, n);
}

static const char *copy_tag(Checker *c, Node *lit) {
    if (!lit) return "";
    const Const *v = const_from_literal(c->pkg->consts, T_STRING, lit->u.lit.value, lit->u.lit.len);
    size_t n;
    const char *s = const_string_val(v, &n);
    return arena_strndup(&c->pkg->arena, s, n);
}

/* The name of an embedded field: its type name without * or type arguments. */
static Node *embedded_name(Node *t) {
    for (;;) {
        switch (t->kind) {
        case N_StarExpr: t = t->u.star.x; break;
        case N_ParenExpr: t = t->u.paren.x; break;
        case N_IndexExpr:
        case N_IndexListExpr: t = t->u.index.x; break;
        case N_SelectorExpr: return t->u.selector.sel;
        case N_Ident: return t;
        default: return NULL;
        }
    }
}

static Type *struct_type(Checker *c, Node *x) {
    NodeList fl = x->u.structtype.fields->u.fieldlist.list;
    VEC(Object *) fields = {0};
    VEC(const char *) tags = {0};
    PtrMap seen = {0};
    for (uint32_t i = 0; i < fl.n; i++) {
        Node *f = fl.v[i];
        Type *t = check_type(c, f->u.field.type);
        const char *tag = copy_tag(c, f->u.field.tag);
        if (!f->u.field.names.n) {
            Node *id = embedded_name(f->u.field.type);
            if (!id) {
                not_a_type(c, f->u.field.type, "is not a valid embedded type");
                continue;
            }
            Object *v = obj_new_var(c->pkg, VAR_FIELD, check_file(c), id->pos, id->u.ident.name, t);
            v->flags |= OF_EMBEDDED;
            vec_push(&c->late, ((LateCheck){f->u.field.type, t, c->decl, LATE_EMBEDDED}));
            check_record_def(c, id, v);
            vec_push(&fields, v);
            vec_push(&tags, tag);
            continue;
        }
        for (uint32_t k = 0; k < f->u.field.names.n; k++) {
            Node *id = f->u.field.names.v[k];
            Object *v = obj_new_var(c->pkg, VAR_FIELD, check_file(c), id->pos, id->u.ident.name, t);
            check_record_def(c, id, v);
            vec_push(&fields, v);
            vec_push(&tags, tag);
        }
    }
    for (size_t i = 0; i < fields.len; i++) {
        Object *v = fields.data[i];
        if (strcmp(v->name, "_") == 0) continue;
        if (ptrmap_get(&seen, v->name)) check_error(c, v->pos, "%s redeclared", v->name);
        else ptrmap_put(&seen, v->name, v);
    }
    Type *t = type_new_struct(c->pkg, fields.data, tags.data, (uint32_t)fields.len);
    vec_free(&fields);
    vec_free(&tags);
    ptrmap_free(&seen);
    return t;
}

/* The terms of A|B|C, leftmost first, and the | nodes joining them (go/types
   flattenUnion): ops[i] joins terms[i] and terms[i + 1]. */
typedef VEC(Node *) NodeVec;
static void flatten_union(Node *x, NodeVec *terms, NodeVec *ops) {
    while (x->kind == N_BinaryExpr && x->tok == T_OR) {
        vec_push(ops, x);
        x = x->u.binary.x;
    }
    vec_push(terms, x);
    /* walked from the outermost |: reverse, then take each right operand */
    for (size_t i = 0, j = ops->len; i + 1 < j; i++, j--) {
        Node *t = ops->data[i];
        ops->data[i] = ops->data[j - 1];
        ops->data[j - 1] = t;
    }
    for (size_t i = 0; i < ops->len; i++) vec_push(terms, ops->data[i]->u.binary.y);
}

/* A union or ~T term list, as written in an interface or constraint. Like
   go/types, each ~T is recorded as the union ~T, and each | as the union
   of the terms up to it. */
static Type *union_type(Checker *c, Node *x) {
    VEC(Term) terms = {0};
    NodeVec tx = {0}, ops = {0};
    flatten_union(x, &tx, &ops);
    for (size_t i = 0; i < tx.len; i++) {
        Node *e = tx.data[i];
        Term t = {false, NULL};
        if (e->kind == N_UnaryExpr && e->tok == T_TILDE) {
            t.tilde = true;
            e = e->u.unary.x;
        }
        t.type = check_type(c, e);
        if (t.tilde) check_record_mode(c, tx.data[i], EM_TYPE, type_new_union(c->pkg, &t, 1), NULL);
        vec_push(&terms, t);
        if (i > 0)
            check_record_mode(c, ops.data[i - 1], EM_TYPE, type_new_union(c->pkg, terms.data, (uint32_t)terms.len),
                              NULL);
    }
    Type *u = type_new_union(c->pkg, terms.data, (uint32_t)terms.len);
    vec_free(&terms);
    vec_free(&tx);
    vec_free(&ops);
    return u;
}

static int by_object(const void *a, const void *b) {
    return obj_compare(*(Object *const *)a, *(Object *const *)b);
}

static bool is_type_set_expr(const Node *x) {
    return (x->kind == N_BinaryExpr && x->tok == T_OR) || (x->kind == N_UnaryExpr && x->tok == T_TILDE);
}

static Type *interface_type(Checker *c, Node *x, bool implicit) {
    NodeList fl = x->u.iface.methods->u.fieldlist.list;
    VEC(Object *) methods = {0};
    VEC(Type *) embeddeds = {0};
    for (uint32_t i = 0; i < fl.n; i++) {
        Node *f = fl.v[i];
        if (!f->u.field.names.n) {
            Node *e = f->u.field.type;
            vec_push(&embeddeds, is_type_set_expr(e) ? union_type(c, e) : check_type(c, e));
            if (check_lang_before(c, 18)) {
                Type *et = embeddeds.data[embeddeds.len - 1];
                Type *eu = et ? type_under(et) : NULL;
                if (is_type_set_expr(e) || (eu && eu->kind != TY_INTERFACE && type_basic_kind(eu) != BK_INVALID)) {
                    StrBuf b = {0};
                    check_expr_string(&b, e);
                    check_error(c, e->pos, "embedding non-interface type %s requires go1.18 or later (-lang was set to %s; check go.mod)",
                                sb_cstr(&b), c->pkg->go_version);
                    sb_free(&b);
                }
            }
            continue;
        }
        Node *id = f->u.field.names.v[0];
        Scope *s = scope_new(&c->pkg->arena, c->scope, check_file(c), f->pos, f->end, "function");
        SignatureType *sig = check_signature(c, NULL, f->u.field.type, s);
        check_record_mode(c, f->u.field.type, EM_TYPE, &sig->t, NULL);
        sig->recv = obj_new_var(c->pkg, VAR_RECV, check_file(c), id->pos, intern_cstr(c->ctx->names, ""), NULL);
        Object *m = obj_new(c->pkg, OBJ_FUNC, check_file(c), id->pos, id->u.ident.name, &sig->t);
        check_record_def(c, id, m);
        bool dup = false;
        for (size_t k = 0; k < methods.len && !dup; k++) dup = methods.data[k]->name == m->name;
        if (dup) check_error(c, id->pos, "duplicate method %s", m->name);
        else vec_push(&methods, m);
    }
    /* go/types keeps explicit methods sorted, and prints them so. */
    if (methods.len > 1) qsort(methods.data, methods.len, sizeof *methods.data, by_object);
    InterfaceType *full = type_new_interface(c->pkg, methods.data, (uint32_t)methods.len, embeddeds.data,
                                             (uint32_t)embeddeds.len);
    /* Receivers were made before the interface's lists were known. */
    for (size_t k = 0; k < methods.len; k++) ((SignatureType *)methods.data[k]->type)->recv->type = &full->t;
    full->implicit = implicit;
    vec_free(&methods);
    vec_free(&embeddeds);
    return &full->t;
}

static Type *func_type(Checker *c, Node *x) {
    Scope *s = scope_new(&c->pkg->arena, c->scope, check_file(c), x->pos, x->end, "function");
    return &check_signature(c, NULL, x, s)->t;
}

static Type *typexpr_kind(Checker *c, Node *x);

/* Every type expression is recorded (go/types records them as types). */
static Type *typexpr(Checker *c, Node *x) {
    Type *t = typexpr_kind(c, x);
    if (t && t != c->invalid) check_record_mode(c, x, EM_TYPE, t, NULL);
    return t;
}

static Type *typexpr_kind(Checker *c, Node *x) {
    switch (x->kind) {
    case N_Ident:
    case N_SelectorExpr: return named_type(c, x);
    case N_IndexExpr:
    case N_IndexListExpr: return instantiate_expr(c, x);
    case N_ParenExpr: return check_generic_type(c, x->u.paren.x);
    case N_StarExpr: return type_new_pointer(c->pkg, check_type(c, x->u.star.x));
    case N_ArrayType: return array_type(c, x);
    case N_MapType: {
        Type *k = check_type(c, x->u.map.key);
        if (c->sig) check_map_key(c, x->u.map.key, k);
        else vec_push(&c->late, ((LateCheck){x->u.map.key, k, c->decl, LATE_MAP_KEY}));   /* declarations may be incomplete */
        return type_new_map(c->pkg, k, check_type(c, x->u.map.value));
    }
    case N_ChanType: {
        Type *elem = check_type(c, x->u.chan.value);
        if (c->sig) check_chan_elem(c, x, elem);
        else vec_push(&c->late, ((LateCheck){x, elem, c->decl, LATE_CHAN_ELEM}));
        return type_new_chan(c->pkg, elem, x->tok);
    }
    case N_FuncType: return func_type(c, x);
    case N_StructType: return struct_type(c, x);
    case N_InterfaceType: return interface_type(c, x, false);
    case N_Ellipsis:
        check_error(c, x->pos, "invalid use of ...");
        return c->invalid;
    default: return not_a_type(c, x, "is not a type");
    }
}

Type *check_generic_type(Checker *c, Node *x) {
    return typexpr(c, x);
}

Type *check_type(Checker *c, Node *x) {
    Type *t = typexpr(c, x);
    if (is_generic(t)) {
        StrBuf b = {0};
        expr_str(&b, x);
        check_error(c, x->pos, "cannot use generic type %s without instantiation", sb_cstr(&b));
        sb_free(&b);
        return c->invalid;
    }
    return t;
}

/* go/types' bound: ~T and A|B are wrapped in an implicit interface. */
static Type *bound(Checker *c, Node *x) {
    if (!is_type_set_expr(x)) return check_type(c, x);
    Type *u = union_type(c, x);
    InterfaceType *it = type_new_interface(c->pkg, NULL, 0, &u, 1);
    it->implicit = true;
    check_record_implicit(c, x, &it->t);
    return &it->t;
}

static TypeParamType *declare_tparam(Checker *c, Node *id, uint32_t index) {
    Object *o = obj_new(c->pkg, OBJ_TYPENAME, check_file(c), id->pos, id->u.ident.name, NULL);
    TypeParamType *tp = type_new_typeparam(c->pkg, o, NULL);
    tp->index = index;
    check_record_def(c, id, o);
    if (strcmp(o->name, "_") != 0 && scope_insert(c->scope, o))
        check_error(c, id->pos, "%s redeclared in this block", o->name);
    return tp;
}

TypeList check_type_params(Checker *c, Node *list) {
    NodeList fl = list->u.fieldlist.list;
    if (fl.n && check_lang_before(c, 18))
        check_error(c, fl.v[0]->pos, "type parameter requires go1.18 or later (-lang was set to %s; check go.mod)",
                    c->pkg->go_version);
    uint32_t n = 0;
    for (uint32_t i = 0; i < fl.n; i++) n += fl.v[i]->u.field.names.n;
    Type **v = arena_alloc(&c->pkg->arena, (n ? n : 1) * sizeof *v);
    uint32_t k = 0;
    for (uint32_t i = 0; i < fl.n; i++)
        for (uint32_t j = 0; j < fl.v[i]->u.field.names.n; j++, k++)
            v[k] = &declare_tparam(c, fl.v[i]->u.field.names.v[j], k)->t;
    /* Bounds may refer to any parameter of the list, so they come after. */
    k = 0;
    for (uint32_t i = 0; i < fl.n; i++) {
        Node *f = fl.v[i];
        Type *b = f->u.field.type ? bound(c, f->u.field.type) : c->invalid;
        for (uint32_t j = 0; j < f->u.field.names.n; j++, k++) ((TypeParamType *)v[k])->bound = b;
    }
    return (TypeList){v, n};
}

/* Parameters are made here and declared only once every parameter type is
   known: a parameter's name is not in scope in the signature's types. */
static Object *new_param(Checker *c, VarKind vk, Node *id, Type *t, Pos pos) {
    const char *name = id ? id->u.ident.name : intern_cstr(c->ctx->names, "");
    Object *v = obj_new_var(c->pkg, vk, check_file(c), id ? id->pos : pos, name, t);
    if (id) check_record_def(c, id, v);
    return v;
}

static void declare_params(Checker *c, Object *recv, TupleType *ps, TupleType *rs) {
    TupleType *lists[2] = {ps, rs};
    if (recv && recv->name[0] && strcmp(recv->name, "_") != 0 && scope_insert(c->scope, recv))
        check_error(c, recv->pos, "%s redeclared in this block", recv->name);
    for (int k = 0; k < 2; k++)
        for (uint32_t i = 0; i < tuple_len(lists[k]); i++) {
            Object *v = lists[k]->vars.v[i];
            if (v->name[0] && strcmp(v->name, "_") != 0 && scope_insert(c->scope, v))
                check_error(c, v->pos, "%s redeclared in this block", v->name);
        }
}

static TupleType *params(Checker *c, Node *list, VarKind vk, bool *variadic) {
    if (!list) return NULL;
    NodeList fl = list->u.fieldlist.list;
    VEC(Object *) vars = {0};
    for (uint32_t i = 0; i < fl.n; i++) {
        Node *f = fl.v[i];
        Node *tx = f->u.field.type;
        Type *t;
        if (tx->kind == N_Ellipsis) {
            if (variadic && i == fl.n - 1 && f->u.field.names.n <= 1) *variadic = true;
            else check_error(c, tx->pos, "can only use ... with final parameter in list");
            t = type_new_slice(c->pkg, check_type(c, tx->u.ellipsis.elt));
            check_record_mode(c, tx, EM_TYPE, t, NULL);
        } else {
            t = check_type(c, tx);
        }
        if (!f->u.field.names.n) vec_push(&vars, new_param(c, vk, NULL, t, tx->pos));
        for (uint32_t k = 0; k < f->u.field.names.n; k++)
            vec_push(&vars, new_param(c, vk, f->u.field.names.v[k], t, tx->pos));
    }
    TupleType *t = type_new_tuple(c->pkg, vars.data, (uint32_t)vars.len);
    vec_free(&vars);
    return t;
}

/* The receiver; for a generic base type, its type parameters are declared
   anew under the names the receiver gives them. */
static Object *receiver(Checker *c, Node *list, TypeList *rparams) {
    NodeList fl = list->u.fieldlist.list;
    if (fl.n != 1 || fl.v[0]->u.field.names.n > 1) {
        check_error(c, list->pos, fl.n ? "method has multiple receivers" : "method has no receiver");
        if (!fl.n) return NULL;
    }
    Node *f = fl.v[0];
    Node *tx = f->u.field.type;
    Node *id = f->u.field.names.n ? f->u.field.names.v[0] : NULL;
    Node *base = tx;
    bool ptr = false;
    while (base->kind == N_ParenExpr) base = base->u.paren.x;
    if (base->kind == N_StarExpr) {
        ptr = true;
        base = base->u.star.x;
        while (base->kind == N_ParenExpr) base = base->u.paren.x;
    }
    Type *t;
    bool inst = false;  /* a generic receiver base, instantiated */
    if (base->kind == N_IndexExpr || base->kind == N_IndexListExpr) {
        Type *gen = check_generic_type(c, base->u.index.x);
        if (gen != c->invalid && is_generic(gen)) {
            NodeList idx = base->u.index.indices;
            TypeList orig = gen->kind == TY_NAMED ? ((NamedType *)gen)->tparams : ((AliasType *)gen)->tparams;
            Type **v = arena_alloc(&c->pkg->arena, (idx.n ? idx.n : 1) * sizeof *v);
            for (uint32_t i = 0; i < idx.n; i++) {
                Node *a = idx.v[i];
                if (a->kind != N_Ident) {
                    not_a_type(c, a, "is not a type parameter name");
                    v[i] = c->invalid;
                    continue;
                }
                TypeParamType *tp = declare_tparam(c, a, i);
                tp->bound = i < orig.n ? ((TypeParamType *)orig.v[i])->bound : c->invalid;
                if (i < orig.n) check_mono_canon(c, &tp->t, orig.v[i]);
                v[i] = &tp->t;
                /* go/types: a receiver type parameter is a use and a type too */
                check_record_use(c, a, tp->obj);
                check_record_mode(c, a, EM_TYPE, &tp->t, NULL);
            }
            *rparams = (TypeList){v, idx.n};
            t = check_instantiate(c, gen, v, idx.n, base->op);
            inst = t != c->invalid && gen->kind == TY_NAMED && orig.n == idx.n;
        } else {
            if (gen != c->invalid) not_a_type(c, base->u.index.x, "is not a generic type");
            t = c->invalid;
        }
    } else {
        t = check_type(c, base);
    }
    if (ptr && t != c->invalid) {
        t = type_new_pointer(c->pkg, t);
        Node *star = tx;
        while (star->kind == N_ParenExpr) star = star->u.paren.x;
        check_record_mode(c, star, EM_TYPE, t, NULL);
    }
    if (inst) {
        /* go/types recordParenthesizedRecvTypes */
        Type *rt = t;
        for (Node *r = tx; r;) {
            check_record_mode(c, r, EM_TYPE, rt, NULL);
            if (r->kind == N_ParenExpr) r = r->u.paren.x;
            else if (r->kind == N_StarExpr && rt->kind == TY_POINTER) {
                rt = ((PointerType *)rt)->elem;
                r = r->u.star.x;
            } else r = NULL;
        }
    }
    return new_param(c, VAR_RECV, id, t, tx->pos);
}

SignatureType *check_signature(Checker *c, Node *recv, Node *ftype, Scope *scope) {
    Scope *save = c->scope;
    c->scope = scope;
    TypeList rparams = {0}, tparams = {0};
    Object *rv = recv ? receiver(c, recv, &rparams) : NULL;
    if (ftype->u.functype.tparams && ftype->u.functype.tparams->u.fieldlist.list.n) {
        tparams = check_type_params(c, ftype->u.functype.tparams);
    }
    bool variadic = false;
    TupleType *ps = params(c, ftype->u.functype.params, VAR_PARAM, &variadic);
    TupleType *rs = params(c, ftype->u.functype.results, VAR_RESULT, NULL);
    declare_params(c, rv, ps, rs);
    SignatureType *sig = type_new_signature(c->pkg, rv, ps, rs, variadic);
    sig->scope = scope;
    sig->rparams = rparams;
    sig->tparams = tparams;
    c->scope = save;
    return sig;
}
