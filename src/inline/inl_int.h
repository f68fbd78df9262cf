/* Private declarations shared by the inline stage's files. */
#ifndef GOESCAPE_INLINE_INL_INT_H
#define GOESCAPE_INLINE_INL_INT_H
#include "inline.h"
#include "base/strbuf.h"
#include "base/vec.h"
#include <stdbool.h>

/* One analysis of a package. */
typedef struct Inl {
    IrPackage *p;
    const InlImports *imp;
    const InlOptions *opt;
    InlResult *out;
    InlSummary *sum;
    PtrMap byfn;            /* IrFunc* -> InlFunc* */
    PtrMap byobj;           /* Object* -> IrFunc* of this package */
    PtrMap reassigned;      /* IrVar* -> (void *)1 not reassigned / 2 reassigned */
    PtrMap nodeid;          /* IrFunc* -> SCC visit id */
    uint32_t visitgen;
    VEC(IrFunc *) stack;
    StrBuf sb;
    VEC(IrFunc *) order;    /* every function in bottom-up order, batch by batch */
    VEC(uint32_t) batchend; /* order index past the end of each batch */
} Inl;

/* inline.c, for interleave.c */
InlFunc *inl_named_callee(Inl *in, IrNode *v);
InlFunc *inl_static_callee(Inl *in, IrNode *fx, const IrFunc *caller, bool decide);
void inl_add_msg_at(Inl *in, const IrFunc *fn, const SourceFile *file, Pos pos, const char *text);
bool inl_is_big_func(const IrFunc *fn);
bool inl_is_closure(const IrFunc *fn);
void inl_method_symname(StrBuf *b, const Object *m);
bool inl_is_generic_func(const Object *o);

/* interleave.c: gc's interleaved devirtualization and inlining pass. */
void inl_snapshot(Inl *in, InlFunc *f);
void inl_interleave(Inl *in);

/* intrinsics.c: symname is gc's symbol name ("Len64", "littleEndian.Uint64"). */
bool inl_is_intrinsic(const char *pkgpath, const char *symname, bool race);
bool inl_is_cheap_method(const char *pkgpath, const char *symname);
bool inl_is_cheap_func(const char *pkgpath, const char *symname);

#endif
