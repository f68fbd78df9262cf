/* The ir stage: small packages lowered from strings, with the shapes gc's
   escape analysis depends on checked on the nodes themselves and on the
   debugging dump. */
#include "check.h"
#include "lowered.h"
#include "ir/ir.h"
#include "syntax/syntax.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Fixture {
    Lowered l;
    IrPackage *p;
    char *dump;
} Fixture;

static void setup(Fixture *fx, const char *src) {
    memset(fx, 0, sizeof *fx);
    lowered_open(&fx->l, src, NULL);
    CHECK(fx->l.errors == 0, "%s: %u errors", src, fx->l.errors);
    fx->p = fx->l.p;
    size_t len = 0;
    FILE *out = open_memstream(&fx->dump, &len);
    for (uint32_t i = 0; i < fx->p->nfuncs; i++) ir_dump_func(out, fx->p->funcs[i]);
    fclose(out);
    CHECK(fx->p->unhandled == 0, "%s: %u BAD nodes\n%s", src, fx->p->unhandled, fx->dump);
}

static void teardown(Fixture *fx) {
    free(fx->dump);
    lowered_close(&fx->l);
}

static IrFunc *func(Fixture *fx, const char *name) {
    for (uint32_t i = 0; i < fx->p->nfuncs; i++)
        if (strcmp(fx->p->funcs[i]->name, name) == 0) return fx->p->funcs[i];
    return NULL;
}

/* Every line of want must appear in the dump, in order. */
static void expect_dump(Fixture *fx, const char *const *want) {
    const char *at = fx->dump;
    for (const char *const *w = want; *w; w++) {
        const char *hit = strstr(at, *w);
        CHECK(hit != NULL, "missing (in order): %s\ndump:\n%s", *w, fx->dump);
        if (hit) at = hit + strlen(*w);
    }
}

/* The first statement of f's body, skipping DCL-only AS statements. */
static IrNode *stmt(IrFunc *f, uint32_t i) { return f && i < f->body.n ? f->body.v[i] : NULL; }

static void test_method_calls(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "type T struct{ a int; p *int }\n"
               "func (t *T) M(x int) *int { return t.p }\n"
               "func (t T) V() int { return t.a }\n"
               "type E struct{ *T }\n"
               "type I interface{ M(int) *int }\n"
               "func f(t T, e E, i I) {\n"
               "\tt.M(1)\n"
               "\te.V()\n"
               "\ti.M(2)\n"
               "}\n");
    IrFunc *f = func(&fx, "f");
    CHECK(f && f->nparams == 3, "f params");
    IrNode *c = stmt(f, 0);
    CHECK(c && c->op == IR_CALLFUNC && c->x->op == IR_METHEXPR, "t.M(1) is CALLFUNC(METHEXPR)");
    if (c && c->op == IR_CALLFUNC) {
        CHECK(c->list.n == 2, "receiver first: %u args", c->list.n);
        CHECK(c->list.v[0]->op == IR_ADDR && (c->list.v[0]->flags & IRF_IMPLICIT), "implicit &t");
        CHECK(c->list.v[0]->x->op == IR_NAME && (c->list.v[0]->x->u.var->flags & IRV_ADDRTAKEN), "t addrtaken");
    }
    c = stmt(f, 1);
    CHECK(c && c->op == IR_CALLFUNC && c->list.n == 1 && c->list.v[0]->op == IR_DEREF &&
              c->list.v[0]->x->op == IR_DOT && (c->list.v[0]->x->flags & IRF_IMPLICIT),
          "e.V(): *(e.T) through the embedded field");
    c = stmt(f, 2);
    CHECK(c && c->op == IR_CALLINTER && c->x->op == IR_DOTINTER && c->list.n == 1, "i.M(2) is CALLINTER");
    CHECK(func(&fx, "(*T).M") && func(&fx, "T.V"), "method names");
    teardown(&fx);
}

static void test_variadic_and_iface(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "var sink any\n"
               "func v(xs ...any) {}\n"
               "func f(s []any, n int) any {\n"
               "\tv()\n"
               "\tv(n, 1)\n"
               "\tv(s...)\n"
               "\tsink = n\n"
               "\treturn n\n"
               "}\n");
    IrFunc *f = func(&fx, "f");
    IrNode *c = stmt(f, 0);
    CHECK(c && c->list.n == 1 && c->list.v[0]->op == IR_NIL && !(c->list.v[0]->flags & IRF_IMPLICIT) &&
              (c->flags & IRF_DDD),
          "v() passes nil...");
    c = stmt(f, 1);
    CHECK(c && c->list.n == 1 && c->list.v[0]->op == IR_SLICELIT && (c->list.v[0]->flags & IRF_IMPLICIT),
          "v(n, 1) packs a ... argument");
    if (c && c->list.n == 1 && c->list.v[0]->op == IR_SLICELIT) {
        IrNode *sl = c->list.v[0];
        CHECK(sl->pos == c->pos, "... argument at the call's (");
        CHECK(sl->list.n == 2 && sl->list.v[0]->op == IR_CONVIFACE && (sl->list.v[0]->flags & IRF_IMPLICIT),
              "elements converted to any");
    }
    c = stmt(f, 2);
    CHECK(c && (c->flags & IRF_DDD) && c->list.n == 1 && c->list.v[0]->op == IR_NAME, "v(s...) passes s");
    c = stmt(f, 3);
    CHECK(c && c->op == IR_AS && c->y->op == IR_CONVIFACE && (c->y->flags & IRF_IMPLICIT), "sink = n converts");
    c = stmt(f, 4);
    CHECK(c && c->op == IR_RETURN && c->list.n == 1 && c->list.v[0]->op == IR_CONVIFACE, "return n converts");
    teardown(&fx);
}

static void test_closures(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "var G = func() int { return 1 }\n"
               "func f() func() int {\n"
               "\tx, y := 1, 2\n"
               "\tg := func() int {\n"
               "\t\th := func() int { return y + x }\n"
               "\t\treturn h()\n"
               "\t}\n"
               "\t_ = func() {}\n"
               "\treturn g\n"
               "}\n");
    IrFunc *c1 = func(&fx, "f.func1"), *c2 = func(&fx, "f.func1.1"), *c3 = func(&fx, "f.func2");
    CHECK(c1 && c2 && c3 && func(&fx, "init.func1"), "closure names\n%s", fx.dump);
    if (c1 && c2) {
        CHECK(c2->ncvars == 2 && strcmp(c2->cvars[0]->name, "y") == 0 && strcmp(c2->cvars[1]->name, "x") == 0,
              "cvars in first-capture order");
        CHECK(c1->ncvars == 2 && c2->cvars[0]->outer == c1->cvars[0] && c1->cvars[0]->outer &&
                  c1->cvars[0]->outer->curfn == func(&fx, "f"),
              "nested capture goes through the middle closure");
        CHECK(c2->outer == c1 && c1->outer == func(&fx, "f"), "outer functions");
    }
    CHECK(c3 && c3->ncvars == 0, "f.func2 captures nothing");
    /* Target order: init, its literals, declared functions, then literals */
    CHECK(fx.p->nfuncs == 6 && (fx.p->funcs[0]->flags & IRFN_INIT) && strcmp(fx.p->funcs[1]->name, "init.func1") == 0 &&
              strcmp(fx.p->funcs[2]->name, "f") == 0 && strcmp(fx.p->funcs[3]->name, "f.func1") == 0,
          "function order");
    teardown(&fx);
}

static void test_go_defer(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "func g(a, b int, p *int) {}\n"
               "func h() {}\n"
               "func f(p *int) {\n"
               "\tgo g(1, 2, p)\n"
               "\tdefer g(3, 4, p)\n"
               "\tdefer h()\n"
               "\tdefer func() {}()\n"
               "}\n");
    IrFunc *f = func(&fx, "f");
    IrNode *s = stmt(f, 0);
    CHECK(s && s->op == IR_GO && s->x->op == IR_CALLFUNC && (s->x->flags & IRF_WRAPPER_CALL) &&
              s->x->x->op == IR_CLOSURE && strcmp(s->x->x->u.fn->name, "f.gowrap1") == 0,
          "go g(...) calls f.gowrap1\n%s", fx.dump);
    if (s && s->op == IR_GO) {
        CHECK(s->init.n == 2 && s->init.v[0]->op == IR_DCL && s->init.v[1]->op == IR_AS2,
              "p copied to a temporary before the go statement");
        IrFunc *w = s->x->x->u.fn;
        CHECK(w->ncvars == 1 && (w->cvars[0]->outer->flags & IRV_AUTOTMP) && (w->flags & IRFN_WRAPPER),
              "the wrapper captures the temporary");
        CHECK(w->body.n == 1 && w->body.v[0]->op == IR_CALLFUNC && w->body.v[0]->list.v[0]->op == IR_LITERAL,
              "literal arguments stay in the wrapper");
    }
    s = stmt(f, 1);
    CHECK(s && s->op == IR_DEFER && strcmp(s->x->x->u.fn->name, "f.deferwrap2") == 0, "shared go/defer counter");
    s = stmt(f, 2);
    CHECK(s && s->op == IR_DEFER && s->x->x->op == IR_NAME && !(s->x->flags & IRF_WRAPPER_CALL), "defer h() unwrapped");
    s = stmt(f, 3);
    CHECK(s && s->op == IR_DEFER && s->x->x->op == IR_CLOSURE && strcmp(s->x->x->u.fn->name, "f.func1") == 0,
          "defer func(){}() unwrapped");
    teardown(&fx);
}

static void test_assignments(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "func two() (int, *int) { return 0, nil }\n"
               "func f(m map[string]*int, c chan *int, i any) {\n"
               "\ta, b := two()\n"
               "\tv, ok := m[\"k\"]\n"
               "\tr, ok2 := <-c\n"
               "\ts, ok3 := i.(string)\n"
               "\t_, _, _, _, _, _, _, _ = a, b, v, ok, r, ok2, s, ok3\n"
               "}\n");
    expect_dump(&fx, (const char *const[]){
        "AS2 define", "init: DCL @4:2 a", "init: DCL @4:5 b",
        "r: CONVNOP @4:5", "init: AS2FUNC define", "CALLFUNC", "x: NAME @4:7 .autotmp_5",
        "AS2MAPR define", "INDEXMAP", "AS2RECV define", "RECV", "AS2DOTTYPE define", "DOTTYPE2", NULL});
    teardown(&fx);
}

static void test_type_switch(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "var sink any\n"
               "func f(x any) {\n"
               "\tswitch v := x.(type) {\n"
               "\tcase int, *string:\n"
               "\t\tsink = v\n"
               "\tcase error:\n"
               "\t\tsink = v\n"
               "\tdefault:\n"
               "\t\tsink = v\n"
               "\t}\n"
               "}\n");
    IrFunc *f = func(&fx, "f");
    IrNode *s = stmt(f, 0);
    CHECK(s && s->op == IR_SWITCH && s->x->op == IR_TYPESW && s->list.n == 3, "type switch shape");
    if (s && s->op == IR_SWITCH && s->list.n == 3) {
        IrVar *v0 = s->list.v[0]->u.var, *v1 = s->list.v[1]->u.var, *v2 = s->list.v[2]->u.var;
        CHECK(v0 && v1 && v2 && v0 != v1 && v1 != v2, "one variable per clause");
        Position p0 = source_pos(&fx.l.sf, v0->pos), p2 = source_pos(&fx.l.sf, v2->pos);
        CHECK(p0.line == 5 && p0.col == 13, "clause var at the last type's name: %u:%u", p0.line, p0.col);
        CHECK(p2.line == 9 && p2.col == 2, "default clause var at the keyword: %u:%u", p2.line, p2.col);
        IrNode *as = s->list.v[1]->rlist.v[0];
        CHECK(as->op == IR_AS && as->y->op == IR_CONVIFACE && as->y->x->op == IR_NAME && as->y->x->u.var == v1,
              "uses bind to the clause variable");
        CHECK(v0->defn == s->x, "clause var defined by the guard");
    }
    teardown(&fx);
}

static void test_loopvar(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "var sink []*int\n"
               "func f(xs []int) {\n"
               "\tfor i := 0; i < 3; i++ {\n"
               "\t\tsink = append(sink, &i)\n"
               "\t}\n"
               "\tfor _, x := range xs {\n"
               "\t\tsink = append(sink, &x)\n"
               "\t}\n"
               "\tfor j := 0; j < 3; j++ {\n"
               "\t}\n"
               "\tfor k := 0; k < 3; k++ {\n"
               "\t\treturn\n"
               "\t}\n"
               "}\n");
    expect_dump(&fx, (const char *const[]){
        "FOR distinctvars @4:2", "init: AS define @4:8", "x: NAME @4:6 .autotmp_", "AS define distinct @4:2",
        "init: DCL @4:6 i", "IF @4:2", "r: ASOP incdec", "UNARY !", "BREAK", "LABEL @4:2 .3clNext_1",
        "RANGE define distinctvars", "z: NAME @7:9 .autotmp_", "AS define distinct", "init: DCL @7:9 x",
        "FOR distinctvars @10:2", "x: BINARY <", NULL});
    teardown(&fx);
}

static void test_loopvar_return(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "func g(xs []int) *int {\n"
               "\tfor _, x := range xs {\n"
               "\t\tif x > 0 {\n"
               "\t\t\treturn &x\n"
               "\t\t}\n"
               "\t}\n"
               "\treturn nil\n"
               "}\n");
    CHECK(strstr(fx.dump, "distinct @") == NULL && strstr(fx.dump, "z: NAME @3:9 x") != NULL,
          "&x only under a return: x stays the loop's variable\n%s", fx.dump);
    teardown(&fx);
}

static void test_constants_and_conversions(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "type S string\n"
               "func f(s string, b []byte, r rune) (string, []byte, S, string) {\n"
               "\tconst k = 1 << 17\n"
               "\t_ = k\n"
               "\treturn string(b), []byte(s), S(s), string(r)\n"
               "}\n");
    expect_dump(&fx, (const char *const[]){"LITERAL @5:6 131072 <int>", "BYTES2STR @6:16", "STR2BYTES @6:27",
                                           "CONVNOP @6:33", "RUNESTR @6:44", NULL});
    teardown(&fx);
}

static void test_range_func(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "func seq(yield func(int, *int) bool) {}\n"
               "var sink *int\n"
               "func f() *int {\n"
               "\tfor i, p := range seq {\n"
               "\t\tif i == 3 {\n"
               "\t\t\tcontinue\n"
               "\t\t}\n"
               "\t\tif i == 4 {\n"
               "\t\t\treturn p\n"
               "\t\t}\n"
               "\t\tsink = p\n"
               "\t}\n"
               "\treturn nil\n"
               "}\n");
    IrFunc *b = func(&fx, "f-range1");
    CHECK(b && (b->flags & IRFN_RANGEFUNC) && b->nparams == 2 && b->nresults == 1, "loop body is f-range1\n%s", fx.dump);
    if (b) {
        CHECK(strcmp(b->params[0]->name, "i") == 0 && strcmp(b->params[1]->name, "p") == 0, "range vars are its params");
        bool rv = false, next = false;
        for (uint32_t i = 0; i < b->ncvars; i++) {
            if (strcmp(b->cvars[i]->name, "#rv1") == 0) rv = true;
            if (strcmp(b->cvars[i]->name, "#next") == 0) next = true;
        }
        CHECK(rv && next, "return assigns the captured (renamed) result and #next");
    }
    expect_dump(&fx, (const char *const[]){"AS define @5:2", "#state1", "y: CLOSURE @5:2 f-range1", "CALLFUNC @5:2",
                                           "x: NAME @5:20 func seq", "NAME @5:2 #yield1", "IF @13:2", "func panicrangestate",
                                           "AS @13:2", "IF @13:2", "RETURN @13:2", "#tmpState",
                                           "RETURN @7:4", "LITERAL @7:4 true", "RETURN @10:4", "LITERAL @10:4 false",
                                           "RETURN @13:2", "LITERAL @13:2 true", NULL});
    teardown(&fx);
}

static void test_package_init(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "type T struct{ p *int }\n"
               "var i int\n"
               "var A = &T{p: &i}\n"
               "var B = []int{1, 2}\n"
               "var C = map[string]int{\"x\": 1}\n"
               "var D = new(int)\n"
               "var E = func() *T { return &T{} }\n"
               "func init() {}\n"
               "func init() { _ = func() {} }\n");
    IrFunc *init = func(&fx, "init");
    CHECK(init && (init->flags & IRFN_INIT) && init->body.n == 2, "only dynamic initializers run in init\n%s", fx.dump);
    CHECK(func(&fx, "init.0") && func(&fx, "init.1") && func(&fx, "init.1.func1") && func(&fx, "init.func1"),
          "init function names\n%s", fx.dump);
    teardown(&fx);
}

static void test_init_order(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "type T struct{ x int }\n"
               "var a = m(b)\n"
               "var b = map[string]int{\"x\": c}\n"
               "var d = f()\n"
               "var e, g = two()\n"
               "const c = 3\n"
               "func m(x map[string]int) *T { return &T{x: len(x)} }\n"
               "func f() map[string]int { return map[string]int{\"y\": len(e)} }\n"
               "func two() ([]int, map[int]int) { return nil, map[int]int{} }\n");
    IrFunc *init = func(&fx, "init");
    /* go/types' InitOrder: constants first, then fewest dependencies, then source order */
    CHECK(init && init->body.n == 4, "four initializers");
    if (init && init->body.n == 4) {
        Position p0 = source_pos(&fx.l.sf, init->body.v[0]->pos), p1 = source_pos(&fx.l.sf, init->body.v[1]->pos);
        Position p2 = source_pos(&fx.l.sf, init->body.v[2]->pos), p3 = source_pos(&fx.l.sf, init->body.v[3]->pos);
        CHECK(p0.line == 4 && p1.line == 3 && p2.line == 6 && p3.line == 5, "init order b, a, e/g, d: %u %u %u %u",
              p0.line, p1.line, p2.line, p3.line);
    }
    teardown(&fx);
}

static void test_deadlocals(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "func f(p, q *int) *int {\n"
               "\tq = p\n"
               "\tr := p\n"
               "\treturn r\n"
               "}\n");
    ir_deadlocals(fx.p);
    IrFunc *f = func(&fx, "f");
    IrNode *s = stmt(f, 0);
    CHECK(s && s->op == IR_AS && s->x->op == IR_NAME && (s->x->u.var->flags & IRV_BLANK) && s->y->op == IR_LITERAL,
          "q = p (q never read) becomes _ = 0");
    s = stmt(f, 1);
    CHECK(s && s->op == IR_AS && s->x->op == IR_NAME && !(s->x->u.var->flags & IRV_BLANK), "r := p stays");
    teardown(&fx);
}

static void test_select_switch_deadcode(void) {
    Fixture fx;
    setup(&fx, "package p\n"
               "var sink any\n"
               "type T struct{}\n"
               "func (*T) M() {}\n"
               "func f(c chan *int, t *T) {\n"
               "\tselect {\n"
               "\tcase v, ok := <-c:\n"
               "\t\t_, _ = v, ok\n"
               "\tcase sink = <-c:\n"
               "\t}\n"
               "\tconst k = 2\n"
               "\tswitch k {\n"
               "\tcase 1:\n"
               "\t\tsink = 1\n"
               "\tcase 2:\n"
               "\t\tsink = 2\n"
               "\t}\n"
               "\tif false {\n"
               "\t\tsink = 3\n"
               "\t}\n"
               "\tm := t.M\n"
               "\tm()\n"
               "\treturn\n"
               "\tsink = 4\n"
               "}\n");
    IrFunc *f = func(&fx, "f");
    IrNode *s = stmt(f, 0);
    CHECK(s && s->op == IR_SELECT && s->list.n == 2, "select");
    if (s && s->op == IR_SELECT && s->list.n == 2) {
        IrNode *c0 = s->list.v[0], *c1 = s->list.v[1];
        CHECK(c0->x && c0->x->op == IR_AS2RECV && c0->rlist.n >= 1 && c0->rlist.v[0]->op == IR_AS2,
              "v, ok := <-c: comm is the AS2RECV, the assignment starts the body");
        CHECK(c1->x && c1->x->op == IR_AS && (c1->x->flags & IRF_DEFINE) && c1->x->y->op == IR_RECV &&
                  c1->rlist.n == 1 && c1->rlist.v[0]->op == IR_AS && c1->rlist.v[0]->y->op == IR_CONVIFACE,
              "sink = <-c: received into a temporary first");
    }
    s = stmt(f, 1);
    CHECK(s && s->op == IR_SWITCH && !s->x && s->list.n == 1 && s->list.v[0]->list.n == 0 &&
              s->list.v[0]->rlist.n == 1,
          "constant switch keeps the selected clause as default");
    s = stmt(f, 2);
    CHECK(s && s->op == IR_AS && (s->flags & IRF_DEFINE) && s->y->op == IR_METHVALUE &&
              s->y->x->op == IR_NAME,
          "if false {} dropped; m := t.M is a METHVALUE");
    CHECK(f && f->body.n == 5, "statements after return dropped: %u", f ? f->body.n : 0);
    teardown(&fx);
}

int main(void) {
    test_method_calls();
    test_variadic_and_iface();
    test_closures();
    test_go_defer();
    test_assignments();
    test_type_switch();
    test_loopvar();
    test_loopvar_return();
    test_constants_and_conversions();
    test_range_func();
    test_package_init();
    test_init_order();
    test_deadlocals();
    test_select_switch_deadcode();
    return check_report();
}
