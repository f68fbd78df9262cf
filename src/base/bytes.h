/* Binary encoding for the on-disk summaries: a growable byte buffer to
   write varints, fixed-width words and length-prefixed strings, and a
   bounds-checked reader. A reader never reads past its end: a short or
   corrupt input sets `bad` and every later read returns zero, so decoders
   check `bad` once at the end instead of after every field. */
#ifndef GOESCAPE_BASE_BYTES_H
#define GOESCAPE_BASE_BYTES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ByteBuf { uint8_t *data; size_t len, cap; } ByteBuf;

void bb_put(ByteBuf *b, const void *p, size_t n);
void bb_u8(ByteBuf *b, uint8_t v);
void bb_u32(ByteBuf *b, uint32_t v);        /* little-endian, 4 bytes */
void bb_u64(ByteBuf *b, uint64_t v);        /* little-endian, 8 bytes */
void bb_uvar(ByteBuf *b, uint64_t v);       /* LEB128 */
void bb_svar(ByteBuf *b, int64_t v);        /* zig-zag, then LEB128 */
void bb_str(ByteBuf *b, const char *s, size_t n);   /* uvar length, bytes */
void bb_cstr(ByteBuf *b, const char *s);    /* NULL and "" differ: NULL is length 0 with a flag */
void bb_free(ByteBuf *b);

typedef struct ByteReader {
    const uint8_t *p, *end;
    bool bad;               /* read past the end or malformed varint */
} ByteReader;

void br_init(ByteReader *r, const void *data, size_t len);
uint8_t br_u8_slow(ByteReader *r);
/* The decoders' hot path (a byte, a one-byte varint) is inline. */
static inline uint8_t br_u8(ByteReader *r) {
    return r->p < r->end ? *r->p++ : br_u8_slow(r);
}
uint32_t br_u32(ByteReader *r);
uint64_t br_u64(ByteReader *r);
uint64_t br_uvar_slow(ByteReader *r);
static inline uint64_t br_uvar(ByteReader *r) {
    if (r->p < r->end && !(*r->p & 0x80)) return *r->p++;
    return br_uvar_slow(r);
}
int64_t br_svar(ByteReader *r);
/* A string written by bb_str: points into the input (not NUL-terminated);
   *n receives the length. NULL (and bad) when it does not fit. */
const uint8_t *br_bytes(ByteReader *r, size_t *n);
/* A string written by bb_cstr, copied NUL-terminated by the caller's
   allocator: returns a pointer into the input and its length, *isnull for
   NULL. */
const char *br_cstr(ByteReader *r, size_t *n, bool *isnull);
/* A uvar that must be < limit (a count or an index): bad otherwise. */
uint64_t br_index_slow(ByteReader *r, uint64_t limit);
static inline uint64_t br_index(ByteReader *r, uint64_t limit) {
    if (r->p < r->end && !(*r->p & 0x80) && *r->p < limit) return *r->p++;
    return br_index_slow(r, limit);
}

#endif
