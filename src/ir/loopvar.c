/* Per-iteration loop variables (Go >= 1.22), as gc's loopvar pass makes them
   after the function is built: a := variable of a loop that is
   syntactically leaked (its address taken, or captured by a func literal,
   except under a return in the same loop) gets a fresh copy each iteration.

   range: the loop assigns a temporary; the body starts with `v := tmp`.
   3-clause: for z' := init; ; { z := z'; if first { first = false } else
   { post }; if !cond { break }; body; next: z' = z }, with `continue`
   turned into `goto next`. The variable's DCL moves to the new `z := ...`. */
#include "lower.h"
#include "base/util.h"
#include <string.h>

#define MAYBE ((void *)1)
#define LEAKED ((void *)2)

typedef struct LV {
    Lower *L;
    IrFunc *fn;
    PtrMap leaked;          /* IrVar* -> MAYBE / LEAKED */
    PtrMap fixups;          /* IrVar* -> AS node that now declares it */
    int depth, ret_depth;
    int seq;
    bool any;
} LV;

static void scan(LV *lv, IrNode *n);

static void scan_list(LV *lv, IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) scan(lv, l->v[i]);
}

static void scan_children(LV *lv, IrNode *n) {
    scan_list(lv, &n->init);
    scan(lv, n->x);
    scan(lv, n->y);
    scan(lv, n->z);
    scan(lv, n->w);
    scan_list(lv, &n->list);
    scan_list(lv, &n->rlist);
}

static void note(LV *lv, IrNode *x) {
    if (x && x->op == IR_NAME && !(x->flags & IRF_FUNCNAME) && x->u.var && !(x->u.var->flags & IRV_BLANK))
        ptrmap_put(&lv->leaked, x->u.var, MAYBE);
}

static void mark(LV *lv, IrVar *v) {
    if (ptrmap_get(&lv->leaked, v)) ptrmap_put(&lv->leaked, v, LEAKED);
}

static IrNode *outer_value(IrNode *n) {
    for (;;) {
        if (n->op == IR_DOT || n->op == IR_CONVNOP) n = n->x;
        else if (n->op == IR_INDEX && n->x && n->x->type && type_under(n->x->type)->kind == TY_ARRAY) n = n->x;
        else return n;
    }
}

static IrNode *stmt(LV *lv, IrOp op, Pos pos, const SourceFile *file) {
    return ir_new_node(lv->L->p, op, file, pos, NULL);
}

static IrNode *name(LV *lv, IrVar *v, Pos pos, const SourceFile *file) {
    IrNode *n = ir_new_node(lv->L->p, IR_NAME, file, pos, v->type);
    n->u.var = v;
    return n;
}

static IrNode *replace_range_var(LV *lv, IrNode *k, IrNode *rng) {
    if (!k || k->op != IR_NAME || (k->flags & IRF_FUNCNAME) || ptrmap_get(&lv->leaked, k->u.var) != LEAKED)
        return k;
    IrVar *v = k->u.var;
    IrVar *tk = ir_new_temp(lv->L->p, lv->fn, v->type, lv->fn->file, lv->fn->pos);
    IrNode *as = stmt(lv, IR_AS, rng->pos, rng->file);
    as->flags |= IRF_DEFINE | IRF_DISTINCT;
    as->x = name(lv, v, rng->pos, rng->file);
    as->y = name(lv, tk, rng->pos, rng->file);
    /* gc leaves the range statement as the variable's Defn (a 3-clause
       loop's gets its new assignment): escape analysis counts `v := tmp`
       as a reassignment, forgiven only for a capture at the same depth */
    v->flags |= IRV_PERITER;
    /* prepend to the body */
    IrList body = {0};
    ir_list_append(lv->L->p, &body, as);
    for (uint32_t i = 0; i < rng->list.n; i++) ir_list_append(lv->L->p, &body, rng->list.v[i]);
    rng->list = body;
    ptrmap_put(&lv->fixups, v, as);
    lv->any = true;
    return name(lv, tk, k->pos, k->file);
}

/* The variables := defines in a 3-clause loop's init: pointers to the
   NAME slots. */
static uint32_t init_defs(IrNode *f, IrNode ***slots, uint32_t max) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < f->init.n; i++) {
        IrNode *s = f->init.v[i];
        if (!(s->flags & IRF_DEFINE)) continue;
        if (s->op == IR_AS) {
            if (k < max) slots[k] = &s->x;
            k++;
        } else if (s->op == IR_AS2 || s->op == IR_AS2FUNC || s->op == IR_AS2DOTTYPE ||
                   s->op == IR_AS2MAPR || s->op == IR_AS2RECV) {
            for (uint32_t j = 0; j < s->list.n; j++) {
                if (k < max) slots[k] = &s->list.v[j];
                k++;
            }
        }
    }
    return k;
}

static void edit_continues(LV *lv, IrNode *n, int depth, const char *looplabel, const char *label) {
    if (!n) return;
    if (n->op == IR_CONTINUE) {
        if ((depth == 0 && !n->u.label) || (looplabel && n->u.label == looplabel)) {
            n->op = IR_GOTO;
            n->u.label = label;
        }
        return;
    }
    if (n->op == IR_CLOSURE) return;
    int d = depth + (n->op == IR_FOR || n->op == IR_RANGE);
    for (uint32_t i = 0; i < n->init.n; i++) edit_continues(lv, n->init.v[i], d, looplabel, label);
    edit_continues(lv, n->x, d, looplabel, label);
    edit_continues(lv, n->y, d, looplabel, label);
    edit_continues(lv, n->z, d, looplabel, label);
    edit_continues(lv, n->w, d, looplabel, label);
    for (uint32_t i = 0; i < n->list.n; i++) edit_continues(lv, n->list.v[i], d, looplabel, label);
    for (uint32_t i = 0; i < n->rlist.n; i++) edit_continues(lv, n->rlist.v[i], d, looplabel, label);
}

static void transform_for(LV *lv, IrNode *x) {
    uint32_t nd = init_defs(x, NULL, 0);
    if (!nd) return;
    IrNode ***slots = xcalloc(nd, sizeof *slots);
    init_defs(x, slots, nd);
    IrPackage *p = lv->L->p;
    const SourceFile *file = x->file;
    IrList pre = {0}, post = {0};
    bool any = false;
    for (uint32_t i = 0; i < nd; i++) {
        IrNode *z = *slots[i];
        if (z->op != IR_NAME || (z->flags & IRF_FUNCNAME) || ptrmap_get(&lv->leaked, z->u.var) != LEAKED) {
            slots[i] = NULL;
            continue;
        }
        any = true;
        IrVar *v = z->u.var;
        IrVar *tz = ir_new_temp(p, lv->fn, v->type, lv->fn->file, lv->fn->pos);
        IrNode *as = stmt(lv, IR_AS, x->pos, file);
        as->flags |= IRF_DEFINE | IRF_DISTINCT;
        as->x = name(lv, v, x->pos, file);
        as->y = name(lv, tz, x->pos, file);
        v->defn = as;
        v->flags |= IRV_PERITER;
        ir_list_append(p, &pre, as);
        ptrmap_put(&lv->fixups, v, as);
        IrNode *back = stmt(lv, IR_AS, x->pos, file);
        back->x = name(lv, tz, x->pos, file);
        back->y = name(lv, v, x->pos, file);
        ir_list_append(p, &post, back);
        *slots[i] = name(lv, tz, z->pos, z->file);
    }
    if (!any) {
        free(slots);
        return;
    }
    lv->any = true;
    const char *label = lw_internf(lv->L, ".3clNext_%d", lv->seq++);
    IrNode *lab = stmt(lv, IR_LABEL, x->pos, file);
    lab->u.label = label;
    for (uint32_t i = 0; i < x->list.n; i++) edit_continues(lv, x->list.v[i], 0, x->u.label, label);
    Type *boolt = &lv->L->ctx->typ[BK_BOOL]->t;
    IrNode *firstdcl = NULL;
    if (x->y) {
        IrVar *first = ir_new_temp(p, lv->fn, boolt, lv->fn->file, lv->fn->pos);
        firstdcl = stmt(lv, IR_AS, x->pos, file);
        firstdcl->x = name(lv, first, x->pos, file);
        IrNode *t = ir_new_node(p, IR_LITERAL, lv->fn->file, lv->fn->pos, boolt);
        t->u.val = const_bool(lv->L->pkg->consts, true);
        firstdcl->y = t;
        IrNode *setf = stmt(lv, IR_AS, x->pos, file);
        setf->x = name(lv, first, x->pos, file);
        IrNode *f = ir_new_node(p, IR_LITERAL, lv->fn->file, lv->fn->pos, boolt);
        f->u.val = const_bool(lv->L->pkg->consts, false);
        setf->y = f;
        IrNode *iff = stmt(lv, IR_IF, x->pos, file);
        IrNode *d = stmt(lv, IR_DCL, lv->fn->pos, lv->fn->file);
        d->u.var = first;
        ir_list_append(p, &iff->init, d);
        iff->x = name(lv, first, x->pos, file);
        ir_list_append(p, &iff->list, setf);
        ir_list_append(p, &iff->rlist, x->y);
        ir_list_append(p, &pre, iff);
    }
    if (x->x) {
        IrNode *nc = ir_new_node(p, IR_UNARY, x->x->file, x->x->pos, x->x->type);
        nc->tok = T_NOT;
        nc->x = x->x;
        IrNode *iff = stmt(lv, IR_IF, x->pos, file);
        iff->x = nc;
        ir_list_append(p, &iff->list, stmt(lv, IR_BREAK, x->pos, file));
        ir_list_append(p, &pre, iff);
    }
    if (firstdcl) ir_list_append(p, &x->init, firstdcl);
    for (uint32_t i = 0; i < x->list.n; i++) ir_list_append(p, &pre, x->list.v[i]);
    ir_list_append(p, &pre, lab);
    for (uint32_t i = 0; i < post.n; i++) ir_list_append(p, &pre, post.v[i]);
    x->list = pre;
    x->x = NULL;
    x->y = NULL;
    free(slots);
}

static void scan(LV *lv, IrNode *n) {
    if (!n) return;
    switch (n->op) {
    case IR_CLOSURE:
        if (lv->ret_depth >= lv->depth) break;
        for (uint32_t i = 0; n->u.fn && i < n->u.fn->ncvars; i++) {
            IrVar *v = n->u.fn->cvars[i];
            while (v->outer) v = v->outer;
            mark(lv, v);
        }
        return;
    case IR_ADDR: {
        if (lv->ret_depth >= lv->depth) break;
        IrNode *y = n->x ? outer_value(n->x) : NULL;
        if (y && y->op == IR_NAME && !(y->flags & IRF_FUNCNAME) && y->u.var) mark(lv, y->u.var);
        break;
    }
    case IR_RETURN: {
        int saved = lv->ret_depth;
        lv->ret_depth = lv->depth;
        scan_children(lv, n);
        lv->ret_depth = saved;
        return;
    }
    case IR_RANGE:
        if (!((n->flags & IRF_DEFINE) && (n->flags & IRF_DISTINCTVARS))) break;
        note(lv, n->y);
        note(lv, n->z);
        lv->depth++;
        scan_children(lv, n);
        lv->depth--;
        n->y = replace_range_var(lv, n->y, n);
        n->z = replace_range_var(lv, n->z, n);
        return;
    case IR_FOR: {
        if (!(n->flags & IRF_DISTINCTVARS)) break;
        uint32_t nd = init_defs(n, NULL, 0);
        IrNode ***slots = nd ? xcalloc(nd, sizeof *slots) : NULL;
        init_defs(n, slots, nd);
        for (uint32_t i = 0; i < nd; i++) note(lv, *slots[i]);
        free(slots);
        lv->depth++;
        scan_children(lv, n);
        lv->depth--;
        transform_for(lv, n);
        return;
    }
    default: break;
    }
    scan_children(lv, n);
}

/* Moves each fixed-up variable's DCL to the statement that now declares it. */
static void fix_list(LV *lv, IrList *l);

static void fix_node(LV *lv, IrNode *n) {
    if (!n) return;
    fix_list(lv, &n->init);
    fix_node(lv, n->x);
    fix_node(lv, n->y);
    fix_node(lv, n->z);
    fix_node(lv, n->w);
    fix_list(lv, &n->list);
    fix_list(lv, &n->rlist);
}

static void fix_list(LV *lv, IrList *l) {
    uint32_t j = 0;
    for (uint32_t i = 0; i < l->n; i++) {
        IrNode *n = l->v[i];
        if (n && n->op == IR_DCL && n->u.var) {
            IrNode *as = ptrmap_get(&lv->fixups, n->u.var);
            if (as) {
                IrList init = {0};
                ir_list_append(lv->L->p, &init, n);
                for (uint32_t k = 0; k < as->init.n; k++) ir_list_append(lv->L->p, &init, as->init.v[k]);
                as->init = init;
                ptrmap_put(&lv->fixups, n->u.var, NULL);
                continue;
            }
        }
        l->v[j++] = n;
        fix_node(lv, n);
    }
    l->n = j;
}

void lw_loopvar(Lower *L, IrFunc *fn) {
    LV lv = {.L = L, .fn = fn, .seq = 1};
    for (uint32_t i = 0; i < fn->body.n; i++) scan(&lv, fn->body.v[i]);
    if (lv.any) fix_list(&lv, &fn->body);
    ptrmap_free(&lv.leaked);
    ptrmap_free(&lv.fixups);
}
