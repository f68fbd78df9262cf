/* Serialized IR trees for the summary cache (see ir.h, "Serialized IR").

   A tree is: counts (functions, variables, nodes), the variable records, the
   function headers, then the top function's body; a func literal's body is
   written where its first CLOSURE node is, so nodes are numbered in one
   preorder that the reader repeats, allocating them as one array. Cross
   references (a variable's defn, curfn and outer, a function's closure node
   and outer) are numbers into those arrays, patched for free because
   everything is allocated before it is filled. Positions are deltas from the
   previous one written, files are written only when they change. */
#include "ir.h"
#include "base/util.h"
#include "base/vec.h"
#include "types/export.h"
#include <stdlib.h>
#include <string.h>

/* Deeper trees are refused on both sides, so that corrupt input cannot
   exhaust the C stack (lowered bodies are far shallower). */
enum { MAX_DEPTH = 20000 };

enum {
    M_POS = 1 << 0, M_TYPE = 1 << 1, M_U = 1 << 2, M_X = 1 << 3, M_Y = 1 << 4, M_LIST = 1 << 5,
    M_FLAGS = 1 << 6, M_TOK = 1 << 7, M_FILE = 1 << 8, M_SEL = 1 << 9, M_FIELD = 1 << 10,
    M_OFFSET = 1 << 11, M_INIT = 1 << 12, M_Z = 1 << 13, M_W = 1 << 14, M_RLIST = 1 << 15,
};
enum { TAG_NULL = 0xFE, TAG_BACKREF = 0xFF };

/* What IrNode.u holds for an op. */
typedef enum { U_OBJ, U_VAR, U_LABEL, U_FN, U_VAL } UKind;

static UKind ukind(const IrNode *n) {
    switch (n->op) {
    case IR_NAME: return (n->flags & IRF_FUNCNAME) ? U_OBJ : U_VAR;
    case IR_DCL: case IR_TYPESW: case IR_CASE: return U_VAR;
    case IR_LABEL: case IR_GOTO: case IR_BREAK: case IR_CONTINUE: case IR_FALL:
    case IR_FOR: case IR_RANGE: case IR_SWITCH: case IR_SELECT: case IR_BAD:
        return U_LABEL;
    case IR_CLOSURE: case IR_INLCALL: return U_FN;
    case IR_LITERAL: return U_VAL;
    default: return U_OBJ;
    }
}

static void map_clear(PtrMap *m) {
    if (m->cap) {
        memset(m->keys, 0, m->cap * sizeof *m->keys);
        m->len = 0;
    }
}

static uint32_t list_cap(uint32_t n) {
    /* ir_list_append's capacity rule, so appending to a read list is safe */
    if (n <= 4) return 4;
    uint32_t c = 4;
    while (c < n) c *= 2;
    return c;
}

/* ================================================================= writer */

struct IrSerWriter {
    SerRefs refs;
    const Pkg *self;
    PtrMap strs;                /* string (as given, and its canonical copy) -> index + 1,
                                   per tree (a tree is decoded alone, with its strings) */
    Interner canon;             /* equal strings share an entry: the output is canonical */
    VEC(const char *) strv;
    ByteBuf scratch;
    PtrMap globals;             /* IrVar* -> index + 1 */
    VEC(const IrVar *) globv;
    size_t gnumbered;           /* globv[0..gnumbered) went through ir_ser_number_globals */
    /* the tree being written */
    PtrMap funcs, vars, nodes;  /* -> index + 1 */
    VEC(const IrFunc *) fv;
    VEC(const IrVar *) vv;
    uint32_t nnodes, nwritten;
    uint8_t *fdone;             /* per function: body written */
    const SourceFile *lastfile;
    Pos lastpos;
    bool failed;
};

IrSerWriter *ir_ser_writer_new(const SerRefs *refs, const Pkg *self) {
    IrSerWriter *w = xcalloc(1, sizeof *w);
    interner_init(&w->canon);
    w->refs = *refs;
    w->self = self;
    return w;
}

void ir_ser_writer_free(IrSerWriter *w) {
    if (!w) return;
    ptrmap_free(&w->strs);
    interner_free(&w->canon);
    vec_free(&w->strv);
    bb_free(&w->scratch);
    ptrmap_free(&w->globals);
    vec_free(&w->globv);
    ptrmap_free(&w->funcs);
    ptrmap_free(&w->vars);
    ptrmap_free(&w->nodes);
    vec_free(&w->fv);
    vec_free(&w->vv);
    free(w->fdone);
    free(w);
}

static uint32_t str_index(IrSerWriter *w, const char *s) {
    if (!s) return 0;
    uintptr_t k = (uintptr_t)ptrmap_get(&w->strs, s);
    if (k) return (uint32_t)k;
    const char *c = intern(&w->canon, s, strlen(s));
    k = (uintptr_t)ptrmap_get(&w->strs, c);
    if (!k) {
        vec_push(&w->strv, c);
        k = w->strv.len;
        ptrmap_put(&w->strs, c, (void *)k);
    }
    ptrmap_put(&w->strs, s, (void *)k);
    return (uint32_t)k;
}

static void w_type(IrSerWriter *w, ByteBuf *b, Type *t) { bb_uvar(b, t ? w->refs.type(w->refs.data, t) : 0); }
static void w_obj(IrSerWriter *w, ByteBuf *b, Object *o) { bb_uvar(b, o ? w->refs.obj(w->refs.data, o) : 0); }
static void w_str(IrSerWriter *w, ByteBuf *b, const char *s) { bb_uvar(b, str_index(w, s)); }

static void strings_reset(IrSerWriter *w) {
    map_clear(&w->strs);
    w->strv.len = 0;
}

/* The strings of the section just written to scratch, then the section. */
static void strings_flush(IrSerWriter *w, ByteBuf *out) {
    bb_uvar(out, w->strv.len);
    for (size_t i = 0; i < w->strv.len; i++) bb_str(out, w->strv.data[i], strlen(w->strv.data[i]));
    bb_put(out, w->scratch.data, w->scratch.len);
}

/* 0: same file as the last one written, 1: none, k+2: reference k. */
static void w_file(IrSerWriter *w, ByteBuf *b, const SourceFile *f) {
    if (f == w->lastfile) bb_uvar(b, 0);
    else if (!f) bb_uvar(b, 1);
    else bb_uvar(b, (uint64_t)w->refs.file(w->refs.data, f) + 2);
    w->lastfile = f;
}

static void w_pos(IrSerWriter *w, ByteBuf *b, Pos p) {
    bb_svar(b, (int64_t)p - (int64_t)w->lastpos);
    w->lastpos = p;
}

bool ir_ser_write_pkg(IrSerWriter *w, ByteBuf *out, const Pkg *pkg) {
    if (!pkg) {
        bb_uvar(out, 0);
        return true;
    }
    if (pkg == w->self) {
        bb_uvar(out, 1);
        return true;
    }
    /* no package references: any object of the package names it */
    const Scope *s = pkg->scope;
    for (uint32_t i = 0; s && i < s->n; i++)
        if (s->objs[i] && s->objs[i]->pkg == pkg) {
            bb_uvar(out, (uint64_t)w->refs.obj(w->refs.data, s->objs[i]) + 2);
            return true;
        }
    bb_uvar(out, 0);
    return false;
}

static uint32_t global_index(IrSerWriter *w, const IrVar *v) {
    uintptr_t k = (uintptr_t)ptrmap_get(&w->globals, v);
    if (k) return (uint32_t)k;
    vec_push(&w->globv, v);
    k = w->globv.len;
    ptrmap_put(&w->globals, v, (void *)k);
    if (v->outer) global_index(w, v->outer);
    return (uint32_t)k;
}

/* 0: NULL, 2i+1: variable i of the tree, 2g+2: global g. */
static void w_varref(IrSerWriter *w, ByteBuf *b, const IrVar *v) {
    if (!v) {
        bb_uvar(b, 0);
        return;
    }
    if (!v->curfn) {
        bb_uvar(b, 2 * (uint64_t)(global_index(w, v) - 1) + 2);
        return;
    }
    uintptr_t k = (uintptr_t)ptrmap_get(&w->vars, v);
    if (!k) w->failed = true;
    bb_uvar(b, k ? 2 * (uint64_t)(k - 1) + 1 : 0);
}

/* ---- pass 1: number the tree's functions, variables and nodes */

static void col_node(IrSerWriter *w, const IrNode *n, unsigned depth);

static void col_var(IrSerWriter *w, const IrVar *v) {
    if (!v) return;
    if (!v->curfn) {
        global_index(w, v);
        return;
    }
    if (ptrmap_get(&w->vars, v)) return;
    vec_push(&w->vv, v);
    ptrmap_put(&w->vars, v, (void *)(uintptr_t)w->vv.len);
    col_var(w, v->outer);
}

static void col_list(IrSerWriter *w, const IrList *l, unsigned depth) {
    for (uint32_t i = 0; i < l->n; i++) col_node(w, l->v[i], depth);
}

static void col_func(IrSerWriter *w, const IrFunc *fn, unsigned depth) {
    vec_push(&w->fv, fn);
    ptrmap_put(&w->funcs, fn, (void *)(uintptr_t)w->fv.len);
    for (uint32_t i = 0; i < fn->nparams; i++) col_var(w, fn->params[i]);
    for (uint32_t i = 0; i < fn->nresults; i++) col_var(w, fn->results[i]);
    for (uint32_t i = 0; i < fn->ndcl; i++) col_var(w, fn->dcl[i]);
    for (uint32_t i = 0; i < fn->ncvars; i++) col_var(w, fn->cvars[i]);
    col_list(w, &fn->body, depth);
}

static void col_node(IrSerWriter *w, const IrNode *n, unsigned depth) {
    if (!n || ptrmap_get(&w->nodes, n)) return;
    if (depth > MAX_DEPTH) {
        w->failed = true;
        return;
    }
    ptrmap_put(&w->nodes, n, (void *)(uintptr_t)++w->nnodes);
    UKind k = ukind(n);
    if (k == U_VAR) col_var(w, n->u.var);
    if (n->op == IR_INLCALL && n->u.fn) w->failed = true;   /* its callee is another tree */
    if (n->op == IR_CLOSURE && n->u.fn && !ptrmap_get(&w->funcs, n->u.fn)) col_func(w, n->u.fn, depth + 1);
    col_list(w, &n->init, depth + 1);
    col_node(w, n->x, depth + 1);
    col_node(w, n->y, depth + 1);
    col_node(w, n->z, depth + 1);
    col_node(w, n->w, depth + 1);
    col_list(w, &n->list, depth + 1);
    col_list(w, &n->rlist, depth + 1);
}

/* ---- pass 2: write */

static uint32_t node_ref(IrSerWriter *w, const IrNode *n) {
    return n ? (uint32_t)(uintptr_t)ptrmap_get(&w->nodes, n) : 0;
}

static void w_node(IrSerWriter *w, ByteBuf *b, const IrNode *n);

static void w_list(IrSerWriter *w, ByteBuf *b, const IrList *l) {
    bb_uvar(b, l->n);
    for (uint32_t i = 0; i < l->n; i++) w_node(w, b, l->v[i]);
}

static void w_node(IrSerWriter *w, ByteBuf *b, const IrNode *n) {
    if (!n) {
        bb_u8(b, TAG_NULL);
        return;
    }
    uint32_t id = node_ref(w, n);
    if (id && id <= w->nwritten) {
        bb_u8(b, TAG_BACKREF);
        bb_uvar(b, id - 1);
        return;
    }
    w->nwritten++;
    UKind uk = ukind(n);
    unsigned m = 0;
    if (n->pos != w->lastpos) m |= M_POS;
    if (n->type) m |= M_TYPE;
    if (n->u.obj) m |= M_U;
    if (n->x) m |= M_X;
    if (n->y) m |= M_Y;
    if (n->list.n) m |= M_LIST;
    if (n->flags) m |= M_FLAGS;
    if (n->tok) m |= M_TOK;
    if (n->file != w->lastfile) m |= M_FILE;
    if (n->sel) m |= M_SEL;
    if (n->field != -1) m |= M_FIELD;
    if (n->offset) m |= M_OFFSET;
    if (n->init.n) m |= M_INIT;
    if (n->z) m |= M_Z;
    if (n->w) m |= M_W;
    if (n->rlist.n) m |= M_RLIST;
    bb_u8(b, (uint8_t)n->op);
    bb_uvar(b, m);
    if (m & M_FLAGS) bb_uvar(b, n->flags);
    if (m & M_TOK) bb_u8(b, n->tok);
    if (m & M_FILE) w_file(w, b, n->file);
    if (m & M_POS) w_pos(w, b, n->pos);
    if (m & M_TYPE) w_type(w, b, n->type);
    if (m & M_U) {
        switch (uk) {
        case U_OBJ: w_obj(w, b, n->u.obj); break;
        case U_VAR: w_varref(w, b, n->u.var); break;
        case U_LABEL: w_str(w, b, n->u.label); break;
        case U_VAL: w->refs.cnst(w->refs.data, b, n->u.val); break;
        case U_FN: {
            uintptr_t k = (uintptr_t)ptrmap_get(&w->funcs, n->u.fn);
            if (!k) w->failed = true;
            bb_uvar(b, k ? k - 1 : 0);
            if (k && !w->fdone[k - 1]) {
                w->fdone[k - 1] = 1;
                w_list(w, b, &n->u.fn->body);
            }
            break;
        }
        }
    }
    if (m & M_SEL) w_obj(w, b, n->sel);
    if (m & M_FIELD) bb_svar(b, n->field);
    if (m & M_OFFSET) bb_svar(b, n->offset);
    if (m & M_INIT) w_list(w, b, &n->init);
    if (m & M_X) w_node(w, b, n->x);
    if (m & M_Y) w_node(w, b, n->y);
    if (m & M_Z) w_node(w, b, n->z);
    if (m & M_W) w_node(w, b, n->w);
    if (m & M_LIST) w_list(w, b, &n->list);
    if (m & M_RLIST) w_list(w, b, &n->rlist);
}

static void w_var(IrSerWriter *w, ByteBuf *b, const IrVar *v, bool global) {
    w_str(w, b, v->name);
    w_type(w, b, v->type);
    w_obj(w, b, v->obj);
    uintptr_t fk = global ? 0 : (uintptr_t)ptrmap_get(&w->funcs, v->curfn);
    if (!global && !fk) w->failed = true;  /* a variable of a function outside the tree */
    bb_uvar(b, fk);
    if (global && v->outer && v->outer->curfn) w->failed = true;
    w_varref(w, b, v->outer);
    /* a global's defining statement is in its own package's init: not kept */
    bb_uvar(b, global ? 0 : node_ref(w, v->defn));
    w_file(w, b, v->file);
    w_pos(w, b, v->pos);
    bb_uvar(b, v->flags);
    bb_u8(b, v->cls);
    bb_svar(b, v->index);
    bb_svar(b, v->tag);
}

static void w_vars(IrSerWriter *w, ByteBuf *b, IrVar *const *v, uint32_t n) {
    bb_uvar(b, n);
    for (uint32_t i = 0; i < n; i++) w_varref(w, b, v[i]);
}

static void w_func_header(IrSerWriter *w, ByteBuf *b, const IrFunc *fn) {
    w_str(w, b, fn->name);
    w_str(w, b, fn->linksym);
    w_obj(w, b, fn->obj);
    bb_uvar(b, fn->outer ? (uintptr_t)ptrmap_get(&w->funcs, fn->outer) : 0);
    if (fn->outer && !ptrmap_get(&w->funcs, fn->outer) && ptrmap_get(&w->funcs, fn) != (void *)1)
        w->failed = true;   /* a literal's outer function must be in the tree */
    bb_uvar(b, node_ref(w, fn->closure));
    w_type(w, b, fn->sig ? &fn->sig->t : NULL);
    w_file(w, b, fn->file);
    w_pos(w, b, fn->pos);
    w_pos(w, b, fn->endpos);
    bb_uvar(b, fn->flags);
    bb_uvar(b, fn->pragmas);
    w_vars(w, b, fn->params, fn->nparams);
    w_vars(w, b, fn->results, fn->nresults);
    w_vars(w, b, fn->dcl, fn->ndcl);
    w_vars(w, b, fn->cvars, fn->ncvars);
    bb_uvar(b, fn->loopdepth_base);
    bb_svar(b, fn->tag);
    if (!ir_ser_write_pkg(w, b, fn->genpkg)) w->failed = true;
}

bool ir_ser_write_func(IrSerWriter *w, ByteBuf *out, const IrFunc *fn) {
    strings_reset(w);
    ByteBuf *sb = &w->scratch;
    sb->len = 0;
    map_clear(&w->funcs);
    map_clear(&w->vars);
    map_clear(&w->nodes);
    w->fv.len = w->vv.len = 0;
    w->nnodes = w->nwritten = 0;
    w->failed = false;
    w->lastfile = NULL;
    w->lastpos = 0;
    col_func(w, fn, 0);
    free(w->fdone);
    w->fdone = xcalloc(w->fv.len + 1, 1);
    bb_uvar(sb, w->fv.len);
    bb_uvar(sb, w->vv.len);
    bb_uvar(sb, w->nnodes);
    for (size_t i = 0; i < w->vv.len; i++) w_var(w, sb, w->vv.data[i], false);
    for (size_t i = 0; i < w->fv.len; i++) w_func_header(w, sb, w->fv.data[i]);
    w->fdone[0] = 1;
    w_list(w, sb, &fn->body);
    if (w->nwritten != w->nnodes) w->failed = true;
    strings_flush(w, out);
    return !w->failed;
}

void ir_ser_number_globals(IrSerWriter *w) {
    for (; w->gnumbered < w->globv.len; w->gnumbered++) {
        const IrVar *v = w->globv.data[w->gnumbered];
        if (v->type) w->refs.type(w->refs.data, v->type);
        if (v->obj) w->refs.obj(w->refs.data, v->obj);
    }
}

void ir_ser_write_tables(IrSerWriter *w, ByteBuf *out) {
    /* the globals as a section of their own (count, strings, records),
       length-prefixed so that a reader decodes it only when a tree needs it */
    strings_reset(w);
    w->scratch.len = 0;
    w->lastfile = NULL;
    w->lastpos = 0;
    for (size_t i = 0; i < w->globv.len; i++) w_var(w, &w->scratch, w->globv.data[i], true);
    ByteBuf sec = {0};
    bb_uvar(&sec, w->globv.len);
    strings_flush(w, &sec);
    bb_str(out, (const char *)sec.data, sec.len);
    bb_free(&sec);
}

/* ================================================================= reader */

struct IrSerReader {
    IrPackage *dst;
    DeRefs refs;
    Pkg *self;
    const char **strs;          /* of the section being read */
    uint32_t nstrs;
    IrVar *globals;
    uint32_t nglobals;
    const uint8_t *gsec;        /* the globals' section, decoded with the first tree */
    size_t gseclen;
    bool globals_read;
    /* the tree being read */
    IrFunc *fv;
    uint32_t nf;
    IrVar *vv;
    uint32_t nv;
    IrNode *nodes;
    uint32_t nn, nread;
    uint8_t *state;             /* per node: 1 complete; per function (after nn): body read */
    const SourceFile *lastfile;
    Pos lastpos;
};

/* The reader lives in dst's arena, so that it can stay for later reads (a
   summary decodes its bodies on first use). */
IrSerReader *ir_ser_reader_new(IrPackage *dst, const DeRefs *refs, Pkg *self) {
    IrSerReader *rd = arena_alloc(&dst->arena, sizeof *rd);
    rd->dst = dst;
    rd->refs = *refs;
    rd->self = self;
    return rd;
}


static void fail(ByteReader *r) {
    r->bad = true;
    r->p = r->end;
}

/* A count of items of at least one byte each: no larger than what is left. */
static uint32_t r_count(ByteReader *r) {
    uint64_t n = br_uvar(r);
    if (n > (uint64_t)(r->end - r->p) || n > UINT32_MAX) {
        fail(r);
        return 0;
    }
    return (uint32_t)n;
}

static const char *r_str(IrSerReader *rd, ByteReader *r) {
    uint64_t idx = br_uvar(r);
    if (idx == 0) return NULL;
    if (idx > rd->nstrs) {
        fail(r);
        return NULL;
    }
    return rd->strs[idx - 1];
}

/* A section's strings, interned. */
static void r_strings(IrSerReader *rd, ByteReader *r) {
    uint32_t ns = r_count(r);
    rd->strs = arena_alloc_raw(&rd->dst->arena, (ns + 1) * sizeof *rd->strs);
    for (uint32_t i = 0; i < ns && !r->bad; i++) {
        size_t n;
        const uint8_t *s = br_bytes(r, &n);
        rd->strs[i] = s ? intern(rd->dst->names, (const char *)s, n) : "";
    }
    rd->nstrs = r->bad ? 0 : ns;
}

static Type *r_type(IrSerReader *rd, ByteReader *r) {
    uint64_t k = br_uvar(r);
    if (!k || r->bad) return NULL;
    Type *t = k <= UINT32_MAX ? rd->refs.type(rd->refs.data, (uint32_t)k) : NULL;
    if (!t) fail(r);
    return t;
}

static Object *r_obj(IrSerReader *rd, ByteReader *r) {
    uint64_t k = br_uvar(r);
    if (!k || r->bad) return NULL;
    Object *o = k <= UINT32_MAX ? rd->refs.obj(rd->refs.data, (uint32_t)k) : NULL;
    if (!o) fail(r);
    return o;
}

static const SourceFile *r_file(IrSerReader *rd, ByteReader *r) {
    uint64_t k = br_uvar(r);
    if (k == 0) return rd->lastfile;
    const SourceFile *f = NULL;
    if (k > 1) {
        f = k - 2 <= UINT32_MAX && !r->bad ? rd->refs.file(rd->refs.data, (uint32_t)(k - 2)) : NULL;
        if (!f) fail(r);
    }
    rd->lastfile = f;
    return f;
}

static Pos r_pos(IrSerReader *rd, ByteReader *r) {
    int64_t p = (int64_t)rd->lastpos + br_svar(r);
    if (p < 0 || p > UINT32_MAX) {
        fail(r);
        p = 0;
    }
    rd->lastpos = (Pos)p;
    return (Pos)p;
}

Pkg *ir_ser_read_pkg(IrSerReader *rd, ByteReader *r) {
    uint64_t k = br_uvar(r);
    if (k == 0 || r->bad) return NULL;
    if (k == 1) return rd->self;
    Object *o = k - 2 <= UINT32_MAX ? rd->refs.obj(rd->refs.data, (uint32_t)(k - 2)) : NULL;
    if (!o || !o->pkg) {
        fail(r);
        return NULL;
    }
    return o->pkg;
}

static IrVar *r_varref(IrSerReader *rd, ByteReader *r) {
    uint64_t k = br_uvar(r);
    if (k == 0) return NULL;
    if (k & 1) {
        if ((k - 1) / 2 < rd->nv) return &rd->vv[(k - 1) / 2];
    } else if ((k - 2) / 2 < rd->nglobals) {
        return &rd->globals[(k - 2) / 2];
    }
    fail(r);
    return NULL;
}

static IrNode *r_noderef(IrSerReader *rd, ByteReader *r) {
    uint64_t k = br_uvar(r);
    if (k == 0) return NULL;
    if (k > rd->nn) {
        fail(r);
        return NULL;
    }
    return &rd->nodes[k - 1];
}

static IrFunc *r_funcref(IrSerReader *rd, ByteReader *r) {
    uint64_t k = br_uvar(r);
    if (k == 0) return NULL;
    if (k > rd->nf) {
        fail(r);
        return NULL;
    }
    return &rd->fv[k - 1];
}

static void r_var(IrSerReader *rd, ByteReader *r, IrVar *v, bool global) {
    v->name = r_str(rd, r);
    v->type = r_type(rd, r);
    v->obj = r_obj(rd, r);
    v->curfn = r_funcref(rd, r);
    if (global ? v->curfn != NULL : v->curfn == NULL) fail(r);
    v->outer = r_varref(rd, r);
    if (global && v->outer && v->outer->curfn) fail(r);
    v->defn = global ? (br_uvar(r) ? (fail(r), NULL) : NULL) : r_noderef(rd, r);
    v->file = r_file(rd, r);
    v->pos = r_pos(rd, r);
    v->flags = (uint16_t)br_uvar(r);
    v->cls = br_u8(r);
    v->spare = 0;
    v->index = (int32_t)br_svar(r);
    v->tag = (int32_t)br_svar(r);
}

static IrVar **r_vars(IrSerReader *rd, ByteReader *r, uint32_t *n) {
    *n = r_count(r);
    if (!*n) return NULL;
    IrVar **v = arena_alloc_raw(&rd->dst->arena, list_cap(*n) * sizeof *v);
    for (uint32_t i = 0; i < *n; i++) v[i] = r_varref(rd, r);
    return v;
}

static IrNode *r_node(IrSerReader *rd, ByteReader *r, unsigned depth);

static void r_list(IrSerReader *rd, ByteReader *r, IrList *l, unsigned depth) {
    uint32_t n = r_count(r);
    l->n = 0;
    l->v = NULL;
    if (!n) return;
    l->v = arena_alloc_raw(&rd->dst->arena, list_cap(n) * sizeof *l->v);
    for (uint32_t i = 0; i < n && !r->bad; i++) l->v[i] = r_node(rd, r, depth);
    l->n = r->bad ? 0 : n;
}

static IrNode *r_node(IrSerReader *rd, ByteReader *r, unsigned depth) {
    uint8_t op = br_u8(r);
    if (r->bad) return NULL;
    if (op == TAG_NULL) return NULL;
    if (op == TAG_BACKREF) {
        uint64_t k = br_uvar(r);
        if (k >= rd->nread || !rd->state[k]) {  /* only complete nodes: no cycles */
            fail(r);
            return NULL;
        }
        return &rd->nodes[k];
    }
    if (op >= IR_OP_COUNT || rd->nread >= rd->nn || depth > MAX_DEPTH) {
        fail(r);
        return NULL;
    }
    uint32_t id = rd->nread++;
    IrNode *n = &rd->nodes[id];
    memset(n, 0, sizeof *n);
    n->op = op;
    n->field = -1;
    n->file = rd->lastfile;
    n->pos = rd->lastpos;
    uint64_t m = br_uvar(r);
    if (m & M_FLAGS) n->flags = (uint16_t)br_uvar(r);
    if (m & M_TOK) n->tok = br_u8(r);
    if (m & M_FILE) n->file = r_file(rd, r);
    if (m & M_POS) n->pos = r_pos(rd, r);
    if (m & M_TYPE) n->type = r_type(rd, r);
    if (m & M_U) {
        switch (ukind(n)) {
        case U_OBJ: n->u.obj = r_obj(rd, r); break;
        case U_VAR: n->u.var = r_varref(rd, r); break;
        case U_LABEL: n->u.label = r_str(rd, r); break;
        case U_VAL: n->u.val = r->bad ? NULL : rd->refs.cnst(rd->refs.data, r); break;
        case U_FN: {
            uint64_t k = br_uvar(r);
            if (k >= rd->nf || n->op != IR_CLOSURE) {
                fail(r);
                return NULL;
            }
            IrFunc *fn = &rd->fv[k];
            n->u.fn = fn;
            if (!rd->state[rd->nn + k]) {
                rd->state[rd->nn + k] = 1;
                r_list(rd, r, &fn->body, depth + 1);
            }
            break;
        }
        }
        if (!n->u.obj) fail(r);
    }
    if (m & M_SEL) n->sel = r_obj(rd, r);
    if (m & M_FIELD) n->field = (int32_t)br_svar(r);
    if (m & M_OFFSET) {
        int64_t off = br_svar(r);
        if (off < INT32_MIN || off > INT32_MAX) fail(r);
        else n->offset = (int32_t)off;
    }
    if (m & M_INIT) r_list(rd, r, &n->init, depth + 1);
    if (m & M_X) n->x = r_node(rd, r, depth + 1);
    if (m & M_Y) n->y = r_node(rd, r, depth + 1);
    if (m & M_Z) n->z = r_node(rd, r, depth + 1);
    if (m & M_W) n->w = r_node(rd, r, depth + 1);
    if (m & M_LIST) r_list(rd, r, &n->list, depth + 1);
    if (m & M_RLIST) r_list(rd, r, &n->rlist, depth + 1);
    if (m >> 16) fail(r);
    if (!r->bad) rd->state[id] = 1;
    return n;
}

static void r_func_header(IrSerReader *rd, ByteReader *r, IrFunc *fn) {
    memset(fn, 0, sizeof *fn);
    fn->name = r_str(rd, r);
    fn->linksym = r_str(rd, r);
    fn->obj = r_obj(rd, r);
    fn->outer = r_funcref(rd, r);
    fn->closure = r_noderef(rd, r);
    Type *sig = r_type(rd, r);
    if (sig && sig->kind != TY_SIGNATURE) fail(r);
    fn->sig = sig && sig->kind == TY_SIGNATURE ? (SignatureType *)sig : NULL;
    fn->file = r_file(rd, r);
    fn->pos = r_pos(rd, r);
    fn->endpos = r_pos(rd, r);
    fn->flags = (uint32_t)br_uvar(r);
    fn->pragmas = (uint32_t)br_uvar(r);
    fn->params = r_vars(rd, r, &fn->nparams);
    fn->results = r_vars(rd, r, &fn->nresults);
    fn->dcl = r_vars(rd, r, &fn->ndcl);
    fn->cvars = r_vars(rd, r, &fn->ncvars);
    fn->loopdepth_base = (uint32_t)br_uvar(r);
    fn->tag = (int32_t)br_svar(r);
    fn->genpkg = ir_ser_read_pkg(rd, r);
}

bool ir_ser_read_tables(IrSerReader *rd, ByteReader *r) {
    size_t len;
    const uint8_t *sec = br_bytes(r, &len);
    if (!sec) return false;
    ByteReader g;
    br_init(&g, sec, len);
    uint32_t ng = r_count(&g);
    if (g.bad) return false;
    /* allocated now, so that trees can point at them; filled with the first tree */
    rd->globals = arena_alloc(&rd->dst->arena, (ng ? ng : 1) * sizeof *rd->globals);
    rd->nglobals = ng;
    rd->gsec = g.p;
    rd->gseclen = (size_t)(g.end - g.p);
    rd->globals_read = false;
    return true;
}

static bool read_globals(IrSerReader *rd) {
    ByteReader g;
    br_init(&g, rd->gsec, rd->gseclen);
    rd->globals_read = true;
    rd->nf = rd->nv = rd->nn = 0;
    rd->lastfile = NULL;
    rd->lastpos = 0;
    r_strings(rd, &g);
    for (uint32_t i = 0; i < rd->nglobals && !g.bad; i++) r_var(rd, &g, &rd->globals[i], true);
    if (g.bad || g.p != g.end) {
        rd->nglobals = 0;   /* later trees referring to them fail */
        return false;
    }
    return true;
}

IrFunc *ir_ser_read_func(IrSerReader *rd, ByteReader *r) {
    if (!rd->globals_read && !read_globals(rd)) {
        fail(r);
        return NULL;
    }
    r_strings(rd, r);
    rd->nf = r_count(r);
    rd->nv = r_count(r);
    rd->nn = r_count(r);
    if (r->bad || rd->nf == 0) {
        fail(r);
        return NULL;
    }
    rd->nread = 0;
    rd->lastfile = NULL;
    rd->lastpos = 0;
    Arena *a = &rd->dst->arena;
    rd->fv = arena_alloc(a, rd->nf * sizeof *rd->fv);
    rd->vv = arena_alloc(a, (rd->nv ? rd->nv : 1) * sizeof *rd->vv);
    rd->nodes = arena_alloc_raw(a, (rd->nn ? rd->nn : 1) * sizeof *rd->nodes);
    rd->state = arena_alloc(a, (size_t)rd->nn + rd->nf);
    for (uint32_t i = 0; i < rd->nv && !r->bad; i++) r_var(rd, r, &rd->vv[i], false);
    for (uint32_t i = 0; i < rd->nf && !r->bad; i++) r_func_header(rd, r, &rd->fv[i]);
    rd->state[rd->nn] = 1;
    r_list(rd, r, &rd->fv[0].body, 0);
    /* every node numbered was read (defn and closure references hold), and
       every func literal's body */
    if (rd->nread != rd->nn) fail(r);
    for (uint32_t i = 0; i < rd->nf && !r->bad; i++)
        if (!rd->state[rd->nn + i]) fail(r);
    return r->bad ? NULL : &rd->fv[0];
}
