/* Source files and positions. A Pos is a byte offset + 1 inside one SourceFile
   (0 means "no position"); line and column come from the file's line table.
   //line directives are kept as a table and applied only when a position is
   printed the way gc prints it. */
#ifndef GOESCAPE_BASE_SOURCE_H
#define GOESCAPE_BASE_SOURCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t Pos;
#define NOPOS ((Pos)0)

typedef struct LineDirective {
    uint32_t offset;        /* byte offset where the directive takes effect */
    uint32_t at_line, at_col; /* raw line/col of that offset */
    const char *filename;   /* as gc reports it: a relative name joined to the
                               directory of the file's path ("sub/x.go" +
                               "foo.go" -> "sub/foo.go") */
    uint32_t line, col;     /* col 0: column unknown */
    bool owned;             /* filename is malloc'd (joined here) */
} LineDirective;

typedef struct SourceFile {
    const char *path;       /* file name as gc prints it */
    const char *abspath;    /* absolute name, to print it from another package's
                               compile (SourceNamer); NULL: unknown */
    const char *src;        /* contents, followed by READ_PAD (8) zero bytes;
                               NULL until source_load when disk is set */
    size_t len;             /* with src NULL: the size the file had when hashed */
    const char *disk;       /* where to read src when it is needed (a package
                               served from the cache is never parsed, and only
                               its line table may be wanted); NULL: src given */
    char *owned;            /* src as read by source_load */
    uint32_t *lines;        /* byte offset of the start of each line */
    size_t nlines;
    LineDirective *dirs;    /* sorted by offset; appended by the lexer */
    size_t ndirs, capdirs;
} SourceFile;

typedef struct Position {
    const char *filename;
    uint32_t line, col;     /* col 0: unknown (printed as file:line) */
} Position;

/* src must stay alive as long as the SourceFile, and src[len..len+7] must be
   zero (base/file.h's read_file guarantees it). */
void source_init(SourceFile *f, const char *path, const char *src, size_t len);
void source_free(SourceFile *f);
/* Reads src from disk if it is not there yet. False with *err (malloc'd)
   when it cannot be read. Safe to call from several threads. */
bool source_load(SourceFile *f, char **err);
void source_add_line_directive(SourceFile *f, uint32_t offset, const char *filename,
                               uint32_t line, uint32_t col);
/* Builds the line table now rather than on first use: the lazy build of a
   file given its contents is not thread-safe, so a file whose positions
   other threads may print (goescape -p N) gets it while only its owner
   uses it. A file still on disk (disk set, src NULL) is skipped: its lazy
   build reads it under a lock. */
void source_build_lines(const SourceFile *f);
/* Raw position: the file's own name, line and 1-based byte column. */
Position source_raw_pos(const SourceFile *f, Pos p);
/* Position after //line directives, as gc reports it. */
Position source_pos(const SourceFile *f, Pos p);
/* p as gc keeps it (cmd/internal/src.lico packs the column in 8 bits and
   the line in 20): a column from GC_COL_MAX on is GC_COL_MAX, which gc's
   messages do not print (nor does position_print); from line GC_LINE_MAX on,
   the line is GC_LINE_MAX without a column. */
enum { GC_COL_MAX = 255, GC_LINE_MAX = (1 << 20) - 2 };
Position source_pos_gc(const SourceFile *f, Pos p);
struct StrBuf;

/* The name to print for a file in the output of one package's compile
   (go build rewrites file names relative to the compiled package's
   directory, so another package's file may read differently there): a
   name, or NULL for the file's own path. */
typedef struct SourceNamer {
    const char *(*name)(void *data, const SourceFile *f);
    void *data;
} SourceNamer;
/* Appends "file:line:col" (":col" dropped when unknown, or no_columns: gc's
   -C) as gc prints p, the file named by nm (NULL: by its path) unless a
   //line directive names it. */
void source_fmt_pos_named(struct StrBuf *b, const SourceFile *f, Pos p, bool no_columns, const SourceNamer *nm);

#endif
