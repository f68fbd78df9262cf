/* walk's "index bounds check elided" remark: an index into an array (or a
   constant string) whose value range provably fits the length, written as a
   non-constant expression. gc decides it from the index's type and its
   outermost operator (a mask, an unsigned modulus, division or shift by a
   constant), nothing deeper; so do we. */
#include "ir.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

static void note_push(IrNote **v, uint32_t *n, uint32_t *cap, IrNote note) {
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = note;
}

void ir_add_note(IrPackage *p, const SourceFile *file, Pos pos, const char *text,
                 const IrFunc *fn, bool m1) {
    note_push(&p->notes, &p->nnotes, &p->capnotes, (IrNote){file, pos, text, fn, m1, NULL});
}

/* A constant integer operand that fits in an int32 (gc's small int const). */
static bool small_int(const IrNode *n, int64_t *v) {
    if (!n || n->op != IR_LITERAL || !n->u.val || const_kind(n->u.val) != CONST_INT) return false;
    if (!const_int64_val(n->u.val, v)) return false;
    return *v == (int64_t)(int32_t)*v;
}

static bool is_int_const(const IrNode *n) {
    return n && n->op == IR_LITERAL && n->u.val && const_kind(n->u.val) == CONST_INT;
}

/* An integer type's signedness and width in bits; false: not an integer. */
static bool int_bits(Type *t, const Sizes *sz, bool *sign, int *bits) {
    if (!t || !type_has_info(t, BINFO_INTEGER)) return false;
    *sign = !type_has_info(t, BINFO_UNSIGNED);
    int64_t size = type_sizeof(sz, t);
    *bits = (int)(8 * (size > 0 ? size : 8));
    return true;
}

/* Whether every value of an unsigned type of that many bits is below max. */
static bool bits_fit(bool sign, int bits, int64_t max) { return !sign && bits <= 62 && ((int64_t)1 << bits) <= max; }

/* Whether every value n can take is in [0, max). */
static bool index_bounded(const IrNode *n, int64_t max, const Sizes *sz) {
    bool sign;
    int bits;
    if (!int_bits(n->type, sz, &sign, &bits)) return false;
    int64_t v;
    if (small_int(n, &v)) return 0 <= v && v < max;
    if (n->op == IR_BINARY) {
        switch (n->tok) {
        case T_AND:
        case T_AND_NOT: {
            int64_t m = -1;
            if (small_int(n->x, &v)) m = v;
            else if (small_int(n->y, &v)) {
                m = v;
                if (n->tok == T_AND_NOT) {
                    m = ~m;
                    if (!sign && bits < 64) m &= ((int64_t)1 << bits) - 1;
                }
            }
            if (0 <= m && m < max) return true;
            break;
        }
        case T_REM:
            if (!sign && small_int(n->y, &v) && 0 <= v && v <= max) return true;
            break;
        case T_QUO:
            if (!sign && small_int(n->y, &v))
                for (; bits > 0 && v >= 2; v >>= 1) bits--;
            break;
        case T_SHR:
            if (!sign && small_int(n->y, &v)) {
                if (v > bits) return max > 0;
                bits -= (int)v;
            }
            break;
        default: break;
        }
    }
    return bits_fit(sign, bits, max);
}

static void visit(IrNoteList *p, const IrFunc *fn, const IrNode *n, const Sizes *sz);

static void visit_list(IrNoteList *p, const IrFunc *fn, const IrList *l, const Sizes *sz) {
    for (uint32_t i = 0; i < l->n; i++) visit(p, fn, IR_LOAD_AT(l, i), sz);
}

/* gc's safeExpr: what walk leaves in place (names, constants, and
   selections, dereferences, lengths and indexes of such); anything else it
   copies to a temporary first. */
static bool safe_expr(const IrNode *n) {
    if (!n) return true;
    switch (n->op) {
    case IR_NAME: case IR_LITERAL: case IR_NIL: return true;
    case IR_LEN: case IR_CAP: case IR_DOT: case IR_DOTPTR: case IR_DEREF: return safe_expr(IR_LOAD_X(n));
    case IR_INDEX: case IR_INDEXMAP: return safe_expr(IR_LOAD_X(n)) && safe_expr(IR_LOAD_Y(n));
    default: return false;
    }
}

static void note_index(IrNoteList *p, const IrFunc *fn, const IrNode *n, const Sizes *sz, bool temp_index);

/* An operand walk makes safe before walking it (gc's walkExprListSafe: the
   elements append adds): an index that is not safe becomes a temporary,
   whose type is then all the bounds check knows; the rest walks as usual. */
static void visit_safe(IrNoteList *p, const IrFunc *fn, const IrNode *n, const Sizes *sz) {
    if (!n || n->init.n) {
        visit(p, fn, n, sz);
        return;
    }
    switch (n->op) {
    case IR_LEN: case IR_CAP: case IR_DOT: case IR_DOTPTR: case IR_DEREF:
        visit_safe(p, fn, IR_LOAD_X(n), sz);
        return;
    case IR_INDEX: case IR_INDEXMAP: {
        IrNode *y = IR_LOAD_Y(n);
        bool safe = safe_expr(y);
        visit_safe(p, fn, IR_LOAD_X(n), sz);
        if (safe) visit_safe(p, fn, y, sz);
        else visit(p, fn, y, sz);
        if (n->op == IR_INDEX) note_index(p, fn, n, sz, !safe);
        return;
    }
    default:
        visit(p, fn, n, sz);
        return;
    }
}

static void visit(IrNoteList *p, const IrFunc *fn, const IrNode *n, const Sizes *sz) {
    if (!n || n->op == IR_CLOSURE) return;     /* literals are functions of their own */
    IrNode *x = IR_LOAD_X(n), *y = IR_LOAD_Y(n);
    visit_list(p, fn, &n->init, sz);
    if (n->op == IR_APPEND && !(n->flags & IRF_DDD)) {
        for (uint32_t i = 0; i < n->list.n; i++)
            (i ? visit_safe : visit)(p, fn, IR_LOAD_AT(&n->list, i), sz);
        return;
    }
    visit(p, fn, x, sz);
    visit(p, fn, y, sz);
    visit(p, fn, n->z, sz);
    visit(p, fn, n->w, sz);
    visit_list(p, fn, &n->list, sz);
    visit_list(p, fn, &n->rlist, sz);
    if (n->op == IR_INDEX) note_index(p, fn, n, sz, false);
}

/* n, an index: its note if walk elides its check (temp_index: the index
   was copied to a temporary, known by its type only). */
static void note_index(IrNoteList *p, const IrFunc *fn, const IrNode *n, const Sizes *sz, bool temp_index) {
    IrNode *x = IR_LOAD_X(n), *y = IR_LOAD_Y(n);
    if (!x || !y || !x->type || (n->flags & IRF_BOUNDED)) return;
    Type *t = type_under(x->type);
    int64_t len = -1;
    if (t->kind == TY_POINTER) t = type_under(AS_POINTER(t)->elem);
    if (t->kind == TY_ARRAY) len = AS_ARRAY(t)->len;
    else if (x->op == IR_LITERAL && x->u.val && const_kind(x->u.val) == CONST_STRING) {
        size_t sl = 0;
        const_string_val(x->u.val, &sl);
        len = (int64_t)sl;
    }
    if (len < 0 || is_int_const(y)) return;
    bool sign;
    int bits;
    /* a temporary of y's type: its type is all there is to go by */
    if (temp_index ? !int_bits(y->type, sz, &sign, &bits) || !bits_fit(sign, bits, len) : !index_bounded(y, len, sz))
        return;
    note_push(&p->v, &p->n, &p->cap, (IrNote){n->file, n->pos, "index bounds check elided", fn, true, n});
}

void ir_bounds_notes_func(IrNoteList *out, const IrFunc *fn, const Sizes *sz) {
    if (!(fn->flags & IRFN_HAS_BODY) || (fn->flags & IRFN_GENERIC)) return;
    visit_list(out, fn, &fn->body, sz);
}

/* Walks in p->funcs order, straight into p->notes: nothing to reorder. */
void ir_bounds_notes(IrPackage *p, const Sizes *sz) {
    IrNoteList l = {p->notes, p->nnotes, p->capnotes};
    for (uint32_t i = 0; i < p->nfuncs; i++) ir_bounds_notes_func(&l, p->funcs[i], sz);
    p->notes = l.v;
    p->nnotes = l.n;
    p->capnotes = l.cap;
}

/* Appends, then a stable counting sort of notes[from..] on their
   functions' indexes. */
void ir_bounds_append(IrPackage *p, IrNoteList *lists, uint32_t nlists, uint32_t from) {
    for (uint32_t k = 0; k < nlists; k++) {
        for (uint32_t i = 0; i < lists[k].n; i++) note_push(&p->notes, &p->nnotes, &p->capnotes, lists[k].v[i]);
        free(lists[k].v);
        lists[k] = (IrNoteList){0};
    }
    if (p->nnotes <= from + 1) return;
    PtrMap index = {0};
    ptrmap_reserve(&index, p->nfuncs);
    for (uint32_t i = 0; i < p->nfuncs; i++) ptrmap_put(&index, p->funcs[i], (void *)(uintptr_t)(i + 1));
    uint32_t n = p->nnotes - from;
    uint32_t *key = xmalloc(n * sizeof *key);
    uint32_t *start = xcalloc((size_t)p->nfuncs + 2, sizeof *start);
    for (uint32_t i = 0; i < n; i++) {
        key[i] = (uint32_t)(uintptr_t)ptrmap_get(&index, p->notes[from + i].fn);   /* 0: none */
        start[key[i] + 1]++;
    }
    for (uint32_t k = 1; k <= p->nfuncs + 1; k++) start[k] += start[k - 1];
    IrNote *sorted = xmalloc(n * sizeof *sorted);
    for (uint32_t i = 0; i < n; i++) sorted[start[key[i]]++] = p->notes[from + i];
    memcpy(p->notes + from, sorted, n * sizeof *sorted);
    free(sorted);
    free(start);
    free(key);
    ptrmap_free(&index);
}

static void collect_index(PtrMap *set, const IrNode *n) {
    if (!n || n->op == IR_CLOSURE) return;
    if (n->op == IR_INDEX) ptrmap_put(set, n, (void *)n);
    for (uint32_t i = 0; i < n->init.n; i++) collect_index(set, n->init.v[i]);
    collect_index(set, n->x);
    collect_index(set, n->y);
    collect_index(set, n->z);
    collect_index(set, n->w);
    for (uint32_t i = 0; i < n->list.n; i++) collect_index(set, n->list.v[i]);
    for (uint32_t i = 0; i < n->rlist.n; i++) collect_index(set, n->rlist.v[i]);
}

void ir_bounds_forget(IrPackage *p, IrNode *const *roots, uint32_t nroots) {
    if (!nroots) return;
    PtrMap set = {0};
    for (uint32_t i = 0; i < nroots; i++) collect_index(&set, roots[i]);
    uint32_t k = 0;
    for (uint32_t i = 0; i < p->nnotes; i++)
        if (!p->notes[i].node || !ptrmap_get(&set, p->notes[i].node)) p->notes[k++] = p->notes[i];
    p->nnotes = k;
    ptrmap_free(&set);
}
