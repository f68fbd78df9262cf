/* Serialized syntax trees (see syntax.h): a version byte, a string table
   (identifier names, literal texts, directive texts), the files (reference,
   //go:build version), the node count, then each declaration as its file's
   index and its tree in preorder. A node is its kind, a mask of the optional
   header fields, positions as deltas (pos from the previous node's, end and
   op from pos), the kind's own scalars, then its children: the single ones,
   then the lists, in the order syntax_slots() gives them. */
#include "syntax.h"
#include "base/util.h"
#include "base/ptrmap.h"
#include "base/vec.h"
#include <stdlib.h>
#include <string.h>

enum { AST_VERSION = 1, MAX_DEPTH = 20000 };
enum { TAG_NULL = 0xFE, TAG_BACKREF = 0xFF };
enum { H_TOK = 1, H_FLAGS = 2, H_OP = 4, H_PRAGMAS = 8 };


static Pragmas **pragmas_of(Node *n) {
    if (n->kind == N_GenDecl) return &n->u.gendecl.pragmas;
    if (n->kind == N_FuncDecl) return &n->u.funcdecl.pragmas;
    return NULL;
}

/* ================================================================= writer */

typedef struct Str { const char *s; uint32_t len; } Str;

typedef struct W {
    const SyntaxSerFiles *sf;
    PtrMap strs;                /* canonical text -> index + 1 */
    Interner canon;             /* equal texts share an entry: the output is canonical */
    VEC(Str) strv;
    PtrMap seen;                /* node -> number + 1 */
    VEC(const Node *) nodes;
    Pos last;
    bool failed;
} W;

static void w_str(W *w, ByteBuf *b, const char *s, uint32_t len) {
    const char *c = intern(&w->canon, s, len);
    uintptr_t k = (uintptr_t)ptrmap_get(&w->strs, c);
    if (!k) {
        vec_push(&w->strv, ((Str){c, len}));
        k = w->strv.len;
        ptrmap_put(&w->strs, c, (void *)k);
    }
    bb_uvar(b, k - 1);
}

static void w_node(W *w, ByteBuf *b, const Node *n, unsigned depth) {
    if (!n) {
        bb_u8(b, TAG_NULL);
        return;
    }
    uintptr_t k = (uintptr_t)ptrmap_get(&w->seen, n);
    if (k) {
        /* shared subtree: written once */
        bb_u8(b, TAG_BACKREF);
        bb_uvar(b, k - 1);
        return;
    }
    if (depth > MAX_DEPTH || n->kind >= N_COUNT) {
        w->failed = true;
        bb_u8(b, TAG_NULL);
        return;
    }
    vec_push(&w->nodes, n);
    ptrmap_put(&w->seen, n, (void *)(uintptr_t)w->nodes.len);
    Node *mn = (Node *)n;       /* syntax_slots() hands out field addresses; only read here */
    Pragmas **pp = pragmas_of(mn);
    uint8_t h = (uint8_t)((n->tok ? H_TOK : 0) | (n->flags ? H_FLAGS : 0) | (n->op ? H_OP : 0) |
                          (pp && *pp ? H_PRAGMAS : 0));
    bb_u8(b, n->kind);
    bb_u8(b, h);
    if (h & H_TOK) bb_u8(b, n->tok);
    if (h & H_FLAGS) bb_uvar(b, n->flags);
    bb_svar(b, (int64_t)n->pos - (int64_t)w->last);
    w->last = n->pos;
    bb_svar(b, (int64_t)n->end - (int64_t)n->pos);
    if (h & H_OP) bb_svar(b, (int64_t)n->op - (int64_t)n->pos);
    switch (n->kind) {
    case N_Ident: {
        const char *s = n->u.ident.name;
        if (s) w_str(w, b, s, (uint32_t)strlen(s));
        else w->failed = true;
        break;
    }
    case N_BasicLit: w_str(w, b, n->u.lit.value ? n->u.lit.value : "", n->u.lit.len); break;
    case N_CallExpr: bb_uvar(b, n->u.call.ellipsis); break;
    case N_GenDecl:
        bb_uvar(b, n->u.gendecl.lparen);
        bb_uvar(b, n->u.gendecl.rparen);
        break;
    default: break;
    }
    if (h & H_PRAGMAS) {
        const Pragmas *pr = *pp;
        bb_uvar(b, pr->flags);
        bb_uvar(b, pr->n);
        for (uint32_t i = 0; i < pr->n; i++) {
            bb_uvar(b, pr->v[i].pos);
            w_str(w, b, pr->v[i].text ? pr->v[i].text : "", pr->v[i].len);
        }
    }
    SyntaxSlots s;
    syntax_slots(mn, &s);
    for (unsigned i = 0; i < s.n1; i++) w_node(w, b, *s.one[i], depth + 1);
    for (unsigned i = 0; i < s.nl; i++) {
        bb_uvar(b, s.lists[i]->n);
        for (uint32_t j = 0; j < s.lists[i]->n; j++) w_node(w, b, s.lists[i]->v[j], depth + 1);
    }
}

bool syntax_write_decls(ByteBuf *out, const AstFile *const *files, const Node *const *decls, size_t n,
                        const SyntaxSerFiles *sf, const Node ***nodes, size_t *nnodes) {
    W w = {.sf = sf};
    interner_init(&w.canon);
    ByteBuf trees = {0};
    PtrMap fidx = {0};
    VEC(const AstFile *) fv = {0};
    for (size_t i = 0; i < n; i++) {
        uintptr_t k = (uintptr_t)ptrmap_get(&fidx, files[i]);
        if (!k) {
            vec_push(&fv, files[i]);
            k = fv.len;
            ptrmap_put(&fidx, files[i], (void *)k);
        }
        bb_uvar(&trees, k - 1);
        w.last = 0;
        w_node(&w, &trees, decls[i], 0);
    }
    bb_u8(out, AST_VERSION);
    bb_uvar(out, w.strv.len);
    for (size_t i = 0; i < w.strv.len; i++) bb_str(out, w.strv.data[i].s, w.strv.data[i].len);
    bb_uvar(out, fv.len);
    for (size_t i = 0; i < fv.len; i++) {
        bb_uvar(out, sf->ref(sf->data, fv.data[i]->src));
        bb_cstr(out, fv.data[i]->go_version);
    }
    bb_uvar(out, w.nodes.len);
    bb_uvar(out, n);
    bb_put(out, trees.data, trees.len);
    bb_free(&trees);
    ptrmap_free(&fidx);
    vec_free(&fv);
    ptrmap_free(&w.strs);
    vec_free(&w.strv);
    interner_free(&w.canon);
    ptrmap_free(&w.seen);
    *nodes = w.nodes.data;
    *nnodes = w.nodes.len;
    return !w.failed;
}

/* ================================================================= reader */

typedef struct R {
    ByteReader *r;
    Arena *a;
    Str *strs;
    size_t nstrs;
    Node *nodes;
    uint8_t *done;
    size_t nn, nread;
    Pos last;
} R;

static void fail(ByteReader *r) {
    r->bad = true;
    r->p = r->end;
}

static size_t r_count(ByteReader *r) {
    uint64_t n = br_uvar(r);
    if (n > (uint64_t)(r->end - r->p)) {
        fail(r);
        return 0;
    }
    return (size_t)n;
}

static Str r_str(R *rd) {
    uint64_t k = br_uvar(rd->r);
    if (k >= rd->nstrs) {
        fail(rd->r);
        return (Str){"", 0};
    }
    return rd->strs[k];
}

static Pos r_pos(R *rd, int64_t base) {
    int64_t p = base + br_svar(rd->r);
    if (p < 0 || p > UINT32_MAX) {
        fail(rd->r);
        return 0;
    }
    return (Pos)p;
}

static Pos r_abs(R *rd) {
    uint64_t p = br_uvar(rd->r);
    if (p > UINT32_MAX) fail(rd->r);
    return (Pos)p;
}

static Node *r_node(R *rd, unsigned depth) {
    ByteReader *r = rd->r;
    uint8_t kind = br_u8(r);
    if (r->bad || kind == TAG_NULL) return NULL;
    if (kind == TAG_BACKREF) {
        uint64_t k = br_uvar(r);
        if (k >= rd->nread || !rd->done[k]) {   /* complete nodes only: no cycles */
            fail(r);
            return NULL;
        }
        return &rd->nodes[k];
    }
    if (kind >= N_COUNT || depth > MAX_DEPTH || rd->nread >= rd->nn) {
        fail(r);
        return NULL;
    }
    size_t id = rd->nread++;
    Node *n = &rd->nodes[id];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    uint8_t h = br_u8(r);
    if (h & ~(H_TOK | H_FLAGS | H_OP | H_PRAGMAS)) fail(r);
    if (h & H_TOK) n->tok = br_u8(r);
    if (h & H_FLAGS) n->flags = (uint16_t)br_uvar(r);
    n->pos = r_pos(rd, rd->last);
    rd->last = n->pos;
    n->end = r_pos(rd, n->pos);
    if (h & H_OP) n->op = r_pos(rd, n->pos);
    switch (n->kind) {
    case N_Ident: n->u.ident.name = r_str(rd).s; break;
    case N_BasicLit: {
        Str s = r_str(rd);
        n->u.lit.value = s.s;
        n->u.lit.len = s.len;
        break;
    }
    case N_CallExpr: n->u.call.ellipsis = r_abs(rd); break;
    case N_GenDecl:
        n->u.gendecl.lparen = r_abs(rd);
        n->u.gendecl.rparen = r_abs(rd);
        break;
    default: break;
    }
    if (h & H_PRAGMAS) {
        Pragmas **pp = pragmas_of(n);
        if (!pp) {
            fail(r);
            return NULL;
        }
        Pragmas *pr = arena_alloc(rd->a, sizeof *pr);
        pr->flags = (uint32_t)br_uvar(r);
        pr->n = (uint32_t)r_count(r);
        pr->v = pr->n ? arena_alloc(rd->a, pr->n * sizeof *pr->v) : NULL;
        for (uint32_t i = 0; i < pr->n && !r->bad; i++) {
            pr->v[i].pos = r_abs(rd);
            Str s = r_str(rd);
            pr->v[i].text = s.s;
            pr->v[i].len = s.len;
        }
        *pp = pr;
    }
    SyntaxSlots s;
    syntax_slots(n, &s);
    for (unsigned i = 0; i < s.n1 && !r->bad; i++) *s.one[i] = r_node(rd, depth + 1);
    for (unsigned i = 0; i < s.nl && !r->bad; i++) {
        size_t k = r_count(r);
        NodeList *l = s.lists[i];
        l->v = k ? arena_alloc_raw(rd->a, k * sizeof *l->v) : NULL;
        for (size_t j = 0; j < k && !r->bad; j++) l->v[j] = r_node(rd, depth + 1);
        l->n = r->bad ? 0 : (uint32_t)k;
    }
    if (!r->bad) rd->done[id] = 1;
    return n;
}

bool syntax_read_decls(ByteReader *r, Arena *a, Interner *names, const SyntaxSerFiles *sf,
                       SyntaxDecls *out) {
    memset(out, 0, sizeof *out);
    if (br_u8(r) != AST_VERSION) return false;
    R rd = {.r = r, .a = a};
    rd.nstrs = r_count(r);
    rd.strs = xmalloc((rd.nstrs + 1) * sizeof *rd.strs);
    for (size_t i = 0; i < rd.nstrs && !r->bad; i++) {
        size_t len;
        const uint8_t *s = br_bytes(r, &len);
        rd.strs[i] = (Str){s ? intern(names, (const char *)s, len) : "", (uint32_t)len};
    }
    size_t nf = r_count(r);
    AstFile **uniq = r->bad ? NULL : arena_alloc(a, (nf ? nf : 1) * sizeof *uniq);
    for (size_t i = 0; i < nf && !r->bad; i++) {
        uint64_t ref = br_uvar(r);
        const SourceFile *src = ref <= UINT32_MAX && !r->bad ? sf->deref(sf->data, (uint32_t)ref) : NULL;
        size_t len;
        bool isnull;
        const char *gv = br_cstr(r, &len, &isnull);
        if (!src) fail(r);
        if (r->bad) break;
        AstFile *f = arena_alloc(a, sizeof *f);
        f->src = (SourceFile *)src;
        f->go_version = isnull ? NULL : intern(names, gv, len);
        f->root = arena_alloc(a, sizeof *f->root);
        f->root->kind = N_File;
        uniq[i] = f;
    }
    rd.nn = r_count(r);
    size_t nd = r_count(r);
    if (!r->bad) {
        rd.nodes = arena_alloc_raw(a, (rd.nn ? rd.nn : 1) * sizeof *rd.nodes);
        rd.done = xcalloc(rd.nn + 1, 1);
        out->decls = arena_alloc(a, (nd ? nd : 1) * sizeof *out->decls);
        out->files = arena_alloc(a, (nd ? nd : 1) * sizeof *out->files);
    }
    size_t *perfile = xcalloc(nf + 1, sizeof *perfile);
    for (size_t i = 0; i < nd && !r->bad; i++) {
        uint64_t fi = br_index(r, nf);
        rd.last = 0;
        Node *d = r_node(&rd, 0);
        if (!d) fail(r);
        if (r->bad) break;
        out->decls[i] = d;
        out->files[i] = uniq[fi];
        perfile[fi]++;
    }
    if (!r->bad && rd.nread != rd.nn) fail(r);
    if (!r->bad) {
        /* each stand-in file's root lists its declarations, as a parsed one */
        for (size_t i = 0; i < nf; i++) {
            NodeList *l = &uniq[i]->root->u.file.decls;
            l->v = arena_alloc(a, (perfile[i] ? perfile[i] : 1) * sizeof *l->v);
        }
        for (size_t i = 0; i < nd; i++) {
            NodeList *l = &out->files[i]->root->u.file.decls;
            l->v[l->n++] = out->decls[i];
        }
        out->n = nd;
        out->uniq = uniq;
        out->nuniq = nf;
        out->nodes = arena_alloc(a, (rd.nn ? rd.nn : 1) * sizeof *out->nodes);
        for (size_t i = 0; i < rd.nn; i++) out->nodes[i] = &rd.nodes[i];
        out->nnodes = rd.nn;
    }
    free(perfile);
    free(rd.done);
    free(rd.strs);
    if (r->bad) memset(out, 0, sizeof *out);
    return !r->bad;
}
