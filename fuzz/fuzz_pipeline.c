/* libFuzzer target: arbitrary bytes as the one file of a package, through
   every stage after loading: parse, type-check (no importer: imports other
   than "unsafe" are errors), and when the file checks, lowering, inlining
   with substitution, escape analysis at -m=2 with flow paths, and the
   report. Any crash, hang, leak or sanitizer report is a bug. */
#include "fuzz_input.h"
#include "escape/escape.h"
#include "inline/inline.h"
#include "ir/ir.h"
#include "report/report.h"
#include "syntax/syntax.h"
#include "types/types.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *null_out(void) {
    static FILE *f;
    if (!f) f = fopen("/dev/null", "w");
    return f;
}

/* Lowering, inlining, escape analysis and the report of a checked package. */
static void analyse(Pkg *pkg, AstFile *file, TypeInfo *info, bool inl) {
    IrOptions iopt = {.goversion = "go1.27"};
    IrPackage *ir = ir_lower_package(pkg, &file, 1, info, &iopt);
    if (!ir) return;
    InlSummary isum;
    inline_summary_init(&isum);
    InlResult ires;
    inline_result_init(&ires);
    InlOptions inlopt = {.m = 2, .l = inl ? 0 : 1, .substitute = inl};
    inline_analyze(ir, NULL, &inlopt, &ires, &isum);
    EscSummary esum;
    escape_summary_init(&esum);
    EscResult res;
    escape_result_init(&res);
    EscOptions eopt = {.m = 2, .no_inline = !inl, .zerocopy = true, .paths = true, .deadlocals = true};
    escape_analyze(ir, NULL, &eopt, &res, &esum);
    FILE *out = null_out();
    if (out) {
        ReportOptions ropt = {.m = 2};
        report_print(out, &res, &ropt);
    }
    escape_result_free(&res);
    escape_summary_free(&esum);
    inline_result_free(&ires);
    inline_summary_free(&isum);
    ir_package_free(ir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzInput in;
    fuzz_input_open(&in, data, size);
    AstFile *f = syntax_parse(&in.arena, &in.names, &in.sf, &in.diags);
    /* as the driver: a file with syntax errors is not checked */
    if (f && !in.diags.len) {
        TypeContext *ctx = types_new(&in.names, "amd64");
        const char *name = f->root && f->root->u.file.name ? f->root->u.file.name->u.ident.name : "p";
        Pkg *pkg = pkg_new(ctx, "p", name);
        TypeInfo info;
        types_info_init(&info);
        unsigned errs = types_check_files_info(pkg, &f, 1, NULL, &in.diags, NULL, &info);
        /* the length's parity picks -l or the inliner, so both are explored */
        if (!errs) analyse(pkg, f, &info, size & 1);
        types_info_free(&info);
        types_free(ctx);
    }
    fuzz_input_close(&in);
    return 0;
}
