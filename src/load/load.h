/* load: which Go packages, which files. Finds GOROOT, reads go.mod, expands
   package patterns and selects each package's files exactly as `go list`
   does for one GOOS/GOARCH/tags/cgo configuration, then resolves imports
   into a dependency graph.

   Files that import "C" are dropped when cgo is disabled (the default), as
   with CGO_ENABLED=0: goescape never runs cgo, so such files could not be
   analyzed anyway. */
#ifndef GOESCAPE_LOAD_LOAD_H
#define GOESCAPE_LOAD_LOAD_H
#include "base/hash.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct LoadConfig {
    const char *goos, *goarch;  /* NULL: $GOOS/$GOARCH, else linux/amd64 */
    const char **tags;          /* extra build tags, as -tags=a,b */
    size_t ntags;
    bool cgo_enabled;           /* false: files importing "C" are excluded */
    const char *dir;            /* working directory; NULL means "." */
    bool file_index;            /* read whole files (Package.go_file_texts, go_file_keys) and keep
                                   the directory index in the goescape cache (dirindex.c) */
} LoadConfig;

typedef struct Package Package;
struct Package {
    const char *import_path;    /* "command-line-arguments" for a file list */
    const char *dir;            /* absolute directory */
    const char *name;           /* package clause; NULL if only test files */
    bool goroot;                /* in GOROOT (std or cmd) */
    bool is_std;                /* in the standard library (not cmd) */
    const char **go_files;      /* dir-joined paths, sorted like go list GoFiles */
    size_t ngo_files;
    CacheKey *go_file_keys;     /* with LoadConfig.file_index: XXH3-128 of each go_files[i]; else NULL */
    char **go_file_texts;       /* contents the scan read (read_file's READ_PAD zeros after them;
                                   whoever takes one sets it NULL); NULL when none were read */
    size_t *go_file_lens;       /* their sizes (known with go_file_keys) */
    const char **cgo_files;     /* files importing "C" (only when cgo_enabled), like CgoFiles */
    size_t ncgo_files;
    const char **imports;       /* of go_files and cgo_files: sorted, unique, as written; never "C" */
    size_t nimports;
    Package **deps;             /* set by loader_deps: deps[i] resolves imports[i] for i < nimports
                                   (vendoring applied); then the imports the go command adds itself:
                                   "simd/internal/bridge" for importers of simd on amd64/arm64/wasm,
                                   "unsafe", "runtime/cgo", "syscall" for cgo packages,
                                   "runtime" for main packages (and "math" on arm) */
    size_t ndeps;
    const char *go_version;     /* "go" line of its module's go.mod, e.g. "1.22"; never NULL */
    const char *module;         /* module path; NULL in GOPATH mode */
    struct PackageInternal *in; /* loader-private */
};

typedef struct Loader Loader;

/* Returns NULL with one error line on stderr when no usable GOROOT exists,
   GOOS/GOARCH is unknown, or the main module's go.mod is malformed
   ("/abs/go.mod:3: unknown directive: x"). GOROOT is $GOROOT, else the go
   command on PATH (its bin/.., then `go env GOROOT`), else /usr/lib/go,
   /usr/local/go, the highest /usr/lib/go-1.N. The environment is read
   here: GO111MODULE=off (GOPATH mode), GOPATH, GOMODCACHE, GOFLAGS
   (-mod=mod|vendor), GOEXPERIMENT, GOAMD64/GOARM/GO386/..., $PWD. */
Loader *loader_new(const LoadConfig *cfg);
void loader_free(Loader *l);
const char *loader_goroot(Loader *l);
const char *loader_goversion(Loader *l);   /* GOROOT/VERSION, e.g. "go1.27.4" */
const char *loader_goos(Loader *l);
const char *loader_goarch(Loader *l);
/* Writes the directory index if this run changed it (loading is over:
   later scans are not filed). Also done by loader_free. */
void loader_save_index(Loader *l);
/* Directories the directory index served / that were scanned. */
void loader_index_stats(const Loader *l, unsigned *reused, unsigned *scanned);

/* Expands patterns ("std", "cmd", "all", "./...", "dir/...", "path/...",
   import paths, directories, or .go files of one directory) into packages in
   go list order. Returns 0, or -1 after printing one error line to stderr.
   *out is malloc'd (free it); the packages belong to the loader. */
int loader_match(Loader *l, const char **patterns, size_t n, Package ***out, size_t *nout);

/* The roots and everything they import, deps before dependents (go list
   -deps order). Returns 0, or -1 after printing one error line. *out is
   malloc'd. */
int loader_deps(Loader *l, Package **roots, size_t nroots, Package ***out, size_t *nout);

/* `goescape list [-deps] [-tags=a,b] patterns`: one line per package,
   "IMPORTPATH file.go ..." (GoFiles base names). CGO_ENABLED=1 in the
   environment turns cgo on. Returns the exit code (0, or 2 on errors). */
int load_list_main(int argc, char **argv);

#endif
