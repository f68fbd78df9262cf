/* goescape parse: parse files or packages, report syntax errors, optionally dump. */
#include "cmd.h"
#include "base/file.h"
#include "base/util.h"
#include "syntax/syntax.h"
#include <stdlib.h>
#include <string.h>

/* Parses one file; returns its syntax error count, or -1 if it cannot be read. */
static long parse_one(const char *path, bool dump, Arena *arena, Interner *names, DiagList *diags,
                      FILE *out) {
    size_t len;
    char *err = NULL;
    char *src = read_file(path, &len, &err);
    if (!src) {
        fprintf(stderr, "goescape: %s: %s\n", path, err);
        free(err);
        return -1;
    }
    SourceFile sf;
    source_init(&sf, path, src, len);
    AstFile *f = syntax_parse(arena, names, &sf, diags);
    long n = f->nerrors;
    if (dump) syntax_dump(out, f);
    /* Diagnostics hold copies of file names from //line directives in the
       arena, so print them before the arena goes. */
    diag_print(diags, stderr);
    diag_free(diags);
    arena_reset(arena);
    source_free(&sf);
    free(src);
    return n;
}

static bool same_dir(const char *a, const char *b) {
    const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
    size_t na = sa ? (size_t)(sa - a) : 0, nb = sb ? (size_t)(sb - b) : 0;
    return na == nb && memcmp(a, b, na) == 0;
}

int cmd_parse(int argc, char **argv) {
    bool dump = false;
    const char *listfile = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-dump") == 0) dump = true;
        else if (strcmp(argv[i], "-list") == 0 && i + 1 < argc) listfile = argv[++i];
        else if (strcmp(argv[i], "--") == 0) { i++; break; }
        else {
            fprintf(stderr, "goescape parse: unknown flag %s (usage: goescape parse [-dump] [-list FILE] PATTERNS|FILES)\n", argv[i]);
            return 2;
        }
    }
    Interner names;
    interner_init(&names);
    Arena arena; /* reused file after file */
    arena_init(&arena);
    DiagList diags = {0};
    unsigned long errors = 0;
    bool unreadable = false;
    FILE *out = stdout;
    char **files = NULL;
    size_t nfiles = 0;
    char *listbuf = NULL;
    if (listfile) {
        size_t len;
        char *err = NULL;
        listbuf = read_file(listfile, &len, &err);
        if (!listbuf) {
            fprintf(stderr, "goescape: %s: %s\n", listfile, err);
            free(err);
            interner_free(&names);
            return 2;
        }
        for (char *s = strtok(listbuf, "\n"); s; s = strtok(NULL, "\n")) {
            files = xrealloc(files, (nfiles + 1) * sizeof *files);
            files[nfiles++] = s;
        }
    }
    int status = 0;
    if (!listfile) {
        status = expand_go_files(argc - i, argv + i, &files, &nfiles);
        if (status) {
            interner_free(&names);
            return status;
        }
    }
    for (size_t k = 0; k < nfiles; k++) {
        /* Names are interned per package (directory), as the later stages
           do: small tables stay in cache and packages stay independent. */
        if (k > 0 && !same_dir(files[k - 1], files[k])) {
            interner_free(&names);
            interner_init(&names);
        }
        long n = parse_one(files[k], dump, &arena, &names, &diags, out);
        if (n < 0) unreadable = true;
        else errors += (unsigned long)n;
    }
    if (listbuf) free(listbuf);
    else free_go_files(files, nfiles);
    if (listfile) free(files);
    interner_free(&names);
    arena_free(&arena);
    return unreadable ? 2 : errors ? 1 : 0;
}
