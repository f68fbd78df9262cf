/* Unit tests of generic instantiation: shaped instances of a package's own
   generic functions and generic types' methods are lowered and analysed as
   gc does (names, messages at the generic's positions, DUPOK silencing
   parameter diagnostics, method calls through the dictionary), and the
   types stage's substitution and instance records. Expected messages are
   gc's (go build -gcflags='-m -l'). */
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

static const char src1[] =
    "package p\n"
    "\n"
    "var sink any\n"
    "\n"
    "type Str interface{ String() string }\n"
    "\n"
    "func Id[T any](x T) T { return x }\n"
    "\n"
    "func Leak[T any](x T) *T { return &x }\n"
    "\n"
    "func Call[T Str](x T) string { return x.String() }\n"
    "\n"
    "func Mk[T any](n int) []T { return make([]T, n) }\n"
    "\n"
    "func New[T any]() *T { return new(T) }\n"
    "\n"
    "type Box[T any] struct{ v T }\n"
    "\n"
    "func (b *Box[T]) Set(v T)  { b.v = v }\n"
    "func (b *Box[T]) Unused()  { sink = new(int) }\n"
    "\n"
    "type S struct{ p *int }\n"
    "\n"
    "func (s *S) String() string { return \"\" }\n"
    "\n"
    "func Use(s *S, n int) {\n"
    "\ty := 1\n"
    "\t_ = Id(&y)\n"
    "\t_ = Leak(3)\n"
    "\t_ = Call(s)\n"
    "\t_ = Mk[int](n)\n"
    "\t_ = Mk[string](n)\n"
    "\t_ = New[S]()\n"
    "\tvar b Box[*int]\n"
    "\tb.Set(&y)\n"
    "}\n";

/* gc's -m -l output for src1, in its order. */
static const char *const want1[] = {
    "24:7: s does not escape",
    "9:18: moved to heap: x",
    "13:40: make([]go.shape.int, n) escapes to heap",
    "13:40: make([]go.shape.string, n) escapes to heap",
    "15:34: new(<node DYNAMICTYPE>) escapes to heap",
    "26:10: leaking param: s",
    "27:2: moved to heap: y",
    "20:40: new(int) escapes to heap",
    NULL,
};

static const char *const names1[] = {
    "Id[go.shape.*uint8]", "Leak[go.shape.int]", "Call[go.shape.*uint8]", "Mk[go.shape.int]",
    "Mk[go.shape.string]", "New[go.shape.struct { p.p *int }]", "(*Box[go.shape.*uint8]).Set",
    "(*Box[go.shape.*uint8]).Unused", NULL,
};

static IrFunc *find_func(IrPackage *p, const char *name) {
    for (uint32_t i = 0; i < p->nfuncs; i++)
        if (p->funcs[i]->name && strcmp(p->funcs[i]->name, name) == 0) return p->funcs[i];
    return NULL;
}

static void test_package(void) {
    Lowered lw;
    lowered_open(&lw, src1, "p");
    CHECK(lw.errors == 0, "type errors: %u", lw.errors);
    IrPackage *irp = lw.p;
    CHECK(irp != NULL, "lowering failed");
    if (irp) {
        for (const char *const *nm = names1; *nm; nm++) {
            IrFunc *fn = find_func(irp, *nm);
            CHECK(fn != NULL, "no instance %s", *nm);
            if (fn) {
                CHECK((fn->flags & (IRFN_SHAPED | IRFN_DUPOK | IRFN_HAS_BODY)) ==
                          (IRFN_SHAPED | IRFN_DUPOK | IRFN_HAS_BODY), "%s: flags %#x", *nm, fn->flags);
                CHECK(!(fn->flags & IRFN_GENERIC) && fn->body.n > 0, "%s: not lowered", *nm);
                CHECK(fn->file == &lw.sf, "%s: not in the generic's file", *nm);
            }
        }
        CHECK(irp->unhandled == 0, "%u constructs not lowered", irp->unhandled);
        EscOptions opt = {.m = 1, .no_inline = true, .zerocopy = true};
        EscResult r;
        EscSummary sum;
        escape_result_init(&r);
        escape_summary_init(&sum);
        escape_analyze(irp, NULL, &opt, &r, &sum);
        StrBuf got = {0}, exp = {0};
        for (uint32_t i = 0; i < r.nmsgs; i++) {
            if (r.msgs[i].kind == EM_FLOW || r.msgs[i].kind == EM_CAPTURE) continue;
            Position ps = source_pos(r.msgs[i].file, r.msgs[i].pos);
            sb_printf(&got, "%u:%u: %s\n", ps.line, ps.col, r.msgs[i].text);
        }
        for (const char *const *w = want1; *w; w++) sb_printf(&exp, "%s\n", *w);
        CHECK(strcmp(sb_cstr(&got), sb_cstr(&exp)) == 0, "messages differ\n--- want\n%s--- got\n%s",
              sb_cstr(&exp), sb_cstr(&got));
        sb_free(&got);
        sb_free(&exp);
        escape_result_free(&r);
        escape_summary_free(&sum);
    }

    /* substitution and instance records */
    Object *mk = irp ? scope_lookup(irp->pkg->scope, intern_cstr(&lw.names, "Mk")) : NULL;
    CHECK(mk && mk->type && mk->type->kind == TY_SIGNATURE, "Mk not found");
    if (mk && mk->type && mk->type->kind == TY_SIGNATURE) {
        SignatureType *sig = (SignatureType *)mk->type;
        Type *intt = &lw.ctx->typ[BK_INT]->t;
        TypeList to = {&intt, 1};
        Type *res = tuple_at(sig->results, 0)->type;
        Type *s = types_subst(irp->pkg, sig->tparams, to, res);
        CHECK(s && s->kind == TY_SLICE && ((SliceType *)s)->elem == intt, "[]T with T=int");
        CHECK(types_has_tparams(res) && !types_has_tparams(s), "has_tparams");
        CHECK(types_subst(irp->pkg, sig->tparams, to, intt) == intt, "subst without type parameters");
        unsigned ninst = 0;
        for (size_t i = 0; i < lw.info.instances.cap; i++) {
            const TypeList *l = lw.info.instances.keys[i] ? lw.info.instances.vals[i] : NULL;
            if (l && l->n == 1 && (l->v[0] == intt || type_identical(l->v[0], intt))) ninst++;
        }
        CHECK(ninst >= 2, "instances with int recorded: %u", ninst);   /* Leak(3), Mk[int] */
    }

    lowered_close(&lw);
}

int main(void) {
    test_package();
    return check_report();
}
