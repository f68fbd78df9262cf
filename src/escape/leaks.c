/* Parameter leak summaries: the 8-byte representation, Optimize, the tag
   string encoding, and the tags of callees (local, imported, bodyless). */
#include "escape/esc_int.h"
#include <string.h>

void leaks_set(Leaks *l, int i, int derefs) {
    int v = derefs + 1;
    if (v < 0) v = 0;
    if (v > 255) v = 255;
    l->b[i] = (uint8_t)v;
}

void leaks_add(Leaks *l, int i, int derefs) {
    int old = leaks_get(l, i);
    if (old < 0 || derefs < old) leaks_set(l, i, derefs);
}

void leaks_optimize(Leaks *l) {
    int x = leaks_get(l, LEAK_HEAP);
    if (x < 0) return;
    for (int i = 1; i < LEAK_N; i++)
        if (leaks_get(l, i) >= x) l->b[i] = 0;
}

bool leaks_any(const Leaks *l) {
    for (int i = 0; i < LEAK_N; i++)
        if (l->b[i]) return true;
    return false;
}

size_t escape_tag_encode(const uint8_t leaks[8], char buf[12]) {
    if (leaks[LEAK_HEAP] == 1) return buf[0] = 0, 0;
    size_t n = LEAK_N;
    while (n > 0 && leaks[n - 1] == 0) n--;
    memcpy(buf, "esc:", 4);
    memcpy(buf + 4, leaks, n);
    return 4 + n;
}

void escape_tag_decode(const char *tag, size_t len, uint8_t leaks[8]) {
    memset(leaks, 0, LEAK_N);
    if (!tag || len < 4 || memcmp(tag, "esc:", 4) != 0) {
        leaks[LEAK_HEAP] = 1;
        return;
    }
    size_t n = len - 4;
    if (n > LEAK_N) n = LEAK_N;
    memcpy(leaks, tag + 4, n);
}

void escape_leaks_optimize(uint8_t leaks[8]) {
    Leaks l;
    memcpy(l.b, leaks, LEAK_N);
    leaks_optimize(&l);
    memcpy(leaks, l.b, LEAK_N);
}

void esc_tag_encode(StrBuf *sb, const Leaks *l) {
    char buf[12];
    size_t n = escape_tag_encode(l->b, buf);
    sb_put(sb, buf, n);
}

Leaks esc_tag_decode(const char *s, size_t n) {
    Leaks l;
    escape_tag_decode(s, n, l.b);
    return l;
}

static const EscFuncTags *imported_tags(EscCtx *c, Object *obj) {
    if (!obj || !c->imp || !c->imp->fn || !obj->pkg) return NULL;
    const EscSummary *s = c->imp->fn(c->imp->data, obj->pkg);
    Object *o = obj;
    if (o->kind == OBJ_FUNC && o->u.origin) o = o->u.origin;
    const EscFuncTags *t = s ? ptrmap_get(&s->tags, o) : NULL;
    if (!t && s && o != obj) t = ptrmap_get(&s->tags, obj);
    /* a shaped instance another package made, called from a body inlined
       from there, when this package made none of that name (esc_local_func
       finds those): gc's reader met it only while inlining, so it is not
       compiled here and has no escape tags (noder's inlDecls) */
    return t;
}

Type *esc_callee_type(EscCtx *c, const EscCallee *fn) {
    (void)c;
    if (fn->fn) {
        if (fn->fn->closure) return fn->fn->closure->type;
        return fn->fn->obj ? fn->fn->obj->type : (Type *)fn->fn->sig;
    }
    return fn->obj ? fn->obj->type : NULL;
}

uint32_t esc_callee_pragmas(EscCtx *c, const EscCallee *fn) {
    if (fn->fn) {
        uint32_t p = fn->fn->pragmas;
        EscFnInfo *fi = esc_fn_info(c, fn->fn);
        if (fi && fi->keepalive) p |= PRAGMA_UINTPTRKEEPALIVE;
        if (!(fn->fn->flags & IRFN_HAS_BODY)) p |= PRAGMA_UINTPTRKEEPALIVE;
        return p;
    }
    const EscFuncTags *t = imported_tags(c, fn->obj);
    return t ? t->pragmas : 0;
}

/* The leaks of parameter `param` (receiver first) of a callee outside the
   current batch. false: nothing known (treat as heap). */
bool esc_callee_leaks(EscCtx *c, const EscCallee *fn, uint32_t param, Leaks *out) {
    memset(out, 0, sizeof *out);
    if (fn->fn) {
        EscFnInfo *fi = esc_fn_info(c, fn->fn);
        if (!fi || !fi->tags || param >= fn->fn->nparams) return false;
        *out = fi->tags[param];
        return true;
    }
    const EscFuncTags *t = imported_tags(c, fn->obj);
    if (!t || param >= t->n) return false;
    *out = esc_tag_decode(t->tag[param], t->taglen ? t->taglen[param] : strlen(t->tag[param]));
    return true;
}
