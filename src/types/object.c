/* Objects: the named entities declarations introduce. */
#include "types.h"
#include "printable.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

Object *obj_new(Pkg *p, ObjKind kind, const SourceFile *file, Pos pos, const char *name,
                Type *type) {
    Object *o = arena_alloc(&p->arena, sizeof *o);
    o->kind = (uint8_t)kind;
    o->file = file;
    o->pos = pos;
    o->name = name;
    o->type = type;
    o->pkg = p->path ? p : NULL;    /* the universe's pseudo-package has no path */
    if (kind == OBJ_VAR || kind == OBJ_FUNC) o->u.origin = o;
    return o;
}

Object *obj_new_var(Pkg *p, VarKind vk, const SourceFile *file, Pos pos, const char *name,
                    Type *type) {
    Object *o = obj_new(p, OBJ_VAR, file, pos, name, type);
    o->var_kind = (uint8_t)vk;
    return o;
}

Object *obj_new_const(Pkg *p, const SourceFile *file, Pos pos, const char *name, Type *type,
                      const Const *val) {
    Object *o = obj_new(p, OBJ_CONST, file, pos, name, type);
    o->u.val = val;
    return o;
}

static bool in_ranges(uint32_t r, const RuneRange *v, unsigned n) {
    unsigned lo = 0, hi = n;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (r > v[mid].hi) lo = mid + 1;
        else if (r < v[mid].lo) hi = mid;
        else return true;
    }
    return false;
}

/* Go's token.IsExported: the first rune is an upper-case letter. */
bool obj_exported(const Object *o) { return name_exported(o->name); }

bool name_exported(const char *name) {
    const unsigned char *s = (const unsigned char *)name;
    if (!s || !s[0]) return false;
    if (s[0] < 0x80) return s[0] >= 'A' && s[0] <= 'Z';
    uint32_t r = 0;
    if ((s[0] & 0xE0) == 0xC0) r = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    else if ((s[0] & 0xF0) == 0xE0)
        r = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    else if ((s[0] & 0xF8) == 0xF0)
        r = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 | (uint32_t)(s[2] & 0x3F) << 6 |
            (s[3] & 0x3F);
    return in_ranges(r, upper_ranges, upper_nranges);
}

bool obj_is_alias(const Object *o) {
    if (o->kind != OBJ_TYPENAME || !o->type) return false;
    switch (o->type->kind) {
    case TY_ALIAS: return true;
    case TY_BASIC: {
        /* Any package's name for a basic type is an alias, and so are byte
           and rune; unsafe.Pointer is not. */
        const BasicType *b = (const BasicType *)o->type;
        if (o->pkg && o->pkg->path && strcmp(o->pkg->path, "unsafe") == 0) return false;
        return o->pkg != NULL || o->name != b->name || (b->t.flags & TF_BYTE_RUNE);
    }
    case TY_NAMED: return ((const NamedType *)o->type)->obj != o;
    case TY_TYPEPARAM: return ((const TypeParamType *)o->type)->obj != o;
    default: return true;   /* a type name for an unnamed type */
    }
}

const char *obj_kind_name(ObjKind k) {
    static const char *const names[] = {"bad", "const", "type", "var", "func", "package",
                                        "label", "builtin", "nil"};
    return k < sizeof names / sizeof *names ? names[k] : "?";
}

int obj_compare(const Object *a, const Object *b) {
    if (a == b) return 0;
    bool ea = obj_exported(a), eb = obj_exported(b);
    if (ea != eb) return ea ? -1 : 1;
    int c = strcmp(a->name, b->name);
    if (c || ea) return c;
    const char *pa = a->pkg && a->pkg->path ? a->pkg->path : "", *pb = b->pkg && b->pkg->path ? b->pkg->path : "";
    return strcmp(pa, pb);
}

static int str_cmp0(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

int obj_stable_compare(const Object *a, const Object *b) {
    if (a == b) return 0;
    int c = str_cmp0(a->pkg ? a->pkg->path : NULL, b->pkg ? b->pkg->path : NULL);
    if (!c) c = str_cmp0(a->file ? a->file->path : NULL, b->file ? b->file->path : NULL);
    if (!c && a->pos != b->pos) c = a->pos < b->pos ? -1 : 1;
    if (!c) c = str_cmp0(a->name, b->name);
    if (!c && a->kind != b->kind) c = a->kind < b->kind ? -1 : 1;
    if (!c && a->type != b->type && a->type && b->type) {
        /* instances of one generic declaration share all of the above */
        StrBuf x = {0}, y = {0};
        type_write(&x, a->type, NULL);
        type_write(&y, b->type, NULL);
        c = strcmp(sb_cstr(&x), sb_cstr(&y));
        sb_free(&x);
        sb_free(&y);
    }
    return c;
}

static int cmp_objp(const void *a, const void *b) {
    return obj_stable_compare(*(Object *const *)a, *(Object *const *)b);
}

size_t obj_sorted_keys(const PtrMap *m, Object ***out) {
    Object **v = xmalloc((m->len ? m->len : 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) v[n++] = (Object *)m->keys[i];
    qsort(v, n, sizeof *v, cmp_objp);
    *out = v;
    return n;
}
