/* Shared state of the parser's files (parser.c, parse_*.c); not public. */
#ifndef GOESCAPE_SYNTAX_PARSER_INTERNAL_H
#define GOESCAPE_SYNTAX_PARSER_INTERNAL_H
#include "syntax.h"
#include "base/vec.h"
#include <setjmp.h>

/* Deep enough for any real program, shallow enough for the C stack. */
#define MAX_NEST 10000

typedef struct Parser {
    Lexer lx;
    const Tok *t;           /* the lookahead token in lx.toks */
    const Tok *tend;        /* end of the window: lx.toks + lx.ntoks */
    Arena *arena;
    Interner *names;
    const char *underscore;
    Token tok;              /* lookahead: t->tok */
    Pos pos;                /* its position: t->pos */
    int expr_lev;           /* < 0: in a control clause; >= 0: in an expression */
    bool in_rhs;
    int nest;
    int body_depth;         /* > 0 inside a function body or block */
    uint32_t bodies;        /* braced bodies open (parse_body), whatever lists are inside */
    VEC(Node *) local_types; /* type specs met while bodies > 0 */
    const char *list_ctx;   /* set inside "( ... )" declaration groups and
                               struct/interface bodies, for gc's messages */
    const char *list_close; /* the token that closes that list */
    unsigned nerrors;
    uint32_t nfunclits;
    uint32_t nlabels;       /* labeled statements so far (parse_body marks bodies with some) */
    uint32_t last_err_line;
    Pos sync_pos;
    int sync_cnt;
    size_t pragma_scan;     /* comments before this index are consumed */
    Node **stack;           /* scratch for lists under construction */
    size_t stack_len, stack_cap;
    jmp_buf bail;
} Parser;

extern const Token stmt_start[], decl_start[], expr_end[];

typedef struct ListCtx {
    const char *ctx, *close;
    int body_depth;
} ListCtx;

/* parser.c */
ListCtx enter_list(Parser *p, const char *ctx, const char *close);
void leave_list(Parser *p, ListCtx old);
void grow_stack(Parser *p);
void nest_too_deep(Parser *p);
Node *new_ident_len(Parser *p, Pos pos, const char *name, uint32_t len);

static inline Node *new_node(Parser *p, NodeKind k, Pos pos, Pos end) {
    Node *n = arena_alloc(p->arena, sizeof(Node));
    n->kind = (uint8_t)k;
    n->pos = pos;
    n->end = end;
    return n;
}
static inline void push(Parser *p, Node *n) {
    if (p->stack_len == p->stack_cap) grow_stack(p);
    p->stack[p->stack_len++] = n;
}
void refill(Parser *p);
/* Moves to the next token; the last one, T_EOF, repeats forever. */
static inline void next(Parser *p) {
    if (__builtin_expect(++p->t == p->tend, 0)) refill(p);
    p->tok = p->t->tok;
    p->pos = p->t->pos;
}
/* The lookahead token's text, length, end and kind of semicolon. */
static inline const char *tok_lit(const Parser *p) {
    if (__builtin_expect(p->t->flags != 0, 0))
        return p->t->flags & TF_IMPLICIT ? "\n" : p->lx.lits[p->t->aux].text;
    return p->lx.src + p->t->pos - 1;
}
static inline uint32_t tok_litlen(const Parser *p) {
    if (__builtin_expect(p->t->flags != 0, 0))
        return p->t->flags & TF_IMPLICIT ? 1 : p->lx.lits[p->t->aux].len;
    return p->t->end - p->t->pos;
}
static inline Pos tok_end(const Parser *p) { return p->t->end; }
static inline bool tok_implicit(const Parser *p) { return p->t->flags & TF_IMPLICIT; }
static inline void nest_in(Parser *p) {
    if (++p->nest > MAX_NEST) nest_too_deep(p);
}
NodeList pop_list(Parser *p, size_t mark);
NodeList list1(Parser *p, Node *n);
void error_at(Parser *p, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void error_expected(Parser *p, Pos pos, const char *what);
void error_plain(Parser *p, Pos pos, const char *msg);
Pos expect_slow(Parser *p, Token t);
/* Consumes the current token, reporting an error unless it is t. */
static inline Pos expect(Parser *p, Token t) {
    if (p->tok != t) return expect_slow(p, t);
    Pos pos = p->pos;
    next(p);
    return pos;
}
Pos expect2(Parser *p, Token t);
Pos expect_closing(Parser *p, Token t, const char *context);
void advance_to(Parser *p, const Token *set);
void expect_semi(Parser *p);
bool at_comma_slow(Parser *p, const char *context, Token follow);
/* True at a ',' (or, after reporting it, where one is missing). */
static inline bool at_comma(Parser *p, const char *context, Token follow) {
    return p->tok == T_COMMA || at_comma_slow(p, context, follow);
}
static inline void nest_out(Parser *p) { p->nest--; }
Node *new_ident(Parser *p, Pos pos, const char *name);
Node *parse_ident(Parser *p);
Node *parse_basic_lit(Parser *p);
Node *bad_expr(Parser *p, Pos from, Pos to);
Node *parse_decl(Parser *p, const Token *sync);
uint32_t pragma_flag(const char *s, uint32_t n);

/* parse_decl.c */
Node *parse_gen_decl(Parser *p, Token keyword);
Node *parse_func_decl(Parser *p);

/* parse_type.c */
Node *parse_type(Parser *p);
Node *try_ident_or_type(Parser *p);
Node *parse_type_name(Parser *p, Node *ident);
Node *parse_qualified_ident(Parser *p, Node *ident);
Node *parse_type_instance(Parser *p, Node *typ);
Node *parse_array_type(Parser *p, Pos lbrack, Node *len);
Node *parse_func_type(Parser *p);
Node *parse_parameters(Parser *p, bool result);
Node *parse_type_parameters(Parser *p);
NodeList parse_parameter_list(Parser *p, Node *name0, Node *typ0, Token closing, bool dddok);
Node *embedded_elem(Parser *p, Node *x);
Node *pack_index_expr(Parser *p, Node *x, Pos lbrack, NodeList args, Pos rbrack);
Node *new_field_list(Parser *p, Pos open, NodeList list, Pos close);
Node *new_func_decl_type(Parser *p, Pos func, Node *tparams, Node *params, Node *results);

/* parse_expr.c */
Node *parse_expr(Parser *p);
Node *parse_rhs(Parser *p);
NodeList parse_list(Parser *p, bool rhs);
Node *parse_binary_expr(Parser *p, Node *x, int prec1);
Node *parse_primary_expr(Parser *p, Node *x);
Node *parse_unary_expr(Parser *p);
Node *unparen(Node *x);

/* parse_stmt.c */
Node *parse_body(Parser *p);
Node *new_block(Parser *p, Pos lbrace, NodeList list, Pos rbrace);
Node *parse_stmt(Parser *p);

#endif
