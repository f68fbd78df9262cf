#include "prefault.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

enum { PAGE = 4096 };
#define HUGE_PAGE ((uintptr_t)2 << 20)
/* Free 2 MB blocks the kernel must have for us to ask for some: many more
   than one run uses, so that none needs compacting. */
enum { SPARE_HUGE = 512 };

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

/* The free blocks of 2 MB or more in /proc/buddyinfo, in 2 MB units
   (lines "Node 0, zone Normal c0 c1 ... c10": c_k blocks of 2^k pages). */
static unsigned long free_huge(void) {
    FILE *f = fopen("/proc/buddyinfo", "re");
    if (!f) return 0;
    unsigned long total = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        const char *z = strstr(line, "zone");
        if (!z) continue;
        z += 4;
        while (*z == ' ') z++;
        while (*z && *z != ' ') z++;      /* the zone's name */
        char *end;
        for (int order = 0;; order++) {
            unsigned long n = strtoul(z, &end, 10);
            if (end == z) break;
            z = end;
            if (order >= 9) total += n << (order - 9);
        }
    }
    free(line);
    fclose(f);
    return total;
}

static pthread_once_t huge_once = PTHREAD_ONCE_INIT;
static bool huge_spare;

static void check_huge(void) { huge_spare = free_huge() >= SPARE_HUGE; }

static void ask_huge(const PrefaultRange *r) {
    uintptr_t lo = (r->lo + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1), hi = r->hi & ~(HUGE_PAGE - 1);
    if (lo >= hi) return;
    pthread_once(&huge_once, check_huge);
    if (huge_spare) madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
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
    ask_huge(&r);
    return r;
}
