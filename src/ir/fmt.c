/* Printing IR nodes, types and statements the way gc's %v does
   (cmd/compile/internal/ir/fmt.go and types/fmt.go): the text escape
   messages and -m=2 notes are made of.

   Rules followed here:
   - implicit &, * and conversions print as their operand;
   - operands are parenthesised by gc's operator precedence table (primary
     expressions 8, unary 7, * / 6, + - 5, comparisons 4, send 3, && 2, || 1;
     ops gc leaves out of the table, like string concatenation or &T{},
     have precedence 0 and so get parentheses inside any operator);
   - constants print go/constant's short form, wrapped as T(v) unless T is
     the value's default or untyped type; rune-typed constants print quoted;
   - types print in gc's spelling: `interface {}`, `struct { x int }`,
     imported names qualified by package name, unexported interface methods
     by package path, instance names with link-string type arguments. */
#include "ir/ir.h"
#include "types/printable.h"
#include "base/util.h"
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>

typedef struct Fmt {
    StrBuf *b;
    const Pkg *local;
} Fmt;

/* types/fmt.go's modes: the user-facing one and the link-string one (used
   for type arguments inside instance names and unexported method names). */
enum { MODE_GO, MODE_TYPEID };

static void put(Fmt *f, const char *s) { sb_puts(f->b, s); }

/* ------------------------------------------------------------------ packages */

/* objabi.PathToPrefix: the escaped package path used in link strings. */
static void put_prefix(Fmt *f, const Pkg *p) {
    const char *path = p->path ? p->path : "";
    if (strcmp(path, "go.shape") == 0) {    /* shape types: go.shape.int */
        put(f, path);
        return;
    }
    const char *slash = strrchr(path, '/');
    for (const char *s = path; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= ' ' || c == '%' || c == '"' || c >= 0x7f || (c == '.' && (!slash || s > slash)))
            sb_printf(f->b, "%%%02x", c);
        else
            sb_putc(f->b, (char)c);
    }
}

/* pkgqual + '.': nothing for the local package and the universe. */
static void put_qual(Fmt *f, const Pkg *p, int mode) {
    if (!p) return;
    if (mode == MODE_TYPEID) {
        put_prefix(f, p);
        sb_putc(f->b, '.');
        return;
    }
    if (p == f->local || !p->name || !p->name[0]) return;
    put(f, p->name);
    sb_putc(f->b, '.');
}

/* --------------------------------------------------------------------- types */

static void fmt_type(Fmt *f, Type *t, char verb, int mode);

static void fmt_params(Fmt *f, const TupleType *tup, bool variadic, int mode) {
    sb_putc(f->b, '(');
    uint32_t n = tuple_len(tup);
    for (uint32_t i = 0; i < n; i++) {
        if (i) put(f, ", ");
        Object *o = tuple_at(tup, i);
        Type *pt = o->type;
        if (variadic && i + 1 == n && pt && type_under(pt)->kind == TY_SLICE) {
            put(f, "...");
            fmt_type(f, AS_SLICE(type_under(pt))->elem, 0, mode);
        } else {
            fmt_type(f, pt, 0, mode);
        }
    }
    sb_putc(f->b, ')');
}

static void fmt_signature(Fmt *f, SignatureType *sig, char verb, int mode) {
    if (verb != 'S') {
        if (sig->recv) {
            put(f, "method(");
            fmt_type(f, sig->recv->type, 0, mode);
            put(f, ") ");
        }
        put(f, "func");
    }
    fmt_params(f, sig->params, sig->variadic, mode);
    uint32_t nr = tuple_len(sig->results);
    if (nr == 1) {
        sb_putc(f->b, ' ');
        fmt_type(f, tuple_at(sig->results, 0)->type, 0, mode);
    } else if (nr > 1) {
        sb_putc(f->b, ' ');
        fmt_params(f, sig->results, false, mode);
    }
}

/* Whether an embedded field's name differs from its type's symbol (gc's
   fldconv in fmtTypeID mode): an instance's symbol carries its type
   arguments; an unexported name matches only in the same package. */
static bool embedded_renamed(const Object *fld) {
    Type *t = fld->type ? type_unalias(fld->type) : NULL;
    if (t && t->kind == TY_POINTER) t = AS_POINTER(t)->elem ? type_unalias(AS_POINTER(t)->elem) : NULL;
    if (!t || t->kind != TY_NAMED) return true;
    NamedType *nt = AS_NAMED(t);
    if (nt->targs.n || !nt->obj || !nt->obj->name || strcmp(nt->obj->name, fld->name) != 0) return true;
    return !name_exported(fld->name) && nt->obj->pkg != fld->pkg;
}

static void fmt_struct(Fmt *f, StructType *st, int mode) {
    put(f, "struct {");
    for (uint32_t i = 0; i < st->fields.n; i++) {
        Object *fld = st->fields.v[i];
        if (i) sb_putc(f->b, ';');
        sb_putc(f->b, ' ');
        if (!(fld->flags & OF_EMBEDDED) && fld->name && fld->name[0]) {
            /* Unexported names (and _) are qualified when not local. */
            if (!name_exported(fld->name)) put_qual(f, fld->pkg, mode);
            put(f, fld->name);
            sb_putc(f->b, ' ');
        } else if ((fld->flags & OF_EMBEDDED) && mode == MODE_TYPEID && fld->name && fld->name[0] &&
                   embedded_renamed(fld)) {
            /* link strings spell an embedded field whose name is not the
               type's symbol "Name = T" (an instance's symbol is T[args]) */
            if (!name_exported(fld->name)) put_qual(f, fld->pkg, mode);
            put(f, fld->name);
            put(f, " = ");
        }
        fmt_type(f, fld->type, 0, mode);
        if (st->tags && st->tags[i] && st->tags[i][0]) {
            sb_putc(f->b, ' ');
            quote_go_string(f->b, st->tags[i], strlen(st->tags[i]));
        }
    }
    if (st->fields.n) sb_putc(f->b, ' ');
    sb_putc(f->b, '}');
}

typedef struct MethodSet { Object **v; uint32_t n, cap; } MethodSet;

/* Explicit methods of it and, recursively, of the interfaces it embeds;
   a name already present is not added twice. */
static void gather_methods(MethodSet *set, InterfaceType *it, int depth) {
    if (depth > 100) return;
    for (uint32_t i = 0; i < it->methods.n; i++) {
        Object *m = it->methods.v[i];
        bool dup = false;
        for (uint32_t j = 0; j < set->n && !dup; j++)
            dup = strcmp(set->v[j]->name, m->name) == 0 &&
                  (name_exported(m->name) || set->v[j]->pkg == m->pkg);
        if (dup) continue;
        if (set->n == set->cap) {
            set->cap = set->cap ? 2 * set->cap : 8;
            set->v = xrealloc(set->v, set->cap * sizeof *set->v);
        }
        set->v[set->n++] = m;
    }
    for (uint32_t i = 0; i < it->embeddeds.n; i++) {
        Type *e = it->embeddeds.v[i] ? type_under(it->embeddeds.v[i]) : NULL;
        if (e && e->kind == TY_INTERFACE) {
            InterfaceType *ei = AS_INTERFACE(e);
            if (ei->tset) {
                InterfaceType tmp = {.methods = ei->tset->methods};
                gather_methods(set, &tmp, depth + 1);
            } else {
                gather_methods(set, ei, depth + 1);
            }
        }
    }
}

static void fmt_interface(Fmt *f, InterfaceType *it, int mode) {
    /* All methods, embedded interfaces' included, sorted as gc does
       (exported first, then by name): the type set's when computed, else
       gathered here. */
    Object **v = NULL, **sorted = NULL;
    uint32_t nm = 0;
    if (it->tset) {
        v = it->tset->methods.v;
        nm = it->tset->methods.n;
    } else {
        MethodSet set = {0};
        gather_methods(&set, it, 0);
        for (uint32_t i = 0; i < set.n; i++) {
            uint32_t j = i;
            Object *m = set.v[i];
            while (j > 0 && obj_compare(set.v[j - 1], m) > 0) {
                set.v[j] = set.v[j - 1];
                j--;
            }
            set.v[j] = m;
        }
        v = sorted = set.v;
        nm = set.n;
    }
    if (nm == 0) {
        put(f, "interface {}");
        free(sorted);
        return;
    }
    put(f, "interface {");
    for (uint32_t i = 0; i < nm; i++) {
        Object *m = v[i];
        if (i) sb_putc(f->b, ';');
        sb_putc(f->b, ' ');
        if (!name_exported(m->name)) put_qual(f, m->pkg, MODE_TYPEID);
        put(f, m->name);
        if (m->type && m->type->kind == TY_SIGNATURE) fmt_signature(f, AS_SIGNATURE(m->type), 'S', mode);
        else put(f, "()");
    }
    put(f, " }");
    free(sorted);
}

/* types.SplitVargenSuffix: the length of name without a final ·digits. */
static size_t vargen_base_len(const char *name, size_t n) {
    size_t i = n;
    while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9') i--;
    if (i >= 2 && (unsigned char)name[i - 2] == 0xc2 && (unsigned char)name[i - 1] == 0xb7) return i - 2;
    return n;
}

/* A named type's name: package qualifier, then the name with the type
   arguments of an instance in link-string form. */
static void fmt_named(Fmt *f, NamedType *nt, int mode) {
    Object *o = nt->obj;
    if (!o) {
        put(f, "<T>");
        return;
    }
    if (!o->pkg && strcmp(o->name, "error") == 0) {
        put(f, "error");
        return;
    }
    put_qual(f, o->pkg, mode);
    /* gc's link names tell a function's defined types apart by number, a ·N
       that other modes cut off the end of a name (a shape's too: its name
       is its underlying type's link name) */
    size_t n = strlen(o->name);
    if (mode != MODE_TYPEID) n = vargen_base_len(o->name, n);
    sb_put(f->b, o->name, n);
    if (mode == MODE_TYPEID && (o->flags & OF_LOCAL_TYPE)) sb_printf(f->b, "\xc2\xb7%u", o->order);
    if (nt->targs.n) {
        /* gc shapes the type arguments of an instance that mentions shapes
           (noder.Shapify), but for those it keeps */
        bool shaped = false;
        for (uint32_t i = 0; i < nt->targs.n && !shaped; i++) shaped = ir_type_has_shape(nt->targs.v[i]);
        NamedType *orig = nt->orig ? nt->orig : nt;
        sb_putc(f->b, '[');
        for (uint32_t i = 0; i < nt->targs.n; i++) {
            if (i) sb_putc(f->b, ',');
            if (shaped && !ir_shape_targ_kept(&nt->t, nt->targs.v[i]))
                ir_fmt_shape_name(f->b, nt->targs.v[i],
                                  orig->tparams.n == nt->targs.n ? ir_tparam_basic(orig->tparams.v[i]) : true);
            else
                fmt_type(f, nt->targs.v[i], 0, MODE_TYPEID);
        }
        sb_putc(f->b, ']');
    }
}

static void fmt_basic(Fmt *f, BasicType *bt, int mode) {
    if (bt->t.flags & TF_BYTE_RUNE) {
        if (mode == MODE_TYPEID) put(f, bt->bkind == BK_BYTE ? "uint8" : "int32");
        else put(f, bt->bkind == BK_BYTE ? "byte" : "rune");
        return;
    }
    switch (bt->bkind) {
    case BK_UNSAFE_POINTER: put(f, "unsafe.Pointer"); return;
    case BK_UNTYPED_NIL: put(f, "nil"); return;
    case BK_INVALID: put(f, "<T>"); return;
    default: put(f, bt->name ? bt->name : "<T>"); return;
    }
}

static void fmt_type(Fmt *f, Type *t, char verb, int mode) {
    if (!t) {
        put(f, "<T>");
        return;
    }
    switch ((TypeKind)t->kind) {
    case TY_ALIAS: {
        AliasType *a = AS_ALIAS(t);
        /* gc keeps only the predeclared any as an alias. */
        if (a->obj && !a->obj->pkg && strcmp(a->obj->name, "any") == 0 && mode != MODE_TYPEID) {
            put(f, "any");
            return;
        }
        fmt_type(f, type_unalias(t), verb, mode);
        return;
    }
    case TY_BASIC: fmt_basic(f, AS_BASIC(t), mode); return;
    case TY_NAMED: fmt_named(f, AS_NAMED(t), mode); return;
    case TY_TYPEPARAM: {
        TypeParamType *tp = AS_TYPEPARAM(t);
        put(f, tp->obj && tp->obj->name ? tp->obj->name : "<T>");
        return;
    }
    case TY_POINTER:
        sb_putc(f->b, '*');
        fmt_type(f, AS_POINTER(t)->elem, 'v', mode);
        return;
    case TY_ARRAY:
        sb_printf(f->b, "[%" PRId64 "]", AS_ARRAY(t)->len);
        fmt_type(f, AS_ARRAY(t)->elem, 0, mode);
        return;
    case TY_SLICE:
        put(f, "[]");
        fmt_type(f, AS_SLICE(t)->elem, 0, mode);
        return;
    case TY_CHAN: {
        ChanType *c = AS_CHAN(t);
        if (c->dir == CHAN_RECV) put(f, "<-chan ");
        else if (c->dir == CHAN_SEND) put(f, "chan<- ");
        else {
            put(f, "chan ");
            Type *e = c->elem ? type_unalias(c->elem) : NULL;
            if (e && e->kind == TY_CHAN && AS_CHAN(e)->dir == CHAN_RECV) {
                sb_putc(f->b, '(');
                fmt_type(f, e, 0, mode);
                sb_putc(f->b, ')');
                return;
            }
        }
        fmt_type(f, c->elem, 0, mode);
        return;
    }
    case TY_MAP:
        put(f, "map[");
        fmt_type(f, AS_MAP(t)->key, 0, mode);
        sb_putc(f->b, ']');
        fmt_type(f, AS_MAP(t)->elem, 0, mode);
        return;
    case TY_STRUCT: fmt_struct(f, AS_STRUCT(t), mode); return;
    case TY_INTERFACE:
        if (t->flags & TF_COMPARABLE) {
            put(f, "comparable");
            return;
        }
        fmt_interface(f, AS_INTERFACE(t), mode);
        return;
    case TY_SIGNATURE: fmt_signature(f, AS_SIGNATURE(t), verb, mode); return;
    case TY_TUPLE: {
        TupleType *tt = AS_TUPLE(t);
        for (uint32_t i = 0; i < tuple_len(tt); i++) {
            if (i) sb_putc(f->b, ',');
            fmt_type(f, tuple_at(tt, i)->type, 0, mode);
        }
        return;
    }
    case TY_UNION: {
        UnionType *u = AS_UNION(t);
        for (uint32_t i = 0; i < u->n; i++) {
            if (i) put(f, " | ");
            if (u->terms[i].tilde) sb_putc(f->b, '~');
            fmt_type(f, u->terms[i].type, 0, mode);
        }
        return;
    }
    }
    put(f, "<T>");
}

void ir_fmt_type(StrBuf *b, Type *t, const Pkg *local) {
    Fmt f = {b, local};
    fmt_type(&f, t, 'v', MODE_GO);
}

void ir_fmt_type_link(StrBuf *b, Type *t) {
    Fmt f = {b, NULL};
    fmt_type(&f, t, 'v', MODE_TYPEID);
}

/* Whether gc's type has a symbol (conversions print T(x) then, else (T)(x)). */
static bool type_has_sym(Type *t) {
    if (!t) return false;
    if (t->kind == TY_ALIAS) {
        AliasType *a = AS_ALIAS(t);
        if (a->obj && !a->obj->pkg && strcmp(a->obj->name, "any") == 0) return true;
        return type_has_sym(type_unalias(t));
    }
    if (t->kind == TY_BASIC) return AS_BASIC(t)->bkind != BK_UNTYPED_NIL;
    return t->kind == TY_NAMED || t->kind == TY_TYPEPARAM;
}

/* ----------------------------------------------------------------- constants */


/* The constant kind gc's FixValue gives a value of type t. */
static ConstKind kind_for_type(Type *t, ConstKind k) {
    int bk = t ? type_basic_kind(t) : -1;
    if (bk < 0) return k;
    if (type_has_info(t, BINFO_INTEGER)) return bk == BK_UNTYPED_RUNE || bk == BK_UNTYPED_INT ? k : CONST_INT;
    if (type_has_info(t, BINFO_FLOAT)) return bk == BK_UNTYPED_FLOAT ? k : CONST_FLOAT;
    if (type_has_info(t, BINFO_COMPLEX)) return bk == BK_UNTYPED_COMPLEX ? k : CONST_COMPLEX;
    return k;
}

static void fmt_literal(Fmt *f, const IrNode *n) {
    const Const *v = n->u.val;
    Type *t = n->type;
    if (!v) {
        put(f, "<nil>");
        return;
    }
    ConstKind k = const_kind(v);
    ConstKind want = kind_for_type(t, k);
    ConstPool *pool = NULL;
    if (want != k && k != CONST_UNKNOWN) {
        pool = const_pool_new();
        if (want == CONST_INT) v = const_to_int(pool, v);
        else if (want == CONST_FLOAT) v = const_to_float(pool, v);
        else if (want == CONST_COMPLEX) v = const_to_complex(pool, v);
        k = const_kind(v);
    }
    /* Rune constants (the rune type or untyped rune) print quoted. */
    if (t && t->kind == TY_BASIC &&
        (((t->flags & TF_BYTE_RUNE) && AS_BASIC(t)->bkind == BK_RUNE) ||
         AS_BASIC(t)->bkind == BK_UNTYPED_RUNE)) {
        uint64_t x;
        if (const_uint64_val(v, &x) && x <= 0x10ffff) {
            const_quote_rune(f->b, (uint32_t)x);
            if (pool) const_pool_free(pool);
            return;
        }
    }
    /* The default or untyped type for the value's kind prints the bare value. */
    bool bare = true;
    if (t && type_is_typed(t)) {
        bare = false;
        if (t->kind == TY_BASIC && !(t->flags & TF_BYTE_RUNE)) {
            int bk = AS_BASIC(t)->bkind;
            bare = (k == CONST_BOOL && bk == BK_BOOL) || (k == CONST_STRING && bk == BK_STRING) ||
                   (k == CONST_INT && bk == BK_INT) || (k == CONST_FLOAT && bk == BK_FLOAT64) ||
                   (k == CONST_COMPLEX && bk == BK_COMPLEX128);
        }
    }
    if (bare) {
        const_format(f->b, v);
    } else {
        fmt_type(f, t, 'v', MODE_GO);
        sb_putc(f->b, '(');
        const_format(f->b, v);
        sb_putc(f->b, ')');
    }
    if (pool) const_pool_free(pool);
}

/* --------------------------------------------------------------- expressions */

static void fmt_expr(Fmt *f, const IrNode *n, int prec);
static void fmt_stmt(Fmt *f, const IrNode *n);

static const char *const op_names[IR_OP_COUNT] = {
#define X(o) #o,
    IR_OPS(X)
#undef X
};

/* gc's Op GoString: the operator or builtin name, else the op's name. */
static const char *op_gostring(IrOp op) {
    switch (op) {
    case IR_ADDR: return "&";
    case IR_ADDSTR: return "+";
    case IR_ANDAND: return "&&";
    case IR_OROR: return "||";
    case IR_APPEND: return "append";
    case IR_AS: case IR_AS2: return "=";
    case IR_BREAK: return "break";
    case IR_CAP: return "cap";
    case IR_CASE: return "case";
    case IR_CLEAR: return "clear";
    case IR_CLOSE: return "close";
    case IR_COMPLEX: return "complex";
    case IR_CONTINUE: return "continue";
    case IR_COPY: return "copy";
    case IR_DELETE: return "delete";
    case IR_DEFER: return "defer";
    case IR_FALL: return "fallthrough";
    case IR_FOR: return "for";
    case IR_GOTO: return "goto";
    case IR_IF: return "if";
    case IR_IMAG: return "imag";
    case IR_DEREF: return "*";
    case IR_LEN: return "len";
    case IR_MAX: return "max";
    case IR_MIN: return "min";
    case IR_NEW: return "new";
    case IR_PANIC: return "panic";
    case IR_PRINTLN: return "println";
    case IR_PRINT: return "print";
    case IR_RANGE: return "range";
    case IR_REAL: return "real";
    case IR_RECV: return "<-";
    case IR_RECOVER: return "recover";
    case IR_RETURN: return "return";
    case IR_SELECT: return "select";
    case IR_SEND: return "<-";
    case IR_SWITCH: return "switch";
    case IR_UNSAFEADD: return "unsafe.Add";
    case IR_UNSAFESLICE: return "unsafe.Slice";
    case IR_UNSAFESLICEDATA: return "unsafe.SliceData";
    case IR_UNSAFESTRING: return "unsafe.String";
    case IR_UNSAFESTRINGDATA: return "unsafe.StringData";
    default: return op < IR_OP_COUNT ? op_names[op] : "?";
    }
}

static bool is_stmt_op(IrOp op) {
    switch (op) {
    case IR_AS: case IR_AS2: case IR_AS2DOTTYPE: case IR_AS2FUNC: case IR_AS2MAPR:
    case IR_AS2RECV: case IR_ASOP: case IR_BLOCK: case IR_BREAK: case IR_CASE:
    case IR_CONTINUE: case IR_DCL: case IR_DEFER: case IR_FALL: case IR_FOR: case IR_GOTO:
    case IR_IF: case IR_LABEL: case IR_GO: case IR_RANGE: case IR_RETURN: case IR_SELECT:
    case IR_SWITCH:
        return true;
    default:
        return false;
    }
}

/* gc's OpPrec for n (0 for ops missing from its table). */
static int node_prec(const IrNode *n) {
    switch ((IrOp)n->op) {
    case IR_APPEND: case IR_BYTES2STR: case IR_ARRAYLIT: case IR_SLICELIT: case IR_RUNES2STR:
    case IR_CALLFUNC: case IR_CALLINTER: case IR_CAP: case IR_CLEAR: case IR_CLOSE:
    case IR_CONVIFACE: case IR_CONVNOP: case IR_CONV: case IR_COPY: case IR_DELETE:
    case IR_LEN: case IR_LITERAL: case IR_MAKESLICE: case IR_MAX: case IR_MIN: case IR_NAME:
    case IR_NEW: case IR_NIL: case IR_PANIC: case IR_PRINTLN: case IR_PRINT: case IR_RUNESTR:
    case IR_SLICE2ARR: case IR_SLICE2ARRPTR: case IR_STR2BYTES: case IR_STR2RUNES:
    case IR_STRUCTLIT: case IR_MAPLIT: case IR_UNSAFEADD: case IR_UNSAFESLICE:
    case IR_UNSAFESLICEDATA: case IR_UNSAFESTRING: case IR_UNSAFESTRINGDATA: case IR_INDEXMAP:
    case IR_INDEX: case IR_SLICE: case IR_SLICESTR: case IR_SLICEARR: case IR_SLICE3:
    case IR_SLICE3ARR: case IR_DOTINTER: case IR_DOTPTR: case IR_DOTTYPE2: case IR_DOTTYPE:
    case IR_DOT: case IR_METHVALUE: case IR_METHEXPR:
        return 8;
    case IR_TYPE:
        return n->type && type_unalias(n->type)->kind == TY_POINTER ? 7 : 8;
    case IR_UNARY: case IR_ADDR: case IR_DEREF: case IR_RECV:
        return 7;
    case IR_BINARY:
        switch ((Token)n->tok) {
        case T_MUL: case T_QUO: case T_REM: case T_SHL: case T_SHR: case T_AND: case T_AND_NOT:
            return 6;
        case T_ADD: case T_SUB: case T_OR: case T_XOR:
            return 5;
        default:
            return 4;
        }
    case IR_SEND: return 3;
    case IR_ANDAND: return 2;
    case IR_OROR: return 1;
    default:
        return is_stmt_op((IrOp)n->op) ? -1 : 0;
    }
}

static void fmt_node(Fmt *f, const IrNode *n) {
    if (n && is_stmt_op((IrOp)n->op)) fmt_stmt(f, n);
    else fmt_expr(f, n, 0);
}

/* Nodes with %.v (", ") or %v ("; "). */
static void fmt_list(Fmt *f, const IrList *l, const char *sep) {
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) put(f, sep);
        fmt_node(f, l->v[i]);
    }
}

static void fmt_var_name(Fmt *f, const IrVar *v) {
    if (!v || !v->name) {
        put(f, "<S>");
        return;
    }
    if (v->name[0] == '~' && v->name[1] == 'b') {
        put(f, "_");
        return;
    }
    /* gc qualifies every symbol of another package, locals of imported
       generic functions' instances included. */
    if (v->obj) put_qual(f, v->obj->pkg, MODE_GO);
    put(f, v->name);
}

static void fmt_name(Fmt *f, const IrNode *n) {
    if (n->flags & IRF_FUNCNAME) {
        const Object *o = n->u.obj;
        if (!o) {
            put(f, "<S>");
            return;
        }
        put_qual(f, o->pkg, MODE_GO);
        put(f, o->name);
        return;
    }
    fmt_var_name(f, n->u.var);
}

/* The receiver type of a method expression: the first parameter of its
   function type, else the method's own receiver. */
static Type *methexpr_recv(const IrNode *n) {
    if (n->type && type_unalias(n->type)->kind == TY_SIGNATURE) {
        SignatureType *sig = AS_SIGNATURE(type_unalias(n->type));
        if (tuple_len(sig->params) > 0) return tuple_at(sig->params, 0)->type;
    }
    if (n->u.obj && n->u.obj->type && n->u.obj->type->kind == TY_SIGNATURE) {
        SignatureType *sig = AS_SIGNATURE(n->u.obj->type);
        if (sig->recv) return sig->recv->type;
    }
    return NULL;
}

static const char *sel_name(const IrNode *n) {
    if (n->sel && n->sel->name) return n->sel->name;
    if ((n->op == IR_METHEXPR || n->op == IR_METHVALUE || n->op == IR_DOTINTER) && n->u.obj &&
        n->u.obj->name)
        return n->u.obj->name;
    return NULL;
}

static void fmt_args(Fmt *f, const IrNode *n, const IrList *args) {
    sb_putc(f->b, '(');
    if (n->op == IR_CALLFUNC && n->sel && n->sel->name) {
        /* a shaped instance's static dictionary: after the receiver of a
           method, first otherwise (lower_call.c) */
        uint32_t skip = n->x && n->x->op == IR_METHEXPR && args->n ? 1 : 0;
        for (uint32_t i = 0; i < skip; i++) {
            fmt_node(f, args->v[i]);
            put(f, ", ");
        }
        sb_putc(f->b, '&');
        put_qual(f, n->sel->pkg, MODE_GO);
        put(f, n->sel->name);
        for (uint32_t i = skip; i < args->n; i++) {
            put(f, ", ");
            fmt_node(f, args->v[i]);
        }
    } else {
        fmt_list(f, args, ", ");
    }
    bool ddd = n->flags & IRF_DDD;
    /* gc's variadic rewrite marks every call of a variadic function IsDDD
       (the extra arguments packed into an implicit slice literal, or nil
       when there are none). */
    if ((n->op == IR_CALLFUNC || n->op == IR_CALLINTER) && args->n) {
        const IrNode *last = args->v[args->n - 1];
        if (last && last->op == IR_SLICELIT && (last->flags & IRF_IMPLICIT)) ddd = true;
        Type *ft = n->x && n->x->type ? type_under(n->x->type) : NULL;
        if (ft && ft->kind == TY_SIGNATURE && AS_SIGNATURE(ft)->variadic) ddd = true;
    }
    if (ddd) put(f, "...");
    sb_putc(f->b, ')');
}

/* Operand of a builtin written with x (and y) or, failing that, list. */
static void fmt_builtin_xy(Fmt *f, const IrNode *n) {
    put(f, op_gostring((IrOp)n->op));
    if (!n->x && n->list.n) {
        fmt_args(f, n, &n->list);
        return;
    }
    sb_putc(f->b, '(');
    fmt_expr(f, n->x, 0);
    if (n->y) {
        put(f, ", ");
        fmt_expr(f, n->y, 0);
    }
    sb_putc(f->b, ')');
}

static bool type_is_untyped(Type *t) { return t && !type_is_typed(t); }

static void fmt_expr(Fmt *f, const IrNode *n, int prec) {
    for (;;) {
        if (!n) {
            put(f, "<nil>");
            return;
        }
        if (n->flags & IRF_IMPLICIT) {
            IrOp op = (IrOp)n->op;
            if (op == IR_ADDR || op == IR_DEREF || op == IR_CONV || op == IR_CONVNOP ||
                op == IR_CONVIFACE) {
                n = n->x;
                continue;
            }
        }
        break;
    }
    int nprec = node_prec(n);
    if (prec > nprec) {
        sb_putc(f->b, '(');
        fmt_node(f, n);
        sb_putc(f->b, ')');
        return;
    }
    IrOp op = (IrOp)n->op;
    switch (op) {
    case IR_NIL: put(f, "nil"); return;
    case IR_LITERAL: fmt_literal(f, n); return;
    case IR_NAME: fmt_name(f, n); return;
    case IR_TYPE: fmt_type(f, n->type, 'v', MODE_GO); return;
    case IR_CLOSURE: put(f, "func literal"); return;
    case IR_PTRLIT:
        sb_putc(f->b, '&');
        fmt_node(f, n->x);
        return;
    case IR_STRUCTLIT: case IR_ARRAYLIT: case IR_SLICELIT: case IR_MAPLIT:
        if (n->flags & IRF_IMPLICIT) {
            put(f, "... argument");
            return;
        }
        fmt_type(f, n->type, 'v', MODE_GO);
        put(f, n->list.n ? "{...}" : "{}");
        return;
    case IR_KEY:
        if (n->x) fmt_node(f, n->x);
        sb_putc(f->b, ':');
        if (n->y) fmt_node(f, n->y);
        return;
    case IR_STRUCTKEY:
        put(f, n->sel && n->sel->name ? n->sel->name : "<S>");
        sb_putc(f->b, ':');
        fmt_node(f, n->x);
        return;
    case IR_METHEXPR: {
        if (n->x) fmt_expr(f, n->x, nprec);
        else {
            Type *rt = methexpr_recv(n);
            if (rt && type_unalias(rt)->kind == TY_POINTER) {
                sb_putc(f->b, '(');
                fmt_type(f, rt, 'v', MODE_GO);
                sb_putc(f->b, ')');
            } else {
                fmt_type(f, rt, 'v', MODE_GO);
            }
        }
        const char *s = sel_name(n);
        sb_putc(f->b, '.');
        put(f, s ? s : "<nil>");
        return;
    }
    case IR_DOT: case IR_DOTPTR: case IR_DOTINTER: case IR_METHVALUE: {
        fmt_expr(f, n->x, nprec);
        const char *s = sel_name(n);
        sb_putc(f->b, '.');
        put(f, s ? s : "<nil>");
        return;
    }
    case IR_DOTTYPE: case IR_DOTTYPE2:
        if (n->op == IR_DOTTYPE && n->type && ir_type_has_shape(n->type)) {
            put(f, "<node DYNAMICDOTTYPE>");     /* gc: the type comes from the dictionary */
            return;
        }
        fmt_expr(f, n->x, nprec);
        put(f, ".(");
        fmt_type(f, n->type, 'v', MODE_GO);
        sb_putc(f->b, ')');
        return;
    case IR_INDEX: case IR_INDEXMAP:
        fmt_expr(f, n->x, nprec);
        sb_putc(f->b, '[');
        fmt_node(f, n->y);
        sb_putc(f->b, ']');
        return;
    case IR_SLICE: case IR_SLICE3: case IR_SLICEARR: case IR_SLICE3ARR: case IR_SLICESTR:
        fmt_expr(f, n->x, nprec);
        sb_putc(f->b, '[');
        if (n->y) fmt_node(f, n->y);
        sb_putc(f->b, ':');
        if (n->z) fmt_node(f, n->z);
        if (op == IR_SLICE3 || op == IR_SLICE3ARR) {
            sb_putc(f->b, ':');
            if (n->w) fmt_node(f, n->w);
        }
        sb_putc(f->b, ']');
        return;
    case IR_COMPLEX: case IR_COPY: case IR_UNSAFEADD: case IR_UNSAFESLICE:
        fmt_builtin_xy(f, n);
        return;
    case IR_CONV: case IR_CONVIFACE: case IR_CONVNOP: case IR_BYTES2STR: case IR_RUNES2STR:
    case IR_STR2BYTES: case IR_STR2RUNES: case IR_RUNESTR: case IR_SLICE2ARR: case IR_SLICE2ARRPTR:
        if (type_has_sym(n->type)) {
            fmt_type(f, n->type, 'v', MODE_GO);
        } else {
            sb_putc(f->b, '(');
            fmt_type(f, n->type, 'v', MODE_GO);
            sb_putc(f->b, ')');
        }
        sb_putc(f->b, '(');
        fmt_node(f, n->x);
        sb_putc(f->b, ')');
        return;
    case IR_NEW:
        if (n->x ? n->x->op == IR_TYPE && ir_type_has_shape(n->x->type)
                 : n->type && type_unalias(n->type)->kind == TY_POINTER &&
                       ir_type_has_shape(AS_POINTER(type_unalias(n->type))->elem)) {
            put(f, "new(<node DYNAMICTYPE>)");     /* gc: the type comes from the dictionary */
            return;
        }
        if (!n->x) {
            /* new(T) without a TYPE operand: T is the pointer's element. */
            Type *t = n->type ? type_unalias(n->type) : NULL;
            put(f, "new(");
            fmt_type(f, t && t->kind == TY_POINTER ? AS_POINTER(t)->elem : t, 'v', MODE_GO);
            sb_putc(f->b, ')');
            return;
        }
        /* fallthrough */
    case IR_REAL: case IR_IMAG: case IR_CAP: case IR_CLEAR: case IR_CLOSE: case IR_LEN:
    case IR_PANIC:
        if (!n->x && n->list.n) {
            put(f, op_gostring(op));
            fmt_args(f, n, &n->list);
            return;
        }
        put(f, op_gostring(op));
        sb_putc(f->b, '(');
        fmt_node(f, n->x);
        sb_putc(f->b, ')');
        return;
    case IR_APPEND: case IR_DELETE: case IR_MAX: case IR_MIN: case IR_RECOVER: case IR_PRINT:
    case IR_PRINTLN:
        if (!n->list.n && n->x) {
            fmt_builtin_xy(f, n);
            return;
        }
        put(f, op_gostring(op));
        fmt_args(f, n, &n->list);
        return;
    case IR_CALLFUNC: case IR_CALLINTER:
        fmt_expr(f, n->x, nprec);
        fmt_args(f, n, &n->list);
        return;
    case IR_INLCALL:
        if (n->list.n == 1) {
            fmt_node(f, n->list.v[0]);
            return;
        }
        put(f, "(.");
        fmt_list(f, &n->list, "; ");
        sb_putc(f->b, ')');
        return;
    case IR_MAKESLICE: case IR_MAKEMAP: case IR_MAKECHAN:
        put(f, "make(");
        fmt_type(f, n->type, 'v', MODE_GO);
        if (n->y) {
            put(f, ", ");
            fmt_node(f, n->x);
            put(f, ", ");
            fmt_node(f, n->y);
        } else if (n->x && (op == IR_MAKESLICE || !type_is_untyped(n->x->type))) {
            put(f, ", ");
            fmt_node(f, n->x);
        }
        sb_putc(f->b, ')');
        return;
    case IR_UNARY: case IR_RECV: {
        const char *s = op == IR_RECV ? "<-" : token_string((Token)n->tok);
        put(f, s);
        if (n->x && n->x->op == n->op && (op == IR_RECV || n->x->tok == n->tok)) sb_putc(f->b, ' ');
        fmt_expr(f, n->x, nprec + 1);
        return;
    }
    case IR_ADDR:
        sb_putc(f->b, '&');
        if (n->x && n->x->op == IR_ADDR) sb_putc(f->b, ' ');
        fmt_expr(f, n->x, nprec + 1);
        return;
    case IR_DEREF:
        sb_putc(f->b, '*');
        fmt_expr(f, n->x, nprec + 1);
        return;
    case IR_BINARY: case IR_ANDAND: case IR_OROR:
        fmt_expr(f, n->x, nprec);
        sb_putc(f->b, ' ');
        put(f, op == IR_ANDAND ? "&&" : op == IR_OROR ? "||" : token_string((Token)n->tok));
        sb_putc(f->b, ' ');
        fmt_expr(f, n->y, nprec + 1);
        return;
    case IR_SEND:
        fmt_expr(f, n->x, nprec);
        put(f, " <- ");
        fmt_expr(f, n->y, nprec + 1);
        return;
    case IR_ADDSTR:
        for (uint32_t i = 0; i < n->list.n; i++) {
            if (i) put(f, " + ");
            fmt_expr(f, n->list.v[i], nprec);
        }
        return;
    default:
        put(f, "<node ");
        put(f, op_gostring(op));
        sb_putc(f->b, '>');
        return;
    }
}

void ir_fmt_node(StrBuf *b, const IrNode *n, const Pkg *local) {
    Fmt f = {b, local};
    fmt_node(&f, n);
}

/* ---------------------------------------------------------------- statements */

static bool simple_init(const IrNode *n) {
    return n->init.n == 1 && n->init.v[0]->init.n == 0 &&
           (n->op == IR_IF || n->op == IR_FOR || n->op == IR_SWITCH);
}

static void fmt_stmt(Fmt *f, const IrNode *n) {
    IrOp op = (IrOp)n->op;
    switch (op) {
    case IR_DCL:
        put(f, "var ");
        fmt_var_name(f, n->u.var);
        sb_putc(f->b, ' ');
        fmt_type(f, n->u.var ? n->u.var->type : NULL, 'v', MODE_GO);
        return;
    case IR_AS:
        fmt_expr(f, n->x, 0);
        put(f, n->flags & IRF_DEFINE ? " := " : " = ");
        fmt_node(f, n->y);
        return;
    case IR_ASOP:
        fmt_expr(f, n->x, 0);
        if (n->flags & IRF_INCDEC) {
            put(f, n->tok == T_SUB || n->tok == T_SUB_ASSIGN || n->tok == T_DEC ? "--" : "++");
            return;
        }
        sb_putc(f->b, ' ');
        if (n->tok >= T_ADD_ASSIGN && n->tok <= T_AND_NOT_ASSIGN) {
            put(f, token_string((Token)n->tok));
        } else {
            put(f, token_string((Token)n->tok));
            sb_putc(f->b, '=');
        }
        sb_putc(f->b, ' ');
        fmt_node(f, n->y);
        return;
    case IR_AS2: case IR_AS2DOTTYPE: case IR_AS2FUNC: case IR_AS2MAPR: case IR_AS2RECV:
        fmt_list(f, &n->list, ", ");
        put(f, n->flags & IRF_DEFINE ? " := " : " = ");
        if (op == IR_AS2) fmt_list(f, &n->rlist, ", ");
        else if (n->y) fmt_node(f, n->y);
        else fmt_list(f, &n->rlist, ", ");
        return;
    case IR_BLOCK:
        fmt_list(f, &n->list, "; ");
        return;
    case IR_RETURN:
        put(f, "return ");
        fmt_list(f, &n->list, ", ");
        return;
    case IR_TAILCALL:
        put(f, "tailcall ");
        fmt_node(f, n->x);
        return;
    case IR_GO: case IR_DEFER:
        put(f, op == IR_GO ? "go " : "defer ");
        fmt_node(f, n->x);
        return;
    case IR_IF:
        put(f, "if ");
        if (simple_init(n)) {
            fmt_node(f, n->init.v[0]);
            put(f, "; ");
        }
        fmt_node(f, n->x);
        put(f, " { ");
        fmt_list(f, &n->list, "; ");
        put(f, " }");
        if (n->rlist.n) {
            put(f, " else { ");
            fmt_list(f, &n->rlist, "; ");
            put(f, " }");
        }
        return;
    case IR_FOR: case IR_RANGE: put(f, "for loop"); return;
    case IR_SELECT: put(f, "select statement"); return;
    case IR_SWITCH: put(f, "switch statement"); return;
    case IR_CASE:
        if (n->list.n) {
            put(f, "case ");
            fmt_list(f, &n->list, ", ");
        } else {
            put(f, "default");
        }
        put(f, ": ");
        fmt_list(f, &n->rlist, "; ");
        return;
    case IR_BREAK: case IR_CONTINUE: case IR_GOTO: case IR_FALL:
        put(f, op_gostring(op));
        if (n->u.label) {
            sb_putc(f->b, ' ');
            put(f, n->u.label);
        }
        return;
    case IR_LABEL:
        put(f, n->u.label ? n->u.label : "<S>");
        put(f, ": ");
        return;
    default:
        fmt_expr(f, n, 0);
        return;
    }
}

void ir_fmt_stmt(StrBuf *b, const IrNode *n, const Pkg *local) {
    Fmt f = {b, local};
    if (!n) {
        put(&f, "<nil>");
        return;
    }
    fmt_node(&f, n);
}
