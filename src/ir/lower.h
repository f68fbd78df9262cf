/* Private state of the lowering pass, shared by lower*.c. */
#ifndef GOESCAPE_IR_LOWER_H
#define GOESCAPE_IR_LOWER_H
#include "ir.h"
#include "base/ptrmap.h"
#include "base/vec.h"

/* What the range-over-func loops nested in one outermost loop share. */
typedef struct RfNest {
    IrFunc *home;               /* the function holding the outermost loop */
    IrVar *next, *defers;       /* #next, #defers: made on first need, in home */
    IrNode *decl[2];            /* their declarations, in that order */
    uint32_t ndecl;
    uint32_t dcl_at;            /* where in home's dcl they go (before #stateN) */
    Pos pos;                    /* the outermost loop's */
} RfNest;

/* A label of a function's body in order (gc's computeBranchNext): the
   range-over-func loop whose body holds it, NULL for none. */
typedef struct RfLabel {
    const char *name;
    const struct Node *loop;
} RfLabel;

/* A branch a loop's checks redo after its iterator call (gc's checkBranch). */
typedef struct RfBranch {
    int tok;
    const char *label;
} RfBranch;

/* The body of a range-over-func loop being lowered as a closure. */
typedef struct RangeFunc {
    struct FnCtx *outerfc;      /* function holding the loop */
    IrFunc *realfn;             /* the declared function or literal whose results `return` sets */
    struct RangeFunc *up;       /* the range-over-func loop whose body holds this one */
    RfNest *nest;
    IrVar *state;               /* #stateN */
    const char *label;          /* the loop's label, if any */
    uint32_t depth;             /* 1 for the outermost loop of a function */
    uint32_t loops;             /* nested loops inside the body (continue targets) */
    uint32_t breakables;        /* nested loops, switches and selects (break targets) */
    const struct Node *stmt;    /* the range statement */
    /* what the code after the iterator call must check in #next (gc's
       forLoop.checkRet / checkBreak / checkContinue / checkBranch) */
    bool check_ret, check_break, check_continue;
    VEC(RfBranch) check_branch;
} RangeFunc;

/* One function being lowered: its variables by object, closure counters. */
typedef struct FnCtx {
    IrFunc *fn;
    struct FnCtx *outer;        /* enclosing function of a func literal */
    PtrMap vars;                /* Object* -> IrVar* */
    uint32_t closgen;           /* func literals: f.funcN / f.func1.N */
    uint32_t godefergen;        /* f.gowrapN / f.deferwrapN */
    uint32_t rangegen;
    uint32_t stategen;          /* #stateN: counted per declared function or literal,
                                   across the range-over-func bodies inside it */
    uint32_t yieldgen;          /* #yieldN: the same, as the loops end (inner ones first) */
    RangeFunc *rf;              /* this function is a range-over-func body */
    const struct Node *body;    /* the body lowered (its first lw_block) */
    VEC(RfLabel) labels;        /* the body's labels, once a branch needs them */
    bool labels_done;
} FnCtx;

/* A type switch clause whose variable is bound on first use (the checker
   declares one object per clause without recording it). */
typedef struct TswClause {
    struct TswClause *prev;
    FnCtx *fc;
    const char *name;
    const SourceFile *file;
    Pos pos;                    /* the guard identifier (the objects' position) */
    IrVar *var;
} TswClause;

typedef struct LwNarrowed { const Node *node, *x, *y; } LwNarrowed;
/* A method value x.M of the package's code: gc's T.M-fm wrapper (wrappers.c). */
typedef struct LwMethVal { Type *recv; Object *m; } LwMethVal;

typedef struct Lower {
    IrPackage *p;
    Pkg *pkg;
    TypeContext *ctx;
    const TypeInfo *info;
    const IrOptions *opt;
    const SourceFile *file;     /* file being lowered */
    const AstFile *astfile;
    FnCtx *fc;                  /* function being lowered */
    PtrMap globals;             /* Object* -> IrVar* of package-level variables */
    PtrMap methsigs;            /* method Object* -> SignatureType* with the receiver first */
    PtrMap ptrtypes;            /* Type* -> pointer to it, made by lowering */
    PtrMap offsets;             /* StructType* -> its field offsets (int64_t[], arena) */
    VEC(IrFunc *) closures;     /* func literals and wrappers, in creation order */
    TswClause *tsw;
    const char *range_label;    /* the label of the range statement lowered next */
    IrVar *blank;
    const char *s_blank, *s_init;
    uint32_t globclosgen;
    uint32_t initgen;
    bool distinct_loops;        /* Go >= 1.22 loop variable semantics in this file */
    bool imports_testing;       /* the b.Loop pass applies */
    Pos sticky;                 /* gc's base.Pos while reading a body: the function's position,
                                   then each newly defined local's (held N:1 values get it) */
    /* generic instantiation (instantiate.c) */
    struct LwInst *inst;        /* substitution of the shaped body being lowered, or NULL */
    Object *dict, *dict_callee; /* the last function name lowered that denotes a shaped
                                   instance (lw_inst_funcname): its static dictionary */
    struct LwInstState *insts;  /* this package's shapes and instances (NULL: none yet) */
    AstFile **files;            /* the package's files (local generic declarations) */
    size_t nfiles;
    /* conditions gc's writer narrowed inside (lower_stmt.c, static_bool):
       the operands of these && / || / ! nodes as gc writes them */
    VEC(LwNarrowed) narrowed;
    VEC(LwMethVal) methvals;    /* in the order they were lowered */
} Lower;

/* ir.c */
void ir_ptrs_append(IrPackage *p, void ***v, uint32_t *n, void *x);
void ir_func_add_dcl(IrPackage *p, IrFunc *fn, IrVar *v);
IrVar *ir_new_var(IrPackage *p, const char *name, Type *t, IrClass cls, const SourceFile *file,
                  Pos pos);
IrFunc *ir_new_func(IrPackage *p, const char *name, const SourceFile *file, Pos pos);

/* lower.c */
IrNode *lw_node(Lower *L, IrOp op, Pos pos, Type *t, const Node *src);
IrNode *lw_bad(Lower *L, const Node *src, const char *why);
const char *lw_intern(Lower *L, const char *s);
const char *lw_internf(Lower *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
IrVar *lw_var_use(Lower *L, Object *o, Pos pos); /* variable o used at pos, or NULL */
IrVar *lw_declare(Lower *L, Object *o, const Node *id);
IrNode *lw_name(Lower *L, IrVar *v, Pos pos, const Node *src);
IrNode *lw_blank(Lower *L, Pos pos, Type *t);
IrVar *lw_temp(Lower *L, Type *t, Pos pos);
/* A func literal or wrapper nested in the current function. */
IrFunc *lw_new_closure(Lower *L, const char *name, Pos pos, SignatureType *sig);
void lw_push_fn(Lower *L, FnCtx *fc, IrFunc *fn);
void lw_pop_fn(Lower *L, FnCtx *fc);
const char *lw_closure_name(Lower *L, const char *suffix, uint32_t *gen);
void lw_declare_params(Lower *L, IrFunc *fn, SignatureType *sig, const Node *recv,
                       const Node *ftype);

/* lower_expr.c */
Pos lw_gcpos(const Node *e);
const Node *lw_unparen(const Node *e);
const ExprInfo *lw_info(Lower *L, const Node *e);
Type *lw_type(Lower *L, const Node *e);
IrNode *lw_expr(Lower *L, const Node *e);
/* e converted (implicitly) to dst (NULL: no conversion). */
IrNode *lw_expr_to(Lower *L, const Node *e, Type *dst);
IrNode *lw_implicit_conv(Lower *L, IrNode *n, Type *dst, const Node *src);
IrOp lw_conv_op(Type *src, Type *dst);
IrNode *lw_selector(Lower *L, const Node *e);
/* The field offset of DOT/DOTPTR n, also when IR_OFFSET_BIG. */
int64_t lw_dot_offset(Lower *L, const IrNode *n);
void lw_mark_addrtaken(IrNode *n);
IrNode *lw_addr(Lower *L, IrNode *x, Pos pos, bool implicit, const Node *src);
IrNode *lw_deref(Lower *L, IrNode *x, Pos pos, bool implicit, const Node *src);
/* Applies the embedded-field path to x (implicit DOT/DOTPTR). */
IrNode *lw_embedded_path(Lower *L, IrNode *x, const TypesSelStep *path, uint32_t n, Pos pos,
                         const Node *src);
/* The receiver of method selector e (embedded path applied, & or * added),
   NULL if e is not a method selection; *iface: an interface method. */
IrNode *lw_method_recv(Lower *L, const Node *e, Object **m, bool *iface);
Type *lw_ptr_to(Lower *L, Type *t);
/* x as method m's receiver: & or * added (implicit) as m's receiver needs. */
IrNode *lw_recv_adjust(Lower *L, IrNode *x, Object *m, Pos pos, const Node *src);
IrNode *lw_func_lit(Lower *L, const Node *e);

/* lower_call.c */
IrNode *lw_call(Lower *L, const Node *e);
/* A call of method selector fun (x.M) as gc makes it, its arguments not
   added yet: T.M(x, ...) (receiver first) or an interface call; *sig is
   the method's signature without receiver (fi: fun's info, as written).
   NULL if fun is not one. */
/* recv.M calling method m statically: a CALLFUNC of the METHEXPR T.M with
   recv as its first argument (the caller adds the others); pos the call's,
   dpos the selector's, src and fun their syntax (or NULL). */
IrNode *lw_static_method_call(Lower *L, Object *m, IrNode *recv, Pos pos, Pos dpos, Type *rt, const Node *src,
                              const Node *fun);
IrNode *lw_method_call(Lower *L, const Node *fun, const ExprInfo *fi, Pos pos, Type *rt, const Node *src,
                       SignatureType **sig);
SignatureType *lw_method_sig(Lower *L, Object *m, Type *recvtype);
/* Lowers args of a call against params (variadic packing, multi-value
   calls through temporaries in init). */
void lw_call_args(Lower *L, IrNode *call, const Node *ce, SignatureType *sig, uint32_t skip);
/* Whether n holds a call or receive (gc moves such callees to a temporary). */
bool lw_has_call(const IrNode *n);
/* tmp := x in call's init; returns the NAME of tmp. */
IrNode *lw_to_temp(Lower *L, IrNode *call, IrNode *x, Pos pos);

/* lower_stmt.c */
bool lw_stmts(Lower *L, const NodeList *l, IrList *out);   /* true: it ends in a terminating statement */
void lw_stmt(Lower *L, const Node *s, IrList *out);
void lw_block(Lower *L, const Node *block, IrList *out);
/* An N:1 value (call with several results, comma-ok form): an AS2FUNC/
   AS2MAPR/AS2RECV/AS2DOTTYPE into fresh temporaries held in the init of the
   first result; *out (arena) receives the temporaries converted to dsts[i]
   (NULL entries: none). Returns their number. */
/* fn's body returns call (a wrapper forwarding to another function): the
   call alone (no result) or returned; several results through temporaries
   t1, t2 := call, the assignment held in a CONVNOP of t1 (gc's dictionary
   wrappers, hold_in_conv) or in the return's init (typecheck's
   RewriteMultiValueCall, as in method wrappers). */
void lw_forward_call(Lower *L, IrFunc *fn, IrNode *call, TupleType *results, Pos pos, bool hold_in_conv);
uint32_t lw_multi_value(Lower *L, const Node *e, Pos pos, Type *const *dsts, uint32_t ndst,
                        IrNode ***out);

/* lower_rangefunc.c */
void lw_range_func(Lower *L, const Node *s, const char *label, IrList *out);
/* The closure-side copy of v (a variable of an enclosing function). */
IrVar *lw_capture_var(Lower *L, IrVar *v, Pos pos);
/* break/continue/return inside a range-over-func body: true if rewritten. */
bool lw_rangefunc_branch(Lower *L, const Node *s, IrList *out);
/* Whether lw_rangefunc_branch rewrites branch s (into a return). */
bool lw_rangefunc_target(Lower *L, const Node *s);
/* A defer's DeferAt inside a range-over-func body (#defers), else NULL. */
IrNode *lw_rangefunc_defer_at(Lower *L, Pos pos);
/* gc's noder: whether statement s terminates (what follows is dropped). */
bool lw_terminates(Lower *L, const Node *s);

/* wrappers.c: gc's method wrappers for the types the package defines, in
   the order gc makes them (malloc'd array, *n of them). */
IrFunc **lw_method_wrappers(Lower *L, uint32_t *n);
/* The method wrappers gc makes for an instance of a generic type or a shape
   type its reader read with type arguments (called by lw_inst_finish). */
IrFunc **lw_type_wrappers(Lower *L, Type *t, uint32_t *n);
/* "[T1,T2]": type arguments as gc's link strings (instance names). */
void lw_put_targs(StrBuf *b, Type *const *targs, uint32_t n);
/* The operands of a && / || (x, y) or ! (x) as gc's writer left them after
   narrowing an enclosing if or for condition: *x and *y replaced if so. */
void lw_narrowed_operands(Lower *L, const Node *e, const Node **x, const Node **y);
bool lw_rangefunc_return(Lower *L, const Node *s, IrList *out);
/* Before fn's body is lowered: the result names gc's rewrite gives it. */
void lw_rangefunc_results(Lower *L, IrFunc *fn, const Node *body);

/* initorder.c: package-level initializers in go/types' InitOrder */
typedef struct LwInit {
    const AstFile *file;
    const Node *spec;           /* ValueSpec */
    int32_t index;              /* the name initialized (1:1 specs), -1: all (n:1) */
} LwInit;
size_t lw_init_order(Lower *L, AstFile **files, size_t nfiles, LwInit **out);

/* bloop.c: the b.Loop keep-alive pass (before loopvar) */
void lw_bloop(Lower *L, IrFunc *fn);

/* loopvar.c */
void lw_loopvar(Lower *L, IrFunc *fn);

/* instantiate.c: shaped instances of generic functions and methods */
/* A DOTINTER n lowered from src inside an instance body (dictionary calls
   read the operand's type as checked). */
void lw_inst_note_src(Lower *L, IrNode *n, const Node *src);
/* t with the type parameters of the body being instantiated replaced by
   their shapes (t itself outside instantiations). */
Type *lw_inst_type(Lower *L, Type *t);
const ExprInfo *lw_inst_info(Lower *L, const ExprInfo *ei);
/* n (a function NAME lowered from src) made to name the shaped instance
   when it denotes an instantiated generic function; returns n. */
IrNode *lw_inst_funcname(Lower *L, IrNode *n, const Node *src);
/* A METHEXPR of a method of a generic type's instance, receiver of type
   recvtype: made to name the shaped instance. Returns the static
   dictionary its call passes (NULL: none), which the call keeps in `sel`
   for printing: gc's `(*T[go.shape.int]).M(x, &.dict.T[int], ...)`. */
Object *lw_inst_method(Lower *L, IrNode *me, Type *recvtype);
/* The dictionary wrapper (gc's instantiated method) a call of m on a
   receiver of type recvtype goes through, for concrete type arguments; NULL otherwise. */
Object *lw_inst_stub(Lower *L, Object *m, Type *recvtype);
/* Whether x's type (as checked) is a type parameter: its method calls go
   through the dictionary (lowered as interface calls). */
bool lw_inst_tparam_operand(Lower *L, const Node *x);
/* unsafe.Sizeof/Alignof/Offsetof(x) of a shaped operand: gc's constant
   for the shape. */
IrNode *lw_inst_unsafe_const(Lower *L, const Node *e, BuiltinId id);
/* The signature as checked of func literal e (whose parameter objects the
   body uses), when instantiating; sig otherwise. */
SignatureType *lw_inst_raw_sig(Lower *L, const Node *e, SignatureType *sig);
/* The scan for the generic types' instances the package mentions (gc
   compiles their methods): lw_scan_new scans the package scope's types,
   lw_scan_decl each declared function right after it is lowered (its
   nodes still in the cache); what they find is requested in that order
   by lw_inst_finish. */
typedef struct LwScan LwScan;
LwScan *lw_scan_new(Lower *L);
void lw_scan_decl(LwScan *s, IrFunc *fn);
/* Requests the methods found by s (freed), scans init and the func
   literals, lowers every instance requested so far, those they request,
   and the methods of the instances they mention; returns their functions
   in creation order (*out malloc'd). */
uint32_t lw_inst_finish(Lower *L, LwScan *s, IrFunc *init, IrFunc ***out, IrFunc ***wraps, uint32_t *nwraps);

#endif
