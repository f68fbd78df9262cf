/* The side table of checking results: each expression's type, mode and
   constant value, and the objects identifiers declare and use. Untyped
   expressions are recorded at once and retyped when their context decides
   their type (go/types delays recording instead; the result is the same). */
#include "check.h"
#include "base/file.h"
#include "base/util.h"
#include <string.h>

typedef struct InfoEntry {
    const Node *node;
    const SourceFile *file;
    uint8_t what;               /* 0 expression, 1 def, 2 use */
} InfoEntry;

/* A node's records. The node keeps its index (Node.info_id), so a lookup
   is two loads rather than a probe of a table of hundreds of thousands of
   keys (which missed the cache on most records and lookups: a quarter of
   type-checking and of lowering). The record names its node back, which
   tells an index left by another TypeInfo from one of this one. */
typedef struct InfoRec {
    const Node *node;
    ExprInfo expr;              /* when hasexpr */
    Object *def;                /* NULL: none; TYPES_DEF_NONE: defines no object */
    Object *use;                /* NULL: none */
    bool hasexpr;
} InfoRec;

/* Records live in chunks that never move: ExprInfo pointers stay valid. */
enum { CHUNK_BITS = 11, CHUNK = 1 << CHUNK_BITS };

void types_info_init(TypeInfo *ti) {
    memset(ti, 0, sizeof *ti);
    arena_init(&ti->arena);
}

void types_info_free(TypeInfo *ti) {
    for (uint32_t i = 0; i < ti->nchunks; i++) free(ti->chunks[i]);
    free(ti->chunks);
    ptrmap_free(&ti->instances);
    free(ti->order);
    arena_free(&ti->arena);
    memset(ti, 0, sizeof *ti);
}

static InfoRec *rec_find(const TypeInfo *ti, const Node *n) {
    uint32_t id = n->info_id;
    if (id == 0 || id > ti->nrecs) return NULL;
    id--;
    InfoRec *r = &ti->chunks[id >> CHUNK_BITS][id & (CHUNK - 1)];
    return r->node == n ? r : NULL;
}

/* n's record, made empty if it has none. */
static InfoRec *rec_get(TypeInfo *ti, Node *n) {
    InfoRec *r = rec_find(ti, n);
    if (r) return r;
    uint32_t id = ti->nrecs++;
    if ((id >> CHUNK_BITS) == ti->nchunks) {
        if (ti->nchunks == ti->capchunks) {
            ti->capchunks = ti->capchunks ? 2 * ti->capchunks : 16;
            ti->chunks = xrealloc(ti->chunks, ti->capchunks * sizeof *ti->chunks);
        }
        ti->chunks[ti->nchunks++] = xmalloc(CHUNK * sizeof(InfoRec));
    }
    r = &ti->chunks[id >> CHUNK_BITS][id & (CHUNK - 1)];
    *r = (InfoRec){.node = n};
    n->info_id = id + 1;
    return r;
}

static ExprInfo *expr_info(const TypeInfo *ti, const Node *e) {
    InfoRec *r = rec_find(ti, e);
    return r && r->hasexpr ? &r->expr : NULL;
}

const ExprInfo *types_expr_info(const TypeInfo *ti, const Node *e) { return expr_info(ti, e); }

const char types_def_none;

Object *types_ident_def(const TypeInfo *ti, const Node *id) {
    const InfoRec *r = rec_find(ti, id);
    return !r || r->def == TYPES_DEF_NONE ? NULL : r->def;
}

Object *types_ident_use(const TypeInfo *ti, const Node *id) {
    const InfoRec *r = rec_find(ti, id);
    return r ? r->use : NULL;
}

void info_get(const TypeInfo *ti, const Node *n, const ExprInfo **e, void **def, Object **use) {
    const InfoRec *r = rec_find(ti, n);
    *e = r && r->hasexpr ? &r->expr : NULL;
    *def = r ? (void *)r->def : NULL;
    *use = r ? r->use : NULL;
}

void info_set(TypeInfo *ti, Node *n, const ExprInfo *e, void *def, Object *use) {
    InfoRec *r = rec_get(ti, n);
    if (e) {
        r->expr = *e;
        r->hasexpr = true;
    }
    if (def) r->def = def;
    if (use) r->use = use;
}

void types_info_prune(TypeInfo *ti, bool (*keep)(const Node *n, void *data), void *data) {
    TypeInfo ni;
    types_info_init(&ni);
    for (uint32_t i = 0; i < ti->nrecs; i++) {
        const InfoRec *r = &ti->chunks[i >> CHUNK_BITS][i & (CHUNK - 1)];
        if (!keep(r->node, data)) continue;
        /* the checker's own nodes: not const, only looked up through const */
        InfoRec *c = rec_get(&ni, (Node *)r->node);
        *c = *r;
    }
    for (size_t i = 0; i < ti->instances.cap; i++) {
        const void *k = ti->instances.keys[i];
        if (!k) continue;
        const TypeList *l = ti->instances.vals[i];
        TypeList *c = arena_alloc(&ni.arena, sizeof *c);
        c->n = l->n;
        c->v = arena_alloc(&ni.arena, (l->n ? l->n : 1) * sizeof *c->v);
        memcpy(c->v, l->v, l->n * sizeof *c->v);
        ptrmap_put(&ni.instances, k, c);
    }
    types_info_free(ti);
    *ti = ni;
}

static void add_entry(Checker *c, const Node *n, uint8_t what) {
    TypeInfo *ti = c->info;
    if (!ti->keep_order) return;
    if (ti->norder == ti->caporder) {
        ti->caporder = ti->caporder ? 2 * ti->caporder : 256;
        ti->order = xrealloc(ti->order, ti->caporder * sizeof *ti->order);
    }
    ti->order[ti->norder++] = (InfoEntry){n, check_file(c), what};
}

void check_record_mode(Checker *c, Node *e, ExprMode m, Type *t, const Const *v) {
    if (!c->info || !e) return;
    InfoRec *r = rec_get(c->info, e);
    if (!r->hasexpr) {
        r->hasexpr = true;
        add_entry(c, e, 0);
    }
    r->expr = (ExprInfo){t, v, (uint8_t)m};
}

void check_unrecord(Checker *c, Node *e) {
    for (; c->info && e; e = e->kind == N_ParenExpr ? e->u.paren.x : NULL) {
        InfoRec *r = rec_find(c->info, e);
        if (r) r->hasexpr = false;
    }
}

void check_record(Checker *c, Node *e, const Operand *x) {
    if (!c->info) return;
    switch (x->mode) {
    case OM_NOVALUE: check_record_mode(c, e, EM_VOID, NULL, NULL); return;
    case OM_CONST:
        if (x->type && x->val) check_record_mode(c, e, EM_CONST, x->type, x->val);
        return;
    case OM_TYPE:
        if (x->type) check_record_mode(c, e, EM_TYPE, x->type, NULL);
        return;
    case OM_BUILTIN: check_record_mode(c, e, EM_BUILTIN, c->invalid, NULL); return;
    case OM_VALUE: {
        if (x->tuple) {
            check_record_mode(c, e, EM_VALUE, &x->tuple->t, NULL);
            return;
        }
        if (!x->type) return;
        ExprMode m = EM_VALUE;
        if (type_basic_kind(x->type) == BK_UNTYPED_NIL) m = EM_NIL;
        else if (x->addressable) m = EM_VAR;
        else if (x->mapindex) m = EM_MAPINDEX;
        else if (x->commaok) m = EM_COMMAOK;
        check_record_mode(c, e, m, x->type, NULL);
        return;
    }
    default: return;    /* invalid or not yet known: nothing is claimed */
    }
}

void check_record_implicit(Checker *c, Node *x, Type *iface) {
    if (!c->info || !x) return;
    Node *w = arena_alloc(&c->info->arena, sizeof *w);
    memset(w, 0, sizeof *w);
    w->kind = N_InterfaceType;
    w->pos = NOPOS;
    w->end = x->end;
    check_record_mode(c, w, EM_TYPE, iface, NULL);
}

void check_record_def(Checker *c, Node *id, Object *o) {
    if (!c->info || !id) return;
    InfoRec *r = rec_get(c->info, id);
    if (!r->def) add_entry(c, id, 1);
    r->def = o ? o : TYPES_DEF_NONE;
}

void check_record_use(Checker *c, Node *id, Object *o) {
    if (!c->info || !id || !o) return;
    InfoRec *r = rec_get(c->info, id);
    if (!r->use) add_entry(c, id, 2);
    r->use = o;
}

static bool is_comparison(Token op) {
    return op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR || op == T_GEQ;
}

void check_update_untyped(Checker *c, Node *e, Type *t) {
    if (!c->info || !e || !t) return;
    ExprInfo *r = expr_info(c->info, e);
    if (!r || !r->type || type_is_typed(r->type)) return;
    /* The operands of a constant never materialize: they keep their
       untyped types (go/types updateExprType). */
    bool folded = r->mode == EM_CONST;
    switch (e->kind) {
    case N_ParenExpr: check_update_untyped(c, e->u.paren.x, t); break;
    case N_UnaryExpr:
        if (!folded) check_update_untyped(c, e->u.unary.x, t);
        break;
    case N_BinaryExpr:
        if (folded || is_comparison((Token)e->tok)) break;    /* comparison: operands typed on their own */
        check_update_untyped(c, e->u.binary.x, t);
        if (e->tok != T_SHL && e->tok != T_SHR) check_update_untyped(c, e->u.binary.y, t);
        break;
    default: break;
    }
    r->type = t;
}

void check_update_val(Checker *c, Node *e, const Const *v) {
    if (!c->info || !e || !v) return;
    ExprInfo *r = expr_info(c->info, e);
    if (r && r->mode == EM_CONST) r->val = v;
}

void check_record_commaok(Checker *c, Node *e, Type *t0, Type *t1) {
    if (!c->info || !t0 || !t1) return;
    const char *none = intern_cstr(c->ctx->names, "");
    Object *v[2] = {obj_new_var(c->pkg, VAR_LOCAL, NULL, NOPOS, none, t0),
                    obj_new_var(c->pkg, VAR_LOCAL, NULL, NOPOS, none, t1)};
    TupleType *tt = type_new_tuple(c->pkg, v, 2);
    for (; e; e = e->kind == N_ParenExpr ? e->u.paren.x : NULL) {
        ExprInfo *r = expr_info(c->info, e);
        if (r) r->type = &tt->t;
    }
}

/* ---- the -dump-exprs form ---- */

typedef struct Line {
    const char *file;
    uint32_t pos, end;
    char *text;
} Line;

static int by_line(const void *a, const void *b) {
    const Line *x = a, *y = b;
    int d = strcmp(x->file, y->file);
    if (d) return d;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return strcmp(x->text, y->text);
}


static const char *const mode_names[] = {"void", "type", "builtin", "const", "nil", "var",
                                         "mapindex", "commaok", "value"};

static const char *const kind_names[] = {[OBJ_BAD] = "?", [OBJ_CONST] = "const", [OBJ_TYPENAME] = "type",
                                         [OBJ_VAR] = "var", [OBJ_FUNC] = "func", [OBJ_PKGNAME] = "pkgname",
                                         [OBJ_LABEL] = "label", [OBJ_BUILTIN] = "builtin", [OBJ_NIL] = "nil"};

static void put_where(StrBuf *b, Pkg *pkg, const Object *o) {
    if (!o->pkg || o->pkg == pkg->ctx->universe_pkg) sb_puts(b, "universe");
    else if (o->pkg != pkg) sb_puts(b, o->pkg->path);
    else if (o->file) {
        Position p = source_raw_pos(o->file, o->pos);
        sb_printf(b, "%s:%u:%u", path_base(o->file->path), p.line, p.col);
    } else sb_puts(b, "?");
}

void types_dump_exprs(FILE *out, Pkg *pkg, const TypeInfo *ti) {
    fprintf(out, "package %s %s\n", pkg->path, pkg->name ? pkg->name : "");
    Line *lines = xmalloc((ti->norder + 1) * sizeof *lines);
    size_t n = 0;
    StrBuf b = {0};
    PtrMap seen = {0};
    for (size_t i = 0; i < ti->norder; i++) {
        const InfoEntry *en = &ti->order[i];
        if (!en->file) continue;
        const Node *nd = en->node;
        Position p = source_raw_pos(en->file, nd->pos), q = source_raw_pos(en->file, nd->end);
        sb_reset(&b);
        sb_printf(&b, "%u:%u-%u:%u ", p.line, p.col, q.line, q.col);
        if (en->what == 0) {
            const ExprInfo *r = types_expr_info(ti, nd);
            /* unrecorded, or recorded again after that (a second entry) */
            if (!r || ptrmap_get(&seen, nd)) continue;
            ptrmap_put(&seen, nd, (void *)nd);
            sb_printf(&b, "expr %s ", mode_names[r->mode]);
            if (r->type) type_write(&b, r->type, NULL);
            else sb_puts(&b, "()");
            if (r->mode == EM_CONST && r->val) {
                sb_puts(&b, " = ");
                const_format_exact(&b, r->val);
            }
        } else {
            const InfoRec *rec = rec_find(ti, nd);
            const Object *o = !rec ? NULL : en->what == 1 ? rec->def : rec->use;
            sb_printf(&b, "%s %s ", en->what == 1 ? "def" : "use", nd->u.ident.name);
            if (!o || o == TYPES_DEF_NONE) sb_puts(&b, "-");
            else {
                sb_printf(&b, "%s ", kind_names[o->kind]);
                put_where(&b, pkg, o);
            }
        }
        /* go/token prints a missing position's file as "" (Base: ".") */
        const char *fname = nd->pos == NOPOS ? "." : path_base(en->file->path);
        lines[n++] = (Line){fname, nd->pos, nd->end, xstrdup(sb_cstr(&b))};
    }
    sb_free(&b);
    ptrmap_free(&seen);
    qsort(lines, n, sizeof *lines, by_line);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%s:%s\n", lines[i].file, lines[i].text);
        free(lines[i].text);
    }
    free(lines);
}
