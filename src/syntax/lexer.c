#include "lexer.h"
#include "base/util.h"
#include "unicode.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define EOF_CH (-1)

void lexer_error(Lexer *lx, uint32_t off, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    if ((lx->nerrors & (lx->nerrors - 1)) == 0) /* 0, 1, 2, 4, ...: grow */
        lx->errs = xrealloc(lx->errs, (lx->nerrors ? 2 * lx->nerrors : 1) * sizeof *lx->errs);
    lx->errs[lx->nerrors++] = (struct LexError){lx->tok_base + lx->ntoks, lx->diags->len};
    diag_add(lx->diags, lx->file, off + 1, "%s", msg);
    free(msg);
}

/* Peek the character at byte offset o; sets *w to its width. Invalid UTF-8,
   NUL and misplaced BOMs are reported once, when the lexer moves past them. */
static int peek_at(Lexer *lx, uint32_t o, int *w) {
    if (o >= lx->len) {
        *w = 0;
        return EOF_CH;
    }
    unsigned char c = (unsigned char)lx->src[o];
    if (c < 0x80) {
        *w = 1;
        return c;
    }
    return (int)utf8_decode((const unsigned char *)lx->src + o, lx->len - o, w);
}

/* The next byte, for ASCII-only decisions: src is zero-padded past its end,
   and a non-ASCII byte simply matches nothing the caller looks for. */
static inline int byte_at(const Lexer *lx) { return (unsigned char)lx->src[lx->off]; }

static int cur(Lexer *lx) {
    int w;
    return peek_at(lx, lx->off, &w);
}

/* Advance over one character, diagnosing bad encodings as go/scanner does. */
static void advance(Lexer *lx) {
    if (lx->off >= lx->len) return;
    unsigned char c = (unsigned char)lx->src[lx->off];
    if (c == 0) {
        lexer_error(lx, lx->off, "invalid NUL character");
        lx->off++;
        return;
    }
    if (c < 0x80) {
        lx->off++;
        return;
    }
    int w;
    uint32_t r = utf8_decode((const unsigned char *)lx->src + lx->off, lx->len - lx->off, &w);
    if (r == 0xFFFD && w == 1) lexer_error(lx, lx->off, "invalid UTF-8 encoding");
    else if (r == 0xFEFF && lx->off > 0) lexer_error(lx, lx->off, "invalid BOM in the middle of the file");
    lx->off += (uint32_t)w;
}

void lexer_init(Lexer *lx, SourceFile *file, Arena *arena, DiagList *diags) {
    memset(lx, 0, sizeof *lx);
    lx->file = file;
    lx->arena = arena;
    lx->diags = diags;
    lx->src = file->src;
    lx->len = (uint32_t)file->len;
    if (lx->len >= 3 && memcmp(lx->src, "\xEF\xBB\xBF", 3) == 0) lx->off = 3;
    lx->toks = xmalloc(LEX_WINDOW * sizeof *lx->toks);
}

void lexer_free(Lexer *lx) {
    free(lx->comments);
    free(lx->toks);
    free(lx->lits);
    free(lx->errs);
    lx->comments = NULL;
    lx->toks = NULL;
    lx->lits = NULL;
    lx->errs = NULL;
}

void lexer_truncate(Lexer *lx, uint32_t cur) {
    uint32_t last = lx->tok_base + cur;
    /* Errors for later tokens: they were added (in order) when the window
       was lexed, interleaved with the parser's; drop them from diags. */
    unsigned keep = 0;
    while (keep < lx->nerrors && lx->errs[keep].tok <= last) keep++;
    if (keep < lx->nerrors) {
        DiagList *d = lx->diags;
        size_t w = lx->errs[keep].diag;
        unsigned k = keep;
        for (size_t r = w; r < d->len; r++) {
            if (k < lx->nerrors && lx->errs[k].diag == r) {
                free(d->data[r].msg);
                k++;
            } else {
                d->data[w++] = d->data[r];
            }
        }
        d->len = w;
        lx->nerrors = keep;
    }
    /* Comments: those scanned while lexing toks[cur] or before it. */
    Pos stop = lx->toks[cur].pos;
    while (lx->ncomments > 0 && lx->comments[lx->ncomments - 1].pos >= stop) lx->ncomments--;
}

/* ASCII classes for the hot loops: 1 = identifier char, 2 = also a digit. */
static const unsigned char ascii_ident[256] = {
    ['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3, ['5'] = 3, ['6'] = 3, ['7'] = 3,
    ['8'] = 3, ['9'] = 3, ['_'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
};

/* Bytes that end the fast scan of a line comment or a string literal: NUL
   (end of input or a bad byte), newline, '\r', and anything non-ASCII, which
   the slow path decodes and checks. */
#define NON_ASCII_STOPS                                                              \
    [0x80] = 1, [0x81] = 1, [0x82] = 1, [0x83] = 1, [0x84] = 1, [0x85] = 1, [0x86] = 1, \
    [0x87] = 1, [0x88] = 1, [0x89] = 1, [0x8a] = 1, [0x8b] = 1, [0x8c] = 1, [0x8d] = 1, \
    [0x8e] = 1, [0x8f] = 1, [0x90] = 1, [0x91] = 1, [0x92] = 1, [0x93] = 1, [0x94] = 1, \
    [0x95] = 1, [0x96] = 1, [0x97] = 1, [0x98] = 1, [0x99] = 1, [0x9a] = 1, [0x9b] = 1, \
    [0x9c] = 1, [0x9d] = 1, [0x9e] = 1, [0x9f] = 1, [0xa0] = 1, [0xa1] = 1, [0xa2] = 1, \
    [0xa3] = 1, [0xa4] = 1, [0xa5] = 1, [0xa6] = 1, [0xa7] = 1, [0xa8] = 1, [0xa9] = 1, \
    [0xaa] = 1, [0xab] = 1, [0xac] = 1, [0xad] = 1, [0xae] = 1, [0xaf] = 1, [0xb0] = 1, \
    [0xb1] = 1, [0xb2] = 1, [0xb3] = 1, [0xb4] = 1, [0xb5] = 1, [0xb6] = 1, [0xb7] = 1, \
    [0xb8] = 1, [0xb9] = 1, [0xba] = 1, [0xbb] = 1, [0xbc] = 1, [0xbd] = 1, [0xbe] = 1, \
    [0xbf] = 1, [0xc0] = 1, [0xc1] = 1, [0xc2] = 1, [0xc3] = 1, [0xc4] = 1, [0xc5] = 1, \
    [0xc6] = 1, [0xc7] = 1, [0xc8] = 1, [0xc9] = 1, [0xca] = 1, [0xcb] = 1, [0xcc] = 1, \
    [0xcd] = 1, [0xce] = 1, [0xcf] = 1, [0xd0] = 1, [0xd1] = 1, [0xd2] = 1, [0xd3] = 1, \
    [0xd4] = 1, [0xd5] = 1, [0xd6] = 1, [0xd7] = 1, [0xd8] = 1, [0xd9] = 1, [0xda] = 1, \
    [0xdb] = 1, [0xdc] = 1, [0xdd] = 1, [0xde] = 1, [0xdf] = 1, [0xe0] = 1, [0xe1] = 1, \
    [0xe2] = 1, [0xe3] = 1, [0xe4] = 1, [0xe5] = 1, [0xe6] = 1, [0xe7] = 1, [0xe8] = 1, \
    [0xe9] = 1, [0xea] = 1, [0xeb] = 1, [0xec] = 1, [0xed] = 1, [0xee] = 1, [0xef] = 1, \
    [0xf0] = 1, [0xf1] = 1, [0xf2] = 1, [0xf3] = 1, [0xf4] = 1, [0xf5] = 1, [0xf6] = 1, \
    [0xf7] = 1, [0xf8] = 1, [0xf9] = 1, [0xfa] = 1, [0xfb] = 1, [0xfc] = 1, [0xfd] = 1, \
    [0xfe] = 1, [0xff] = 1
static const unsigned char hex_digit[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
};
static const unsigned char stop_comment[256] = {[0] = 1, ['\n'] = 1, ['\r'] = 1, NON_ASCII_STOPS};
static const unsigned char stop_string[256] = {
    [0] = 1,    [1] = 1,    [2] = 1,    [3] = 1,    [4] = 1,    [5] = 1,    [6] = 1,    [7] = 1,
    [8] = 1,    [9] = 1,    [10] = 1,   [11] = 1,   [12] = 1,   [13] = 1,   [14] = 1,   [15] = 1,
    [16] = 1,   [17] = 1,   [18] = 1,   [19] = 1,   [20] = 1,   [21] = 1,   [22] = 1,   [23] = 1,
    [24] = 1,   [25] = 1,   [26] = 1,   [27] = 1,   [28] = 1,   [29] = 1,   [30] = 1,   [31] = 1,
    ['"'] = 1,  ['\\'] = 1, NON_ASCII_STOPS};

static bool is_letter(int c) {
    return c >= 0 && (c == '_' || unicode_is_letter((uint32_t)c));
}
static bool is_digit_ch(int c) { return c >= 0 && unicode_is_digit((uint32_t)c); }
static bool is_decimal(int c) { return c >= '0' && c <= '9'; }
static bool is_hex(int c) { return is_decimal(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static int lower(int c) { return c | 0x20; }

/* Keywords in a perfect hash of (length, first two letters), found by a
   small search; a hit is confirmed with memcmp. Constant, so lexers may run
   in parallel threads, and branch-free until the final compare. */
static const struct { char word[16]; Token tok; uint32_t len; } keyword_table[64] = {
    [2] = {"map", T_MAP, 3},
    [3] = {"interface", T_INTERFACE, 9},
    [5] = {"default", T_DEFAULT, 7},
    [8] = {"select", T_SELECT, 6},
    [9] = {"else", T_ELSE, 4},
    [10] = {"continue", T_CONTINUE, 8},
    [17] = {"for", T_FOR, 3},
    [19] = {"var", T_VAR, 3},
    [22] = {"go", T_GO, 2},
    [23] = {"struct", T_STRUCT, 6},
    [26] = {"switch", T_SWITCH, 6},
    [27] = {"func", T_FUNC, 4},
    [29] = {"type", T_TYPE, 4},
    [30] = {"goto", T_GOTO, 4},
    [31] = {"if", T_IF, 2},
    [35] = {"fallthrough", T_FALLTHROUGH, 11},
    [44] = {"case", T_CASE, 4},
    [45] = {"package", T_PACKAGE, 7},
    [51] = {"chan", T_CHAN, 4},
    [54] = {"import", T_IMPORT, 6},
    [55] = {"range", T_RANGE, 5},
    [56] = {"break", T_BREAK, 5},
    [61] = {"defer", T_DEFER, 5},
    [62] = {"const", T_CONST, 5},
    [63] = {"return", T_RETURN, 6},
};

static Token lookup_keyword(const char *s, uint32_t n) {
    unsigned h = (n * 4u + (unsigned char)s[0] * 9u + (unsigned char)s[1]) & 63u;
    if (keyword_table[h].len == n && memcmp(keyword_table[h].word, s, n) == 0) return keyword_table[h].tok;
    return T_IDENT;
}

/* lookup_keyword for ASCII identifiers of 2 to 11 bytes followed by at least
   8 readable bytes (sources are padded): whole-word compares, no call. */
static inline Token lookup_keyword_padded(const unsigned char *s, uint32_t n) {
    unsigned h = (n * 4u + s[0] * 9u + s[1]) & 63u;
    if (keyword_table[h].len != n) return T_IDENT;
    uint64_t a, b;
    memcpy(&a, s, 8);
    memcpy(&b, keyword_table[h].word, 8);
    if (n >= 8) {
        if (a != b) return T_IDENT;
        if (n > 8) {
            memcpy(&a, s + 8, 8);
            memcpy(&b, keyword_table[h].word + 8, 8);
            if ((a ^ b) & (~(uint64_t)0 >> (64 - 8 * (n - 8)))) return T_IDENT;
        }
    } else if ((a ^ b) & (~(uint64_t)0 >> (64 - 8 * n))) {
        return T_IDENT;
    }
    return keyword_table[h].tok;
}

/* ---- comments and //line directives ---- */

/* Skips 8 bytes at a time while none is NUL, '\n', '\r' or non-ASCII: most
   comment text. The caller finishes byte by byte. */
static const unsigned char *skip_plain_ascii(const unsigned char *q, const unsigned char *end) {
#ifdef __SSE2__
    /* 16 bytes at a time where SSE2 exists (every x86-64). */
    const __m128i vnl = _mm_set1_epi8('\n'), vcr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();
    while (end - q >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vnl), _mm_cmpeq_epi8(v, vcr)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, nul), v)); /* v: high bit = non-ASCII */
        int bits = _mm_movemask_epi8(stop);
        if (bits) return q + __builtin_ctz((unsigned)bits);
        q += 16;
    }
#endif
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (end - q >= 8) {
        uint64_t w;
        memcpy(&w, q, 8);
        uint64_t nl = w ^ (ones * '\n'), cr = w ^ (ones * '\r');
        uint64_t zero = ((w - ones) & ~w) | ((nl - ones) & ~nl) | ((cr - ones) & ~cr);
        if ((w | zero) & highs) break;
        q += 8;
    }
    return q;
}

static bool parse_uint(const char *s, size_t n, uint32_t *out) {
    if (n == 0 || n > 9) return false;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_decimal(s[i])) return false;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* text is the directive after "line "; next is where it takes effect. */
static void line_directive(Lexer *lx, const char *text, size_t n, uint32_t next) {
    const char *colon = NULL;
    for (size_t i = n; i > 0; i--)
        if (text[i - 1] == ':') {
            colon = text + i - 1;
            break;
        }
    if (!colon) return;
    uint32_t a, b;
    if (!parse_uint(colon + 1, (size_t)(text + n - colon - 1), &a) || a == 0) return;
    const char *name_end = colon;
    uint32_t line = a, col = 0;
    const char *colon2 = NULL;
    for (const char *p = colon; p > text; p--)
        if (p[-1] == ':') {
            colon2 = p - 1;
            break;
        }
    if (colon2 && parse_uint(colon2 + 1, (size_t)(colon - colon2 - 1), &b) && b > 0) {
        line = b;
        col = a;
        name_end = colon2;
    }
    const char *fname = name_end == text ? lx->file->path
                                         : arena_strndup(lx->arena, text, (size_t)(name_end - text));
    source_add_line_directive(lx->file, next, fname, line, col);
}

static void add_comment(Lexer *lx, uint32_t start, uint32_t stop, bool has_cr) {
    const char *text = lx->src + start;
    uint32_t n = stop - start;
    bool block = text[1] == '*';
    if (!block && n > 2 && text[n - 1] == '\r') n--; /* CRLF line ending */
    if (lx->ncomments == lx->capcomments) {
        lx->capcomments = lx->capcomments ? lx->capcomments * 2 : 64;
        lx->comments = xrealloc(lx->comments, lx->capcomments * sizeof *lx->comments);
    }
    if (has_cr) {
        char *c = arena_alloc(lx->arena, n + 1);
        uint32_t k = 0;
        for (uint32_t j = 0; j < n; j++) {
            char ch = text[j];
            if (ch != '\r' || (block && k > 2 && c[k - 1] == '*' && j + 1 < n && text[j + 1] == '/'))
                c[k++] = ch;
        }
        text = c;
        n = k;
    }
    /* Only blanks between the start of the line and the comment? */
    uint32_t j = start;
    while (j > 0 && (lx->src[j - 1] == ' ' || lx->src[j - 1] == '\t')) j--;
    bool at_line_start = j == 0 || lx->src[j - 1] == '\n';
    lx->comments[lx->ncomments++] = (Comment){start + 1, start + 1 + n, text, n, at_line_start};
}

/* Scans a comment starting at lx->off ("//" or a block comment). Returns the offset of the
   first newline inside a block comment, or 0. */
static uint32_t scan_comment(Lexer *lx) {
    uint32_t start = lx->off, nl = 0, next;
    bool has_cr = false, ok = true;
    bool at_col1 = start == 0 || lx->src[start - 1] == '\n';
    if (lx->src[start + 1] == '/') {
        lx->off += 2;
        const unsigned char *end = (const unsigned char *)lx->src + lx->len;
        for (;;) {
            const unsigned char *q = skip_plain_ascii(
                (const unsigned char *)lx->src + lx->off, end);
            while (!stop_comment[*q]) q++;
            lx->off = (uint32_t)(q - (const unsigned char *)lx->src);
            int c = cur(lx);
            if (c == '\n' || c == EOF_CH) break;
            if (c == '\r') has_cr = true;
            advance(lx);
        }
        next = lx->off < lx->len ? lx->off + 1 : lx->off;
    } else {
        lx->off += 2;
        ok = false;
        while (lx->off < lx->len) {
            int c = cur(lx);
            if (c == '\r') has_cr = true;
            else if (c == '\n' && nl == 0) nl = lx->off + 1;
            advance(lx);
            if (c == '*' && lx->off < lx->len && lx->src[lx->off] == '/') {
                lx->off++;
                ok = true;
                break;
            }
        }
        next = lx->off;
        if (!ok) lexer_error(lx, start, "comment not terminated");
    }
    uint32_t stop = lx->off;
    const char *t = lx->src + start;
    uint32_t n = stop - start;
    if (t[1] == '/' && n > 2 && t[n - 1] == '\r') n--;
    if (ok && n > 7 && memcmp(t + 2, "line ", 5) == 0 && (t[1] == '*' || at_col1)) {
        size_t body = t[1] == '*' ? n - 9 : n - 7;
        line_directive(lx, t + 7, body, next);
    }
    add_comment(lx, start, stop, has_cr);
    return nl;
}

/* ---- literals ---- */

static int digits(Lexer *lx, int base, int32_t *invalid) {
    int sep = 0;
    if (base <= 10) {
        int max = '0' + base;
        for (;;) {
            int c = byte_at(lx);
            if (!is_decimal(c) && c != '_') break;
            int ds = 1;
            if (c == '_') ds = 2;
            else if (c >= max && invalid && *invalid < 0) *invalid = (int32_t)lx->off;
            sep |= ds;
            lx->off++;
        }
    } else {
        for (;;) {
            int c = byte_at(lx);
            if (!is_hex(c) && c != '_') break;
            sep |= c == '_' ? 2 : 1;
            lx->off++;
        }
    }
    return sep;
}

static const char *litname(int prefix) {
    switch (prefix) {
    case 'x': return "hexadecimal literal";
    case 'o': case '0': return "octal literal";
    case 'b': return "binary literal";
    }
    return "decimal literal";
}

/* Index of a misplaced '_' in a number literal, or -1. */
static int invalid_sep(const char *x, uint32_t n) {
    int x1 = ' ', d = '.';
    uint32_t i = 0;
    if (n >= 2 && x[0] == '0') {
        x1 = lower(x[1]);
        if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
            d = '0';
            i = 2;
        }
    }
    for (; i < n; i++) {
        int p = d;
        d = x[i];
        if (d == '_') {
            if (p != '0') return (int)i;
        } else if (is_decimal(d) || (x1 == 'x' && is_hex(d))) {
            d = '0';
        } else {
            if (p == '_') return (int)i - 1;
            d = '.';
        }
    }
    return d == '_' ? (int)n - 1 : -1;
}

static Token scan_number(Lexer *lx) {
    uint32_t start = lx->off;
    Token tok = T_ILLEGAL;
    int base = 10, prefix = 0, sep = 0;
    int32_t invalid = -1;
    if (byte_at(lx) != '.') {
        tok = T_INT;
        if (byte_at(lx) == '0') {
            lx->off++;
            switch (lower(byte_at(lx))) {
            case 'x': lx->off++; base = 16; prefix = 'x'; break;
            case 'o': lx->off++; base = 8; prefix = 'o'; break;
            case 'b': lx->off++; base = 2; prefix = 'b'; break;
            default: base = 8; prefix = '0'; sep = 1;
            }
        }
        sep |= digits(lx, base, &invalid);
    }
    if (byte_at(lx) == '.') {
        tok = T_FLOAT;
        if (prefix == 'o' || prefix == 'b')
            lexer_error(lx, lx->off, "invalid radix point in %s", litname(prefix));
        lx->off++;
        sep |= digits(lx, base, &invalid);
    }
    if (!(sep & 1)) lexer_error(lx, lx->off, "%s has no digits", litname(prefix));
    int e = lower(byte_at(lx));
    if (e == 'e' || e == 'p') {
        if (e == 'e' && prefix != 0 && prefix != '0')
            lexer_error(lx, lx->off, "'%c' exponent requires decimal mantissa", byte_at(lx));
        else if (e == 'p' && prefix != 'x')
            lexer_error(lx, lx->off, "'%c' exponent requires hexadecimal mantissa", byte_at(lx));
        lx->off++;
        tok = T_FLOAT;
        if (byte_at(lx) == '+' || byte_at(lx) == '-') lx->off++;
        int ds = digits(lx, 10, NULL);
        sep |= ds;
        if (!(ds & 1)) lexer_error(lx, lx->off, "exponent has no digits");
    } else if (prefix == 'x' && tok == T_FLOAT) {
        lexer_error(lx, lx->off, "hexadecimal mantissa requires a 'p' exponent");
    }
    if (byte_at(lx) == 'i') {
        tok = T_IMAG;
        lx->off++;
    }
    if (tok == T_INT && invalid >= 0)
        lexer_error(lx, (uint32_t)invalid, "invalid digit '%c' in %s", lx->src[invalid], litname(prefix));
    if (sep & 2) {
        int i = invalid_sep(lx->src + start, lx->off - start);
        if (i >= 0) lexer_error(lx, start + (uint32_t)i, "'_' must separate successive digits");
    }
    return tok;
}

static int digit_val(int c) {
    if (is_decimal(c)) return c - '0';
    if (lower(c) >= 'a' && lower(c) <= 'f') return lower(c) - 'a' + 10;
    return 16;
}

static bool scan_escape(Lexer *lx, int quote) {
    uint32_t start = lx->off;
    int n;
    uint32_t base, max;
    int c = cur(lx);
    switch (c) {
    case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v': case '\\':
        lx->off++;
        return true;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        n = 3, base = 8, max = 255;
        break;
    case 'x': lx->off++; n = 2, base = 16, max = 255; break;
    case 'u': lx->off++; n = 4, base = 16, max = 0x10FFFF; break;
    case 'U': lx->off++; n = 8, base = 16, max = 0x10FFFF; break;
    default:
        if (c == quote) {
            lx->off++;
            return true;
        }
        lexer_error(lx, start, c == EOF_CH ? "escape sequence not terminated" : "unknown escape");
        return false;
    }
    uint32_t x = 0;
    for (; n > 0; n--) {
        int ch = cur(lx);
        uint32_t d = (uint32_t)digit_val(ch);
        if (ch < 0 || d >= base) {
            if (ch < 0) lexer_error(lx, lx->off, "escape sequence not terminated");
            else lexer_error(lx, lx->off, "invalid character %#x in escape sequence", (unsigned)ch);
            return false;
        }
        x = x * base + d;
        lx->off++;
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
        lexer_error(lx, start, "escape is invalid Unicode code point U+%04X", (unsigned)x);
        return false;
    }
    return true;
}

static void scan_rune(Lexer *lx) {
    uint32_t start = lx->off - 1;
    bool valid = true;
    int n = 0;
    for (;;) {
        int c = cur(lx);
        if (c == '\n' || c == EOF_CH) {
            if (valid) lexer_error(lx, start, "rune literal not terminated");
            valid = false;
            break;
        }
        advance(lx);
        if (c == '\'') break;
        n++;
        if (c == '\\' && !scan_escape(lx, '\'')) valid = false;
    }
    if (valid && n != 1)
        lexer_error(lx, start, n == 0 ? "empty rune literal or unescaped ' in rune literal"
                                     : "more than one character in rune literal");
}

static void scan_string(Lexer *lx) {
    uint32_t start = lx->off - 1;
    for (;;) {
        const unsigned char *q = (const unsigned char *)lx->src + lx->off;
        while (!stop_string[*q]) q++;
        lx->off = (uint32_t)(q - (const unsigned char *)lx->src);
        int c = cur(lx);
        if (c == '\n' || c == EOF_CH) {
            if (c == '\n') lexer_error(lx, lx->off, "newline in string");
            else lexer_error(lx, start, "string literal not terminated");
            break;
        }
        advance(lx);
        if (c == '"') break;
        if (c == '\\') scan_escape(lx, '"');
    }
}

/* Raw strings drop '\r' (spec); the literal text then lives in the arena. */
static void scan_raw_string(Lexer *lx) {
    uint32_t start = lx->off - 1;
    bool has_cr = false;
    for (;;) {
        int c = cur(lx);
        if (c == EOF_CH) {
            lexer_error(lx, start, "string literal not terminated");
            break;
        }
        advance(lx);
        if (c == '`') break;
        if (c == '\r') has_cr = true;
    }
    lx->lit = lx->src + start;
    lx->litlen = lx->off - start;
    if (has_cr) {
        char *s = arena_alloc(lx->arena, lx->litlen + 1);
        uint32_t k = 0;
        for (uint32_t i = 0; i < lx->litlen; i++)
            if (lx->lit[i] != '\r') s[k++] = lx->lit[i];
        lx->lit = s;
        lx->litlen = k;
    }
}

/* gc's "invalid character U+0040 '@'" (the character shown when printable). */
static void report_invalid_char(Lexer *lx, uint32_t off, uint32_t r) {
    char enc[5] = {0};
    if (r < 0x80) enc[0] = (char)r;
    else if (r < 0x800) enc[0] = (char)(0xC0 | (r >> 6)), enc[1] = (char)(0x80 | (r & 0x3F));
    else if (r < 0x10000)
        enc[0] = (char)(0xE0 | (r >> 12)), enc[1] = (char)(0x80 | ((r >> 6) & 0x3F)),
        enc[2] = (char)(0x80 | (r & 0x3F));
    else
        enc[0] = (char)(0xF0 | (r >> 18)), enc[1] = (char)(0x80 | ((r >> 12) & 0x3F)),
        enc[2] = (char)(0x80 | ((r >> 6) & 0x3F)), enc[3] = (char)(0x80 | (r & 0x3F));
    bool printable = r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0);
    if (printable) lexer_error(lx, off, "invalid character U+%04X '%s'", (unsigned)r, enc);
    else lexer_error(lx, off, "invalid character U+%04X", (unsigned)r);
}

/* ---- the token loop ---- */

static Token sw2(Lexer *lx, Token a, Token b) {
    if (byte_at(lx) == '=') {
        lx->off++;
        return b;
    }
    return a;
}
static Token sw3(Lexer *lx, Token a, Token b, int ch2, Token c) {
    if (byte_at(lx) == '=') {
        lx->off++;
        return b;
    }
    if (byte_at(lx) == ch2) {
        lx->off++;
        return c;
    }
    return a;
}
static Token sw4(Lexer *lx, Token a, Token b, int ch2, Token c, Token d) {
    if (byte_at(lx) == '=') {
        lx->off++;
        return b;
    }
    if (byte_at(lx) == ch2) {
        lx->off++;
        if (byte_at(lx) == '=') {
            lx->off++;
            return d;
        }
        return c;
    }
    return a;
}

static void set_semi(Lexer *lx, uint32_t off) {
    lx->tok = T_SEMICOLON;
    lx->pos = off + 1;
    lx->end = off + 2;
    lx->lit = "\n";
    lx->litlen = 1;
    lx->implicit_semi = true;
}

/* Every token: the general path. lexer_run below handles the most common
   tokens itself and comes here for the rest. */
__attribute__((noinline)) static void lex_general(Lexer *lx) {
    lx->implicit_semi = false;
    if (lx->pending_nl) {
        set_semi(lx, lx->pending_nl - 1);
        lx->pending_nl = 0;
        return;
    }
again:
    {
        /* src[len] is NUL, so this loop needs no bounds check. */
        const char *src = lx->src;
        uint32_t off = lx->off;
        for (;;) {
            unsigned char c = (unsigned char)src[off];
            if (c > ' ') break;
            if (c == ' ' || c == '\t' || c == '\r') off++;
            else if (c == '\n' && !lx->insert_semi) off++;
            else break;
        }
        lx->off = off;
    }
    uint32_t start = lx->off;
    lx->pos = start + 1;
    lx->lit = lx->src + start;
    bool insert = false;
    unsigned char first = (unsigned char)lx->src[start];
    int ch;
    if (first < 0x80 && first != 0) {
        ch = first;
    } else {
        ch = cur(lx);
    }
    Token tok;
    if (first < 0x80 && ascii_ident[first] == 1) {
        const unsigned char *q = (const unsigned char *)lx->src + start + 1;
        while (ascii_ident[*q]) q++;
        lx->off = (uint32_t)(q - (const unsigned char *)lx->src);
        if (*q >= 0x80 && lx->off < lx->len) goto unicode_ident;
        uint32_t n = lx->off - start;
        tok = (first >= 'b' && first <= 'v' && n >= 2 && n <= 11)
                  ? lookup_keyword_padded((const unsigned char *)lx->src + start, n)
                  : T_IDENT;
        lx->ident_hash = intern_hash_padded(lx->src + start, n);
        insert = tok == T_IDENT || tok == T_BREAK || tok == T_CONTINUE || tok == T_FALLTHROUGH ||
                 tok == T_RETURN;
    } else if (first >= 0x80 && is_letter(ch)) {
        advance(lx);
    unicode_ident:
        for (;;) {
            const unsigned char *q = (const unsigned char *)lx->src + lx->off;
            while (ascii_ident[*q]) q++;
            lx->off = (uint32_t)(q - (const unsigned char *)lx->src);
            if (!(is_letter(cur(lx)) || is_digit_ch(cur(lx)))) break;
            advance(lx);
        }
        tok = lookup_keyword(lx->src + start, lx->off - start);
        lx->ident_hash = intern_hash(lx->src + start, lx->off - start);
        insert = tok == T_IDENT || tok == T_BREAK || tok == T_CONTINUE || tok == T_FALLTHROUGH ||
                 tok == T_RETURN;
    } else if (ascii_ident[first] == 3 || (ch == '.' && is_decimal(lx->src[start + 1]))) {
        tok = scan_number(lx);
        insert = true;
    } else {
        if (first < 0x80 && first != 0 && first != '\n') lx->off++;
        else advance(lx);
        switch (ch) {
        case EOF_CH:
            if (lx->insert_semi) {
                lx->insert_semi = false;
                set_semi(lx, start);
                lx->end = lx->pos;
                return;
            }
            tok = T_EOF;
            break;
        case '\n':
            lx->insert_semi = false;
            set_semi(lx, start);
            return;
        case '"': scan_string(lx); tok = T_STRING; insert = true; break;
        case '\'': scan_rune(lx); tok = T_CHAR; insert = true; break;
        case '`':
            scan_raw_string(lx);
            lx->tok = T_STRING;
            lx->end = lx->off + 1;
            lx->insert_semi = true;
            return;
        case ':': tok = sw2(lx, T_COLON, T_DEFINE); break;
        case '.':
            tok = T_PERIOD;
            if (cur(lx) == '.' && lx->off + 1 < lx->len && lx->src[lx->off + 1] == '.') {
                lx->off += 2;
                tok = T_ELLIPSIS;
            }
            break;
        case ',': tok = T_COMMA; break;
        case ';': tok = T_SEMICOLON; break;
        case '(': tok = T_LPAREN; break;
        case ')': tok = T_RPAREN; insert = true; break;
        case '[': tok = T_LBRACK; break;
        case ']': tok = T_RBRACK; insert = true; break;
        case '{': tok = T_LBRACE; break;
        case '}': tok = T_RBRACE; insert = true; break;
        case '+': tok = sw3(lx, T_ADD, T_ADD_ASSIGN, '+', T_INC); insert = tok == T_INC; break;
        case '-': tok = sw3(lx, T_SUB, T_SUB_ASSIGN, '-', T_DEC); insert = tok == T_DEC; break;
        case '*': tok = sw2(lx, T_MUL, T_MUL_ASSIGN); break;
        case '/':
            if (cur(lx) == '/' || cur(lx) == '*') {
                lx->off = start;
                uint32_t nl = scan_comment(lx);
                if (lx->insert_semi && nl) {
                    lx->insert_semi = false;
                    set_semi(lx, nl - 1);
                    return;
                }
                goto again;
            }
            tok = sw2(lx, T_QUO, T_QUO_ASSIGN);
            break;
        case '%': tok = sw2(lx, T_REM, T_REM_ASSIGN); break;
        case '^': tok = sw2(lx, T_XOR, T_XOR_ASSIGN); break;
        case '<':
            if (cur(lx) == '-') {
                lx->off++;
                tok = T_ARROW;
            } else {
                tok = sw4(lx, T_LSS, T_LEQ, '<', T_SHL, T_SHL_ASSIGN);
            }
            break;
        case '>': tok = sw4(lx, T_GTR, T_GEQ, '>', T_SHR, T_SHR_ASSIGN); break;
        case '=': tok = sw2(lx, T_ASSIGN, T_EQL); break;
        case '!': tok = sw2(lx, T_NOT, T_NEQ); break;
        case '&':
            if (cur(lx) == '^') {
                lx->off++;
                tok = sw2(lx, T_AND_NOT, T_AND_NOT_ASSIGN);
            } else {
                tok = sw3(lx, T_AND, T_AND_ASSIGN, '&', T_LAND);
            }
            break;
        case '|': tok = sw3(lx, T_OR, T_OR_ASSIGN, '|', T_LOR); break;
        case '~': tok = T_TILDE; break;
        default:
            if (ch != 0xFEFF || start != 0) /* encoding errors were reported by advance */
                if (!(ch == 0xFFFD && lx->off - start == 1) && ch != 0)
                    report_invalid_char(lx, start, (uint32_t)ch);
            insert = lx->insert_semi;
            tok = T_ILLEGAL;
        }
    }
    lx->tok = tok;
    lx->end = lx->off + 1;
    lx->litlen = lx->off - start;
    lx->insert_semi = insert;
}

/* Skips ASCII identifier bytes [0-9A-Za-z_], 8 at a time: most identifiers
   end within one word, so the loop exit is predictable. Sources are
   zero-padded, so loading a word past the end is safe. */
/* Skips string-literal bytes that need no attention, 8 at a time: stops at
   '"', '\\', control bytes and non-ASCII (see stop_string). */
static inline const unsigned char *skip_string_plain(const unsigned char *q) {
    const uint64_t ones = 0x0101010101010101ull, highs = ones << 7, low7 = ~highs;
    for (;;) {
        uint64_t w;
        memcpy(&w, q, 8);
        uint64_t qu = w ^ (ones * '"'), bs = w ^ (ones * '\\');
        uint64_t is_qu = ~(((qu & low7) + low7) | qu), is_bs = ~(((bs & low7) + low7) | bs);
        uint64_t ctrl = ~((w & low7) + ones * (0x80 - 0x20)); /* high bit: b < 0x20 */
        uint64_t stop = (is_qu | is_bs | ctrl | w) & highs;
        if (stop) return q + (__builtin_ctzll(stop) >> 3);
        q += 8;
    }
}

static inline const unsigned char *skip_ident_ascii(const unsigned char *q) {
    const uint64_t ones = 0x0101010101010101ull, highs = ones << 7;
    for (;;) {
        uint64_t w;
        memcpy(&w, q, 8);
        /* For bytes < 0x80: b in [lo, hi] iff (b + (0x80 - lo)) has the high
           bit set and (b + (0x7f - hi)) does not. */
        uint64_t b = w & ~highs;
        uint64_t lw = b | (ones * 0x20); /* fold case */
        uint64_t letter = (lw + ones * (0x80 - 'a')) & ~(lw + ones * (0x7f - 'z'));
        uint64_t digit = (b + ones * (0x80 - '0')) & ~(b + ones * (0x7f - '9'));
        uint64_t x = b ^ (ones * '_');
        uint64_t under = ~(((x & ~highs) + ~highs) | x);
        uint64_t ident = (letter | digit | under) & ~w & highs;
        uint64_t stop = ~ident & highs;
        if (stop) return q + (__builtin_ctzll(stop) >> 3);
        q += 8;
    }
}

/* Stores the token lex_general left in lx. */
static void store_general(Lexer *lx, Tok *t) {
    *t = (Tok){lx->pos, lx->end, lx->tok == T_IDENT ? lx->ident_hash : 0, (uint8_t)lx->tok, 0};
    if (lx->implicit_semi) {
        t->flags = TF_IMPLICIT;
    } else if (lx->lit != lx->src + lx->pos - 1 || lx->litlen != lx->end - lx->pos) {
        if ((lx->nlits & (lx->nlits - 1)) == 0)
            lx->lits = xrealloc(lx->lits, (lx->nlits ? 2 * lx->nlits : 1) * sizeof *lx->lits);
        lx->lits[lx->nlits] = (LitCopy){lx->lit, lx->litlen};
        t->flags = TF_LITCOPY;
        t->aux = lx->nlits++;
    }
}

/* The token loop, its state in registers while it fills the window. It
   handles identifiers and keywords, the unambiguous one-byte tokens, ':=',
   '==', plain decimal integers and plain strings, and newlines that end a
   statement; anything else goes to lex_general, through the Lexer. */
void lexer_fill(Lexer *lx) {
    lx->tok_base += lx->ntoks;
    if (lx->done) { /* T_EOF repeats */
        lx->toks[0] = lx->toks[lx->ntoks - 1];
        lx->ntoks = 1;
        return;
    }
    const unsigned char *src = (const unsigned char *)lx->src;
    uint32_t off = lx->off;
    bool insert = lx->insert_semi;
    Tok *t = lx->toks, *tend = lx->toks + LEX_WINDOW;
    while (t != tend) {
        /* Blanks: one compare exits in the common case (a token follows). */
        unsigned c = src[off];
        while (c <= ' ') {
            if (c == ' ' || c == '\t' || c == '\r') {
                c = src[++off];
            } else if (c == '\n' && !insert) {
                off++;
                while (src[off] == '\t') off++; /* indentation */
                c = src[off];
            } else {
                break;
            }
        }
        Token tok;
        uint32_t n;
        if (ascii_ident[c] == 1) {
            const unsigned char *q = skip_ident_ascii(src + off + 1);
            if (*q >= 0x80) goto general;
            n = (uint32_t)(q - src) - off;
            tok = T_IDENT;
            insert = true;
            if (c >= 'b' && c <= 'v' && n >= 2 && n <= 11) {
                tok = lookup_keyword_padded(src + off, n);
                insert = tok == T_IDENT || tok == T_BREAK || tok == T_CONTINUE ||
                         tok == T_FALLTHROUGH || tok == T_RETURN;
            }
            *t++ = (Tok){off + 1, off + n + 1, intern_hash_padded((const char *)src + off, n),
                         (uint8_t)tok, 0};
            off += n;
            continue;
        }
        n = 1;
        switch (c) {
        case '(': tok = T_LPAREN; insert = false; break;
        case '[': tok = T_LBRACK; insert = false; break;
        case '{': tok = T_LBRACE; insert = false; break;
        case ',': tok = T_COMMA; insert = false; break;
        case ';': tok = T_SEMICOLON; insert = false; break;
        case ')': tok = T_RPAREN; insert = true; break;
        case ']': tok = T_RBRACK; insert = true; break;
        case '}': tok = T_RBRACE; insert = true; break;
        case '.':
            if (src[off + 1] == '.' || (src[off + 1] >= '0' && src[off + 1] <= '9')) goto general;
            tok = T_PERIOD;
            insert = false;
            break;
        case ':':
            tok = T_COLON;
            if (src[off + 1] == '=') tok = T_DEFINE, n = 2;
            insert = false;
            break;
        case '=':
            tok = T_ASSIGN;
            if (src[off + 1] == '=') tok = T_EQL, n = 2;
            insert = false;
            break;
        case '0':
            if ((src[off + 1] | 0x20) == 'x') {
                /* Plain hexadecimal integers, common in tables. */
                const unsigned char *q = src + off + 2;
                while (hex_digit[*q]) q++;
                if (q == src + off + 2 || ascii_ident[*q] || *q == '.' || *q >= 0x80) goto general;
                tok = T_INT;
                insert = true;
                n = (uint32_t)(q - src) - off;
                break;
            }
            /* fallthrough */
        case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9': {
            /* Plain decimal integers (and a lone 0); anything fancier
               (prefixes, '_', fractions, exponents, imaginary) goes to the
               full number scanner. */
            const unsigned char *q = src + off + 1;
            if (c != '0')
                while (*q >= '0' && *q <= '9') q++;
            if (ascii_ident[*q] || *q == '.' || *q >= 0x80) goto general;
            tok = T_INT;
            insert = true;
            n = (uint32_t)(q - src) - off;
            break;
        }
        /* Operators; the rarer forms ("&^", "<<", ">>" and their
           assignments) take the long way. */
        case '!':
            tok = T_NOT;
            if (src[off + 1] == '=') tok = T_NEQ, n = 2;
            insert = false;
            break;
        case '*':
            tok = T_MUL;
            if (src[off + 1] == '=') tok = T_MUL_ASSIGN, n = 2;
            insert = false;
            break;
        case '+':
            tok = T_ADD;
            insert = false;
            if (src[off + 1] == '=') tok = T_ADD_ASSIGN, n = 2;
            else if (src[off + 1] == '+') tok = T_INC, n = 2, insert = true;
            break;
        case '-':
            tok = T_SUB;
            insert = false;
            if (src[off + 1] == '=') tok = T_SUB_ASSIGN, n = 2;
            else if (src[off + 1] == '-') tok = T_DEC, n = 2, insert = true;
            break;
        case '&':
            if (src[off + 1] == '^') goto general;
            tok = T_AND;
            if (src[off + 1] == '&') tok = T_LAND, n = 2;
            else if (src[off + 1] == '=') tok = T_AND_ASSIGN, n = 2;
            insert = false;
            break;
        case '|':
            tok = T_OR;
            if (src[off + 1] == '|') tok = T_LOR, n = 2;
            else if (src[off + 1] == '=') tok = T_OR_ASSIGN, n = 2;
            insert = false;
            break;
        case '<':
            if (src[off + 1] == '<') goto general;
            tok = T_LSS;
            if (src[off + 1] == '-') tok = T_ARROW, n = 2;
            else if (src[off + 1] == '=') tok = T_LEQ, n = 2;
            insert = false;
            break;
        case '>':
            if (src[off + 1] == '>') goto general;
            tok = T_GTR;
            if (src[off + 1] == '=') tok = T_GEQ, n = 2;
            insert = false;
            break;
        case '"': {
            /* A string without escapes or odd bytes; others take the long way. */
            const unsigned char *q = skip_string_plain(src + off + 1);
            if (*q != '"') goto general;
            tok = T_STRING;
            insert = true;
            n = (uint32_t)(q + 1 - src) - off;
            break;
        }
        case '\n':
            /* insert is set, or the loop above would have skipped it. */
            *t++ = (Tok){off + 1, off + 2, 0, T_SEMICOLON, TF_IMPLICIT};
            insert = false;
            off++;
            while (src[off] == '\t') off++; /* indentation */
            continue;
        default:
            goto general;
        }
        *t++ = (Tok){off + 1, off + n + 1, 0, (uint8_t)tok, 0};
        off += n;
        continue;
    general:
        lx->off = off;
        lx->insert_semi = insert;
        lx->ntoks = (uint32_t)(t - lx->toks);
        lex_general(lx);
        off = lx->off;
        insert = lx->insert_semi;
        store_general(lx, t++);
        if (lx->tok == T_EOF) {
            lx->done = true;
            break;
        }
    }
    lx->ntoks = (uint32_t)(t - lx->toks);
    lx->off = off;
    lx->insert_semi = insert;
}
