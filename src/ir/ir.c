/* IR allocation helpers, op names and package teardown. */
#include "ir.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

static const char *const op_names[IR_OP_COUNT] = {
#define X(o) #o,
    IR_OPS(X)
#undef X
};

const char *ir_op_name(IrOp op) { return (unsigned)op < IR_OP_COUNT ? op_names[op] : "?"; }

static IrNode *new_node(IrPackage *p, Arena *a, IrOp op, const SourceFile *file, Pos pos, Type *type) {
    IrNode *n = arena_alloc(a, sizeof *n);
    n->op = (uint8_t)op;
    n->file = file;
    n->pos = pos;
    n->type = type;
    n->field = -1;
    if (op == IR_BAD) p->unhandled++;
    return n;
}

IrNode *ir_new_node(IrPackage *p, IrOp op, const SourceFile *file, Pos pos, Type *type) {
    return new_node(p, &p->arena, op, file, pos, type);
}

IrNode *ir_late_node(IrPackage *p, IrOp op, const SourceFile *file, Pos pos, Type *type) {
    return new_node(p, &p->late, op, file, pos, type);
}

/* Lists grow in the arena: capacity is 4 until n reaches 4, then the next
   power of two at or above n, so it never needs storing. */
void ir_list_append_in(Arena *a, IrList *l, IrNode *n) {
    uint32_t k = l->n;
    if (k == 0) {
        l->v = arena_alloc_raw(a, 4 * sizeof *l->v);
    } else if (k >= 4 && (k & (k - 1)) == 0) {
        l->v = arena_realloc(a, l->v, k * sizeof *l->v, 2 * (size_t)k * sizeof *l->v);
    }
    l->v[l->n++] = n;
}

void ir_list_append(IrPackage *p, IrList *l, IrNode *n) { ir_list_append_in(&p->arena, l, n); }

/* Appends to a growable array of pointers in the arena with the same
   power-of-two rule as lists. */
void ir_ptrs_append(IrPackage *p, void ***v, uint32_t *n, void *x) {
    uint32_t k = *n;
    if (k == 0) {
        *v = arena_alloc_raw(&p->arena, 4 * sizeof **v);
    } else if (k >= 4 && (k & (k - 1)) == 0) {
        *v = arena_realloc(&p->arena, *v, k * sizeof **v, 2 * (size_t)k * sizeof **v);
    }
    (*v)[(*n)++] = x;
}

void ir_func_add_dcl(IrPackage *p, IrFunc *fn, IrVar *v) {
    v->index = (int32_t)fn->ndcl;
    ir_ptrs_append(p, (void ***)&fn->dcl, &fn->ndcl, v);
}

static IrVar *new_var(Arena *a, const char *name, Type *t, IrClass cls, const SourceFile *file, Pos pos) {
    IrVar *v = arena_alloc(a, sizeof *v);
    v->name = name;
    v->type = t;
    v->cls = (uint8_t)cls;
    v->file = file;
    v->pos = pos;
    v->tag = -1;
    v->index = -1;
    return v;
}

IrVar *ir_new_var(IrPackage *p, const char *name, Type *t, IrClass cls, const SourceFile *file, Pos pos) {
    return new_var(&p->arena, name, t, cls, file, pos);
}

IrVar *ir_late_var(IrPackage *p, const char *name, Type *t, IrClass cls, const SourceFile *file, Pos pos) {
    return new_var(&p->late, name, t, cls, file, pos);
}

IrVar *ir_new_temp(IrPackage *p, IrFunc *fn, Type *t, const SourceFile *file, Pos pos) {
    /* gc names a temporary after its index in the function's Dcl. */
    uint32_t k = fn ? fn->ndcl : 0;
    char buf[32];
    int len = snprintf(buf, sizeof buf, ".autotmp_%u", k);
    IrVar *v = ir_new_var(p, intern(p->names, buf, (size_t)len), t, IRC_AUTO, file, pos);
    v->flags |= IRV_AUTOTMP | IRV_USED;
    v->curfn = fn;
    if (fn) ir_func_add_dcl(p, fn, v);
    return v;
}

IrFunc *ir_new_func(IrPackage *p, const char *name, const SourceFile *file, Pos pos) {
    IrFunc *fn = arena_alloc(&p->arena, sizeof *fn);
    fn->name = name;
    fn->linksym = name;
    fn->file = file;
    fn->pos = pos;
    fn->tag = -1;
    return fn;
}

void ir_package_free(IrPackage *p) {
    if (!p) return;
    free(p->funcs);
    free(p->notes);
    ptrmap_free(&p->instances);
    arena_free(&p->arena);
    arena_free(&p->late);
    free(p);
}

IrFunc *ir_package_instance(const IrPackage *p, const Object *o) {
    IrFunc *f = o && o->kind == OBJ_FUNC && o->name ? ptrmap_get(&p->instances, o->name) : NULL;
    return f && f->obj && f->obj->pkg == o->pkg ? f : NULL;
}

bool ir_pkg_fips(const Pkg *p) {
    const char *path = p ? p->path : NULL;
    if (!path) return false;
    size_t n = strlen(path);
    if (n >= 5 && strcmp(path + n - 5, "_test") == 0) return false;
    return strcmp(path, "crypto/internal/fips140") == 0 || strncmp(path, "crypto/internal/fips140/", 24) == 0;
}

bool ir_fips_static_leaf(const IrNode *n) {
    if (n->op == IR_NIL || n->op == IR_TYPE) return true;
    if (n->op != IR_LITERAL) return false;
    size_t len = 0;
    if (n->type && type_has_info(n->type, BINFO_STRING) && n->u.val) const_string_val(n->u.val, &len);
    return len == 0;
}
