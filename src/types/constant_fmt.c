/* Text of constants exactly as go/constant's String and ExactString. */
#include "syntax/unicode.h"
#include "constant_internal.h"
#include "printable.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

bool rune_is_print(uint32_t r) {
    if (r < 0x80) return r >= 0x20 && r < 0x7F;
    unsigned lo = 0, hi = printable_nranges;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (r > printable_ranges[mid].hi) lo = mid + 1;
        else if (r < printable_ranges[mid].lo) hi = mid;
        else return true;
    }
    return false;
}

/* One rune as utf8.DecodeRune decodes it (U+FFFD, size 1 when invalid). */
static uint32_t next_rune(const unsigned char *s, size_t n, size_t *size) {
    int w;
    uint32_t r = utf8_decode(s, n, &w);
    *size = (size_t)w;
    return r;
}

/* The escape strconv uses for a rune that is not printed as itself. */
static void write_escape(StrBuf *b, uint32_t r) {
    switch (r) {
    case '\a': sb_puts(b, "\\a"); break;
    case '\b': sb_puts(b, "\\b"); break;
    case '\f': sb_puts(b, "\\f"); break;
    case '\n': sb_puts(b, "\\n"); break;
    case '\r': sb_puts(b, "\\r"); break;
    case '\t': sb_puts(b, "\\t"); break;
    case '\v': sb_puts(b, "\\v"); break;
    default:
        if (r < ' ' || r == 0x7F) sb_printf(b, "\\x%02x", (unsigned)r);
        else if (r < 0x10000) sb_printf(b, "\\u%04x", (unsigned)r);
        else sb_printf(b, "\\U%08x", (unsigned)r);
    }
}

void quote_go_string(StrBuf *b, const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    sb_putc(b, '"');
    for (size_t i = 0; i < n;) {
        size_t size;
        uint32_t r = next_rune(s + i, n - i, &size);
        if (size == 1 && r == 0xFFFD) {     /* invalid byte */
            sb_printf(b, "\\x%02x", s[i]);
            i++;
            continue;
        }
        if (r == '"' || r == '\\') {
            sb_putc(b, '\\');
            sb_putc(b, (char)r);
        } else if (rune_is_print(r)) {
            sb_put(b, (const char *)s + i, size);
        } else {
            write_escape(b, r);
        }
        i += size;
    }
    sb_putc(b, '"');
}

void const_quote_rune(StrBuf *b, uint32_t r) {
    if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
    sb_putc(b, '\'');
    if (r == '\'' || r == '\\') {
        sb_putc(b, '\\');
        sb_putc(b, (char)r);
    } else if (rune_is_print(r)) {
        char u[4];
        size_t k = 0;
        if (r < 0x80) u[k++] = (char)r;
        else if (r < 0x800) u[k++] = (char)(0xc0 | r >> 6);
        else if (r < 0x10000) u[k++] = (char)(0xe0 | r >> 12), u[k++] = (char)(0x80 | ((r >> 6) & 0x3f));
        else
            u[k++] = (char)(0xf0 | r >> 18), u[k++] = (char)(0x80 | ((r >> 12) & 0x3f)),
            u[k++] = (char)(0x80 | ((r >> 6) & 0x3f));
        if (r >= 0x80) u[k++] = (char)(0x80 | (r & 0x3f));
        sb_put(b, u, k);
    } else {
        write_escape(b, r);
    }
    sb_putc(b, '\'');
}

/* Go's %g (shortest representation that reads back as x). */
static void fmt_g_shortest(StrBuf *b, double x) {
    char buf[64];
    int p = 1;
    for (; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        if (strtod(buf, NULL) == x) break;
    }
    snprintf(buf, sizeof buf, "%.*e", p - 1, x);
    int exp = atoi(strchr(buf, 'e') + 1);
    if (exp < -4 || exp >= 6) {     /* %g with shortest digits uses %e past 1e6 */
        sb_puts(b, buf);
        return;
    }
    int decimals = p - 1 - exp;
    snprintf(buf, sizeof buf, "%.*f", decimals > 0 ? decimals : 0, x);
    sb_puts(b, buf);
}

static void format_mpfr(StrBuf *b, const mpfr_t f) {
    if (mpfr_inf_p(f)) {
        sb_puts(b, mpfr_sgn(f) > 0 ? "+Inf" : "-Inf");
        return;
    }
    double x = mpfr_get_d(f, MPFR_RNDN);
    if ((mpfr_sgn(f) == 0) == (x == 0) && !isinf(x)) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.6g", x);
        if (!mpfr_integer_p(f) && !strchr(buf, '.')) fmt_g_shortest(b, x);
        else sb_puts(b, buf);
        return;
    }
    /* Outside float64's range: approximate decimal mantissa and exponent
       from the binary ones, as go/constant does. */
    mpfr_exp_t exp = mpfr_get_exp(f);
    mpfr_t mant;
    mpfr_init2(mant, mpfr_get_prec(f));
    mpfr_mul_2si(mant, f, -(long)exp, MPFR_RNDN);
    double m = mpfr_get_d(mant, MPFR_RNDN);
    mpfr_clear(mant);
    double d = (double)exp * 0.30102999566398119521373889472449302676818988146211;
    int64_t e = (int64_t)d;
    m *= pow(10, d - (double)e);
    double am = fabs(m);
    if (am < 1 - 0.5e-6) {
        m *= 10;
        e--;
    } else if (am >= 10) {
        m /= 10;
        e++;
    }
    sb_printf(b, "%.6ge%+lld", m, (long long)e);
}

static void format_mpz(StrBuf *b, const mpz_t z) {
    char *s = mpz_get_str(NULL, 10, z);
    sb_puts(b, s);
    void (*freefn)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefn);
    freefn(s, strlen(s) + 1);
}

void const_format(StrBuf *b, const Const *x) {
    switch (x->repr) {
    case CR_UNKNOWN: sb_puts(b, "unknown"); break;
    case CR_BOOL: sb_puts(b, x->u.b ? "true" : "false"); break;
    case CR_STRING: {
        enum { MAX_RUNES = 72 };
        StrBuf q = {0};
        quote_go_string(&q, x->u.str.s, x->u.str.len);
        size_t i = 0, runes = 0, cut = 0;
        for (; i < q.len; i++) {
            if (((unsigned char)q.data[i] & 0xC0) != 0x80) {
                if (runes == MAX_RUNES - 3) cut = i;
                runes++;
            }
        }
        if (runes > MAX_RUNES) {
            sb_put(b, q.data, cut);
            sb_puts(b, "...");
        } else {
            sb_put(b, q.data, q.len);
        }
        sb_free(&q);
        break;
    }
    case CR_INT64: sb_printf(b, "%lld", (long long)x->u.i); break;
    case CR_MPZ: format_mpz(b, x->u.z); break;
    case CR_MPQ: {
        mpfr_t f;
        mpfr_init2(f, CONST_PREC);
        mpfr_set_q(f, x->u.q, MPFR_RNDN);
        format_mpfr(b, f);
        mpfr_clear(f);
        break;
    }
    case CR_MPFR: format_mpfr(b, x->u.f); break;
    case CR_COMPLEX:
        sb_putc(b, '(');
        const_format(b, x->u.c.re);
        sb_puts(b, " + ");
        const_format(b, x->u.c.im);
        sb_puts(b, "i)");
        break;
    }
}

/* big.Float.Text('p', 0): "0x." hex mantissa in [1/2, 1) "p" binary exponent. */
static void format_hex_float(StrBuf *b, const mpfr_t f) {
    if (mpfr_inf_p(f)) {
        sb_puts(b, mpfr_sgn(f) > 0 ? "+Inf" : "-Inf");
        return;
    }
    if (mpfr_zero_p(f)) {
        sb_putc(b, '0');
        return;
    }
    mpz_t z;
    mpz_init(z);
    mpfr_exp_t e = mpfr_get_z_2exp(z, f);     /* f = z * 2^e */
    if (mpz_sgn(z) < 0) {
        sb_putc(b, '-');
        mpz_neg(z, z);
    }
    long bits = (long)mpz_sizeinbase(z, 2);
    long exp = (long)e + bits;                  /* f = (z / 2^bits) * 2^exp */
    mpz_mul_2exp(z, z, (mp_bitcnt_t)((4 - bits % 4) % 4));   /* whole hex digits */
    char *hex = mpz_get_str(NULL, 16, z);
    size_t n = strlen(hex), len = n;
    while (len > 0 && hex[len - 1] == '0') len--;
    sb_puts(b, "0x.");
    sb_put(b, hex, len);
    sb_printf(b, "p%s%ld", exp >= 0 ? "+" : "", exp);
    void (*freefn)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefn);
    freefn(hex, n + 1);
    mpz_clear(z);
}

void const_format_exact(StrBuf *b, const Const *x) {
    switch (x->repr) {
    case CR_STRING: quote_go_string(b, x->u.str.s, x->u.str.len); break;
    case CR_MPQ:
        format_mpz(b, mpq_numref(x->u.q));
        if (mpz_cmp_ui(mpq_denref(x->u.q), 1) != 0) {
            sb_putc(b, '/');
            format_mpz(b, mpq_denref(x->u.q));
        }
        break;
    case CR_MPFR: format_hex_float(b, x->u.f); break;
    case CR_COMPLEX:
        sb_putc(b, '(');
        const_format_exact(b, x->u.c.re);
        sb_puts(b, " + ");
        const_format_exact(b, x->u.c.im);
        sb_puts(b, "i)");
        break;
    default: const_format(b, x);
    }
}
