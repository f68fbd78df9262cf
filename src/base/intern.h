/* Interned strings: equal contents give the same pointer, so names compare with ==. */
#ifndef GOESCAPE_BASE_INTERN_H
#define GOESCAPE_BASE_INTERN_H
#include "arena.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Safe to use from several threads at once (goescape -p N): lookups read
   the table without a lock; inserts take the mutex. A slot is written once:
   hash and len first, then str with release order, so a reader that sees
   str (acquire) sees the rest. A full table is copied into a twice larger
   one, published the same way; the old one stays readable (it is freed
   with the interner) for readers that still hold it: a miss there just
   falls through to the locked path. */
typedef struct InternSlot {
    const char *_Atomic str;    /* NULL: empty */
    uint32_t hash, len;
} InternSlot;

typedef struct InternTable {
    struct InternTable *prev;   /* the smaller table it replaced */
    size_t mask;                /* capacity - 1 (a power of two) */
    InternSlot slots[];
} InternTable;

typedef struct Interner {
    Arena arena;                /* owns the string bytes (under mu) */
    InternTable *_Atomic tab;   /* open addressing */
    size_t len;                 /* under mu */
    pthread_mutex_t mu;
} Interner;

void interner_init(Interner *in);
void interner_free(Interner *in);
/* Room for n strings in all without growing (one table instead of a
   doubling series, each kept for readers that may still probe it). */
void interner_reserve(Interner *in, size_t n);
const char *intern(Interner *in, const char *s, size_t n);
const char *intern_cstr(Interner *in, const char *s);
/* As intern, with hash == intern_hash(s, n) already computed (the lexer does
   it while scanning an identifier). May read up to 8 bytes past s + n: s must
   lie in a buffer padded like read_file's. */
static inline const char *intern_hashed(Interner *in, const char *s, size_t n, uint32_t hash);
/* The inline part of intern_hashed: the interned string, or NULL when the
   slow path must decide. */
static inline const char *intern_find_fast(const Interner *in, const char *s, size_t n, uint32_t hash);
const char *intern_hashed_slow(Interner *in, const char *s, size_t n, uint32_t hash);

/* The hash intern uses: one multiply per 8-byte word (bytes past the end
   count as zero), then a final mix. intern_hash_padded is the same hash for
   strings followed by at least 8 readable bytes; it loads whole words. */
static inline uint64_t intern_hash_word(uint64_t h, uint64_t w) {
    h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 32);
}
static inline uint32_t intern_hash_finish(uint64_t h, size_t n) {
    h ^= n;
    h *= 0xFF51AFD7ED558CCDull;
    return (uint32_t)(h ^ (h >> 29));
}
/* The whole 8-byte words of s; *i is left at the first byte not hashed. */
static inline uint64_t intern_hash_words(const char *s, size_t n, size_t *i) {
    uint64_t h = 0;
    for (*i = 0; *i + 8 <= n; *i += 8) {
        uint64_t w;
        memcpy(&w, s + *i, 8);
        h = intern_hash_word(h, w);
    }
    return h;
}
static inline uint32_t intern_hash(const char *s, size_t n) {
    size_t i;
    uint64_t h = intern_hash_words(s, n, &i);
    if (i < n) {
        uint64_t w = 0;
        memcpy(&w, s + i, n - i);
        h = intern_hash_word(h, w);
    }
    return intern_hash_finish(h, n);
}
static inline uint32_t intern_hash_padded(const char *s, size_t n) {
    size_t i;
    uint64_t h = intern_hash_words(s, n, &i);
    if (i < n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = intern_hash_word(h, w & (~(uint64_t)0 >> (64 - 8 * (n - i))));
    }
    return intern_hash_finish(h, n);
}

/* The common case inline: a name of 1 to 16 bytes found in its first slot
   (interned strings sit in 8-byte-rounded arena blocks, so whole words load). */
static inline const char *intern_find_fast(const Interner *in, const char *s, size_t n, uint32_t hash) {
    const InternTable *t = atomic_load_explicit(&((Interner *)in)->tab, memory_order_acquire);
    InternSlot *e = (InternSlot *)&t->slots[hash & t->mask];
    const char *str = atomic_load_explicit(&e->str, memory_order_acquire);
    if (str && e->hash == hash && e->len == n) {
        uint64_t x, y;
        memcpy(&x, str, 8);
        memcpy(&y, s, 8);
        if (n - 1 < 8) {
            if (((x ^ y) & (~(uint64_t)0 >> (64 - 8 * n))) == 0) return str;
        } else if (n - 9 < 8 && x == y) { /* 9..16 bytes: two words */
            memcpy(&x, str + 8, 8);
            memcpy(&y, s + 8, 8);
            if (((x ^ y) & (~(uint64_t)0 >> (64 - 8 * (n - 8)))) == 0) return str;
        }
    }
    return NULL;
}
static inline const char *intern_hashed(Interner *in, const char *s, size_t n, uint32_t hash) {
    const char *r = intern_find_fast(in, s, n, hash);
    return r ? r : intern_hashed_slow(in, s, n, hash);
}

/* Lookups of many strings at once (an export table's) wait on memory: the
   slot of each hash, then the string it holds. Asking for both ahead, a
   batch at a time, lets those misses overlap. Hints only: nothing is
   written, and a table swapped meanwhile is just a cold lookup. */
static inline void intern_prefetch_slot(const Interner *in, uint32_t hash) {
    const InternTable *t = atomic_load_explicit(&((Interner *)in)->tab, memory_order_acquire);
    __builtin_prefetch(&t->slots[hash & t->mask]);
}
static inline void intern_prefetch_str(const Interner *in, uint32_t hash) {
    const InternTable *t = atomic_load_explicit(&((Interner *)in)->tab, memory_order_acquire);
    const char *str = atomic_load_explicit(&((InternSlot *)&t->slots[hash & t->mask])->str, memory_order_relaxed);
    if (str) __builtin_prefetch(str);
}

#endif
