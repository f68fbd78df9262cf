/* Command-line file arguments. Until package patterns are wired in, only
   .go files are accepted here. */
#include "cmd.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int expand_go_files(int argc, char **argv, char ***files, size_t *nfiles) {
    *files = xmalloc((size_t)(argc ? argc : 1) * sizeof **files);
    *nfiles = 0;
    for (int i = 0; i < argc; i++) (*files)[(*nfiles)++] = xstrdup(argv[i]);
    return 0;
}

void free_go_files(char **files, size_t nfiles) {
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    free(files);
}
