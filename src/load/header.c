/* A tiny scanner for the head of a Go file: comments, "package x", and
   import declarations. Load runs before the syntax stage, so it must not
   use src/syntax; it only needs these few tokens. */
#include "header.h"
#include "base/util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { T_EOF, T_MORE, T_IDENT, T_STRING, T_SEMI, T_LPAREN, T_RPAREN, T_DOT, T_OTHER, T_ERR };

typedef struct Scan {
    const char *s;
    size_t n, i;
    bool complete;
    bool nl_semi;          /* a newline here ends a statement (after ident/string/')') */
    const char *tok;       /* T_IDENT/T_STRING: text (strings unquoted into arena) */
    size_t tokn, tokpos;
    Arena *arena;
    char *err;
} Scan;

static void pos_of(const Scan *sc, size_t off, int *line, int *col) {
    int l = 1, c = 1;
    for (size_t i = 0; i < off && i < sc->n; i++) {
        if (sc->s[i] == '\n') l++, c = 1;
        else c++;
    }
    *line = l, *col = c;
}

static int fail(Scan *sc, size_t off, const char *msg) {
    if (!sc->err) {
        int l, c;
        pos_of(sc, off, &l, &c);
        sc->err = xasprintf("%d:%d: %s", l, c, msg);
    }
    return T_ERR;
}

static bool ident_start(unsigned char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
static bool ident_char(unsigned char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

/* Next token. Newlines after an identifier, string or ')' become ';' as in
   Go's semicolon insertion. T_MORE: the buffer ended inside the header. */
static int next(Scan *sc) {
    for (;;) {
        if (sc->i >= sc->n) {
            if (!sc->complete) return T_MORE;
            if (sc->nl_semi) {
                sc->nl_semi = false;
                return T_SEMI;
            }
            return T_EOF;
        }
        char c = sc->s[sc->i];
        if (c == '\n') {
            sc->i++;
            if (sc->nl_semi) {
                sc->nl_semi = false;
                return T_SEMI;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            sc->i++;
            continue;
        }
        if (c == '/' && sc->i + 1 < sc->n && sc->s[sc->i + 1] == '/') {
            const char *nl = memchr(sc->s + sc->i, '\n', sc->n - sc->i);
            if (!nl) {
                if (!sc->complete) return T_MORE;
                sc->i = sc->n;
                continue;
            }
            sc->i = (size_t)(nl - sc->s); /* the newline itself may be a ';' */
            continue;
        }
        if (c == '/' && sc->i + 1 < sc->n && sc->s[sc->i + 1] == '*') {
            const char *e = memmem(sc->s + sc->i + 2, sc->n - sc->i - 2, "*/", 2);
            if (!e) {
                if (!sc->complete) return T_MORE;
                return fail(sc, sc->i, "comment not terminated");
            }
            bool had_nl = memchr(sc->s + sc->i, '\n', (size_t)(e - (sc->s + sc->i))) != NULL;
            sc->i = (size_t)(e + 2 - sc->s);
            if (had_nl && sc->nl_semi) {
                sc->nl_semi = false;
                return T_SEMI;
            }
            continue;
        }
        if (c == '/' && sc->i + 1 >= sc->n && !sc->complete) return T_MORE;
        break;
    }
    size_t st = sc->i;
    sc->tokpos = st;
    unsigned char c = (unsigned char)sc->s[st];
    sc->nl_semi = false;
    if (ident_start(c)) {
        size_t j = st;
        while (j < sc->n && ident_char((unsigned char)sc->s[j])) j++;
        if (j == sc->n && !sc->complete) return T_MORE;
        sc->tok = sc->s + st, sc->tokn = j - st, sc->i = j;
        sc->nl_semi = true;
        return T_IDENT;
    }
    if (c == '"' || c == '`') {
        size_t j = st + 1;
        char *out = arena_alloc(sc->arena, 1); /* grown below */
        size_t on = 0;
        for (;;) {
            if (j >= sc->n) {
                if (!sc->complete) return T_MORE;
                return fail(sc, st, "string literal not terminated");
            }
            char d = sc->s[j];
            if (d == (char)c) break;
            if (c == '"' && d == '\n') return fail(sc, st, "string literal not terminated");
            if (c == '"' && d == '\\') {
                /* Import paths are plain; keep escapes simple: \x → x. */
                if (j + 1 >= sc->n) {
                    if (!sc->complete) return T_MORE;
                    return fail(sc, st, "string literal not terminated");
                }
                d = sc->s[++j];
            }
            out = arena_realloc(sc->arena, out, on + 1, on + 2);
            out[on++] = d;
            j++;
        }
        out[on] = 0;
        sc->tok = out, sc->tokn = on, sc->i = j + 1;
        sc->nl_semi = true;
        return T_STRING;
    }
    sc->i++;
    switch (c) {
    case ';': return T_SEMI;
    case '(': return T_LPAREN;
    case ')': sc->nl_semi = true; return T_RPAREN;
    case '.': return T_DOT;
    }
    return T_OTHER;
}

static bool tok_is(const Scan *sc, const char *w) {
    return sc->tokn == strlen(w) && memcmp(sc->tok, w, sc->tokn) == 0;
}

typedef struct ImpVec { const char **data; size_t len, cap; } ImpVec;

static void add_import(Scan *sc, ImpVec *v, GoHeader *h) {
    if (v->len == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 8;
        v->data = arena_realloc(sc->arena, v->data, v->cap * sizeof *v->data, nc * sizeof *v->data);
        v->cap = nc;
    }
    v->data[v->len++] = sc->tok;
    if (sc->tokn == 1 && sc->tok[0] == 'C') h->imports_c = true;
}

/* ImportSpec = [ "." | "_" | identifier ] ImportPath . Returns the token after it. */
static int import_spec(Scan *sc, int t, ImpVec *v, GoHeader *h) {
    if (t == T_IDENT || t == T_DOT) t = next(sc);
    if (t == T_MORE || t == T_ERR) return t;
    if (t != T_STRING) return fail(sc, sc->tokpos, "missing import path");
    add_import(sc, v, h);
    return next(sc);
}

int goheader_parse(const char *src, size_t n, bool complete, Arena *a, GoHeader *h, char **err) {
    Scan sc = {.s = src, .n = n, .complete = complete, .arena = a};
    if (n >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3)) sc.i = 3; /* byte order mark */
    h->pkg = NULL, h->imports = NULL, h->nimports = 0, h->imports_c = false;
    ImpVec v = {0};
    int t = next(&sc);
    if (t == T_MORE) return 0;
    if (t != T_IDENT || !tok_is(&sc, "package")) {
        if (t != T_ERR) fail(&sc, sc.i > 0 ? sc.tokpos : 0, t == T_EOF ? "expected 'package', found 'EOF'" : "expected 'package'");
        *err = sc.err;
        return -1;
    }
    t = next(&sc);
    if (t == T_MORE) return 0;
    if (t != T_IDENT || tok_is(&sc, "_")) {
        if (t != T_ERR) fail(&sc, sc.tokpos, t == T_IDENT ? "invalid package name _" : "expected package name");
        *err = sc.err;
        return -1;
    }
    h->pkg = arena_strndup(a, sc.tok, sc.tokn);
    t = next(&sc);
    for (;;) {
        if (t == T_SEMI) {
            t = next(&sc);
            continue;
        }
        if (t != T_IDENT || !tok_is(&sc, "import")) break;
        t = next(&sc);
        if (t == T_LPAREN) {
            t = next(&sc);
            for (;;) {
                if (t == T_SEMI) {
                    t = next(&sc);
                    continue;
                }
                if (t == T_RPAREN || t == T_MORE || t == T_ERR || t == T_EOF) break;
                t = import_spec(&sc, t, &v, h);
                if (t != T_SEMI && t != T_RPAREN && t != T_MORE && t != T_ERR)
                    t = fail(&sc, sc.tokpos, "expected ';' in import list");
            }
            if (t == T_EOF) t = fail(&sc, sc.i, "expected ')', found 'EOF'");
            if (t == T_RPAREN) t = next(&sc);
        } else {
            t = import_spec(&sc, t, &v, h);
        }
        if (t == T_MORE || t == T_ERR) break;
    }
    if (t == T_MORE) return 0;
    if (t == T_ERR) {
        *err = sc.err;
        return -1;
    }
    h->imports = v.data, h->nimports = v.len;
    return 1;
}

bool goheader_read(const char *path, Arena *a, GoHeader *h, char **err) {
    memset(h, 0, sizeof *h);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = xasprintf("open %s: %s", path, strerror(errno));
        return false;
    }
    size_t cap = 8192, len = 0;
    char *buf = xmalloc(cap + 1);
    bool eof = false;
    int r = 0;
    /* Most headers fit in the first 8 KiB; read more only when the parse
       runs off the end (long package doc comments). The parse is tried
       after each read, so a small file costs one read, not a second one
       that only finds the end of the file. */
    for (;;) {
        if (!eof) {
            if (len == cap) buf = xrealloc(buf, (cap *= 4) + 1);
            ssize_t k = read(fd, buf + len, cap - len);
            if (k < 0) {
                if (errno == EINTR) continue;
                *err = xasprintf("read %s: %s", path, strerror(errno));
                free(buf);
                close(fd);
                return false;
            }
            if (k == 0) eof = true;
            len += (size_t)k;
        }
        buf[len] = 0;
        char *perr = NULL;
        r = goheader_parse(buf, len, eof, a, h, &perr);
        if (r < 0) {
            *err = xasprintf("%s:%s", path, perr);
            free(perr);
            break;
        }
        if (r > 0) break;
    }
    close(fd);
    h->buf = buf, h->len = len;
    return r > 0;
}

void goheader_free(GoHeader *h) {
    free(h->buf);
    h->buf = NULL;
}
