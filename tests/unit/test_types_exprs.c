/* Expression records of function bodies (the -dump-exprs form): small
   packages from strings, each with records go/types gives that must appear
   in the dump. */
#include "check.h"
#include "types/types.h"
#include "syntax/syntax.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks src as package p and requires each of want (NULL-terminated) as a
   whole line of the dump. */
static void expect_records(const char *src, const char *const *want) {
    Interner names;
    interner_init(&names);
    TypeContext *ctx = types_new(&names, "amd64");
    Arena arena;
    arena_init(&arena);
    size_t n = strlen(src);
    char *text = xcalloc(1, n + 8);     /* the lexer reads up to 8 bytes ahead */
    memcpy(text, src, n);
    SourceFile sf;
    source_init(&sf, "p.go", text, n);
    DiagList diags = {0};
    AstFile *f = syntax_parse(&arena, &names, &sf, &diags);
    Pkg *pkg = pkg_new(ctx, "p", NULL);
    TypeInfo info;
    types_info_init(&info);
    info.keep_order = true;     /* types_dump_exprs prints in recording order */
    unsigned errors = types_check_files_info(pkg, &f, 1, NULL, &diags, NULL, &info);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    types_dump_exprs(out, pkg, &info);
    fclose(out);
    CHECK(errors == 0, "%s: %u errors", src, errors);
    for (const char *const *w = want; *w; w++) {
        char *line = xmalloc(strlen(*w) + 3);
        sprintf(line, "\n%s\n", *w);
        CHECK(strstr(buf, line) != NULL, "%s\n  missing: %s\n  dump:\n%s", src, *w, buf);
        free(line);
    }
    free(buf);
    types_info_free(&info);
    diag_free(&diags);
    types_free(ctx);
    arena_free(&arena);
    source_free(&sf);
    free(text);
    interner_free(&names);
}

int main(void) {
    /* operands of a folded constant keep their untyped types */
    expect_records("package p\nfunc f() int { return -1 }\nfunc g(c byte) byte { return c - ('a' - 'A') }\n",
                   (const char *const[]){"p.go:2:23-2:25 expr const int = -1",
                                         "p.go:2:24-2:25 expr const untyped int = 1",
                                         "p.go:3:35-3:38 expr const untyped rune = 97",
                                         "p.go:3:34-3:45 expr const byte = 32", NULL});
    /* 1 << n takes its type from the conversion; 0 as complex128 is (0 + 0i) */
    expect_records("package p\nfunc f(n uint) uint { return uint(1 << n) }\nfunc g() complex128 { return 0 }\n",
                   (const char *const[]){"p.go:2:35-2:36 expr const uint = 1",
                                         "p.go:2:35-2:41 expr value uint",
                                         "p.go:3:30-3:31 expr const complex128 = (0 + 0i)", NULL});
    /* an interface compared with a concrete value; min's signature */
    expect_records("package p\ntype E int\nfunc (E) Error() string { return \"\" }\n"
                   "func f(err error, a, b int) bool { return err == E(1) && min(a, b) > 0 }\n",
                   (const char *const[]){"p.go:4:43-4:54 expr value bool",
                                         "p.go:4:58-4:61 expr builtin func(int, int) int", NULL});
    /* constraints: ~T and | are unions, wrapped in an interface with no position */
    expect_records("package p\nfunc f[T ~int | string](x T) T { return x }\n",
                   (const char *const[]){"p.go:2:10-2:14 expr type ~int",
                                         "p.go:2:10-2:23 expr type ~int | string",
                                         ".:0:0-2:23 expr type ~int | string", NULL});
    /* indexing a []byte | string type parameter; Offsetof a field */
    expect_records("package p\nimport \"unsafe\"\ntype S struct{ a int8; b int64 }\n"
                   "func f[T []byte | string](s T) byte { return s[0] }\nconst o = unsafe.Offsetof(S{}.b)\n",
                   (const char *const[]){"p.go:4:46-4:50 expr value byte",
                                         "p.go:5:11-5:33 expr const uintptr = 8", NULL});
    return check_report();
}
