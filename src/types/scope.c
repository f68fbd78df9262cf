/* Scopes: name -> object maps chained to their parents. Names are interned,
   so lookups compare pointers. Small scopes (most function blocks) are
   searched linearly; larger ones get an open-addressing index. */
#include "types.h"
#include "base/util.h"
#include <stdlib.h>

enum { LINEAR_MAX = 8 };

Scope *scope_new(Arena *a, Scope *parent, const SourceFile *file, Pos pos, Pos end,
                 const char *comment) {
    Scope *s = arena_alloc(a, sizeof *s);
    s->parent = parent;
    s->file = file;
    s->pos = pos;
    s->end = end;
    s->comment = comment;
    s->arena = a;
    if (parent) {
        if (parent->last_child) parent->last_child->next_sibling = s;
        else parent->first_child = s;
        parent->last_child = s;
    }
    return s;
}

static size_t name_slot(const char *name, uint32_t cap) {
    uint64_t h = (uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20) & (cap - 1);
}

static void index_put(Scope *s, uint32_t i) {
    size_t j = name_slot(s->objs[i]->name, s->index_cap);
    while (s->index[j]) j = (j + 1) & (s->index_cap - 1);
    s->index[j] = i + 1;
}

static void reindex(Scope *s) {
    uint32_t cap = 16;
    while (cap < s->n * 2 + 2) cap *= 2;
    s->index = arena_alloc(s->arena, cap * sizeof *s->index);
    s->index_cap = cap;
    for (uint32_t i = 0; i < s->n; i++) index_put(s, i);
}

Object *scope_lookup(const Scope *s, const char *name) {
    if (!s->index) {
        for (uint32_t i = 0; i < s->n; i++)
            if (s->objs[i]->name == name) return s->objs[i];
        return NULL;
    }
    for (size_t j = name_slot(name, s->index_cap);; j = (j + 1) & (s->index_cap - 1)) {
        uint32_t k = s->index[j];
        if (!k) return NULL;
        if (s->objs[k - 1]->name == name) return s->objs[k - 1];
    }
}

Object *scope_lookup_parent(const Scope *s, const char *name, const Scope **found) {
    for (; s; s = s->parent) {
        Object *o = scope_lookup(s, name);
        if (o) {
            if (found) *found = s;
            return o;
        }
    }
    if (found) *found = NULL;
    return NULL;
}

Object *scope_insert(Scope *s, Object *o) {
    Object *old = scope_lookup(s, o->name);
    if (old) return old;
    if (s->n == s->cap) {
        uint32_t nc = s->cap ? s->cap * 2 : 4;
        s->objs = arena_realloc(s->arena, s->objs, s->cap * sizeof *s->objs, nc * sizeof *s->objs);
        s->cap = nc;
    }
    s->objs[s->n++] = o;
    if (!o->parent) o->parent = s;
    if (s->index && s->n * 2 + 2 <= s->index_cap) index_put(s, s->n - 1);
    else if (s->n > LINEAR_MAX) reindex(s);
    return NULL;
}

static int by_name(const void *a, const void *b) {
    return strcmp((*(Object *const *)a)->name, (*(Object *const *)b)->name);
}

size_t scope_sorted(const Scope *s, Object ***out) {
    Object **v = xmalloc((s->n ? s->n : 1) * sizeof *v);
    if (s->n) memcpy(v, s->objs, s->n * sizeof *v);
    qsort(v, s->n, sizeof *v, by_name);
    *out = v;
    return s->n;
}
