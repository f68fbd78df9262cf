/* The syntax stage's interface: parse one Go source file into an AstFile, and
   print trees in the canonical dump form (docs/ast-dump.md). */
#ifndef GOESCAPE_SYNTAX_SYNTAX_H
#define GOESCAPE_SYNTAX_SYNTAX_H
#include "ast.h"
#include "base/arena.h"
#include "base/bytes.h"
#include "base/diag.h"
#include "base/intern.h"
#include <stdio.h>

/* Parses src (already read into memory; see base/source.h). Nodes, names and
   comments go into arena; identifiers are interned in names; syntax errors are
   appended to diags. Never fails: a file with errors has nerrors > 0. */
AstFile *syntax_parse(Arena *arena, Interner *names, SourceFile *src, DiagList *diags);

/* Canonical text form of the tree, as tests/oracle/astdump prints go/ast. */
void syntax_dump(FILE *out, const AstFile *f);

/* Serialized declarations (syntax/ser.c), for the summary cache: trees of
   any node kind (in practice function declarations), with positions as
   numbers and each declaration's file by reference through the caller's
   callbacks. Reading rebuilds the trees in an arena (names interned again,
   literal texts copied), one stand-in AstFile per file (src, go_version,
   and a root File node listing the declarations read), and the nodes in the
   order numbered by the writer, for side tables keyed by node. A reader
   fails cleanly (false) on truncated or corrupt input, never crashes. */
/* The child fields of n's kind (slots.c): the single nodes (possibly NULL),
   then the lists, as addresses so that a reader can fill them. */
typedef struct SyntaxSlots {
    Node **one[4];
    unsigned n1;
    NodeList *lists[2];
    unsigned nl;
} SyntaxSlots;
void syntax_slots(Node *n, SyntaxSlots *s);
/* Calls visit on root and every node below it, in source order (preorder,
   without recursion); in_body: the node is inside a block (a function
   body, a func literal's). */
void syntax_walk(Node *root, void (*visit)(void *data, Node *n, bool in_body), void *data);

typedef struct SyntaxSerFiles {
    uint32_t (*ref)(void *data, const SourceFile *f);       /* writing */
    const SourceFile *(*deref)(void *data, uint32_t ref);   /* reading: NULL means corrupt */
    void *data;
} SyntaxSerFiles;

/* Appends decls[i] (of files[i]); *nodes (malloc'd, *nnodes long) receives
   every node written, by number. False when a tree is too deep. */
bool syntax_write_decls(ByteBuf *out, const AstFile *const *files, const Node *const *decls, size_t n,
                        const SyntaxSerFiles *sf, const Node ***nodes, size_t *nnodes);

typedef struct SyntaxDecls {
    size_t n;
    Node **decls;           /* in the order written */
    AstFile **files;        /* the file of each declaration (shared by a file's decls) */
    AstFile **uniq;         /* the distinct files, in order of first use */
    size_t nuniq;
    Node **nodes;           /* every node by number */
    size_t nnodes;
} SyntaxDecls;
/* Everything is allocated in a; names are interned in names. */
bool syntax_read_decls(ByteReader *r, Arena *a, Interner *names, const SyntaxSerFiles *sf,
                       SyntaxDecls *out);

#endif
