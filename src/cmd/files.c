/* Command-line package arguments: patterns, directories or .go files, turned
   into the list of Go files to read (patterns through the loader). */
#include "cmd.h"
#include "base/file.h"
#include "base/util.h"
#include "load/load.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int expand_go_files(int argc, char **argv, char ***files, size_t *nfiles) {
    *files = NULL;
    *nfiles = 0;
    if (argc == 0) {
        fprintf(stderr, "goescape: no packages or files given\n");
        return 2;
    }
    /* Files named one by one are read as named, whatever their build tags or
       package clause: the parser reports what is wrong with them. */
    bool all_files = true;
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (n < 3 || strcmp(argv[i] + n - 3, ".go") != 0) all_files = false;
    }
    if (all_files) {
        *files = xmalloc((size_t)argc * sizeof **files);
        for (int i = 0; i < argc; i++) (*files)[(*nfiles)++] = xstrdup(argv[i]);
        return 0;
    }
    Loader *l = loader_new(&(LoadConfig){0});
    if (!l) return 2;
    Package **pkgs;
    size_t npkgs;
    if (loader_match(l, (const char **)argv, (size_t)argc, &pkgs, &npkgs) != 0) {
        loader_free(l);
        return 2;
    }
    size_t n = 0;
    for (size_t i = 0; i < npkgs; i++) n += pkgs[i]->ngo_files;
    *files = xmalloc((n ? n : 1) * sizeof **files);
    char *cwd = getcwd(NULL, 0);
    const char *pwd = getenv("PWD");
    const char *base = cwd;
    /* Like the go command, prefer $PWD (which keeps symlinks) when it names
       the same directory. */
    if (pwd && cwd && pwd[0] == '/') {
        char *real = realpath(pwd, NULL);
        if (real && strcmp(real, cwd) == 0) base = pwd;
        free(real);
    }
    for (size_t i = 0; i < npkgs; i++) {
        size_t dl = strlen(pkgs[i]->dir);
        for (size_t j = 0; j < pkgs[i]->ngo_files; j++) {
            const char *f = pkgs[i]->go_files[j];
            (*files)[(*nfiles)++] = base && strncmp(f, pkgs[i]->dir, dl) == 0 && f[dl] == '/'
                                        ? short_file_path(base, pkgs[i]->dir, f + dl + 1)
                                        : xstrdup(f);
        }
    }
    free(cwd);
    free(pkgs);
    loader_free(l);
    return 0;
}

void free_go_files(char **files, size_t nfiles) {
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    free(files);
}
