#include "intern.h"
#include "util.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static InternTable *table_new(size_t cap) {
    InternTable *t = xcalloc(1, sizeof *t + cap * sizeof(InternSlot));
    t->mask = cap - 1;
    return t;
}

void interner_init(Interner *in) {
    memset(in, 0, sizeof *in);
    arena_init(&in->arena);
    atomic_init(&in->tab, table_new(1024));
    pthread_mutex_init(&in->mu, NULL);
}

void interner_free(Interner *in) {
    arena_free(&in->arena);
    InternTable *t = atomic_load_explicit(&in->tab, memory_order_relaxed);
    while (t) {
        InternTable *prev = t->prev;
        free(t);
        t = prev;
    }
    atomic_store_explicit(&in->tab, NULL, memory_order_relaxed);
    in->len = 0;
    pthread_mutex_destroy(&in->mu);
}

/* Under mu. The new table is filled before it is published. */
static InternTable *grow_to(Interner *in, InternTable *t, size_t ncap) {
    InternTable *nt = table_new(ncap);
    nt->prev = t;
    for (size_t i = 0; i <= t->mask; i++) {
        const char *s = atomic_load_explicit(&t->slots[i].str, memory_order_relaxed);
        if (!s) continue;
        size_t j = t->slots[i].hash & nt->mask;
        while (atomic_load_explicit(&nt->slots[j].str, memory_order_relaxed)) j = (j + 1) & nt->mask;
        nt->slots[j].hash = t->slots[i].hash;
        nt->slots[j].len = t->slots[i].len;
        atomic_store_explicit(&nt->slots[j].str, s, memory_order_relaxed);
    }
    atomic_store_explicit(&in->tab, nt, memory_order_release);
    return nt;
}

static InternTable *grow(Interner *in, InternTable *t) { return grow_to(in, t, 2 * (t->mask + 1)); }

void interner_reserve(Interner *in, size_t n) {
    pthread_mutex_lock(&in->mu);
    InternTable *t = atomic_load_explicit(&in->tab, memory_order_relaxed);
    size_t cap = t->mask + 1;
    while (cap < 2 * n) cap *= 2;
    if (cap != t->mask + 1) grow_to(in, t, cap);
    pthread_mutex_unlock(&in->mu);
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

/* The lock-free probe; NULL when s is not in t. words: s is padded (same_words). */
static inline const char *probe(const InternTable *t, const char *s, size_t n, uint32_t h, bool words) {
    for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
        InternSlot *e = (InternSlot *)&t->slots[i];
        const char *str = atomic_load_explicit(&e->str, memory_order_acquire);
        if (!str) return NULL;
        if (e->hash == h && e->len == n && (words ? same_words(str, s, n) : same_bytes(str, s, n)))
            return str;
    }
}

/* The locked half: probe again (another thread may have added s, or grown
   the table, since the unlocked probe), then insert. */
static const char *insert(Interner *in, const char *s, size_t n, uint32_t h) {
    pthread_mutex_lock(&in->mu);
    InternTable *t = atomic_load_explicit(&in->tab, memory_order_relaxed);
    size_t i = h & t->mask;
    for (;; i = (i + 1) & t->mask) {
        InternSlot *e = &t->slots[i];
        const char *str = atomic_load_explicit(&e->str, memory_order_relaxed);
        if (!str) break;
        if (e->hash == h && e->len == n && same_bytes(str, s, n)) {
            pthread_mutex_unlock(&in->mu);
            return str;
        }
    }
    const char *p = arena_strndup(&in->arena, s, n);
    t->slots[i].hash = h;
    t->slots[i].len = (uint32_t)n;
    atomic_store_explicit(&t->slots[i].str, p, memory_order_release);
    if (++in->len * 2 > t->mask + 1) grow(in, t);
    pthread_mutex_unlock(&in->mu);
    return p;
}

const char *intern(Interner *in, const char *s, size_t n) {
    uint32_t h = intern_hash(s, n);
    const char *r = probe(atomic_load_explicit(&in->tab, memory_order_acquire), s, n, h, false);
    return r ? r : insert(in, s, n, h);
}

const char *intern_hashed_slow(Interner *in, const char *s, size_t n, uint32_t hash) {
    const char *r = probe(atomic_load_explicit(&in->tab, memory_order_acquire), s, n, hash, true);
    return r ? r : insert(in, s, n, hash);
}

const char *intern_cstr(Interner *in, const char *s) { return intern(in, s, strlen(s)); }
