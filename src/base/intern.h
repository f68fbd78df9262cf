/* Interned strings: equal contents give the same pointer, so names compare with ==. */
#ifndef GOESCAPE_BASE_INTERN_H
#define GOESCAPE_BASE_INTERN_H
#include "arena.h"
#include <stddef.h>
#include <stdint.h>

typedef struct Interner {
    Arena arena;           /* owns the string bytes */
    const char **slots;    /* open addressing; NULL = empty */
    uint32_t *hashes;
    uint32_t *lens;
    size_t cap, len;
} Interner;

void interner_init(Interner *in);
void interner_free(Interner *in);
const char *intern(Interner *in, const char *s, size_t n);
const char *intern_cstr(Interner *in, const char *s);

#endif
