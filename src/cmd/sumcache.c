/* The summary cache (see sumcache.h). */
#include "sumcache.h"
#include "cmd.h"
#include "base/cache.h"
#include "base/file.h"
#include "base/util.h"
#include "base/vec.h"
#include "syntax/syntax.h"
#include "types/export.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SUM_MAGIC 0x4d555347u   /* "GSUM" */
#define SUM_VERSION 3u

typedef struct SumStore SumStore;

/* What the cache knows of one package; slot pp->index. */
typedef struct SumSlot {
    bool keyed;                 /* key is valid (the package may be cached) */
    bool stored;                /* its entry was written by this run */
    CacheKey key;
    ExportWriter *w;            /* analysed from source and written */
    const Pkg *wpkg;            /* the package w wrote (pp->pkg may change to a read-back one) */
    ImportReader *r;            /* read from the cache */
    CacheBlob blob;             /* the entry read (sections point into it) */
    ByteReader es, is, gs;      /* its sections, between sumcache_load_types and _rest */
    double read_t;              /* time sumcache_load_types took */
    SumStore *store;            /* sumcache_store_begin's, for _end */
    uint64_t thash;             /* hash of the export table in use this run (written or read) */
} SumSlot;

struct SumCache {
    Pipeline *p;
    Cache *store;
    CacheKey salt;              /* build, target, flags */
    SumSlot *slots;             /* one per package */
    pthread_mutex_t mu;         /* files, stats */
    PtrMap files;               /* interned display name -> SourceFile* */
    SumCacheStats st;
};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

SumCache *sumcache_open(Pipeline *p, const char *flagsig) {
    Cache *store = cache_open(NULL);
    if (!store) return NULL;
    SumCache *c = xcalloc(1, sizeof *c);
    c->p = p;
    c->store = store;
    c->slots = xcalloc(p->npkgs ? p->npkgs : 1, sizeof *c->slots);
    pthread_mutex_init(&c->mu, NULL);
    KeyBuilder kb;
    key_begin(&kb);
    key_add_cstr(&kb, "goescape summary " GOESCAPE_VERSION);
    key_add_build_id(&kb);
    key_add_cstr(&kb, loader_goos(p->loader));
    key_add_cstr(&kb, loader_goarch(p->loader));
    key_add_cstr(&kb, loader_goroot(p->loader));
    key_add_u64(&kb, p->cfg.load.cgo_enabled);
    key_add_u64(&kb, p->cfg.load.ntags);
    for (size_t i = 0; i < p->cfg.load.ntags; i++) key_add_cstr(&kb, p->cfg.load.tags[i]);
    key_add_cstr(&kb, flagsig);
    /* not the working directory: file names (relative to it when shorter)
       are in each package's key */
    c->salt = key_finish(&kb);
    return c;
}

const char *sumcache_dir(const SumCache *c) { return c ? cache_dir(c->store) : NULL; }

void sumcache_stats(SumCache *c, SumCacheStats *out) {
    memset(out, 0, sizeof *out);
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    *out = c->st;
    pthread_mutex_unlock(&c->mu);
    CacheStats cs;
    cache_stats(c->store, &cs);
    out->corrupt = (unsigned)cs.corrupt;
}

void sumcache_finish(SumCache *c) {
    if (c) cache_finish(c->store);
}

void sumcache_close(SumCache *c) {
    if (!c) return;
    for (size_t i = 0; i < c->p->npkgs; i++) {
        if (c->slots[i].w) export_writer_free(c->slots[i].w);
        if (c->slots[i].r) import_close(c->slots[i].r);
        cache_blob_free(&c->slots[i].blob);
    }
    free(c->slots);
    ptrmap_free(&c->files);
    pthread_mutex_destroy(&c->mu);
    cache_close(c->store);
    free(c);
}

/* ------------------------------------------------------------- keys */

/* //line directives are recorded by the lexer, which a package read from
   the cache never meets: a package whose files have any is never stored
   (so it is analysed from source in every run, and its files get their
   directives again before any importer prints a position in them). The
   lexer's own judgement is used, after the package was analysed: a
   "//line " inside a string or a comment that is no directive does not
   count. */
static bool has_line_directives(const PipePkg *pp) {
    for (size_t i = 0; i < pp->nsrc; i++)
        if (pp->srcs[i]->ndirs) return true;
    return false;
}

bool sumcache_key(SumCache *c, PipePkg *pp) {
    if (!c) return false;
    SumSlot *s = &c->slots[pp->index];
    double t0 = now();
    Package *lp = pp->lp;
    bool ok = !pp->load_failed && strcmp(lp->import_path, "unsafe") != 0;
    KeyBuilder kb;
    key_begin(&kb);
    key_add_key(&kb, &c->salt);
    key_add_cstr(&kb, lp->import_path);
    key_add_cstr(&kb, lp->name);
    key_add_cstr(&kb, lp->go_version);
    key_add_cstr(&kb, pp->pkg ? pp->pkg->path : NULL);  /* "main" for commands, -p PATH */
    key_add_u64(&kb, pp->nsrc);
    pthread_mutex_lock(&c->mu);
    for (size_t i = 0; i < pp->nsrc; i++)
        ptrmap_put(&c->files, intern_cstr(&c->p->names, pp->srcs[i]->path), pp->srcs[i]);
    pthread_mutex_unlock(&c->mu);
    /* each file by its name and its contents' hash, which the loader's
       directory index may know without reading the file */
    bool known = lp->go_file_keys && pp->nsrc == lp->ngo_files;
    for (size_t i = 0; ok && i < pp->nsrc; i++) {
        const SourceFile *f = pp->srcs[i];
        CacheKey h;
        if (known) h = lp->go_file_keys[i];
        else if (f->src) h = key_of_bytes(f->src, f->len);
        else ok = false;
        key_add_cstr(&kb, f->path);
        if (ok) key_add_key(&kb, &h);
    }
    key_add_u64(&kb, lp->ndeps);
    for (size_t i = 0; ok && i < lp->ndeps; i++) {
        if (strcmp(lp->deps[i]->import_path, "unsafe") == 0) {
            key_add_cstr(&kb, "unsafe");
            continue;
        }
        PipePkg *dp = pipeline_package(c->p, lp->deps[i]);
        if (!dp || !c->slots[dp->index].keyed) ok = false;
        else key_add_key(&kb, &c->slots[dp->index].key);
    }
    if (ok) {
        s->key = key_finish(&kb);
        s->keyed = true;
    } else {
        key_abandon(&kb);
    }
    double t = now() - t0;
    pthread_mutex_lock(&c->mu);
    c->st.key_wall += t;
    pthread_mutex_unlock(&c->mu);
    return ok;
}

/* -p N (pipeline.c): whether pp's entry is in the store, asked when pp is
   keyed, before its dependencies are finished (a miss is then checked at
   once, in parallel with the dependencies' analysis); sumcache_load
   decides. No entry counts as a miss (sumcache_load is not called). */
bool sumcache_probe(SumCache *c, PipePkg *pp) {
    if (!c || !c->slots[pp->index].keyed) return false;
    char *path = cache_entry_path(c->store, &c->slots[pp->index].key);
    bool there = path && access(path, F_OK) == 0;
    free(path);
    if (!there) {
        pthread_mutex_lock(&c->mu);
        c->st.misses++;
        pthread_mutex_unlock(&c->mu);
    }
    return there;
}

/* ------------------------------------------------ dependency tables */

static ExportWriter *dep_writer(void *data, const Pkg *pkg) {
    SumCache *c = data;
    PipePkg *pp = pkg ? pipeline_find(c->p, pkg) : NULL;
    return pp && c->slots[pp->index].wpkg == pkg ? c->slots[pp->index].w : NULL;
}

static ImportReader *dep_reader(void *data, const Pkg *pkg) {
    SumCache *c = data;
    PipePkg *pp = pkg ? pipeline_find(c->p, pkg) : NULL;
    ImportReader *r = pp ? c->slots[pp->index].r : NULL;
    return r && import_pkg(r) == pkg ? r : NULL;
}

/* A package a table refers to: every dependency is finished (and in the
   pipeline's table) before its importers read; shape types belong to the
   context-wide "go.shape" package, made here when no lowering made it. */
static Pkg *dep_by_path(void *data, const char *path) {
    SumCache *c = data;
    if (strcmp(path, "go.shape") == 0) return pipeline_shape_pkg(c->p);
    PipePkg *pp = pipeline_by_path(c->p, path);
    return pp ? pp->pkg : NULL;
}

static const SourceFile *file_by_name(void *data, const char *name) {
    SumCache *c = data;
    pthread_mutex_lock(&c->mu);
    const SourceFile *f = ptrmap_get(&c->files, intern_cstr(&c->p->names, name));
    pthread_mutex_unlock(&c->mu);
    return f;
}

static ExportDeps deps_of(SumCache *c) {
    return (ExportDeps){dep_writer, dep_reader, dep_by_path, file_by_name, c, true};
}

/* A table's identity for importers' dependency hashes: the XXH3-64 of its
   body it ends with (export_finish), so nobody hashes it again. */
static uint64_t table_hash(const uint8_t *end) {
    ByteReader r;
    br_init(&r, end - 8, 8);
    return br_u64(&r);
}

/* ------------------------------------------------------------ blobs */

static void put_section(ByteBuf *out, const ByteBuf *sec) {
    bb_uvar(out, sec->len);
    bb_put(out, sec->data, sec->len);
}

static bool get_section(ByteReader *r, ByteReader *sec) {
    size_t n;
    const uint8_t *p = br_bytes(r, &n);
    if (!p) return false;
    br_init(sec, p, n);
    return true;
}

static uint32_t ser_file(void *data, const SourceFile *f) {
    const SerRefs *refs = data;
    return refs->file(refs->data, f);
}

static const SourceFile *de_file(void *data, uint32_t ref) {
    const DeRefs *refs = data;
    return refs->file(refs->data, ref);
}

/* An entry refers to its dependencies' entities by their numbers in the
   dependencies' tables. Keys do not depend on those numbers, so an entry
   also records the hash of each dependency's table it was written against;
   one whose dependency now has another table (rewritten by a run that
   numbered differently) is not used. */
static void put_dep_hashes(SumCache *c, const PipePkg *pp, ByteBuf *out) {
    const Package *lp = pp->lp;
    bb_uvar(out, lp->ndeps);
    for (size_t i = 0; i < lp->ndeps; i++) {
        PipePkg *dp = pipeline_package(c->p, lp->deps[i]);
        bb_u64(out, dp ? c->slots[dp->index].thash : 0);
    }
}

static bool dep_hashes_match(SumCache *c, const PipePkg *pp, ByteReader *r) {
    const Package *lp = pp->lp;
    if (br_uvar(r) != lp->ndeps) return false;
    for (size_t i = 0; i < lp->ndeps; i++) {
        PipePkg *dp = pipeline_package(c->p, lp->deps[i]);
        if (br_u64(r) != (dp ? c->slots[dp->index].thash : 0) || r->bad) return false;
    }
    return true;
}

/* An entry being written (sumcache_store_begin to _end). */
struct SumStore {
    ExportWriter *w;
    SerRefs refs;
    ByteBuf ib, gb;
    bool ok;
    double t;
};

void sumcache_store_types(SumCache *c, PipePkg *pp) {
    if (!c) return;
    SumSlot *s = &c->slots[pp->index];
    if (!s->keyed || pp->errors || pp->dep_errors || !pp->pkg || s->store) return;
    double t0 = now();
    SumStore *st = xcalloc(1, sizeof *st);
    ExportDeps deps = deps_of(c);
    st->w = export_writer_new_reached(pp->pkg, &deps);
    st->refs = export_refs(st->w);
    /* with //line directives: no entry, but the writer all the same
       (importers' entries refer to this package's entities by number) */
    st->ok = !has_line_directives(pp);
    const AstFile **gfiles;
    const Node **gdecls;
    size_t ngen = pipeline_generic_decls(pp, &gfiles, &gdecls);
    bb_uvar(&st->gb, ngen);
    if (ngen) {
        SyntaxSerFiles sf = {ser_file, NULL, &st->refs};
        const Node **nodes = NULL;
        size_t nnodes = 0;
        if (!syntax_write_decls(&st->gb, gfiles, gdecls, ngen, &sf, &nodes, &nnodes)) st->ok = false;
        else types_info_write(&st->gb, &pp->info, nodes, nnodes, &st->refs);
        free(nodes);
    }
    free(gfiles);
    free(gdecls);
    export_drain(st->w);
    st->t = now() - t0;
    s->store = st;
}

void sumcache_store_begin(SumCache *c, PipePkg *pp, const InlSummary *inl) {
    if (!c) return;
    SumSlot *s = &c->slots[pp->index];
    sumcache_store_types(c, pp);
    SumStore *st = s->store;
    if (!st) return;
    double t0 = now();
    if (!inline_summary_write(&st->ib, inl, pp->pkg, &st->refs)) st->ok = false;
    /* the escape summary numbers only a few more entities */
    export_drain(st->w);
    st->t += now() - t0;
}

void sumcache_store_end(SumCache *c, PipePkg *pp, const EscSummary *esc) {
    if (!c) return;
    SumSlot *s = &c->slots[pp->index];
    SumStore *st = s->store;
    if (!st) return;
    s->store = NULL;
    double t0 = now();
    ByteBuf eb = {0}, out = {0};
    escape_summary_write(&eb, esc, &st->refs);
    /* The table is finished (and the writer kept) even when the sections
       failed: importers' tables refer to this package's entities. */
    bb_u32(&out, SUM_MAGIC);
    bb_u32(&out, SUM_VERSION);
    put_dep_hashes(c, pp, &out);
    size_t t0len = out.len;
    export_finish(st->w, &out);
    s->thash = out.len >= t0len + 8 ? table_hash(out.data + out.len) : 0;
    s->w = st->w;
    s->wpkg = pp->pkg;
    put_section(&out, &eb);
    put_section(&out, &st->ib);
    put_section(&out, &st->gb);
    bool stored = st->ok && !export_writer_incomplete(st->w) && cache_put(c->store, &s->key, out.data, out.len);
    s->stored = stored;
    bb_free(&eb);
    bb_free(&st->ib);
    bb_free(&st->gb);
    bb_free(&out);
    double t = now() - t0 + st->t;
    free(st);
    pthread_mutex_lock(&c->mu);
    c->st.write_wall += t;
    if (stored) c->st.stored++;
    else c->st.unstorable++;
    pthread_mutex_unlock(&c->mu);
}

void sumcache_store(SumCache *c, PipePkg *pp, const EscSummary *esc, const InlSummary *inl) {
    sumcache_store_begin(c, pp, inl);
    sumcache_store_end(c, pp, esc);
}

/* Reads the generic declarations section into pp's arena and TypeInfo. */
static bool read_generics(SumCache *c, PipePkg *pp, ByteReader *r, const DeRefs *refs) {
    uint64_t n = br_uvar(r);
    if (r->bad) return false;
    if (n == 0) return r->p == r->end;
    SyntaxSerFiles sf = {NULL, de_file, (void *)refs};
    SyntaxDecls sd = {0};
    TypeInfo ti;
    types_info_init(&ti);
    if (!syntax_read_decls(r, &pp->arena, &c->p->names, &sf, &sd) || sd.n != n ||
        !types_info_read(r, &ti, sd.nodes, sd.nnodes, refs) || r->p != r->end) {
        types_info_free(&ti);
        return false;
    }
    pp->info = ti;
    pp->has_info = true;
    pp->files = xmalloc((sd.nuniq ? sd.nuniq : 1) * sizeof *pp->files);
    memcpy(pp->files, sd.uniq, sd.nuniq * sizeof *pp->files);
    pp->nfiles = sd.nuniq;
    return true;
}

/* Counts a read (under the lock: importers read on other threads). */
static void count_read(SumCache *c, double t0, bool ok, bool hit) {
    double t = now() - t0;
    pthread_mutex_lock(&c->mu);
    c->st.read_wall += t;
    if (ok) c->st.hits++;
    else if (hit) c->st.bad++;
    else c->st.misses++;
    pthread_mutex_unlock(&c->mu);
}

/* Forgets the types an entry gave pp, if any (nobody has read them). */
static void drop_types(SumSlot *s, PipePkg *pp) {
    if (!s->r) return;
    import_close(s->r);
    s->r = NULL;
    pkg_reset(pp->pkg);
}

bool sumcache_load_types(SumCache *c, PipePkg *pp) {
    if (!c) return false;
    SumSlot *s = &c->slots[pp->index];
    if (!s->keyed) return false;
    double t0 = now();
    CacheBlob blob;
    bool hit = cache_map(c->store, &s->key, &blob);
    bool ok = false;
    if (hit) {
        ByteReader r;
        br_init(&r, blob.data, blob.len);
        const char *why = NULL;
        ExportDeps deps = deps_of(c);
        const uint8_t *tend = NULL;
        ok = br_u32(&r) == SUM_MAGIC && br_u32(&r) == SUM_VERSION && dep_hashes_match(c, pp, &r) &&
             (s->r = import_open_into(pp->pkg, &r, &deps, &why)) != NULL && (tend = r.p) != NULL &&
             get_section(&r, &s->es) && get_section(&r, &s->is) && get_section(&r, &s->gs) && r.p == r.end;
        if (ok) s->thash = table_hash(tend);
    }
    if (ok) {
        cache_blob_free(&s->blob);      /* -d=summaryreload: the entry read before */
        s->blob = blob;
    } else {
        /* a bad entry: forget what was read; the package is analysed
           from source and the entry rewritten */
        drop_types(s, pp);
        cache_blob_free(&blob);
    }
    /* a hit is counted once its summaries are read too */
    if (!ok) count_read(c, t0, false, hit);
    else s->read_t = now() - t0;
    return ok;
}

/* Empties summaries a failed read may have half filled. */
static void reset_summaries(EscSummary *esc, InlSummary *inl) {
    escape_summary_free(esc);
    escape_summary_init(esc);
    inline_summary_free(inl);
    inline_summary_init(inl);
}

bool sumcache_load_summaries(SumCache *c, PipePkg *pp, EscSummary *esc, InlSummary *inl) {
    SumSlot *s = &c->slots[pp->index];
    DeRefs refs = import_refs(s->r);
    /* inline bodies are decoded on first use, with these refs */
    DeRefs *kept = arena_alloc(&inl->arena, sizeof *kept);
    *kept = refs;
    bool ok = escape_summary_read(&s->es, esc, &refs) && s->es.p == s->es.end &&
              inline_summary_read(&s->is, inl, pp->pkg, &c->p->names, kept, true) && s->is.p == s->is.end;
    if (!ok) reset_summaries(esc, inl);
    return ok;
}

static bool sumcache_load_generics(SumCache *c, PipePkg *pp) {
    SumSlot *s = &c->slots[pp->index];
    DeRefs refs = import_refs(s->r);
    bool ok = read_generics(c, pp, &s->gs, &refs);
    if (!ok) pipeline_free_trees(pp);    /* generic declarations read so far */
    return ok;
}

bool sumcache_load_rest(SumCache *c, PipePkg *pp, EscSummary *esc, InlSummary *inl) {
    SumSlot *s = &c->slots[pp->index];
    double t0 = now();
    bool ok = sumcache_load_summaries(c, pp, esc, inl);   /* left empty if not */
    if (ok && !sumcache_load_generics(c, pp)) {
        ok = false;
        reset_summaries(esc, inl);
    }
    count_read(c, t0 - s->read_t, ok, true);
    return ok;
}

bool sumcache_load_later(SumCache *c, PipePkg *pp) {
    SumSlot *s = &c->slots[pp->index];
    double t0 = now();
    bool ok = sumcache_load_generics(c, pp);
    count_read(c, t0 - s->read_t, ok, true);
    return ok;
}

bool sumcache_load(SumCache *c, PipePkg *pp, EscSummary *esc, InlSummary *inl) {
    if (!sumcache_load_types(c, pp)) return false;
    if (sumcache_load_rest(c, pp, esc, inl)) return true;
    /* nothing has read its types yet: it is analysed from source */
    SumSlot *s = &c->slots[pp->index];
    drop_types(s, pp);
    cache_blob_free(&s->blob);
    return false;
}

void sumcache_forget(SumCache *c, PipePkg *pp) {
    if (!c) return;
    char *path = cache_entry_path(c->store, &c->slots[pp->index].key);
    unlink(path);
    free(path);
}

int sumcache_reload(SumCache *c, PipePkg *pp, EscSummary *esc, InlSummary *inl) {
    if (!c || !c->slots[pp->index].stored) return 0;
    /* the package's messages are printed: its trees are no longer needed */
    pipeline_free_trees(pp);
    Pkg *np = pkg_new(c->p->ctx, pp->pkg->path, pp->pkg->name);
    Pkg *old = pp->pkg;
    pp->pkg = np;
    EscSummary ne;
    InlSummary ni;
    escape_summary_init(&ne);
    inline_summary_init(&ni);
    if (!sumcache_load(c, pp, &ne, &ni)) {
        pp->pkg = old;
        escape_summary_free(&ne);
        inline_summary_free(&ni);
        return 1;
    }
    escape_summary_free(esc);
    *esc = ne;
    inline_summary_free(inl);
    *inl = ni;
    pipeline_replace_pkg(c->p, pp, np);
    return 0;
}
