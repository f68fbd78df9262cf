/* Sizes, alignments and field offsets exactly as gc lays types out
   (go/types' gcSizes, which mirrors cmd/compile's types.CalcSize). */
#include "types.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

static const struct { const char *arch; int64_t word, max_align; } arch_sizes[] = {
    {"386", 4, 4}, {"amd64", 8, 8}, {"amd64p32", 4, 8}, {"arm", 4, 4}, {"arm64", 8, 8},
    {"loong64", 8, 8}, {"mips", 4, 4}, {"mipsle", 4, 4}, {"mips64", 8, 8}, {"mips64le", 8, 8},
    {"ppc64", 8, 8}, {"ppc64le", 8, 8}, {"riscv64", 8, 8}, {"s390x", 8, 8}, {"sparc64", 8, 8},
    {"wasm", 8, 8},
};

bool sizes_for_arch(const char *goarch, Sizes *out) {
    for (size_t i = 0; i < sizeof arch_sizes / sizeof *arch_sizes; i++)
        if (strcmp(arch_sizes[i].arch, goarch) == 0) {
            out->word_size = arch_sizes[i].word;
            out->max_align = arch_sizes[i].max_align;
            return true;
        }
    return false;
}

static int64_t basic_size(int k) {
    switch (k) {
    case BK_BOOL: case BK_INT8: case BK_UINT8: return 1;
    case BK_INT16: case BK_UINT16: return 2;
    case BK_INT32: case BK_UINT32: case BK_FLOAT32: return 4;
    case BK_INT64: case BK_UINT64: case BK_FLOAT64: case BK_COMPLEX64: return 8;
    case BK_COMPLEX128: return 16;
    default: return 0;
    }
}

/* Rounds x up to a multiple of a (a power of two); may overflow to < 0,
   which callers treat as "too large". */
static int64_t align_up(int64_t x, int64_t a) {
    return (int64_t)(((uint64_t)x + (uint64_t)a - 1) & ~((uint64_t)a - 1));
}

/* sync/atomic's and internal/runtime/atomic's align64 marker: its holders
   are 8-byte aligned even on 32-bit systems. */
static bool is_atomic_align64(Type *t) {
    t = type_unalias(t);
    if (t->kind != TY_NAMED) return false;
    const Object *o = ((NamedType *)t)->obj;
    return o && strcmp(o->name, "align64") == 0 && o->pkg && o->pkg->path &&
           (strcmp(o->pkg->path, "sync/atomic") == 0 || strcmp(o->pkg->path, "internal/runtime/atomic") == 0);
}

int64_t type_alignof(const Sizes *s, Type *t) {
    Type *u = type_under(t);
    switch (u->kind) {
    case TY_ARRAY: return type_alignof(s, ((ArrayType *)u)->elem);
    case TY_STRUCT: {
        StructType *st = (StructType *)u;
        if (st->fields.n == 0 && is_atomic_align64(t)) return 8;
        int64_t max = 1;
        for (uint32_t i = 0; i < st->fields.n; i++) {
            int64_t a = type_alignof(s, st->fields.v[i]->type);
            if (a > max) max = a;
        }
        return max;
    }
    case TY_SLICE: case TY_INTERFACE: return s->word_size;
    case TY_BASIC:
        if (((BasicType *)u)->info & BINFO_STRING) return s->word_size;
        break;
    default: break;
    }
    int64_t a = type_sizeof(s, t);
    if (a < 1) return 1;
    if (type_has_info(t, BINFO_COMPLEX)) a /= 2;    /* complex aligns as its parts */
    return a > s->max_align ? s->max_align : a;
}

void type_offsetsof(const Sizes *s, StructType *st, int64_t *out) {
    int64_t offs = 0;
    for (uint32_t i = 0; i < st->fields.n; i++) {
        if (offs < 0) {
            out[i] = -1;
            continue;
        }
        Type *ft = st->fields.v[i]->type;
        offs = align_up(offs, type_alignof(s, ft));
        out[i] = offs;
        int64_t d = type_sizeof(s, ft);
        if (d >= 0 && offs >= 0) offs = (int64_t)((uint64_t)offs + (uint64_t)d);
        else offs = -1;
    }
}

static int64_t struct_size(const Sizes *s, Type *t, StructType *st) {
    uint32_t n = st->fields.n;
    if (n == 0) return 0;
    int64_t small[16], *offsets = n <= 16 ? small : xmalloc(n * sizeof *offsets);
    type_offsetsof(s, st, offsets);
    int64_t offs = offsets[n - 1];
    if (offsets != small) free(offsets);
    int64_t size = type_sizeof(s, st->fields.v[n - 1]->type);
    if (offs < 0 || size < 0) return -1;
    /* A trailing zero-size field gets a byte, so a pointer to it never
       points past the object. */
    if (offs > 0 && size == 0) size = 1;
    return align_up(offs + size, type_alignof(s, t));
}

int64_t type_sizeof(const Sizes *s, Type *t) {
    Type *u = type_under(t);
    switch (u->kind) {
    case TY_BASIC: {
        int k = ((BasicType *)u)->bkind;
        int64_t b = basic_size(k);
        if (b) return b;
        if (k == BK_STRING) return s->word_size * 2;
        break;
    }
    case TY_ARRAY: {
        ArrayType *a = (ArrayType *)u;
        if (a->len <= 0) return 0;
        int64_t esize = type_sizeof(s, a->elem);
        if (esize < 0) return -1;
        if (esize == 0) return 0;
        if (esize > INT64_MAX / a->len) return -1;
        return esize * a->len;
    }
    case TY_SLICE: return s->word_size * 3;
    case TY_STRUCT: return struct_size(s, t, (StructType *)u);
    case TY_INTERFACE: return s->word_size * 2;
    default: break;
    }
    return s->word_size;    /* pointers, maps, chans, funcs, int, uint, uintptr */
}
