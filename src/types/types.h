/* The types stage's interface: the type-checker's data model (types, objects,
   scopes, packages), the universe, exact constants and gc's sizes.

   Vocabulary and semantics mirror go/types and go/constant so results can be
   compared with them record for record.

   Ownership: a TypeContext owns everything. Each Pkg has its own arena and
   constant pool holding the types, objects and scopes created while checking
   it; packages refer to their dependencies' types freely, so all packages of
   a context are freed together by types_free. Names are interned in the
   context's Interner (compare them with ==). Nothing here is global. */
#ifndef GOESCAPE_TYPES_TYPES_H
#define GOESCAPE_TYPES_TYPES_H
#include "base/arena.h"
#include "base/bytes.h"
#include "base/diag.h"
#include "base/intern.h"
#include "base/ptrmap.h"
#include "base/source.h"
#include "base/strbuf.h"
#include "syntax/ast.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Type Type;
typedef struct Object Object;
typedef struct Scope Scope;
typedef struct Pkg Pkg;
typedef struct TypeContext TypeContext;
typedef struct Const Const;
typedef struct ConstPool ConstPool;

/* ---------------------------------------------------------------- basic kinds */

/* Numbered as go/types.BasicKind. */
typedef enum BasicKind {
    BK_INVALID,
    BK_BOOL, BK_INT, BK_INT8, BK_INT16, BK_INT32, BK_INT64,
    BK_UINT, BK_UINT8, BK_UINT16, BK_UINT32, BK_UINT64, BK_UINTPTR,
    BK_FLOAT32, BK_FLOAT64, BK_COMPLEX64, BK_COMPLEX128, BK_STRING, BK_UNSAFE_POINTER,
    BK_UNTYPED_BOOL, BK_UNTYPED_INT, BK_UNTYPED_RUNE, BK_UNTYPED_FLOAT,
    BK_UNTYPED_COMPLEX, BK_UNTYPED_STRING, BK_UNTYPED_NIL,
    BK_COUNT,
    BK_BYTE = BK_UINT8, BK_RUNE = BK_INT32
} BasicKind;

/* Properties of basic types, as go/types.BasicInfo. */
enum {
    BINFO_BOOLEAN = 1 << 0, BINFO_INTEGER = 1 << 1, BINFO_UNSIGNED = 1 << 2,
    BINFO_FLOAT = 1 << 3, BINFO_COMPLEX = 1 << 4, BINFO_STRING = 1 << 5,
    BINFO_UNTYPED = 1 << 6,
    BINFO_ORDERED = BINFO_INTEGER | BINFO_FLOAT | BINFO_STRING,
    BINFO_NUMERIC = BINFO_INTEGER | BINFO_FLOAT | BINFO_COMPLEX,
    BINFO_CONST_TYPE = BINFO_BOOLEAN | BINFO_NUMERIC | BINFO_STRING,
};

/* ------------------------------------------------------------ exact constants */

/* go/constant.Kind. Values are immutable and live in a ConstPool; the
   unknown value, booleans and small integers may be shared. */
typedef enum ConstKind {
    CONST_UNKNOWN, CONST_BOOL, CONST_STRING, CONST_INT, CONST_FLOAT, CONST_COMPLEX
} ConstKind;

ConstPool *const_pool_new(void);
void const_pool_free(ConstPool *p);      /* clears every GMP/MPFR value it made */

ConstKind const_kind(const Const *x);
const Const *const_unknown(void);
const Const *const_bool(ConstPool *p, bool b);
const Const *const_string(ConstPool *p, const char *s, size_t n);   /* copies s */
const Const *const_int64(ConstPool *p, int64_t v);
const Const *const_uint64(ConstPool *p, uint64_t v);
const Const *const_float64(ConstPool *p, double v);  /* unknown for Inf/NaN */
const Const *const_imag(ConstPool *p, const Const *x);  /* x*i for Int/Float x */
/* Value of a literal token (T_INT, T_FLOAT, T_IMAG, T_CHAR, T_STRING) as
   written in the source; unknown if malformed (go/constant.MakeFromLiteral). */
const Const *const_from_literal(ConstPool *p, Token tok, const char *lit, size_t n);

bool const_bool_val(const Const *x);                    /* false for unknown */
const char *const_string_val(const Const *x, size_t *n); /* "" for unknown */
bool const_int64_val(const Const *x, int64_t *v);       /* true: exact */
bool const_uint64_val(const Const *x, uint64_t *v);
bool const_float64_val(const Const *x, double *v);      /* nearest; true: exact */
bool const_float32_val(const Const *x, float *v);
int const_sign(const Const *x);     /* -1, 0, 1; 1 for unknown; complex: re|im */
int const_bitlen(const Const *x);   /* Int only: bits of |x| */

/* Conversions between numeric kinds; unknown when not exact (go/constant). */
const Const *const_to_int(ConstPool *p, const Const *x);
const Const *const_to_float(ConstPool *p, const Const *x);
const Const *const_to_complex(ConstPool *p, const Const *x);
const Const *const_real(ConstPool *p, const Const *x);
const Const *const_imag_part(ConstPool *p, const Const *x);
const Const *const_num(ConstPool *p, const Const *x);
const Const *const_denom(ConstPool *p, const Const *x);

/* go/constant.UnaryOp: op is T_ADD, T_SUB, T_XOR or T_NOT; prec > 0 limits
   ^x to prec bits (for unsigned types). */
const Const *const_unary(ConstPool *p, Token op, const Const *y, unsigned prec);
/* go/constant.BinaryOp: T_QUO on integers gives an exact quotient (a Float),
   T_QUO_ASSIGN forces integer division. The checker rules out division by
   zero; here it gives unknown. Mismatched or invalid operands give unknown. */
const Const *const_binary(ConstPool *p, const Const *x, Token op, const Const *y);
const Const *const_shift(ConstPool *p, const Const *x, Token op, unsigned s); /* T_SHL, T_SHR */
bool const_compare(const Const *x, Token op, const Const *y);

/* go/constant's String (short, floats to 6 digits, strings to 72 runes) and
   ExactString. Appended to b. */
void const_format(StrBuf *b, const Const *x);
void const_format_exact(StrBuf *b, const Const *x);
/* strconv.QuoteRune: 'a', '\n', '\x00', 'é'. Appended to b. */
void const_quote_rune(StrBuf *b, uint32_t r);

/* go/types representableConst: whether x fits basic kind k with word_size
   bytes for int/uint/uintptr; *rounded (if rounded is non-NULL) receives the
   value converted (floats rounded) to k. */
bool const_representable(ConstPool *p, const Const *x, BasicKind k, int64_t word_size,
                         const Const **rounded);

/* ---------------------------------------------------------------------- types */

typedef enum TypeKind {
    TY_BASIC, TY_POINTER, TY_SLICE, TY_ARRAY, TY_MAP, TY_CHAN, TY_STRUCT, TY_TUPLE,
    TY_SIGNATURE, TY_INTERFACE, TY_UNION, TY_NAMED, TY_TYPEPARAM, TY_ALIAS
} TypeKind;

/* Every type starts with this header; the kind says which struct it is. */
struct Type {
    uint8_t kind;       /* TypeKind */
    uint8_t flags;      /* TF_* */
    uint16_t memo;      /* type_not_in_heap's answer, once known (type.c) */
};
enum {
    TF_COMPLETE = 1 << 0,   /* interface: type set computed; named: underlying resolved */
    TF_BYTE_RUNE = 1 << 1,  /* basic: the byte or rune alias's type */
    TF_COMPARABLE = 1 << 2, /* interface: the predeclared comparable's underlying */
};

typedef struct TypeList { Type **v; uint32_t n; } TypeList;
typedef struct ObjList { Object **v; uint32_t n, cap; } ObjList;

typedef struct BasicType {
    Type t;
    uint8_t bkind;
    uint16_t info;
    const char *name;
    Object *obj;                /* its predeclared TypeName (unsafe.Pointer's is in unsafe) */
} BasicType;
typedef struct PointerType { Type t; Type *elem; } PointerType;
typedef struct SliceType { Type t; Type *elem; } SliceType;
typedef struct ArrayType { Type t; Type *elem; int64_t len; /* -1: unknown */ } ArrayType;
typedef struct MapType { Type t; Type *key, *elem; } MapType;
typedef struct ChanType { Type t; Type *elem; uint8_t dir; /* CHAN_SEND/RECV/BOTH */ } ChanType;
typedef struct StructType {
    Type t;
    ObjList fields;             /* OBJ_VAR, VAR_FIELD, in order */
    const char **tags;          /* NULL when no field has a tag; else one per field ("" none) */
} StructType;
typedef struct TupleType { Type t; ObjList vars; } TupleType;  /* NULL *TupleType = empty */
typedef struct SignatureType {
    Type t;
    Scope *scope;               /* parameters and results; NULL for synthesized signatures */
    Object *recv;               /* NULL for functions */
    TypeList rparams, tparams;  /* receiver / function type parameters (TY_TYPEPARAM) */
    TupleType *params, *results;
    bool variadic;
} SignatureType;
typedef struct Term { bool tilde; Type *type; } Term;
typedef struct UnionType { Type t; Term *terms; uint32_t n; } UnionType;
/* The computed method and type set of an interface (go/types._TypeSet). */
typedef struct TypeSet {
    ObjList methods;            /* all methods, sorted by (exported name) id */
    Term *terms;                /* n == 0 and all_terms: every type */
    uint32_t nterms;
    bool all_terms, comparable;
} TypeSet;
typedef struct InterfaceType {
    Type t;
    ObjList methods;            /* explicitly declared, in source order */
    TypeList embeddeds;         /* embedded types (interfaces, unions, other types) */
    bool implicit;              /* constraint written as T or ~T|U in a type parameter list */
    TypeSet *tset;              /* NULL until computed */
} InterfaceType;
typedef struct NamedType {
    Type t;
    Object *obj;                /* its TypeName */
    struct NamedType *orig;     /* generic origin; itself if not an instance */
    Type *fromrhs;              /* the declaration's right-hand side, for cycle checks */
    Type *underlying;           /* NULL until resolved */
    TypeList tparams;           /* of the origin */
    TypeList targs;             /* instances only */
    ObjList methods;            /* declared methods (OBJ_FUNC), in source order */
} NamedType;
typedef struct TypeParamType {
    Type t;
    Object *obj;                /* its TypeName */
    uint32_t index;             /* in its list */
    Type *bound;                /* constraint; an interface once resolved */
} TypeParamType;
typedef struct AliasType {
    Type t;
    Object *obj;
    struct AliasType *orig;     /* generic origin; itself if not an instance */
    TypeList tparams, targs;
    Type *fromrhs;              /* the right-hand side as written */
    Type *actual;               /* fromrhs with all aliases resolved; NULL until known */
} AliasType;

#define TYPE_AS(T, kindc, t) ((T *)type_as_((t), (kindc)))
void *type_as_(const Type *t, TypeKind k);  /* asserts the kind (debug) and casts */
#define AS_BASIC(t) TYPE_AS(BasicType, TY_BASIC, t)
#define AS_POINTER(t) TYPE_AS(PointerType, TY_POINTER, t)
#define AS_SLICE(t) TYPE_AS(SliceType, TY_SLICE, t)
#define AS_ARRAY(t) TYPE_AS(ArrayType, TY_ARRAY, t)
#define AS_MAP(t) TYPE_AS(MapType, TY_MAP, t)
#define AS_CHAN(t) TYPE_AS(ChanType, TY_CHAN, t)
#define AS_STRUCT(t) TYPE_AS(StructType, TY_STRUCT, t)
#define AS_TUPLE(t) TYPE_AS(TupleType, TY_TUPLE, t)
#define AS_SIGNATURE(t) TYPE_AS(SignatureType, TY_SIGNATURE, t)
#define AS_INTERFACE(t) TYPE_AS(InterfaceType, TY_INTERFACE, t)
#define AS_UNION(t) TYPE_AS(UnionType, TY_UNION, t)
#define AS_NAMED(t) TYPE_AS(NamedType, TY_NAMED, t)
#define AS_TYPEPARAM(t) TYPE_AS(TypeParamType, TY_TYPEPARAM, t)
#define AS_ALIAS(t) TYPE_AS(AliasType, TY_ALIAS, t)

/* Constructors. Types are allocated in the given package's arena (or the
   context's for universe types); lists are copied. */
Type *type_new_pointer(Pkg *p, Type *elem);
Type *type_new_slice(Pkg *p, Type *elem);
Type *type_new_array(Pkg *p, Type *elem, int64_t len);
Type *type_new_map(Pkg *p, Type *key, Type *elem);
Type *type_new_chan(Pkg *p, Type *elem, int dir);
Type *type_new_struct(Pkg *p, Object **fields, const char **tags, uint32_t n);
TupleType *type_new_tuple(Pkg *p, Object **vars, uint32_t n);  /* NULL when n == 0 */
SignatureType *type_new_signature(Pkg *p, Object *recv, TupleType *params, TupleType *results,
                                  bool variadic);
InterfaceType *type_new_interface(Pkg *p, Object **methods, uint32_t nmethods,
                                  Type **embeddeds, uint32_t nembeddeds);
Type *type_new_union(Pkg *p, const Term *terms, uint32_t n);
/* A defined type for obj (a TypeName whose type becomes it); underlying may be
   NULL and set later with type_named_set_underlying. */
NamedType *type_new_named(Pkg *p, Object *obj, Type *underlying);
void type_named_set_underlying(NamedType *n, Type *underlying);
void type_named_add_method(Pkg *p, NamedType *n, Object *fn);
TypeParamType *type_new_typeparam(Pkg *p, Object *obj, Type *bound);
AliasType *type_new_alias(Pkg *p, Object *obj, Type *rhs);

uint32_t tuple_len(const TupleType *t);
Object *tuple_at(const TupleType *t, uint32_t i);

/* go/types Unalias: follows alias chains to the actual type. */
Type *type_unalias(Type *t);
/* go/types Type.Underlying(): never a Named or Alias (Invalid if unresolved). */
Type *type_under(Type *t);
/* Basic kind of t's underlying type, or -1 when it is not basic. */
int type_basic_kind(Type *t);
bool type_has_info(Type *t, unsigned binfo);   /* underlying is basic with all bits */
bool type_is_typed(Type *t);                   /* not an untyped basic type */
bool type_is_interface(Type *t);               /* underlying is an interface (not a type parameter) */
/* gc's NotInHeap: internal/runtime/sys.nih and every named type, struct and
   array holding it. A pointer to such a type holds no pointer as far as gc's
   escape analysis and shapes are concerned. */
bool type_not_in_heap(Type *t);
/* Default type of an untyped type (untyped int -> int, ...); t otherwise. */
Type *type_default(TypeContext *c, Type *t);

/* go/types Identical / IdenticalIgnoreTags. Type parameters are identical only
   to themselves, except that two generic signatures are compared with their
   type parameters matched by position. Interfaces compare computed type sets
   when both have one, else their explicit methods and embeddeds. */
bool type_identical(Type *x, Type *y);
bool type_identical_ignore_tags(Type *x, Type *y);
/* A hash consistent with type_identical (identical types hash equal), for
   instance caches and type-keyed maps. */
uint64_t type_hash(Type *t);

/* go/types.TypeString. q maps a package to its qualifier; NULL writes the
   package path (as types.TypeString(t, nil)). */
typedef struct Qualifier {
    const char *(*fn)(void *data, const Pkg *p);    /* "" omits the qualifier */
    void *data;
} Qualifier;
void type_write(StrBuf *b, Type *t, const Qualifier *q);
/* go/types.RelativeTo(p): names of p unqualified, others by path. */
Qualifier qualifier_relative_to(const Pkg *p);

/* -------------------------------------------------------------------- objects */

typedef enum ObjKind {
    OBJ_BAD, OBJ_CONST, OBJ_TYPENAME, OBJ_VAR, OBJ_FUNC, OBJ_PKGNAME, OBJ_LABEL,
    OBJ_BUILTIN, OBJ_NIL
} ObjKind;

/* Numbered as go/types.VarKind. */
typedef enum VarKind {
    VAR_NONE, VAR_PACKAGE, VAR_LOCAL, VAR_RECV, VAR_PARAM, VAR_RESULT, VAR_FIELD
} VarKind;

/* Builtin functions, numbered as go/types' builtinId (unsafe's included). */
typedef enum BuiltinId {
    BUILTIN_APPEND, BUILTIN_CAP, BUILTIN_CLEAR, BUILTIN_CLOSE, BUILTIN_COMPLEX,
    BUILTIN_COPY, BUILTIN_DELETE, BUILTIN_IMAG, BUILTIN_LEN, BUILTIN_MAKE, BUILTIN_MAX,
    BUILTIN_MIN, BUILTIN_NEW, BUILTIN_PANIC, BUILTIN_PRINT, BUILTIN_PRINTLN,
    BUILTIN_REAL, BUILTIN_RECOVER,
    BUILTIN_ADD, BUILTIN_ALIGNOF, BUILTIN_OFFSETOF, BUILTIN_SIZEOF, BUILTIN_SLICE,
    BUILTIN_SLICEDATA, BUILTIN_STRING, BUILTIN_STRINGDATA,
    BUILTIN_COUNT
} BuiltinId;
typedef struct BuiltinInfo {
    const char *name;
    uint8_t nargs;      /* minimum number of arguments */
    bool variadic;
    bool is_stmt;       /* may be used as a statement */
} BuiltinInfo;
const BuiltinInfo *builtin_info(BuiltinId id);

enum {
    OF_EMBEDDED = 1 << 0,   /* field: embedded */
    OF_PTR_RECV = 1 << 1,   /* func: method with a pointer receiver */
    OF_USED = 1 << 2,       /* var, pkgname: used (for "declared and not used") */
    OF_LOCAL_TYPE = 1 << 3, /* type name: a defined type declared in a function; order is
                               gc's number for it (the ·N of its link name) */
};

struct Object {
    uint8_t kind;           /* ObjKind */
    uint8_t var_kind;       /* VarKind, for OBJ_VAR */
    uint16_t flags;         /* OF_* */
    uint32_t order;         /* 1-based order of package-level declaration; OF_LOCAL_TYPE:
                               see there; 0 otherwise */
    const char *name;       /* interned; "" for anonymous parameters and results */
    Type *type;             /* NULL until known */
    Pkg *pkg;               /* NULL for universe objects (except unsafe's) */
    Scope *parent;          /* scope it was inserted into, if any */
    const SourceFile *file; /* NULL: no position */
    Pos pos;
    uint32_t color;         /* checker's cycle-detection state */
    const void *decl;       /* checker's declaration info (opaque here) */
    union {
        const Const *val;               /* OBJ_CONST */
        Pkg *imported;                  /* OBJ_PKGNAME */
        BuiltinId builtin;              /* OBJ_BUILTIN */
        Object *origin;                 /* OBJ_VAR, OBJ_FUNC: generic origin, or itself */
    } u;
};

Object *obj_new(Pkg *p, ObjKind kind, const SourceFile *file, Pos pos, const char *name,
                Type *type);
Object *obj_new_var(Pkg *p, VarKind vk, const SourceFile *file, Pos pos, const char *name,
                    Type *type);
Object *obj_new_const(Pkg *p, const SourceFile *file, Pos pos, const char *name, Type *type,
                      const Const *val);
bool obj_exported(const Object *o);     /* name starts with an upper-case letter */
bool name_exported(const char *name);
/* Whether a TypeName denotes an alias (its type is an Alias, or a basic type
   whose name differs, like byte). */
bool obj_is_alias(const Object *o);
const char *obj_kind_name(ObjKind k);
/* go/types' object order: exported names first, then by name, then by
   package path (how interface methods are sorted). */
int obj_compare(const Object *a, const Object *b);
/* A total order that does not depend on memory addresses (package path,
   file, position, name, kind, then type), so that what is written in the
   order of a map keyed by objects is the same in every run. */
int obj_stable_compare(const Object *a, const Object *b);
/* The keys of a map keyed by Object*, in obj_stable_compare order
   (*out is malloc'd). */
size_t obj_sorted_keys(const PtrMap *m, Object ***out);

/* --------------------------------------------------------------------- scopes */

struct Scope {
    Scope *parent;
    Scope *first_child, *last_child, *next_sibling;
    Object **objs;              /* insertion order */
    uint32_t n, cap;
    uint32_t *index;            /* hash of objs by name, built once n grows past a few */
    uint32_t index_cap;
    const SourceFile *file;
    Pos pos, end;
    const char *comment;        /* for debugging, as go/types */
    bool is_func;
    Arena *arena;
};

Scope *scope_new(Arena *a, Scope *parent, const SourceFile *file, Pos pos, Pos end,
                 const char *comment);
Object *scope_lookup(const Scope *s, const char *name);    /* this scope only */
/* Innermost scope from s outwards declaring name; *found receives it. */
Object *scope_lookup_parent(const Scope *s, const char *name, const Scope **found);
/* Inserts o unless its name is already declared here: returns the existing
   object then, else NULL (and sets o->parent when unset). */
Object *scope_insert(Scope *s, Object *o);
/* The objects sorted by name (as go/types Scope.Names); *out is malloc'd. */
size_t scope_sorted(const Scope *s, Object ***out);

/* ------------------------------------------------------------------- packages */

struct Pkg {
    const char *path, *name;    /* interned */
    Scope *scope;               /* package scope: the export view for importers */
    Pkg **imports;              /* packages this one imports, in import order */
    uint32_t nimports;
    const char *go_version;
    bool complete, fake;
    TypeContext *ctx;
    Arena arena;                /* types, objects, scopes of this package */
    ConstPool *consts;
    uint32_t nobjs;             /* package-level objects declared so far (for order) */
    /* read from a table of what importers reach (export.h): the names of
       the package-level objects left out, as written there (pkg_hides) */
    const uint8_t *hidden;
    size_t nhidden;
};

/* A new package of ctx (freed by types_free). */
Pkg *pkg_new(TypeContext *c, const char *path, const char *name);
/* Empties a package nothing refers to yet (a failed import): a new empty
   scope, no imports, not complete; its arena keeps what was allocated. */
void pkg_reset(Pkg *p);
/* Whether the package declares name though its table left it out (an
   unexported object no importer reaches). */
bool pkg_hides(const Pkg *p, const char *name);

/* ---------------------------------------------------------- sizes (gc rules) */

typedef struct Sizes { int64_t word_size, max_align; } Sizes;
/* gc's sizes for goarch (types.SizesFor("gc", goarch)); false if unknown. */
bool sizes_for_arch(const char *goarch, Sizes *out);
/* As gc computes them; -1 for types too large. t must be typed and not a type
   parameter. */
int64_t type_sizeof(const Sizes *s, Type *t);
int64_t type_alignof(const Sizes *s, Type *t);
/* Offsets of all fields of a struct (out has st->fields.n entries). */
void type_offsetsof(const Sizes *s, StructType *st, int64_t *out);
/* One field's offset, without the array (0 past the last field). */
int64_t type_offsetof_field(const Sizes *s, StructType *st, uint32_t index);

/* -------------------------------------------------------- context, universe */

struct TypeContext {
    Interner *names;
    Sizes sizes;
    const char *goarch;
    Scope *universe;
    Pkg *universe_pkg;          /* owner of universe types (path ""); not a real package */
    Pkg *unsafe_pkg;            /* "unsafe", complete */
    /* gc's "go.runtime" (printed "runtime"): the runtime functions code
       the compiler generates calls, as typecheck.LookupRuntime finds them */
    Pkg *rtsym_pkg;
    Object *panicrangestate;    /* func(state int): range-over-func checks */
    Object *deferrangefunc;     /* func() any: the token of defers in their bodies */
    BasicType *typ[BK_COUNT];   /* go/types.Typ */
    Type *byte_type, *rune_type;/* the byte and rune aliases' basic types */
    Type *error_type, *comparable_type, *any_type;
    Object *iota_obj, *nil_obj;
    Pkg **pkgs;                 /* every package made by pkg_new, to free */
    uint32_t npkgs, cappkgs;
};

/* Builds the universe for goarch (NULL: amd64). Returns NULL for an unknown
   goarch. names must outlive the context. */
TypeContext *types_new(Interner *names, const char *goarch);
void types_free(TypeContext *c);
Object *universe_lookup(TypeContext *c, const char *name);   /* name need not be interned */

/* --------------------------------------------------------- package checking */

/* Finds the package an import path (as written in a file of the package being
   checked) denotes; NULL if it cannot be found. */
typedef struct Importer {
    Pkg *(*fn)(void *data, const char *path);
    void *data;
} Importer;

/* What the checker could not determine yet (it does not type arbitrary
   expressions): package-level constants whose value and variables whose
   type need full expression typing. Such objects keep a NULL type (const:
   unknown value) and print as <unknown>. */
typedef struct CheckStats {
    unsigned unknown_consts, unknown_vars;
    unsigned errors;
} CheckStats;

/* Checks the package-level declarations of pkg (created with pkg_new) from
   its parsed files: collects objects, binds imports through imp, resolves
   every type expression and signature, evaluates constant declarations and
   the types of variables, then types function bodies (without reporting
   errors in them yet). Errors are appended to diags (gc's form). Returns the number of errors; stats (if
   non-NULL) is added to. */
unsigned types_check_files(Pkg *pkg, AstFile **files, size_t nfiles, const Importer *imp,
                           DiagList *diags, CheckStats *stats);

/* ------------------------------------------------- per-expression results */

/* What an expression denotes, as go/types' TypeAndValue (the mode names of
   typesdump -exprs). */
typedef enum ExprMode {
    EM_VOID, EM_TYPE, EM_BUILTIN, EM_CONST, EM_NIL, EM_VAR, EM_MAPINDEX, EM_COMMAOK, EM_VALUE
} ExprMode;
typedef struct ExprInfo {
    Type *type;             /* NULL: "()" (no value) */
    const Const *val;       /* EM_CONST */
    uint8_t mode;           /* ExprMode */
} ExprInfo;

/* The side table a check fills for later stages: every expression's type
   and value, and the object each identifier declares or uses. Keyed by the
   syntax nodes, so it is only valid while the trees live. */
typedef struct TypeInfo {
    struct InfoRec **chunks;/* the records, in order of their first recording (check_info.c) */
    uint32_t nrecs, nchunks, capchunks;
    struct InfoEntry *order;/* every (node, file, what) recorded, for dumping (keep_order) */
    bool keep_order;
    size_t norder, caporder;
    Arena arena;
    PtrMap instances;       /* instantiated SignatureType* -> TypeList* (its type arguments) */
} TypeInfo;
void types_info_init(TypeInfo *ti);
void types_info_free(TypeInfo *ti);
const ExprInfo *types_expr_info(const TypeInfo *ti, const Node *e);   /* NULL: not recorded */
Object *types_ident_def(const TypeInfo *ti, const Node *id);
/* What a record's definition holds for an identifier that defines no
   object (a fixed address, so that a TypeInfo can be copied by value). */
extern const char types_def_none;
#define TYPES_DEF_NONE ((void *)&types_def_none)
Object *types_ident_use(const TypeInfo *ti, const Node *id);
/* Keeps only the records of nodes keep accepts (and every instance). */
void types_info_prune(TypeInfo *ti, bool (*keep)(const Node *n, void *data), void *data);

/* As types_check_files, also checking function bodies and filling info
   (NULL: bodies are checked, nothing is kept). */
unsigned types_check_files_info(Pkg *pkg, AstFile **files, size_t nfiles, const Importer *imp,
                                DiagList *diags, CheckStats *stats, TypeInfo *info);
/* Prints the records of info as typesdump -exprs does (the format is
   described in tests/oracle/typesdump/exprs.go). */
void types_dump_exprs(FILE *out, Pkg *pkg, const TypeInfo *info);

/* Prints every package-level object of pkg as tests/oracle/typesdump does:
   "package PATH NAME", then one line per object, sorted by name. */
void types_dump_pkg(FILE *out, Pkg *pkg);

/* `goescape types [-dump] [-stats] [-roundtrip] PATTERNS`: checks the packages
   and their dependencies from source, prints errors like gc; -dump prints
   the matched packages' objects; -roundtrip writes each package's export
   table (export.h), reads it back into a second context and compares. Exit code 0, 1 on type errors, 2 on load errors. */
int types_check_main(int argc, char **argv);

/* ------------------------------------------------------- for the ir stage */

/* One embedded field traversed by a selector x.f / x.M (implicit x.E.f). */
typedef struct TypesSelStep {
    Object *field;      /* the embedded field */
    int32_t index;      /* its index in its struct */
    bool ptr;           /* its struct was reached through a pointer (gc ODOTPTR) */
} TypesSelStep;
typedef struct TypesSelection {
    TypesSelStep *steps;    /* embedded fields, outermost first (in the caller's arena) */
    uint32_t nsteps;
    int32_t index;          /* field target: its index in the last struct */
    bool ptr;               /* field target: last struct reached through a pointer */
    Type *recv;             /* type the member was found in (after the path, pointer stripped) */
    bool recv_ptr;          /* ... and whether a pointer led to it */
} TypesSelection;
/* How selecting target (a field or method, as recorded for the selector's
   identifier) from a value of type t goes through embedded fields. False
   when target is not found in t. */
bool types_selection_path(Type *t, const Object *target, Arena *a, TypesSelection *out);
/* The method a value of concrete type t (or *t) has for interface method
   im: declared on t or promoted from an embedded field (the shallowest,
   unique); NULL when none. */
Object *types_concrete_method(Type *t, const Object *im);

/* One method of a type's full method set (types_method_set). */
typedef struct TypesMethod {
    Object *m;          /* the method: declared on the type, or promoted */
    uint8_t embedded;   /* 0 declared, 1 promoted through values only, 2 through a pointer */
    bool generic;       /* promoted from an instance of a generic type */
} TypesMethod;
/* The methods of named type t and of *t (an interface: its own), declared and promoted (each name
   at its shallowest depth, ambiguous ones and those a field hides left
   out), in gc's order: exported names first, then by name, then by
   package path (types.Sym.Less). The array is malloc'd (*n entries). */
TypesMethod *types_method_set(Type *t, uint32_t *n);

/* The type arguments a generic function was instantiated with, for the
   instantiated signature the checker recorded as the type of the function
   operand (f in f(x), f[int], pkg.F): NULL if sig is no recorded instance.
   They may mention the type parameters of an enclosing generic function. */
const TypeList *types_instance_targs(const TypeInfo *ti, const Type *sig);
/* t with the type parameters from.v[i] replaced by to.v[i]; instances of
   generic defined types are made anew (in p's arena) and resolved. t itself
   when nothing changes. */
Type *types_subst(Pkg *p, TypeList from, TypeList to, Type *t);
/* Whether t mentions a type parameter. */
bool types_has_tparams(Type *t);

/* The records of a TypeInfo about some nodes, on disk (types/info_io.c),
   for the summary cache: each node's expression record (mode, type,
   constant), the object it defines ("no object" kept) and uses, and the
   type arguments of the instantiated signatures among the recorded types.
   Nodes are named by their index in nodes[] (as syntax_write_decls numbers
   them); types, objects and constants go through refs. Reading adds the
   records to info (initialised by types_info_init) for nodes[]; false on
   truncated or corrupt input (info then holds a partial result). */
struct SerRefs;
struct DeRefs;
void types_info_write(ByteBuf *out, const TypeInfo *info, const Node *const *nodes, size_t n,
                      const struct SerRefs *refs);
bool types_info_read(ByteReader *r, TypeInfo *info, Node *const *nodes, size_t n,
                     const struct DeRefs *refs);

#endif
