/* //go:build expression parser and evaluator, plus the legacy // +build form
   and the rule that picks which lines of a file header count. */
#include "constraint.h"
#include "base/strbuf.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

enum { MAX_SIZE = 1000, MAX_OLD_SIZE = 100 }; /* go's complexity limits */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

static void trim(const char **s, size_t *n) {
    while (*n && is_space(**s)) (*s)++, (*n)--;
    while (*n && is_space((*s)[*n - 1])) (*n)--;
}

/* Tags are letters, digits, '_' and '.'; non-ASCII bytes count as letters
   (go accepts Unicode letters and digits there). */
static bool is_tag_char(char c) {
    unsigned char u = (unsigned char)c;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
           u == '_' || u == '.' || u >= 0x80;
}

static bool has_prefix(const char *s, size_t n, const char *p) {
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0;
}

/* Splits "//go:build EXPR" into EXPR; false if not such a line. */
static bool split_go_build(const char *s, size_t n, const char **ex, size_t *exn) {
    if (n && s[n - 1] == '\n') n--;
    if (memchr(s, '\n', n)) return false;
    if (!has_prefix(s, n, "//go:build")) return false;
    trim(&s, &n);
    s += 10, n -= 10;
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    if (tn == n && n != 0) return false; /* "//go:buildx" */
    *ex = t, *exn = tn;
    return true;
}

static bool split_plus_build(const char *s, size_t n, const char **ex, size_t *exn) {
    if (n && s[n - 1] == '\n') n--;
    if (memchr(s, '\n', n)) return false;
    if (!has_prefix(s, n, "//")) return false;
    s += 2, n -= 2;
    trim(&s, &n);
    if (!has_prefix(s, n, "+build")) return false;
    s += 6, n -= 6;
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    if (tn == n && n != 0) return false;
    *ex = t, *exn = tn;
    return true;
}

bool constraint_is_go_build(const char *line, size_t n) {
    const char *e;
    size_t en;
    return split_go_build(line, n, &e, &en);
}

bool constraint_is_plus_build(const char *line, size_t n) {
    const char *e;
    size_t en;
    return split_plus_build(line, n, &e, &en);
}

static CExpr *mk(Arena *a, CExprKind k, CExpr *x, CExpr *y) {
    CExpr *e = arena_alloc(a, sizeof *e);
    e->kind = k, e->x = x, e->y = y;
    return e;
}

static CExpr *mk_tag(Arena *a, const char *s, size_t n) {
    CExpr *e = mk(a, CX_TAG, NULL, NULL);
    e->tag = arena_strndup(a, s, n);
    return e;
}

/* ---- //go:build: recursive descent over ||, &&, !, ( ), tags ---- */

typedef struct Parser {
    Arena *arena;
    const char *s;
    size_t n, i;
    const char *tok;    /* current token text; tokn == 0 means end */
    size_t tokn, pos;
    bool is_tag;
    int size;
    char *err;          /* first error, malloc'd */
} Parser;

static void perr(Parser *p, size_t off, const char *msg, const char *arg, size_t argn) {
    if (p->err) return;
    (void)off;
    p->err = xasprintf("%s%.*s", msg, (int)argn, arg ? arg : "");
    p->tok = "", p->tokn = 0, p->is_tag = false; /* stop the parse */
    p->i = p->n;
}

static void lex(Parser *p) {
    p->is_tag = false;
    if (p->err) return;
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t')) p->i++;
    p->pos = p->i;
    if (p->i >= p->n) {
        p->tok = "", p->tokn = 0;
        return;
    }
    char c = p->s[p->i];
    if (c == '(' || c == ')' || c == '!') {
        p->tok = p->s + p->i++, p->tokn = 1;
        return;
    }
    if (c == '&' || c == '|') {
        if (p->i + 1 >= p->n || p->s[p->i + 1] != c) {
            perr(p, p->i, "invalid syntax at ", &p->s[p->i], 1);
            return;
        }
        p->tok = p->s + p->i, p->tokn = 2, p->i += 2;
        return;
    }
    size_t j = p->i;
    while (j < p->n && is_tag_char(p->s[j])) j++;
    if (j == p->i) {
        perr(p, p->i, "invalid syntax at ", &p->s[p->i], 1);
        return;
    }
    p->tok = p->s + p->i, p->tokn = j - p->i, p->i = j, p->is_tag = true;
}

static bool tok_is(Parser *p, const char *t) {
    size_t k = strlen(t);
    return !p->is_tag && p->tokn == k && memcmp(p->tok, t, k) == 0;
}

static CExpr *parse_or(Parser *p);

static CExpr *parse_atom(Parser *p) {
    if (p->err) return NULL;
    if (tok_is(p, "(")) {
        CExpr *x = parse_or(p);
        if (p->err) {
            if (strcmp(p->err, "unexpected end of expression") == 0) {
                free(p->err);
                p->err = xstrdup("missing close paren");
            }
            return NULL;
        }
        if (!tok_is(p, ")")) {
            perr(p, p->pos, "missing close paren", NULL, 0);
            return NULL;
        }
        lex(p);
        return x;
    }
    if (!p->is_tag) {
        if (p->tokn == 0) perr(p, p->pos, "unexpected end of expression", NULL, 0);
        else perr(p, p->pos, "unexpected token ", p->tok, p->tokn);
        return NULL;
    }
    CExpr *t = mk_tag(p->arena, p->tok, p->tokn);
    lex(p);
    return t;
}

static CExpr *parse_not(Parser *p) {
    if (++p->size > MAX_SIZE) {
        perr(p, p->pos, "build expression too large", NULL, 0);
        return NULL;
    }
    lex(p);
    if (tok_is(p, "!")) {
        lex(p);
        if (tok_is(p, "!")) {
            perr(p, p->pos, "double negation not allowed", NULL, 0);
            return NULL;
        }
        CExpr *x = parse_atom(p);
        return p->err ? NULL : mk(p->arena, CX_NOT, x, NULL);
    }
    return parse_atom(p);
}

static CExpr *parse_and(Parser *p) {
    CExpr *x = parse_not(p);
    while (!p->err && tok_is(p, "&&")) {
        CExpr *y = parse_not(p);
        x = mk(p->arena, CX_AND, x, y);
    }
    return p->err ? NULL : x;
}

static CExpr *parse_or(Parser *p) {
    CExpr *x = parse_and(p);
    while (!p->err && tok_is(p, "||")) {
        CExpr *y = parse_and(p);
        x = mk(p->arena, CX_OR, x, y);
    }
    return p->err ? NULL : x;
}

static CExpr *parse_go_build(Arena *a, const char *s, size_t n, char **err) {
    Parser p = {.arena = a, .s = s, .n = n};
    CExpr *x = parse_or(&p);
    if (!p.err && p.tokn != 0) perr(&p, p.pos, "unexpected token ", p.tok, p.tokn);
    if (p.err) {
        *err = p.err;
        return NULL;
    }
    return x;
}

/* ---- // +build: space-separated OR of comma-separated AND of [!]tag ---- */

static bool valid_tag(const char *s, size_t n) {
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_tag_char(s[i])) return false;
    return true;
}

static CExpr *parse_plus_build(Arena *a, const char *s, size_t n, char **err) {
    CExpr *x = NULL;
    int size = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && is_space(s[i])) i++;
        if (i >= n) break;
        size_t cend = i;
        while (cend < n && !is_space(s[cend])) cend++;
        CExpr *y = NULL;
        size_t j = i;
        for (;;) { /* each comma-separated literal, empty ones included */
            size_t k = j;
            while (k < cend && s[k] != ',') k++;
            const char *lit = s + j;
            size_t litn = k - j;
            CExpr *z;
            if ((litn >= 2 && lit[0] == '!' && lit[1] == '!') || (litn == 1 && lit[0] == '!')) {
                z = mk_tag(a, "ignore", 6); /* malformed: never matches */
            } else {
                bool neg = litn > 0 && lit[0] == '!';
                if (neg) lit++, litn--;
                z = valid_tag(lit, litn) ? mk_tag(a, lit, litn) : mk_tag(a, "ignore", 6);
                if (neg) z = mk(a, CX_NOT, z, NULL);
            }
            if (!y) {
                y = z;
            } else {
                if (++size > MAX_OLD_SIZE) goto complex;
                y = mk(a, CX_AND, y, z);
            }
            if (k >= cend) break;
            j = k + 1;
        }
        if (!x) {
            x = y;
        } else {
            if (++size > MAX_OLD_SIZE) goto complex;
            x = mk(a, CX_OR, x, y);
        }
        i = cend;
    }
    return x ? x : mk_tag(a, "ignore", 6);
complex:
    *err = xstrdup("expression too complex for // +build lines");
    return NULL;
}

CExpr *constraint_parse(Arena *a, const char *line, size_t n, char **err) {
    const char *e;
    size_t en;
    if (split_go_build(line, n, &e, &en)) return parse_go_build(a, e, en, err);
    if (split_plus_build(line, n, &e, &en)) return parse_plus_build(a, e, en, err);
    *err = xstrdup("not a build constraint");
    return NULL;
}

bool cexpr_eval(const CExpr *x, TagMatcher match, void *ctx) {
    switch (x->kind) {
    case CX_TAG: return match(ctx, x->tag);
    case CX_NOT: return !cexpr_eval(x->x, match, ctx);
    case CX_AND: return cexpr_eval(x->x, match, ctx) && cexpr_eval(x->y, match, ctx);
    case CX_OR: return cexpr_eval(x->x, match, ctx) || cexpr_eval(x->y, match, ctx);
    }
    return false;
}

static void put_expr(StrBuf *b, const CExpr *x, CExprKind parent) {
    switch (x->kind) {
    case CX_TAG: sb_puts(b, x->tag); return;
    case CX_NOT: sb_putc(b, '!'); put_expr(b, x->x, CX_NOT); return;
    case CX_AND:
    case CX_OR: {
        /* Parenthesize whenever the operator changes, as go's String does. */
        bool paren = parent != x->kind && parent != CX_TAG;
        if (paren) sb_putc(b, '(');
        put_expr(b, x->x, x->kind);
        sb_puts(b, x->kind == CX_AND ? " && " : " || ");
        put_expr(b, x->y, x->kind);
        if (paren) sb_putc(b, ')');
        return;
    }
    }
}

char *cexpr_string(const CExpr *x) {
    StrBuf b = {0};
    put_expr(&b, x, CX_TAG);
    char *s = xstrdup(sb_cstr(&b));
    sb_free(&b);
    return s;
}

/* ---- file headers ---- */

static bool is_go_build_comment(const char *l, size_t n) {
    if (!has_prefix(l, n, "//go:build")) return false;
    return n == 10 || is_space(l[10]);
}

bool constraint_check_file(const char *src, size_t n, TagMatcher match, void *ctx,
                           bool *build, char **err) {
    /* The header is the leading run of blank lines and // comments; // +build
       lines count only up to its last blank line, //go:build lines anywhere
       in it (outside block comments). */
    size_t end = 0, p = 0;
    bool ended = false, in_star = false;
    const char *gb = NULL;
    size_t gbn = 0;
    while (p < n) {
        size_t ls = p;
        const char *nl = memchr(src + p, '\n', n - p);
        size_t le = nl ? (size_t)(nl - src) : n;
        p = nl ? le + 1 : n;
        const char *line = src + ls;
        size_t ln = le - ls;
        trim(&line, &ln);
        if (ln == 0 && !ended) {
            end = p;
            continue;
        }
        if (!has_prefix(line, ln, "//")) ended = true;
        if (!in_star && is_go_build_comment(line, ln)) {
            if (gb) {
                *err = xstrdup("multiple //go:build comments");
                return false;
            }
            gb = line, gbn = ln;
        }
        /* Skip the comments on this line; stop at the first code. */
        bool code = false;
        while (ln > 0) {
            if (in_star) {
                const char *q = NULL;
                for (size_t i = 0; i + 1 < ln; i++)
                    if (line[i] == '*' && line[i + 1] == '/') { q = line + i; break; }
                if (!q) break;
                in_star = false;
                ln -= (size_t)(q + 2 - line), line = q + 2;
                trim(&line, &ln);
                continue;
            }
            if (has_prefix(line, ln, "//")) break;
            if (has_prefix(line, ln, "/*")) {
                in_star = true;
                line += 2, ln -= 2;
                trim(&line, &ln);
                continue;
            }
            code = true;
            break;
        }
        if (code) break;
    }

    Arena a;
    arena_init(&a);
    bool ok = true;
    *build = true;
    if (gb) {
        char *perr_ = NULL;
        CExpr *x = constraint_parse(&a, gb, gbn, &perr_);
        if (!x) {
            *err = xasprintf("parsing //go:build line: %s", perr_);
            free(perr_);
            ok = false;
        } else {
            *build = cexpr_eval(x, match, ctx);
        }
    } else {
        size_t q = 0;
        while (q < end) {
            const char *nl = memchr(src + q, '\n', end - q);
            size_t le = nl ? (size_t)(nl - src) : end;
            const char *line = src + q;
            size_t ln = le - q;
            q = nl ? le + 1 : end;
            trim(&line, &ln);
            if (!has_prefix(line, ln, "//") || !memmem(line, ln, "+build", 6)) continue;
            if (!constraint_is_plus_build(line, ln)) continue;
            char *perr_ = NULL;
            CExpr *x = constraint_parse(&a, line, ln, &perr_);
            if (!x) { /* go ignores malformed // +build lines */
                free(perr_);
                continue;
            }
            if (!cexpr_eval(x, match, ctx)) *build = false;
        }
    }
    arena_free(&a);
    return ok;
}
