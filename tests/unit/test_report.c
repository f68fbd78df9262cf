/* Unit tests for gc's node, type and statement printing (ir/fmt.c) and the
   report stage's positions: IR built by hand, texts checked against what
   `go build -gcflags='-m=2 -l'` prints for the same constructs. */
#include "check.h"
#include "base/util.h"
#include "ir/ir.h"
#include "report/report.h"
#include <stdlib.h>
#include <string.h>

static TypeContext *ctx;
static Interner names;
static Pkg *local, *fmtpkg;
static IrPackage irp;

static const char *S(const char *s) { return intern_cstr(&names, s); }
static Type *basic(BasicKind k) { return &ctx->typ[k]->t; }

static IrNode *node(IrOp op, Type *t) { return ir_new_node(&irp, op, NULL, NOPOS, t); }
static IrNode *var(const char *name, Type *t) {
    IrVar *v = arena_alloc(&irp.arena, sizeof *v);
    v->name = S(name);
    v->type = t;
    v->cls = IRC_AUTO;
    IrNode *n = node(IR_NAME, t);
    n->u.var = v;
    return n;
}
static IrNode *lit(const Const *c, Type *t) {
    IrNode *n = node(IR_LITERAL, t);
    n->u.val = c;
    return n;
}
static IrNode *un(IrOp op, IrNode *x, Type *t, unsigned flags) {
    IrNode *n = node(op, t);
    n->x = x;
    n->flags = (uint16_t)flags;
    return n;
}
static IrNode *bin(IrOp op, Token tok, IrNode *x, IrNode *y, Type *t) {
    IrNode *n = node(op, t);
    n->tok = (uint8_t)tok;
    n->x = x;
    n->y = y;
    return n;
}
static void add(IrList *l, IrNode *n) { ir_list_append(&irp, l, n); }

static StrBuf out;
static const char *fmt_node(const IrNode *n) {
    sb_reset(&out);
    ir_fmt_node(&out, n, local);
    return sb_cstr(&out);
}
static const char *fmt_type(Type *t) {
    sb_reset(&out);
    ir_fmt_type(&out, t, local);
    return sb_cstr(&out);
}
static const char *fmt_stmt(const IrNode *n) {
    sb_reset(&out);
    ir_fmt_stmt(&out, n, local);
    return sb_cstr(&out);
}

#define EXPECT_NODE(n, want)                                                   \
    do {                                                                       \
        const char *got_ = fmt_node(n);                                        \
        CHECK(strcmp(got_, want) == 0, "node: got %s, want %s", got_, want);   \
    } while (0)
#define EXPECT_TYPE(t, want)                                                   \
    do {                                                                       \
        const char *got_ = fmt_type(t);                                        \
        CHECK(strcmp(got_, want) == 0, "type: got %s, want %s", got_, want);   \
    } while (0)
#define EXPECT_STMT(n, want)                                                   \
    do {                                                                       \
        const char *got_ = fmt_stmt(n);                                        \
        CHECK(strcmp(got_, want) == 0, "stmt: got %s, want %s", got_, want);   \
    } while (0)

static Object *field(Pkg *p, const char *name, Type *t, bool embedded) {
    Object *o = obj_new_var(p, VAR_FIELD, NULL, NOPOS, S(name), t);
    if (embedded) o->flags |= OF_EMBEDDED;
    return o;
}
static Object *param(Type *t) { return obj_new_var(local, VAR_PARAM, NULL, NOPOS, S(""), t); }

static Type *sig(Type **params, uint32_t np, Type **results, uint32_t nr, bool variadic) {
    Object *ps[8], *rs[8];
    for (uint32_t i = 0; i < np; i++) ps[i] = param(params[i]);
    for (uint32_t i = 0; i < nr; i++) rs[i] = param(results[i]);
    return &type_new_signature(local, NULL, type_new_tuple(local, ps, np),
                               type_new_tuple(local, rs, nr), variadic)->t;
}

static NamedType *named(Pkg *p, const char *name, Type *under) {
    Object *o = obj_new(p, OBJ_TYPENAME, NULL, NOPOS, S(name), NULL);
    NamedType *nt = type_new_named(p, o, under);
    o->type = &nt->t;
    return nt;
}

static void test_types(void) {
    Type *tint = basic(BK_INT), *tstr = basic(BK_STRING);
    EXPECT_TYPE(tint, "int");
    EXPECT_TYPE(ctx->byte_type, "byte");
    EXPECT_TYPE(ctx->rune_type, "rune");
    EXPECT_TYPE(basic(BK_UINT8), "uint8");
    EXPECT_TYPE(basic(BK_UNSAFE_POINTER), "unsafe.Pointer");
    EXPECT_TYPE(basic(BK_UNTYPED_INT), "untyped int");
    EXPECT_TYPE(type_new_slice(local, tint), "[]int");
    EXPECT_TYPE(type_new_array(local, tint, 3), "[3]int");
    EXPECT_TYPE(type_new_map(local, tstr, tint), "map[string]int");
    EXPECT_TYPE(type_new_pointer(local, tint), "*int");
    EXPECT_TYPE(type_new_chan(local, tint, CHAN_BOTH), "chan int");
    EXPECT_TYPE(type_new_chan(local, tint, CHAN_RECV), "<-chan int");
    EXPECT_TYPE(type_new_chan(local, tint, CHAN_SEND), "chan<- int");
    EXPECT_TYPE(type_new_chan(local, type_new_chan(local, tint, CHAN_RECV), CHAN_BOTH),
                "chan (<-chan int)");
    EXPECT_TYPE(ctx->any_type, "any");
    EXPECT_TYPE(type_unalias(ctx->any_type), "interface {}");
    EXPECT_TYPE(ctx->error_type, "error");
    EXPECT_TYPE(type_new_struct(local, NULL, NULL, 0), "struct {}");
    Object *fs[] = {field(local, "a", tint, false), field(local, "B", type_new_pointer(local, tint), false)};
    EXPECT_TYPE(type_new_struct(local, fs, NULL, 2), "struct { a int; B *int }");
    /* Unexported fields of other packages are qualified; embedded fields
       print their type only; tags are quoted. */
    NamedType *stringer = named(fmtpkg, "Stringer", NULL);
    Object *fs2[] = {field(fmtpkg, "x", tint, false), field(fmtpkg, "Stringer", &stringer->t, true)};
    const char *tags[] = {"json:\"x\"", ""};
    EXPECT_TYPE(type_new_struct(local, fs2, tags, 2),
                "struct { fmt.x int \"json:\\\"x\\\"\"; fmt.Stringer }");
    EXPECT_TYPE(&stringer->t, "fmt.Stringer");
    NamedType *T = named(local, "T", type_new_struct(local, fs, NULL, 2));
    EXPECT_TYPE(&T->t, "T");
    EXPECT_TYPE(type_new_pointer(local, &T->t), "*T");
    Type *ps[] = {tint, type_new_slice(local, tstr)};
    Type *rs[] = {tint, ctx->error_type};
    EXPECT_TYPE(sig(ps, 2, rs, 2, true), "func(int, ...string) (int, error)");
    EXPECT_TYPE(sig(ps, 1, rs, 1, false), "func(int) int");
    EXPECT_TYPE(sig(NULL, 0, NULL, 0, false), "func()");
    /* Interfaces: exported methods by name, unexported by package path. */
    Object *ms[] = {obj_new(local, OBJ_FUNC, NULL, NOPOS, S("M"), sig(ps, 1, rs, 1, false)),
                    obj_new(local, OBJ_FUNC, NULL, NOPOS, S("m"), sig(NULL, 0, NULL, 0, false))};
    InterfaceType *it = type_new_interface(local, ms, 2, NULL, 0);
    EXPECT_TYPE(&it->t, "interface { M(int) int; example.com/p.m() }");
    Object *ms2[] = {ms[1], ms[0]};
    EXPECT_TYPE(&type_new_interface(local, ms2, 2, NULL, 0)->t, "interface { M(int) int; example.com/p.m() }");
    /* Link strings: everything qualified by path. */
    sb_reset(&out);
    Type *pargs[] = {type_new_slice(local, &T->t), ctx->byte_type, ctx->any_type};
    for (int i = 0; i < 3; i++) {
        if (i) sb_putc(&out, ',');
        ir_fmt_type_link(&out, pargs[i]);
    }
    CHECK(strcmp(sb_cstr(&out), "[]example.com/p.T,uint8,interface {}") == 0, "link: %s", sb_cstr(&out));
    sb_reset(&out);
    ir_fmt_type_link(&out, type_new_struct(local, fs, NULL, 2));
    CHECK(strcmp(sb_cstr(&out), "struct { example.com/p.a int; B *int }") == 0, "link struct: %s", sb_cstr(&out));
    /* Embedded interfaces contribute their methods. */
    Object *rm[] = {obj_new(fmtpkg, OBJ_FUNC, NULL, NOPOS, S("Read"), sig(ps, 1, rs, 2, false))};
    NamedType *reader = named(fmtpkg, "Reader", &type_new_interface(fmtpkg, rm, 1, NULL, 0)->t);
    Type *emb[] = {&reader->t};
    EXPECT_TYPE(&type_new_interface(local, ms, 1, emb, 1)->t,
                "interface { M(int) int; Read(int) (int, error) }");
}

static void test_literals(void) {
    ConstPool *cp = local->consts;
    Type *tint = basic(BK_INT);
    EXPECT_NODE(lit(const_int64(cp, 131072), tint), "131072");
    EXPECT_NODE(lit(const_int64(cp, 131072), basic(BK_UNTYPED_INT)), "131072");
    EXPECT_NODE(lit(const_from_literal(cp, T_FLOAT, "1e100", 5), basic(BK_FLOAT64)), "1e+100");
    EXPECT_NODE(lit(const_from_literal(cp, T_FLOAT, "1.5", 3), basic(BK_FLOAT64)), "1.5");
    EXPECT_NODE(lit(const_int64(cp, 'a'), ctx->rune_type), "'a'");
    EXPECT_NODE(lit(const_int64(cp, 'A'), ctx->rune_type), "'A'");
    EXPECT_NODE(lit(const_int64(cp, '\n'), ctx->rune_type), "'\\n'");
    EXPECT_NODE(lit(const_int64(cp, '\''), ctx->rune_type), "'\\''");
    EXPECT_NODE(lit(const_int64(cp, 0x263a), ctx->rune_type), "'\xe2\x98\xba'");
    EXPECT_NODE(lit(const_int64(cp, 65), basic(BK_INT32)), "int32(65)");
    EXPECT_NODE(lit(const_string(cp, "abc", 3), basic(BK_STRING)), "\"abc\"");
    EXPECT_NODE(lit(const_int64(cp, 3), basic(BK_INT8)), "int8(3)");
    EXPECT_NODE(lit(const_int64(cp, 7), basic(BK_UINT)), "uint(7)");
    EXPECT_NODE(lit(const_int64(cp, 200), ctx->byte_type), "byte(200)");
    EXPECT_NODE(lit(const_int64(cp, 200), basic(BK_UINT8)), "uint8(200)");
    EXPECT_NODE(lit(const_int64(cp, 3), basic(BK_FLOAT32)), "float32(3)");
    EXPECT_NODE(lit(const_bool(cp, false), basic(BK_BOOL)), "false");
    EXPECT_NODE(lit(const_int64(cp, (int64_t)1 << 62), tint), "4611686018427387904");
    /* An integer value of a float type prints as gc's float constant. */
    EXPECT_NODE(lit(const_int64(cp, (int64_t)1 << 62), basic(BK_FLOAT64)), "4.61169e+18");
    EXPECT_NODE(lit(const_imag(cp, const_int64(cp, 2)), basic(BK_COMPLEX128)), "(0 + 2i)");
    NamedType *L = named(local, "L", tint);
    EXPECT_NODE(lit(const_int64(cp, 3), &L->t), "L(3)");
    EXPECT_NODE(node(IR_NIL, type_new_pointer(local, tint)), "nil");
}

static void test_exprs(void) {
    Type *tint = basic(BK_INT), *tstr = basic(BK_STRING);
    Type *bytes = type_new_slice(local, ctx->byte_type);
    Type *eface = type_unalias(ctx->any_type);
    IrNode *n = var("n", tint), *s = var("s", tstr), *b = var("b", bytes);

    EXPECT_NODE(n, "n");
    EXPECT_NODE(var("~b1", tint), "_");
    EXPECT_NODE(un(IR_STR2BYTES, s, bytes, 0), "([]byte)(s)");
    EXPECT_NODE(un(IR_BYTES2STR, b, tstr, 0), "string(b)");
    EXPECT_NODE(un(IR_RUNESTR, un(IR_CONV, n, ctx->rune_type, 0), tstr, 0), "string(rune(n))");
    EXPECT_NODE(un(IR_CONVIFACE, n, eface, 0), "(interface {})(n)");
    EXPECT_NODE(un(IR_CONVIFACE, n, ctx->any_type, 0), "any(n)");
    EXPECT_NODE(un(IR_CONV, n, basic(BK_FLOAT64), 0), "float64(n)");
    /* Implicit conversions, & and * print as their operand. */
    EXPECT_NODE(un(IR_CONVIFACE, n, eface, IRF_IMPLICIT), "n");
    EXPECT_NODE(un(IR_ADDR, n, type_new_pointer(local, tint), IRF_IMPLICIT), "n");
    EXPECT_NODE(un(IR_ADDR, n, type_new_pointer(local, tint), 0), "&n");

    IrNode *mul = bin(IR_BINARY, T_MUL, n, n, tint);
    EXPECT_NODE(bin(IR_BINARY, T_ADD, n, mul, tint), "n + n * n");
    EXPECT_NODE(bin(IR_BINARY, T_MUL, bin(IR_BINARY, T_ADD, n, n, tint), n, tint), "(n + n) * n");
    EXPECT_NODE(bin(IR_BINARY, T_SUB, n, bin(IR_BINARY, T_SUB, n, n, tint), tint), "n - (n - n)");
    IrNode *cmp1 = bin(IR_BINARY, T_GTR, n, lit(const_int64(local->consts, 3), tint), basic(BK_BOOL));
    IrNode *cmp2 = bin(IR_BINARY, T_LSS, n, lit(const_int64(local->consts, 5), tint), basic(BK_BOOL));
    EXPECT_NODE(bin(IR_ANDAND, T_LAND, cmp1, cmp2, basic(BK_BOOL)), "n > 3 && n < 5");
    IrNode *neg = un(IR_UNARY, n, tint, 0);
    neg->tok = T_SUB;
    EXPECT_NODE(neg, "-n");
    IrNode *negneg = un(IR_UNARY, neg, tint, 0);
    negneg->tok = T_SUB;
    EXPECT_NODE(negneg, "- (-n)"); /* gc parenthesises unary operands of unary ops */

    IrNode *cat = node(IR_ADDSTR, tstr);
    add(&cat->list, s), add(&cat->list, s), add(&cat->list, s);
    EXPECT_NODE(cat, "s + s + s");
    IrNode *idx = bin(IR_INDEX, T_ILLEGAL, cat, lit(const_int64(local->consts, 1), tint), ctx->byte_type);
    EXPECT_NODE(idx, "(s + s + s)[1]");

    IrNode *sl = node(IR_SLICE, bytes);
    sl->x = b;
    sl->y = lit(const_int64(local->consts, 1), tint);
    sl->z = lit(const_int64(local->consts, 2), tint);
    EXPECT_NODE(sl, "b[1:2]");
    IrNode *sl0 = node(IR_SLICE, bytes);
    sl0->x = b;
    EXPECT_NODE(sl0, "b[:]");
    IrNode *sl3 = node(IR_SLICE3, bytes);
    sl3->x = b, sl3->z = n, sl3->w = n;
    EXPECT_NODE(sl3, "b[:n:n]");

    Type *islice = type_new_slice(local, tint);
    IrNode *mk = node(IR_MAKESLICE, islice);
    mk->x = n;
    EXPECT_NODE(mk, "make([]int, n)");
    mk->y = n;
    EXPECT_NODE(mk, "make([]int, n, n)");
    Type *m = type_new_map(local, tstr, tint);
    EXPECT_NODE(node(IR_MAKEMAP, m), "make(map[string]int)");
    IrNode *mk2 = node(IR_MAKEMAP, m);
    mk2->x = lit(const_int64(local->consts, 8), tint);
    EXPECT_NODE(mk2, "make(map[string]int, 8)");
    mk2->x = lit(const_int64(local->consts, 8), basic(BK_UNTYPED_INT));
    EXPECT_NODE(mk2, "make(map[string]int)");

    NamedType *T = named(local, "T", type_new_struct(local, NULL, NULL, 0));
    Type *pT = type_new_pointer(local, &T->t);
    EXPECT_NODE(node(IR_NEW, pT), "new(T)");
    EXPECT_NODE(un(IR_LEN, s, tint, 0), "len(s)");
    IrNode *sl_lit = node(IR_STRUCTLIT, &T->t);
    EXPECT_NODE(sl_lit, "T{}");
    IrNode *sl_lit2 = node(IR_STRUCTLIT, &T->t);
    add(&sl_lit2->list, n);
    EXPECT_NODE(sl_lit2, "T{...}");
    EXPECT_NODE(un(IR_PTRLIT, sl_lit2, pT, 0), "&T{...}");
    EXPECT_NODE(un(IR_PTRLIT, sl_lit, pT, 0), "&T{}");
    EXPECT_NODE(node(IR_CLOSURE, sig(NULL, 0, NULL, 0, false)), "func literal");

    /* fmt.Println(n, s) after the variadic rewrite. */
    Type *anys = type_new_slice(local, ctx->any_type);
    IrNode *va = node(IR_SLICELIT, anys);
    va->flags = IRF_IMPLICIT;
    add(&va->list, un(IR_CONVIFACE, n, ctx->any_type, IRF_IMPLICIT));
    EXPECT_NODE(va, "... argument");
    Object *println = obj_new(fmtpkg, OBJ_FUNC, NULL, NOPOS, S("Println"), NULL);
    IrNode *fn = node(IR_NAME, NULL);
    fn->flags = IRF_FUNCNAME;
    fn->u.obj = println;
    IrNode *call = node(IR_CALLFUNC, NULL);
    call->x = fn;
    add(&call->list, va);
    call->flags = IRF_DDD;
    EXPECT_NODE(call, "fmt.Println(... argument...)");
    /* Without IRF_DDD the packed argument still prints "...", as gc's
       rewrite sets IsDDD. */
    call->flags = 0;
    EXPECT_NODE(call, "fmt.Println(... argument...)");
    IrNode *call2 = node(IR_CALLFUNC, NULL);
    call2->x = fn;
    add(&call2->list, n);
    add(&call2->list, s);
    EXPECT_NODE(call2, "fmt.Println(n, s)");

    /* A variadic call without extra arguments passes nil...: gc marks
       every variadic call IsDDD. */
    Type *vps[] = {tstr, anys};
    IrNode *vf = var("vf", sig(vps, 2, NULL, 0, true));
    IrNode *vcall = node(IR_CALLFUNC, NULL);
    vcall->x = vf;
    add(&vcall->list, s);
    add(&vcall->list, node(IR_NIL, anys));
    EXPECT_NODE(vcall, "vf(s, nil...)");

    /* Method calls after the rewrite: T.M(t, p) and (*T).PM(pt, nil). */
    Object *recv = obj_new_var(local, VAR_RECV, NULL, NOPOS, S("t"), &T->t);
    Type *mt_params[] = {&T->t, pT};
    Object *mobj = obj_new(local, OBJ_FUNC, NULL, NOPOS, S("M"), NULL);
    (void)recv;
    IrNode *me = node(IR_METHEXPR, sig(mt_params, 2, NULL, 0, false));
    me->u.obj = mobj;
    IrNode *mcall = node(IR_CALLFUNC, NULL);
    mcall->x = me;
    add(&mcall->list, var("t", &T->t));
    add(&mcall->list, var("p", pT));
    EXPECT_NODE(mcall, "T.M(t, p)");
    Type *pm_params[] = {pT};
    IrNode *pme = node(IR_METHEXPR, sig(pm_params, 1, NULL, 0, false));
    pme->u.obj = obj_new(local, OBJ_FUNC, NULL, NOPOS, S("PM"), NULL);
    IrNode *pcall = node(IR_CALLFUNC, NULL);
    pcall->x = pme;
    add(&pcall->list, var("pt", pT));
    add(&pcall->list, node(IR_NIL, pT));
    EXPECT_NODE(pcall, "(*T).PM(pt, nil)");

    IrNode *mv = un(IR_METHVALUE, var("t", &T->t), NULL, 0);
    mv->sel = mobj;
    EXPECT_NODE(mv, "t.M");
    Object *fx = field(local, "x", tint, false);
    IrNode *dot = un(IR_DOTPTR, var("pt", pT), tint, 0);
    dot->sel = fx;
    EXPECT_NODE(dot, "pt.x");
    IrNode *deref = un(IR_DEREF, var("pt", pT), &T->t, 0);
    IrNode *dot2 = un(IR_DOT, deref, tint, 0);
    dot2->sel = fx;
    EXPECT_NODE(dot2, "(*pt).x");
    IrNode *app = node(IR_APPEND, islice);
    add(&app->list, var("xs", islice));
    add(&app->list, n);
    EXPECT_NODE(app, "append(xs, n)");
    app->flags = IRF_DDD;
    EXPECT_NODE(app, "append(xs, n...)");
    IrNode *dt = un(IR_DOTTYPE, var("i", eface), pT, 0);
    EXPECT_NODE(dt, "i.(*T)");
    IrNode *recvx = un(IR_RECV, var("ch", type_new_chan(local, tint, CHAN_BOTH)), tint, 0);
    EXPECT_NODE(recvx, "<-ch");
}

static void test_stmts(void) {
    Type *tint = basic(BK_INT);
    Type *pint = type_new_pointer(local, tint);
    IrNode *x = var("x", pint), *y = var("y", pint);
    IrNode *as = bin(IR_AS, T_ILLEGAL, x, y, NULL);
    EXPECT_STMT(as, "x = y");
    as->flags = IRF_DEFINE;
    EXPECT_STMT(as, "x := y");
    IrNode *as0 = bin(IR_AS, T_ILLEGAL, x, NULL, NULL);
    EXPECT_STMT(as0, "x = <nil>");
    IrNode *as2 = node(IR_AS2, NULL);
    add(&as2->list, x), add(&as2->list, y);
    add(&as2->rlist, y), add(&as2->rlist, x);
    as2->flags = IRF_DEFINE;
    EXPECT_STMT(as2, "x, y := y, x");
    IrNode *ret = node(IR_RETURN, NULL);
    add(&ret->list, x), add(&ret->list, y);
    EXPECT_STMT(ret, "return x, y");
    EXPECT_STMT(node(IR_RETURN, NULL), "return ");
    IrNode *send = bin(IR_SEND, T_ILLEGAL, var("ch", type_new_chan(local, pint, CHAN_BOTH)), x, NULL);
    EXPECT_STMT(send, "ch <- x");
    EXPECT_STMT(node(IR_FOR, NULL), "for loop");
    EXPECT_STMT(node(IR_RANGE, NULL), "for loop");
    EXPECT_STMT(node(IR_SWITCH, NULL), "switch statement");
    EXPECT_STMT(node(IR_SELECT, NULL), "select statement");
    IrNode *k = var("k", tint);
    IrNode *inc = bin(IR_ASOP, T_ADD, k, lit(const_int64(local->consts, 1), tint), NULL);
    inc->flags = IRF_INCDEC;
    EXPECT_STMT(inc, "k++");
    IrNode *addas = bin(IR_ASOP, T_ADD, k, lit(const_int64(local->consts, 2), tint), NULL);
    EXPECT_STMT(addas, "k += 2");
    IrNode *dcl = node(IR_DCL, NULL);
    dcl->u.var = x->u.var;
    EXPECT_STMT(dcl, "var x *int");
    IrNode *lab = node(IR_LABEL, NULL);
    lab->u.label = S("L");
    EXPECT_STMT(lab, "L: ");
    IrNode *gt = node(IR_GOTO, NULL);
    gt->u.label = S("L");
    EXPECT_STMT(gt, "goto L");
    EXPECT_STMT(node(IR_BREAK, NULL), "break");
    IrNode *f = var("f", sig(NULL, 0, NULL, 0, false));
    IrNode *call = node(IR_CALLFUNC, NULL);
    call->x = f;
    EXPECT_STMT(un(IR_DEFER, call, NULL, 0), "defer f()");
    EXPECT_STMT(un(IR_GO, call, NULL, 0), "go f()");
    IrNode *cs = node(IR_CASE, NULL);
    add(&cs->list, node(IR_TYPE, pint));
    IrNode *gp = var("gp", pint);
    add(&cs->rlist, bin(IR_AS, T_ILLEGAL, gp, var("t", pint), NULL));
    EXPECT_STMT(cs, "case *int: gp = t");
    IrNode *ifs = node(IR_IF, NULL);
    ifs->x = var("c", basic(BK_BOOL));
    add(&ifs->list, bin(IR_AS, T_ILLEGAL, gp, x, NULL));
    add(&ifs->rlist, bin(IR_AS, T_ILLEGAL, gp, y, NULL));
    EXPECT_STMT(ifs, "if c { gp = x } else { gp = y }");
}

static const char *other_name(void *data, const SourceFile *f) {
    (void)data;
    (void)f;
    return "../p/a.go";
}

static void test_positions(void) {
    static const char src[] = "package p\n\nfunc f() {\n\tx := 1\n}\n\0\0\0\0\0\0\0\0";
    SourceFile sf;
    source_init(&sf, "./a.go", src, sizeof src - 9);
    StrBuf b = {0};
    report_format_pos(&b, &sf, 24, false, NULL);  /* offset 23: line 4, the 'x' after a tab */
    CHECK(strcmp(sb_cstr(&b), "./a.go:4:2") == 0, "pos: got %s", sb_cstr(&b));
    sb_reset(&b);
    report_format_pos(&b, &sf, 24, true, NULL);
    CHECK(strcmp(sb_cstr(&b), "./a.go:4") == 0, "pos -C: got %s", sb_cstr(&b));
    sb_reset(&b);
    report_format_pos(&b, NULL, NOPOS, false, NULL);
    CHECK(strcmp(sb_cstr(&b), "<autogenerated>:1") == 0, "autogenerated: got %s", sb_cstr(&b));
    sb_reset(&b);
    SourceNamer nm = {other_name, NULL};
    report_format_pos(&b, &sf, 24, false, &nm);
    CHECK(strcmp(sb_cstr(&b), "../p/a.go:4:2") == 0, "named by a SourceNamer: got %s", sb_cstr(&b));

    EscResult r = {0};
    EscMsg msgs[2] = {
        {.kind = EM_MOVED_TO_HEAP, .file = &sf, .pos = 24, .text = "moved to heap: x"},
        {.kind = EM_FLOW, .file = &sf, .pos = 24, .text = "  flow: {heap} = &x:"},
    };
    r.msgs = msgs;
    r.nmsgs = 2;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    ReportOptions ro = {.m = 1};
    size_t n = report_print(mem, &r, &ro);
    fclose(mem);
    CHECK(n == 1 && strcmp(text, "./a.go:4:2: moved to heap: x\n") == 0, "report -m: %s", text);
    free(text);
    mem = open_memstream(&text, &len);
    ro.m = 2;
    n = report_print(mem, &r, &ro);
    fclose(mem);
    CHECK(n == 2 && strcmp(text, "./a.go:4:2: moved to heap: x\n./a.go:4:2:   flow: {heap} = &x:\n") == 0,
          "report -m=2: %s", text);
    free(text);
    sb_free(&b);
    source_free(&sf);
}

int main(void) {
    interner_init(&names);
    ctx = types_new(&names, "amd64");
    local = pkg_new(ctx, "example.com/p", "p");
    fmtpkg = pkg_new(ctx, "fmt", "fmt");
    arena_init(&irp.arena);
    irp.pkg = local;
    irp.names = &names;
    test_types();
    test_literals();
    test_exprs();
    test_stmts();
    test_positions();
    sb_free(&out);
    arena_free(&irp.arena);
    types_free(ctx);
    interner_free(&names);
    return check_report();
}
