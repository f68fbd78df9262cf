/* Values of literal tokens, as go/constant.MakeFromLiteral computes them:
   integers exactly; floats as exact rationals unless their binary exponent
   is huge (then 512-bit floats); runes and strings with Go's escapes. */
#include "syntax/unicode.h"
#include "constant_internal.h"
#include "base/strbuf.h"
#include <limits.h>
#include <stdlib.h>

/* The literal without '_' separators, NUL-terminated, malloc'd. */
static char *strip_underscores(const char *s, size_t n) {
    char *b = xmalloc(n + 1), *d = b;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '_') *d++ = s[i];
    *d = 0;
    return b;
}

static int prefix_base(const char *s, bool legacy_octal) {
    if (s[0] == '0') {
        switch (s[1]) {
        case 'x': case 'X': return 16;
        case 'b': case 'B': return 2;
        case 'o': case 'O': return 8;
        }
        if (legacy_octal && s[1]) return -8;    /* 0777: octal without a letter */
    }
    return 10;
}

static const Const *int_literal(ConstPool *p, const char *lit, size_t n) {
    char *s = strip_underscores(lit, n);
    int base = prefix_base(s, true);
    const char *digits = base == -8 ? s + 1 : base == 10 ? s : s + 2;
    if (base < 0) base = -base;
    const Const *r = const_unknown();
    mpz_t z;
    mpz_init(z);
    if (*digits && digits[strspn(digits, "0123456789abcdefABCDEF")] == 0 &&
        mpz_set_str(z, digits, base) == 0)
        r = const_make_int(p, z);
    mpz_clear(z);
    free(s);
    return r;
}

static int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 99;
}

/* mant * base^-frac * (10 or 2)^exp, exactly, as a rational. */
static void exact_value(mpq_t q, const mpz_t mant, int base, int64_t frac, int64_t exp, bool bin_exp) {
    mpz_set(mpq_numref(q), mant);
    mpz_set_ui(mpq_denref(q), 1);
    if (base == 10 && bin_exp) {
        exact_value(q, mant, 10, frac, 0, false);
        if (exp < 0) mpz_mul_2exp(mpq_denref(q), mpq_denref(q), (mp_bitcnt_t)-exp);
        else mpz_mul_2exp(mpq_numref(q), mpq_numref(q), (mp_bitcnt_t)exp);
    } else if (base == 10) {
        int64_t e = exp - frac;
        mpz_t t;
        mpz_init(t);
        mpz_ui_pow_ui(t, 10, (unsigned long)(e < 0 ? -e : e));
        if (e < 0) mpz_set(mpq_denref(q), t);
        else mpz_mul(mpq_numref(q), mpq_numref(q), t);
        mpz_clear(t);
    } else {
        int64_t shift = base == 16 ? 4 : base == 8 ? 3 : 1;
        int64_t e = exp - frac * shift;
        if (e < 0) mpz_mul_2exp(mpq_denref(q), mpq_denref(q), (mp_bitcnt_t)-e);
        else mpz_mul_2exp(mpq_numref(q), mpq_numref(q), (mp_bitcnt_t)e);
    }
    mpq_canonicalize(q);
}

/* mant / 10^frac * 2^exp rounded to f's precision: decimal digits with a
   binary exponent too large for exact arithmetic. */
static void exact_value_float(mpfr_t f, const mpz_t mant, int64_t frac, int64_t exp) {
    mpfr_t t;
    mpfr_init2(t, CONST_PREC + 64);
    mpfr_set_z(f, mant, MPFR_RNDN);
    mpfr_ui_pow_ui(t, 10, (unsigned long)frac, MPFR_RNDN);
    mpfr_div(f, f, t, MPFR_RNDN);
    long le = exp > LONG_MAX / 2 ? LONG_MAX / 2 : exp < LONG_MIN / 2 ? LONG_MIN / 2 : (long)exp;
    mpfr_mul_2si(f, f, le, MPFR_RNDN);
    mpfr_clear(t);
}

/* go/constant makeFloatFromLiteral; NULL when malformed. */
static const Const *float_literal(ConstPool *p, const char *lit, size_t n) {
    char *s = strip_underscores(lit, n);
    int base = prefix_base(s, false);
    const char *c = base == 10 ? s : s + 2;
    /* Mantissa digits without the point, then the exponent. */
    char *digits = xmalloc(strlen(c) + 1);
    size_t nd = 0;
    int64_t frac = 0;
    bool point = false;
    for (; *c; c++) {
        if (*c == '.' && !point) point = true;
        else if (digit_value(*c) < base) {
            digits[nd++] = *c;
            frac += point;
        } else break;
    }
    digits[nd] = 0;
    int64_t exp = 0;
    bool bin_exp = base != 10, ok = nd > 0;
    if (ok && *c) {
        /* big.Float accepts a binary 'p' exponent after decimal digits too */
        bin_exp = *c == 'p' || *c == 'P';
        bool is_exp = bin_exp || (base == 10 && (*c == 'e' || *c == 'E'));
        char *end;
        long long e = is_exp ? strtoll(c + 1, &end, 10) : 0;
        ok = is_exp && c[1] && *end == 0;
        /* saturate: such exponents overflow or underflow anyway */
        exp = e > (1LL << 40) ? (1LL << 40) : e < -(1LL << 40) ? -(1LL << 40) : (int64_t)e;
    }
    const Const *r = NULL;
    mpz_t mant;
    mpz_init(mant);
    if (ok && mpz_set_str(mant, digits, base) == 0) {
        /* Rough binary exponent: decides whether exact arithmetic is cheap. */
        double lb = base == 16 ? 4 : base == 8 ? 3 : base == 2 ? 1 : 3.3219280948873623;
        double e2 = (double)mpz_sizeinbase(mant, 2) - (double)frac * lb +
                    (double)exp * (bin_exp ? 1 : 3.3219280948873623);
        if (mpz_sgn(mant) == 0) {
            r = const_float64(p, 0);
        } else if (e2 > -(CONST_MAX_EXP + 64) && e2 < CONST_MAX_EXP + 64) {
            mpq_t q;
            mpq_init(q);
            exact_value(q, mant, base, frac, exp, bin_exp);
            mpfr_t f;
            mpfr_init2(f, CONST_PREC);
            mpfr_set_q(f, q, MPFR_RNDN);
            mpfr_exp_t fe = mpfr_get_exp(f);
            if (-CONST_MAX_EXP < fe && fe < CONST_MAX_EXP) {
                Const *v = const_new_mpq(p);
                mpq_swap(v->u.q, q);
                r = v;
            } else {
                r = const_make_float(p, f);
            }
            mpfr_clear(f);
            mpq_clear(q);
        } else {
            mpfr_t f;
            mpfr_init2(f, CONST_PREC);
            if (base == 10 && !bin_exp) {
                mpfr_strtofr(f, s, NULL, 10, MPFR_RNDN);
            } else if (base == 10) {
                exact_value_float(f, mant, frac, exp);
            } else {
                int64_t shift = base == 16 ? 4 : base == 8 ? 3 : 1, e = exp - frac * shift;
                mpfr_set_z(f, mant, MPFR_RNDN);
                /* beyond long's range the value is 0 or Inf anyway */
                long le = e > LONG_MAX / 2 ? LONG_MAX / 2 : e < LONG_MIN / 2 ? LONG_MIN / 2 : (long)e;
                mpfr_mul_2si(f, f, le, MPFR_RNDN);
            }
            r = const_make_float(p, f);
            mpfr_clear(f);
        }
    }
    mpz_clear(mant);
    free(digits);
    free(s);
    return r;
}

static void put_utf8(StrBuf *b, uint32_t r) {
    if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
    if (r < 0x80) sb_putc(b, (char)r);
    else if (r < 0x800) {
        sb_putc(b, (char)(0xC0 | r >> 6));
        sb_putc(b, (char)(0x80 | (r & 0x3F)));
    } else if (r < 0x10000) {
        sb_putc(b, (char)(0xE0 | r >> 12));
        sb_putc(b, (char)(0x80 | (r >> 6 & 0x3F)));
        sb_putc(b, (char)(0x80 | (r & 0x3F)));
    } else {
        sb_putc(b, (char)(0xF0 | r >> 18));
        sb_putc(b, (char)(0x80 | (r >> 12 & 0x3F)));
        sb_putc(b, (char)(0x80 | (r >> 6 & 0x3F)));
        sb_putc(b, (char)(0x80 | (r & 0x3F)));
    }
}

/* One rune as utf8.DecodeRune decodes it (U+FFFD, size 1 when invalid). */
static uint32_t decode_utf8(const unsigned char *s, size_t n, size_t *size) {
    int w;
    uint32_t r = utf8_decode(s, n, &w);
    *size = (size_t)w;
    return r;
}

/* strconv.UnquoteChar: decodes one character or escape at *s, advancing it.
   *is_byte: an \x or octal escape, whose value is one byte of a string. */
static bool unquote_char(const char **s, const char *end, char quote, uint32_t *val, bool *is_byte) {
    const unsigned char *c = (const unsigned char *)*s;
    *is_byte = false;
    if (*c != '\\') {
        size_t size;
        *val = decode_utf8(c, (size_t)(end - *s), &size);
        *s += size;
        return true;
    }
    if (end - *s < 2) return false;
    char e = (char)c[1];
    *s += 2;
    int ndig = 0, base = 16;
    switch (e) {
    case 'a': *val = '\a'; return true;
    case 'b': *val = '\b'; return true;
    case 'f': *val = '\f'; return true;
    case 'n': *val = '\n'; return true;
    case 'r': *val = '\r'; return true;
    case 't': *val = '\t'; return true;
    case 'v': *val = '\v'; return true;
    case '\\': *val = '\\'; return true;
    case '\'': case '"': *val = (uint32_t)e; return e == quote;
    case 'x': ndig = 2; *is_byte = true; break;
    case 'u': ndig = 4; break;
    case 'U': ndig = 8; break;
    default:
        if (e < '0' || e > '7') return false;
        ndig = 2, base = 8, *is_byte = true;
        *val = (uint32_t)(e - '0');
        break;
    }
    if (base == 16) *val = 0;
    if (end - *s < ndig) return false;
    for (int i = 0; i < ndig; i++) {
        int d = digit_value((*s)[i]);
        if (d >= base) return false;
        *val = *val * (uint32_t)base + (uint32_t)d;
    }
    *s += ndig;
    if (base == 8 && *val > 255) return false;
    if (e == 'u' || e == 'U') return *val <= 0x10FFFF && !(*val >= 0xD800 && *val <= 0xDFFF);
    return true;
}

static const Const *string_literal(ConstPool *p, const char *lit, size_t n) {
    if (n < 2 || lit[n - 1] != lit[0]) return NULL;
    const char *s = lit + 1, *end = lit + n - 1;
    StrBuf b = {0};
    if (lit[0] == '`') {
        for (; s < end; s++)
            if (*s != '\r') sb_putc(&b, *s);    /* raw strings drop carriage returns */
    } else if (lit[0] == '"') {
        while (s < end) {
            uint32_t v;
            bool is_byte;
            if (!unquote_char(&s, end, '"', &v, &is_byte)) {
                sb_free(&b);
                return NULL;
            }
            if (is_byte) sb_putc(&b, (char)v);
            else put_utf8(&b, v);
        }
    } else {
        return NULL;
    }
    const Const *r = const_string(p, b.data ? b.data : "", b.len);
    sb_free(&b);
    return r;
}

const Const *const_from_literal(ConstPool *p, Token tok, const char *lit, size_t n) {
    const Const *r = NULL;
    switch (tok) {
    case T_INT: r = int_literal(p, lit, n); break;
    case T_FLOAT: r = float_literal(p, lit, n); break;
    case T_IMAG:
        if (n > 0 && lit[n - 1] == 'i') {
            const Const *im = float_literal(p, lit, n - 1);
            if (im) r = const_make_complex(p, const_int64(p, 0), im);
        }
        break;
    case T_CHAR:
        if (n >= 2) {
            const char *s = lit + 1;
            uint32_t v;
            bool is_byte;
            if (unquote_char(&s, lit + n - 1, '\'', &v, &is_byte)) r = const_int64(p, v);
        }
        break;
    case T_STRING: r = string_literal(p, lit, n); break;
    default: break;
    }
    return r ? r : const_unknown();
}
