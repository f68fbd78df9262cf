/* walk's "index bounds check elided" remark: an index into an array (or a
   constant string) whose value range provably fits the length, written as a
   non-constant expression. gc decides it from the index's type and its
   outermost operator (a mask, an unsigned modulus, division or shift by a
   constant), nothing deeper; so do we. */
#include "ir.h"
#include "base/util.h"
#include <stdlib.h>

void ir_add_note(IrPackage *p, const SourceFile *file, Pos pos, const char *text,
                 const IrFunc *fn, bool m1) {
    if (p->nnotes == p->capnotes) {
        p->capnotes = p->capnotes ? 2 * p->capnotes : 16;
        p->notes = xrealloc(p->notes, p->capnotes * sizeof *p->notes);
    }
    p->notes[p->nnotes++] = (IrNote){file, pos, text, fn, m1};
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

/* Whether every value n can take is in [0, max). */
static bool index_bounded(const IrNode *n, int64_t max, const Sizes *sz) {
    if (!n->type || !type_has_info(n->type, BINFO_INTEGER)) return false;
    bool sign = !type_has_info(n->type, BINFO_UNSIGNED);
    int64_t size = type_sizeof(sz, n->type);
    int bits = (int)(8 * (size > 0 ? size : 8));
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
    return !sign && bits <= 62 && ((int64_t)1 << bits) <= max;
}

static void visit(IrPackage *p, const IrFunc *fn, const IrNode *n, const Sizes *sz);

static void visit_list(IrPackage *p, const IrFunc *fn, const IrList *l, const Sizes *sz) {
    for (uint32_t i = 0; i < l->n; i++) visit(p, fn, l->v[i], sz);
}

static void visit(IrPackage *p, const IrFunc *fn, const IrNode *n, const Sizes *sz) {
    if (!n || n->op == IR_CLOSURE) return;     /* literals are functions of their own */
    visit_list(p, fn, &n->init, sz);
    visit(p, fn, n->x, sz);
    visit(p, fn, n->y, sz);
    visit(p, fn, n->z, sz);
    visit(p, fn, n->w, sz);
    visit_list(p, fn, &n->list, sz);
    visit_list(p, fn, &n->rlist, sz);
    if (n->op != IR_INDEX || !n->x || !n->y || !n->x->type || (n->flags & IRF_BOUNDED)) return;
    Type *t = type_under(n->x->type);
    int64_t len = -1;
    if (t->kind == TY_POINTER) t = type_under(AS_POINTER(t)->elem);
    if (t->kind == TY_ARRAY) len = AS_ARRAY(t)->len;
    else if (n->x->op == IR_LITERAL && n->x->u.val && const_kind(n->x->u.val) == CONST_STRING) {
        size_t sl = 0;
        const_string_val(n->x->u.val, &sl);
        len = (int64_t)sl;
    }
    if (len < 0 || is_int_const(n->y) || !index_bounded(n->y, len, sz)) return;
    ir_add_note(p, n->file, n->pos, "index bounds check elided", fn, true);
}

void ir_bounds_notes(IrPackage *p, const Sizes *sz) {
    for (uint32_t i = 0; i < p->nfuncs; i++) {
        const IrFunc *fn = p->funcs[i];
        if (!(fn->flags & IRFN_HAS_BODY) || (fn->flags & IRFN_GENERIC)) continue;
        visit_list(p, fn, &fn->body, sz);
    }
}
