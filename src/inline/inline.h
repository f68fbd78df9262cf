/* The inline stage's interface: gc 1.27's legacy inliner. inline.c decides
   which functions are inlinable and at what cost (gc's CanInline and its
   "hairy visitor"), with gc's messages (`can inline F`, at -m=2
   `can inline F with cost N as: SIG { BODY }` and `cannot inline F: REASON`);
   interleave.c then runs gc's interleaved pass (opt->substitute): interface
   calls with a statically known receiver type are devirtualized
   (`devirtualizing x.M to T`) and calls are inlined (`inlining call to F`),
   the callee's body copied into the caller as an INLCALL node (layout in
   interleave.c) that escape analysis walks as gc's OINLCALL.

   Packages are analysed in dependency order, like escape: each leaves an
   InlSummary (function Object -> InlFunc: inlinable?, cost, and a copy of
   the body as lowered) that its importers read, as gc reads inline bodies
   and costs from export data. A summary owns its copies: the package's
   IrPackage may be freed once the package is done. */
#ifndef GOESCAPE_INLINE_INLINE_H
#define GOESCAPE_INLINE_INLINE_H
#include "base/arena.h"
#include "base/ptrmap.h"
#include "ir/ir.h"
#include <stdbool.h>
#include <stdint.h>

/* What the inliner decided about one function. */
typedef enum InlState {
    INL_UNCHECKED,          /* not decided yet (only seen during the analysis) */
    INL_OK,                 /* inlinable: cost is the body's cost */
    INL_NO,                 /* not inlinable: reason says why (gc's text) */
} InlState;

typedef struct InlFunc {
    IrFunc *fn;             /* the function; valid while its IrPackage lives (importers
                               read state, cost, closure, name, pkg and body only) */
    const Object *obj;      /* its object (NULL: a func literal) */
    uint8_t state;          /* InlState */
    bool big;               /* gc's IsBigFunc: inlinees limited to cost 20 */
    bool closure;           /* a func literal inside a function (gc's ClosureParent != nil):
                               budget 800, inlined at up to twice the usual cost */
    uint8_t delay;          /* the interleaved pass's memo: 0 unknown, 1 results assigned
                               at once, 2 delayed (gc's canDelayResults) */
    int32_t cost;           /* INL_OK: gc's Inl.Cost; INL_NO for too complex: the cost found */
    int32_t budget;         /* the budget the body was measured against (80, 800 for closures) */
    const char *reason;     /* INL_NO: "marked go:noinline", "function too complex: ...", ... */
    const char *name;       /* gc's FuncName (owned by the summary) */
    const Pkg *pkg;         /* the package analysed */
    IrFunc *body;           /* INL_OK: a copy of the function as lowered (params, results,
                               body), owned by the summary, that inlined calls copy; NULL
                               when it cannot be substituted (func literals inside);
                               read it through inline_func_body */
    /* added for the summary cache: a summary read from disk decodes a body
       on first use (inline_func_body), so importers pay for those they
       inline only */
    struct InlLazy *lazy;
    uint32_t lazyoff;       /* the body's offset in lazy's bytes + 1; 0: none or decoded */
} InlFunc;

/* A package's inlining facts for its importers. */
typedef struct InlSummary {
    PtrMap funcs;           /* Object* (declared function or method) -> InlFunc* */
    Arena arena;
    IrPackage *snap;        /* arena of the InlFunc.body copies (NULL: none yet) */
    PtrMap globals;         /* package-level IrVar* -> its copy in snap */
    /* Object* -> (void *)1: the other packages' functions whose bodies this
       package inlined somewhere. gc's export data carries the bodies of a
       package's own inlinable functions and of these (noder's exportBody:
       local or HaveDcl); an importer inlines a function of a package it does
       not import itself only when one of its direct imports carries the
       body. */
    PtrMap reexp;
} InlSummary;

/* Reads summaries of imported packages (NULL: nothing known, calls into
   that package cost as non-inlinable calls). */
typedef struct InlImports {
    const InlSummary *(*fn)(void *data, const Pkg *pkg);
    /* the summary holding fnobj, a shaped instance of another package's
       generic made by neither that package nor this one (NULL: none) */
    const InlSummary *(*owner)(void *data, const Object *fnobj);
    void *data;
} InlImports;

typedef struct InlOptions {
    int m;                  /* -m level: 1 `can inline F`, >= 2 with cost and body, and
                               `cannot inline F: reason` */
    int l;                  /* number of -l flags given: 1 disables inlining (nothing printed,
                               all costs unchecked); gc's -l=4 (l == 4 here) makes calls cost 1 */
    bool race;              /* -race: go:norace functions are not inlinable, sync/atomic
                               calls are not intrinsics */
    bool checkptr;          /* -d=checkptr: go:nocheckptr functions are not inlinable */
    bool substitute;        /* run the interleaved pass: devirtualize and inline calls
                               (`inlining call to F`), substituting the bodies into p */
    /* set: tell escape analysis, running on another thread, which functions
       the interleaved pass has finished (ir/final.h); closed on return */
    struct IrFinal *final;
} InlOptions;

/* One message, in gc's print order. */
typedef struct InlMsg {
    const SourceFile *file;
    Pos pos;
    const char *text;       /* without the position: "can inline f with cost 2 as: ..." */
    const IrFunc *fn;
} InlMsg;

typedef struct InlResult {
    InlMsg *msgs;           /* malloc'd */
    uint32_t nmsgs, capmsgs;
    Arena arena;            /* message texts */
} InlResult;

/* Decides inlinability and cost for every function of p (bottom-up over the
   call graph's strongly connected components, as gc), records the messages
   of opt->m in out (NULL: none) and fills sum (initialised by
   inline_summary_init; NULL: not kept) with this package's functions.
   opt NULL: -m=0, inlining on. Once per package: the interleaved pass
   marks the calls it collects (IRF_SITE). */
void inline_analyze(IrPackage *p, const InlImports *imp, const InlOptions *opt, InlResult *out,
                    InlSummary *sum);

/* The decision for a function of p's summary (or an imported one); NULL when
   unknown. */
const InlFunc *inline_lookup(const InlSummary *sum, const Object *fnobj);

void inline_summary_init(InlSummary *s);
void inline_summary_free(InlSummary *s);
void inline_result_init(InlResult *r);
void inline_result_free(InlResult *r);

/* The on-disk form of a summary (inline/summary_io.c): every InlFunc of
   funcs with its body copy (ir/serial.c), objects, types, files and
   constants through refs. Reading fills s (initialised by
   inline_summary_init) so that importers use it as the one analysis made:
   InlFunc.fn is NULL (importers never read it), pkg is pkg (or another
   package for shaped instances of its generics), the bodies are decoded on
   first use (inline_func_body) into a new s->snap whose names are interned
   in names, from a copy of their bytes in s->arena (borrow: from r's
   bytes themselves, which then outlive s); s->globals stays empty (only
   the analysing package fills it). On failure (false, truncated or
   corrupt input) s holds a partial result the caller frees. */
struct SerRefs;
struct DeRefs;
bool inline_summary_write(ByteBuf *out, const InlSummary *s, const Pkg *pkg, const struct SerRefs *refs);
bool inline_summary_read(ByteReader *r, InlSummary *s, Pkg *pkg, Interner *names,
                         const struct DeRefs *refs, bool borrow);
/* f->body, decoded now if f comes from inline_summary_read (thread-safe:
   importers analysed in parallel may ask at once). NULL as for body; a
   body found corrupt only now reads as NULL too (the cache checksums its
   files, so that means a bug). The refs given to inline_summary_read must
   stay valid while the summary is used. */
IrFunc *inline_func_body(const InlFunc *f);

#endif
