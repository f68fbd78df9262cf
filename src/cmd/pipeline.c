/* Load, parse and check packages in dependency order for the analysing
   subcommands (see pipeline.h). */
#include "pipeline.h"
#include "base/file.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
}

void pipeline_free_trees(PipePkg *pp) {
    if (!pp->files) return;
    types_info_free(&pp->info);
    pp->has_info = false;
    free(pp->files);
    pp->files = NULL;
    pp->nfiles = 0;
    arena_free(&pp->arena);
}

int pipeline_run(Pipeline *p, PipeVisit visit, void *data) {
    int status = 0;
    for (size_t i = 0; i < p->npkgs; i++) {
        PipePkg *pp = p->pkgs[i];
        check_one(p, pp);
        if (pp->load_failed) status = 2;
        if (visit) {
            int rc = visit(data, p, pp);
            if (rc) return rc;
        }
        if (!p->cfg.keep_trees) pipeline_free_trees(pp);
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
