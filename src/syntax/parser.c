/* Recursive-descent parser for Go 1.27. Its decisions follow go/parser so that
   the tree matches go/ast node for node (tests/oracle compares the two); error
   messages are gc's "syntax error: ..." form. */
#include "parser_internal.h"
#include "base/util.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- nodes and lists ---- */

void grow_stack(Parser *p) {
    p->stack_cap = p->stack_cap ? p->stack_cap * 2 : 256;
    p->stack = xrealloc(p->stack, p->stack_cap * sizeof *p->stack);
}

/* Pops everything pushed since mark into an arena list. */
NodeList pop_list(Parser *p, size_t mark) {
    NodeList l = {NULL, (uint32_t)(p->stack_len - mark)};
    if (l.n) {
        /* No memset or memcpy call: most lists hold one or two nodes. */
        l.v = arena_alloc_raw(p->arena, l.n * sizeof(Node *));
        for (uint32_t i = 0; i < l.n; i++) l.v[i] = p->stack[mark + i];
    }
    p->stack_len = mark;
    return l;
}

NodeList list1(Parser *p, Node *n) {
    NodeList l = {arena_alloc_raw(p->arena, sizeof(Node *)), 1};
    l.v[0] = n;
    return l;
}

/* ---- tokens and errors ---- */

/* The token window is used up: lex the next one. */
__attribute__((noinline)) void refill(Parser *p) {
    lexer_fill(&p->lx);
    p->t = p->lx.toks;
    p->tend = p->lx.toks + p->lx.ntoks;
}


static const char *tok_desc(Parser *p, char *buf, size_t n) {
    if (p->tok == T_SEMICOLON && tok_implicit(p)) return "newline";
    if (p->tok == T_EOF) return "EOF";
    if (p->tok == T_IDENT || (p->tok >= T_INT && p->tok <= T_STRING)) {
        uint32_t len = tok_litlen(p);
        if (len > 40) len = 40;
        if (p->tok == T_IDENT) snprintf(buf, n, "name %.*s", (int)len, tok_lit(p));
        else snprintf(buf, n, "literal %.*s", (int)len, tok_lit(p));
        return buf;
    }
    if (p->tok >= T_FIRST_KEYWORD && p->tok <= T_LAST_KEYWORD) {
        snprintf(buf, n, "keyword %s", token_string(p->tok));
        return buf;
    }
    if (p->tok == T_COMMA) return "comma";
    if (p->tok == T_SEMICOLON) return "semicolon";
    return token_string(p->tok);
}

/* How gc names an expected token: "name", "keyword chan", or the token. */
static const char *want_desc(Token t, char *buf, size_t n) {
    if (t == T_IDENT) return "name";
    if (t >= T_FIRST_KEYWORD && t <= T_LAST_KEYWORD) {
        snprintf(buf, n, "keyword %s", token_string(t));
        return buf;
    }
    return token_string(t);
}

static void report(Parser *p, Pos pos, bool syntax, const char *msg) {
    Position at = source_raw_pos(p->lx.file, pos);
    /* Like go/parser: one error per line, and give up after ten. */
    if (p->nerrors > 0 && at.line == p->last_err_line) return;
    p->nerrors++;
    p->last_err_line = at.line;
    diag_add(p->lx.diags, p->lx.file, pos, "%s%s", syntax ? "syntax error: " : "", msg);
    if (p->nerrors > 10) longjmp(p->bail, 1);
}

void error_at(Parser *p, Pos pos, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    report(p, pos, true, buf);
}

/* A grammar error that gc reports without the "syntax error: " prefix. */
void error_plain(Parser *p, Pos pos, const char *msg) { report(p, pos, false, msg); }

void error_expected(Parser *p, Pos pos, const char *what) {
    if (pos == p->pos) {
        char b[96];
        error_at(p, pos, "unexpected %s, expected %s", tok_desc(p, b, sizeof b), what);
    } else {
        error_at(p, pos, "expected %s", what);
    }
}

Pos expect_slow(Parser *p, Token t) {
    Pos pos = p->pos;
    char b[32];
    error_expected(p, pos, want_desc(t, b, sizeof b));
    next(p);
    return pos;
}

/* Like expect, but gives NOPOS when the token is missing. */
Pos expect2(Parser *p, Token t) {
    Pos pos = NOPOS;
    char b[32];
    if (p->tok == t) pos = p->pos;
    else error_expected(p, p->pos, want_desc(t, b, sizeof b));
    next(p);
    return pos;
}

Pos expect_closing(Parser *p, Token t, const char *context) {
    if (p->tok != t && p->tok == T_SEMICOLON && tok_implicit(p)) {
        error_at(p, p->pos, "unexpected newline in %s; possibly missing comma or %s", context,
                 token_string(t));
        next(p);
    }
    return expect(p, t);
}

static bool in_set(Token t, const Token *set) {
    for (; *set != T_ILLEGAL; set++)
        if (*set == t) return true;
    return false;
}

const Token stmt_start[] = {T_BREAK, T_CONST, T_CONTINUE, T_DEFER, T_FALLTHROUGH, T_FOR,
                            T_GO, T_GOTO, T_IF, T_RETURN, T_SELECT, T_SWITCH, T_TYPE,
                            T_VAR, T_ILLEGAL};
const Token decl_start[] = {T_IMPORT, T_CONST, T_TYPE, T_VAR, T_ILLEGAL};
const Token expr_end[] = {T_COMMA, T_COLON, T_SEMICOLON, T_RPAREN, T_RBRACK, T_RBRACE,
                          T_ILLEGAL};

/* Skips to a token in set, guaranteeing progress as go/parser does. */
void advance_to(Parser *p, const Token *set) {
    for (; p->tok != T_EOF; next(p)) {
        if (!in_set(p->tok, set)) continue;
        if (p->pos == p->sync_pos && p->sync_cnt < 10) {
            p->sync_cnt++;
            return;
        }
        if (p->pos > p->sync_pos) {
            p->sync_pos = p->pos;
            p->sync_cnt = 0;
            return;
        }
    }
}

/* gc's "unexpected X at end of statement" / "after top level declaration". */
static void unexpected_after(Parser *p) {
    char b[96];
    if (p->list_ctx) {
        error_at(p, p->pos, "unexpected %s in %s; possibly missing semicolon or newline or %s",
                 tok_desc(p, b, sizeof b), p->list_ctx, p->list_close);
        return;
    }
    const char *where = p->body_depth ? "at end of statement" : "after top level declaration";
    error_at(p, p->pos, "unexpected %s %s", tok_desc(p, b, sizeof b), where);
}

/* Enters a list whose items end in semicolons; returns the outer context. */
ListCtx enter_list(Parser *p, const char *ctx, const char *close) {
    ListCtx old = {p->list_ctx, p->list_close, p->body_depth};
    p->list_ctx = ctx;
    p->list_close = close;
    p->body_depth = 0;
    return old;
}

void leave_list(Parser *p, ListCtx old) {
    p->list_ctx = old.ctx;
    p->list_close = old.close;
    p->body_depth = old.body_depth;
}

void expect_semi(Parser *p) {
    switch (p->tok) {
    case T_RPAREN:
    case T_RBRACE:
        return;
    case T_COMMA:
        unexpected_after(p);
        /* fallthrough */
    case T_SEMICOLON:
        next(p);
        return;
    default:
        unexpected_after(p);
        advance_to(p, stmt_start);
    }
}

bool at_comma_slow(Parser *p, const char *context, Token follow) {
    if (p->tok != follow) {
        if (p->tok == T_SEMICOLON && tok_implicit(p))
            error_at(p, p->pos, "unexpected newline in %s; possibly missing comma or %s", context,
                     token_string(follow));
        else
            error_at(p, p->pos, "missing ',' in %s", context);
        return true;
    }
    return false;
}

void nest_too_deep(Parser *p) {
    error_at(p, p->pos, "exceeded max nesting depth");
    longjmp(p->bail, 1);
}

/* ---- identifiers and literals ---- */

Node *new_ident_len(Parser *p, Pos pos, const char *name, uint32_t len) {
    Node *n = new_node(p, N_Ident, pos, pos + len);
    n->u.ident.name = name;
    return n;
}

Node *new_ident(Parser *p, Pos pos, const char *name) {
    Node *n = new_node(p, N_Ident, pos, pos + (Pos)strlen(name));
    n->u.ident.name = name;
    return n;
}

static __attribute__((noinline)) Node *parse_ident_slow(Parser *p) {
    Pos pos = p->pos;
    if (p->tok == T_IDENT) {
        /* Identifiers are never TF_ flagged: their text is in src. */
        uint32_t len = p->t->end - pos;
        const char *name = intern_hashed(p->names, p->lx.src + pos - 1, len, p->t->aux);
        next(p);
        return new_ident_len(p, pos, name, len);
    }
    expect(p, T_IDENT);
    return new_ident(p, pos, p->underscore);
}

Node *parse_ident(Parser *p) {
    /* The common case without a call: a known name, room in the arena
       and in the token window. */
    const Tok *t = p->t;
    if (p->tok == T_IDENT && t + 1 < p->tend) {
        Pos pos = t->pos;
        uint32_t len = t->end - pos;
        const char *name = intern_find_fast(p->names, p->lx.src + pos - 1, len, t->aux);
        Arena *a = p->arena;
        if (name && (size_t)(a->end - a->cur) >= sizeof(Node)) {
            Node *n = new_node(p, N_Ident, pos, pos + len);
            n->u.ident.name = name;
            p->t = t + 1;
            p->tok = t[1].tok;
            p->pos = t[1].pos;
            return n;
        }
    }
    return parse_ident_slow(p);
}

Node *parse_basic_lit(Parser *p) {
    Node *n = new_node(p, N_BasicLit, p->pos, tok_end(p));
    n->tok = (uint8_t)p->tok;
    n->u.lit.value = tok_lit(p);
    n->u.lit.len = tok_litlen(p);
    next(p);
    return n;
}

Node *bad_expr(Parser *p, Pos from, Pos to) {
    (void)p;
    return new_node(p, N_BadExpr, from, to);
}

/* ---- the file ---- */

static void attach_pragmas(Parser *p, Pos before, Pragmas **out);

static Node *parse_file(Parser *p) {
    if (p->tok != T_PACKAGE) {
        error_at(p, p->pos, "package statement must be first");
        return NULL;
    }
    Pos pos = expect(p, T_PACKAGE);
    Node *name = parse_ident(p);
    expect_semi(p);
    if (p->nerrors) return NULL;
    /* Comments before the package name are file header, not pragmas. */
    while (p->pragma_scan < p->lx.ncomments && p->lx.comments[p->pragma_scan].pos < name->end)
        p->pragma_scan++;
    Node *f = new_node(p, N_File, pos, NOPOS);
    f->u.file.name = name;
    size_t mark = p->stack_len;
    while (p->tok == T_IMPORT) push(p, parse_gen_decl(p, T_IMPORT));
    Token prev = T_IMPORT;
    while (p->tok != T_EOF) {
        if (p->tok == T_IMPORT && prev != T_IMPORT)
            error_at(p, p->pos, "imports must appear before other declarations");
        prev = p->tok;
        Node *d = parse_decl(p, decl_start);
        push(p, d);
    }
    f->u.file.decls = pop_list(p, mark);
    NodeList *ds = &f->u.file.decls;
    f->end = ds->n ? ds->v[ds->n - 1]->end : name->end;
    return f;
}

Node *parse_decl(Parser *p, const Token *sync) {
    Pos start = p->pos;
    Node *d;
    switch (p->tok) {
    case T_IMPORT:
    case T_CONST:
    case T_VAR:
    case T_TYPE:
        d = parse_gen_decl(p, p->tok);
        if (p->nest == 0) attach_pragmas(p, start, &d->u.gendecl.pragmas);
        return d;
    case T_FUNC:
        d = parse_func_decl(p);
        attach_pragmas(p, start, &d->u.funcdecl.pragmas);
        return d;
    default: {
        Pos pos = p->pos;
        if (sync == decl_start && p->tok != T_SEMICOLON)
            error_at(p, pos, "non-declaration statement outside function body");
        else
            error_expected(p, pos, "declaration");
        advance_to(p, sync);
        return new_node(p, N_BadDecl, pos, p->pos);
    }
    }
}

/* //go: directives written before a top-level declaration belong to it. */
static void attach_pragmas(Parser *p, Pos before, Pragmas **out) {
    Lexer *lx = &p->lx;
    size_t i = p->pragma_scan, first = (size_t)-1, count = 0;
    for (; i < lx->ncomments && lx->comments[i].pos < before; i++) {
        const Comment *c = &lx->comments[i];
        if (c->len > 5 && memcmp(c->text, "//go:", 5) == 0 && c->line_start) {
            if (first == (size_t)-1) first = i;
            count++;
        }
    }
    p->pragma_scan = i;
    if (!count) return;
    Pragmas *pr = arena_alloc(p->arena, sizeof *pr);
    pr->v = arena_alloc(p->arena, count * sizeof *pr->v);
    for (size_t j = first; j < i; j++) {
        const Comment *c = &lx->comments[j];
        if (!(c->len > 5 && memcmp(c->text, "//go:", 5) == 0 && c->line_start)) continue;
        pr->v[pr->n++] = (Directive){c->pos, c->text, c->len};
        pr->flags |= pragma_flag(c->text + 5, c->len - 5);
    }
    *out = pr;
}

uint32_t pragma_flag(const char *s, uint32_t n) {
    static const struct { const char *name; uint32_t flag; } tab[] = {
        {"noinline", PRAGMA_NOINLINE}, {"noescape", PRAGMA_NOESCAPE},
        {"nosplit", PRAGMA_NOSPLIT}, {"norace", PRAGMA_NORACE},
        {"uintptrescapes", PRAGMA_UINTPTRESCAPES}, {"uintptrkeepalive", PRAGMA_UINTPTRKEEPALIVE},
        {"nocheckptr", PRAGMA_NOCHECKPTR}, {"systemstack", PRAGMA_SYSTEMSTACK},
        {"nowritebarrier", PRAGMA_NOWRITEBARRIER}, {"nowritebarrierrec", PRAGMA_NOWRITEBARRIERREC},
        {"yeswritebarrierrec", PRAGMA_YESWRITEBARRIERREC}, {"registerparams", PRAGMA_REGISTERPARAMS},
        {"notinheap", PRAGMA_NOTINHEAP}, {"linkname", PRAGMA_LINKNAME}, {"embed", PRAGMA_EMBED},
        {"cgo_", PRAGMA_CGO}, {"wasmimport", PRAGMA_WASMIMPORT}, {"wasmexport", PRAGMA_WASMEXPORT},
        {"fix", PRAGMA_FIX},
    };
    uint32_t w = 0;
    while (w < n && s[w] != ' ' && s[w] != '\t') w++;
    for (size_t i = 0; i < ARRAY_LEN(tab); i++) {
        size_t k = strlen(tab[i].name);
        if (tab[i].name[k - 1] == '_' ? (w >= k && memcmp(s, tab[i].name, k) == 0)
                                      : (w == k && memcmp(s, tab[i].name, k) == 0))
            return tab[i].flag;
    }
    return 0;
}

static void collect_header(Parser *p, AstFile *af) {
    /* Directives before the package clause: //go:build and friends. */
    Lexer *lx = &p->lx;
    Pos pkg = af->root ? af->root->pos : (Pos)-1;
    size_t count = 0;
    for (size_t i = 0; i < lx->ncomments && lx->comments[i].pos < pkg; i++)
        if (lx->comments[i].len > 5 && memcmp(lx->comments[i].text, "//go:", 5) == 0) count++;
    if (!count) return;
    Pragmas *pr = arena_alloc(p->arena, sizeof *pr);
    pr->v = arena_alloc(p->arena, count * sizeof *pr->v);
    for (size_t i = 0; i < lx->ncomments && lx->comments[i].pos < pkg; i++) {
        const Comment *c = &lx->comments[i];
        if (c->len > 5 && memcmp(c->text, "//go:", 5) == 0)
            pr->v[pr->n++] = (Directive){c->pos, c->text, c->len};
    }
    af->build = pr;
}

AstFile *syntax_parse(Arena *arena, Interner *names, SourceFile *src, DiagList *diags) {
    Parser *p = xcalloc(1, sizeof *p);
    p->arena = arena;
    p->names = names;
    p->underscore = intern_cstr(names, "_");
    lexer_init(&p->lx, src, arena, diags);
    refill(p);
    p->tok = p->t->tok;
    p->pos = p->t->pos;
    AstFile *af = arena_alloc(arena, sizeof *af);
    af->src = src;
    af->go_version = "";
    if (setjmp(p->bail) == 0) {
        af->root = parse_file(p);
    } else {
        af->root = NULL;
    }
    /* A parse that stopped early sees only what a lexer running in step
       with it would have seen. */
    lexer_truncate(&p->lx, (uint32_t)(p->t - p->lx.toks));
    /* Comments after a bail-out are still wanted for tools; lex them. */
    if (af->root) collect_header(p, af);
    af->nerrors = p->nerrors + p->lx.nerrors;
    af->nfunclits = p->nfunclits;
    if (p->local_types.len) {
        af->local_types = arena_alloc_raw(arena, p->local_types.len * sizeof *af->local_types);
        memcpy(af->local_types, p->local_types.data, p->local_types.len * sizeof *af->local_types);
        af->nlocal_types = (uint32_t)p->local_types.len;
    }
    vec_free(&p->local_types);
    if (p->lx.ncomments) {
        af->comments = arena_alloc_raw(arena, p->lx.ncomments * sizeof *af->comments);
        memcpy(af->comments, p->lx.comments, p->lx.ncomments * sizeof *af->comments);
        af->ncomments = p->lx.ncomments;
    }
    lexer_free(&p->lx);
    free(p->stack);
    free(p);
    return af;
}
