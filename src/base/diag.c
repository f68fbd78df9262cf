#include "diag.h"
#include "util.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_add(DiagList *d, const SourceFile *f, Pos p, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    if (d->len == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->data = xrealloc(d->data, d->cap * sizeof *d->data);
    }
    d->data[d->len++] = (Diag){source_pos_gc(f, p), p, msg};
}

static int cmp_diag(const void *a, const void *b) {
    const Diag *x = a, *y = b;
    int c = strcmp(x->pos.filename, y->pos.filename);
    if (c) return c;
    if (x->pos.line != y->pos.line) return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.col != y->pos.col) return x->pos.col < y->pos.col ? -1 : 1;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

void position_print(FILE *out, Position p) {
    if (p.col && p.col < GC_COL_MAX) fprintf(out, "%s:%u:%u", p.filename, p.line, p.col);
    else fprintf(out, "%s:%u", p.filename, p.line);
}

void diag_print(DiagList *d, FILE *out) {
    if (d->len > 1) qsort(d->data, d->len, sizeof *d->data, cmp_diag);
    for (size_t i = 0; i < d->len; i++) {
        position_print(out, d->data[i].pos);
        fprintf(out, ": %s\n", d->data[i].msg);
    }
}

void diag_print_limit(DiagList *d, FILE *out, size_t max) {
    size_t n = 0, keep = 0, last = 0;
    for (size_t i = 0; i < d->len && n < max; i++)
        if (d->data[i].msg[0] != '\t' && ++n == max) last = i;
    if (n < max) {
        diag_print(d, out);
        return;
    }
    /* the max-th error and the lines that continue it */
    keep = last + 1;
    while (keep < d->len && d->data[keep].msg[0] == '\t') keep++;
    Position at = d->data[last].pos;
    for (size_t i = keep; i < d->len; i++) free(d->data[i].msg);
    d->len = keep;
    diag_print(d, out);
    position_print(out, at);
    fputs(": too many errors\n", out);
}

void diag_free(DiagList *d) {
    for (size_t i = 0; i < d->len; i++) free(d->data[i].msg);
    free(d->data);
    memset(d, 0, sizeof *d);
}
