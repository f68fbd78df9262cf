/* Interned strings: equal contents give the same pointer, so names compare with ==. */
#ifndef GOESCAPE_BASE_INTERN_H
#define GOESCAPE_BASE_INTERN_H
#include "arena.h"
#include <stddef.h>
#include <stdint.h>

typedef struct InternSlot {
    const char *str;        /* NULL: empty */
    uint32_t hash, len;
} InternSlot;

typedef struct Interner {
    Arena arena;            /* owns the string bytes */
    InternSlot *slots;      /* open addressing, power-of-two capacity */
    size_t cap, len;
} Interner;

void interner_init(Interner *in);
void interner_free(Interner *in);
const char *intern(Interner *in, const char *s, size_t n);
/* As intern, with hash == intern_hash(s, n) already computed (the lexer does
   it while scanning an identifier). May read up to 8 bytes past s + n: s must
   lie in a buffer padded like read_file's. */
const char *intern_hashed(Interner *in, const char *s, size_t n, uint32_t hash);

/* The hash intern uses: a multiply-add per byte, finished by a mix. Callers
   that see the bytes one at a time use intern_hash_step/intern_hash_end. */
#define INTERN_HASH_SEED 2166136261u
static inline uint32_t intern_hash_step(uint32_t h, unsigned char c) { return h * 31u + c; }
static inline uint32_t intern_hash_end(uint32_t h) {
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    h *= 0x846ca68bu;
    return h ^ (h >> 16);
}
static inline uint32_t intern_hash(const char *s, size_t n) {
    uint32_t h = INTERN_HASH_SEED;
    for (size_t i = 0; i < n; i++) h = intern_hash_step(h, (unsigned char)s[i]);
    return intern_hash_end(h);
}
const char *intern_cstr(Interner *in, const char *s);

#endif
