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

/* Size and alignment together, in one walk of the type: asking for them
   separately made every nested struct's size recompute its fields'
   alignments and its last field's size again, at each level. */
static void layout(const Sizes *s, Type *t, int64_t *size, int64_t *align) {
    Type *u = type_under(t);
    int64_t sz;
    switch (u->kind) {
    case TY_ARRAY: {
        ArrayType *a = (ArrayType *)u;
        int64_t esize, ealign;
        layout(s, a->elem, &esize, &ealign);
        *align = ealign;
        if (a->len <= 0 || esize == 0) *size = 0;
        else if (esize < 0 || esize > INT64_MAX / a->len) *size = -1;
        else *size = esize * a->len;
        return;
    }
    case TY_STRUCT: {
        StructType *st = (StructType *)u;
        uint32_t n = st->fields.n;
        if (n == 0) {
            *size = 0;
            *align = is_atomic_align64(t) ? 8 : 1;
            return;
        }
        int64_t offs = 0, max = 1, last_off = 0, last_size = 0;
        for (uint32_t i = 0; i < n; i++) {
            int64_t fs, fa;
            layout(s, st->fields.v[i]->type, &fs, &fa);
            if (fa > max) max = fa;
            int64_t off = -1;
            if (offs >= 0) {
                off = offs = align_up(offs, fa);
                if (fs >= 0 && offs >= 0) offs = (int64_t)((uint64_t)offs + (uint64_t)fs);
                else offs = -1;
            }
            if (i == n - 1) {
                last_off = off;
                last_size = fs;
            }
        }
        *align = max;
        if (last_off < 0 || last_size < 0) {
            *size = -1;
            return;
        }
        /* A trailing zero-size field gets a byte, so a pointer to it never
           points past the object. */
        if (last_off > 0 && last_size == 0) last_size = 1;
        *size = align_up(last_off + last_size, max);
        return;
    }
    case TY_SLICE:
        *size = s->word_size * 3;
        *align = s->word_size;
        return;
    case TY_INTERFACE:
        *size = s->word_size * 2;
        *align = s->word_size;
        return;
    case TY_BASIC: {
        BasicType *b = (BasicType *)u;
        int64_t bs = basic_size(b->bkind);
        sz = bs ? bs : b->bkind == BK_STRING ? s->word_size * 2 : s->word_size;
        if (b->info & BINFO_STRING) {
            *size = sz;
            *align = s->word_size;
            return;
        }
        break;
    }
    default:
        sz = s->word_size;    /* pointers, maps, chans, funcs */
        break;
    }
    *size = sz;
    int64_t a = sz;
    if (a < 1) a = 1;
    else if (type_has_info(t, BINFO_COMPLEX)) a /= 2;    /* complex aligns as its parts */
    *align = a > s->max_align ? s->max_align : a;
}

int64_t type_alignof(const Sizes *s, Type *t) {
    int64_t size, align;
    layout(s, t, &size, &align);
    return align;
}

void type_offsetsof(const Sizes *s, StructType *st, int64_t *out) {
    int64_t offs = 0;
    for (uint32_t i = 0; i < st->fields.n; i++) {
        if (offs < 0) {
            out[i] = -1;
            continue;
        }
        int64_t d, a;
        layout(s, st->fields.v[i]->type, &d, &a);
        offs = align_up(offs, a);
        out[i] = offs;
        if (d >= 0 && offs >= 0) offs = (int64_t)((uint64_t)offs + (uint64_t)d);
        else offs = -1;
    }
}

int64_t type_offsetof_field(const Sizes *s, StructType *st, uint32_t index) {
    int64_t offs = 0;
    for (uint32_t i = 0; i < st->fields.n && i <= index; i++) {
        int64_t d, a;
        layout(s, st->fields.v[i]->type, &d, &a);
        offs = align_up(offs, a);
        if (i == index) return offs;
        if (d < 0 || offs < 0) return -1;
        offs = (int64_t)((uint64_t)offs + (uint64_t)d);
    }
    return 0;
}

int64_t type_sizeof(const Sizes *s, Type *t) {
    int64_t size, align;
    layout(s, t, &size, &align);
    return size;
}
