/* The inline stage: inlinability and costs of a sample of functions, with
   the expected messages taken from `go build -gcflags=-m=2` (and -m) of the
   same file on Go 1.27 (the package-level func literals left out: the
   lowering still names them glob..funcN where gc says init.funcN; gc's
   second `nested.func1.func1` line comes from the inlining pass). */
#include "check.h"
#include "lowered.h"
#include "inline/inline.h"
#include "ir/ir.h"
#include "report/report.h"
#include "syntax/syntax.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char src[] =
    "package p\n"
    "\n"
    "var x = f()\n"
    "\n"
    "func f() int { return 1 }\n"
    "func init() { x = 3 }\n"
    "\n"
    "type T struct{ a int }\n"
    "\n"
    "func (t *T) M() int { return t.a }\n"
    "func (t T) V() int  { return t.a }\n"
    "func g(t *T) int   { defer f(); return t.V() }\n"
    "func h(t *T) (r int)   { go f(); return 1 }\n"
    "func k(t *T) func() int   { return t.M }\n"
    "func r() { recover() }\n"
    "//go:noinline\n"
    "func ni() {}\n"
    "func rec(n int) int { if n == 0 { return 0 }; return rec(n-1) }\n"
    "func cl(a int) int { return func() int { return a }() }\n"
    "func cl2(a int) func() int { return func() int { a++; return a } }\n"
    "func sel(c chan int) int { select { case v := <-c: return v; default: return 0 } }\n"
    "func lab() { L: for { break L } }\n"
    "func ev(n int) bool { if n == 0 { return true }; return od(n-1) }\n"
    "func od(n int) bool { if n == 0 { return false }; return ev(n-1) }\n"
    "func gd(t *T, x int) { defer t.M(); go t.V(); defer func() { println(x) }() }\n"
    "func cv(a int) int { f := func() int { return a + 1 }; return f() + f() }\n"
    "func cv2() int { f := func() int { return 1 }; g := f; return g() }\n"
    "func cv3(c bool) int { f := func() int { return 1 }; if c { f = func() int { return 2 } }; return f() }\n"
    "func nested(a int) int { return func() int { return func() int { return a }() }() }\n"
    "func iface(e error) string { return e.Error() }\n"
    "func fp(fn func(int) int) int { return fn(1) + fn(2) }\n"
    "func cf(a int) int { return fp(func(x int) int { return x + a }) }\n"
    "const debug = false\n"
    "func cst(x int) int { if debug { println(1, 2, 3); return 5 }; return x }\n"
    "func cst2(x int) int { if !debug { return x } else { println(1, 2, 3) }; return 0 }\n"
    "func mv(t T) func() int { return t.V }\n"
    "func me() func(T) int { return T.V }\n"
    "func sl(xs []int) []int { return xs[0:len(xs)] }\n"
    "func sl2(xs []int) []int { return xs[:len(xs)] }\n"
    "func sl3(xs []int, i int) []int { return xs[i:] }\n"
    "func ad(t *T) *int { return &t.a }\n"
    "func dr(x int) int { return *&x }\n"
    "func ap(xs []int) []int { return append(xs, 1, 2) }\n"
    "func pn(e error) { panic(e) }\n"
    "func lit() []int { return []int{1, 2, 3} }\n"
    "func mp() map[string]int { return map[string]int{\"a\": 1} }\n"
    "func big() int {\n"
    "\ts := 0\n"
    "\ts += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1; s += 1;\n"
    "\treturn s\n"
    "}\n";

static const char *const want_m2[] = {
    "p.go:5:6: can inline f with cost 2 as: func() int { return 1 }",
    "p.go:6:6: can inline init.0 with cost 3 as: func() { x = 3 }",
    "p.go:10:6: can inline (*T).M with cost 3 as: method(*T) func() int { return t.a }",
    "p.go:11:6: can inline T.V with cost 3 as: method(T) func() int { return t.a }",
    "p.go:12:22: can inline g.deferwrap1 with cost 4 as: func() { f() }",
    "p.go:12:6: cannot inline g: unhandled op DEFER",
    "p.go:13:26: can inline h.gowrap1 with cost 4 as: func() { f() }",
    "p.go:13:6: cannot inline h: unhandled op GO",
    "p.go:14:6: can inline k with cost 4 as: func(*T) func() int { return t.M }",
    "p.go:15:6: cannot inline r: call to recover",
    "p.go:17:6: cannot inline ni: marked go:noinline",
    "p.go:18:6: can inline rec with cost 69 as: func(int) int { if n == 0 { return 0 }; return rec(n - 1) }",
    "p.go:19:29: can inline cl.func1 with cost 2 as: func() int { return a }",
    "p.go:19:6: can inline cl with cost 20 as: func(int) int { return (func literal)() }",
    "p.go:20:6: can inline cl2 with cost 17 as: func(int) func() int { return func literal }",
    "p.go:20:37: can inline cl2.func1 with cost 5 as: func() int { a++; return a }",
    "p.go:21:6: can inline sel with cost 14 as: func(chan int) int { select statement }",
    "p.go:22:6: can inline lab with cost 3 as: func() { L: ; for loop }",
    "p.go:23:6: can inline ev with cost 69 as: func(int) bool { if n == 0 { return true }; return od(n - 1) }",
    "p.go:24:6: cannot inline od: function too complex: cost 81 exceeds budget 80",
    "p.go:25:6: cannot inline gd: unhandled op DEFER",
    "p.go:25:24: can inline gd.deferwrap1 with cost 5 as: func() { (*T).M(.autotmp_2) }",
    "p.go:25:37: can inline gd.gowrap2 with cost 5 as: func() { T.V(.autotmp_3) }",
    "p.go:25:53: can inline gd.func1 with cost 2 as: func() { println(x) }",
    "p.go:26:27: can inline cv.func1 with cost 4 as: func() int { return a + 1 }",
    "p.go:26:6: can inline cv with cost 34 as: func(int) int { f := func literal; return f() + f() }",
    "p.go:27:23: can inline cv2.func1 with cost 2 as: func() int { return 1 }",
    "p.go:27:6: can inline cv2 with cost 30 as: func() int { f := func literal; g := f; return g() }",
    "p.go:28:29: can inline cv3.func1 with cost 2 as: func() int { return 1 }",
    "p.go:28:65: can inline cv3.func2 with cost 2 as: func() int { return 2 }",
    "p.go:28:6: cannot inline cv3: function too complex: cost 100 exceeds budget 80",
    "p.go:29:53: can inline nested.func1.1 with cost 2 as: func() int { return a }",
    "p.go:29:33: can inline nested.func1 with cost 20 as: func() int { return (func literal)() }",
    "p.go:29:6: can inline nested with cost 38 as: func(int) int { return (func literal)() }",
    "p.go:30:6: can inline iface with cost 61 as: func(error) string { return e.Error() }",
    "p.go:31:6: can inline fp with cost 42 as: func(func(int) int) int { return fn(1) + fn(2) }",
    "p.go:32:6: can inline cf with cost 61 as: func(int) int { return fp(func literal) }",
    "p.go:32:32: can inline cf.func1 with cost 4 as: func(int) int { return x + a }",
    "p.go:34:6: can inline cst with cost 2 as: func(int) int { return x }",
    "p.go:35:6: can inline cst2 with cost 2 as: func(int) int { return x }",
    "p.go:36:6: can inline mv with cost 4 as: func(T) func() int { return t.V }",
    "p.go:37:6: can inline me with cost 1 as: func() func(T) int { return T.V }",
    "p.go:38:6: can inline sl with cost 3 as: func([]int) []int { return xs[0:len(xs)] }",
    "p.go:39:6: can inline sl2 with cost 3 as: func([]int) []int { return xs[:len(xs)] }",
    "p.go:40:6: can inline sl3 with cost 4 as: func([]int, int) []int { return xs[i:] }",
    "p.go:41:6: can inline ad with cost 2 as: func(*T) *int { return &t.a }",
    "p.go:42:6: can inline dr with cost 3 as: func(int) int { return *(&x) }",
    "p.go:43:6: can inline ap with cost 5 as: func([]int) []int { return append(xs, 1, 2) }",
    "p.go:44:6: can inline pn with cost 3 as: func(error) { panic(e) }",
    "p.go:45:6: can inline lit with cost 6 as: func() []int { return []int{...} }",
    "p.go:46:6: can inline mp with cost 5 as: func() map[string]int { return map[string]int{...} }",
    "p.go:47:6: cannot inline big: function too complex: cost 91 exceeds budget 80",
    NULL,
};

static const char *const want_m1[] = {
    "p.go:5:6: can inline f",
    "p.go:6:6: can inline init.0",
    "p.go:10:6: can inline (*T).M",
    "p.go:11:6: can inline T.V",
    "p.go:12:22: can inline g.deferwrap1",
    "p.go:13:26: can inline h.gowrap1",
    "p.go:14:6: can inline k",
    "p.go:18:6: can inline rec",
    "p.go:19:29: can inline cl.func1",
    "p.go:19:6: can inline cl",
    "p.go:20:6: can inline cl2",
    "p.go:20:37: can inline cl2.func1",
    "p.go:21:6: can inline sel",
    "p.go:22:6: can inline lab",
    "p.go:23:6: can inline ev",
    "p.go:25:24: can inline gd.deferwrap1",
    "p.go:25:37: can inline gd.gowrap2",
    "p.go:25:53: can inline gd.func1",
    "p.go:26:27: can inline cv.func1",
    "p.go:26:6: can inline cv",
    "p.go:27:23: can inline cv2.func1",
    "p.go:27:6: can inline cv2",
    "p.go:28:29: can inline cv3.func1",
    "p.go:28:65: can inline cv3.func2",
    "p.go:29:53: can inline nested.func1.1",
    "p.go:29:33: can inline nested.func1",
    "p.go:29:6: can inline nested",
    "p.go:30:6: can inline iface",
    "p.go:31:6: can inline fp",
    "p.go:32:6: can inline cf",
    "p.go:32:32: can inline cf.func1",
    "p.go:34:6: can inline cst",
    "p.go:35:6: can inline cst2",
    "p.go:36:6: can inline mv",
    "p.go:37:6: can inline me",
    "p.go:38:6: can inline sl",
    "p.go:39:6: can inline sl2",
    "p.go:40:6: can inline sl3",
    "p.go:41:6: can inline ad",
    "p.go:42:6: can inline dr",
    "p.go:43:6: can inline ap",
    "p.go:44:6: can inline pn",
    "p.go:45:6: can inline lit",
    "p.go:46:6: can inline mp",
    NULL,
};

/* IR shapes the cost model compensates for until the lowering matches gc's:
   select receives (OSELRECV2), absent make sizes, no-op numeric
   conversions, range over arrays with a constant length, loop variables
   made per-iteration (gc does that after inlining). */
static const char src_shapes[] =
    "package p\n"
    "\n"
    "type W struct{ pad [8]byte; f uint; p *[4]int }\n"
    "type R struct{ s []byte; i int64 }\n"
    "type MyInt int\n"
    "\n"
    "func s1(c chan int) { select { case <-c: default: } }\n"
    "func s2(c chan int) int { select { case v := <-c: return v } }\n"
    "func s3(c chan int) (int, bool) { select { case v, ok := <-c: return v, ok } }\n"
    "func m1() map[int]int { return make(map[int]int) }\n"
    "func m2() chan int { return make(chan int) }\n"
    "func m3(n int) []int { return make([]int, n) }\n"
    "func c1(r *R) int64 { return int64(len(r.s)) }\n"
    "func c2(x int) uint { return uint(x) }\n"
    "func c3(x uint) uintptr { return uintptr(x) }\n"
    "func c4(x int) MyInt { return MyInt(x) }\n"
    "func r1(b *W, c byte) { for i := range b.pad { b.pad[i] = c } }\n"
    "func r2(b *W, c byte) { for i, _ := range b.pad { b.pad[i] = c } }\n"
    "func r3(b *W) int { s := 0; for i := range b.p { s += i }; return s }\n"
    "func l1(fs []func() int) { for i := 0; i < 3; i++ { fs[i] = func() int { return i } } }\n"
    "func l2(xs []int) []*int { var r []*int; for i, x := range xs { r = append(r, &x, &i) }; return r }\n"
    "func l3(fs []func() int) { for i := 0; i < 3; { fs[i] = func() int { return i }; i += 2; continue } }\n"
    "func g1(xs []int) int { return xs[0:len(xs)][0] }\n"
    "func g2(p *int) int { return *&*p }\n";

static const char *const want_shapes[] = {
    "p.go:7:6: can inline s1 with cost 8 as: func(chan int) { select statement }",
    "p.go:8:6: can inline s2 with cost 11 as: func(chan int) int { select statement }",
    "p.go:9:6: can inline s3 with cost 23 as: func(chan int) (int, bool) { select statement }",
    "p.go:10:6: can inline m1 with cost 3 as: func() map[int]int { return make(map[int]int) }",
    "p.go:11:6: can inline m2 with cost 3 as: func() chan int { return make(chan int) }",
    "p.go:12:6: can inline m3 with cost 3 as: func(int) []int { return make([]int, n) }",
    "p.go:13:6: can inline c1 with cost 4 as: func(*R) int64 { return int64(len(r.s)) }",
    "p.go:14:6: can inline c2 with cost 3 as: func(int) uint { return uint(x) }",
    "p.go:15:6: can inline c3 with cost 2 as: func(uint) uintptr { return uintptr(x) }",
    "p.go:16:6: can inline c4 with cost 2 as: func(int) MyInt { return MyInt(x) }",
    "p.go:17:6: can inline r1 with cost 11 as: func(*W, byte) { for loop }",
    "p.go:18:6: can inline r2 with cost 13 as: func(*W, byte) { for loop }",
    "p.go:19:6: can inline r3 with cost 15 as: func(*W) int { s := 0; for loop; return s }",
    "p.go:20:6: can inline l1 with cost 32 as: func([]func() int) { for loop }",
    "p.go:20:61: can inline l1.func1 with cost 2 as: func() int { return i }",
    "p.go:21:6: can inline l2 with cost 22 as: func([]int) []*int { r = <nil>; for loop; return r }",
    "p.go:22:6: can inline l3 with cost 33 as: func([]func() int) { for loop }",
    "p.go:22:57: can inline l3.func1 with cost 2 as: func() int { return i }",
    "p.go:23:6: can inline g1 with cost 5 as: func([]int) int { return xs[0:len(xs)][0] }",
    "p.go:24:6: can inline g2 with cost 4 as: func(*int) int { return *(&(*p)) }",
    NULL,
};

typedef struct Fixture {
    Lowered l;
    IrPackage *p;
} Fixture;

static void setup(Fixture *fx, const char *text) {
    lowered_open(&fx->l, text, NULL);
    CHECK(fx->l.errors == 0, "%u type errors", fx->l.errors);
    fx->p = fx->l.p;
}

static void teardown(Fixture *fx) { lowered_close(&fx->l); }

/* Runs the inliner at level m (l: -l count) and compares its messages with
   want, line by line, in order. */
static void expect_msgs(Fixture *fx, int m, int l, const char *const *want, InlSummary *keep) {
    InlSummary sum;
    inline_summary_init(&sum);
    InlResult res;
    inline_result_init(&res);
    InlOptions opt = {.m = m, .l = l};
    inline_analyze(fx->p, NULL, &opt, &res, keep ? keep : &sum);
    size_t nwant = 0;
    while (want[nwant]) nwant++;
    StrBuf b = {0};
    for (uint32_t i = 0; i < res.nmsgs || i < nwant; i++) {
        sb_reset(&b);
        if (i < res.nmsgs) {
            report_format_pos(&b, res.msgs[i].file, res.msgs[i].pos, false, NULL);
            sb_puts(&b, ": ");
            sb_puts(&b, res.msgs[i].text);
        }
        const char *got = i < res.nmsgs ? sb_cstr(&b) : "(none)";
        const char *w = i < nwant ? want[i] : "(none)";
        CHECK(strcmp(got, w) == 0, "-m=%d message %u:\n  got  %s\n  want %s", m, i, got, w);
    }
    sb_free(&b);
    inline_result_free(&res);
    inline_summary_free(&sum);
}

static const InlFunc *lookup(Fixture *fx, const InlSummary *sum, const char *name) {
    for (uint32_t i = 0; i < fx->p->nfuncs; i++)
        if (fx->p->funcs[i]->obj && strcmp(fx->p->funcs[i]->name, name) == 0)
            return inline_lookup(sum, fx->p->funcs[i]->obj);
    return NULL;
}

static void test_sample(void) {
    Fixture fx;
    setup(&fx, src);
    expect_msgs(&fx, 2, 0, want_m2, NULL);
    teardown(&fx);
    setup(&fx, src);
    InlSummary sum;
    inline_summary_init(&sum);
    expect_msgs(&fx, 1, 0, want_m1, &sum);
    const InlFunc *f = lookup(&fx, &sum, "f");
    CHECK(f && f->state == INL_OK && f->cost == 2, "summary: f inlinable with cost 2");
    f = lookup(&fx, &sum, "rec");
    CHECK(f && f->state == INL_OK && f->cost == 69, "summary: rec cost 69 (recursive call 57)");
    f = lookup(&fx, &sum, "ni");
    CHECK(f && f->state == INL_NO && f->reason && strcmp(f->reason, "marked go:noinline") == 0,
          "summary: ni not inlinable, go:noinline");
    f = lookup(&fx, &sum, "(*T).M");
    CHECK(f && f->state == INL_OK && f->cost == 3, "summary: (*T).M by its method object");
    inline_summary_free(&sum);
    teardown(&fx);
}

static void test_shapes(void) {
    Fixture fx;
    setup(&fx, src_shapes);
    expect_msgs(&fx, 2, 0, want_shapes, NULL);
    teardown(&fx);
}

static void test_disabled(void) {
    static const char *const none[] = {NULL};
    Fixture fx;
    setup(&fx, src);
    InlSummary sum;
    inline_summary_init(&sum);
    expect_msgs(&fx, 2, 1, none, &sum);
    CHECK(lookup(&fx, &sum, "f") == NULL, "-l: nothing decided");
    inline_summary_free(&sum);
    teardown(&fx);
}

/* The interleaved pass: calls become INLCALLs with gc's layout, closures
   called once and devirtualized interface calls are inlined too (messages as
   go build -gcflags=-m prints them). */
static const char src_subst[] =
    "package p\n"
    "type T struct{ x *int }\n"
    "func (t *T) Get() *int { return t.x }\n"
    "type I interface{ Get() *int }\n"
    "func mk(p *int) *T { return &T{p} }\n"
    "func use() *int {\n"
    "\tv := 1\n"
    "\tt := mk(&v)\n"
    "\tvar i I = t\n"
    "\tfunc() { v++ }()\n"
    "\treturn i.Get()\n"
    "}\n";

static const char *const want_subst[] = {
    "p.go:3:6: can inline (*T).Get",
    "p.go:5:6: can inline mk",
    "p.go:10:2: can inline use.func1",
    "p.go:11:14: devirtualizing i.Get to *T",
    "p.go:8:9: inlining call to mk",
    "p.go:10:16: inlining call to use.func1",
    "p.go:11:14: inlining call to (*T).Get",
    NULL,
};

static const IrNode *find_op(const IrNode *n, IrOp op) {
    if (!n) return NULL;
    if (n->op == op) return n;
    const IrNode *r;
    if ((r = find_op(n->x, op)) || (r = find_op(n->y, op)) || (r = find_op(n->z, op)) || (r = find_op(n->w, op)))
        return r;
    const IrList *ls[] = {&n->init, &n->list, &n->rlist};
    for (int k = 0; k < 3; k++)
        for (uint32_t i = 0; i < ls[k]->n; i++)
            if ((r = find_op(ls[k]->v[i], op))) return r;
    return NULL;
}

static void test_subst(void) {
    Fixture fx;
    setup(&fx, src_subst);
    InlSummary sum;
    inline_summary_init(&sum);
    InlResult res;
    inline_result_init(&res);
    InlOptions opt = {.m = 1, .substitute = true};
    inline_analyze(fx.p, NULL, &opt, &res, &sum);
    size_t nwant = 0;
    while (want_subst[nwant]) nwant++;
    CHECK(res.nmsgs == nwant, "substitution: %u messages, want %zu", res.nmsgs, nwant);
    StrBuf b = {0};
    for (uint32_t i = 0; i < res.nmsgs && i < nwant; i++) {
        sb_reset(&b);
        report_format_pos(&b, res.msgs[i].file, res.msgs[i].pos, false, NULL);
        sb_puts(&b, ": ");
        sb_puts(&b, res.msgs[i].text);
        CHECK(strcmp(sb_cstr(&b), want_subst[i]) == 0, "substitution message %u:\n  got  %s\n  want %s", i,
              sb_cstr(&b), want_subst[i]);
    }
    sb_free(&b);
    const InlFunc *mk = lookup(&fx, &sum, "mk");
    CHECK(mk && mk->body && mk->body->nparams == 1, "summary keeps mk's body with its parameter");
    IrFunc *use = NULL;
    for (uint32_t i = 0; i < fx.p->nfuncs; i++)
        if (strcmp(fx.p->funcs[i]->name, "use") == 0) use = fx.p->funcs[i];
    CHECK(use != NULL, "use lowered");
    const IrNode *ic = NULL;
    for (uint32_t i = 0; use && i < use->body.n && !ic; i++) ic = find_op(use->body.v[i], IR_INLCALL);
    CHECK(ic && ic->list.n == 1 && ic->list.v[0]->op == IR_NAME, "mk(&v) is an INLCALL with one result");
    if (ic) {
        const IrNode *as2 = ic->init.n ? ic->init.v[ic->init.n - 1] : NULL;
        CHECK(as2 && as2->op == IR_AS2 && (as2->flags & IRF_DEFINE) && as2->list.n == 1 &&
                  as2->list.v[0]->u.var->defn == as2 && strcmp(as2->list.v[0]->u.var->name, "p") == 0,
              "p := &v copies the argument (Defn set)");
        CHECK(ic->rlist.n == 2 && ic->rlist.v[0]->op == IR_BLOCK && ic->rlist.v[1]->op == IR_LABEL,
              "body: return rewritten to a block, then the return label");
        CHECK(ic->list.v[0]->u.var->curfn == use && ic->list.v[0]->u.var->cls == IRC_AUTO,
              "the result variable belongs to the caller");
        CHECK(ic->rlist.v[0]->pos == ic->pos && ic->list.v[0]->u.var->pos == ic->pos &&
                  source_pos(ic->file, ic->pos).line == 8,
              "inlined code sits at the call");
    }
    inline_result_free(&res);
    inline_summary_free(&sum);
    teardown(&fx);
}

int main(void) {
    test_subst();
    test_sample();
    test_shapes();
    test_disabled();
    return check_report();
}
