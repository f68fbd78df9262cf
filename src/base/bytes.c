/* Binary encoding for the on-disk summaries (see bytes.h). */
#include "bytes.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static void grow(ByteBuf *b, size_t n) {
    if (b->cap - b->len >= n) return;
    size_t c = b->cap ? b->cap : 256;
    while (c - b->len < n) c *= 2;
    b->data = xrealloc(b->data, c);
    b->cap = c;
}

void bb_put(ByteBuf *b, const void *p, size_t n) {
    if (!n) return;
    grow(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void bb_u8(ByteBuf *b, uint8_t v) {
    grow(b, 1);
    b->data[b->len++] = v;
}

void bb_u32(ByteBuf *b, uint32_t v) {
    uint8_t t[4];
    for (int i = 0; i < 4; i++) t[i] = (uint8_t)(v >> (8 * i));
    bb_put(b, t, 4);
}

void bb_u64(ByteBuf *b, uint64_t v) {
    uint8_t t[8];
    for (int i = 0; i < 8; i++) t[i] = (uint8_t)(v >> (8 * i));
    bb_put(b, t, 8);
}

void bb_uvar(ByteBuf *b, uint64_t v) {
    grow(b, 10);
    while (v >= 0x80) {
        b->data[b->len++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    b->data[b->len++] = (uint8_t)v;
}

void bb_svar(ByteBuf *b, int64_t v) {
    bb_uvar(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void bb_str(ByteBuf *b, const char *s, size_t n) {
    bb_uvar(b, n);
    bb_put(b, s, n);
}

/* NULL is written as 0, a string of length n as n+1. */
void bb_cstr(ByteBuf *b, const char *s) {
    if (!s) {
        bb_uvar(b, 0);
        return;
    }
    size_t n = strlen(s);
    bb_uvar(b, n + 1);
    bb_put(b, s, n);
}

void bb_free(ByteBuf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void br_init(ByteReader *r, const void *data, size_t len) {
    r->p = data;
    r->end = len ? r->p + len : r->p;   /* NULL + 0 is undefined in C */
    r->bad = false;
}

static bool need(ByteReader *r, size_t n) {
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = true;
        r->p = r->end;
        return false;
    }
    return true;
}

uint8_t br_u8_slow(ByteReader *r) {
    if (!need(r, 1)) return 0;
    return *r->p++;
}

uint32_t br_u32(ByteReader *r) {
    if (!need(r, 4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)r->p[i] << (8 * i);
    r->p += 4;
    return v;
}

uint64_t br_u64(ByteReader *r) {
    if (!need(r, 8)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    return v;
}

uint64_t br_uvar_slow(ByteReader *r) {
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (!need(r, 1)) return 0;
        uint8_t c = *r->p++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return v;
    }
    r->bad = true;
    r->p = r->end;
    return 0;
}

int64_t br_svar(ByteReader *r) {
    uint64_t u = br_uvar(r);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

const uint8_t *br_bytes(ByteReader *r, size_t *n) {
    uint64_t len = br_uvar(r);
    *n = 0;
    if (r->bad || !need(r, (size_t)len)) return NULL;
    const uint8_t *s = r->p;
    r->p += len;
    *n = (size_t)len;
    return s;
}

const char *br_cstr(ByteReader *r, size_t *n, bool *isnull) {
    uint64_t len = br_uvar(r);
    *n = 0;
    *isnull = len == 0;
    if (r->bad || len == 0) return NULL;
    len--;
    if (!need(r, (size_t)len)) return NULL;
    const char *s = (const char *)r->p;
    r->p += len;
    *n = (size_t)len;
    return s;
}

uint64_t br_index_slow(ByteReader *r, uint64_t limit) {
    uint64_t v = br_uvar(r);
    if (v >= limit) {
        r->bad = true;
        r->p = r->end;
        return 0;
    }
    return v;
}
