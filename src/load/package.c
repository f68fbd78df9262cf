/* Selecting a directory's files the way go/build.Import does. */
#include "loadint.h"
#include "constraint.h"
#include "header.h"
#include "base/dirlist.h"
#include "base/file.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct StrVec { const char **data; size_t len, cap; } StrVec;

static void sv_push(Arena *a, StrVec *v, const char *s) {
    if (v->len == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 16;
        v->data = arena_realloc(a, v->data, v->cap * sizeof *v->data, nc * sizeof *v->data);
        v->cap = nc;
    }
    v->data[v->len++] = s;
}

/* A picked file's contents, read whole (LoadConfig.file_index). */
typedef struct Text { char *text; size_t len; CacheKey key; } Text;

typedef struct Scan {
    Loader *l;
    Package *p;
    bool all_files;     /* named files: ignore constraints and name suffixes */
    StrVec files, cgo_files, imports;
    size_t nignored, ntests;
    const char *first_file;
    DirRecord *rec;     /* reading whole files: what was read, for the index */
    Text *texts;        /* parallel to files when rec is set; malloc'd */
    size_t ntexts, captexts;
} Scan;

static void set_error(Scan *s, const char *msg) {
    if (s->p->in->state == PKG_ERROR) return;
    s->p->in->state = PKG_ERROR;
    s->p->in->error = msg;
}

static bool ends_with(const char *s, const char *suf) {
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && !memcmp(s + n - k, suf, k);
}

/* Reads the whole file, notes its stat identity, parses its header. */
static bool read_whole(Scan *s, const char *name, const char *path, GoHeader *h, char **err) {
    Loader *l = s->l;
    DirRecord *rec = s->rec;
    struct stat st;
    size_t len;
    char *e = NULL;
    memset(h, 0, sizeof *h);
    char *text = read_file_stat(path, &st, &len, &e);
    if (!text) {
        *err = xasprintf("open %s: %s", path, e);
        free(e);
        rec->complete = false;
        return false;
    }
    if (rec->nreads == rec->capreads) {
        rec->capreads = rec->capreads ? 2 * rec->capreads : 16;
        rec->reads = xrealloc(rec->reads, rec->capreads * sizeof *rec->reads);
    }
    ScanRead *r = &rec->reads[rec->nreads++];
    r->name = load_lstr(l, name);
    load_fileid(&st, &r->id);
    char *perr = NULL;
    int ok = goheader_parse(text, len, true, &l->arena, h, &perr);
    h->buf = text;
    h->len = len;
    if (ok <= 0) {
        *err = xasprintf("%s:%s", path, perr ? perr : "unexpected end of file");
        free(perr);
        return false;
    }
    return true;
}

/* Keeps a picked file's contents (read_whole) for the package. */
static void keep_text(Scan *s, GoHeader *h) {
    if (s->ntexts == s->captexts) {
        s->captexts = s->captexts ? 2 * s->captexts : 16;
        s->texts = xrealloc(s->texts, s->captexts * sizeof *s->texts);
    }
    s->texts[s->ntexts++] = (Text){h->buf, h->len, key_of_bytes(h->buf, h->len)};
    h->buf = NULL;
}

/* One .go file; tests are only counted (go list GoFiles never has them). */
static void scan_file(Scan *s, const char *name, bool is_test) {
    Loader *l = s->l;
    if (!s->all_files && !buildctx_good_os_arch_file(&l->bc, name)) {
        s->nignored++;
        return;
    }
    char *path = path_join(s->p->dir, name), *err = NULL;
    GoHeader h;
    if (s->rec ? !read_whole(s, name, path, &h, &err) : !goheader_read(path, &l->arena, &h, &err)) {
        set_error(s, load_lstr(l, err));
        goto out;
    }
    if (!s->all_files) {
        bool build = true;
        size_t bom = h.len >= 3 && !memcmp(h.buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
        if (!constraint_check_file(h.buf + bom, h.len - bom, buildctx_match_tag, &l->bc, &build, &err)) {
            set_error(s, load_lstrf(l, "%s: %s", path, err));
            goto out;
        }
        if (!build) {
            s->nignored++;
            goto out;
        }
    }
    const char *pkg = h.pkg;
    if (!strcmp(pkg, "documentation")) { /* godoc-only files */
        s->nignored++;
        goto out;
    }
    size_t pn = strlen(pkg);
    if (is_test && pn > 5 && !strcmp(pkg + pn - 5, "_test") && (!s->p->name || strcmp(s->p->name, pkg)))
        pkg = load_lstrf(l, "%.*s", (int)(pn - 5), pkg); /* external test package */
    if (!s->p->name) {
        s->p->name = load_lstr(l, pkg);
        s->first_file = load_lstr(l, name);
    } else if (strcmp(s->p->name, pkg)) {
        set_error(s, load_lstrf(l, "found packages %s (%s) and %s (%s) in %s", s->p->name, s->first_file, pkg,
                           name, s->p->dir));
        goto out;
    }
    if (h.imports_c) {
        if (is_test) {
            set_error(s, load_lstrf(l, "use of cgo in test %s not supported", path));
            goto out;
        }
        if (!l->bc.cgo) { /* CGO_ENABLED=0: the file is ignored, imports too */
            s->nignored++;
            goto out;
        }
    }
    if (is_test) {
        s->ntests++;
        goto out;
    }
    sv_push(&l->arena, h.imports_c ? &s->cgo_files : &s->files, load_lstr(l, path));
    if (s->rec && !h.imports_c) keep_text(s, &h);
    for (size_t i = 0; i < h.nimports; i++)
        if (strcmp(h.imports[i], "C")) sv_push(&l->arena, &s->imports, load_lstr(l, h.imports[i]));
out:
    goheader_free(&h);
    free(err);
    free(path);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void finish(Scan *s) {
    Package *p = s->p;
    p->go_files = s->files.data;
    p->ngo_files = s->files.len;
    if (s->rec && s->ntexts == s->files.len) {
        Loader *l = s->l;
        size_t n = s->ntexts ? s->ntexts : 1;
        p->go_file_texts = arena_alloc(&l->arena, n * sizeof *p->go_file_texts);
        p->go_file_lens = arena_alloc(&l->arena, n * sizeof *p->go_file_lens);
        p->go_file_keys = arena_alloc(&l->arena, n * sizeof *p->go_file_keys);
        for (size_t i = 0; i < s->ntexts; i++) {
            p->go_file_texts[i] = s->texts[i].text;
            p->go_file_lens[i] = s->texts[i].len;
            p->go_file_keys[i] = s->texts[i].key;
        }
        s->ntexts = 0;
        if (l->ntexted == l->captexted) {
            l->captexted = l->captexted ? 2 * l->captexted : 64;
            l->texted = xrealloc(l->texted, l->captexted * sizeof *l->texted);
        }
        l->texted[l->ntexted++] = p;
    }
    for (size_t i = 0; i < s->ntexts; i++) free(s->texts[i].text);
    free(s->texts);
    s->texts = NULL;
    p->cgo_files = s->cgo_files.data;
    p->ncgo_files = s->cgo_files.len;
    if (s->imports.len) {
        qsort(s->imports.data, s->imports.len, sizeof *s->imports.data, cmp_str);
        size_t o = 0;
        for (size_t i = 0; i < s->imports.len; i++)
            if (o == 0 || s->imports.data[o - 1] != s->imports.data[i]) s->imports.data[o++] = s->imports.data[i];
        s->imports.len = o;
    }
    p->imports = s->imports.data;
    p->nimports = s->imports.len;
    if (p->in->state == PKG_ERROR) return;
    if (p->ngo_files + p->ncgo_files + s->ntests == 0) {
        p->in->state = s->nignored ? PKG_EXCLUDED : PKG_NOGO;
        p->in->error = load_lstrf(s->l, s->nignored ? "build constraints exclude all Go files in %s" : "no Go files in %s",
                             p->dir);
    }
}

static void scan_dir(Loader *l, Package *p) {
    if (dirindex_lookup(l, p)) return;
    Scan s = {.l = l, .p = p};
    DirRecord rec = {.complete = true};
    if (l->whole_files) {
        /* the directory's stat before its listing: a change after it moves it */
        struct stat st;
        s.rec = &rec;
        if (stat(p->dir, &st) == 0) load_fileid(&st, &rec.dir);
        else rec.complete = false;
    }
    DirList dl;
    char *err = NULL;
    if (!dir_list(p->dir, &dl, &err)) {
        set_error(&s, load_lstrf(l, "cannot read directory %s: %s", p->dir, err));
        free(err);
        return;
    }
    /* Test files matter only when nothing else makes the directory a
       package, so they are read last and only then. */
    for (size_t i = 0; i < dl.len; i++) {
        const char *n = dl.data[i].name;
        if (dl.data[i].is_dir || n[0] == '_' || n[0] == '.' || !ends_with(n, ".go") || ends_with(n, "_test.go"))
            continue;
        scan_file(&s, n, false);
    }
    if (s.files.len + s.cgo_files.len == 0 && p->in->state != PKG_ERROR)
        for (size_t i = 0; i < dl.len && s.ntests == 0; i++) {
            const char *n = dl.data[i].name;
            if (dl.data[i].is_dir || n[0] == '_' || n[0] == '.' || !ends_with(n, "_test.go")) continue;
            scan_file(&s, n, true);
        }
    dir_list_free(&dl);
    finish(&s);
    if (s.rec) {
        dirindex_store(l, p, &rec);
        l->index_scanned++;
    }
    free(rec.reads);
}

static Package *new_package(Loader *l, const char *import_path, const char *dir, Module *m) {
    Package *p = arena_alloc(&l->arena, sizeof *p);
    p->in = arena_alloc(&l->arena, sizeof *p->in);
    p->import_path = load_lstr(l, import_path);
    p->dir = load_lstr(l, dir);
    p->in->mod = m;
    p->goroot = load_has_path_prefix(dir, l->goroot_src);
    p->is_std = p->goroot && !load_has_path_prefix(dir, l->cmd->dir);
    p->module = l->gopath_mode || !m ? NULL : m->path;
    p->go_version = m ? m->go_version : l->go_version_default;
    return p;
}

Package *load_pkg_get(Loader *l, const char *import_path, const char *dir, Module *m) {
    const char *ip = load_lstr(l, import_path);
    Package *p = ptrmap_get(&l->pkgs, ip);
    if (p) return p;
    p = new_package(l, ip, dir, m);
    scan_dir(l, p);
    ptrmap_put(&l->pkgs, ip, p);
    return p;
}

char *load_pkg_error_line(const Package *p) {
    return xstrdup(p->in->error ? p->in->error : "unknown error");
}

Package *load_pkg_files(Loader *l, const char **files, size_t n, char **err) {
    char *dir = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!ends_with(files[i], ".go")) {
            *err = xasprintf("named files must be .go files: %s", files[i]);
            goto fail;
        }
        char *abs = files[i][0] == '/' ? xstrdup(files[i]) : path_join(l->cwd, files[i]);
        char *c = load_clean_path(abs);
        free(abs);
        if (is_dir(c)) {
            *err = xasprintf("%s is a directory, should be a Go file", files[i]);
            free(c);
            goto fail;
        }
        if (!is_file(c)) {
            *err = xasprintf("stat %s: no such file or directory", files[i]);
            free(c);
            goto fail;
        }
        *strrchr(c, '/') = 0;
        const char *d = *c ? c : "/";
        if (!dir) {
            dir = xstrdup(d);
        } else if (strcmp(dir, d)) {
            *err = xasprintf("named files must all be in one directory; have %s and %s", dir, d);
            free(c);
            goto fail;
        }
        free(c);
    }
    if (!dir) dir = xstrdup(l->cwd);
    Module *m = NULL;
    char *e2 = NULL;
    (void)load_dir_import_path(l, dir, &m, &e2); /* only for the module's go version */
    free(e2);
    Package *p = new_package(l, "command-line-arguments", dir, m);
    p->goroot = p->is_std = false;
    Scan s = {.l = l, .p = p, .all_files = true};
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(files[i], '/');
        base = base ? base + 1 : files[i];
        if (base[0] == '_' || base[0] == '.') continue;
        scan_file(&s, base, ends_with(base, "_test.go"));
    }
    finish(&s);
    free(dir);
    return p;
fail:
    free(dir);
    return NULL;
}
