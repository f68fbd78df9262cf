/* An InlSummary on disk (see inline.h): a version byte, then one
   length-prefixed block: the IR tables (package-level variables shared by
   the bodies), a count, then per function object its decision (strings
   inline and NUL-terminated, so that reading points into the block) and,
   when it has a body, the body tree prefixed by its length; then the
   re-exported bodies' functions (InlSummary.reexp). Reading decodes
   the decisions and keeps a copy of the block: a body is decoded on first
   use (inline_func_body), as only a few of a dependency's bodies are ever
   inlined and decoding all of them would cost most of the time (their nodes
   take about 14 times the bytes of their encoding). */
#include "inline.h"
#include "base/util.h"
#include "types/export.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { INL_VERSION = 3 };
enum { B_BIG = 1, B_CLOSURE = 2, B_BODY = 4 };

/* A read summary's undecoded bodies; in the summary's arena. The mutex is
   never destroyed (a default mutex holds no resources on the platforms
   goescape builds for). */
typedef struct InlLazy {
    pthread_mutex_t mu;         /* decoding allocates in the snap's arena */
    IrSerReader *rd;            /* with the tables, in the snap's arena */
    const uint8_t *data;        /* the records block (copied, or borrowed) */
    size_t len;
} InlLazy;

/* bb_cstr's form followed by a NUL, so that get_str can point into the
   section instead of copying. */
static void put_str(ByteBuf *b, const char *s) {
    bb_cstr(b, s);
    if (s) bb_u8(b, 0);
}

static const char *get_str(ByteReader *r) {
    uint64_t n = br_uvar(r);
    if (n == 0 || r->bad) return NULL;
    if (n > (uint64_t)(r->end - r->p) || r->p[n - 1] != 0) {
        r->bad = true;
        r->p = r->end;
        return NULL;
    }
    const char *s = (const char *)r->p;
    r->p += n;
    return s;
}

bool inline_summary_write(ByteBuf *out, const InlSummary *s, const Pkg *pkg, const SerRefs *refs) {
    IrSerWriter *w = ir_ser_writer_new(refs, pkg);
    ByteBuf recs = {0}, body = {0};
    bool ok = true;
    /* in a fixed order: the table numbers objects as they are asked for,
       and importers' entries refer to those numbers. A table of what is
       reached gets the functions it numbered, pass after pass, since a
       body written numbers more. */
    Object **keys;
    size_t nkeys = obj_sorted_keys(&s->funcs, &keys);
    uint8_t *done = xcalloc(nkeys ? nkeys : 1, 1);
    size_t nwritten = 0;
    for (bool more = true; more;) {
        more = false;
        if (refs->settle) {
            ir_ser_number_globals(w);
            refs->settle(refs->data);
        }
        for (size_t i = 0; i < nkeys; i++) {
            Object *o = keys[i];
            if (done[i] || (refs->numbered && !refs->numbered(refs->data, o))) continue;
            done[i] = 1;
            nwritten++;
            more = true;
            const InlFunc *f = ptrmap_get(&s->funcs, o);
            IrFunc *b = inline_func_body(f);
            bb_uvar(&recs, refs->obj(refs->data, o));
            bb_u8(&recs, f->state);
            bb_u8(&recs, (uint8_t)((f->big ? B_BIG : 0) | (f->closure ? B_CLOSURE : 0) | (b ? B_BODY : 0)));
            bb_svar(&recs, f->cost);
            bb_svar(&recs, f->budget);
            put_str(&recs, f->reason);
            put_str(&recs, f->name);
            if (!ir_ser_write_pkg(w, &recs, f->pkg)) ok = false;
            if (b) {
                body.len = 0;
                if (!ir_ser_write_func(w, &body, b)) ok = false;
                bb_str(&recs, (const char *)body.data, body.len);
            }
        }
    }
    free(done);
    free(keys);
    nkeys = obj_sorted_keys(&s->reexp, &keys);
    bb_uvar(&recs, nkeys);
    for (size_t i = 0; i < nkeys; i++) bb_uvar(&recs, refs->obj(refs->data, keys[i]));
    free(keys);
    ByteBuf blk = {0};
    ir_ser_write_tables(w, &blk);
    bb_uvar(&blk, nwritten);
    bb_put(&blk, recs.data, recs.len);
    bb_u8(out, INL_VERSION);
    bb_str(out, (const char *)blk.data, blk.len);
    bb_free(&blk);
    bb_free(&recs);
    bb_free(&body);
    ir_ser_writer_free(w);
    return ok;
}

bool inline_summary_read(ByteReader *r, InlSummary *s, Pkg *pkg, Interner *names, const DeRefs *refs,
                         bool borrow) {
    if (br_u8(r) != INL_VERSION) return false;
    if (!s->snap) {
        s->snap = xcalloc(1, sizeof *s->snap);
        arena_init(&s->snap->arena);
        s->snap->names = names;
        s->snap->pkg = pkg;
    }
    size_t len;
    const uint8_t *blk = br_bytes(r, &len);
    if (!blk || len > UINT32_MAX) return false;
    InlLazy *lz = arena_alloc(&s->arena, sizeof *lz);
    pthread_mutex_init(&lz->mu, NULL);
    lz->len = len;
    if (borrow) {
        lz->data = blk;
    } else {
        lz->data = arena_alloc_raw(&s->arena, len ? len : 1);
        memcpy((uint8_t *)lz->data, blk, len);
    }
    ByteReader b;
    br_init(&b, lz->data, len);
    IrSerReader *rd = ir_ser_reader_new(s->snap, refs, pkg);
    lz->rd = rd;
    if (!ir_ser_read_tables(rd, &b)) return false;
    uint64_t n = br_uvar(&b);
    /* each record takes several bytes: a count past the input is corrupt */
    if (n > len) b.bad = true;
    InlFunc *fs = b.bad ? NULL : arena_alloc(&s->arena, (n ? n : 1) * sizeof *fs);
    for (uint64_t i = 0; i < n && !b.bad; i++) {
        InlFunc *f = &fs[i];
        Object *o = NULL;
        uint64_t k = br_uvar(&b);
        if (k && k <= UINT32_MAX && !b.bad) o = refs->obj(refs->data, (uint32_t)k);
        f->obj = o;
        f->state = br_u8(&b);
        uint8_t bits = br_u8(&b);
        f->big = bits & B_BIG;
        f->closure = bits & B_CLOSURE;
        f->cost = (int32_t)br_svar(&b);
        f->budget = (int32_t)br_svar(&b);
        f->reason = get_str(&b);
        f->name = get_str(&b);
        f->pkg = ir_ser_read_pkg(rd, &b);
        if (bits & B_BODY) {
            size_t bl;
            const uint8_t *body = br_bytes(&b, &bl);
            if (body && bl) {
                f->lazy = lz;
                f->lazyoff = (uint32_t)(body - lz->data) + 1;
            } else {
                b.bad = true;
            }
        }
        if (!o || !f->name || f->state > INL_NO || (bits & ~(B_BIG | B_CLOSURE | B_BODY))) b.bad = true;
        if (!b.bad) ptrmap_put(&s->funcs, o, f);
    }
    uint64_t nre = b.bad ? 0 : br_uvar(&b);
    if (nre > len) b.bad = true;
    for (uint64_t i = 0; i < nre && !b.bad; i++) {
        uint64_t k = br_uvar(&b);
        Object *o = k && k <= UINT32_MAX && !b.bad ? refs->obj(refs->data, (uint32_t)k) : NULL;
        if (!o) b.bad = true;
        else ptrmap_put(&s->reexp, o, (void *)1);
    }
    if (b.bad || b.p != b.end) return false;
    return true;
}

IrFunc *inline_func_body(const InlFunc *cf) {
    InlLazy *lz = cf->lazy;
    if (!lz) return cf->body;
    InlFunc *f = (InlFunc *)cf;   /* a cache of what the summary holds, filled once */
    pthread_mutex_lock(&lz->mu);
    if (f->lazyoff) {
        size_t off = f->lazyoff - 1;
        ByteReader r;
        br_init(&r, lz->data + off, lz->len - off);
        f->body = ir_ser_read_func(lz->rd, &r);
        f->lazyoff = 0;
    }
    IrFunc *b = f->body;
    pthread_mutex_unlock(&lz->mu);
    return b;
}
