/* Bump-pointer arenas: every long-lived object belongs to one, freed at once. */
#ifndef GOESCAPE_BASE_ARENA_H
#define GOESCAPE_BASE_ARENA_H
#include <stddef.h>
#include <string.h>

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
    ArenaChunk *head;   /* newest chunk; older ones chained behind it */
    char *cur, *end;    /* free space in head */
    size_t total;       /* bytes obtained from malloc, for -stats */
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
/* Forget every allocation but keep the largest chunk for reuse. */
void arena_reset(Arena *a);
void *arena_alloc_slow(Arena *a, size_t n);
/* Zeroed, 8-byte aligned memory that lives until arena_free. */
static inline void *arena_alloc(Arena *a, size_t n) {
    n = (n + 7) & ~(size_t)7;
    if (n == 0) n = 8;
    if ((size_t)(a->end - a->cur) < n) return arena_alloc_slow(a, n);
    void *p = a->cur;
    a->cur += n;
    return memset(p, 0, n);
}
/* As arena_alloc, but the memory is not zeroed: the caller fills it all. */
static inline void *arena_alloc_raw(Arena *a, size_t n) {
    n = (n + 7) & ~(size_t)7;
    if (n == 0) n = 8;
    if ((size_t)(a->end - a->cur) < n) return arena_alloc_slow(a, n);
    void *p = a->cur;
    a->cur += n;
    return p;
}
char *arena_strndup(Arena *a, const char *s, size_t n);
/* Grow the most recent allocation in place when possible, else copy. */
void *arena_realloc(Arena *a, void *old, size_t oldn, size_t newn);

#endif
