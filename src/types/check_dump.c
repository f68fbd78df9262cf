/* The canonical one-line-per-object form of a package's declarations, as
   tests/oracle/typesdump prints it from go/types. */
#include "types.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

static void put_type(StrBuf *b, Type *t) {
    if (t) type_write(b, t, NULL);
    else sb_puts(b, "<unknown>");
}

/* A signature's text without its leading "func". */
static void put_sig(StrBuf *b, Type *t) {
    if (!t) {
        sb_puts(b, " <unknown>");
        return;
    }
    StrBuf s = {0};
    type_write(&s, t, NULL);
    const char *p = sb_cstr(&s);
    sb_puts(b, strncmp(p, "func", 4) == 0 ? p + 4 : p);
    sb_free(&s);
}

static int by_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void dump_methods(FILE *out, Object *tn, NamedType *n) {
    if (!n->methods.n) return;
    char **lines = xmalloc(n->methods.n * sizeof *lines);
    for (uint32_t i = 0; i < n->methods.n; i++) {
        Object *m = n->methods.v[i];
        StrBuf b = {0};
        sb_printf(&b, "method %s%s.%s", m->flags & OF_PTR_RECV ? "*" : "", tn->name, m->name);
        put_sig(&b, m->type);
        lines[i] = xstrdup(sb_cstr(&b));
        sb_free(&b);
    }
    qsort(lines, n->methods.n, sizeof *lines, by_str);
    for (uint32_t i = 0; i < n->methods.n; i++) {
        fprintf(out, "%s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
}

void types_dump_pkg(FILE *out, Pkg *pkg) {
    fprintf(out, "package %s %s\n", pkg->path, pkg->name ? pkg->name : "");
    Object **objs;
    size_t n = scope_sorted(pkg->scope, &objs);
    StrBuf b = {0};
    for (size_t i = 0; i < n; i++) {
        Object *o = objs[i];
        sb_reset(&b);
        switch (o->kind) {
        case OBJ_CONST:
            sb_printf(&b, "const %s ", o->name);
            put_type(&b, o->type);
            sb_puts(&b, " = ");
            const_format_exact(&b, o->u.val ? o->u.val : const_unknown());
            break;
        case OBJ_VAR:
            sb_printf(&b, "var %s ", o->name);
            put_type(&b, o->type);
            break;
        case OBJ_FUNC:
            sb_printf(&b, "func %s", o->name);
            put_sig(&b, o->type);
            break;
        case OBJ_TYPENAME:
            if (obj_is_alias(o)) {
                sb_printf(&b, "type %s = ", o->name);
                put_type(&b, o->type);
                break;
            }
            sb_printf(&b, "type %s ", o->name);
            put_type(&b, o->type ? type_under(o->type) : NULL);
            break;
        default: continue;
        }
        fprintf(out, "%s\n", sb_cstr(&b));
        if (o->kind == OBJ_TYPENAME && o->type && o->type->kind == TY_NAMED && !obj_is_alias(o))
            dump_methods(out, o, (NamedType *)o->type);
    }
    sb_free(&b);
    free(objs);
}
