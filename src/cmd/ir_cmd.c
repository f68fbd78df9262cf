/* goescape ir [-dump] [-stats] [-all] [-v] [-deadlocals] [-inst] PATTERNS|FILES:
   lowers the matched packages to the escape IR; -dump prints every
   function's IR (and lowering's -m=2 notes), -stats the number of
   constructs not lowered yet (BAD nodes; -v lists them), -all lowers the
   dependencies too, -deadlocals runs gc's dead-local-store pass, -inst
   lowers shaped instances of imported generics too (as goescape -m does). */
#include "cmd.h"
#include "pipeline.h"
#include "base/util.h"
#include "ir/ir.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct IrRun {
    bool dump, stats, all, verbose, deadlocals, inst;
    unsigned pkgs, funcs, bad, skipped;
} IrRun;

static void count_bad(const IrNode *n, unsigned *bad, bool verbose, const IrFunc *fn);

static void count_list(const IrList *l, unsigned *bad, bool verbose, const IrFunc *fn) {
    for (uint32_t i = 0; i < l->n; i++) count_bad(l->v[i], bad, verbose, fn);
}

static void count_bad(const IrNode *n, unsigned *bad, bool verbose, const IrFunc *fn) {
    if (!n) return;
    if (n->op == IR_BAD) {
        (*bad)++;
        if (verbose && n->file) {
            Position ps = source_pos(n->file, n->pos);
            fprintf(stderr, "%s:%u:%u: BAD %s in %s\n", ps.filename, ps.line, ps.col,
                    n->u.label ? n->u.label : "?", fn->name);
        }
    }
    count_list(&n->init, bad, verbose, fn);
    count_bad(n->x, bad, verbose, fn);
    count_bad(n->y, bad, verbose, fn);
    count_bad(n->z, bad, verbose, fn);
    count_bad(n->w, bad, verbose, fn);
    count_list(&n->list, bad, verbose, fn);
    count_list(&n->rlist, bad, verbose, fn);
}

static bool find_generic(void *data, const Object *fn, IrGenericDecl *out) {
    return pipeline_generic_decl(data, fn, &out->decl, &out->file, &out->info);
}

static int visit(void *data, Pipeline *p, PipePkg *pp) {
    IrRun *r = data;
    if (pp->is_unsafe || (!pp->root && !r->all)) return 0;
    if (pp->errors || pp->dep_errors || pp->load_failed || !pp->has_info) {
        r->skipped++;
        return 0;
    }
    StrBuf ver = {0};
    const char *gv = pp->lp->go_version;
    if (gv && gv[0] && strncmp(gv, "go", 2) != 0) sb_puts(&ver, "go");
    sb_puts(&ver, gv ? gv : "");
    IrGenerics gens = {find_generic, p};
    IrOptions opt = {.goversion = sb_cstr(&ver), .generics = r->inst ? &gens : NULL};
    IrPackage *irp = ir_lower_package(pp->pkg, pp->files, pp->nfiles, &pp->info, &opt);
    sb_free(&ver);
    if (r->deadlocals) ir_deadlocals(irp);
    r->pkgs++;
    r->funcs += irp->nfuncs;
    unsigned bad = 0;
    for (uint32_t i = 0; i < irp->nfuncs; i++) count_list(&irp->funcs[i]->body, &bad, r->verbose, irp->funcs[i]);
    r->bad += bad;
    if (r->dump) {
        printf("# %s\n", pp->lp->import_path);
        for (uint32_t i = 0; i < irp->nfuncs; i++) ir_dump_func(stdout, irp->funcs[i]);
        for (uint32_t i = 0; i < irp->nnotes; i++) {
            const IrNote *nt = &irp->notes[i];
            Position ps = nt->file ? source_pos(nt->file, nt->pos) : (Position){0};
            printf("note %s:%u:%u: %s\n", ps.filename ? ps.filename : "?", ps.line, ps.col, nt->text);
        }
    }
    ir_package_free(irp);
    return 0;
}

int cmd_ir(int argc, char **argv) {
    IrRun r = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-dump") == 0) r.dump = true;
        else if (strcmp(argv[i], "-stats") == 0) r.stats = true;
        else if (strcmp(argv[i], "-all") == 0) r.all = true;
        else if (strcmp(argv[i], "-v") == 0) r.verbose = true;
        else if (strcmp(argv[i], "-deadlocals") == 0) r.deadlocals = true;
        else if (strcmp(argv[i], "-inst") == 0) r.inst = true;   /* instances of imported generics */
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "goescape ir: unknown flag %s (usage: goescape ir [-dump] [-stats] [-all] [-v] [-deadlocals] [-inst] PATTERNS|FILES)\n", argv[i]);
            return 2;
        }
    }
    if (i >= argc) {
        fputs("goescape ir: no packages given\n", stderr);
        return 2;
    }
    PipeConfig cfg = {0};
    cfg.deps_without_info = !r.all && !r.inst;
    cfg.keep_generics = r.inst;
    Pipeline p;
    if (pipeline_open(&p, &cfg, (const char **)argv + i, (size_t)(argc - i)) != 0) return 2;
    int rc = pipeline_run(&p, visit, &r);
    unsigned errors = p.errors;
    pipeline_close(&p);
    if (r.stats)
        fprintf(stderr, "goescape ir: %u packages lowered (%u skipped), %u functions, %u BAD nodes\n",
                r.pkgs, r.skipped, r.funcs, r.bad);
    if (!rc && errors) rc = 1;
    return rc;
}
