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
   when n is 0 or malloc fails). Small pages only: 2 MB pages (madvise)
   halved the faults of an edit but, run after a big build, made the
   kernel spend up to 0.2 s finding and zeroing them (docs/performance.md). */
PrefaultRange prefault_reserve(size_t n);
/* Faults in up to step bytes from the start of *r and removes them from
   it; false when nothing is left or the kernel refused (r is then
   emptied). */
bool prefault_step(PrefaultRange *r, size_t step);

#endif
