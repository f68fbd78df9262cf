/* Growable arrays on malloc: VEC(T) v = {0}; vec_push(&v, x); vec_free(&v). */
#ifndef GOESCAPE_BASE_VEC_H
#define GOESCAPE_BASE_VEC_H
#include "util.h"
#include <stdlib.h>

#define VEC(T) struct { T *data; size_t len, cap; }
#define vec_grow(v, n)                                                          \
    do {                                                                        \
        if ((v)->len + (n) > (v)->cap) {                                        \
            size_t nc_ = (v)->cap ? (v)->cap * 2 : 8;                           \
            while (nc_ < (v)->len + (n)) nc_ *= 2;                              \
            (v)->data = xrealloc((v)->data, nc_ * sizeof *(v)->data);           \
            (v)->cap = nc_;                                                     \
        }                                                                       \
    } while (0)
#define vec_push(v, x)                                                          \
    do {                                                                        \
        vec_grow(v, 1);                                                         \
        (v)->data[(v)->len++] = (x);                                            \
    } while (0)
#define vec_free(v) (free((v)->data), (v)->data = NULL, (v)->len = (v)->cap = 0)

#endif
