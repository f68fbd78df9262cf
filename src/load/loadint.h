/* Internals shared by the files of src/load. */
#ifndef GOESCAPE_LOAD_LOADINT_H
#define GOESCAPE_LOAD_LOADINT_H
#include "load.h"
#include "buildctx.h"
#include "gomod.h"
#include "base/arena.h"
#include "base/cache.h"
#include "base/intern.h"
#include "base/ptrmap.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct Module {
    const char *path;       /* "std", "cmd", or a module path */
    const char *dir;        /* absolute root directory; NULL if not on disk */
    const char *go_version; /* never NULL */
    bool is_main;
    bool vendored;          /* main module with -mod=vendor behaviour */
    GoMod mod;
    VendorInfo vendor;
} Module;

typedef enum { PKG_OK, PKG_NOGO, PKG_EXCLUDED, PKG_ERROR } PkgState;

struct PackageInternal {
    PkgState state;
    const char *error;      /* PKG_ERROR/NOGO/EXCLUDED: message without prefix */
    Module *mod;
    const char *vendor_root;/* GOPATH-mode vendor lookups stop at this src dir */
    int mark;               /* loader_deps: 0 new, 1 visiting, 2 done */
    bool deps_resolved;
};

struct Loader {
    Arena arena;            /* packages, modules, strings */
    Interner strs;
    BuildCtx bc;
    char *goroot, *goroot_src, *goversion;
    int go_minor;
    char *cwd;              /* absolute working directory */
    bool gopath_mode;
    char **gopath;          /* GOPATH entries */
    size_t ngopath;
    char *modcache;         /* GOMODCACHE */
    Module *main;           /* NULL outside a module (or in GOPATH mode) */
    Module *std, *cmd;
    Module **mods;          /* other modules seen (replacements, cache) */
    size_t nmods, capmods;
    PtrMap pkgs;            /* interned import path -> Package */
    char *go_version_default; /* toolchain language version "1.27" */
    bool whole_files;       /* LoadConfig.file_index */
    struct DirIndex *index; /* the directory index (dirindex.c), NULL when off */
    unsigned index_reused, index_scanned; /* directories taken from it / scanned */
    Package **texted;       /* packages with go_file_texts (freed with the loader) */
    size_t ntexted, captexted;
};

/* dirindex.c: a scan's outcome filed under the stat identity of what it
   read. */
typedef struct FileId { uint64_t size, mtime_ns, ctime_ns, ino; } FileId;
typedef struct ScanRead { const char *name; FileId id; } ScanRead;   /* a file the scan opened */
typedef struct DirRecord {
    FileId dir;
    ScanRead *reads;        /* malloc'd; names in the loader's arena */
    size_t nreads, capreads;
    bool complete;          /* the directory and every file were read */
} DirRecord;
struct stat;
void load_fileid(const struct stat *st, FileId *id);
typedef struct DirIndex DirIndex;
void dirindex_open(Loader *l);
/* Files the records this run changed, then frees the index. */
void dirindex_close(Loader *l);
/* Fills p (state, name, files, their content keys, imports) from the index
   when the directory and every file its scan read are unchanged. */
bool dirindex_lookup(Loader *l, Package *p);
void dirindex_store(Loader *l, const Package *p, const DirRecord *rec);

/* goroot.c */
bool load_goroot_find(Loader *l, char **err);

/* package.c: scans dir into the package with this import path (cached). */
Package *load_pkg_get(Loader *l, const char *import_path, const char *dir, Module *m);
/* The error line for a package that is not PKG_OK. malloc'd. */
char *load_pkg_error_line(const Package *p);
Package *load_pkg_files(Loader *l, const char **files, size_t n, char **err);

/* resolve.c */
Module *load_module_load(Loader *l, const char *dir, const char *path_hint, char **err);
Package *load_resolve_import(Loader *l, Package *from, const char *path, char **err);
/* Import path for an absolute directory (NULL and *err if outside any root). */
const char *load_dir_import_path(Loader *l, const char *dir, Module **mod, char **err);
bool load_is_std_path(const char *path);

/* pattern.c */
bool load_pattern_match(const char *pattern, const char *name);
bool load_pattern_tree_can_match(const char *pattern, const char *name);

/* helpers */
const char *load_lstr(Loader *l, const char *s);             /* intern */
const char *load_lstrf(Loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* dir + "/" + the n bytes at s, interned (dir NULL: those bytes alone). */
const char *load_ljoin(Loader *l, const char *dir, const char *s, size_t n);
char *load_clean_path(const char *p);                         /* malloc'd, like path.Clean */
bool load_has_path_prefix(const char *s, const char *prefix);  /* s == prefix or prefix + "/" */

#endif
