/* Content hashes for the summary cache's keys: XXH3-128 (Debian's
   libxxhash), built incrementally from the parts that decide a package's
   summary (file contents, dependencies' keys, GOOS/GOARCH, tags, flags, the
   goescape version). Not cryptographic: the cache guards against accidents,
   not against someone who can write to it. */
#ifndef GOESCAPE_BASE_HASH_H
#define GOESCAPE_BASE_HASH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CACHE_KEY_SIZE 16                   /* bytes: 128 bits */
#define CACHE_KEY_HEX (2 * CACHE_KEY_SIZE)  /* hex digits, without the NUL */

/* A 128-bit key, in XXH3's canonical (big-endian) byte order, so its hex
   form is the usual one. Plain value: copy and compare with memcmp. */
typedef struct CacheKey { uint8_t b[CACHE_KEY_SIZE]; } CacheKey;

/* Builds one key. The state lives on the heap (XXH3 wants it 64-byte
   aligned), so every key_begin must be paired with key_finish (or
   key_abandon). A builder is used by one thread at a time; separate builders
   are independent. The add functions frame their input (length prefixes,
   fixed widths), so distinct sequences of calls give distinct byte streams,
   except key_add_bytes, which appends raw bytes. */
typedef struct KeyBuilder { struct XXH3_state_s *st; } KeyBuilder;

void key_begin(KeyBuilder *kb);
void key_add_bytes(KeyBuilder *kb, const void *p, size_t n);   /* raw, unframed */
void key_add_u64(KeyBuilder *kb, uint64_t v);                  /* 8 bytes, little-endian */
void key_add_str(KeyBuilder *kb, const char *s, size_t n);     /* u64 length, then bytes */
void key_add_cstr(KeyBuilder *kb, const char *s);              /* key_add_str(s, strlen(s)); NULL as "" */
void key_add_key(KeyBuilder *kb, const CacheKey *k);           /* 16 bytes */
CacheKey key_finish(KeyBuilder *kb);                           /* frees the state */
void key_abandon(KeyBuilder *kb);                              /* frees without a result */

/* The running executable's identity (its GNU build-id, else its contents):
   any rebuild of goescape changes what cached data means. */
void key_add_build_id(KeyBuilder *kb);
/* One-shot key of a byte string (e.g. a file's contents). */
CacheKey key_of_bytes(const void *p, size_t n);
/* XXH3-64 of a byte string (the cache's payload checksum). */
uint64_t hash64(const void *p, size_t n);

static inline bool key_equal(const CacheKey *a, const CacheKey *b) {
    for (int i = 0; i < CACHE_KEY_SIZE; i++)
        if (a->b[i] != b->b[i]) return false;
    return true;
}
/* Lower-case hex into out[CACHE_KEY_HEX + 1], NUL-terminated. */
void key_hex(const CacheKey *k, char *out);
/* Parses exactly CACHE_KEY_HEX hex digits (either case); false otherwise. */
bool key_from_hex(const char *s, CacheKey *k);

#endif
