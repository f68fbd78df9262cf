#include "hash.h"
#include "file.h"
#include "util.h"
#include <elf.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

_Static_assert(sizeof(XXH128_canonical_t) == CACHE_KEY_SIZE, "key size");

void key_begin(KeyBuilder *kb) {
    kb->st = XXH3_createState();
    if (!kb->st) fatal("out of memory (hash state)");
    XXH3_128bits_reset(kb->st);
}
void key_add_bytes(KeyBuilder *kb, const void *p, size_t n) {
    if (n) XXH3_128bits_update(kb->st, p, n);
}
void key_add_u64(KeyBuilder *kb, uint64_t v) {
    uint8_t b[8];
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)(v >> (8 * i));
    XXH3_128bits_update(kb->st, b, sizeof b);
}
void key_add_str(KeyBuilder *kb, const char *s, size_t n) {
    key_add_u64(kb, n);
    key_add_bytes(kb, s, n);
}
void key_add_cstr(KeyBuilder *kb, const char *s) { key_add_str(kb, s ? s : "", s ? strlen(s) : 0); }
void key_add_key(KeyBuilder *kb, const CacheKey *k) { XXH3_128bits_update(kb->st, k->b, sizeof k->b); }

static CacheKey key_from_hash(XXH128_hash_t h) {
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    CacheKey k;
    memcpy(k.b, c.digest, sizeof k.b);
    return k;
}
CacheKey key_finish(KeyBuilder *kb) {
    CacheKey k = key_from_hash(XXH3_128bits_digest(kb->st));
    key_abandon(kb);
    return k;
}
void key_abandon(KeyBuilder *kb) {
    XXH3_freeState(kb->st);
    kb->st = NULL;
}

CacheKey key_of_bytes(const void *p, size_t n) { return key_from_hash(XXH3_128bits(p, n)); }
uint64_t hash64(const void *p, size_t n) { return XXH3_64bits(p, n); }

void key_hex(const CacheKey *k, char *out) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < CACHE_KEY_SIZE; i++) {
        out[2 * i] = digits[k->b[i] >> 4];
        out[2 * i + 1] = digits[k->b[i] & 15];
    }
    out[CACHE_KEY_HEX] = 0;
}
static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
bool key_from_hex(const char *s, CacheKey *k) {
    for (int i = 0; i < CACHE_KEY_SIZE; i++) {
        int hi = hexval(s[2 * i]), lo = hi < 0 ? -1 : hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        k->b[i] = (uint8_t)(hi << 4 | lo);
    }
    return s[CACHE_KEY_HEX] == 0;
}

/* The running executable's identity: any rebuild of goescape changes the
   formats' meaning (the universe's numbering, node kinds), so it changes
   every key. The linker's GNU build-id note (a hash of the whole output)
   is read from the loaded image, without reading the file; without one,
   the executable's contents are hashed. */
typedef struct BuildId { const uint8_t *p; size_t n; } BuildId;

static int find_build_id(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    BuildId *id = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE) continue;
        const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
        while ((size_t)(end - p) >= sizeof(ElfW(Nhdr))) {
            const ElfW(Nhdr) *nh = (const void *)p;
            size_t name = (nh->n_namesz + 3) & ~(size_t)3, desc = (nh->n_descsz + 3) & ~(size_t)3;
            const uint8_t *d = p + sizeof *nh + name;
            if ((size_t)(end - p) < sizeof *nh + name + desc) break;
            if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(p + sizeof *nh, "GNU", 4) == 0 &&
                nh->n_descsz >= 8) {
                id->p = d;
                id->n = nh->n_descsz;
                return 1;
            }
            p = d + desc;
        }
    }
    return 1;   /* the first object is the executable: stop */
}

void key_add_build_id(KeyBuilder *kb) {
    BuildId id = {0};
    dl_iterate_phdr(find_build_id, &id);
    if (id.p) {
        key_add_cstr(kb, "build-id");
        key_add_bytes(kb, id.p, id.n);
        return;
    }
    size_t n = 0;
    char *err = NULL;
    char *exe = read_file("/proc/self/exe", &n, &err);
    if (exe) key_add_bytes(kb, exe, n);
    else key_add_cstr(kb, "unidentified build");
    free(exe);
    free(err);
}
