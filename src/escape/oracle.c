/* gc's reassignment oracle: which locals have a single definition (their
   static value), and which callees a func-typed local can hold. One oracle
   per outermost function, covering its func literals. */
#include "escape/esc_int.h"
#include "base/util.h"
#include <string.h>

typedef struct FuncAssigns {
    IrNode **v;
    uint32_t n, cap;
    bool deleted;
} FuncAssigns;

typedef struct EscOracle {
    IrFunc *fn;
    PtrMap single;      /* IrVar* -> defining node (or &deleted_mark) */
    PtrMap fassign;     /* IrVar* -> FuncAssigns* */
} EscOracle;

static char deleted_mark, param_mark;

static IrVar *name_var(EscBatch *b, IrNode *n) {
    if (!n || n->op != IR_NAME || !esc_name_is_var(b->c, n)) return NULL;
    return esc_canonical(n->u.var);
}

static bool is_func_type(Type *t) { return t && type_under(t)->kind == TY_SIGNATURE; }

static void add_local(EscBatch *b, EscOracle *o, IrVar *v) {
    if (!v || v->cls != IRC_AUTO || (v->flags & (IRV_ADDRTAKEN | IRV_CLOSUREVAR))) return;
    if (ptrmap_get(&o->single, v) || ptrmap_get(&o->fassign, v)) return;
    bool isfn = is_func_type(v->type);
    if (!v->defn) {
        if (isfn) ptrmap_put(&o->fassign, v, arena_alloc(&b->arena, sizeof(FuncAssigns)));
    } else {
        ptrmap_put(&o->single, v, v->defn);
        if (isfn && v->defn->op == IR_AS)
            ptrmap_put(&o->fassign, v, arena_alloc(&b->arena, sizeof(FuncAssigns)));
    }
}

/* The assignments and func literals of fn's body in the order the walks
   below meet them, recorded once per function: an outer function's oracle
   is rebuilt in every batch that asks for it (gc's per-batch oracle), and
   walking only these keeps that from walking whole bodies again. Escape
   rewrites few trees; each rewrite (irgen) drops the recordings. */
static bool is_assign_op(IrOp op) {
    switch (op) {
    case IR_AS: case IR_ASOP: case IR_AS2: case IR_AS2FUNC: case IR_AS2MAPR: case IR_AS2DOTTYPE:
    case IR_AS2RECV: case IR_RANGE:
        return true;
    default:
        return false;
    }
}

bool esc_oracle_wants(const IrNode *n) {
    return (n->op == IR_CLOSURE && n->u.fn) || is_assign_op((IrOp)n->op);
}

void esc_oracle_push(EscFnInfo *fi, IrNode *n) {
    if (fi->nolist == fi->capolist) {
        fi->capolist = fi->capolist ? 2 * fi->capolist : 16;
        fi->olist = xrealloc(fi->olist, fi->capolist * sizeof *fi->olist);
    }
    fi->olist[fi->nolist++] = n;
}

static void record(EscFnInfo *fi, IrNode *n);
static void record_list(EscFnInfo *fi, const IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) record(fi, l->v[i]);
}
static void record(EscFnInfo *fi, IrNode *n) {
    if (!n) return;
    if (esc_oracle_wants(n)) esc_oracle_push(fi, n);
    if (n->op == IR_CLOSURE) return;
    int cond = esc_static_cond(n);
    record_list(fi, &n->init);
    record(fi, n->x);
    record(fi, n->y);
    record(fi, n->z);
    record(fi, n->w);
    if (cond >= 0) record_list(fi, &n->list);
    if (cond <= 0) record_list(fi, &n->rlist);
}

static EscFnInfo *recorded(EscBatch *b, IrFunc *fn) {
    EscCtx *c = b->c;
    EscFnInfo *fi = esc_fn_info(c, fn);
    if (!fi || fi->olist_busy) return NULL;
    if (!fi->olist_ready || fi->olist_gen != c->irgen) {
        fi->nolist = 0;
        record_list(fi, &fn->body);
        fi->olist_ready = true;
        fi->olist_gen = c->irgen;
    }
    return fi;
}

static void find_locals(EscBatch *b, EscOracle *o, IrFunc *fn);
static void find_locals_node(EscBatch *b, EscOracle *o, IrNode *n);
static void find_locals_list(EscBatch *b, EscOracle *o, const IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) find_locals_node(b, o, l->v[i]);
}
static void find_locals_node(EscBatch *b, EscOracle *o, IrNode *n) {
    if (!n) return;
    if (n->op == IR_CLOSURE) {
        if (n->u.fn) find_locals(b, o, n->u.fn);
        return;
    }
    int cond = esc_static_cond(n);
    find_locals_list(b, o, &n->init);
    find_locals_node(b, o, n->x);
    find_locals_node(b, o, n->y);
    find_locals_node(b, o, n->z);
    find_locals_node(b, o, n->w);
    if (cond >= 0) find_locals_list(b, o, &n->list);
    if (cond <= 0) find_locals_list(b, o, &n->rlist);
}
static void find_locals(EscBatch *b, EscOracle *o, IrFunc *fn) {
    for (uint32_t i = 0; i < fn->ndcl; i++) add_local(b, o, fn->dcl[i]);
    EscFnInfo *fi = recorded(b, fn);
    if (!fi) {
        find_locals_list(b, o, &fn->body);
        return;
    }
    for (uint32_t i = 0; i < fi->nolist; i++) {
        IrNode *n = fi->olist[i];
        if (n->op == IR_CLOSURE) find_locals(b, o, n->u.fn);
    }
}

static IrVar *outer_name(EscBatch *b, IrNode *x) {
    for (;;) {
        if (!x) return NULL;
        if (x->op == IR_DOT || x->op == IR_CONVNOP) { x = x->x; continue; }
        if (x->op == IR_INDEX && x->x && esc_is_kind(x->x->type, TY_ARRAY)) { x = x->x; continue; }
        break;
    }
    return name_var(b, x);
}

static bool is_nil_assign(IrNode *as) {
    IrNode *y = as->y;
    if (!y) return true;
    while (y && y->op == IR_CONVNOP) y = y->x;
    return y && y->op == IR_NIL;
}

static void prune(EscBatch *b, EscOracle *o, IrNode *lhs, IrNode *asn) {
    IrVar *v = outer_name(b, lhs);
    if (!v) return;
    void *d = ptrmap_get(&o->single, v);
    if (d && d != &deleted_mark) {
        bool pa = v->cls == IRC_PARAM;
        bool la = v->cls == IRC_AUTO && (void *)asn != d;
        if (pa || la) ptrmap_put(&o->single, v, &deleted_mark);
    }
    FuncAssigns *fa = ptrmap_get(&o->fassign, v);
    if (fa && !fa->deleted) {
        if (asn->op == IR_AS && is_nil_assign(asn)) {
        } else if (asn->op != IR_AS) {
            fa->deleted = true;
        } else {
            if (fa->n == fa->cap) {
                uint32_t nc = fa->cap ? fa->cap * 2 : 4;
                fa->v = arena_realloc(&b->arena, fa->v, fa->cap * sizeof *fa->v, nc * sizeof *fa->v);
                fa->cap = nc;
            }
            fa->v[fa->n++] = asn;
        }
    }
}

static void prune_walk(EscBatch *b, EscOracle *o, IrNode *n);
static void prune_list(EscBatch *b, EscOracle *o, const IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) prune_walk(b, o, l->v[i]);
}
static void prune_one(EscBatch *b, EscOracle *o, IrNode *n) {
    switch (n->op) {
    case IR_AS: case IR_ASOP:
        prune(b, o, n->x, n);
        break;
    case IR_AS2: case IR_AS2FUNC: case IR_AS2MAPR: case IR_AS2DOTTYPE: case IR_AS2RECV:
        for (uint32_t i = 0; i < n->list.n; i++) prune(b, o, n->list.v[i], n);
        break;
    case IR_RANGE:
        prune(b, o, n->y, n);
        prune(b, o, n->z, n);
        break;
    default:
        break;
    }
}
/* prune_list over fn's body */
static void prune_func(EscBatch *b, EscOracle *o, IrFunc *fn) {
    EscFnInfo *fi = recorded(b, fn);
    if (!fi) {
        prune_list(b, o, &fn->body);
        return;
    }
    for (uint32_t i = 0; i < fi->nolist; i++) {
        IrNode *n = fi->olist[i];
        if (n->op == IR_CLOSURE) prune_func(b, o, n->u.fn);
        else prune_one(b, o, n);
    }
}
static void prune_walk(EscBatch *b, EscOracle *o, IrNode *n) {
    if (!n) return;
    if (n->op == IR_CLOSURE) {
        if (n->u.fn) prune_func(b, o, n->u.fn);
        return;
    }
    prune_one(b, o, n);
    int cond = esc_static_cond(n);
    prune_list(b, o, &n->init);
    prune_walk(b, o, n->x);
    prune_walk(b, o, n->y);
    prune_walk(b, o, n->z);
    prune_walk(b, o, n->w);
    if (cond >= 0) prune_list(b, o, &n->list);
    if (cond <= 0) prune_list(b, o, &n->rlist);
}

static EscOracle *oracle_for(EscBatch *b, IrFunc *fn) {
    IrFunc *f = fn;
    while (f->outer && (f->flags & IRFN_CLOSURE) && !(f->outer->flags & IRFN_INIT)) f = f->outer;
    EscOracle *o = ptrmap_get(&b->oracles, f);
    if (o) return o;
    o = arena_alloc(&b->arena, sizeof *o);
    o->fn = f;
    for (uint32_t i = 0; i < f->nparams; i++) {
        IrVar *p = f->params[i];
        if (p && p->name && strcmp(p->name, "_") != 0) ptrmap_put(&o->single, p, &param_mark);
    }
    find_locals(b, o, f);
    prune_func(b, o, f);
    ptrmap_put(&b->oracles, f, o);
    return o;
}

void esc_oracles_free(EscBatch *b) {
    for (size_t i = 0; i < b->oracles.cap; i++) {
        if (!b->oracles.keys || !b->oracles.keys[i]) continue;
        EscOracle *o = b->oracles.vals[i];
        ptrmap_free(&o->single);
        ptrmap_free(&o->fassign);
    }
    ptrmap_free(&b->oracles);
}

static IrNode *static_value1(EscBatch *b, EscOracle *o, IrNode *n) {
    IrVar *v = name_var(b, n);
    if (!v || v->cls != IRC_AUTO) return NULL;
    IrNode *defn = v->defn;
    if (!defn) return NULL;
    IrNode *rhs = NULL;
    if (defn->op == IR_AS) {
        rhs = defn->y;
    } else if (defn->op == IR_AS2) {
        for (uint32_t i = 0; i < defn->list.n; i++) {
            IrNode *l = defn->list.v[i];
            if (l && l->op == IR_NAME && esc_canonical(l->u.var) == v) {
                rhs = i < defn->rlist.n ? defn->rlist.v[i] : NULL;
                break;
            }
        }
    } else {
        return NULL;
    }
    if (!rhs) return NULL;
    void *d = ptrmap_get(&o->single, v);
    if (!d || d == &deleted_mark) return NULL;
    return rhs;
}

IrNode *esc_static_value(EscBatch *b, IrFunc *fn, IrNode *n) {
    if (!n) return NULL;
    EscOracle *o = oracle_for(b, fn);
    for (int guard = 0; guard < 1000; guard++) {
        if (n->op == IR_CONVNOP && n->x) { n = n->x; continue; }
        if (n->op == IR_INLCALL && n->list.n == 1) { n = n->list.v[0]; continue; }
        IrNode *n1 = static_value1(b, o, n);
        if (!n1) return n;
        n = n1;
    }
    return n;
}

bool esc_func_assignments(EscBatch *b, IrFunc *fn, const IrVar *v, IrNode ***out, uint32_t *n) {
    EscOracle *o = oracle_for(b, fn);
    FuncAssigns *fa = ptrmap_get(&o->fassign, esc_canonical(v));
    if (!fa || fa->deleted) return false;
    *out = fa->v;
    *n = fa->n;
    return true;
}
