/* Tag sets of a build configuration and file-name suffix matching. */
#include "buildctx.h"
#include "base/util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every GOOS/GOARCH go has ever known: file names like x_nacl.go are
   matched against these even when the port is gone (internal/syslist). */
static const char *const KNOWN_OS[] = {
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
    "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
};
static const char *const UNIX_OS[] = {
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios",
    "linux", "netbsd", "openbsd", "solaris",
};
static const char *const KNOWN_ARCH[] = {
    "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
    "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le",
    "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
};

static bool in_list(const char *const *l, size_t nl, const char *s, size_t n) {
    for (size_t i = 0; i < nl; i++)
        if (strlen(l[i]) == n && memcmp(l[i], s, n) == 0) return true;
    return false;
}

bool load_known_os(const char *s, size_t n) { return in_list(KNOWN_OS, ARRAY_LEN(KNOWN_OS), s, n); }
bool load_known_arch(const char *s, size_t n) { return in_list(KNOWN_ARCH, ARRAY_LEN(KNOWN_ARCH), s, n); }
bool load_unix_os(const char *s) { return in_list(UNIX_OS, ARRAY_LEN(UNIX_OS), s, strlen(s)); }

void buildctx_add_tag(BuildCtx *c, const char *tag) {
    for (size_t i = 0; i < c->ntags; i++)
        if (strcmp(c->tags[i], tag) == 0) return;
    if (c->ntags == c->captags) {
        c->captags = c->captags ? c->captags * 2 : 64;
        c->tags = xrealloc(c->tags, c->captags * sizeof *c->tags);
    }
    c->tags[c->ntags++] = xstrdup(tag);
}

static void del_tag(BuildCtx *c, const char *tag) {
    for (size_t i = 0; i < c->ntags; i++)
        if (strcmp(c->tags[i], tag) == 0) {
            free(c->tags[i]);
            c->tags[i] = c->tags[--c->ntags];
            return;
        }
}

static const char *env(GetenvFn g, const char *name, const char *def) {
    const char *v = g ? g(name) : getenv(name);
    return v && *v ? v : def;
}

static void add_tagf(BuildCtx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_tagf(BuildCtx *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *t = xvasprintf(fmt, ap);
    va_end(ap);
    buildctx_add_tag(c, t);
    free(t);
}

/* Architecture feature tags such as amd64.v1 or arm.7 (buildcfg.gogoarchTags),
   from GOAMD64 and friends or their defaults. */
static void add_arch_tags(BuildCtx *c, GetenvFn g) {
    const char *a = c->goarch;
    if (!strcmp(a, "386")) {
        add_tagf(c, "386.%s", env(g, "GO386", "softfloat"));
    } else if (!strcmp(a, "amd64")) {
        int v = atoi(env(g, "GOAMD64", "v1") + 1);
        for (int i = 1; i <= v && i <= 4; i++) add_tagf(c, "amd64.v%d", i);
    } else if (!strcmp(a, "arm")) {
        int v = atoi(env(g, "GOARM", "7"));
        for (int i = 5; i <= v && i <= 7; i++) add_tagf(c, "arm.%d", i);
    } else if (!strcmp(a, "arm64")) {
        const char *v = env(g, "GOARM64", "v8.0");
        int major = v[0] == 'v' && v[1] ? v[1] - '0' : 8;
        int minor = v[0] == 'v' && v[1] && v[2] == '.' && v[3] ? v[3] - '0' : 0;
        for (int i = 0; i <= minor; i++) add_tagf(c, "arm64.v%d.%d", major, i);
        /* v9.x includes v8.(x+5) */
        if (major == 9)
            for (int i = 0; i <= minor + 5 && i <= 9; i++) add_tagf(c, "arm64.v8.%d", i);
    } else if (!strcmp(a, "mips") || !strcmp(a, "mipsle")) {
        add_tagf(c, "%s.%s", a, env(g, "GOMIPS", "hardfloat"));
    } else if (!strcmp(a, "mips64") || !strcmp(a, "mips64le")) {
        add_tagf(c, "%s.%s", a, env(g, "GOMIPS64", "hardfloat"));
    } else if (!strcmp(a, "ppc64") || !strcmp(a, "ppc64le")) {
        int v = atoi(env(g, "GOPPC64", "power8") + 5);
        for (int i = 8; i <= v && i <= 10; i++) add_tagf(c, "%s.power%d", a, i);
    } else if (!strcmp(a, "riscv64")) {
        int lvl = atoi(env(g, "GORISCV64", "rva20u64") + 3);
        add_tagf(c, "riscv64.rva20u64");
        if (lvl >= 22) add_tagf(c, "riscv64.rva22u64");
        if (lvl >= 23) add_tagf(c, "riscv64.rva23u64");
    } else if (!strcmp(a, "wasm")) {
        add_tagf(c, "wasm.satconv");
        add_tagf(c, "wasm.signext");
    }
}

/* goexperiment.* tags: the toolchain's baseline (internal/buildcfg for
   go1.27), edited by $GOEXPERIMENT ("x", "nox", "none"). */
static void add_experiment_tags(BuildCtx *c, GetenvFn g) {
    const char *a = c->goarch, *o = c->goos;
    bool regabi = !strcmp(a, "amd64") || !strcmp(a, "arm64") || !strcmp(a, "loong64") ||
                  !strcmp(a, "ppc64le") || !strcmp(a, "ppc64") || !strcmp(a, "riscv64") ||
                  !strcmp(a, "s390x");
    if (regabi) {
        buildctx_add_tag(c, "goexperiment.regabiwrappers");
        buildctx_add_tag(c, "goexperiment.regabiargs");
    }
    if (strcmp(o, "darwin") && strcmp(o, "ios") && strcmp(o, "aix")) buildctx_add_tag(c, "goexperiment.dwarf5");
    buildctx_add_tag(c, "goexperiment.randomizedheapbase64");
    buildctx_add_tag(c, "goexperiment.greenteagc");
    buildctx_add_tag(c, "goexperiment.jsonv2");
    buildctx_add_tag(c, "goexperiment.sizespecializedmalloc");

    const char *e = env(g, "GOEXPERIMENT", "");
    while (*e) {
        const char *comma = strchr(e, ',');
        size_t n = comma ? (size_t)(comma - e) : strlen(e);
        char *f = xstrndup(e, n);
        if (!strcmp(f, "none")) {
            for (size_t i = c->ntags; i-- > 0;)
                if (!strncmp(c->tags[i], "goexperiment.", 13)) del_tag(c, c->tags[i]);
        } else if (*f) {
            bool on = strncmp(f, "no", 2) != 0;
            const char *name = on ? f : f + 2;
            /* "regabi" stands for both regabi experiments. */
            const char *names[2] = {name, NULL};
            if (!strcmp(name, "regabi")) names[0] = "regabiwrappers", names[1] = "regabiargs";
            for (int k = 0; k < 2 && names[k]; k++) {
                if (on && !regabi && !strncmp(names[k], "regabi", 6)) continue;
                if (!on && regabi && !strncmp(names[k], "regabi", 6)) continue;
                char *t = xasprintf("goexperiment.%s", names[k]);
                if (on) buildctx_add_tag(c, t);
                else del_tag(c, t);
                free(t);
            }
        }
        free(f);
        e += n;
        if (*e == ',') e++;
    }
}

void buildctx_init(BuildCtx *c, const char *goos, const char *goarch, bool cgo, int go_minor,
                   GetenvFn g) {
    memset(c, 0, sizeof *c);
    c->goos = xstrdup(goos);
    c->goarch = xstrdup(goarch);
    c->cgo = cgo;
    add_experiment_tags(c, g);
    add_arch_tags(c, g);
    for (int i = 1; i <= go_minor; i++) add_tagf(c, "go1.%d", i);
}

void buildctx_free(BuildCtx *c) {
    for (size_t i = 0; i < c->ntags; i++) free(c->tags[i]);
    free(c->tags);
    free(c->goos);
    free(c->goarch);
    memset(c, 0, sizeof *c);
}

bool buildctx_match_tag(void *ctx, const char *tag) {
    const BuildCtx *c = ctx;
    if (c->cgo && !strcmp(tag, "cgo")) return true;
    if (!strcmp(tag, c->goos) || !strcmp(tag, c->goarch) || !strcmp(tag, "gc")) return true;
    /* Ports that imply an older one. */
    if (!strcmp(c->goos, "android") && !strcmp(tag, "linux")) return true;
    if (!strcmp(c->goos, "illumos") && !strcmp(tag, "solaris")) return true;
    if (!strcmp(c->goos, "ios") && !strcmp(tag, "darwin")) return true;
    if (!strcmp(tag, "unix") && load_unix_os(c->goos)) return true;
    if (!strcmp(tag, "boringcrypto")) tag = "goexperiment.boringcrypto";
    for (size_t i = 0; i < c->ntags; i++)
        if (!strcmp(c->tags[i], tag)) return true;
    return false;
}

bool buildctx_good_os_arch_file(const BuildCtx *c, const char *name) {
    /* Only the part before the first '.' and after the first '_' counts, so
       "linux.go" is not tagged but "x_linux.go" is. */
    size_t n = strcspn(name, ".");
    const char *us = memchr(name, '_', n);
    if (!us) return true;
    const char *s = us, *end = name + n;
    /* Split on '_' (s starts with '_', so the first element is empty). */
    const char *el[3] = {0};     /* last three elements */
    size_t eln[3] = {0};
    int count = 0;
    const char *p = s;
    while (p <= end) {
        const char *q = p;
        while (q < end && *q != '_') q++;
        el[0] = el[1], eln[0] = eln[1];
        el[1] = el[2], eln[1] = eln[2];
        el[2] = p, eln[2] = (size_t)(q - p);
        count++;
        p = q + 1;
    }
    if (eln[2] == 4 && !memcmp(el[2], "test", 4)) {
        el[2] = el[1], eln[2] = eln[1];
        el[1] = el[0], eln[1] = eln[0];
        count--;
    }
    char buf_os[32], buf_arch[32];
    if (count >= 2 && load_known_os(el[1], eln[1]) && load_known_arch(el[2], eln[2])) {
        /* known names are short, so the copies below never truncate */
        snprintf(buf_os, sizeof buf_os, "%.*s", (int)eln[1], el[1]);
        snprintf(buf_arch, sizeof buf_arch, "%.*s", (int)eln[2], el[2]);
        return buildctx_match_tag((void *)c, buf_arch) && buildctx_match_tag((void *)c, buf_os);
    }
    if (count >= 1 && (load_known_os(el[2], eln[2]) || load_known_arch(el[2], eln[2]))) {
        snprintf(buf_os, sizeof buf_os, "%.*s", (int)eln[2], el[2]);
        return buildctx_match_tag((void *)c, buf_os);
    }
    return true;
}
