/* Which of the bodies a package inlined from other packages its export data
   carries (InlSummary.reexp). gc's linker writes the body of an imported
   function it inlined only when the export data refers to the function:
   from the package's own exported bodies (inlinable functions, generics),
   from a body so carried, and so on; a method comes with its receiver's
   type, which the export data nearly always names. So abi.NoEscape, which
   the runtime inlines only into a function too big to export, reaches none
   of the runtime's importers. Approximated here from every inlinable
   function of the package (gc: the exported objects and what they reach). */
#include "inl_int.h"
#include "base/vec.h"

typedef struct Reach {
    const InlSummary *sum;
    PtrMap kept;                    /* Object* carried */
    VEC(const Object *) pending;    /* kept, body not walked yet */
    VEC(const IrFunc *) todo;       /* bodies to walk */
} Reach;

static void reach_list(Reach *r, const IrList *l);

/* o is referred to: a re-exported function is carried, and its body's
   references count in turn */
static void reach_obj(Reach *r, const Object *o) {
    if (!o || !ptrmap_get(&r->sum->reexp, o) || ptrmap_get(&r->kept, o)) return;
    ptrmap_put(&r->kept, o, (void *)1);
    vec_push(&r->pending, o);
}

static void reach_node(Reach *r, const IrNode *n) {
    for (; n; n = n->x) {
        switch (n->op) {
        case IR_NAME:
            if (n->flags & IRF_FUNCNAME) reach_obj(r, n->u.obj);
            return;
        case IR_METHEXPR: case IR_METHVALUE:
            reach_obj(r, n->u.obj);
            break;
        case IR_CLOSURE:
            if (n->u.fn) vec_push(&r->todo, n->u.fn);
            break;
        default:
            break;
        }
        reach_node(r, n->y);
        reach_node(r, n->z);
        reach_node(r, n->w);
        reach_list(r, &n->list);
        reach_list(r, &n->rlist);
        reach_list(r, &n->init);
    }
}

static void reach_list(Reach *r, const IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) reach_node(r, l->v[i]);
}

static bool is_method(const Object *o) {
    const Type *t = o->type ? type_unalias(o->type) : NULL;
    return t && t->kind == TY_SIGNATURE && AS_SIGNATURE(t)->recv;
}

void inl_prune_reexports(Inl *in) {
    InlSummary *sum = in->sum;
    if (!sum->reexp.len) return;
    Reach r = {.sum = sum};
    /* gc starts from the exported objects; every inlinable function of the
       package is taken here (closer to gc than the exported ones alone,
       which miss the unexported types the API reaches) */
    for (size_t k = 0; k < sum->funcs.cap; k++) {
        const Object *o = sum->funcs.keys[k];
        const InlFunc *f = o ? sum->funcs.vals[k] : NULL;
        if (!f || o->pkg != in->p->pkg || f->state != INL_OK) continue;
        const IrFunc *b = inline_func_body(f);
        if (b) vec_push(&r.todo, b);
    }
    /* methods come with their receiver types, bodies and all */
    for (size_t k = 0; k < sum->reexp.cap; k++)
        if (sum->reexp.keys[k] && is_method(sum->reexp.keys[k])) reach_obj(&r, sum->reexp.keys[k]);
    /* and the generics with theirs */
    for (uint32_t i = 0; i < in->p->nfuncs; i++) {
        const IrFunc *fn = in->p->funcs[i];
        if (!(fn->flags & IRFN_GENERIC)) continue;
        for (uint32_t k = 0; k < fn->nrefs; k++) reach_obj(&r, fn->refs[k]);
    }
    while (r.todo.len || r.pending.len) {
        if (r.todo.len) {
            reach_list(&r, &r.todo.data[--r.todo.len]->body);
            continue;
        }
        const InlFunc *f = inl_lookup_obj(in, r.pending.data[--r.pending.len]);
        const IrFunc *b = f && f->state == INL_OK ? inline_func_body(f) : NULL;
        if (b) vec_push(&r.todo, b);
    }
    /* what was reached is what is carried (kept holds only reexp's keys) */
    ptrmap_free(&sum->reexp);
    sum->reexp = r.kept;
    vec_free(&r.pending);
    vec_free(&r.todo);
}
