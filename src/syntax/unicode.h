/* Unicode classes that Go identifiers use (unicode.IsLetter, unicode.IsDigit). */
#ifndef GOESCAPE_SYNTAX_UNICODE_H
#define GOESCAPE_SYNTAX_UNICODE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct UnicodeRange { uint32_t lo, hi; } UnicodeRange;
extern const UnicodeRange unicode_letter_ranges[];
extern const unsigned unicode_letter_ranges_len;
extern const UnicodeRange unicode_digit_ranges[];
extern const unsigned unicode_digit_ranges_len;

bool unicode_is_letter(uint32_t r);
bool unicode_is_digit(uint32_t r);
/* Decodes one UTF-8 sequence at s (n bytes available). Returns the rune and
   sets *size; invalid encodings give 0xFFFD with *size 1, like Go. */
uint32_t utf8_decode(const unsigned char *s, size_t n, int *size);

#endif
