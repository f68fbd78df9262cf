/* libFuzzer target: lex and parse arbitrary bytes as a Go file, then dump the
   tree. Any crash, hang, leak or sanitizer report is a bug. */
#include "fuzz_input.h"
#include "syntax/syntax.h"
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzInput in;
    fuzz_input_open(&in, data, size);
    AstFile *f = syntax_parse(&in.arena, &in.names, &in.sf, &in.diags);
    static FILE *null_out;
    if (!null_out) null_out = fopen("/dev/null", "w");
    if (null_out) syntax_dump(null_out, f);
    fuzz_input_close(&in);
    return 0;
}
