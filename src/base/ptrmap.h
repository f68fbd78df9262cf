/* Hash map from pointer keys (e.g. interned strings) to pointers. */
#ifndef GOESCAPE_BASE_PTRMAP_H
#define GOESCAPE_BASE_PTRMAP_H
#include <stdbool.h>
#include <stddef.h>

typedef struct PtrMap {
    const void **keys;  /* NULL = empty slot; vals follow in the same block */
    void **vals;        /* vals[i] is meaningful only where keys[i] is set */
    size_t cap, len;
} PtrMap;

void ptrmap_free(PtrMap *m);
void ptrmap_clear(PtrMap *m);   /* empties m, keeping its table for reuse when small */
void *ptrmap_get(const PtrMap *m, const void *key);   /* NULL if absent */
void ptrmap_put(PtrMap *m, const void *key, void *val);
/* Room for n keys in all without growing (one table instead of a doubling
   series: fewer instructions and fewer fresh pages). */
void ptrmap_reserve(PtrMap *m, size_t n);
/* key's value slot, inserted (value NULL, *fresh true) when absent: one
   probe where a get and a put would take two. Valid until the next put. */
void **ptrmap_slot(PtrMap *m, const void *key, bool *fresh);

#endif
