#include "arena.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
    ArenaChunk *next;
    size_t size;
    _Alignas(16) char data[];
};

enum { CHUNK_MIN = 64 * 1024 };

void arena_init(Arena *a) { memset(a, 0, sizeof *a); }

void arena_free(Arena *a) {
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *n = c->next;
        free(c);
        c = n;
    }
    memset(a, 0, sizeof *a);
}

void arena_reset(Arena *a) {
    ArenaChunk *keep = NULL;
    for (ArenaChunk *c = a->head; c; c = c->next)
        if (!keep || c->size > keep->size) keep = c;
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *n = c->next;
        if (c != keep) free(c);
        c = n;
    }
    a->head = keep;
    a->total = keep ? keep->size : 0;
    a->cur = keep ? keep->data : NULL;
    a->end = keep ? keep->data + keep->size : NULL;
    if (keep) keep->next = NULL;
}

static void new_chunk(Arena *a, size_t need) {
    size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
    /* Grow chunk sizes geometrically so huge inputs use few mallocs. */
    if (a->total / 4 > size) size = a->total / 4;
    ArenaChunk *c = xmalloc(sizeof(ArenaChunk) + size);
    c->next = a->head;
    c->size = size;
    a->head = c;
    a->cur = c->data;
    a->end = c->data + size;
    a->total += size;
}

void *arena_alloc_slow(Arena *a, size_t n) {
    new_chunk(a, n);
    void *p = a->cur;
    a->cur += n;
    return memset(p, 0, n);
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void *arena_realloc(Arena *a, void *old, size_t oldn, size_t newn) {
    size_t o = (oldn + 7) & ~(size_t)7, nn = (newn + 7) & ~(size_t)7;
    if (old && (char *)old + o == a->cur && (size_t)(a->end - (char *)old) >= nn) {
        if (nn > o) memset(a->cur, 0, nn - o);
        a->cur = (char *)old + nn;
        return old;
    }
    void *p = arena_alloc(a, newn);
    if (old && oldn) memcpy(p, old, oldn < newn ? oldn : newn);
    return p;
}
