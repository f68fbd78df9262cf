/* Dead local stores, as gc's deadlocals pass removes them after inlining:
   in every function that is not a capturing closure, an assignment
   `x = v` to a local or parameter x that is never read afterwards, where v
   has no effects (a name, constant, nil or func literal, without init), is
   replaced by `_ = 0`. Uses inside func literals count (through their
   closure variables). */
#include "lower.h"
#include "base/util.h"
#include <string.h>

typedef struct Assign {
    IrNode **lhs, **rhs;
} Assign;

typedef struct Defs {
    Assign *v;
    uint32_t n, cap;
    bool live;
} Defs;

/* The pass's state, kept from function to function. */
typedef struct IrDeadLocals {
    IrPackage *p;
    PtrMap defs;            /* IrVar* -> index in all + 1 */
    VEC(IrVar *) keys;      /* insertion order */
    VEC(Defs) all;          /* all.data[i] for keys.data[i]; by value: one
                               allocation for all, reused function after function */
    IrVar *blank;           /* the `_` assigned to, made on first need */
} DL;

static void node(DL *d, IrNode *n);

static IrVar *canonical(IrVar *v) {
    while (v && v->outer) v = v->outer;
    return v;
}

static bool is_local(const IrVar *v, bool blank_is_not_use) {
    if (v->flags & IRV_BLANK) return blank_is_not_use;
    return v->cls == IRC_AUTO || v->cls == IRC_PARAM;
}

static bool has_effects(const IrNode *n) {
    if (!n) return false;
    if (n->init.n) return true;
    switch (n->op) {
    case IR_NAME: case IR_LITERAL: case IR_NIL: case IR_CLOSURE: return false;
    default: return true;
    }
}

/* The pointer is valid until the next defs_of. */
static Defs *defs_of(DL *d, IrVar *v, bool *fresh) {
    uintptr_t k = (uintptr_t)ptrmap_get(&d->defs, v);
    *fresh = !k;
    if (!k) {
        vec_push(&d->keys, v);
        vec_push(&d->all, ((Defs){0}));
        k = d->all.len;
        ptrmap_put(&d->defs, v, (void *)k);
    }
    return &d->all.data[k - 1];
}

static void use(DL *d, IrVar *v) {
    v = canonical(v);
    if (!v || !is_local(v, false)) return;
    bool fresh;
    Defs *s = defs_of(d, v, &fresh);
    if (s->live) return;
    s->live = true;
    /* assignments held back become live: their values are evaluated */
    Assign *pending = s->v;
    uint32_t n = s->n;
    s->v = NULL;
    s->n = s->cap = 0;
    for (uint32_t i = 0; i < n; i++) node(d, *pending[i].rhs);
    free(pending);
}

static void assign(DL *d, IrNode **lhs, IrNode **rhs, bool blank_is_not_use) {
    IrNode *l = *lhs;
    if (!l || l->op != IR_NAME || (l->flags & IRF_FUNCNAME) || !l->u.var) {
        node(d, l);
        node(d, *rhs);
        return;
    }
    IrVar *v = canonical(l->u.var);
    if (is_local(v, blank_is_not_use) && !has_effects(*rhs)) {
        bool fresh;
        Defs *s = defs_of(d, v, &fresh);
        if (!s->live) {
            if (s->n == s->cap) {
                s->cap = s->cap ? 2 * s->cap : 4;
                s->v = xrealloc(s->v, s->cap * sizeof *s->v);
            }
            s->v[s->n++] = (Assign){lhs, rhs};
            return;
        }
    }
    node(d, *rhs);
}

static void nodes(DL *d, IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) node(d, l->v[i]);
}

static void node(DL *d, IrNode *n) {
    if (!n) return;
    switch (n->op) {
    case IR_DCL: return;
    case IR_CLOSURE:
        nodes(d, &n->init);
        if (n->u.fn) {
            for (uint32_t i = 0; i < n->u.fn->ncvars; i++) use(d, n->u.fn->cvars[i]);
            nodes(d, &n->u.fn->body);
        }
        return;
    case IR_NAME:
        if (!(n->flags & IRF_FUNCNAME) && n->u.var) use(d, n->u.var);
        return;
    case IR_AS:
        nodes(d, &n->init);
        assign(d, &n->x, &n->y, false);
        return;
    case IR_AS2: {
        nodes(d, &n->init);
        bool nonblank = false;
        for (uint32_t i = 0; i < n->list.n; i++) {
            IrNode *l = n->list.v[i];
            if (!(l->op == IR_NAME && l->u.var && (l->u.var->flags & IRV_BLANK))) nonblank = true;
        }
        for (uint32_t i = 0; i < n->list.n && i < n->rlist.n; i++)
            assign(d, &n->list.v[i], &n->rlist.v[i], nonblank);
        return;
    }
    default:
        nodes(d, &n->init);
        node(d, n->x);
        node(d, n->y);
        node(d, n->z);
        node(d, n->w);
        nodes(d, &n->list);
        nodes(d, &n->rlist);
        return;
    }
}

IrDeadLocals *ir_deadlocals_new(IrPackage *p) {
    DL *d = xcalloc(1, sizeof *d);
    d->p = p;
    return d;
}

void ir_deadlocals_func(IrDeadLocals *d, IrFunc *fn) {
    if ((fn->flags & IRFN_CLOSURE) && fn->ncvars > 0) return;
    if (!(fn->flags & IRFN_HAS_BODY) || (fn->flags & IRFN_GENERIC)) return;
    IrPackage *p = d->p;
    nodes(d, &fn->body);
    for (size_t k = 0; k < d->keys.len; k++) {
        Defs *s = &d->all.data[k];
        if (s->live || !s->n) continue;
        for (uint32_t i = 0; i < s->n; i++) {
            IrNode *l = *s->v[i].lhs;
            if (!d->blank) {
                d->blank = ir_late_var(p, intern_cstr(p->names, "_"), NULL, IRC_AUTO, NULL, NOPOS);
                d->blank->flags |= IRV_BLANK;
            }
            IrNode *b = ir_late_node(p, IR_NAME, l->file, l->pos, NULL);
            b->u.var = d->blank;
            IrNode *zero = ir_late_node(p, IR_LITERAL, NULL, NOPOS, NULL);
            zero->u.val = const_int64(p->pkg->consts, 0);
            zero->type = p->pkg->ctx ? &p->pkg->ctx->typ[BK_INT]->t : NULL;
            b->type = zero->type;
            /* atomic: ir_bounds_notes may be walking the tree (nothing it
               reports is in what is replaced) */
            IR_REPLACE(s->v[i].lhs, b);
            IR_REPLACE(s->v[i].rhs, zero);
        }
        /* only when set: the blank of an inlined body is shared by
           every importer, which may run on other threads (-p N) */
        if (d->keys.data[k]->defn) d->keys.data[k]->defn = NULL;
    }
    for (size_t k = 0; k < d->all.len; k++) free(d->all.data[k].v);
    d->all.len = 0;
    d->keys.len = 0;
    ptrmap_clear(&d->defs);
}

void ir_deadlocals_free(IrDeadLocals *d) {
    if (!d) return;
    vec_free(&d->all);
    vec_free(&d->keys);
    ptrmap_free(&d->defs);
    free(d);
}

void ir_deadlocals(IrPackage *p) {
    DL *d = ir_deadlocals_new(p);
    for (uint32_t f = 0; f < p->nfuncs; f++) ir_deadlocals_func(d, p->funcs[f]);
    ir_deadlocals_free(d);
}
