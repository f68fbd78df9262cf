/* Representation of exact constants, shared by constant*.c only.

   As go/constant, one Kind has several representations, ordered so that
   mixed operands are converted to the larger one (see match in constant.c):
   small integers are int64, others GMP integers; floats are GMP rationals
   while numerator and denominator stay below 2^4096, else 512-bit MPFR
   floats; a complex number is a pair of real values. */
#ifndef GOESCAPE_TYPES_CONSTANT_INTERNAL_H
#define GOESCAPE_TYPES_CONSTANT_INTERNAL_H
#include "types.h"
#include "base/vec.h"
#include "printable.h"
#include <gmp.h>
#include <mpfr.h>

enum {
    CR_UNKNOWN, CR_BOOL, CR_STRING, CR_INT64, CR_MPZ, CR_MPQ, CR_MPFR, CR_COMPLEX
};

#define CONST_PREC 512      /* go/constant's float precision */
#define CONST_MAX_EXP 4096  /* rationals with larger parts become floats */

struct Const {
    uint8_t repr;           /* CR_* */
    union {
        bool b;
        struct { const char *s; size_t len; } str;
        int64_t i;
        mpz_t z;
        mpq_t q;
        mpfr_t f;
        struct { const Const *re, *im; } c;
    } u;
};

struct ConstPool {
    Arena arena;                /* Const structs and string bytes */
    VEC(Const *) owned;         /* values holding GMP/MPFR memory, cleared at free */
};

/* Fresh values whose GMP/MPFR part is initialized (zero) and registered. */
Const *const_new_mpz(ConstPool *p);
Const *const_new_mpq(ConstPool *p);
Const *const_new_mpfr(ConstPool *p);

/* go/constant's makeInt / makeRat / makeFloat normalizations. They take
   ownership of the temporary's value (leaving it cleared-and-reinitialized). */
const Const *const_make_int(ConstPool *p, mpz_t x);
const Const *const_make_rat(ConstPool *p, mpq_t x);
const Const *const_make_float(ConstPool *p, mpfr_t x);
const Const *const_make_complex(ConstPool *p, const Const *re, const Const *im);

/* Correctly rounded conversion of q to a binary float with mbits of mantissa
   and minimum normal exponent emin (value 1.x * 2^emin); sets *exact. Returns
   +-Inf past max_exp. Used for float64 (53, -1022, 1023) and float32. */
double const_q_to_binary(const mpq_t q, int mbits, int emin, int emax, bool *exact);

#endif
