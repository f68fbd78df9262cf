/* Internal interface of the escape stage: the data-flow graph of one batch
   (locations, edges, holes), the walkers that build it, the solver, tags and
   messages. Only files of src/escape include this. */
#ifndef GOESCAPE_ESCAPE_ESC_INT_H
#define GOESCAPE_ESCAPE_ESC_INT_H
#include "escape/escape.h"
#include "base/arena.h"
#include "base/ptrmap.h"
#include "base/strbuf.h"
#include "ir/ir.h"
#include <stdbool.h>
#include <stdint.h>

/* ------------------------------------------------------------------ leaks */

/* A parameter's leak summary: bytes [heap, mutator, callee, result0..4],
   each derefs+1 (0: no flow). */
enum { LEAK_HEAP, LEAK_MUTATOR, LEAK_CALLEE, LEAK_RESULT0, LEAK_N = 8 };
#define ESC_NUM_RESULTS (LEAK_N - LEAK_RESULT0)
typedef struct Leaks { uint8_t b[LEAK_N]; } Leaks;

static inline int leaks_get(const Leaks *l, int i) { return (int)l->b[i] - 1; }
void leaks_add(Leaks *l, int i, int derefs);
void leaks_set(Leaks *l, int i, int derefs);
void leaks_optimize(Leaks *l);
bool leaks_any(const Leaks *l);

/* ------------------------------------------------------------- graph */

enum { ATTR_ESCAPES = 1, ATTR_PERSISTS = 2, ATTR_MUTATES = 4, ATTR_CALLS = 8 };

typedef struct EscLoc EscLoc;

/* Why an edge exists (kept at -m>=2 only). where is a node, or a variable
   for closure captures. */
typedef struct EscNote {
    struct EscNote *next;
    IrNode *where;
    const IrVar *wvar;
    const char *why;
} EscNote;

typedef struct EscEdge {
    EscLoc *src;
    int derefs;
    EscNote *notes;
} EscEdge;

struct EscLoc {
    /* the solver's walk reads these first: one cache line */
    EscEdge *edges;         /* incoming */
    uint32_t nedges, capedges;
    uint32_t walkgen;
    int derefs;
    uint32_t queued_one;
    uint8_t attrs;
    bool queued_all;
    bool captured, reassigned, addrtaken, param, param_out;
    EscLoc *dst;
    uint32_t dst_edge;
    int loopdepth;
    IrFunc *curfn;
    IrNode *n;              /* expression, or NULL */
    IrVar *var;             /* variable, or NULL */
    int result_index;       /* 1-based for result parameters */
    Leaks leaks;
    uint32_t id;            /* creation order */
    EscReason heapwhy;      /* HeapAllocReason, if any */
    EscReason reason;       /* why it escaped (set when it does, m >= 1) */
    const EscStep *path;    /* the explanation recorded then (in the result arena) */
    uint32_t npath;
};

typedef struct EscHole {
    EscLoc *dst;
    int derefs;
    EscNote *notes;
    bool addrtaken;
} EscHole;

/* Per-function state for the whole analysis (indexed by IrFunc.tag). */
enum { FN_UNKNOWN, FN_PLANNED, FN_STARTED, FN_TAGGED };
typedef struct EscFnInfo {
    IrFunc *fn;
    uint8_t state;
    bool results_lost;
    bool keepalive;         /* bodyless: uintptr arguments kept alive */
    Leaks *tags;            /* one per param once tagged */
    bool labels_ready;      /* labels holds what scan_labels would find (set by the SCC walk) */
    PtrMap labels;          /* label -> LABEL_NONLOOPING / LABEL_LOOPING */
    /* the oracle's view of the body (oracle.c): its assignments and func
       literals in walk order, valid while olist_gen == EscCtx.irgen */
    IrNode **olist;
    uint32_t nolist, capolist, olist_gen;
    bool olist_ready;
    bool olist_busy;        /* being recorded by the SCC walk (escape.c) */
    uint32_t sccid;         /* the SCC walk's number: 0 unvisited, UINT32_MAX done */
} EscFnInfo;

/* A resolved callee: a function of this package (fn), or an imported
   function or method (obj). */
typedef struct EscCallee {
    IrFunc *fn;
    Object *obj;
} EscCallee;

typedef struct EscClosure {
    EscHole k;
    IrNode *clo;
} EscClosure;

/* Analysis-wide state. */
typedef struct EscCtx {
    IrPackage *pkg;
    const EscImports *imp;
    const EscOptions *opt;
    EscResult *out;
    EscSummary *sum;
    const Sizes *sizes;
    /* one per pkg->funcs entry (IrFunc.tag is the index), registered as
       the inliner publishes them (EscOptions.final) or all at once; the
       entries never move */
    EscFnInfo **fns;
    uint32_t nfns, capfns;
    Arena fnarena;
    IrFunc **flist;         /* the functions published so far (EscOptions.final) */
    uint32_t nflist, capflist;
    PtrMap obj2fn;          /* Object* (func/method) -> IrFunc* */
    StrBuf sb, sb2;         /* scratch */
    uint32_t irgen;         /* bumped whenever escape rewrites a tree (drops a subtree) */
    IrDeadLocals *dl;       /* EscOptions.deadlocals */
} EscCtx;

/* A label's state during one function walk. */
enum { LABEL_NONLOOPING = 1, LABEL_LOOPING = 2 };

/* One batch. */
typedef struct EscBatch {
    EscCtx *c;
    Arena arena;
    EscLoc **locs;
    uint32_t nlocs, caplocs;
    EscClosure *closures;
    uint32_t nclosures, capclosures;
    EscLoc heap, mutator, callee, blank;
    IrFunc **fns;
    uint32_t nbfns;
    PtrMap oracles;         /* outer IrFunc* -> EscOracle* */
    PtrMap godefer;         /* callee expression of go / looping defer -> EscReason */
    /* explanation lines go to steps instead of messages while collecting */
    bool collecting;
    EscStep *steps;
    uint32_t nsteps, capsteps;
} EscBatch;

/* The walker's position. */
typedef struct Esc {
    EscBatch *b;
    IrFunc *curfn;
    int loopdepth;
    PtrMap labels;          /* label -> (void*)state */
} Esc;

/* escape.c: *slot (an operand in a function body) becomes v; the old
   subtree goes to the result's dropped list (escape.h). */
void esc_replace(EscCtx *c, IrNode **slot, IrNode *v);

/* graph.c */
EscLoc *esc_new_loc(Esc *e, IrNode *n, IrVar *v, bool persists);
EscLoc *esc_var_loc(EscBatch *b, const IrVar *v);   /* NULL if none */
IrVar *esc_canonical(const IrVar *v);
EscHole esc_hole(EscLoc *l);
EscHole esc_heap_hole(EscBatch *b);
EscHole esc_mutator_hole(EscBatch *b);
EscHole esc_callee_hole(EscBatch *b);
EscHole esc_discard_hole(EscBatch *b);
EscHole hole_note(EscBatch *b, EscHole k, IrNode *where, const char *why);
EscHole hole_note_var(EscBatch *b, EscHole k, const IrVar *where, const char *why);
EscHole hole_shift(EscHole k, int delta);
EscHole hole_deref(EscBatch *b, EscHole k, IrNode *where, const char *why);
EscHole hole_addr(EscBatch *b, EscHole k, IrNode *where, const char *why);
EscHole hole_dottype(EscBatch *b, EscHole k, Type *t, IrNode *where, const char *why);
void esc_flow(EscBatch *b, EscHole k, EscLoc *src);
EscHole esc_spill(Esc *e, EscHole k, IrNode *n);
EscHole esc_tee(Esc *e, const EscHole *ks, uint32_t n);
EscHole esc_later(Esc *e, EscHole k);
bool esc_in_mutual_batch(EscCtx *c, const IrFunc *fn);
EscFnInfo *esc_fn_info(EscCtx *c, const IrFunc *fn);
/* The function of this package declaring obj (or its generic origin), or NULL. */
IrFunc *esc_local_func(EscCtx *c, Object *obj);

/* expr.c */
void esc_expr(Esc *e, EscHole k, IrNode *n);
void esc_expr_skip_init(Esc *e, EscHole k, IrNode *n);
void esc_discard(Esc *e, IrNode *n);
void esc_unsafe_value(Esc *e, EscHole k, IrNode *n);
void esc_discards(Esc *e, const IrList *l);
bool esc_name_is_var(EscCtx *c, const IrNode *n);   /* NAME of a variable (not a function) */
bool esc_is_blank(EscCtx *c, const IrNode *n);

/* stmt.c */
/* IF with a constant condition: 1 always true, -1 always false, 0 unknown. */
int esc_static_cond(const IrNode *ifstmt);
/* oracle.c: whether the oracle records n (an assignment or func literal),
   and recording it, for the SCC walk that meets it in the same order */
bool esc_oracle_wants(const IrNode *n);
void esc_oracle_push(EscFnInfo *fi, IrNode *n);
/* Records what label statement or goto n says about looping labels. */
void esc_scan_label(PtrMap *labels, const IrNode *n);
void esc_stmt(Esc *e, IrNode *n);
void esc_stmts(Esc *e, const IrList *l);
void esc_block(Esc *e, const IrList *l);
void esc_walk_func(EscBatch *b, IrFunc *fn);
EscHole esc_addr(Esc *e, IrNode *n);
void esc_assign_heap(Esc *e, IrNode *src, const char *why, IrNode *where);
bool esc_is_self_assign(EscCtx *c, const IrNode *dst, const IrNode *src);

/* call.c */
void esc_call(Esc *e, EscHole *ks, uint32_t nks, IrNode *call);
void esc_go_defer(Esc *e, IrNode *n);
EscHole esc_tag_hole(Esc *e, EscHole *ks, uint32_t nks, const EscCallee *fn, uint32_t param);

/* oracle.c: gc's ReassignOracle */
IrNode *esc_static_value(EscBatch *b, IrFunc *fn, IrNode *n);
/* Callees assigned to a func-typed local (NULL when unknown); *n receives the count. */
void esc_oracles_free(EscBatch *b);
bool esc_func_assignments(EscBatch *b, IrFunc *fn, const IrVar *v, IrNode ***out, uint32_t *n);

/* solve.c */
void esc_walk_all(EscBatch *b);
bool esc_outlives(EscBatch *b, EscLoc *l, EscLoc *other);

/* diag.c */
void esc_msg(EscCtx *c, EscMsgKind kind, const SourceFile *f, Pos pos, const IrFunc *fn,
             const IrNode *node, const IrVar *var, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
EscMsg *esc_last_msg(EscCtx *c);
void esc_fmt_node(EscCtx *c, StrBuf *sb, const IrNode *n);
void esc_fmt_stmt(EscCtx *c, StrBuf *sb, const IrNode *n);
void esc_fmt_pos(EscCtx *c, StrBuf *sb, const SourceFile *f, Pos p);
void esc_explain_loc(EscBatch *b, StrBuf *sb, const EscLoc *l);
void esc_explain_flow(EscBatch *b, const SourceFile *f, Pos pos, EscLoc *dst, EscLoc *src,
                      int derefs, const EscNote *notes, const IrFunc *fn);
void esc_explain_path(EscBatch *b, EscLoc *root, EscLoc *src);
void esc_loc_pos(const EscLoc *l, const SourceFile **f, Pos *p);
/* Records l's escape explanation and reason (root: the walk's root; NULL
   for an immediate escape through an edge into an escaping dst). */
void esc_record_escape(EscBatch *b, EscLoc *root, EscLoc *l, EscLoc *dst, int derefs, const EscNote *notes);
const char *esc_func_name(const IrFunc *fn);
const char *esc_func_qualname(EscCtx *c, const IrFunc *fn);
const char *esc_var_name(EscCtx *c, const IrVar *v);
void esc_finish(EscBatch *b);

/* heapreason.c / typeutil */
bool esc_has_pointers(EscCtx *c, Type *t);
bool esc_is_direct_iface(EscCtx *c, Type *t);
bool esc_is_interface(Type *t);
int64_t esc_sizeof(EscCtx *c, Type *t);
EscReason esc_heap_alloc_reason(EscBatch *b, EscLoc *l, const char **why);
void esc_rewrite_with_literals(EscBatch *b, EscLoc *l);
Type *esc_elem(Type *t);    /* element of slice/array/pointer/chan/map under t, or NULL */
bool esc_is_kind(Type *t, TypeKind k);
bool esc_is_basic(Type *t, BasicKind k);

/* leaks.c: tags */
void esc_tag_encode(StrBuf *sb, const Leaks *l);
Leaks esc_tag_decode(const char *s, size_t n);
bool esc_callee_leaks(EscCtx *c, const EscCallee *fn, uint32_t param, Leaks *out);
uint32_t esc_callee_pragmas(EscCtx *c, const EscCallee *fn);
Type *esc_callee_type(EscCtx *c, const EscCallee *fn);
void esc_param_tags(EscBatch *b, IrFunc *fn);

#endif
