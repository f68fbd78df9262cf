/* Unit tests of the escape stage: tag encoding, decoding and Optimize, and
   small functions built directly as IR. */
#include "check.h"
#include "lowered.h"
#include "base/util.h"
#include "escape/escape.h"
#include "ir/ir.h"
#include "syntax/syntax.h"
#include "types/types.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_tags(void) {
    uint8_t l[8] = {0};
    char buf[12];
    size_t n;

    /* heap level 0 -> "" */
    l[0] = 1;
    n = escape_tag_encode(l, buf);
    CHECK(n == 0, "heap0 encodes as empty, got %zu", n);

    /* no leaks -> "esc:" */
    memset(l, 0, 8);
    n = escape_tag_encode(l, buf);
    CHECK(n == 4 && memcmp(buf, "esc:", 4) == 0, "no leaks encodes as esc:");

    /* result0 level 0 -> "esc:\0\0\0\1" */
    memset(l, 0, 8);
    l[3] = 1;
    n = escape_tag_encode(l, buf);
    CHECK(n == 8 && buf[4] == 0 && buf[5] == 0 && buf[6] == 0 && buf[7] == 1, "result0 tag");
    uint8_t d[8];
    escape_tag_decode(buf, n, d);
    CHECK(memcmp(d, l, 8) == 0, "decode(encode(result0))");

    /* heap level 2 plus mutator level 1 */
    memset(l, 0, 8);
    l[0] = 3;
    l[1] = 2;
    n = escape_tag_encode(l, buf);
    CHECK(n == 6 && buf[4] == 3 && buf[5] == 2, "heap2+mut1 tag");
    escape_tag_decode(buf, n, d);
    CHECK(memcmp(d, l, 8) == 0, "roundtrip heap2+mut1");

    /* decoding anything without the prefix: heap 0 */
    escape_tag_decode("", 0, d);
    CHECK(d[0] == 1 && d[1] == 0 && d[7] == 0, "empty tag = heap 0");
    escape_tag_decode("xyz", 3, d);
    CHECK(d[0] == 1, "garbage tag = heap 0");
    escape_tag_decode(NULL, 0, d);
    CHECK(d[0] == 1, "NULL tag = heap 0");

    /* Optimize: heap at level 1 drops result levels >= 1, keeps level 0 */
    memset(l, 0, 8);
    l[0] = 2;   /* heap derefs 1 */
    l[3] = 2;   /* result0 derefs 1 -> dropped */
    l[4] = 1;   /* result1 derefs 0 -> kept */
    l[1] = 3;   /* mutator derefs 2 -> dropped */
    escape_leaks_optimize(l);
    CHECK(l[0] == 2 && l[3] == 0 && l[4] == 1 && l[1] == 0, "optimize");

    /* Optimize without heap leak changes nothing */
    memset(l, 0, 8);
    l[3] = 5;
    l[2] = 1;
    escape_leaks_optimize(l);
    CHECK(l[3] == 5 && l[2] == 1, "optimize without heap");
}

/* ---- hand-built IR */

typedef struct Fix {
    Interner names;
    TypeContext *tc;
    Pkg *pkg;
    IrPackage ip;
    SourceFile file;
} Fix;

static IrNode *mk(Fix *f, IrOp op, Type *t) {
    IrNode *n = arena_alloc(&f->ip.arena, sizeof *n);
    n->op = (uint16_t)op;
    n->type = t;
    n->file = &f->file;
    n->pos = 1;
    return n;
}

static IrVar *mkvar(Fix *f, IrFunc *fn, const char *name, Type *t, IrClass cls) {
    IrVar *v = arena_alloc(&f->ip.arena, sizeof *v);
    v->name = intern_cstr(&f->names, name);
    v->type = t;
    v->curfn = fn;
    v->cls = (uint8_t)cls;
    v->file = &f->file;
    v->pos = 1;
    v->tag = -1;
    return v;
}

static IrNode *name(Fix *f, IrVar *v) {
    IrNode *n = mk(f, IR_NAME, v->type);
    n->u.var = v;
    return n;
}

static void list1(Fix *f, IrList *l, IrNode *n) {
    l->v = arena_alloc(&f->ip.arena, sizeof *l->v);
    l->v[0] = n;
    l->n = 1;
}

static IrFunc *mkfunc(Fix *f, const char *nm) {
    IrFunc *fn = arena_alloc(&f->ip.arena, sizeof *fn);
    fn->name = nm;
    fn->flags = IRFN_HAS_BODY;
    fn->tag = -1;
    fn->file = &f->file;
    fn->pos = 1;
    return fn;
}

static bool has_msg(const EscResult *r, const char *text) {
    for (uint32_t i = 0; i < r->nmsgs; i++)
        if (strcmp(r->msgs[i].text, text) == 0) return true;
    return false;
}

static void test_ir(void) {
    Fix f;
    memset(&f, 0, sizeof f);
    interner_init(&f.names);
    f.tc = types_new(&f.names, "amd64");
    f.pkg = pkg_new(f.tc, "p", "p");
    static const char src[16] = "package p\n";
    source_init(&f.file, "x.go", src, 10);
    arena_init(&f.ip.arena);
    f.ip.pkg = f.pkg;
    f.ip.names = &f.names;
    Type *intt = (Type *)f.tc->typ[BK_INT];
    Type *pint = type_new_pointer(f.pkg, intt);

    /* func id(p *int) *int { return p } */
    IrFunc *id = mkfunc(&f, "id");
    IrVar *p = mkvar(&f, id, "p", pint, IRC_PARAM);
    IrVar *r0 = mkvar(&f, id, "~r0", pint, IRC_PARAMOUT);
    IrVar **ps = arena_alloc(&f.ip.arena, sizeof *ps), **rs = arena_alloc(&f.ip.arena, sizeof *rs);
    IrVar **dcl = arena_alloc(&f.ip.arena, 2 * sizeof *dcl);
    ps[0] = p;
    rs[0] = r0;
    dcl[0] = p;
    dcl[1] = r0;
    id->params = ps;
    id->nparams = 1;
    id->results = rs;
    id->nresults = 1;
    id->dcl = dcl;
    id->ndcl = 2;
    IrNode *ret = mk(&f, IR_RETURN, NULL);
    list1(&f, &ret->list, name(&f, p));
    list1(&f, &id->body, ret);

    /* func h() *int { var x int; return &x } */
    IrFunc *h = mkfunc(&f, "h");
    IrVar *hr = mkvar(&f, h, "~r0", pint, IRC_PARAMOUT);
    IrVar *x = mkvar(&f, h, "x", intt, IRC_AUTO);
    IrVar **hrs = arena_alloc(&f.ip.arena, sizeof *hrs), **hd = arena_alloc(&f.ip.arena, 2 * sizeof *hd);
    hrs[0] = hr;
    hd[0] = hr;
    hd[1] = x;
    h->results = hrs;
    h->nresults = 1;
    h->dcl = hd;
    h->ndcl = 2;
    IrNode *body = mk(&f, IR_BLOCK, NULL);
    IrNode *dc = mk(&f, IR_DCL, NULL);
    dc->u.var = x;
    IrNode *hret = mk(&f, IR_RETURN, NULL);
    IrNode *ad = mk(&f, IR_ADDR, pint);
    ad->x = name(&f, x);
    list1(&f, &hret->list, ad);
    body->list.v = arena_alloc(&f.ip.arena, 2 * sizeof *body->list.v);
    body->list.v[0] = dc;
    body->list.v[1] = hret;
    body->list.n = 2;
    list1(&f, &h->body, body);

    IrFunc *fns[2] = {id, h};
    f.ip.funcs = fns;
    f.ip.nfuncs = 2;

    EscOptions opt = {.m = 1, .no_inline = true, .zerocopy = true};
    EscResult r;
    EscSummary sum;
    escape_result_init(&r);
    escape_summary_init(&sum);
    escape_analyze(&f.ip, NULL, &opt, &r, &sum);
    CHECK(has_msg(&r, "leaking param: p to result ~r0 level=0"), "id leaks p to result");
    CHECK(has_msg(&r, "moved to heap: x"), "h moves x to heap");
    CHECK(r.nmsgs == 2, "two messages, got %u", r.nmsgs);
    CHECK(x->flags & IRV_HEAP, "x marked IRV_HEAP");

    escape_result_free(&r);
    escape_summary_free(&sum);
    arena_free(&f.ip.arena);
    source_free(&f.file);
    types_free(f.tc);
    interner_free(&f.names);
}

/* ---- end to end from source (no imports): parse, check, lower, analyse;
   the messages, in order, must be gc's (line:col: text). With prefix_only,
   (subseq) want must appear as a contiguous run. */
typedef struct Reason {
    unsigned line;
    const char *text;
    EscReason reason;
    int64_t count;
} Reason;

static void expect_src(const char *src, int m, const char *const *want, bool subseq, const Reason *reasons) {
    Lowered lw;
    lowered_open(&lw, src, "p");
    CHECK(lw.errors == 0, "type errors: %u", lw.errors);
    IrPackage *irp = lw.p;
    CHECK(irp != NULL, "lowering failed");
    if (irp) {
        EscOptions opt = {.m = m, .no_inline = true, .zerocopy = true, .paths = true};
        EscResult r;
        EscSummary sum;
        escape_result_init(&r);
        escape_summary_init(&sum);
        escape_analyze(irp, NULL, &opt, &r, &sum);
        StrBuf got = {0};
        for (uint32_t i = 0; i < r.nmsgs; i++) {
            Position ps = source_pos(r.msgs[i].file, r.msgs[i].pos);
            sb_printf(&got, "%u:%u: %s\n", ps.line, ps.col, r.msgs[i].text);
        }
        StrBuf exp = {0};
        for (const char *const *w = want; *w; w++) sb_printf(&exp, "%s\n", *w);
        if (reasons) {
            for (uint32_t i = 0; i < r.nmsgs; i++) {
                const EscMsg *mm = &r.msgs[i];
                Position ps = source_pos(mm->file, mm->pos);
                for (const Reason *rs = reasons; rs->line; rs++) {
                    if (rs->line != ps.line || strcmp(rs->text, mm->text) != 0) continue;
                    CHECK(mm->reason == rs->reason, "%u: %s: reason %d, want %d", ps.line, mm->text,
                          (int)mm->reason, (int)rs->reason);
                    CHECK(mm->npath > 0 || rs->reason == ER_TOO_LARGE, "%u: %s: no path", ps.line, mm->text);
                    CHECK(mm->count == rs->count, "%u: %s: count %lld, want %lld", ps.line, mm->text,
                          (long long)mm->count, (long long)rs->count);
                }
            }
        }
        const char *g = sb_cstr(&got), *x = sb_cstr(&exp);
        bool ok = subseq ? strstr(g, x) != NULL : strcmp(g, x) == 0;
        CHECK(ok, "messages differ\n--- want\n%s--- got\n%s", x, g);
        sb_free(&got);
        sb_free(&exp);
        escape_result_free(&r);
        escape_summary_free(&sum);
    }
    lowered_close(&lw);
}

static const char u1[] =
    "package p\n"
    "\n"
    "var sink interface{}\n"
    "var gm map[string]int\n"
    "\n"
    "type T struct{ a *int }\n"
    "\n"
    "func (t *T) Get() *int { return t.a }\n"
    "\n"
    "func leak(p *int) *int { return p }\n"
    "\n"
    "func content(pp **int) { sink = *pp }\n"
    "\n"
    "func loops() {\n"
    "\tvar fs []func() int\n"
    "\tfor i := 0; i < 3; i++ {\n"
    "\t\tfs = append(fs, func() int { return i })\n"
    "\t}\n"
    "\tsink = fs\n"
    "\tvar ps []*int\n"
    "\tfor j := 0; j < 3; j++ {\n"
    "\t\tx := j\n"
    "\t\tps = append(ps, &x)\n"
    "\t}\n"
    "\t_ = ps\n"
    "}\n"
    "\n"
    "func bad() {\n"
    "\tm := make(map[string]int)\n"
    "\tfor i := 0; i < 10; i++ {\n"
    "\t\tm[\"k\"] = i\n"
    "\t\tgm = m\n"
    "\t}\n"
    "}\n"
    "\n"
    "func deferGo(p *int) {\n"
    "\tdefer func() { *p = 1 }()\n"
    "\tgo func() { _ = p }()\n"
    "}\n"
    "\n"
    "func methval(t *T) func() *int { return t.Get }\n"
    "\n"
    "func big() {\n"
    "\tvar c [131073]byte\n"
    "\t_ = c\n"
    "\te := make([]byte, 65537)\n"
    "\t_ = e\n"
    "\tn := 100\n"
    "\th := make([]byte, n)\n"
    "\t_ = h\n"
    "}\n";

/* go tool compile -p=p -m -l (Go 1.27.4) */
static const char *const u1_m1[] = {
    "8:7: leaking param: t to result ~r0 level=1",
    "10:11: leaking param: p to result ~r0 level=0",
    "12:14: leaking param content: pp",
    "22:3: moved to heap: x",
    "17:19: func literal escapes to heap",
    "17:14: append escapes to heap",
    "19:9: fs escapes to heap",
    "23:14: append does not escape",
    "29:11: make(map[string]int) escapes to heap",
    "36:14: leaking param: p",
    "37:8: func literal does not escape",
    "38:5: func literal escapes to heap",
    "41:14: leaking param: t",
    "41:42: t.Get escapes to heap",
    "44:6: moved to heap: c",
    "46:11: make([]byte, 65537) escapes to heap",
    "49:11: make([]byte, 100) does not escape",
    NULL,
};

/* -m=2: the scenario's explanation (positions in "at" carry the file name) */
static const char *const u1_m2_bad[] = {
    "29:11: make(map[string]int) escapes to heap in bad:",
    "29:11:   flow: m \xe2\x86\x90 &{storage for make(map[string]int)}:",
    "29:11:     from make(map[string]int) (spill) at p.go:29:11",
    "29:11:     from m := make(map[string]int) (assign) at p.go:29:4",
    "29:11:   flow: {heap} \xe2\x86\x90 m:",
    "29:11:     from gm = m (assign) at p.go:32:6",
    "29:11: make(map[string]int) escapes to heap",
    NULL,
};

static const char u2[] =
    "package p\n"
    "\n"
    "var gf func()\n"
    "\n"
    "func capt() {\n"
    "\tn := 0\n"
    "\tgf = func() { n++ }\n"
    "}\n"
    "\n"
    "func iface(x int, s []byte) interface{} {\n"
    "\tb := []byte(\"abc\")\n"
    "\t_ = b\n"
    "\tc := []byte(\"hello\")\n"
    "\tc[0] = 'x'\n"
    "\t_ = string(s)\n"
    "\treturn x\n"
    "}\n"
    "\n"
    "func rec(n int, p *int) *int {\n"
    "\tif n == 0 {\n"
    "\t\treturn p\n"
    "\t}\n"
    "\treturn rec(n-1, p)\n"
    "}\n"
    "\n"
    "func selfa(t *struct{ b []byte }) {\n"
    "\tt.b = t.b[1:]\n"
    "}\n";

/* go tool compile -p=p -m -l (Go 1.27.4) */
static const char *const u2_m1[] = {
    "6:2: moved to heap: n",
    "7:7: func literal escapes to heap",
    "10:19: s does not escape",
    "11:14: ([]byte)(\"abc\") does not escape",
    "11:14: zero-copy string->[]byte conversion",
    "13:14: ([]byte)(\"hello\") does not escape",
    "15:13: string(s) does not escape",
    "16:9: x escapes to heap",
    "19:17: leaking param: p to result ~r0 level=0",
    "27:6: selfa ignoring self-assignment in t.b = t.b[1:]",
    "26:12: t does not escape",
    NULL,
};

int main(void) {
    test_tags();
    test_ir();
    static const Reason u1_reasons[] = {
        {22, "moved to heap: x", ER_APPEND, -1},
        {19, "fs escapes to heap", ER_GLOBAL, -1},
        {29, "make(map[string]int) escapes to heap", ER_GLOBAL, -1},
        {38, "func literal escapes to heap", ER_GO, -1},
        {41, "t.Get escapes to heap", ER_RETURN, -1},
        {44, "moved to heap: c", ER_TOO_LARGE, -1},
        {46, "make([]byte, 65537) escapes to heap", ER_TOO_LARGE, 65537},
        {0, NULL, ER_NONE, 0},
    };
    expect_src(u1, 1, u1_m1, false, u1_reasons);
    expect_src(u1, 2, u1_m2_bad, true, NULL);
    static const Reason u2_reasons[] = {
        {6, "moved to heap: n", ER_CLOSURE, -1},
        {7, "func literal escapes to heap", ER_GLOBAL, -1},
        {16, "x escapes to heap", ER_RETURN, -1},
        {0, NULL, ER_NONE, 0},
    };
    expect_src(u2, 1, u2_m1, false, u2_reasons);
    return check_report();
}
