/* Package initialization order (go/types' Info.InitOrder, which gc follows
   when it builds the package init function): package-level constants,
   variables and functions form a dependency graph (references in
   initializers, types and function bodies, methods included); functions
   are bypassed; then nodes are taken constants first, then by fewest
   remaining dependencies, ties by declaration order, and each variable
   with an initializer is emitted when taken (an n:1 declaration once). */
#include "lower.h"
#include "base/util.h"
#include <string.h>

typedef struct NodeVec {
    struct GNode **data;
    size_t len, cap;
} NodeVec;

typedef struct GNode {
    Object *obj;
    const AstFile *file;
    const Node *spec;           /* ValueSpec (vars, consts) or FuncDecl */
    const NodeList *values;     /* const: the (possibly inherited) values */
    int32_t index;              /* position in the spec's names */
    uint32_t order;
    bool isfunc, isconst, done, reached;
    size_t hpos;                /* index in the heap of nodes to take */
    PtrMap succ, pred;          /* GNode* -> GNode* */
    NodeVec succl, predl;       /* the same, in insertion order */
    int64_t ndeps;
} GNode;

typedef struct IO {
    Lower *L;
    PtrMap byobj;               /* Object* -> GNode* */
    VEC(GNode *) nodes;
    GNode *cur;
} IO;

static void add_edge(GNode *from, GNode *to) {
    if (ptrmap_get(&from->succ, to)) return;
    ptrmap_put(&from->succ, to, to);
    vec_push(&from->succl, to);
    ptrmap_put(&to->pred, from, from);
    vec_push(&to->predl, from);
}

static void dep(IO *io, Object *o) {
    if (!o || !io->cur) return;
    GNode *n = ptrmap_get(&io->byobj, o);
    if (n) add_edge(io->cur, n);
}

static void refs(IO *io, const Node *n);

static void refs_list(IO *io, const NodeList *l) {
    for (uint32_t i = 0; i < l->n; i++) refs(io, l->v[i]);
}

static void refs(IO *io, const Node *n) {
    if (!n) return;
    const TypeInfo *ti = io->L->info;
    switch (n->kind) {
    case N_Ident: dep(io, types_ident_use(ti, n)); return;
    case N_BasicLit: case N_BadExpr: case N_BadStmt: case N_EmptyStmt: return;
    case N_Ellipsis: refs(io, n->u.ellipsis.elt); return;
    case N_FuncLit: refs(io, n->u.funclit.type); refs(io, n->u.funclit.body); return;
    case N_CompositeLit: refs(io, n->u.composite.type); refs_list(io, &n->u.composite.elts); return;
    case N_ParenExpr: refs(io, n->u.paren.x); return;
    case N_SelectorExpr:
        refs(io, n->u.selector.x);
        dep(io, types_ident_use(ti, n->u.selector.sel));
        return;
    case N_IndexExpr: case N_IndexListExpr: refs(io, n->u.index.x); refs_list(io, &n->u.index.indices); return;
    case N_SliceExpr:
        refs(io, n->u.slice.x); refs(io, n->u.slice.low); refs(io, n->u.slice.high); refs(io, n->u.slice.max);
        return;
    case N_TypeAssertExpr: refs(io, n->u.assert.x); refs(io, n->u.assert.type); return;
    case N_CallExpr: refs(io, n->u.call.fun); refs_list(io, &n->u.call.args); return;
    case N_StarExpr: refs(io, n->u.star.x); return;
    case N_UnaryExpr: refs(io, n->u.unary.x); return;
    case N_BinaryExpr: refs(io, n->u.binary.x); refs(io, n->u.binary.y); return;
    case N_KeyValueExpr:
        /* a struct literal's field name is not a reference */
        if (n->u.kv.key && n->u.kv.key->kind == N_Ident) {
            Object *o = types_ident_use(ti, n->u.kv.key);
            if (!o || o->kind != OBJ_VAR || o->var_kind != VAR_FIELD) refs(io, n->u.kv.key);
        } else {
            refs(io, n->u.kv.key);
        }
        refs(io, n->u.kv.value);
        return;
    case N_ArrayType: refs(io, n->u.array.len); refs(io, n->u.array.elt); return;
    case N_StructType: refs(io, n->u.structtype.fields); return;
    case N_FuncType:
        refs(io, n->u.functype.tparams); refs(io, n->u.functype.params); refs(io, n->u.functype.results);
        return;
    case N_InterfaceType: refs(io, n->u.iface.methods); return;
    case N_MapType: refs(io, n->u.map.key); refs(io, n->u.map.value); return;
    case N_ChanType: refs(io, n->u.chan.value); return;
    case N_Field: refs(io, n->u.field.type); return;
    case N_FieldList: refs_list(io, &n->u.fieldlist.list); return;
    case N_DeclStmt: refs(io, n->u.declstmt.decl); return;
    case N_GenDecl: refs_list(io, &n->u.gendecl.specs); return;
    case N_ValueSpec: refs(io, n->u.valuespec.type); refs_list(io, &n->u.valuespec.values); return;
    case N_TypeSpec: refs(io, n->u.typespec.tparams); refs(io, n->u.typespec.type); return;
    case N_LabeledStmt: refs(io, n->u.labeled.stmt); return;
    case N_ExprStmt: refs(io, n->u.exprstmt.x); return;
    case N_SendStmt: refs(io, n->u.send.chan); refs(io, n->u.send.value); return;
    case N_IncDecStmt: refs(io, n->u.incdec.x); return;
    case N_AssignStmt: refs_list(io, &n->u.assign.lhs); refs_list(io, &n->u.assign.rhs); return;
    case N_GoStmt: case N_DeferStmt: refs(io, n->u.gostmt.call); return;
    case N_ReturnStmt: refs_list(io, &n->u.ret.results); return;
    case N_BranchStmt: return;
    case N_BlockStmt: refs_list(io, &n->u.block.list); return;
    case N_IfStmt:
        refs(io, n->u.ifstmt.init); refs(io, n->u.ifstmt.cond); refs(io, n->u.ifstmt.body); refs(io, n->u.ifstmt.els);
        return;
    case N_CaseClause: refs_list(io, &n->u.caseclause.list); refs_list(io, &n->u.caseclause.body); return;
    case N_SwitchStmt: case N_TypeSwitchStmt:
        refs(io, n->u.switchstmt.init); refs(io, n->u.switchstmt.tag); refs(io, n->u.switchstmt.body);
        return;
    case N_CommClause: refs(io, n->u.commclause.comm); refs_list(io, &n->u.commclause.body); return;
    case N_SelectStmt: refs(io, n->u.selectstmt.body); return;
    case N_ForStmt:
        refs(io, n->u.forstmt.init); refs(io, n->u.forstmt.cond); refs(io, n->u.forstmt.post); refs(io, n->u.forstmt.body);
        return;
    case N_RangeStmt:
        refs(io, n->u.rangestmt.key); refs(io, n->u.rangestmt.value); refs(io, n->u.rangestmt.x);
        refs(io, n->u.rangestmt.body);
        return;
    default: return;
    }
}

static GNode *new_node(IO *io, Object *o, const AstFile *f, const Node *spec, int32_t index, bool isfunc) {
    GNode *g = xcalloc(1, sizeof *g);
    g->obj = o;
    g->file = f;
    g->spec = spec;
    g->index = index;
    g->isfunc = isfunc;
    g->order = (uint32_t)io->nodes.len + 1;
    vec_push(&io->nodes, g);
    if (o) ptrmap_put(&io->byobj, o, g);
    return g;
}

static void remove_from(NodeVec *l, PtrMap *m, GNode *x) {
    if (!ptrmap_get(m, x)) return;
    ptrmap_put(m, x, NULL);
    size_t j = 0;
    for (size_t i = 0; i < l->len; i++)
        if (l->data[i] != x) l->data[j++] = l->data[i];
    l->len = j;
}

/* Heap order: constants first (go.dev/issue/66575), then fewest
   dependencies, then source order (a total order: order is unique). */
static bool before(const GNode *a, const GNode *b) {
    if (a->isconst != b->isconst) return a->isconst;
    if (a->ndeps != b->ndeps) return a->ndeps < b->ndeps;
    return a->order < b->order;
}

static void heap_up(GNode **h, size_t i) {
    GNode *g = h[i];
    while (i > 0 && before(g, h[(i - 1) / 2])) {
        h[i] = h[(i - 1) / 2];
        h[i]->hpos = i;
        i = (i - 1) / 2;
    }
    h[i] = g;
    g->hpos = i;
}

static void heap_down(GNode **h, size_t n, size_t i) {
    GNode *g = h[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && before(h[c + 1], h[c])) c++;
        if (!before(h[c], g)) break;
        h[i] = h[c];
        h[i]->hpos = i;
        i = c;
    }
    h[i] = g;
    g->hpos = i;
}

static bool emits(const GNode *g) {
    return !g->isfunc && !g->isconst && g->spec->u.valuespec.values.n;
}

static void node_refs(IO *io, GNode *g) {
    io->cur = g;
    if (g->isfunc) {
        refs(io, g->spec->u.funcdecl.recv);
        refs(io, g->spec->u.funcdecl.type);
        refs(io, g->spec->u.funcdecl.body);
    } else {
        refs(io, g->spec->u.valuespec.type);
        const NodeList *v = g->values;
        if (v && v->n) {
            if (v->n == g->spec->u.valuespec.names.n || v != &g->spec->u.valuespec.values)
                refs(io, (uint32_t)g->index < v->n ? v->v[g->index] : v->v[v->n - 1]);
            else
                refs(io, v->v[0]);   /* n:1 */
        }
    }
    io->cur = NULL;
}

size_t lw_init_order(Lower *L, AstFile **files, size_t nfiles, LwInit **out) {
    IO io = {.L = L};
    /* nodes, in declaration order */
    for (size_t fi = 0; fi < nfiles; fi++) {
        const AstFile *f = files[fi];
        if (!f || !f->root) continue;
        NodeList decls = f->root->u.file.decls;
        for (uint32_t i = 0; i < decls.n; i++) {
            const Node *d = decls.v[i];
            if (d->kind == N_FuncDecl) {
                Object *o = types_ident_def(L->info, d->u.funcdecl.name);
                new_node(&io, o, f, d, -1, true);
            } else if (d->kind == N_GenDecl && (d->tok == T_VAR || d->tok == T_CONST)) {
                const NodeList *last = NULL;
                for (uint32_t k = 0; k < d->u.gendecl.specs.n; k++) {
                    const Node *spec = d->u.gendecl.specs.v[k];
                    if (spec->u.valuespec.values.n || d->tok == T_VAR) last = &spec->u.valuespec.values;
                    for (uint32_t j = 0; j < spec->u.valuespec.names.n; j++) {
                        Object *o = types_ident_def(L->info, spec->u.valuespec.names.v[j]);
                        GNode *g = new_node(&io, o, f, spec, (int32_t)j, false);
                        g->values = last;
                        g->isconst = d->tok == T_CONST;
                    }
                }
            }
        }
    }
    /* dependencies, only of what the variables with initializers reach:
       the order of the others is never output, and no node they reach
       depends on them, so leaving them out changes nothing in the order of
       the rest (most function bodies are never walked) */
    NodeVec reach = {0};
    for (size_t i = 0; i < io.nodes.len; i++) {
        GNode *g = io.nodes.data[i];
        if (emits(g)) {
            g->reached = true;
            vec_push(&reach, g);
        }
    }
    for (size_t i = 0; i < reach.len; i++) {
        GNode *g = reach.data[i];
        size_t from = g->succl.len;
        node_refs(&io, g);
        for (size_t k = from; k < g->succl.len; k++) {
            GNode *s = g->succl.data[k];
            if (!s->reached) {
                s->reached = true;
                vec_push(&reach, s);
            }
        }
    }
    /* back to declaration order */
    size_t nr = 0;
    for (size_t i = 0; i < io.nodes.len; i++)
        if (io.nodes.data[i]->reached) reach.data[nr++] = io.nodes.data[i];
    reach.len = nr;
    /* bypass functions: their dependents depend on what they depend on */
    for (size_t i = 0; i < reach.len; i++) {
        GNode *n = reach.data[i];
        if (!n->isfunc) continue;
        for (size_t a = 0; a < n->predl.len; a++) {
            GNode *p = n->predl.data[a];
            if (p == n) continue;
            for (size_t b = 0; b < n->succl.len; b++) {
                GNode *s = n->succl.data[b];
                if (s != n) add_edge(p, s);
            }
            remove_from(&p->succl, &p->succ, n);
        }
        for (size_t b = 0; b < n->succl.len; b++) {
            GNode *s = n->succl.data[b];
            remove_from(&s->predl, &s->pred, n);
        }
        n->done = true;
    }
    /* take nodes by `before`, each time the least of those not done */
    size_t hn = 0;
    for (size_t i = 0; i < reach.len; i++) {
        GNode *g = reach.data[i];
        if (g->isfunc) continue;
        g->ndeps = (int64_t)g->succl.len;
        reach.data[hn++] = g;
    }
    GNode **heap = reach.data;
    for (size_t i = hn / 2; i-- > 0;) heap_down(heap, hn, i);
    for (size_t i = 0; i < hn; i++) heap[i]->hpos = i;
    size_t cap = 0, len = 0;
    LwInit *res = NULL;
    PtrMap emitted = {0};
    while (hn) {
        GNode *best = heap[0];
        best->done = true;
        heap[0] = heap[--hn];
        if (hn) heap_down(heap, hn, 0);
        for (size_t a = 0; a < best->predl.len; a++) {
            GNode *p = best->predl.data[a];
            p->ndeps--;
            if (!p->done) heap_up(heap, p->hpos);
        }
        const Node *spec = best->spec;
        if (best->isfunc || best->isconst || !spec->u.valuespec.values.n) continue;
        bool n1 = spec->u.valuespec.values.n != spec->u.valuespec.names.n;
        if (n1) {
            if (ptrmap_get(&emitted, spec)) continue;
            ptrmap_put(&emitted, spec, (void *)spec);
        }
        if (len == cap) {
            cap = cap ? 2 * cap : 16;
            res = xrealloc(res, cap * sizeof *res);
        }
        res[len++] = (LwInit){best->file, spec, n1 ? -1 : best->index};
    }
    ptrmap_free(&emitted);
    vec_free(&reach);
    for (size_t i = 0; i < io.nodes.len; i++) {
        GNode *g = io.nodes.data[i];
        ptrmap_free(&g->succ);
        ptrmap_free(&g->pred);
        vec_free(&g->succl);
        vec_free(&g->predl);
        free(g);
    }
    vec_free(&io.nodes);
    ptrmap_free(&io.byobj);
    *out = res;
    return len;
}
