/* gc's interleaved devirtualization and inlining pass: after every function
   of the package is decided (inline.c), the call sites of each function are
   collected (children first), interface calls whose receiver has a
   statically known concrete type are devirtualized, and then, batch by batch
   bottom-up over the call graph and to a fixed point, every call whose
   callee is inlinable at that site becomes an INLCALL holding a copy of the
   callee's body as it was lowered:

     init:  p1, p2 := args          (AS2, IRF_DEFINE, DCLs in its init)
            var r1; r1 = zero       (unless results can be delayed)
     rlist: the body, each `return xs` made { r1, r2 = xs; goto .iN }
            .iN:
     list:  r1, r2                  (the call's results)

   Every copied node and variable is placed at the call's position (inner
   calls of inlined code are already there: the outermost call site, where
   gc reports inlined code). Calls found in an inlined body are considered
   in turn, with the inline tree guarding against recursive cycles. */
#include "inl_int.h"
#include "base/util.h"
#include "ir/final.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_COST = 80,
    BIG_MAX_COST = 20,
    CLOSURE_ONCE_COST = 800,
};

/* ---------------------------------------------------------------- snapshots */

typedef struct SnapCtx {
    Inl *in;
    IrFunc *from, *to;
} SnapCtx;

static IrVar *snap_var(IrCopy *c, IrVar *v) {
    SnapCtx *s = c->data;
    if (v->curfn == s->from) return ir_copy_var(c, v, s->to, NULL);
    if (!v->curfn) {
        /* package-level variables and the blank: the copy must outlive the
           package's IR */
        InlSummary *sum = s->in->sum;
        IrVar *g = ptrmap_get(&sum->globals, v);
        if (!g) {
            g = arena_alloc_raw(&sum->snap->arena, sizeof *g);
            *g = *v;
            g->defn = NULL;
            g->tag = -1;
            ptrmap_put(&sum->globals, v, g);
        }
        return g;
    }
    return v;
}

static const char *snap_str(Arena *a, const char *s) { return s ? arena_strndup(a, s, strlen(s)) : NULL; }

static IrVar **snap_vars(IrCopy *c, IrVar **v, uint32_t n) {
    if (!n) return NULL;
    IrVar **r = arena_alloc(&c->dst->arena, n * sizeof *r);
    for (uint32_t i = 0; i < n; i++) r[i] = v[i] ? ir_copy_map_var(c, v[i]) : NULL;
    return r;
}

void inl_snapshot(Inl *in, InlFunc *f) {
    if (!in->opt->substitute || in->opt->l == 1) return;
    IrFunc *fn = f->fn;
    if (fn->flags & IRFN_GENERIC) return;
    InlSummary *sum = in->sum;
    if (!sum->snap) {
        sum->snap = xcalloc(1, sizeof *sum->snap);
        arena_init(&sum->snap->arena);
        sum->snap->names = in->p->names;
        sum->snap->pkg = in->p->pkg;
    }
    IrPackage *sp = sum->snap;
    IrFunc *to = arena_alloc(&sp->arena, sizeof *to);
    *to = *fn;
    to->name = snap_str(&sp->arena, fn->name);
    to->linksym = snap_str(&sp->arena, fn->linksym);
    to->outer = NULL;
    to->closure = NULL;
    to->body = (IrList){0};
    to->dcl = NULL;
    to->ndcl = 0;
    to->extra = NULL;
    to->tag = -1;
    SnapCtx sc = {in, fn, to};
    IrCopy c = {.dst = sp, .var_hook = snap_var, .data = &sc, .closure_outer = to};
    to->params = snap_vars(&c, fn->params, fn->nparams);
    to->results = snap_vars(&c, fn->results, fn->nresults);
    to->cvars = snap_vars(&c, fn->cvars, fn->ncvars);
    ir_copy_list(&c, &to->body, &fn->body);
    ir_copy_fix_defns(&c);
    bool ok = !c.failed;
    ir_copy_free(&c);
    if (ok) f->body = to;
}

/* ------------------------------------------------------------ the pass */

typedef struct Site {
    IrNode *call;
    const SourceFile *ofile; /* the call's own position (in inlined code: in the callee's source) */
    Pos opos;
    InlFunc *callee;        /* resolved target */
    int32_t parent;         /* inline tree index of the code it is in (-1: the function's own) */
    bool done;              /* announced but not substituted: not tried again */
} Site;

typedef struct FnState {
    IrFunc *fn;
    VEC(Site) sites;
    bool big;
} FnState;

typedef struct TreeEnt {
    int32_t parent;
    const InlFunc *fn;
    const SourceFile *file; /* the inlined call's own position */
    Pos pos;
} TreeEnt;

enum { BLANK_NAMES = 8 };

typedef struct It {
    Inl *in;
    PtrMap uses;            /* InlFunc* -> calls resolving to it */
    PtrMap states;          /* IrFunc* -> FnState* */
    PtrMap devirt;          /* interface calls already considered */
    PtrMap orig;            /* call copied into inlined code -> the call it copies */
    IrCopy scratch;         /* maps of the last copy, emptied, for the next one */
    VEC(FnState *) all;
    VEC(TreeEnt) tree;
    unsigned inlgen;
    unsigned devgen;        /* calls devirtualization rewrote */
    PtrMap accidx;          /* outermost IrFunc* -> AccIndex* (see concrete_type) */
    StrBuf sb;
    const char *pnames[BLANK_NAMES], *rnames[BLANK_NAMES];  /* blank_name's */
} It;

static void mark(It *t, FnState *fs, IrNode *n, int32_t parent);

static void mark_list(It *t, FnState *fs, IrList *l, int32_t parent) {
    for (uint32_t i = 0; i < l->n; i++) mark(t, fs, l->v[i], parent);
}

static void mark_inlcall_children(It *t, FnState *fs, IrNode *n, int32_t parent) {
    mark_list(t, fs, &n->init, parent);
    mark_list(t, fs, &n->rlist, parent);
    mark_list(t, fs, &n->list, parent);
}

/* gc's mark: call sites in post order (a call's arguments before it). */
static void mark(It *t, FnState *fs, IrNode *n, int32_t parent) {
    if (!n || n->op == IR_CLOSURE) return;
    bool site = n->op == IR_CALLFUNC || n->op == IR_CALLINTER;
    if (site && (n->flags & IRF_SITE)) return;
    if (n->op == IR_INLCALL) {
        mark_inlcall_children(t, fs, n, parent);
        return;
    }
    if ((n->op == IR_GO || n->op == IR_DEFER) && n->x &&
        (n->x->op == IR_CALLFUNC || n->x->op == IR_CALLINTER)) {
        /* the go/defer call itself is never inlined (gc's GoDefer) */
        IrNode *call = n->x;
        call->flags |= IRF_SITE;
        mark_list(t, fs, &n->init, parent);
        mark_list(t, fs, &call->init, parent);
        mark(t, fs, call->x, parent);
        mark_list(t, fs, &call->list, parent);
        return;
    }
    mark_list(t, fs, &n->init, parent);
    mark(t, fs, n->x, parent);
    mark(t, fs, n->y, parent);
    mark(t, fs, n->z, parent);
    mark(t, fs, n->w, parent);
    mark_list(t, fs, &n->list, parent);
    mark_list(t, fs, &n->rlist, parent);
    if (site) {
        n->flags |= IRF_SITE;
        const IrNode *o = ptrmap_get(&t->orig, n);
        Site s = {.call = n, .parent = parent, .ofile = o ? o->file : n->file, .opos = o ? o->pos : n->pos};
        vec_push(&fs->sites, s);
    }
}

/* ------------------------------------------------------- devirtualization */

typedef struct Devirt {
    It *t;
    PtrMap seen;
} Devirt;

static Type *concrete_type(Devirt *d, IrNode *n);

static IrVar *canon(IrVar *v) {
    while (v && (v->flags & IRV_CLOSUREVAR) && v->outer) v = v->outer;
    return v;
}

static bool is_var_name(const IrNode *n, const IrVar *v) {
    while (n && (n->op == IR_CONVNOP)) n = n->x;
    return n && n->op == IR_NAME && !(n->flags & IRF_FUNCNAME) && canon(n->u.var) == v;
}

/* The result of combining assignments: NOTYPE (none seen), a type, or NULL
   (unknown). */
static Type notype_sentinel;
#define NOTYPE (&notype_sentinel)

typedef struct Acc {
    Devirt *d;
    IrVar *v;
    Type *typ;              /* NOTYPE, a type, or NULL: unknown */
} Acc;

/* gc compares the types assigned by pointer: named types (and pointers,
   slices ... of them) are unique there, but each literal struct type is a
   type of its own (devirtualization.go's identicalType). */
static bool unnamed_struct(Type *t) {
    Type *u = type_unalias(t);
    if (u && u->kind == TY_POINTER) u = type_unalias(AS_POINTER(u)->elem);
    return u && u->kind == TY_STRUCT;
}

static void acc_type(Acc *a, Type *t) {
    if (!a->typ) return;
    if (!t || type_is_interface(t)) {
        a->typ = NULL;
        return;
    }
    if (a->typ != NOTYPE && a->typ != t && (!type_identical(a->typ, t) || unnamed_struct(t))) {
        a->typ = NULL;
        return;
    }
    a->typ = t;
}

static void acc_node(Acc *a, IrNode *rhs) {
    if (!a->typ) return;
    if (!rhs) return;
    IrNode *r = rhs;
    while (r && r->op == IR_CONVNOP) r = r->x;
    if (r && r->op == IR_NIL) return;
    Type *t = concrete_type(a->d, rhs);
    if (t == NOTYPE) return;
    if (!t) {
        a->typ = NULL;
        return;
    }
    acc_type(a, t);
}

static Type *call_result_type(IrNode *call, uint32_t i) {
    if (!call || !call->x || !call->x->type) return NULL;
    Type *ft = type_under(call->x->type);
    if (ft->kind != TY_SIGNATURE) return NULL;
    SignatureType *sig = AS_SIGNATURE(ft);
    if (!sig->results || i >= tuple_len(sig->results)) return NULL;
    return tuple_at(sig->results, i)->type;
}

/* What the walk does at node n for a->v: the assignments to it that n
   makes. */
static void acc_at(Acc *a, IrNode *n) {
    IrVar *v = a->v;
    switch (n->op) {
    case IR_AS:
        if (is_var_name(n->x, v) && n->y) {
            IrNode *y = n->y;
            if (y->op == IR_CALLFUNC || y->op == IR_CALLINTER) acc_type(a, call_result_type(y, 0));
            else acc_node(a, y);
        }
        break;
    case IR_AS2:
        for (uint32_t i = 0; i < n->list.n; i++)
            if (is_var_name(n->list.v[i], v) && i < n->rlist.n) acc_node(a, n->rlist.v[i]);
        break;
    case IR_AS2DOTTYPE: {
        IrNode *y = n->y ? n->y : (n->rlist.n ? n->rlist.v[0] : NULL);
        if (n->list.n && is_var_name(n->list.v[0], v)) acc_node(a, y);
        break;
    }
    case IR_AS2MAPR: case IR_AS2RECV: {
        IrNode *y = n->y ? n->y : (n->rlist.n ? n->rlist.v[0] : NULL);
        if (n->list.n && is_var_name(n->list.v[0], v)) acc_type(a, y ? y->type : NULL);
        break;
    }
    case IR_AS2FUNC: {
        IrNode *y = n->y ? n->y : (n->rlist.n ? n->rlist.v[0] : NULL);
        for (uint32_t i = 0; i < n->list.n; i++) {
            if (!is_var_name(n->list.v[i], v)) continue;
            if (y && y->op == IR_INLCALL && i < y->list.n) acc_node(a, y->list.v[i]);
            else acc_type(a, call_result_type(y, i));
        }
        break;
    }
    case IR_RANGE:
        if (is_var_name(n->y, v) || is_var_name(n->z, v)) {
            Type *xt = n->x && n->x->type ? type_under(n->x->type) : NULL;
            if (xt && xt->kind == TY_POINTER) xt = type_under(AS_POINTER(xt)->elem);
            Type *kt = NULL, *vt = NULL;
            if (xt && xt->kind == TY_ARRAY) vt = AS_ARRAY(xt)->elem;
            else if (xt && xt->kind == TY_SLICE) vt = AS_SLICE(xt)->elem;
            else if (xt && xt->kind == TY_CHAN) kt = AS_CHAN(xt)->elem;
            else if (xt && xt->kind == TY_MAP) {
                kt = AS_MAP(xt)->key;
                vt = AS_MAP(xt)->elem;
            }
            if (is_var_name(n->y, v)) acc_type(a, kt);
            if (is_var_name(n->z, v)) acc_type(a, vt);
        }
        break;
    case IR_SWITCH:
        if (n->x && n->x->op == IR_TYPESW) {
            for (uint32_t i = 0; i < n->list.n; i++) {
                IrNode *cs = n->list.v[i];
                if (cs && cs->u.var && canon(cs->u.var) == v) acc_node(a, n->x->x);
            }
        }
        break;
    default:
        break;
    }
}

/* The nodes where acc_at may act, per variable, in the order of a
   pre-order walk of a function (closures included) that acc_at would
   meet them: gc's devirtualizer collects a function's assignments once,
   where asking each interface call's receiver by a walk of the whole body
   made large functions quadratic. Rebuilt whenever the pass changed any
   body (inlining or a devirtualized call). */
typedef struct AccEvent { IrNode *n; uint32_t next; } AccEvent;   /* next: index + 1, 0 ends */
typedef struct AccIndex {
    unsigned gen;
    PtrMap first;           /* canonical IrVar* -> (first event index + 1) */
    PtrMap last;            /* canonical IrVar* -> (last event index + 1) */
    VEC(AccEvent) ev;
} AccIndex;

static IrVar *name_var(const IrNode *n) {
    while (n && n->op == IR_CONVNOP) n = n->x;
    return n && n->op == IR_NAME && !(n->flags & IRF_FUNCNAME) ? canon(n->u.var) : NULL;
}

static void acc_add(AccIndex *x, IrVar *v, IrNode *n) {
    if (!v) return;
    uintptr_t last = (uintptr_t)ptrmap_get(&x->last, v);
    if (last && x->ev.data[last - 1].n == n) return;   /* once per node */
    vec_push(&x->ev, ((AccEvent){n, 0}));
    uintptr_t idx = x->ev.len;
    if (last) x->ev.data[last - 1].next = (uint32_t)idx;
    else ptrmap_put(&x->first, v, (void *)idx);
    ptrmap_put(&x->last, v, (void *)idx);
}

static void acc_index_walk(AccIndex *x, IrNode *n);

static void acc_index_list(AccIndex *x, IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) acc_index_walk(x, l->v[i]);
}

static void acc_index_walk(AccIndex *x, IrNode *n) {
    if (!n) return;
    switch (n->op) {
    case IR_AS:
        if (n->y) acc_add(x, name_var(n->x), n);
        break;
    case IR_AS2:
        for (uint32_t i = 0; i < n->list.n && i < n->rlist.n; i++) acc_add(x, name_var(n->list.v[i]), n);
        break;
    case IR_AS2DOTTYPE: case IR_AS2MAPR: case IR_AS2RECV:
        if (n->list.n) acc_add(x, name_var(n->list.v[0]), n);
        break;
    case IR_AS2FUNC:
        for (uint32_t i = 0; i < n->list.n; i++) acc_add(x, name_var(n->list.v[i]), n);
        break;
    case IR_RANGE:
        acc_add(x, name_var(n->y), n);
        acc_add(x, name_var(n->z), n);
        break;
    case IR_SWITCH:
        if (n->x && n->x->op == IR_TYPESW)
            for (uint32_t i = 0; i < n->list.n; i++) {
                IrNode *cs = n->list.v[i];
                if (cs && cs->u.var) acc_add(x, canon(cs->u.var), n);
            }
        break;
    case IR_CLOSURE:
        if (n->u.fn) acc_index_list(x, &n->u.fn->body);
        return;
    default:
        break;
    }
    acc_index_list(x, &n->init);
    acc_index_walk(x, n->x);
    acc_index_walk(x, n->y);
    acc_index_walk(x, n->z);
    acc_index_walk(x, n->w);
    acc_index_list(x, &n->list);
    acc_index_list(x, &n->rlist);
}

static void acc_index_clear(AccIndex *x) {
    ptrmap_clear(&x->first);
    ptrmap_clear(&x->last);
    x->ev.len = 0;
}

static AccIndex *acc_index(It *t, IrFunc *fn) {
    unsigned gen = t->inlgen + t->devgen;
    AccIndex *x = ptrmap_get(&t->accidx, fn);
    if (x && x->gen == gen) return x;
    if (!x) {
        x = xcalloc(1, sizeof *x);
        ptrmap_put(&t->accidx, fn, x);
    } else {
        acc_index_clear(x);
    }
    x->gen = gen;
    acc_index_list(x, &fn->body);
    return x;
}

static void acc_index_free_all(It *t) {
    for (size_t i = 0; i < t->accidx.cap; i++) {
        if (!t->accidx.keys[i]) continue;
        AccIndex *x = t->accidx.vals[i];
        ptrmap_free(&x->first);
        ptrmap_free(&x->last);
        vec_free(&x->ev);
        free(x);
    }
    ptrmap_free(&t->accidx);
}

/* devirtualize's concreteType1: NULL unknown, NOTYPE no assignment seen. */
static Type *concrete_type(Devirt *d, IrNode *n) {
    for (;;) {
        if (!n || !n->type) return NULL;
        if (!type_is_interface(n->type)) return n->type;
        if ((n->op == IR_CONVNOP || n->op == IR_CONVIFACE || n->op == IR_DOTTYPE || n->op == IR_DOTTYPE2) && n->x) {
            n = n->x;
            continue;
        }
        if (n->op == IR_INLCALL && n->list.n == 1) {
            n = n->list.v[0];
            continue;
        }
        break;
    }
    if (n->op != IR_NAME || (n->flags & IRF_FUNCNAME)) return NULL;
    IrVar *v = canon(n->u.var);
    if (!v || v->cls != IRC_AUTO || !v->curfn || (v->flags & IRV_ADDRTAKEN)) return NULL;
    if (ptrmap_get(&d->seen, v)) return NOTYPE;
    ptrmap_put(&d->seen, v, (void *)1);
    IrFunc *fn = v->curfn;
    while (fn->outer && (fn->flags & IRFN_CLOSURE)) fn = fn->outer;
    Acc a = {d, v, NOTYPE};
    AccIndex *x = acc_index(d->t, fn);
    for (uintptr_t i = (uintptr_t)ptrmap_get(&x->first, v); i && a.typ; i = x->ev.data[i - 1].next)
        acc_at(&a, x->ev.data[i - 1].n);
    return a.typ;
}

static Object *find_method(Type *t, const char *name, bool *ptrrecv) {
    Type *u = type_unalias(t);
    if (u->kind == TY_POINTER) u = type_unalias(AS_POINTER(u)->elem);
    if (u->kind != TY_NAMED) return NULL;
    NamedType *nt = AS_NAMED(u);
    if (nt->orig && nt->orig != nt) nt = nt->orig;
    for (uint32_t i = 0; i < nt->methods.n; i++) {
        Object *m = nt->methods.v[i];
        if (m && m->name && strcmp(m->name, name) == 0) {
            Type *mt = m->type ? type_unalias(m->type) : NULL;
            if (!mt || mt->kind != TY_SIGNATURE || !AS_SIGNATURE(mt)->recv) return NULL;
            Type *rt = AS_SIGNATURE(mt)->recv->type;
            *ptrrecv = rt && type_unalias(rt)->kind == TY_POINTER;
            return m;
        }
    }
    return NULL;
}

static bool same_tuple(TupleType *a, TupleType *b) {
    uint32_t n = tuple_len(a);
    if (n != tuple_len(b)) return false;
    for (uint32_t i = 0; i < n; i++)
        if (!type_identical(tuple_at(a, i)->type, tuple_at(b, i)->type)) return false;
    return true;
}

/* Whether two method types agree but for their receivers (the concrete
   method implements the interface's). */
static bool same_signature(Type *a, Type *b) {
    a = a ? type_unalias(a) : NULL;
    b = b ? type_unalias(b) : NULL;
    if (!a || !b || a->kind != TY_SIGNATURE || b->kind != TY_SIGNATURE) return false;
    SignatureType *x = AS_SIGNATURE(a), *y = AS_SIGNATURE(b);
    return x->variadic == y->variadic && same_tuple(x->params, y->params) && same_tuple(x->results, y->results);
}

/* x.E1.E2 (implicit DOT/DOTPTR through the embedded fields of path), then
   its address or what it points to, for a method whose receiver is rt. */
static IrNode *embedded_recv(It *t, IrNode *x, const TypesSelection *path, bool ptrrecv, Type *rt, IrNode *call) {
    IrPackage *P = t->in->p;
    const Sizes *sz = P->pkg && P->pkg->ctx ? &P->pkg->ctx->sizes : NULL;
    for (uint32_t i = 0; i < path->nsteps; i++) {
        const TypesSelStep *s = &path->steps[i];
        Type *xt = type_unalias(x->type);
        if (xt && xt->kind == TY_POINTER) xt = AS_POINTER(xt)->elem;
        Type *u = xt ? type_under(xt) : NULL;
        if (!u || u->kind != TY_STRUCT || !sz) return NULL;
        StructType *st = (StructType *)u;
        int64_t off = type_offsetof_field(sz, st, (uint32_t)s->index);
        IrNode *d = ir_new_node(P, s->ptr ? IR_DOTPTR : IR_DOT, call->file, call->pos, s->field->type);
        d->x = x;
        d->sel = s->field;
        d->field = s->index;
        d->offset = off <= INT32_MAX ? (int32_t)off : IR_OFFSET_BIG;
        d->flags |= IRF_IMPLICIT;
        x = d;
    }
    bool xptr = type_unalias(x->type)->kind == TY_POINTER;
    if (ptrrecv && !xptr) {
        IrNode *a = ir_new_node(P, IR_ADDR, call->file, call->pos, rt);
        a->flags |= IRF_IMPLICIT;
        a->x = x;
        x = a;
    } else if (!ptrrecv && xptr) {
        IrNode *d = ir_new_node(P, IR_DEREF, call->file, call->pos, rt);
        d->flags |= IRF_IMPLICIT;
        d->x = x;
        x = d;
    }
    return x;
}

/* The dictionary wrapper lowering made for method m of generic type
   instance nt (T[int].M), which a devirtualized call calls as gc's does;
   NULL when there is none. */
static IrFunc *inst_wrapper(It *t, Object *m, NamedType *nt) {
    IrPackage *P = t->in->p;
    StrBuf *b = &t->sb;
    sb_reset(b);
    if (!ir_inst_name(b, m, nt->targs.v, nt->targs.n)) return NULL;
    IrFunc *f = ptrmap_get(&P->instances, intern(P->names, b->data, b->len));
    return f && !(f->flags & IRFN_SHAPED) && f->obj && f->sig && f->sig->recv ? f : NULL;
}

static void devirtualize(It *t, FnState *fs, IrNode *call) {
    (void)fs;
    if (call->op != IR_CALLINTER || !call->x || call->x->op != IR_DOTINTER || !call->x->x) return;
    if (call->flags & IRF_WRAPPER_CALL) return;
    /* tried again once more calls are inlined (their results may tell the
       concrete type), as gc's devirtualize.State learns from inlined calls */
    uintptr_t seen = (uintptr_t)ptrmap_get(&t->devirt, call);
    if (seen == UINTPTR_MAX || seen == (uintptr_t)t->inlgen + 1) return;
    ptrmap_put(&t->devirt, call, (void *)((uintptr_t)t->inlgen + 1));
    Inl *in = t->in;
    IrNode *sel = call->x;
    Devirt d = {t, {0}};
    Type *typ = concrete_type(&d, sel->x);
    ptrmap_free(&d.seen);
    if (!typ || typ == NOTYPE) return;
    if (ir_type_has_shape(typ) || ir_type_has_shape(sel->x->type)) return;
    Object *im = sel->u.obj;
    if (!im || !im->name) return;
    bool ptrrecv = false;
    Object *m = find_method(typ, im->name, &ptrrecv);
    bool isptr = type_unalias(typ)->kind == TY_POINTER;
    /* a method promoted from an embedded field: gc's XDotMethod selects it
       through the implicit fields */
    TypesSelection path = {0};
    bool partial = false;
    if (!m) {
        m = types_concrete_method(typ, im);
        if (!m || !types_selection_path(typ, m, &in->p->late, &path) || !path.nsteps) return;
        Type *last = path.steps[path.nsteps - 1].field->type;
        /* from an embedded interface: the call stays an interface call on it */
        partial = last && type_is_interface(last);
        Type *mt0 = m->type ? type_unalias(m->type) : NULL;
        if (!partial && (!mt0 || mt0->kind != TY_SIGNATURE || !AS_SIGNATURE(mt0)->recv)) return;
        ptrrecv = !partial && type_unalias(AS_SIGNATURE(mt0)->recv->type)->kind == TY_POINTER;
    }
    if (ptrrecv && !isptr && !path.nsteps) return;     /* T does not implement the interface */
    Type *base = type_unalias(typ);
    if (base->kind == TY_POINTER) base = type_unalias(AS_POINTER(base)->elem);
    bool inst = base->kind == TY_NAMED && AS_NAMED(base)->targs.n > 0;
    if (!inst && !partial && !same_signature(m->type, im->type)) return;
    if (in->opt->m) {
        StrBuf *b = &t->sb;
        sb_reset(b);
        sb_puts(b, partial ? "partially devirtualizing " : "devirtualizing ");
        ir_fmt_node(b, sel, in->p->pkg);
        sb_puts(b, " to ");
        ir_fmt_type(b, typ, in->p->pkg);
        inl_add_msg_at(in, NULL, call->file, call->pos, sb_cstr(b));
    }
    ptrmap_put(&t->devirt, call, (void *)UINTPTR_MAX);
    t->devgen++;            /* the call is rewritten below (or stays dynamic: harmless) */
    /* a generic type's method: its dictionary wrapper is called (the
       wrapper calls the shaped instance) */
    IrFunc *wrap = inst && !partial && !path.nsteps ? inst_wrapper(t, m, AS_NAMED(base)) : NULL;
    if (inst && !wrap) return;
    if (wrap) m = wrap->obj;
    IrPackage *P = in->p;
    /* x.(T), then *x.(T) for a value method of a pointer */
    IrNode *dt = ir_new_node(P, IR_DOTTYPE, call->file, call->pos, typ);
    dt->x = sel->x;
    if (partial) {
        /* x.(T).E...I.M(...): an interface call on the embedded field */
        IrNode *ix = embedded_recv(t, dt, &path, false, path.steps[path.nsteps - 1].field->type, call);
        if (!ix) return;
        IrNode *di = ir_new_node(P, IR_DOTINTER, sel->file, sel->pos, sel->type);
        di->x = ix;
        di->u.obj = m;
        di->sel = m;
        call->x = di;
        return;
    }
    IrNode *recv = dt;
    Type *mt = type_unalias(m->type);
    SignatureType *ms = AS_SIGNATURE(mt);
    Type *rt = ms->recv->type;
    if (path.nsteps) {
        /* x.(T).E...: the embedded fields, then & or * for the receiver */
        recv = embedded_recv(t, dt, &path, ptrrecv, rt, call);
        if (!recv) return;
    } else if (isptr && !ptrrecv) {
        recv = ir_new_node(P, IR_DEREF, call->file, call->pos, rt);
        recv->flags |= IRF_IMPLICIT;
        recv->x = dt;
    }
    uint32_t np = tuple_len(ms->params);
    Object **vs = xmalloc((np + 1) * sizeof *vs);
    vs[0] = obj_new_var(P->pkg, VAR_PARAM, ms->recv->file, ms->recv->pos, ms->recv->name ? ms->recv->name : "", rt);
    for (uint32_t i = 0; i < np; i++) vs[i + 1] = tuple_at(ms->params, i);
    SignatureType *fsig = type_new_signature(P->pkg, NULL, type_new_tuple(P->pkg, vs, np + 1), ms->results, ms->variadic);
    free(vs);
    IrNode *me = ir_new_node(P, IR_METHEXPR, sel->file, sel->pos, &fsig->t);
    me->u.obj = m;
    me->sel = m;
    me->y = ir_new_node(P, IR_TYPE, sel->file, sel->pos, rt);
    IrList args = {0};
    ir_list_append(P, &args, recv);
    for (uint32_t i = 0; i < call->list.n; i++) ir_list_append(P, &args, call->list.v[i]);
    call->op = IR_CALLFUNC;
    call->x = me;
    call->list = args;
}

/* -------------------------------------------------------- call targets */

static bool is_escape_non_string(const Object *o) {
    if (!o || !o->pkg || !o->pkg->path || strcmp(o->pkg->path, "internal/abi") != 0 || !o->name) return false;
    return strncmp(o->name, "EscapeNonString", 15) == 0 && (!o->name[15] || o->name[15] == '[');
}

/* objabi's package classes (cmd/internal/objabi/pkgspecial.go facts). */
static const char *const runtime_pkgs[] = {
    "runtime", "internal/runtime/atomic", "internal/runtime/cgroup", "internal/runtime/exithook",
    "internal/runtime/gc", "internal/runtime/gc/scan", "internal/runtime/maps", "internal/runtime/math",
    "internal/runtime/sys", "internal/runtime/syscall/linux", "internal/runtime/syscall/windows",
    "internal/abi", "internal/bytealg", "internal/byteorder", "internal/chacha8rand",
    "internal/coverage/rtcov", "internal/cpu", "internal/goarch", "internal/godebugs",
    "internal/goexperiment", "internal/goos", "internal/profilerecord", "internal/strconv",
    "internal/stringslite",
};

static bool in_list(const char *path, const char *const *l, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(path, l[i]) == 0) return true;
    return false;
}

static bool is_runtime_pkg(const char *path) {
    return in_list(path, runtime_pkgs, sizeof runtime_pkgs / sizeof *runtime_pkgs);
}

static bool is_no_instrument_pkg(const char *path) {
    static const char *const extra[] = {"runtime/race", "runtime/msan", "runtime/asan"};
    if (strcmp(path, "internal/bytealg") == 0) return false;
    return is_runtime_pkg(path) || in_list(path, extra, 3);
}

static bool is_no_race_pkg(const char *path) {
    static const char *const l[] = {"sync", "sync/atomic", "internal/sync", "internal/runtime/atomic"};
    return in_list(path, l, 4);
}

/* inlineCallCheck: whether the call might be inlined. */
static bool might_inline(It *t, IrNode *call) {
    if (call->op != IR_CALLFUNC || !call->x) return false;
    if (call->flags & IRF_WRAPPER_CALL) return false;
    IrNode *fx = call->x;
    const Object *fo = NULL;
    StrBuf *sym = &t->sb;
    sb_reset(sym);
    if (fx->op == IR_NAME && (fx->flags & IRF_FUNCNAME) && fx->u.obj) {
        fo = fx->u.obj;
        sb_puts(sym, fo->name);
    } else if (fx->op == IR_METHEXPR && fx->u.obj) {
        fo = fx->u.obj;
        inl_method_symname(sym, fo);
    }
    if (!fo) return true;
    if (is_escape_non_string(fo)) return false;
    const char *path = fo->pkg && fo->pkg->path ? fo->pkg->path : "";
    if (t->in->opt->checkptr && fx->op == IR_METHEXPR && strcmp(path, "reflect") == 0 &&
        (strcmp(sb_cstr(sym), "Value.UnsafeAddr") == 0 || strcmp(sb_cstr(sym), "Value.Pointer") == 0))
        return false;
    if (inl_is_intrinsic(path, sb_cstr(sym), t->in->opt->race)) return false;
    return true;
}

static InlFunc *callee_of(It *t, FnState *fs, IrNode *call, bool resolve_only) {
    return inl_static_callee(t->in, call->x, fs->fn, !resolve_only);
}

static InlFunc *resolve(It *t, FnState *fs, uint32_t i, int *count) {
    Site *s = &fs->sites.data[i];
    if (s->callee) {
        *count = (int)(intptr_t)ptrmap_get(&t->uses, s->callee);
        return s->callee;
    }
    IrNode *call = s->call;
    if (call->op != IR_CALLFUNC && call->op != IR_CALLINTER) {
        *count = -1;
        return NULL;
    }
    devirtualize(t, fs, call);
    InlFunc *c = might_inline(t, call) ? callee_of(t, fs, call, true) : NULL;
    if (!c) {
        *count = 0;
        return NULL;
    }
    s = &fs->sites.data[i];
    s->callee = c;
    int n = (int)(intptr_t)ptrmap_get(&t->uses, c) + 1;
    ptrmap_put(&t->uses, c, (void *)(intptr_t)n);
    *count = n;
    return c;
}

/* ------------------------------------------------------------ substitution */

typedef struct SubCtx {
    It *t;
    const InlFunc *f;       /* the callee */
    unsigned litgen;        /* func literals copied so far */
    unsigned rangegen;      /* range-over-func bodies among them */
    PtrMap nested;          /* copied func literal -> literals copied inside it */
    IrFunc *from;           /* the snapshot */
    IrFunc *caller;
    IrVar **results;
    uint32_t nresults;
    const char *retlabel;
    bool delay;
} SubCtx;

/* A variable gc's range-over-func rewrite declared (#state1, #next, #rv1,
   ...) has no object but belongs to its function's package: inlined into
   another package it prints qualified (typeindex.#state1), as gc's. */
static void qualify_rewrite_var(SubCtx *s, IrVar *nv) {
    const Pkg *from = s->f->pkg, *here = s->t->in->p->pkg;
    if (nv->obj || !nv->name || nv->name[0] != '#' || !from || from == here || !from->name || !from->name[0])
        return;
    StrBuf b = {0};
    sb_printf(&b, "%s.%s", from->name, nv->name);
    nv->name = intern(s->t->in->p->names, sb_cstr(&b), b.len);
    sb_free(&b);
}

/* A variable of a func literal copied with the inlined body. */
static void sub_fvar(IrCopy *c, IrVar *m) { qualify_rewrite_var(c->data, m); }

static IrVar *sub_var(IrCopy *c, IrVar *v) {
    SubCtx *s = c->data;
    if (v->curfn != s->from) return v;
    if ((v->flags & IRV_CLOSUREVAR) && v->outer) return v->outer;
    IrVar *nv = ir_copy_var(c, v, s->caller, NULL);
    nv->cls = IRC_AUTO;
    qualify_rewrite_var(s, nv);
    ir_add_dcl(c->dst, s->caller, nv);
    return nv;
}

static void callee_diag_name(It *t, StrBuf *b, const InlFunc *f);

/* A func literal of the inlined body: named after the callee as gc names
   closures made while inlining (F.funcN, or F.N inside a closure), and
   added to the package's functions. */
static void sub_func(IrCopy *c, IrFunc *orig, IrFunc *nf) {
    SubCtx *s = c->data;
    StrBuf b = {0};
    if (nf->outer && nf->outer != s->caller) {
        /* nested in a copied func literal: named as its own literals */
        bool range = orig->flags & IRFN_RANGEFUNC;
        /* range bodies counted apart: keyed by the outer's address + 1 */
        const void *key = (const char *)nf->outer + range;
        uintptr_t k = (uintptr_t)ptrmap_get(&s->nested, key) + 1;
        ptrmap_put(&s->nested, key, (void *)k);
        sb_printf(&b, range ? "%s-range%u" : "%s.%u", nf->outer->name, (unsigned)k);
    } else {
        callee_diag_name(s->t, &b, s->f);
        bool in_closure = nf->outer && (nf->outer->flags & IRFN_CLOSURE);
        /* gc's closureName: a range-over-func body is "-rangeN", counted apart */
        if (orig->flags & IRFN_RANGEFUNC) sb_printf(&b, "-range%u", ++s->rangegen);
        else sb_printf(&b, "%s%u", in_closure ? "." : ".func", ++s->litgen);
    }
    nf->name = intern(c->dst->names, sb_cstr(&b), b.len);
    nf->linksym = nf->name;
    sb_free(&b);
    /* a closure of the package inlined into, its name qualified already */
    nf->genpkg = NULL;
    /* DUPOK as the function it is now in (gc's NewClosureFunc): a literal
       of a shaped instance inlined into ordinary code reports its params */
    if (nf->outer && (nf->outer->flags & IRFN_DUPOK)) nf->flags |= IRFN_DUPOK;
    else nf->flags &= ~(uint32_t)IRFN_DUPOK;
    ir_package_add_func(c->dst, nf);
}

static IrNode *name_node(IrPackage *P, IrVar *v, const SourceFile *file, Pos pos) {
    IrNode *n = ir_new_node(P, IR_NAME, file, pos, v->type);
    n->u.var = v;
    return n;
}

static IrNode *sub_ret(IrCopy *c, const IrNode *n) {
    /* a func literal's returns are its own */
    if (n->op != IR_RETURN || c->in_func) return NULL;
    SubCtx *s = c->data;
    IrPackage *P = c->dst;
    IrNode *blk = ir_new_node(P, IR_BLOCK, c->file, c->pos, NULL);
    for (uint32_t i = 0; i < n->init.n; i++) ir_list_append(P, &blk->list, ir_copy_node(c, n->init.v[i]));
    if (n->list.n) {
        IrNode *as;
        if (n->list.n == s->nresults) {
            as = ir_new_node(P, IR_AS2, c->file, c->pos, NULL);
            for (uint32_t i = 0; i < n->list.n; i++) ir_list_append(P, &as->rlist, ir_copy_node(c, n->list.v[i]));
        } else {
            as = ir_new_node(P, IR_AS2FUNC, c->file, c->pos, NULL);
            as->y = ir_copy_node(c, n->list.v[0]);
        }
        for (uint32_t i = 0; i < s->nresults; i++) {
            ir_list_append(P, &as->list, name_node(P, s->results[i], c->file, c->pos));
            if (s->delay) {
                IrNode *d = ir_new_node(P, IR_DCL, c->file, c->pos, NULL);
                d->u.var = s->results[i];
                ir_list_append(P, &blk->list, d);
                s->results[i]->defn = as;
            }
        }
        ir_list_append(P, &blk->list, as);
    }
    IrNode *g = ir_new_node(P, IR_GOTO, c->file, c->pos, NULL);
    g->u.label = s->retlabel;
    ir_list_append(P, &blk->list, g);
    return blk;
}

static void count_returns(const IrNode *n, int *k) {
    if (!n || n->op == IR_CLOSURE) return;
    if (n->op == IR_RETURN) *k += n->list.n ? 1 : 2;
    for (uint32_t i = 0; i < n->init.n; i++) count_returns(n->init.v[i], k);
    count_returns(n->x, k);
    count_returns(n->y, k);
    count_returns(n->z, k);
    count_returns(n->w, k);
    for (uint32_t i = 0; i < n->list.n; i++) count_returns(n->list.v[i], k);
    for (uint32_t i = 0; i < n->rlist.n; i++) count_returns(n->rlist.v[i], k);
}

static bool is_named_result(const IrVar *v) {
    return v && v->name && v->name[0] != '~' && !(v->name[0] == '_' && !v->name[1]) && !(v->flags & IRV_BLANK);
}

/* gc's canDelayResults: exactly one return, with results, none named. */
static bool can_delay_results(const IrFunc *fn) {
    int k = 0;
    for (uint32_t i = 0; i < fn->body.n; i++) count_returns(fn->body.v[i], &k);
    if (k != 1) return false;
    for (uint32_t i = 0; i < fn->nresults; i++)
        if (is_named_result(fn->results[i])) return false;
    return true;
}

/* can_delay_results of f's body, found once: the body never changes, and
   many calls inline it (the summary may be shared by other threads). */
static bool delay_results(const InlFunc *f, const IrFunc *sf) {
    uint8_t *memo = &((InlFunc *)f)->delay;
    uint8_t d = __atomic_load_n(memo, __ATOMIC_RELAXED);
    if (!d) {
        d = can_delay_results(sf) ? 2 : 1;
        __atomic_store_n(memo, d, __ATOMIC_RELAXED);
    }
    return d == 2;
}

static bool is_blank_var(const IrVar *v) {
    return !v->name || !v->name[0] || (v->flags & IRV_BLANK) || (v->name[0] == '_' && !v->name[1]);
}

static const char *internf(IrPackage *P, const char *fmt, unsigned n) {
    char buf[64];
    int len = snprintf(buf, sizeof buf, fmt, n);
    return intern(P->names, buf, (size_t)len);
}

/* An unnamed parameter or result (~pN, ~rN) is declared in the caller's
   package: qualified as the caller's other variables without an object
   when the caller is an instance of another package's generic
   (instantiate.c prefixes them so), as gc prints `ecdsa.~r0` there. */
static void unnamed_in_caller(IrPackage *P, IrVar *nv, const IrFunc *caller) {
    nv->obj = NULL;
    const Pkg *g = caller->genpkg;
    if (!g || !g->name || !g->name[0]) return;
    StrBuf b = {0};
    sb_printf(&b, "%s.%s", g->name, nv->name);
    nv->name = intern(P->names, sb_cstr(&b), b.len);
    sb_free(&b);
}

/* ~pN / ~rN, the names of blank parameters and results: the first few kept */
static const char *blank_name(It *t, bool result, unsigned i) {
    const char **memo = result ? t->rnames : t->pnames;
    if (i >= BLANK_NAMES) return internf(t->in->p, result ? "~r%u" : "~p%u", i);
    if (!memo[i]) memo[i] = internf(t->in->p, result ? "~r%u" : "~p%u", i);
    return memo[i];
}

static bool substitute(It *t, FnState *fs, IrNode *call, const InlFunc *f) {
    IrFunc *sf = inline_func_body(f);
    if (!sf || call->list.n != sf->nparams) return false;
    IrPackage *P = t->in->p;
    IrFunc *caller = fs->fn;
    const SourceFile *file = call->file;
    Pos pos = call->pos;
    unsigned gen = ++t->inlgen;
    SubCtx sc = {.t = t, .f = f, .from = sf, .caller = caller, .nresults = sf->nresults,
                 .delay = delay_results(f, sf)};
    sc.retlabel = internf(P, ".i%u", gen - 1);
    IrCopy c = {.dst = P, .var_hook = sub_var, .node_hook = sub_ret, .func_hook = sub_func, .fvar_hook = sub_fvar, .data = &sc,
                .relabel = gen, .closure_outer = caller, .setpos = true, .file = file, .pos = pos,
                .want_calls = true};
    /* reuse the tables of earlier copies: most bodies are small */
    c.vars = t->scratch.vars;
    c.nodes = t->scratch.nodes;
    c.defns = t->scratch.defns;
    c.funcs = t->scratch.funcs;
    c.calls = t->scratch.calls;
    c.capcalls = t->scratch.capcalls;
    IrVar **pv = arena_alloc(&P->arena, (sf->nparams + 1) * sizeof *pv);
    for (uint32_t i = 0; i < sf->nparams; i++) {
        IrVar *v = sf->params[i];
        IrVar *nv = ir_copy_var(&c, v, caller, is_blank_var(v) ? blank_name(t, false, i) : NULL);
        nv->cls = IRC_AUTO;
        nv->flags &= (uint16_t)~IRV_BLANK;
        if (nv->name[0] == '~') unnamed_in_caller(P, nv, caller);
        ir_add_dcl(P, caller, nv);
        ptrmap_put(&c.vars, v, nv);
        pv[i] = nv;
    }
    sc.results = arena_alloc(&P->arena, (sf->nresults + 1) * sizeof *sc.results);
    for (uint32_t i = 0; i < sf->nresults; i++) {
        IrVar *v = sf->results[i];
        IrVar *nv = ir_copy_var(&c, v, caller, is_blank_var(v) ? blank_name(t, true, i) : NULL);
        nv->cls = IRC_AUTO;
        nv->flags &= (uint16_t)~IRV_BLANK;
        if (nv->name[0] == '~') unnamed_in_caller(P, nv, caller);
        qualify_rewrite_var(&sc, nv);
        ir_add_dcl(P, caller, nv);
        ptrmap_put(&c.vars, v, nv);
        sc.results[i] = nv;
    }
    IrList init = call->init;
    if (call->x) {
        for (uint32_t i = 0; i < call->x->init.n; i++) ir_list_append(P, &init, call->x->init.v[i]);
    }
    IrNode *as2 = ir_new_node(P, IR_AS2, file, pos, NULL);
    as2->flags |= IRF_DEFINE;
    for (uint32_t i = 0; i < sf->nparams; i++) {
        ir_list_append(P, &as2->list, name_node(P, pv[i], file, pos));
        IrNode *d = ir_new_node(P, IR_DCL, file, pos, NULL);
        d->u.var = pv[i];
        ir_list_append(P, &as2->init, d);
    }
    as2->rlist = call->list;
    ir_list_append(P, &init, as2);
    if (!sc.delay) {
        for (uint32_t i = 0; i < sf->nresults; i++) {
            IrNode *d = ir_new_node(P, IR_DCL, file, pos, NULL);
            d->u.var = sc.results[i];
            ir_list_append(P, &init, d);
            IrNode *as = ir_new_node(P, IR_AS, file, pos, NULL);
            as->x = name_node(P, sc.results[i], file, pos);
            ir_list_append(P, &init, as);
        }
    }
    IrList body = {0};
    ir_copy_list(&c, &body, &sf->body);
    IrNode *lab = ir_new_node(P, IR_LABEL, file, pos, NULL);
    lab->u.label = sc.retlabel;
    ir_list_append(P, &body, lab);
    ir_copy_fix_defns(&c);
    /* the copied calls remember where they come from (recursion checks) */
    for (uint32_t i = 0; i < c.ncalls; i += 2) {
        const IrNode *o = c.calls[i], *oo = ptrmap_get(&t->orig, o);
        ptrmap_put(&t->orig, c.calls[i + 1], (void *)(oo ? oo : o));
    }
    c.ncalls = 0;
    ptrmap_clear(&c.vars);
    ptrmap_clear(&c.nodes);
    ptrmap_clear(&c.defns);
    ptrmap_clear(&c.funcs);
    t->scratch = c;
    ptrmap_free(&sc.nested);
    for (uint32_t i = 0; i < sf->nparams; i++) pv[i]->defn = as2;
    IrList res = {0};
    for (uint32_t i = 0; i < sf->nresults; i++) ir_list_append(P, &res, name_node(P, sc.results[i], file, pos));
    call->op = IR_INLCALL;
    call->flags &= (uint16_t)~IRF_DDD;
    call->x = call->y = call->z = call->w = NULL;
    call->init = init;
    call->rlist = body;
    call->list = res;
    call->u.fn = sf;
    return true;
}

/* ----------------------------------------------------------------- edits */

static void callee_diag_name(It *t, StrBuf *b, const InlFunc *f) {
    if (f->pkg && f->pkg != t->in->p->pkg && f->pkg->name) sb_printf(b, "%s.", f->pkg->name);
    sb_puts(b, f->name);
}

static bool edit(It *t, FnState *fs, uint32_t i) {
    Site *s = &fs->sites.data[i];
    IrNode *call = s->call;
    if (s->done || (call->op != IR_CALLFUNC && call->op != IR_CALLINTER)) return false;
    int count;
    resolve(t, fs, i, &count);
    if (count <= 0) return false;
    Inl *in = t->in;
    if (!might_inline(t, call)) return false;
    InlFunc *f = callee_of(t, fs, call, false);
    if (!f || f->state != INL_OK) return false;
    int32_t maxcost = fs->big ? BIG_MAX_COST : MAX_COST;
    if (f->closure) {
        maxcost *= 2;
        if (count == 1 && maxcost < CLOSURE_ONCE_COST) maxcost = CLOSURE_ONCE_COST;
    }
    if (f->cost > maxcost) return false;
    const char *path = f->pkg && f->pkg->path ? f->pkg->path : "";
    if (in->opt->race && (is_no_instrument_pkg(path) || is_no_race_pkg(path))) return false;
    if (in->opt->checkptr && is_runtime_pkg(path)) return false;
    s = &fs->sites.data[i];
    int32_t parent = s->parent;
    /* a call copied into its own inlined body (gc compares the call's own
       position with those of the calls it is inlined through) */
    for (int32_t k = parent; k >= 0; k = t->tree.data[k].parent)
        if (t->tree.data[k].pos == s->opos && t->tree.data[k].file == s->ofile) return false;
    for (int32_t k = parent; k >= 0; k = t->tree.data[k].parent) {
        if (t->tree.data[k].fn == f) {
            if (in->opt->m > 1) {
                StrBuf *b = &t->sb;
                sb_reset(b);
                sb_puts(b, "cannot inline ");
                callee_diag_name(t, b, f);
                sb_printf(b, " into %s: repeated recursive cycle", fs->fn->name);
                inl_add_msg_at(in, fs->fn, call->file, call->pos, sb_cstr(b));
            }
            return false;
        }
    }
    if (in->opt->m) {
        StrBuf *b = &t->sb;
        sb_reset(b);
        sb_puts(b, "inlining call to ");
        callee_diag_name(t, b, f);
        inl_add_msg_at(in, fs->fn, call->file, call->pos, sb_cstr(b));
    }
    TreeEnt te = {parent, f, s->ofile, s->opos};
    vec_push(&t->tree, te);
    int32_t idx = (int32_t)t->tree.len - 1;
    if (!substitute(t, fs, call, f)) {
        fs->sites.data[i].done = true;
        return false;
    }
    /* gc's HaveDcl: this package's export data now carries the body too */
    if (f->obj && f->obj->pkg != in->p->pkg && !inl_from_generic(f->obj))
        ptrmap_put(&in->sum->reexp, f->obj, (void *)1);
    mark_inlcall_children(t, fs, call, idx);
    return true;
}

static bool skip_func(const IrFunc *fn) {
    if (fn->flags & IRFN_GENERIC) return true;
    if ((fn->flags & IRFN_WRAPPER) && !(fn->flags & (IRFN_GOWRAP | IRFN_DEFERWRAP))) return true;
    if (fn->obj && fn->name && strcmp(fn->name, "_") == 0) return true;
    return false;
}

/* The first half for fn: its call sites, resolved (devirtualized). */
static FnState *collect_func(It *t, IrFunc *fn) {
    Inl *in = t->in;
    FnState *fs = xcalloc(1, sizeof *fs);
    fs->fn = fn;
    vec_push(&t->all, fs);
    ptrmap_put(&t->states, fn, fs);
    fs->big = in->opt->l != 1 &&     /* gc's bigCaller */
              ((fn->flags & IRFN_METHWRAP) ? inl_count_big_func(fn) : inl_is_big_func(fn));
    if (fs->big && in->opt->m > 1) {
        StrBuf *b = &t->sb;
        sb_reset(b);
        sb_printf(b, "function %s considered 'big'; reducing max cost of inlinees", fn->name);
        inl_add_msg_at(in, fn, fn->file, fn->pos, sb_cstr(b));
    }
    mark_list(t, fs, &fn->body, -1);
    for (uint32_t k = 0; k < fs->sites.len; k++) {
        int count;
        resolve(t, fs, k, &count);
    }
    return fs;
}

static void collect(It *t, IrFunc *fn) {
    if (!skip_func(fn)) collect_func(t, fn);
}

/* gc's addTailCall for a wrapper lowering marked (IRFN_TAILCALL): when the
   method it calls has no body to inline, the call becomes a tail call
   (its results are not the wrapper's to assign). */
static void tail_call(It *t, IrFunc *fn) {
    IrNode *s = fn->body.n ? fn->body.v[0] : NULL, *call = s;
    if (s && s->op == IR_RETURN)
        call = s->list.n == 1 ? s->list.v[0] : s->init.n && s->init.v[0] ? s->init.v[0]->y : NULL;
    if (!call || call->op != IR_CALLFUNC) return;
    /* -l: goescape analysed the imports without inlining too (gc only the
       package it compiles): assume another package's method has its body */
    const Object *m = call->x && call->x->op == IR_METHEXPR ? call->x->u.obj : NULL;
    if (t->in->opt->l == 1 && m && m->pkg != t->in->p->pkg) return;
    InlFunc *f = inl_static_callee(t->in, call->x, fn, false);
    if (f && f->state == INL_OK) return;
    IrNode *tc = ir_late_node(t->in->p, IR_TAILCALL, NULL, NOPOS, NULL);
    tc->x = call;
    fn->body.v[0] = tc;
    fn->body.n = 1;
}

/* The second half for fs: its call sites inlined, and the sites the
   inlined bodies bring, until none is left; whether anything changed. */
static bool edit_func(It *t, FnState *fs) {
    bool changed = false;
    size_t l0 = 0, l1 = fs->sites.len;
    for (;;) {
        for (size_t k = l0; k < l1; k++)
            if (edit(t, fs, (uint32_t)k)) changed = true;
        l0 = l1;
        l1 = fs->sites.len;
        if (l0 == l1) break;
        for (size_t k = l0; k < l1; k++) {
            int count;
            resolve(t, fs, (uint32_t)k, &count);
        }
    }
    return changed;
}

/* The first half beside the decisions: each function once it is decided
   (devirtualization rewrites calls the decisions must see as lowered), with
   a view of the analysis of its own: its messages and its cache of
   reassigned variables, handed over when it is joined. Functions and their
   InlFuncs are only read until the decisions are done (info_of). */
struct InlBeside {
    Inl view;
    InlResult out;
    InlSide side;
    It t;
    pthread_t tid;
};

static void *beside_main(void *arg) {
    InlBeside *b = arg;
    IrPackage *p = b->view.p;
    for (uint32_t i = 0; i < p->nfuncs; i++) {
        IrFunc *fn = p->funcs[i];
        if (skip_func(fn)) continue;
        inl_await(&b->view, fn);
        collect(&b->t, fn);
    }
    return NULL;
}

InlBeside *inl_beside_start(Inl *in) {
    InlBeside *b = xcalloc(1, sizeof *b);
    b->view = *in;
    b->view.out = in->out ? &b->out : NULL;
    b->view.reassigned = (PtrMap){0};
    b->view.sb = (StrBuf){0};
    b->view.beside = true;
    b->view.side = &b->side;
    inline_result_init(&b->out);
    pthread_mutex_init(&b->side.mu, NULL);
    pthread_cond_init(&b->side.cv, NULL);
    b->t.in = &b->view;
    in->side = &b->side;
    if (pthread_create(&b->tid, NULL, beside_main, b) != 0) {
        in->side = NULL;
        pthread_mutex_destroy(&b->side.mu);
        pthread_cond_destroy(&b->side.cv);
        inline_result_free(&b->out);
        free(b);
        return NULL;
    }
    return b;
}

void inl_interleave(Inl *in, InlBeside *b) {
    It t = {.in = in};
    IrPackage *p = in->p;
    if (b) {
        pthread_join(b->tid, NULL);
        t = b->t;
        t.in = in;
        /* its messages come after the decisions', as in sequence */
        for (uint32_t i = 0; i < b->out.nmsgs; i++) {
            const InlMsg *m = &b->out.msgs[i];
            inl_add_msg_at(in, m->fn, m->file, m->pos, m->text);
        }
        const PtrMap *r = &b->view.reassigned;
        for (size_t i = 0; i < r->cap; i++)
            if (r->keys[i] && !ptrmap_get(&in->reassigned, r->keys[i]))
                ptrmap_put(&in->reassigned, r->keys[i], r->vals[i]);
        ptrmap_free(&b->view.reassigned);
        sb_free(&b->view.sb);
        inline_result_free(&b->out);
        in->side = NULL;
        pthread_mutex_destroy(&b->side.mu);
        pthread_cond_destroy(&b->side.cv);
        free(b);
    } else {
        for (uint32_t i = 0; i < p->nfuncs; i++) collect(&t, p->funcs[i]);
    }
    if (in->opt->final) {
        /* every function is known; those outside the batches never change */
        VEC(IrFunc *) fixed = {0};
        for (uint32_t i = 0; i < p->nfuncs; i++)
            if (!ptrmap_get(&in->nodeid, p->funcs[i]) && !(p->funcs[i]->flags & IRFN_METHWRAP))
                vec_push(&fixed, p->funcs[i]);
        ir_final_publish(in->opt->final, p, fixed.data, fixed.len);
        vec_free(&fixed);
    }
    size_t start = 0;
    for (size_t bi = 0; bi < in->batchend.len; bi++) {
        size_t end = in->batchend.data[bi];
        bool done = false;
        while (!done) {
            done = true;
            for (size_t j = start; j < end; j++) {
                FnState *fs = ptrmap_get(&t.states, in->order.data[j]);
                if (fs && edit_func(&t, fs)) done = false;
            }
        }
        /* the batch is final, with the func literals it copied */
        if (in->opt->final) ir_final_publish(in->opt->final, p, (IrFunc *const *)in->order.data + start, end - start);
        start = end;
    }
    /* gc's method wrappers, made after the inlining pass
       (DevirtualizeAndInlineFunc): inlined into last, one by one */
    for (uint32_t i = 0; i < p->nfuncs; i++) {
        IrFunc *fn = p->funcs[i];
        if (!(fn->flags & IRFN_METHWRAP)) continue;
        if (fn->flags & IRFN_TAILCALL) tail_call(&t, fn);
        FnState *fs = collect_func(&t, fn);
        while (edit_func(&t, fs)) {}
        if (in->opt->final) ir_final_publish(in->opt->final, p, &p->funcs[i], 1);
    }
    for (size_t i = 0; i < t.all.len; i++) {
        vec_free(&t.all.data[i]->sites);
        free(t.all.data[i]);
    }
    vec_free(&t.all);
    vec_free(&t.tree);
    ptrmap_free(&t.uses);
    ptrmap_free(&t.states);
    ptrmap_free(&t.devirt);
    acc_index_free_all(&t);
    ptrmap_free(&t.orig);
    ir_copy_free(&t.scratch);
    sb_free(&t.sb);
}
