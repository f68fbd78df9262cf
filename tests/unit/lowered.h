/* A small package lowered from a string, for the unit tests of the ir,
   inline and escape stages: parsed, type-checked (errors counted) and
   lowered; lowered_close frees it all. */
#ifndef GOESCAPE_TESTS_UNIT_LOWERED_H
#define GOESCAPE_TESTS_UNIT_LOWERED_H
#include "base/util.h"
#include "ir/ir.h"
#include "syntax/syntax.h"
#include <stdlib.h>
#include <string.h>

typedef struct Lowered {
    Interner names;
    TypeContext *ctx;
    Arena arena;
    char *text;
    SourceFile sf;
    DiagList diags;
    TypeInfo info;
    IrPackage *p;
    unsigned errors;        /* type errors */
} Lowered;

/* pkgname NULL: the package clause's name. */
static inline void lowered_open(Lowered *lw, const char *src, const char *pkgname) {
    memset(lw, 0, sizeof *lw);
    interner_init(&lw->names);
    lw->ctx = types_new(&lw->names, "amd64");
    arena_init(&lw->arena);
    size_t n = strlen(src);
    lw->text = xcalloc(1, n + 8);
    memcpy(lw->text, src, n);
    source_init(&lw->sf, "p.go", lw->text, n);
    AstFile *f = syntax_parse(&lw->arena, &lw->names, &lw->sf, &lw->diags);
    Pkg *pkg = pkg_new(lw->ctx, "p", pkgname);
    types_info_init(&lw->info);
    lw->errors = types_check_files_info(pkg, &f, 1, NULL, &lw->diags, NULL, &lw->info);
    IrOptions opt = {.goversion = "go1.27"};
    lw->p = ir_lower_package(pkg, &f, 1, &lw->info, &opt);
}

static inline void lowered_close(Lowered *lw) {
    if (lw->p) ir_package_free(lw->p);
    types_info_free(&lw->info);
    diag_free(&lw->diags);
    types_free(lw->ctx);
    arena_free(&lw->arena);
    source_free(&lw->sf);
    free(lw->text);
    interner_free(&lw->names);
}

#endif
