#include "intern.h"
#include "util.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void interner_init(Interner *in) {
    memset(in, 0, sizeof *in);
    arena_init(&in->arena);
    in->cap = 1024;
    in->slots = xcalloc(in->cap, sizeof *in->slots);
}

void interner_free(Interner *in) {
    arena_free(&in->arena);
    free(in->slots);
    in->slots = NULL;
    in->cap = in->len = 0;
}

static void grow(Interner *in) {
    size_t ncap = in->cap * 2;
    InternSlot *ns = xcalloc(ncap, sizeof *ns);
    for (size_t i = 0; i < in->cap; i++) {
        if (!in->slots[i].str) continue;
        size_t j = in->slots[i].hash & (ncap - 1);
        while (ns[j].str) j = (j + 1) & (ncap - 1);
        ns[j] = in->slots[i];
    }
    free(in->slots);
    in->slots = ns;
    in->cap = ncap;
}

/* Short names dominate; a plain loop beats a call to memcmp for them. */
static inline bool same_bytes(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return false;
    return true;
}

/* Word-at-a-time compare. Interned strings live in arena blocks rounded up to
   8 bytes, and s is padded (intern_hashed's contract), so whole words can be
   loaded; bytes past n are masked off. */
static inline bool same_words(const char *a, const char *b, size_t n) {
    size_t i = 0;
    uint64_t x, y;
    for (; i + 8 <= n; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) return false;
    }
    if (i == n) return true;
    memcpy(&x, a + i, 8);
    memcpy(&y, b + i, 8);
    uint64_t mask = ~(uint64_t)0 >> (64 - 8 * (n - i));
    return ((x ^ y) & mask) == 0;
}

static const char *insert(Interner *in, const char *s, size_t n, uint32_t h, size_t i) {
    const char *p = arena_strndup(&in->arena, s, n);
    in->slots[i] = (InternSlot){p, h, (uint32_t)n};
    if (++in->len * 2 > in->cap) grow(in);
    return p;
}

static const char *lookup(Interner *in, const char *s, size_t n, uint32_t h) {
    size_t i = h & (in->cap - 1);
    for (;;) {
        InternSlot *e = &in->slots[i];
        if (!e->str) break;
        if (e->hash == h && e->len == n && same_bytes(e->str, s, n)) return e->str;
        i = (i + 1) & (in->cap - 1);
    }
    return insert(in, s, n, h, i);
}

const char *intern(Interner *in, const char *s, size_t n) { return lookup(in, s, n, intern_hash(s, n)); }

const char *intern_hashed_slow(Interner *in, const char *s, size_t n, uint32_t hash) {
    size_t i = hash & (in->cap - 1);
    for (;;) {
        InternSlot *e = &in->slots[i];
        if (!e->str) break;
        if (e->hash == hash && e->len == n && same_words(e->str, s, n)) return e->str;
        i = (i + 1) & (in->cap - 1);
    }
    return insert(in, s, n, hash, i);
}

const char *intern_cstr(Interner *in, const char *s) { return intern(in, s, strlen(s)); }
