/* A set of pointers that is nearly always tiny (the named types one field
   or method lookup passes through): the first few live in the struct, the
   rest in a PtrMap, so the common case allocates nothing. */
#ifndef GOESCAPE_BASE_SMALLSET_H
#define GOESCAPE_BASE_SMALLSET_H
#include "ptrmap.h"
#include <stdbool.h>
#include <stdint.h>

#define SMALLSET_INLINE 8

typedef struct SmallSet {
    const void *v[SMALLSET_INLINE];
    uint32_t n;
    PtrMap more;            /* beyond the first SMALLSET_INLINE */
} SmallSet;

/* Adds p; false when it was already there. */
static inline bool smallset_add(SmallSet *s, const void *p) {
    for (uint32_t i = 0; i < s->n; i++)
        if (s->v[i] == p) return false;
    if (s->n < SMALLSET_INLINE) {
        s->v[s->n++] = p;
        return true;
    }
    if (ptrmap_get(&s->more, p)) return false;
    ptrmap_put(&s->more, p, (void *)p);
    return true;
}

static inline void smallset_free(SmallSet *s) { ptrmap_free(&s->more); }

#endif
