/* libFuzzer target: lex and parse arbitrary bytes as a Go file, then dump the
   tree. Any crash, hang, leak or sanitizer report is a bug. */
#include "base/arena.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/intern.h"
#include "base/source.h"
#include "base/util.h"
#include "syntax/syntax.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *src = xcalloc(size + READ_PAD, 1); /* padded like read_file */
    memcpy(src, data, size);
    SourceFile sf;
    source_init(&sf, "fuzz.go", src, size);
    Arena arena;
    arena_init(&arena);
    Interner names;
    interner_init(&names);
    DiagList diags = {0};
    AstFile *f = syntax_parse(&arena, &names, &sf, &diags);
    static FILE *null_out;
    if (!null_out) null_out = fopen("/dev/null", "w");
    if (null_out) syntax_dump(null_out, f);
    for (size_t i = 0; i < diags.len; i++) (void)source_pos(&sf, diags.data[i].offset);
    diag_free(&diags);
    interner_free(&names);
    arena_free(&arena);
    source_free(&sf);
    free(src);
    return 0;
}
