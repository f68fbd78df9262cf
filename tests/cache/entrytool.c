/* entrytool: checks and forges summary-cache entries for tests/cache/cache.sh,
   independently of goescape's own reader (layout: src/base/cache.h).

   entrytool check FILE...   prints "bad FILE: why" for each file that is not
                             a complete, consistent entry (named <key>-s, or
                             <key>-s.tmp.* for a temporary); exit 1 if any
   entrytool reseal FILE     keeps the header's key but cuts the payload to
                             half its length and rewrites length and checksum:
                             the store accepts the entry, goescape's summary
                             reader must reject it (counted "bad")
   entrytool keyof FILE      prints the entry's key (32 hex digits)

   Build: cc -O1 -o entrytool entrytool.c -lxxhash */
#define XXH_INLINE_ALL
#include <xxhash.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR 48

static unsigned char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0;
    unsigned char *b = malloc(cap);
    size_t r;
    while ((r = fread(b + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap) b = realloc(b, cap *= 2);
    }
    fclose(f);
    *n = len;
    return b;
}

static uint64_t le(const unsigned char *p, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

static void put_le(unsigned char *p, uint64_t v, int n) {
    for (int i = 0; i < n; i++, v >>= 8) p[i] = (unsigned char)v;
}

static const char *why_bad(const char *path, const unsigned char *b, size_t n) {
    if (n < HDR) return "shorter than the header";
    if (memcmp(b, "goescCE\n", 8) != 0) return "magic";
    if (le(b + 8, 4) != 1) return "format version";
    if (le(b + 12, 4) != 0) return "reserved field";
    /* the file name is <32 hex digits of the key>-s */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char hex[33];
    for (int i = 0; i < 16; i++) snprintf(hex + 2 * i, 3, "%02x", b[16 + i]);
    if (strncmp(base, hex, 32) != 0 || (strcmp(base + 32, "-s") != 0 && strncmp(base + 32, "-s.tmp.", 7) != 0))
        return "key does not match the file name";
    uint64_t len = le(b + 32, 8);
    if (len != n - HDR) return "payload length";
    if (XXH3_64bits(b + HDR, len) != le(b + 40, 8)) return "checksum";
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fputs("usage: entrytool check FILE... | reseal FILE | keyof FILE\n", stderr);
        return 2;
    }
    if (strcmp(argv[1], "check") == 0) {
        int st = 0;
        for (int i = 2; i < argc; i++) {
            size_t n;
            unsigned char *b = slurp(argv[i], &n);
            const char *why = b ? why_bad(argv[i], b, n) : "unreadable";
            if (why) {
                printf("bad %s: %s\n", argv[i], why);
                st = 1;
            }
            free(b);
        }
        return st;
    }
    size_t n;
    unsigned char *b = slurp(argv[2], &n);
    const char *why = b ? why_bad(argv[2], b, n) : "unreadable";
    if (why) {
        fprintf(stderr, "entrytool: %s: %s\n", argv[2], why);
        return 1;
    }
    if (strcmp(argv[1], "keyof") == 0) {
        for (int i = 0; i < 16; i++) printf("%02x", b[16 + i]);
        putchar('\n');
        return 0;
    }
    if (strcmp(argv[1], "reseal") == 0) {
        uint64_t len = (n - HDR) / 2;
        put_le(b + 32, len, 8);
        put_le(b + 40, XXH3_64bits(b + HDR, len), 8);
        FILE *f = fopen(argv[2], "wb");
        if (!f || fwrite(b, 1, HDR + len, f) != HDR + len || fclose(f) != 0) {
            fprintf(stderr, "entrytool: cannot write %s\n", argv[2]);
            return 1;
        }
        return 0;
    }
    fprintf(stderr, "entrytool: unknown command %s\n", argv[1]);
    return 2;
}
