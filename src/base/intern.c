#include "intern.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

void interner_init(Interner *in) {
    memset(in, 0, sizeof *in);
    arena_init(&in->arena);
    in->cap = 1024;
    in->slots = xcalloc(in->cap, sizeof *in->slots);
    in->hashes = xcalloc(in->cap, sizeof *in->hashes);
    in->lens = xcalloc(in->cap, sizeof *in->lens);
}

void interner_free(Interner *in) {
    arena_free(&in->arena);
    free(in->slots);
    free(in->hashes);
    free(in->lens);
    memset(in, 0, sizeof *in);
}

static void grow(Interner *in) {
    size_t ncap = in->cap * 2;
    const char **ns = xcalloc(ncap, sizeof *ns);
    uint32_t *nh = xcalloc(ncap, sizeof *nh);
    uint32_t *nl = xcalloc(ncap, sizeof *nl);
    for (size_t i = 0; i < in->cap; i++) {
        if (!in->slots[i]) continue;
        size_t j = in->hashes[i] & (ncap - 1);
        while (ns[j]) j = (j + 1) & (ncap - 1);
        ns[j] = in->slots[i];
        nh[j] = in->hashes[i];
        nl[j] = in->lens[i];
    }
    free(in->slots);
    free(in->hashes);
    free(in->lens);
    in->lens = nl;
    in->slots = ns;
    in->hashes = nh;
    in->cap = ncap;
}

const char *intern(Interner *in, const char *s, size_t n) {
    uint32_t h = (uint32_t)hash_short(s, n);
    size_t i = h & (in->cap - 1);
    for (;;) {
        const char *p = in->slots[i];
        if (!p) break;
        if (in->hashes[i] == h && in->lens[i] == n && memcmp(p, s, n) == 0) return p;
        i = (i + 1) & (in->cap - 1);
    }
    const char *p = arena_strndup(&in->arena, s, n);
    in->slots[i] = p;
    in->hashes[i] = h;
    in->lens[i] = (uint32_t)n;
    if (++in->len * 2 > in->cap) grow(in);
    return p;
}

const char *intern_cstr(Interner *in, const char *s) { return intern(in, s, strlen(s)); }
