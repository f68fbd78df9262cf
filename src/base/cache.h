/* The on-disk summary cache: one file per key, like the go command's
   GOCACHE. It stores opaque byte strings under CacheKeys (hash.h) and knows
   nothing of what they mean.

   Location: $GOESCAPE_CACHE if set and non-empty ("off" disables the cache),
   else $XDG_CACHE_HOME/goescape (if absolute), else $HOME/.cache/goescape;
   created on demand (mkdir -p, mode 0777 & umask). Any failure turns the
   cache off or makes it skip a write, with at most one note on stderr per
   Cache: goescape works the same without it, only slower.

   Entries: DIR/ab/<32 hex digits>-s, fanned out by the first two digits.
   Format (little-endian):
       0  8  magic "goescCE\n"
       8  4  format version (CACHE_FORMAT_VERSION)
      12  4  zero (reserved)
      16 16  the key, echoed
      32  8  payload length
      40  8  XXH3-64 of the payload
      48     payload
   An entry is returned only when all of it matches and the file is exactly
   48 + length bytes; anything else is deleted and counted as corrupt and a
   miss, so the caller rebuilds it.

   Writes go to a mkstemp temporary in the entry's directory
   (<hex>-s.tmp.XXXXXX), then rename() over the final name: after a crash at
   any point the final name holds the old entry or none, never a partial one.
   Processes writing the same key race harmlessly (the content is the same;
   the last rename wins). There is no fsync: after a power loss the checksum
   catches a truncated entry.

   Size cap: GOESCAPE_CACHE_MAX (bytes, or with a K/M/G/T suffix, powers of
   1024), default 1 GiB. A hit refreshes the entry's mtime, at most once an
   hour per entry. Trimming deletes the least recently used entries (oldest
   mtime) until the cache is under 80% of the cap, and temporaries older than
   30 minutes (left by killed writers); it never touches younger temporaries
   or files it does not recognise. DIR/trim.txt records the last scan's time
   and size, so cache_trim scans at most every 10 minutes unless this
   process's own writes may have crossed the cap.

   Thread safety: cache_get, cache_put, cache_trim and cache_stats may be
   called from several threads at once on one Cache; cache_open and
   cache_close may not race with anything on the same Cache.

   Test hook: GOESCAPE_CACHE_TEST_KILL=K[:N] (read by cache_open) makes the
   K-th cache_put of that Cache (counting from 1) write only the first N
   bytes of the entry (header included; default: half of it) to its
   temporary file and then send SIGKILL to its own process, before the
   rename. N >= the entry's size writes the whole temporary and dies just
   before the rename. */
#ifndef GOESCAPE_BASE_CACHE_H
#define GOESCAPE_BASE_CACHE_H
#include "hash.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CACHE_FORMAT_VERSION 1
#define CACHE_HEADER_SIZE 48
#define CACHE_DEFAULT_MAX (UINT64_C(1) << 30)

typedef struct Cache Cache;

typedef struct CacheStats {
    uint64_t hits, misses;      /* gets (corrupt entries count as misses too) */
    uint64_t corrupt;           /* entries found bad and deleted */
    uint64_t writes;            /* entries written (renamed into place) */
    uint64_t write_errors;      /* puts that failed */
    uint64_t bytes_read;        /* payload bytes returned by hits */
    uint64_t bytes_written;     /* entry bytes (header included) written */
    uint64_t trims, trimmed;    /* directory scans; entries they deleted */
} CacheStats;

/* Opens the cache in dir, or where the environment says when dir is NULL
   (see above). Returns NULL when the cache is off ("off", no location, or the
   directory cannot be created); every function below accepts NULL and then
   does nothing (gets miss, puts fail). */
Cache *cache_open(const char *dir);
/* A separate store in the subdirectory name of the cache's location, for
   another kind of entry (the main store's trimming never looks inside it):
   trimmed on its own, silent (the main store notes any trouble), without
   the kill hook. */
Cache *cache_open_part(const char *name);
/* Trims if due (cache_trim) when this Cache wrote anything, then frees it. */
void cache_close(Cache *c);
/* cache_close's trimming alone, for a process that exits without freeing. */
void cache_finish(Cache *c);
const char *cache_dir(const Cache *c);          /* the directory, NULL for NULL */

/* On a hit, *data receives the payload in a malloc'd buffer (read fully,
   not mapped) followed by 8 zero bytes not counted in *len; the caller frees
   it with free(). On a miss *data = NULL, *len = 0. */
bool cache_get(Cache *c, const CacheKey *key, void **data, size_t *len);
/* As cache_get, but the payload is mapped read-only from the entry's file
   when it can be (the 8 bytes after it then are the zeros past the end of
   the file), else read as cache_get does; either way data[len..len+7] are
   zero. Entries are replaced by rename and deleted by unlink, never
   rewritten in place, so a mapping stays valid. Release with
   cache_blob_free. */
typedef struct CacheBlob {
    const uint8_t *data;
    size_t len;
    void *map;          /* the mapping (NULL when read) */
    size_t maplen;
    void *owned;        /* the malloc'd buffer (NULL when mapped) */
} CacheBlob;
bool cache_map(Cache *c, const CacheKey *key, CacheBlob *out);
void cache_blob_free(CacheBlob *b);     /* a zeroed blob is fine */
/* Stores len bytes under key, replacing any entry. False when the write
   failed (the first failure is noted on stderr and turns writes off for this
   Cache, as a full or read-only disk would fail again). */
bool cache_put(Cache *c, const CacheKey *key, const void *data, size_t len);

/* Scans and trims when due: DIR/trim.txt is missing or older than 10
   minutes, or its recorded size plus this Cache's writes exceeds the cap. */
void cache_trim(Cache *c);
/* Scans and trims now (for tests and a future `goescape clean`). */
void cache_trim_now(Cache *c);

void cache_stats(const Cache *c, CacheStats *out);  /* zeros for NULL */
uint64_t cache_max_size(const Cache *c);

/* Parses a GOESCAPE_CACHE_MAX value: decimal bytes with an optional K, M, G
   or T suffix (either case, optionally followed by "B" or "iB"), at least 1. */
bool cache_parse_size(const char *s, uint64_t *out);

/* The path of key's entry (malloc'd), for tests and messages. */
char *cache_entry_path(const Cache *c, const CacheKey *key);

#endif
