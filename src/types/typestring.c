/* Type text exactly as go/types.TypeString writes it. */
#include "types.h"
#include "printable.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

typedef struct Writer {
    StrBuf *b;
    const Qualifier *q;
    Type **active;          /* types being written, to cut cycles */
    size_t nactive, capactive;
} Writer;

static void write_type(Writer *w, Type *t);

/* List separators are followed by a space, as go/types writes them. */
static void sep(Writer *w, char c) {
    sb_putc(w->b, c);
    sb_putc(w->b, ' ');
}

static void package_prefix(Writer *w, const Pkg *p) {
    if (!p) return;
    const char *s = w->q && w->q->fn ? w->q->fn(w->q->data, p) : p->path;
    if (s && s[0]) {
        sb_puts(w->b, s);
        sb_putc(w->b, '.');
    }
}

static void type_name(Writer *w, const Object *o) {
    package_prefix(w, o->pkg);
    sb_puts(w->b, o->name);
}

static void type_list(Writer *w, TypeList l) {
    sb_putc(w->b, '[');
    for (uint32_t i = 0; i < l.n; i++) {
        if (i) sep(w, ',');
        write_type(w, l.v[i]);
    }
    sb_putc(w->b, ']');
}

/* [P, Q any, R comparable]: a bound is written once for a run sharing it. */
static void tparam_list(Writer *w, TypeList l) {
    sb_putc(w->b, '[');
    Type *prev = NULL;
    for (uint32_t i = 0; i < l.n; i++) {
        TypeParamType *tp = (TypeParamType *)l.v[i];
        if (i > 0) {
            if (tp->bound != prev) {
                sb_putc(w->b, ' ');
                write_type(w, prev);
            }
            sep(w, ',');
        }
        prev = tp->bound;
        write_type(w, &tp->t);
    }
    if (prev) {
        sb_putc(w->b, ' ');
        write_type(w, prev);
    }
    sb_putc(w->b, ']');
}

static void tuple(Writer *w, TupleType *t, bool variadic) {
    sb_putc(w->b, '(');
    for (uint32_t i = 0; i < tuple_len(t); i++) {
        Object *v = t->vars.v[i];
        if (i) sep(w, ',');
        if (v->name && v->name[0]) {
            sb_puts(w->b, v->name);
            sb_putc(w->b, ' ');
        }
        if (variadic && i == t->vars.n - 1) {
            if (v->type && v->type->kind == TY_SLICE) {
                sb_puts(w->b, "...");
                write_type(w, ((SliceType *)v->type)->elem);
            } else {
                write_type(w, v->type);
                sb_puts(w->b, "...");
            }
        } else {
            write_type(w, v->type);
        }
    }
    sb_putc(w->b, ')');
}

static void signature(Writer *w, SignatureType *s) {
    if (s->tparams.n) tparam_list(w, s->tparams);
    tuple(w, s->params, s->variadic);
    uint32_t n = tuple_len(s->results);
    if (!n) return;
    sb_putc(w->b, ' ');
    Object *r0 = s->results->vars.v[0];
    if (n == 1 && !(r0->name && r0->name[0])) write_type(w, r0->type);
    else tuple(w, s->results, false);
}

static void write_struct(Writer *w, StructType *st) {
    sb_puts(w->b, "struct{");
    for (uint32_t i = 0; i < st->fields.n; i++) {
        Object *f = st->fields.v[i];
        if (i) sep(w, ';');
        if (!(f->flags & OF_EMBEDDED)) {
            sb_puts(w->b, f->name);
            sb_putc(w->b, ' ');
        }
        write_type(w, f->type);
        if (st->tags && st->tags[i][0]) {
            sb_putc(w->b, ' ');
            quote_go_string(w->b, st->tags[i], strlen(st->tags[i]));
        }
    }
    sb_putc(w->b, '}');
}

static void write_interface(Writer *w, InterfaceType *it) {
    if (it->t.flags & TF_COMPARABLE) {
        sb_puts(w->b, "interface{comparable}");
        return;
    }
    if (it->implicit) {
        if (it->methods.n == 0 && it->embeddeds.n == 1) {
            write_type(w, it->embeddeds.v[0]);
            return;
        }
        sb_puts(w->b, "/* implicit */ ");
    }
    sb_puts(w->b, "interface{");
    bool first = true;
    for (uint32_t i = 0; i < it->methods.n; i++) {
        if (!first) sep(w, ';');
        first = false;
        sb_puts(w->b, it->methods.v[i]->name);
        signature(w, (SignatureType *)it->methods.v[i]->type);
    }
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        if (!first) sep(w, ';');
        first = false;
        write_type(w, it->embeddeds.v[i]);
    }
    sb_putc(w->b, '}');
}

static void write_chan(Writer *w, ChanType *c) {
    bool parens = false;
    switch (c->dir) {
    case CHAN_SEND: sb_puts(w->b, "chan<- "); break;
    case CHAN_RECV: sb_puts(w->b, "<-chan "); break;
    default:
        sb_puts(w->b, "chan ");
        /* chan (<-chan T), else it would read as chan<- (chan T) */
        parens = c->elem && c->elem->kind == TY_CHAN && ((ChanType *)c->elem)->dir == CHAN_RECV;
    }
    if (parens) sb_putc(w->b, '(');
    write_type(w, c->elem);
    if (parens) sb_putc(w->b, ')');
}

static void write_typeparam(Writer *w, TypeParamType *tp) {
    if (!tp->obj) {
        sb_puts(w->b, "<unnamed type parameter>");
        return;
    }
    sb_puts(w->b, tp->obj->name);
    /* a type parameter shadowing a predeclared name is marked, as go/types */
    const Pkg *p = tp->obj->pkg;
    if (p && p->ctx && scope_lookup(p->ctx->universe, tp->obj->name)) sb_puts(w->b, "/* type parameter */");
}

static void write_kind(Writer *w, Type *t) {
    switch (t->kind) {
    case TY_BASIC: {
        BasicType *b = (BasicType *)t;
        if (b->bkind == BK_UNSAFE_POINTER && b->obj) type_name(w, b->obj);
        else sb_puts(w->b, b->name);
        break;
    }
    case TY_ARRAY:
        /* A negative length is one the checker could not evaluate yet. */
        if (((ArrayType *)t)->len < 0) sb_puts(w->b, "[<unknown>]");
        else sb_printf(w->b, "[%lld]", (long long)((ArrayType *)t)->len);
        write_type(w, ((ArrayType *)t)->elem);
        break;
    case TY_SLICE:
        sb_puts(w->b, "[]");
        write_type(w, ((SliceType *)t)->elem);
        break;
    case TY_STRUCT: write_struct(w, (StructType *)t); break;
    case TY_POINTER:
        sb_putc(w->b, '*');
        write_type(w, ((PointerType *)t)->elem);
        break;
    case TY_TUPLE: tuple(w, (TupleType *)t, false); break;
    case TY_SIGNATURE:
        sb_puts(w->b, "func");
        signature(w, (SignatureType *)t);
        break;
    case TY_UNION: {
        UnionType *u = (UnionType *)t;
        if (!u->n) sb_puts(w->b, "<empty union>");
        for (uint32_t i = 0; i < u->n; i++) {
            if (i) sb_puts(w->b, " | ");
            if (u->terms[i].tilde) sb_putc(w->b, '~');
            write_type(w, u->terms[i].type);
        }
        break;
    }
    case TY_INTERFACE: write_interface(w, (InterfaceType *)t); break;
    case TY_MAP:
        sb_puts(w->b, "map[");
        write_type(w, ((MapType *)t)->key);
        sb_putc(w->b, ']');
        write_type(w, ((MapType *)t)->elem);
        break;
    case TY_CHAN: write_chan(w, (ChanType *)t); break;
    case TY_NAMED: {
        NamedType *n = (NamedType *)t;
        type_name(w, n->obj);
        if (n->targs.n) type_list(w, n->targs);
        else if (n->orig->tparams.n) tparam_list(w, n->orig->tparams);
        break;
    }
    case TY_TYPEPARAM: write_typeparam(w, (TypeParamType *)t); break;
    case TY_ALIAS: {
        AliasType *a = (AliasType *)t;
        type_name(w, a->obj);
        if (a->targs.n) type_list(w, a->targs);
        else if (a->orig->tparams.n) tparam_list(w, a->orig->tparams);
        break;
    }
    }
}

static void write_type(Writer *w, Type *t) {
    if (!t) {
        sb_puts(w->b, "<nil>");
        return;
    }
    for (size_t i = 0; i < w->nactive; i++)
        if (w->active[i] == t) {
            sb_puts(w->b, "<cycle>");
            return;
        }
    if (w->nactive == w->capactive) {
        w->capactive = w->capactive ? w->capactive * 2 : 16;
        w->active = xrealloc(w->active, w->capactive * sizeof *w->active);
    }
    w->active[w->nactive++] = t;
    write_kind(w, t);
    w->nactive--;
}

void type_write(StrBuf *b, Type *t, const Qualifier *q) {
    Writer w = {b, q, NULL, 0, 0};
    write_type(&w, t);
    free(w.active);
}

static const char *relative(void *data, const Pkg *p) {
    return p == data ? "" : p->path;
}

Qualifier qualifier_relative_to(const Pkg *p) {
    return (Qualifier){relative, (void *)p};
}
