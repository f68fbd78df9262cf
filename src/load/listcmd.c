/* `goescape list`: prints matched packages and their Go files, the way
   `go list -f '{{.ImportPath}} {{.GoFiles}}'` would (without brackets). */
#include "load.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(const char *why) {
    fprintf(stderr, "goescape list: %s (usage: goescape list [-deps] [-tags=a,b] [packages])\n", why);
}

int load_list_main(int argc, char **argv) {
    bool deps = false;
    char *tagstr = NULL;
    const char **tags = NULL;
    size_t ntags = 0;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !strcmp(a, "-")) break;
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[1] == '-') a++;
        if (!strcmp(a, "-deps")) {
            deps = true;
        } else if (!strncmp(a, "-tags=", 6) || !strcmp(a, "-tags")) {
            const char *v = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) {
                usage("-tags needs a value");
                goto fail;
            }
            free(tagstr);
            free(tags);
            tags = NULL;
            ntags = 0;
            tagstr = xstrdup(v);
            /* comma-separated (space-separated is the old form; accept both) */
            for (char *t = strtok(tagstr, ", "); t; t = strtok(NULL, ", ")) {
                tags = xrealloc(tags, (ntags + 1) * sizeof *tags);
                tags[ntags++] = t;
            }
        } else {
            char *why = xasprintf("unknown flag %s", argv[i]);
            usage(why);
            free(why);
            goto fail;
        }
    }
    const char *cgo = getenv("CGO_ENABLED");
    LoadConfig cfg = {.tags = tags, .ntags = ntags, .cgo_enabled = cgo && !strcmp(cgo, "1")};
    Loader *l = loader_new(&cfg);
    if (!l) goto fail;
    Package **pkgs = NULL, **all = NULL;
    size_t n = 0, nall = 0;
    int rc = 2;
    if (loader_match(l, (const char **)argv + i, (size_t)(argc - i), &pkgs, &n) != 0) goto done;
    if (deps) {
        if (loader_deps(l, pkgs, n, &all, &nall) != 0) goto done;
    } else {
        all = pkgs, nall = n, pkgs = NULL;
    }
    for (size_t k = 0; k < nall; k++) {
        Package *p = all[k];
        fputs(p->import_path, stdout);
        for (size_t f = 0; f < p->ngo_files; f++) {
            const char *b = strrchr(p->go_files[f], '/');
            printf(" %s", b ? b + 1 : p->go_files[f]);
        }
        putchar('\n');
    }
    rc = 0;
done:
    free(pkgs);
    free(all);
    loader_free(l);
    free(tags);
    free(tagstr);
    return rc;
fail:
    free(tags);
    free(tagstr);
    return 2;
}
