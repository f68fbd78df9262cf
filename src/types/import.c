/* ImportReader: rebuilds a package's export view from the table written by
   export.c (layout in export_internal.h). Every entity is allocated first
   (from its head), so the records can then be filled in one pass with
   references resolved by index; every number, count and kind is checked,
   and a malformed table fails with a reason. All memory but the reader's
   index arrays lives in the new package's arena. */
#include "export_internal.h"
#include "base/util.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <xxhash.h>

struct ImportReader {
    TypeContext *ctx;
    Pkg *pkg;
    ExportDeps deps;
    const char **strs;          /* 1-based, [0] = NULL */
    uint32_t nstrs;
    Pkg **pkgs;                 /* [0] none, [1] pkg */
    uint32_t npkgs;
    const SourceFile **files;   /* 1-based */
    uint32_t nfiles;
    Type **types;
    Object **objs;
    uint8_t *thead, *ohead;     /* kind, or HEAD_EXT/HEAD_UNIV */
    uint32_t ntypes, nobjs;
    PtrMap rev_t, rev_o;        /* built on first lookup */
    atomic_bool rev;            /* importers' writers may look up from several threads */
    Pkg *into;                  /* import_open_into's package */
    pthread_mutex_t rev_mu;
    const char *why;
};

static bool fail(ImportReader *ir, ByteReader *b, const char *why) {
    if (!ir->why) ir->why = why;
    b->bad = true;
    b->p = b->end;
    return false;
}

/* A count of items that take at least one byte each. */
static uint32_t rd_count(ByteReader *b) {
    return (uint32_t)br_index(b, (uint64_t)(b->end - b->p) + 1);
}

static const char *rd_str(ImportReader *ir, ByteReader *b) {
    uint64_t k = br_index(b, (uint64_t)ir->nstrs + 1);
    return ir->strs[k];
}

static Type *rd_type(ImportReader *ir, ByteReader *b) {
    uint64_t k = br_index(b, (uint64_t)ir->ntypes + 1);
    return k ? ir->types[k - 1] : NULL;
}

static Object *rd_obj(ImportReader *ir, ByteReader *b) {
    uint64_t k = br_index(b, (uint64_t)ir->nobjs + 1);
    return k ? ir->objs[k - 1] : NULL;
}

/* A reference that must be NULL or of kind k. */
static Type *rd_type_kind(ImportReader *ir, ByteReader *b, TypeKind k) {
    Type *t = rd_type(ir, b);
    if (t && t->kind != k) {
        fail(ir, b, "type of the wrong kind");
        return NULL;
    }
    return t;
}

static Object *rd_obj_kind(ImportReader *ir, ByteReader *b, ObjKind k) {
    Object *o = rd_obj(ir, b);
    if (o && o->kind != k) {
        fail(ir, b, "object of the wrong kind");
        return NULL;
    }
    return o;
}

static Pkg *rd_pkg(ImportReader *ir, ByteReader *b) {
    return ir->pkgs[br_index(b, ir->npkgs)];
}

/* kind < 0: any type; entries may not be NULL. */
static TypeList rd_types(ImportReader *ir, ByteReader *b, int kind) {
    TypeList l = {NULL, rd_count(b)};
    if (!l.n || b->bad) return (TypeList){NULL, 0};
    l.v = arena_alloc_raw(&ir->pkg->arena, l.n * sizeof *l.v);
    for (uint32_t i = 0; i < l.n; i++) {
        l.v[i] = rd_type(ir, b);
        if (!l.v[i] || (kind >= 0 && l.v[i]->kind != kind)) {
            fail(ir, b, "bad type in a list");
            return (TypeList){NULL, 0};
        }
    }
    return l;
}

static ObjList rd_objs(ImportReader *ir, ByteReader *b, int kind) {
    uint32_t n = rd_count(b);
    if (!n || b->bad) return (ObjList){NULL, 0, 0};
    ObjList l = {arena_alloc_raw(&ir->pkg->arena, n * sizeof *l.v), n, n};
    for (uint32_t i = 0; i < n; i++) {
        l.v[i] = rd_obj(ir, b);
        if (!l.v[i] || (kind >= 0 && l.v[i]->kind != kind)) {
            fail(ir, b, "bad object in a list");
            return (ObjList){NULL, 0, 0};
        }
    }
    return l;
}

static Term *rd_terms(ImportReader *ir, ByteReader *b, uint32_t *n) {
    *n = rd_count(b);
    Term *v = arena_alloc_raw(&ir->pkg->arena, (*n ? *n : 1) * sizeof *v);
    for (uint32_t i = 0; i < *n && !b->bad; i++) {
        uint8_t tilde = br_u8(b);
        v[i].tilde = tilde != 0;
        v[i].type = rd_type(ir, b);
        if (tilde > 1 || !v[i].type) fail(ir, b, "bad union term");
    }
    if (b->bad) *n = 0;
    return v;
}

/* ---------------------------------------------------------- references */

static Type *ext_type(ImportReader *ir, Pkg *p, uint32_t n) {
    ImportReader *d = ir->deps.reader ? ir->deps.reader(ir->deps.data, p) : NULL;
    if (d && d != ir) return import_type(d, n);
    ExportWriter *w = ir->deps.writer ? ir->deps.writer(ir->deps.data, p) : NULL;
    return w ? export_writer_type(w, n) : NULL;
}

static Object *ext_obj(ImportReader *ir, Pkg *p, uint32_t n) {
    ImportReader *d = ir->deps.reader ? ir->deps.reader(ir->deps.data, p) : NULL;
    if (d && d != ir) return import_obj(d, n);
    ExportWriter *w = ir->deps.writer ? ir->deps.writer(ir->deps.data, p) : NULL;
    return w ? export_writer_obj(w, n) : NULL;
}

static const size_t type_size[] = {
    [TY_BASIC] = sizeof(BasicType), [TY_POINTER] = sizeof(PointerType),
    [TY_SLICE] = sizeof(SliceType), [TY_ARRAY] = sizeof(ArrayType),
    [TY_MAP] = sizeof(MapType), [TY_CHAN] = sizeof(ChanType),
    [TY_STRUCT] = sizeof(StructType), [TY_TUPLE] = sizeof(TupleType),
    [TY_SIGNATURE] = sizeof(SignatureType), [TY_INTERFACE] = sizeof(InterfaceType),
    [TY_UNION] = sizeof(UnionType), [TY_NAMED] = sizeof(NamedType),
    [TY_TYPEPARAM] = sizeof(TypeParamType), [TY_ALIAS] = sizeof(AliasType),
};

/* The heads: allocates local entities, resolves the others. */
static bool read_heads(ImportReader *ir, ByteReader *b, const UniverseList *u, bool objs) {
    uint32_t n = rd_count(b);
    if (b->bad) return fail(ir, b, "truncated heads");
    uint8_t *head = xmalloc(n ? n : 1);
    void **ents = xmalloc((n ? n : 1) * sizeof *ents);
    if (objs) {
        ir->ohead = head;
        ir->objs = (Object **)ents;
        ir->nobjs = n;
    } else {
        ir->thead = head;
        ir->types = (Type **)ents;
        ir->ntypes = n;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint8_t k = br_u8(b);
        head[i] = k;
        ents[i] = NULL;
        if (b->bad) return fail(ir, b, "truncated heads");
        if (k == HEAD_UNIV) {
            uint64_t x = br_index(b, objs ? u->nobjs : u->ntypes);
            ents[i] = objs ? (void *)u->objs[x] : (void *)u->types[x];
            if (!ents[i]) return fail(ir, b, "bad universe reference");
        } else if (k == HEAD_EXT) {
            uint64_t pi = br_index(b, ir->npkgs);
            uint64_t x = br_uvar(b);
            if (b->bad || pi < 2 || x == 0 || x > UINT32_MAX) return fail(ir, b, "bad dependency reference");
            ents[i] = objs ? (void *)ext_obj(ir, ir->pkgs[pi], (uint32_t)x)
                           : (void *)ext_type(ir, ir->pkgs[pi], (uint32_t)x);
            if (!ents[i]) return fail(ir, b, "unresolved dependency reference");
        } else if (objs) {
            if (k > OBJ_NIL) return fail(ir, b, "bad object kind");
            Object *o = arena_alloc(&ir->pkg->arena, sizeof *o);
            o->kind = k;
            ents[i] = o;
        } else {
            if (k > TY_ALIAS) return fail(ir, b, "bad type kind");
            Type *t = arena_alloc(&ir->pkg->arena, type_size[k]);
            t->kind = k;
            ents[i] = t;
        }
    }
    return true;
}

/* ------------------------------------------------------------- records */

static bool read_type(ImportReader *ir, ByteReader *b, Type *t) {
    t->flags = br_u8(b);
    switch ((TypeKind)t->kind) {
    case TY_BASIC: {
        BasicType *x = (BasicType *)t;
        x->bkind = br_u8(b);
        x->info = (uint16_t)br_index(b, 1u << 16);
        x->name = rd_str(ir, b);
        x->obj = rd_obj_kind(ir, b, OBJ_TYPENAME);
        if (x->bkind >= BK_COUNT || !x->name) return fail(ir, b, "bad basic type");
        break;
    }
    case TY_POINTER: ((PointerType *)t)->elem = rd_type(ir, b); break;
    case TY_SLICE: ((SliceType *)t)->elem = rd_type(ir, b); break;
    case TY_ARRAY:
        ((ArrayType *)t)->elem = rd_type(ir, b);
        ((ArrayType *)t)->len = br_svar(b);
        if (((ArrayType *)t)->len < -1) return fail(ir, b, "bad array length");
        break;
    case TY_MAP:
        ((MapType *)t)->key = rd_type(ir, b);
        ((MapType *)t)->elem = rd_type(ir, b);
        break;
    case TY_CHAN:
        ((ChanType *)t)->elem = rd_type(ir, b);
        ((ChanType *)t)->dir = br_u8(b);
        break;
    case TY_STRUCT: {
        StructType *x = (StructType *)t;
        x->fields = rd_objs(ir, b, OBJ_VAR);
        uint8_t has_tags = br_u8(b);
        if (has_tags > 1) return fail(ir, b, "bad struct");
        if (has_tags && !b->bad) {
            x->tags = arena_alloc_raw(&ir->pkg->arena, (x->fields.n ? x->fields.n : 1) * sizeof *x->tags);
            for (uint32_t i = 0; i < x->fields.n; i++) {
                x->tags[i] = rd_str(ir, b);
                if (!x->tags[i]) return fail(ir, b, "bad struct tag");
            }
        }
        break;
    }
    case TY_TUPLE: ((TupleType *)t)->vars = rd_objs(ir, b, OBJ_VAR); break;
    case TY_SIGNATURE: {
        SignatureType *x = (SignatureType *)t;
        uint8_t bits = br_u8(b);
        x->variadic = bits & TB_VARIADIC;
        x->recv = rd_obj_kind(ir, b, OBJ_VAR);
        x->rparams = rd_types(ir, b, TY_TYPEPARAM);
        x->tparams = rd_types(ir, b, TY_TYPEPARAM);
        x->params = (TupleType *)rd_type_kind(ir, b, TY_TUPLE);
        x->results = (TupleType *)rd_type_kind(ir, b, TY_TUPLE);
        break;
    }
    case TY_INTERFACE: {
        InterfaceType *x = (InterfaceType *)t;
        uint8_t bits = br_u8(b);
        x->implicit = bits & TB_IMPLICIT;
        x->methods = rd_objs(ir, b, OBJ_FUNC);
        x->embeddeds = rd_types(ir, b, -1);
        if (bits & TB_TSET) {
            TypeSet *s = arena_alloc(&ir->pkg->arena, sizeof *s);
            s->methods = rd_objs(ir, b, OBJ_FUNC);
            s->terms = rd_terms(ir, b, &s->nterms);
            uint8_t f = br_u8(b);
            s->all_terms = f & 1;
            s->comparable = (f >> 1) & 1;
            x->tset = s;
        }
        break;
    }
    case TY_UNION: {
        UnionType *x = (UnionType *)t;
        x->terms = rd_terms(ir, b, &x->n);
        break;
    }
    case TY_NAMED: {
        NamedType *x = (NamedType *)t;
        x->obj = rd_obj_kind(ir, b, OBJ_TYPENAME);
        NamedType *orig = (NamedType *)rd_type_kind(ir, b, TY_NAMED);
        x->orig = orig ? orig : x;
        x->fromrhs = rd_type(ir, b);
        x->underlying = rd_type(ir, b);
        x->tparams = rd_types(ir, b, TY_TYPEPARAM);
        x->targs = rd_types(ir, b, -1);
        x->methods = rd_objs(ir, b, OBJ_FUNC);
        if (!x->obj) return fail(ir, b, "named type without a name");
        /* type_under takes one step: an underlying type is never declared */
        if (x->underlying && (x->underlying->kind == TY_NAMED || x->underlying->kind == TY_ALIAS))
            return fail(ir, b, "bad underlying type");
        break;
    }
    case TY_TYPEPARAM: {
        TypeParamType *x = (TypeParamType *)t;
        x->obj = rd_obj_kind(ir, b, OBJ_TYPENAME);
        x->index = (uint32_t)br_index(b, (uint64_t)UINT32_MAX + 1);
        x->bound = rd_type(ir, b);
        if (!x->obj) return fail(ir, b, "type parameter without a name");
        break;
    }
    case TY_ALIAS: {
        AliasType *x = (AliasType *)t;
        x->obj = rd_obj_kind(ir, b, OBJ_TYPENAME);
        AliasType *orig = (AliasType *)rd_type_kind(ir, b, TY_ALIAS);
        x->orig = orig ? orig : x;
        x->tparams = rd_types(ir, b, TY_TYPEPARAM);
        x->targs = rd_types(ir, b, -1);
        x->fromrhs = rd_type(ir, b);
        x->actual = rd_type(ir, b);
        if (!x->obj) return fail(ir, b, "alias without a name");
        /* type_unalias stops at actual; without one it follows fromrhs,
           which then must not lead to more aliases */
        if (x->actual ? x->actual->kind == TY_ALIAS : x->fromrhs && x->fromrhs->kind == TY_ALIAS)
            return fail(ir, b, "bad alias");
        break;
    }
    }
    return !b->bad;
}

static bool read_obj(ImportReader *ir, ByteReader *b, Object *o) {
    uint8_t bits = br_u8(b);
    o->var_kind = bits & OB_VARKIND;
    o->color = (bits >> OB_COLOR_SHIFT) & 3;
    uint64_t flags = br_index(b, 1u << 16);
    o->flags = (uint16_t)flags;
    o->order = (uint32_t)br_index(b, (uint64_t)UINT32_MAX + 1);
    o->name = rd_str(ir, b);
    o->type = rd_type(ir, b);
    o->pkg = rd_pkg(ir, b);
    uint64_t fi = br_index(b, (uint64_t)ir->nfiles + 1);
    o->file = ir->files[fi];
    uint64_t pos = br_index(b, (uint64_t)UINT32_MAX + 1);
    o->pos = (Pos)pos;
    if (b->bad || !o->name || o->var_kind > VAR_FIELD || (bits & 0x80) || o->color > 2)
        return fail(ir, b, "bad object");
    if (o->file ? o->pos > o->file->len + 1 : false) return fail(ir, b, "position past the end of its file");
    if (o->kind == OBJ_FUNC && o->type && o->type->kind != TY_SIGNATURE) return fail(ir, b, "function without a signature");
    if ((bits & OB_PARENT_PKG) && o->pkg) o->parent = o->pkg->scope;
    switch ((ObjKind)o->kind) {
    case OBJ_CONST: {
        uint8_t has = br_u8(b);
        if (has > 1) return fail(ir, b, "bad constant");
        if (has) o->u.val = const_read(ir->pkg->consts, b);
        if (has && !o->u.val) return fail(ir, b, "bad constant value");
        break;
    }
    case OBJ_PKGNAME: o->u.imported = rd_pkg(ir, b); break;
    case OBJ_BUILTIN: o->u.builtin = (BuiltinId)br_index(b, BUILTIN_COUNT); break;
    case OBJ_VAR:
    case OBJ_FUNC:
        o->u.origin = (bits & OB_ORIGIN) ? rd_obj_kind(ir, b, (ObjKind)o->kind) : o;
        break;
    default:
        if (bits & OB_ORIGIN) return fail(ir, b, "bad object");
        break;
    }
    return !b->bad;
}

/* ---------------------------------------------------------------- open */

static ImportReader *open_body(ImportReader *ir, TypeContext *ctx, ByteReader *b) {
    /* strings, interned once */
    uint32_t ns = rd_count(b);
    if (b->bad) return fail(ir, b, "truncated strings"), NULL;
    ir->strs = xmalloc((ns + 1) * sizeof *ir->strs);
    ir->strs[0] = NULL;
    ir->nstrs = ns;
    /* a batch at a time: the interner's slots and strings are asked for
       ahead (intern_prefetch_*), most of the table is new to this thread */
    enum { BATCH = 16 };
    for (uint32_t i = 1; i <= ns;) {
        const char *ss[BATCH];
        size_t nn[BATCH];
        uint32_t hh[BATCH], k = 0;
        for (; k < BATCH && i + k <= ns; k++) {
            ss[k] = (const char *)br_bytes(b, &nn[k]);
            if (b->bad) break;
            /* in the table's body, which its 8-byte checksum follows: the
               padded hash may read a whole word past the string */
            hh[k] = ss[k] ? intern_hash_padded(ss[k], nn[k]) : 0;
            if (ss[k]) intern_prefetch_slot(ctx->names, hh[k]);
        }
        for (uint32_t j = 0; j < k; j++)
            if (ss[j]) intern_prefetch_str(ctx->names, hh[j]);
        for (uint32_t j = 0; j < k; j++)
            ir->strs[i + j] = ss[j] ? intern_hashed(ctx->names, ss[j], nn[j], hh[j]) : intern(ctx->names, "", 0);
        i += k;
        if (b->bad) {
            ir->nstrs = i - 1;
            return fail(ir, b, "truncated strings"), NULL;
        }
    }
    const char *path = rd_str(ir, b), *name = rd_str(ir, b), *gv = rd_str(ir, b);
    uint64_t pflags = br_index(b, 4);
    uint64_t nobjs = br_index(b, (uint64_t)UINT32_MAX + 1);
    if (b->bad || !path) return fail(ir, b, "bad package header"), NULL;

    UniverseList u;
    export_universe(ctx, &u);
    uint64_t nut = br_uvar(b), nuo = br_uvar(b);
    if (b->bad || nut != u.ntypes || nuo != u.nobjs) {
        export_universe_free(&u);
        return fail(ir, b, "universe differs (table from another goescape build)"), NULL;
    }

    Pkg *pkg = ir->into;
    if (pkg && (pkg->path != path || pkg->name != name || pkg->scope->n || pkg->complete))
        return fail(ir, b, "table of another package"), NULL;
    if (!pkg) pkg = pkg_new(ctx, path, name);
    ir->pkg = pkg;
    pkg->go_version = gv ? gv : "";
    uint32_t np = rd_count(b);
    ir->pkgs = xmalloc((np + 2) * sizeof *ir->pkgs);
    ir->pkgs[0] = NULL;
    ir->pkgs[1] = pkg;
    ir->npkgs = 2;
    for (uint32_t i = 0; i < np && !b->bad; i++) {
        const char *pp = rd_str(ir, b);
        Pkg *dp = NULL;
        if (!pp || pp == pkg->path) fail(ir, b, "bad dependency");
        else if (strcmp(pp, "unsafe") == 0) dp = ctx->unsafe_pkg;
        else if (ir->deps.pkg_by_path) dp = ir->deps.pkg_by_path(ir->deps.data, pp);
        if (!dp && !b->bad) fail(ir, b, "dependency not loaded");
        ir->pkgs[ir->npkgs++] = dp;
    }
    uint32_t nf = rd_count(b);
    ir->files = xmalloc((nf + 1) * sizeof *ir->files);
    ir->files[0] = NULL;
    for (uint32_t i = 1; i <= nf && !b->bad; i++) {
        const char *fname = rd_str(ir, b);
        const SourceFile *f = fname && ir->deps.file_by_name ? ir->deps.file_by_name(ir->deps.data, fname) : NULL;
        if (!f && !b->bad) fail(ir, b, "source file not found");
        ir->files[i] = f;
        ir->nfiles = i;
    }
    uint32_t ni = rd_count(b);
    if (ni && !b->bad) {
        pkg->imports = arena_alloc(&pkg->arena, ni * sizeof *pkg->imports);
        for (uint32_t i = 0; i < ni && !b->bad; i++) {
            pkg->imports[i] = rd_pkg(ir, b);
            if (!pkg->imports[i] || pkg->imports[i] == pkg) fail(ir, b, "bad import");
        }
        pkg->nimports = ni;
    }
    bool ok = !b->bad && read_heads(ir, b, &u, false) && read_heads(ir, b, &u, true);
    export_universe_free(&u);
    if (!ok) return fail(ir, b, "bad heads"), NULL;

    /* records, each section consumed exactly */
    for (int sec = 0; sec < 2; sec++) {
        size_t n;
        const uint8_t *rec = br_bytes(b, &n);
        if (b->bad) return fail(ir, b, "truncated records"), NULL;
        ByteReader rb;
        br_init(&rb, rec, n);
        if (sec == 0) {
            for (uint32_t i = 0; i < ir->ntypes && !rb.bad; i++)
                if (ir->thead[i] < HEAD_EXT) read_type(ir, &rb, ir->types[i]);
        } else {
            for (uint32_t i = 0; i < ir->nobjs && !rb.bad; i++)
                if (ir->ohead[i] < HEAD_EXT) read_obj(ir, &rb, ir->objs[i]);
        }
        if (rb.bad || rb.p != rb.end) return fail(ir, b, sec ? "bad object records" : "bad type records"), NULL;
    }

    uint32_t nscope = rd_count(b);
    for (uint32_t i = 0; i < nscope && !b->bad; i++) {
        Object *o = rd_obj(ir, b);
        if (!o || !o->name || scope_insert(pkg->scope, o)) fail(ir, b, "bad scope");
    }
    if (b->bad) return fail(ir, b, "bad scope"), NULL;
    /* the names left out, kept as written for pkg_hides */
    const uint8_t *hidden = b->p;
    uint32_t nhidden = rd_count(b);
    for (uint32_t i = 0; i < nhidden && !b->bad; i++) {
        size_t len;
        br_bytes(b, &len);
    }
    if (b->bad) return fail(ir, b, "bad hidden names"), NULL;
    if (nhidden) {
        size_t n = (size_t)(b->p - hidden);
        uint8_t *copy = arena_alloc_raw(&pkg->arena, n);
        memcpy(copy, hidden, n);
        pkg->hidden = copy;
        pkg->nhidden = n;
    }
    if (b->p != b->end) return fail(ir, b, "trailing bytes"), NULL;
    pkg->complete = pflags & 1;
    pkg->fake = (pflags & 2) != 0;
    pkg->nobjs = (uint32_t)nobjs;
    return ir;
}

static ImportReader *import_open_in(Pkg *into, TypeContext *ctx, ByteReader *r, const ExportDeps *deps, const char **why) {
    const char *dummy;
    if (!why) why = &dummy;
    *why = NULL;
    uint32_t magic = br_u32(r);
    uint32_t len = br_u32(r);
    if (r->bad) return *why = "truncated table", NULL;
    if (magic != EXPORT_MAGIC) {
        r->bad = true;
        return *why = "not an export table (or another format version)", NULL;
    }
    if ((uint64_t)(r->end - r->p) < (uint64_t)len + 8) {
        r->bad = true;
        r->p = r->end;
        return *why = "truncated table", NULL;
    }
    const uint8_t *body = r->p;
    r->p += len;
    uint64_t sum = br_u64(r);
    if (!(deps && deps->verified) && sum != XXH3_64bits(body, len)) {
        r->bad = true;
        return *why = "checksum mismatch", NULL;
    }
    ImportReader *ir = xcalloc(1, sizeof *ir);
    pthread_mutex_init(&ir->rev_mu, NULL);
    ir->ctx = ctx;
    ir->into = into;
    if (deps) ir->deps = *deps;
    ByteReader b;
    br_init(&b, body, len);
    if (!open_body(ir, ctx, &b)) {
        /* the Pkg made (if any) stays in ctx, unreachable; a given one is
           emptied again */
        if (into) pkg_reset(into);
        *why = ir->why ? ir->why : "malformed table";
        r->bad = true;
        import_close(ir);
        return NULL;
    }
    return ir;
}

Pkg *import_pkg(ImportReader *r) { return r->pkg; }

Type *import_type(ImportReader *r, uint32_t ref) {
    return ref && ref <= r->ntypes ? r->types[ref - 1] : NULL;
}

Object *import_obj(ImportReader *r, uint32_t ref) {
    return ref && ref <= r->nobjs ? r->objs[ref - 1] : NULL;
}

const SourceFile *import_file(ImportReader *r, uint32_t ref) {
    return ref && ref <= r->nfiles ? r->files[ref] : NULL;
}

const Const *import_const(ImportReader *r, ByteReader *b) {
    return const_read(r->pkg->consts, b);
}

/* Once, under the reader's lock: the maps are read without it after. */
static bool has_identity(uint8_t head) { return head == TY_NAMED || head == TY_ALIAS || head == TY_TYPEPARAM; }

static void build_rev(ImportReader *r) {
    pthread_mutex_lock(&r->rev_mu);
    if (!atomic_load_explicit(&r->rev, memory_order_relaxed)) {
        /* Writers look up only what this package owns, and of types only
           those with an identity (export.c type_owner): declared types,
           aliases, type parameters. */
        uint32_t nt = 0, no = 0;
        for (uint32_t i = 0; i < r->ntypes; i++) nt += has_identity(r->thead[i]);
        for (uint32_t i = 0; i < r->nobjs; i++) no += r->ohead[i] < HEAD_EXT;
        ptrmap_reserve(&r->rev_t, nt);
        ptrmap_reserve(&r->rev_o, no);
        for (uint32_t i = r->ntypes; i-- > 0;)
            if (has_identity(r->thead[i])) ptrmap_put(&r->rev_t, r->types[i], (void *)(uintptr_t)(i + 1));
        for (uint32_t i = r->nobjs; i-- > 0;)
            if (r->ohead[i] < HEAD_EXT) ptrmap_put(&r->rev_o, r->objs[i], (void *)(uintptr_t)(i + 1));
        atomic_store_explicit(&r->rev, true, memory_order_release);
    }
    pthread_mutex_unlock(&r->rev_mu);
}

uint32_t import_lookup_type(const ImportReader *r, const Type *t) {
    if (!t) return 0;
    if (!atomic_load_explicit(&r->rev, memory_order_acquire)) build_rev((ImportReader *)r);
    return (uint32_t)(uintptr_t)ptrmap_get(&r->rev_t, t);
}

uint32_t import_lookup_obj(const ImportReader *r, const Object *o) {
    if (!o) return 0;
    if (!atomic_load_explicit(&r->rev, memory_order_acquire)) build_rev((ImportReader *)r);
    return (uint32_t)(uintptr_t)ptrmap_get(&r->rev_o, o);
}

void import_close(ImportReader *r) {
    if (!r) return;
    free(r->strs);
    free(r->pkgs);
    free(r->files);
    free(r->types);
    free(r->objs);
    free(r->thead);
    free(r->ohead);
    ptrmap_free(&r->rev_t);
    ptrmap_free(&r->rev_o);
    pthread_mutex_destroy(&r->rev_mu);
    free(r);
}

/* --------------------------------------------------------------- vtable */

static Type *de_type(void *d, uint32_t ref) { return import_type(d, ref); }
static Object *de_obj(void *d, uint32_t ref) { return import_obj(d, ref); }
static const SourceFile *de_file(void *d, uint32_t ref) { return import_file(d, ref); }
static const Const *de_const(void *d, ByteReader *b) { return import_const(d, b); }

DeRefs import_refs(ImportReader *r) {
    return (DeRefs){de_type, de_obj, de_file, de_const, r};
}

ImportReader *import_open(TypeContext *ctx, ByteReader *r, const ExportDeps *deps, const char **why) {
    return import_open_in(NULL, ctx, r, deps, why);
}

ImportReader *import_open_into(Pkg *pkg, ByteReader *r, const ExportDeps *deps, const char **why) {
    return import_open_in(pkg, pkg->ctx, r, deps, why);
}
