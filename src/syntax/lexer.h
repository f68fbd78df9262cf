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

typedef struct Lexer {
    SourceFile *file;
    DiagList *diags;
    Arena *arena;
    const char *src;
    uint32_t len, off;      /* off: next byte to read */
    uint32_t line_start;    /* offset of the current line's first byte */
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
} Lexer;

void lexer_init(Lexer *lx, SourceFile *file, Arena *arena, DiagList *diags);
void lexer_next(Lexer *lx);           /* comments are collected, never returned */
void lexer_error(Lexer *lx, uint32_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void lexer_free(Lexer *lx);

#endif
