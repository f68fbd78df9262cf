/* Representability of constants in basic types (go/types representableConst). */
#include "constant_internal.h"
#include <math.h>

static bool int_fits(int64_t x, int bits, bool is_unsigned) {
    if (is_unsigned) return x >= 0 && (bits >= 64 || x <= (int64_t)(((uint64_t)1 << bits) - 1));
    if (bits >= 64) return true;
    int64_t lim = (int64_t)1 << (bits - 1);
    return -lim <= x && x <= lim - 1;
}

static int kind_bits(BasicKind k, int64_t word_size) {
    switch (k) {
    case BK_INT8: case BK_UINT8: return 8;
    case BK_INT16: case BK_UINT16: return 16;
    case BK_INT32: case BK_UINT32: return 32;
    case BK_INT64: case BK_UINT64: return 64;
    default: return (int)(word_size * 8);   /* int, uint, uintptr */
    }
}

/* Float32Val or Float64Val of x, as a double (infinite when it overflows). */
static double nearest_float(const Const *x, bool f32) {
    double f;
    if (f32) {
        float g;
        const_float32_val(x, &g);
        f = g;
    } else {
        const_float64_val(x, &f);
    }
    return f;
}

/* Float32Val/Float64Val then MakeFloat64, or NULL when the value overflows. */
static const Const *round_float(ConstPool *p, const Const *x, bool f32) {
    double f = nearest_float(x, f32);
    return isinf(f) ? NULL : const_float64(p, f);
}

static bool fits_float(const Const *x, bool f32) { return !isinf(nearest_float(x, f32)); }

bool const_representable(ConstPool *p, const Const *x, BasicKind k, int64_t word_size,
                         const Const **rounded) {
    if (x->repr == CR_UNKNOWN) return true;    /* avoids follow-up errors */
    switch (k) {
    case BK_INT: case BK_INT8: case BK_INT16: case BK_INT32: case BK_INT64:
    case BK_UINT: case BK_UINT8: case BK_UINT16: case BK_UINT32: case BK_UINT64:
    case BK_UINTPTR: case BK_UNTYPED_INT: case BK_UNTYPED_RUNE: {
        const Const *v = const_to_int(p, x);
        if (const_kind(v) != CONST_INT) return false;
        if (rounded) *rounded = v;
        if (k == BK_UNTYPED_INT || k == BK_UNTYPED_RUNE) return true;
        bool is_unsigned = k >= BK_UINT && k <= BK_UINTPTR;
        int bits = kind_bits(k, word_size);
        if (v->repr == CR_INT64) return int_fits(v->u.i, bits, is_unsigned);
        return is_unsigned && const_sign(v) >= 0 && const_bitlen(v) <= bits;
    }
    case BK_FLOAT32: case BK_FLOAT64: case BK_UNTYPED_FLOAT: {
        const Const *v = const_to_float(p, x);
        if (const_kind(v) != CONST_FLOAT) return false;
        if (k == BK_UNTYPED_FLOAT) return true;
        bool f32 = k == BK_FLOAT32;
        if (!rounded) return fits_float(v, f32);
        const Const *r = round_float(p, v, f32);
        if (!r) return false;
        *rounded = r;
        return true;
    }
    case BK_COMPLEX64: case BK_COMPLEX128: case BK_UNTYPED_COMPLEX: {
        const Const *v = const_to_complex(p, x);
        if (const_kind(v) != CONST_COMPLEX) return false;
        if (k == BK_UNTYPED_COMPLEX) return true;
        bool f32 = k == BK_COMPLEX64;
        if (!rounded) return fits_float(v->u.c.re, f32) && fits_float(v->u.c.im, f32);
        const Const *re = round_float(p, v->u.c.re, f32), *im = round_float(p, v->u.c.im, f32);
        if (!re || !im) return false;
        *rounded = const_binary(p, re, T_ADD, const_imag(p, im));
        return true;
    }
    case BK_STRING: case BK_UNTYPED_STRING: return x->repr == CR_STRING;
    case BK_BOOL: case BK_UNTYPED_BOOL: return x->repr == CR_BOOL;
    default: return false;
    }
}
