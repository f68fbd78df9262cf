/* The front half every analysing subcommand shares: load the packages named
   on the command line and their dependencies, then parse and type-check
   them one at a time in dependency order, keeping each package's syntax
   trees and TypeInfo alive while a caller-supplied visitor works on it
   (lowering, escape analysis, reporting).

   Usage:
       Pipeline p;
       if (pipeline_open(&p, &cfg, patterns, n) != 0) return 2;
       int rc = pipeline_run(&p, visit, data);   // visit(data, &p, pkg) per package
       pipeline_close(&p);

   File names: a SourceFile's path is the name gc prints for it: for .go
   files named on the command line, the argument as given (as gc prints the
   files it is given); for packages, the name go build prints (relative to
   the working directory when shorter: "./x.go", "sub/x.go", else absolute).

   Parallelism (cfg.jobs > 1): packages run on that many threads, each in
   two steps: its check as soon as its dependencies are checked, its visit
   once it is checked and its dependencies are finished (visited). A
   visitor must then write only to pp->out and pp->err (buffers the
   pipeline emits in p->pkgs order, so the output is the sequential run's),
   keep per-package results in pp->user (read by importers once the package
   is finished), and count through pipeline_stats. Everything a package's
   dependencies hold is read-only by then; while a package is visited, its
   importers may be type-checked on other threads, reading its types and
   objects: a visit must not write to those. */
#ifndef GOESCAPE_CMD_PIPELINE_H
#define GOESCAPE_CMD_PIPELINE_H
#include "base/arena.h"
#include "base/diag.h"
#include "base/intern.h"
#include "base/ptrmap.h"
#include "load/load.h"
#include "syntax/syntax.h"
#include "types/types.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct PipeConfig PipeConfig;
typedef struct PipePkg PipePkg;
typedef struct Pipeline Pipeline;
struct PipeConfig {
    LoadConfig load;
    /* Keep every package's trees and TypeInfo until pipeline_close (else
       they are freed right after the package's visit). */
    bool keep_trees;
    /* Check dependencies without recording TypeInfo (roots always get it). */
    bool deps_without_info;
    /* Package path for packages given as .go files ("command-line-arguments"
       otherwise), like gc's -p. */
    const char *cmdline_pkgpath;
    /* Keep the trees and TypeInfo of packages declaring generic functions
       or methods (importers lower shaped instances of them). */
    bool keep_generics;
    /* Errors printed per package before gc's "too many errors" (gc: 10,
       -e: 0, every one). */
    unsigned max_errors;
    /* Time the stages (pipeline_lap); else laps cost nothing. */
    bool stats;
    /* Packages analysed at once (goescape -p N); 0 or 1: one at a time on
       the calling thread. */
    unsigned jobs;
    /* Called (with pipeline_run's data) once a package's files are read
       and its dependencies' keys made (by their cache_key; unsafe
       excepted): whether the package may come from the cache (cached is
       then called once its dependencies are finished; false: it is
       checked and visited). NULL: every package may. */
    bool (*cache_key)(void *data, Pipeline *p, PipePkg *pp);
    /* Called (with pipeline_run's data) for a package cache_key accepted,
       once its dependencies are finished: true when it filled the package
       from a cache (pp->pkg, and the visitor's pp->user), so it is neither
       parsed, checked nor visited. NULL: never. */
    bool (*cached)(void *data, Pipeline *p, PipePkg *pp);
    /* -p N, optional (both or neither): cached in two steps. cached_types
       reads what importers' own reading needs (pp->pkg's types; false: a
       miss, then the package is checked and visited); importers may read
       theirs meanwhile, while cached_rest reads the rest (the visitor's
       pp->user), needed only by packages analysed from source. cached_rest
       failing stops the run (importers have read its types). */
    bool (*cached_types)(void *data, Pipeline *p, PipePkg *pp);
    bool (*cached_rest)(void *data, Pipeline *p, PipePkg *pp);
    /* The process exits right after the run without pipeline_close (as
       clang's -disable-free): the package finished last keeps its trees,
       which nobody would use again (pipeline_last says when). */
    bool no_teardown;
};

/* One package as the pipeline sees it. */
struct PipePkg {
    Package *lp;            /* the loader's package */
    Pkg *pkg;               /* the checked package (unsafe: the context's); its path is
                               the one gc compiles with: "main" for commands */
    AstFile **files;        /* parsed files, in go list order (NULL after free) */
    size_t nfiles;
    TypeInfo info;          /* valid while files are */
    bool has_info;
    bool root;              /* matched by a command-line pattern */
    bool is_unsafe;
    unsigned errors;        /* syntax and type errors found in this package */
    bool dep_errors;        /* some dependency had errors (or failed to load) */
    bool load_failed;       /* a file could not be read */
    bool sources_made;      /* srcs made (pipeline.c make_sources) */
    DiagList parse_diags;   /* syntax errors of files parsed ahead, for check_one */
    bool trees_released;    /* pipeline_release_trees done */
    Arena arena;            /* syntax trees */
    PtrMap gendecls;        /* generic func/method Object* -> PipeGenDecl* (built on demand) */
    bool gendecls_built;
    size_t index;           /* in Pipeline.pkgs */
    bool from_cache;        /* filled by PipeConfig.cached */
    bool cache_later;       /* cache_key accepted it: checked (or read) only once its
                               dependencies are finished */
    bool cache_missed;      /* -p N: cached_types failed: checked and visited */
    FILE *out, *err;        /* the package's stdout and stderr text (see above) */
    void *user;             /* the visitor's own per-package data */
    int rc;                 /* the visit's result */
    /* Source files outlive the trees: objects and IR keep positions in them. */
    SourceFile **srcs;
    char **texts;
    char **src_names;       /* display names */
    size_t nsrc;
    char *outbuf, *errbuf;  /* jobs > 1: what out and err wrote */
    size_t outlen, errlen;
};

/* The stages -stats reports. The pipeline times load (loader, reading
   files), parse and types; a visitor charges its own work with
   pipeline_lap: lowering and instantiation to PS_IR, and so on. Whatever
   a visitor does after its last lap is charged to PS_REPORT; freeing and
   pruning trees between packages to PS_OTHER. */
typedef enum PipeStage {
    PS_LOAD, PS_CACHE, PS_PARSE, PS_TYPES, PS_IR, PS_INLINE, PS_ESCAPE, PS_REPORT, PS_OTHER, PS_NSTAGES
} PipeStage;

typedef struct PipeStats {
    double wall[PS_NSTAGES], cpu[PS_NSTAGES];  /* seconds, summed over packages */
    double mark_wall, mark_cpu;                /* the last lap's clocks */
    double start_wall, start_cpu;              /* pipeline_open's */
    size_t npkgs, nanalysed, nfiles, nbytes, nfuncs;
    double root_wall, root_cpu;                /* all stages, root packages only */
    /* jobs > 1: each worker keeps its own PipeStats (cpu: its thread's
       clock), summed into the Pipeline's when the run ends. */
    bool thread_cpu;
    unsigned jobs;                             /* workers of the run */
    double idle_wall;                          /* workers' time waiting for a ready package */
} PipeStats;

struct Pipeline {
    PipeConfig cfg;
    Loader *loader;
    TypeContext *ctx;
    Interner names;
    Package **roots;
    size_t nroots;
    PipePkg **pkgs;         /* every package, dependencies first */
    size_t npkgs;
    PtrMap by_package;      /* Package* -> PipePkg* */
    PtrMap by_pkg;          /* Pkg* -> PipePkg* */
    PtrMap by_path;         /* interned Pkg path -> first PipePkg* with it */
    Pkg *shape_pkg;         /* "go.shape", made by pipeline_open */
    unsigned errors;        /* total errors in root packages */
    unsigned dep_errors;    /* total errors in non-root packages */
    char *cwd;              /* base for short file names */
    const char **patterns;  /* the command line's patterns (not owned) */
    size_t npatterns;
    PipeStats stats;        /* filled when cfg.stats */
    size_t nfinished;       /* ANALYSE tasks done (atomic) */
    struct Sched *sched;    /* the parallel run's scheduler, while it runs */
};

/* A job for an idle worker, posted by a visit whose package runs alone
   (the other cores would wait): a worker with nothing to do takes it
   before faulting in heap ahead; pipeline_aside_join waits for it, or runs
   it on the caller when no worker took it (or the run is sequential). One
   at a time. */
typedef struct PipeAside {
    void (*fn)(void *arg);
    void *arg;
    int state;              /* 0 posted, 1 running, 2 done (under the scheduler's lock) */
} PipeAside;
void pipeline_aside(Pipeline *p, PipeAside *a);
void pipeline_aside_join(Pipeline *p, PipeAside *a);

/* A visitor done with pp's syntax trees and TypeInfo (it has lowered
   them): frees them now, or prunes them to the generic declarations that
   importers and pp's cache entry still need, so that the stages after
   lowering reuse the memory instead of faulting in new pages. Done after
   the visit otherwise; unless cfg.keep_trees. */
void pipeline_release_trees(Pipeline *p, PipePkg *pp);

/* With cfg.no_teardown: whether every other package is finished, so what
   the running visit (on the last package) allocates need not be freed. */
bool pipeline_last(const Pipeline *p);

/* Visitor called once per package after it is checked (errors or not: look
   at pp->errors / pp->dep_errors). Returns 0 to go on, or a non-zero exit
   status that stops the run (as the sequential run would: later packages'
   output is dropped). */
typedef int (*PipeVisit)(void *data, Pipeline *p, PipePkg *pp);

/* Creates the loader and matches patterns (with their dependencies).
   Returns 0, or 2 after printing an error on stderr. */
int pipeline_open(Pipeline *p, const PipeConfig *cfg, const char **patterns, size_t npatterns);
/* Parses and checks each package in dependency order, printing syntax and
   type errors (gc's form) on stderr, and calls visit (may be NULL) for
   each. Returns the first non-zero visit result, else 2 if a file could not
   be read, else 0. */
int pipeline_run(Pipeline *p, PipeVisit visit, void *data);
/* Frees a package's trees and TypeInfo now (the visitor may call it). */
void pipeline_free_trees(PipePkg *pp);
void pipeline_close(Pipeline *p);

/* Charges the time since the previous lap (or pipeline_open) to stage s;
   a no-op unless cfg.stats. */
void pipeline_lap(Pipeline *p, PipeStage s);
/* The calling thread's statistics (p->stats, or a worker's), for counts. */
PipeStats *pipeline_stats(Pipeline *p);
/* Prints the stage table, counts and peak RSS (for -stats). */
void pipeline_print_stats(Pipeline *p, FILE *out);

/* The pipeline's package of a Pkg, or NULL. Every Pkg is made by
   pipeline_open; the maps below do not change while the run goes on. */
PipePkg *pipeline_find(const Pipeline *p, const Pkg *pkg);
/* The pipeline's package of a loader package, or NULL. */
PipePkg *pipeline_package(const Pipeline *p, const Package *lp);
/* The first package whose Pkg path (the path gc compiles with) is path. */
PipePkg *pipeline_by_path(Pipeline *p, const char *path);
/* The context's "go.shape" package, where shaped instances' types live
   (made before the run, so that no package joins the context while
   workers run). */
Pkg *pipeline_shape_pkg(Pipeline *p);
/* Makes pkg the package of pp (the old one is still found too); only when
   nothing runs in parallel. */
void pipeline_replace_pkg(Pipeline *p, PipePkg *pp, Pkg *pkg);
/* Whether d is a generic function or method declaration with a body (what
   keep_generics keeps). */
bool pipeline_is_generic_decl(const Node *d);
/* pp's generic declarations with bodies, in file and source order, and the
   file of each (*files and *decls malloc'd; none when pp has no trees or
   no TypeInfo). */
size_t pipeline_generic_decls(const PipePkg *pp, const AstFile ***files, const Node ***decls);

/* The declaration of generic function or method fn (of a package whose
   trees are still alive): false if unknown. */
bool pipeline_generic_decl(Pipeline *p, const Object *fn, const Node **decl, const AstFile **file,
                           const TypeInfo **info);

#endif
