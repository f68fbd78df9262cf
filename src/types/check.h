/* The package checker's private state, shared by the check*.c files.
   One Checker checks one package; it holds no global state. */
#ifndef GOESCAPE_TYPES_CHECK_H
#define GOESCAPE_TYPES_CHECK_H
#include "types.h"
#include "base/ptrmap.h"
#include "base/vec.h"

/* How far a package-level object's declaration has been processed
   (Object.color): white objects are untouched, grey ones are on the
   declaration path, black ones are done. */
enum { COLOR_WHITE, COLOR_GREY, COLOR_BLACK };

/* What a package-level object was declared by. */
typedef struct DeclInfo {
    const AstFile *file;
    Scope *fscope;              /* file scope: lookups start here */
    Node *spec;                 /* TypeSpec, ValueSpec or FuncDecl */
    Node *type;                 /* const/var: the written type, or NULL */
    Node *init;                 /* const/var: the 1:1 initializer, or NULL */
    Node *multi;                /* var a, b = f(): the single initializer */
    Object **lhs;               /* var with multi: all variables it initializes */
    uint32_t nlhs;
    uint32_t iota;              /* const: index of the spec in its declaration */
    struct DeclInfo *next_method; /* methods of one base type, chained */
    Object *obj;
} DeclInfo;

/* An operand of a (package-level) expression: what is known about it. */
typedef enum OpMode {
    OM_INVALID,     /* an error was reported */
    OM_UNKNOWN,     /* needs expression typing this checker does not do yet */
    OM_NOVALUE, OM_CONST, OM_VALUE, OM_TYPE, OM_BUILTIN
} OpMode;
typedef struct Operand {
    OpMode mode;
    Type *type;
    const Const *val;           /* OM_CONST */
    TupleType *tuple;           /* OM_VALUE of a multi-valued call */
    BuiltinId builtin;          /* OM_BUILTIN */
    bool commaok;               /* map index, type assertion or receive: may give (v, ok) */
    bool addressable;           /* a variable (go/types mode variable) */
    bool mapindex;              /* m[k]: assignable, not addressable */
} Operand;

/* A map key or channel element type checked once every declaration is done. */
enum { LATE_MAP_KEY, LATE_CHAN_ELEM, LATE_EMBEDDED, LATE_RECEIVER };
typedef struct LateCheck { Node *node; Type *type; const struct DeclInfo *decl; int kind; } LateCheck;

typedef struct FuncLitSeen { Node *lit; const SourceFile *file; } FuncLitSeen;

typedef struct Checker {
    TypeContext *ctx;
    Pkg *pkg;
    const Importer *imp;
    DiagList *diags;
    CheckStats *stats;
    Arena arena;                /* decl infos and other scratch, freed with the checker */
    VEC(Object *) objs;         /* package-level objects, in source order */
    VEC(DeclInfo *) methods;    /* every method declaration */
    VEC(NamedType *) pending;   /* defined types whose underlying waits on a cycle */
    VEC(Object *) path;         /* objects being declared, outermost first */
    VEC(NamedType *) instances; /* of generic defined types, made by this checker */
    PtrMap base_methods;        /* base TypeName -> DeclInfo chain of its methods */
    const DeclInfo *decl;       /* declaration being checked: its file and scope */
    Scope *scope;               /* innermost scope for lookups */
    const Const *iota;          /* in a constant declaration, else NULL */
    Type *invalid;
    TypeInfo *info;             /* records kept for later stages, or NULL */
    bool quiet;                 /* function bodies: errors are not reported yet */
    SignatureType *sig;         /* of the function whose body is checked */
    struct Labels *labels;      /* of that body (check_stmt.c) */
    Type *lit_hint;             /* type of an elided composite literal about to be checked */
    const DeclInfo *dep_src;    /* package-level declaration whose references are recorded */
    PtrMap dep_nodes;           /* check_init.c: declaration -> DepNode */
    VEC(struct DepNode *) dep_list;
    VEC(Object *) locals;       /* check_unused.c: local variables of the body being checked */
    uint32_t body_depth;        /* function bodies being checked, nested */
    VEC(LateCheck) late;        /* map keys and channel elements outside bodies */
    const char *assign_ctx;     /* what check_assignment assigns for: "argument to f"...; NULL: assignment */
    VEC(FuncLitSeen) funclits;  /* func literals whose bodies were checked, for check_file_errors */
    struct CheckMono *mono;     /* check_mono.c: the instantiation graph, made on first use */
    uint32_t resolve_depth;     /* instances being resolved, nested */
    Pos inst_pos;               /* the call or expression instantiating a generic function */
    const NodeList *inst_xlist; /* ... and its explicit type arguments, or NULL */
    const Node *inst_fn;        /* ... the function called, when they are inferred */
    bool inst_noverify;         /* a generic function instantiated by an argument's type */
} Checker;
typedef struct CheckMono CheckMono;

/* check.c */
void check_error(Checker *c, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void check_obj_decl(Checker *c, Object *o);
/* Looks name up from the current scope outwards. */
Object *check_lookup(Checker *c, const char *name);
/* The exported object sel names in the package pkgname imports, or NULL
   after reporting it as types2 does (px: the package's identifier). */
Object *check_imported(Checker *c, const Object *pkgname, const Node *px, const Node *sel);
/* The file of the declaration being checked (for error positions). */
const SourceFile *check_file(Checker *c);

/* check_mono.c: instantiation cycles (go/types' monomorphization check) */
/* The package's instantiation of generic tparams with targs (xlist: their
   expressions, if written; else at pos). */
void check_mono_record(Checker *c, TypeList tparams, Type *const *targs, uint32_t n, const NodeList *xlist, Pos pos);
/* A method's receiver type parameter stands for its type's. */
void check_mono_canon(Checker *c, Type *rparam, Type *tparam);
/* Reports the first instantiation cycle, as go/types does once a package
   checked without errors. */
void check_mono(Checker *c);
void check_mono_free(Checker *c);

/* check_init.c: initialization cycles */
/* The declaration being checked refers to the package-level object o. */
void check_dep(Checker *c, Object *o);
/* Reports variables that depend on themselves; frees the graph. */
void check_init_cycles(Checker *c);
void check_init_cycles_free(Checker *c);

/* check_unused.c: unused variables and imports, missing returns */
/* A local variable declared by id (noted for "declared and not used"). */
void check_local_declared(Checker *c, Node *id, Object *o);
/* Reports the noted variables that body never uses; forgets them. */
void check_unused_vars(Checker *c, Node *body);
void check_file_errors(Checker *c, AstFile **files, size_t nfiles);

/* go/types' verify: the first type argument that lacks a method of its
   constraint, or is not comparable where the constraint wants it, is
   reported at its expression (xlist) or at pos; fn: the called function
   when the type arguments were inferred (go/types' "in call to" form).
   Type terms and type arguments that are type parameters are left alone. */
void check_verify(Checker *c, TypeList tparams, Type *const *targs, uint32_t n, const NodeList *xlist, Pos pos,
                  const Node *fn);

/* check_report.c: count mismatches (arguments, return values, assignments) */
bool check_arg_count(Checker *c, Node *call, SignatureType *sig, Operand *ops, bool dots);
void check_return_count(Checker *c, Node *ret, Operand *ops);
void check_assign_count(Checker *c, NodeList rhs, uint32_t nlhs, Operand *ops);
/* T(x) for a non-constant x that certainly does not convert. */
void check_report_conversion(Checker *c, Node *arg, const Operand *x, Type *t);
/* nil where t (NULL: no type at all) cannot be nil; false if reported. */
bool check_nil_use(Checker *c, Node *e, const Operand *x, Type *t, const char *context);
/* Comparisons: nil with non-nilable types, slices/maps/funcs with each
   other, ordering of unordered types; false if reported. */
bool check_compare_ok(Checker *c, Node *e, const Operand *x, const Operand *y);
/* v must implement interface t: reports a missing method, after what and
   sep (": " or gc's ":\n\t" of impossible assertions and cases). */
bool check_implements_report(Checker *c, Pos at, const char *what, const char *sep, Type *v, Type *t);
/* case x in a switch on tag: comparable types that match. */
void check_case_value(Checker *c, Node *v, const Operand *x, Node *tn, const Operand *tag);
/* Whether -lang asked for a version before go1.<minor>. */
bool check_lang_before(Checker *c, int minor);
/* make's size arguments: integers, not negative. */
void check_make_size(Checker *c, Node *a, const Operand *x);
/* Reports a call without results, or with several, where one value is needed. */
bool check_single_value(Checker *c, Node *e, const Operand *x);
/* var a, b = 1, 2, 3 and const declarations with too few or many values. */
void check_spec_counts(Checker *c, Node *spec, bool is_const, NodeList inits);
/* x assigned to type t (c->assign_ctx says where): reports when it
   certainly is not assignable. */
void check_report_assign(Checker *c, Node *e, const Operand *x, Type *t);
/* check_report_assign with c->assign_ctx set to context meanwhile. */
void check_report_assign_in(Checker *c, Node *e, const Operand *x, Type *t, const char *context);
/* go/types' description of operand x of expression e (NULL: none):
   "x (variable of struct type T)", "1 (untyped int constant)". */
void check_operand_string(Checker *c, StrBuf *b, const Node *e, const Operand *x);
/* Operators on operands whose types do not allow them; false if reported. */
bool check_op_ok(Checker *c, Node *e, Node *xn, Token op, const Operand *x, bool unary);
bool check_incdec_ok(Checker *c, Node *s, const Operand *x);
void check_map_key(Checker *c, Node *key, Type *k);
void check_chan_elem(Checker *c, Node *x, Type *elem);
void check_late(Checker *c, LateCheck *l);
/* Whether gc's size of t can be computed (check_expr.c). */
bool check_sizeable(Type *t);
/* Whether t involves type parameters or instances (errors stay unreported). */
bool check_unsure_type(Type *t);
/* t as gc's messages write it: other packages' types by package name. */
void check_type_write(Checker *c, StrBuf *b, Type *t);
void check_report_cond(Checker *c, Node *cond, const Operand *x, const char *what);

/* check_decl.c: declarations of each kind of object */
void check_type_decl(Checker *c, Object *o, DeclInfo *d);
void check_const_decl(Checker *c, Object *o, DeclInfo *d);
void check_var_decl(Checker *c, Object *o, DeclInfo *d);
void check_func_decl(Checker *c, Object *o, DeclInfo *d);
void check_resolve_pending(Checker *c);
void check_valid_types(Checker *c);

/* check_typexpr.c */
Type *check_type(Checker *c, Node *x);
/* A type that may be generic (no instantiation required), for receivers. */
Type *check_generic_type(Checker *c, Node *x);
SignatureType *check_signature(Checker *c, Node *recv, Node *ftype, Scope *scope);
/* Declares the type parameters of list (a FieldList) in the current scope. */
TypeList check_type_params(Checker *c, Node *list);
Type *check_instantiate(Checker *c, Type *gen, Type **targs, uint32_t n, Pos pos);
/* The operand's type expression or the declared name it denotes, for messages. */
void check_expr_string(StrBuf *b, const Node *x);

/* check_subst.c */
/* Gives an instance its underlying type once its origin has one. */
bool check_instance_resolve(Checker *c, NamedType *inst);
NamedType *check_instance_lookup(Checker *c, NamedType *orig, Type **targs, uint32_t n);

/* check_expr.c */
void check_expr(Checker *c, Node *x, Operand *o);
/* Gives an untyped operand type t (implicit conversion); false on error,
   reported as an assignment in context, or (NULL, o untyped) as go/types'
   "cannot convert" / "overflows" / "truncated to". */
bool check_assign_const(Checker *c, Node *x, Operand *o, Type *t, const char *context);
/* Reports (recording nothing) when the untyped constant x cannot become a t. */
void check_const_fits(Checker *c, Node *e, const Operand *x, Type *t, const char *context);
/* T(x) and builtin calls: the forms constant expressions need; the builtin
   checks only the arguments check_call.c's builtin_args skips. */
void check_conversion(Checker *c, Node *e, Type *t, Operand *x);
void check_builtin(Checker *c, Node *e, BuiltinId id, Operand *x);
/* Integer constant as int64, for array lengths; false if not one. */
bool check_const_int(Checker *c, Node *x, int64_t *out, bool *unknown);

/* check_info.c: the side table of results */
void check_record(Checker *c, Node *e, const Operand *x);
void check_record_mode(Checker *c, Node *e, ExprMode m, Type *t, const Const *v);
/* Drops e's record (and those of the parentheses it is wrapped in): a type
   found wrong once more is known, say a generic function left uninstantiated. */
void check_unrecord(Checker *c, Node *e);
/* go/types records the interface it wraps around a constraint ~T or A|B
   at a node of its own, with no position and ending where x ends. */
void check_record_implicit(Checker *c, Node *x, Type *iface);
void check_record_def(Checker *c, Node *id, Object *o);
void check_record_use(Checker *c, Node *id, Object *o);
/* An untyped expression got type t from its context: its recorded type and
   those of its untyped operands become t (go/types updateExprType). */
void check_update_untyped(Checker *c, Node *e, Type *t);
/* The constant e's value after rounding to its final type (go/types updateExprVal). */
void check_update_val(Checker *c, Node *e, const Const *v);
/* x is used as (value, ok): its record becomes the tuple (t0, t1). */
void check_record_commaok(Checker *c, Node *e, Type *t0, Type *t1);

/* check_lookup.c: fields and methods (go/types LookupFieldOrMethod) */
typedef struct Selection {
    Object *obj;                /* field (OBJ_VAR) or method (OBJ_FUNC); NULL: not found */
    Type *type;                 /* its type, with type arguments substituted */
    bool indirect;              /* a pointer was followed on the way */
    bool ptr_recv;              /* method: needs a pointer receiver */
} Selection;
Selection check_lookup_member(Checker *c, Type *t, const char *name);
/* Whether o is named name as seen from the package being checked (go/types
   sameId: an unexported name of another package is another name). */
bool check_same_id(Checker *c, const Object *o, const char *name);
/* What go/types' lookup for error messages finds: the member of t whose
   name equals name but for case, in any package (NULL: none). */
Object *check_lookup_alt(Checker *c, Type *t, const char *name);
/* go/types' lookupError: why sel is not a member of t (alt as
   check_lookup_alt found it), for a selector or (lit) a struct literal's
   key. */
void check_lookup_error(Checker *c, StrBuf *b, Type *t, const char *sel, const Object *alt, bool lit);
/* Substitutes type parameters from -> to in t. */
Type *check_subst(Checker *c, TypeList from, TypeList to, Type *t);
/* Records inst as sig instantiated with targs (inst_support.c). */
void check_record_instance(Checker *c, SignatureType *inst, Type *const *targs, uint32_t n);
/* The core type of t (go/types coreType): its underlying type, or for a
   type parameter the single underlying type of its type set; NULL if none. */
Type *check_core_type(Type *t);
/* The underlying types of a type parameter's type set, when it is a plain
   union of at most max terms; 0 if not known. */
uint32_t check_type_set_unders(Type *t, Type **out, uint32_t max);

/* check_assign.c: whether a typed value of type v may be assigned to type t
   (go/types assignableTo); false when unsure. */
bool check_assignable(Checker *c, Type *v, Type *t);

/* check_stmt.c: function bodies */
void check_func_body(Checker *c, SignatureType *sig, Node *body);
void check_bodies(Checker *c, AstFile **files, size_t nfiles);
/* Declares o in the current scope (skipping _), recording the definition. */
void check_declare_local(Checker *c, Node *id, Object *o);

/* check_call.c: calls, conversions and builtins in bodies */
/* An operand assigned to type t (nil: its default type): untyped values
   are converted and their records updated. */
void check_assignment(Checker *c, Node *e, Operand *x, Type *t);
void check_call_full(Checker *c, Node *e, Operand *x);
/* sig instantiated with targs (n = its type parameters; NULL entries not
   given), the missing ones inferred from the constraints' core types;
   NULL if some stay unknown. */
SignatureType *check_infer_partial(Checker *c, SignatureType *sig, Type **targs);
void check_selector(Checker *c, Node *e, Operand *x);

/* check_info.c, for info_io.c: a node's records as stored (def may be
   TYPES_DEF_NONE), and setting them (NULL: left as is). */
void info_get(const TypeInfo *ti, const Node *n, const ExprInfo **e, void **def, Object **use);
void info_set(TypeInfo *ti, Node *n, const ExprInfo *e, void *def, Object *use);

#endif
