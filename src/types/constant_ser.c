/* Exact binary form of constants for the export tables (export.h): the
   representation tag and its bits, so a value read back is the same value
   in the same representation (an int64 stays an int64, a rational keeps
   numerator and denominator, a 512-bit float its mantissa bits). */
#include "constant_internal.h"
#include "types/export.h"
#include "base/util.h"
#include <limits.h>
#include <stdlib.h>

/* |z| as little-endian bytes after a sign byte (0 zero, 1 positive, 2 negative). */
static void put_mpz(ByteBuf *b, const mpz_t z) {
    int s = mpz_sgn(z);
    bb_u8(b, (uint8_t)(s == 0 ? 0 : s > 0 ? 1 : 2));
    if (!s) return;
    size_t n = (mpz_sizeinbase(z, 2) + 7) / 8;
    uint8_t stack[128];
    uint8_t *tmp = n <= sizeof stack ? stack : xmalloc(n);
    size_t count = 0;
    mpz_export(tmp, &count, -1, 1, -1, 0, z);
    bb_uvar(b, count);
    bb_put(b, tmp, count);
    if (tmp != stack) free(tmp);
}

/* Magnitudes longer than this are corrupt: go/constant's integers stay far below. */
enum { MAX_MPZ_BYTES = 1 << 16 };

static bool get_mpz(ByteReader *r, mpz_t z) {
    uint8_t s = br_u8(r);
    if (s > 2) r->bad = true;
    if (r->bad) return false;
    if (!s) {
        mpz_set_ui(z, 0);
        return true;
    }
    uint64_t n = br_uvar(r);
    if (r->bad || n == 0 || n > MAX_MPZ_BYTES || (uint64_t)(r->end - r->p) < n) {
        r->bad = true;
        r->p = r->end;
        return false;
    }
    mpz_import(z, (size_t)n, -1, 1, -1, 0, r->p);
    r->p += n;
    if (mpz_sgn(z) == 0) {   /* a zero written as nonzero: not what put_mpz writes */
        r->bad = true;
        return false;
    }
    if (s == 2) mpz_neg(z, z);
    return true;
}

void const_write(ByteBuf *b, const Const *c) {
    if (!c) c = const_unknown();
    bb_u8(b, c->repr);
    switch (c->repr) {
    case CR_BOOL: bb_u8(b, c->u.b); break;
    case CR_STRING: bb_str(b, c->u.str.s, c->u.str.len); break;
    case CR_INT64: bb_svar(b, c->u.i); break;
    case CR_MPZ: put_mpz(b, c->u.z); break;
    case CR_MPQ:
        put_mpz(b, mpq_numref(c->u.q));
        put_mpz(b, mpq_denref(c->u.q));
        break;
    case CR_MPFR: {
        /* value = m * 2^e exactly, m with at most CONST_PREC bits */
        if (mpfr_zero_p(c->u.f)) {
            bb_u8(b, 0);
            break;
        }
        bb_u8(b, 1);
        mpz_t m;
        mpz_init(m);
        mpfr_exp_t e = mpfr_get_z_2exp(m, c->u.f);
        put_mpz(b, m);
        bb_svar(b, (int64_t)e);
        mpz_clear(m);
        break;
    }
    case CR_COMPLEX:
        const_write(b, c->u.c.re);
        const_write(b, c->u.c.im);
        break;
    default: break;
    }
}

static const Const *read_real(ConstPool *p, ByteReader *r, bool complex_ok);

static const Const *fail(ByteReader *r) {
    r->bad = true;
    r->p = r->end;
    return NULL;
}

static const Const *read_real(ConstPool *p, ByteReader *r, bool complex_ok) {
    uint8_t repr = br_u8(r);
    if (r->bad) return NULL;
    switch (repr) {
    case CR_UNKNOWN: return const_unknown();
    case CR_BOOL: {
        uint8_t v = br_u8(r);
        if (r->bad || v > 1) return fail(r);
        return const_bool(p, v);
    }
    case CR_STRING: {
        size_t n;
        const uint8_t *s = br_bytes(r, &n);
        if (!s && r->bad) return NULL;
        return const_string(p, (const char *)s, n);
    }
    case CR_INT64: {
        int64_t v = br_svar(r);
        return r->bad ? NULL : const_int64(p, v);
    }
    case CR_MPZ: {
        Const *c = const_new_mpz(p);
        return get_mpz(r, c->u.z) ? c : fail(r);
    }
    case CR_MPQ: {
        Const *c = const_new_mpq(p);
        if (!get_mpz(r, mpq_numref(c->u.q)) || !get_mpz(r, mpq_denref(c->u.q))) return fail(r);
        if (mpz_sgn(mpq_denref(c->u.q)) <= 0) return fail(r);   /* GMP would divide by zero */
        mpq_canonicalize(c->u.q);
        return c;
    }
    case CR_MPFR: {
        Const *c = const_new_mpfr(p);
        uint8_t nz = br_u8(r);
        if (r->bad || nz > 1) return fail(r);
        if (!nz) return c;
        mpz_t m;
        mpz_init(m);
        bool ok = get_mpz(r, m);
        int64_t e = br_svar(r);
        /* exact only when m fits the precision; exponents far out are corrupt */
        ok = ok && !r->bad && mpz_sizeinbase(m, 2) <= CONST_PREC && e > -(INT64_C(1) << 30) &&
             e < (INT64_C(1) << 30);
        if (ok) mpfr_set_z_2exp(c->u.f, m, (mpfr_exp_t)e, MPFR_RNDN);
        mpz_clear(m);
        if (ok && (mpfr_nan_p(c->u.f) || mpfr_inf_p(c->u.f) || mpfr_zero_p(c->u.f))) ok = false;
        return ok ? c : fail(r);
    }
    case CR_COMPLEX: {
        if (!complex_ok) return fail(r);
        const Const *re = read_real(p, r, false);
        const Const *im = re ? read_real(p, r, false) : NULL;
        if (!re || !im) return fail(r);
        ConstKind kr = const_kind(re), ki = const_kind(im);
        if ((kr != CONST_INT && kr != CONST_FLOAT) || (ki != CONST_INT && ki != CONST_FLOAT)) return fail(r);
        return const_make_complex(p, re, im);
    }
    default: return fail(r);
    }
}

const Const *const_read(ConstPool *p, ByteReader *r) {
    return read_real(p, r, true);
}
