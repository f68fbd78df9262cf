/* Package-level checking: small packages from strings, checked and dumped
   in typesdump's form, plus the errors declarations can have. */
#include "check.h"
#include "types/types.h"
#include "syntax/syntax.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct Env {
    Interner names;
    TypeContext *ctx;
    Arena arena;
    SourceFile sf;
    char *text;
    DiagList diags;
    Pkg *pkg;
    unsigned errors;
} Env;

static void env_check(Env *e, const char *src) {
    interner_init(&e->names);
    e->ctx = types_new(&e->names, "amd64");
    arena_init(&e->arena);
    size_t n = strlen(src);
    e->text = xcalloc(1, n + 8);    /* the lexer reads up to 8 bytes ahead */
    memcpy(e->text, src, n);
    source_init(&e->sf, "p.go", e->text, n);
    memset(&e->diags, 0, sizeof e->diags);
    AstFile *f = syntax_parse(&e->arena, &e->names, &e->sf, &e->diags);
    e->pkg = pkg_new(e->ctx, "p", NULL);
    e->errors = types_check_files(e->pkg, &f, 1, NULL, &e->diags, NULL);
}

static void env_free(Env *e) {
    diag_free(&e->diags);
    types_free(e->ctx);
    arena_free(&e->arena);
    source_free(&e->sf);
    free(e->text);
    interner_free(&e->names);
}

static void expect_dump(const char *src, const char *want) {
    Env e;
    env_check(&e, src);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    types_dump_pkg(out, e.pkg);
    fclose(out);
    if (e.errors == 0 && strcmp(buf, want) == 0) passed++;
    else {
        failed++;
        fprintf(stderr, "FAIL: %s\n  errors: %u\n  got:\n%s  want:\n%s", src, e.errors, buf, want);
        diag_print(&e.diags, stderr);
    }
    free(buf);
    env_free(&e);
}

static void expect_error(const char *src, const char *msg) {
    Env e;
    env_check(&e, src);
    bool found = false;
    for (size_t i = 0; i < e.diags.len; i++) found |= strstr(e.diags.data[i].msg, msg) != NULL;
    if (found) passed++;
    else {
        failed++;
        fprintf(stderr, "FAIL: %s\n  want error containing: %s\n  got:\n", src, msg);
        diag_print(&e.diags, stderr);
    }
    env_free(&e);
}

int main(void) {
    expect_dump("package p\nconst (A = iota * 10; B; C)\n",
                "package p p\nconst A untyped int = 0\nconst B untyped int = 10\nconst C untyped int = 20\n");
    expect_dump("package p\ntype K uint8\nconst (X K = 1 << iota; Y)\nconst Z = ^K(0)\n",
                "package p p\ntype K uint8\nconst X p.K = 1\nconst Y p.K = 2\nconst Z p.K = 255\n");
    expect_dump("package p\nconst s = \"ab\" + \"c\"\nconst n = len(s)\nvar a [n]int\nconst f = 1.5 / 3\n",
                "package p p\nvar a [3]int\nconst f untyped float = 1/2\nconst n int = 3\nconst s untyped string = \"abc\"\n");
    expect_dump("package p\ntype T struct{ next *T; t string `json:\"t\"` }\nfunc (t *T) M(x ...int) (n int) { return }\n",
                "package p p\ntype T struct{next *p.T; t string \"json:\\\"t\\\"\"}\nmethod *T.M(x ...int) (n int)\n");
    expect_dump("package p\ntype L[T any] struct{ next *L[T]; v T }\nfunc (l L[E]) Get() E { return l.v }\nvar x L[int]\n",
                "package p p\ntype L struct{next *p.L[T]; v T}\nmethod L.Get() E\nvar x p.L[int]\n");
    expect_dump("package p\ntype I interface{ b(); A(); ~int | string }\ntype A = []I\nvar v = A{}\n",
                "package p p\ntype A = p.A\ntype I interface{A(); b(); ~int | string}\nvar v p.A\n");
    expect_dump("package p\nfunc F[S ~[]E, E comparable](s S) E\nvar g = F[[]int]\nvar h, ok = m[1]\nvar m map[int]string\n",
                "package p p\nfunc F[S ~[]E, E comparable](s S) E\nvar g func(s []int) int\nvar h string\nvar m map[int]string\nvar ok bool\n");
    expect_dump("package p\nimport \"unsafe\"\ntype S struct{ a int8; b int64 }\nconst z = unsafe.Sizeof(S{})\n",
                "package p p\ntype S struct{a int8; b int64}\nconst z uintptr = 16\n");
    expect_error("package p\nvar x int\nfunc x() {}\n", "x redeclared in this block");
    expect_error("package p\ntype A B\ntype B A\n", "invalid recursive type");
    expect_error("package p\ntype T struct{ a [2]T }\n", "invalid recursive type T");
    expect_error("package p\nconst c uint8 = 256\n", "overflows");
    expect_error("package p\nconst c = 1 / 0\n", "division by zero");
    expect_error("package p\nvar a [-1]int\n", "invalid array length");
    expect_error("package p\nvar v Undefined\n", "undefined: Undefined");
    expect_error("package p\nconst c = c\n", "invalid cycle in declaration of c");
    expect_error("package p\ntype T int\nfunc (T) m() {}\nfunc (*T) m() {}\n", "method T.m already declared");
    /* errors inside function bodies */
    expect_error("package p\nfunc f() { x := 1 }\n", "declared and not used: x");
    expect_error("package p\nfunc f() int { for {} ; if true { return 1 } }\n", "missing return");
    expect_error("package p\nfunc f() int { if true { return 1 } }\n", "missing return");
    expect_error("package p\nfunc g(int) {}\nfunc f() { g(1, 2) }\n", "too many arguments in call to g");
    expect_error("package p\nfunc f() { var s string = 1; _ = s }\n", "cannot use 1 (untyped int constant) as string value in variable declaration");
    expect_error("package p\nfunc f(s string) { var i int; i = s; _ = i }\n", "cannot use s (variable of type string) as int value in assignment");
    expect_error("package p\nfunc f() { a, b := 1; _, _ = a, b }\n", "assignment mismatch: 2 variables but 1 value");
    expect_error("package p\nfunc f(x int) { x }\n", "x (variable of type int) is not used");
    expect_error("package p\nfunc f() { _ = y }\n", "undefined: y");
    expect_error("package p\ntype T struct{}\nfunc f(t T) { _ = t.b }\n", "t.b undefined (type T has no field or method b)");
    expect_error("package p\nvar a = f()\nfunc f() int { return a }\n", "initialization cycle");
    expect_error("package p\nfunc f() { L: for {} }\n", "label L defined and not used");
    expect_error("package p\nfunc f(b bool) { b++ }\n", "non-numeric type bool");
    expect_error("package p\nfunc f(s string) bool { return s == nil }\n", "mismatched types string and untyped nil");
    expect_error("package p\ntype I interface{ M() }\ntype T struct{}\nvar _ I = T{}\n", "missing method M");
    {   /* a correct body reports nothing */
        Env e;
        env_check(&e, "package p\ntype T struct{ a []int }\nfunc (t *T) M() int { return len(t.a) }\n"
                      "func f(m map[string]int, ch chan int) (n int, err error) {\n"
                      "\tfor k, v := range m { if k == \"\" { continue }; n += v }\n"
                      "\tswitch x := interface{}(n).(type) { case int: n = x; default: panic(x) }\n"
                      "\tselect { case v, ok := <-ch: if ok { n = v } }\n"
                      "\tvar t T\n\tn += t.M()\n\tgoto done\ndone:\n\treturn\n}\n");
        if (e.errors == 0) passed++;
        else {
            failed++;
            fprintf(stderr, "FAIL: correct body reported errors:\n");
            diag_print(&e.diags, stderr);
        }
        env_free(&e);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
