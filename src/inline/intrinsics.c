/* Calls the amd64 back end compiles as intrinsics (gc's ssagen intrinsic
   table for amd64, as its own test lists it) and calls the inliner's cost
   model treats as cheap. Both cost like a plain node. */
#include "inl_int.h"
#include <string.h>

typedef struct NameList {
    const char *pkg;
    const char *const *names;   /* NULL-terminated */
} NameList;

static const char *const rt_atomic[] = {
    "And", "And32", "And64", "And8", "Cas", "Cas64", "CasRel", "Casint32", "Casint64", "Casp1",
    "Casuintptr", "Load", "Load64", "Load8", "LoadAcq", "LoadAcq64", "LoadAcquintptr",
    "Loadint32", "Loadint64", "Loadp", "Loaduint", "Loaduintptr", "Or", "Or32", "Or64", "Or8",
    "Store", "Store64", "Store8", "StoreRel", "StoreRel64", "StoreReluintptr", "Storeint32",
    "Storeint64", "StorepNoWB", "Storeuintptr", "Xadd", "Xadd64", "Xaddint32", "Xaddint64",
    "Xadduintptr", "Xchg", "Xchg64", "Xchg8", "Xchgint32", "Xchgint64", "Xchguintptr", NULL,
};
static const char *const rt_maps[] = {
    "bitsetFirst", "bitsetRemoveBelow", "bitsetLowestSet", "bitsetShiftOutLowest",
    "ctrlGroupMatchH2", "ctrlGroupMatchEmpty", "ctrlGroupMatchEmptyOrDeleted",
    "ctrlGroupMatchFull", NULL,
};
static const char *const rt_math[] = {"Add64", "MulUintptr", NULL};
static const char *const rt_sys[] = {
    "Bswap32", "Bswap64", "GetCallerPC", "GetCallerSP", "GetClosurePtr", "Len64", "Len8",
    "OnesCount64", "Prefetch", "PrefetchStreamed", "TrailingZeros32", "TrailingZeros64",
    "TrailingZeros8", NULL,
};
static const char *const math_[] = {"Ceil", "FMA", "Floor", "RoundToEven", "Trunc", "sqrt", NULL};
static const char *const math_big[] = {"mulWW", NULL};
static const char *const math_bits[] = {
    "Add", "Add64", "Div", "Div64", "Len", "Len16", "Len32", "Len64", "Len8", "Mul", "Mul64",
    "OnesCount", "OnesCount16", "OnesCount32", "OnesCount64", "ReverseBytes32",
    "ReverseBytes64", "RotateLeft", "RotateLeft16", "RotateLeft32", "RotateLeft64",
    "RotateLeft8", "Sub", "Sub64", "TrailingZeros16", "TrailingZeros32", "TrailingZeros64",
    "TrailingZeros8", NULL,
};
static const char *const runtime_[] = {"KeepAlive", "slicebytetostringtmp", NULL};
static const char *const sync_atomic[] = {
    "AddInt32", "AddInt64", "AddUint32", "AddUint64", "AddUintptr", "AndInt32", "AndInt64",
    "AndUint32", "AndUint64", "AndUintptr", "CompareAndSwapInt32", "CompareAndSwapInt64",
    "CompareAndSwapUint32", "CompareAndSwapUint64", "CompareAndSwapUintptr", "LoadInt32",
    "LoadInt64", "LoadPointer", "LoadUint32", "LoadUint64", "LoadUintptr", "OrInt32",
    "OrInt64", "OrUint32", "OrUint64", "OrUintptr", "StoreInt32", "StoreInt64", "StoreUint32",
    "StoreUint64", "StoreUintptr", "SwapInt32", "SwapInt64", "SwapUint32", "SwapUint64",
    "SwapUintptr", NULL,
};
static const char *const constanttime[] = {"Select", "boolToUint8", NULL};

static const NameList intrinsics[] = {
    {"internal/runtime/atomic", rt_atomic},
    {"internal/runtime/maps", rt_maps},
    {"internal/runtime/math", rt_math},
    {"internal/runtime/sys", rt_sys},
    {"math", math_},
    {"math/big", math_big},
    {"math/bits", math_bits},
    {"runtime", runtime_},
    {"sync/atomic", sync_atomic},
    {"crypto/internal/constanttime", constanttime},
};

static bool in_list(const char *const *names, const char *name) {
    for (; *names; names++)
        if (strcmp(*names, name) == 0) return true;
    return false;
}

bool inl_is_intrinsic(const char *pkgpath, const char *symname, bool race) {
    if (!pkgpath || !symname) return false;
    if (race && strcmp(pkgpath, "sync/atomic") == 0) return false;
    for (size_t i = 0; i < sizeof intrinsics / sizeof *intrinsics; i++)
        /* asked for every call: most callers' packages differ at once */
        if (intrinsics[i].pkg[0] == pkgpath[0] && strcmp(intrinsics[i].pkg, pkgpath) == 0)
            return in_list(intrinsics[i].names, symname);
    return false;
}

/* Byte-order helpers amd64 merges into single loads and stores (gc treats
   calls of them as cheap, issue 42958). */
static const char *const binary_methods[] = {
    "littleEndian.Uint64", "littleEndian.Uint32", "littleEndian.Uint16",
    "bigEndian.Uint64", "bigEndian.Uint32", "bigEndian.Uint16",
    "littleEndian.PutUint64", "littleEndian.PutUint32", "littleEndian.PutUint16",
    "bigEndian.PutUint64", "bigEndian.PutUint32", "bigEndian.PutUint16",
    "littleEndian.AppendUint64", "littleEndian.AppendUint32", "littleEndian.AppendUint16",
    "bigEndian.AppendUint64", "bigEndian.AppendUint32", "bigEndian.AppendUint16", NULL,
};
static const char *const byteorder_funcs[] = {
    "LEUint64", "LEUint32", "LEUint16", "BEUint64", "BEUint32", "BEUint16",
    "LEPutUint64", "LEPutUint32", "LEPutUint16", "BEPutUint64", "BEPutUint32", "BEPutUint16",
    "LEAppendUint64", "LEAppendUint32", "LEAppendUint16",
    "BEAppendUint64", "BEAppendUint32", "BEAppendUint16", NULL,
};

bool inl_is_cheap_method(const char *pkgpath, const char *symname) {
    if (!pkgpath || !symname) return false;
    if (strcmp(pkgpath, "encoding/binary") == 0) return in_list(binary_methods, symname);
    if (strcmp(pkgpath, "runtime") == 0) return strcmp(symname, "heapBits.nextArena") == 0;
    return false;
}

bool inl_is_cheap_func(const char *pkgpath, const char *symname) {
    if (!pkgpath || !symname) return false;
    /* runtime.getg() is rewritten to OGETG by typecheck: a plain node */
    if (strcmp(pkgpath, "runtime") == 0) return strcmp(symname, "getg") == 0;
    if (strcmp(pkgpath, "internal/byteorder") == 0) return in_list(byteorder_funcs, symname);
    if (strcmp(pkgpath, "internal/abi") == 0)
        return strcmp(symname, "NoEscape") == 0 || strncmp(symname, "EscapeNonString", 15) == 0;
    return false;
}
