/* gc 1.27's inlinability decision (inline.CanInline): functions are visited
   bottom-up over the static call graph's strongly connected components, so
   that a call's cost can include the callee's when the callee will be
   inlined there; each body is measured by a node-counting visitor with gc's
   per-op adjustments against a budget of 80 (800 for func literals). */
#include "inl_int.h"
#include "ir/final.h"
#include "base/strbuf.h"
#include "base/util.h"
#include "base/vec.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_BUDGET = 80,
    EXTRA_CALL_COST = 57,
    PARAM_CALL_COST = 17,
    EXTRA_PANIC_COST = 1,
    EXTRA_THROW_COST = MAX_BUDGET,
    CLOSURE_COST = 15,
    BIG_FUNCTION_NODES = 5000,
    BIG_FUNCTION_MAX_COST = 20,
    CLOSURE_CALLED_ONCE_COST = 10 * MAX_BUDGET,
};

#define SCC_DONE UINT32_MAX


/* ------------------------------------------------------------------ helpers */

/* gc's ClosureParent != nil: a func literal or go/defer wrapper (package
   level ones included: their parent is the package init function). */
static bool has_closure_parent(const IrFunc *fn) { return (fn->flags & IRFN_CLOSURE) != 0; }

/* A function's InlFunc hangs on IrFunc.extra during the analysis; the
   decisions make them, and the interleaved pass's first half, beside them,
   makes none until they are done. */
static InlFunc *info_of(Inl *in, IrFunc *fn) {
    InlFunc *f = __atomic_load_n(&fn->extra, __ATOMIC_ACQUIRE);
    if (f) return f;
    if (in->beside) {
        inl_await(in, NULL);
        if ((f = __atomic_load_n(&fn->extra, __ATOMIC_ACQUIRE))) return f;
    }
    f = arena_alloc(&in->sum->arena, sizeof *f);
    f->fn = fn;
    f->obj = fn->obj;
    f->state = INL_UNCHECKED;
    f->closure = has_closure_parent(fn);
    f->name = fn->name ? arena_strndup(&in->sum->arena, fn->name, strlen(fn->name)) : "?";
    f->pkg = fn->genpkg ? fn->genpkg : in->p->pkg;
    if (fn->obj) ptrmap_put(&in->sum->funcs, fn->obj, f);
    __atomic_store_n(&fn->extra, f, __ATOMIC_RELEASE);
    return f;
}

void inl_await(Inl *in, const IrFunc *fn) {
    InlSide *s = in->side;
    if (!s || (fn && __atomic_load_n(&fn->tag, __ATOMIC_ACQUIRE) >= 2)) return;
    pthread_mutex_lock(&s->mu);
    while (!s->done && !(fn && __atomic_load_n(&fn->tag, __ATOMIC_ACQUIRE) >= 2))
        pthread_cond_wait(&s->cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
}

/* The decisions thread: fns are decided (IrFunc.tag: 2 + whether big), or
   all are (fns NULL). */
static void decided(Inl *in, IrFunc *const *fns, size_t n) {
    InlSide *s = in->side;
    if (!s) return;
    for (size_t i = 0; i < n; i++)
        __atomic_store_n(&fns[i]->tag, 2 + (__atomic_load_n(&fns[i]->tag, __ATOMIC_RELAXED) == 1),
                         __ATOMIC_RELEASE);
    pthread_mutex_lock(&s->mu);
    if (!fns) s->done = true;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* gc's Func.IsClosure: a func literal capturing variables. */
static bool is_closure(const IrFunc *fn) { return (fn->flags & IRFN_CLOSURE) && fn->ncvars > 0; }

void inl_add_msg_at(Inl *in, const IrFunc *fn, const SourceFile *file, Pos pos, const char *text) {
    InlResult *r = in->out;
    if (!r) return;
    if (r->nmsgs == r->capmsgs) {
        r->capmsgs = r->capmsgs ? 2 * r->capmsgs : 64;
        r->msgs = xrealloc(r->msgs, r->capmsgs * sizeof *r->msgs);
    }
    InlMsg *m = &r->msgs[r->nmsgs++];
    m->file = file;
    m->pos = pos;
    m->text = arena_strndup(&r->arena, text, strlen(text));
    m->fn = fn;
}

static void add_msg(Inl *in, const IrFunc *fn, const char *text) {
    InlResult *r = in->out;
    if (!r) return;
    if (r->nmsgs == r->capmsgs) {
        r->capmsgs = r->capmsgs ? 2 * r->capmsgs : 64;
        r->msgs = xrealloc(r->msgs, r->capmsgs * sizeof *r->msgs);
    }
    InlMsg *m = &r->msgs[r->nmsgs++];
    m->file = fn->file;
    m->pos = fn->pos;
    m->text = arena_strndup(&r->arena, text, strlen(text));
    m->fn = fn;
}

static const char *pkg_path(const Object *o) { return o && o->pkg && o->pkg->path ? o->pkg->path : ""; }

/* gc's symbol name of a method: "T.M" or "(*T).M". */
static void method_symname(StrBuf *b, const Object *m) {
    Type *t = m->type ? type_unalias(m->type) : NULL;
    const Object *recv = t && t->kind == TY_SIGNATURE ? AS_SIGNATURE(t)->recv : NULL;
    Type *rt = recv && recv->type ? type_unalias(recv->type) : NULL;
    bool ptr = false;
    if (rt && rt->kind == TY_POINTER) {
        ptr = true;
        rt = type_unalias(AS_POINTER(rt)->elem);
    }
    const char *tn = rt && rt->kind == TY_NAMED && AS_NAMED(rt)->obj ? AS_NAMED(rt)->obj->name : "?";
    /* no printf: this runs for every method call of every body */
    if (ptr) sb_puts(b, "(*");
    sb_puts(b, tn);
    sb_puts(b, ptr ? ")." : ".");
    sb_puts(b, m->name);
}

/* An instance of a generic function or method, or the generic itself:
   gc reads its body with the generic's (always exported). */
bool inl_from_generic(const Object *o) {
    return (o->kind == OBJ_FUNC && o->u.origin && o->u.origin != o) || inl_is_generic_func(o);
}

/* Whether gc would find o's inline body in one of this package's direct
   imports (o is another package's): declared there, or re-exported. */
bool inl_body_visible(const Inl *in, const Object *o) {
    return ptrmap_get(&in->direct, o->pkg) || ptrmap_get(&in->visible, o) || inl_from_generic(o);
}

/* Fills in->direct and in->visible from the direct imports' summaries. */
static void collect_visible(Inl *in) {
    const Pkg *pkg = in->p->pkg;
    if (!pkg || !in->imp || !in->imp->fn) return;
    for (uint32_t i = 0; i < pkg->nimports; i++) {
        const Pkg *d = pkg->imports[i];
        ptrmap_put(&in->direct, d, (void *)1);
        const InlSummary *s = in->imp->fn(in->imp->data, d);
        if (!s) continue;
        for (size_t k = 0; k < s->reexp.cap; k++)
            if (s->reexp.keys[k]) ptrmap_put(&in->visible, s->reexp.keys[k], (void *)1);
    }
}

InlFunc *inl_lookup_obj(Inl *in, const Object *o) {
    if (!o) return NULL;
    IrFunc *fn = ptrmap_get(&in->byobj, o);
    if (fn) return info_of(in, fn);
    if (o->pkg == in->p->pkg || !in->imp || !in->imp->fn) return NULL;
    const InlSummary *s = in->imp->fn(in->imp->data, o->pkg);
    InlFunc *f = s ? ptrmap_get(&s->funcs, o) : NULL;
    /* no body to read: the call costs as any other (instances' bodies come
       with their generic's, which gc always has) */
    if (f && !inl_body_visible(in, o)) return NULL;
    /* a shaped instance another package made (reached through a body
       inlined from there): gc instantiates it again while inlining */
    if (!f && in->imp->owner && (s = in->imp->owner(in->imp->data, o))) f = ptrmap_get(&s->funcs, o);
    return f;
}

/* ------------------------------------------------ static values (ir.StaticValue) */

static IrVar *canonical(IrVar *v) {
    while (v && (v->flags & IRV_CLOSUREVAR) && v->outer) v = v->outer;
    return v;
}

/* ir.OuterValue: the variable an assignment to x writes, if any. */
static IrVar *outer_var(const IrNode *x) {
    while (x) {
        switch (x->op) {
        case IR_DOT: case IR_CONVNOP: x = x->x; continue;
        case IR_INDEX:
            if (x->x && x->x->type && type_under(x->x->type)->kind == TY_ARRAY) {
                x = x->x;
                continue;
            }
            return NULL;
        case IR_NAME: return (x->flags & IRF_FUNCNAME) ? NULL : canonical(x->u.var);
        default: return NULL;
        }
    }
    return NULL;
}

static bool is_name_of(const IrNode *x, const IrVar *v) { return x && outer_var(x) == v; }

static bool any_reassign(const IrNode *n, const IrVar *v);

static bool any_reassign_list(const IrList *l, const IrVar *v) {
    for (uint32_t i = 0; i < l->n; i++)
        if (any_reassign(l->v[i], v)) return true;
    return false;
}

static bool any_reassign_func(const IrFunc *fn, const IrVar *v) { return any_reassign_list(&fn->body, v); }

static bool any_reassign(const IrNode *n, const IrVar *v) {
    if (!n) return false;
    switch (n->op) {
    case IR_AS:
        if (is_name_of(n->x, v) && n != v->defn) return true;
        break;
    case IR_AS2: case IR_AS2FUNC: case IR_AS2MAPR: case IR_AS2DOTTYPE: case IR_AS2RECV:
        for (uint32_t i = 0; i < n->list.n; i++)
            if (is_name_of(n->list.v[i], v) && n != v->defn) return true;
        break;
    case IR_ASOP:
        if (is_name_of(n->x, v)) return true;
        break;
    case IR_RANGE:
        if (is_name_of(n->y, v) || is_name_of(n->z, v)) return true;
        break;
    case IR_CLOSURE:
        if (n->u.fn && any_reassign_func(n->u.fn, v)) return true;
        break;
    default:
        break;
    }
    return any_reassign_list(&n->init, v) || any_reassign(n->x, v) || any_reassign(n->y, v) ||
           any_reassign(n->z, v) || any_reassign(n->w, v) || any_reassign_list(&n->list, v) ||
           any_reassign_list(&n->rlist, v);
}

/* ir.Reassigned. */
static bool reassigned(Inl *in, IrVar *v) {
    if (!v->curfn) return true;
    if (v->flags & IRV_ADDRTAKEN) return true;
    uintptr_t c = (uintptr_t)ptrmap_get(&in->reassigned, v);
    if (c) return c == 2;
    bool r = any_reassign_func(v->curfn, v);
    ptrmap_put(&in->reassigned, v, (void *)(uintptr_t)(r ? 2 : 1));
    return r;
}

static IrNode *static_value1(Inl *in, IrNode *n) {
    if (n->op != IR_NAME || (n->flags & IRF_FUNCNAME)) return NULL;
    IrVar *v = canonical(n->u.var);
    if (!v || v->cls != IRC_AUTO || !v->defn) return NULL;
    IrNode *d = v->defn, *rhs = NULL;
    if (d->op == IR_AS) {
        rhs = d->y;
    } else if (d->op == IR_AS2) {
        for (uint32_t i = 0; i < d->list.n; i++) {
            const IrNode *l = d->list.v[i];
            if (l && l->op == IR_NAME && !(l->flags & IRF_FUNCNAME) && l->u.var == v) {
                rhs = i < d->rlist.n ? d->rlist.v[i] : NULL;
                break;
            }
        }
    } else {
        return NULL;
    }
    if (!rhs || reassigned(in, v)) return NULL;
    return rhs;
}

static IrNode *static_value(Inl *in, IrNode *n) {
    for (;;) {
        if (n->op == IR_CONVNOP && n->x) {
            n = n->x;
            continue;
        }
        if (n->op == IR_INLCALL && n->list.n == 1) {
            n = n->list.v[0];
            continue;
        }
        IrNode *n1 = static_value1(in, n);
        if (!n1) return n;
        n = n1;
    }
}

/* ------------------------------------------------------------ the visitor */

typedef struct Hairy {
    Inl *in;
    IrFunc *fn;
    bool big;
    bool stop_early;        /* gc stops at the first overrun below -m=2 */
    int32_t budget, maxbudget;
    int32_t extracall;
    const char *reason;
} Hairy;

/* big: is_big_func(fn) when known (-1: not yet) */
static void can_inline(Inl *in, IrFunc *fn, int big);
static bool do_node(Hairy *h, IrNode *n);

static bool do_list(Hairy *h, const IrList *l) {
    for (uint32_t i = 0; i < l->n; i++)
        if (l->v[i] && do_node(h, l->v[i])) return true;
    return false;
}

/* One node gc has where our IR keeps a variable in a field (a DCL's name, a
   type switch's bound identifier, a clause variable). */
static bool charge_one(Hairy *h) {
    h->budget--;
    if (h->budget < 0 && h->stop_early) {
        h->reason = "too expensive";
        return true;
    }
    return false;
}

/* Whether n contains a call or a receive (then len(n) is not constant). */
static bool has_call_or_recv(const IrNode *n) {
    if (!n) return false;
    switch (n->op) {
    case IR_CALLFUNC: case IR_CALLINTER: case IR_RECV: case IR_INLCALL: return true;
    default: break;
    }
    if (has_call_or_recv(n->x) || has_call_or_recv(n->y) || has_call_or_recv(n->z) || has_call_or_recv(n->w))
        return true;
    for (uint32_t i = 0; i < n->list.n; i++)
        if (has_call_or_recv(n->list.v[i])) return true;
    for (uint32_t i = 0; i < n->rlist.n; i++)
        if (has_call_or_recv(n->rlist.v[i])) return true;
    for (uint32_t i = 0; i < n->init.n; i++)
        if (has_call_or_recv(n->init.v[i])) return true;
    return false;
}

/* A range over an array (or pointer to one) with at most one iteration
   variable: its length is a constant, the expression is not evaluated and
   gc's IR holds the constant instead. */
static bool range_over_const_len(const IrNode *n) {
    if (n->z || !n->x || !n->x->type) return false;
    Type *t = type_under(n->x->type);
    if (t->kind == TY_POINTER) t = type_under(AS_POINTER(t)->elem);
    return t->kind == TY_ARRAY && !has_call_or_recv(n->x);
}

static bool do_children(Hairy *h, IrNode *n) {
    if (do_list(h, &n->init)) return true;
    switch (n->op) {
    case IR_RANGE:
        if (range_over_const_len(n)) {
            if (charge_one(h)) return true;
            return (n->y && do_node(h, n->y)) || (n->z && do_node(h, n->z)) || do_list(h, &n->list);
        }
        break;
    case IR_DCL:
        return n->u.var && charge_one(h);
    case IR_TYPESW:
        if (n->u.var && charge_one(h)) return true;
        break;
    case IR_CASE:
        if (n->u.var && charge_one(h)) return true;
        break;
    case IR_CLOSURE:
        return false;
    default:
        break;
    }
    return (n->x && do_node(h, n->x)) || (n->y && do_node(h, n->y)) || (n->z && do_node(h, n->z)) ||
           (n->w && do_node(h, n->w)) || do_list(h, &n->list) || do_list(h, &n->rlist);
}

/* The declared function or method a static callee value names: a global
   function, or a method expression whose receiver is the first parameter. */
InlFunc *inl_named_callee(Inl *in, IrNode *v) {
    if (v->op == IR_NAME) return (v->flags & IRF_FUNCNAME) ? inl_lookup_obj(in, v->u.obj) : NULL;
    if (v->op != IR_METHEXPR) return NULL;
    Object *m = v->u.obj;
    if (!m || !m->type || type_unalias(m->type)->kind != TY_SIGNATURE) return NULL;
    Object *recv = AS_SIGNATURE(type_unalias(m->type))->recv;
    Type *ft = v->type ? type_unalias(v->type) : NULL;
    if (!recv || !ft || ft->kind != TY_SIGNATURE) return NULL;
    SignatureType *sig = AS_SIGNATURE(ft);
    if (tuple_len(sig->params) == 0 || !type_identical(recv->type, tuple_at(sig->params, 0)->type))
        return NULL;
    return inl_lookup_obj(in, m);
}

/* inline.inlCallee: the function the callee expression fx statically is,
   from caller's point of view (a capturing func literal only inside the
   function owning what it captures); decide: decide a func literal's
   inlinability when first seen. */
InlFunc *inl_static_callee(Inl *in, IrNode *fx, const IrFunc *caller, bool decide) {
    IrNode *v = static_value(in, fx);
    switch (v->op) {
    case IR_METHEXPR:
    case IR_NAME:
        return inl_named_callee(in, v);
    case IR_CLOSURE: {
        IrFunc *c = v->u.fn;
        if (!c) return NULL;
        if (c->ncvars && c->cvars[0]->outer && c->cvars[0]->outer->curfn != caller) return NULL;
        if (decide) can_inline(in, c, -1);
        return info_of(in, c);
    }
    default:
        return NULL;
    }
}

static InlFunc *inl_callee(Hairy *h, IrNode *fx) { return inl_static_callee(h->in, fx, h->fn, true); }

/* inline.canInlineCallExpr as the cost visitor asks it (nothing inlined yet). */
static bool call_would_inline(const Hairy *h, const InlFunc *callee) {
    if (callee->state != INL_OK) return false;
    int32_t maxcost = h->big ? BIG_FUNCTION_MAX_COST : MAX_BUDGET;
    if (callee->closure) maxcost *= 2;
    return callee->cost <= maxcost;
}

/* A generic function, or a method of a generic type (called through its
   shaped instance with a dictionary). */
static bool is_generic_func(const Object *o) {
    Type *t = o->type ? type_unalias(o->type) : NULL;
    if (!t || t->kind != TY_SIGNATURE) return false;
    SignatureType *sig = AS_SIGNATURE(t);
    if (sig->tparams.n > 0 || sig->rparams.n > 0) return true;
    Type *rt = sig->recv && sig->recv->type ? type_unalias(sig->recv->type) : NULL;
    if (rt && rt->kind == TY_POINTER) rt = type_unalias(AS_POINTER(rt)->elem);
    return rt && rt->kind == TY_NAMED && (AS_NAMED(rt)->targs.n > 0 || AS_NAMED(rt)->tparams.n > 0);
}

/* The OCALLFUNC case: adjusts the budget; true stops the walk (reason set). */
static bool call_cost(Hairy *h, IrNode *n) {
    Inl *in = h->in;
    IrNode *fx = n->x;
    if (!fx) {
        h->budget -= h->extracall;
        return false;
    }
    bool cheap = false;
    const Object *fo = NULL;
    const char *path = "";
    StrBuf *sym = &in->sb;
    sb_reset(sym);
    if (fx->op == IR_NAME && (fx->flags & IRF_FUNCNAME) && fx->u.obj) {
        fo = fx->u.obj;
        path = pkg_path(fo);
        sb_puts(sym, fo->name);
        if (strcmp(path, "internal/runtime/sys") == 0 &&
            (strcmp(fo->name, "GetCallerPC") == 0 || strcmp(fo->name, "GetCallerSP") == 0)) {
            h->reason = strcmp(fo->name, "GetCallerPC") == 0 ? "call to GetCallerPC" : "call to GetCallerSP";
            return true;
        }
        if (strcmp(path, "go.runtime") == 0) {
            /* compiler-inserted runtime calls (none in this IR yet) */
            if (strcmp(fo->name, "throw") == 0) {
                h->budget -= EXTRA_THROW_COST;
                return false;
            }
            if (strcmp(fo->name, "panicrangestate") == 0) cheap = true;
            if (strcmp(fo->name, "deferrangefunc") == 0) {
                h->reason = "defer call in range func";
                return true;
            }
        }
        if (inl_is_cheap_func(path, fo->name)) cheap = true;
    } else if (fx->op == IR_METHEXPR && fx->u.obj) {
        fo = fx->u.obj;
        path = pkg_path(fo);
        method_symname(sym, fo);
        if (inl_is_cheap_method(path, sb_cstr(sym))) cheap = true;
    }
    int32_t extra = h->extracall;
    if (fx->op == IR_NAME && !(fx->flags & IRF_FUNCNAME) && fx->u.var) {
        const IrVar *v = fx->u.var;
        if (v->cls == IRC_PARAM || (v->flags & IRV_CLOSUREVAR))
            if (extra > PARAM_CALL_COST) extra = PARAM_CALL_COST;
    }
    if (cheap) return false;
    if (fo) {
        /* gc calls a shaped instance with a dictionary argument (&.dict.F[T]:
           two nodes) the lowering does not model; a generic not instantiated
           by the lowering counts as a non-inlinable call. */
        IrFunc *lf = ptrmap_get(&in->byobj, fo);
        if ((lf && (lf->flags & IRFN_SHAPED)) || (!lf && is_generic_func(fo))) {
            /* &.dict.F[T], or from a shaped caller a sub-dictionary
               (*[N]uintptr)((*.dict)[i]) (two nodes more) */
            h->budget -= 2;
            if (lf && (h->fn->flags & IRFN_SHAPED)) h->budget -= 2;
        }
    }
    if (fo && inl_is_intrinsic(path, sb_cstr(sym), in->opt->race)) return false;
    InlFunc *callee = inl_callee(h, fx);
    if (callee && call_would_inline(h, callee)) {
        h->budget -= callee->cost;
        return false;
    }
    h->budget -= extra;
    return false;
}

static bool is_bool_literal(const IrNode *n) {
    return n && n->op == IR_LITERAL && n->u.val && const_kind(n->u.val) == CONST_BOOL;
}

/* gc's SimType on amd64: int is int64, uint and uintptr are uint64. */
static int sim_kind(Type *t) {
    int k = t ? type_basic_kind(t) : -1;
    if (k == BK_INT) return BK_INT64;
    if (k == BK_UINT || k == BK_UINTPTR) return BK_UINT64;
    return k;
}

static bool int_or_float(Type *t) { return type_has_info(t, BINFO_INTEGER) || type_has_info(t, BINFO_FLOAT); }

/* An OCONV gc would have made an OCONVNOP (typecheck's convertOp): numeric
   conversions between types of the same machine representation, and
   conversions between identical underlying types. The lowering may not
   make that distinction yet. */
static bool conv_is_nop(const IrNode *n) {
    Type *dst = n->type, *src = n->x ? n->x->type : NULL;
    if (!dst || !src) return false;
    if (int_or_float(src) && int_or_float(dst)) return sim_kind(src) == sim_kind(dst);
    if (type_is_interface(src) || type_is_interface(dst)) return false;
    return type_identical_ignore_tags(type_under(src), type_under(dst));
}

/* gc's loopvar pass runs after inlining, so the inliner measures loops before
   their variables are made per-iteration. The lowering applies it already
   (ir/loopvar.c); what it added is refunded here, recognised by its shapes:
   range: `v := tmp` (IRF_DISTINCT) at the top of the body, v's DCL moved
   there from the loop's init; 3-clause: also `first := true` in init,
   `if first { first = false } else { post }`, `if !cond { break }`, the
   `.3clNext_N:` label and `tmp = v` at the end. Returns the nodes to refund. */
static int32_t loopvar_refund(const IrNode *n) {
    if (!(n->flags & IRF_DISTINCTVARS)) return 0;
    uint32_t k = 0;
    while (k < n->list.n && n->list.v[k] && n->list.v[k]->op == IR_AS && (n->list.v[k]->flags & IRF_DISTINCT)) k++;
    if (k == 0) return 0;
    if (n->op == IR_RANGE) return 3 * (int32_t)k;
    int32_t refund = 6 * (int32_t)k;
    uint32_t i = k;
    const IrNode *s = i < n->list.n ? n->list.v[i] : NULL;
    if (s && s->op == IR_IF && s->init.n == 1 && s->init.v[0] && s->init.v[0]->op == IR_DCL && s->x &&
        s->x->op == IR_NAME && s->list.n == 1 && s->list.v[0] && s->list.v[0]->op == IR_AS && s->rlist.n == 1) {
        refund += 3 + 7;    /* first := true; if first { first = false } else { ... } */
        s = ++i < n->list.n ? n->list.v[i] : NULL;
    }
    if (s && s->op == IR_IF && s->x && s->x->op == IR_UNARY && s->x->tok == T_NOT && s->list.n == 1 &&
        s->list.v[0] && s->list.v[0]->op == IR_BREAK && !s->list.v[0]->u.label)
        refund += 3;        /* if !cond { break } */
    for (uint32_t j = i; j < n->list.n; j++) {
        const IrNode *l = n->list.v[j];
        if (l && l->op == IR_LABEL && l->u.label && strncmp(l->u.label, ".3clNext_", 9) == 0) {
            refund += 1;
            break;
        }
    }
    return refund;
}

/* Nodes gc's tree has and goescape's does not where a type derived from a
   type parameter is read from the dictionary: an assertion to it is a
   DYNAMICDOTTYPE whose operands are the target's dictionary word,
   (*uint8)((*.dict)[i]) (the conversion free: 4), and the source's static
   type address, &type (2); a type switch case naming it is a DYNAMICTYPE
   holding such a word (5). */
static int32_t dynamic_type_nodes(const IrNode *n) {
    switch (n->op) {
    case IR_DOTTYPE: case IR_DOTTYPE2:
        return n->type && ir_type_has_shape(n->type) ? 6 : 0;
    case IR_CASE: {
        int32_t k = 0;
        for (uint32_t i = 0; i < n->list.n; i++) {
            const IrNode *t = n->list.v[i];
            if (t && t->op == IR_TYPE && t->type && ir_type_has_shape(t->type)) k += 5;
        }
        return k;
    }
    default:
        return 0;
    }
}

static bool do_node(Hairy *h, IrNode *n) {
    switch (n->op) {
    case IR_FOR: case IR_RANGE:
        h->budget += loopvar_refund(n);
        break;
    case IR_CONV:
        if (conv_is_nop(n)) h->budget++;
        break;
    case IR_SELECT:
        /* gc's typecheck turns `case <-c:` into `case _, _ = <-c:` and
           `case v = <-c:` / `case v := <-c:` into `v, _ = <-c` (OSELRECV2). */
        for (uint32_t i = 0; i < n->list.n; i++) {
            const IrNode *c = n->list.v[i], *comm = c ? c->x : NULL;
            if (!comm) continue;
            if (comm->op == IR_RECV) h->budget -= 3;
            else if (comm->op == IR_AS && comm->y && comm->y->op == IR_RECV) h->budget -= 1;
        }
        break;
    case IR_NEW:
        /* new(T) of a type derived from a type parameter: gc's operand is a
           DYNAMICTYPE holding the dictionary's rtype, (*uint8)((*.dict)[i]) */
        if (n->x && n->x->op == IR_TYPE && ir_type_has_shape(n->x->type)) h->budget -= 5;
        break;
    case IR_DOTTYPE: case IR_DOTTYPE2:
        h->budget -= dynamic_type_nodes(n);
        break;
    case IR_CASE:
        h->budget -= dynamic_type_nodes(n);
        break;
    case IR_MAKEMAP: case IR_MAKECHAN:
        /* gc fills in the absent size with a constant 0 */
        if (!n->x) h->budget--;
        break;
    case IR_CALLFUNC:
        if (call_cost(h, n)) return true;
        break;
    case IR_CALLINTER:
        h->budget -= h->extracall;
        break;
    case IR_PANIC:
        if (n->x && n->x->op == IR_CONVIFACE && (n->x->flags & IRF_IMPLICIT)) h->budget++;
        h->budget -= EXTRA_PANIC_COST;
        break;
    case IR_RECOVER:
        h->reason = "call to recover";
        return true;
    case IR_CLOSURE:
        h->budget -= CLOSURE_COST;
        break;
    case IR_GO: h->reason = "unhandled op GO"; return true;
    case IR_DEFER: h->reason = "unhandled op DEFER"; return true;
    case IR_TAILCALL: h->reason = "unhandled op TAILCALL"; return true;
    case IR_ADDR: {
        const IrNode *d = n->x;
        if (d && (d->op == IR_DOT || d->op == IR_DOTPTR) && d->x && d->x->op == IR_NAME && d->offset == 0)
            h->budget += 2;
        break;
    }
    case IR_DEREF: {
        const IrNode *ptr = n->x;
        while (ptr && ptr->op == IR_CONVNOP) ptr = ptr->x;
        if (ptr && ptr->op == IR_ADDR) h->budget += 1;
        break;
    }
    case IR_CONVNOP:
        h->budget++;
        break;
    case IR_FALL: case IR_TYPE:
        return false;
    case IR_IF:
        if (is_bool_literal(n->x)) {
            if (do_list(h, &n->init)) return true;
            return do_list(h, const_bool_val(n->x->u.val) ? &n->list : &n->rlist);
        }
        break;
    case IR_BLOCK:
        h->budget++;
        break;
    case IR_METHVALUE: case IR_SLICELIT:
        h->budget--;
        break;
    case IR_METHEXPR:
        h->budget++;
        break;
    case IR_AS2:
        if (n->rlist.n > 0 && n->rlist.v[0] && n->rlist.v[0]->init.n == 1) {
            const IrNode *a = n->rlist.v[0]->init.v[0];
            if (a && (a->op == IR_AS2 || a->op == IR_AS2FUNC || a->op == IR_AS2DOTTYPE ||
                      a->op == IR_AS2MAPR || a->op == IR_AS2RECV))
                h->budget += 4 * (int32_t)n->list.n + 1;
        }
        break;
    case IR_SLICE: case IR_SLICEARR: case IR_SLICESTR: case IR_SLICE3: case IR_SLICE3ARR: {
        const IrNode *lo = n->y, *hi = n->z;
        int64_t v;
        if (lo && lo->op == IR_LITERAL && lo->u.val && const_int64_val(lo->u.val, &v) && v == 0) h->budget++;
        if (hi && hi->op == IR_LEN && hi->x && n->x && hi->x->op == IR_NAME && n->x->op == IR_NAME &&
            (hi->x->flags & IRF_FUNCNAME) == (n->x->flags & IRF_FUNCNAME) &&
            ((n->x->flags & IRF_FUNCNAME) ? hi->x->u.obj == n->x->u.obj : hi->x->u.var == n->x->u.var))
            h->budget += 2;
        break;
    }
    default:
        break;
    }
    h->budget--;
    if (h->budget < 0 && h->stop_early) {
        h->reason = "too expensive";
        return true;
    }
    return do_children(h, n);
}

/* ------------------------------------------------------------- big functions */

static void count_nodes(const IrNode *n, int64_t *budget);

static void count_list(const IrList *l, int64_t *budget) {
    for (uint32_t i = 0; i < l->n && *budget > 0; i++)
        if (l->v[i]) count_nodes(l->v[i], budget);
}

/* What a node adds to the budget before it is counted: an assignment from
   an N:1 value gc counts as fewer nodes. */
static int64_t big_bonus(const IrNode *n) {
    if (n->op == IR_AS2 && n->rlist.n > 0 && n->rlist.v[0] && n->rlist.v[0]->init.n == 1) {
        const IrNode *a = n->rlist.v[0]->init.v[0];
        if (a && (a->op == IR_AS2 || a->op == IR_AS2FUNC || a->op == IR_AS2DOTTYPE ||
                  a->op == IR_AS2MAPR || a->op == IR_AS2RECV))
            return 4 * (int64_t)n->list.n + 1;
    }
    return 0;
}

/* Whether a node counts once more after its init (its variable). */
static bool big_var(const IrNode *n) {
    return (n->op == IR_DCL || n->op == IR_TYPESW || n->op == IR_CASE) && n->u.var;
}

static void count_nodes(const IrNode *n, int64_t *budget) {
    if (*budget <= 0) return;
    *budget += big_bonus(n) - 1;
    if (*budget <= 0) return;
    count_list(&n->init, budget);
    if (big_var(n)) (*budget)--;
    if (n->op == IR_CLOSURE) return;
    if (n->x) count_nodes(n->x, budget);
    if (n->y) count_nodes(n->y, budget);
    if (n->z) count_nodes(n->z, budget);
    if (n->w) count_nodes(n->w, budget);
    count_list(&n->list, budget);
    count_list(&n->rlist, budget);
}

/* inline.IsBigFunc: at least 5000 nodes (the function node included, closure
   bodies excluded). */
static bool is_big_func(const IrFunc *fn) {
    int64_t budget = BIG_FUNCTION_NODES - 1;
    if (budget <= 0) return true;
    /* gc counts the package initialiser with the parts staticinit lays out
       later */
    count_list(fn->orig_inits.n ? &fn->orig_inits : &fn->body, &budget);
    return budget <= 0;
}

/* ----------------------------------------------------------------- CanInline */

static const char *inline_impossible(Inl *in, const IrFunc *fn) {
    uint32_t pr = fn->pragmas;
    if (pr & PRAGMA_NOINLINE) return "marked go:noinline";
    if (in->opt->race && (pr & PRAGMA_NORACE)) return "marked go:norace with -race compilation";
    if (in->opt->checkptr && (pr & PRAGMA_NOCHECKPTR)) return "marked go:nocheckptr";
    /* go:cgo_unsafe_args ("marked go:cgo_unsafe_args") is not recorded by the parser. */
    /* go:uintptrescapes implies go:uintptrkeepalive (gc's noder), so gc's
       "marked as having an escaping uintptr argument" is never reached. */
    if (pr & (PRAGMA_UINTPTRKEEPALIVE | PRAGMA_UINTPTRESCAPES))
        return "marked as having a keep-alive uintptr argument";
    if (pr & PRAGMA_YESWRITEBARRIERREC) return "marked go:yeswritebarrierrec";
    if (!(fn->flags & IRFN_HAS_BODY)) return "no function body";
    return NULL;
}

/* Instances of another package's generics print qualified, as gc's %v of
   their names: the package name and a dot, or nothing. */
#define QUAL(in, fn) \
    ((fn)->genpkg && (fn)->genpkg != (in)->p->pkg && (fn)->genpkg->name ? (fn)->genpkg->name : ""), \
    ((fn)->genpkg && (fn)->genpkg != (in)->p->pkg && (fn)->genpkg->name ? "." : "")

static void note_inlinable(Inl *in, IrFunc *fn, int32_t cost) {
    int m = in->opt->m;
    if (m <= 0) return;
    StrBuf b = {0};
    if (m > 1) {
        sb_printf(&b, "can inline %s%s%s with cost %d as: ", QUAL(in, fn), fn->name, cost);
        Type *t = fn->obj && fn->obj->type ? fn->obj->type : (Type *)fn->sig;
        if (t) ir_fmt_type(&b, t, in->p->pkg);
        sb_puts(&b, " { ");
        for (uint32_t i = 0; i < fn->body.n; i++) {
            if (i) sb_puts(&b, "; ");
            ir_fmt_stmt(&b, fn->body.v[i], in->p->pkg);
        }
        sb_puts(&b, " }");
    } else {
        sb_printf(&b, "can inline %s%s%s", QUAL(in, fn), fn->name);
    }
    add_msg(in, fn, sb_cstr(&b));
    sb_free(&b);
}

static void note_cannot(Inl *in, IrFunc *fn, const char *reason) {
    if (in->opt->m <= 1) return;
    StrBuf b = {0};
    sb_printf(&b, "cannot inline %s%s%s: %s", QUAL(in, fn), fn->name, reason);
    add_msg(in, fn, sb_cstr(&b));
    sb_free(&b);
}

static void can_inline(Inl *in, IrFunc *fn, int big) {
    InlFunc *f = info_of(in, fn);
    const char *reason = inline_impossible(in, fn);
    if (reason) {
        f->state = INL_NO;
        f->reason = reason;
        note_cannot(in, fn, reason);
        return;
    }
    if (f->state != INL_UNCHECKED) return;
    /* Mark it first: a recursive closure reached from its own body counts as
       not (yet) inlinable, as in gc. */
    f->state = INL_NO;
    f->reason = "recursive";
    int32_t budget = MAX_BUDGET;
    if (has_closure_parent(fn) && budget < CLOSURE_CALLED_ONCE_COST) budget = CLOSURE_CALLED_ONCE_COST;
    Hairy h = {
        .in = in,
        .fn = fn,
        .big = big < 0 ? is_big_func(fn) : big != 0,
        .stop_early = in->opt->m < 2,
        .budget = budget,
        .maxbudget = budget,
        .extracall = in->opt->l == 4 ? 1 : EXTRA_CALL_COST,
    };
    f->big = h.big;
    f->budget = budget;
    bool hairy = do_list(&h, &fn->body);
    if (!hairy && h.budget < 0) {
        StrBuf b = {0};
        sb_printf(&b, "function too complex: cost %d exceeds budget %d", h.maxbudget - h.budget, h.maxbudget);
        h.reason = arena_strndup(&in->sum->arena, sb_cstr(&b), b.len);
        sb_free(&b);
        hairy = true;
    }
    f->cost = h.maxbudget - h.budget;
    if (hairy) {
        f->state = INL_NO;
        f->reason = h.reason ? h.reason : "too expensive";
        note_cannot(in, fn, f->reason);
        return;
    }
    f->state = INL_OK;
    f->reason = NULL;
    note_inlinable(in, fn, f->cost);
    inl_snapshot(in, f);
}

/* ------------------------------------------------- bottom-up SCC traversal */

static uint32_t scc_visit(Inl *in, IrFunc *fn);

typedef struct SccWalk {
    Inl *in;
    uint32_t min;
    /* is_big_func's count, made in the same walk: nodes left before the
       function is big, and how deep inside a CLOSURE node's operands (not
       counted) the walk is */
    int64_t budget;
    uint32_t in_closure;
    bool big;
} SccWalk;

static void scc_edge(SccWalk *w, IrFunc *g) {
    if (!g || (g->flags & IRFN_GENERIC)) return;
    uint32_t m = scc_visit(w->in, g);
    if (m < w->min) w->min = m;
}

static void scc_refs(SccWalk *w, const IrNode *n);

static void scc_refs_list(SccWalk *w, const IrList *l) {
    for (uint32_t i = 0; i < l->n; i++)
        if (l->v[i]) scc_refs(w, l->v[i]);
}

static void scc_count(SccWalk *w, int64_t k) {
    w->budget += k;
    if (w->budget <= 0) w->big = true;
}

static void scc_refs(SccWalk *w, const IrNode *n) {
    bool count = !w->in_closure && !w->big;
    if (count) scc_count(w, big_bonus(n) - 1);
    switch (n->op) {
    case IR_NAME:
        if ((n->flags & IRF_FUNCNAME) && n->u.obj) scc_edge(w, ptrmap_get(&w->in->byobj, n->u.obj));
        break;
    case IR_METHEXPR: case IR_METHVALUE:
        if (n->u.obj) scc_edge(w, ptrmap_get(&w->in->byobj, n->u.obj));
        break;
    case IR_CLOSURE:
        scc_edge(w, n->u.fn);
        break;
    default:
        break;
    }
    scc_refs_list(w, &n->init);
    if (count && !w->big && big_var(n)) scc_count(w, -1);
    bool clo = n->op == IR_CLOSURE;
    w->in_closure += clo;
    if (n->x) scc_refs(w, n->x);
    if (n->y) scc_refs(w, n->y);
    if (n->z) scc_refs(w, n->z);
    if (n->w) scc_refs(w, n->w);
    scc_refs_list(w, &n->list);
    scc_refs_list(w, &n->rlist);
    w->in_closure -= clo;
}

static void analyze_batch(Inl *in, IrFunc **fns, size_t n) {
    for (size_t i = 0; i < n; i++) vec_push(&in->order, fns[i]);
    vec_push(&in->batchend, (uint32_t)in->order.len);
    for (size_t i = 0; i < n; i++) {
        IrFunc *fn = fns[i];
        if (fn->flags & (IRFN_INIT | IRFN_GENERIC)) continue;
        if (fn->obj && strcmp(fn->name, "_") == 0) continue;   /* gc drops blank functions */
        /* map initialisers gc outlines after inlining */
        if (fn->obj && strncmp(fn->name, "map.init.", 9) == 0) continue;
        /* scc_visit found whether it is big (the tag); nothing else set it since */
        can_inline(in, fn, inl_is_big_func(fn));
    }
    decided(in, fns, n);
}

static uint32_t scc_visit(Inl *in, IrFunc *fn) {
    uint32_t id = (uint32_t)(uintptr_t)ptrmap_get(&in->nodeid, fn);
    if (id) return id;
    id = ++in->visitgen;
    ptrmap_put(&in->nodeid, fn, (void *)(uintptr_t)id);
    SccWalk w = {in, ++in->visitgen, .budget = BIG_FUNCTION_NODES - 1, .big = BIG_FUNCTION_NODES <= 1};
    vec_push(&in->stack, fn);
    /* also whether it is big (is_big_func), for the decisions and the
       interleaved pass (nothing changes the body until then) */
    scc_refs_list(&w, &fn->body);
    if (fn->orig_inits.n) w.big = is_big_func(fn);
    __atomic_store_n(&fn->tag, w.big, __ATOMIC_RELAXED);
    if ((w.min == id || w.min == id + 1) && !is_closure(fn)) {
        size_t i = in->stack.len;
        while (i > 0) {
            IrFunc *x = in->stack.data[--i];
            ptrmap_put(&in->nodeid, x, (void *)(uintptr_t)SCC_DONE);
            if (x == fn) break;
        }
        size_t nblock = in->stack.len - i;
        IrFunc **block = xmalloc((nblock ? nblock : 1) * sizeof *block);
        memcpy(block, in->stack.data + i, nblock * sizeof *block);
        in->stack.len = i;
        analyze_batch(in, block, nblock);
        free(block);
    }
    return w.min;
}

/* ------------------------------------------------------------------- API */

void inline_analyze(IrPackage *p, const InlImports *imp, const InlOptions *opt, InlResult *out,
                    InlSummary *sum) {
    InlOptions defopt = {.m = 0};
    InlSummary local;
    if (!sum) {
        inline_summary_init(&local);
        sum = &local;
    }
    Inl in = {.p = p, .imp = imp, .opt = opt ? opt : &defopt, .out = out, .sum = sum};
    collect_visible(&in);
    for (uint32_t i = 0; i < p->nfuncs; i++) {
        IrFunc *fn = p->funcs[i];
        if (fn->obj && !(fn->flags & IRFN_GENERIC)) ptrmap_put(&in.byobj, fn->obj, fn);
    }
    /* With a core of its own (escape analysis follows on another thread),
       the interleaved pass's first half starts beside the decisions. */
    InlBeside *beside = NULL;
    if (in.opt->l != 1 && in.opt->substitute && in.opt->final) {
        for (uint32_t i = 0; i < p->nfuncs; i++) p->funcs[i]->tag = -1;
        beside = inl_beside_start(&in);
    }
    if (in.opt->l != 1) {
        /* The package initialisation function is gc's first root. */
        for (uint32_t i = 0; i < p->nfuncs; i++)
            if (p->funcs[i]->flags & IRFN_INIT) scc_visit(&in, p->funcs[i]);
        for (uint32_t i = 0; i < p->nfuncs; i++) {
            IrFunc *fn = p->funcs[i];
            if (is_closure(fn) || (fn->flags & IRFN_GENERIC)) continue;
            if ((fn->flags & IRFN_WRAPPER) && !(fn->flags & (IRFN_GOWRAP | IRFN_DEFERWRAP))) continue;
            scc_visit(&in, fn);
        }
    }
    decided(&in, NULL, 0);
    if (in.opt->l != 1 && in.opt->m > 1 && !in.opt->substitute) {
        /* The interleaved pass starts by announcing big functions (in
           Target.Funcs order, before it inlines anything). */
        for (uint32_t i = 0; i < p->nfuncs; i++) {
            IrFunc *fn = p->funcs[i];
            if (fn->flags & IRFN_GENERIC) continue;
            if ((fn->flags & IRFN_WRAPPER) && !(fn->flags & (IRFN_GOWRAP | IRFN_DEFERWRAP))) continue;
            if (fn->obj && strcmp(fn->name, "_") == 0) continue;
            if (!is_big_func(fn)) continue;
            StrBuf b = {0};
            sb_printf(&b, "function %s considered 'big'; reducing max cost of inlinees", fn->name);
            add_msg(&in, fn, sb_cstr(&b));
            sb_free(&b);
        }
    }
    /* with -l too: gc devirtualizes (nothing is inlinable then) */
    if (in.opt->substitute) {
        inl_interleave(&in, beside);
        inl_prune_reexports(&in);
    }
    for (uint32_t i = 0; i < p->nfuncs; i++) p->funcs[i]->extra = NULL;
    /* published functions keep their index as tag: escape analysis reads it */
    if (in.opt->final) ir_final_close(in.opt->final, p);
    else
        for (uint32_t i = 0; i < p->nfuncs; i++) p->funcs[i]->tag = -1;
    vec_free(&in.stack);
    vec_free(&in.order);
    vec_free(&in.batchend);
    sb_free(&in.sb);
    ptrmap_free(&in.byobj);
    ptrmap_free(&in.direct);
    ptrmap_free(&in.visible);
    ptrmap_free(&in.reassigned);
    ptrmap_free(&in.nodeid);
    if (sum == &local) inline_summary_free(&local);
}

const InlFunc *inline_lookup(const InlSummary *sum, const Object *fnobj) {
    return sum && fnobj ? ptrmap_get(&sum->funcs, fnobj) : NULL;
}

void inline_summary_init(InlSummary *s) {
    memset(s, 0, sizeof *s);
    arena_init(&s->arena);
}

void inline_summary_free(InlSummary *s) {
    if (s->snap) {
        arena_free(&s->snap->arena);
        free(s->snap);
    }
    ptrmap_free(&s->globals);
    ptrmap_free(&s->funcs);
    ptrmap_free(&s->reexp);
    arena_free(&s->arena);
}

void inline_result_init(InlResult *r) {
    memset(r, 0, sizeof *r);
    arena_init(&r->arena);
}

void inline_result_free(InlResult *r) {
    free(r->msgs);
    arena_free(&r->arena);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------- for interleave.c */

bool inl_is_big_func(const IrFunc *fn) { return fn->tag >= 0 ? (fn->tag & 1) != 0 : is_big_func(fn); }
bool inl_count_big_func(const IrFunc *fn) { return is_big_func(fn); }
bool inl_is_closure(const IrFunc *fn) { return is_closure(fn); }
void inl_method_symname(StrBuf *b, const Object *m) { method_symname(b, m); }
bool inl_is_generic_func(const Object *o) { return is_generic_func(o); }
