/* The solver: propagates attributes and parameter leaks over the graph with
   gc's queue discipline (which decides the -m=2 paths printed). */
#include "escape/esc_int.h"
#include "base/util.h"
#include <stdlib.h>

typedef struct Deque {
    EscLoc **v;
    uint32_t cap, head, tail, n;    /* cap: power of two */
} Deque;

static void dq_init(Deque *q, uint32_t cap) {
    uint32_t c = 2;
    while (c < cap) c <<= 1;
    q->v = xmalloc(c * sizeof *q->v);
    q->cap = c;
    q->head = q->tail = q->n = 0;
}

static void dq_grow(Deque *q) {
    EscLoc **nv = xmalloc(q->cap * 2 * sizeof *nv);
    for (uint32_t i = 0; i < q->n; i++) nv[i] = q->v[(q->head + i) & (q->cap - 1)];
    free(q->v);
    q->v = nv;
    q->head = 0;
    q->tail = q->n;
    q->cap *= 2;
}

static void dq_push_front(Deque *q, EscLoc *l) {
    if (q->n == q->cap) dq_grow(q);
    q->head = (q->head - 1) & (q->cap - 1);
    q->v[q->head] = l;
    q->n++;
}

static void dq_push_back(Deque *q, EscLoc *l) {
    if (q->n == q->cap) dq_grow(q);
    q->v[q->tail] = l;
    q->tail = (q->tail + 1) & (q->cap - 1);
    q->n++;
}

static EscLoc *dq_pop_front(Deque *q) {
    EscLoc *l = q->v[q->head];
    q->head = (q->head + 1) & (q->cap - 1);
    q->n--;
    return l;
}

/* Whether closure c (a func literal) is nested inside f. */
static bool contains_closure(const IrFunc *f, const IrFunc *c) {
    if (f == c || !(c->flags & IRFN_CLOSURE)) return false;
    for (const IrFunc *p = c->outer; p; p = p->outer)
        if (p == f) return true;
    return false;
}

bool esc_outlives(EscBatch *b, EscLoc *l, EscLoc *other) {
    if (l->attrs & ATTR_ESCAPES) return true;
    if (l == &b->mutator || l == &b->callee) return false;
    if (l->param_out) {
        EscFnInfo *fi = esc_fn_info(b->c, l->curfn);
        if (contains_closure(other->curfn, l->curfn) && !(fi && fi->results_lost)) return false;
        return true;
    }
    if (l->curfn == other->curfn && l->loopdepth < other->loopdepth) return true;
    if (contains_closure(l->curfn, other->curfn)) return true;
    return false;
}

static void leak_to(EscLoc *l, EscLoc *sink, int derefs) {
    if (!(sink->attrs & ATTR_ESCAPES) && sink->param_out && sink->curfn == l->curfn) {
        int ri = sink->result_index - 1;
        if (ri >= 0 && ri < ESC_NUM_RESULTS) {
            leaks_add(&l->leaks, LEAK_RESULT0 + ri, derefs);
            return;
        }
    }
    leaks_add(&l->leaks, LEAK_HEAP, derefs);
}

static void enqueue(Deque *todo, EscLoc *l) {
    if (l->queued_all) return;
    l->queued_all = true;
    if (l->attrs & ATTR_ESCAPES) dq_push_front(todo, l);
    else dq_push_back(todo, l);
}

static void walk_one(EscBatch *b, EscLoc *root, uint32_t gen, Deque *todo, Deque *q) {
    EscCtx *c = b->c;
    root->walkgen = gen;
    root->derefs = 0;
    root->dst = NULL;

    if ((root->attrs & ATTR_CALLS) && root->n && root->n->op == IR_CLOSURE && root->n->u.fn) {
        IrFunc *fn = root->n->u.fn;
        EscFnInfo *fi = esc_fn_info(c, fn);
        if (fi && esc_in_mutual_batch(c, fn) && !fi->results_lost) {
            fi->results_lost = true;
            for (uint32_t i = 0; i < fn->nresults; i++) {
                EscLoc *rl = esc_var_loc(b, fn->results[i]);
                if (rl) enqueue(todo, rl);
            }
        }
    }

    q->head = q->tail = q->n = 0;
    dq_push_front(q, root);
    while (q->n) {
        EscLoc *l = dq_pop_front(q);
        l->queued_one = 0;
        int derefs = l->derefs;
        uint8_t na = 0;
        if (derefs < 0) {
            derefs = 0;
            if (esc_outlives(b, root, l)) {
                if (!(l->attrs & ATTR_ESCAPES) && c->opt->m >= 2) {
                    const SourceFile *f;
                    Pos p;
                    esc_loc_pos(l, &f, &p);
                    StrBuf *sb = &c->sb2;
                    sb_reset(sb);
                    if (l->n) esc_fmt_node(c, sb, l->n);
                    else if (l->var) sb_puts(sb, esc_var_name(c, l->var));
                    esc_msg(c, EM_FLOW, f, p, l->curfn, l->n, l->var, "%s escapes to heap in %s:",
                            sb_cstr(sb), esc_func_name(l->curfn));
                    esc_explain_path(b, root, l);
                }
                if (!(l->attrs & ATTR_ESCAPES) && c->opt->m >= 1) esc_record_escape(b, root, l, NULL, 0, NULL);
                na |= ATTR_ESCAPES | ATTR_PERSISTS | ATTR_MUTATES | ATTR_CALLS;
            } else if (root->attrs & ATTR_PERSISTS) {
                na |= ATTR_PERSISTS;
            }
        }
        if (derefs == 0) na |= root->attrs & (ATTR_MUTATES | ATTR_CALLS);

        if (l->param) {
            if (esc_outlives(b, root, l)) {
                if (!(l->attrs & ATTR_ESCAPES) && c->opt->m >= 2) {
                    const SourceFile *f;
                    Pos p;
                    esc_loc_pos(l, &f, &p);
                    StrBuf *sb = &c->sb2;
                    sb_reset(sb);
                    esc_explain_loc(b, sb, root);
                    esc_msg(c, EM_FLOW, f, p, l->curfn, NULL, l->var,
                            "parameter %s leaks to %s for %s with derefs=%d:", esc_var_name(c, l->var),
                            sb_cstr(sb), esc_func_name(l->curfn), derefs);
                    esc_explain_path(b, root, l);
                }
                leak_to(l, root, derefs);
            }
            if (root->attrs & ATTR_MUTATES) leaks_add(&l->leaks, LEAK_MUTATOR, derefs);
            if (root->attrs & ATTR_CALLS) leaks_add(&l->leaks, LEAK_CALLEE, derefs);
        }

        if (na & ~l->attrs) {
            l->attrs |= na;
            enqueue(todo, l);
            if (l->attrs & ATTR_ESCAPES) continue;
        }

        /* locals: the stores below could alias l's fields and q's */
        const EscEdge *edges = l->edges;
        uint32_t ne = l->nedges;
        for (uint32_t i = 0; i < ne; i++) {
            EscLoc *s = edges[i].src;
            if (s->attrs & ATTR_ESCAPES) continue;
            int d = derefs + edges[i].derefs;
            if (s->walkgen != gen || s->derefs > d) {
                s->walkgen = gen;
                s->derefs = d;
                s->dst = l;
                s->dst_edge = i;
                if (s->queued_one != gen) {
                    s->queued_one = gen;
                    dq_push_back(q, s);
                }
            }
        }
    }
}

void esc_walk_all(EscBatch *b) {
    Deque todo, q;
    dq_init(&todo, b->nlocs + 3);
    dq_init(&q, 16);
    for (uint32_t i = 0; i < b->nlocs; i++) {
        dq_push_front(&todo, b->locs[i]);
        b->locs[i]->queued_all = true;
    }
    dq_push_front(&todo, &b->mutator);
    dq_push_front(&todo, &b->callee);
    dq_push_front(&todo, &b->heap);
    b->mutator.queued_all = b->callee.queued_all = b->heap.queued_all = true;
    uint32_t gen = 0;
    while (todo.n) {
        EscLoc *root = dq_pop_front(&todo);
        root->queued_all = false;
        gen++;
        walk_one(b, root, gen, &todo, &q);
    }
    free(todo.v);
    free(q.v);
}
