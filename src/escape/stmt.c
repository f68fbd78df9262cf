/* Statements and assignments; function walks with loop depth and labels. */
#include "escape/esc_int.h"
#include <string.h>

void esc_stmts(Esc *e, const IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) esc_stmt(e, l->v[i]);
}

void esc_block(Esc *e, const IrList *l) {
    int old = e->loopdepth;
    esc_stmts(e, l);
    e->loopdepth = old;
}

static EscHole dcl(Esc *e, IrVar *v) {
    EscLoc *l = esc_var_loc(e->b, v);
    if (!l) return esc_discard_hole(e->b);
    l->loopdepth = e->loopdepth;
    return esc_hole(l);
}

static void mutate(Esc *e, IrNode *n) { esc_expr(e, esc_mutator_hole(e->b), n); }

void esc_assign_heap(Esc *e, IrNode *src, const char *why, IrNode *where) {
    esc_expr(e, hole_note(e->b, esc_heap_hole(e->b), where, why), src);
}

EscHole esc_addr(Esc *e, IrNode *n) {
    EscBatch *b = e->b;
    if (!n || esc_is_blank(b->c, n)) return esc_discard_hole(b);
    EscHole k = esc_heap_hole(b);
    switch (n->op) {
    case IR_NAME:
        if (esc_name_is_var(b->c, n)) {
            IrVar *v = esc_canonical(n->u.var);
            if (v->cls == IRC_EXTERN) break;
            EscLoc *l = esc_var_loc(b, v);
            if (l) k = esc_hole(l);
        }
        break;
    case IR_DOT:
        k = esc_addr(e, n->x);
        break;
    case IR_INDEX:
        esc_discard(e, n->y);
        if (n->x && esc_is_kind(n->x->type, TY_ARRAY)) k = esc_addr(e, n->x);
        else mutate(e, n->x);
        break;
    case IR_DEREF: case IR_DOTPTR:
        mutate(e, n->x);
        break;
    case IR_INDEXMAP:
        esc_discard(e, n->x);
        esc_assign_heap(e, n->y, "key of map put", n);
        break;
    default:
        break;
    }
    return k;
}

/* ---- self-assignment */

static bool same_safe_expr(EscCtx *c, const IrNode *l, const IrNode *r) {
    while (l && l->op == IR_CONVNOP) l = l->x;
    while (r && r->op == IR_CONVNOP) r = r->x;
    if (!l || !r || l->op != r->op) return false;
    if (l->type && r->type && !type_identical(l->type, r->type)) return false;
    switch (l->op) {
    case IR_NAME:
        return l->u.var == r->u.var;
    case IR_DOT: case IR_DOTPTR:
        return l->sel && l->sel == r->sel && same_safe_expr(c, l->x, r->x);
    case IR_DEREF:
        return same_safe_expr(c, l->x, r->x);
    case IR_UNARY:
        return l->tok == r->tok && same_safe_expr(c, l->x, r->x);
    case IR_CONV: {
        Type *u = l->type ? type_under(l->type) : NULL;
        bool simple = u && u->kind == TY_BASIC && AS_BASIC(u)->bkind != BK_STRING &&
                      AS_BASIC(u)->bkind != BK_UNSAFE_POINTER;
        return simple && same_safe_expr(c, l->x, r->x);
    }
    case IR_INDEX: case IR_INDEXMAP:
        return same_safe_expr(c, l->x, r->x) && same_safe_expr(c, l->y, r->y);
    case IR_BINARY:
        switch (l->tok) {
        case T_ADD: case T_SUB: case T_OR: case T_XOR: case T_MUL: case T_SHL: case T_SHR:
        case T_AND: case T_AND_NOT: case T_QUO: case T_REM:
            return l->tok == r->tok && same_safe_expr(c, l->x, r->x) && same_safe_expr(c, l->y, r->y);
        default:
            return false;
        }
    case IR_LITERAL:
        return l->u.val && r->u.val && const_compare(l->u.val, T_EQL, r->u.val);
    case IR_NIL:
        return true;
    default:
        return false;
    }
}

static bool may_affect_memory(const IrNode *n) {
    if (!n) return false;
    switch (n->op) {
    case IR_NAME: case IR_LITERAL: case IR_NIL:
        return false;
    case IR_BINARY:
        switch (n->tok) {
        case T_ADD: case T_SUB: case T_OR: case T_XOR: case T_MUL: case T_SHL: case T_SHR:
        case T_AND: case T_AND_NOT: case T_QUO: case T_REM:
            return may_affect_memory(n->x) || may_affect_memory(n->y);
        default:
            return true;
        }
    case IR_INDEX:
        return may_affect_memory(n->x) || may_affect_memory(n->y);
    case IR_CONVNOP: case IR_CONV: case IR_LEN: case IR_CAP: case IR_UNARY: case IR_DOT:
    case IR_DOTPTR: case IR_DEREF:
        return may_affect_memory(n->x);
    default:
        return true;
    }
}

static bool is_slice_self_assign(const IrNode *dst, const IrNode *src) {
    const IrNode *dx;
    if (dst->op == IR_DEREF || dst->op == IR_DOTPTR) dx = dst->x;
    else return false;
    if (!dx || dx->op != IR_NAME) return false;
    switch (src->op) {
    case IR_SLICE: case IR_SLICE3: case IR_SLICESTR:
        break;
    case IR_SLICEARR: case IR_SLICE3ARR:
        if (src->x && src->x->op == IR_ADDR) return false;
        break;
    default:
        return false;
    }
    const IrNode *base = src->x;
    if (!base || (base->op != IR_DEREF && base->op != IR_DOTPTR)) return false;
    const IrNode *bx = base->x;
    return bx && bx->op == IR_NAME && bx->u.var == dx->u.var;
}

bool esc_is_self_assign(EscCtx *c, const IrNode *dst, const IrNode *src) {
    if (!dst || !src) return false;
    if (is_slice_self_assign(dst, src)) return true;
    if (dst->op != src->op) return false;
    switch (dst->op) {
    case IR_DOT: case IR_DOTPTR:
        return same_safe_expr(c, dst->x, src->x);
    case IR_INDEX:
        if (may_affect_memory(dst->y) || may_affect_memory(src->y)) return false;
        return same_safe_expr(c, dst->x, src->x);
    default:
        return false;
    }
}

static bool is_reflect_header_data(const IrNode *n) {
    if (!n || n->op != IR_DOTPTR || !n->sel || !n->sel->name || strcmp(n->sel->name, "Data") != 0)
        return false;
    Type *pt = n->x ? esc_elem(n->x->type) : NULL;
    if (!pt || pt->kind != TY_NAMED) return false;
    Object *o = AS_NAMED(pt)->obj;
    return o && o->pkg && o->pkg->path && strcmp(o->pkg->path, "reflect") == 0 &&
           (strcmp(o->name, "SliceHeader") == 0 || strcmp(o->name, "StringHeader") == 0);
}

static void reassigned(Esc *e, EscHole *ks, uint32_t n, IrNode *where) {
    EscCtx *c = e->b->c;
    if (where->op == IR_AS && !where->y && where->x && esc_name_is_var(c, where->x) &&
        !where->x->u.var->defn)
        return;
    for (uint32_t i = 0; i < n; i++) {
        EscLoc *l = ks[i].dst;
        if (l->var && l->var->defn == where && where->op != IR_RANGE) continue;
        l->reassigned = true;
    }
}

/* dsts: destination nodes (NULL entries allowed when holes come from vars). */
static void assign_list(Esc *e, IrNode **dsts, EscHole *ks, uint32_t n, IrNode **srcs,
                        uint32_t nsrcs, const char *why, IrNode *where) {
    EscBatch *b = e->b;
    for (uint32_t i = 0; i < n; i++) {
        IrNode *src = i < nsrcs ? srcs[i] : NULL;
        EscHole k = ks[i];
        IrNode *dst = dsts ? dsts[i] : NULL;
        if (dst) {
            if (is_reflect_header_data(dst)) {
                /* store of a uintptr into reflect.Header.Data */
                EscHole hk = hole_note(b, esc_heap_hole(b), where, why);
                esc_unsafe_value(e, hk, src);
                continue;
            }
            if (src && esc_is_self_assign(b->c, dst, src)) {
                if (b->c->opt->m != 0) {
                    StrBuf *sb = &b->c->sb;
                    sb_reset(sb);
                    esc_fmt_stmt(b->c, sb, where);
                    esc_msg(b->c, EM_SELF_ASSIGN, where->file, where->pos, e->curfn, where, NULL,
                            "%s ignoring self-assignment in %s", esc_func_qualname(e->b->c, e->curfn), sb_cstr(sb));
                }
                k = esc_discard_hole(b);
            }
        }
        esc_expr(e, hole_note(b, k, where, why), src);
    }
    reassigned(e, ks, n, where);
}

static void assign_nodes(Esc *e, IrNode **dsts, uint32_t n, IrNode **srcs, uint32_t nsrcs,
                         const char *why, IrNode *where) {
    EscHole small[4];
    EscHole *ks = n <= 4 ? small : arena_alloc(&e->b->arena, n * sizeof *ks);
    for (uint32_t i = 0; i < n; i++) ks[i] = esc_addr(e, dsts[i]);
    assign_list(e, dsts, ks, n, srcs, nsrcs, why, where);
}

static void range_stmt(Esc *e, IrNode *n) {
    EscBatch *b = e->b;
    EscLoc *tmp = esc_new_loc(e, NULL, NULL, true);
    esc_expr(e, esc_hole(tmp), n->x);
    e->loopdepth++;
    EscHole ks[2] = {esc_addr(e, n->y), esc_addr(e, n->z)};
    if (n->x && esc_is_kind(n->x->type, TY_ARRAY))
        esc_flow(b, hole_note(b, ks[1], n, "range"), tmp);
    else
        esc_flow(b, hole_deref(b, ks[1], n, "range-deref"), tmp);
    reassigned(e, ks, 2, n);
    esc_block(e, &n->list);
    e->loopdepth--;
}

static void switch_stmt(Esc *e, IrNode *n) {
    EscBatch *b = e->b;
    IrNode *g = n->x;
    if (g && g->op == IR_TYPESW) {
        uint32_t nk = 0;
        EscHole *ks = NULL;
        if (g->u.var) {
            ks = arena_alloc(&b->arena, (n->list.n + 1) * sizeof *ks);
            for (uint32_t i = 0; i < n->list.n; i++) {
                IrNode *cas = n->list.v[i];
                IrVar *cv = cas ? cas->u.var : NULL;
                if (!cv) continue;
                EscHole k = dcl(e, cv);
                if (esc_has_pointers(b->c, cv->type)) ks[nk++] = hole_dottype(b, k, cv->type, cas, "switch case");
            }
        }
        esc_expr(e, esc_tee(e, ks, nk), g->x);
    } else {
        esc_discard(e, g);
    }
    for (uint32_t i = 0; i < n->list.n; i++) {
        IrNode *cas = n->list.v[i];
        if (!cas) continue;
        esc_discards(e, &cas->list);
        esc_block(e, &cas->rlist);
    }
}

int esc_static_cond(const IrNode *n) {
    if (!n || n->op != IR_IF || !n->x || n->x->op != IR_LITERAL || !n->x->u.val ||
        const_kind(n->x->u.val) != CONST_BOOL)
        return 0;
    return const_bool_val(n->x->u.val) ? 1 : -1;
}

static bool is_global_name(EscCtx *c, const IrNode *n) {
    return n && n->op == IR_NAME && esc_name_is_var(c, n) && n->u.var->cls == IRC_EXTERN;
}

/* staticinit's isSideEffect over a whole tree: operators, conversions,
   literals and composite literals are pure; division needs a non-zero
   constant divisor, make(map/chan) a constant zero size. */
static bool no_side_effects(const IrNode *n) {
    if (!n) return true;
    switch (n->op) {
    case IR_NAME: case IR_LITERAL: case IR_NIL: case IR_TYPE: case IR_METHEXPR: case IR_CLOSURE:
    case IR_UNARY: case IR_ANDAND: case IR_OROR: case IR_ADDSTR: case IR_ADDR:
    case IR_BYTES2STR: case IR_RUNES2STR: case IR_STR2BYTES: case IR_STR2RUNES: case IR_RUNESTR:
    case IR_CONV: case IR_CONVNOP: case IR_CONVIFACE: case IR_DOT: case IR_LEN: case IR_CAP:
    case IR_STRUCTLIT: case IR_ARRAYLIT: case IR_SLICELIT: case IR_MAPLIT: case IR_PTRLIT:
    case IR_KEY: case IR_STRUCTKEY: case IR_NEW: case IR_REAL: case IR_IMAG: case IR_COMPLEX:
        break;
    case IR_BINARY:
        if ((n->tok == T_QUO || n->tok == T_REM) &&
            (!n->y || n->y->op != IR_LITERAL || !n->y->u.val || const_sign(n->y->u.val) == 0))
            return false;
        break;
    case IR_MAKEMAP: case IR_MAKECHAN:
        if (n->x && (n->x->op != IR_LITERAL || !n->x->u.val || const_sign(n->x->u.val) != 0))
            return false;
        break;
    default:
        return false;
    }
    if (n->op == IR_CLOSURE) return true;   /* its body is a function of its own */
    for (uint32_t i = 0; i < n->init.n; i++)
        if (!no_side_effects(n->init.v[i])) return false;
    for (uint32_t i = 0; i < n->list.n; i++)
        if (!no_side_effects(n->list.v[i])) return false;
    for (uint32_t i = 0; i < n->rlist.n; i++)
        if (!no_side_effects(n->rlist.v[i])) return false;
    return no_side_effects(n->x) && no_side_effects(n->y) && no_side_effects(n->z) &&
           no_side_effects(n->w);
}

static bool can_repeat(const IrNode *n) {
    while (n && (n->op == IR_CONV || n->op == IR_CONVNOP)) n = n->x;
    return !n || n->op == IR_NAME || n->op == IR_LITERAL || n->op == IR_NIL;
}

static void count_uses(const IrNode *n, IrVar *v, int *k, bool *closure) {
    if (!n) return;
    if (n->op == IR_NAME && !(n->flags & IRF_FUNCNAME) && n->u.var == v) (*k)++;
    if (n->op == IR_CLOSURE && n->u.fn && n->u.fn->ncvars) *closure = true;
    for (uint32_t i = 0; i < n->init.n; i++) count_uses(n->init.v[i], v, k, closure);
    count_uses(n->x, v, k, closure);
    count_uses(n->y, v, k, closure);
    count_uses(n->z, v, k, closure);
    count_uses(n->w, v, k, closure);
    for (uint32_t i = 0; i < n->list.n; i++) count_uses(n->list.v[i], v, k, closure);
    for (uint32_t i = 0; i < n->rlist.n; i++) count_uses(n->rlist.v[i], v, k, closure);
}

typedef struct InlArgs {
    IrNode *as2;            /* p1, p2 := args */
} InlArgs;

static IrNode *subst_param(IrCopy *c, const IrNode *n) {
    InlArgs *a = c->data;
    if (n->op != IR_NAME || (n->flags & IRF_FUNCNAME)) return NULL;
    for (uint32_t i = 0; i < a->as2->list.n && i < a->as2->rlist.n; i++) {
        IrNode *p = a->as2->list.v[i];
        if (p && p->op == IR_NAME && p->u.var == n->u.var) return a->as2->rlist.v[i];
    }
    return NULL;
}

static IrNode *fold_subst(Esc *e, IrNode *n, bool *valid);

static bool fold_list(Esc *e, IrList *l, bool *valid) {
    bool changed = false;
    IrNode **v = NULL;
    for (uint32_t i = 0; i < l->n; i++) {
        IrNode *k = fold_subst(e, l->v[i], valid);
        if (k == l->v[i] && !v) continue;
        if (!v) {
            v = arena_alloc_raw(&e->b->c->pkg->late, (l->n ? l->n : 1) * sizeof *v);
            memcpy(v, l->v, i * sizeof *v);
        }
        v[i] = k;
        changed = true;
    }
    if (changed) l->v = v;      /* l is the caller's copy of the list */
    return changed;
}

/* A constant string concatenation, or a conversion of a constant, after
   the arguments replaced the parameters: folded as gc's subst does (a
   conversion it cannot make clears *valid). Nodes are copied before they
   change: the arguments are shared with the call. */
static IrNode *fold_subst(Esc *e, IrNode *n, bool *valid) {
    if (!n || !*valid || n->op == IR_CLOSURE) return n;
    IrPackage *P = e->b->c->pkg;
    IrNode *x = fold_subst(e, n->x, valid), *y = fold_subst(e, n->y, valid);
    IrNode *z = fold_subst(e, n->z, valid), *w = fold_subst(e, n->w, valid);
    IrList init = n->init, list = n->list, rlist = n->rlist;
    /* all three folded, whichever changed */
    bool ci = fold_list(e, &init, valid), cl = fold_list(e, &list, valid), cr = fold_list(e, &rlist, valid);
    bool changed = ci || cl || cr;
    IrNode *m = n;
    if (changed || x != n->x || y != n->y || z != n->z || w != n->w) {
        m = ir_late_node(P, n->op, n->file, n->pos, n->type);
        *m = *n;
        m->x = x, m->y = y, m->z = z, m->w = w;
        m->init = init, m->list = list, m->rlist = rlist;
    }
    if (m->op == IR_ADDSTR && m->list.n && !m->init.n) {
        StrBuf b = {0};
        bool all = true;
        for (uint32_t i = 0; i < m->list.n && all; i++) {
            const IrNode *k = m->list.v[i];
            all = k && k->op == IR_LITERAL && k->u.val && const_kind(k->u.val) == CONST_STRING;
            size_t len;
            const char *sv = all ? const_string_val(k->u.val, &len) : NULL;
            if (sv) sb_put(&b, sv, len);
        }
        if (all) {
            IrNode *lit = ir_late_node(P, IR_LITERAL, m->file, m->pos, m->type);
            lit->u.val = const_string(P->pkg->consts, b.data ? b.data : "", b.len);
            m = lit;
        }
        sb_free(&b);
        return m;
    }
    if (m->op == IR_CONV && m->x && m->x->op == IR_LITERAL && m->x->u.val && m->type && m->x->type) {
        Type *ct = type_under(m->x->type), *t = type_under(m->type);
        if (ct->kind != TY_BASIC || t->kind != TY_BASIC) {
            *valid = false;
            return m;
        }
        const Const *cv = m->x->u.val;
        if (((BasicType *)ct)->bkind != ((BasicType *)t)->bkind) {
            /* integers: truncated or extended, as a conversion of a variable */
            int64_t sv;
            uint64_t uv;
            int64_t bits = 8 * type_sizeof(&P->pkg->ctx->sizes, m->type);
            bool ok = type_has_info(m->x->type, BINFO_INTEGER) && type_has_info(m->type, BINFO_INTEGER) &&
                      bits > 0 && bits <= 64 && (const_int64_val(cv, &sv) ? (uv = (uint64_t)sv, true)
                                                                          : const_uint64_val(cv, &uv));
            if (!ok) {
                *valid = false;
                return m;
            }
            if (bits < 64) uv &= ((uint64_t)1 << bits) - 1;
            if (type_has_info(m->type, BINFO_UNSIGNED)) {
                cv = const_uint64(P->pkg->consts, uv);
            } else {
                if (bits < 64 && (uv >> (bits - 1)) & 1) uv |= ~(((uint64_t)1 << bits) - 1);
                cv = const_int64(P->pkg->consts, (int64_t)uv);
            }
        }
        IrNode *lit = ir_late_node(P, IR_LITERAL, m->file, m->pos, m->type);
        lit->u.val = cv;
        return lit;
    }
    return m;
}

/* staticinit's staticAssignInlinedCall: `G = F(args)` with F inlined as
   `{ r := expr; goto .i }` is laid out as G = expr[params := args]. Returns
   that expression, or NULL when gc initialises G dynamically. */
static IrNode *static_inlined_call(Esc *e, IrNode *n) {
    if (n->init.n != 1 || !n->init.v[0] || n->init.v[0]->op != IR_AS2) return NULL;
    IrNode *as2 = n->init.v[0];
    if (n->rlist.n != 2 || !n->rlist.v[0] || n->rlist.v[0]->op != IR_BLOCK || !n->rlist.v[1] ||
        n->rlist.v[1]->op != IR_LABEL)
        return NULL;
    const IrList *l = &n->rlist.v[0]->list;
    if (l->n != 3 || l->v[0]->op != IR_DCL || l->v[1]->op != IR_AS2 || l->v[2]->op != IR_GOTO ||
        l->v[2]->u.label != n->rlist.v[1]->u.label)
        return NULL;
    IrNode *body = l->v[1];
    if (body->list.n != 1 || body->rlist.n != 1 || !body->list.v[0] || body->list.v[0]->op != IR_NAME ||
        body->list.v[0]->u.var != l->v[0]->u.var)
        return NULL;
    IrNode *rhs = body->rlist.v[0];
    for (uint32_t i = 0; i < as2->list.n; i++) {
        IrNode *p = as2->list.v[i];
        if (p && p->op == IR_NAME && p->u.var && (p->u.var->flags & IRV_ADDRTAKEN)) return NULL;
    }
    for (uint32_t i = 0; i < as2->rlist.n; i++)
        if (!no_side_effects(as2->rlist.v[i])) return NULL;
    bool closure = false;
    for (uint32_t i = 0; i < as2->list.n && i < as2->rlist.n; i++) {
        IrNode *p = as2->list.v[i];
        if (!p || p->op != IR_NAME || !p->u.var) continue;
        int k = 0;
        count_uses(rhs, p->u.var, &k, &closure);
        if (k > 1 && !can_repeat(as2->rlist.v[i])) return NULL;
    }
    count_uses(rhs, NULL, &(int){0}, &closure);
    if (closure) return NULL;
    InlArgs a = {as2};
    IrCopy c = {.dst = e->b->c->pkg, .arena = &e->b->c->pkg->late, .node_hook = subst_param, .data = &a,
                .no_closures = true};
    IrNode *r = ir_copy_node(&c, rhs);
    ir_copy_free(&c);
    bool valid = true;
    r = fold_subst(e, r, &valid);
    return valid ? r : NULL;
}

/* Whether staticinit's StaticAssign takes n itself (its parts may still be
   assigned dynamically); when it does not take what an inlined call
   substitutes to, the inlined call stays as it is. */
static bool static_top(Esc *e, IrNode *n) {
    EscCtx *c = e->b->c;
    while (n && n->op == IR_CONVNOP && !n->init.n) n = n->x;
    /* an inlined call's init is its parameters' assignment, which
       staticAssignInlinedCall looks into */
    if (n && n->op == IR_INLCALL) {
        IrNode *r = static_inlined_call(e, n);
        return r && static_top(e, r);
    }
    if (!n || n->init.n) return !n;
    switch (n->op) {
    case IR_LITERAL: case IR_NIL: case IR_METHEXPR: case IR_TYPE:
    case IR_SLICELIT: case IR_ARRAYLIT: case IR_STRUCTLIT:
        return true;
    case IR_NAME: return !esc_name_is_var(c, n) || n->u.var->cls == IRC_EXTERN;
    case IR_ADDR: return is_global_name(c, n->x);
    case IR_CLOSURE: return n->u.fn && n->u.fn->ncvars == 0;
    case IR_STR2BYTES: return n->x && n->x->op == IR_LITERAL;
    case IR_PTRLIT:
        return n->x && (n->x->op == IR_STRUCTLIT || n->x->op == IR_ARRAYLIT || n->x->op == IR_SLICELIT ||
                        n->x->op == IR_MAPLIT);
    case IR_CONVIFACE: return n->x && !esc_is_interface(n->x->type);
    default: return false;
    }
}

/* Package-level initialisation `G = rhs`: gc lays out what it can as static
   data (literals, constants, addresses of globals, capture-free func
   literals, interface boxes) and assigns only the dynamic parts, into static
   memory. */
static void static_init(Esc *e, IrNode *n, IrNode *as) {
    EscBatch *b = e->b;
    if (!n) return;
    if (ir_pkg_fips(b->c->pkg->pkg)) {
        if (ir_fips_static_leaf(n)) return;
        if (n->op == IR_CONVNOP) {
            esc_stmts(e, &n->init);
            static_init(e, n->x, as);
            return;
        }
        if (n->op != IR_STRUCTLIT && n->op != IR_ARRAYLIT) {
            esc_expr(e, hole_note(b, esc_heap_hole(b), as, "assign"), n);
            return;
        }
    }
    switch (n->op) {
    case IR_LITERAL: case IR_NIL: case IR_METHEXPR: case IR_TYPE:
        return;
    case IR_NAME:
        if (!esc_name_is_var(b->c, n) || n->u.var->cls == IRC_EXTERN) return;
        break;
    case IR_ADDR:
        if (is_global_name(b->c, n->x)) return;
        break;
    case IR_CLOSURE:
        if (n->u.fn && n->u.fn->ncvars == 0) return;
        break;
    case IR_STR2BYTES:
        if (n->x && n->x->op == IR_LITERAL) return;
        break;
    case IR_INLCALL: {
        IrNode *r = static_inlined_call(e, n);
        if (r && static_top(e, r)) {
            static_init(e, r, as);
            return;
        }
        break;
    }
    case IR_PTRLIT: case IR_CONVNOP:
        esc_stmts(e, &n->init);
        static_init(e, n->x, as);
        return;
    case IR_CONVIFACE:
        if (n->x && esc_is_interface(n->x->type)) break;
        esc_stmts(e, &n->init);
        static_init(e, n->x, as);
        return;
    case IR_SLICELIT: case IR_ARRAYLIT: case IR_STRUCTLIT:
        esc_stmts(e, &n->init);
        for (uint32_t i = 0; i < n->list.n; i++) {
            IrNode *el = n->list.v[i];
            if (el && el->op == IR_KEY) el = el->y;
            else if (el && el->op == IR_STRUCTKEY) el = el->x;
            static_init(e, el, as);
        }
        return;
    default:
        break;
    }
    esc_expr(e, hole_note(b, esc_heap_hole(b), as, "assign"), n);
}

void esc_stmt(Esc *e, IrNode *n) {
    if (!n) return;
    EscBatch *b = e->b;
    esc_stmts(e, &n->init);
    switch ((IrOp)n->op) {
    case IR_FALL: case IR_BREAK: case IR_CONTINUE: case IR_GOTO:
        break;
    case IR_BLOCK:
        esc_stmts(e, &n->list);
        break;
    case IR_DCL:
        if (n->u.var && !(n->u.var->name && strcmp(n->u.var->name, "_") == 0)) dcl(e, n->u.var);
        break;
    case IR_LABEL:
        if (n->u.label && strcmp(n->u.label, "_") != 0) {
            intptr_t st = (intptr_t)ptrmap_get(&e->labels, n->u.label);
            if (st == LABEL_LOOPING) e->loopdepth++;
            if (st) ptrmap_put(&e->labels, n->u.label, (void *)(intptr_t)-1);
        }
        break;
    case IR_IF: {
        /* constant conditions: the dead branch is not in gc's IR */
        int cond = esc_static_cond(n);
        esc_discard(e, n->x);
        if (cond >= 0) esc_block(e, &n->list);
        if (cond <= 0) esc_block(e, &n->rlist);
        break;
    }
    case IR_FOR:
        e->loopdepth++;
        esc_discard(e, n->x);
        esc_stmt(e, n->y);
        esc_block(e, &n->list);
        e->loopdepth--;
        break;
    case IR_RANGE:
        range_stmt(e, n);
        break;
    case IR_SWITCH:
        switch_stmt(e, n);
        break;
    case IR_SELECT:
        for (uint32_t i = 0; i < n->list.n; i++) {
            IrNode *cas = n->list.v[i];
            if (!cas) continue;
            esc_stmt(e, cas->x);
            esc_block(e, &cas->rlist);
        }
        break;
    case IR_RECV:
        esc_expr_skip_init(e, esc_discard_hole(b), n);
        break;
    case IR_SEND:
        esc_discard(e, n->x);
        esc_assign_heap(e, n->y, "send", n);
        break;
    case IR_AS: case IR_ASOP: {
        IrNode *d = n->x, *s = n->y;
        if (n->op == IR_AS && (e->curfn->flags & IRFN_INIT) && is_global_name(b->c, d) && s) {
            static_init(e, s, n);
            break;
        }
        assign_nodes(e, &d, 1, &s, 1, "assign", n);
        break;
    }
    case IR_AS2:
        assign_nodes(e, n->list.v, n->list.n, n->rlist.v, n->rlist.n, "assign-pair", n);
        break;
    case IR_AS2DOTTYPE: case IR_AS2MAPR: case IR_AS2RECV: {
        const char *why = n->op == IR_AS2DOTTYPE ? "assign-pair-dot-type"
                          : n->op == IR_AS2MAPR  ? "assign-pair-mapr"
                                                 : "assign-pair-receive";
        IrNode *s = n->y;
        if (!s && n->rlist.n) s = n->rlist.v[0];
        assign_nodes(e, n->list.v, n->list.n, &s, 1, why, n);
        break;
    }
    case IR_AS2FUNC: {
        IrNode *call = n->y ? n->y : (n->rlist.n ? n->rlist.v[0] : NULL);
        if (!call) break;
        esc_stmts(e, &call->init);
        uint32_t nk = n->list.n;
        EscHole *ks = arena_alloc(&b->arena, (nk + 1) * sizeof *ks);
        for (uint32_t i = 0; i < nk; i++) ks[i] = esc_addr(e, n->list.v[i]);
        esc_call(e, ks, nk, call);
        reassigned(e, ks, nk, n);
        break;
    }
    case IR_RETURN: {
        IrFunc *fn = e->curfn;
        uint32_t nr = fn->nresults;
        EscHole *ks = arena_alloc(&b->arena, (nr + 1) * sizeof *ks);
        for (uint32_t i = 0; i < nr; i++) {
            IrVar *rv = fn->results[i];
            EscLoc *l = esc_var_loc(b, rv);
            bool blank = rv && rv->name && strcmp(rv->name, "_") == 0;
            ks[i] = (l && !blank) ? esc_hole(l) : esc_discard_hole(b);
        }
        assign_list(e, NULL, ks, nr, n->list.v, n->list.n, "return", n);
        break;
    }
    case IR_CALLFUNC: case IR_CALLINTER: case IR_INLCALL: case IR_CLEAR: case IR_CLOSE:
    case IR_COPY: case IR_DELETE: case IR_PANIC: case IR_PRINT: case IR_PRINTLN: case IR_RECOVER:
        esc_call(e, NULL, 0, n);
        break;
    case IR_GO: case IR_DEFER:
        esc_go_defer(e, n);
        break;
    case IR_TAILCALL:
        if (n->x) esc_call(e, NULL, 0, n->x);
        break;
    default:
        /* an expression used as a statement */
        if (n->type) esc_discard(e, n);
        break;
    }
}

/* Marks labels that are targets of a later backward goto. */
static void scan_labels(Esc *e, const IrNode *n);
static void scan_list(Esc *e, const IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) scan_labels(e, l->v[i]);
}
void esc_scan_label(PtrMap *labels, const IrNode *n) {
    if (n->op == IR_LABEL && n->u.label && strcmp(n->u.label, "_") != 0)
        ptrmap_put(labels, n->u.label, (void *)(intptr_t)LABEL_NONLOOPING);
    else if (n->op == IR_GOTO && n->u.label &&
             (intptr_t)ptrmap_get(labels, n->u.label) == LABEL_NONLOOPING)
        ptrmap_put(labels, n->u.label, (void *)(intptr_t)LABEL_LOOPING);
}

static void scan_labels(Esc *e, const IrNode *n) {
    if (!n) return;
    esc_scan_label(&e->labels, n);
    if (n->op == IR_CLOSURE) return;
    int cond = esc_static_cond(n);
    scan_list(e, &n->init);
    scan_labels(e, n->x);
    scan_labels(e, n->y);
    scan_labels(e, n->z);
    scan_labels(e, n->w);
    if (cond >= 0) scan_list(e, &n->list);
    if (cond <= 0) scan_list(e, &n->rlist);
}

void esc_walk_func(EscBatch *b, IrFunc *fn) {
    Esc e = {.b = b, .curfn = fn, .loopdepth = 1};
    EscFnInfo *fi = esc_fn_info(b->c, fn);
    if (fi) fi->state = FN_STARTED;
    if (fi && fi->labels_ready) {
        /* found by the SCC walk (escape.c); once only */
        e.labels = fi->labels;
        memset(&fi->labels, 0, sizeof fi->labels);
        fi->labels_ready = false;
    } else {
        scan_list(&e, &fn->body);
    }
    esc_block(&e, &fn->body);
    ptrmap_free(&e.labels);
}
