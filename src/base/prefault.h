/* First touches of fresh memory moved off the busy thread.

   A page of heap is zeroed and mapped by the kernel the first time it is
   written: ~2 us each here, a fifth of the time of a run that allocates
   tens of MB on one thread while another core idles. The busy thread
   reserves the stretch of its malloc heap its next allocations will come
   from (prefault_reserve: malloc then free, so the stretch is the heap's
   free top); an idle thread then faults those pages in
   (prefault_step: MADV_POPULATE_WRITE, which never changes contents,
   so the busy thread may already be using them). Without kernel support
   (before Linux 5.14) populating does nothing. */
#ifndef GOESCAPE_BASE_PREFAULT_H
#define GOESCAPE_BASE_PREFAULT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct PrefaultRange { uintptr_t lo, hi; } PrefaultRange;

/* The address range of n fresh bytes of the calling thread's heap (empty
   when n is 0 or malloc fails), with 2 MB pages asked for in its 2 MB-
   aligned part when the kernel has free 2 MB blocks to spare
   (/proc/buddyinfo, read once): a huge page is zeroed in one fault (the
   pages a run touches are the cost of its faults, of its TLB misses and of
   its exit, when the kernel frees them: ~8 ms for 80 MB of small pages
   here). Never when the kernel would have to compact memory first (stalls
   of 0.2 s were seen). */
PrefaultRange prefault_reserve(size_t n);
/* Faults in up to step bytes from the start of *r and removes them from
   it; false when nothing is left or the kernel refused (r is then
   emptied). */
bool prefault_step(PrefaultRange *r, size_t step);

#endif
