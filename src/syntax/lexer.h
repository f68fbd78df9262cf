/* The Go lexer: tokens with go/scanner's semicolon insertion and error checks. */
#ifndef GOESCAPE_SYNTAX_LEXER_H
#define GOESCAPE_SYNTAX_LEXER_H
#include "base/arena.h"
#include "base/diag.h"
#include "base/intern.h"
#include "base/source.h"
#include "token.h"
#include <stdbool.h>
#include <stdint.h>

typedef struct Comment {
    Pos pos, end;           /* end as go/ast: pos + length of text */
    const char *text;       /* arena copy, '\r' stripped as go/scanner does */
    uint32_t len;
    bool line_start;        /* begins its line (directives like //go:x need this) */
} Comment;

/* One token of the token array (see lexer_run). Its text is
   src[pos-1 .. end-1) unless flags say otherwise. */
typedef struct Tok {
    Pos pos, end;
    uint32_t aux;           /* T_IDENT: intern_hash of the name; TF_LITCOPY:
                               index in Lexer.lits */
    uint8_t tok;            /* Token */
    uint8_t flags;          /* TF_* */
} Tok;
enum {
    TF_IMPLICIT = 1,        /* ';' from a newline or EOF; text "\n" */
    TF_LITCOPY = 2,         /* text is Lexer.lits[aux] (raw string without '\r') */
};
typedef struct LitCopy {
    const char *text;
    uint32_t len;
} LitCopy;

typedef struct Lexer {
    SourceFile *file;
    DiagList *diags;
    Arena *arena;
    const char *src;
    uint32_t len, off;      /* off: next byte to read */
    bool insert_semi;
    uint32_t pending_nl;    /* offset+1 of a newline inside a block comment
                               that must yield ';' next; 0 = none */
    /* current token */
    Token tok;
    Pos pos, end;
    const char *lit;        /* token text: points into src, or into the arena
                               for raw strings with '\r' removed */
    uint32_t litlen;
    bool implicit_semi;     /* ';' came from a newline or EOF */
    uint32_t ident_hash;    /* T_IDENT: intern_hash of lit */
    /* every comment, in order */
    Comment *comments;
    size_t ncomments, capcomments;
    unsigned nerrors;
    /* the token window that lexer_fill refills: tokens number tok_base ..
       tok_base + ntoks - 1 of the file; the last token of the file is T_EOF */
    Tok *toks;
    uint32_t ntoks, tok_base;
    bool done;              /* T_EOF has been lexed */
    LitCopy *lits;          /* texts of TF_LITCOPY tokens */
    uint32_t nlits;
    struct LexError { uint32_t tok; size_t diag; } *errs; /* per lexer error: the
                               number of its token, its index in diags */
} Lexer;

void lexer_init(Lexer *lx, SourceFile *file, Arena *arena, DiagList *diags);
/* Tokens are lexed in windows of LEX_WINDOW into lx->toks, which stays in
   the L1 cache. Comments are collected in lx->comments, never returned as
   tokens. */
enum { LEX_WINDOW = 1024 };
/* Replaces the window with the next tokens; after T_EOF, with T_EOF again. */
void lexer_fill(Lexer *lx);
/* Forgets what was lexed after toks[cur] (errors, comments), as if lexing
   had stopped there: the parser calls it when it is done. */
void lexer_truncate(Lexer *lx, uint32_t cur);
void lexer_error(Lexer *lx, uint32_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void lexer_free(Lexer *lx);

#endif
