/* go.mod and vendor/modules.txt parsing. */
#ifndef GOESCAPE_LOAD_GOMOD_H
#define GOESCAPE_LOAD_GOMOD_H
#include "base/arena.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct ModRequire { const char *path, *version; } ModRequire;
typedef struct ModReplace {
    const char *old_path, *old_version;   /* old_version NULL: all versions */
    const char *new_path, *new_version;   /* new_version NULL: new_path is a directory */
} ModReplace;

typedef struct GoMod {
    const char *path;           /* module path */
    const char *go;             /* "go" line or NULL */
    const char *toolchain;
    ModRequire *requires;
    size_t nrequires;
    ModReplace *replaces;
    size_t nreplaces;
    const char **ignores;       /* "ignore" directories */
    size_t nignores;
} GoMod;

/* Parses a go.mod; strings live in a. On error returns false and sets *err
   to a malloc'd "FILENAME:LINE: message". */
bool gomod_parse(Arena *a, const char *filename, const char *src, size_t n, GoMod *out, char **err);

typedef struct VendorModule { const char *path, *version, *go; } VendorModule;
typedef struct VendorInfo { VendorModule *mods; size_t nmods; } VendorInfo;
/* Reads the "# module version" and "## explicit; go 1.N" lines. */
void vendor_modules_parse(Arena *a, const char *src, size_t n, VendorInfo *out);

/* Whether v looks like a Go version "1.N[.P]" with an optional pre-release. */
bool gomod_valid_go_version(const char *v);



/* Compares Go versions "1.N[.P]" numerically: <0, 0, >0. */
int load_gover_cmp(const char *a, const char *b);
#endif
