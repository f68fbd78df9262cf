/* go/types' monomorphization check: a generic function or type that,
   through its own instantiations, makes ever larger type arguments
   (type List[T any] struct{ next *List[List[T]] }) cannot be compiled by
   instantiation, and is an "instantiation cycle" error. The package's type
   parameters are vertices; an instantiation G[..., A, ...] adds an edge from
   each type parameter P that A mentions to G's parameter, of weight 0 when
   A is P itself and 1 otherwise; a cycle of positive weight is the error,
   found as Bellman-Ford finds one (mono.go's order, so the same cycle). */
#include "check.h"
#include "base/strbuf.h"
#include "base/util.h"
#include <stdlib.h>

typedef struct MonoVertex {
    Object *obj;                /* the type parameter's TypeName */
    int64_t weight;
    uint32_t pre;               /* edge that set weight */
    uint32_t len;               /* edges on that path */
} MonoVertex;

typedef struct MonoEdge {
    uint32_t dst, src;
    int weight;
    const SourceFile *file;
    Pos pos;                    /* of the type argument */
    Type *targ;
} MonoEdge;

struct CheckMono {
    VEC(MonoVertex) vertices;
    VEC(MonoEdge) edges;
    PtrMap index;               /* TypeName -> vertex + 1 */
    PtrMap canon;               /* receiver type parameter -> its type's */
};

static CheckMono *mono(Checker *c) {
    if (!c->mono) c->mono = xcalloc(1, sizeof *c->mono);
    return c->mono;
}

void check_mono_canon(Checker *c, Type *rparam, Type *tparam) {
    if (rparam && tparam && rparam != tparam) ptrmap_put(&mono(c)->canon, rparam, tparam);
}

static uint32_t vertex(CheckMono *m, TypeParamType *tp) {
    TypeParamType *cn = ptrmap_get(&m->canon, tp);
    if (cn) tp = cn;
    uintptr_t i = (uintptr_t)ptrmap_get(&m->index, tp->obj);
    if (i) return (uint32_t)(i - 1);
    vec_push(&m->vertices, ((MonoVertex){tp->obj, 0, 0, 0}));
    ptrmap_put(&m->index, tp->obj, (void *)(uintptr_t)m->vertices.len);
    return (uint32_t)(m->vertices.len - 1);
}

typedef struct Flow {
    Checker *c;
    uint32_t dst;
    Type *targ;
    const SourceFile *file;
    Pos pos;
} Flow;

static void walk(Flow *f, Type *t, int depth) {
    if (!t || depth > 64) return;
    t = type_unalias(t);
    switch ((TypeKind)t->kind) {
    case TY_TYPEPARAM: {
        TypeParamType *tp = (TypeParamType *)t;
        if (!tp->obj || tp->obj->pkg != f->c->pkg) return;
        CheckMono *m = mono(f->c);
        MonoEdge e = {f->dst, vertex(m, tp), t == f->targ ? 0 : 1, f->file, f->pos, f->targ};
        vec_push(&m->edges, e);
        return;
    }
    case TY_NAMED: {
        NamedType *nt = (NamedType *)t;
        for (uint32_t i = 0; i < nt->targs.n; i++) walk(f, nt->targs.v[i], depth + 1);
        return;
    }
    case TY_POINTER: walk(f, ((PointerType *)t)->elem, depth + 1); return;
    case TY_SLICE: walk(f, ((SliceType *)t)->elem, depth + 1); return;
    case TY_ARRAY: walk(f, ((ArrayType *)t)->elem, depth + 1); return;
    case TY_CHAN: walk(f, ((ChanType *)t)->elem, depth + 1); return;
    case TY_MAP:
        walk(f, ((MapType *)t)->key, depth + 1);
        walk(f, ((MapType *)t)->elem, depth + 1);
        return;
    case TY_STRUCT: {
        StructType *st = (StructType *)t;
        for (uint32_t i = 0; i < st->fields.n; i++) walk(f, st->fields.v[i]->type, depth + 1);
        return;
    }
    case TY_SIGNATURE: {
        SignatureType *sg = (SignatureType *)t;
        for (uint32_t i = 0; i < tuple_len(sg->params); i++) walk(f, tuple_at(sg->params, i)->type, depth + 1);
        for (uint32_t i = 0; i < tuple_len(sg->results); i++) walk(f, tuple_at(sg->results, i)->type, depth + 1);
        return;
    }
    case TY_INTERFACE: {
        InterfaceType *it = (InterfaceType *)t;
        for (uint32_t i = 0; i < it->methods.n; i++) walk(f, it->methods.v[i]->type, depth + 1);
        return;
    }
    default: return;
    }
}

void check_mono_record(Checker *c, TypeList tparams, Type *const *targs, uint32_t n, const NodeList *xlist, Pos pos) {
    const SourceFile *file = check_file(c);
    for (uint32_t i = 0; i < n && i < tparams.n; i++) {
        TypeParamType *tp = (TypeParamType *)tparams.v[i];
        /* instantiation cycles stay within a package */
        if (!tp || tp->t.kind != TY_TYPEPARAM || !tp->obj || tp->obj->pkg != c->pkg || !targs[i]) continue;
        Flow f = {c, vertex(mono(c), tp), targs[i], file, xlist && i < xlist->n ? xlist->v[i]->pos : pos};
        walk(&f, targs[i], 0);
    }
}

static void report(Checker *c, uint32_t v) {
    CheckMono *m = c->mono;
    bool *seen = xcalloc(m->vertices.len, sizeof *seen);
    VEC(uint32_t) stack = {0};
    /* walk back along the path until a vertex repeats: it is on the cycle */
    while (!seen[v]) {
        vec_push(&stack, v);
        seen[v] = true;
        v = m->edges.data[m->vertices.data[v].pre].src;
    }
    size_t from = 0;
    while (stack.data[from] != v) from++;
    Object *o0 = m->vertices.data[v].obj;
    /* one message: gc prints the cycle's edges under it, each at its type
       argument, indented */
    Qualifier q = qualifier_relative_to(c->pkg);
    StrBuf b = {0};
    sb_puts(&b, "instantiation cycle:");
    for (size_t i = from; i < stack.len; i++) {
        const MonoEdge *e = &m->edges.data[m->vertices.data[stack.data[i]].pre];
        Position at = source_pos_gc(e->file, e->pos);
        sb_printf(&b, "\n\t%s:%u:%u: %s instantiated as ", at.filename, at.line, at.col,
                  m->vertices.data[e->dst].obj->name);
        type_write(&b, e->targ, &q);
    }
    diag_add(c->diags, o0->file, o0->pos, "%s", sb_cstr(&b));
    c->stats->errors++;
    sb_free(&b);
    vec_free(&stack);
    free(seen);
}

void check_mono(Checker *c) {
    CheckMono *m = c->mono;
    if (!m) return;
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < m->edges.len; i++) {
            const MonoEdge *e = &m->edges.data[i];
            MonoVertex *src = &m->vertices.data[e->src], *dst = &m->vertices.data[e->dst];
            int64_t w = src->weight + e->weight;
            if (w <= dst->weight) continue;
            dst->pre = (uint32_t)i;
            dst->len = src->len + 1;
            if (dst->len == m->vertices.len) {
                report(c, e->dst);
                return;
            }
            dst->weight = w;
            again = true;
        }
    }
}

void check_mono_free(Checker *c) {
    CheckMono *m = c->mono;
    if (!m) return;
    vec_free(&m->vertices);
    vec_free(&m->edges);
    ptrmap_free(&m->index);
    ptrmap_free(&m->canon);
    free(m);
    c->mono = NULL;
}
