/* The summary cache: what a package leaves its importers (export table,
   leak tags, inline bodies and costs, generic declarations), on disk
   (base/cache.h), so that a later run reads it instead of parsing,
   checking and analysing the package again.

   Key of a package: goescape's build, GOOS/GOARCH, build tags, the flags
   that change summaries, the package's paths, name and language version,
   its files (display name and contents), and its dependencies' keys, so an
   edit anywhere below a package changes its key. Root packages are always
   analysed (their messages are printed); their summaries are written too,
   for later runs that import them. A package whose files have //line
   directives (as the lexer found them) is never stored, only numbered for
   its importers' entries: it is analysed in every run. goescape's build is
   its GNU build-id note (read from memory), else its executable's bytes.

   Blob layout: magic "GSUM" + format version, the hash of each
   dependency's export table the entry was written against (an entry whose
   dependency's table is another one now is not used: keys do not cover the
   numbering of entities that references rely on: a package holding
   instances of generics numbers them in the order it makes them, which
   differs when its dependencies came from the cache rather than from
   source, so analysing it again rewrites its importers' entries too), the export table
   (types/export.h), then three length-prefixed sections: leak tags, inline
   summary, generic declarations (syntax trees + TypeInfo records). A blob
   that does not read back entirely is treated as a miss (the package is
   analysed from source and its entry rewritten).

   Threads: every function may run on any worker; a package's slot is
   written by one thread at a time, in the order the scheduler gives its
   steps (load_types then load_rest, maybe on two workers; store_begin on
   the idle thread, then store_end), and read by importers after the step
   they need (types for their own entries, everything once it finished). */
#ifndef GOESCAPE_CMD_SUMCACHE_H
#define GOESCAPE_CMD_SUMCACHE_H
#include "pipeline.h"
#include "escape/escape.h"
#include "inline/inline.h"

typedef struct SumCache SumCache;

/* NULL when the cache is off (GOESCAPE_CACHE=off, -cache=off, or no usable
   directory). flagsig: the flags that change summaries, in a fixed form. */
SumCache *sumcache_open(Pipeline *p, const char *flagsig);
/* Frees the readers and writers (after every summary read from the cache is
   no longer used) and trims the cache. */
void sumcache_close(SumCache *c);
/* sumcache_close's trimming, without freeing (the process exits). */
void sumcache_finish(SumCache *c);

/* Computes pp's key from its sources (read, not parsed) and its
   dependencies' keys; false when pp cannot be cached (a dependency could
   not be). Call once per package, in dependency order, before the others. */
bool sumcache_key(SumCache *c, PipePkg *pp);
/* Whether pp (keyed) has an entry in the store (cheap: the file exists;
   sumcache_load decides); no entry counts as a miss. For -p N, which reads
   entries only once the dependencies are finished but checks misses at
   once. */
bool sumcache_probe(SumCache *c, PipePkg *pp);
/* Reads pp's summary: on success pp->pkg is the imported package, *esc and
   *inl (initialised) are filled, and pp->files/info hold its generic
   declarations; false on a miss or a bad entry (pp is left as it was). */
bool sumcache_load(SumCache *c, PipePkg *pp, EscSummary *esc, InlSummary *inl);
/* sumcache_load in two steps, for -p N: importers' entries need only the
   types, so they may be read as soon as sumcache_load_types succeeds
   (false: a miss or a bad entry, pp left as it was); the rest (leak tags,
   inline summary, generic declarations; only packages analysed from
   source read them) follows with sumcache_load_rest. The entry passed its
   checksum in the first step: a second step that fails is goescape's
   fault, not the entry's (importers already read its types: the caller
   gives up, sumcache_forget deletes the entry). */
bool sumcache_load_types(SumCache *c, PipePkg *pp);
bool sumcache_load_rest(SumCache *c, PipePkg *pp, EscSummary *esc, InlSummary *inl);
/* sumcache_load_rest in two steps: the generic declarations, then (when an
   importer analysed from source first asks, if ever: most dependencies'
   are never asked for) the leak tags and the inline summary, once (the
   caller makes it so), on whichever thread asks; the entry stays mapped
   for the run, and the inline summary reads its bodies from it. */
bool sumcache_load_later(SumCache *c, PipePkg *pp);
bool sumcache_load_summaries(SumCache *c, PipePkg *pp, EscSummary *esc, InlSummary *inl);
void sumcache_forget(SumCache *c, PipePkg *pp);
/* After pp was analysed from source: writes its summary (a no-op when pp
   has no key). Must run while pp's trees and TypeInfo are alive. */
void sumcache_store(SumCache *c, PipePkg *pp, const EscSummary *esc, const InlSummary *inl);
/* sumcache_store in steps: the package's types and generic declarations
   (type-checked is enough: it may run while the package is lowered, on
   another thread; store_begin does it if not done), the inline summary
   (needs neither leak tags nor anything escape analysis changes: it may run
   meanwhile), then the leak tags, the table and the write. The same entry
   as sumcache_store's. */
void sumcache_store_types(SumCache *c, PipePkg *pp);
void sumcache_store_begin(SumCache *c, PipePkg *pp, const InlSummary *inl);
void sumcache_store_end(SumCache *c, PipePkg *pp, const EscSummary *esc);

/* -d=summaryreload (sequential runs only): after pp was analysed, printed
   and stored, replaces its package, summaries and generic declarations by
   those read back from its cache entry, so that every importer works from
   the cache's view: `goescape -m -d=summaryreload std` must print what
   `goescape -m std` prints. Returns 1 when the entry does not read back. */
int sumcache_reload(SumCache *c, PipePkg *pp, EscSummary *esc, InlSummary *inl);

/* Counters for -stats. */
typedef struct SumCacheStats {
    unsigned hits, misses, bad, stored, unstorable;
    unsigned corrupt;           /* entries the store found damaged (deleted; among misses) */
    double key_wall, read_wall, write_wall;     /* summed over threads */
} SumCacheStats;
void sumcache_stats(SumCache *c, SumCacheStats *out);
const char *sumcache_dir(const SumCache *c);

#endif
