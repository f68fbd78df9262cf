/* Reads the head of a .go file: leading comments (for build constraints),
   the package clause and the import declarations, stopping there, the way
   go/build does before deciding which files make a package. */
#ifndef GOESCAPE_LOAD_HEADER_H
#define GOESCAPE_LOAD_HEADER_H
#include "base/arena.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct GoHeader {
    char *buf;              /* malloc'd bytes read so far (at least the whole header) */
    size_t len;
    const char *pkg;        /* package name, in the arena */
    const char **imports;   /* import paths as written, in file order, in the arena */
    size_t nimports;
    bool imports_c;         /* import "C" */
} GoHeader;

/* Parses src[0:n]. complete says n is the whole file. Returns 1 on success,
   0 when more input is needed (only if !complete), -1 on a syntax error with
   *err set to a malloc'd "LINE:COL: message". */
int goheader_parse(const char *src, size_t n, bool complete, Arena *a, GoHeader *h, char **err);

/* Reads just enough of path and parses it. Returns false with *err
   (malloc'd) on I/O or syntax errors. h->buf must be freed by the caller
   (goheader_free). */
bool goheader_read(const char *path, Arena *a, GoHeader *h, char **err);
void goheader_free(GoHeader *h);

#endif
