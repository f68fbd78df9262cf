/* Unit tests of the type model: universe, scopes, objects, type strings,
   identity and hashing, and gc's sizes (tests/types/size_cases.inc, made by
   tests/types/sizecases from go/types and checked against the compiler). */
#include "check.h"
#include "types/types.h"
#include "base/intern.h"
#include "base/strbuf.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct ArchCase { int64_t size, align, offsets[8]; } ArchCase;
typedef struct SizeCase { const char *expr; ArchCase amd64, i386, arm64; } SizeCase;
#include "../types/size_cases.inc"

static Interner names;
static StrBuf sb;

static const char *str(Type *t, const Qualifier *q) {
    sb_reset(&sb);
    type_write(&sb, t, q);
    return sb_cstr(&sb);
}

/* ---------------------------------------------- a tiny Go type parser */

typedef struct TP { const char *s; Pkg *p; TypeContext *c; } TP;

static void skip(TP *tp) {
    while (*tp->s == ' ') tp->s++;
}

static bool eat(TP *tp, const char *w) {
    skip(tp);
    size_t n = strlen(w);
    if (strncmp(tp->s, w, n) != 0) return false;
    tp->s += n;
    return true;
}

static const char *ident(TP *tp) {
    skip(tp);
    const char *b = tp->s;
    while (isalnum((unsigned char)*tp->s) || *tp->s == '_' || *tp->s == '.') tp->s++;
    return intern(&names, b, (size_t)(tp->s - b));
}

static Type *parse(TP *tp);

static Type *empty_interface(TP *tp) {
    InterfaceType *it = type_new_interface(tp->p, NULL, 0, NULL, 0);
    return &it->t;
}

static Type *parse(TP *tp) {
    if (eat(tp, "*")) return type_new_pointer(tp->p, parse(tp));
    if (eat(tp, "[]")) return type_new_slice(tp->p, parse(tp));
    if (eat(tp, "[")) {
        long long n = strtoll(tp->s, (char **)&tp->s, 10);
        if (eat(tp, "<<")) n <<= strtoll(tp->s, (char **)&tp->s, 10);
        eat(tp, "]");
        return type_new_array(tp->p, parse(tp), n);
    }
    if (eat(tp, "map[")) {
        Type *k = parse(tp);
        eat(tp, "]");
        return type_new_map(tp->p, k, parse(tp));
    }
    if (eat(tp, "chan ")) return type_new_chan(tp->p, parse(tp), CHAN_BOTH);
    if (eat(tp, "func()")) return &type_new_signature(tp->p, NULL, NULL, NULL, false)->t;
    if (eat(tp, "interface{}")) return empty_interface(tp);
    if (eat(tp, "struct{")) {
        Object *fields[16];
        uint32_t n = 0;
        while (!eat(tp, "}")) {
            const char *name = ident(tp);
            fields[n++] = obj_new_var(tp->p, VAR_FIELD, NULL, NOPOS, name, parse(tp));
            eat(tp, ";");
        }
        return type_new_struct(tp->p, fields, NULL, n);
    }
    const char *name = ident(tp);
    if (strcmp(name, "unsafe.Pointer") == 0) return &tp->c->typ[BK_UNSAFE_POINTER]->t;
    Object *o = scope_lookup(tp->c->universe, name);
    return o ? o->type : NULL;
}

static Type *type_of(TypeContext *c, Pkg *p, const char *s) {
    TP tp = {s, p, c};
    return parse(&tp);
}

/* ------------------------------------------------------------ tests */

static void test_universe(void) {
    TypeContext *c = types_new(&names, NULL);
    static const char *const predeclared[] = {
        "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
        "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64",
        "uintptr", "any", "comparable", "true", "false", "iota", "nil", "append", "cap", "clear",
        "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new", "panic",
        "print", "println", "real", "recover"};
    for (size_t i = 0; i < sizeof predeclared / sizeof *predeclared; i++)
        CHECK(universe_lookup(c, predeclared[i]) != NULL, "universe has %s", predeclared[i]);
    CHECK(c->universe->n == sizeof predeclared / sizeof *predeclared, "universe size %u", c->universe->n);
    CHECK(!universe_lookup(c, "Pointer") && !universe_lookup(c, "Sizeof") && !universe_lookup(c, "untyped int"),
          "unsafe names and untyped kinds are not in the universe");
    static const char *const unsafe_names[] = {"Pointer", "Add", "Alignof", "Offsetof", "Sizeof", "Slice",
                                               "SliceData", "String", "StringData"};
    for (size_t i = 0; i < sizeof unsafe_names / sizeof *unsafe_names; i++) {
        Object *o = scope_lookup(c->unsafe_pkg->scope, intern_cstr(&names, unsafe_names[i]));
        CHECK(o && o->pkg == c->unsafe_pkg, "unsafe.%s", unsafe_names[i]);
    }
    CHECK(c->unsafe_pkg->scope->n == 9, "unsafe has 9 names");

    Object *byte = universe_lookup(c, "byte"), *u8 = universe_lookup(c, "uint8"), *any = universe_lookup(c, "any");
    CHECK(obj_is_alias(byte) && !obj_is_alias(u8) && obj_is_alias(any), "aliases");
    CHECK(!obj_is_alias(universe_lookup(c, "error")) && !obj_is_alias(universe_lookup(c, "comparable")),
          "error and comparable are defined types");
    CHECK(type_identical(byte->type, u8->type) && byte->type != u8->type, "byte is uint8");
    CHECK(type_identical(universe_lookup(c, "rune")->type, universe_lookup(c, "int32")->type), "rune is int32");
    CHECK(!obj_is_alias(scope_lookup(c->unsafe_pkg->scope, intern_cstr(&names, "Pointer"))), "unsafe.Pointer");

    Object *iota = universe_lookup(c, "iota");
    int64_t v;
    CHECK(iota->kind == OBJ_CONST && const_int64_val(iota->u.val, &v) && v == 0, "iota = 0");
    CHECK(const_bool_val(universe_lookup(c, "true")->u.val), "true");
    CHECK(universe_lookup(c, "nil")->kind == OBJ_NIL, "nil");
    Object *mx = universe_lookup(c, "max");
    CHECK(mx->kind == OBJ_BUILTIN && mx->u.builtin == BUILTIN_MAX && builtin_info(BUILTIN_MAX)->variadic, "max");
    CHECK(builtin_info(BUILTIN_CLEAR)->is_stmt && !builtin_info(BUILTIN_LEN)->is_stmt, "statement builtins");

    CHECK(strcmp(str(universe_lookup(c, "error")->type, NULL), "error") == 0, "error string");
    CHECK(strcmp(str(type_under(universe_lookup(c, "error")->type), NULL), "interface{Error() string}") == 0,
          "error underlying: %s", str(type_under(universe_lookup(c, "error")->type), NULL));
    CHECK(strcmp(str(any->type, NULL), "any") == 0, "any");
    CHECK(strcmp(str(type_under(any->type), NULL), "interface{}") == 0, "any underlying");
    CHECK(strcmp(str(type_under(c->comparable_type), NULL), "interface{comparable}") == 0, "comparable underlying");
    CHECK(strcmp(str(&c->typ[BK_UNSAFE_POINTER]->t, NULL), "unsafe.Pointer") == 0, "unsafe.Pointer string");
    CHECK(strcmp(str(&c->typ[BK_UNTYPED_FLOAT]->t, NULL), "untyped float") == 0, "untyped float string");
    CHECK(type_default(c, &c->typ[BK_UNTYPED_RUNE]->t) == c->rune_type, "default(untyped rune)");
    CHECK(type_has_info(byte->type, BINFO_UNSIGNED | BINFO_INTEGER) && !type_is_typed(&c->typ[BK_UNTYPED_NIL]->t),
          "basic info");
    CHECK(types_new(&names, "vax") == NULL, "unknown goarch");
    types_free(c);
}

static void test_scopes(void) {
    TypeContext *c = types_new(&names, "amd64");
    Pkg *p = pkg_new(c, "example.com/p", "p");
    CHECK(p->scope->parent == c->universe, "package scope's parent");
    Scope *fn = scope_new(&p->arena, p->scope, NULL, 1, 100, "function");
    Object *vars[40];
    char name[16];
    for (int i = 0; i < 40; i++) {  /* past the linear limit: the index takes over */
        snprintf(name, sizeof name, "v%02d", 39 - i);
        vars[i] = obj_new_var(p, VAR_LOCAL, NULL, NOPOS, intern_cstr(&names, name), &c->typ[BK_INT]->t);
        CHECK(scope_insert(fn, vars[i]) == NULL, "insert %s", name);
        CHECK(vars[i]->parent == fn, "parent set");
    }
    bool all = true;
    for (int i = 0; i < 40; i++) all &= scope_lookup(fn, vars[i]->name) == vars[i];
    CHECK(all, "lookup all after indexing");
    Object *dup = obj_new_var(p, VAR_LOCAL, NULL, NOPOS, vars[7]->name, NULL);
    CHECK(scope_insert(fn, dup) == vars[7], "redeclaration returns the original");
    const Scope *found;
    CHECK(scope_lookup_parent(fn, intern_cstr(&names, "len"), &found) && found == c->universe, "len via parents");
    CHECK(!scope_lookup_parent(fn, intern_cstr(&names, "nope"), &found) && !found, "missing");
    Object **sorted;
    size_t n = scope_sorted(fn, &sorted);
    CHECK(n == 40 && strcmp(sorted[0]->name, "v00") == 0 && strcmp(sorted[39]->name, "v39") == 0, "sorted");
    free(sorted);
    CHECK(p->scope->first_child == fn && !c->universe->first_child, "children: universe stays untouched");
    Object *exp = obj_new(p, OBJ_FUNC, NULL, NOPOS, intern_cstr(&names, "Éclair"), NULL);
    Object *unexp = obj_new(p, OBJ_FUNC, NULL, NOPOS, intern_cstr(&names, "éclair"), NULL);
    Object *greek = obj_new(p, OBJ_FUNC, NULL, NOPOS, intern_cstr(&names, "Δx"), NULL);
    CHECK(obj_exported(exp) && !obj_exported(unexp) && obj_exported(greek), "exported names, non-ASCII");
    types_free(c);
}

static void test_type_strings(void) {
    TypeContext *c = types_new(&names, NULL);
    Pkg *p = pkg_new(c, "example.com/p", "p");
    Type *intt = &c->typ[BK_INT]->t, *strt = &c->typ[BK_STRING]->t;
    CHECK(strcmp(str(type_of(c, p, "[]map[string]*int"), NULL), "[]map[string]*int") == 0, "composite");
    CHECK(strcmp(str(type_new_chan(p, type_new_chan(p, intt, CHAN_RECV), CHAN_BOTH), NULL), "chan (<-chan int)") == 0,
          "chan of recv chan");
    CHECK(strcmp(str(type_new_chan(p, type_new_chan(p, intt, CHAN_SEND), CHAN_RECV), NULL), "<-chan chan<- int") == 0,
          "recv chan of send chan");

    Object *t = obj_new(p, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(&names, "T"), NULL);
    NamedType *nt = type_new_named(p, t, type_of(c, p, "struct{x int}"));
    CHECK(t->type == &nt->t && !obj_is_alias(t), "named type object");
    CHECK(strcmp(str(&nt->t, NULL), "example.com/p.T") == 0, "qualified by path");
    Qualifier rel = qualifier_relative_to(p);
    CHECK(strcmp(str(type_new_pointer(p, &nt->t), &rel), "*T") == 0, "relative qualifier");

    /* func(a int, b ...string) (n int, err error) */
    Object *params[2] = {obj_new_var(p, VAR_PARAM, NULL, NOPOS, intern_cstr(&names, "a"), intt),
                         obj_new_var(p, VAR_PARAM, NULL, NOPOS, intern_cstr(&names, "b"), type_new_slice(p, strt))};
    Object *res[2] = {obj_new_var(p, VAR_RESULT, NULL, NOPOS, intern_cstr(&names, "n"), intt),
                      obj_new_var(p, VAR_RESULT, NULL, NOPOS, intern_cstr(&names, "err"), c->error_type)};
    SignatureType *sig = type_new_signature(p, NULL, type_new_tuple(p, params, 2), type_new_tuple(p, res, 2), true);
    CHECK(strcmp(str(&sig->t, NULL), "func(a int, b ...string) (n int, err error)") == 0, "signature: %s",
          str(&sig->t, NULL));
    Object *anon = obj_new_var(p, VAR_RESULT, NULL, NOPOS, intern_cstr(&names, ""), c->error_type);
    SignatureType *sig2 = type_new_signature(p, NULL, NULL, type_new_tuple(p, &anon, 1), false);
    CHECK(strcmp(str(&sig2->t, NULL), "func() error") == 0, "single unnamed result");

    /* struct{a int "json:\"a\""; T} with an embedded field */
    Object *f[2] = {obj_new_var(p, VAR_FIELD, NULL, NOPOS, intern_cstr(&names, "a"), intt),
                    obj_new_var(p, VAR_FIELD, NULL, NOPOS, intern_cstr(&names, "T"), &nt->t)};
    f[1]->flags |= OF_EMBEDDED;
    const char *tags[2] = {"json:\"a\"", NULL};
    Type *st = type_new_struct(p, f, tags, 2);
    CHECK(strcmp(str(st, &rel), "struct{a int \"json:\\\"a\\\"\"; T}") == 0, "struct: %s", str(st, &rel));

    /* interface{M(); ~int | string} and a generic type's instance */
    Term terms[2] = {{true, intt}, {false, strt}};
    Type *u = type_new_union(p, terms, 2);
    Object *m = obj_new(p, OBJ_FUNC, NULL, NOPOS, intern_cstr(&names, "M"),
                        &type_new_signature(p, NULL, NULL, NULL, false)->t);
    InterfaceType *it = type_new_interface(p, &m, 1, &u, 1);
    CHECK(strcmp(str(&it->t, NULL), "interface{M(); ~int | string}") == 0, "interface: %s", str(&it->t, NULL));
    it->implicit = true;
    CHECK(strcmp(str(&it->t, NULL), "/* implicit */ interface{M(); ~int | string}") == 0, "implicit interface");

    Object *lo = obj_new(p, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(&names, "List"), NULL);
    NamedType *list = type_new_named(p, lo, NULL);
    Object *ko = obj_new(p, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(&names, "K"), NULL);
    Object *vo = obj_new(p, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(&names, "V"), NULL);
    Object *any = universe_lookup(c, "any");
    Type *tps[2] = {&type_new_typeparam(p, ko, c->comparable_type)->t, &type_new_typeparam(p, vo, any->type)->t};
    ((TypeParamType *)tps[1])->index = 1;
    list->tparams = (TypeList){tps, 2};
    CHECK(strcmp(str(&list->t, &rel), "List[K comparable, V any]") == 0, "generic: %s", str(&list->t, &rel));
    ((TypeParamType *)tps[1])->bound = c->comparable_type;
    CHECK(strcmp(str(&list->t, &rel), "List[K, V comparable]") == 0, "shared bound: %s", str(&list->t, &rel));
    NamedType *inst = type_new_named(p, lo, NULL);
    inst->orig = list;
    Type *args[2] = {strt, intt};
    inst->targs = (TypeList){args, 2};
    CHECK(strcmp(str(&inst->t, NULL), "example.com/p.List[string, int]") == 0, "instance: %s", str(&inst->t, NULL));

    Object *ao = obj_new(p, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(&names, "A"), NULL);
    AliasType *alias = type_new_alias(p, ao, type_new_slice(p, intt));
    CHECK(obj_is_alias(ao) && strcmp(str(&alias->t, NULL), "example.com/p.A") == 0, "alias");
    CHECK(type_under(&alias->t)->kind == TY_SLICE && type_unalias(&alias->t) == alias->actual, "alias resolution");
    types_free(c);
}

static void test_identical(void) {
    TypeContext *c = types_new(&names, NULL);
    Pkg *p = pkg_new(c, "example.com/p", "p"), *q = pkg_new(c, "example.com/q", "q");
    static const char *const same[] = {
        "[]map[string]*int", "struct{a int8; b int64}", "[3]int8", "chan int", "func()", "interface{}",
        "map[string]struct{}", "*[]chan func()"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        Type *a = type_of(c, p, same[i]), *b = type_of(c, p, same[i]);
        CHECK(a != b && type_identical(a, b), "identical %s", same[i]);
        CHECK(type_hash(a) == type_hash(b), "hash %s", same[i]);
    }
    static const char *const pairs[][2] = {
        {"[3]int8", "[4]int8"}, {"[]int", "[]uint"}, {"struct{a int8}", "struct{b int8}"},
        {"map[string]int", "map[int]string"}, {"*int", "[]int"}, {"struct{a int8}", "struct{a int8; b int8}"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        CHECK(!type_identical(type_of(c, p, pairs[i][0]), type_of(c, p, pairs[i][1])), "%s != %s", pairs[i][0],
              pairs[i][1]);
    /* unexported field names from different packages differ */
    Type *sp = type_of(c, p, "struct{a int}"), *sq = type_of(c, q, "struct{a int}");
    CHECK(!type_identical(sp, sq), "unexported fields of different packages");
    Type *Sp = type_of(c, p, "struct{A int}"), *Sq = type_of(c, q, "struct{A int}");
    CHECK(type_identical(Sp, Sq), "exported fields of different packages");
    /* tags */
    Object *f1 = obj_new_var(p, VAR_FIELD, NULL, NOPOS, intern_cstr(&names, "A"), &c->typ[BK_INT]->t);
    const char *tag = "x";
    Type *tagged = type_new_struct(p, &f1, &tag, 1), *plain = type_new_struct(p, &f1, NULL, 1);
    CHECK(!type_identical(tagged, plain) && type_identical_ignore_tags(tagged, plain), "tags");
    /* parameter names don't matter; variadic does */
    Object *a = obj_new_var(p, VAR_PARAM, NULL, NOPOS, intern_cstr(&names, "a"), type_of(c, p, "[]int"));
    Object *b = obj_new_var(p, VAR_PARAM, NULL, NOPOS, intern_cstr(&names, "b"), type_of(c, p, "[]int"));
    Type *fa = &type_new_signature(p, NULL, type_new_tuple(p, &a, 1), NULL, false)->t;
    Type *fb = &type_new_signature(p, NULL, type_new_tuple(p, &b, 1), NULL, false)->t;
    Type *fv = &type_new_signature(p, NULL, type_new_tuple(p, &b, 1), NULL, true)->t;
    CHECK(type_identical(fa, fb) && !type_identical(fa, fv), "signatures");
    CHECK(type_hash(fa) == type_hash(fb), "signature hash");
    /* distinct defined types with the same underlying type differ */
    Object *t1 = obj_new(p, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(&names, "T1"), NULL);
    Object *t2 = obj_new(p, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(&names, "T2"), NULL);
    Type *n1 = &type_new_named(p, t1, &c->typ[BK_INT]->t)->t, *n2 = &type_new_named(p, t2, &c->typ[BK_INT]->t)->t;
    CHECK(!type_identical(n1, n2) && type_identical(n1, n1), "defined types");
    /* aliases are transparent */
    Object *ao = obj_new(p, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(&names, "A"), NULL);
    Type *al = &type_new_alias(p, ao, type_of(c, p, "[]int"))->t;
    CHECK(type_identical(al, type_of(c, p, "[]int")) && type_hash(al) == type_hash(type_of(c, p, "[]int")),
          "alias identity and hash");
    CHECK(type_identical(type_under(c->any_type), type_of(c, p, "interface{}")), "any is interface{}");
    types_free(c);
}

static bool arch_matches(const Sizes *s, Type *t, const ArchCase *want, const char *arch, const char *expr) {
    int64_t size = type_sizeof(s, t), align = type_alignof(s, t);
    bool ok = size == want->size && align == want->align;
    Type *u = type_under(t);
    if (u->kind == TY_STRUCT) {
        StructType *st = (StructType *)u;
        int64_t offs[8];
        type_offsetsof(s, st, offs);
        for (uint32_t i = 0; i < st->fields.n && i < 8; i++) ok &= offs[i] == want->offsets[i];
    }
    if (!ok) fprintf(stderr, "  %s %s: size %lld align %lld\n", arch, expr, (long long)size, (long long)align);
    return ok;
}

static void test_sizes(void) {
    static const char *const archs[] = {"amd64", "386", "arm64"};
    for (int a = 0; a < 3; a++) {
        TypeContext *c = types_new(&names, archs[a]);
        Pkg *p = pkg_new(c, "p", "p");
        for (size_t i = 0; i < sizeof size_cases / sizeof *size_cases; i++) {
            const SizeCase *sc = &size_cases[i];
            const ArchCase *want = a == 0 ? &sc->amd64 : a == 1 ? &sc->i386 : &sc->arm64;
            Type *t = type_of(c, p, sc->expr);
            CHECK(t && arch_matches(&c->sizes, t, want, archs[a], sc->expr), "%s sizes of %s", archs[a], sc->expr);
        }
        /* sync/atomic.align64 forces 8-byte alignment on 32-bit systems */
        Pkg *atomic = pkg_new(c, "sync/atomic", "atomic");
        Object *ao = obj_new(atomic, OBJ_TYPENAME, NULL, NOPOS, intern_cstr(&names, "align64"), NULL);
        Type *align64 = &type_new_named(atomic, ao, type_of(c, atomic, "struct{}"))->t;
        Object *fs[3] = {obj_new_var(atomic, VAR_FIELD, NULL, NOPOS, intern_cstr(&names, "_"), &c->typ[BK_INT32]->t),
                         obj_new_var(atomic, VAR_FIELD, NULL, NOPOS, intern_cstr(&names, "_"), align64),
                         obj_new_var(atomic, VAR_FIELD, NULL, NOPOS, intern_cstr(&names, "v"), &c->typ[BK_UINT64]->t)};
        Type *int64s = type_new_struct(atomic, fs + 1, NULL, 2);   /* atomic.Int64's layout */
        CHECK(type_alignof(&c->sizes, align64) == 8 && type_sizeof(&c->sizes, align64) == 0, "align64");
        CHECK(type_alignof(&c->sizes, int64s) == 8 && type_sizeof(&c->sizes, int64s) == 8, "atomic.Int64 on %s",
              archs[a]);
        Type *mixed = type_new_struct(atomic, fs, NULL, 3);
        int64_t offs[3];
        type_offsetsof(&c->sizes, AS_STRUCT(mixed), offs);
        CHECK(offs[2] == 8 && type_sizeof(&c->sizes, mixed) == 16, "int32 then align64'd uint64 on %s", archs[a]);
        CHECK(type_sizeof(&c->sizes, type_new_array(p, type_of(c, p, "[1<<62]int64"), 4)) == -1,
              "too large array");
        types_free(c);
    }
}

int main(void) {
    interner_init(&names);
    test_universe();
    test_scopes();
    test_type_strings();
    test_identical();
    test_sizes();
    sb_free(&sb);
    interner_free(&names);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
