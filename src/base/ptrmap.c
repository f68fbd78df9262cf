#include "ptrmap.h"
#include "util.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t slot(const void *key, size_t cap) {
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 17) & (cap - 1);
}

void ptrmap_free(PtrMap *m) {
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

void *ptrmap_get(const PtrMap *m, const void *key) {
    if (!m->cap) return NULL;
    for (size_t i = slot(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key) return m->vals[i];
        if (!m->keys[i]) return NULL;
    }
}

static void grow(PtrMap *m) {
    PtrMap n = {xcalloc(m->cap ? m->cap * 2 : 64, sizeof(void *)),
                xcalloc(m->cap ? m->cap * 2 : 64, sizeof(void *)), m->cap ? m->cap * 2 : 64, 0};
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) ptrmap_put(&n, m->keys[i], m->vals[i]);
    ptrmap_free(m);
    *m = n;
}

void ptrmap_put(PtrMap *m, const void *key, void *val) {
    if ((m->len + 1) * 2 > m->cap) grow(m);
    size_t i = slot(key, m->cap);
    while (m->keys[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
    if (!m->keys[i]) m->len++;
    m->keys[i] = key;
    m->vals[i] = val;
}
