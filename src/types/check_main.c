/* goescape types: load the packages, parse and check every dependency in
   dependency order, report errors, optionally dump the matched packages
   (their objects, or their expression records). */
#include "types.h"
#include "export.h"
#include "base/file.h"
#include "base/ptrmap.h"
#include "base/util.h"
#include "base/vec.h"
#include "load/load.h"
#include "syntax/syntax.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Run {
    TypeContext *ctx;
    Interner names;
    PtrMap pkgs;                /* load Package -> checked Pkg */
    DiagList diags;
    CheckStats stats;
    unsigned errors;
    /* Objects keep pointers to their source files for positions, so the
       files outlive the syntax trees (freed after each package). */
    VEC(SourceFile *) files;
    VEC(char *) texts;
    struct RoundTrip *rt;       /* -roundtrip, else NULL */
} Run;

/* -roundtrip: each package checked from source is written as an export
   table and read back into a second context, whose packages are all read
   from tables, then the two are compared (types_dump_pkg's text and a
   field-by-field walk of everything reachable from the scope). */
typedef struct RoundTrip {
    TypeContext *ctx2;
    Interner *names;
    PtrMap writers;             /* checked Pkg -> ExportWriter */
    PtrMap readers;             /* imported Pkg -> ImportReader */
    PtrMap by_path;             /* interned path -> imported Pkg */
    PtrMap files;               /* interned display name -> SourceFile */
    unsigned total, same, failed;
    double import_secs;
    size_t bytes;
    VEC(ByteBuf) tables;        /* in dependency order, for the timing at the end */
    PtrMap pkgs2;               /* load Package -> imported Pkg */
    unsigned rechecked, recheck_same;
    size_t copies;              /* composite types of other packages written again */
} RoundTrip;

static ExportWriter *rt_writer(void *data, const Pkg *p) {
    return ptrmap_get(&((RoundTrip *)data)->writers, p);
}
static ImportReader *rt_reader(void *data, const Pkg *p) {
    return ptrmap_get(&((RoundTrip *)data)->readers, p);
}
static Pkg *rt_pkg_by_path(void *data, const char *path) {
    RoundTrip *rt = data;
    return ptrmap_get(&rt->by_path, intern_cstr(rt->names, path));
}
static const SourceFile *rt_file(void *data, const char *name) {
    RoundTrip *rt = data;
    return ptrmap_get(&rt->files, intern_cstr(rt->names, name));
}

static char *dump_text(Pkg *p) {
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    types_dump_pkg(f, p);
    fclose(f);
    return s;
}

/* The field-by-field comparison: pairs (original, imported) on a worklist;
   an original entity must always meet the same imported one. */
typedef struct RtPair { const void *x, *y; bool obj; } RtPair;
typedef struct RtCmp {
    PtrMap seen, seen_y;
    VEC(RtPair) work;
    const char *pkg;
    unsigned errs, copies;
} RtCmp;

static bool rt_bad(RtCmp *c, const char *what, const char *name) {
    if (c->errs++ < 3) fprintf(stderr, "roundtrip %s: %s differs (%s)\n", c->pkg, what, name ? name : "");
    return false;
}

static bool same_str(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *pkg_path(const Pkg *p) { return p ? p->path : NULL; }

static void rt_push(RtCmp *c, const void *x, const void *y, bool obj) {
    if (!x && !y) return;
    if (!x || !y) {
        rt_bad(c, obj ? "object presence" : "type presence", NULL);
        return;
    }
    const void *prev = ptrmap_get(&c->seen, x);
    if (prev == y) return;
    if (prev) {
        /* Composite types of other packages are written again where they
           appear (only declared types, type parameters and objects keep
           their identity): compare such a copy once. */
        uint8_t k = ((const Type *)x)->kind;
        if (obj || k == TY_NAMED || k == TY_ALIAS || k == TY_TYPEPARAM || k == TY_BASIC) {
            rt_bad(c, obj ? "object identity" : "type identity", obj ? ((const Object *)x)->name : NULL);
            return;
        }
        if (ptrmap_get(&c->seen_y, y)) return;
        c->copies++;
        ptrmap_put(&c->seen_y, y, (void *)x);
        vec_push(&c->work, ((RtPair){x, y, obj}));
        return;
    }
    ptrmap_put(&c->seen, x, (void *)y);
    vec_push(&c->work, ((RtPair){x, y, obj}));
}

static void rt_types(RtCmp *c, TypeList a, TypeList b) {
    if (a.n != b.n) {
        rt_bad(c, "type list length", NULL);
        return;
    }
    for (uint32_t i = 0; i < a.n; i++) rt_push(c, a.v[i], b.v[i], false);
}

static void rt_objs(RtCmp *c, ObjList a, ObjList b) {
    if (a.n != b.n) {
        rt_bad(c, "object list length", NULL);
        return;
    }
    for (uint32_t i = 0; i < a.n; i++) rt_push(c, a.v[i], b.v[i], true);
}

static void rt_terms(RtCmp *c, const Term *a, uint32_t na, const Term *b, uint32_t nb) {
    if (na != nb) {
        rt_bad(c, "terms", NULL);
        return;
    }
    for (uint32_t i = 0; i < na; i++) {
        if (a[i].tilde != b[i].tilde) rt_bad(c, "term tilde", NULL);
        rt_push(c, a[i].type, b[i].type, false);
    }
}

static void rt_type(RtCmp *c, Type *x, Type *y) {
    if (x->kind != y->kind || x->flags != y->flags) {
        rt_bad(c, "type kind or flags", NULL);
        return;
    }
    switch ((TypeKind)x->kind) {
    case TY_BASIC: {
        BasicType *a = (BasicType *)x, *b = (BasicType *)y;
        if (a->bkind != b->bkind || a->info != b->info || !same_str(a->name, b->name)) rt_bad(c, "basic", a->name);
        rt_push(c, a->obj, b->obj, true);
        break;
    }
    case TY_POINTER: rt_push(c, ((PointerType *)x)->elem, ((PointerType *)y)->elem, false); break;
    case TY_SLICE: rt_push(c, ((SliceType *)x)->elem, ((SliceType *)y)->elem, false); break;
    case TY_ARRAY:
        if (((ArrayType *)x)->len != ((ArrayType *)y)->len) rt_bad(c, "array length", NULL);
        rt_push(c, ((ArrayType *)x)->elem, ((ArrayType *)y)->elem, false);
        break;
    case TY_MAP:
        rt_push(c, ((MapType *)x)->key, ((MapType *)y)->key, false);
        rt_push(c, ((MapType *)x)->elem, ((MapType *)y)->elem, false);
        break;
    case TY_CHAN:
        if (((ChanType *)x)->dir != ((ChanType *)y)->dir) rt_bad(c, "channel direction", NULL);
        rt_push(c, ((ChanType *)x)->elem, ((ChanType *)y)->elem, false);
        break;
    case TY_STRUCT: {
        StructType *a = (StructType *)x, *b = (StructType *)y;
        rt_objs(c, a->fields, b->fields);
        if (!a->tags != !b->tags) rt_bad(c, "struct tags", NULL);
        for (uint32_t i = 0; a->tags && b->tags && i < a->fields.n && i < b->fields.n; i++)
            if (!same_str(a->tags[i], b->tags[i])) rt_bad(c, "struct tag", a->tags[i]);
        break;
    }
    case TY_TUPLE: rt_objs(c, ((TupleType *)x)->vars, ((TupleType *)y)->vars); break;
    case TY_SIGNATURE: {
        SignatureType *a = (SignatureType *)x, *b = (SignatureType *)y;
        if (a->variadic != b->variadic) rt_bad(c, "variadic", NULL);
        rt_push(c, a->recv, b->recv, true);
        rt_types(c, a->rparams, b->rparams);
        rt_types(c, a->tparams, b->tparams);
        rt_push(c, a->params, b->params, false);
        rt_push(c, a->results, b->results, false);
        break;
    }
    case TY_INTERFACE: {
        InterfaceType *a = (InterfaceType *)x, *b = (InterfaceType *)y;
        if (a->implicit != b->implicit || !a->tset != !b->tset) rt_bad(c, "interface", NULL);
        rt_objs(c, a->methods, b->methods);
        rt_types(c, a->embeddeds, b->embeddeds);
        if (a->tset && b->tset) {
            if (a->tset->all_terms != b->tset->all_terms || a->tset->comparable != b->tset->comparable)
                rt_bad(c, "type set", NULL);
            rt_objs(c, a->tset->methods, b->tset->methods);
            rt_terms(c, a->tset->terms, a->tset->nterms, b->tset->terms, b->tset->nterms);
        }
        break;
    }
    case TY_UNION:
        rt_terms(c, ((UnionType *)x)->terms, ((UnionType *)x)->n, ((UnionType *)y)->terms, ((UnionType *)y)->n);
        break;
    case TY_NAMED: {
        NamedType *a = (NamedType *)x, *b = (NamedType *)y;
        rt_push(c, a->obj, b->obj, true);
        if ((a->orig == a) != (b->orig == b)) rt_bad(c, "named origin", a->obj ? a->obj->name : NULL);
        else if (a->orig != a) rt_push(c, a->orig, b->orig, false);
        rt_push(c, a->fromrhs, b->fromrhs, false);
        rt_push(c, a->underlying, b->underlying, false);
        rt_types(c, a->tparams, b->tparams);
        rt_types(c, a->targs, b->targs);
        rt_objs(c, a->methods, b->methods);
        break;
    }
    case TY_TYPEPARAM: {
        TypeParamType *a = (TypeParamType *)x, *b = (TypeParamType *)y;
        if (a->index != b->index) rt_bad(c, "type parameter index", NULL);
        rt_push(c, a->obj, b->obj, true);
        rt_push(c, a->bound, b->bound, false);
        break;
    }
    case TY_ALIAS: {
        AliasType *a = (AliasType *)x, *b = (AliasType *)y;
        rt_push(c, a->obj, b->obj, true);
        if ((a->orig == a) != (b->orig == b)) rt_bad(c, "alias origin", a->obj ? a->obj->name : NULL);
        else if (a->orig != a) rt_push(c, a->orig, b->orig, false);
        rt_types(c, a->tparams, b->tparams);
        rt_types(c, a->targs, b->targs);
        rt_push(c, a->fromrhs, b->fromrhs, false);
        rt_push(c, a->actual, b->actual, false);
        break;
    }
    }
}

static void rt_obj(RtCmp *c, Object *x, Object *y) {
    if (x->kind != y->kind || x->var_kind != y->var_kind || x->flags != y->flags || x->order != y->order ||
        x->color != y->color || !same_str(x->name, y->name) || x->pos != y->pos || x->decl || y->decl ||
        !same_str(pkg_path(x->pkg), pkg_path(y->pkg)) || !x->file != !y->file ||
        (x->file && !same_str(x->file->path, y->file->path)) ||
        (x->parent && x->pkg && x->parent == x->pkg->scope) != (y->parent && y->pkg && y->parent == y->pkg->scope)) {
        rt_bad(c, "object", x->name);
        return;
    }
    rt_push(c, x->type, y->type, false);
    switch ((ObjKind)x->kind) {
    case OBJ_CONST:
        if (!x->u.val != !y->u.val) rt_bad(c, "constant", x->name);
        else if (x->u.val) {
            StrBuf a = {0}, b = {0};
            const_format_exact(&a, x->u.val);
            const_format_exact(&b, y->u.val);
            if (strcmp(sb_cstr(&a), sb_cstr(&b)) != 0 || const_kind(x->u.val) != const_kind(y->u.val))
                rt_bad(c, "constant value", x->name);
            sb_free(&a);
            sb_free(&b);
        }
        break;
    case OBJ_PKGNAME:
        if (!same_str(pkg_path(x->u.imported), pkg_path(y->u.imported))) rt_bad(c, "package name", x->name);
        break;
    case OBJ_BUILTIN:
        if (x->u.builtin != y->u.builtin) rt_bad(c, "builtin", x->name);
        break;
    case OBJ_VAR:
    case OBJ_FUNC:
        if ((x->u.origin == x) != (y->u.origin == y)) rt_bad(c, "origin", x->name);
        else if (x->u.origin != x) rt_push(c, x->u.origin, y->u.origin, true);
        break;
    default: break;
    }
}

/* True when a and b agree everywhere. */
static bool rt_compare(RoundTrip *rt, Pkg *a, Pkg *b) {
    RtCmp c = {.pkg = a->path};
    if (!same_str(a->path, b->path) || !same_str(a->name, b->name) || !same_str(a->go_version, b->go_version) ||
        a->complete != b->complete || a->fake != b->fake || a->nobjs != b->nobjs || a->nimports != b->nimports ||
        a->scope->n != b->scope->n)
        rt_bad(&c, "package header", NULL);
    for (uint32_t i = 0; i < a->nimports && i < b->nimports; i++)
        if (!same_str(pkg_path(a->imports[i]), pkg_path(b->imports[i]))) rt_bad(&c, "imports", NULL);
    for (uint32_t i = 0; i < a->scope->n && i < b->scope->n; i++) {
        Object *x = a->scope->objs[i], *y = b->scope->objs[i];
        rt_push(&c, x, y, true);
        if (y->parent != b->scope || scope_lookup(b->scope, y->name) != y) rt_bad(&c, "scope entry", y->name);
    }
    while (c.work.len) {
        RtPair p = c.work.data[--c.work.len];
        if (p.obj) rt_obj(&c, (Object *)p.x, (Object *)p.y);
        else rt_type(&c, (Type *)p.x, (Type *)p.y);
    }
    rt->copies += c.copies;
    ptrmap_free(&c.seen);
    ptrmap_free(&c.seen_y);
    vec_free(&c.work);
    return c.errs == 0;
}

/* Writes pkg's table, reads it into the second context, compares. */
static void roundtrip_package(Run *r, const void *lp, Pkg *pkg) {
    RoundTrip *rt = r->rt;
    ExportDeps wdeps = {rt_writer, NULL, NULL, NULL, rt, false};
    ExportDeps rdeps = {NULL, rt_reader, rt_pkg_by_path, rt_file, rt, false};
    ExportWriter *w = export_writer_new(pkg, &wdeps);
    ByteBuf buf = {0};
    export_finish(w, &buf);
    ptrmap_put(&rt->writers, pkg, w);
    rt->bytes += buf.len;
    rt->total++;
    ByteReader br;
    br_init(&br, buf.data, buf.len);
    const char *why = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ImportReader *ir = import_open(rt->ctx2, &br, &rdeps, &why);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    rt->import_secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    if (!ir) {
        fprintf(stderr, "roundtrip %s: import failed: %s\n", pkg->path, why);
        rt->failed++;
        vec_push(&rt->tables, buf);
        return;
    }
    if (br.p != br.end) fprintf(stderr, "roundtrip %s: table not consumed exactly\n", pkg->path);
    Pkg *p2 = import_pkg(ir);
    ptrmap_put(&rt->pkgs2, lp, p2);
    ptrmap_put(&rt->readers, p2, ir);
    ptrmap_put(&rt->by_path, p2->path, p2);
    char *a = dump_text(pkg), *b = dump_text(p2);
    bool same = strcmp(a, b) == 0;
    if (!same) {
        const char *x = a, *y = b;
        while (*x && *x == *y) x++, y++;
        while (x > a && x[-1] != '\n') x--, y--;
        fprintf(stderr, "roundtrip %s: dump differs:\n  source: %.*s\n  import: %.*s\n", pkg->path,
                (int)strcspn(x, "\n"), x, (int)strcspn(y, "\n"), y);
    }
    if (!rt_compare(rt, pkg, p2)) same = false;
    /* The imported package written again, its dependencies now reached
       through their readers: the same table. */
    ExportDeps wdeps2 = {NULL, rt_reader, NULL, NULL, rt, false};
    ExportWriter *w2 = export_writer_new(p2, &wdeps2);
    ByteBuf buf2 = {0};
    export_finish(w2, &buf2);
    if (buf2.len != buf.len || memcmp(buf2.data, buf.data, buf.len) != 0) {
        fprintf(stderr, "roundtrip %s: the imported package's table differs (%zu vs %zu bytes)\n", pkg->path,
                buf2.len, buf.len);
        same = false;
    }
    bb_free(&buf2);
    export_writer_free(w2);
    if (same) rt->same++;
    free(a);
    free(b);
    vec_push(&rt->tables, buf);
}

static double now_secs(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Every table read again into fresh contexts, warm: the best of 5. */
static double roundtrip_bench(RoundTrip *rt) {
    double best = 1e9;
    for (int rep = 0; rep < 5; rep++) {
        RoundTrip b = {.names = rt->names, .files = rt->files};
        b.ctx2 = types_new(rt->names, rt->ctx2->goarch);
        ExportDeps rdeps = {NULL, rt_reader, rt_pkg_by_path, rt_file, &b, false};
        ImportReader **rs = xcalloc(rt->tables.len + 1, sizeof *rs);
        double t0 = now_secs();
        for (size_t i = 0; i < rt->tables.len; i++) {
            ByteReader br;
            br_init(&br, rt->tables.data[i].data, rt->tables.data[i].len);
            const char *why;
            rs[i] = import_open(b.ctx2, &br, &rdeps, &why);
            if (!rs[i]) continue;
            Pkg *p = import_pkg(rs[i]);
            ptrmap_put(&b.readers, p, rs[i]);
            ptrmap_put(&b.by_path, p->path, p);
        }
        double t = now_secs() - t0;
        if (t < best) best = t;
        for (size_t i = 0; i < rt->tables.len; i++) import_close(rs[i]);
        free(rs);
        ptrmap_free(&b.readers);
        ptrmap_free(&b.by_path);
        types_free(b.ctx2);
    }
    return best;
}

typedef struct ImportData { Run *run; const Package *p; } ImportData;

static Pkg *import_fn(void *data, const char *path) {
    ImportData *d = data;
    for (size_t i = 0; i < d->p->nimports && i < d->p->ndeps; i++)
        if (strcmp(d->p->imports[i], path) == 0) return ptrmap_get(&d->run->pkgs, d->p->deps[i]);
    return NULL;
}

/* The package checked again from source in the second context, against
   its dependencies as imported from their tables: the same objects and
   types, the same number of errors. */
static Pkg *import_fn2(void *data, const char *path) {
    ImportData *d = data;
    for (size_t i = 0; i < d->p->nimports && i < d->p->ndeps; i++)
        if (strcmp(d->p->imports[i], path) == 0) return ptrmap_get(&d->run->rt->pkgs2, d->p->deps[i]);
    return NULL;
}

static void roundtrip_recheck(Run *r, const Package *p, Pkg *pkg, AstFile **files, size_t nfiles,
                              unsigned errors) {
    RoundTrip *rt = r->rt;
    Pkg *pkg3 = pkg_new(rt->ctx2, pkg->path, p->name);
    pkg3->go_version = pkg->go_version;
    ImportData idata = {r, p};
    Importer imp = {import_fn2, &idata};
    DiagList diags = {0};
    CheckStats st = {0};
    unsigned errors3 = types_check_files_info(pkg3, files, nfiles, &imp, &diags, &st, NULL);
    char *a = dump_text(pkg), *b = dump_text(pkg3);
    rt->rechecked++;
    if (errors3 != errors || strcmp(a, b) != 0) {
        const char *x = a, *y = b;
        while (*x && *x == *y) x++, y++;
        while (x > a && x[-1] != '\n') x--, y--;
        fprintf(stderr, "roundtrip %s: checked against imports: %u errors (%u from source); first difference:\n"
                        "  source: %.*s\n  import: %.*s\n",
                pkg->path, errors3, errors, (int)strcspn(x, "\n"), x, (int)strcspn(y, "\n"), y);
        if (errors3 != errors) diag_print(&diags, stderr);
    } else {
        rt->recheck_same++;
    }
    free(a);
    free(b);
    diag_free(&diags);
}

/* dump_exprs: print the package's expression records (its trees are freed
   here, and the records with them). */
static int check_package(Run *r, Package *p, bool dump_exprs, const char *lang) {
    if (strcmp(p->import_path, "unsafe") == 0) {
        ptrmap_put(&r->pkgs, p, r->ctx->unsafe_pkg);
        return 0;
    }
    Pkg *pkg = pkg_new(r->ctx, p->import_path, p->name);
    pkg->go_version = lang ? lang : p->go_version;
    Arena arena;
    arena_init(&arena);
    AstFile **files = xmalloc((p->ngo_files ? p->ngo_files : 1) * sizeof *files);
    size_t nfiles = 0;
    int status = 0;
    unsigned syntax_errors = 0;
    for (size_t i = 0; i < p->ngo_files; i++) {
        size_t len;
        char *err = NULL;
        char *src = read_file(p->go_files[i], &len, &err);
        if (!src) {
            fprintf(stderr, "goescape: %s: %s\n", p->go_files[i], err);
            free(err);
            status = 2;
            continue;
        }
        SourceFile *sf = xcalloc(1, sizeof *sf);
        source_init(sf, p->go_files[i], src, len);
        vec_push(&r->files, sf);
        vec_push(&r->texts, src);
        if (r->rt) ptrmap_put(&r->rt->files, intern_cstr(&r->names, sf->path), sf);
        AstFile *f = syntax_parse(&arena, &r->names, sf, &r->diags);
        r->errors += f->nerrors;
        syntax_errors += f->nerrors;
        files[nfiles++] = f;
    }
    ImportData idata = {r, p};
    Importer imp = {import_fn, &idata};
    TypeInfo info;
    types_info_init(&info);
    info.keep_order = true;     /* types_dump_exprs prints in recording order */
    /* As gc: a package with syntax errors is not type-checked. */
    unsigned errors = 0;
    if (!syntax_errors)
        r->errors += errors = types_check_files_info(pkg, files, nfiles, &imp, &r->diags, &r->stats,
                                            dump_exprs ? &info : NULL);
    if (dump_exprs) types_dump_exprs(stdout, pkg, &info);
    types_info_free(&info);
    ptrmap_put(&r->pkgs, p, pkg);
    if (r->rt) {
        roundtrip_package(r, p, pkg);
        if (!syntax_errors) roundtrip_recheck(r, p, pkg, files, nfiles, errors);
    }
    /* Diagnostics may name files of //line directives held in the arena. */
    diag_print(&r->diags, stderr);
    diag_free(&r->diags);
    free(files);
    arena_free(&arena);
    return status;
}

int types_check_main(int argc, char **argv) {
    bool dump = false, stats = false, dump_exprs = false, roundtrip = false;
    const char *lang = NULL;    /* -lang=go1.N: the language version of the named packages, as gc's -lang */
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-dump") == 0) dump = true;
        else if (strcmp(argv[i], "-dump-exprs") == 0) dump_exprs = true;
        else if (strcmp(argv[i], "-stats") == 0) stats = true;
        else if (strcmp(argv[i], "-roundtrip") == 0) roundtrip = true;
        else if (strncmp(argv[i], "-lang=go", 8) == 0) lang = argv[i] + 6;   /* "go1.N": see check_lang_before */
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "goescape types: unknown flag %s (usage: goescape types [-dump] [-dump-exprs] [-stats] [-roundtrip] [-lang=go1.N] PATTERNS)\n", argv[i]);
            return 2;
        }
    }
    if (i >= argc) {
        fputs("goescape types: no packages given\n", stderr);
        return 2;
    }
    LoadConfig cfg = {0};
    Loader *l = loader_new(&cfg);
    if (!l) return 2;
    Package **roots = NULL, **all = NULL;
    size_t nroots = 0, nall = 0;
    if (loader_match(l, (const char **)argv + i, (size_t)(argc - i), &roots, &nroots) != 0 ||
        loader_deps(l, roots, nroots, &all, &nall) != 0) {
        free(roots);
        loader_free(l);
        return 2;
    }
    Run r = {0};
    interner_init(&r.names);
    r.ctx = types_new(&r.names, loader_goarch(l));
    int status = 0;
    RoundTrip rt = {0};
    if (roundtrip && r.ctx) {
        rt.ctx2 = types_new(&r.names, loader_goarch(l));
        rt.names = &r.names;
        r.rt = &rt;
    }
    if (!r.ctx) {
        fprintf(stderr, "goescape types: unsupported GOARCH %s\n", loader_goarch(l));
        status = 2;
    }
    for (size_t k = 0; r.ctx && k < nall; k++) {
        bool root = false;
        for (size_t j = 0; j < nroots && !root; j++) root = roots[j] == all[k];
        int s = check_package(&r, all[k], dump_exprs && root, root ? lang : NULL);
        if (s > status) status = s;
    }
    if (dump && r.ctx)
        for (size_t k = 0; k < nroots; k++) {
            Pkg *pkg = ptrmap_get(&r.pkgs, roots[k]);
            if (pkg) types_dump_pkg(stdout, pkg);
        }
    if (stats)
        fprintf(stderr, "goescape types: %zu packages, %u errors, %u constants and %u variables not yet typed\n",
                nall, r.errors, r.stats.unknown_consts, r.stats.unknown_vars);
    if (!status && r.errors) status = 1;
    if (r.rt) {
        printf("roundtrip: %u of %u packages identical (%u failed to import); %zu table bytes, imported in %.1f ms\n",
               rt.same, rt.total, rt.failed, rt.bytes, rt.import_secs * 1e3);
        printf("roundtrip: %zu composite types of other packages met again as copies\n", rt.copies);
        printf("roundtrip: %u of %u packages checked against imported dependencies as from source\n",
               rt.recheck_same, rt.rechecked);
        if (rt.recheck_same != rt.rechecked && !status) status = 1;
        printf("roundtrip: all %zu tables imported again (warm, best of 5) in %.1f ms\n", rt.tables.len,
               roundtrip_bench(&rt) * 1e3);
        for (size_t k = 0; k < rt.tables.len; k++) bb_free(&rt.tables.data[k]);
        vec_free(&rt.tables);
        if (rt.same != rt.total && !status) status = 1;
        for (size_t k = 0; k < rt.writers.cap; k++)
            if (rt.writers.keys[k]) export_writer_free(rt.writers.vals[k]);
        for (size_t k = 0; k < rt.readers.cap; k++)
            if (rt.readers.keys[k]) import_close(rt.readers.vals[k]);
        ptrmap_free(&rt.writers);
        ptrmap_free(&rt.readers);
        ptrmap_free(&rt.by_path);
        ptrmap_free(&rt.files);
        ptrmap_free(&rt.pkgs2);
        types_free(rt.ctx2);
    }
    types_free(r.ctx);
    for (size_t k = 0; k < r.files.len; k++) {
        source_free(r.files.data[k]);
        free(r.files.data[k]);
        free(r.texts.data[k]);
    }
    vec_free(&r.files);
    vec_free(&r.texts);
    ptrmap_free(&r.pkgs);
    interner_free(&r.names);
    free(roots);
    free(all);
    loader_free(l);
    return status;
}
