/* Export tables (types/export.h): two small packages, q and p importing q,
   written and read back into a second context (dumps equal, references
   into q keep their identity, constants exact); then truncated and
   corrupted tables must fail cleanly (run under ASan/UBSan by make unit). */
#include "check.h"
#include "types/types.h"
#include "types/export.h"
#include "syntax/syntax.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static const char *q_src =
    "package q\n"
    "import \"unsafe\"\n"
    "type List[T any] struct { next *List[T]; Val T `json:\"val\"` }\n"
    "func (l *List[T]) Push(v T) *List[T] { return &List[T]{l, v} }\n"
    "type Number interface { ~int | ~int64 | float64 }\n"
    "func Sum[N Number](xs ...N) (s N) { for _, x := range xs { s += x }; return }\n"
    "type Stringer interface { String() string; error }\n"
    "type T struct { *List[int]; a, b int; U }\n"
    "type U = map[string][]chan<- *T\n"
    "type E int\n"
    "func (E) String() string { return \"\" }\n"
    "func (e *E) Error() string { return \"\" }\n"
    "const Big = 1 << 200\n"
    "const F = 1.0 / 3\n"
    "const H = 1e400\n"
    "const C = 2i + 0.5\n"
    "const S = \"s\\x00t\"\n"
    "const B = Big > 0\n"
    "const Min = -1 << 63\n"
    "var P unsafe.Pointer\n"
    "var arr [Big >> 198]byte\n"
    "type A[T any] = List[T]\n"
    "var X, Y = 1, \"y\"\n"
    "var Fn func(int, ...string) (error, bool)\n";

static const char *p_src =
    "package p\n"
    "import \"q\"\n"
    "type L = q.List[string]\n"
    "var V L\n"
    "var W q.T\n"
    "var I q.Stringer = new(q.E)\n"
    "func F(x q.U) q.A[int] { return q.A[int]{} }\n"
    "const K = q.Big * 3\n"
    "type M struct{ q.E; s string `tag` }\n"
    "func (m M) G() any { type local struct{ m M }; return local{m} }\n"
    "var S = q.Sum(1.5, 2)\n"
    "var iface interface{ q.Stringer; comparable }\n";

typedef struct World {
    TypeContext *ctx;
    Pkg *q, *p;
} World;

static Interner names;
static SourceFile qsf, psf;
static char *qtext, *ptext;
static Arena trees;

static Pkg *importer_q(void *data, const char *path) {
    World *w = data;
    return strcmp(path, "q") == 0 ? w->q : NULL;
}

static Pkg *check_src(World *w, const char *path, SourceFile *sf) {
    DiagList diags = {0};
    AstFile *f = syntax_parse(&trees, &names, sf, &diags);
    Pkg *pkg = pkg_new(w->ctx, path, NULL);
    Importer imp = {importer_q, w};
    unsigned errs = types_check_files(pkg, &f, 1, &imp, &diags, NULL);
    CHECK(errs == 0 && f->nerrors == 0, "%s: %u errors", path, errs);
    diag_print(&diags, stderr);
    diag_free(&diags);
    return pkg;
}

static char *text_copy(const char *s, size_t *n) {
    *n = strlen(s);
    char *t = xcalloc(1, *n + 8);
    memcpy(t, s, *n);
    return t;
}

static char *dump(Pkg *p) {
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    types_dump_pkg(f, p);
    fclose(f);
    return s;
}

/* The second world's lookups. */
typedef struct Env2 {
    ExportWriter *wq;           /* writer of the source q (world 1) */
    Pkg *q1;
    ImportReader *rq;           /* reader of q (world 2) */
    Pkg *q2;
} Env2;

static ExportWriter *dep_writer(void *data, const Pkg *p) {
    Env2 *e = data;
    return e->wq && p == e->q1 ? e->wq : NULL;
}
static ImportReader *dep_reader(void *data, const Pkg *p) {
    Env2 *e = data;
    return e->rq && p == e->q2 ? e->rq : NULL;
}
static Pkg *dep_pkg(void *data, const char *path) {
    Env2 *e = data;
    return strcmp(path, "q") == 0 ? e->q2 : NULL;
}
static const SourceFile *dep_file(void *data, const char *name) {
    (void)data;
    if (strcmp(name, "q.go") == 0) return &qsf;
    if (strcmp(name, "p.go") == 0) return &psf;
    return NULL;
}

/* XXH3 over the body again, for corruptions that should reach the decoder. */
static void fix_sum(uint8_t *t, size_t n) {
    if (n < 16) return;
    uint32_t len = (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 | (uint32_t)t[7] << 24;
    if ((size_t)len + 16 != n) return;
    uint64_t h = XXH3_64bits(t + 8, len);
    for (int i = 0; i < 8; i++) t[8 + len + i] = (uint8_t)(h >> (8 * i));
}

static void test_consts(void) {
    ConstPool *pool = const_pool_new(), *pool2 = const_pool_new();
    const Const *vals[] = {
        const_unknown(), const_bool(pool, true), const_bool(pool, false), const_string(pool, "a\0b", 3),
        const_int64(pool, 0), const_int64(pool, INT64_MIN), const_uint64(pool, UINT64_MAX),
        const_from_literal(pool, T_INT, "123456789012345678901234567890123456789", 39),
        const_unary(pool, T_SUB, const_from_literal(pool, T_INT, "99999999999999999999999", 23), 0),
        const_from_literal(pool, T_FLOAT, "0.1", 3), const_from_literal(pool, T_FLOAT, "1e-400", 6),
        const_from_literal(pool, T_FLOAT, "1e5000", 6), const_from_literal(pool, T_FLOAT, "-1.5e-5000", 10),
        const_from_literal(pool, T_IMAG, "2.5i", 4), const_float64(pool, 0.0),
    };
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        ByteBuf b = {0};
        const_write(&b, vals[i]);
        ByteReader r;
        br_init(&r, b.data, b.len);
        const Const *v = const_read(pool2, &r);
        StrBuf x = {0}, y = {0};
        const_format_exact(&x, vals[i]);
        if (v) const_format_exact(&y, v);
        CHECK(v && !r.bad && r.p == r.end && const_kind(v) == const_kind(vals[i]) &&
                  strcmp(sb_cstr(&x), sb_cstr(&y)) == 0 && const_compare(v, T_EQL, vals[i]) ==
                  (const_kind(v) != CONST_UNKNOWN),
              "constant %zu: %s read back as %s", i, sb_cstr(&x), v ? sb_cstr(&y) : "NULL");
        for (size_t n = 0; n < b.len; n++) {
            br_init(&r, b.data, n);
            CHECK(const_read(pool2, &r) == NULL && r.bad, "constant %zu cut at %zu read", i, n);
        }
        sb_free(&x);
        sb_free(&y);
        bb_free(&b);
    }
    uint8_t zero_den[] = {5 /* CR_MPQ */, 1, 1, 3, 0};
    ByteReader r;
    br_init(&r, zero_den, sizeof zero_den);
    CHECK(const_read(pool2, &r) == NULL, "rational with a zero denominator read");
    const_pool_free(pool);
    const_pool_free(pool2);
}

static ImportReader *open_q(TypeContext *ctx, const ByteBuf *tq, Env2 *e) {
    ExportDeps d = {NULL, dep_reader, dep_pkg, dep_file, e, false};
    ByteReader r;
    br_init(&r, tq->data, tq->len);
    const char *why = NULL;
    ImportReader *ir = import_open(ctx, &r, &d, &why);
    CHECK(ir != NULL, "q does not import: %s", why ? why : "");
    return ir;
}

/* Flipped bits: caught by the checksum; with the checksum made right, the
   decoder must still never crash (most fail, some decode). q is imported
   into each fresh context first, for p's references. */
static void corrupt_all(const ByteBuf *t, const ByteBuf *tq, Env2 *e, const ExportDeps *rd, const char *what) {
    uint8_t *copy = xmalloc(t->len);
    unsigned accepted = 0, rejected = 0, unchecked = 0;
    static const uint8_t flips[] = {0x01, 0x80, 0xff, 0x3c};
    TypeContext *ctx3 = NULL;
    ImportReader *rq3 = NULL;
    ByteReader r;
    const char *why;
    for (size_t pos = 0; pos < t->len; pos++) {
        for (size_t k = 0; k < sizeof flips; k++) {
            /* failed imports leave their Pkg in the context: start afresh now and then */
            if (!ctx3 || (pos * sizeof flips + k) % 256 == 0) {
                import_close(rq3);
                types_free(ctx3);
                ctx3 = types_new(&names, "amd64");
                rq3 = open_q(ctx3, tq, e);
                e->rq = rq3;
                e->q2 = rq3 ? import_pkg(rq3) : NULL;
            }
            memcpy(copy, t->data, t->len);
            copy[pos] ^= flips[k];
            br_init(&r, copy, t->len);
            ImportReader *x = import_open(ctx3, &r, rd, &why);
            if (x) unchecked++;
            import_close(x);
            fix_sum(copy, t->len);
            br_init(&r, copy, t->len);
            why = NULL;
            x = import_open(ctx3, &r, rd, &why);
            if (x) accepted++;
            else if (why) rejected++;
            import_close(x);
        }
    }
    printf("table of %s: %zu bytes; corrupted: %u rejected, %u decoded\n", what, t->len, rejected, accepted);
    CHECK(unchecked == 0, "%s: %u corrupted tables passed the checksum", what, unchecked);
    CHECK(rejected > accepted, "%s: corrupted tables: %u rejected, %u accepted", what, rejected, accepted);
    import_close(rq3);
    types_free(ctx3);
    free(copy);
}

int main(void) {
    interner_init(&names);
    arena_init(&trees);
    size_t n;
    qtext = text_copy(q_src, &n);
    source_init(&qsf, "q.go", qtext, n);
    ptext = text_copy(p_src, &n);
    source_init(&psf, "p.go", ptext, n);

    test_consts();

    World w1 = {types_new(&names, "amd64"), NULL, NULL};
    w1.q = check_src(&w1, "q", &qsf);
    w1.p = check_src(&w1, "p", &psf);

    Env2 e = {0};
    ExportDeps wd = {dep_writer, NULL, NULL, NULL, &e, false};
    e.q1 = w1.q;
    e.wq = export_writer_new(w1.q, &wd);
    ExportWriter *wq = e.wq;
    ByteBuf tq = {0}, tp = {0};
    export_finish(e.wq, &tq);
    ExportWriter *wp = export_writer_new(w1.p, &wd);
    /* a later section's request: a function-local type of p */
    Object *g = NULL;
    Object *m = scope_lookup(w1.p->scope, intern_cstr(&names, "M"));
    if (m && m->type && m->type->kind == TY_NAMED && AS_NAMED(m->type)->methods.n) g = AS_NAMED(m->type)->methods.v[0];
    CHECK(g != NULL, "method M.G not found");
    uint32_t gref = export_obj(wp, g);
    /* a later section, written through the vtable after the table */
    SerRefs sr = export_refs(wp);
    ByteBuf sec = {0};
    bb_uvar(&sec, sr.type(sr.data, g ? g->type : NULL));
    bb_uvar(&sec, sr.file(sr.data, &psf));
    sr.cnst(sr.data, &sec, scope_lookup(w1.q->scope, intern_cstr(&names, "Big"))->u.val);
    export_finish(wp, &tp);
    size_t table_len = tp.len;
    bb_put(&tp, sec.data, sec.len);
    bb_free(&sec);
    CHECK(export_lookup_obj(wp, g) == gref && gref != 0, "lookup of a numbered object");

    /* world 2: q then p from their tables */
    TypeContext *ctx2 = types_new(&names, "amd64");
    ImportReader *rq = open_q(ctx2, &tq, &e);
    e.rq = rq;
    e.q2 = rq ? import_pkg(rq) : NULL;
    e.wq = NULL;    /* world 2 resolves through the reader only */
    ExportDeps rd = {NULL, dep_reader, dep_pkg, dep_file, &e, false};
    ByteReader r;
    br_init(&r, tp.data, tp.len);
    const char *why = NULL;
    ImportReader *rp = rq ? import_open(ctx2, &r, &rd, &why) : NULL;
    CHECK(rp != NULL, "p does not import: %s", why ? why : "");
    if (rq && rp) {
        char *a = dump(w1.q), *b = dump(import_pkg(rq));
        CHECK(strcmp(a, b) == 0, "q differs:\n%s---\n%s", a, b);
        free(a);
        free(b);
        a = dump(w1.p);
        b = dump(import_pkg(rp));
        CHECK(strcmp(a, b) == 0, "p differs:\n%s---\n%s", a, b);
        free(a);
        free(b);
        /* p's W has q's T itself, not a copy */
        Object *wv = scope_lookup(import_pkg(rp)->scope, intern_cstr(&names, "W"));
        Object *tn = scope_lookup(e.q2->scope, intern_cstr(&names, "T"));
        CHECK(wv && tn && wv->type == tn->type, "q.T lost its identity in p");
        Object *g2 = import_obj(rp, gref);
        CHECK(g2 && g2->kind == OBJ_FUNC && strcmp(g2->name, "G") == 0 && g2->pos == g->pos &&
                  g2->file == &psf,
              "object asked for by number");
        CHECK(import_lookup_obj(rp, g2) == gref, "reverse lookup");
        CHECK(import_pkg(rp)->complete && import_pkg(rp)->nimports == 1 && import_pkg(rp)->imports[0] == e.q2,
              "package header");
        CHECK(r.p == tp.data + table_len, "table not consumed exactly");
        DeRefs dr = import_refs(rp);
        Type *gt = dr.type(dr.data, (uint32_t)br_uvar(&r));
        const SourceFile *gf = dr.file(dr.data, (uint32_t)br_uvar(&r));
        const Const *big = dr.cnst(dr.data, &r);
        CHECK(gt && gt == g2->type && gf == &psf && big && const_bitlen(big) == 201 && r.p == r.end && !r.bad,
              "section read through the vtable");
    }

    /* every truncation fails, with a reason */
    unsigned bad = 0;
    for (size_t cut = 0; cut < table_len; cut++) {
        br_init(&r, tp.data, cut);
        why = NULL;
        ImportReader *x = import_open(ctx2, &r, &rd, &why);
        if (x || !why) bad++;
        import_close(x);
    }
    CHECK(bad == 0, "%u truncated tables were accepted", bad);

    tp.len = table_len;
    corrupt_all(&tp, &tq, &e, &rd, "p");
    corrupt_all(&tq, &tq, &e, &rd, "q");
    e.rq = rq;
    e.q2 = rq ? import_pkg(rq) : NULL;

    uint8_t junk[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
    br_init(&r, junk, sizeof junk);
    CHECK(import_open(ctx2, &r, &rd, &why) == NULL && why, "junk accepted");

    import_close(rp);
    import_close(rq);
    export_writer_free(wp);
    export_writer_free(wq);
    bb_free(&tq);
    bb_free(&tp);
    types_free(ctx2);
    types_free(w1.ctx);
    source_free(&qsf);
    source_free(&psf);
    free(qtext);
    free(ptext);
    arena_free(&trees);
    interner_free(&names);
    return check_report();
}
