/* -d=summaryroundtrip: see roundtrip.h. The check after reading writes the
   read-back data again and compares bytes (the formats are canonical for a
   given reference table), and compares the summaries entry by entry (the
   inline bodies on a second copy, as importers' copy decodes its bodies on
   first use); any difference is reported and stops the run. GOESCAPE_ROUNDTRIP_STATS=1
   prints each package's sizes and reading time on stderr. */
#include "roundtrip.h"
#include "base/util.h"
#include "base/vec.h"
#include "syntax/syntax.h"
#include "types/export.h"
#include "types/idrefs.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------ the identity table */

/* The reading side of the identity table (types/idrefs.h), kept in a
   summary's arena: a read summary decodes its bodies on first use, long
   after this package's hook. */
typedef struct IdArr {
    const void **v[IDREF_KINDS];
    size_t n[IDREF_KINDS];
} IdArr;

static IdArr *idarr_new(const IdRefs *t, Arena *a) {
    IdArr *r = arena_alloc(a, sizeof *r);
    for (int k = 0; k < IDREF_KINDS; k++) {
        r->n[k] = t->v[k].len;
        r->v[k] = arena_alloc(a, (r->n[k] ? r->n[k] : 1) * sizeof *r->v[k]);
        if (r->n[k]) memcpy(r->v[k], t->v[k].data, r->n[k] * sizeof *r->v[k]);
    }
    return r;
}

static const void *arr_ptr(const IdArr *t, int k, uint64_t id) { return id >= 1 && id <= t->n[k] ? t->v[k][id - 1] : NULL; }
static Type *a_type(void *d, uint32_t id) { return (Type *)arr_ptr(d, IDREF_TYPE, id); }
static Object *a_obj(void *d, uint32_t id) { return (Object *)arr_ptr(d, IDREF_OBJ, id); }
static const SourceFile *a_file(void *d, uint32_t id) { return arr_ptr(d, IDREF_FILE, id); }
static const Const *a_const(void *d, ByteReader *b) {
    const Const *c = arr_ptr(d, IDREF_CONST, br_uvar(b));
    if (!c) b->bad = true;
    return c;
}

/* ------------------------------------------------------------ helpers */

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool same_bytes(const ByteBuf *a, const ByteBuf *b) {
    return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

static bool same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static bool body_bytes(const IrFunc *fn, const SerRefs *refs, const Pkg *pkg, ByteBuf *out) {
    IrSerWriter *w = ir_ser_writer_new(refs, pkg);
    bool ok = ir_ser_write_func(w, out, fn);
    ir_ser_write_tables(w, out);
    ir_ser_writer_free(w);
    return ok;
}

/* ------------------------------------------------------------- checks */

static const char *check_esc(const EscSummary *a, const EscSummary *b) {
    if (a->tags.len != b->tags.len) return "escape summary: entry count";
    for (size_t i = 0; i < a->tags.cap; i++) {
        if (!a->tags.keys[i]) continue;
        const EscFuncTags *x = a->tags.vals[i], *y = ptrmap_get(&b->tags, a->tags.keys[i]);
        if (!y || x->n != y->n || x->pragmas != y->pragmas) return "escape summary: entry";
        for (uint32_t k = 0; k < x->n; k++) {
            uint8_t lx[8], ly[8];
            escape_tag_decode(x->tag[k], x->taglen ? x->taglen[k] : strlen(x->tag[k]), lx);
            escape_tag_decode(y->tag[k], y->taglen[k], ly);
            if (memcmp(lx, ly, 8) != 0) return "escape summary: tag";
        }
    }
    return NULL;
}

/* b is a second read-back copy whose bodies are all decoded here (the copy
   importers get decodes them on first use). */
static const char *check_inl(const InlSummary *a, const InlSummary *b, const SerRefs *refs, const Pkg *pkg) {
    if (a->funcs.len != b->funcs.len) return "inline summary: entry count";
    ByteBuf x = {0}, y = {0};
    const char *why = NULL;
    for (size_t i = 0; i < a->funcs.cap && !why; i++) {
        if (!a->funcs.keys[i]) continue;
        const InlFunc *f = a->funcs.vals[i], *g = ptrmap_get(&b->funcs, a->funcs.keys[i]);
        if (!g || f->state != g->state || f->big != g->big || f->closure != g->closure || f->cost != g->cost ||
            f->budget != g->budget || !same_str(f->reason, g->reason) || !same_str(f->name, g->name) ||
            f->pkg != g->pkg || !inline_func_body(f) != !(g->body || g->lazyoff)) {
            why = "inline summary: entry";
            break;
        }
        if (!inline_func_body(f)) continue;
        x.len = y.len = 0;
        if (!body_bytes(inline_func_body(f), refs, pkg, &x) || !inline_func_body(g) ||
            !body_bytes(inline_func_body(g), refs, pkg, &y) || !same_bytes(&x, &y))
            why = "inline summary: body";
    }
    bb_free(&x);
    bb_free(&y);
    return why;
}

/* ------------------------------------------------------------ the hook */

int roundtrip_package(Pipeline *p, PipePkg *pp, EscSummary *esc, InlSummary *inl) {
    IdRefs tab = {0};
    SerRefs refs = idrefs_ser(&tab);
    DeRefs drefs = idrefs_de(&tab);
    SyntaxSerFiles sf = {idrefs_file_id, idrefs_file, &tab};
    const char *why = NULL;
    ByteBuf eb = {0}, ib = {0}, gb = {0}, again = {0};
    double t0, tread = 0, tesc = 0, tinl = 0;

    /* ---- write */
    escape_summary_write(&eb, esc, &refs);
    if (!inline_summary_write(&ib, inl, pp->pkg, &refs)) why = "inline summary: cannot write";
    const AstFile **gfiles = NULL;
    const Node **gdecls = NULL;
    size_t ngen = pp->errors ? 0 : pipeline_generic_decls(pp, &gfiles, &gdecls);
    const Node **wnodes = NULL;
    size_t nwnodes = 0;
    if (ngen) {
        if (!syntax_write_decls(&gb, gfiles, gdecls, ngen, &sf, &wnodes, &nwnodes))
            why = "generic declarations: cannot write";
        types_info_write(&gb, &pp->info, wnodes, nwnodes, &refs);
    }

    /* ---- read, check, replace */
    EscSummary ne;
    escape_summary_init(&ne);
    ByteReader r;
    t0 = now();
    br_init(&r, eb.data, eb.len);
    if (!why && (!escape_summary_read(&r, &ne, &drefs) || r.p != r.end)) why = "escape summary: cannot read";
    tread += tesc = now() - t0;
    if (!why) why = check_esc(esc, &ne);

    InlSummary ni;
    inline_summary_init(&ni);
    DeRefs lrefs = {a_type, a_obj, a_file, a_const, idarr_new(&tab, &ni.arena)};
    t0 = now();
    br_init(&r, ib.data, ib.len);
    if (!why && (!inline_summary_read(&r, &ni, pp->pkg, &p->names, &lrefs, false) || r.p != r.end))
        why = "inline summary: cannot read";
    tread += tinl = now() - t0;
    if (!why) {
        InlSummary nv;
        inline_summary_init(&nv);
        br_init(&r, ib.data, ib.len);
        if (!inline_summary_read(&r, &nv, pp->pkg, &p->names, &lrefs, false)) why = "inline summary: cannot read again";
        else why = check_inl(inl, &nv, &refs, pp->pkg);
        inline_summary_free(&nv);
    }

    SyntaxDecls sd = {0};
    TypeInfo ti;
    types_info_init(&ti);
    if (ngen && !why) {
        t0 = now();
        br_init(&r, gb.data, gb.len);
        if (!syntax_read_decls(&r, &pp->arena, &p->names, &sf, &sd) ||
            !types_info_read(&r, &ti, sd.nodes, sd.nnodes, &drefs) || r.p != r.end)
            why = "generic declarations: cannot read";
        tread += now() - t0;
        if (!why) {
            const Node **rnodes = NULL;
            size_t nrnodes = 0;
            if (!syntax_write_decls(&again, (const AstFile *const *)sd.files, (const Node *const *)sd.decls,
                                    sd.n, &sf, &rnodes, &nrnodes))
                why = "generic declarations: cannot write again";
            types_info_write(&again, &ti, rnodes, nrnodes, &refs);
            free(rnodes);
            if (!why && !same_bytes(&gb, &again)) why = "generic declarations: differ once read";
        }
    }

    if (getenv("GOESCAPE_ROUNDTRIP_STATS"))
        fprintf(stderr, "roundtrip %s esc=%zu inl=%zu gen=%zu read_us=%.1f esc_us=%.1f inl_us=%.1f\n",
                pp->lp->import_path, eb.len, ib.len, gb.len, tread * 1e6, tesc * 1e6, tinl * 1e6);

    if (why) {
        fprintf(stderr, "goescape: -d=summaryroundtrip: %s: %s\n", pp->lp->import_path, why);
        escape_summary_free(&ne);
        inline_summary_free(&ni);
        types_info_free(&ti);
    } else {
        escape_summary_free(esc);
        *esc = ne;
        inline_summary_free(inl);
        *inl = ni;
        if (ngen) {
            /* the package's trees become the read-back declarations alone
               (after the visit only they are kept anyway) */
            types_info_free(&pp->info);
            pp->info = ti;
            free(pp->files);
            pp->files = xmalloc((sd.nuniq ? sd.nuniq : 1) * sizeof *pp->files);
            memcpy(pp->files, sd.uniq, sd.nuniq * sizeof *pp->files);
            pp->nfiles = sd.nuniq;
            ptrmap_free(&pp->gendecls);
            pp->gendecls_built = false;
        } else {
            types_info_free(&ti);
        }
    }
    free(wnodes);
    free(gfiles);
    free(gdecls);
    bb_free(&eb);
    bb_free(&ib);
    bb_free(&gb);
    bb_free(&again);
    idrefs_free(&tab);
    return why ? 1 : 0;
}
