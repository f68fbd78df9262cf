/* The ir stage's interface: typed syntax lowered into the shape gc's escape
   analysis walks (the IR unified IR rebuilds after typecheck rewrites), so
   that escape (and the inliner's cost model) see node for node what gc sees.

   Vocabulary mirrors cmd/compile/internal/ir: ops are gc's O* names without
   the O, variables carry gc's classes, functions gc's FuncName. Where a gc
   rewrite changes escape results or message text it is done here: method
   calls become calls of a method expression with the receiver first,
   implicit conversions are explicit nodes flagged IRF_IMPLICIT, variadic
   arguments are packed into an implicit slice literal, go/defer calls are
   wrapped in closures, multi-value assignments go through temporaries, loop
   variables are made per-iteration, range-over-func bodies become closures.

   Ownership: an IrPackage owns an arena holding every node, list, variable
   and function lowered for it; nodes point into the types stage's objects and
   types (which must outlive the IrPackage). Nothing here is global. */
#ifndef GOESCAPE_IR_IR_H
#define GOESCAPE_IR_IR_H
#include "base/arena.h"
#include "base/bytes.h"
#include "base/diag.h"
#include "base/intern.h"
#include "base/ptrmap.h"
#include "base/source.h"
#include "base/strbuf.h"
#include "syntax/ast.h"
#include "types/types.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct IrNode IrNode;
typedef struct IrVar IrVar;
typedef struct IrFunc IrFunc;
typedef struct IrPackage IrPackage;

typedef struct IrList {
    IrNode **v;
    uint32_t n;
} IrList;

/* Operations, named as gc's (ir.OXXX). Expressions first, then statements. */
#define IR_OPS(X)                                                                         \
    /* leaves */                                                                          \
    X(NAME)         /* var: local/param/result/global variable; obj for PFUNC names */    \
    X(LITERAL)      /* val: constant (typed, after conversion and folding) */             \
    X(NIL)          /* nil of type `type` */                                              \
    X(TYPE)         /* a type operand (only where gc keeps one) */                        \
    X(METHEXPR)     /* T.M / (*T).M; obj: the method; x: NULL; type: func with recv first */ \
    /* address and selection */                                                           \
    X(ADDR) X(DEREF)                                                                      \
    X(DOT)          /* x.f, x a struct value; field: index; obj: the field */             \
    X(DOTPTR)       /* p.f through a pointer */                                           \
    X(DOTINTER)     /* x.M on an interface value (callee of CALLINTER) */                 \
    X(METHVALUE)    /* x.M as a value (a closure); obj: method */                         \
    X(INDEX)        /* x[i], x an array, slice, string or pointer to array (explicit DEREF) */ \
    X(INDEXMAP)     /* m[k] */                                                            \
    X(SLICE) X(SLICE3) X(SLICEARR) X(SLICE3ARR) X(SLICESTR) /* x=base y=low z=high w=max */ \
    X(DOTTYPE)      /* x.(T) */                                                           \
    X(DOTTYPE2)     /* x.(T) in v, ok = x.(T) */                                          \
    /* conversions: x is the operand, type the result type */                            \
    X(CONV) X(CONVNOP) X(CONVIFACE)                                                       \
    X(BYTES2STR) X(RUNES2STR) X(STR2BYTES) X(STR2RUNES) X(RUNESTR)                        \
    X(SLICE2ARR) X(SLICE2ARRPTR)                                                          \
    /* operators: tok is the syntax token (T_ADD, T_LAND, T_ARROW ...) */                 \
    X(UNARY)        /* -x +x ^x !x */                                                     \
    X(BINARY)       /* arithmetic and comparison: x tok y */                              \
    X(ANDAND) X(OROR)                                                                     \
    X(ADDSTR)       /* string concatenation: list = operands (flattened a+b+c) */         \
    X(RECV)         /* <-x */                                                             \
    /* composite literals: list = elements (KEY/STRUCTKEY for keyed ones) */              \
    X(STRUCTLIT) X(ARRAYLIT) X(SLICELIT) X(MAPLIT)                                        \
    X(PTRLIT)       /* &T{...}: x = the literal */                                        \
    X(KEY)          /* x: key (index or map key), y: value */                             \
    X(STRUCTKEY)    /* field: index, obj: field, x: value */                              \
    X(CLOSURE)      /* fn: the function literal's IrFunc */                               \
    /* calls: x = callee, list = arguments */                                             \
    X(CALLFUNC)     /* static or dynamic function call; method calls: x=METHEXPR, receiver first */ \
    X(CALLINTER)    /* x = DOTINTER(recv, M) */                                           \
    X(INLCALL)      /* inlined call (inline stage): body, list=results vars as NAMEs */   \
    /* builtins */                                                                        \
    X(APPEND)       /* list: slice, then elements; IRF_DDD for append(s, t...) */         \
    X(COPY) X(LEN) X(CAP) X(NEW) X(CLOSE) X(DELETE) X(CLEAR) X(PANIC) X(RECOVER)          \
    X(PRINT) X(PRINTLN) X(REAL) X(IMAG) X(COMPLEX) X(MIN) X(MAX)                          \
    X(MAKESLICE)    /* x = len, y = cap (NULL) */                                         \
    X(MAKEMAP)      /* x = hint (NULL) */                                                 \
    X(MAKECHAN)     /* x = size (NULL) */                                                 \
    X(UNSAFEADD) X(UNSAFESLICE) X(UNSAFESTRING) X(UNSAFESTRINGDATA) X(UNSAFESLICEDATA)    \
    /* statements */                                                                      \
    X(BLOCK)        /* list */                                                            \
    X(DCL)          /* var x: var */                                                      \
    X(AS)           /* x = y (y NULL: zero value); IRF_DEFINE for := */                   \
    X(AS2)          /* list = rlist */                                                    \
    X(AS2FUNC)      /* list = y (a call with several results) */                          \
    X(AS2DOTTYPE) X(AS2MAPR) X(AS2RECV) /* list = y (DOTTYPE2 / INDEXMAP / RECV) */       \
    X(ASOP)         /* x tok= y; x++ is ASOP with y = 1 and IRF_INCDEC */                 \
    X(IF)           /* init; if x { list } else { rlist } */                              \
    X(FOR)          /* init; for x; y { list }  (y: post statement) */                    \
    X(RANGE)        /* for y, z = range x { list }; y/z NULL when absent */               \
    X(SWITCH)       /* init; switch x { list of CASE }; type switch: x = TYPESW */        \
    X(TYPESW)       /* the guard: var (NULL without v :=), x = operand */                 \
    X(CASE)         /* list = case expressions (types: TYPE/NIL), rlist = body; var: the
                       clause variable of a type switch; select: x = comm statement */     \
    X(SELECT)       /* list of CASE */                                                    \
    X(SEND)         /* x <- y */                                                          \
    X(RETURN)       /* list */                                                            \
    X(GO) X(DEFER)  /* x = call (always a call of a zero-argument wrapper after lowering) */ \
    X(LABEL) X(GOTO) X(BREAK) X(CONTINUE) X(FALL) /* label: name or NULL */               \
    X(TAILCALL)                                                                           \
    X(BAD)          /* something lowering could not express (see IrPackage.unhandled); u.label: why */

typedef enum IrOp {
#define X(o) IR_##o,
    IR_OPS(X)
#undef X
    IR_OP_COUNT
} IrOp;

const char *ir_op_name(IrOp op);

/* Node flags. */
enum {
    IRF_IMPLICIT = 1 << 0,  /* compiler-inserted (conversion, &, *, ... argument): printed as its operand */
    IRF_DDD = 1 << 1,       /* call f(s...), append(s, t...); also every call of a variadic
                               function, whose extra arguments lowering packed (gc's IsDDD
                               after FixVariadicCall: printed f(... argument...), f(nil...)) */
    IRF_DEFINE = 1 << 2,    /* := */
    IRF_INCDEC = 1 << 3,    /* x++ / x-- */
    IRF_TRANSIENT = 1 << 4, /* set by escape: allocation may reuse a stack temporary */
    IRF_NONIL = 1 << 5,
    IRF_BOUNDED = 1 << 6,
    IRF_KEEPALIVE = 1 << 7, /* compiler-inserted runtime.KeepAlive call: args discarded */
    IRF_WRAPPER_CALL = 1 << 8, /* call of a go/defer wrapper */
    IRF_DISTINCT = 1 << 9,  /* loopvar: the per-iteration copy */
    IRF_FUNCNAME = 1 << 10, /* NAME: u.obj is a declared function (gc's PFUNC), not u.var */
    /* added by the ir stage: */
    IRF_DISTINCTVARS = 1 << 11, /* FOR/RANGE whose := variables are per-iteration (go >= 1.22) */
    /* for the inline stage: */
    IRF_SITE = 1 << 12,     /* a call the interleaved pass has collected (copies are made from
                               bodies it never collects in: snapshots taken when decided) */
};

/* One IR node. Which of x..w, list, rlist and the union are used depends on
   op (see IR_OPS). pos is where gc reports the node (syntax-package rules:
   `(` of calls, `{` of literals, operator of unary/binary ops, `.` of
   selectors, `[` of index/slice, the operand for explicit conversions T(x),
   `func` of literals); file is the file pos belongs to. 128 bytes, two
   cache lines: every pass walks every node, and a net/http edit makes
   ~100,000 of them. */
struct IrNode {
    uint8_t op;             /* IrOp */
    uint8_t tok;            /* Token for UNARY/BINARY/ASOP */
    uint16_t flags;         /* IRF_* */
    int32_t field;          /* DOT/DOTPTR/STRUCTKEY: field index */
    Pos pos;
    int32_t offset;         /* DOT/DOTPTR: field offset in bytes (gc sizes), IR_OFFSET_BIG
                               when it does not fit (lw_dot_offset has it) */
    const SourceFile *file;
    Type *type;             /* NULL for statements */
    IrNode *x, *y, *z, *w;
    IrList list, rlist;
    IrList init;            /* statements evaluated first (if/for/switch init, temps) */
    union {
        IrVar *var;         /* NAME of a variable, DCL, TYPESW/CASE clause var */
        Object *obj;        /* NAME of a function (PFUNC), METHEXPR, METHVALUE, DOTINTER */
        const Const *val;   /* LITERAL */
        IrFunc *fn;         /* CLOSURE, INLCALL (callee) */
        const char *label;  /* LABEL, GOTO, BREAK, CONTINUE (interned; NULL: none);
                               FOR/RANGE/SWITCH/SELECT: the label naming it, if any */
    } u;
    Object *sel;            /* DOT/DOTPTR/STRUCTKEY: the field; METHVALUE/DOTINTER: the method */
};
#define IR_OFFSET_BIG INT32_MIN
_Static_assert(IR_OP_COUNT <= 256, "IrNode.op is a byte");

/* Variable classes, as gc's ir.Class. */
typedef enum IrClass {
    IRC_AUTO,       /* local */
    IRC_EXTERN,     /* package-level variable */
    IRC_PARAM,      /* parameter (receiver included) */
    IRC_PARAMOUT,   /* result parameter */
    IRC_FUNC,       /* global function (only through IrNode.u.obj) */
} IrClass;

enum {
    IRV_ADDRTAKEN = 1 << 0,     /* &x appears (set by lowering, refined by escape) */
    IRV_CAPTURED = 1 << 1,      /* captured by some closure */
    IRV_BYVAL = 1 << 2,         /* closure variable captured by value (set by escape) */
    IRV_AUTOTMP = 1 << 3,       /* compiler temporary (.autotmp_N) */
    IRV_USED = 1 << 4,
    IRV_HEAP = 1 << 5,          /* set by escape: moved to heap */
    IRV_PERITER = 1 << 6,       /* loopvar: per-iteration copy */
    IRV_CLOSUREVAR = 1 << 7,    /* the closure-side copy of a captured variable */
    /* added by the ir stage: */
    IRV_BLANK = 1 << 8,         /* the blank identifier `_` (one shared var per package, curfn NULL) */
};

/* A variable: local, parameter, result, temporary, closure variable or
   package-level variable. */
struct IrVar {
    const char *name;       /* interned: source name, ".autotmp_N", "~r0", "~p0", ".this" */
    Type *type;
    Object *obj;            /* the types stage's object; NULL for temporaries */
    IrFunc *curfn;          /* owning function (NULL for globals) */
    IrVar *outer;           /* IRV_CLOSUREVAR: the captured variable of the enclosing function */
    IrNode *defn;           /* defining statement (AS/AS2.../RANGE/TYPESW) or NULL */
    const SourceFile *file;
    Pos pos;                /* declaring identifier (gc's position for `moved to heap`) */
    uint16_t flags;         /* IRV_* */
    uint8_t cls;            /* IrClass */
    uint8_t spare;
    int32_t index;          /* position in curfn->dcl; params/results: index in signature */
    int32_t tag;            /* scratch for later stages (escape's location id), -1 initially */
};

/* Function flags. */
enum {
    IRFN_HAS_BODY = 1 << 0,
    IRFN_CLOSURE = 1 << 1,      /* func literal (captures or not) */
    IRFN_WRAPPER = 1 << 2,      /* compiler-generated wrapper: param diagnostics suppressed */
    IRFN_DUPOK = 1 << 3,
    IRFN_GOWRAP = 1 << 4,       /* f.gowrapN */
    IRFN_DEFERWRAP = 1 << 5,    /* f.deferwrapN */
    IRFN_RANGEFUNC = 1 << 6,    /* body of a range-over-func loop (f-rangeN) */
    IRFN_INIT = 1 << 7,         /* package initialisation (package-level var initializers) */
    IRFN_GENERIC = 1 << 8,      /* generic, not instantiated: not analysed */
    IRFN_METHOD = 1 << 9,
    IRFN_METHWRAP = 1 << 10,    /* method wrapper T.M / (*T).M (with IRFN_WRAPPER): made after
                                   the inlining pass in gc, inlined into last */
    IRFN_TAILCALL = 1 << 11,    /* method wrapper whose call becomes a TAILCALL statement
                                   unless the inliner can inline the method */
    IRFN_SHAPED = 1 << 16,      /* shaped instance of a generic (added for generics; DUPOK too) */
};

/* A function: declared function or method, func literal, generated wrapper or
   the package init function. */
struct IrFunc {
    const char *name;       /* gc's FuncName: f, (*T).M, T.M, f.func1, f.gowrap1, init.func1
                               (literals in package-level initializers), init.0 (user init) */
    const char *linksym;    /* pkgpath-qualified name for messages naming imported funcs */
    Object *obj;            /* declared function or method; NULL for literals and wrappers */
    IrFunc *outer;          /* enclosing function of a func literal / wrapper */
    IrNode *closure;        /* the CLOSURE node of a func literal */
    SignatureType *sig;     /* receiver, if any, is params[0] below */
    const SourceFile *file;
    Pos pos;                /* gc's function position: the name, or `func` of a literal */
    Pos endpos;
    uint32_t flags;         /* IRFN_* */
    uint32_t pragmas;       /* PRAGMA_* from the declaration */
    IrList body;            /* statements */
    /* the package initialiser: every initialisation whole, as gc's init
       holds them until staticinit lays parts out after inlining (whether
       init is big counts them); empty for other functions */
    IrList orig_inits;
    IrVar **params;         /* receiver first, then parameters, in order (unnamed: ~p0 / _ ) */
    uint32_t nparams;
    IrVar **results;        /* named or ~r0, ~r1 ... */
    uint32_t nresults;
    IrVar **dcl;            /* every variable of the function in gc's Dcl order:
                               params, results, then locals in declaration order */
    uint32_t ndcl;
    IrVar **cvars;          /* closure variables (IRV_CLOSUREVAR), in capture order */
    uint32_t ncvars;
    uint32_t loopdepth_base;
    int32_t tag;            /* scratch for later stages, -1 initially */
    void *extra;            /* scratch for later stages */
    /* added for generics: shaped instances (and their func literals) of a
       generic of another package: the generic's package (its variables
       print qualified), else NULL */
    Pkg *genpkg;
    /* IRFN_GENERIC: the other packages' plain functions its body names (gc's
       export data carries the generic's body, and so refers to them) */
    Object **refs;
    uint32_t nrefs;
};

/* Slots of a node read while another thread may replace them: escape
   analysis swaps a few operands for literals or temporaries (escape/
   heapreason.c, call.c), and the deadlocals pass it runs first rewrites
   dead stores (x, y, list elements), while ir_bounds_notes may walk the
   same tree (-p N: on an idle thread); atomic on both sides. */
#define IR_LOAD_X(n) __atomic_load_n(&(n)->x, __ATOMIC_ACQUIRE)
#define IR_LOAD_Y(n) __atomic_load_n(&(n)->y, __ATOMIC_ACQUIRE)
#define IR_REPLACE(slot, v) __atomic_store_n((slot), (v), __ATOMIC_RELEASE)
#define IR_LOAD_AT(l, i) __atomic_load_n(&(l)->v[i], __ATOMIC_ACQUIRE)

/* A remark lowering makes as gc's front end would at -m=2 (the b.Loop pass:
   "function arg will be kept alive", ...); added by the ir stage. */
typedef struct IrNote {
    const SourceFile *file;
    Pos pos;
    const char *text;       /* interned */
    const IrFunc *fn;
    bool m1;                /* added for generics: a -m (not only -m=2) warning */
    const struct IrNode *node;  /* ir_bounds_notes: the INDEX node (else NULL) */
} IrNote;

/* A lowered package. funcs is gc's Target.Funcs order: the package init
   function first (it is made before the declarations are read; file NULL,
   pos NOPOS: gc's <autogenerated>:1), the func literals of package-level
   initializers (init.func1, ...), the declared functions in source order
   (files in command-line order), then the func literals and generated
   wrappers of their bodies in the order they were created. */
struct IrPackage {
    Pkg *pkg;
    Arena arena;
    Interner *names;
    IrFunc **funcs;
    uint32_t nfuncs, capfuncs;
    IrVar **globals;        /* package-level variables */
    uint32_t nglobals;
    /* what deadlocals and escape analysis add (temporaries, literals):
       apart, because they may run while the inliner still allocates in
       arena (ir/final.h) */
    Arena late;
    unsigned unhandled;     /* BAD nodes made (constructs not lowered yet) */
    /* added by the ir stage: */
    IrNote *notes;          /* -m=2 remarks of lowering passes, in order (malloc'd) */
    uint32_t nnotes, capnotes;
    /* the shaped instances and dictionary wrappers lowering made, by name
       (interned), fixed once lowered */
    PtrMap instances;
};

/* Where the declaration of a generic function or method of another package
   is (its syntax tree and checker records, alive while lowering). */
typedef struct IrGenericDecl {
    const Node *decl;           /* N_FuncDecl */
    const AstFile *file;
    const TypeInfo *info;
} IrGenericDecl;
typedef struct IrGenerics {
    bool (*find)(void *data, const Object *fn, IrGenericDecl *out);
    void *data;
} IrGenerics;

/* Lowering options. */
typedef struct IrOptions {
    const char *goversion;  /* "go1.22" ...; loopvar semantics from go1.22 */
    bool no_deadlocals;     /* -N or -d=nodeadlocals=1 */
    /* added for generics: declarations of imported generic functions
       (NULL: calls of imported generics stay calls of unknown functions) */
    const IrGenerics *generics;
} IrOptions;

/* Lowers every function of pkg (checked with types_check_files_info, whose
   info must be complete and alive) into a new IrPackage. Never fails on a
   well-typed package; constructs it cannot express become BAD nodes. */
IrPackage *ir_lower_package(Pkg *pkg, AstFile **files, size_t nfiles, const TypeInfo *info,
                            const IrOptions *opt);
void ir_package_free(IrPackage *p);

/* gc's deadlocals pass (added by the ir stage): in every function but
   capturing closures, `x = v` to a local or parameter never read afterwards,
   v without effects (name, constant, nil, func literal), becomes `_ = 0`.
   Runs after inlining, unless -N or -d=nodeadlocals=1: escape analysis
   runs it function by function, just before it walks each body (the
   nodes are then still in the cache for its own walk). Functions are
   independent of one another, so the order does not matter. */
void ir_deadlocals(IrPackage *p);
typedef struct IrDeadLocals IrDeadLocals;
IrDeadLocals *ir_deadlocals_new(IrPackage *p);
void ir_deadlocals_func(IrDeadLocals *d, IrFunc *fn);
void ir_deadlocals_free(IrDeadLocals *d);

/* Allocation helpers for later stages (inline substitutes bodies). */
IrNode *ir_new_node(IrPackage *p, IrOp op, const SourceFile *file, Pos pos, Type *type);
/* As ir_new_node / ir_new_var (lower.h), in IrPackage.late. */
IrNode *ir_late_node(IrPackage *p, IrOp op, const SourceFile *file, Pos pos, Type *type);
IrVar *ir_late_var(IrPackage *p, const char *name, Type *t, IrClass cls, const SourceFile *file, Pos pos);
IrVar *ir_new_temp(IrPackage *p, IrFunc *fn, Type *t, const SourceFile *file, Pos pos);
void ir_list_append(IrPackage *p, IrList *l, IrNode *n);
void ir_list_append_in(Arena *a, IrList *l, IrNode *n);

/* Deep copies of IR (added by the inline stage, ir/copy.c). Every node
   reached is copied into dst's arena (src dropped); variables are replaced
   through vars, filled on first sight by var_hook (NULL or returning NULL:
   the variable is kept); node_hook may replace a node's copy (NULL result:
   copied as usual); labels are renamed ~L·N when relabel is N != 0;
   positions become file/pos when setpos (func literals and everything
   inside them keep theirs, as gc's). The functions of CLOSURE nodes are copied too (variables owned by
   the copy); INLCALL nodes set failed. */
typedef struct IrCopy IrCopy;
struct IrCopy {
    IrPackage *dst;
    Arena *arena;           /* where the copies go; NULL: dst->arena */
    PtrMap vars;            /* IrVar* -> IrVar* */
    PtrMap nodes;           /* original node -> copy */
    PtrMap defns;           /* new IrVar* -> original defn (ir_copy_fix_defns) */
    PtrMap funcs;           /* func literal -> its copy */
    IrVar *(*var_hook)(IrCopy *c, IrVar *v);
    IrNode *(*node_hook)(IrCopy *c, const IrNode *n);
    /* a func literal's copy was made (fields copied, outer set): name it,
       register it */
    void (*func_hook)(IrCopy *c, IrFunc *orig, IrFunc *copy);
    /* a variable of a copied func literal was copied (m, owned by the copy) */
    void (*fvar_hook)(IrCopy *c, IrVar *m);
    IrFunc *closure_outer;  /* outer of copied func literals not nested in another */
    bool no_closures;       /* CLOSURE nodes set failed instead of being copied */
    void *data;
    unsigned relabel;
    bool setpos;
    const SourceFile *file;
    Pos pos;
    bool failed;
    unsigned in_func;       /* > 0 while a func literal's body is copied */
    bool want_calls;        /* record calls (CALLFUNC, CALLINTER) copied, in calls */
    IrNode **calls;         /* pairs: original, copy (malloc'd; kept for reuse by the owner) */
    uint32_t ncalls, capcalls;
};
IrNode *ir_copy_node(IrCopy *c, const IrNode *n);
/* The replacement of v (var_hook asked on first sight). */
IrVar *ir_copy_map_var(IrCopy *c, IrVar *v);
void ir_copy_list(IrCopy *c, IrList *dst, const IrList *src);
/* A copy of v owned by curfn (name: NULL keeps v's); its defn is set from the
   copied nodes by ir_copy_fix_defns once the copy is complete. */
IrVar *ir_copy_var(IrCopy *c, const IrVar *v, IrFunc *curfn, const char *name);
void ir_copy_fix_defns(IrCopy *c);
void ir_copy_free(IrCopy *c);
/* Appends fn to p->funcs. */
void ir_package_add_func(IrPackage *p, IrFunc *fn);
/* Appends v to fn's Dcl (sets v->index). */
void ir_add_dcl(IrPackage *p, IrFunc *fn, IrVar *v);

/* Prints n as gc's %v does (ir/fmt.go): implicit nodes skipped, constants
   folded, composite literals as T{...}, the variadic slice as `... argument`,
   conversions as T(x) / (T)(x), func literals as `func literal`. */
void ir_fmt_node(StrBuf *b, const IrNode *n, const Pkg *local);
/* A type as gc spells it (types/fmt.go): imported names qualified by package
   name, `interface {}`, `struct { x int }`, `[]go.shape.int`. */
void ir_fmt_type(StrBuf *b, Type *t, const Pkg *local);
/* A type as gc's LinkString spells it (type arguments in instance names,
   wrapper names): every named type and unexported name qualified by its
   package path ("main" for package main), byte/rune/any as uint8/int32/
   interface {}: `Pair[string,[]main.T]`, `struct { example.com/p.W }`. */
void ir_fmt_type_link(StrBuf *b, Type *t);
/* A statement as gc's %v prints it in -m=2 notes (`x = y`, `for loop`). */
void ir_fmt_stmt(StrBuf *b, const IrNode *n, const Pkg *local);

/* Whether p is one of crypto/internal/fips140/...: gc lays out none of
   their package variables' addresses, strings, slices, boxes, func values
   or inlined calls statically (obj.Link.IsFIPS: no relocations in data). */
bool ir_pkg_fips(const Pkg *p);
/* A package variable's initializer part gc lays out as static data in a
   FIPS package: nil, constants but non-empty strings, composite literals of
   such (their other parts are assigned in init). */
bool ir_fips_static_leaf(const IrNode *n);

/* Whether t mentions a shape type (go.shape.X) of a generic instance. */
bool ir_type_has_shape(Type *t);
/* gc's name of targ's shape (go.shape.int, go.shape.*uint8 for a pointer
   argument of a basic-interface type parameter when basic). */
void ir_fmt_shape_name(StrBuf *b, Type *targ, bool basic);
/* Whether a shaped instance owner keeps its type argument targ unshaped. */
bool ir_shape_targ_kept(Type *owner, Type *targ);
/* Whether type parameter tp's constraint is a basic interface. */
bool ir_tparam_basic(Type *tp);
/* This package's own instance (shaped, or a dictionary wrapper) of the same
   name and generic's package as o, an instance another package made (a
   body inlined from there calls it); NULL when this package made none. */
IrFunc *ir_package_instance(const IrPackage *p, const Object *o);
/* Appends gc's name of generic gen instantiated with targs to b: F[T1,T2],
   (*T[T1]).M, T[T1].M (the name of the dictionary wrapper lowering makes
   for those type arguments); false: no such name. */
bool ir_inst_name(StrBuf *b, Object *gen, Type *const *targs, uint32_t n);

/* Appends a remark to p->notes (m1: printed at -m, else only at -m=2). */
void ir_add_note(IrPackage *p, const SourceFile *file, Pos pos, const char *text,
                 const IrFunc *fn, bool m1);
/* walk's "index bounds check elided" remarks for p's functions, as notes;
   run after inlining, since gc's walk sees inlined bodies. */
void ir_bounds_notes(IrPackage *p, const Sizes *sz);
/* Notes made apart (on another thread), for p->notes later. */
typedef struct IrNoteList {
    IrNote *v;
    uint32_t n, cap;
} IrNoteList;
/* The bounds notes of one function (with a body, not generic), appended to
   out in walk order; ir_bounds_append then moves the lists' notes to
   p->notes, in the order of p->funcs as ir_bounds_notes makes them, among
   those from index `from` on (for functions walked in another order, each
   as soon as it is final, on several threads). */
void ir_bounds_notes_func(IrNoteList *out, const IrFunc *fn, const Sizes *sz);
void ir_bounds_append(IrPackage *p, IrNoteList *lists, uint32_t nlists, uint32_t from);
/* Drops the bounds notes of INDEX nodes inside these subtrees (cut out of
   the bodies after ir_bounds_notes walked them: see IR_LOAD_X). */
void ir_bounds_forget(IrPackage *p, IrNode *const *roots, uint32_t nroots);

/* Debugging dump of a function's IR (goescape ir -dump). */
void ir_dump_func(FILE *out, const IrFunc *fn);

/* Serialized IR (ir/serial.c), for the summary cache: a function's tree
   (its parameters, results, Dcl, closure variables, body, and the func
   literals inside with theirs) written with the types stage's references
   (SerRefs) and read back into an IrPackage's arena. Variables without a
   curfn (package-level, the blank) go to a table shared by every tree of
   one writer, so trees that share them still do after reading; each tree
   carries its strings (names, labels), interned again on reading, so that
   trees can be decoded one at a time and on demand.
   Layout: ir_ser_write_tables' output must precede the trees when read
   (write the trees to a scratch buffer first), and the bytes it reads must
   stay valid while trees are read (the table is decoded with the first
   tree). IrNode.src is not kept
   (NULL after reading, as in every copy). A reader fails cleanly on
   truncated or corrupt input (NULL / false), never crashes. */
typedef struct IrSerWriter IrSerWriter;
typedef struct IrSerReader IrSerReader;
struct SerRefs;
struct DeRefs;
/* self: the package the trees belong to (IrFunc.genpkg of other packages is
   written as a reference to one of their objects). */
IrSerWriter *ir_ser_writer_new(const struct SerRefs *refs, const Pkg *self);
/* Appends fn's tree; false when it holds what cannot be written (an INLCALL,
   a variable of a function outside the tree): out is then unusable. */
bool ir_ser_write_func(IrSerWriter *w, ByteBuf *out, const IrFunc *fn);
/* Appends the string and global-variable tables. */
void ir_ser_write_tables(IrSerWriter *w, ByteBuf *out);
/* Asks refs for the numbers of the global variables' objects and types met
   so far (the tables ask the same later): a table that holds only what is
   reached then knows the functions the trees refer to. */
void ir_ser_number_globals(IrSerWriter *w);
void ir_ser_writer_free(IrSerWriter *w);
/* A package (as IrFunc.genpkg is written), for the caller's own fields: 0
   NULL, 1 self, else a reference to one of its objects + 2. False when pkg
   has no object to name it by. */
bool ir_ser_write_pkg(IrSerWriter *w, ByteBuf *out, const Pkg *pkg);

/* Nodes, variables and functions go to dst's arena; names are interned in
   dst->names. The reader itself lives in that arena (nothing to free; it
   may be kept for later reads) and reads one tree at a time. */
IrSerReader *ir_ser_reader_new(IrPackage *dst, const struct DeRefs *refs, Pkg *self);
bool ir_ser_read_tables(IrSerReader *rd, ByteReader *r);
IrFunc *ir_ser_read_func(IrSerReader *rd, ByteReader *r);
Pkg *ir_ser_read_pkg(IrSerReader *rd, ByteReader *r);

#endif
