/* Deep copies of IR trees (added by the inline stage): the inliner keeps a
   copy of every inlinable body as it was lowered, and copies it again into
   each caller it is inlined into, with the callee's variables replaced by the
   caller's fresh ones, labels renamed and positions moved to the call site. */
#include "lower.h"
#include "base/util.h"
#include <stdio.h>
#include <string.h>

IrVar *ir_copy_map_var(IrCopy *c, IrVar *v) {
    if (!v) return NULL;
    IrVar *m = ptrmap_get(&c->vars, v);
    if (m) return m;
    IrFunc *owner = v->curfn ? ptrmap_get(&c->funcs, v->curfn) : NULL;
    if (owner) {
        /* a variable of a func literal copied along */
        m = ir_copy_var(c, v, owner, NULL);
        if (c->fvar_hook) c->fvar_hook(c, m);
        ptrmap_put(&c->vars, v, m);
        if (v->flags & IRV_CLOSUREVAR) {
            m->outer = ir_copy_map_var(c, v->outer);
            ir_ptrs_append(c->dst, (void ***)&owner->cvars, &owner->ncvars, m);
        } else {
            ir_func_add_dcl(c->dst, owner, m);
        }
        return m;
    }
    m = c->var_hook ? c->var_hook(c, v) : v;
    if (!m) m = v;
    ptrmap_put(&c->vars, v, m);
    return m;
}

static Arena *copy_arena(IrCopy *c) { return c->arena ? c->arena : &c->dst->arena; }

static IrVar **copy_vars(IrCopy *c, IrVar **v, uint32_t n) {
    if (!n) return NULL;
    IrVar **r = arena_alloc(copy_arena(c), n * sizeof *r);
    for (uint32_t i = 0; i < n; i++) r[i] = ir_copy_map_var(c, v[i]);
    return r;
}

/* A func literal met in the copied tree: copied with its variables (its
   closure variables capture the copies of the captured ones) and body. */
static IrFunc *copy_func(IrCopy *c, IrFunc *f, IrNode *clo) {
    IrFunc *nf = arena_alloc_raw(copy_arena(c), sizeof *nf);
    *nf = *f;
    nf->body = (IrList){0};
    nf->dcl = NULL;
    nf->ndcl = 0;
    nf->cvars = NULL;
    nf->ncvars = 0;
    nf->tag = -1;
    nf->extra = NULL;
    nf->closure = clo;
    IrFunc *outer = f->outer ? ptrmap_get(&c->funcs, f->outer) : NULL;
    nf->outer = outer ? outer : c->closure_outer;
    ptrmap_put(&c->funcs, f, nf);
    if (c->func_hook) c->func_hook(c, f, nf);
    /* gc reads a func literal's body apart from the inlined code: its
       nodes and variables keep their own positions */
    bool setpos = c->setpos;
    c->setpos = false;
    nf->params = copy_vars(c, f->params, f->nparams);
    nf->results = copy_vars(c, f->results, f->nresults);
    for (uint32_t i = 0; i < f->ndcl; i++) ir_copy_map_var(c, f->dcl[i]);
    for (uint32_t i = 0; i < f->ncvars; i++) ir_copy_map_var(c, f->cvars[i]);
    c->in_func++;
    ir_copy_list(c, &nf->body, &f->body);
    c->in_func--;
    c->setpos = setpos;
    return nf;
}

void ir_package_add_func(IrPackage *p, IrFunc *fn) {
    if (p->nfuncs == p->capfuncs) {
        p->capfuncs = p->capfuncs ? 2 * p->capfuncs : 16;
        p->funcs = xrealloc(p->funcs, p->capfuncs * sizeof *p->funcs);
    }
    p->funcs[p->nfuncs++] = fn;
}

static const char *map_label(IrCopy *c, const char *l) {
    if (!l || !c->relabel || strcmp(l, "_") == 0) return l;
    StrBuf b = {0};
    sb_printf(&b, "~%s\xc2\xb7%u", l, c->relabel);
    const char *r = intern(c->dst->names, sb_cstr(&b), b.len);
    sb_free(&b);
    return r;
}

static bool uses_label(IrOp op) {
    switch (op) {
    case IR_LABEL: case IR_GOTO: case IR_BREAK: case IR_CONTINUE: case IR_FALL:
    case IR_FOR: case IR_RANGE: case IR_SWITCH: case IR_SELECT:
        return true;
    default:
        return false;
    }
}

static bool uses_var(const IrNode *n) {
    switch (n->op) {
    case IR_NAME: return !(n->flags & IRF_FUNCNAME);
    case IR_DCL: case IR_TYPESW: case IR_CASE: return true;
    default: return false;
    }
}

void ir_copy_list(IrCopy *c, IrList *dst, const IrList *src) {
    dst->v = NULL;
    dst->n = 0;
    for (uint32_t i = 0; i < src->n; i++) {
        IrNode *x = ir_copy_node(c, src->v[i]);
        ir_list_append_in(copy_arena(c), dst, x);
    }
}

IrNode *ir_copy_node(IrCopy *c, const IrNode *n) {
    if (!n) return NULL;
    if (c->node_hook) {
        IrNode *r = c->node_hook(c, n);
        if (r) return r;
    }
    IrNode *m = arena_alloc_raw(copy_arena(c), sizeof *m);
    *m = *n;
    if (c->setpos) {
        m->pos = c->pos;
        m->file = c->file;
    }
    if (n->op == IR_BAD) c->dst->unhandled++;
    if (uses_var(n)) m->u.var = ir_copy_map_var(c, n->u.var);
    else if (uses_label((IrOp)n->op)) m->u.label = map_label(c, n->u.label);
    else if (n->op == IR_INLCALL) c->failed = true;
    ptrmap_put(&c->nodes, n, m);
    if (c->want_calls && (n->op == IR_CALLFUNC || n->op == IR_CALLINTER)) {
        if (c->ncalls + 2 > c->capcalls) {
            c->capcalls = c->capcalls ? 2 * c->capcalls : 32;
            c->calls = xrealloc(c->calls, c->capcalls * sizeof *c->calls);
        }
        c->calls[c->ncalls++] = (IrNode *)n;
        c->calls[c->ncalls++] = m;
    }
    if (n->op == IR_CLOSURE && n->u.fn) {
        if (c->no_closures) c->failed = true;
        else m->u.fn = copy_func(c, n->u.fn, m);
    }
    ir_copy_list(c, &m->init, &n->init);
    m->x = ir_copy_node(c, n->x);
    m->y = ir_copy_node(c, n->y);
    m->z = ir_copy_node(c, n->z);
    m->w = ir_copy_node(c, n->w);
    ir_copy_list(c, &m->list, &n->list);
    ir_copy_list(c, &m->rlist, &n->rlist);
    return m;
}

IrVar *ir_copy_var(IrCopy *c, const IrVar *v, IrFunc *curfn, const char *name) {
    IrVar *m = arena_alloc_raw(copy_arena(c), sizeof *m);
    *m = *v;
    m->curfn = curfn;
    if (name) m->name = name;
    m->tag = -1;
    m->index = -1;
    m->flags &= (uint16_t) ~(IRV_HEAP | IRV_BYVAL);
    /* a variable at no position (gc's rewrites declare some) stays so */
    if (c->setpos && v->pos != NOPOS) {
        m->pos = c->pos;
        m->file = c->file;
    }
    if (v->defn) ptrmap_put(&c->defns, m, v->defn);
    return m;
}

void ir_copy_fix_defns(IrCopy *c) {
    for (size_t i = 0; i < c->defns.cap; i++) {
        if (!c->defns.keys[i]) continue;
        IrVar *m = (IrVar *)c->defns.keys[i];
        m->defn = ptrmap_get(&c->nodes, c->defns.vals[i]);
    }
}

void ir_copy_free(IrCopy *c) {
    free(c->calls);
    c->calls = NULL;
    c->ncalls = c->capcalls = 0;
    ptrmap_free(&c->funcs);
    ptrmap_free(&c->vars);
    ptrmap_free(&c->nodes);
    ptrmap_free(&c->defns);
}

void ir_add_dcl(IrPackage *p, IrFunc *fn, IrVar *v) { ir_func_add_dcl(p, fn, v); }
