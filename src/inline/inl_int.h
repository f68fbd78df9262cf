/* Private declarations shared by the inline stage's files. */
#ifndef GOESCAPE_INLINE_INL_INT_H
#define GOESCAPE_INLINE_INL_INT_H
#include "inline.h"
#include "base/strbuf.h"
#include "base/vec.h"
#include <pthread.h>
#include <stdbool.h>

/* The decisions made so far, for the interleaved pass's first half running
   beside them on another thread (interleave.c, inl_beside_start): the
   decisions thread marks each function decided (IrFunc.tag >= 2) batch by
   batch, then done. */
typedef struct InlSide {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool done;
} InlSide;

/* One analysis of a package. */
typedef struct Inl {
    IrPackage *p;
    const InlImports *imp;
    const InlOptions *opt;
    InlResult *out;
    InlSummary *sum;
    PtrMap byobj;           /* Object* -> IrFunc* of this package */
    /* bodies of other packages' functions this package can inline (gc reads
       only its direct imports' export data): Pkg* of each direct import, and
       Object* each of them re-exports (InlSummary.reexp); read-only once the
       analysis starts */
    PtrMap direct, visible;
    PtrMap reassigned;      /* IrVar* -> (void *)1 not reassigned / 2 reassigned */
    PtrMap nodeid;          /* IrFunc* -> SCC visit id */
    uint32_t visitgen;
    VEC(IrFunc *) stack;
    StrBuf sb;
    VEC(IrFunc *) order;    /* every function in bottom-up order, batch by batch */
    VEC(uint32_t) batchend; /* order index past the end of each batch */
    InlSide *side;          /* set while the first half of the interleaved pass runs beside */
    bool beside;            /* this is that half's view: it waits for decisions */
} Inl;

/* inline.c, for interleave.c */
/* Waits until fn is decided (NULL: every function is). */
void inl_await(Inl *in, const IrFunc *fn);
InlFunc *inl_named_callee(Inl *in, IrNode *v);
InlFunc *inl_static_callee(Inl *in, IrNode *fx, const IrFunc *caller, bool decide);
void inl_add_msg_at(Inl *in, const IrFunc *fn, const SourceFile *file, Pos pos, const char *text);
bool inl_is_big_func(const IrFunc *fn);
/* The same, counted now (a function no walk has tagged: a method wrapper). */
bool inl_count_big_func(const IrFunc *fn);
bool inl_is_closure(const IrFunc *fn);
void inl_method_symname(StrBuf *b, const Object *m);
bool inl_is_generic_func(const Object *o);
bool inl_from_generic(const Object *o);
bool inl_body_visible(const Inl *in, const Object *o);
/* The decision about a function object, local or imported (NULL: unknown,
   or its body out of this package's reach). */
InlFunc *inl_lookup_obj(Inl *in, const Object *o);

/* reexport.c: keeps in in->sum->reexp only what gc's export data would
   carry (once the interleaved pass is done). */
void inl_prune_reexports(Inl *in);

/* interleave.c: gc's interleaved devirtualization and inlining pass. */
void inl_snapshot(Inl *in, InlFunc *f);
typedef struct InlBeside InlBeside;
/* Starts the interleaved pass's first half (call sites, devirtualization)
   on a thread of its own, each function taken once it is decided (NULL: no
   thread; inl_interleave does it all). */
InlBeside *inl_beside_start(Inl *in);
/* The pass (b: the first half ran beside the decisions, which are made). */
void inl_interleave(Inl *in, InlBeside *b);

/* intrinsics.c: symname is gc's symbol name ("Len64", "littleEndian.Uint64"). */
bool inl_is_intrinsic(const char *pkgpath, const char *symname, bool race);
bool inl_is_cheap_method(const char *pkgpath, const char *symname);
bool inl_is_cheap_func(const char *pkgpath, const char *symname);

#endif
