/* Exact constant values and their arithmetic, with go/constant's semantics
   (see constant_internal.h for the representations). */
#include "constant_internal.h"
#include <limits.h>
#include <math.h>

static const Const unknown_val = {.repr = CR_UNKNOWN};
static const Const true_val = {.repr = CR_BOOL, .u.b = true};
static const Const false_val = {.repr = CR_BOOL, .u.b = false};

/* ------------------------------------------------------------------ pool */

ConstPool *const_pool_new(void) {
    ConstPool *p = xcalloc(1, sizeof *p);
    arena_init(&p->arena);
    return p;
}

void const_pool_free(ConstPool *p) {
    if (!p) return;
    for (size_t i = 0; i < p->owned.len; i++) {
        Const *c = p->owned.data[i];
        switch (c->repr) {
        case CR_MPZ: mpz_clear(c->u.z); break;
        case CR_MPQ: mpq_clear(c->u.q); break;
        case CR_MPFR: mpfr_clear(c->u.f); break;
        }
    }
    vec_free(&p->owned);
    arena_free(&p->arena);
    free(p);
}

static Const *new_const(ConstPool *p, int repr) {
    Const *c = arena_alloc(&p->arena, sizeof *c);
    c->repr = (uint8_t)repr;
    if (repr == CR_MPZ || repr == CR_MPQ || repr == CR_MPFR) vec_push(&p->owned, c);
    return c;
}

Const *const_new_mpz(ConstPool *p) {
    Const *c = new_const(p, CR_MPZ);
    mpz_init(c->u.z);
    return c;
}

Const *const_new_mpq(ConstPool *p) {
    Const *c = new_const(p, CR_MPQ);
    mpq_init(c->u.q);
    return c;
}

Const *const_new_mpfr(ConstPool *p) {
    Const *c = new_const(p, CR_MPFR);
    mpfr_init2(c->u.f, CONST_PREC);
    mpfr_set_zero(c->u.f, 1);
    return c;
}

/* ------------------------------------------------------- int64 <-> GMP */

static void mpz_set_i64(mpz_t z, int64_t v) {
#if LONG_MAX >= INT64_MAX
    mpz_set_si(z, (long)v);
#else
    uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    mpz_set_ui(z, (unsigned long)(m >> 32));
    mpz_mul_2exp(z, z, 32);
    mpz_add_ui(z, z, (unsigned long)(m & 0xffffffffu));
    if (v < 0) mpz_neg(z, z);
#endif
}

static void mpz_set_u64(mpz_t z, uint64_t v) {
    mpz_set_ui(z, (unsigned long)(v >> 32));
    mpz_mul_2exp(z, z, 32);
    mpz_add_ui(z, z, (unsigned long)(v & 0xffffffffu));
}

/* The low 64 bits of |z|. */
static uint64_t mpz_low64(const mpz_t z) {
    mpz_t t;
    mpz_init(t);
    mpz_abs(t, z);
    mpz_fdiv_r_2exp(t, t, 64);
    uint64_t lo = mpz_get_ui(t) & 0xffffffffu;
    mpz_fdiv_q_2exp(t, t, 32);
    uint64_t hi = mpz_get_ui(t) & 0xffffffffu;
    mpz_clear(t);
    return hi << 32 | lo;
}

/* Bits of |z|, 0 for zero (as big.Int.BitLen). */
static long bitlen(const mpz_t z) {
    return mpz_sgn(z) == 0 ? 0 : (long)mpz_sizeinbase(z, 2);
}

static bool mpz_to_i64(const mpz_t z, int64_t *out) {
    long n = bitlen(z);
    uint64_t m = mpz_low64(z);
    if (n <= 63) {
        *out = mpz_sgn(z) < 0 ? -(int64_t)m : (int64_t)m;
        return true;
    }
    if (n == 64 && mpz_sgn(z) < 0 && m == (uint64_t)1 << 63) {
        *out = INT64_MIN;
        return true;
    }
    return false;
}

/* ------------------------------------------------------ normalization */

const Const *const_make_int(ConstPool *p, mpz_t x) {
    int64_t v;
    if (mpz_to_i64(x, &v)) return const_int64(p, v);
    Const *c = const_new_mpz(p);
    mpz_swap(c->u.z, x);
    return c;
}

const Const *const_make_float(ConstPool *p, mpfr_t x) {
    if (mpfr_nan_p(x) || mpfr_inf_p(x)) return &unknown_val;
    Const *c = const_new_mpfr(p);
    if (mpfr_zero_p(x)) return c;       /* +0: go/constant keeps no signed zero */
    mpfr_swap(c->u.f, x);
    return c;
}

const Const *const_make_rat(ConstPool *p, mpq_t x) {
    if (bitlen(mpq_numref(x)) < CONST_MAX_EXP && bitlen(mpq_denref(x)) < CONST_MAX_EXP) {
        Const *c = const_new_mpq(p);
        mpq_swap(c->u.q, x);
        return c;
    }
    mpfr_t f;
    mpfr_init2(f, CONST_PREC);
    mpfr_set_q(f, x, MPFR_RNDN);
    const Const *r = const_make_float(p, f);
    mpfr_clear(f);
    return r;
}

const Const *const_make_complex(ConstPool *p, const Const *re, const Const *im) {
    if (re->repr == CR_UNKNOWN || im->repr == CR_UNKNOWN) return &unknown_val;
    Const *c = new_const(p, CR_COMPLEX);
    c->u.c.re = re;
    c->u.c.im = im;
    return c;
}

/* ------------------------------------------------------------- makers */

ConstKind const_kind(const Const *x) {
    switch (x->repr) {
    case CR_BOOL: return CONST_BOOL;
    case CR_STRING: return CONST_STRING;
    case CR_INT64: case CR_MPZ: return CONST_INT;
    case CR_MPQ: case CR_MPFR: return CONST_FLOAT;
    case CR_COMPLEX: return CONST_COMPLEX;
    default: return CONST_UNKNOWN;
    }
}

const Const *const_unknown(void) { return &unknown_val; }
const Const *const_bool(ConstPool *p, bool b) { return b ? &true_val : &false_val; }

const Const *const_string(ConstPool *p, const char *s, size_t n) {
    Const *c = new_const(p, CR_STRING);
    c->u.str.s = arena_strndup(&p->arena, s, n);
    c->u.str.len = n;
    return c;
}

const Const *const_int64(ConstPool *p, int64_t v) {
    Const *c = new_const(p, CR_INT64);
    c->u.i = v;
    return c;
}

const Const *const_uint64(ConstPool *p, uint64_t v) {
    if (v < (uint64_t)1 << 63) return const_int64(p, (int64_t)v);
    Const *c = const_new_mpz(p);
    mpz_set_u64(c->u.z, v);
    return c;
}

const Const *const_float64(ConstPool *p, double v) {
    if (isinf(v) || isnan(v)) return &unknown_val;
    Const *c = const_new_mpq(p);
    mpq_set_d(c->u.q, v + 0.0);
    return c;
}

const Const *const_imag(ConstPool *p, const Const *x) {
    switch (x->repr) {
    case CR_UNKNOWN: return x;
    case CR_INT64: case CR_MPZ: case CR_MPQ: case CR_MPFR:
        return const_make_complex(p, const_int64(p, 0), x);
    default: return &unknown_val;
    }
}

/* ---------------------------------------------------------- accessors */

bool const_bool_val(const Const *x) { return x->repr == CR_BOOL && x->u.b; }

const char *const_string_val(const Const *x, size_t *n) {
    if (x->repr != CR_STRING) {
        *n = 0;
        return "";
    }
    *n = x->u.str.len;
    return x->u.str.s;
}

bool const_int64_val(const Const *x, int64_t *v) {
    switch (x->repr) {
    case CR_INT64: *v = x->u.i; return true;
    case CR_MPZ: {
        uint64_t m = mpz_low64(x->u.z);     /* big.Int.Int64: low bits, signed */
        *v = (int64_t)(mpz_sgn(x->u.z) < 0 ? 0 - m : m);
        return false;
    }
    default: *v = 0; return false;
    }
}

bool const_uint64_val(const Const *x, uint64_t *v) {
    switch (x->repr) {
    case CR_INT64: *v = (uint64_t)x->u.i; return x->u.i >= 0;
    case CR_MPZ: *v = mpz_low64(x->u.z); return mpz_sgn(x->u.z) >= 0 && bitlen(x->u.z) <= 64;
    default: *v = 0; return false;
    }
}

double const_q_to_binary(const mpq_t q, int mbits, int emin, int emax, bool *exact) {
    int sign = mpq_sgn(q);
    if (sign == 0) {
        *exact = true;
        return 0.0;
    }
    mpz_t a, b, quo, rem, kept;
    mpz_inits(a, b, quo, rem, kept, NULL);
    mpz_abs(a, mpq_numref(q));
    mpz_set(b, mpq_denref(q));
    /* Scale so the integer quotient has at least mbits+2 bits: the rounding
       bit and a sticky remainder then decide the last bit. */
    long s = (long)mbits + 2 - (bitlen(a) - bitlen(b));
    if (s > 0) mpz_mul_2exp(a, a, (mp_bitcnt_t)s);
    else if (s < 0) mpz_mul_2exp(b, b, (mp_bitcnt_t)-s);
    mpz_tdiv_qr(quo, rem, a, b);
    long n = bitlen(quo);
    long e = n - 1 - s;                     /* value in [2^e, 2^(e+1)) */
    long prec = mbits;
    if (e < emin) prec = mbits - (emin - e);  /* subnormal: fewer bits */
    long drop = n - prec;
    mpz_fdiv_q_2exp(kept, quo, (mp_bitcnt_t)drop);
    bool half = mpz_tstbit(quo, (mp_bitcnt_t)(drop - 1));
    bool sticky = mpz_sgn(rem) != 0 || (drop >= 2 && (long)mpz_scan1(quo, 0) < drop - 1);
    *exact = !half && !sticky;
    if (half && (sticky || mpz_odd_p(kept))) mpz_add_ui(kept, kept, 1);
    double r = ldexp(mpz_get_d(kept), (int)(e - prec + 1));
    if (e > emax || r >= ldexp(1.0, emax + 1)) {
        r = INFINITY;
        *exact = false;
    }
    mpz_clears(a, b, quo, rem, kept, NULL);
    return sign < 0 ? -r : r;
}

static double to_binary(const Const *x, int mbits, int emin, int emax, bool *exact) {
    mpq_t q;
    mpq_init(q);
    if (x->repr == CR_INT64) mpz_set_i64(mpq_numref(q), x->u.i);
    else if (x->repr == CR_MPZ) mpz_set(mpq_numref(q), x->u.z);
    else mpq_set(q, x->u.q);
    double r = const_q_to_binary(q, mbits, emin, emax, exact);
    mpq_clear(q);
    return r;
}

bool const_float64_val(const Const *x, double *v) {
    bool exact = false;
    switch (x->repr) {
    case CR_INT64: case CR_MPZ: case CR_MPQ: *v = to_binary(x, 53, -1022, 1023, &exact); break;
    case CR_MPFR:
        *v = mpfr_get_d(x->u.f, MPFR_RNDN);
        exact = !isinf(*v) && mpfr_cmp_d(x->u.f, *v) == 0;
        break;
    default: *v = 0;
    }
    return exact;
}

bool const_float32_val(const Const *x, float *v) {
    bool exact = false;
    switch (x->repr) {
    case CR_INT64: case CR_MPZ: case CR_MPQ:
        *v = (float)to_binary(x, 24, -126, 127, &exact);
        break;
    case CR_MPFR:
        *v = mpfr_get_flt(x->u.f, MPFR_RNDN);
        exact = !isinf(*v) && mpfr_cmp_d(x->u.f, (double)*v) == 0;
        break;
    default: *v = 0;
    }
    return exact;
}

int const_sign(const Const *x) {
    switch (x->repr) {
    case CR_INT64: return (x->u.i > 0) - (x->u.i < 0);
    case CR_MPZ: return mpz_sgn(x->u.z);
    case CR_MPQ: return mpq_sgn(x->u.q);
    case CR_MPFR: return mpfr_sgn(x->u.f);
    case CR_COMPLEX: return const_sign(x->u.c.re) | const_sign(x->u.c.im);
    default: return 1;      /* avoids spurious division-by-zero errors, as go/constant */
    }
}

int const_bitlen(const Const *x) {
    if (x->repr == CR_INT64) {
        uint64_t u = x->u.i < 0 ? 0 - (uint64_t)x->u.i : (uint64_t)x->u.i;
        return u ? 64 - __builtin_clzll(u) : 0;
    }
    if (x->repr == CR_MPZ) return (int)bitlen(x->u.z);
    return 0;
}

/* ------------------------------------------------------- conversions */

static void get_mpz(mpz_t out, const Const *x) {
    if (x->repr == CR_INT64) mpz_set_i64(out, x->u.i);
    else mpz_set(out, x->u.z);
}

static void get_mpq(mpq_t out, const Const *x) {
    if (x->repr == CR_MPQ) mpq_set(out, x->u.q);
    else {
        get_mpz(mpq_numref(out), x);
        mpz_set_ui(mpq_denref(out), 1);
    }
}

/* out must be initialized with CONST_PREC. */
static void get_mpfr(mpfr_t out, const Const *x) {
    switch (x->repr) {
    case CR_INT64: {
        mpz_t z;
        mpz_init(z);
        mpz_set_i64(z, x->u.i);
        mpfr_set_z(out, z, MPFR_RNDN);
        mpz_clear(z);
        break;
    }
    case CR_MPZ: mpfr_set_z(out, x->u.z, MPFR_RNDN); break;
    case CR_MPQ: mpfr_set_q(out, x->u.q, MPFR_RNDN); break;
    default: mpfr_set(out, x->u.f, MPFR_RNDN);
    }
}

static bool small_float(const mpfr_t f) {
    if (mpfr_inf_p(f) || mpfr_nan_p(f)) return false;
    if (mpfr_zero_p(f)) return true;
    mpfr_exp_t e = mpfr_get_exp(f);
    return -CONST_MAX_EXP < e && e < CONST_MAX_EXP;
}

static bool is_real(const Const *x) {
    return x->repr >= CR_INT64 && x->repr <= CR_MPFR;
}

static const Const *mpfr_to_int(ConstPool *p, const mpfr_t f, int prec, mpfr_rnd_t rnd) {
    mpfr_t t;
    mpfr_init2(t, prec);
    mpfr_set(t, f, rnd);
    const Const *r = NULL;
    if (mpfr_integer_p(t)) {
        mpz_t z;
        mpz_init(z);
        mpfr_get_z(z, t, MPFR_RNDZ);
        r = const_make_int(p, z);
        mpz_clear(z);
    }
    mpfr_clear(t);
    return r;
}

const Const *const_to_int(ConstPool *p, const Const *x) {
    switch (x->repr) {
    case CR_INT64: case CR_MPZ: return x;
    case CR_MPQ:
        if (mpz_cmp_ui(mpq_denref(x->u.q), 1) == 0) {
            mpz_t z;
            mpz_init_set(z, mpq_numref(x->u.q));
            const Const *r = const_make_int(p, z);
            mpz_clear(z);
            return r;
        }
        break;
    case CR_MPFR: {
        if (!small_float(x->u.f)) break;
        /* Exact, or within a few bits of precision of an integer: the
           checker treats such floats as integers (go/constant's delta). */
        const Const *r = mpfr_to_int(p, x->u.f, CONST_PREC, MPFR_RNDN);
        if (!r) r = mpfr_to_int(p, x->u.f, CONST_PREC - 4, MPFR_RNDZ);
        if (!r) r = mpfr_to_int(p, x->u.f, CONST_PREC - 4, MPFR_RNDA);
        if (r) return r;
        break;
    }
    case CR_COMPLEX: {
        const Const *re = const_to_float(p, x);
        if (const_kind(re) == CONST_FLOAT) return const_to_int(p, re);
        break;
    }
    }
    return &unknown_val;
}

const Const *const_to_float(ConstPool *p, const Const *x) {
    switch (x->repr) {
    case CR_INT64: {
        Const *c = const_new_mpq(p);
        get_mpq(c->u.q, x);
        return c;
    }
    case CR_MPZ:
        if (bitlen(x->u.z) < CONST_MAX_EXP) {
            Const *c = const_new_mpq(p);
            get_mpq(c->u.q, x);
            return c;
        } else {
            Const *c = const_new_mpfr(p);
            get_mpfr(c->u.f, x);
            return c;
        }
    case CR_MPQ: case CR_MPFR: return x;
    case CR_COMPLEX:
        if (const_sign(x->u.c.im) == 0) return const_to_float(p, x->u.c.re);
        break;
    }
    return &unknown_val;
}

const Const *const_to_complex(ConstPool *p, const Const *x) {
    if (is_real(x)) return const_make_complex(p, x, const_int64(p, 0));
    if (x->repr == CR_COMPLEX) return x;
    return &unknown_val;
}

const Const *const_real(ConstPool *p, const Const *x) {
    if (x->repr == CR_COMPLEX) return x->u.c.re;
    if (is_real(x) || x->repr == CR_UNKNOWN) return x;
    return &unknown_val;
}

const Const *const_imag_part(ConstPool *p, const Const *x) {
    if (x->repr == CR_COMPLEX) return x->u.c.im;
    if (is_real(x)) return const_int64(p, 0);
    return &unknown_val;
}

static const Const *num_or_denom(ConstPool *p, const Const *x, bool num) {
    switch (x->repr) {
    case CR_INT64: case CR_MPZ: return num ? x : const_int64(p, 1);
    case CR_MPQ: case CR_MPFR: {
        if (x->repr == CR_MPFR && !small_float(x->u.f)) break;
        mpq_t q;
        mpq_init(q);
        if (x->repr == CR_MPQ) mpq_set(q, x->u.q);
        else mpfr_get_q(q, x->u.f);
        const Const *r = const_make_int(p, num ? mpq_numref(q) : mpq_denref(q));
        mpq_clear(q);
        return r;
    }
    }
    return &unknown_val;
}

const Const *const_num(ConstPool *p, const Const *x) { return num_or_denom(p, x, true); }
const Const *const_denom(ConstPool *p, const Const *x) { return num_or_denom(p, x, false); }

/* ---------------------------------------------------------- operations */

const Const *const_unary(ConstPool *p, Token op, const Const *y, unsigned prec) {
    if (y->repr == CR_UNKNOWN) return y;
    switch (op) {
    case T_ADD:
        if (is_real(y) || y->repr == CR_COMPLEX) return y;
        break;
    case T_SUB:
        switch (y->repr) {
        case CR_INT64:
            if (y->u.i != INT64_MIN) return const_int64(p, -y->u.i);
            /* fallthrough */
        case CR_MPZ: {
            mpz_t z;
            mpz_init(z);
            get_mpz(z, y);
            mpz_neg(z, z);
            const Const *r = const_make_int(p, z);
            mpz_clear(z);
            return r;
        }
        case CR_MPQ: {
            Const *c = const_new_mpq(p);
            mpq_neg(c->u.q, y->u.q);
            return c;
        }
        case CR_MPFR: {
            Const *c = const_new_mpfr(p);
            mpfr_neg(c->u.f, y->u.f, MPFR_RNDN);
            return c;
        }
        case CR_COMPLEX:
            return const_make_complex(p, const_unary(p, T_SUB, y->u.c.re, 0),
                                      const_unary(p, T_SUB, y->u.c.im, 0));
        }
        break;
    case T_XOR:
        if (y->repr == CR_INT64 || y->repr == CR_MPZ) {
            mpz_t z;
            mpz_init(z);
            get_mpz(z, y);
            mpz_com(z, z);
            if (prec > 0) mpz_fdiv_r_2exp(z, z, prec);   /* z &^= -1 << prec */
            const Const *r = const_make_int(p, z);
            mpz_clear(z);
            return r;
        }
        break;
    case T_NOT:
        if (y->repr == CR_BOOL) return const_bool(p, !y->u.b);
        break;
    default: break;
    }
    return &unknown_val;
}

static const Const *binary_int64(ConstPool *p, int64_t a, Token op, int64_t b) {
    int64_t c;
    switch (op) {
    case T_ADD: if (__builtin_add_overflow(a, b, &c)) return NULL; break;
    case T_SUB: if (__builtin_sub_overflow(a, b, &c)) return NULL; break;
    case T_MUL: if (__builtin_mul_overflow(a, b, &c)) return NULL; break;
    case T_QUO: {
        if (b == 0) return &unknown_val;
        mpq_t q;
        mpq_init(q);
        mpz_set_i64(mpq_numref(q), a);
        mpz_set_i64(mpq_denref(q), b);
        mpq_canonicalize(q);
        const Const *r = const_make_rat(p, q);
        mpq_clear(q);
        return r;
    }
    case T_QUO_ASSIGN:
        if (b == 0) return &unknown_val;
        /* go/constant divides in int64 here, so MinInt64 / -1 wraps. */
        c = b == -1 ? (int64_t)(0 - (uint64_t)a) : a / b;
        break;
    case T_REM:
        if (b == 0) return &unknown_val;
        c = b == -1 ? 0 : a % b;
        break;
    case T_AND: c = a & b; break;
    case T_OR: c = a | b; break;
    case T_XOR: c = a ^ b; break;
    case T_AND_NOT: c = a & ~b; break;
    default: return &unknown_val;
    }
    return const_int64(p, c);
}

static const Const *binary_mpz(ConstPool *p, const Const *x, Token op, const Const *y) {
    mpz_t a, b, c;
    mpz_inits(a, b, c, NULL);
    get_mpz(a, x);
    get_mpz(b, y);
    const Const *r = NULL;
    bool zero = mpz_sgn(b) == 0;
    switch (op) {
    case T_ADD: mpz_add(c, a, b); break;
    case T_SUB: mpz_sub(c, a, b); break;
    case T_MUL: mpz_mul(c, a, b); break;
    case T_QUO:
        if (zero) r = &unknown_val;
        else {
            mpq_t q;
            mpq_init(q);
            mpz_set(mpq_numref(q), a);
            mpz_set(mpq_denref(q), b);
            mpq_canonicalize(q);
            r = const_make_rat(p, q);
            mpq_clear(q);
        }
        break;
    case T_QUO_ASSIGN: if (zero) r = &unknown_val; else mpz_tdiv_q(c, a, b); break;
    case T_REM: if (zero) r = &unknown_val; else mpz_tdiv_r(c, a, b); break;
    case T_AND: mpz_and(c, a, b); break;
    case T_OR: mpz_ior(c, a, b); break;
    case T_XOR: mpz_xor(c, a, b); break;
    case T_AND_NOT: mpz_com(b, b); mpz_and(c, a, b); break;
    default: r = &unknown_val;
    }
    if (!r) r = const_make_int(p, c);
    mpz_clears(a, b, c, NULL);
    return r;
}

static const Const *binary_mpq(ConstPool *p, const Const *x, Token op, const Const *y) {
    mpq_t a, b, c;
    mpq_inits(a, b, c, NULL);
    get_mpq(a, x);
    get_mpq(b, y);
    const Const *r = NULL;
    switch (op) {
    case T_ADD: mpq_add(c, a, b); break;
    case T_SUB: mpq_sub(c, a, b); break;
    case T_MUL: mpq_mul(c, a, b); break;
    case T_QUO: if (mpq_sgn(b) == 0) r = &unknown_val; else mpq_div(c, a, b); break;
    default: r = &unknown_val;
    }
    if (!r) r = const_make_rat(p, c);
    mpq_clears(a, b, c, NULL);
    return r;
}

static const Const *binary_mpfr(ConstPool *p, const Const *x, Token op, const Const *y) {
    mpfr_t a, b, c;
    mpfr_inits2(CONST_PREC, a, b, c, (mpfr_ptr)0);
    get_mpfr(a, x);
    get_mpfr(b, y);
    const Const *r = NULL;
    switch (op) {
    case T_ADD: mpfr_add(c, a, b, MPFR_RNDN); break;
    case T_SUB: mpfr_sub(c, a, b, MPFR_RNDN); break;
    case T_MUL: mpfr_mul(c, a, b, MPFR_RNDN); break;
    case T_QUO: if (mpfr_zero_p(b)) r = &unknown_val; else mpfr_div(c, a, b, MPFR_RNDN); break;
    default: r = &unknown_val;
    }
    if (!r) r = const_make_float(p, c);
    mpfr_clears(a, b, c, (mpfr_ptr)0);
    return r;
}

static const Const *binary_complex(ConstPool *p, const Const *x, Token op, const Const *y) {
    const Const *zero = const_int64(p, 0);
    const Const *a = x->repr == CR_COMPLEX ? x->u.c.re : x;
    const Const *b = x->repr == CR_COMPLEX ? x->u.c.im : zero;
    const Const *c = y->repr == CR_COMPLEX ? y->u.c.re : y;
    const Const *d = y->repr == CR_COMPLEX ? y->u.c.im : zero;
    const Const *re, *im;
    switch (op) {
    case T_ADD:
        re = const_binary(p, a, T_ADD, c);
        im = const_binary(p, b, T_ADD, d);
        break;
    case T_SUB:
        re = const_binary(p, a, T_SUB, c);
        im = const_binary(p, b, T_SUB, d);
        break;
    case T_MUL: {
        const Const *ac = const_binary(p, a, T_MUL, c), *bd = const_binary(p, b, T_MUL, d);
        const Const *bc = const_binary(p, b, T_MUL, c), *ad = const_binary(p, a, T_MUL, d);
        re = const_binary(p, ac, T_SUB, bd);
        im = const_binary(p, bc, T_ADD, ad);
        break;
    }
    case T_QUO: {
        /* (ac+bd)/s + i(bc-ad)/s with s = cc+dd, as go/constant */
        const Const *ac = const_binary(p, a, T_MUL, c), *bd = const_binary(p, b, T_MUL, d);
        const Const *bc = const_binary(p, b, T_MUL, c), *ad = const_binary(p, a, T_MUL, d);
        const Const *s = const_binary(p, const_binary(p, c, T_MUL, c), T_ADD,
                                      const_binary(p, d, T_MUL, d));
        re = const_binary(p, const_binary(p, ac, T_ADD, bd), T_QUO, s);
        im = const_binary(p, const_binary(p, bc, T_SUB, ad), T_QUO, s);
        break;
    }
    default: return &unknown_val;
    }
    return const_make_complex(p, re, im);
}

static const Const *concat(ConstPool *p, const Const *x, const Const *y) {
    size_t n = x->u.str.len + y->u.str.len;
    char *s = arena_alloc_raw(&p->arena, n + 1);
    memcpy(s, x->u.str.s, x->u.str.len);
    memcpy(s + x->u.str.len, y->u.str.s, y->u.str.len);
    s[n] = 0;
    Const *c = new_const(p, CR_STRING);
    c->u.str.s = s;
    c->u.str.len = n;
    return c;
}

const Const *const_binary(ConstPool *p, const Const *x, Token op, const Const *y) {
    if (x->repr == CR_UNKNOWN || y->repr == CR_UNKNOWN) return &unknown_val;
    if (x->repr == CR_BOOL || y->repr == CR_BOOL) {
        if (x->repr != y->repr) return &unknown_val;
        if (op == T_LAND) return const_bool(p, x->u.b && y->u.b);
        if (op == T_LOR) return const_bool(p, x->u.b || y->u.b);
        return &unknown_val;
    }
    if (x->repr == CR_STRING || y->repr == CR_STRING) {
        if (x->repr != y->repr || op != T_ADD) return &unknown_val;
        return concat(p, x, y);
    }
    int r = x->repr > y->repr ? x->repr : y->repr;   /* go/constant's match */
    switch (r) {
    case CR_INT64: {
        const Const *c = binary_int64(p, x->u.i, op, y->u.i);
        return c ? c : binary_mpz(p, x, op, y);
    }
    case CR_MPZ: return binary_mpz(p, x, op, y);
    case CR_MPQ: return binary_mpq(p, x, op, y);
    case CR_MPFR: return binary_mpfr(p, x, op, y);
    case CR_COMPLEX: return binary_complex(p, x, op, y);
    }
    return &unknown_val;
}

const Const *const_shift(ConstPool *p, const Const *x, Token op, unsigned s) {
    if (x->repr == CR_UNKNOWN) return x;
    if (x->repr != CR_INT64 && x->repr != CR_MPZ) return &unknown_val;
    if (s == 0) return x;
    if (op == T_SHR && x->repr == CR_INT64)
        return const_int64(p, s >= 63 ? (x->u.i < 0 ? -1 : 0) : x->u.i >> s);
    if (op != T_SHL && op != T_SHR) return &unknown_val;
    mpz_t z;
    mpz_init(z);
    get_mpz(z, x);
    if (op == T_SHL) mpz_mul_2exp(z, z, s);
    else mpz_fdiv_q_2exp(z, z, s);      /* floor, as big.Int.Rsh */
    const Const *r = const_make_int(p, z);
    mpz_clear(z);
    return r;
}

static bool cmp_result(int c, Token op) {
    switch (op) {
    case T_EQL: return c == 0;
    case T_NEQ: return c != 0;
    case T_LSS: return c < 0;
    case T_LEQ: return c <= 0;
    case T_GTR: return c > 0;
    case T_GEQ: return c >= 0;
    default: return false;
    }
}

bool const_compare(const Const *x, Token op, const Const *y) {
    if (x->repr == CR_UNKNOWN || y->repr == CR_UNKNOWN) return false;
    if (x->repr == CR_BOOL || y->repr == CR_BOOL) {
        if (x->repr != y->repr || (op != T_EQL && op != T_NEQ)) return false;
        return cmp_result(x->u.b != y->u.b, op);
    }
    if (x->repr == CR_STRING || y->repr == CR_STRING) {
        if (x->repr != y->repr) return false;
        size_t n = x->u.str.len < y->u.str.len ? x->u.str.len : y->u.str.len;
        int c = memcmp(x->u.str.s, y->u.str.s, n);
        if (c == 0) c = (x->u.str.len > y->u.str.len) - (x->u.str.len < y->u.str.len);
        return cmp_result(c, op);
    }
    int r = x->repr > y->repr ? x->repr : y->repr;
    int c = 0;
    switch (r) {
    case CR_INT64: c = (x->u.i > y->u.i) - (x->u.i < y->u.i); break;
    case CR_MPZ: {
        mpz_t a, b;
        mpz_inits(a, b, NULL);
        get_mpz(a, x);
        get_mpz(b, y);
        c = mpz_cmp(a, b);
        mpz_clears(a, b, NULL);
        break;
    }
    case CR_MPQ: {
        mpq_t a, b;
        mpq_inits(a, b, NULL);
        get_mpq(a, x);
        get_mpq(b, y);
        c = mpq_cmp(a, b);
        mpq_clears(a, b, NULL);
        break;
    }
    case CR_MPFR: {
        mpfr_t a, b;
        mpfr_inits2(CONST_PREC, a, b, (mpfr_ptr)0);
        get_mpfr(a, x);
        get_mpfr(b, y);
        c = mpfr_cmp(a, b);
        mpfr_clears(a, b, (mpfr_ptr)0);
        break;
    }
    case CR_COMPLEX: {
        if (op != T_EQL && op != T_NEQ) return false;
        ConstPool *tmp = const_pool_new();
        const Const *xc = const_to_complex(tmp, x), *yc = const_to_complex(tmp, y);
        bool eq = const_compare(xc->u.c.re, T_EQL, yc->u.c.re) &&
                  const_compare(xc->u.c.im, T_EQL, yc->u.c.im);
        const_pool_free(tmp);
        return op == T_EQL ? eq : !eq;
    }
    }
    return cmp_result(c, op);
}
