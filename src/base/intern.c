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

static const char *lookup(Interner *in, const char *s, size_t n, uint32_t h) {
    size_t i = h & (in->cap - 1);
    for (;;) {
        InternSlot *e = &in->slots[i];
        if (!e->str) break;
        if (e->hash == h && e->len == n && same_bytes(e->str, s, n)) return e->str;
        i = (i + 1) & (in->cap - 1);
    }
    const char *p = arena_strndup(&in->arena, s, n);
    in->slots[i] = (InternSlot){p, h, (uint32_t)n};
    if (++in->len * 2 > in->cap) grow(in);
    return p;
}

const char *intern(Interner *in, const char *s, size_t n) { return lookup(in, s, n, intern_hash(s, n)); }

const char *intern_hashed(Interner *in, const char *s, size_t n, uint32_t hash) {
    return lookup(in, s, n, hash);
}

const char *intern_cstr(Interner *in, const char *s) { return intern(in, s, strlen(s)); }
