#include "ptrmap.h"
#include "util.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Multiplicative hashing, slot from the low bits of the product's upper
   half: well mixed, and the same bits at every capacity, so copying one
   map into another in slot order does not pile keys into one cluster (as
   taking the top bits would). */
static inline size_t slot(const void *key, size_t mask) {
    return (size_t)(((uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

void ptrmap_free(PtrMap *m) {
    free(m->keys);   /* vals live in the same block */
    memset(m, 0, sizeof *m);
}

void ptrmap_clear(PtrMap *m) {
    if (m->cap > 256) {
        ptrmap_free(m);     /* not worth clearing (and iterating) for the next, likely small, use */
        return;
    }
    if (m->len) memset(m->keys, 0, m->cap * sizeof *m->keys);
    m->len = 0;
}

void *ptrmap_get(const PtrMap *m, const void *key) {
    if (!m->cap) return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = slot(key, mask);; i = (i + 1) & mask) {
        const void *k = m->keys[i];
        if (k == key) return m->vals[i];
        if (!k) return NULL;
    }
}

/* Most maps stay small: start at 8 slots, keys and values in one block;
   only keys are cleared (a value is read only where its key is set). */
static void resize(PtrMap *m, size_t cap) {
    const void **keys = xmalloc(cap * 2 * sizeof(void *));
    memset(keys, 0, cap * sizeof *keys);
    void **vals = (void **)(keys + cap);
    size_t mask = cap - 1;
    for (size_t i = 0; i < m->cap; i++) {
        const void *k = m->keys[i];
        if (!k) continue;
        size_t j = slot(k, mask);
        while (keys[j]) j = (j + 1) & mask;
        keys[j] = k;
        vals[j] = m->vals[i];
    }
    free(m->keys);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
}

static void grow(PtrMap *m) { resize(m, m->cap ? m->cap * 2 : 8); }

void ptrmap_reserve(PtrMap *m, size_t n) {
    size_t cap = m->cap ? m->cap : 8;
    while (n * 2 > cap) cap *= 2;
    if (cap > m->cap) resize(m, cap);
}

void ptrmap_put(PtrMap *m, const void *key, void *val) {
    if ((m->len + 1) * 2 > m->cap) grow(m);
    size_t mask = m->cap - 1;
    size_t i = slot(key, mask);
    while (m->keys[i] && m->keys[i] != key) i = (i + 1) & mask;
    if (!m->keys[i]) m->len++;
    m->keys[i] = key;
    m->vals[i] = val;
}

void **ptrmap_slot(PtrMap *m, const void *key, bool *fresh) {
    if ((m->len + 1) * 2 > m->cap) grow(m);
    size_t mask = m->cap - 1;
    size_t i = slot(key, mask);
    while (m->keys[i] && m->keys[i] != key) i = (i + 1) & mask;
    *fresh = !m->keys[i];
    if (*fresh) {
        m->len++;
        m->keys[i] = key;
        m->vals[i] = NULL;
    }
    return &m->vals[i];
}
