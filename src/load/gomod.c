/* go.mod: lines of tokens, "verb ( ... )" blocks, // comments, quoted or
   raw strings (the facts of golang.org/x/mod/modfile, our own code). */
#include "gomod.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

typedef struct Tok { const char *s; size_t n; bool quoted; } Tok;

typedef struct ModParser {
    Arena *a;
    const char *file, *src;
    size_t n, i;
    int line;
    char *err;
} ModParser;

static bool mp_fail(ModParser *p, int line, const char *fmt, const char *arg) {
    if (!p->err) {
        char *m = xasprintf(fmt, arg ? arg : "");
        p->err = xasprintf("%s:%d: %s", p->file, line, m);
        free(m);
    }
    return false;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Reads the tokens of one line into toks (at most cap; more is an error
   for every directive anyway). Returns false on a lexical error; *ntok
   counts tokens, *eof is set at end of input. */
static bool read_line(ModParser *p, Tok *toks, size_t cap, size_t *ntok, bool *eof) {
    *ntok = 0;
    *eof = false;
    for (;;) {
        if (p->i >= p->n) {
            *eof = *ntok == 0;
            return true;
        }
        char c = p->src[p->i];
        if (c == '\n') {
            p->i++;
            p->line++;
            if (*ntok) return true;
            continue;
        }
        if (is_ws(c)) {
            p->i++;
            continue;
        }
        if (c == '/' && p->i + 1 < p->n && p->src[p->i + 1] == '/') {
            while (p->i < p->n && p->src[p->i] != '\n') p->i++;
            continue;
        }
        Tok t = {0};
        if (c == '(' || c == ')') {
            t.s = p->src + p->i++, t.n = 1;
        } else if (c == '"' || c == '`') {
            size_t j = p->i + 1;
            char *buf = arena_alloc(p->a, 1);
            size_t bn = 0;
            for (;;) {
                if (j >= p->n || (c == '"' && p->src[j] == '\n'))
                    return mp_fail(p, p->line, "unterminated quoted string", NULL);
                char d = p->src[j];
                if (d == c) break;
                if (d == '\n') p->line++;
                if (c == '"' && d == '\\' && j + 1 < p->n) d = p->src[++j];
                buf = arena_realloc(p->a, buf, bn + 1, bn + 2);
                buf[bn++] = d;
                j++;
            }
            buf[bn] = 0;
            t.s = buf, t.n = bn, t.quoted = true;
            p->i = j + 1;
        } else {
            size_t j = p->i;
            while (j < p->n && !is_ws(p->src[j]) && p->src[j] != '\n' && p->src[j] != '"' &&
                   p->src[j] != '`' && p->src[j] != '(' && p->src[j] != ')' &&
                   !(p->src[j] == '/' && j + 1 < p->n && p->src[j + 1] == '/'))
                j++;
            t.s = p->src + p->i, t.n = j - p->i;
            p->i = j;
        }
        if (*ntok < cap) toks[*ntok] = t;
        (*ntok)++;
    }
}

static const char *tstr(ModParser *p, Tok t) { return arena_strndup(p->a, t.s, t.n); }
static bool teq(Tok t, const char *s) { return !t.quoted && t.n == strlen(s) && !memcmp(t.s, s, t.n); }

bool gomod_valid_go_version(const char *v) {
    /* 1.N, 1.N.P, or 1.NrcK / 1.NbetaK */
    const char *s = v;
    if (!(*s >= '1' && *s <= '9')) return false;
    while (*s >= '0' && *s <= '9') s++;
    if (*s++ != '.') return false;
    if (!(*s >= '0' && *s <= '9')) return false;
    if (*s == '0' && s[1] >= '0' && s[1] <= '9') return false;
    while (*s >= '0' && *s <= '9') s++;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9')) return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    if (*s >= 'a' && *s <= 'z') {
        while (*s >= 'a' && *s <= 'z') s++;
        if (!(*s >= '0' && *s <= '9')) return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == 0;
}

static bool is_local_path(const char *s) {
    return !strcmp(s, ".") || !strcmp(s, "..") || !strncmp(s, "./", 2) || !strncmp(s, "../", 3) ||
           s[0] == '/';
}

#define PUSH(arr, cnt, cap, val)                                                        \
    do {                                                                                \
        if ((cnt) == (cap)) {                                                           \
            size_t nc_ = (cap) ? (cap) * 2 : 8;                                         \
            (arr) = arena_realloc(p->a, (arr), (cap) * sizeof *(arr), nc_ * sizeof *(arr)); \
            (cap) = nc_;                                                                \
        }                                                                               \
        (arr)[(cnt)++] = (val);                                                         \
    } while (0)

typedef struct Caps { size_t req, rep, ign; } Caps;

/* One directive line: verb plus args (the verb may come from a block). */
static bool directive(ModParser *p, GoMod *m, Caps *caps, Tok verb, Tok *args, size_t nargs, int line) {
    if (teq(verb, "module")) {
        if (m->path) return mp_fail(p, line, "repeated module statement", NULL);
        if (nargs != 1) return mp_fail(p, line, "usage: module module/path", NULL);
        m->path = tstr(p, args[0]);
    } else if (teq(verb, "go")) {
        if (m->go) return mp_fail(p, line, "repeated go statement", NULL);
        if (nargs != 1) return mp_fail(p, line, "go directive expects exactly one argument", NULL);
        const char *v = tstr(p, args[0]);
        if (!gomod_valid_go_version(v))
            return mp_fail(p, line, "invalid go version '%s': must match format 1.23.0", v);
        m->go = v;
    } else if (teq(verb, "toolchain")) {
        if (nargs != 1) return mp_fail(p, line, "toolchain directive expects exactly one argument", NULL);
        m->toolchain = tstr(p, args[0]);
    } else if (teq(verb, "require") || teq(verb, "exclude")) {
        bool req = teq(verb, "require");
        if (nargs != 2)
            return mp_fail(p, line, req ? "usage: require module/path v1.2.3" : "usage: exclude module/path v1.2.3", NULL);
        if (args[1].n == 0 || args[1].s[0] != 'v')
            return mp_fail(p, line, "invalid module version %s", tstr(p, args[1]));
        if (req) PUSH(m->requires, m->nrequires, caps->req, ((ModRequire){tstr(p, args[0]), tstr(p, args[1])}));
    } else if (teq(verb, "replace")) {
        /* old [v] => new [v] */
        size_t arrow = 0;
        while (arrow < nargs && !teq(args[arrow], "=>")) arrow++;
        if (arrow == nargs || arrow < 1 || arrow > 2 || nargs - arrow - 1 < 1 || nargs - arrow - 1 > 2)
            return mp_fail(p, line, "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory", NULL);
        ModReplace r = {tstr(p, args[0]), arrow == 2 ? tstr(p, args[1]) : NULL, tstr(p, args[arrow + 1]),
                        nargs - arrow - 1 == 2 ? tstr(p, args[arrow + 2]) : NULL};
        if (r.new_version && is_local_path(r.new_path))
            return mp_fail(p, line, "replacement module directory path \"%s\" cannot have version", r.new_path);
        if (!r.new_version && !is_local_path(r.new_path))
            return mp_fail(p, line, "replacement module without version must be directory path (rooted or starting with . or ..)", NULL);
        PUSH(m->replaces, m->nreplaces, caps->rep, r);
    } else if (teq(verb, "ignore")) {
        if (nargs != 1) return mp_fail(p, line, "usage: ignore ./path", NULL);
        PUSH(m->ignores, m->nignores, caps->ign, tstr(p, args[0]));
    } else if (teq(verb, "retract") || teq(verb, "godebug") || teq(verb, "tool")) {
        if (nargs == 0) return mp_fail(p, line, "usage: %s ...", tstr(p, verb));
    } else {
        return mp_fail(p, line, "unknown directive: %s", tstr(p, verb));
    }
    return true;
}

enum { MAXTOK = 16 };

bool gomod_parse(Arena *a, const char *filename, const char *src, size_t n, GoMod *out, char **err) {
    memset(out, 0, sizeof *out);
    ModParser p = {.a = a, .file = filename, .src = src, .n = n, .line = 1};
    Caps caps = {0};
    Tok toks[MAXTOK];
    size_t nt;
    bool eof;
    while (!p.err) {
        int line = p.line;
        if (!read_line(&p, toks, MAXTOK, &nt, &eof) || eof) break;
        line = p.line - (p.i <= p.n && p.i > 0 && p.src[p.i - 1] == '\n' ? 1 : 0);
        if (nt > MAXTOK) {
            mp_fail(&p, line, "too many tokens on line", NULL);
            break;
        }
        if (teq(toks[0], "(") || teq(toks[0], ")")) {
            mp_fail(&p, line, "unexpected %s", teq(toks[0], "(") ? "(" : ")");
            break;
        }
        if (nt >= 2 && teq(toks[nt - 1], "(")) {
            /* "verb (" block: each following line until ")" is one directive. */
            if (nt != 2) {
                mp_fail(&p, line, "syntax error: unexpected (", NULL);
                break;
            }
            Tok verb = toks[0];
            if (verb.quoted) {
                mp_fail(&p, line, "unknown directive: %s", tstr(&p, verb));
                break;
            }
            verb.s = tstr(&p, verb); /* keep it past the next line read */
            for (;;) {
                Tok bt[MAXTOK];
                size_t bn;
                if (!read_line(&p, bt, MAXTOK, &bn, &eof)) break;
                int bl = p.line - (p.i > 0 && p.src[p.i - 1] == '\n' ? 1 : 0);
                if (eof) {
                    char *ls = xasprintf("%d", line);
                    mp_fail(&p, bl, "syntax error: unterminated block started at line %s", ls);
                    free(ls);
                    break;
                }
                if (bn > MAXTOK) {
                    mp_fail(&p, bl, "too many tokens on line", NULL);
                    break;
                }
                if (bn == 1 && teq(bt[0], ")")) break;
                if (!directive(&p, out, &caps, verb, bt, bn, bl)) break;
            }
            continue;
        }
        if (toks[0].quoted) {
            mp_fail(&p, line, "unknown directive: %s", tstr(&p, toks[0]));
            break;
        }
        directive(&p, out, &caps, toks[0], toks + 1, nt - 1, line);
    }
    if (!p.err && !out->path)
        p.err = xasprintf("%s: no module declaration in go.mod. To specify the module path:\n\tgo mod edit -module=example.com/mod", filename);
    if (p.err) {
        *err = p.err;
        return false;
    }
    return true;
}

void vendor_modules_parse(Arena *a, const char *src, size_t n, VendorInfo *out) {
    memset(out, 0, sizeof *out);
    size_t cap = 0, i = 0;
    VendorModule *cur = NULL;
    while (i < n) {
        const char *nl = memchr(src + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - src) : n;
        const char *l = src + i;
        size_t ln = e - i;
        i = nl ? e + 1 : n;
        if (ln > 2 && l[0] == '#' && l[1] == ' ') {
            /* "# path version [=> ...]" starts a module */
            const char *sp = memchr(l + 2, ' ', ln - 2);
            size_t pn = sp ? (size_t)(sp - (l + 2)) : ln - 2;
            if (out->nmods == cap) {
                size_t nc = cap ? cap * 2 : 16;
                out->mods = arena_realloc(a, out->mods, cap * sizeof *out->mods, nc * sizeof *out->mods);
                cap = nc;
            }
            cur = &out->mods[out->nmods++];
            *cur = (VendorModule){arena_strndup(a, l + 2, pn), NULL, NULL};
            if (sp) {
                const char *v = sp + 1, *ve = memchr(v, ' ', (size_t)(l + ln - v));
                cur->version = arena_strndup(a, v, ve ? (size_t)(ve - v) : (size_t)(l + ln - v));
            }
        } else if (ln > 3 && !memcmp(l, "## ", 3) && cur) {
            /* "## explicit; go 1.21" */
            for (size_t k = 3; k + 3 < ln; k++)
                if (!memcmp(l + k, "go ", 3) && (k == 3 || l[k - 1] == ' ')) {
                    size_t s = k + 3, t = s;
                    while (t < ln && l[t] != ';' && l[t] != ' ') t++;
                    cur->go = arena_strndup(a, l + s, t - s);
                    break;
                }
        }
    }
}

int load_gover_cmp(const char *a, const char *b) {
    while (*a || *b) {
        long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
        if (x != y) return x < y ? -1 : 1;
        if (*a == '.') a++;
        else if (*a) break;
        if (*b == '.') b++;
        else if (*b) break;
    }
    return 0;
}
