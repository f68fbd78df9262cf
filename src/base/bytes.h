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
/* The decoders' hot paths (a byte, one- and two-byte varints) are inline. */
static inline uint8_t br_u8(ByteReader *r) {
    return r->p < r->end ? *r->p++ : br_u8_slow(r);
}
uint32_t br_u32(ByteReader *r);
uint64_t br_u64(ByteReader *r);
uint64_t br_uvar_slow(ByteReader *r);
static inline uint64_t br_uvar(ByteReader *r) {
    const uint8_t *p = r->p;
    if (r->end - p >= 2) {
        if (!(p[0] & 0x80)) {
            r->p = p + 1;
            return p[0];
        }
        if (!(p[1] & 0x80)) {
            r->p = p + 2;
            return (uint64_t)(p[0] & 0x7f) | (uint64_t)p[1] << 7;
        }
    }
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
    const uint8_t *p = r->p;
    if (r->end - p >= 2) {
        uint64_t v = limit;
        size_t n = 0;
        if (!(p[0] & 0x80)) v = p[0], n = 1;
        else if (!(p[1] & 0x80)) v = (uint64_t)(p[0] & 0x7f) | (uint64_t)p[1] << 7, n = 2;
        if (v < limit) {
            r->p = p + n;
            return v;
        }
    }
    return br_index_slow(r, limit);
}

#endif
