/* What both libFuzzer targets do with their bytes: a padded copy (as
   read_file pads) as the file fuzz.go, with an arena, an interner and a
   diagnostic list to parse it into; fuzz_input_close checks every
   diagnostic's position and frees it all. */
#ifndef GOESCAPE_FUZZ_INPUT_H
#define GOESCAPE_FUZZ_INPUT_H
#include "base/arena.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/intern.h"
#include "base/source.h"
#include "base/util.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct FuzzInput {
    char *src;
    SourceFile sf;
    Arena arena;
    Interner names;
    DiagList diags;
} FuzzInput;

static inline void fuzz_input_open(FuzzInput *in, const uint8_t *data, size_t size) {
    memset(in, 0, sizeof *in);
    in->src = xcalloc(size + READ_PAD, 1);
    memcpy(in->src, data, size);
    source_init(&in->sf, "fuzz.go", in->src, size);
    arena_init(&in->arena);
    interner_init(&in->names);
}

static inline void fuzz_input_close(FuzzInput *in) {
    for (size_t i = 0; i < in->diags.len; i++) (void)source_pos(&in->sf, in->diags.data[i].offset);
    diag_free(&in->diags);
    interner_free(&in->names);
    arena_free(&in->arena);
    source_free(&in->sf);
    free(in->src);
}

#endif
