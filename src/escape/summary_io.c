/* An EscSummary on disk (see escape.h): a version byte, a count, then per
   function its object, pragmas and parameter tags. A tag is stored as its
   leak bytes without the "esc:" prefix (length + 1; 0 for "": heap level 0),
   which is all escape_tag_decode reads. */
#include "escape.h"
#include "types/export.h"
#include <stdlib.h>
#include <string.h>

enum { ESC_VERSION = 1, MAX_TAG = 8 };

void escape_summary_write(ByteBuf *out, const EscSummary *s, const SerRefs *refs) {
    bb_u8(out, ESC_VERSION);
    /* in a fixed order: the table numbers objects as they are asked for,
       and importers' entries refer to those numbers; a table of what is
       reached gets the functions it numbered only */
    Object **keys;
    size_t nkeys = obj_sorted_keys(&s->tags, &keys);
    size_t nwritten = 0;
    for (size_t i = 0; i < nkeys; i++) {
        if (refs->numbered && !refs->numbered(refs->data, keys[i])) keys[i] = NULL;
        else nwritten++;
    }
    bb_uvar(out, nwritten);
    for (size_t i = 0; i < nkeys; i++) {
        Object *o = keys[i];
        if (!o) continue;
        const EscFuncTags *t = ptrmap_get(&s->tags, o);
        bb_uvar(out, refs->obj(refs->data, o));
        bb_uvar(out, t->pragmas);
        bb_uvar(out, t->n);
        for (uint32_t k = 0; k < t->n; k++) {
            size_t n = t->taglen ? t->taglen[k] : strlen(t->tag[k]);
            if (n >= 4 && memcmp(t->tag[k], "esc:", 4) == 0) {
                size_t b = n - 4 < MAX_TAG ? n - 4 : MAX_TAG;   /* decoding reads no more */
                bb_u8(out, (uint8_t)(b + 1));
                bb_put(out, t->tag[k] + 4, b);
            } else {
                bb_u8(out, 0);  /* "" or anything decoding to heap level 0 */
            }
        }
    }
    free(keys);
}

bool escape_summary_read(ByteReader *r, EscSummary *s, const DeRefs *refs) {
    if (br_u8(r) != ESC_VERSION) return false;
    uint64_t n = br_uvar(r);
    if (n > (uint64_t)(r->end - r->p)) r->bad = true;
    for (uint64_t i = 0; i < n && !r->bad; i++) {
        uint64_t k = br_uvar(r);
        Object *o = k && k <= UINT32_MAX && !r->bad ? refs->obj(refs->data, (uint32_t)k) : NULL;
        EscFuncTags *t = arena_alloc(&s->arena, sizeof *t);
        t->pragmas = (uint32_t)br_uvar(r);
        uint64_t np = br_uvar(r);
        if (!o || np > (uint64_t)(r->end - r->p)) {
            r->bad = true;
            break;
        }
        t->n = (uint32_t)np;
        t->tag = arena_alloc(&s->arena, (np + 1) * sizeof *t->tag);
        t->taglen = arena_alloc(&s->arena, (np + 1) * sizeof *t->taglen);
        for (uint32_t j = 0; j < t->n && !r->bad; j++) {
            uint8_t len = br_u8(r);
            if (len == 0) {
                t->tag[j] = "";
                continue;
            }
            if (len - 1 > MAX_TAG || (size_t)(r->end - r->p) < (size_t)(len - 1)) {
                r->bad = true;
                break;
            }
            char *tag = arena_alloc_raw(&s->arena, 4 + (size_t)len);
            memcpy(tag, "esc:", 4);
            memcpy(tag + 4, r->p, len - 1u);
            tag[4 + len - 1] = 0;
            r->p += len - 1;
            t->tag[j] = tag;
            t->taglen[j] = 4u + len - 1u;
        }
        if (!r->bad) ptrmap_put(&s->tags, o, t);
    }
    return !r->bad;
}
