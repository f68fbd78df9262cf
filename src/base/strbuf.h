/* Growable byte buffers for building output and paths. */
#ifndef GOESCAPE_BASE_STRBUF_H
#define GOESCAPE_BASE_STRBUF_H
#include <stddef.h>

typedef struct StrBuf { char *data; size_t len, cap; } StrBuf;

void sb_putc(StrBuf *b, char c);
void sb_put(StrBuf *b, const char *s, size_t n);
void sb_puts(StrBuf *b, const char *s);
/* Decimal digits of v, without printf's format parsing (positions are hot). */
void sb_put_uint(StrBuf *b, unsigned v);
void sb_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sb_cstr(StrBuf *b);  /* NUL-terminated view; stays owned by b */
void sb_reset(StrBuf *b);
void sb_free(StrBuf *b);

#endif
