/* goescape [-m|-m=N|-m -m] [-l] [-N] [-C] [-d=LIST] [-smallframes] [-p N] PATTERNS|FILES

   gc's escape diagnostics without a build: load → parse → check → lower →
   escape, package by package in dependency order. Dependencies are analysed
   silently for their leak tags (what gc reads from export data); messages
   are printed only for the packages named on the command line, on stdout,
   each package's block headed "# importpath" as the go command does. Flags
   gc accepts but goescape does not model are ignored with a note. With
   -p N, N packages are analysed at once (see pipeline.h); the output is the
   same. */
#include "cmd.h"
#include "pipeline.h"
#include "base/file.h"
#include "base/util.h"
#include "base/vec.h"
#include "escape/escape.h"
#include "inline/inline.h"
#include "ir/final.h"
#include "ir/ir.h"
#include "report/report.h"
#include "roundtrip.h"
#include "sumcache.h"
#include <stdatomic.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Until the escape stage links in, the driver still builds: these resolve to
   NULL and the driver says the stage is missing. */
#pragma weak escape_analyze
#pragma weak escape_summary_init
#pragma weak escape_summary_free
#pragma weak escape_result_init
#pragma weak escape_result_free
#pragma weak ir_lower_package
#pragma weak ir_package_free

typedef struct EscFlags {
    int m;
    bool m_given;
    bool l, N, C, smallframes;
    int lcount;
    bool zerocopy, mutations_calls, nodeadlocals;
    bool race, checkptr;        /* -race, -d=checkptr */
    bool stats;                 /* -stats: time per stage on stderr */
    bool nosubst;               /* -d=inlsubst=0: decide inlining, but escape sees the calls */
    bool roundtrip;             /* -d=summaryroundtrip: importers read serialized summaries (roundtrip.c) */
    bool reload;                /* -d=summaryreload: importers read each package's cache entry */
    int follow;                 /* -d=escapefollow=N: escape analysis follows the inliner on its own
                                   thread: 0 never, 1 in every package (for tests), default (-1)
                                   in the package finished last when -p > 1 */
    bool nocache;               /* -cache=off */
    bool e;                     /* -e: every error, not only the first 10 */
    const char *pkgpath;        /* -p PATH: path of a package given as files */
    long jobs;                  /* -p N: packages analysed at once (0: not given) */
    bool in_gcflags;            /* parsing -gcflags: -p is gc's (a path) */
    char *tagstr;               /* -tags value (owned), split into tags */
    const char **tags;
    size_t ntags;
    char **owned;               /* strings split from -gcflags values */
    size_t nowned;
} EscFlags;

/* A package's summaries for its importers, in its PipePkg's user field:
   written by the package's own visit (or read from its cache entry),
   read by importers once it is finished. A cached one no root imports is
   read on its first importer's ask (lazy, under mu): most of those are
   never asked for. */
typedef struct SumEntry {
    const Pkg *pkg;
    EscSummary sum;
    InlSummary inl;
    PipePkg *pp;
    atomic_bool lazy;           /* sum and inl not read yet (under mu) */
    pthread_mutex_t mu;
} SumEntry;

typedef struct Driver {
    EscFlags fl;
    Pipeline *p;
    SumCache *cache;            /* NULL: off */
    atomic_uint skipped;        /* packages not analysed (errors, or in dependents of such) */
    bool *by_root;              /* by package index: a root imports it */
    atomic_bool lazy_failed;    /* a lazy read failed: the run's results are wrong */
    PtrMap owners;              /* shaped instance Object* -> SumEntry* of the package
                                   that made it, when that is not the generic's (owner_of) */
    pthread_mutex_t owners_mu;
} Driver;

/* An empty summary of pp (its visit or the cache fills it). */
static SumEntry *sum_entry_new(PipePkg *pp) {
    SumEntry *e = xcalloc(1, sizeof *e);
    e->pkg = pp->pkg;
    e->pp = pp;
    escape_summary_init(&e->sum);
    inline_summary_init(&e->inl);
    pthread_mutex_init(&e->mu, NULL);
    return e;
}

static void sum_entry_free(SumEntry *e) {
    escape_summary_free(&e->sum);
    inline_summary_free(&e->inl);
    pthread_mutex_destroy(&e->mu);
    free(e);
}

/* A cache entry that was checksummed when read but does not decode:
   goescape's fault, not the entry's. It is deleted, so the next run
   rebuilds it. */
static void entry_unreadable(Driver *d, PipePkg *pp, FILE *out) {
    sumcache_forget(d->cache, pp);
    fprintf(out, "goescape: internal error: the cache entry of %s does not read back (deleted: run again)\n",
            pp->lp->import_path);
}

/* The shaped instances e's package made of other packages' generics (their
   objects name the generic's package): a body inlined from e's package may
   call them, and gc's inliner then decides about them as e's did (noder
   reads them while inlining and runs CanInline on them; it compiles none,
   so escape analysis knows no tags for them). Called once e's summaries are
   final. */
static void add_owned(Driver *d, SumEntry *e) {
    const PtrMap *m = &e->inl.funcs;
    pthread_mutex_lock(&d->owners_mu);
    for (size_t i = 0; i < m->cap; i++) {
        const Object *o = m->keys[i];
        if (o && o->pkg != e->pkg && !ptrmap_get(&d->owners, o)) ptrmap_put(&d->owners, o, e);
    }
    pthread_mutex_unlock(&d->owners_mu);
}

static SumEntry *owner_of(Driver *d, const Object *o) {
    pthread_mutex_lock(&d->owners_mu);
    SumEntry *e = ptrmap_get(&d->owners, o);
    pthread_mutex_unlock(&d->owners_mu);
    return e;
}

static void lazy_read(Driver *d, SumEntry *e) {
    pthread_mutex_lock(&e->mu);
    if (atomic_load_explicit(&e->lazy, memory_order_relaxed)) {
        if (!sumcache_load_summaries(d->cache, e->pp, &e->sum, &e->inl)) {
            entry_unreadable(d, e->pp, stderr);
            atomic_store(&d->lazy_failed, true);
        }
        add_owned(d, e);
        atomic_store_explicit(&e->lazy, false, memory_order_release);
    }
    pthread_mutex_unlock(&e->mu);
}

static SumEntry *sum_entry(Driver *d, const Pkg *pkg) {
    PipePkg *pp = pipeline_find(d->p, pkg);
    SumEntry *e = pp ? pp->user : NULL;
    if (e && atomic_load_explicit(&e->lazy, memory_order_acquire)) lazy_read(d, e);
    return e;
}

static const EscSummary *import_summary(void *data, const Pkg *pkg) {
    SumEntry *e = sum_entry(data, pkg);
    return e ? &e->sum : NULL;
}

static const InlSummary *import_inl(void *data, const Pkg *pkg) {
    SumEntry *e = sum_entry(data, pkg);
    return e ? &e->inl : NULL;
}

static const InlSummary *owner_inl(void *data, const Object *fnobj) {
    SumEntry *e = owner_of(data, fnobj);
    return e ? &e->inl : NULL;
}

static bool find_generic(void *data, const Object *fn, IrGenericDecl *out) {
    return pipeline_generic_decl(data, fn, &out->decl, &out->file, &out->info);
}

/* Whether to free everything before exiting: only for leak checkers
   (sanitizer builds; GOESCAPE_TEARDOWN=1 for valgrind). Otherwise the
   process exits with its memory in place, as clang does by default
   (-disable-free): freeing the arenas of a whole run only delays the exit
   the user waits for. */
static bool want_teardown(void) {
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#endif
#endif
    const char *e = getenv("GOESCAPE_TEARDOWN");
    return e && strcmp(e, "1") == 0;
}

typedef struct Storer { Driver *d; PipePkg *pp; SumEntry *e; pthread_t tid; } Storer;

/* What the idle thread does while the package finished last is escape
   analysed: the first half of its cache entry, and the -m bounds notes;
   two jobs, taken by whichever thread is free first. */
typedef struct Aside {
    Driver *d;
    PipePkg *pp;
    SumEntry *e;
    IrPackage *irp;             /* NULL: no bounds notes */
    bool store;
    atomic_int next;            /* the next job to take */
    pthread_t tid;
} Aside;

static void *aside(void *arg) {
    Aside *a = arg;
    for (int k; (k = atomic_fetch_add(&a->next, 1)) < 2;) {
        if (k == 0 && a->store) sumcache_store_begin(a->d->cache, a->pp, &a->e->inl);
        if (k == 1 && a->irp) ir_bounds_notes(a->irp, &a->pp->pkg->ctx->sizes);
    }
    return NULL;
}

/* The -m bounds notes while escape analysis follows the inliner: each
   function is walked once its batch is analysed (its tree is then final),
   by the analysis's thread while it would wait for the inliner, or by the
   main one once it is done inlining; each into a list of its own, put in
   the order of IrPackage.funcs at the end, as ir_bounds_notes makes them. */
typedef struct BoundsFollow {
    IrPackage *irp;
    const Sizes *sz;
    uint32_t from;              /* index of the first bounds note */
    pthread_mutex_t mu;         /* ready, next, analysed */
    pthread_cond_t cv;
    VEC(IrFunc *) ready;        /* analysed, in the analysis's order */
    size_t next;                /* ready[next..] are not walked yet */
    bool analysed;              /* the analysis is over: ready is complete */
    IrNoteList notes[2];        /* 0: the main thread's, 1: the analysis's */
} BoundsFollow;

static void bounds_done(void *hook, IrFunc *const *fns, uint32_t n) {
    BoundsFollow *b = hook;
    pthread_mutex_lock(&b->mu);
    for (uint32_t i = 0; i < n; i++) vec_push(&b->ready, fns[i]);
    pthread_cond_signal(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

/* Walks the next function ready into list k; false when none is (wait:
   until one is, or the analysis is over). */
static bool bounds_walk(BoundsFollow *b, int k, bool wait) {
    pthread_mutex_lock(&b->mu);
    while (wait && b->next == b->ready.len && !b->analysed) pthread_cond_wait(&b->cv, &b->mu);
    IrFunc *fn = b->next < b->ready.len ? b->ready.data[b->next++] : NULL;
    pthread_mutex_unlock(&b->mu);
    if (fn) ir_bounds_notes_func(&b->notes[k], fn, b->sz);
    return fn != NULL;
}

static bool bounds_idle(void *hook) { return bounds_walk(hook, 1, false); }

static void bounds_analysed(BoundsFollow *b) {
    pthread_mutex_lock(&b->mu);
    b->analysed = true;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    while (bounds_walk(b, 1, false)) {}
}

/* Main thread, after the join: the functions the analysis never took, then
   the order. */
static void bounds_finish(BoundsFollow *b) {
    PtrMap walked = {0};
    for (size_t i = 0; i < b->ready.len; i++) ptrmap_put(&walked, b->ready.data[i], b->ready.data[i]);
    for (uint32_t i = 0; i < b->irp->nfuncs; i++)
        if (!ptrmap_get(&walked, b->irp->funcs[i])) ir_bounds_notes_func(&b->notes[0], b->irp->funcs[i], b->sz);
    ptrmap_free(&walked);
    ir_bounds_append(b->irp, b->notes, 2, b->from);
    vec_free(&b->ready);
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv);
}

/* Escape analysis on its own thread, following the inliner (ir/final.h). */
typedef struct EscJob {
    IrPackage *irp;
    const EscImports *imp;
    const EscOptions *opt;
    EscResult *res;
    EscSummary *sum;
    BoundsFollow *bounds;       /* then the bounds notes left */
    Aside *aside;               /* then helps with these */
    pthread_t tid;
} EscJob;

static void *escape_job(void *arg) {
    EscJob *j = arg;
    escape_analyze(j->irp, j->imp, j->opt, j->res, j->sum);
    if (j->bounds) bounds_analysed(j->bounds);
    if (j->aside) aside(j->aside);
    return NULL;
}

static void store_types(void *arg) {
    Storer *st = arg;
    sumcache_store_types(st->d->cache, st->pp);
}

static void *store_entry(void *arg) {
    Storer *st = arg;
    sumcache_store_end(st->d->cache, st->pp, &st->e->sum);
    return NULL;
}

/* How files read in the output of a root package: go build rewrites the
   compiler's file names relative to the compiled package's directory, so a
   file of another package (an inlined or instantiated body's) may read
   "./b/x.go" there and "b/x.go" in its own package's output. Its own files
   keep their paths; another package's are named once each (on both the
   inliner's and escape analysis's threads, hence the lock). */
typedef struct RootNamer {
    SourceNamer nm;
    const char *cwd;
    const PipePkg *pp;
    pthread_mutex_t mu;
    PtrMap names;           /* SourceFile* -> its name (malloc'd), or itself: its path */
} RootNamer;

static const char *root_file_name(void *data, const SourceFile *f) {
    RootNamer *r = data;
    if (!f->abspath) return NULL;
    pthread_mutex_lock(&r->mu);
    void *v = ptrmap_get(&r->names, f);
    if (!v) {
        bool own = false;
        for (size_t i = 0; i < r->pp->nsrc && !own; i++) own = r->pp->srcs[i] == f;
        char *n = own ? NULL : go_shown_file_name(r->cwd, r->pp->lp->dir, f->abspath);
        if (n && strcmp(n, f->path) == 0) {
            free(n);
            n = NULL;
        }
        v = n ? (void *)n : (void *)f;
        ptrmap_put(&r->names, f, v);
    }
    pthread_mutex_unlock(&r->mu);
    return v == (void *)f ? NULL : v;
}

static void root_namer_init(RootNamer *r, const Pipeline *p, const PipePkg *pp) {
    memset(r, 0, sizeof *r);
    r->nm = (SourceNamer){root_file_name, r};
    r->cwd = p->cwd;
    r->pp = pp;
    pthread_mutex_init(&r->mu, NULL);
}

static void root_namer_free(RootNamer *r) {
    for (size_t i = 0; i < r->names.cap; i++)
        if (r->names.keys[i] && r->names.vals[i] != r->names.keys[i]) free(r->names.vals[i]);
    ptrmap_free(&r->names);
    pthread_mutex_destroy(&r->mu);
}

static int visit(void *data, Pipeline *p, PipePkg *pp) {
    Driver *d = data;
    if (pp->is_unsafe) return 0;
    if (pp->errors || pp->dep_errors || pp->load_failed) {
        atomic_fetch_add(&d->skipped, 1);
        return 0;
    }
    StrBuf ver = {0};
    const char *gv = pp->lp->go_version;
    if (gv && strncmp(gv, "go", 2) != 0) sb_puts(&ver, "go");
    sb_puts(&ver, gv ? gv : "");
    IrGenerics gens = {find_generic, p};
    IrOptions iopt = {.goversion = sb_cstr(&ver), .no_deadlocals = d->fl.N || d->fl.nodeadlocals,
                      .generics = &gens};
    bool store = d->cache && !d->fl.roundtrip && !d->fl.reload;
    /* The package finished last has the other cores to itself while it is
       lowered: its cache entry's types are written meanwhile. */
    Storer early = {d, pp, NULL, 0};
    PipeAside types = {store_types, &early, 0};
    bool early_on = p->cfg.jobs > 1 && pipeline_last(p) && store;
    if (early_on) pipeline_aside(p, &types);
    IrPackage *irp = ir_lower_package(pp->pkg, pp->files, pp->nfiles, &pp->info, &iopt);
    if (early_on) pipeline_aside_join(p, &types);
    sb_free(&ver);
    /* the trees are lowered: what follows works on IR (-d=summaryroundtrip
       compares the entry with the full trees, so it keeps them) */
    if (!d->fl.roundtrip) pipeline_release_trees(p, pp);
    pipeline_lap(p, PS_IR);
    if (!irp) return 0;
    PipeStats *st = pipeline_stats(p);
    st->nanalysed++;
    st->nfuncs += irp->nfuncs;
    if (irp->unhandled && pp->root)
        fprintf(pp->err, "goescape: note: %s: %u constructs not lowered yet; results may be incomplete\n",
                pp->lp->import_path, irp->unhandled);

    SumEntry *e = sum_entry_new(pp);
    pp->user = e;

    /* The inliner comes first, as in gc: decisions (can inline), then the
       interleaved pass substitutes inlined bodies (unless -d=inlsubst=0),
       so escape sees gc's OINLCALLs. */
    InlImports iimp = {import_inl, owner_inl, d};
    InlOptions inlopt = {.m = pp->root ? d->fl.m : 0, .l = d->fl.lcount, .substitute = !d->fl.nosubst,
                         .race = d->fl.race, .checkptr = d->fl.checkptr};
    InlResult ires;
    inline_result_init(&ires);
    EscImports imp = {import_summary, d};
    RootNamer namer;
    root_namer_init(&namer, p, pp);
    EscOptions eopt = {
        .m = pp->root ? d->fl.m : 0,
        .no_inline = d->fl.l || d->fl.nosubst,
        .N = d->fl.N,
        .zerocopy = d->fl.zerocopy,
        .mutations_calls = d->fl.mutations_calls,
        .smallframes = d->fl.smallframes,
        .no_columns = d->fl.C,
        .names = pp->root ? &namer.nm : NULL,
        /* gc's deadlocals pass: after inlining, before escape analysis */
        .deadlocals = !iopt.no_deadlocals,
    };
    EscResult res;
    escape_result_init(&res);
    /* The package finished last has the other core to itself: escape
       analysis follows the interleaved inlining pass on a thread of its
       own, taking each function once the inliner is done with it, while
       this thread inlines and then writes the first half of the cache
       entry and makes the -m bounds notes (escape analysis changes a few
       operands of the trees they walk: notes inside the operands it cut out
       are dropped after, ir.h IR_LOAD_X); then the rest of the entry is
       written while this one prints. None of them changes what another
       reads. Results are the same as in sequence: each function is
       analysed in the same order, on the same body. */
    bool bounds = pp->root && d->fl.m;
    bool last = p->cfg.jobs > 1 && pipeline_last(p);
    bool follow = (d->fl.follow < 0 ? last : d->fl.follow) && inlopt.substitute && inlopt.l != 1 &&
                  !d->fl.roundtrip;
    /* following, escape analysis makes the bounds notes as it goes */
    BoundsFollow bf = {.irp = irp, .sz = &pp->pkg->ctx->sizes, .from = irp->nnotes};
    pthread_mutex_init(&bf.mu, NULL);
    pthread_cond_init(&bf.cv, NULL);
    Aside as = {d, pp, e, bounds && !follow ? irp : NULL, store && last, 0, 0};
    bool asided = last && ((bounds && !follow) || store);
    EscJob job = {irp, &imp, &eopt, &res, &e->sum, bounds ? &bf : NULL, asided ? &as : NULL, 0};
    if (follow) {
        inlopt.final = eopt.final = ir_final_new();
        if (bounds) {
            eopt.done = bounds_done;
            eopt.idle = bounds_idle;
            eopt.hook = &bf;
        }
        if (pthread_create(&job.tid, NULL, escape_job, &job) != 0) {
            ir_final_free(eopt.final);
            inlopt.final = eopt.final = NULL;
            eopt.done = NULL;
            eopt.idle = NULL;
            as.irp = bounds ? irp : NULL;
            asided = last && (bounds || store);
            follow = false;
        }
    }
    inline_analyze(irp, &iimp, &inlopt, &ires, &e->inl);
    pipeline_lap(p, PS_INLINE);

    if (follow) {
        if (asided) aside(&as);
        while (bounds && bounds_walk(&bf, 0, true)) {}
        pthread_join(job.tid, NULL);
    } else {
        if (asided) asided = pthread_create(&as.tid, NULL, aside, &as) == 0;
        escape_analyze(irp, &imp, &eopt, &res, &e->sum);
        if (asided) pthread_join(as.tid, NULL);
    }
    if (follow && bounds) bounds_finish(&bf);
    else {
        pthread_mutex_destroy(&bf.mu);
        pthread_cond_destroy(&bf.cv);
    }
    if ((asided || follow) && bounds) ir_bounds_forget(irp, res.dropped, res.ndropped);
    ir_final_free(eopt.final);
    pipeline_lap(p, PS_ESCAPE);
    Storer sto = {d, pp, e, 0};
    bool threaded = asided && as.store && pthread_create(&sto.tid, NULL, store_entry, &sto) == 0;
    if (asided && as.store && !threaded) sumcache_store_end(d->cache, pp, &e->sum);
    if (bounds && !asided && !follow) ir_bounds_notes(irp, &pp->pkg->ctx->sizes);
    uint32_t nm1 = 0;   /* lowering's -m warnings (imprecise interface call) */
    for (uint32_t i = 0; i < irp->nnotes; i++) nm1 += irp->notes[i].m1;
    uint32_t nm2 = irp->nnotes - nm1;   /* lowering's -m=2 remarks (b.Loop pass) */
    if (pp->root && (res.nmsgs || ires.nmsgs || (nm1 && d->fl.m) || (nm2 && d->fl.m >= 2))) {
        fprintf(pp->out, "# %s\n", pp->lp->import_path);
        StrBuf ib = {0};
        /* the b.Loop pass runs before inlining: its -m=2 remarks come first */
        for (uint32_t i = 0; d->fl.m >= 2 && i < irp->nnotes; i++) {
            if (irp->notes[i].m1) continue;
            sb_reset(&ib);
            report_format_pos(&ib, irp->notes[i].file, irp->notes[i].pos, d->fl.C, &namer.nm);
            fprintf(pp->out, "%s: %s\n", sb_cstr(&ib), irp->notes[i].text);
        }
        for (uint32_t i = 0; i < ires.nmsgs; i++) {
            sb_reset(&ib);
            report_format_pos(&ib, ires.msgs[i].file, ires.msgs[i].pos, d->fl.C, &namer.nm);
            fprintf(pp->out, "%s: %s\n", sb_cstr(&ib), ires.msgs[i].text);
        }
        sb_free(&ib);
        ReportOptions ropt = {.no_columns = d->fl.C, .m = d->fl.m, .names = &namer.nm};
        report_print(pp->out, &res, &ropt);
        StrBuf nb = {0};
        for (uint32_t i = 0; d->fl.m && i < irp->nnotes; i++) {
            if (!irp->notes[i].m1) continue;
            sb_reset(&nb);
            report_format_pos(&nb, irp->notes[i].file, irp->notes[i].pos, d->fl.C, &namer.nm);
            fprintf(pp->out, "%s: %s\n", sb_cstr(&nb), irp->notes[i].text);
        }
        sb_free(&nb);
    }
    fflush(pp->out);
    root_namer_free(&namer);
    if (!pipeline_last(p)) {
        escape_result_free(&res);
        inline_result_free(&ires);
        ir_package_free(irp);
    }
    if (threaded) pthread_join(sto.tid, NULL);
    if (!(asided && as.store)) {        /* else written in two halves above */
        if (d->fl.roundtrip && roundtrip_package(p, pp, &e->sum, &e->inl)) return 1;
        sumcache_store(d->cache, pp, &e->sum, &e->inl);
        if (d->fl.reload && sumcache_reload(d->cache, pp, &e->sum, &e->inl)) {
            fprintf(pp->err, "goescape: -d=summaryreload: %s: its cache entry does not read back\n",
                    pp->lp->import_path);
            return 1;
        }
    }
    add_owned(d, e);
    return 0;
}

/* PipeConfig.cache_key: every package gets its key (importers' keys need
   it); a dependency without errors may then come from the cache if its
   entry is there. */
static bool cache_key(void *data, Pipeline *p, PipePkg *pp) {
    Driver *d = data;
    return sumcache_key(d->cache, pp) && !pp->root && !pp->load_failed && !pp->dep_errors &&
           sumcache_probe(d->cache, pp);
}

/* PipeConfig.cached: reads a package cache_key accepted. */
static bool cached(void *data, Pipeline *p, PipePkg *pp) {
    Driver *d = data;
    SumEntry *e = sum_entry_new(pp);
    if (!sumcache_load(d->cache, pp, &e->sum, &e->inl)) {
        sum_entry_free(e);
        return false;
    }
    add_owned(d, e);
    pp->user = e;
    return true;
}

/* PipeConfig.cached_types / cached_rest: cached in two steps (-p N). */
static bool cached_types(void *data, Pipeline *p, PipePkg *pp) {
    Driver *d = data;
    if (!sumcache_load_types(d->cache, pp)) return false;
    SumEntry *e = sum_entry_new(pp);
    pp->user = e;
    return true;
}

static bool cached_rest(void *data, Pipeline *p, PipePkg *pp) {
    Driver *d = data;
    SumEntry *e = pp->user;
    /* what roots import is read now, on the thread idle while roots are
       checked; the rest on first use, if any */
    if (!d->by_root[pp->index]) {
        atomic_store(&e->lazy, true);
        if (sumcache_load_later(d->cache, pp)) return true;
    } else if (sumcache_load_rest(d->cache, pp, &e->sum, &e->inl)) {
        add_owned(d, e);
        return true;
    }
    entry_unreadable(d, pp, pp->err);
    return false;
}

/* The flags that change what a package leaves its importers (not -m or
   -C, which change only what roots print). */
static char *flag_signature(const EscFlags *fl) {
    StrBuf b = {0};
    sb_printf(&b, "l=%d N=%d subst=%d zerocopy=%d mutcalls=%d nodeadlocals=%d race=%d checkptr=%d small=%d p=%s",
              fl->lcount, fl->N, !fl->nosubst, fl->zerocopy, fl->mutations_calls, fl->nodeadlocals, fl->race,
              fl->checkptr, fl->smallframes, fl->pkgpath ? fl->pkgpath : "");
    char *s = xstrdup(sb_cstr(&b));
    sb_free(&b);
    return s;
}

/* gc flags that take a value as the next argument when written without '='. */
static bool flag_takes_value(const char *name) {
    static const char *const names[] = {
        "o", "p", "importcfg", "trimpath", "lang", "D", "I", "buildid", "asmhdr", "symabis",
        "embedcfg", "goversion", "c", "linkobj", "cpuprofile", "memprofile", "memprofilerate",
        "traceprofile", "blockprofile", "mutexprofile", "bench", "json", "coveragecfg",
        "pgoprofile", "env", "spectre", "installsuffix", "arch", "t", "tags", "gcflags",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0) return true;
    return false;
}

/* Parses one -d=LIST. */
static void parse_debug(EscFlags *fl, const char *list) {
    const char *s = list;
    while (*s) {
        const char *end = strchr(s, ',');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        char *item = xstrndup(s, n);
        char *eq = strchr(item, '=');
        const char *val = eq ? eq + 1 : "1";
        if (eq) *eq = 0;
        bool on = strcmp(val, "0") != 0;
        if (strcmp(item, "zerocopy") == 0) fl->zerocopy = on;
        else if (strcmp(item, "escapemutationscalls") == 0) fl->mutations_calls = on;
        else if (strcmp(item, "nodeadlocals") == 0) fl->nodeadlocals = on;
        else if (strcmp(item, "inlsubst") == 0) fl->nosubst = !on;
        else if (strcmp(item, "checkptr") == 0) fl->checkptr = on;
        else if (strcmp(item, "summaryroundtrip") == 0) fl->roundtrip = on;
        else if (strcmp(item, "summaryreload") == 0) fl->reload = on;
        else if (strcmp(item, "escapefollow") == 0) fl->follow = on;
        else if (strcmp(item, "panic") == 0 || strncmp(item, "ssa/", 4) == 0) { /* harness noise */ }
        else fprintf(stderr, "goescape: note: ignoring -d=%s%s%s\n", item, eq ? "=" : "", eq ? val : "");
        free(item);
        s += n;
        if (*s == ',') s++;
    }
}

static int parse_flags(EscFlags *fl, int argc, char **argv);

/* -gcflags='[pattern=]-m -l': the go build spelling of the same flags. */
static int parse_gcflags(EscFlags *fl, const char *val) {
    const char *eq = strchr(val, '=');
    if (eq && val[0] != '-') val = eq + 1;   /* all=..., pattern=... */
    char *copy = xstrdup(val);
    bool outer = fl->in_gcflags;
    fl->in_gcflags = true;
    fl->owned = xrealloc(fl->owned, (fl->nowned + 1) * sizeof *fl->owned);
    fl->owned[fl->nowned++] = copy;
    char **args = NULL;
    int n = 0;
    for (char *t = strtok(copy, " \t"); t; t = strtok(NULL, " \t")) {
        args = xrealloc(args, (size_t)(n + 1) * sizeof *args);
        args[n++] = t;
    }
    int rc = n ? parse_flags(fl, n, args) : n;
    fl->in_gcflags = outer;
    if (rc >= 0 && rc < n) {
        fprintf(stderr, "goescape: -gcflags: not a flag: %s\n", args[rc]);
        rc = -1;
    }
    free(args);
    if (rc == -2) return -2;
    return rc < 0 ? -1 : 0;
}

/* Parses gc-style flags; returns the index of the first pattern, or -1
   (usage error, printed). */
static int parse_flags(EscFlags *fl, int argc, char **argv) {
    int i = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) return i + 1;
        if (a[0] != '-' || a[1] == 0) break;
        const char *name = a + 1;
        if (name[0] == '-') name++;         /* --flag as -flag */
        const char *eq = strchr(name, '=');
        size_t nl = eq ? (size_t)(eq - name) : strlen(name);
        const char *val = eq ? eq + 1 : NULL;
#define IS(s) (nl == strlen(s) && strncmp(name, s, nl) == 0)
        if (IS("m")) {
            fl->m_given = true;
            if (!val) fl->m++;
            else {
                char *end;
                long v = strtol(val, &end, 10);
                if (*end || v < 0) {
                    if (strcmp(val, "true") == 0) fl->m++;
                    else if (strcmp(val, "false") != 0) {
                        fprintf(stderr, "goescape: invalid value %s for -m\n", val);
                        return -1;
                    }
                } else {
                    fl->m = (int)v;
                }
            }
        } else if (IS("l")) {
            /* A counter as in gc: inlining is off only when it ends at 1
               (-l); -l=4 and -l -l keep it on. */
            fl->lcount = val ? atoi(val) : fl->lcount + 1;
            fl->l = fl->lcount == 1;
        } else if (IS("N")) {
            fl->N = true;
        } else if (IS("C")) {
            fl->C = true;
        } else if (IS("race")) {
            fl->race = !val || strcmp(val, "false") != 0;
        } else if (IS("smallframes")) {
            fl->smallframes = true;
        } else if (IS("d")) {
            if (!val) {
                if (i + 1 >= argc) {
                    fputs("goescape: flag needs an argument: -d\n", stderr);
                    return -1;
                }
                val = argv[++i];
            }
            parse_debug(fl, val);
        } else if (IS("p")) {
            if (!val) {
                if (i + 1 >= argc) {
                    fputs("goescape: flag needs an argument: -p\n", stderr);
                    return -1;
                }
                val = argv[++i];
            }
            /* go build's -p N (parallelism) when purely numeric, outside
               -gcflags; else gc's -p PATH. */
            size_t nd = strspn(val, "0123456789");
            if (!fl->in_gcflags && nd > 0 && val[nd] == 0) {
                fl->jobs = strtol(val, NULL, 10);
                if (fl->jobs < 1 || nd > 6) {
                    fprintf(stderr, "goescape: -p must be a positive integer: %s\n", val);
                    return -1;
                }
            } else {
                fl->pkgpath = val;
            }
        } else if (IS("gcflags") || IS("tags")) {
            if (!val) {
                if (i + 1 >= argc) {
                    fprintf(stderr, "goescape: flag needs an argument: %s\n", a);
                    return -1;
                }
                val = argv[++i];
            }
            if (IS("tags")) {
                free(fl->tagstr);
                free(fl->tags);
                fl->tags = NULL;
                fl->ntags = 0;
                fl->tagstr = xstrdup(val);
                for (char *t = strtok(fl->tagstr, ", "); t; t = strtok(NULL, ", ")) {
                    fl->tags = xrealloc(fl->tags, (fl->ntags + 1) * sizeof *fl->tags);
                    fl->tags[fl->ntags++] = t;
                }
            } else {
                int rc = parse_gcflags(fl, val);
                if (rc) return rc;
            }
        } else if (IS("stats")) {
            fl->stats = true;
        } else if (IS("cache")) {
            if (!val || (strcmp(val, "off") != 0 && strcmp(val, "on") != 0)) {
                fprintf(stderr, "goescape: -cache must be on or off\n");
                return -1;
            }
            fl->nocache = strcmp(val, "off") == 0;
        } else if (IS("h") || IS("help")) {
            return -2;
        } else if (IS("e")) {
            fl->e = true;
        } else if (IS("0")) {
            /* harness-only */
        } else {
            char *fname = xstrndup(name, nl);
            if (!val && flag_takes_value(fname) && i + 1 < argc) {
                fprintf(stderr, "goescape: note: ignoring gc flag %s %s\n", a, argv[i + 1]);
                i++;
            } else {
                fprintf(stderr, "goescape: note: ignoring gc flag %s\n", a);
            }
            free(fname);
        }
#undef IS
    }
    return i;
}

static const char esc_usage[] =
    "usage: goescape [-m|-m=N|-m -m] [-l] [-N] [-C] [-d=LIST] [-smallframes] [-p N] PATTERNS|FILES\n"
    "  -m            print escape decisions (the default; repeat or -m=2 for explanations, -m=0: none)\n"
    "  -l            no inlining\n"
    "  -N            as gc -N (no dead-local elimination)\n"
    "  -C            positions without columns\n"
    "  -d=LIST       zerocopy=0, escapemutationscalls, nodeadlocals=1, inlsubst=0\n"
    "  -smallframes  gc's smaller stack-allocation limits\n"
    "  -stats        time per stage, counts and peak RSS on stderr (goescape's own flag)\n"
    "  -cache=off    do not read or write the summary cache ($GOESCAPE_CACHE, else\n"
    "                $XDG_CACHE_HOME/goescape or ~/.cache/goescape; GOESCAPE_CACHE=off also disables it)\n"
    "  -p N          analyse N packages at once (as go build -p; default: the number of CPUs)\n"
    "  -p PATH       package path for packages given as .go files (not purely numeric)\n"
    "  -gcflags=F    the same flags in go build's spelling ('-m -l', 'all=-m')\n"
    "  -tags=a,b     build tags, as go build\n"
    "Other gc flags are accepted and ignored. Messages go to stdout, errors to stderr.\n";

static void free_flags(EscFlags *fl) {
    free(fl->tagstr);
    free(fl->tags);
    for (size_t i = 0; i < fl->nowned; i++) free(fl->owned[i]);
    free(fl->owned);
}

/* goescape reproduces one release's compiler: say so, once, when the GOROOT
   whose sources it reads is another release ("go1.26.3", "go1.28-devel"). */
static void warn_goroot_version(Loader *l) {
    const char *v = l ? loader_goversion(l) : NULL;
    if (!v || strncmp(v, "go1.", 4) != 0 || atoi(v + 4) == GOESCAPE_GO_MINOR) return;
    fprintf(stderr, "goescape: warning: GOROOT %s is %s; goescape applies Go 1.%d's rules\n",
            loader_goroot(l), v, GOESCAPE_GO_MINOR);
}

int cmd_escape(int argc, char **argv) {
    Driver d = {0};
    pthread_mutex_init(&d.owners_mu, NULL);
    d.fl.zerocopy = true;
    d.fl.follow = -1;
    int first = parse_flags(&d.fl, argc, argv);
    if (first == -2) {
        fputs(esc_usage, stdout);
        free_flags(&d.fl);
        return 0;
    }
    if (first < 0) {
        free_flags(&d.fl);
        return 2;
    }
    /* Without any -m there would be nothing to show: default to -m. */
    if (!d.fl.m_given) d.fl.m = 1;
    if (first >= argc) {
        fputs("goescape: no packages or files given\n", stderr);
        fputs(esc_usage, stderr);
        free_flags(&d.fl);
        return 2;
    }
    if (!ir_lower_package || !escape_analyze || !escape_result_init || !escape_summary_init) {
        fputs("goescape: the ir/escape stages are not linked into this build\n", stderr);
        free_flags(&d.fl);
        return 2;
    }
    if (!d.fl.l && d.fl.nosubst)
        fputs("goescape: note: -d=inlsubst=0: calls are not inlined: escape results assume -l\n", stderr);
    PipeConfig cfg = {.deps_without_info = false, .keep_generics = true};
    cfg.cmdline_pkgpath = d.fl.pkgpath;
    cfg.stats = d.fl.stats;
    cfg.max_errors = d.fl.e ? 0 : 10;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.jobs = (unsigned)(d.fl.jobs ? d.fl.jobs : ncpu > 0 ? ncpu : 1);
    if (d.fl.reload) cfg.jobs = 1;   /* it replaces packages in the pipeline's tables */
    cfg.cache_key = cache_key;
    cfg.cached = cached;
    cfg.cached_types = cached_types;
    cfg.cached_rest = cached_rest;
    cfg.load.tags = d.fl.tags;
    cfg.load.ntags = d.fl.ntags;
    const char *cgo = getenv("CGO_ENABLED");
    cfg.load.cgo_enabled = cgo && strcmp(cgo, "1") == 0;
    cfg.load.file_index = !d.fl.nocache;
    cfg.no_teardown = !want_teardown();
    Pipeline p;
    d.p = &p;
    int status = pipeline_open(&p, &cfg, (const char **)argv + first, (size_t)(argc - first));
    warn_goroot_version(p.loader);
    if (status == 0) {
        if (!d.fl.nocache) {
            char *sig = flag_signature(&d.fl);
            d.cache = sumcache_open(&p, sig);
            free(sig);
        }
        d.by_root = xcalloc(p.npkgs ? p.npkgs : 1, sizeof *d.by_root);
        for (size_t i = 0; i < p.npkgs; i++) {
            const Package *lp = p.pkgs[i]->lp;
            for (size_t k = 0; p.pkgs[i]->root && k < lp->ndeps; k++) {
                PipePkg *dep = pipeline_package(&p, lp->deps[k]);
                if (dep) d.by_root[dep->index] = true;
            }
        }
        status = pipeline_run(&p, visit, &d);
        if (!status && atomic_load(&d.lazy_failed)) status = 2;
        if (!status && p.errors) status = 1;
        if (!status && atomic_load(&d.skipped) && p.dep_errors) status = 1;
        if (d.fl.stats) {
            pipeline_print_stats(&p, stderr);
            SumCacheStats cs;
            sumcache_stats(d.cache, &cs);
            if (d.cache)
                fprintf(stderr, "cache: %s: %u read, %u missing, %u bad, %u written, %u not writable; "
                        "keys %.3f s, reading %.3f s, writing %.3f s; %u damaged entries deleted\n",
                        sumcache_dir(d.cache), cs.hits, cs.misses, cs.bad, cs.stored, cs.unstorable, cs.key_wall,
                        cs.read_wall, cs.write_wall, cs.corrupt);
            else
                fputs("cache: off\n", stderr);
            unsigned reused, scanned;
            loader_index_stats(p.loader, &reused, &scanned);
            fprintf(stderr, "directories: %u unchanged (directory index), %u scanned\n", reused, scanned);
        }
    }
    if (cfg.no_teardown) {
        sumcache_finish(d.cache);
        return status;
    }
    for (size_t i = 0; i < p.npkgs; i++) {
        SumEntry *e = p.pkgs[i]->user;
        if (!e) continue;
        sum_entry_free(e);
        p.pkgs[i]->user = NULL;
    }
    free(d.by_root);
    ptrmap_free(&d.owners);
    pthread_mutex_destroy(&d.owners_mu);
    sumcache_close(d.cache);
    pipeline_close(&p);
    free_flags(&d.fl);
    return status;
}
