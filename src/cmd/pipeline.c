/* Load, parse and check packages in dependency order for the analysing
   subcommands (see pipeline.h). */
#include "pipeline.h"
#include "base/file.h"
#include "base/prefault.h"
#include "base/util.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double clock_sec(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A -p N worker's statistics; NULL on the calling thread of a sequential run. */
static _Thread_local PipeStats *worker_stats;

PipeStats *pipeline_stats(Pipeline *p) { return worker_stats ? worker_stats : &p->stats; }

static double cpu_now(const PipeStats *st) {
    return clock_sec(st->thread_cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID);
}

void pipeline_lap(Pipeline *p, PipeStage s) {
    if (!p->cfg.stats) return;
    PipeStats *st = pipeline_stats(p);
    double w = clock_sec(CLOCK_MONOTONIC), c = cpu_now(st);
    st->wall[s] += w - st->mark_wall;
    st->cpu[s] += c - st->mark_cpu;
    st->mark_wall = w;
    st->mark_cpu = c;
}

void pipeline_print_stats(Pipeline *p, FILE *out) {
    static const char *const names[PS_NSTAGES] = {
        "load", "cache", "parse", "types", "ir", "inline", "escape", "report", "other",
    };
    static const char *const notes[PS_NSTAGES] = {
        "go list's work: match, build constraints, read files",
        "keys (hashing sources), reading summaries of unchanged packages",
        "", "",
        "lowering, shaped instantiation",
        "inline decisions, substitution",
        "deadlocals, escape analysis", "-m bounds notes, printing, freeing IR",
        "freeing or pruning trees between packages",
    };
    const PipeStats *st = &p->stats;
    double wall = clock_sec(CLOCK_MONOTONIC) - st->start_wall;
    double cpu = clock_sec(CLOCK_PROCESS_CPUTIME_ID) - st->start_cpu;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(out, "goescape -stats: %zu packages (%zu roots, %zu analysed), %zu files, %.1f MB of source, %zu functions\n",
            p->npkgs, p->nroots, st->nanalysed, st->nfiles, (double)st->nbytes / 1e6, st->nfuncs);
    if (st->jobs > 1)
        fprintf(out, "-p %u: a stage's wall and cpu are summed over the threads (wall %% can pass 100); "
                "workers idle %.3f s waiting for a ready package\n", st->jobs, st->idle_wall);
    fprintf(out, "%-8s %9s %9s %7s\n", "stage", "wall s", "cpu s", "wall %");
    for (int i = 0; i < PS_NSTAGES; i++)
        fprintf(out, "%-8s %9.3f %9.3f %7.1f%s%s\n", names[i], st->wall[i], st->cpu[i],
                wall > 0 ? 100 * st->wall[i] / wall : 0.0, notes[i][0] ? "  " : "", notes[i]);
    fprintf(out, "%-8s %9.3f %9.3f %7.1f  (pipeline_open to now%s)\n", "total", wall, cpu, 100.0,
            st->jobs > 1 ? ": real wall, process cpu" : "");
    fprintf(out, "%-8s %9.3f %9.3f %7.1f  (root packages alone: what remains once dependencies come from a cache)\n",
            "roots", st->root_wall, st->root_cpu, wall > 0 ? 100 * st->root_wall / wall : 0.0);
    fprintf(out, "peak RSS: %.1f MB\n", (double)ru.ru_maxrss / 1024);
}

/* The directory file names are shown relative to: $PWD when it names the
   working directory (the go command keeps symlinks that way), else cwd. */
static char *display_base(const char *dir) {
    if (dir) {
        char *r = realpath(dir, NULL);
        if (r) return r;
    }
    char *cwd = getcwd(NULL, 0);
    const char *pwd = getenv("PWD");
    if (pwd && cwd && pwd[0] == '/') {
        char *real = realpath(pwd, NULL);
        bool same = real && strcmp(real, cwd) == 0;
        free(real);
        if (same) {
            free(cwd);
            return xstrdup(pwd);
        }
    }
    return cwd;
}

/* Every package's Pkg is made before any is checked, so that the context's
   package list and by_pkg stay unchanged while packages run in parallel. */
static void new_pkg(Pipeline *p, PipePkg *pp) {
    const Package *lp = pp->lp;
    if (strcmp(lp->import_path, "unsafe") == 0) {
        pp->pkg = p->ctx->unsafe_pkg;
        pp->is_unsafe = true;
    } else {
        /* The package path gc compiles with: go build's -p, "main" for
           commands; -p given to goescape for packages named by files. */
        const char *path = lp->import_path;
        if (lp->name && strcmp(lp->name, "main") == 0) path = "main";
        if (p->cfg.cmdline_pkgpath && strcmp(lp->import_path, "command-line-arguments") == 0)
            path = p->cfg.cmdline_pkgpath;
        pp->pkg = pkg_new(p->ctx, path, lp->name ? lp->name : "");
        pp->pkg->go_version = lp->go_version;
    }
    ptrmap_put(&p->by_pkg, pp->pkg, pp);
    if (pp->pkg->path && !ptrmap_get(&p->by_path, pp->pkg->path)) ptrmap_put(&p->by_path, pp->pkg->path, pp);
}

int pipeline_open(Pipeline *p, const PipeConfig *cfg, const char **patterns, size_t npatterns) {
    memset(p, 0, sizeof *p);
    p->cfg = *cfg;
    if (p->cfg.stats) {
        p->stats.start_wall = p->stats.mark_wall = clock_sec(CLOCK_MONOTONIC);
        p->stats.start_cpu = p->stats.mark_cpu = clock_sec(CLOCK_PROCESS_CPUTIME_ID);
    }
    interner_init(&p->names);
    if (npatterns == 0) {
        fputs("goescape: no packages or files given\n", stderr);
        return 2;
    }
    p->loader = loader_new(&p->cfg.load);
    if (!p->loader) return 2;
    Package **all = NULL;
    size_t nall = 0;
    if (loader_match(p->loader, patterns, npatterns, &p->roots, &p->nroots) != 0 ||
        loader_deps(p->loader, p->roots, p->nroots, &all, &nall) != 0) {
        free(all);
        return 2;
    }
    loader_save_index(p->loader);
    pipeline_lap(p, PS_LOAD);
    /* names: ~320 per package (a net/http edit interns 60,000, most of
       them reading its 186 dependencies' types) */
    interner_reserve(&p->names, nall * 320);
    p->ctx = types_new(&p->names, loader_goarch(p->loader));
    if (!p->ctx) {
        fprintf(stderr, "goescape: unsupported GOARCH %s\n", loader_goarch(p->loader));
        free(all);
        return 2;
    }
    p->cwd = display_base(p->cfg.load.dir);
    p->patterns = patterns;
    p->npatterns = npatterns;
    p->pkgs = xcalloc(nall ? nall : 1, sizeof *p->pkgs);
    p->npkgs = nall;
    for (size_t i = 0; i < nall; i++) {
        PipePkg *pp = xcalloc(1, sizeof *pp);
        pp->lp = all[i];
        pp->index = i;
        pp->out = stdout;
        pp->err = stderr;
        for (size_t j = 0; j < p->nroots; j++)
            if (p->roots[j] == all[i]) pp->root = true;
        arena_init(&pp->arena);
        p->pkgs[i] = pp;
        ptrmap_put(&p->by_package, all[i], pp);
        new_pkg(p, pp);
    }
    free(all);
    /* The "go.shape" package ir/instantiate.c finds by path, made now so
       that no package joins the context while workers run. */
    p->shape_pkg = pkg_new(p->ctx, "go.shape", "go.shape");
    p->shape_pkg->complete = true;
    pipeline_lap(p, PS_TYPES);    /* the universe; the package table */
    return 0;
}

typedef struct ImportData { Pipeline *p; PipePkg *pp; } ImportData;

static Pkg *import_fn(void *data, const char *path) {
    ImportData *d = data;
    const Package *lp = d->pp->lp;
    for (size_t i = 0; i < lp->nimports && i < lp->ndeps; i++)
        if (strcmp(lp->imports[i], path) == 0) {
            PipePkg *dep = ptrmap_get(&d->p->by_package, lp->deps[i]);
            return dep ? dep->pkg : NULL;
        }
    return NULL;
}

static void add_source(PipePkg *pp, SourceFile *sf, char *text, char *name) {
    size_t n = pp->lp->ngo_files ? pp->lp->ngo_files : 1;
    if (!pp->srcs) {
        pp->srcs = xmalloc(n * sizeof *pp->srcs);
        pp->texts = xmalloc(n * sizeof *pp->texts);
        pp->src_names = xmalloc(n * sizeof *pp->src_names);
    }
    pp->srcs[pp->nsrc] = sf;
    pp->texts[pp->nsrc] = text;
    pp->src_names[pp->nsrc] = name;
    pp->nsrc++;
}


/* The name gc prints for a file of package lp, as go build shows it (a
   .go file named on the command line too: ./a.go for a.go). */
static char *display_name(Pipeline *p, const Package *lp, const char *file) {
    size_t dl = strlen(lp->dir);
    if (p->cwd && strncmp(file, lp->dir, dl) == 0 && file[dl] == '/')
        return short_file_path(p->cwd, lp->dir, file + dl + 1);
    return xstrdup(file);
}

/* Makes pp's SourceFiles (they outlive the trees) and notes whether a
   dependency failed. Contents come from the loader when it read them;
   when it knows them by their hashes alone (its directory index), they
   stay on disk until something needs them (source_load): a package the
   summary cache serves is never parsed. */
static void make_sources(Pipeline *p, PipePkg *pp) {
    Package *lp = pp->lp;
    if (pp->is_unsafe || pp->sources_made) return;
    pp->sources_made = true;
    for (size_t i = 0; i < lp->ngo_files; i++) {
        size_t len = 0;
        char *err = NULL, *src = NULL;
        if (lp->go_file_texts && lp->go_file_texts[i]) {
            src = lp->go_file_texts[i];
            len = lp->go_file_lens[i];
            lp->go_file_texts[i] = NULL;
        } else if (!lp->go_file_keys) {
            src = read_file(lp->go_files[i], &len, &err);
            if (!src) {
                fprintf(pp->err, "goescape: %s: %s\n", lp->go_files[i], err);
                free(err);
                pp->load_failed = true;
                continue;
            }
        }
        char *name = display_name(p, lp, lp->go_files[i]);
        SourceFile *sf = xcalloc(1, sizeof *sf);
        if (!src && lp->go_file_lens) len = lp->go_file_lens[i];
        source_init(sf, name, src, len);
        sf->abspath = lp->go_files[i];
        if (!src) sf->disk = lp->go_files[i];
        add_source(pp, sf, src, name);
    }
    pipeline_lap(p, PS_LOAD);
}

static void read_sources(Pipeline *p, PipePkg *pp) {
    Package *lp = pp->lp;
    if (pp->is_unsafe) return;
    for (size_t i = 0; i < lp->ndeps; i++) {
        PipePkg *dep = ptrmap_get(&p->by_package, lp->deps[i]);
        if (dep && (dep->errors || dep->dep_errors || dep->load_failed)) pp->dep_errors = true;
    }
    make_sources(p, pp);
}

/* Reads the contents read_sources left on disk; false after printing
   why one cannot be read. */
static bool load_sources(PipePkg *pp) {
    bool ok = true;
    for (size_t i = 0; i < pp->nsrc; i++) {
        char *err = NULL;
        if (!source_load(pp->srcs[i], &err)) {
            fprintf(pp->err, "goescape: %s: %s\n", pp->srcs[i]->disk, err);
            free(err);
            ok = false;
        }
    }
    if (!ok) pp->load_failed = true;
    return ok;
}

/* Parses pp's files, once (-p N may do it ahead, see worker): the syntax
   errors wait in pp->parse_diags for check_one. */
static void parse_files(Pipeline *p, PipePkg *pp) {
    if (pp->files) return;     /* parsed ahead */
    PipeStats *st = pipeline_stats(p);
    pp->files = xmalloc((pp->nsrc ? pp->nsrc : 1) * sizeof *pp->files);
    load_sources(pp);
    for (size_t i = 0; i < pp->nsrc; i++) {
        if (!pp->srcs[i]->src) continue;
        AstFile *f = syntax_parse(&pp->arena, &p->names, pp->srcs[i], &pp->parse_diags);
        pp->errors += f->nerrors;
        pp->files[pp->nfiles++] = f;
        st->nfiles++;
        st->nbytes += pp->srcs[i]->len;
    }
    pipeline_lap(p, PS_PARSE);
}

static void check_one(Pipeline *p, PipePkg *pp) {
    Package *lp = pp->lp;
    if (pp->is_unsafe) return;
    Pkg *pkg = pp->pkg;
    parse_files(p, pp);
    DiagList diags = pp->parse_diags;
    memset(&pp->parse_diags, 0, sizeof pp->parse_diags);
    ImportData idata = {p, pp};
    Importer imp = {import_fn, &idata};
    bool want_info = pp->root || !p->cfg.deps_without_info;
    types_info_init(&pp->info);
    pp->has_info = want_info;
    pp->errors += types_check_files_info(pkg, pp->files, pp->nfiles, &imp, &diags, NULL,
                                         want_info ? &pp->info : NULL);
    /* Like the go command: errors under a "# importpath" header. */
    if (diags.len) fprintf(pp->err, "# %s\n", lp->import_path);
    if (p->cfg.max_errors) diag_print_limit(&diags, pp->err, p->cfg.max_errors);
    else diag_print(&diags, pp->err);
    diag_free(&diags);
    pipeline_lap(p, PS_TYPES);
}

void pipeline_free_trees(PipePkg *pp) {
    ptrmap_free(&pp->gendecls);
    pp->gendecls_built = false;
    if (!pp->files) return;
    types_info_free(&pp->info);
    pp->has_info = false;
    free(pp->files);
    pp->files = NULL;
    pp->nfiles = 0;
    arena_free(&pp->arena);
}

static bool is_generic_funcdecl(const Node *d) {
    if (d->kind != N_FuncDecl || !d->u.funcdecl.body) return false;
    const Node *ft = d->u.funcdecl.type;
    if (ft && ft->u.functype.tparams && ft->u.functype.tparams->u.fieldlist.list.n) return true;
    const Node *rl = d->u.funcdecl.recv;
    const Node *rt = rl && rl->u.fieldlist.list.n ? rl->u.fieldlist.list.v[0]->u.field.type : NULL;
    while (rt && (rt->kind == N_ParenExpr || rt->kind == N_StarExpr))
        rt = rt->kind == N_StarExpr ? rt->u.star.x : rt->u.paren.x;
    return rt && (rt->kind == N_IndexExpr || rt->kind == N_IndexListExpr);
}

bool pipeline_is_generic_decl(const Node *d) { return is_generic_funcdecl(d); }

size_t pipeline_generic_decls(const PipePkg *pp, const AstFile ***files, const Node ***decls) {
    size_t n = 0, cap = 0;
    *files = NULL;
    *decls = NULL;
    for (size_t i = 0; pp->files && pp->has_info && i < pp->nfiles; i++) {
        const AstFile *f = pp->files[i];
        if (!f || !f->root) continue;
        for (uint32_t k = 0; k < f->root->u.file.decls.n; k++) {
            const Node *d = f->root->u.file.decls.v[k];
            if (!is_generic_funcdecl(d)) continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 16;
                *files = xrealloc(*files, cap * sizeof **files);
                *decls = xrealloc(*decls, cap * sizeof **decls);
            }
            (*files)[n] = f;
            (*decls)[n++] = d;
        }
    }
    return n;
}

/* Whether the package declares generic functions or methods with bodies. */
static bool has_generics(const PipePkg *pp) {
    if (!pp->files || !pp->has_info || pp->errors) return false;
    for (size_t i = 0; i < pp->nfiles; i++) {
        const AstFile *f = pp->files[i];
        if (!f || !f->root) continue;
        for (uint32_t k = 0; k < f->root->u.file.decls.n; k++)
            if (is_generic_funcdecl(f->root->u.file.decls.v[k])) return true;
    }
    return false;
}

/* Keeps only the records of nodes inside generic declarations (what
   importers lower again), to bound memory: a node is kept when its
   position lies inside such a declaration of any file of the package
   (positions are per file; the over-approximation is harmless). */
typedef struct Range { Pos lo, hi; } Range;

static int cmp_range(const void *a, const void *b) {
    const Range *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static bool in_ranges(const Range *r, size_t n, Pos p) {
    size_t lo = 0, hi = n;     /* last range with lo <= p */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r[mid].lo <= p) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i-- > 0;) {
        if (r[i].hi >= p) return true;
        if (lo - i > 64) break;     /* ranges rarely nest deeply */
    }
    return false;
}

typedef struct RangeSet { const Range *r; size_t n; } RangeSet;

static bool in_set(const Node *n, void *data) {
    const RangeSet *s = data;
    return n && in_ranges(s->r, s->n, n->pos);
}

static void prune_info(PipePkg *pp) {
    const AstFile **gfiles;
    const Node **gdecls;
    size_t nr = pipeline_generic_decls(pp, &gfiles, &gdecls);
    Range *rs = xmalloc((nr ? nr : 1) * sizeof *rs);
    for (size_t i = 0; i < nr; i++) rs[i] = (Range){gdecls[i]->pos, gdecls[i]->end};
    free(gfiles);
    free(gdecls);
    if (nr) qsort(rs, nr, sizeof *rs, cmp_range);
    RangeSet set = {rs, nr};
    types_info_prune(&pp->info, in_set, &set);
    free(rs);
}

typedef struct PipeGenDecl { const Node *decl; const AstFile *file; } PipeGenDecl;

static void build_gendecls(PipePkg *pp);

bool pipeline_generic_decl(Pipeline *p, const Object *fn, const Node **decl, const AstFile **file,
                           const TypeInfo **info) {
    PipePkg *pp = fn ? pipeline_find(p, fn->pkg) : NULL;
    if (!pp || !pp->files || !pp->has_info) return false;
    /* -p N: built by the package's own worker before importers start. */
    if (!pp->gendecls_built) build_gendecls(pp);
    PipeGenDecl *g = ptrmap_get(&pp->gendecls, fn);
    if (!g) return false;
    *decl = g->decl;
    *file = g->file;
    *info = &pp->info;
    return true;
}

static void build_gendecls(PipePkg *pp) {
    pp->gendecls_built = true;
    const AstFile **gfiles;
    const Node **gdecls;
    size_t n = pipeline_generic_decls(pp, &gfiles, &gdecls);
    for (size_t i = 0; i < n; i++) {
        Object *o = types_ident_def(&pp->info, gdecls[i]->u.funcdecl.name);
        if (!o) continue;
        PipeGenDecl *g = arena_alloc(&pp->arena, sizeof *g);
        g->decl = gdecls[i];
        g->file = gfiles[i];
        ptrmap_put(&pp->gendecls, o, g);
    }
    free(gfiles);
    free(gdecls);
}

/* -p N: what importers on other threads read of a package is made by its
   owner before they may start: the files' line tables, once its types are
   ready (an importer's checker may print positions in them), and the
   generic declarations' index, once it is finished. */
static void build_lines(Pipeline *p, PipePkg *pp) {
    if (p->cfg.jobs <= 1) return;
    for (size_t i = 0; i < pp->nsrc; i++) source_build_lines(pp->srcs[i]);
}

/* Adds the time since (w0, c0) to the root packages' totals. */
static void charge_root(Pipeline *p, PipePkg *pp, double w0, double c0) {
    PipeStats *st = pipeline_stats(p);
    if (!pp->root) return;
    st->root_wall += st->mark_wall - w0;
    st->root_cpu += st->mark_cpu - c0;
}

/* A package's first half (CHECK): reads its files, then parses and checks
   it, unless the cache may hold its summary (roots are always analysed:
   their messages are wanted): reading that needs the dependencies'
   summaries, so it waits for ANALYSE. True when the package's types are
   ready (importers may be checked). */
static bool check_task(Pipeline *p, PipePkg *pp, void *data) {
    PipeStats *st = pipeline_stats(p);
    pipeline_lap(p, PS_OTHER);
    double w0 = st->mark_wall, c0 = st->mark_cpu;
    read_sources(p, pp);
    if (p->cfg.cached && !pp->is_unsafe) {
        pp->cache_later = !p->cfg.cache_key || p->cfg.cache_key(data, p, pp);
        pipeline_lap(p, PS_CACHE);
    }
    if (!pp->cache_later) {
        check_one(p, pp);
        build_lines(p, pp);
    }
    pipeline_lap(p, PS_OTHER);
    charge_root(p, pp, w0, c0);
    return !pp->cache_later;
}

static void finish_task(Pipeline *p, PipePkg *pp);

/* With cached_types (-p N), the ANALYSE of a package the cache may hold:
   its types from the cache, its rest (rest_task) once importers may read
   them. False: a miss after all (it is checked and visited). */
static bool types_task(Pipeline *p, PipePkg *pp, void *data) {
    pipeline_lap(p, PS_OTHER);
    bool ok = p->cfg.cached_types(data, p, pp);
    pipeline_lap(p, PS_CACHE);
    pp->from_cache = ok;
    return ok;
}

/* The rest of a package types_task read: nonzero when it does not read
   back (the run stops: importers have read its types). */
static int rest_task(Pipeline *p, PipePkg *pp, void *data) {
    pipeline_lap(p, PS_OTHER);
    bool ok = p->cfg.cached_rest(data, p, pp);
    pipeline_lap(p, PS_CACHE);
    finish_task(p, pp);
    return ok ? 0 : 2;
}

/* Its second half (ANALYSE), once its dependencies are finished: reads it
   from the cache (or, on a miss, checks it), visits it, then frees or
   prunes its trees. */
static int analyse_task(Pipeline *p, PipePkg *pp, PipeVisit visit, void *data) {
    PipeStats *st = pipeline_stats(p);
    pipeline_lap(p, PS_OTHER);
    double w0 = st->mark_wall, c0 = st->mark_cpu;
    if (pp->cache_later && !pp->cache_missed && p->cfg.cached(data, p, pp)) {
        pp->from_cache = true;
        pipeline_lap(p, PS_CACHE);
    } else {
        if (pp->cache_later) {
            pipeline_lap(p, PS_CACHE);
            check_one(p, pp);
        }
        if (visit) {
            int rc = visit(data, p, pp);
            pipeline_lap(p, PS_REPORT);
            if (rc) return rc;
        }
    }
    finish_task(p, pp);
    charge_root(p, pp, w0, c0);
    return 0;
}

/* pp is finished: its trees go (but the last package's), and with -p N
   what importers read of it is made now. */
static void finish_task(Pipeline *p, PipePkg *pp) {
    bool last = pipeline_last(p);
    __atomic_add_fetch(&p->nfinished, 1, __ATOMIC_RELAXED);
    if (!last) pipeline_release_trees(p, pp);
    if (p->cfg.jobs > 1 && !last) {
        if (pp->files && pp->has_info && !pp->gendecls_built) build_gendecls(pp);
        build_lines(p, pp);
    }
    pipeline_lap(p, PS_OTHER);
}

void pipeline_release_trees(Pipeline *p, PipePkg *pp) {
    if (p->cfg.keep_trees || pp->from_cache || pp->trees_released) return;
    bool generics = p->cfg.keep_generics && has_generics(pp);
    /* the package finished last has no importers left: pruning would only
       cost time (its cache entry reads the generic declarations' records
       from the whole table as well) */
    if (generics && pipeline_last(p)) return;
    pp->trees_released = true;
    if (generics) prune_info(pp);
    else pipeline_free_trees(pp);
}

bool pipeline_last(const Pipeline *p) {
    return p->cfg.no_teardown && __atomic_load_n(&p->nfinished, __ATOMIC_RELAXED) + 1 == p->npkgs;
}

/* Adds a finished package's errors to the run's totals. */
static void count_errors(Pipeline *p, const PipePkg *pp) {
    if (pp->root) p->errors += pp->errors;
    else p->dep_errors += pp->errors;
}

static int run_sequential(Pipeline *p, PipeVisit visit, void *data) {
    int status = 0;
    for (size_t i = 0; i < p->npkgs; i++) {
        PipePkg *pp = p->pkgs[i];
        check_task(p, pp, data);
        int rc = analyse_task(p, pp, visit, data);
        count_errors(p, pp);
        if (rc) return rc;
        if (pp->load_failed) status = 2;
    }
    return status;
}

/* ---------------------------------------------------------------- -p N
   Each package is two tasks. CHECK (read, cache key, parse, type-check)
   needs its dependencies' types; ANALYSE (the visit: lowering, inlining,
   escape analysis, printing) needs its own CHECK and its dependencies
   finished, as it reads their summaries. So while one worker analyses a
   big package (runtime), the others check its importers ahead. A package
   the cache may hold is only keyed at CHECK: its summary (and types) are
   read at ANALYSE, and importers are checked after that.

   Ready tasks wait in two max-heaps; workers take the task with the
   longest estimated path of work after it (bytes of source plus a
   constant per package, split between the halves), so that the long chain
   (internal/... -> runtime -> ... -> net/http) goes first. Packages
   checked but not yet analysed keep their trees and TypeInfo: their
   source bytes are capped (AHEAD_CAP), bounding memory. (A replay of cold
   std's schedule on 2 workers from measured task times: comparing the two
   heaps' paths beat taking any ready ANALYSE first by ~1.5% of wall time;
   CHECK_SHARE from 0.2 to 0.4 made no difference.) Output is emitted in
   p->pkgs order as soon as the prefix is finished. */

/* A CHECK starts only while the packages being checked or checked and
   waiting for their ANALYSE have fewer source bytes than this (the ones
   being analysed are not counted: one worker keeps a package's trees
   anyway, and a big one would block every check while it runs). Cold std
   on 2 workers goes up to ~9 MB uncapped; in a replay of its schedule,
   workers idled 0.6 s at a cap of 3 MB, 0.07 s at 6 MB, 0.02 s from 8 MB
   on. cmd/compile/internal/ssa alone has 12 MB. */
#define AHEAD_CAP ((size_t)16 << 20)
/* The share of a package's work that its CHECK is (-stats: parse + types
   against ir + inline + escape + report). */
#define CHECK_SHARE 0.3

typedef struct Heap {
    uint32_t *v;
    size_t n;
    const double *prio;
} Heap;

typedef struct Sched {
    Pipeline *p;
    PipeVisit visit;
    void *data;
    pthread_mutex_t mu;         /* everything below but the emitter's fields */
    pthread_cond_t cv;
    uint32_t *pend_check;       /* dependencies whose types are not ready */
    uint32_t *pend_analyse;     /* dependencies not finished, + 1 until its CHECK is done */
    uint32_t *pend_types;       /* dependencies an entry's types cannot be read against yet (a
                                   cached one's types not read, another not finished), + 1 until
                                   its CHECK is done */
    bool *queued;               /* its ANALYSE is (or was) in the heap */
    bool split;                 /* cached_types and cached_rest: REST tasks */
    size_t nrest;               /* REST tasks queued or running */
    uint32_t *dstart, *dlist;   /* dependents of i: dlist[dstart[i] .. dstart[i+1]) */
    double *prio_check, *prio_analyse;
    size_t *bytes;              /* source bytes */
    Heap check, analyse, rest;  /* ready tasks */
    size_t running;
    size_t ahead;               /* source bytes of packages being checked or checked, waiting for ANALYSE */
    bool *counted;              /* the package's bytes are in ahead */
    uint8_t *pstate;            /* parse_ahead: 1 parsing, 2 parsed */
    bool *done;
    size_t stop;                /* the first package whose visit failed; npkgs: none */
    pthread_mutex_t out_mu;     /* the emitter: */
    size_t next_emit;           /* packages before it are written out */
    int status;                 /* 2 when an emitted package failed to load */
    PrefaultRange pf;           /* heap an idle worker may fault in (base/prefault.h) */
    PipeAside *aside;           /* a job posted for an idle worker, not taken yet */
} Sched;

static bool heap_less(const Heap *h, uint32_t a, uint32_t b) {
    return h->prio[a] != h->prio[b] ? h->prio[a] < h->prio[b] : a > b;   /* ties: earlier first */
}

static void heap_push(Heap *h, uint32_t v) {
    size_t i = h->n++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!heap_less(h, h->v[up], v)) break;
        h->v[i] = h->v[up];
        i = up;
    }
    h->v[i] = v;
}

static uint32_t heap_pop(Heap *h) {
    uint32_t top = h->v[0], v = h->v[--h->n];
    size_t i = 0, n = h->n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && heap_less(h, h->v[c], h->v[c + 1])) c++;
        if (!heap_less(h, v, h->v[c])) break;
        h->v[i] = h->v[c];
        i = c;
    }
    if (n) h->v[i] = v;
    return top;
}

/* The package's dependencies as indices (each once), via by_package. */
static size_t dep_indices(const Pipeline *p, const PipePkg *pp, uint32_t *out) {
    size_t n = 0;
    for (size_t k = 0; k < pp->lp->ndeps; k++) {
        const PipePkg *dep = ptrmap_get(&p->by_package, pp->lp->deps[k]);
        if (!dep || dep->index >= pp->index) continue;
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++) seen = out[j] == dep->index;
        if (!seen) out[n++] = (uint32_t)dep->index;
    }
    return n;
}

static void sched_init(Sched *s, Pipeline *p, PipeVisit visit, void *data) {
    memset(s, 0, sizeof *s);
    s->p = p;
    s->visit = visit;
    s->data = data;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    pthread_mutex_init(&s->out_mu, NULL);
    size_t n = p->npkgs, maxdeps = 1, nedges = 0;
    for (size_t i = 0; i < n; i++)
        if (p->pkgs[i]->lp->ndeps > maxdeps) maxdeps = p->pkgs[i]->lp->ndeps;
    uint32_t *tmp = xmalloc(maxdeps * sizeof *tmp);
    s->pend_check = xcalloc(n + 1, sizeof *s->pend_check);
    s->pend_analyse = xcalloc(n + 1, sizeof *s->pend_analyse);
    s->pend_types = xcalloc(n + 1, sizeof *s->pend_types);
    s->queued = xcalloc(n + 1, sizeof *s->queued);
    s->split = p->cfg.cached_types && p->cfg.cached_rest;
    s->dstart = xcalloc(n + 2, sizeof *s->dstart);
    for (size_t i = 0; i < n; i++) {
        size_t nd = dep_indices(p, p->pkgs[i], tmp);
        s->pend_check[i] = (uint32_t)nd;
        s->pend_analyse[i] = (uint32_t)nd + 1;
        s->pend_types[i] = (uint32_t)nd + 1;
        for (size_t j = 0; j < nd; j++) s->dstart[tmp[j] + 1]++;
        nedges += nd;
    }
    for (size_t i = 0; i < n; i++) s->dstart[i + 1] += s->dstart[i];
    s->dlist = xmalloc((nedges ? nedges : 1) * sizeof *s->dlist);
    uint32_t *fill = xmalloc((n + 1) * sizeof *fill);
    memcpy(fill, s->dstart, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        size_t nd = dep_indices(p, p->pkgs[i], tmp);
        for (size_t j = 0; j < nd; j++) s->dlist[fill[tmp[j]]++] = (uint32_t)i;
    }
    free(fill);
    free(tmp);
    /* The longest path of work from each task to the end. Task edges:
       CHECK(i) -> ANALYSE(i), CHECK(i) -> CHECK(j) and ANALYSE(i) ->
       ANALYSE(j) for each dependent j; dependents come later in p->pkgs:
       one backward pass. */
    s->prio_check = xcalloc(n + 1, sizeof *s->prio_check);
    s->prio_analyse = xcalloc(n + 1, sizeof *s->prio_analyse);
    s->bytes = xcalloc(n + 1, sizeof *s->bytes);
    for (size_t i = n; i-- > 0;) {
        const Package *lp = p->pkgs[i]->lp;
        size_t bytes = 0;
        struct stat sb;
        for (size_t k = 0; k < lp->ngo_files; k++)
            if (lp->go_file_lens) bytes += lp->go_file_lens[k];
            else if (stat(lp->go_files[k], &sb) == 0) bytes += (size_t)sb.st_size;
        s->bytes[i] = bytes;
        double cost = 8192 + (double)bytes;
        double after_check = 0, after_analyse = 0;
        for (uint32_t e = s->dstart[i]; e < s->dstart[i + 1]; e++) {
            uint32_t j = s->dlist[e];
            if (s->prio_check[j] > after_check) after_check = s->prio_check[j];
            if (s->prio_analyse[j] > after_analyse) after_analyse = s->prio_analyse[j];
        }
        s->prio_analyse[i] = (1 - CHECK_SHARE) * cost + after_analyse;
        if (s->prio_analyse[i] > after_check) after_check = s->prio_analyse[i];
        s->prio_check[i] = CHECK_SHARE * cost + after_check;
    }
    s->check = (Heap){xmalloc((n + 1) * sizeof(uint32_t)), 0, s->prio_check};
    s->analyse = (Heap){xmalloc((n + 1) * sizeof(uint32_t)), 0, s->prio_analyse};
    s->rest = (Heap){xmalloc((n + 1) * sizeof(uint32_t)), 0, s->prio_analyse};
    for (size_t i = 0; i < n; i++)
        if (!s->pend_check[i]) heap_push(&s->check, (uint32_t)i);
    s->counted = xcalloc(n + 1, sizeof *s->counted);
    s->pstate = xcalloc(n + 1, sizeof *s->pstate);
    s->done = xcalloc(n + 1, sizeof *s->done);
    s->stop = n;
}

static void sched_free(Sched *s) {
    free(s->pend_check);
    free(s->pend_analyse);
    free(s->pend_types);
    free(s->queued);
    free(s->rest.v);
    free(s->dstart);
    free(s->dlist);
    free(s->prio_check);
    free(s->prio_analyse);
    free(s->bytes);
    free(s->check.v);
    free(s->analyse.v);
    free(s->counted);
    free(s->pstate);
    free(s->done);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->out_mu);
}

/* Task kinds: a package's CHECK, its ANALYSE, and (cached_rest) the
   REST of a package read from the cache in two steps. */
enum { T_CHECK, T_ANALYSE, T_REST };

/* Takes the next task (under s->mu): false when none may start now. The
   one with the longer path after it goes first; a CHECK only while the
   packages checked ahead are under the cap (once a visit failed, the run
   ends as soon as it can: no cap). */
static bool sched_pick(Sched *s, uint32_t *pkg, int *kind, bool rest) {
    bool can_check = s->check.n && (s->ahead < AHEAD_CAP || s->stop < s->p->npkgs);
    Heap *best = can_check ? &s->check : NULL;
    *kind = T_CHECK;
    /* ties: ANALYSE before CHECK (it frees memory) */
    if (s->analyse.n && (!best || s->prio_analyse[s->analyse.v[0]] >= best->prio[best->v[0]])) {
        best = &s->analyse;
        *kind = T_ANALYSE;
    }
    /* REST tasks gate only packages analysed from source (after an edit,
       the edited one: its CHECK, and its parse ahead, go first): last, and
       only when asked */
    if (rest && s->rest.n && !best) {
        best = &s->rest;
        *kind = T_REST;
    }
    if (!best) return false;
    *pkg = heap_pop(best);
    return true;
}

/* Charges the time since the worker's last lap to waiting, nobody's stage. */
static void stats_idle(Pipeline *p, PipeStats *st) {
    if (!p->cfg.stats) return;
    double w = clock_sec(CLOCK_MONOTONIC);
    st->idle_wall += w - st->mark_wall;
    st->mark_wall = w;
    st->mark_cpu = cpu_now(st);
}

/* An idle worker (under s->mu, which it drops meanwhile) parses a root
   whose dependencies' types are not ready yet: roots are always parsed,
   and their CHECK then only type-checks. Its CHECK cannot start meanwhile
   (one more pending condition). True when it parsed one. */
static bool parse_ahead(Sched *s) {
    Pipeline *p = s->p;
    for (size_t i = 0; i < p->npkgs; i++) {
        PipePkg *pp = p->pkgs[i];
        if (!pp->root || pp->is_unsafe || s->pstate[i] || !s->pend_check[i] || i >= s->stop ||
            s->ahead + s->bytes[i] > AHEAD_CAP)
            continue;
        s->pstate[i] = 1;
        s->pend_check[i]++;
        s->ahead += s->bytes[i];
        s->counted[i] = true;
        pthread_mutex_unlock(&s->mu);
        stats_idle(p, pipeline_stats(p));
        make_sources(p, pp);
        parse_files(p, pp);
        pthread_mutex_lock(&s->mu);
        s->pstate[i] = 2;
        if (--s->pend_check[i] == 0) heap_push(&s->check, (uint32_t)i);
        pthread_cond_broadcast(&s->cv);
        return true;
    }
    return false;
}

/* Heap bytes a task allocates per byte of the package's source (net/http,
   -p 1: type-checking ~11, lowering to printing ~42; its parse runs
   ahead), and the most reserved: malloc takes larger blocks from mmap
   (M_MMAP_THRESHOLD, main.c), not from the heap the task allocates from. */
#define CHECK_HEAP_PER_BYTE 12
#define ANALYSE_HEAP_PER_BYTE 40
#define PREFAULT_MAX ((size_t)30 << 20)
#define PREFAULT_STEP ((size_t)1 << 20)

/* Whether the task about to run (not a REST) is all that is left but
   REST tasks (under s->mu): the package finished last, as the one package
   edited after its dependencies came from the cache. The other workers
   would only wait or read the rest of entries. */
static bool alone(Sched *s) {
    Pipeline *p = s->p;
    return p->cfg.jobs > 1 && __atomic_load_n(&p->nfinished, __ATOMIC_RELAXED) + s->nrest + 1 == p->npkgs;
}

/* Before running package pp's task alone on this thread: one of the other
   workers first faults in the heap this task will allocate
   (prefault_ahead). */
static void reserve_heap(Sched *s, const PipePkg *pp, bool analyse) {
    size_t n = s->bytes[pp->index] * (analyse ? ANALYSE_HEAP_PER_BYTE : CHECK_HEAP_PER_BYTE);
    if (n < PREFAULT_STEP) return;
    PrefaultRange r = prefault_reserve(n < PREFAULT_MAX ? n : PREFAULT_MAX);
    pthread_mutex_lock(&s->mu);
    s->pf = r;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* An idle worker (under s->mu, dropped meanwhile) faults in the next step
   of the reserved heap: true when it did. */
static bool prefault_ahead(Sched *s) {
    if (s->pf.lo >= s->pf.hi) return false;
    PrefaultRange r = s->pf;
    if (r.hi - r.lo > PREFAULT_STEP) r.hi = r.lo + PREFAULT_STEP;
    s->pf.lo = r.hi;
    pthread_mutex_unlock(&s->mu);
    bool ok = prefault_step(&r, PREFAULT_STEP);
    pthread_mutex_lock(&s->mu);
    if (!ok) s->pf.lo = s->pf.hi = 0;     /* no kernel support: stop asking */
    return true;
}

/* An idle worker (under s->mu, dropped meanwhile) runs the job posted for
   it, if any: true when it did. */
static bool take_aside(Sched *s) {
    PipeAside *a = s->aside;
    if (!a) return false;
    s->aside = NULL;
    a->state = 1;
    pthread_mutex_unlock(&s->mu);
    a->fn(a->arg);
    pthread_mutex_lock(&s->mu);
    a->state = 2;
    pthread_cond_broadcast(&s->cv);
    return true;
}

void pipeline_aside(Pipeline *p, PipeAside *a) {
    a->state = 0;
    Sched *s = p->sched;
    if (!s) return;
    pthread_mutex_lock(&s->mu);
    s->aside = a;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void pipeline_aside_join(Pipeline *p, PipeAside *a) {
    Sched *s = p->sched;
    if (s) {
        pthread_mutex_lock(&s->mu);
        bool mine = s->aside == a;
        if (mine) s->aside = NULL;
        while (!mine && a->state != 2) pthread_cond_wait(&s->cv, &s->mu);
        pthread_mutex_unlock(&s->mu);
        if (!mine) return;
    }
    a->fn(a->arg);
    a->state = 2;
}

/* Package i's types are ready (under s->mu): its importers may be checked. */
static void types_ready(Sched *s, uint32_t i) {
    for (uint32_t e = s->dstart[i]; e < s->dstart[i + 1]; e++)
        if (--s->pend_check[s->dlist[e]] == 0) heap_push(&s->check, s->dlist[e]);
}

/* Queues package i's ANALYSE if it may start (under s->mu): its CHECK is
   done and what it reads is there: the types of its dependencies for a
   package read from the cache in two steps, else its dependencies
   finished. */
static void try_analyse(Sched *s, uint32_t i) {
    const PipePkg *pp = s->p->pkgs[i];
    /* both counts hold 1 until its CHECK is done: cache_later is not
       read before (its CHECK may be running, writing it) */
    if (s->queued[i] || (s->pend_types[i] && s->pend_analyse[i])) return;
    if (s->split && pp->cache_later ? s->pend_types[i] : s->pend_analyse[i]) return;
    s->queued[i] = true;
    heap_push(&s->analyse, i);
}

/* One of package i's ANALYSE task's conditions is met (under s->mu). */
static void analyse_cond(Sched *s, uint32_t i) {
    s->pend_analyse[i]--;
    try_analyse(s, i);
}

/* A dependency of package i may be read against by i's entry (under s->mu). */
static void types_cond(Sched *s, uint32_t i) {
    s->pend_types[i]--;
    try_analyse(s, i);
}

/* Package i is finished (under s->mu): it is output in turn, its
   dependents may read it. */
static void finished(Sched *s, uint32_t i, bool readable) {
    PipePkg *pp = s->p->pkgs[i];
    s->done[i] = true;
    if (pp->rc && i < s->stop) s->stop = i;
    for (uint32_t e = s->dstart[i]; e < s->dstart[i + 1]; e++) {
        analyse_cond(s, s->dlist[e]);
        if (!readable) types_cond(s, s->dlist[e]);
    }
}

/* Writes out the finished prefix of p->pkgs: each package's stderr text,
   then its stdout text (the sequential run's order when both streams go to
   one place), and counts its errors. */
static void emit_ready(Sched *s) {
    Pipeline *p = s->p;
    pthread_mutex_lock(&s->out_mu);
    for (;;) {
        pthread_mutex_lock(&s->mu);
        size_t i = s->next_emit;
        bool ready = i < p->npkgs && i <= s->stop && s->done[i];
        pthread_mutex_unlock(&s->mu);
        if (!ready) break;
        PipePkg *pp = p->pkgs[i];
        if (pp->errlen) {
            fwrite(pp->errbuf, 1, pp->errlen, stderr);
            fflush(stderr);
        }
        if (pp->outlen) {
            fwrite(pp->outbuf, 1, pp->outlen, stdout);
            fflush(stdout);
        }
        free(pp->errbuf);
        free(pp->outbuf);
        pp->errbuf = pp->outbuf = NULL;
        pp->errlen = pp->outlen = 0;
        count_errors(p, pp);
        if (pp->load_failed) s->status = 2;
        s->next_emit = i + 1;
    }
    pthread_mutex_unlock(&s->out_mu);
}

/* Closes pp's output buffers (opened by its CHECK). */
static void close_streams(PipePkg *pp) {
    if (pp->out == stdout) return;
    fclose(pp->out);
    fclose(pp->err);
    pp->out = stdout;
    pp->err = stderr;
}

/* Runs package i's REST task (counted in s->running by the caller). */
static void run_rest(Sched *s, uint32_t i) {
    PipePkg *pp = s->p->pkgs[i];
    pp->rc = rest_task(s->p, pp, s->data);
    close_streams(pp);
    pthread_mutex_lock(&s->mu);
    s->running--;
    s->nrest--;
    finished(s, i, true);
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    emit_ready(s);
}

/* A package whose entry did not read (types_task: a miss after all) is
   checked and visited, which reads its dependencies' summaries: until
   they are all finished this worker runs the REST tasks there are (none
   waits on anything), else waits. False when a failed visit before pp
   stopped the run (pp's output is dropped: it is not visited). */
static bool wait_finished_deps(Sched *s, PipePkg *pp) {
    pp->cache_missed = true;
    pthread_mutex_lock(&s->mu);
    while (s->pend_analyse[pp->index] && pp->index < s->stop) {
        if (!s->rest.n) {
            pthread_cond_wait(&s->cv, &s->mu);
            continue;
        }
        uint32_t j = heap_pop(&s->rest);
        s->running++;
        pthread_mutex_unlock(&s->mu);
        run_rest(s, j);
        pthread_mutex_lock(&s->mu);
    }
    bool go = pp->index < s->stop;
    pthread_mutex_unlock(&s->mu);
    return go;
}

static void *worker(void *arg) {
    Sched *s = arg;
    Pipeline *p = s->p;
    PipeStats st = {.thread_cpu = true};
    worker_stats = &st;
    if (p->cfg.stats) {
        st.mark_wall = clock_sec(CLOCK_MONOTONIC);
        st.mark_cpu = cpu_now(&st);
    }
    pthread_mutex_lock(&s->mu);
    for (;;) {
        uint32_t i;
        int kind;
        bool got;
        /* fewer roots than workers (an edit): a root's parse, a long task
           that waits for nothing, starts at once, while the others work
           through the dependencies' many short ones */
        if (p->nroots < (size_t)p->cfg.jobs && parse_ahead(s)) continue;
        while (!(got = sched_pick(s, &i, &kind, false)) && s->running) {
            if (take_aside(s) || parse_ahead(s) || prefault_ahead(s)) continue;
            if ((got = sched_pick(s, &i, &kind, true))) break;
            pthread_cond_wait(&s->cv, &s->mu);
        }
        if (!got) got = sched_pick(s, &i, &kind, true);
        if (!got) break;            /* nothing may start, nothing running: all done */
        if (i >= s->stop) continue; /* after a failed visit: the sequential run stops there */
        s->running++;
        if (kind == T_CHECK) {      /* its trees may wait for its ANALYSE */
            if (!s->counted[i]) s->ahead += s->bytes[i];
            s->counted[i] = true;
        } else if (s->counted[i]) { /* no longer waiting */
            s->ahead -= s->bytes[i];
            s->counted[i] = false;
        }
        bool reserve = kind != T_REST && alone(s);
        pthread_mutex_unlock(&s->mu);

        PipePkg *pp = p->pkgs[i];
        if (reserve) reserve_heap(s, pp, kind == T_ANALYSE);
        stats_idle(p, &st);
        if (kind == T_CHECK) {
            pp->out = open_memstream(&pp->outbuf, &pp->outlen);
            pp->err = open_memstream(&pp->errbuf, &pp->errlen);
            if (!pp->out || !pp->err) fatal("open_memstream failed");
            bool typed = check_task(p, pp, s->data);
            pthread_mutex_lock(&s->mu);
            s->running--;
            if (!typed) {           /* read from the cache at ANALYSE: no trees until then */
                s->ahead -= s->bytes[i];
                s->counted[i] = false;
            } else {
                types_ready(s, i);
            }
            analyse_cond(s, i);
            types_cond(s, i);
            pthread_cond_broadcast(&s->cv);
            pthread_mutex_unlock(&s->mu);
        } else if (kind == T_REST) {
            run_rest(s, i);
        } else {
            bool split = s->split && pp->cache_later;
            if (split && types_task(p, pp, s->data)) {   /* importers may read its types; the rest follows */
                pthread_mutex_lock(&s->mu);
                s->running--;
                types_ready(s, i);
                for (uint32_t e = s->dstart[i]; e < s->dstart[i + 1]; e++) types_cond(s, s->dlist[e]);
                heap_push(&s->rest, i);
                s->nrest++;
                pthread_cond_broadcast(&s->cv);
                pthread_mutex_unlock(&s->mu);
                pipeline_lap(p, PS_REPORT);
                pthread_mutex_lock(&s->mu);
                continue;
            }
            if (split && !wait_finished_deps(s, pp)) pp->rc = 0;
            else pp->rc = analyse_task(p, pp, s->visit, s->data);
            close_streams(pp);
            pthread_mutex_lock(&s->mu);
            s->running--;
            if (pp->cache_later) types_ready(s, i);
            finished(s, i, false);
            pthread_cond_broadcast(&s->cv);
            pthread_mutex_unlock(&s->mu);
            emit_ready(s);
        }
        pipeline_lap(p, PS_REPORT);
        pthread_mutex_lock(&s->mu);
    }
    pthread_cond_broadcast(&s->cv);
    if (p->cfg.stats) {
        st.idle_wall += clock_sec(CLOCK_MONOTONIC) - st.mark_wall;
        PipeStats *t = &p->stats;
        for (int k = 0; k < PS_NSTAGES; k++) {
            t->wall[k] += st.wall[k];
            t->cpu[k] += st.cpu[k];
        }
        t->idle_wall += st.idle_wall;
        t->root_wall += st.root_wall;
        t->root_cpu += st.root_cpu;
    }
    p->stats.nanalysed += st.nanalysed;
    p->stats.nfiles += st.nfiles;
    p->stats.nbytes += st.nbytes;
    p->stats.nfuncs += st.nfuncs;
    pthread_mutex_unlock(&s->mu);
    worker_stats = NULL;
    return NULL;
}

static int run_parallel(Pipeline *p, PipeVisit visit, void *data) {
    Sched s;
    sched_init(&s, p, visit, data);
    p->sched = &s;
    unsigned nthreads = p->cfg.jobs < p->npkgs ? p->cfg.jobs : (unsigned)p->npkgs;
    pthread_t *tids = xcalloc(nthreads ? nthreads : 1, sizeof *tids);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    /* Room for deep recursion, as the main thread's stack has. */
    pthread_attr_setstacksize(&attr, (size_t)64 << 20);
    unsigned started = 0;
    for (unsigned t = 1; t < nthreads; t++)     /* the calling thread is worker 0 */
        if (pthread_create(&tids[t], &attr, worker, &s) == 0) started++;
        else break;
    pthread_attr_destroy(&attr);
    pthread_mutex_lock(&s.mu);      /* workers add to p->stats when they end */
    p->stats.jobs = started + 1;
    pthread_mutex_unlock(&s.mu);
    worker(&s);
    for (unsigned t = 1; t <= started; t++) pthread_join(tids[t], NULL);
    free(tids);
    emit_ready(&s);
    /* Packages after a failed visit ran for nothing (some only checked):
       drop their output. */
    for (size_t i = s.next_emit; i < p->npkgs; i++) {
        close_streams(p->pkgs[i]);
        free(p->pkgs[i]->outbuf);
        free(p->pkgs[i]->errbuf);
        p->pkgs[i]->outbuf = p->pkgs[i]->errbuf = NULL;
    }
    int rc = s.stop < p->npkgs ? p->pkgs[s.stop]->rc : s.status;
    p->sched = NULL;
    sched_free(&s);
    return rc;
}

int pipeline_run(Pipeline *p, PipeVisit visit, void *data) {
    if (p->cfg.jobs > 1 && p->npkgs > 1) return run_parallel(p, visit, data);
    return run_sequential(p, visit, data);
}

PipePkg *pipeline_find(const Pipeline *p, const Pkg *pkg) {
    return ptrmap_get(&p->by_pkg, pkg);
}

PipePkg *pipeline_package(const Pipeline *p, const Package *lp) {
    return ptrmap_get(&p->by_package, lp);
}

PipePkg *pipeline_by_path(Pipeline *p, const char *path) {
    return path ? ptrmap_get(&p->by_path, intern_cstr(&p->names, path)) : NULL;
}

Pkg *pipeline_shape_pkg(Pipeline *p) { return p->shape_pkg; }

void pipeline_replace_pkg(Pipeline *p, PipePkg *pp, Pkg *pkg) {
    ptrmap_put(&p->by_pkg, pkg, pp);
    pp->pkg = pkg;
}

void pipeline_close(Pipeline *p) {
    for (size_t i = 0; i < p->npkgs; i++) {
        PipePkg *pp = p->pkgs[i];
        pipeline_free_trees(pp);
        arena_free(&pp->arena);
    }
    if (p->ctx) types_free(p->ctx);
    for (size_t i = 0; i < p->npkgs; i++) {
        PipePkg *pp = p->pkgs[i];
        for (size_t k = 0; k < pp->nsrc; k++) {
            source_free(pp->srcs[k]);
            free(pp->srcs[k]);
            free(pp->texts[k]);
            free(pp->src_names[k]);
        }
        free(pp->srcs);
        free(pp->texts);
        free(pp->src_names);
        diag_free(&pp->parse_diags);    /* parsed ahead, never checked (a run stopped) */
        free(pp->outbuf);
        free(pp->errbuf);
        free(pp);
    }
    free(p->pkgs);
    ptrmap_free(&p->by_package);
    ptrmap_free(&p->by_pkg);
    ptrmap_free(&p->by_path);
    interner_free(&p->names);
    free(p->roots);
    free(p->cwd);
    if (p->loader) loader_free(p->loader);
    memset(p, 0, sizeof *p);
}
