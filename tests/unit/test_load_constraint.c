/* Unit tests for src/load: build constraints, file-name matching, file
   headers, go.mod parsing and package patterns. */
#include "check.h"
#include "load/buildctx.h"
#include "load/constraint.h"
#include "load/gomod.h"
#include "load/header.h"
#include "load/loadint.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



static const char *no_env(const char *name) { (void)name; return NULL; }
static const char *env_v3(const char *name) {
    if (!strcmp(name, "GOAMD64")) return "v3";
    if (!strcmp(name, "GOEXPERIMENT")) return "nogreenteagc,arenas";
    return NULL;
}

/* A tag set given as a space-separated list. */
static bool match_list(void *ctx, const char *tag) {
    const char *l = ctx;
    size_t n = strlen(tag);
    for (const char *p = l; (p = strstr(p, tag)); p++)
        if ((p == l || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0)) return true;
    return false;
}

/* Parses line and evaluates it against tags; returns 1/0, or -1 on error
   (with the message copied to errbuf when given). */
static int eval(const char *line, const char *tags, char **errout) {
    Arena a;
    arena_init(&a);
    char *err = NULL;
    CExpr *x = constraint_parse(&a, line, strlen(line), &err);
    int r = x ? cexpr_eval(x, match_list, (void *)tags) : -1;
    if (errout) *errout = err;
    else free(err);
    arena_free(&a);
    return r;
}

static void check_eval(const char *line, const char *tags, int want, int lineno) {
    char *err = NULL;
    int got = eval(line, tags, &err);
    if (got == want) passed++;
    else {
        failed++;
        printf("FAIL line %d: %s with {%s}: got %d want %d (%s)\n", lineno, line, tags, got, want, err ? err : "");
    }
    free(err);
}
#define EVAL(line, tags, want) check_eval(line, tags, want, __LINE__)

static void check_err(const char *line, const char *want, int lineno) {
    char *err = NULL;
    int got = eval(line, "", &err);
    if (got == -1 && err && strstr(err, want)) passed++;
    else {
        failed++;
        printf("FAIL line %d: %s: got %d err=%s, want error containing %s\n", lineno, line, got, err ? err : "(none)", want);
    }
    free(err);
}
#define PERR(line, want) check_err(line, want, __LINE__)

static void check_str(const char *line, const char *want, int lineno) {
    Arena a;
    arena_init(&a);
    char *err = NULL;
    CExpr *x = constraint_parse(&a, line, strlen(line), &err);
    char *s = x ? cexpr_string(x) : NULL;
    if (s && !strcmp(s, want)) passed++;
    else {
        failed++;
        printf("FAIL line %d: %s printed as %s, want %s\n", lineno, line, s ? s : err, want);
    }
    free(s);
    free(err);
    arena_free(&a);
}
#define STR(line, want) check_str(line, want, __LINE__)

static void test_expr(void) {
    EVAL("//go:build linux", "linux amd64", 1);
    EVAL("//go:build windows", "linux amd64", 0);
    EVAL("//go:build linux && amd64", "linux amd64", 1);
    EVAL("//go:build linux && arm64", "linux amd64", 0);
    EVAL("//go:build windows || linux", "linux", 1);
    EVAL("//go:build !windows", "linux", 1);
    EVAL("//go:build !linux", "linux", 0);
    EVAL("//go:build (linux || darwin) && !cgo", "darwin", 1);
    EVAL("//go:build (linux || darwin) && !cgo", "darwin cgo", 0);
    EVAL("//go:build a || b && c", "a", 1);          /* && binds tighter */
    EVAL("//go:build a || b && c", "b", 0);
    EVAL("//go:build (a || b) && c", "a", 0);
    EVAL("//go:build !(a && b)", "a", 1);
    EVAL("//go:build !(a && b)", "a b", 0);
    EVAL("//go:build ((((a))))", "a", 1);
    EVAL("//go:build go1.21 && !go1.22", "go1.21", 1);
    EVAL("//go:build goexperiment.jsonv2", "goexperiment.jsonv2", 1);
    EVAL("//go:build x_y.z9", "x_y.z9", 1);
    EVAL("//go:build\tlinux", "linux", 1);
    EVAL("  //go:build linux  ", "linux", -1); /* leading space: not a //go:build line */
    EVAL("//go:build linux\n", "linux", 1);
    EVAL("//go:build a&&b", "a b", 1);
    EVAL("//go:build !a||!b", "a b", 0);

    PERR("//go:build", "unexpected end of expression");
    PERR("//go:build (", "missing close paren");
    PERR("//go:build (linux", "missing close paren");
    PERR("//go:build linux &&", "unexpected end of expression");
    PERR("//go:build linux ||", "unexpected end of expression");
    PERR("//go:build !!linux", "double negation not allowed");
    PERR("//go:build linux & amd64", "invalid syntax at &");
    PERR("//go:build linux | amd64", "invalid syntax at |");
    PERR("//go:build linux )", "unexpected token )");
    PERR("//go:build linux amd64", "unexpected token amd64");
    PERR("//go:build $x", "invalid syntax at $");
    PERR("//go:build ()", "unexpected token )");
    PERR("//go:build && a", "unexpected token &&");
    PERR("//go:build a !b", "unexpected token !");
    PERR("//go:buildlinux", "not a build constraint");
    PERR("// go:build linux", "not a build constraint");
    PERR("package main", "not a build constraint");
    PERR("//go:build a\n//go:build b", "not a build constraint");
    {
        /* deep nesting hits go's size limit instead of the stack */
        size_t n = 3000;
        char *s = xmalloc(n * 2 + 16);
        strcpy(s, "//go:build ");
        size_t k = strlen(s);
        for (size_t i = 0; i < n; i++) s[k++] = '(';
        s[k++] = 'a';
        for (size_t i = 0; i < n; i++) s[k++] = ')';
        s[k] = 0;
        PERR(s, "build expression too large");
        free(s);
    }

    /* // +build: spaces are OR, commas AND, ! negates one term */
    EVAL("// +build linux,amd64 darwin", "linux amd64", 1);
    EVAL("// +build linux,amd64 darwin", "linux arm64", 0);
    EVAL("// +build linux,amd64 darwin", "darwin", 1);
    EVAL("// +build !windows", "linux", 1);
    EVAL("// +build !windows,!plan9", "plan9", 0);
    EVAL("//+build linux", "linux", 1);
    EVAL("// +build !!linux", "linux", 0);      /* malformed term means "ignore" */
    EVAL("// +build !", "linux", 0);
    EVAL("// +build linux,", "linux", 0);       /* empty term */
    EVAL("// +build a-b", "a-b", 0);            /* invalid tag */
    EVAL("// +build", "linux", 0);              /* no terms at all */
    EVAL("// +build ignore", "linux", 0);
    PERR("// +buildlinux", "not a build constraint");
    PERR("// +build a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a",
         "too complex");

    CHECK(constraint_is_go_build("//go:build x", 12), "is_go_build");
    CHECK(!constraint_is_go_build("//go:buildx", 11), "is_go_build prefix");
    CHECK(constraint_is_plus_build("// +build x", 11), "is_plus_build");
    CHECK(!constraint_is_plus_build("// +builder", 11), "is_plus_build prefix");

    STR("//go:build a && b || c", "(a && b) || c");
    STR("//go:build a && (b || c)", "a && (b || c)");
    STR("//go:build !(a || b)", "!(a || b)");
    STR("//go:build a && b && c", "a && b && c");
    STR("// +build a,b c", "(a && b) || c");
}

static int file_check(const char *src, const char *tags, char **errout) {
    bool build = false;
    char *err = NULL;
    bool ok = constraint_check_file(src, strlen(src), match_list, (void *)tags, &build, &err);
    if (errout) *errout = err;
    else free(err);
    return ok ? build : -1;
}

static void test_file_headers(void) {
    CHECK(file_check("package x\n", "", NULL) == 1, "no constraint");
    CHECK(file_check("//go:build linux\n\npackage x\n", "linux", NULL) == 1, "go:build true");
    CHECK(file_check("//go:build linux\n\npackage x\n", "windows", NULL) == 0, "go:build false");
    CHECK(file_check("//go:build linux\npackage x\n", "windows", NULL) == 0, "go:build needs no blank line");
    CHECK(file_check("// Copyright\n\n//go:build linux\n\n// Package x.\npackage x\n", "windows", NULL) == 0,
          "go:build after license");
    CHECK(file_check("package x\n//go:build linux\n", "windows", NULL) == 1, "after package clause: ignored");
    CHECK(file_check("/*\n//go:build linux\n*/\npackage x\n", "windows", NULL) == 1, "inside block comment");
    CHECK(file_check("/* c */\n//go:build linux\n\npackage x\n", "windows", NULL) == 0, "after block comment");
    CHECK(file_check("// +build linux\n\npackage x\n", "windows", NULL) == 0, "+build with blank line");
    CHECK(file_check("// +build linux\npackage x\n", "windows", NULL) == 1, "+build without blank line is doc");
    CHECK(file_check("// +build linux\n// +build amd64\n\npackage x\n", "linux", NULL) == 0, "+build lines AND");
    CHECK(file_check("// +build linux\n// +build amd64\n\npackage x\n", "linux amd64", NULL) == 1, "+build AND true");
    CHECK(file_check("//go:build linux\n// +build windows\n\npackage x\n", "linux", NULL) == 1, "go:build wins");
    CHECK(file_check("// +build !!bad\n\npackage x\n", "linux", NULL) == 0, "malformed +build");
    CHECK(file_check("\n\n  //go:build linux  \n\npackage x\n", "windows", NULL) == 0, "indented");
    CHECK(file_check("//go:build linux\n", "windows", NULL) == 0, "file without package clause");
    char *err = NULL;
    CHECK(file_check("//go:build linux\n//go:build amd64\n\npackage x\n", "linux", &err) == -1 && err &&
              strstr(err, "multiple //go:build"),
          "two go:build lines: %s", err ? err : "(none)");
    free(err);
    err = NULL;
    CHECK(file_check("//go:build linux &&\n\npackage x\n", "linux", &err) == -1 && err &&
              strstr(err, "parsing //go:build line: unexpected end of expression"),
          "bad go:build line: %s", err ? err : "(none)");
    free(err);
}

static void test_buildctx(void) {
    BuildCtx c;
    buildctx_init(&c, "linux", "amd64", false, 27, no_env);
    CHECK(buildctx_match_tag(&c, "linux"), "linux");
    CHECK(buildctx_match_tag(&c, "amd64"), "amd64");
    CHECK(buildctx_match_tag(&c, "unix"), "unix");
    CHECK(buildctx_match_tag(&c, "gc"), "gc");
    CHECK(!buildctx_match_tag(&c, "gccgo"), "gccgo");
    CHECK(!buildctx_match_tag(&c, "cgo"), "cgo off");
    CHECK(buildctx_match_tag(&c, "go1.1") && buildctx_match_tag(&c, "go1.27"), "release tags");
    CHECK(!buildctx_match_tag(&c, "go1.28") && !buildctx_match_tag(&c, "go1.0"), "future release tag");
    CHECK(buildctx_match_tag(&c, "amd64.v1") && !buildctx_match_tag(&c, "amd64.v2"), "GOAMD64 default");
    CHECK(buildctx_match_tag(&c, "goexperiment.jsonv2"), "jsonv2 baseline");
    CHECK(buildctx_match_tag(&c, "goexperiment.regabiargs"), "regabi on amd64");
    CHECK(!buildctx_match_tag(&c, "goexperiment.arenas"), "arenas off");
    CHECK(!buildctx_match_tag(&c, "boringcrypto"), "boringcrypto off");
    CHECK(!buildctx_match_tag(&c, "ignore") && !buildctx_match_tag(&c, "android"), "other tags");
    buildctx_add_tag(&c, "purego");
    CHECK(buildctx_match_tag(&c, "purego"), "-tags");

    /* file names */
    struct { const char *name; bool want; } names[] = {
        {"a.go", true}, {"a_linux.go", true}, {"a_windows.go", false}, {"a_amd64.go", true},
        {"a_arm64.go", false}, {"a_linux_amd64.go", true}, {"a_linux_arm64.go", false},
        {"a_windows_amd64.go", false}, {"linux.go", true}, {"windows.go", true}, {"amd64.go", true},
        {"a_test.go", true}, {"a_windows_test.go", false}, {"a_linux_test.go", true},
        {"a_nacl.go", false}, {"a_amd64p32.go", false}, {"x_unix.go", true}, {"a_linux_x.go", true},
        {"a_windows.s", false}, {"a_windows.pb.go", false}, {"a.linux_windows.go", true},
        {"_windows.go", false}, {"a_test_windows.go", false}, {"a_amd64_linux.go", true},
        {"a_linux_amd64_test.go", true}, {"zos_s390x.go", false}, {"zos.go", true}, {"a_zos_s390x.go", false},
        {"a_js.go", false}, {"a_wasm.go", false}, {"a_386.go", false}, {"a_android.go", false},
    };
    for (size_t i = 0; i < ARRAY_LEN(names); i++)
        CHECK(buildctx_good_os_arch_file(&c, names[i].name) == names[i].want, "file name %s", names[i].name);
    buildctx_free(&c);

    buildctx_init(&c, "android", "arm64", true, 27, no_env);
    CHECK(buildctx_match_tag(&c, "linux") && buildctx_match_tag(&c, "android"), "android implies linux");
    CHECK(buildctx_good_os_arch_file(&c, "a_linux.go") && buildctx_good_os_arch_file(&c, "a_android_arm64.go"),
          "android file names");
    CHECK(buildctx_match_tag(&c, "cgo"), "cgo on");
    CHECK(buildctx_match_tag(&c, "arm64.v8.0") && !buildctx_match_tag(&c, "arm64.v8.1"), "GOARM64 default");
    buildctx_free(&c);

    buildctx_init(&c, "ios", "arm64", false, 27, no_env);
    CHECK(buildctx_match_tag(&c, "darwin") && buildctx_match_tag(&c, "unix"), "ios implies darwin");
    CHECK(!buildctx_match_tag(&c, "goexperiment.dwarf5"), "no dwarf5 on ios");
    buildctx_free(&c);

    buildctx_init(&c, "illumos", "amd64", false, 27, no_env);
    CHECK(buildctx_match_tag(&c, "solaris"), "illumos implies solaris");
    buildctx_free(&c);

    buildctx_init(&c, "windows", "386", false, 27, no_env);
    CHECK(!buildctx_match_tag(&c, "unix"), "windows is not unix");
    CHECK(buildctx_match_tag(&c, "386.softfloat"), "GO386 default");
    CHECK(!buildctx_match_tag(&c, "goexperiment.regabiargs"), "no regabi on 386");
    CHECK(!buildctx_good_os_arch_file(&c, "a_linux.go") && buildctx_good_os_arch_file(&c, "a_windows_386.go"),
          "windows/386 names");
    buildctx_free(&c);

    buildctx_init(&c, "plan9", "arm", false, 27, no_env);
    CHECK(!buildctx_match_tag(&c, "unix"), "plan9 is not unix");
    CHECK(buildctx_match_tag(&c, "arm.5") && buildctx_match_tag(&c, "arm.7"), "GOARM default 7");
    buildctx_free(&c);

    buildctx_init(&c, "linux", "amd64", false, 27, env_v3);
    CHECK(buildctx_match_tag(&c, "amd64.v3") && !buildctx_match_tag(&c, "amd64.v4"), "GOAMD64=v3");
    CHECK(!buildctx_match_tag(&c, "goexperiment.greenteagc"), "GOEXPERIMENT=nogreenteagc");
    CHECK(buildctx_match_tag(&c, "goexperiment.arenas"), "GOEXPERIMENT=arenas");
    buildctx_free(&c);

    CHECK(load_known_os("zos", 3) && load_known_os("hurd", 4) && !load_known_os("unix", 4), "known OS");
    CHECK(load_known_arch("loong64", 7) && load_known_arch("sparc64", 7) && !load_known_arch("x86", 3), "known arch");
}

static void test_header(void) {
    Arena a;
    arena_init(&a);
    GoHeader h;
    char *err = NULL;
    const char *src =
        "\xEF\xBB\xBF// Copyright\n\n/* doc */ package foo // trailing\n\n"
        "import \"fmt\"\nimport (\n\t\"os\"; s \"strings\"\n\t. \"math\"\n\t_ `embed`\n\t// c\n)\n"
        "import \"C\"\nimport \"a\\\"b\"\nfunc main() {}\nimport \"late\"\n";
    int r = goheader_parse(src, strlen(src), true, &a, &h, &err);
    CHECK(r == 1, "header parse: %d %s", r, err ? err : "");
    CHECK(r == 1 && !strcmp(h.pkg, "foo"), "package name");
    CHECK(r == 1 && h.nimports == 7, "7 imports, got %zu", h.nimports);
    if (r == 1 && h.nimports == 7) {
        CHECK(!strcmp(h.imports[0], "fmt") && !strcmp(h.imports[1], "os") && !strcmp(h.imports[2], "strings") &&
                  !strcmp(h.imports[3], "math") && !strcmp(h.imports[4], "embed") && !strcmp(h.imports[5], "C") &&
                  !strcmp(h.imports[6], "a\"b"),
              "import paths");
    }
    CHECK(h.imports_c, "import C");

    /* Truncated input asks for more; complete input parses. */
    const char *part = "// long comment\npackage foo\nimport (\n\"fm";
    CHECK(goheader_parse(part, strlen(part), false, &a, &h, &err) == 0, "needs more");
    CHECK(goheader_parse("package foo", 11, false, &a, &h, &err) == 0, "needs more after name");
    CHECK(goheader_parse("package foo", 11, true, &a, &h, &err) == 1 && h.nimports == 0, "complete");
    CHECK(goheader_parse("package foo; import \"x\"; var y", 31, true, &a, &h, &err) == 1 && h.nimports == 1,
          "semicolons");

    const char *bad[] = {"", "// only a comment\n", "func main() {}", "package", "package 1x", "package _",
                         "package foo\nimport (\n\"x\"\n", "package foo\nimport", "package foo\nimport (x)",
                         "package foo\nimport \"x", "/* unterminated"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        err = NULL;
        r = goheader_parse(bad[i], strlen(bad[i]), true, &a, &h, &err);
        CHECK(r == -1 && err, "bad header %zu (%s): %d", i, bad[i], r);
        free(err);
    }
    err = NULL;
    r = goheader_parse("\n\n  func x", 9, true, &a, &h, &err);
    CHECK(r == -1 && err && !strncmp(err, "3:3:", 4), "error position: %s", err ? err : "");
    free(err);
    arena_free(&a);
}

static bool mod_ok(const char *src, GoMod *m, Arena *a) {
    char *err = NULL;
    bool ok = gomod_parse(a, "go.mod", src, strlen(src), m, &err);
    if (!ok) printf("  (go.mod error: %s)\n", err);
    free(err);
    return ok;
}

static void mod_err(const char *src, const char *want, int line) {
    Arena a;
    arena_init(&a);
    GoMod m;
    char *err = NULL;
    bool ok = gomod_parse(&a, "go.mod", src, strlen(src), &m, &err);
    if (!ok && err && strstr(err, want)) passed++;
    else {
        failed++;
        printf("FAIL line %d: go.mod error %s, want %s\n", line, err ? err : "(none)", want);
    }
    free(err);
    arena_free(&a);
}
#define MODERR(src, want) mod_err(src, want, __LINE__)

static void test_gomod(void) {
    Arena a;
    arena_init(&a);
    GoMod m;
    const char *src = "// comment\nmodule \"example.com/m\" // c\n\ngo 1.22.3\ntoolchain go1.23.0\n"
                      "require (\n\texample.com/a v1.0.0\n\texample.com/b v0.1.0 // indirect\n)\n"
                      "require example.com/c v2.0.0+incompatible\n"
                      "replace example.com/a => ../a\nreplace (\n\texample.com/b v0.1.0 => example.com/b2 v0.2.0\n)\n"
                      "exclude example.com/d v1.0.0\nretract [v1.0.0, v1.1.0]\ngodebug default=go1.21\n"
                      "tool example.com/t\nignore ./node_modules\n";
    CHECK(mod_ok(src, &m, &a), "go.mod parses");
    CHECK(m.path && !strcmp(m.path, "example.com/m"), "module path");
    CHECK(m.go && !strcmp(m.go, "1.22.3"), "go version");
    CHECK(m.nrequires == 3 && !strcmp(m.requires[1].path, "example.com/b") &&
              !strcmp(m.requires[2].version, "v2.0.0+incompatible"),
          "requires");
    CHECK(m.nreplaces == 2 && !strcmp(m.replaces[0].new_path, "../a") && !m.replaces[0].new_version &&
              !strcmp(m.replaces[1].old_version, "v0.1.0") && !strcmp(m.replaces[1].new_version, "v0.2.0"),
          "replaces");
    CHECK(m.nignores == 1, "ignore");
    CHECK(mod_ok("module x", &m, &a) && !m.go, "minimal go.mod");

    MODERR("module x\nfoo bar\n", "go.mod:2: unknown directive: foo");
    MODERR("module x\n\n\ngo 1.2x\n", "go.mod:4: invalid go version '1.2x'");
    MODERR("module x\ngo 1.21\ngo 1.22\n", "go.mod:3: repeated go statement");
    MODERR("module x\nrequire a\n", "go.mod:2: usage: require");
    MODERR("module x\nrequire (\n\ta v1.0.0\n", "unterminated block");
    MODERR("module x\nreplace a => b\n", "go.mod:2: replacement module without version must be directory path");
    MODERR("module x\nreplace a => ./b v1.0.0\n", "cannot have version");
    MODERR("module x\nreplace a b\n", "go.mod:2: usage: replace");
    MODERR("module \"x\n", "go.mod:1: unterminated quoted string");
    MODERR("go 1.21\n", "no module declaration");
    MODERR("module x\n)\n", "go.mod:2: unexpected )");
    MODERR("module x\nmodule y\n", "go.mod:2: repeated module statement");

    CHECK(gomod_valid_go_version("1.21") && gomod_valid_go_version("1.21.0") && gomod_valid_go_version("1.21rc1"),
          "valid go versions");
    CHECK(!gomod_valid_go_version("1") && !gomod_valid_go_version("go1.21") && !gomod_valid_go_version("1.021") &&
              !gomod_valid_go_version("1.21."),
          "invalid go versions");
    CHECK(load_gover_cmp("1.9", "1.14") < 0 && load_gover_cmp("1.14", "1.14.0") == 0 && load_gover_cmp("1.22.1", "1.22") > 0,
          "load_gover_cmp");

    VendorInfo v;
    const char *mt = "# github.com/x/y v1.0.0\n## explicit; go 1.20\ngithub.com/x/y\n# b v2 => ../b\n## explicit\nb\n";
    vendor_modules_parse(&a, mt, strlen(mt), &v);
    CHECK(v.nmods == 2 && !strcmp(v.mods[0].path, "github.com/x/y") && v.mods[0].go &&
              !strcmp(v.mods[0].go, "1.20") && !v.mods[1].go && !strcmp(v.mods[1].version, "v2"),
          "modules.txt");
    arena_free(&a);
}

static void test_patterns(void) {
    struct { const char *pat, *name; bool want; } cases[] = {
        {"net/...", "net", true}, {"net/...", "net/http", true}, {"net/...", "network", false},
        {"net...", "network", true}, {"...", "a/b/c", true}, {"...", "a/vendor/b", false},
        {"...", "vendor/b", false}, {"...", "a/vendor", true}, {"a/vendor/...", "a/vendor/b", true},
        {"a/vendor/...", "a/vendor/b/vendor/c", false}, {"a/.../c", "a/x/y/c", true}, {"a/.../c", "a/c", false},
        {"./...", ".", true}, {"./...", "./x/y", true}, {"./...", "./vendor", true},
        {"./...", "./vendor/x", false}, {"fmt", "fmt", true}, {"fmt", "fmt/x", false},
        {"cmd/...", "cmd", true}, {"cmd/...", "cmd/vendor/x", false},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        CHECK(load_pattern_match(cases[i].pat, cases[i].name) == cases[i].want, "match %s %s", cases[i].pat,
              cases[i].name);
    CHECK(load_pattern_tree_can_match("net/http/...", "net"), "tree net");
    CHECK(load_pattern_tree_can_match("net/http/...", "net/http/cookiejar"), "tree below");
    CHECK(!load_pattern_tree_can_match("net/http/...", "crypto"), "tree other");
    CHECK(!load_pattern_tree_can_match("net/http", "net/http/x"), "tree literal");
    CHECK(load_pattern_tree_can_match("ne...", "net"), "tree partial element");

    struct { const char *in, *out; } paths[] = {
        {"a/b/../c", "a/c"}, {"/a//b/./c/", "/a/b/c"}, {"../../x", "../../x"}, {"/..", "/"},
        {".", "."}, {"", "."}, {"a/..", "."}, {"./a", "a"}, {"a/../../b", "../b"},
    };
    for (size_t i = 0; i < ARRAY_LEN(paths); i++) {
        char *c = load_clean_path(paths[i].in);
        CHECK(!strcmp(c, paths[i].out), "clean %s = %s, want %s", paths[i].in, c, paths[i].out);
        free(c);
    }
    CHECK(load_has_path_prefix("a/b", "a") && !load_has_path_prefix("ab", "a") && load_has_path_prefix("a", "a"), "path prefix");
    CHECK(load_is_std_path("net/http") && !load_is_std_path("example.com/x") && load_is_std_path("crypto/internal/entropy/v1.0.0"),
          "std paths");
}

int main(void) {
    test_expr();
    test_file_headers();
    test_buildctx();
    test_header();
    test_gomod();
    test_patterns();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
