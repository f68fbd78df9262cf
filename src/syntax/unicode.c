#include "unicode.h"
#include <stddef.h>

static bool in_ranges(const UnicodeRange *t, unsigned n, uint32_t r) {
    unsigned lo = 0, hi = n;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (r < t[mid].lo) hi = mid;
        else if (r > t[mid].hi) lo = mid + 1;
        else return true;
    }
    return false;
}

bool unicode_is_letter(uint32_t r) {
    if (r < 0x80) return (r | 0x20) - 'a' < 26;
    return in_ranges(unicode_letter_ranges, unicode_letter_ranges_len, r);
}

bool unicode_is_digit(uint32_t r) {
    if (r < 0x80) return r - '0' < 10;
    return in_ranges(unicode_digit_ranges, unicode_digit_ranges_len, r);
}

uint32_t utf8_decode(const unsigned char *s, size_t n, int *size) {
    *size = 1;
    if (n == 0) return 0xFFFD;
    unsigned c = s[0];
    if (c < 0x80) return c;
    int need;
    uint32_t r, min;
    if (c >= 0xC2 && c <= 0xDF) need = 1, r = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) need = 2, r = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) need = 3, r = c & 0x07, min = 0x10000;
    else return 0xFFFD;
    if ((size_t)need >= n) return 0xFFFD;
    for (int i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0xFFFD;
        r = (r << 6) | (s[i] & 0x3F);
    }
    if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0xFFFD;
    *size = need + 1;
    return r;
}
