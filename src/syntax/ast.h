/* The syntax tree. Node kinds and fields mirror go/ast so the tree can be
   checked against go/parser node for node; positions are byte offsets in the
   file (see base/source.h). Every node records go/ast's Pos() and End(), and
   `op` records the position gc reports for the node where that differs
   (documented per kind below). */
#ifndef GOESCAPE_SYNTAX_AST_H
#define GOESCAPE_SYNTAX_AST_H
#include "base/source.h"
#include "token.h"
#include "lexer.h"
#include <stdbool.h>
#include <stdint.h>

#define NODE_KINDS(X)                                                                     \
    /* expressions and types */                                                           \
    X(BadExpr) X(Ident) X(Ellipsis) X(BasicLit) X(FuncLit) X(CompositeLit) X(ParenExpr)   \
    X(SelectorExpr) X(IndexExpr) X(IndexListExpr) X(SliceExpr) X(TypeAssertExpr)          \
    X(CallExpr) X(StarExpr) X(UnaryExpr) X(BinaryExpr) X(KeyValueExpr) X(ArrayType)      \
    X(StructType) X(FuncType) X(InterfaceType) X(MapType) X(ChanType)                     \
    X(Field) X(FieldList)                                                                 \
    /* statements */                                                                      \
    X(BadStmt) X(DeclStmt) X(EmptyStmt) X(LabeledStmt) X(ExprStmt) X(SendStmt)            \
    X(IncDecStmt) X(AssignStmt) X(GoStmt) X(DeferStmt) X(ReturnStmt) X(BranchStmt)        \
    X(BlockStmt) X(IfStmt) X(CaseClause) X(SwitchStmt) X(TypeSwitchStmt) X(CommClause)    \
    X(SelectStmt) X(ForStmt) X(RangeStmt)                                                 \
    /* specs and declarations */                                                          \
    X(ImportSpec) X(ValueSpec) X(TypeSpec) X(BadDecl) X(GenDecl) X(FuncDecl) X(File)

typedef enum NodeKind {
#define X(k) N_##k,
    NODE_KINDS(X)
#undef X
    N_COUNT
} NodeKind;

const char *node_kind_name(NodeKind k);

typedef struct Node Node;
typedef struct NodeList {
    Node **v;
    uint32_t n;
} NodeList;

/* Channel directions, numbered as go/ast.ChanDir. */
enum { CHAN_SEND = 1, CHAN_RECV = 2, CHAN_BOTH = 3 };

/* Declaration directives (//go:...) attached to FuncDecl/GenDecl/TypeSpec/ValueSpec. */
enum {
    PRAGMA_NOINLINE = 1 << 0, PRAGMA_NOESCAPE = 1 << 1, PRAGMA_NOSPLIT = 1 << 2,
    PRAGMA_NORACE = 1 << 3, PRAGMA_UINTPTRESCAPES = 1 << 4, PRAGMA_UINTPTRKEEPALIVE = 1 << 5,
    PRAGMA_NOCHECKPTR = 1 << 6, PRAGMA_SYSTEMSTACK = 1 << 7, PRAGMA_NOWRITEBARRIER = 1 << 8,
    PRAGMA_NOWRITEBARRIERREC = 1 << 9, PRAGMA_YESWRITEBARRIERREC = 1 << 10,
    PRAGMA_REGISTERPARAMS = 1 << 11, PRAGMA_NOTINHEAP = 1 << 12, PRAGMA_LINKNAME = 1 << 13,
    PRAGMA_EMBED = 1 << 14, PRAGMA_CGO = 1 << 15, PRAGMA_WASMIMPORT = 1 << 16,
    PRAGMA_WASMEXPORT = 1 << 17, PRAGMA_NOINIT = 1 << 18, PRAGMA_FIX = 1 << 19,
};

typedef struct Directive {
    Pos pos;
    const char *text;       /* whole comment text, e.g. "//go:linkname a b" */
    uint32_t len;
} Directive;

typedef struct Pragmas {
    uint32_t flags;
    Directive *v;           /* the directive comments themselves, in order */
    uint32_t n;
} Pragmas;

struct Node {
    uint8_t kind;           /* NodeKind */
    uint8_t tok;            /* operator/token/literal kind/chan dir, by kind */
    uint16_t flags;         /* NF_* below */
    Pos pos, end;           /* go/ast Pos() and End() */
    Pos op;                 /* see per-kind comments */
    uint32_t info_id;       /* the type checker's record of this node (types/check_info.c); 0: none */
    union {
        struct { const char *name; } ident;                     /* op: unused */
        struct { const char *value; uint32_t len; } lit;        /* tok: T_INT..T_STRING; value: source text */
        struct { Node *elt; } ellipsis;
        struct { Node *type, *body; } funclit;
        struct { Node *type; NodeList elts; } composite;       /* op: '{' */
        struct { Node *x; } paren;                              /* op: ')' */
        struct { Node *x, *sel; } selector;                     /* op: '.' */
        struct { Node *x; NodeList indices; } index;            /* IndexExpr (1 index) and IndexListExpr; op: '[' */
        struct { Node *x, *low, *high, *max; } slice;           /* op: '['; NF_SLICE3 */
        struct { Node *x, *type; } assert;                      /* type NULL for .(type); op: '.' */
        struct { Node *fun; NodeList args; Pos ellipsis; } call; /* op: '(' */
        struct { Node *x; } star;                               /* StarExpr */
        struct { Node *x; } unary;                              /* tok: operator; op: operator */
        struct { Node *x, *y; } binary;                         /* tok: operator; op: operator */
        struct { Node *key, *value; } kv;                       /* op: ':' */
        struct { Node *len, *elt; } array;                      /* len NULL: slice type; Ellipsis for [...]T */
        struct { Node *fields; } structtype;                    /* FieldList */
        struct { Node *tparams, *params, *results; } functype;  /* op: "func" keyword or NOPOS */
        struct { Node *methods; } iface;                        /* FieldList */
        struct { Node *key, *value; } map;
        struct { Node *value; } chan;                           /* tok: CHAN_*; op: '<-' or NOPOS */
        struct { NodeList names; Node *type, *tag; } field;
        struct { NodeList list; } fieldlist;                    /* pos/end: parens/braces when present */
        struct { Node *decl; } declstmt;
        struct { Node *label, *stmt; } labeled;                 /* op: ':' */
        struct { Node *x; } exprstmt;
        struct { Node *chan, *value; } send;                    /* op: '<-' */
        struct { Node *x; } incdec;                             /* tok: ++/--; op: operator */
        struct { NodeList lhs, rhs; } assign;                   /* tok: =, :=, op=; op: operator */
        struct { Node *call; } gostmt;                          /* GoStmt and DeferStmt */
        struct { NodeList results; } ret;
        struct { Node *label; } branch;                         /* tok: break/continue/goto/fallthrough */
        struct { NodeList list; } block;                        /* op: '}' (NOPOS if missing) */
        struct { Node *init, *cond, *body, *els; } ifstmt;
        struct { NodeList list, body; } caseclause;             /* list empty and NF_DEFAULT: default; op: ':' */
        struct { Node *init, *tag, *body; } switchstmt;         /* SwitchStmt, TypeSwitchStmt (tag = Assign) */
        struct { Node *comm; NodeList body; } commclause;       /* comm NULL: default; op: ':' */
        struct { Node *body; } selectstmt;
        struct { Node *init, *cond, *post, *body; } forstmt;
        struct { Node *key, *value, *x, *body; } rangestmt;     /* tok: T_ILLEGAL, := or =; op: "range" keyword */
        struct { Node *name, *path; } importspec;
        struct { NodeList names; Node *type; NodeList values; } valuespec; /* iota: index in its GenDecl */
        struct { Node *name, *tparams, *type; } typespec; /* NF_ALIAS; op: '=' */
        struct { NodeList specs; Pos lparen, rparen; Pragmas *pragmas; } gendecl; /* tok: import/const/type/var */
        struct { Node *recv, *name, *type, *body; Pragmas *pragmas; } funcdecl;
        struct { Node *name; NodeList decls; } file;
    } u;
};

/* Node flags. */
enum {
    NF_IMPLICIT = 1 << 0,   /* EmptyStmt from a newline/EOF or missing stmt */
    NF_SLICE3 = 1 << 1,     /* x[a:b:c] */
    NF_ALIAS = 1 << 2,      /* type A = B */
    NF_DEFAULT = 1 << 3,    /* default case */
    NF_PARENS = 1 << 4,     /* FieldList with ( ) or { } */
    NF_LABELS = 1 << 5,     /* a function body with labeled statements (maybe in a nested literal) */
};

/* One parsed file. All nodes live in the arena given to syntax_parse. */
typedef struct AstFile {
    SourceFile *src;
    Node *root;             /* N_File; NULL only if parsing gave up entirely */
    Comment *comments;      /* every comment, in source order */
    size_t ncomments;
    const char *go_version; /* from //go:build "go1.N" terms, "" if none */
    Pragmas *build;         /* //go:build, //go:embed... that precede the package clause */
    unsigned nerrors;
    uint32_t nfunclits;     /* func literals in the tree */
    Node **local_types;     /* type specs inside function bodies, in source order */
    uint32_t nlocal_types;
} AstFile;

#endif
