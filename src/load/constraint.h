/* Build constraint expressions: //go:build lines and legacy // +build lines
   (the facts of go/build/constraint, reimplemented). */
#ifndef GOESCAPE_LOAD_CONSTRAINT_H
#define GOESCAPE_LOAD_CONSTRAINT_H
#include "base/arena.h"
#include <stdbool.h>
#include <stddef.h>

typedef enum { CX_TAG, CX_NOT, CX_AND, CX_OR } CExprKind;
typedef struct CExpr {
    CExprKind kind;
    const char *tag;        /* CX_TAG: points into arena, NUL-terminated */
    struct CExpr *x, *y;    /* operands (CX_NOT uses x) */
} CExpr;

/* Reports whether tag (NUL-terminated) is satisfied. */
typedef bool (*TagMatcher)(void *ctx, const char *tag);

/* Whether a line (without newline) is a //go:build or // +build line. */
bool constraint_is_go_build(const char *line, size_t n);
bool constraint_is_plus_build(const char *line, size_t n);

/* Parses a //go:build or // +build line. On a syntax error returns NULL and
   sets *err to a malloc'd message like go's ("unexpected token )"). */
CExpr *constraint_parse(Arena *a, const char *line, size_t n, char **err);
bool cexpr_eval(const CExpr *x, TagMatcher match, void *ctx);
/* Writes x in //go:build syntax (for tests and messages); malloc'd. */
char *cexpr_string(const CExpr *x);

/* Decides whether a file with this content (only its leading comment block
   matters) should be built: its //go:build line if any, else all its
   // +build lines ANDed. Returns false and sets *err (malloc'd) on a bad
   //go:build line or two //go:build lines. */
bool constraint_check_file(const char *src, size_t n, TagMatcher match, void *ctx,
                           bool *build, char **err);

#endif
