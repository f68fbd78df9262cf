/* goescape types: load the packages, parse and check every dependency in
   dependency order, report errors, optionally dump the matched packages
   (their objects, or their expression records). */
#include "types.h"
#include "base/file.h"
#include "base/ptrmap.h"
#include "base/util.h"
#include "base/vec.h"
#include "load/load.h"
#include "syntax/syntax.h"
#include <stdlib.h>
#include <string.h>

typedef struct Run {
    TypeContext *ctx;
    Interner names;
    PtrMap pkgs;                /* load Package -> checked Pkg */
    DiagList diags;
    CheckStats stats;
    unsigned errors;
    /* Objects keep pointers to their source files for positions, so the
       files outlive the syntax trees (freed after each package). */
    VEC(SourceFile *) files;
    VEC(char *) texts;
} Run;

typedef struct ImportData { Run *run; const Package *p; } ImportData;

static Pkg *import_fn(void *data, const char *path) {
    ImportData *d = data;
    for (size_t i = 0; i < d->p->nimports && i < d->p->ndeps; i++)
        if (strcmp(d->p->imports[i], path) == 0) return ptrmap_get(&d->run->pkgs, d->p->deps[i]);
    return NULL;
}

/* dump_exprs: print the package's expression records (its trees are freed
   here, and the records with them). */
static int check_package(Run *r, Package *p, bool dump_exprs, const char *lang) {
    if (strcmp(p->import_path, "unsafe") == 0) {
        ptrmap_put(&r->pkgs, p, r->ctx->unsafe_pkg);
        return 0;
    }
    Pkg *pkg = pkg_new(r->ctx, p->import_path, p->name);
    pkg->go_version = lang ? lang : p->go_version;
    Arena arena;
    arena_init(&arena);
    AstFile **files = xmalloc((p->ngo_files ? p->ngo_files : 1) * sizeof *files);
    size_t nfiles = 0;
    int status = 0;
    unsigned syntax_errors = 0;
    for (size_t i = 0; i < p->ngo_files; i++) {
        size_t len;
        char *err = NULL;
        char *src = read_file(p->go_files[i], &len, &err);
        if (!src) {
            fprintf(stderr, "goescape: %s: %s\n", p->go_files[i], err);
            free(err);
            status = 2;
            continue;
        }
        SourceFile *sf = xcalloc(1, sizeof *sf);
        source_init(sf, p->go_files[i], src, len);
        vec_push(&r->files, sf);
        vec_push(&r->texts, src);
        AstFile *f = syntax_parse(&arena, &r->names, sf, &r->diags);
        r->errors += f->nerrors;
        syntax_errors += f->nerrors;
        files[nfiles++] = f;
    }
    ImportData idata = {r, p};
    Importer imp = {import_fn, &idata};
    TypeInfo info;
    types_info_init(&info);
    /* As gc: a package with syntax errors is not type-checked. */
    if (!syntax_errors)
        r->errors += types_check_files_info(pkg, files, nfiles, &imp, &r->diags, &r->stats,
                                            dump_exprs ? &info : NULL);
    if (dump_exprs) types_dump_exprs(stdout, pkg, &info);
    types_info_free(&info);
    ptrmap_put(&r->pkgs, p, pkg);
    /* Diagnostics may name files of //line directives held in the arena. */
    diag_print(&r->diags, stderr);
    diag_free(&r->diags);
    free(files);
    arena_free(&arena);
    return status;
}

int types_check_main(int argc, char **argv) {
    bool dump = false, stats = false, dump_exprs = false;
    const char *lang = NULL;    /* -lang=go1.N: the language version of the named packages, as gc's -lang */
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-dump") == 0) dump = true;
        else if (strcmp(argv[i], "-dump-exprs") == 0) dump_exprs = true;
        else if (strcmp(argv[i], "-stats") == 0) stats = true;
        else if (strncmp(argv[i], "-lang=go", 8) == 0) lang = argv[i] + 6;   /* "go1.N": see check_lang_before */
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "goescape types: unknown flag %s (usage: goescape types [-dump] [-dump-exprs] [-stats] [-lang=go1.N] PATTERNS)\n", argv[i]);
            return 2;
        }
    }
    if (i >= argc) {
        fputs("goescape types: no packages given\n", stderr);
        return 2;
    }
    LoadConfig cfg = {0};
    Loader *l = loader_new(&cfg);
    if (!l) return 2;
    Package **roots = NULL, **all = NULL;
    size_t nroots = 0, nall = 0;
    if (loader_match(l, (const char **)argv + i, (size_t)(argc - i), &roots, &nroots) != 0 ||
        loader_deps(l, roots, nroots, &all, &nall) != 0) {
        free(roots);
        loader_free(l);
        return 2;
    }
    Run r = {0};
    interner_init(&r.names);
    r.ctx = types_new(&r.names, loader_goarch(l));
    int status = 0;
    if (!r.ctx) {
        fprintf(stderr, "goescape types: unsupported GOARCH %s\n", loader_goarch(l));
        status = 2;
    }
    for (size_t k = 0; r.ctx && k < nall; k++) {
        bool root = false;
        for (size_t j = 0; j < nroots && !root; j++) root = roots[j] == all[k];
        int s = check_package(&r, all[k], dump_exprs && root, root ? lang : NULL);
        if (s > status) status = s;
    }
    if (dump && r.ctx)
        for (size_t k = 0; k < nroots; k++) {
            Pkg *pkg = ptrmap_get(&r.pkgs, roots[k]);
            if (pkg) types_dump_pkg(stdout, pkg);
        }
    if (stats)
        fprintf(stderr, "goescape types: %zu packages, %u errors, %u constants and %u variables not yet typed\n",
                nall, r.errors, r.stats.unknown_consts, r.stats.unknown_vars);
    if (!status && r.errors) status = 1;
    types_free(r.ctx);
    for (size_t k = 0; k < r.files.len; k++) {
        source_free(r.files.data[k]);
        free(r.files.data[k]);
        free(r.texts.data[k]);
    }
    vec_free(&r.files);
    vec_free(&r.texts);
    ptrmap_free(&r.pkgs);
    interner_free(&r.names);
    free(roots);
    free(all);
    loader_free(l);
    return status;
}
