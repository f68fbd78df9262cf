/* Declarations of package-level objects: types (with their methods),
   constants, variables and functions; then the package-wide checks for
   defined types whose underlying type is a cycle or contains itself. */
#include "check.h"
#include "base/util.h"
#include <string.h>

/* Sets the underlying type of n by following its right-hand side through
   other defined types; false while a type on the way is still being
   declared further up the path. */
static bool resolve_named(Checker *c, NamedType *n) {
    if (n->underlying) return true;
    if (n->orig != n) return check_instance_resolve(c, n);
    VEC(NamedType *) chain = {0};
    vec_push(&chain, n);
    Type *t = n->fromrhs, *u = NULL;
    bool done = false;
    while (!done) {
        t = t ? type_unalias(t) : NULL;
        if (!t) break;
        if (t->kind != TY_NAMED) {
            u = t;
            done = true;
            break;
        }
        NamedType *m = (NamedType *)t;
        if (m->orig != m && !check_instance_resolve(c, m)) break;
        if (m->underlying) {
            u = m->underlying;
            done = true;
            break;
        }
        for (size_t i = 0; i < chain.len; i++) {
            if (chain.data[i] != m) continue;
            const DeclInfo *save = c->decl;
            if (m->obj->decl) c->decl = m->obj->decl;
            check_error(c, m->obj->pos, "invalid recursive type %s", m->obj->name);
            c->decl = save;
            u = c->invalid;
            done = true;
            break;
        }
        if (done) break;
        vec_push(&chain, m);
        t = m->fromrhs;
    }
    if (done)
        for (size_t i = 0; i < chain.len; i++)
            if (!chain.data[i]->underlying) type_named_set_underlying(chain.data[i], u);
    vec_free(&chain);
    return done;
}

void check_resolve_pending(Checker *c) {
    size_t k = 0;
    for (size_t i = 0; i < c->pending.len; i++)
        if (!resolve_named(c, c->pending.data[i])) c->pending.data[k++] = c->pending.data[i];
    c->pending.len = k;
    if (c->path.len) return;
    /* Nothing is being declared any more: what is left cannot be resolved
       (instances of generic types, whose underlying needs substitution). */
    for (size_t i = 0; i < c->pending.len; i++)
        if (!c->pending.data[i]->underlying) type_named_set_underlying(c->pending.data[i], c->invalid);
    c->pending.len = 0;
}

static void collect_methods(Checker *c, Object *o, NamedType *n) {
    /* The chain is in reverse source order. */
    VEC(DeclInfo *) ms = {0};
    for (DeclInfo *d = ptrmap_get(&c->base_methods, o); d; d = d->next_method) vec_push(&ms, d);
    for (size_t i = ms.len; i-- > 0;) {
        Object *m = ms.data[i]->obj;
        const char *name = m->name;
        bool dup = false;
        if (strcmp(name, "_") != 0)
            for (uint32_t j = 0; j < n->methods.n && !dup; j++) dup = n->methods.v[j]->name == name;
        if (dup) {
            const DeclInfo *save = c->decl;
            c->decl = ms.data[i];
            check_error(c, m->pos, "method %s.%s already declared", o->name, name);
            c->decl = save;
            continue;
        }
        type_named_add_method(c->pkg, n, m);
    }
    for (size_t i = ms.len; i-- > 0;) check_obj_decl(c, ms.data[i]->obj);
    Type *u = n->underlying;
    if (u && u->kind == TY_STRUCT) {
        StructType *st = (StructType *)u;
        for (uint32_t j = 0; j < n->methods.n; j++)
            for (uint32_t f = 0; f < st->fields.n; f++)
                if (st->fields.v[f]->name == n->methods.v[j]->name && strcmp(n->methods.v[j]->name, "_")) {
                    const DeclInfo *save = c->decl;
                    c->decl = n->methods.v[j]->decl ? n->methods.v[j]->decl : save;
                    check_error(c, n->methods.v[j]->pos, "field and method with the same name %s",
                                n->methods.v[j]->name);
                    c->decl = save;
                }
    }
    vec_free(&ms);
}

void check_type_decl(Checker *c, Object *o, DeclInfo *d) {
    Node *spec = d->spec;
    Node *tpl = spec->u.typespec.tparams;
    bool generic = tpl && tpl->u.fieldlist.list.n;
    if (generic) {
        c->scope = scope_new(&c->pkg->arena, c->scope, d->file->src, spec->pos, spec->end, "type");
    }
    if (spec->flags & NF_ALIAS) {
        AliasType *a = type_new_alias(c->pkg, o, NULL);
        if (generic) a->tparams = check_type_params(c, tpl);
        Type *rhs = check_type(c, spec->u.typespec.type);
        /* a local alias may name itself (type T = T): a cycle */
        int steps = 0;
        for (Type *r = rhs; r && r->kind == TY_ALIAS && steps < 1000;
             r = ((AliasType *)r)->actual ? NULL : ((AliasType *)r)->fromrhs, steps++)
            if (r == &a->t) {
                check_error(c, o->pos, "invalid recursive type: %s refers to itself", o->name);
                rhs = c->invalid;
                break;
            }
        a->fromrhs = rhs;
        a->actual = type_unalias(rhs);
        if (!a->actual) a->actual = c->invalid;
        return;
    }
    NamedType *n = type_new_named(c->pkg, o, NULL);
    if (generic) n->tparams = check_type_params(c, tpl);
    Type *rhs = check_type(c, spec->u.typespec.type);
    if (rhs && rhs->kind == TY_TYPEPARAM) {
        check_error(c, spec->u.typespec.type->pos, "cannot use a type parameter as RHS in type declaration");
        rhs = c->invalid;
    }
    n->fromrhs = rhs;
    if (!resolve_named(c, n)) vec_push(&c->pending, n);
    collect_methods(c, o, n);
}

void check_const_decl(Checker *c, Object *o, DeclInfo *d) {
    ConstPool *pool = c->pkg->consts;
    c->iota = const_int64(pool, d->iota);
    o->u.val = const_unknown();
    Type *t = NULL;
    if (d->type) {
        t = check_type(c, d->type);
        if (t != c->invalid) {
            Type *u = type_under(t);
            if (!u || u->kind != TY_BASIC || !(((BasicType *)u)->info & BINFO_CONST_TYPE)) {
                StrBuf b = {0};
                check_type_write(c, &b, t);
                check_error(c, d->type->pos, "invalid constant type %s", sb_cstr(&b));
                sb_free(&b);
                t = c->invalid;
            }
        }
    }
    if (!d->init || t == c->invalid) {
        o->type = t ? t : c->invalid;
        return;
    }
    Operand x;
    check_expr(c, d->init, &x);
    if (x.mode == OM_UNKNOWN) {
        c->stats->unknown_consts++;
        o->type = t;
        return;
    }
    if (x.mode == OM_CONST && t && !check_assign_const(c, d->init, &x, t, "constant declaration"))
        x.mode = OM_INVALID;
    if (x.mode == OM_CONST) {
        o->type = x.type;
        o->u.val = x.val;
        return;
    }
    if (x.mode != OM_INVALID) {
        StrBuf b = {0};
        check_expr_string(&b, d->init);
        check_error(c, d->init->pos, "%s is not constant", sb_cstr(&b));
        sb_free(&b);
    }
    o->type = t ? t : c->invalid;
}

/* The type a variable gets from the value x (untyped values take their
   default type); NULL if unknown. */
static Type *value_type(Checker *c, Operand *x, Node *init) {
    switch (x->mode) {
    case OM_CONST:
    case OM_VALUE:
        if (type_basic_kind(x->type) == BK_UNTYPED_NIL) {
            check_error(c, init->pos, "use of untyped nil in variable declaration");
            return c->invalid;
        }
        return type_default(c->ctx, x->type);
    case OM_UNKNOWN: return NULL;
    case OM_INVALID: return c->invalid;
    default: {
        StrBuf b = {0};
        check_expr_string(&b, init);
        check_error(c, init->pos, "%s %s", sb_cstr(&b),
                    x->mode == OM_NOVALUE ? "(no value) used as value" : "is not an expression");
        sb_free(&b);
        return c->invalid;
    }
    }
}

static void multi_var_decl(Checker *c, DeclInfo *d) {
    Operand x;
    check_expr(c, d->multi, &x);
    bool commaok = d->nlhs == 2 && !x.tuple && x.mode == OM_VALUE && x.commaok;
    for (uint32_t i = 0; i < d->nlhs; i++) {
        Object *v = d->lhs[i];
        if (v->type) continue;
        if (x.mode == OM_INVALID) v->type = c->invalid;
        else if (x.mode == OM_UNKNOWN) c->stats->unknown_vars++;
        else if (x.tuple && tuple_len(x.tuple) == d->nlhs) v->type = x.tuple->vars.v[i]->type;
        else if (commaok) v->type = i == 0 ? type_default(c->ctx, x.type) : &c->ctx->typ[BK_BOOL]->t;
        else if (x.mode == OM_VALUE || x.mode == OM_NOVALUE || x.mode == OM_CONST) {
            if (i == 0)
                check_error(c, d->multi->pos, "assignment mismatch: %u variables but %u value%s", d->nlhs,
                            x.tuple ? tuple_len(x.tuple) : x.mode != OM_NOVALUE,
                            x.tuple && tuple_len(x.tuple) == 1 ? "" : "s");
            v->type = c->invalid;
        } else {
            v->type = c->invalid;
        }
    }
}

void check_var_decl(Checker *c, Object *o, DeclInfo *d) {
    if (o->type) return;    /* typed along with the others of a multi-value declaration */
    if (d->type) {
        o->type = check_type(c, d->type);
        return;
    }
    if (d->multi) {
        multi_var_decl(c, d);
        return;
    }
    if (!d->init) {
        o->type = c->invalid;
        return;
    }
    Operand x;
    check_expr(c, d->init, &x);
    if (x.tuple && tuple_len(x.tuple) != 1) {
        check_error(c, d->init->pos, "assignment mismatch: 1 variable but %u values", tuple_len(x.tuple));
        o->type = c->invalid;
        return;
    }
    o->type = value_type(c, &x, d->init);
    if (!o->type) c->stats->unknown_vars++;
    else if (o->type != c->invalid) check_assignment(c, d->init, &x, NULL);    /* untyped: default type */
}

void check_func_decl(Checker *c, Object *o, DeclInfo *d) {
    Node *fd = d->spec;
    Scope *s = scope_new(&c->pkg->arena, d->fscope, d->file->src, fd->pos, fd->end, "function");
    s->is_func = true;
    SignatureType *sig = check_signature(c, fd->u.funcdecl.recv, fd->u.funcdecl.type, s);
    o->type = &sig->t;
    Type *rt = sig->recv && sig->recv->type ? type_unalias(sig->recv->type) : NULL;
    if (rt && rt->kind == TY_POINTER) o->flags |= OF_PTR_RECV;
    if (sig->recv && sig->recv->type) vec_push(&c->late, ((LateCheck){fd->u.funcdecl.recv, sig->recv->type, d, LATE_RECEIVER}));
    if (!fd->u.funcdecl.recv && strcmp(o->name, "init") == 0 && !fd->u.funcdecl.body)
        check_error(c, fd->u.funcdecl.name->pos, "func init must have a body");
    if (!fd->u.funcdecl.recv && strcmp(o->name, "init") == 0 &&
        (tuple_len(sig->params) || tuple_len(sig->results) || sig->tparams.n))
        check_error(c, fd->u.funcdecl.name->pos, "func init must have no arguments and no return values");
}

/* ---- defined types that contain themselves (go/types validType) ---- */

typedef struct Valid {
    Checker *c;
    PtrMap done;
    VEC(NamedType *) path;
} Valid;

static void valid_type(Valid *v, Type *t) {
    t = type_unalias(t);
    if (!t) return;
    switch (t->kind) {
    case TY_ARRAY: valid_type(v, ((ArrayType *)t)->elem); return;
    case TY_STRUCT: {
        StructType *st = (StructType *)t;
        for (uint32_t i = 0; i < st->fields.n; i++) valid_type(v, st->fields.v[i]->type);
        return;
    }
    case TY_NAMED: {
        NamedType *n = (NamedType *)t;
        if (n->obj->pkg != v->c->pkg || ptrmap_get(&v->done, n)) return;
        for (size_t i = 0; i < v->path.len; i++) {
            if (v->path.data[i] != n) continue;
            Object *o = n->obj;
            const DeclInfo *save = v->c->decl;
            v->c->decl = o->decl;
            check_error(v->c, o->pos, "invalid recursive type %s", o->name);
            for (size_t j = i; j < v->path.len; j++) {
                Object *p = v->path.data[j]->obj;
                Object *q = j + 1 < v->path.len ? v->path.data[j + 1]->obj : o;
                if (p->file) diag_add(v->c->diags, p->file, p->pos, "\t%s refers to %s", p->name, q->name);
                v->path.data[j]->underlying = v->c->invalid;
            }
            v->c->decl = save;
            return;
        }
        vec_push(&v->path, n);
        valid_type(v, n->underlying);
        v->path.len--;
        ptrmap_put(&v->done, n, n);
        return;
    }
    default: return;
    }
}

void check_valid_types(Checker *c) {
    Valid v = {c, {0}, {0}};
    for (size_t i = 0; i < c->objs.len; i++) {
        Object *o = c->objs.data[i];
        if (o->kind == OBJ_TYPENAME && o->type && o->type->kind == TY_NAMED) valid_type(&v, o->type);
    }
    ptrmap_free(&v.done);
    vec_free(&v.path);
}
