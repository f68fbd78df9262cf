/* The b.Loop pass (packages importing "testing"): inside `for b.Loop() {}`
   bodies, what statements assign or pass is kept alive, as gc's bloop pass
   does before inlining: assignment destinations and call arguments (their
   variables, else temporaries) and call results (through temporaries) get
   compiler-inserted runtime.KeepAlive(unsafe.Pointer(&v)) calls, flagged
   IRF_KEEPALIVE (escape discards their arguments; the & still marks v
   address-taken). Its -m=2 remarks are recorded in IrPackage.notes. */
#include "lower.h"
#include "base/util.h"
#include <string.h>

typedef struct BL {
    Lower *L;
    IrFunc *fn;
} BL;

static void note(BL *b, Pos pos, const char *text) {
    ir_add_note(b->L->p, b->L->file, pos, text, b->fn, false);
}

static IrNode *name_of(IrNode *n) {
    while (n) {
        switch (n->op) {
        case IR_NAME: return (n->flags & IRF_FUNCNAME) ? NULL : n;
        case IR_SLICE: case IR_SLICE3: case IR_DOT: case IR_CONV: case IR_CONVIFACE: case IR_CONVNOP:
        case IR_ADDR: case IR_DOTPTR: case IR_INDEX: case IR_INDEXMAP:
            n = n->x;
            break;
        default: return NULL;
        }
    }
    return NULL;
}

static bool blank(const IrNode *n) { return n && n->op == IR_NAME && n->u.var && (n->u.var->flags & IRV_BLANK); }

/* The variables whose liveness n's value depends on, as gc picks them. */
static void keep_nodes(BL *b, Pos pos, IrNode *n, IrList *out) {
    IrNode *nm = name_of(n);
    if (nm) {
        if (!blank(nm)) {
            const IrVar *v = nm->u.var;
            const char *pp = v->obj && v->obj->pkg && v->obj->pkg->path ? v->obj->pkg->path : b->L->pkg->path;
            note(b, pos, lw_internf(b->L, "%s.%s will be kept alive", pp, v->name));
        }
        ir_list_append(b->L->p, out, nm);
    } else if (n && n->op == IR_DEREF) {
        note(b, pos, lw_intern(b->L, "dereference will be kept alive"));
        ir_list_append(b->L->p, out, n);
    } else {
        note(b, pos, lw_intern(b->L, "expr is unknown to bloop pass"));
    }
}

static Object *keepalive_obj(BL *b) {
    TypeContext *ctx = b->L->ctx;
    for (uint32_t i = 0; i < ctx->npkgs; i++) {
        Pkg *p = ctx->pkgs[i];
        if (p && p->path && strcmp(p->path, "runtime") == 0 && p->scope) {
            Object *o = scope_lookup(p->scope, lw_intern(b->L, "KeepAlive"));
            if (o && o->kind == OBJ_FUNC) return o;
        }
    }
    Object *o = ptrmap_get(&b->L->methsigs, b->L->s_blank);
    if (o) return o;
    Object *x = obj_new_var(b->L->pkg, VAR_PARAM, NULL, NOPOS, lw_intern(b->L, "x"), type_unalias(ctx->any_type));
    SignatureType *sig = type_new_signature(b->L->pkg, NULL, type_new_tuple(b->L->pkg, &x, 1), NULL, false);
    o = obj_new(b->L->pkg, OBJ_FUNC, NULL, NOPOS, lw_intern(b->L, "KeepAlive"), &sig->t);
    ptrmap_put(&b->L->methsigs, b->L->s_blank, o);
    return o;
}

static IrNode *tmpname(BL *b, IrVar *v, Pos pos, const SourceFile *f) {
    IrNode *n = ir_new_node(b->L->p, IR_NAME, f, pos, v->type);
    n->u.var = v;
    return n;
}

static IrNode *keep_alive_at(BL *b, IrList *ns, IrNode *cur) {
    if (!ns->n) return cur;
    Lower *L = b->L;
    Pos pos = cur->pos;
    const SourceFile *f = cur->file;
    IrNode *blk = ir_new_node(L->p, IR_BLOCK, f, pos, NULL);
    ir_list_append(L->p, &blk->list, cur);
    Object *ka = keepalive_obj(b);
    Type *up = &L->ctx->typ[BK_UNSAFE_POINTER]->t;
    for (uint32_t i = 0; i < ns->n; i++) {
        IrNode *n = ns->v[i];
        if (!n || n->op != IR_NAME || blank(n)) continue;
        n = tmpname(b, n->u.var, pos, f);
        IrNode *call = ir_new_node(L->p, IR_CALLFUNC, f, pos, NULL);
        call->flags |= IRF_KEEPALIVE;
        IrNode *fnn = ir_new_node(L->p, IR_NAME, f, pos, ka->type);
        fnn->flags |= IRF_FUNCNAME;
        fnn->u.obj = ka;
        fnn->sel = ka;
        call->x = fnn;
        IrNode *addr = lw_addr(L, n, pos, false, NULL);
        addr->file = f;
        IrNode *conv = ir_new_node(L->p, IR_CONVNOP, f, pos, up);
        conv->x = addr;
        IrNode *arg = lw_implicit_conv(L, conv, fnn->type && fnn->type->kind == TY_SIGNATURE &&
                                                     tuple_len(((SignatureType *)fnn->type)->params)
                                                 ? tuple_at(((SignatureType *)fnn->type)->params, 0)->type
                                                 : NULL,
                                       NULL);
        ir_list_append(L->p, &call->list, arg);
        ir_list_append(L->p, &blk->list, call);
    }
    return blk;
}

static IrNode *temp_assign(BL *b, IrVar *tmp, IrNode *y, Pos pos, const SourceFile *f) {
    IrNode *as = ir_new_node(b->L->p, IR_AS, f, pos, NULL);
    as->flags |= IRF_DEFINE;
    IrNode *d = ir_new_node(b->L->p, IR_DCL, f, pos, NULL);
    d->u.var = tmp;
    ir_list_append(b->L->p, &as->init, d);
    IrNode *x = ir_new_node(b->L->p, IR_NAME, f, pos, tmp->type);
    x->u.var = tmp;
    as->x = x;
    as->y = y;
    tmp->defn = as;
    return as;
}


static Type *callee_results(IrNode *call, uint32_t *n) {
    *n = 0;
    if (call->op != IR_CALLFUNC && call->op != IR_CALLINTER) return NULL;
    Type *ft = call->x && call->x->type ? type_under(call->x->type) : NULL;
    if (!ft || ft->kind != TY_SIGNATURE) return NULL;
    SignatureType *s = (SignatureType *)ft;
    *n = tuple_len(s->results);
    return &s->t;
}

static IrNode *preserve_call(BL *b, IrNode *call) {
    Lower *L = b->L;
    uint32_t nres;
    Type *ft = callee_results(call, &nres);
    Pos pos = call->pos;
    const SourceFile *f = call->file;
    IrList ns = {0};
    if (ft && nres) {
        SignatureType *s = (SignatureType *)ft;
        IrNode *as = ir_new_node(L->p, IR_AS2FUNC, f, pos, NULL);
        as->flags |= IRF_DEFINE;
        for (uint32_t i = 0; i < nres; i++) {
            IrVar *tmp = ir_new_temp(L->p, b->fn, tuple_at(s->results, i)->type, f, pos);
            tmp->defn = as;
            ir_list_append(L->p, &as->list, tmpname(b, tmp, pos, f));
            ir_list_append(L->p, &ns, tmpname(b, tmp, pos, f));
        }
        note(b, pos, lw_intern(L, nres > 1 ? "function results will be kept alive" : "function result will be kept alive"));
        for (uint32_t i = 0; i < as->list.n; i++) {
            IrNode *d = ir_new_node(L->p, IR_DCL, f, pos, NULL);
            d->u.var = as->list.v[i]->u.var;
            ir_list_append(L->p, &as->init, d);
        }
        as->y = call;
        return keep_alive_at(b, &ns, as);
    }
    IrList tmps = {0};
    IrList *args = &call->list;
    IrNode *two[2] = {call->x, call->y};
    bool xy = call->op == IR_COPY || call->op == IR_CLOSE || call->op == IR_CLEAR || call->op == IR_PANIC;
    uint32_t nargs = xy ? (call->y ? 2 : call->x ? 1 : 0) : args->n;
    for (uint32_t i = 0; i < nargs; i++) {
        IrNode **ap = xy ? (i == 0 ? &call->x : &call->y) : &args->v[i];
        IrNode *a = *ap;
        (void)two;
        IrNode *nm = name_of(a);
        if (nm) {
            keep_nodes(b, pos, a, &ns);
        } else if (a->op == IR_SLICELIT) {
            for (uint32_t k = 0; k < a->list.n; k++) {
                IrNode *el = a->list.v[k];
                if (name_of(el)) {
                    keep_nodes(b, pos, el, &ns);
                } else {
                    IrVar *tmp = ir_new_temp(L->p, b->fn, el->type, f, el->pos);
                    ir_list_append(L->p, &tmps, temp_assign(b, tmp, el, el->pos, f));
                    ir_list_append(L->p, &ns, tmpname(b, tmp, el->pos, f));
                    note(b, pos, lw_intern(L, "function arg will be kept alive"));
                    a->list.v[k] = tmpname(b, tmp, el->pos, f);
                }
            }
        } else {
            IrVar *tmp = ir_new_temp(L->p, b->fn, a->type, f, pos);
            ir_list_append(L->p, &tmps, temp_assign(b, tmp, a, pos, f));
            ir_list_append(L->p, &ns, tmpname(b, tmp, pos, f));
            note(b, pos, lw_intern(L, "function arg will be kept alive"));
            *ap = tmpname(b, tmp, pos, f);
        }
    }
    if (tmps.n) {
        IrNode *blk = ir_new_node(L->p, IR_BLOCK, f, pos, NULL);
        blk->list = tmps;
        ir_list_append(L->p, &blk->list, call);
        return keep_alive_at(b, &ns, blk);
    }
    return keep_alive_at(b, &ns, call);
}

static bool is_call_stmt(const IrNode *n) {
    switch (n->op) {
    case IR_CALLFUNC: case IR_CALLINTER: case IR_APPEND: case IR_DELETE: case IR_PRINT: case IR_PRINTLN:
    case IR_RECOVER: case IR_MIN: case IR_MAX:
        return true;
    default: return false;
    }
}

static IrNode *preserve_stmt(BL *b, IrNode *n) {
    Lower *L = b->L;
    IrList ns = {0};
    switch (n->op) {
    case IR_AS:
        if (blank(n->x) && n->y && n->y->type) {
            IrVar *tmp = ir_new_temp(L->p, b->fn, n->y->type, n->file, n->pos);
            n->x = tmpname(b, tmp, n->pos, n->file);
            n->flags |= IRF_DEFINE;
            IrNode *d = ir_new_node(L->p, IR_DCL, n->file, n->pos, NULL);
            d->u.var = tmp;
            ir_list_append(L->p, &n->init, d);
            tmp->defn = n;
        }
        keep_nodes(b, n->pos, n->x, &ns);
        return keep_alive_at(b, &ns, n);
    case IR_AS2: case IR_AS2FUNC: case IR_AS2DOTTYPE: case IR_AS2MAPR: case IR_AS2RECV: {
        bool hasblank = false;
        for (uint32_t i = 0; i < n->list.n; i++) {
            IrNode *l = n->list.v[i];
            if (blank(l)) {
                Type *t = NULL;
                IrNode *r1 = n->op == IR_AS2 ? NULL : n->y;
                if (r1 && r1->type && r1->type->kind == TY_TUPLE && tuple_len((TupleType *)r1->type) == n->list.n)
                    t = tuple_at((TupleType *)r1->type, i)->type;
                else if (n->op == IR_AS2 && n->rlist.n == n->list.n)
                    t = n->rlist.v[i]->type;
                else if (r1 && i == 0)
                    t = r1->type;
                else if (r1 && i == 1)
                    t = &L->ctx->typ[BK_BOOL]->t;
                if (!t) continue;
                IrVar *tmp = ir_new_temp(L->p, b->fn, t, n->file, n->pos);
                n->list.v[i] = tmpname(b, tmp, n->pos, n->file);
                IrNode *d = ir_new_node(L->p, IR_DCL, n->file, n->pos, NULL);
                d->u.var = tmp;
                ir_list_append(L->p, &n->init, d);
                tmp->defn = n;
                hasblank = true;
            }
            keep_nodes(b, n->pos, n->list.v[i], &ns);
        }
        if (hasblank) n->flags |= IRF_DEFINE;
        return keep_alive_at(b, &ns, n);
    }
    case IR_ASOP:
        keep_nodes(b, n->pos, n->x, &ns);
        return keep_alive_at(b, &ns, n);
    default:
        if (is_call_stmt(n) || n->op == IR_COPY || n->op == IR_CLOSE || n->op == IR_CLEAR || n->op == IR_PANIC)
            return preserve_call(b, n);
        return n;
    }
}

static void preserve_list(BL *b, IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) l->v[i] = preserve_stmt(b, l->v[i]);
}

static bool is_bloop(const IrNode *n) {
    if (n->op != IR_FOR || !n->x || n->x->op != IR_CALLFUNC || !n->x->x || n->x->x->op != IR_METHEXPR) return false;
    const Object *m = n->x->x->u.obj;
    if (!m || !m->name || strcmp(m->name, "Loop") != 0 || !m->pkg || !m->pkg->path || strcmp(m->pkg->path, "testing") != 0)
        return false;
    /* (*B).Loop */
    if (!m->type || m->type->kind != TY_SIGNATURE) return false;
    const Object *r = ((SignatureType *)m->type)->recv;
    Type *rt = r ? type_unalias(r->type) : NULL;
    if (!rt || rt->kind != TY_POINTER) return false;
    Type *e = type_unalias(((PointerType *)rt)->elem);
    return e && e->kind == TY_NAMED && strcmp(((NamedType *)e)->obj->name, "B") == 0;
}

static void edit(BL *b, IrNode *n, bool in);

static void edit_list(BL *b, IrList *l, bool in) {
    for (uint32_t i = 0; i < l->n; i++) edit(b, l->v[i], in);
}

static void edit(BL *b, IrNode *n, bool in) {
    if (!n || n->op == IR_CLOSURE) return;
    in = in || is_bloop(n);
    edit_list(b, &n->init, in);
    edit(b, n->x, in);
    edit(b, n->y, in);
    edit(b, n->z, in);
    edit(b, n->w, in);
    edit_list(b, &n->list, in);
    edit_list(b, &n->rlist, in);
    if (!in) return;
    switch (n->op) {
    case IR_FOR: case IR_RANGE: case IR_BLOCK:
        preserve_list(b, &n->list);
        break;
    case IR_IF:
        preserve_list(b, &n->list);
        preserve_list(b, &n->rlist);
        break;
    case IR_CASE:
        preserve_list(b, &n->rlist);
        break;
    default: break;
    }
}

void lw_bloop(Lower *L, IrFunc *fn) {
    if (!L->imports_testing) return;
    BL b = {L, fn};
    edit_list(&b, &fn->body, false);
}
