/* Rune classes from Go's unicode package, as sorted disjoint ranges. */
#ifndef GOESCAPE_TYPES_PRINTABLE_H
#define GOESCAPE_TYPES_PRINTABLE_H
#include "base/strbuf.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct RuneRange { uint32_t lo, hi; } RuneRange;
extern const RuneRange printable_ranges[];
extern const unsigned printable_nranges;
/* Go's unicode.IsUpper, for all runes. */
extern const RuneRange upper_ranges[];
extern const unsigned upper_nranges;

/* Go's unicode.IsPrint. */
bool rune_is_print(uint32_t r);
/* strconv.Quote of s, appended to b (Go's printable-rune rules). */
void quote_go_string(StrBuf *b, const char *s, size_t n);

#endif
