/* Initialization cycles (go/types initorder): every package-level variable
   initializer and function body records the package-level variables and
   functions (methods included) it refers to; a variable that depends on
   itself through that graph is an error. The graph's nodes are declarations
   (var a, b = f() is one node); cycles are found as strongly connected
   components. */
#include "check.h"
#include "base/util.h"
#include <stdlib.h>

typedef struct DepNode {
    const void *key;
    VEC(const void *) out;      /* keys of the declarations referred to */
    uint32_t index, low;        /* Tarjan's numbering; index 0 = unvisited */
    bool on_stack, self;
    Object *var;                /* first variable of the declaration, if any */
} DepNode;

static const void *decl_key(const DeclInfo *d) {
    return d->multi ? (const void *)d->multi : (const void *)d;
}

static DepNode *node_for(Checker *c, const void *key) {
    DepNode *n = ptrmap_get(&c->dep_nodes, key);
    if (!n) {
        n = xcalloc(1, sizeof *n);
        n->key = key;
        ptrmap_put(&c->dep_nodes, key, n);
        vec_push(&c->dep_list, n);
    }
    return n;
}

void check_dep(Checker *c, Object *o) {
    if (!c->dep_src || !o || o->pkg != c->pkg || !o->decl) return;
    if (o->kind == OBJ_FUNC && o->u.origin) o = o->u.origin;
    if ((o->kind != OBJ_VAR && o->kind != OBJ_FUNC) || !o->decl) return;
    if (o->kind == OBJ_VAR && o->parent != c->pkg->scope) return;
    const DeclInfo *d = o->decl;
    if (d->obj != o && o->kind == OBJ_FUNC) return;
    DepNode *n = node_for(c, decl_key(c->dep_src));
    const void *k = decl_key(d);
    for (size_t i = 0; i < n->out.len; i++)
        if (n->out.data[i] == k) return;
    vec_push(&n->out, k);
}

typedef struct Tarjan {
    Checker *c;
    uint32_t next;
    VEC(DepNode *) stack;
} Tarjan;

static void report(Checker *c, DepNode **scc, size_t n) {
    Object *first = NULL;
    for (size_t i = 0; i < n; i++)
        if (scc[i]->var && (!first || scc[i]->var->order < first->order)) first = scc[i]->var;
    if (!first) return;   /* only functions: recursion is fine */
    const DeclInfo *save = c->decl;
    c->decl = first->decl;
    if (n == 1) check_error(c, first->pos, "initialization cycle: %s refers to itself", first->name);
    else check_error(c, first->pos, "initialization cycle for %s", first->name);
    c->decl = save;
}

static void strong(Tarjan *t, DepNode *v, int depth) {
    v->index = v->low = ++t->next;
    vec_push(&t->stack, v);
    v->on_stack = true;
    for (size_t i = 0; i < v->out.len; i++) {
        DepNode *w = ptrmap_get(&t->c->dep_nodes, v->out.data[i]);
        if (!w) continue;   /* refers to nothing itself */
        if (w == v) v->self = true;
        if (!w->index) {
            if (depth > 100000) continue;
            strong(t, w, depth + 1);
            if (w->low < v->low) v->low = w->low;
        } else if (w->on_stack && w->index < v->low) {
            v->low = w->index;
        }
    }
    if (v->low != v->index) return;
    size_t top = t->stack.len;
    while (t->stack.len) {
        DepNode *w = t->stack.data[--t->stack.len];
        w->on_stack = false;
        if (w == v) break;
    }
    size_t n = top - t->stack.len;
    if (n > 1 || v->self) report(t->c, t->stack.data + t->stack.len, n);
}

void check_init_cycles(Checker *c) {
    for (size_t i = 0; i < c->objs.len; i++) {
        Object *o = c->objs.data[i];
        if (o->kind != OBJ_VAR || !o->decl) continue;
        DepNode *n = ptrmap_get(&c->dep_nodes, decl_key(o->decl));
        if (n && !n->var) n->var = o;
    }
    Tarjan t = {c, 0, {0}};
    for (size_t i = 0; i < c->dep_list.len; i++)
        if (!c->dep_list.data[i]->index) strong(&t, c->dep_list.data[i], 0);
    vec_free(&t.stack);
    check_init_cycles_free(c);
}

void check_init_cycles_free(Checker *c) {
    for (size_t i = 0; i < c->dep_list.len; i++) {
        vec_free(&c->dep_list.data[i]->out);
        free(c->dep_list.data[i]);
    }
    vec_free(&c->dep_list);
    ptrmap_free(&c->dep_nodes);
}
