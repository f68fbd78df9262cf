/* The summary cache's formats (escape/summary_io.c, inline/summary_io.c,
   ir/serial.c, syntax/ser.c, types/info_io.c) with an in-process reference
   table: a package's summaries and generic declarations round-trip (written
   again, the bytes are the same), and every truncation and many corruptions
   of each encoding are read without a crash (under the sanitizers): a
   truncated input always fails; a corrupt one fails or reads something, and
   every body of a summary read that way still decodes or fails cleanly. */
#include "check.h"
#include "base/util.h"
#include "base/vec.h"
#include "escape/escape.h"
#include "inline/inline.h"
#include "ir/ir.h"
#include "syntax/syntax.h"
#include "types/export.h"
#include "types/idrefs.h"
#include <stdlib.h>
#include <string.h>

static const char src[] =
    "package p\n"
    "\n"
    "type T struct{ a int; b *int }\n"
    "\n"
    "var g int\n"
    "var sink any\n"
    "\n"
    "func (t *T) M() int { return t.a }\n"
    "func leak(p *int) *int { sink = p; return p }\n"
    "func ret(p *int) *int { return p }\n"
    "func cl(a int) int { return func() int { return a + g }() }\n"
    "func sw(x any) int {\n"
    "    switch v := x.(type) {\n"
    "    case int: return v\n"
    "    case string: return len(v)\n"
    "    }\n"
    "    return 0\n"
    "}\n"
    "func lab(n int) (s int) {\n"
    "L:\n"
    "    for i := 0; i < n; i++ {\n"
    "        if i == 3 { continue L }\n"
    "        s += i\n"
    "    }\n"
    "    return\n"
    "}\n"
    "func lit() []string { return []string{\"a\", \"b\"} }\n"
    "func Map[S ~[]E, E any, R any](s S, f func(E) R) []R {\n"
    "    r := make([]R, 0, len(s))\n"
    "    for _, v := range s { r = append(r, f(v)) }\n"
    "    return r\n"
    "}\n"
    "type Box[V any] struct{ v V }\n"
    "func (b *Box[V]) Get() V { return b.v }\n"
    "func (b *Box[V]) Set(v V) { b.v = v; _ = 1.5 + 2i; _ = 'x' }\n";

/* ------------------------------------------------------------- fixture */

typedef struct Fix {
    Interner names;
    TypeContext *ctx;
    Arena arena;
    char *text;
    SourceFile sf;
    DiagList diags;
    TypeInfo info;
    AstFile *file;
    Pkg *pkg;
    IrPackage *ir;
    EscSummary esc;
    InlSummary inl;
    IdRefs tab;
    SerRefs refs;
    DeRefs drefs;
    ByteBuf eb, ib, gb;         /* the encodings */
} Fix;

static bool is_generic(const Node *d) {
    const Node *ft = d->u.funcdecl.type;
    if (ft->u.functype.tparams && ft->u.functype.tparams->u.fieldlist.list.n) return true;
    const Node *rt = d->u.funcdecl.recv && d->u.funcdecl.recv->u.fieldlist.list.n
                         ? d->u.funcdecl.recv->u.fieldlist.list.v[0]->u.field.type : NULL;
    if (rt && rt->kind == N_StarExpr) rt = rt->u.star.x;
    return rt && rt->kind == N_IndexExpr;
}

static void fix_open(Fix *f) {
    memset(f, 0, sizeof *f);
    interner_init(&f->names);
    f->ctx = types_new(&f->names, "amd64");
    arena_init(&f->arena);
    size_t n = strlen(src);
    f->text = xcalloc(1, n + 8);
    memcpy(f->text, src, n);
    source_init(&f->sf, "p.go", f->text, n);
    f->file = syntax_parse(&f->arena, &f->names, &f->sf, &f->diags);
    f->pkg = pkg_new(f->ctx, "p", "p");
    types_info_init(&f->info);
    unsigned errs = types_check_files_info(f->pkg, &f->file, 1, NULL, &f->diags, NULL, &f->info);
    CHECK(errs == 0, "fixture: %u type errors", errs);
    IrOptions iopt = {.goversion = "go1.27"};
    f->ir = ir_lower_package(f->pkg, &f->file, 1, &f->info, &iopt);
    escape_summary_init(&f->esc);
    inline_summary_init(&f->inl);
    InlOptions inlopt = {.substitute = true};
    inline_analyze(f->ir, NULL, &inlopt, NULL, &f->inl);
    EscOptions eopt = {.zerocopy = true};
    EscResult res;
    escape_result_init(&res);
    escape_analyze(f->ir, NULL, &eopt, &res, &f->esc);
    escape_result_free(&res);
    f->refs = idrefs_ser(&f->tab);
    f->drefs = idrefs_de(&f->tab);
    escape_summary_write(&f->eb, &f->esc, &f->refs);
    CHECK(inline_summary_write(&f->ib, &f->inl, f->pkg, &f->refs), "inline summary written");
    const AstFile *files[8];
    const Node *decls[8];
    size_t nd = 0;
    NodeList ds = f->file->root->u.file.decls;
    for (uint32_t i = 0; i < ds.n && nd < 8; i++)
        if (ds.v[i]->kind == N_FuncDecl && is_generic(ds.v[i])) {
            files[nd] = f->file;
            decls[nd++] = ds.v[i];
        }
    CHECK(nd == 3, "three generic declarations, got %zu", nd);
    const Node **nodes;
    size_t nn;
    SyntaxSerFiles sf = {idrefs_file_id, idrefs_file, &f->tab};
    CHECK(syntax_write_decls(&f->gb, files, decls, nd, &sf, &nodes, &nn), "declarations written");
    types_info_write(&f->gb, &f->info, nodes, nn, &f->refs);
    free(nodes);
}

static void fix_close(Fix *f) {
    bb_free(&f->eb);
    bb_free(&f->ib);
    bb_free(&f->gb);
    idrefs_free(&f->tab);
    escape_summary_free(&f->esc);
    inline_summary_free(&f->inl);
    ir_package_free(f->ir);
    types_info_free(&f->info);
    diag_free(&f->diags);
    types_free(f->ctx);
    arena_free(&f->arena);
    source_free(&f->sf);
    free(f->text);
    interner_free(&f->names);
}

/* ------------------------------------------------------------- readers */

/* Each returns whether the input read (and, for a summary, every body
   decoded); out (when non-NULL) receives the encoding written again. */

static bool read_esc(Fix *f, const uint8_t *p, size_t n, ByteBuf *out) {
    EscSummary s;
    escape_summary_init(&s);
    ByteReader r;
    br_init(&r, p, n);
    bool ok = escape_summary_read(&r, &s, &f->drefs) && r.p == r.end;
    if (ok && out) escape_summary_write(out, &s, &f->refs);
    escape_summary_free(&s);
    return ok;
}

static bool read_inl(Fix *f, const uint8_t *p, size_t n, size_t *nbodies) {
    InlSummary s;
    inline_summary_init(&s);
    ByteReader r;
    br_init(&r, p, n);
    bool ok = inline_summary_read(&r, &s, f->pkg, &f->names, &f->drefs, false) && r.p == r.end;
    size_t nb = 0;
    /* bodies decode on first use: force them all (corrupt ones give NULL) */
    for (size_t i = 0; i < s.funcs.cap; i++) {
        const InlFunc *fn = s.funcs.vals[i];
        if (s.funcs.keys[i] && (fn->lazyoff || fn->body)) {
            if (inline_func_body(fn)) nb++;
            else ok = false;
        }
    }
    if (nbodies) *nbodies = nb;
    inline_summary_free(&s);
    return ok;
}

static bool read_gen(Fix *f, const uint8_t *p, size_t n, ByteBuf *out, size_t *ndecls) {
    Arena a;
    arena_init(&a);
    TypeInfo ti;
    types_info_init(&ti);
    SyntaxSerFiles sf = {idrefs_file_id, idrefs_file, &f->tab};
    SyntaxDecls sd;
    ByteReader r;
    br_init(&r, p, n);
    bool ok = syntax_read_decls(&r, &a, &f->names, &sf, &sd) &&
              types_info_read(&r, &ti, sd.nodes, sd.nnodes, &f->drefs) && r.p == r.end;
    if (ok && ndecls) *ndecls = sd.n;
    if (ok && out) {
        const Node **nodes;
        size_t nn;
        syntax_write_decls(out, (const AstFile *const *)sd.files, (const Node *const *)sd.decls, sd.n, &sf,
                           &nodes, &nn);
        types_info_write(out, &ti, nodes, nn, &f->refs);
        free(nodes);
        /* lookups as pipeline_generic_decl makes them */
        for (size_t i = 0; i < sd.n; i++) {
            Object *o = types_ident_def(&ti, sd.decls[i]->u.funcdecl.name);
            CHECK(o && o->kind == OBJ_FUNC, "declaration %zu: its object", i);
            CHECK(sd.files[i]->src == &f->sf && sd.files[i]->root->u.file.decls.n == sd.n, "stand-in file");
        }
    }
    types_info_free(&ti);
    arena_free(&a);
    return ok;
}

/* --------------------------------------------------------------- tests */

static void test_roundtrip(Fix *f) {
    ByteBuf e2 = {0}, g2 = {0};
    CHECK(f->esc.tags.len >= 6, "tags for the functions: %zu", f->esc.tags.len);
    CHECK(read_esc(f, f->eb.data, f->eb.len, &e2), "escape summary reads");
    CHECK(e2.len == f->eb.len, "escape summary: same size again");
    size_t nb = 0, nd = 0;
    CHECK(read_inl(f, f->ib.data, f->ib.len, &nb), "inline summary reads, bodies decode");
    size_t want = 0;
    for (size_t i = 0; i < f->inl.funcs.cap; i++)
        if (f->inl.funcs.keys[i] && ((const InlFunc *)f->inl.funcs.vals[i])->body) want++;
    CHECK(nb == want && nb >= 5, "bodies: %zu of %zu", nb, want);
    CHECK(read_gen(f, f->gb.data, f->gb.len, &g2, &nd), "generic declarations read");
    CHECK(nd == 3, "declarations: %zu", nd);
    CHECK(g2.len == f->gb.len && memcmp(g2.data, f->gb.data, g2.len) == 0, "declarations: same bytes again");

    /* a body read back writes the same bytes as the original */
    InlSummary s;
    inline_summary_init(&s);
    ByteReader r;
    br_init(&r, f->ib.data, f->ib.len);
    CHECK(inline_summary_read(&r, &s, f->pkg, &f->names, &f->drefs, false), "inline summary reads");
    unsigned same = 0, total = 0;
    for (size_t i = 0; i < f->inl.funcs.cap; i++) {
        if (!f->inl.funcs.keys[i]) continue;
        const InlFunc *a = f->inl.funcs.vals[i], *b = inline_lookup(&s, f->inl.funcs.keys[i]);
        CHECK(b && a->state == b->state && a->cost == b->cost && strcmp(a->name, b->name) == 0, "entry %s", a->name);
        if (!a->body || !b) continue;
        total++;
        ByteBuf x = {0}, y = {0};
        IrSerWriter *w = ir_ser_writer_new(&f->refs, f->pkg);
        ir_ser_write_func(w, &x, a->body);
        ir_ser_writer_free(w);
        w = ir_ser_writer_new(&f->refs, f->pkg);
        IrFunc *bb = inline_func_body(b);
        if (bb) ir_ser_write_func(w, &y, bb);
        ir_ser_writer_free(w);
        same += bb && x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
        bb_free(&x);
        bb_free(&y);
    }
    CHECK(same == total, "bodies the same once read: %u of %u", same, total);
    inline_summary_free(&s);
    bb_free(&e2);
    bb_free(&g2);
}

static void test_truncated(Fix *f) {
    unsigned bad = 0;
    for (size_t n = 0; n < f->eb.len; n++) bad += read_esc(f, f->eb.data, n, NULL);
    for (size_t n = 0; n < f->ib.len; n++) bad += read_inl(f, f->ib.data, n, NULL);
    for (size_t n = 0; n < f->gb.len; n++) bad += read_gen(f, f->gb.data, n, NULL, NULL);
    CHECK(bad == 0, "%u truncated inputs read as complete", bad);
}

/* Every byte replaced by a few values: no crash (the sanitizers watch), and
   the unchanged input still reads. */
static void test_corrupt(Fix *f) {
    static const uint8_t vals[] = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
    ByteBuf *bufs[3] = {&f->eb, &f->ib, &f->gb};
    unsigned reads = 0, fails = 0;
    for (int k = 0; k < 3; k++) {
        ByteBuf *b = bufs[k];
        uint8_t *copy = xmalloc(b->len);
        for (size_t i = 0; i < b->len; i++) {
            for (size_t v = 0; v < sizeof vals; v++) {
                memcpy(copy, b->data, b->len);
                if (copy[i] == vals[v]) continue;
                copy[i] = vals[v];
                bool ok = k == 0 ? read_esc(f, copy, b->len, NULL)
                        : k == 1 ? read_inl(f, copy, b->len, NULL)
                                 : read_gen(f, copy, b->len, NULL, NULL);
                reads++;
                fails += !ok;
            }
        }
        free(copy);
    }
    printf("encodings: escape %zu, inline %zu, generics %zu bytes; %u corrupt inputs, %u refused\n", f->eb.len,
           f->ib.len, f->gb.len, reads, fails);
    CHECK(reads > 1000 && fails > reads / 10, "corrupt inputs: %u read, %u refused", reads, fails);
    CHECK(read_esc(f, f->eb.data, f->eb.len, NULL) && read_inl(f, f->ib.data, f->ib.len, NULL) &&
              read_gen(f, f->gb.data, f->gb.len, NULL, NULL),
          "the originals still read");
}

/* Counts beyond the input and absurd references are refused at once. */
static void test_huge(Fix *f) {
    uint8_t esc[] = {1, 0xff, 0xff, 0xff, 0xff, 0x0f};
    CHECK(!read_esc(f, esc, sizeof esc, NULL), "escape: huge count");
    uint8_t inl[] = {2, 0xff, 0xff, 0xff, 0xff, 0x0f, 0};
    CHECK(!read_inl(f, inl, sizeof inl, NULL), "inline: huge block");
    uint8_t gen[] = {1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 1};
    CHECK(!read_gen(f, gen, sizeof gen, NULL, NULL), "declarations: huge node count");
    uint8_t ver[] = {9};
    CHECK(!read_esc(f, ver, 1, NULL) && !read_inl(f, ver, 1, NULL) && !read_gen(f, ver, 1, NULL, NULL),
          "unknown versions");
}

int main(void) {
    Fix f;
    fix_open(&f);
    test_roundtrip(&f);
    test_truncated(&f);
    test_corrupt(&f);
    test_huge(&f);
    fix_close(&f);
    return check_report();
}
