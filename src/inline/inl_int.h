/* Private declarations shared by the inline stage's files. */
#ifndef GOESCAPE_INLINE_INL_INT_H
#define GOESCAPE_INLINE_INL_INT_H
#include "inline.h"
#include <stdbool.h>

/* intrinsics.c: symname is gc's symbol name ("Len64", "littleEndian.Uint64"). */
bool inl_is_intrinsic(const char *pkgpath, const char *symname, bool race);
bool inl_is_cheap_method(const char *pkgpath, const char *symname);
bool inl_is_cheap_func(const char *pkgpath, const char *symname);

#endif
