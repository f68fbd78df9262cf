/* Shaped instances of generic functions and methods, as gc's unified IR
   compiles them: every package that uses a generic (its own or an imported
   one) compiles one instance per distinct shape of the type arguments and
   analyses it like its own functions, reporting at the generic's source
   positions.

   A type argument's shape is a defined type named go.shape.U whose
   underlying type is U, the argument's underlying type (noder.Shapify);
   for a type parameter whose constraint is a basic interface (methods
   only), every pointer argument shares the shape go.shape.*uint8. The
   instance is named as gc names it (Index[go.shape.[]int,go.shape.int],
   (*Pointer[go.shape.int]).Store) and marked DUPOK, which silences its
   parameter diagnostics as in gc.

   Lowering a shaped body reuses the ordinary lowering with the generic's
   syntax and records, every type it reads (expression records, variables'
   types) substituted; method calls on values of type-parameter type go
   through the dictionary in gc (a call of an unknown function value): they
   are lowered as interface calls, which leak the same way. gc's dictionary
   parameter is not modelled: at -m it prints nothing. */
#include "lower.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

/* One instance: the generic (origin), the shapes, the function. */
typedef struct InstRec {
    struct InstRec *next;       /* same generic */
    Object *gen;
    Type **targs;               /* shapes */
    uint32_t ntargs;
    Object *sym;                /* the instance's function object (callee of calls) */
    IrFunc *fn;
    IrGenericDecl decl;
    uint32_t depth;             /* instances on the chain that requested it */
    bool lowered;
} InstRec;

/* A method of a type parameter called through the dictionary. */
typedef struct DictMethod { Type *tparam; const char *name; } DictMethod;

typedef struct LwInst {
    TypeList from, to;
    PtrMap types;               /* Type* -> substituted Type* */
    PtrMap infos;               /* ExprInfo* -> substituted copy */
    Pkg *genpkg;
    uint32_t depth;             /* of the instance being lowered */
    IrVar *dict;                /* gc's .dict parameter (only printed) */
    VEC(DictMethod) methods;    /* its method entries, in order of first use */
    PtrMap dotsrc;              /* DOTINTER IrNode* -> the selector it was lowered from */
} LwInst;

typedef struct LwInstState {
    Pkg *shapepkg;
    PtrMap shapes;              /* interned link string of the underlying -> NamedType* */
    PtrMap byorigin;            /* generic Object* -> InstRec* chain */
    PtrMap localdecls;          /* Object* -> const Node* (FuncDecl of this package) */
    PtrMap localfile;           /* Object* -> const AstFile* */
    bool local_indexed;
    VEC(InstRec *) recs;        /* creation order */
    Type *u8ptr;
    PtrMap wrapbyorigin;        /* generic Object* -> WrapRec* chain */
    VEC(struct WrapRec *) wraps;  /* creation order */
    PtrMap dicts;               /* interned dictionary name -> its Object */
} LwInstState;

/* A dictionary wrapper: the generic instantiated with its type arguments
   (F[int], (*T[string]).M), whose body gc reads as a tail call of the
   shaped instance with the instantiation's dictionary (noder.callShaped).
   gc makes one for every instantiation it reads outside inlined bodies. */
typedef struct WrapRec {
    struct WrapRec *next;       /* same generic */
    Object *gen;
    Type **targs;               /* the type arguments */
    uint32_t ntargs;
    InstRec *shaped;
    IrFunc *fn;
    bool lowered;
} WrapRec;

static LwInstState *state(Lower *L) {
    if (!L->insts) L->insts = arena_alloc(&L->p->arena, sizeof *L->insts);
    return L->insts;
}

/* ------------------------------------------------------------ substitution */

Type *lw_inst_type(Lower *L, Type *t) {
    LwInst *in = L->inst;
    if (!in || !t) return t;
    Type *r = ptrmap_get(&in->types, t);
    if (r) return r;
    r = types_has_tparams(t) ? types_subst(L->pkg, in->from, in->to, t) : t;
    ptrmap_put(&in->types, t, r);
    return r;
}

/* A signature with its type parameters gone (instantiated). */
static Type *plain_sig(Lower *L, Type *t) {
    if (!t || t->kind != TY_SIGNATURE) return t;
    SignatureType *s = (SignatureType *)t;
    if (!s->tparams.n && !s->rparams.n) return t;
    SignatureType *r = type_new_signature(L->pkg, s->recv, s->params, s->results, s->variadic);
    r->scope = s->scope;
    return &r->t;
}

const ExprInfo *lw_inst_info(Lower *L, const ExprInfo *ei) {
    LwInst *in = L->inst;
    if (!in || !ei || !ei->type) return ei;
    ExprInfo *r = ptrmap_get(&in->infos, ei);
    if (r) return r;
    Type *t = lw_inst_type(L, ei->type);
    if (t == ei->type) {
        ptrmap_put(&in->infos, ei, (void *)ei);
        return ei;
    }
    r = arena_alloc(&L->p->arena, sizeof *r);
    *r = *ei;
    r->type = t;
    ptrmap_put(&in->infos, ei, r);
    return r;
}

/* ------------------------------------------------------------------ shapes */

static Pkg *shape_pkg(Lower *L) {
    LwInstState *st = state(L);
    if (st->shapepkg) return st->shapepkg;
    TypeContext *c = L->ctx;
    for (uint32_t i = 0; i < c->npkgs; i++)
        if (c->pkgs[i]->path && strcmp(c->pkgs[i]->path, "go.shape") == 0) return st->shapepkg = c->pkgs[i];
    st->shapepkg = pkg_new(c, intern_cstr(c->names, "go.shape"), intern_cstr(c->names, "go.shape"));
    st->shapepkg->complete = true;
    return st->shapepkg;
}

/* Whether an interface is basic (only methods: go/types IsMethodSet). */
static bool basic_iface(InterfaceType *it, int depth) {
    if (it->tset) return it->tset->all_terms && !it->tset->comparable;
    if ((it->t.flags & TF_COMPARABLE) || depth > 16) return false;
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *e = it->embeddeds.v[i];
        Type *eu = e ? type_under(e) : NULL;
        if (!eu || eu->kind != TY_INTERFACE || !basic_iface((InterfaceType *)eu, depth + 1)) return false;
    }
    return true;
}

/* Whether type parameter tp's constraint is a basic interface. */
static bool basic_bound(Type *tp) {
    if (!tp || tp->kind != TY_TYPEPARAM) return true;
    Type *b = ((TypeParamType *)tp)->bound;
    Type *u = b ? type_under(b) : NULL;
    if (!u) return true;
    /* [P *T]: the implicit interface{*T}, a type set, never basic */
    if (u->kind != TY_INTERFACE) return false;
    return basic_iface((InterfaceType *)u, 0);
}

/* SHA-256 (FIPS 180-4), for gc's hashed names of long shapes. */
static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, int n) { return x >> n | x << (32 - n); }

static void sha_block(uint32_t h[8], const uint8_t *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

static void sha256(const uint8_t *data, size_t n, uint8_t out[32]) {
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t full = n / 64 * 64;
    for (size_t i = 0; i < full; i += 64) sha_block(h, data + i);
    uint8_t tail[128] = {0};
    size_t rest = n - full;
    memcpy(tail, data + full, rest);
    tail[rest] = 0x80;
    size_t tl = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++) tail[tl - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t i = 0; i < tl; i += 64) sha_block(h, tail + i);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8);
        out[4 * i + 3] = (uint8_t)h[i];
    }
}

/* With a basic constraint, a pointer type argument is shaped as *uint8,
   unless it points to a not-in-heap type (noder.shapify). */
static bool shaped_as_byte_ptr(Type *u) {
    return u->kind == TY_POINTER && !type_not_in_heap(((PointerType *)u)->elem);
}

/* gc hashes link strings longer than this (base.Debug.MaxShapeLen) into
   the shape's name: hex of cmd/internal/hash.Sum32 (SHA-256, first byte
   flipped). */
enum { MAX_SHAPE_LEN = 500 };

/* The name of targ's shape in package go.shape: the link string of its
   underlying type (*uint8 for a pointer when basic), hashed when long. */
static void shape_key(StrBuf *out, Type *targ, bool basic) {
    Type *u = type_under(targ);
    StrBuf b = {0};
    if (basic && shaped_as_byte_ptr(u)) sb_puts(&b, "*uint8");
    else ir_fmt_type_link(&b, u);
    if (b.len > MAX_SHAPE_LEN) {
        uint8_t sum[32];
        sha256((const uint8_t *)b.data, b.len, sum);
        sum[0] ^= 0xff;
        sb_reset(&b);
        for (int i = 0; i < 32; i++) sb_printf(&b, "%02x", sum[i]);
    }
    sb_puts(out, sb_cstr(&b));
    sb_free(&b);
}

void ir_fmt_shape_name(StrBuf *b, Type *targ, bool basic) {
    sb_puts(b, "go.shape.");
    shape_key(b, targ, basic);
}

static Type *shapify(Lower *L, Type *targ, bool basic) {
    LwInstState *st = state(L);
    Type *u = targ ? type_under(targ) : NULL;
    if (!u) return targ;
    if (basic && shaped_as_byte_ptr(u)) {
        if (!st->u8ptr) st->u8ptr = type_new_pointer(L->pkg, &L->ctx->typ[BK_UINT8]->t);
        u = st->u8ptr;
    }
    StrBuf b = {0};
    shape_key(&b, targ, basic);
    const char *key = intern_cstr(L->p->names, sb_cstr(&b));
    sb_free(&b);
    NamedType *nt = ptrmap_get(&st->shapes, key);
    if (nt) return &nt->t;
    Pkg *sp = shape_pkg(L);
    /* Allocated in the package being lowered, not in go.shape's arena,
       which packages lowered on other threads share (goescape -p N). */
    Object *o = obj_new(L->pkg, OBJ_TYPENAME, NULL, NOPOS, key, NULL);
    o->pkg = sp;
    nt = type_new_named(L->pkg, o, u);
    ptrmap_put(&st->shapes, key, nt);
    return &nt->t;
}

/* ----------------------------------------------------------- declarations */

static void index_local(Lower *L) {
    LwInstState *st = state(L);
    if (st->local_indexed) return;
    st->local_indexed = true;
    for (size_t fi = 0; fi < L->nfiles; fi++) {
        AstFile *f = L->files[fi];
        if (!f || !f->root) continue;
        NodeList ds = f->root->u.file.decls;
        for (uint32_t i = 0; i < ds.n; i++) {
            const Node *d = ds.v[i];
            if (d->kind != N_FuncDecl || !d->u.funcdecl.body) continue;
            Object *o = types_ident_def(L->info, d->u.funcdecl.name);
            if (!o) continue;
            ptrmap_put(&st->localdecls, o, (void *)d);
            ptrmap_put(&st->localfile, o, f);
        }
    }
}

static bool find_decl(Lower *L, Object *gen, IrGenericDecl *out) {
    memset(out, 0, sizeof *out);
    if (gen->pkg == L->pkg) {
        index_local(L);
        LwInstState *st = state(L);
        out->decl = ptrmap_get(&st->localdecls, gen);
        out->file = ptrmap_get(&st->localfile, gen);
        out->info = L->info;
        return out->decl != NULL;
    }
    const IrGenerics *g = L->opt->generics;
    if (!g || !g->find) return false;
    return g->find(g->data, gen, out) && out->decl && out->decl->u.funcdecl.body && out->info;
}

/* ---------------------------------------------------------------- instances */

static Object *origin_of(Object *o) {
    if (o && o->kind == OBJ_FUNC && o->u.origin) return o->u.origin;
    return o;
}

/* The receiver's base type name of a generic method and whether it is a
   pointer receiver. */
static NamedType *recv_named(Object *m, bool *ptr) {
    *ptr = false;
    if (!m->type || m->type->kind != TY_SIGNATURE) return NULL;
    Object *r = ((SignatureType *)m->type)->recv;
    Type *t = r ? type_unalias(r->type) : NULL;
    if (t && t->kind == TY_POINTER) {
        *ptr = true;
        t = type_unalias(((PointerType *)t)->elem);
    }
    return t && t->kind == TY_NAMED ? (NamedType *)t : NULL;
}

/* "[T1,T2]": type arguments as gc's link strings. */
void lw_put_targs(StrBuf *b, Type *const *targs, uint32_t n) {
    sb_putc(b, '[');
    for (uint32_t i = 0; i < n; i++) {
        if (i) sb_putc(b, ',');
        ir_fmt_type_link(b, targs[i]);
    }
    sb_putc(b, ']');
}

/* gc's name of generic gen instantiated with targs (shapes or, for a
   dictionary wrapper, the type arguments): F[T1,T2], (*T[T1]).M, T[T1].M. */
bool ir_inst_name(StrBuf *b, Object *gen, Type *const *targs, uint32_t n) {
    SignatureType *gsig = gen->type && gen->type->kind == TY_SIGNATURE ? (SignatureType *)gen->type : NULL;
    bool method = gsig && gsig->recv;
    bool ptr = false;
    NamedType *rn = method ? recv_named(gen, &ptr) : NULL;
    if (method) {
        if (!rn) return false;
        sb_puts(b, ptr ? "(*" : "");
        sb_puts(b, rn->obj ? rn->obj->name : "?");
    } else {
        sb_puts(b, gen->name);
    }
    lw_put_targs(b, targs, n);
    if (method) {
        sb_puts(b, ptr ? ")." : ".");
        sb_puts(b, gen->name);
    }
    return b->len <= 65536;
}

static const char *inst_name(Lower *L, Object *gen, Type **targs, uint32_t n) {
    StrBuf b = {0};
    const char *name = ir_inst_name(&b, gen, targs, n) ? intern_cstr(L->p->names, sb_cstr(&b)) : NULL;
    sb_free(&b);
    return name;
}

static InstRec *get_instance(Lower *L, Object *gen, Type **targs, uint32_t n) {
    LwInstState *st = state(L);
    InstRec *head = ptrmap_get(&st->byorigin, gen);
    for (InstRec *r = head; r; r = r->next) {
        if (r->ntargs != n) continue;
        uint32_t i = 0;
        while (i < n && (r->targs[i] == targs[i] || type_identical(r->targs[i], targs[i]))) i++;
        if (i == n) return r;
    }
    /* runaway instantiation (an instantiation cycle the checker let pass) */
    uint32_t depth = L->inst ? L->inst->depth + 1 : 0;
    if (st->recs.len >= 8192 || depth > 100) return NULL;
    IrGenericDecl d;
    if (!find_decl(L, gen, &d)) return NULL;
    SignatureType *gsig = gen->type && gen->type->kind == TY_SIGNATURE ? (SignatureType *)gen->type : NULL;
    if (!gsig) return NULL;
    bool method = gsig->recv != NULL;
    TypeList tps = method ? gsig->rparams : gsig->tparams;
    if (tps.n != n) return NULL;

    bool ptr = false;
    NamedType *rn = method ? recv_named(gen, &ptr) : NULL;
    const char *name = inst_name(L, gen, targs, n);
    if (!name) return NULL;

    InstRec *r = arena_alloc(&L->p->arena, sizeof *r);
    r->depth = depth;
    r->gen = gen;
    r->ntargs = n;
    r->targs = arena_alloc(&L->p->arena, (n ? n : 1) * sizeof *r->targs);
    memcpy(r->targs, targs, n * sizeof *targs);
    r->decl = d;
    TypeList to = {r->targs, n};
    Type *ssig = plain_sig(L, types_subst(L->pkg, tps, to, gen->type));
    SignatureType *ss = (SignatureType *)ssig;
    if (ss->recv && ss->recv->type) {      /* the receiver too (substitution keeps it) */
        Type *rt = types_subst(L->pkg, tps, to, ss->recv->type);
        NamedType *ro = rn ? rn->orig : NULL;
        if (ro && ro->tparams.n == n) rt = types_subst(L->pkg, ro->tparams, to, rt);
        if (rt != ss->recv->type) {
            Object *rv = obj_new_var(L->pkg, VAR_RECV, ss->recv->file, ss->recv->pos, ss->recv->name, rt);
            rv->pkg = ss->recv->pkg;
            if (ssig == gen->type) {
                ss = type_new_signature(L->pkg, NULL, ss->params, ss->results, ss->variadic);
                ssig = &ss->t;
            }
            ss->recv = rv;
        }
    }
    Object *sym = obj_new(L->pkg, OBJ_FUNC, gen->file, gen->pos, name, ssig);
    sym->pkg = gen->pkg;
    sym->flags = gen->flags;
    sym->u.origin = sym;
    r->sym = sym;
    const Node *fd = d.decl;
    Pos pos = fd->u.funcdecl.recv ? fd->u.funcdecl.recv->pos : fd->u.funcdecl.name->pos;
    IrFunc *fn = ir_new_func(L->p, name, d.file->src, pos);
    fn->obj = sym;
    fn->sig = (SignatureType *)ssig;
    fn->endpos = fd->end;
    fn->flags = IRFN_HAS_BODY | IRFN_DUPOK | IRFN_SHAPED | (method ? IRFN_METHOD : 0);
    if (fd->u.funcdecl.pragmas) fn->pragmas = fd->u.funcdecl.pragmas->flags;
    if (gen->pkg && gen->pkg->path && gen->pkg->path[0])
        fn->linksym = lw_internf(L, "%s.%s", gen->pkg->path, name);
    if (gen->pkg != L->pkg) fn->genpkg = gen->pkg;
    r->fn = fn;
    r->next = head;
    ptrmap_put(&st->byorigin, gen, r);
    vec_push(&st->recs, r);
    return r;
}

static bool has_shape(Type *t, int depth);
static bool is_shape(Type *t);

/* Type arguments of a static dictionary: none a type parameter or shape. */
static bool concrete_targs(Type *const *targs, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (!targs[i] || types_has_tparams(targs[i]) || has_shape(targs[i], 0)) return false;
    return true;
}

/* The static dictionary gc passes when code outside generic bodies calls
   the shaped instance of gen with type arguments targs: &.dict.F[int], or
   for a method of T, &.dict.T[int]. An object of gen's package named so,
   which the call keeps in `sel` only to be printed (ir/fmt.c). */
static Object *dict_obj(Lower *L, Object *gen, Type *const *targs, uint32_t n) {
    if (!gen->type || gen->type->kind != TY_SIGNATURE || !concrete_targs(targs, n)) return NULL;
    bool ptr = false;
    NamedType *rn = ((SignatureType *)gen->type)->recv ? recv_named(gen, &ptr) : NULL;
    if (((SignatureType *)gen->type)->recv && (!rn || !rn->obj)) return NULL;
    StrBuf b = {0};
    sb_puts(&b, ".dict.");
    sb_puts(&b, rn ? rn->obj->name : gen->name);
    lw_put_targs(&b, targs, n);
    const char *name = intern_cstr(L->p->names, sb_cstr(&b));
    sb_free(&b);
    LwInstState *st = state(L);
    Object *o = ptrmap_get(&st->dicts, name);
    if (!o) {
        o = obj_new(L->pkg, OBJ_VAR, NULL, NOPOS, name, NULL);
        o->pkg = gen->pkg;
        ptrmap_put(&st->dicts, name, o);
    }
    return o;
}

/* The dictionary wrapper of generic gen for the type arguments targs (of
   which shaped is the shaped instance), made once per package. */
static WrapRec *request_wrapper(Lower *L, Object *gen, const TypeList *targs, InstRec *shaped) {
    if (!shaped || targs->n != shaped->ntargs) return NULL;
    uint32_t n = targs->n;
    if (!concrete_targs(targs->v, n)) return NULL;
    LwInstState *st = state(L);
    WrapRec *head = ptrmap_get(&st->wrapbyorigin, gen);
    for (WrapRec *w = head; w; w = w->next) {
        uint32_t i = 0;
        while (i < n && type_identical(w->targs[i], targs->v[i])) i++;
        if (i == n) return w;
    }
    if (st->wraps.len >= 8192) return NULL;
    const char *name = inst_name(L, gen, targs->v, n);
    if (!name) return NULL;
    WrapRec *w = arena_alloc(&L->p->arena, sizeof *w);
    w->gen = gen;
    w->ntargs = n;
    w->targs = arena_alloc(&L->p->arena, (n ? n : 1) * sizeof *w->targs);
    memcpy(w->targs, targs->v, n * sizeof *w->targs);
    w->shaped = shaped;
    IrFunc *sf = shaped->fn;
    IrFunc *fn = ir_new_func(L->p, name, sf->file, sf->pos);
    Object *sym = obj_new(L->pkg, OBJ_FUNC, gen->file, gen->pos, name, gen->type);
    sym->pkg = gen->pkg;
    sym->flags = gen->flags;
    sym->u.origin = sym;
    fn->obj = sym;
    fn->endpos = sf->endpos;
    fn->flags = IRFN_HAS_BODY | IRFN_DUPOK | (sf->flags & IRFN_METHOD);
    fn->pragmas = sf->pragmas;
    if (gen->pkg && gen->pkg->path && gen->pkg->path[0])
        fn->linksym = lw_internf(L, "%s.%s", gen->pkg->path, name);
    fn->genpkg = sf->genpkg;
    w->fn = fn;
    w->next = head;
    ptrmap_put(&st->wrapbyorigin, gen, w);
    vec_push(&st->wraps, w);
    return w;
}

/* The shapes of targs (which may mention the type parameters of the body
   being instantiated) for the type parameters tps. */
static Type **shapes_of(Lower *L, const TypeList *targs, TypeList tps, Type *owner) {
    Type **v = arena_alloc(&L->p->arena, (targs->n ? targs->n : 1) * sizeof *v);
    /* an instance of a generic type already shaped (in a shaped body) keeps
       the type arguments gc does not shapify (ir_shape_targ_kept) */
    bool shaped = false;
    for (uint32_t i = 0; owner && i < targs->n && !shaped; i++) shaped = ir_type_has_shape(targs->v[i]);
    for (uint32_t i = 0; i < targs->n; i++) {
        Type *t = lw_inst_type(L, targs->v[i]);
        if (!t || types_has_tparams(t)) return NULL;
        v[i] = shaped && ir_shape_targ_kept(owner, t) && !is_shape(t) ? t
                                                                       : shapify(L, t, i < tps.n ? basic_bound(tps.v[i]) : true);
    }
    return v;
}

IrNode *lw_inst_funcname(Lower *L, IrNode *n, const Node *src) {
    if (!n || n->op != IR_NAME || !(n->flags & IRF_FUNCNAME) || !src) return n;
    Object *gen = origin_of(n->u.obj);
    if (!gen || !gen->type || gen->type->kind != TY_SIGNATURE) return n;
    SignatureType *gsig = (SignatureType *)gen->type;
    if (!gsig->tparams.n || gsig->recv) return n;
    const Node *us = lw_unparen(src);
    const ExprInfo *raw = types_expr_info(L->info, us);
    const TypeList *targs = raw ? types_instance_targs(L->info, raw->type) : NULL;
    if (!targs) return n;
    /* f[T](args): the checker infers the rest from a signature with the
       explicit type arguments substituted, recording only the inferred */
    TypeList full;
    if (targs->n < gsig->tparams.n && (us->kind == N_IndexExpr || us->kind == N_IndexListExpr) &&
        us->u.index.indices.n + targs->n == gsig->tparams.n) {
        NodeList idx = us->u.index.indices;
        full.n = gsig->tparams.n;
        full.v = arena_alloc(&L->p->arena, full.n * sizeof *full.v);
        for (uint32_t i = 0; i < idx.n; i++) {
            const ExprInfo *ti = types_expr_info(L->info, idx.v[i]);
            if (!ti || !ti->type) return n;
            full.v[i] = ti->type;
        }
        for (uint32_t i = 0; i < targs->n; i++) full.v[idx.n + i] = targs->v[i];
        targs = &full;
    }
    if (targs->n != gsig->tparams.n) return n;
    Type **shapes = shapes_of(L, targs, gsig->tparams, NULL);
    if (!shapes) return n;
    InstRec *r = get_instance(L, gen, shapes, targs->n);
    if (!r) return n;
    /* a static dictionary (type arguments not derived from the enclosing
       generic's): gc reads the instantiation, making its wrapper */
    request_wrapper(L, gen, targs, r);
    n->u.obj = r->sym;
    n->sel = r->sym;
    /* inside a shaped body gc passes sub-dictionaries (not modelled) */
    L->dict = L->inst ? NULL : dict_obj(L, gen, targs->v, targs->n);
    L->dict_callee = r->sym;
    return n;
}

/* The receiver's instance and the shapes of its type arguments, for m (a
   method of a generic type, or its instance's); NULL when not one. */
static NamedType *method_instance(Lower *L, Object *gen, Type *recvtype, Type ***shapes) {
    if (!gen->type || gen->type->kind != TY_SIGNATURE) return NULL;
    SignatureType *gsig = (SignatureType *)gen->type;
    if (!gsig->recv || !gsig->rparams.n) return NULL;
    Type *t = type_unalias(recvtype);
    if (t && t->kind == TY_POINTER) t = type_unalias(((PointerType *)t)->elem);
    if (!t || t->kind != TY_NAMED) return NULL;
    NamedType *nt = (NamedType *)t;
    if (nt->targs.n != gsig->rparams.n) return NULL;
    NamedType *orig = nt->orig ? nt->orig : nt;
    *shapes = shapes_of(L, &nt->targs, orig->tparams.n == nt->targs.n ? orig->tparams : gsig->rparams, NULL);
    return *shapes ? nt : NULL;
}

Object *lw_inst_stub(Lower *L, Object *m, Type *recvtype) {
    Object *gen = origin_of(m);
    Type **shapes;
    NamedType *nt = gen ? method_instance(L, gen, recvtype, &shapes) : NULL;
    if (!nt || !concrete_targs(nt->targs.v, nt->targs.n)) return NULL;
    InstRec *r = get_instance(L, gen, shapes, nt->targs.n);
    WrapRec *w = r ? request_wrapper(L, gen, &nt->targs, r) : NULL;
    return w ? w->fn->obj : NULL;
}

Object *lw_inst_method(Lower *L, IrNode *me, Type *recvtype) {
    if (!me || !me->u.obj || !recvtype) return NULL;
    Object *gen = origin_of(me->u.obj);
    Type **shapes;
    NamedType *nt = method_instance(L, gen, recvtype, &shapes);
    if (!nt) return NULL;
    InstRec *r = get_instance(L, gen, shapes, nt->targs.n);
    if (!r) return NULL;
    me->u.obj = r->sym;
    /* its type: the shaped method's, receiver first */
    SignatureType *ss = r->fn->sig;
    if (ss && ss->recv) {
        uint32_t np = tuple_len(ss->params);
        Object **vs = xmalloc((np + 1) * sizeof *vs);
        vs[0] = ss->recv;
        for (uint32_t i = 0; i < np; i++) vs[i + 1] = tuple_at(ss->params, i);
        me->type = &type_new_signature(L->pkg, NULL, type_new_tuple(L->pkg, vs, np + 1), ss->results,
                                       ss->variadic)->t;
        free(vs);
    }
    return L->inst ? NULL : dict_obj(L, gen, nt->targs.v, nt->targs.n);
}

bool lw_inst_tparam_operand(Lower *L, const Node *x) {
    if (!L->inst) return false;
    const ExprInfo *raw = types_expr_info(L->info, lw_unparen(x));
    Type *t = raw ? type_unalias(raw->type) : NULL;
    return t && t->kind == TY_TYPEPARAM;
}

SignatureType *lw_inst_raw_sig(Lower *L, const Node *e, SignatureType *sig) {
    if (!L->inst) return sig;
    const ExprInfo *raw = types_expr_info(L->info, e);
    Type *t = raw && raw->type ? type_under(raw->type) : NULL;
    return t && t->kind == TY_SIGNATURE ? (SignatureType *)t : sig;
}

IrNode *lw_inst_unsafe_const(Lower *L, const Node *e, BuiltinId id) {
    const Node *a = e->u.call.args.n == 1 ? e->u.call.args.v[0] : NULL;
    if (!a) return lw_bad(L, e, "unsafe builtin arity");
    int64_t v = 0;
    if (id == BUILTIN_OFFSETOF) {
        IrNode *x = lw_expr(L, a);     /* a selector: its (last) field offset */
        while (x && (x->op == IR_CONVNOP || x->op == IR_ADDR || x->op == IR_DEREF)) x = x->x;
        if (x && (x->op == IR_DOT || x->op == IR_DOTPTR)) v = lw_dot_offset(L, x);
    } else {
        Type *t = lw_type(L, a);
        if (t && !types_has_tparams(t)) {
            Type *d = type_default(L->ctx, t);
            v = id == BUILTIN_SIZEOF ? type_sizeof(&L->ctx->sizes, d) : type_alignof(&L->ctx->sizes, d);
        }
    }
    IrNode *n = lw_node(L, IR_LITERAL, lw_gcpos(e), &L->ctx->typ[BK_UINTPTR]->t, e);
    n->u.val = const_int64(L->pkg->consts, v < 0 ? 0 : v);
    return n;
}

/* ------------------------------------------------------------ shaped bodies */

typedef struct Fix {
    Lower *L;
    PtrMap seen;
    const char *prefix;         /* qualifier for variables without objects, or NULL */
    LwInst *in;
} Fix;

static void fix_func(Fix *f, IrFunc *fn);
static void fix_node(Fix *f, IrNode *n);

static bool is_shape(Type *t) {
    t = t ? type_unalias(t) : NULL;
    if (!t || t->kind != TY_NAMED) return false;
    Object *o = ((NamedType *)t)->obj;
    return o && o->pkg && o->pkg->path && strcmp(o->pkg->path, "go.shape") == 0;
}

void lw_inst_note_src(Lower *L, IrNode *n, const Node *src) { ptrmap_put(&L->inst->dotsrc, n, (void *)src); }

/* gc's index of method name of type parameter tp in the dictionary. */
static uint32_t dict_method_index(LwInst *in, Type *tp, const char *name) {
    for (size_t i = 0; i < in->methods.len; i++)
        if (in->methods.data[i].tparam == tp && in->methods.data[i].name == name) return (uint32_t)i;
    vec_push(&in->methods, ((DictMethod){tp, name}));
    return (uint32_t)(in->methods.len - 1);
}

/* A method call on a value of type-parameter type, lowered as an interface
   call: gc calls the method's function from the dictionary,
   (func(RECV, PARAMS) RESULTS)(&.dict[N])(recv, args...), an unknown
   callee; when the shape is an interface it warns "imprecise interface
   call". Rewritten so messages print it as gc does. */
static void dict_call(Fix *f, IrNode *n) {
    Lower *L = f->L;
    IrNode *d = n->x;
    IrNode *recv = d->x;
    Object *m = d->u.obj;
    const Node *src = ptrmap_get(&f->in->dotsrc, d);
    const Node *sel = src && src->kind == N_SelectorExpr ? src : NULL;
    const ExprInfo *raw = sel ? types_expr_info(L->info, lw_unparen(sel->u.selector.x)) : NULL;
    Type *tp = raw ? type_unalias(raw->type) : NULL;
    Type *st = d->type ? type_unalias(d->type) : NULL;
    if (!m || !tp || tp->kind != TY_TYPEPARAM || !st || st->kind != TY_SIGNATURE) return;
    SignatureType *ms = (SignatureType *)st;
    uint32_t idx = dict_method_index(f->in, tp, m->name);
    if (!f->in->dict) {
        const char *dn = lw_intern(L, ".dict");    /* qualified with the other variables */
        Type *at = type_new_array(L->pkg, &L->ctx->typ[BK_UINTPTR]->t, 1);
        f->in->dict = ir_new_var(L->p, dn, at, IRC_EXTERN, L->file, NOPOS);
    }
    uint32_t np = tuple_len(ms->params);
    Object **vs = xmalloc((np + 1) * sizeof *vs);
    vs[0] = obj_new_var(L->pkg, VAR_PARAM, NULL, NOPOS, lw_intern(L, ""), recv->type);
    for (uint32_t i = 0; i < np; i++) vs[i + 1] = tuple_at(ms->params, i);
    SignatureType *ft = type_new_signature(L->pkg, NULL, type_new_tuple(L->pkg, vs, np + 1), ms->results,
                                           ms->variadic);
    free(vs);
    Type *uptr = &L->ctx->typ[BK_UINTPTR]->t;
    IrNode *dn = ir_new_node(L->p, IR_NAME, d->file, d->pos, f->in->dict->type);
    dn->u.var = f->in->dict;
    IrNode *lit = ir_new_node(L->p, IR_LITERAL, d->file, d->pos, &L->ctx->typ[BK_INT]->t);
    lit->u.val = const_int64(L->pkg->consts, idx);
    IrNode *ix = ir_new_node(L->p, IR_INDEX, d->file, d->pos, uptr);
    ix->x = dn;
    ix->y = lit;
    ix->flags |= IRF_BOUNDED;
    IrNode *ad = ir_new_node(L->p, IR_ADDR, d->file, d->pos, lw_ptr_to(L, uptr));
    ad->x = ix;
    IrNode *cv = ir_new_node(L->p, IR_CONVNOP, d->file, d->pos, &ft->t);
    cv->x = ad;
    /* gc evaluates the receiver in place: undo the temporary of CALLINTER */
    IrVar *tv = recv->op == IR_NAME ? recv->u.var : NULL;
    if (tv && (tv->flags & IRV_AUTOTMP)) {
        for (uint32_t i = 0; i < n->init.n; i++) {
            IrNode *as = n->init.v[i];
            if (as->op != IR_AS || !as->y || !as->x || as->x->op != IR_NAME || as->x->u.var != tv) continue;
            recv = as->y;
            for (uint32_t j = i + 1; j < n->init.n; j++) n->init.v[j - 1] = n->init.v[j];
            n->init.n--;
            break;
        }
    }
    n->op = IR_CALLFUNC;
    n->x = cv;
    IrList args = {0};
    ir_list_append(L->p, &args, recv);
    for (uint32_t i = 0; i < n->list.n; i++) ir_list_append(L->p, &args, n->list.v[i]);
    n->list = args;
    Type *su = recv->type ? type_under(recv->type) : NULL;
    if (su && su->kind == TY_INTERFACE)
        ir_add_note(L->p, d->file, d->pos, lw_intern(L, "imprecise interface call"), NULL, true);
}

static void fix_var(Fix *f, IrVar *v) {
    if (!v || ptrmap_get(&f->seen, v)) return;
    ptrmap_put(&f->seen, v, v);
    v->type = lw_inst_type(f->L, v->type);
    if (f->prefix && !v->obj && v->name && !(v->flags & IRV_BLANK) && strcmp(v->name, "_") != 0)
        v->name = lw_internf(f->L, "%s.%s", f->prefix, v->name);
}

static void fix_list(Fix *f, IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) fix_node(f, l->v[i]);
}

static void fix_node(Fix *f, IrNode *n) {
    if (!n || ptrmap_get(&f->seen, n)) return;
    ptrmap_put(&f->seen, n, n);
    n->type = lw_inst_type(f->L, n->type);
    /* in source order, as gc's writer numbers dictionary entries */
    fix_list(f, &n->init);
    if (n->op == IR_CALLINTER && n->x && n->x->op == IR_DOTINTER && n->x->x) {
        fix_node(f, n->x->x);
        fix_node(f, n->x);
        if (is_shape(n->x->x->type)) dict_call(f, n);
    }
    if (n->op == IR_CLOSURE && n->u.fn) fix_func(f, n->u.fn);
    fix_node(f, n->x);
    fix_node(f, n->y);
    fix_node(f, n->z);
    fix_node(f, n->w);
    fix_list(f, &n->list);
    fix_list(f, &n->rlist);
    switch ((IrOp)n->op) {
    case IR_NAME:
        if (!(n->flags & IRF_FUNCNAME)) fix_var(f, n->u.var);
        break;
    case IR_DCL: case IR_TYPESW: case IR_CASE:
        fix_var(f, n->u.var);
        break;
    default: break;
    }
}

static void fix_func(Fix *f, IrFunc *fn) {
    if (ptrmap_get(&f->seen, fn)) return;
    ptrmap_put(&f->seen, fn, fn);
    if (fn->sig) fn->sig = (SignatureType *)lw_inst_type(f->L, &fn->sig->t);
    for (uint32_t i = 0; i < fn->ndcl; i++) fix_var(f, fn->dcl[i]);
    for (uint32_t i = 0; i < fn->nparams; i++) fix_var(f, fn->params[i]);
    for (uint32_t i = 0; i < fn->nresults; i++) fix_var(f, fn->results[i]);
    for (uint32_t i = 0; i < fn->ncvars; i++) fix_var(f, fn->cvars[i]);
    fix_list(f, &fn->body);
}

static bool distinct_loops(Lower *L, const AstFile *f, Pkg *gp) {
    const char *gv = f->go_version && f->go_version[0] ? f->go_version
                     : gp && gp->go_version && gp->go_version[0] ? gp->go_version
                     : L->opt->goversion;
    if (gv && strncmp(gv, "go1.", 4) == 0) {
        int minor = atoi(gv + 4);
        if (minor > 0 && minor < 22) return false;
    }
    return true;
}

/* The package's lowering state while a generic declaration of (perhaps)
   another file or package is lowered with a substitution. */
typedef struct LwSaved {
    const TypeInfo *info;
    const SourceFile *file;
    const AstFile *astfile;
    FnCtx *fc;
    TswClause *tsw;
    bool distinct_loops;
    LwInst *inst;
} LwSaved;

static void enter_decl(Lower *L, LwSaved *sv, const IrGenericDecl *d, LwInst *in) {
    *sv = (LwSaved){L->info, L->file, L->astfile, L->fc, L->tsw, L->distinct_loops, L->inst};
    L->info = d->info;
    L->file = d->file->src;
    L->astfile = d->file;
    L->fc = NULL;
    L->tsw = NULL;
    L->inst = in;
}

static void leave_decl(Lower *L, const LwSaved *sv) {
    L->info = sv->info;
    L->file = sv->file;
    L->astfile = sv->astfile;
    L->fc = sv->fc;
    L->tsw = sv->tsw;
    L->distinct_loops = sv->distinct_loops;
    L->inst = sv->inst;
}

/* The substitution an instance's body is lowered with: gen's type
   parameters (a method's receiver type parameters and its origin type's,
   the same shapes) to targs. in->from.v / in->to.v are malloc'd. */
static void inst_subst_init(LwInst *in, Object *gen, Type **targs, uint32_t n, uint32_t depth) {
    SignatureType *gsig = (SignatureType *)gen->type;
    memset(in, 0, sizeof *in);
    bool ptr;
    NamedType *rn = gsig->recv ? recv_named(gen, &ptr) : NULL;
    uint32_t extra = rn && rn->orig && rn->orig->tparams.n == n ? n : 0;
    Type **from = xmalloc((n + extra + 1) * sizeof *from), **to = xmalloc((n + extra + 1) * sizeof *to);
    TypeList tps = gsig->recv ? gsig->rparams : gsig->tparams;
    for (uint32_t i = 0; i < n; i++) {
        from[i] = tps.v[i];
        to[i] = targs[i];
    }
    for (uint32_t i = 0; i < extra; i++) {
        from[n + i] = rn->orig->tparams.v[i];
        to[n + i] = targs[i];
    }
    in->from = (TypeList){from, n + extra};
    in->to = (TypeList){to, n + extra};
    in->genpkg = gen->pkg;
    in->depth = depth;
}

static void lower_instance(Lower *L, InstRec *r) {
    r->lowered = true;
    Object *gen = r->gen;
    SignatureType *gsig = (SignatureType *)gen->type;
    const Node *fd = r->decl.decl;
    IrFunc *fn = r->fn;

    /* the type parameters as the body sees them: a method's receiver type
       parameters, and the origin type's (the same shapes) */
    LwInst in;
    inst_subst_init(&in, gen, r->targs, r->ntargs, r->depth);
    Type **from = in.from.v, **to = in.to.v;

    LwSaved saved;
    enter_decl(L, &saved, &r->decl, &in);
    size_t nclos = L->closures.len;
    L->distinct_loops = distinct_loops(L, r->decl.file, gen->pkg);

    FnCtx fc;
    lw_push_fn(L, &fc, fn);
    lw_declare_params(L, fn, gsig, fd->u.funcdecl.recv, fd->u.funcdecl.type);
    lw_rangefunc_results(L, fn, fd->u.funcdecl.body);
    lw_block(L, fd->u.funcdecl.body, &fn->body);
    lw_bloop(L, fn);
    lw_loopvar(L, fn);
    lw_pop_fn(L, &fc);

    Fix f = {L, {0}, NULL, &in};
    if (gen->pkg != L->pkg && gen->pkg && gen->pkg->name && gen->pkg->name[0]) f.prefix = gen->pkg->name;
    fix_func(&f, fn);
    for (size_t i = nclos; i < L->closures.len; i++) {
        IrFunc *c = L->closures.data[i];
        if (gen->pkg != L->pkg) c->genpkg = gen->pkg;
        c->flags |= IRFN_DUPOK;
        fix_func(&f, c);
    }
    ptrmap_free(&f.seen);

    leave_decl(L, &saved);
    ptrmap_free(&in.types);
    ptrmap_free(&in.infos);
    ptrmap_free(&in.dotsrc);
    vec_free(&in.methods);
    free(from);
    free(to);
}

/* The wrapper's body: return shaped(recv, params...) (gc's callShaped; the
   dictionary argument is only printed, the inliner charges for it). */
static void lower_wrapper(Lower *L, WrapRec *w) {
    w->lowered = true;
    InstRec *r = w->shaped;
    Object *gen = w->gen;
    SignatureType *gsig = (SignatureType *)gen->type;
    const Node *fd = r->decl.decl;
    IrFunc *fn = w->fn;

    LwInst in;
    inst_subst_init(&in, gen, w->targs, w->ntargs, r->depth);
    Type **from = in.from.v, **to = in.to.v;

    LwSaved saved;
    enter_decl(L, &saved, &r->decl, &in);

    fn->sig = (SignatureType *)plain_sig(L, lw_inst_type(L, &gsig->t));
    if (fn->sig && fn->sig->recv && fn->sig->recv->type) {
        Type *rt = lw_inst_type(L, fn->sig->recv->type);
        if (rt != fn->sig->recv->type) {
            Object *rv = obj_new_var(L->pkg, VAR_RECV, fn->sig->recv->file, fn->sig->recv->pos,
                                     fn->sig->recv->name, rt);
            rv->pkg = fn->sig->recv->pkg;
            if (&fn->sig->t == &gsig->t)
                fn->sig = type_new_signature(L->pkg, NULL, fn->sig->params, fn->sig->results, fn->sig->variadic);
            fn->sig->recv = rv;
        }
    }
    fn->obj->type = &fn->sig->t;

    FnCtx fc;
    lw_push_fn(L, &fc, fn);
    lw_declare_params(L, fn, gsig, fd->u.funcdecl.recv, fd->u.funcdecl.type);
    Pos pos = fn->pos;
    SignatureType *ss = r->fn->sig;
    IrNode *callee;
    if (ss->recv) {
        uint32_t np = tuple_len(ss->params);
        Object **vs = xmalloc((np + 1) * sizeof *vs);
        vs[0] = ss->recv;
        for (uint32_t i = 0; i < np; i++) vs[i + 1] = tuple_at(ss->params, i);
        Type *mt = &type_new_signature(L->pkg, NULL, type_new_tuple(L->pkg, vs, np + 1), ss->results,
                                       ss->variadic)->t;
        free(vs);
        callee = lw_node(L, IR_METHEXPR, pos, mt, NULL);
        callee->y = lw_node(L, IR_TYPE, pos, ss->recv->type, NULL);
    } else {
        callee = lw_node(L, IR_NAME, pos, &ss->t, NULL);
        callee->flags |= IRF_FUNCNAME;
    }
    callee->u.obj = r->sym;
    callee->sel = ss->recv ? gen : r->sym;     /* a method prints its own name */
    uint32_t nres = tuple_len(ss->results);
    Type *rt = nres == 0 ? NULL : nres == 1 ? tuple_at(ss->results, 0)->type : &ss->results->t;
    IrNode *call = lw_node(L, IR_CALLFUNC, pos, rt, NULL);
    call->x = callee;
    call->sel = dict_obj(L, gen, w->targs, w->ntargs);
    if (ss->variadic) call->flags |= IRF_DDD;
    for (uint32_t i = 0; i < fn->nparams; i++) ir_list_append(L->p, &call->list, lw_name(L, fn->params[i], pos, NULL));
    lw_forward_call(L, fn, call, ss->results, pos, true);
    lw_pop_fn(L, &fc);

    leave_decl(L, &saved);
    ptrmap_free(&in.types);
    ptrmap_free(&in.infos);
    ptrmap_free(&in.dotsrc);
    free(from);
    free(to);
}

/* ------------------------------------------------- types' method instances */

/* gc reads every type the package mentions together with its underlying
   type and its methods' signatures; reading an instance of a generic type
   compiles (shaped) bodies for all its methods. So the methods of every
   instance reachable that way are instantiated. */
struct LwScan {
    Lower *L;
    PtrMap seen;                /* Type*, IrVar* visited */
    Type *last;                 /* the last type put in seen */
    /* instances whose methods are requested, in the order met, until
       lw_inst_finish: the scan of each declared function runs right after
       it is lowered, the requests in the order a scan after all of them
       would have made them */
    VEC(NamedType *) pending;
    bool defer;
    /* whose reader gc would read the types met with (its needWrapper):
       the package's own (SC_LOCAL), an imported declaration's (SC_IMPORTED:
       what it reads there is "have", wrapped by that package), or one with
       type arguments (SC_GENERIC: an instance's components, shaped bodies) */
    uint8_t ctx;
    bool under;                 /* the next type is a named type's underlying */
    PtrMap seen_gen;            /* seen, for SC_GENERIC */
    /* instances and shape types gc would make wrappers for, in the order
       met; wrapkeys: link string -> 1 needed, 2 had (an importer's) */
    VEC(Type *) wraptypes;
    VEC(const char *) wrapnames;    /* their link strings */
    PtrMap wrapkeys;
};
typedef struct LwScan Scan;
enum { SC_LOCAL, SC_IMPORTED, SC_GENERIC };

static void scan_type(Scan *s, Type *t, int depth);

static void scan_tuple(Scan *s, TupleType *tt, int depth) {
    for (uint32_t i = 0; tt && i < tt->vars.n; i++) scan_type(s, tt->vars.v[i]->type, depth + 1);
}

static void request_methods(Scan *s, NamedType *nt) {
    NamedType *orig = nt->orig ? nt->orig : nt;
    if (!orig->methods.n || orig->tparams.n != nt->targs.n) return;
    Type **shapes = shapes_of(s->L, &nt->targs, orig->tparams, &nt->t);
    if (!shapes) return;
    for (uint32_t i = 0; i < orig->methods.n; i++) {
        Object *m = origin_of(orig->methods.v[i]);
        if (!m || !m->type || m->type->kind != TY_SIGNATURE || !((SignatureType *)m->type)->rparams.n) continue;
        InstRec *r = get_instance(s->L, m, shapes, nt->targs.n);
        request_wrapper(s->L, m, &nt->targs, r);
    }
}

/* gc reads an instance's methods with their signatures instantiated: the
   types these mention (node[K,V].entry() *entry[K,V] for node[any,any]). */
static void scan_methods_as(Scan *s, NamedType *orig, TypeList targs, int depth) {
    for (uint32_t i = 0; i < orig->methods.n; i++) {
        Object *m = origin_of(orig->methods.v[i]);
        if (!m || !m->type || m->type->kind != TY_SIGNATURE) continue;
        SignatureType *ms = (SignatureType *)m->type;
        if (ms->rparams.n == targs.n) scan_type(s, types_subst(s->L->pkg, ms->rparams, targs, m->type), depth + 1);
    }
}

/* A type gc's MakeWrappers would wrap: once needed (noted by a reader
   with type arguments or the package's own), unless an imported
   declaration's reader had it (that package made its wrappers). */
static void note_wrap(Scan *s, Type *t, const char *key, bool had) {
    uintptr_t v = (uintptr_t)ptrmap_get(&s->wrapkeys, key);
    if (had) {
        if (v != 2) ptrmap_put(&s->wrapkeys, key, (void *)2);
        return;
    }
    if (v) return;
    ptrmap_put(&s->wrapkeys, key, (void *)1);
    vec_push(&s->wraptypes, t);
    vec_push(&s->wrapnames, key);
}

static const char *link_key(Scan *s, Type *t) {
    StrBuf b = {0};
    ir_fmt_type_link(&b, t);
    const char *key = intern(s->L->p->names, b.data ? b.data : "", b.len);
    sb_free(&b);
    return key;
}

static void scan_shaped_version(Scan *s, NamedType *nt, int depth);

static void scan_type(Scan *s, Type *t, int depth) {
    bool under = s->under;      /* t is a named type's underlying type (read unwrapped) */
    s->under = false;
    PtrMap *seen = s->ctx == SC_GENERIC ? &s->seen_gen : &s->seen;
    /* basic types lead nowhere; most nodes repeat the last type seen */
    if (!t || (t == s->last && seen == &s->seen) || t->kind == TY_BASIC || depth > 200 || ptrmap_get(seen, t)) return;
    ptrmap_put(seen, t, t);
    if (seen == &s->seen) s->last = t;
    switch ((TypeKind)t->kind) {
    case TY_BASIC: case TY_TYPEPARAM: return;
    case TY_POINTER: scan_type(s, ((PointerType *)t)->elem, depth + 1); return;
    case TY_SLICE: scan_type(s, ((SliceType *)t)->elem, depth + 1); return;
    case TY_ARRAY: scan_type(s, ((ArrayType *)t)->elem, depth + 1); return;
    case TY_CHAN: scan_type(s, ((ChanType *)t)->elem, depth + 1); return;
    case TY_MAP:
        scan_type(s, ((MapType *)t)->key, depth + 1);
        scan_type(s, ((MapType *)t)->elem, depth + 1);
        return;
    case TY_STRUCT: {
        StructType *st = (StructType *)t;
        bool embeds = false;
        for (uint32_t i = 0; i < st->fields.n; i++) {
            embeds |= (st->fields.v[i]->flags & OF_EMBEDDED) != 0;
            scan_type(s, st->fields.v[i]->type, depth + 1);
        }
        /* an anonymous struct's promoted methods get wrappers */
        if (embeds && !under && s->ctx != SC_IMPORTED) note_wrap(s, t, link_key(s, t), false);
        return;
    }
    case TY_TUPLE: scan_tuple(s, (TupleType *)t, depth); return;
    case TY_SIGNATURE: {
        SignatureType *sg = (SignatureType *)t;
        if (sg->tparams.n) return;
        scan_tuple(s, sg->params, depth);
        scan_tuple(s, sg->results, depth);
        return;
    }
    case TY_INTERFACE: {
        InterfaceType *it = (InterfaceType *)t;
        for (uint32_t i = 0; i < it->methods.n; i++) scan_type(s, it->methods.v[i]->type, depth + 1);
        for (uint32_t i = 0; i < it->embeddeds.n; i++) scan_type(s, it->embeddeds.v[i], depth + 1);
        return;
    }
    case TY_UNION: return;
    case TY_ALIAS: {
        AliasType *a = (AliasType *)t;
        for (uint32_t i = 0; i < a->targs.n; i++) scan_type(s, a->targs.v[i], depth + 1);
        Type *u = type_unalias(t);
        if (u != t) scan_type(s, u, depth + 1);
        return;
    }
    case TY_NAMED: {
        NamedType *nt = (NamedType *)t;
        if (nt->tparams.n && !nt->targs.n) return;      /* a generic origin */
        uint8_t ctx = s->ctx;
        if (nt->targs.n) {
            if (types_has_tparams(t)) return;
            /* substitution makes instances anew: one visit per instance */
            const char *key = link_key(s, t);
            if (ptrmap_get(seen, key)) return;
            ptrmap_put(seen, key, t);
            note_wrap(s, t, key, false);        /* read by its own object's reader */
            if (ctx == SC_IMPORTED) note_wrap(s, t, key, true);
            for (uint32_t i = 0; i < nt->targs.n; i++) scan_type(s, nt->targs.v[i], depth + 1);
            if (s->defer) vec_push(&s->pending, nt);
            else request_methods(s, nt);
            s->ctx = SC_GENERIC;
            s->under = true;
            if (nt->underlying) scan_type(s, nt->underlying, depth + 1);
            scan_methods_as(s, nt->orig ? nt->orig : nt, nt->targs, depth);
            scan_shaped_version(s, nt, depth);
            s->ctx = ctx;
            return;
        }
        bool shape = is_shape(t);
        if (shape && ctx != SC_IMPORTED) note_wrap(s, t, link_key(s, t), false);
        s->ctx = shape ? SC_GENERIC : nt->obj && nt->obj->pkg == s->L->pkg ? SC_LOCAL : SC_IMPORTED;
        for (uint32_t i = 0; i < nt->methods.n; i++) scan_type(s, nt->methods.v[i]->type, depth + 1);
        s->under = true;
        if (nt->underlying) scan_type(s, nt->underlying, depth + 1);
        s->ctx = ctx;
        return;
    }
    }
}

/* With an instance, gc reads its shaped counterpart (type arguments
   replaced by their shapes): its underlying type and methods' signatures,
   whose shape types it wraps (iter.Seq[reflect.Value] brings the shape of
   reflect.Value, struct { typ_; ptr; flag }, and its promoted methods). */
static void scan_shaped_version(Scan *s, NamedType *nt, int depth) {
    NamedType *orig = nt->orig ? nt->orig : nt;
    if (orig == nt || orig->tparams.n != nt->targs.n) return;
    for (uint32_t i = 0; i < nt->targs.n; i++)
        if (has_shape(nt->targs.v[i], 0)) return;
    Type **shapes = shapes_of(s->L, &nt->targs, orig->tparams, &nt->t);
    if (!shapes) return;
    TypeList to = {shapes, nt->targs.n};
    s->under = true;
    if (orig->underlying) scan_type(s, types_subst(s->L->pkg, orig->tparams, to, orig->underlying), depth + 1);
    s->under = false;
    scan_methods_as(s, orig, to, depth);
}

static void scan_var(Scan *s, IrVar *v) {
    if (!v || ptrmap_get(&s->seen, v)) return;
    ptrmap_put(&s->seen, v, v);
    scan_type(s, v->type, 0);
}

static void scan_node(Scan *s, IrNode *n);

static void scan_list(Scan *s, IrList *l) {
    for (uint32_t i = 0; i < l->n; i++) scan_node(s, l->v[i]);
}

/* Nodes are not recorded in seen: lowering makes trees (no node has two
   parents), and a node met twice would find its types seen anyway. */
static void scan_node(Scan *s, IrNode *n) {
    if (!n) return;
    scan_type(s, n->type, 0);
    scan_node(s, n->x);
    scan_node(s, n->y);
    scan_node(s, n->z);
    scan_node(s, n->w);
    scan_list(s, &n->list);
    scan_list(s, &n->rlist);
    scan_list(s, &n->init);
    if (n->op == IR_NAME && !(n->flags & IRF_FUNCNAME)) scan_var(s, n->u.var);
}

static void scan_func(Scan *s, IrFunc *fn) {
    if (!fn) return;
    if (fn->sig) scan_type(s, &fn->sig->t, 0);
    for (uint32_t i = 0; i < fn->ndcl; i++) scan_var(s, fn->dcl[i]);
    for (uint32_t i = 0; i < fn->nparams; i++) scan_var(s, fn->params[i]);
    for (uint32_t i = 0; i < fn->nresults; i++) scan_var(s, fn->results[i]);
    scan_list(s, &fn->body);
}

/* Whether t mentions a shape type. */
static bool has_shape(Type *t, int depth) {
    if (!t || depth > 64) return false;
    switch ((TypeKind)t->kind) {
    case TY_POINTER: return has_shape(((PointerType *)t)->elem, depth + 1);
    case TY_SLICE: return has_shape(((SliceType *)t)->elem, depth + 1);
    case TY_ARRAY: return has_shape(((ArrayType *)t)->elem, depth + 1);
    case TY_CHAN: return has_shape(((ChanType *)t)->elem, depth + 1);
    case TY_MAP: return has_shape(((MapType *)t)->key, depth + 1) || has_shape(((MapType *)t)->elem, depth + 1);
    case TY_STRUCT: {
        StructType *st = (StructType *)t;
        for (uint32_t i = 0; i < st->fields.n; i++)
            if (has_shape(st->fields.v[i]->type, depth + 1)) return true;
        return false;
    }
    case TY_NAMED: {
        NamedType *nt = (NamedType *)t;
        if (nt->obj && nt->obj->pkg && nt->obj->pkg->path && strcmp(nt->obj->pkg->path, "go.shape") == 0)
            return true;
        for (uint32_t i = 0; i < nt->targs.n; i++)
            if (has_shape(nt->targs.v[i], depth + 1)) return true;
        return false;
    }
    case TY_ALIAS: return type_unalias(t) != t && has_shape(type_unalias(t), depth + 1);
    case TY_SIGNATURE: {
        SignatureType *sg = (SignatureType *)t;
        for (uint32_t i = 0; i < tuple_len(sg->params); i++)
            if (has_shape(tuple_at(sg->params, i)->type, depth + 1)) return true;
        for (uint32_t i = 0; i < tuple_len(sg->results); i++)
            if (has_shape(tuple_at(sg->results, i)->type, depth + 1)) return true;
        return false;
    }
    default: return false;
    }
}

bool ir_type_has_shape(Type *t) { return has_shape(t, 0); }

LwScan *lw_scan_new(Lower *L) {
    Scan *s = xcalloc(1, sizeof *s);
    s->L = L;
    s->defer = true;
    /* what the package's own code mentions */
    Scope *ps = L->pkg->scope;
    for (uint32_t i = 0; ps && i < ps->n; i++) {
        Object *o = ps->objs[i];
        if (o->kind == OBJ_TYPENAME || o->kind == OBJ_VAR || o->kind == OBJ_FUNC) scan_type(s, o->type, 0);
    }
    return s;
}

void lw_scan_decl(LwScan *s, IrFunc *fn) {
    if (!(fn->flags & IRFN_GENERIC)) scan_func(s, fn);
}

/* Whether fn (a func literal's chain up to a declaration) is a shaped
   instance's: its types are read with type arguments. */
static bool in_shaped(const IrFunc *fn) {
    while (fn->outer) fn = fn->outer;
    return (fn->flags & IRFN_SHAPED) != 0;
}

static void scan_in(Scan *s, IrFunc *fn, uint8_t ctx) {
    uint8_t saved = s->ctx;
    s->ctx = ctx;
    scan_func(s, fn);
    s->ctx = saved;
}

uint32_t lw_inst_finish(Lower *L, LwScan *s, IrFunc *init, IrFunc ***out, IrFunc ***wraps, uint32_t *nwraps) {
    *out = NULL;
    VEC(IrFunc *) tw = {0};
    size_t nwrapped = 0;
    s->defer = false;
    for (size_t i = 0; i < s->pending.len; i++) request_methods(s, s->pending.data[i]);
    vec_free(&s->pending);
    scan_func(s, init);
    /* initializations staticinit lays out statically are not in init's
       body, but gc's reader read their types (var _ I = &T{}) */
    if (init) scan_list(s, &init->orig_inits);
    size_t nclos = 0;
    for (;;) {
        for (; nclos < L->closures.len; nclos++) {
            IrFunc *c = L->closures.data[nclos];
            scan_in(s, c, in_shaped(c) ? SC_GENERIC : SC_LOCAL);
        }
        LwInstState *st = L->insts;
        bool more = false;
        for (size_t i = 0; st && i < st->recs.len; i++) {
            InstRec *r = st->recs.data[i];
            if (r->lowered) continue;
            lower_instance(L, r);
            scan_in(s, r->fn, SC_GENERIC);
            more = true;
        }
        for (size_t i = 0; st && i < st->wraps.len; i++) {
            WrapRec *w = st->wraps.data[i];
            if (w->lowered) continue;
            lower_wrapper(L, w);
            scan_in(s, w->fn, SC_GENERIC);
            more = true;
        }
        if (more || nclos != L->closures.len) continue;
        /* then MakeWrappers' for the instances and shapes read (their calls
           may ask for more instances) */
        for (; nwrapped < s->wraptypes.len; nwrapped++) {
            Type *t = s->wraptypes.data[nwrapped];
            if ((uintptr_t)ptrmap_get(&s->wrapkeys, s->wrapnames.data[nwrapped]) != 1) continue;
            uint32_t n;
            IrFunc **v = lw_type_wrappers(L, t, &n);
            for (uint32_t i = 0; i < n; i++) vec_push(&tw, v[i]);
            free(v);
            more = true;
        }
        if (!more) break;
    }
    *wraps = tw.data;
    *nwraps = (uint32_t)tw.len;
    vec_free(&s->wraptypes);
    vec_free(&s->wrapnames);
    ptrmap_free(&s->wrapkeys);
    ptrmap_free(&s->seen_gen);
    ptrmap_free(&s->seen);
    free(s);
    LwInstState *st = L->insts;
    if (!st) return 0;
    uint32_t n = (uint32_t)(st->recs.len + st->wraps.len);
    IrFunc **v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < st->recs.len; i++) v[i] = st->recs.data[i]->fn;
    for (size_t i = 0; i < st->wraps.len; i++) v[st->recs.len + i] = st->wraps.data[i]->fn;
    *out = v;
    vec_free(&st->recs);
    vec_free(&st->wraps);
    ptrmap_free(&st->wrapbyorigin);
    ptrmap_free(&st->dicts);
    ptrmap_free(&st->shapes);
    ptrmap_free(&st->byorigin);
    ptrmap_free(&st->localdecls);
    ptrmap_free(&st->localfile);
    return n;
}

/* Whether named (an instance) occurs in t, looking into the underlying
   types of the instances t mentions (gc reads them eagerly). */
static bool mentions(Type *t, Type *named, Type **seen, uint32_t *nseen, int depth) {
    if (!t || depth > 16) return false;
    switch ((TypeKind)t->kind) {
    case TY_POINTER: return mentions(((PointerType *)t)->elem, named, seen, nseen, depth + 1);
    case TY_SLICE: return mentions(((SliceType *)t)->elem, named, seen, nseen, depth + 1);
    case TY_ARRAY: return mentions(((ArrayType *)t)->elem, named, seen, nseen, depth + 1);
    case TY_CHAN: return mentions(((ChanType *)t)->elem, named, seen, nseen, depth + 1);
    case TY_MAP:
        return mentions(((MapType *)t)->key, named, seen, nseen, depth + 1) ||
               mentions(((MapType *)t)->elem, named, seen, nseen, depth + 1);
    case TY_STRUCT: {
        StructType *st = (StructType *)t;
        for (uint32_t i = 0; i < st->fields.n; i++)
            if (mentions(st->fields.v[i]->type, named, seen, nseen, depth + 1)) return true;
        return false;
    }
    case TY_SIGNATURE: {
        SignatureType *sg = (SignatureType *)t;
        for (uint32_t i = 0; i < tuple_len(sg->params); i++)
            if (mentions(tuple_at(sg->params, i)->type, named, seen, nseen, depth + 1)) return true;
        for (uint32_t i = 0; i < tuple_len(sg->results); i++)
            if (mentions(tuple_at(sg->results, i)->type, named, seen, nseen, depth + 1)) return true;
        return false;
    }
    case TY_ALIAS: return type_unalias(t) != t && mentions(type_unalias(t), named, seen, nseen, depth + 1);
    case TY_NAMED: {
        NamedType *nt = (NamedType *)t;
        if (!nt->targs.n) return false;
        if (t == named || type_identical(t, named)) return true;
        for (uint32_t i = 0; i < *nseen; i++)
            if (seen[i] == t) return false;
        if (*nseen >= 32) return false;
        seen[(*nseen)++] = t;
        return nt->underlying && mentions(nt->underlying, named, seen, nseen, depth + 1);
    }
    default: return false;
    }
}

/* Whether gc keeps type argument targ of the shaped instance owner as it is
   (noder.Shapify): a shape; an instance of a generic interface mentioning
   shapes; an instance still being read (its underlying type mentions
   owner: gc reads owner while targ is a forward declaration). */
bool ir_shape_targ_kept(Type *owner, Type *targ) {
    targ = targ ? type_unalias(targ) : NULL;
    if (!targ) return true;
    if (is_shape(targ)) return true;
    if (targ->kind != TY_NAMED || !((NamedType *)targ)->targs.n || !has_shape(targ, 0)) return false;
    Type *u = type_under(targ);
    if (u && u->kind == TY_INTERFACE) return true;
    Type *seen[32];
    uint32_t nseen = 0;
    seen[nseen++] = targ;
    return owner && mentions(((NamedType *)targ)->underlying, owner, seen, &nseen, 0);
}

bool ir_tparam_basic(Type *tp) { return basic_bound(tp); }
