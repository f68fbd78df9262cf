/* Load, parse and check packages in dependency order for the analysing
   subcommands (see pipeline.h). */
#include "pipeline.h"
#include "base/file.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double clock_sec(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void pipeline_lap(Pipeline *p, PipeStage s) {
    if (!p->cfg.stats) return;
    PipeStats *st = &p->stats;
    double w = clock_sec(CLOCK_MONOTONIC), c = clock_sec(CLOCK_PROCESS_CPUTIME_ID);
    st->wall[s] += w - st->mark_wall;
    st->cpu[s] += c - st->mark_cpu;
    st->mark_wall = w;
    st->mark_cpu = c;
}

void pipeline_print_stats(Pipeline *p, FILE *out) {
    static const char *const names[PS_NSTAGES] = {
        "load", "parse", "types", "ir", "inline", "escape", "report", "other",
    };
    static const char *const notes[PS_NSTAGES] = {
        "go list's work: match, build constraints, read files",
        "", "",
        "lowering, shaped instantiation",
        "inline decisions, substitution, deadlocals",
        "", "-m bounds notes, printing, freeing IR",
        "freeing or pruning trees between packages",
    };
    const PipeStats *st = &p->stats;
    double wall = clock_sec(CLOCK_MONOTONIC) - st->start_wall;
    double cpu = clock_sec(CLOCK_PROCESS_CPUTIME_ID) - st->start_cpu;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(out, "goescape -stats: %zu packages (%zu roots, %zu analysed), %zu files, %.1f MB of source, %zu functions\n",
            p->npkgs, p->nroots, st->nanalysed, st->nfiles, (double)st->nbytes / 1e6, st->nfuncs);
    fprintf(out, "%-8s %9s %9s %7s\n", "stage", "wall s", "cpu s", "wall %");
    for (int i = 0; i < PS_NSTAGES; i++)
        fprintf(out, "%-8s %9.3f %9.3f %7.1f%s%s\n", names[i], st->wall[i], st->cpu[i],
                wall > 0 ? 100 * st->wall[i] / wall : 0.0, notes[i][0] ? "  " : "", notes[i]);
    fprintf(out, "%-8s %9.3f %9.3f %7.1f  (pipeline_open to now)\n", "total", wall, cpu, 100.0);
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
    pipeline_lap(p, PS_LOAD);
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
        for (size_t j = 0; j < p->nroots; j++)
            if (p->roots[j] == all[i]) pp->root = true;
        arena_init(&pp->arena);
        p->pkgs[i] = pp;
        ptrmap_put(&p->by_package, all[i], pp);
    }
    free(all);
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

static void add_source(Pipeline *p, SourceFile *sf, char *text, char *name) {
    if (p->nsrc == p->capsrc) {
        p->capsrc = p->capsrc ? 2 * p->capsrc : 64;
        p->files = xrealloc(p->files, p->capsrc * sizeof *p->files);
        p->texts = xrealloc(p->texts, p->capsrc * sizeof *p->texts);
        p->names_owned = xrealloc(p->names_owned, p->capsrc * sizeof *p->names_owned);
    }
    p->files[p->nsrc] = sf;
    p->texts[p->nsrc] = text;
    p->names_owned[p->nsrc] = name;
    p->nsrc++;
}

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The name gc prints for a file of package lp: a .go file named on the
   command line as given, else the name go build shows. */
static char *display_name(Pipeline *p, const Package *lp, const char *file) {
    if (strcmp(lp->import_path, "command-line-arguments") == 0) {
        /* Named files all sit in one directory: the base name decides. */
        for (size_t i = 0; i < p->npatterns; i++) {
            size_t n = strlen(p->patterns[i]);
            if (n > 3 && strcmp(p->patterns[i] + n - 3, ".go") == 0 &&
                strcmp(base_name(p->patterns[i]), base_name(file)) == 0)
                return xstrdup(p->patterns[i]);
        }
    }
    size_t dl = strlen(lp->dir);
    if (p->cwd && strncmp(file, lp->dir, dl) == 0 && file[dl] == '/')
        return short_file_path(p->cwd, lp->dir, file + dl + 1);
    return xstrdup(file);
}

static void check_one(Pipeline *p, PipePkg *pp) {
    Package *lp = pp->lp;
    if (strcmp(lp->import_path, "unsafe") == 0) {
        pp->pkg = p->ctx->unsafe_pkg;
        pp->is_unsafe = true;
        ptrmap_put(&p->by_pkg, pp->pkg, pp);
        return;
    }
    for (size_t i = 0; i < lp->ndeps; i++) {
        PipePkg *dep = ptrmap_get(&p->by_package, lp->deps[i]);
        if (dep && (dep->errors || dep->dep_errors || dep->load_failed)) pp->dep_errors = true;
    }
    /* The package path gc compiles with: go build's -p, "main" for
       commands; -p given to goescape for packages named by files. */
    const char *path = lp->import_path;
    if (lp->name && strcmp(lp->name, "main") == 0) path = "main";
    if (p->cfg.cmdline_pkgpath && strcmp(lp->import_path, "command-line-arguments") == 0)
        path = p->cfg.cmdline_pkgpath;
    Pkg *pkg = pkg_new(p->ctx, path, lp->name ? lp->name : "");
    pkg->go_version = lp->go_version;
    pp->pkg = pkg;
    ptrmap_put(&p->by_pkg, pkg, pp);
    pp->files = xmalloc((lp->ngo_files ? lp->ngo_files : 1) * sizeof *pp->files);
    DiagList diags = {0};
    for (size_t i = 0; i < lp->ngo_files; i++) {
        size_t len;
        char *err = NULL;
        char *src = read_file(lp->go_files[i], &len, &err);
        pipeline_lap(p, PS_LOAD);
        if (!src) {
            fprintf(stderr, "goescape: %s: %s\n", lp->go_files[i], err);
            free(err);
            pp->load_failed = true;
            continue;
        }
        char *name = display_name(p, lp, lp->go_files[i]);
        SourceFile *sf = xcalloc(1, sizeof *sf);
        source_init(sf, name, src, len);
        add_source(p, sf, src, name);
        AstFile *f = syntax_parse(&pp->arena, &p->names, sf, &diags);
        pp->errors += f->nerrors;
        pp->files[pp->nfiles++] = f;
        p->stats.nfiles++;
        p->stats.nbytes += len;
        pipeline_lap(p, PS_PARSE);
    }
    ImportData idata = {p, pp};
    Importer imp = {import_fn, &idata};
    bool want_info = pp->root || !p->cfg.deps_without_info;
    types_info_init(&pp->info);
    pp->has_info = want_info;
    pp->errors += types_check_files_info(pkg, pp->files, pp->nfiles, &imp, &diags, NULL,
                                         want_info ? &pp->info : NULL);
    /* Like the go command: errors under a "# importpath" header. */
    if (diags.len) fprintf(stderr, "# %s\n", lp->import_path);
    diag_print(&diags, stderr);
    diag_free(&diags);
    if (pp->root) p->errors += pp->errors;
    else p->dep_errors += pp->errors;
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

static void prune_info(PipePkg *pp) {
    Range *rs = NULL;
    size_t nr = 0, cap = 0;
    for (size_t i = 0; i < pp->nfiles; i++) {
        const AstFile *f = pp->files[i];
        if (!f || !f->root) continue;
        for (uint32_t k = 0; k < f->root->u.file.decls.n; k++) {
            const Node *d = f->root->u.file.decls.v[k];
            if (!is_generic_funcdecl(d)) continue;
            if (nr == cap) {
                cap = cap ? 2 * cap : 64;
                rs = xrealloc(rs, cap * sizeof *rs);
            }
            rs[nr++] = (Range){d->pos, d->end};
        }
    }
    if (nr) qsort(rs, nr, sizeof *rs, cmp_range);
    TypeInfo *old = &pp->info;
    TypeInfo ni;
    types_info_init(&ni);
    for (size_t i = 0; i < old->exprs.cap; i++) {
        const Node *n = old->exprs.keys[i];
        if (!n || !old->exprs.vals[i] || !in_ranges(rs, nr, n->pos)) continue;
        ExprInfo *e = arena_alloc(&ni.arena, sizeof *e);
        *e = *(const ExprInfo *)old->exprs.vals[i];
        ptrmap_put(&ni.exprs, n, e);
    }
    for (size_t i = 0; i < old->defs.cap; i++) {
        const Node *n = old->defs.keys[i];
        if (n && in_ranges(rs, nr, n->pos)) ptrmap_put(&ni.defs, n, old->defs.vals[i]); /* sentinel: same address */
    }
    for (size_t i = 0; i < old->uses.cap; i++) {
        const Node *n = old->uses.keys[i];
        if (n && in_ranges(rs, nr, n->pos)) ptrmap_put(&ni.uses, n, old->uses.vals[i]);
    }
    for (size_t i = 0; i < old->instances.cap; i++) {
        const void *k = old->instances.keys[i];
        if (!k) continue;
        const TypeList *l = old->instances.vals[i];
        TypeList *c = arena_alloc(&ni.arena, sizeof *c);
        c->n = l->n;
        c->v = arena_alloc(&ni.arena, (l->n ? l->n : 1) * sizeof *c->v);
        memcpy(c->v, l->v, l->n * sizeof *c->v);
        ptrmap_put(&ni.instances, k, c);
    }
    free(rs);
    types_info_free(old);
    *old = ni;
}

typedef struct PipeGenDecl { const Node *decl; const AstFile *file; } PipeGenDecl;

bool pipeline_generic_decl(Pipeline *p, const Object *fn, const Node **decl, const AstFile **file,
                           const TypeInfo **info) {
    PipePkg *pp = fn ? pipeline_find(p, fn->pkg) : NULL;
    if (!pp || !pp->files || !pp->has_info) return false;
    if (!pp->gendecls_built) {
        pp->gendecls_built = true;
        for (size_t i = 0; i < pp->nfiles; i++) {
            const AstFile *f = pp->files[i];
            if (!f || !f->root) continue;
            for (uint32_t k = 0; k < f->root->u.file.decls.n; k++) {
                const Node *d = f->root->u.file.decls.v[k];
                if (!is_generic_funcdecl(d)) continue;
                Object *o = types_ident_def(&pp->info, d->u.funcdecl.name);
                if (!o) continue;
                PipeGenDecl *g = arena_alloc(&pp->arena, sizeof *g);
                g->decl = d;
                g->file = f;
                ptrmap_put(&pp->gendecls, o, g);
            }
        }
    }
    PipeGenDecl *g = ptrmap_get(&pp->gendecls, fn);
    if (!g) return false;
    *decl = g->decl;
    *file = g->file;
    *info = &pp->info;
    return true;
}

int pipeline_run(Pipeline *p, PipeVisit visit, void *data) {
    int status = 0;
    for (size_t i = 0; i < p->npkgs; i++) {
        PipePkg *pp = p->pkgs[i];
        pipeline_lap(p, PS_OTHER);
        double w0 = p->stats.mark_wall, c0 = p->stats.mark_cpu;
        check_one(p, pp);
        if (pp->load_failed) status = 2;
        pipeline_lap(p, PS_TYPES);
        if (visit) {
            int rc = visit(data, p, pp);
            pipeline_lap(p, PS_REPORT);
            if (rc) return rc;
        }
        if (!p->cfg.keep_trees) {
            if (p->cfg.keep_generics && has_generics(pp)) prune_info(pp);
            else pipeline_free_trees(pp);
        }
        pipeline_lap(p, PS_OTHER);
        if (pp->root) {
            p->stats.root_wall += p->stats.mark_wall - w0;
            p->stats.root_cpu += p->stats.mark_cpu - c0;
        }
    }
    return status;
}

PipePkg *pipeline_find(const Pipeline *p, const Pkg *pkg) {
    return ptrmap_get(&p->by_pkg, pkg);
}

void pipeline_close(Pipeline *p) {
    for (size_t i = 0; i < p->npkgs; i++) {
        PipePkg *pp = p->pkgs[i];
        pipeline_free_trees(pp);
        arena_free(&pp->arena);
        free(pp);
    }
    free(p->pkgs);
    if (p->ctx) types_free(p->ctx);
    for (size_t i = 0; i < p->nsrc; i++) {
        source_free(p->files[i]);
        free(p->files[i]);
        free(p->texts[i]);
        free(p->names_owned[i]);
    }
    free(p->files);
    free(p->texts);
    free(p->names_owned);
    ptrmap_free(&p->by_package);
    ptrmap_free(&p->by_pkg);
    interner_free(&p->names);
    free(p->roots);
    free(p->cwd);
    if (p->loader) loader_free(p->loader);
    memset(p, 0, sizeof *p);
}
