#include "source.h"
#include "strbuf.h"
#include "file.h"
#include "util.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Guards reading a file whose contents were not needed until now. */
static pthread_mutex_t lazy_mu = PTHREAD_MUTEX_INITIALIZER;

void source_init(SourceFile *f, const char *path, const char *src, size_t len) {
    memset(f, 0, sizeof *f);
    f->path = path;
    f->src = src;
    f->len = len;
}

/* The line table is built on first use: parsing alone never needs it. The
   SourceFile is conceptually const; the cache is an implementation detail. */
static void build_lines(const SourceFile *cf) {
    SourceFile *f = (SourceFile *)cf;
    const char *src = f->src ? f->src : "";
    size_t len = f->src ? f->len : 0, n = 1;
    for (const char *p = src; (p = memchr(p, '\n', (size_t)(src + len - p))); p++) n++;
    uint32_t *lines = xmalloc(n * sizeof *lines);
    lines[0] = 0;
    size_t i = 1;
    for (const char *p = src; (p = memchr(p, '\n', (size_t)(src + len - p))); p++)
        lines[i++] = (uint32_t)(p - src + 1);
    f->nlines = n;
    /* published last: another thread that sees lines sees nlines too */
    __atomic_store_n(&f->lines, lines, __ATOMIC_RELEASE);
}

static bool load_locked(SourceFile *f, char **err) {
    if (f->src || !f->disk) return true;
    size_t len;
    char *text = read_file(f->disk, &len, err);
    if (!text) return false;
    f->owned = text;
    f->len = len;
    __atomic_store_n(&f->src, text, __ATOMIC_RELEASE);
    return true;
}

bool source_load(SourceFile *f, char **err) {
    if (__atomic_load_n(&f->src, __ATOMIC_ACQUIRE) || !f->disk) return true;
    pthread_mutex_lock(&lazy_mu);
    bool ok = load_locked(f, err);
    pthread_mutex_unlock(&lazy_mu);
    return ok;
}

/* The line table of a file, read from disk first if need be (an unreadable
   file gets an empty table: positions then print as line 1). */
static void ensure_lines(const SourceFile *cf) {
    SourceFile *f = (SourceFile *)cf;
    if (__atomic_load_n(&f->lines, __ATOMIC_ACQUIRE)) return;
    if (!f->disk) {
        build_lines(f);
        return;
    }
    pthread_mutex_lock(&lazy_mu);
    if (!f->lines) {
        char *err = NULL;
        if (!load_locked(f, &err)) free(err);
        build_lines(f);
    }
    pthread_mutex_unlock(&lazy_mu);
}

void source_build_lines(const SourceFile *f) {
    if (!f->lines && (f->src || !f->disk)) build_lines(f);
}

void source_free(SourceFile *f) {
    free(f->owned);
    f->owned = NULL;
    free(f->lines);
    for (size_t i = 0; i < f->ndirs; i++)
        if (f->dirs[i].owned) free((char *)f->dirs[i].filename);
    free(f->dirs);
    f->lines = NULL;
    f->dirs = NULL;
}

Position source_raw_pos(const SourceFile *f, Pos p) {
    Position r = {f->path, 0, 0};
    if (p == NOPOS) return r;
    ensure_lines(f);
    uint32_t off = p - 1;
    size_t lo = 0, hi = f->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (f->lines[mid] <= off) lo = mid;
        else hi = mid;
    }
    r.line = (uint32_t)lo + 1;
    r.col = off - f->lines[lo] + 1;
    return r;
}

void source_add_line_directive(SourceFile *f, uint32_t offset, const char *filename,
                               uint32_t line, uint32_t col) {
    if (f->ndirs == f->capdirs) {
        f->capdirs = f->capdirs ? f->capdirs * 2 : 4;
        f->dirs = xrealloc(f->dirs, f->capdirs * sizeof *f->dirs);
    }
    Position at = source_raw_pos(f, offset + 1);
    /* gc resolves a relative name against the directory of the file as it
       was named (go build names files by absolute path and shortens the
       output, so "./x.go" with //line foo.go shows "./foo.go"). */
    bool owned = false;
    const char *slash = f->path ? strrchr(f->path, '/') : NULL;
    if (filename != f->path && filename[0] && filename[0] != '/' && slash) {
        while (filename[0] == '.' && filename[1] == '/') filename += 2;
        size_t dl = (size_t)(slash - f->path);
        size_t fl = strlen(filename);
        char *joined = xmalloc(dl + 1 + fl + 1);
        memcpy(joined, f->path, dl);
        joined[dl] = '/';
        memcpy(joined + dl + 1, filename, fl + 1);
        filename = joined;
        owned = true;
    }
    f->dirs[f->ndirs++] = (LineDirective){offset, at.line, at.col, filename, line, col, owned};
}

Position source_pos(const SourceFile *f, Pos p) {
    Position raw = source_raw_pos(f, p);
    if (p == NOPOS || f->ndirs == 0) return raw;
    uint32_t off = p - 1;
    /* last directive at or before off */
    size_t lo = 0, hi = f->ndirs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->dirs[mid].offset <= off) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return raw;
    const LineDirective *d = &f->dirs[lo - 1];
    Position r;
    r.filename = d->filename;
    r.line = d->line + (raw.line - d->at_line);
    if (d->col == 0) r.col = 0;
    else if (raw.line == d->at_line) r.col = d->col + (raw.col - d->at_col);
    else r.col = raw.col;
    return r;
}

Position source_pos_gc(const SourceFile *f, Pos p) {
    Position r = source_pos(f, p);
    if (r.line >= GC_LINE_MAX) {
        r.line = GC_LINE_MAX;
        r.col = 0;
    }
    if (r.col > GC_COL_MAX) r.col = GC_COL_MAX;
    return r;
}

void source_fmt_pos_named(StrBuf *b, const SourceFile *f, Pos p, bool no_columns, const SourceNamer *nm) {
    Position ps = source_pos_gc(f, p);
    const char *name = ps.filename == f->path && nm ? nm->name(nm->data, f) : NULL;
    sb_puts(b, name ? name : ps.filename ? ps.filename : "<unknown>");
    sb_putc(b, ':');
    sb_put_uint(b, ps.line);
    if (!no_columns && ps.col != 0 && ps.col < GC_COL_MAX) {
        sb_putc(b, ':');
        sb_put_uint(b, ps.col);
    }
}
