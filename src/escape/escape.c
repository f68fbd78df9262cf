/* Entry point: batches of functions in bottom-up strongly-connected-component
   order of the static reference graph, each analysed as gc's escape.Batch. */
#include "escape/esc_int.h"
#include "base/util.h"
#include "ir/final.h"
#include <stdlib.h>
#include <string.h>

void escape_summary_init(EscSummary *s) {
    memset(s, 0, sizeof *s);
    arena_init(&s->arena);
}

void escape_summary_free(EscSummary *s) {
    ptrmap_free(&s->tags);
    arena_free(&s->arena);
}

void escape_result_init(EscResult *r) {
    memset(r, 0, sizeof *r);
    arena_init(&r->arena);
}

void escape_result_free(EscResult *r) {
    free(r->msgs);
    free(r->dropped);
    arena_free(&r->arena);
    r->msgs = NULL;
    r->nmsgs = r->capmsgs = 0;
    r->dropped = NULL;
    r->ndropped = r->capdropped = 0;
}

void esc_replace(EscCtx *c, IrNode **slot, IrNode *v) {
    EscResult *r = c->out;
    if (r && *slot) {
        if (r->ndropped == r->capdropped) {
            r->capdropped = r->capdropped ? 2 * r->capdropped : 8;
            r->dropped = xrealloc(r->dropped, r->capdropped * sizeof *r->dropped);
        }
        r->dropped[r->ndropped++] = *slot;
    }
    IR_REPLACE(slot, v);
    c->irgen++;
}

/* Generic functions are analysed (silently, for their tags) only when
   lowering gave them a body. */
static bool skip_generic(const IrFunc *fn) {
    return (fn->flags & IRFN_GENERIC) && fn->body.n == 0;
}

static bool is_capturing_closure(const IrFunc *fn) {
    return (fn->flags & IRFN_CLOSURE) && fn->ncvars > 0;
}

IrFunc *esc_local_func(EscCtx *c, Object *obj) {
    if (!obj) return NULL;
    IrFunc *fn = ptrmap_get(&c->obj2fn, obj);
    if (!fn && (obj->kind == OBJ_FUNC) && obj->u.origin && obj->u.origin != obj)
        fn = ptrmap_get(&c->obj2fn, obj->u.origin);
    /* another package's instance, called from a body inlined from there:
       gc's reader finds the one this package made under the same name */
    if (!fn) fn = ir_package_instance(c->pkg, obj);
    return fn;
}

/* ---------------------------------------------------------------- batches */

static void flow_closure(EscBatch *b, EscHole k, IrNode *clo) {
    EscCtx *c = b->c;
    IrFunc *fn = clo->u.fn;
    if (!fn) return;
    for (uint32_t i = 0; i < fn->ncvars; i++) {
        IrVar *cv = fn->cvars[i];
        IrVar *n = esc_canonical(cv);
        EscLoc *loc = esc_var_loc(b, cv);
        if (!loc) continue;
        int64_t w = esc_sizeof(c, n->type);
        bool byval = !loc->addrtaken && !loc->reassigned && w <= 128;
        if (byval) {
            cv->flags |= IRV_BYVAL;
            n->flags |= IRV_BYVAL;
        } else {
            cv->flags &= (uint16_t)~IRV_BYVAL;
            n->flags &= (uint16_t)~IRV_BYVAL;
            n->flags |= IRV_ADDRTAKEN;
        }
        if (c->opt->m > 1)
            esc_msg(c, EM_CAPTURE, n->file, n->pos, n->curfn, NULL, n,
                    "%s capturing by %s: %s (addr=%s assign=%s width=%lld)", esc_func_qualname(c, n->curfn),
                    byval ? "value" : "ref", esc_var_name(c, n), loc->addrtaken ? "true" : "false",
                    loc->reassigned ? "true" : "false", (long long)w);
        EscHole kk = k;
        if (!byval) kk = hole_note_var(b, hole_shift(kk, -1), cv, "reference");
        esc_flow(b, hole_note_var(b, kk, cv, "captured by a closure"), loc);
    }
}

static void init_func(EscBatch *b, IrFunc *fn) {
    EscFnInfo *fi = esc_fn_info(b->c, fn);
    if (fi) fi->state = FN_PLANNED;
    Esc e = {.b = b, .curfn = fn, .loopdepth = 1};
    for (uint32_t i = 0; i < fn->ndcl; i++)
        if (fn->dcl[i] && !esc_var_loc(b, fn->dcl[i])) esc_new_loc(&e, NULL, fn->dcl[i], true);
    /* parameters and results missing from dcl (defensive) */
    for (uint32_t i = 0; i < fn->nparams; i++)
        if (fn->params[i] && !esc_var_loc(b, fn->params[i])) esc_new_loc(&e, NULL, fn->params[i], true);
    for (uint32_t i = 0; i < fn->nresults; i++)
        if (fn->results[i] && !esc_var_loc(b, fn->results[i])) esc_new_loc(&e, NULL, fn->results[i], true);
    if (!(fn->flags & IRFN_CLOSURE)) {
        for (uint32_t i = 0; i < fn->ncvars; i++) {
            IrVar *v = esc_canonical(fn->cvars[i]);
            if (v && !esc_var_loc(b, v)) esc_new_loc(&e, NULL, v, true);
        }
    }
    for (uint32_t i = 0; i < fn->nresults; i++) {
        EscLoc *l = esc_var_loc(b, fn->results[i]);
        if (l) l->result_index = (int)i + 1;
    }
}

static void run_batch(EscCtx *c, IrFunc **fns, uint32_t n) {
    EscBatch b;
    memset(&b, 0, sizeof b);
    b.c = c;
    arena_init(&b.arena);
    b.heap.attrs = ATTR_ESCAPES | ATTR_PERSISTS | ATTR_MUTATES | ATTR_CALLS;
    b.mutator.attrs = ATTR_MUTATES;
    b.callee.attrs = ATTR_CALLS;
    b.fns = fns;
    b.nbfns = n;

    for (uint32_t i = 0; i < n; i++) init_func(&b, fns[i]);
    for (uint32_t i = 0; i < n; i++)
        if (!is_capturing_closure(fns[i])) esc_walk_func(&b, fns[i]);
    for (uint32_t i = 0; i < b.nclosures; i++) flow_closure(&b, b.closures[i].k, b.closures[i].clo);
    b.nclosures = 0;

    for (uint32_t i = 0; i < b.nlocs; i++) {
        EscLoc *l = b.locs[i];
        esc_rewrite_with_literals(&b, l);
        const char *why;
        EscReason r = esc_heap_alloc_reason(&b, l, &why);
        if (r != ER_NONE) {
            l->heapwhy = r;
            EscHole k = hole_shift(esc_heap_hole(&b), -1);
            if (l->n) k = hole_note(&b, k, l->n, why);
            else k = hole_note_var(&b, k, l->var, why);
            esc_flow(&b, k, l);
        }
    }
    esc_walk_all(&b);
    esc_finish(&b);

    for (uint32_t i = 0; i < b.nlocs; i++)
        if (b.locs[i]->var) b.locs[i]->var->tag = -1;
    esc_oracles_free(&b);
    ptrmap_free(&b.godefer);
    free(b.steps);
    arena_free(&b.arena);
}

/* ------------------------------------------------- bottom-up SCC visit */

typedef struct Scc {
    EscCtx *c;
    EscFnInfo *cur;         /* function whose body is being walked (labels recorded) */
    uint32_t gen;
    IrFunc **stack;
    uint32_t nstack, capstack;
} Scc;

/* Its tag and its outer ones' cleared for locations (no batch is running:
   each one clears the tags it set when it ends). */
static void add_var(IrVar *v) {
    for (; v; v = v->outer)
        if (v->tag != -1) v->tag = -1;     /* a store only when needed: others may read v */
}

/* A function's variables, once its body is final (inlining adds locals). */
static void add_func_vars(IrFunc *fn) {
    for (uint32_t j = 0; j < fn->nparams; j++) add_var(fn->params[j]);
    for (uint32_t j = 0; j < fn->nresults; j++) add_var(fn->results[j]);
    for (uint32_t j = 0; j < fn->ndcl; j++) add_var(fn->dcl[j]);
    for (uint32_t j = 0; j < fn->ncvars; j++) add_var(fn->cvars[j]);
}

/* Registers funcs[c->nfns..n), the package's functions in order. */
static void add_funcs(EscCtx *c, IrFunc *const *funcs, uint32_t n) {
    if (n > c->capfns) {
        c->capfns = n + n / 2 + 16;
        c->fns = xrealloc(c->fns, c->capfns * sizeof *c->fns);
    }
    for (uint32_t i = c->nfns; i < n; i++) {
        IrFunc *fn = funcs[i];
        EscFnInfo *fi = arena_alloc(&c->fnarena, sizeof *fi);
        fi->fn = fn;
        c->fns[i] = fi;
        /* published ones have it already (the inliner may still read them) */
        if (fn->tag != (int32_t)i) fn->tag = (int32_t)i;
        if (fn->obj) ptrmap_put(&c->obj2fn, fn->obj, fn);
    }
    c->nfns = n;
}

/* EscOptions.final: waits as told, then registers the functions published
   meanwhile. */
static void sync_funcs(EscCtx *c, IrFinalWait what, const IrFunc *fn) {
    IrFinal *f = c->opt->final;
    if (what == IR_FINAL_FUNC && c->opt->idle)
        while (!ir_final_ready(f, fn) && c->opt->idle(c->opt->hook)) {}
    if (!ir_final_wait(f, what, fn, &c->flist, &c->nflist, &c->capflist)) {
        /* nothing was published: the inliner ran no interleaved pass */
        add_funcs(c, c->pkg->funcs, c->pkg->nfuncs);
        return;
    }
    add_funcs(c, c->flist, c->nflist);
}

static uint32_t scc_visit(Scc *v, IrFunc *fn);

static void scc_do(Scc *v, IrFunc *callee, uint32_t *min) {
    if (!callee || skip_generic(callee)) return;
    /* an instance found by name (esc_local_func) is no callee of the
       inliner's walk, which may not have published it yet */
    if (!esc_fn_info(v->c, callee) && v->c->opt->final && ir_package_instance(v->c->pkg, callee->obj) == callee)
        sync_funcs(v->c, IR_FINAL_FUNC, callee);
    if (!esc_fn_info(v->c, callee)) return;
    uint32_t m = scc_visit(v, callee);
    if (m < *min) *min = m;
}

static void scc_node(Scc *v, const IrNode *n, uint32_t *min);
static void scc_list(Scc *v, const IrList *l, uint32_t *min) {
    for (uint32_t i = 0; i < l->n; i++) scc_node(v, l->v[i], min);
}
static void scc_node(Scc *v, const IrNode *n, uint32_t *min) {
    if (!n) return;
    EscCtx *c = v->c;
    switch (n->op) {
    case IR_NAME:
        if (!esc_name_is_var(c, n) && n->u.obj) scc_do(v, esc_local_func(c, n->u.obj), min);
        break;
    case IR_METHEXPR: case IR_METHVALUE: {
        Object *m = n->op == IR_METHVALUE && n->sel ? n->sel : n->u.obj;
        if (m) scc_do(v, esc_local_func(c, m), min);
        break;
    }
    case IR_CLOSURE:
        if (v->cur && n->u.fn) esc_oracle_push(v->cur, (IrNode *)n);
        scc_do(v, n->u.fn, min);
        break;
    case IR_AS: case IR_ASOP: case IR_AS2: case IR_AS2FUNC: case IR_AS2MAPR: case IR_AS2DOTTYPE:
    case IR_AS2RECV: case IR_RANGE:
        /* what the reassignment oracle walks for (oracle.c), in its order */
        if (v->cur) esc_oracle_push(v->cur, (IrNode *)n);
        break;
    case IR_LABEL:
        /* the labels esc_walk_func needs, found here in the same order
           rather than in a walk of their own (esc_scan_label) */
        if (v->cur) esc_scan_label(&v->cur->labels, n);
        break;
    case IR_GOTO:
        if (v->cur) esc_scan_label(&v->cur->labels, n);
        break;
    default:
        break;
    }
    int cond = esc_static_cond(n);
    /* a closure's children are not part of the enclosing body's labels */
    EscFnInfo *cur = v->cur;
    if (n->op == IR_CLOSURE) v->cur = NULL;
    scc_list(v, &n->init, min);
    scc_node(v, n->x, min);
    scc_node(v, n->y, min);
    scc_node(v, n->z, min);
    scc_node(v, n->w, min);
    if (cond >= 0) scc_list(v, &n->list, min);
    if (cond <= 0) scc_list(v, &n->rlist, min);
    v->cur = cur;
}

static uint32_t scc_visit(Scc *v, IrFunc *fn) {
    EscCtx *c = v->c;
    EscFnInfo *self = esc_fn_info(c, fn);
    if (self->sccid) return self->sccid;
    /* its body is read now: wait until the inliner is done with it, and
       take the func literals it made meanwhile (they are final too) */
    if (c->opt->final) sync_funcs(c, IR_FINAL_FUNC, fn);
    add_func_vars(fn);
    uint32_t id = ++v->gen;
    self->sccid = id;
    uint32_t min = ++v->gen;
    if (v->nstack == v->capstack) {
        v->capstack = v->capstack ? v->capstack * 2 : 64;
        v->stack = xrealloc(v->stack, v->capstack * sizeof *v->stack);
    }
    v->stack[v->nstack++] = fn;
    if (v->c->dl) ir_deadlocals_func(v->c->dl, fn);
    EscFnInfo *cur = v->cur;
    v->cur = esc_fn_info(v->c, fn);
    EscFnInfo *fi = v->cur;
    if (fi) {
        ptrmap_free(&fi->labels);
        fi->labels_ready = true;
        fi->nolist = 0;
        fi->olist_ready = false;
        fi->olist_busy = true;
    }
    scc_list(v, &fn->body, &min);
    if (fi) {
        /* batches run meanwhile rewrote none of fn's tree (only their own) */
        fi->olist_busy = false;
        fi->olist_ready = true;
        fi->olist_gen = v->c->irgen;
    }
    v->cur = cur;
    if ((min == id || min == id + 1) && !is_capturing_closure(fn)) {
        uint32_t i = v->nstack;
        while (i > 0) {
            i--;
            esc_fn_info(c, v->stack[i])->sccid = UINT32_MAX;
            if (v->stack[i] == fn) break;
        }
        uint32_t nb = v->nstack - i;
        IrFunc **block = xmalloc((nb ? nb : 1) * sizeof *block);
        memcpy(block, v->stack + i, nb * sizeof *block);
        v->nstack = i;
        run_batch(v->c, block, nb);
        if (c->opt->done) c->opt->done(c->opt->hook, block, nb);
        free(block);
    }
    return min;
}

/* ---------------------------------------------------------------- entry */

void escape_analyze(IrPackage *p, const EscImports *imp, const EscOptions *opt, EscResult *out,
                    EscSummary *sum) {
    EscCtx c;
    memset(&c, 0, sizeof c);
    c.pkg = p;
    c.imp = imp;
    c.opt = opt;
    c.out = out;
    c.sum = sum;
    if (p->pkg && p->pkg->ctx) c.sizes = &p->pkg->ctx->sizes;
    EscSummary local;
    if (!c.sum) {
        escape_summary_init(&local);
        c.sum = &local;
    }
    arena_init(&c.fnarena);
    /* the functions known now: all of them, or (EscOptions.final) those the
       inliner has published once it decided (until then it reads the
       package's variables) */
    if (opt->final) sync_funcs(&c, IR_FINAL_PUBLISHED, NULL);
    else add_funcs(&c, p->funcs, p->nfuncs);
    for (uint32_t i = 0; i < p->nglobals; i++) add_var(p->globals[i]);

    if (opt->deadlocals) c.dl = ir_deadlocals_new(p);
    Scc v = {.c = &c};
    /* gc's Target.Funcs holds the package initialiser first */
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0;; i++) {
            /* the last func literals the inliner made (never initialisers) */
            if (i == c.nfns && pass == 1 && opt->final) sync_funcs(&c, IR_FINAL_CLOSED, NULL);
            if (i >= c.nfns) break;
            IrFunc *fn = c.fns[i]->fn;
            /* (scc_visit waits for fn's body; these fields never change) */
            if (!!(fn->flags & IRFN_INIT) != (pass == 0)) continue;
            if (is_capturing_closure(fn) || skip_generic(fn)) continue;
            scc_visit(&v, fn);
        }
    }
    free(v.stack);
    ir_deadlocals_free(c.dl);

    for (uint32_t i = 0; i < c.nfns; i++) {
        c.fns[i]->fn->tag = -1;
        ptrmap_free(&c.fns[i]->labels);
        free(c.fns[i]->olist);
    }
    free(c.fns);
    free(c.flist);
    arena_free(&c.fnarena);
    ptrmap_free(&c.obj2fn);
    sb_free(&c.sb);
    sb_free(&c.sb2);
    if (c.sum == &local) escape_summary_free(&local);
}
