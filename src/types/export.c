/* ExportWriter: numbers the types, objects and files of a package's export
   view and writes them as the table described in export_internal.h. Numbers
   are given on first sight; each local entity's record is encoded later, in
   number order, by drain (records may number more entities), so the reader
   can allocate every entity first and then fill them in one pass. */
#include "export_internal.h"
#include "base/util.h"
#include "base/vec.h"
#include <xxhash.h>

typedef struct StrEnt { const char *s; uint32_t n; } StrEnt;

struct ExportWriter {
    Pkg *pkg;
    TypeContext *ctx;
    ExportDeps deps;
    PtrMap tmap, omap, fmap, pmap;      /* entity -> its number */
    VEC(Type *) types;
    VEC(Object *) objs;
    VEC(uint8_t) tlocal, olocal;        /* 1: written here with its record */
    VEC(const SourceFile *) files;
    VEC(Pkg *) pkgs;                    /* packages 2, 3, ... */
    VEC(uint32_t) scope;                /* the scope's objects' numbers */
    VEC(StrEnt) strs;
    uint32_t *strhash, strcap;          /* string number by content */
    PtrMap strptr;                      /* string pointer -> number (names are interned) */
    ByteBuf thead, ohead, trec, orec;
    ByteBuf hidden;                     /* names (bb_str) of the scope's objects left out */
    uint32_t nhidden;
    size_t tdone, odone;
    PtrMap univ_t, univ_o;              /* universe entity -> index + 1 */
    UniverseList univ;
    bool reached;                       /* export_writer_new_reached */
    bool incomplete;                    /* export_writer_incomplete */
    bool finished;
};

/* ------------------------------------------------------------- universe */

typedef VEC(Type *) TypeVec;
typedef VEC(Object *) ObjVec;

void export_universe(TypeContext *c, UniverseList *u) {
    TypeVec ts = {0};
    ObjVec os = {0};
    for (int i = 0; i < BK_COUNT; i++) vec_push(&ts, &c->typ[i]->t);
    vec_push(&ts, c->byte_type);
    vec_push(&ts, c->rune_type);
    vec_push(&ts, c->error_type);
    InterfaceType *ei = (InterfaceType *)type_under(c->error_type);
    vec_push(&ts, &ei->t);
    Object *em = ei->methods.n ? ei->methods.v[0] : NULL;
    SignatureType *es = em ? (SignatureType *)em->type : NULL;
    vec_push(&ts, es ? &es->t : NULL);
    vec_push(&ts, es ? (Type *)es->results : NULL);
    vec_push(&ts, c->comparable_type);
    vec_push(&ts, type_under(c->comparable_type));
    vec_push(&ts, c->any_type);
    vec_push(&ts, type_unalias(c->any_type));

    for (int i = 0; i < BK_COUNT; i++) vec_push(&os, c->typ[i]->obj);
    vec_push(&os, ((BasicType *)c->byte_type)->obj);
    vec_push(&os, ((BasicType *)c->rune_type)->obj);
    for (uint32_t i = 0; i < c->universe->n; i++) vec_push(&os, c->universe->objs[i]);
    Scope *us = c->unsafe_pkg->scope;
    for (uint32_t i = 0; i < us->n; i++) vec_push(&os, us->objs[i]);
    vec_push(&os, em);
    vec_push(&os, es ? es->recv : NULL);
    vec_push(&os, es && tuple_len(es->results) ? es->results->vars.v[0] : NULL);
    /* go.runtime's: generated code calls them, inline bodies included */
    Object *rt[] = {c->panicrangestate, c->deferrangefunc};
    for (size_t i = 0; i < sizeof rt / sizeof *rt; i++) {
        SignatureType *sig = (SignatureType *)rt[i]->type;
        TupleType *tup = sig->params ? sig->params : sig->results;     /* each has one or the other */
        vec_push(&os, rt[i]);
        vec_push(&os, tuple_at(tup, 0));
        vec_push(&ts, &sig->t);
        vec_push(&ts, &tup->t);
    }
    u->types = ts.data;
    u->ntypes = (uint32_t)ts.len;
    u->objs = os.data;
    u->nobjs = (uint32_t)os.len;
}

void export_universe_free(UniverseList *u) {
    free(u->types);
    free(u->objs);
    memset(u, 0, sizeof *u);
}

/* -------------------------------------------------------------- strings */

static uint32_t str_ref(ExportWriter *w, const char *s) {
    if (!s) return 0;
    uintptr_t k = (uintptr_t)ptrmap_get(&w->strptr, s);
    if (k) return (uint32_t)k;
    size_t n = strlen(s);
    if ((w->strs.len + 1) * 2 > w->strcap) {
        uint32_t cap = w->strcap ? w->strcap * 2 : 256;
        free(w->strhash);
        w->strhash = xcalloc(cap, sizeof *w->strhash);
        w->strcap = cap;
        for (size_t i = 0; i < w->strs.len; i++) {
            uint32_t j = intern_hash(w->strs.data[i].s, w->strs.data[i].n) & (cap - 1);
            while (w->strhash[j]) j = (j + 1) & (cap - 1);
            w->strhash[j] = (uint32_t)i + 1;
        }
    }
    uint32_t j = intern_hash(s, n) & (w->strcap - 1);
    for (;; j = (j + 1) & (w->strcap - 1)) {
        uint32_t e = w->strhash[j];
        if (!e) break;
        const StrEnt *se = &w->strs.data[e - 1];
        if (se->n == n && memcmp(se->s, s, n) == 0) {
            ptrmap_put(&w->strptr, s, (void *)(uintptr_t)e);
            return e;
        }
    }
    vec_push(&w->strs, ((StrEnt){s, (uint32_t)n}));
    w->strhash[j] = (uint32_t)w->strs.len;
    ptrmap_put(&w->strptr, s, (void *)(uintptr_t)w->strs.len);
    return (uint32_t)w->strs.len;
}

/* ------------------------------------------------------------- numbering */

static uint32_t pkg_ref(ExportWriter *w, Pkg *p) {
    if (!p || !p->path) return 0;
    if (p == w->pkg) return 1;
    uintptr_t k = (uintptr_t)ptrmap_get(&w->pmap, p);
    if (k) return (uint32_t)k;
    vec_push(&w->pkgs, p);
    k = w->pkgs.len + 1;
    ptrmap_put(&w->pmap, p, (void *)k);
    return (uint32_t)k;
}

/* The package whose table gives a type its identity: declared types and
   type parameters belong to their object's package; composite types have
   no identity and are written wherever they appear. */
static Pkg *type_owner(const Type *t) {
    const Object *o = NULL;
    switch (t->kind) {
    case TY_NAMED: o = ((const NamedType *)t)->obj; break;
    case TY_ALIAS: o = ((const AliasType *)t)->obj; break;
    case TY_TYPEPARAM: o = ((const TypeParamType *)t)->obj; break;
    default: return NULL;
    }
    return o ? o->pkg : NULL;
}

static uint32_t dep_lookup(ExportWriter *w, Pkg *owner, const Type *t, const Object *o) {
    if (w->deps.writer) {
        ExportWriter *d = w->deps.writer(w->deps.data, owner);
        if (d && d != w) return t ? export_lookup_type(d, t) : export_lookup_obj(d, o);
    }
    if (w->deps.reader) {
        ImportReader *r = w->deps.reader(w->deps.data, owner);
        if (r) return t ? import_lookup_type(r, t) : import_lookup_obj(r, o);
    }
    return 0;
}

uint32_t export_type(ExportWriter *w, Type *t) {
    if (!t) return 0;
    uintptr_t n = (uintptr_t)ptrmap_get(&w->tmap, t);
    if (n || w->finished) return (uint32_t)n;
    vec_push(&w->types, t);
    n = w->types.len;
    ptrmap_put(&w->tmap, t, (void *)n);
    uint32_t u = (uint32_t)(uintptr_t)ptrmap_get(&w->univ_t, t);
    if (u) {
        bb_u8(&w->thead, HEAD_UNIV);
        bb_uvar(&w->thead, u - 1);
        vec_push(&w->tlocal, 0);
        return (uint32_t)n;
    }
    Pkg *owner = type_owner(t);
    uint32_t d = 0;
    if (owner && owner != w->pkg && owner->path) {
        d = dep_lookup(w, owner, t, NULL);
    }
    /* A composite type has no identity (type_identical compares its
       structure): it is written here, wherever it came from. */
    if (d) {
        bb_u8(&w->thead, HEAD_EXT);
        bb_uvar(&w->thead, pkg_ref(w, owner));
        bb_uvar(&w->thead, d);
        vec_push(&w->tlocal, 0);
        return (uint32_t)n;
    }
    bb_u8(&w->thead, t->kind);
    vec_push(&w->tlocal, 1);
    return (uint32_t)n;
}

uint32_t export_obj(ExportWriter *w, Object *o) {
    if (!o) return 0;
    uintptr_t n = (uintptr_t)ptrmap_get(&w->omap, o);
    if (n || w->finished) return (uint32_t)n;
    vec_push(&w->objs, o);
    n = w->objs.len;
    ptrmap_put(&w->omap, o, (void *)n);
    uint32_t u = (uint32_t)(uintptr_t)ptrmap_get(&w->univ_o, o);
    if (u) {
        bb_u8(&w->ohead, HEAD_UNIV);
        bb_uvar(&w->ohead, u - 1);
        vec_push(&w->olocal, 0);
        return (uint32_t)n;
    }
    Pkg *owner = o->pkg;
    if (owner && owner != w->pkg && owner->path) {
        uint32_t d = dep_lookup(w, owner, NULL, o);
        /* a package-level object its own table lacks: the copy written
           here would be another object */
        if (!d && o->parent && o->parent == owner->scope) w->incomplete = true;
        if (d) {
            bb_u8(&w->ohead, HEAD_EXT);
            bb_uvar(&w->ohead, pkg_ref(w, owner));
            bb_uvar(&w->ohead, d);
            vec_push(&w->olocal, 0);
            return (uint32_t)n;
        }
    }
    bb_u8(&w->ohead, o->kind);
    vec_push(&w->olocal, 1);
    return (uint32_t)n;
}

uint32_t export_file(ExportWriter *w, const SourceFile *f) {
    if (!f) return 0;
    uintptr_t n = (uintptr_t)ptrmap_get(&w->fmap, f);
    if (n || w->finished) return (uint32_t)n;
    vec_push(&w->files, f);
    n = w->files.len;
    ptrmap_put(&w->fmap, f, (void *)n);
    return (uint32_t)n;
}

void export_const(ExportWriter *w, ByteBuf *b, const Const *c) {
    (void)w;
    const_write(b, c);
}

uint32_t export_lookup_type(const ExportWriter *w, const Type *t) {
    return t ? (uint32_t)(uintptr_t)ptrmap_get(&w->tmap, t) : 0;
}

uint32_t export_lookup_obj(const ExportWriter *w, const Object *o) {
    return o ? (uint32_t)(uintptr_t)ptrmap_get(&w->omap, o) : 0;
}

Type *export_writer_type(const ExportWriter *w, uint32_t ref) {
    return ref && ref <= w->types.len ? w->types.data[ref - 1] : NULL;
}

Object *export_writer_obj(const ExportWriter *w, uint32_t ref) {
    return ref && ref <= w->objs.len ? w->objs.data[ref - 1] : NULL;
}

/* -------------------------------------------------------------- records */

static void put_t(ExportWriter *w, ByteBuf *b, Type *t) { bb_uvar(b, export_type(w, t)); }
static void put_o(ExportWriter *w, ByteBuf *b, Object *o) { bb_uvar(b, export_obj(w, o)); }

static void put_types(ExportWriter *w, ByteBuf *b, TypeList l) {
    bb_uvar(b, l.n);
    for (uint32_t i = 0; i < l.n; i++) put_t(w, b, l.v[i]);
}

static void put_objs(ExportWriter *w, ByteBuf *b, ObjList l) {
    bb_uvar(b, l.n);
    for (uint32_t i = 0; i < l.n; i++) put_o(w, b, l.v[i]);
}

static void put_terms(ExportWriter *w, ByteBuf *b, const Term *terms, uint32_t n) {
    bb_uvar(b, n);
    for (uint32_t i = 0; i < n; i++) {
        bb_u8(b, terms[i].tilde);
        put_t(w, b, terms[i].type);
    }
}

static void encode_type(ExportWriter *w, Type *t) {
    ByteBuf *b = &w->trec;
    bb_u8(b, t->flags);
    switch ((TypeKind)t->kind) {
    case TY_BASIC: {
        BasicType *x = (BasicType *)t;
        bb_u8(b, x->bkind);
        bb_uvar(b, x->info);
        bb_uvar(b, str_ref(w, x->name));
        put_o(w, b, x->obj);
        break;
    }
    case TY_POINTER: put_t(w, b, ((PointerType *)t)->elem); break;
    case TY_SLICE: put_t(w, b, ((SliceType *)t)->elem); break;
    case TY_ARRAY:
        put_t(w, b, ((ArrayType *)t)->elem);
        bb_svar(b, ((ArrayType *)t)->len);
        break;
    case TY_MAP:
        put_t(w, b, ((MapType *)t)->key);
        put_t(w, b, ((MapType *)t)->elem);
        break;
    case TY_CHAN:
        put_t(w, b, ((ChanType *)t)->elem);
        bb_u8(b, ((ChanType *)t)->dir);
        break;
    case TY_STRUCT: {
        StructType *x = (StructType *)t;
        put_objs(w, b, x->fields);
        bb_u8(b, x->tags != NULL);
        for (uint32_t i = 0; x->tags && i < x->fields.n; i++) bb_uvar(b, str_ref(w, x->tags[i] ? x->tags[i] : ""));
        break;
    }
    case TY_TUPLE: put_objs(w, b, ((TupleType *)t)->vars); break;
    case TY_SIGNATURE: {
        SignatureType *x = (SignatureType *)t;
        bb_u8(b, x->variadic ? TB_VARIADIC : 0);
        put_o(w, b, x->recv);
        put_types(w, b, x->rparams);
        put_types(w, b, x->tparams);
        put_t(w, b, (Type *)x->params);
        put_t(w, b, (Type *)x->results);
        break;
    }
    case TY_INTERFACE: {
        InterfaceType *x = (InterfaceType *)t;
        bb_u8(b, (x->implicit ? TB_IMPLICIT : 0) | (x->tset ? TB_TSET : 0));
        put_objs(w, b, x->methods);
        put_types(w, b, x->embeddeds);
        if (x->tset) {
            put_objs(w, b, x->tset->methods);
            put_terms(w, b, x->tset->terms, x->tset->nterms);
            bb_u8(b, (uint8_t)(x->tset->all_terms | x->tset->comparable << 1));
        }
        break;
    }
    case TY_UNION: put_terms(w, b, ((UnionType *)t)->terms, ((UnionType *)t)->n); break;
    case TY_NAMED: {
        NamedType *x = (NamedType *)t;
        put_o(w, b, x->obj);
        put_t(w, b, x->orig == x ? NULL : &x->orig->t);
        put_t(w, b, x->fromrhs);
        put_t(w, b, x->underlying);
        put_types(w, b, x->tparams);
        put_types(w, b, x->targs);
        put_objs(w, b, x->methods);
        break;
    }
    case TY_TYPEPARAM: {
        TypeParamType *x = (TypeParamType *)t;
        put_o(w, b, x->obj);
        bb_uvar(b, x->index);
        put_t(w, b, x->bound);
        break;
    }
    case TY_ALIAS: {
        AliasType *x = (AliasType *)t;
        put_o(w, b, x->obj);
        put_t(w, b, x->orig == x ? NULL : &x->orig->t);
        put_types(w, b, x->tparams);
        put_types(w, b, x->targs);
        put_t(w, b, x->fromrhs);
        put_t(w, b, x->actual);
        break;
    }
    }
}

static void encode_obj(ExportWriter *w, Object *o) {
    ByteBuf *b = &w->orec;
    bool has_origin = (o->kind == OBJ_VAR || o->kind == OBJ_FUNC) && o->u.origin != o;
    unsigned bits = (o->var_kind & OB_VARKIND) | (o->color & 3) << OB_COLOR_SHIFT;
    if (o->parent && o->pkg && o->parent == o->pkg->scope) bits |= OB_PARENT_PKG;
    if (has_origin) bits |= OB_ORIGIN;
    bb_u8(b, (uint8_t)bits);
    bb_uvar(b, o->flags);
    bb_uvar(b, o->order);
    bb_uvar(b, str_ref(w, o->name));
    put_t(w, b, o->type);
    bb_uvar(b, pkg_ref(w, o->pkg));
    bb_uvar(b, export_file(w, o->file));
    bb_uvar(b, o->pos);
    switch ((ObjKind)o->kind) {
    case OBJ_CONST:
        bb_u8(b, o->u.val != NULL);
        if (o->u.val) const_write(b, o->u.val);
        break;
    case OBJ_PKGNAME: bb_uvar(b, pkg_ref(w, o->u.imported)); break;
    case OBJ_BUILTIN: bb_uvar(b, o->u.builtin); break;
    case OBJ_VAR:
    case OBJ_FUNC:
        if (has_origin) put_o(w, b, o->u.origin);
        break;
    default: break;
    }
}

void export_drain(ExportWriter *w) {
    while (w->tdone < w->types.len || w->odone < w->objs.len) {
        while (w->tdone < w->types.len) {
            size_t i = w->tdone++;
            if (w->tlocal.data[i]) encode_type(w, w->types.data[i]);
        }
        while (w->odone < w->objs.len) {
            size_t i = w->odone++;
            if (w->olocal.data[i]) encode_obj(w, w->objs.data[i]);
        }
    }
}

/* ----------------------------------------------------------------- API */

static ExportWriter *writer_new(Pkg *pkg, const ExportDeps *deps, bool reached) {
    ExportWriter *w = xcalloc(1, sizeof *w);
    w->pkg = pkg;
    w->ctx = pkg->ctx;
    w->reached = reached;
    if (deps) w->deps = *deps;
    export_universe(w->ctx, &w->univ);
    /* first index wins for entities listed twice */
    for (uint32_t i = w->univ.ntypes; i-- > 0;)
        if (w->univ.types[i]) ptrmap_put(&w->univ_t, w->univ.types[i], (void *)(uintptr_t)(i + 1));
    for (uint32_t i = w->univ.nobjs; i-- > 0;)
        if (w->univ.objs[i]) ptrmap_put(&w->univ_o, w->univ.objs[i], (void *)(uintptr_t)(i + 1));
    Scope *s = pkg->scope;
    for (uint32_t i = 0; s && i < s->n; i++) {
        if (!reached) vec_push(&w->scope, export_obj(w, s->objs[i]));
        else if (i == 0 || obj_exported(s->objs[i])) export_obj(w, s->objs[i]);
    }
    return w;
}

bool export_writer_incomplete(const ExportWriter *w) { return w->incomplete; }

ExportWriter *export_writer_new(Pkg *pkg, const ExportDeps *deps) { return writer_new(pkg, deps, false); }
ExportWriter *export_writer_new_reached(Pkg *pkg, const ExportDeps *deps) { return writer_new(pkg, deps, true); }

/* The scope section of a writer of what is reached: the objects reached,
   in the scope's order; the names of the others go to w->hidden. */
static void scope_reached(ExportWriter *w) {
    Scope *s = w->pkg->scope;
    export_drain(w);
    for (uint32_t i = 0; s && i < s->n; i++) {
        uint32_t k = export_lookup_obj(w, s->objs[i]);
        if (k) {
            vec_push(&w->scope, k);
        } else {
            bb_str(&w->hidden, s->objs[i]->name, strlen(s->objs[i]->name));
            w->nhidden++;
        }
    }
}

void export_finish(ExportWriter *w, ByteBuf *out) {
    if (w->reached) scope_reached(w);
    export_drain(w);
    w->finished = true;
    Pkg *p = w->pkg;
    /* every string number before the string section is written */
    uint32_t spath = str_ref(w, p->path), sname = str_ref(w, p->name), sgv = str_ref(w, p->go_version);
    uint32_t *imps = xmalloc((p->nimports + 1) * sizeof *imps);
    for (uint32_t i = 0; i < p->nimports; i++) imps[i] = pkg_ref(w, p->imports[i]);
    uint32_t *ppaths = xmalloc((w->pkgs.len + 1) * sizeof *ppaths);
    for (size_t i = 0; i < w->pkgs.len; i++) ppaths[i] = str_ref(w, w->pkgs.data[i]->path);
    uint32_t *fnames = xmalloc((w->files.len + 1) * sizeof *fnames);
    for (size_t i = 0; i < w->files.len; i++) fnames[i] = str_ref(w, w->files.data[i]->path);

    ByteBuf b = {0};
    bb_uvar(&b, w->strs.len);
    for (size_t i = 0; i < w->strs.len; i++) bb_str(&b, w->strs.data[i].s, w->strs.data[i].n);
    bb_uvar(&b, spath);
    bb_uvar(&b, sname);
    bb_uvar(&b, sgv);
    bb_uvar(&b, (p->complete ? 1u : 0u) | (p->fake ? 2u : 0u));
    bb_uvar(&b, p->nobjs);
    bb_uvar(&b, w->univ.ntypes);
    bb_uvar(&b, w->univ.nobjs);
    bb_uvar(&b, w->pkgs.len);
    for (size_t i = 0; i < w->pkgs.len; i++) bb_uvar(&b, ppaths[i]);
    bb_uvar(&b, w->files.len);
    for (size_t i = 0; i < w->files.len; i++) bb_uvar(&b, fnames[i]);
    bb_uvar(&b, p->nimports);
    for (uint32_t i = 0; i < p->nimports; i++) bb_uvar(&b, imps[i]);
    bb_uvar(&b, w->types.len);
    bb_put(&b, w->thead.data, w->thead.len);
    bb_uvar(&b, w->objs.len);
    bb_put(&b, w->ohead.data, w->ohead.len);
    bb_uvar(&b, w->trec.len);
    bb_put(&b, w->trec.data, w->trec.len);
    bb_uvar(&b, w->orec.len);
    bb_put(&b, w->orec.data, w->orec.len);
    bb_uvar(&b, w->scope.len);
    for (size_t i = 0; i < w->scope.len; i++) bb_uvar(&b, w->scope.data[i]);
    bb_uvar(&b, w->nhidden);
    bb_put(&b, w->hidden.data, w->hidden.len);

    bb_u32(out, EXPORT_MAGIC);
    bb_u32(out, (uint32_t)b.len);
    bb_put(out, b.data, b.len);
    bb_u64(out, XXH3_64bits(b.data, b.len));
    bb_free(&b);
    free(imps);
    free(ppaths);
    free(fnames);
    /* the records are in out now; the maps stay for the lookups */
    bb_free(&w->thead);
    bb_free(&w->ohead);
    bb_free(&w->trec);
    bb_free(&w->orec);
}

void export_writer_free(ExportWriter *w) {
    if (!w) return;
    ptrmap_free(&w->tmap);
    ptrmap_free(&w->omap);
    ptrmap_free(&w->fmap);
    ptrmap_free(&w->pmap);
    ptrmap_free(&w->strptr);
    ptrmap_free(&w->univ_t);
    ptrmap_free(&w->univ_o);
    vec_free(&w->types);
    vec_free(&w->objs);
    vec_free(&w->tlocal);
    vec_free(&w->olocal);
    vec_free(&w->files);
    vec_free(&w->pkgs);
    vec_free(&w->scope);
    vec_free(&w->strs);
    free(w->strhash);
    bb_free(&w->thead);
    bb_free(&w->ohead);
    bb_free(&w->trec);
    bb_free(&w->orec);
    bb_free(&w->hidden);
    export_universe_free(&w->univ);
    free(w);
}

/* --------------------------------------------------------------- vtable */

static uint32_t ref_type(void *d, Type *t) { return export_type(d, t); }
static uint32_t ref_obj(void *d, Object *o) { return export_obj(d, o); }
static uint32_t ref_file(void *d, const SourceFile *f) { return export_file(d, f); }
static void ref_const(void *d, ByteBuf *b, const Const *c) { export_const(d, b, c); }

static bool ref_numbered(void *d, const Object *o) { return export_lookup_obj(d, o) != 0; }
static void ref_settle(void *d) { export_drain(d); }

SerRefs export_refs(ExportWriter *w) {
    if (!w->reached) return (SerRefs){ref_type, ref_obj, ref_file, ref_const, w, NULL, NULL};
    return (SerRefs){ref_type, ref_obj, ref_file, ref_const, w, ref_numbered, ref_settle};
}
