#include "prefault.h"
#include <stdlib.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

enum { PAGE = 4096 };

bool prefault_step(PrefaultRange *r, size_t step) {
    if (r->lo >= r->hi) return false;
    size_t n = r->hi - r->lo;
    if (n > step) n = step & ~(size_t)(PAGE - 1);
    if (!n) n = PAGE;
    if (madvise((void *)r->lo, n, MADV_POPULATE_WRITE) != 0) {
        r->lo = r->hi = 0;
        return false;
    }
    r->lo += n;
    return true;
}

PrefaultRange prefault_reserve(size_t n) {
    PrefaultRange r = {0, 0};
    if (!n) return r;
    void *p = malloc(n);
    if (!p) return r;
    /* only the addresses are kept: nothing is read or written through them */
    uintptr_t lo = (uintptr_t)p;
    free(p);
    r.lo = (lo + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    r.hi = (lo + n) & ~(uintptr_t)(PAGE - 1);
    if (r.hi < r.lo) r.hi = r.lo;
    return r;
}
