/* The syntax stage's interface: parse one Go source file into an AstFile, and
   print trees in the canonical dump form (docs/ast-dump.md). */
#ifndef GOESCAPE_SYNTAX_SYNTAX_H
#define GOESCAPE_SYNTAX_SYNTAX_H
#include "ast.h"
#include "base/arena.h"
#include "base/diag.h"
#include "base/intern.h"
#include <stdio.h>

/* Parses src (already read into memory; see base/source.h). Nodes, names and
   comments go into arena; identifiers are interned in names; syntax errors are
   appended to diags. Never fails: a file with errors has nerrors > 0. */
AstFile *syntax_parse(Arena *arena, Interner *names, SourceFile *src, DiagList *diags);

/* Canonical text form of the tree, as tests/oracle/astdump prints go/ast. */
void syntax_dump(FILE *out, const AstFile *f);

#endif
