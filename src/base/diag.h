/* Diagnostics in gc's form: "file:line:col: message", sorted by position. */
#ifndef GOESCAPE_BASE_DIAG_H
#define GOESCAPE_BASE_DIAG_H
#include "source.h"
#include <stdio.h>

typedef struct Diag {
    Position pos;
    uint32_t offset;        /* raw offset, for stable sorting within a file */
    char *msg;              /* malloc'd */
} Diag;

typedef struct DiagList {
    Diag *data;
    size_t len, cap;
} DiagList;

void diag_add(DiagList *d, const SourceFile *f, Pos p, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_print(DiagList *d, FILE *out);   /* sorts by file, line, col */
/* As gc: once max errors are reported (in the order they were added), the
   rest are dropped and "too many errors" follows at the last one's
   position; lines starting with a tab continue the error before them. */
void diag_print_limit(DiagList *d, FILE *out, size_t max);
void diag_free(DiagList *d);
void position_print(FILE *out, Position p);

#endif
