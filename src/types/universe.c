/* The universe scope and package unsafe, built once per TypeContext, as
   go/types' universe.go defines them. */
#include "types.h"
#include "base/util.h"
#include <stdlib.h>

static const struct { uint8_t kind; uint16_t info; const char *name; } basic_defs[] = {
    {BK_INVALID, 0, "invalid type"},
    {BK_BOOL, BINFO_BOOLEAN, "bool"},
    {BK_INT, BINFO_INTEGER, "int"},
    {BK_INT8, BINFO_INTEGER, "int8"},
    {BK_INT16, BINFO_INTEGER, "int16"},
    {BK_INT32, BINFO_INTEGER, "int32"},
    {BK_INT64, BINFO_INTEGER, "int64"},
    {BK_UINT, BINFO_INTEGER | BINFO_UNSIGNED, "uint"},
    {BK_UINT8, BINFO_INTEGER | BINFO_UNSIGNED, "uint8"},
    {BK_UINT16, BINFO_INTEGER | BINFO_UNSIGNED, "uint16"},
    {BK_UINT32, BINFO_INTEGER | BINFO_UNSIGNED, "uint32"},
    {BK_UINT64, BINFO_INTEGER | BINFO_UNSIGNED, "uint64"},
    {BK_UINTPTR, BINFO_INTEGER | BINFO_UNSIGNED, "uintptr"},
    {BK_FLOAT32, BINFO_FLOAT, "float32"},
    {BK_FLOAT64, BINFO_FLOAT, "float64"},
    {BK_COMPLEX64, BINFO_COMPLEX, "complex64"},
    {BK_COMPLEX128, BINFO_COMPLEX, "complex128"},
    {BK_STRING, BINFO_STRING, "string"},
    {BK_UNSAFE_POINTER, 0, "Pointer"},
    {BK_UNTYPED_BOOL, BINFO_BOOLEAN | BINFO_UNTYPED, "untyped bool"},
    {BK_UNTYPED_INT, BINFO_INTEGER | BINFO_UNTYPED, "untyped int"},
    {BK_UNTYPED_RUNE, BINFO_INTEGER | BINFO_UNTYPED, "untyped rune"},
    {BK_UNTYPED_FLOAT, BINFO_FLOAT | BINFO_UNTYPED, "untyped float"},
    {BK_UNTYPED_COMPLEX, BINFO_COMPLEX | BINFO_UNTYPED, "untyped complex"},
    {BK_UNTYPED_STRING, BINFO_STRING | BINFO_UNTYPED, "untyped string"},
    {BK_UNTYPED_NIL, BINFO_UNTYPED, "untyped nil"},
};

static const BuiltinInfo builtins[BUILTIN_COUNT] = {
    [BUILTIN_APPEND] = {"append", 1, true, false},
    [BUILTIN_CAP] = {"cap", 1, false, false},
    [BUILTIN_CLEAR] = {"clear", 1, false, true},
    [BUILTIN_CLOSE] = {"close", 1, false, true},
    [BUILTIN_COMPLEX] = {"complex", 2, false, false},
    [BUILTIN_COPY] = {"copy", 2, false, true},
    [BUILTIN_DELETE] = {"delete", 2, false, true},
    [BUILTIN_IMAG] = {"imag", 1, false, false},
    [BUILTIN_LEN] = {"len", 1, false, false},
    [BUILTIN_MAKE] = {"make", 1, true, false},
    [BUILTIN_MAX] = {"max", 1, true, false},
    [BUILTIN_MIN] = {"min", 1, true, false},
    [BUILTIN_NEW] = {"new", 1, false, false},
    [BUILTIN_PANIC] = {"panic", 1, false, true},
    [BUILTIN_PRINT] = {"print", 0, true, true},
    [BUILTIN_PRINTLN] = {"println", 0, true, true},
    [BUILTIN_REAL] = {"real", 1, false, false},
    [BUILTIN_RECOVER] = {"recover", 0, false, true},
    [BUILTIN_ADD] = {"Add", 2, false, false},
    [BUILTIN_ALIGNOF] = {"Alignof", 1, false, false},
    [BUILTIN_OFFSETOF] = {"Offsetof", 1, false, false},
    [BUILTIN_SIZEOF] = {"Sizeof", 1, false, false},
    [BUILTIN_SLICE] = {"Slice", 2, false, false},
    [BUILTIN_SLICEDATA] = {"SliceData", 1, false, false},
    [BUILTIN_STRING] = {"String", 2, false, false},
    [BUILTIN_STRINGDATA] = {"StringData", 1, false, false},
};

const BuiltinInfo *builtin_info(BuiltinId id) {
    return id < BUILTIN_COUNT ? &builtins[id] : NULL;
}

/* Declares o in the universe, or in unsafe when exported (go/types' def). */
static void def(TypeContext *c, Object *o) {
    Scope *s = c->universe;
    if (obj_exported(o)) {
        s = c->unsafe_pkg->scope;
        o->pkg = c->unsafe_pkg;
    }
    Object *dup = scope_insert(s, o);
    (void)dup;
}

static Object *def_typename(TypeContext *c, const char *name, Type *t) {
    Object *o = obj_new(c->universe_pkg, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(c->names, name), t);
    if (!strchr(name, ' ')) def(c, o);
    return o;
}

static BasicType *new_basic(TypeContext *c, int kind, unsigned info, const char *name) {
    BasicType *b = arena_alloc(&c->universe_pkg->arena, sizeof *b);
    b->t.kind = TY_BASIC;
    b->bkind = (uint8_t)kind;
    b->info = (uint16_t)info;
    b->name = intern_cstr(c->names, name);
    return b;
}

static void def_types(TypeContext *c) {
    Pkg *u = c->universe_pkg;
    for (size_t i = 0; i < BK_COUNT; i++) {
        c->typ[i] = new_basic(c, basic_defs[i].kind, basic_defs[i].info, basic_defs[i].name);
        c->typ[i]->obj = def_typename(c, basic_defs[i].name, &c->typ[i]->t);
    }
    BasicType *byte = new_basic(c, BK_BYTE, BINFO_INTEGER | BINFO_UNSIGNED, "byte");
    BasicType *rune = new_basic(c, BK_RUNE, BINFO_INTEGER, "rune");
    byte->t.flags |= TF_BYTE_RUNE;
    rune->t.flags |= TF_BYTE_RUNE;
    c->byte_type = &byte->t;
    c->rune_type = &rune->t;
    byte->obj = def_typename(c, "byte", c->byte_type);
    rune->obj = def_typename(c, "rune", c->rune_type);

    /* type error interface { Error() string } */
    Object *err = obj_new(u, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(c->names, "error"), NULL);
    NamedType *errt = type_new_named(u, err, NULL);
    Object *recv = obj_new_var(u, VAR_RECV, NULL, NOPOS, intern_cstr(c->names, ""), &errt->t);
    Object *res = obj_new_var(u, VAR_RESULT, NULL, NOPOS, intern_cstr(c->names, ""), &c->typ[BK_STRING]->t);
    SignatureType *sig = type_new_signature(u, recv, NULL, type_new_tuple(u, &res, 1), false);
    Object *method = obj_new(u, OBJ_FUNC, NULL, NOPOS, intern_cstr(c->names, "Error"), &sig->t);
    InterfaceType *ierr = type_new_interface(u, &method, 1, NULL, 0);
    ierr->tset = arena_alloc(&u->arena, sizeof *ierr->tset);
    ierr->tset->methods = ierr->methods;
    ierr->tset->all_terms = true;
    ierr->t.flags |= TF_COMPLETE;
    errt->fromrhs = &ierr->t;
    type_named_set_underlying(errt, &ierr->t);
    def(c, err);
    c->error_type = &errt->t;

    /* type any = interface{} */
    InterfaceType *empty = type_new_interface(u, NULL, 0, NULL, 0);
    empty->tset = arena_alloc(&u->arena, sizeof *empty->tset);
    empty->tset->all_terms = true;
    empty->t.flags |= TF_COMPLETE;
    Object *any = obj_new(u, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(c->names, "any"), NULL);
    c->any_type = &type_new_alias(u, any, &empty->t)->t;
    def(c, any);

    /* type comparable interface{ comparable } */
    InterfaceType *cmp = type_new_interface(u, NULL, 0, NULL, 0);
    cmp->tset = arena_alloc(&u->arena, sizeof *cmp->tset);
    cmp->tset->all_terms = true;
    cmp->tset->comparable = true;
    cmp->t.flags |= TF_COMPLETE | TF_COMPARABLE;
    Object *cmpo = obj_new(u, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(c->names, "comparable"), NULL);
    c->comparable_type = &type_new_named(u, cmpo, &cmp->t)->t;
    def(c, cmpo);
}

static void def_consts_nil_builtins(TypeContext *c) {
    Pkg *u = c->universe_pkg;
    Type *ub = &c->typ[BK_UNTYPED_BOOL]->t;
    def(c, obj_new_const(u, NULL, NOPOS, intern_cstr(c->names, "true"), ub, const_bool(u->consts, true)));
    def(c, obj_new_const(u, NULL, NOPOS, intern_cstr(c->names, "false"), ub, const_bool(u->consts, false)));
    c->iota_obj = obj_new_const(u, NULL, NOPOS, intern_cstr(c->names, "iota"), &c->typ[BK_UNTYPED_INT]->t,
                                const_int64(u->consts, 0));
    def(c, c->iota_obj);
    c->nil_obj = obj_new(u, OBJ_NIL, NULL, NOPOS, intern_cstr(c->names, "nil"), &c->typ[BK_UNTYPED_NIL]->t);
    def(c, c->nil_obj);
    for (int i = 0; i < BUILTIN_COUNT; i++) {
        Object *o = obj_new(u, OBJ_BUILTIN, NULL, NOPOS, intern_cstr(c->names, builtins[i].name),
                            &c->typ[BK_INVALID]->t);
        o->u.builtin = (BuiltinId)i;
        def(c, o);
    }
}

/* The compiler's own runtime declarations the lowering needs (gc's
   typecheck/builtin.go): a package of their own, outside every import
   graph, whose entities tables reference as the universe's. */
static void def_runtime_syms(TypeContext *c) {
    Pkg *p = pkg_new(c, "go.runtime", "runtime");
    p->complete = true;
    c->rtsym_pkg = p;
    Object *state = obj_new_var(p, VAR_PARAM, NULL, NOPOS, intern_cstr(c->names, "state"), &c->typ[BK_INT]->t);
    SignatureType *sig = type_new_signature(p, NULL, type_new_tuple(p, &state, 1), NULL, false);
    c->panicrangestate = obj_new(p, OBJ_FUNC, NULL, NOPOS, intern_cstr(c->names, "panicrangestate"), &sig->t);
    scope_insert(p->scope, c->panicrangestate);
    Object *token = obj_new_var(p, VAR_RESULT, NULL, NOPOS, intern_cstr(c->names, ""), c->any_type);
    sig = type_new_signature(p, NULL, NULL, type_new_tuple(p, &token, 1), false);
    c->deferrangefunc = obj_new(p, OBJ_FUNC, NULL, NOPOS, intern_cstr(c->names, "deferrangefunc"), &sig->t);
    scope_insert(p->scope, c->deferrangefunc);
}

TypeContext *types_new(Interner *names, const char *goarch) {
    if (!goarch) goarch = "amd64";
    Sizes sz;
    if (!sizes_for_arch(goarch, &sz)) return NULL;
    TypeContext *c = xcalloc(1, sizeof *c);
    c->names = names;
    c->sizes = sz;
    c->goarch = intern_cstr(names, goarch);
    c->universe_pkg = pkg_new(c, NULL, NULL);
    c->universe = scope_new(&c->universe_pkg->arena, NULL, NULL, NOPOS, NOPOS, "universe");
    c->unsafe_pkg = pkg_new(c, "unsafe", "unsafe");
    c->unsafe_pkg->complete = true;
    def_types(c);
    def_consts_nil_builtins(c);
    def_runtime_syms(c);
    return c;
}

void types_free(TypeContext *c) {
    if (!c) return;
    for (uint32_t i = 0; i < c->npkgs; i++) {
        Pkg *p = c->pkgs[i];
        arena_free(&p->arena);
        const_pool_free(p->consts);
        free(p);
    }
    free(c->pkgs);
    free(c);
}

Object *universe_lookup(TypeContext *c, const char *name) {
    return scope_lookup(c->universe, intern_cstr(c->names, name));
}
