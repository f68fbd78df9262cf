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
} Operand;

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
} Checker;

/* check.c */
void check_error(Checker *c, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void check_obj_decl(Checker *c, Object *o);
/* Looks name up from the current scope outwards. */
Object *check_lookup(Checker *c, const char *name);
/* The file of the declaration being checked (for error positions). */
const SourceFile *check_file(Checker *c);

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
/* Gives an untyped operand type t (implicit conversion); false on error. */
bool check_assign_const(Checker *c, Operand *o, Type *t, Pos pos, const char *context);
/* Integer constant as int64, for array lengths; false if not one. */
bool check_const_int(Checker *c, Node *x, int64_t *out, bool *unknown);

#endif
