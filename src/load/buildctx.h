/* The build context: GOOS, GOARCH, cgo and the tag sets that build
   constraints and file names are matched against (go/build.Context). */
#ifndef GOESCAPE_LOAD_BUILDCTX_H
#define GOESCAPE_LOAD_BUILDCTX_H
#include <stdbool.h>
#include <stddef.h>

typedef struct BuildCtx {
    char *goos, *goarch;
    bool cgo;
    bool use_all_files;     /* named .go files: constraints are not applied */
    char **tags;            /* -tags, tool tags (goexperiment.*, amd64.v1), release tags */
    size_t ntags, captags;
} BuildCtx;

/* Env lookups (GOEXPERIMENT, GOAMD64, ...) go through getenv_fn so tests
   can pass their own; NULL means the process environment. go_minor is the
   toolchain's Go 1.N release, for the go1.1..go1.N release tags. */
typedef const char *(*GetenvFn)(const char *name);
void buildctx_init(BuildCtx *c, const char *goos, const char *goarch, bool cgo, int go_minor,
                   GetenvFn getenv_fn);
void buildctx_add_tag(BuildCtx *c, const char *tag);
void buildctx_free(BuildCtx *c);

bool load_known_os(const char *s, size_t n);
bool load_known_arch(const char *s, size_t n);
bool load_unix_os(const char *s);

/* ctxt.matchTag: is tag satisfied in this context? (a TagMatcher) */
bool buildctx_match_tag(void *ctx, const char *tag);
/* ctxt.goodOSArchFile: do the _GOOS/_GOARCH suffixes of a base name match? */
bool buildctx_good_os_arch_file(const BuildCtx *c, const char *name);

#endif
