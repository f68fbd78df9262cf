/* Unit tests of the lexer and parser: positions, //line directives, pragmas,
   comments, error messages and robustness limits. */
#include "check.h"
#include "base/arena.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/intern.h"
#include "base/source.h"
#include "syntax/syntax.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct Parsed {
    char *text; /* padded copy, as read_file gives */
    Arena arena;
    Interner names;
    SourceFile src;
    DiagList diags;
    AstFile *f;
} Parsed;

static Parsed *parse(const char *text) {
    Parsed *p = calloc(1, sizeof *p);
    arena_init(&p->arena);
    interner_init(&p->names);
    size_t n = strlen(text);
    p->text = calloc(n + READ_PAD, 1);
    memcpy(p->text, text, n);
    source_init(&p->src, "t.go", p->text, n);
    p->f = syntax_parse(&p->arena, &p->names, &p->src, &p->diags);
    return p;
}

static void done(Parsed *p) {
    diag_free(&p->diags);
    interner_free(&p->names);
    source_free(&p->src);
    arena_free(&p->arena);
    free(p->text);
    free(p);
}

static Node *first_func_body_stmt(Parsed *p, int decl) {
    Node *fd = p->f->root->u.file.decls.v[decl];
    return fd->u.funcdecl.body->u.block.list.v[0];
}

static const char *pos_str(Parsed *p, Pos pos) {
    static char buf[256];
    Position q = source_pos(&p->src, pos);
    snprintf(buf, sizeof buf, "%s:%u:%u", q.filename, q.line, q.col);
    return buf;
}

static void test_positions(void) {
    Parsed *p = parse("package p\n\nfunc f() {\n\tm := make(map[string]int)\n\t_ = a + b\n}\n");
    CHECK(p->f->nerrors == 0, "clean parse");
    Node *s = first_func_body_stmt(p, 0);
    CHECK(s->kind == N_AssignStmt, "assign");
    CHECK(strcmp(pos_str(p, s->op), "t.go:4:4") == 0, ":= at 4:4, got %s", pos_str(p, s->op));
    Node *call = s->u.assign.rhs.v[0];
    CHECK(call->kind == N_CallExpr, "call");
    CHECK(strcmp(pos_str(p, call->op), "t.go:4:11") == 0, "call ( at 4:11 (gc's position), got %s",
          pos_str(p, call->op));
    Node *bin = p->f->root->u.file.decls.v[0]->u.funcdecl.body->u.block.list.v[1]->u.assign.rhs.v[0];
    CHECK(bin->kind == N_BinaryExpr && bin->tok == T_ADD, "binary +");
    CHECK(strcmp(pos_str(p, bin->op), "t.go:5:8") == 0, "+ at 5:8, got %s", pos_str(p, bin->op));
    done(p);
}

static void test_line_directives(void) {
    Parsed *p = parse("package p\n\n//line foo.go:100\nfunc f() {\n\tx := 1\n}\n"
                      "/*line bar.go:7:20*/var y = 2\n//line :50\nvar z = 3\n");
    CHECK(p->f->nerrors == 0, "clean parse");
    Node *fd = p->f->root->u.file.decls.v[0];
    CHECK(strcmp(pos_str(p, fd->pos), "foo.go:100:0") == 0, "func at foo.go:100 (no column), got %s",
          pos_str(p, fd->pos));
    Node *s = first_func_body_stmt(p, 0);
    CHECK(strcmp(pos_str(p, s->op), "foo.go:101:0") == 0, "x := at foo.go:101, got %s", pos_str(p, s->op));
    Node *vy = p->f->root->u.file.decls.v[1];
    CHECK(strcmp(pos_str(p, vy->pos), "bar.go:7:20") == 0, "var y at bar.go:7:20, got %s", pos_str(p, vy->pos));
    Node *vz = p->f->root->u.file.decls.v[2];
    CHECK(strcmp(pos_str(p, vz->pos), "t.go:50:0") == 0, "//line :50 keeps the file name, got %s",
          pos_str(p, vz->pos));
    Position raw = source_raw_pos(&p->src, vz->pos);
    CHECK(raw.line == 9 && raw.col == 1, "raw position unaffected, got %u:%u", raw.line, raw.col);
    done(p);
    /* Not at the start of a line: not a directive. */
    p = parse("package p\n var a = 1 //line foo.go:10\nvar b = 2\n");
    CHECK(strcmp(pos_str(p, p->f->root->u.file.decls.v[1]->pos), "t.go:3:1") == 0, "ignored mid-line //line");
    done(p);
}

static void test_pragmas(void) {
    Parsed *p = parse("//go:build linux\n\npackage p\n\n//go:noinline\n//go:nosplit\nfunc f() {}\n\n"
                      "// Doc.\n//go:noescape\nfunc g(p *int)\n\nfunc h() {}\n//go:linkname x runtime.x\nvar x int\n");
    CHECK(p->f->nerrors == 0, "clean parse");
    NodeList ds = p->f->root->u.file.decls;
    Pragmas *pf = ds.v[0]->u.funcdecl.pragmas;
    CHECK(pf && (pf->flags & PRAGMA_NOINLINE) && (pf->flags & PRAGMA_NOSPLIT) && pf->n == 2, "f noinline+nosplit");
    Pragmas *pg = ds.v[1]->u.funcdecl.pragmas;
    CHECK(pg && pg->flags == PRAGMA_NOESCAPE, "g noescape");
    CHECK(ds.v[1]->u.funcdecl.body == NULL, "g has no body");
    CHECK(ds.v[2]->u.funcdecl.pragmas == NULL, "h has none");
    Pragmas *px = ds.v[3]->u.gendecl.pragmas;
    CHECK(px && px->flags == PRAGMA_LINKNAME, "var x linkname");
    CHECK(p->f->build && p->f->build->n == 1 && strncmp(p->f->build->v[0].text, "//go:build linux", 16) == 0,
          "//go:build header kept");
    CHECK(p->f->ncomments == 6, "all comments kept, got %zu", p->f->ncomments);
    done(p);
}

static void expect_error(const char *src, const char *want) {
    Parsed *p = parse(src);
    CHECK(p->f->nerrors > 0, "error expected for %s", src);
    bool found = false;
    for (size_t i = 0; i < p->diags.len; i++)
        if (strstr(p->diags.data[i].msg, want)) found = true;
    CHECK(found, "want message containing \"%s\" for %s (got \"%s\")", want, src,
          p->diags.len ? p->diags.data[0].msg : "");
    done(p);
}

static void test_errors(void) {
    expect_error("package p\nfunc f() { x := }\n", "syntax error: unexpected }");
    expect_error("package p\nvar x = 0x\n", "hexadecimal literal has no digits");
    expect_error("package p\nvar x = 09\n", "invalid digit '9' in octal literal");
    expect_error("package p\nvar x = 1__0\n", "'_' must separate successive digits");
    expect_error("package p\nvar s = \"abc\n", "newline in string");
    expect_error("package p\nvar r = 'ab'\n", "more than one character in rune literal");
    expect_error("package p\nvar r = '\\q'\n", "unknown escape");
    expect_error("package p\n/* never closed\n", "comment not terminated");
    expect_error("package p\nvar a = 1 @ 2\n", "invalid character U+0040");
    expect_error("func f() {}\n", "package statement must be first");
    expect_error("package p\nfunc f(a ...int, b int) {}\n", "can only use ... with final parameter");
    expect_error("package p\nimport \"fmt\"\nvar x int\nimport \"os\"\n", "imports must appear before other declarations");
    /* Errors keep coming after the first one (recovery). */
    Parsed *p = parse("package p\nfunc f() { a := }\nfunc g() { b := }\n");
    CHECK(p->diags.len == 2, "two errors reported, got %zu", p->diags.len);
    done(p);
}

static void test_robustness(void) {
    /* Deep nesting is an error, not a stack overflow. */
    size_t n = 200000;
    char *s = malloc(n * 2 + 64);
    strcpy(s, "package p\nvar x = ");
    size_t k = strlen(s);
    for (size_t i = 0; i < n; i++) s[k++] = '(';
    s[k++] = '1';
    for (size_t i = 0; i < n; i++) s[k++] = ')';
    s[k] = 0;
    Parsed *p = parse(s);
    CHECK(p->f->nerrors > 0, "deep nesting rejected");
    done(p);
    free(s);
    /* NUL bytes and bad UTF-8. */
    static const char bad[] = "package p\nvar x = \"a\xff\"\n";
    p = parse(bad);
    CHECK(p->f->nerrors > 0, "invalid UTF-8 rejected");
    done(p);
    /* A BOM at the start is fine. */
    p = parse("\xEF\xBB\xBFpackage p\n");
    CHECK(p->f->nerrors == 0, "leading BOM accepted");
    done(p);
    /* Empty input. */
    p = parse("");
    CHECK(p->f->nerrors > 0 && p->f->root == NULL, "empty file rejected");
    done(p);
}

static void test_generics(void) {
    Parsed *p = parse("package p\ntype List[T any] struct{ next *List[T] }\ntype A [N]int\n"
                      "type B[P *C,] struct{}\ntype B2[P *C] struct{}\nfunc F[K comparable, V any](m map[K]V) {}\n"
                      "type Num interface{ ~int | ~float64 }\nvar _ = F[string, int]\n");
    CHECK(p->f->nerrors == 0, "generics parse");
    NodeList ds = p->f->root->u.file.decls;
    Node *list = ds.v[0]->u.gendecl.specs.v[0];
    CHECK(list->u.typespec.tparams != NULL, "List has type params");
    Node *a = ds.v[1]->u.gendecl.specs.v[0];
    CHECK(a->u.typespec.tparams == NULL && a->u.typespec.type->kind == N_ArrayType, "A is an array type");
    Node *b = ds.v[2]->u.gendecl.specs.v[0];
    CHECK(b->u.typespec.tparams != NULL, "B[P *C,] is generic");
    Node *b2 = ds.v[3]->u.gendecl.specs.v[0];
    CHECK(b2->u.typespec.tparams == NULL && b2->u.typespec.type->kind == N_ArrayType,
          "B2[P *C] is an array type, as go/parser decides");
    done(p);
}

int main(void) {
    test_positions();
    test_line_directives();
    test_pragmas();
    test_errors();
    test_robustness();
    test_generics();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
