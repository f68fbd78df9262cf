#include "strbuf.h"
#include "util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(StrBuf *b, size_t n) {
    if (b->len + n + 1 <= b->cap) return;
    size_t c = b->cap ? b->cap * 2 : 64;
    while (c < b->len + n + 1) c *= 2;
    b->data = xrealloc(b->data, c);
    b->cap = c;
}
void sb_putc(StrBuf *b, char c) {
    reserve(b, 1);
    b->data[b->len++] = c;
}
void sb_put(StrBuf *b, const char *s, size_t n) {
    reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}
void sb_puts(StrBuf *b, const char *s) { sb_put(b, s, strlen(s)); }
void sb_printf(StrBuf *b, const char *fmt, ...) {
    /* one formatting pass when the text fits the room left (most do) */
    reserve(b, 63);
    size_t room = b->cap - b->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->data + b->len, room, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= room) {
        reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}
const char *sb_cstr(StrBuf *b) {
    reserve(b, 0);
    b->data[b->len] = 0;
    return b->data;
}
void sb_reset(StrBuf *b) { b->len = 0; }
void sb_free(StrBuf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void sb_put_uint(StrBuf *b, unsigned v) {
    char buf[16];
    size_t i = sizeof buf;
    do buf[--i] = (char)('0' + v % 10);
    while (v /= 10);
    sb_put(b, buf + i, sizeof buf - i);
}
