/* inlcal [-m=N] [-l] PATTERNS|FILES: the inline stage alone, for calibration
   against `go build -gcflags=-m=2` until the escape driver calls it. Loads,
   checks, lowers and analyses every package in dependency order (each
   package's summary feeds its importers), printing the inliner's messages
   for the named packages as gc does ("# path", then "file:line:col: text").
   Built by tests/inline/costs.sh from the library and pipeline objects. */
#include "cmd/pipeline.h"
#include "base/util.h"
#include "inline/inline.h"
#include "ir/ir.h"
#include "report/report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Entry {
    const Pkg *pkg;
    IrPackage *irp;
    InlSummary sum;
} Entry;

typedef struct Cal {
    InlOptions opt;
    PtrMap sums;        /* Pkg* -> Entry* */
    Entry **entries;
    size_t n;
    unsigned bad;
} Cal;

static const InlSummary *import_summary(void *data, const Pkg *pkg) {
    Cal *c = data;
    Entry *e = ptrmap_get(&c->sums, pkg);
    return e ? &e->sum : NULL;
}

static int visit(void *data, Pipeline *p, PipePkg *pp) {
    (void)p;
    Cal *c = data;
    if (pp->is_unsafe) return 0;
    if (pp->errors || pp->dep_errors || pp->load_failed || !pp->has_info) {
        if (pp->root)
            fprintf(stderr, "inlcal: %s skipped (errors %u, dependency errors %d, info %d)\n",
                    pp->lp->import_path, pp->errors, pp->dep_errors, pp->has_info);
        return 0;
    }
    StrBuf ver = {0};
    const char *gv = pp->lp->go_version;
    if (gv && gv[0] && strncmp(gv, "go", 2) != 0) sb_puts(&ver, "go");
    sb_puts(&ver, gv ? gv : "");
    IrOptions iopt = {.goversion = sb_cstr(&ver)};
    IrPackage *irp = ir_lower_package(pp->pkg, pp->files, pp->nfiles, &pp->info, &iopt);
    sb_free(&ver);
    if (pp->root) c->bad += irp->unhandled;
    Entry *e = xcalloc(1, sizeof *e);
    e->pkg = pp->pkg;
    e->irp = irp;
    inline_summary_init(&e->sum);
    c->entries = xrealloc(c->entries, (c->n + 1) * sizeof *c->entries);
    c->entries[c->n++] = e;
    ptrmap_put(&c->sums, pp->pkg, e);
    InlImports imp = {import_summary, c};
    InlOptions opt = c->opt;
    if (!pp->root) opt.m = 0;
    InlResult res;
    inline_result_init(&res);
    inline_analyze(irp, &imp, &opt, &res, &e->sum);
    if (pp->root && res.nmsgs) {
        printf("# %s\n", pp->lp->import_path);
        StrBuf b = {0};
        for (uint32_t i = 0; i < res.nmsgs; i++) {
            sb_reset(&b);
            report_format_pos(&b, res.msgs[i].file, res.msgs[i].pos, false, NULL);
            printf("%s: %s\n", sb_cstr(&b), res.msgs[i].text);
        }
        sb_free(&b);
    }
    inline_result_free(&res);
    return 0;
}

int main(int argc, char **argv) {
    Cal c = {.opt = {.m = 2}};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strncmp(argv[i], "-m=", 3) == 0) c.opt.m = atoi(argv[i] + 3);
        else if (strcmp(argv[i], "-m") == 0) c.opt.m = 1;
        else if (strcmp(argv[i], "-l") == 0) c.opt.l++;
        else {
            fprintf(stderr, "inlcal: unknown flag %s\n", argv[i]);
            return 2;
        }
    }
    if (i >= argc) {
        fputs("usage: inlcal [-m=N] [-l] PATTERNS|FILES\n", stderr);
        return 2;
    }
    PipeConfig cfg = {0};
    Pipeline p;
    if (pipeline_open(&p, &cfg, (const char **)argv + i, (size_t)(argc - i)) != 0) return 2;
    int rc = pipeline_run(&p, visit, &c);
    for (size_t k = 0; k < c.n; k++) {
        inline_summary_free(&c.entries[k]->sum);
        ir_package_free(c.entries[k]->irp);
        free(c.entries[k]);
    }
    free(c.entries);
    ptrmap_free(&c.sums);
    pipeline_close(&p);
    if (c.bad) fprintf(stderr, "inlcal: %u BAD nodes in the named packages\n", c.bad);
    return rc;
}
