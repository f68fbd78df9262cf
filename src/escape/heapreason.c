/* Allocations that must be on the heap whatever the flow (size, alignment,
   zero-sized elements), and gc's literal rewriting of make sizes and
   interface-converted values. */
#include "escape/esc_int.h"
#include <string.h>

static int64_t align_up(int64_t x, int64_t a) { return a > 1 ? (x + a - 1) / a * a : x; }

/* Size of the closure record: the function word plus captured variables
   (by value: the value, by reference: a pointer). */
static int64_t closure_size(EscBatch *b, IrFunc *fn) {
    EscCtx *c = b->c;
    int64_t off = 8;
    for (uint32_t i = 0; i < fn->ncvars; i++) {
        IrVar *cv = fn->cvars[i];
        if ((cv->flags & IRV_BYVAL) && cv->type) {
            Type *u = type_under(cv->type);
            int64_t al = c->sizes && u->kind != TY_TYPEPARAM ? type_alignof(c->sizes, cv->type) : 8;
            off = align_up(off, al) + esc_sizeof(c, cv->type);
        } else {
            off = align_up(off, 8) + 8;
        }
    }
    return align_up(off, 8);
}

static bool small_int_const(const IrNode *n, int64_t *v) {
    if (!n || n->op != IR_LITERAL || !n->u.val) return false;
    if (!const_int64_val(n->u.val, v)) return false;
    return (int64_t)(int32_t)*v == *v;
}

EscReason esc_heap_alloc_reason(EscBatch *b, EscLoc *l, const char **why) {
    EscCtx *c = b->c;
    *why = NULL;
    IrNode *n = l->n;
    Type *t = n ? n->type : l->var ? l->var->type : NULL;
    if (!t) return ER_NONE;
    if (!n && (l->var->cls == IRC_PARAM || l->var->cls == IRC_PARAMOUT)) return ER_NONE;
    int64_t maxvar = c->opt->smallframes ? 64 * 1024 : 128 * 1024;
    int64_t maximpl = c->opt->smallframes ? 16 * 1024 : 64 * 1024;
    if (type_under(t)->kind == TY_TYPEPARAM) return ER_NONE;
    if (esc_sizeof(c, t) > maxvar) return *why = "too large for stack", ER_TOO_LARGE;
    if (c->sizes && type_alignof(c->sizes, t) > 8) return *why = "too aligned for stack", ER_TOO_ALIGNED;
    if (!n) return ER_NONE;
    if (n->op == IR_NEW || n->op == IR_PTRLIT) {
        Type *el = esc_elem(t);
        if (el && esc_sizeof(c, el) > maximpl) return *why = "too large for stack", ER_TOO_LARGE;
        if (el && c->sizes && type_alignof(c->sizes, el) > 8)
            return *why = "too aligned for stack", ER_TOO_ALIGNED;
    }
    if (n->op == IR_CLOSURE && n->u.fn && closure_size(b, n->u.fn) > maximpl)
        return *why = "too large for stack", ER_TOO_LARGE;
    if (n->op == IR_METHVALUE && n->x && 8 + esc_sizeof(c, n->x->type) > maximpl)
        return *why = "too large for stack", ER_TOO_LARGE;
    if (n->op == IR_MAKESLICE) {
        IrNode *r = n->y ? n->y : n->x;
        Type *el = esc_elem(t);
        int64_t es = el ? esc_sizeof(c, el) : 1;
        if (es == 0) return *why = "zero-sized element", ER_ZERO_SIZED;
        int64_t v;
        if (!small_int_const(r, &v)) return ER_NONE;
        if (v > maximpl / es) return *why = "too large for stack", ER_TOO_LARGE;
    }
    return ER_NONE;
}

static IrNode *new_literal(EscBatch *b, const IrNode *at, Type *t, const Const *val) {
    IrNode *lit = arena_alloc(&b->c->pkg->late, sizeof *lit);
    lit->op = IR_LITERAL;
    lit->file = at->file;
    lit->pos = at->pos;
    lit->type = t;
    lit->u.val = val;
    return lit;
}

static bool valid_type_for_const(Type *t, const Const *v) {
    if (!t || !v) return false;
    switch (const_kind(v)) {
    case CONST_BOOL: return type_has_info(t, BINFO_BOOLEAN);
    case CONST_STRING: return type_has_info(t, BINFO_STRING);
    case CONST_INT: return type_has_info(t, BINFO_INTEGER);
    case CONST_FLOAT: return type_has_info(t, BINFO_FLOAT);
    case CONST_COMPLEX: return type_has_info(t, BINFO_COMPLEX);
    default: return false;
    }
}

static int64_t slicelit_len(const IrNode *lit) {
    int64_t pos = 0, len = 0;
    for (uint32_t i = 0; i < lit->list.n; i++) {
        const IrNode *el = lit->list.v[i];
        int64_t k;
        if (el && el->op == IR_KEY && el->x && el->x->op == IR_LITERAL && el->x->u.val &&
            const_int64_val(el->x->u.val, &k))
            pos = k;
        pos++;
        if (pos > len) len = pos;
    }
    return len;
}

void esc_rewrite_with_literals(EscBatch *b, EscLoc *l) {
    IrNode *n = l->n;
    if (!n || !l->curfn) return;
    EscCtx *c = b->c;
    if (n->op == IR_MAKESLICE) {
        IrNode **r = n->y ? &n->y : &n->x;
        if (!*r || (*r)->op == IR_LITERAL) return;
        IrNode *s = esc_static_value(b, l->curfn, *r);
        if (!s) return;
        if (s->op == IR_LITERAL && s->u.val && const_kind(s->u.val) == CONST_INT) {
            if (const_sign(s->u.val) >= 0) esc_replace(c, r, new_literal(b, n, (*r)->type, s->u.val));
        } else if (s->op == IR_LEN) {
            IrNode *arg = s->x ? s->x : (s->list.n ? s->list.v[0] : NULL);
            IrNode *x = arg ? esc_static_value(b, l->curfn, arg) : NULL;
            if (x && x->op == IR_SLICELIT && c->pkg->pkg && c->pkg->pkg->ctx) {
                Pkg *pk = c->pkg->pkg;
                esc_replace(c, r, new_literal(b, n, (Type *)pk->ctx->typ[BK_INT],
                                              const_int64(pk->consts, slicelit_len(x))));
            }
        }
    } else if (n->op == IR_CONVIFACE) {
        IrNode *x = n->x;
        if (!x || x->op == IR_LITERAL || esc_is_interface(x->type)) return;
        IrNode *v = esc_static_value(b, l->curfn, x);
        if (v && v != x && v->op == IR_LITERAL && valid_type_for_const(x->type, v->u.val)) {
            esc_replace(c, &n->x, new_literal(b, n, x->type, v->u.val));
        }
    }
}
