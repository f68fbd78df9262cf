/* Loader API tests on the fixtures in tests/load/fixtures (run from the
   repository root, as `make unit` does). */
#include "check.h"
#include "load/load.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static Package *find(Package **v, size_t n, const char *path) {
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i]->import_path, path)) return v[i];
    return NULL;
}

static void test_replace(void) {
    LoadConfig cfg = {.dir = "tests/load/fixtures/modreplace/app", .goos = "linux", .goarch = "amd64"};
    Loader *l = loader_new(&cfg);
    CHECK(l != NULL, "loader_new");
    if (!l) return;
    CHECK(loader_goversion(l) && !strncmp(loader_goversion(l), "go1.", 4), "goversion %s", loader_goversion(l));
    CHECK(loader_goroot(l) != NULL, "goroot");
    const char *pats[] = {"./..."};
    Package **pk = NULL, **all = NULL;
    size_t n = 0, nall = 0;
    CHECK(loader_match(l, pats, 1, &pk, &n) == 0 && n == 3, "match ./...: %zu", n);
    Package *app = n ? find(pk, n, "example.com/app") : NULL;
    CHECK(app && app->name && !strcmp(app->name, "main") && !strcmp(app->go_version, "1.21") && !app->goroot,
          "app package");
    CHECK(app && app->nimports == 3 && !strcmp(app->imports[0], "example.com/lib") &&
              !strcmp(app->imports[2], "fmt"),
          "app imports sorted");
    CHECK(app && app->ngo_files == 1 && strstr(app->go_files[0], "/modreplace/app/main.go"), "app files");
    CHECK(loader_deps(l, pk, n, &all, &nall) == 0, "deps");
    Package *lib = find(all, nall, "example.com/lib"), *fmt = find(all, nall, "fmt");
    Package *rt = find(all, nall, "runtime");
    CHECK(lib && !strcmp(lib->go_version, "1.18") && lib->module && !strcmp(lib->module, "example.com/lib"),
          "replaced module's go version");
    CHECK(fmt && fmt->goroot && fmt->is_std && fmt->module && !strcmp(fmt->module, "std"), "fmt is std");
    CHECK(rt && app && app->ndeps == app->nimports + 1 && app->deps[app->ndeps - 1] == rt,
          "main packages depend on runtime");
    /* deps come before dependents */
    size_t ilib = nall, iapp = nall;
    for (size_t i = 0; i < nall; i++) {
        if (all[i] == lib) ilib = i;
        if (all[i] == app) iapp = i;
    }
    CHECK(ilib < iapp && iapp < nall, "dependency order");
    for (size_t i = 0; i < nall; i++)
        for (size_t k = 0; k < all[i]->ndeps; k++) {
            Package *d = all[i]->deps[k];
            size_t j = 0;
            while (j < nall && all[j] != d) j++;
            if (j >= i) {
                CHECK(0, "%s listed before its dependency %s", all[i]->import_path, d->import_path);
                goto done;
            }
        }
    passed++;
done:
    free(pk);
    free(all);
    loader_free(l);
}

static void test_errors(void) {
    LoadConfig cfg = {.dir = "tests/load/fixtures/tags"};
    Loader *l = loader_new(&cfg);
    CHECK(l != NULL, "loader_new tags");
    if (!l) return;
    Package **pk = NULL;
    size_t n = 0;
    fprintf(stderr, "(the next lines of errors are expected)\n");
    const char *excl[] = {"./excl"}, *none[] = {"./nope"}, *bad[] = {"no/such/pkg"};
    CHECK(loader_match(l, excl, 1, &pk, &n) == -1 && !pk, "excluded dir");
    CHECK(loader_match(l, none, 1, &pk, &n) == -1, "missing dir");
    CHECK(loader_match(l, bad, 1, &pk, &n) == -1, "unknown import path");
    const char *files[] = {"h_ignore.go", "a.go"};
    CHECK(loader_match(l, files, 2, &pk, &n) == -1, "mixed package names in files");
    const char *one[] = {"h_ignore.go"};
    CHECK(loader_match(l, one, 1, &pk, &n) == 0 && n == 1 && !strcmp(pk[0]->import_path, "command-line-arguments") &&
              !strcmp(pk[0]->name, "main"),
          "named file ignores its build constraint");
    free(pk);
    loader_free(l);

    LoadConfig bad_os = {.goos = "nope"};
    CHECK(loader_new(&bad_os) == NULL, "unknown GOOS");
    LoadConfig badmod = {.dir = "tests/load/fixtures/badmod"};
    CHECK(loader_new(&badmod) == NULL, "bad go.mod");
}

int main(void) {
    test_replace();
    test_errors();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
