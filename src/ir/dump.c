/* Debugging dump of lowered functions: one node per line, indented, with
   its op, flags, position, type and the names it refers to. */
#include "ir.h"
#include <inttypes.h>

static void pos_str(FILE *out, const SourceFile *f, Pos p) {
    if (!f || !p) {
        fputs("-", out);
        return;
    }
    Position ps = source_pos(f, p);
    if (ps.col) fprintf(out, "%" PRIu32 ":%" PRIu32, ps.line, ps.col);
    else fprintf(out, "%" PRIu32, ps.line);
}

static void type_str(FILE *out, Type *t) {
    if (!t) return;
    StrBuf b = {0};
    type_write(&b, t, NULL);
    fprintf(out, " <%s>", sb_cstr(&b));
    sb_free(&b);
}

static void dump_node(FILE *out, const IrNode *n, int depth, const char *role);

static void dump_list(FILE *out, const IrList *l, int depth, const char *role) {
    for (uint32_t i = 0; i < l->n; i++) dump_node(out, l->v[i], depth, role);
}

static void indent(FILE *out, int depth) {
    for (int i = 0; i < depth; i++) fputs("  ", out);
}

static void dump_node(FILE *out, const IrNode *n, int depth, const char *role) {
    indent(out, depth);
    if (role) fprintf(out, "%s: ", role);
    if (!n) {
        fputs("<nil>\n", out);
        return;
    }
    fprintf(out, "%s", ir_op_name((IrOp)n->op));
    if (n->flags & IRF_IMPLICIT) fputs(" implicit", out);
    if (n->flags & IRF_DDD) fputs(" ddd", out);
    if (n->flags & IRF_DEFINE) fputs(" define", out);
    if (n->flags & IRF_INCDEC) fputs(" incdec", out);
    if (n->flags & IRF_WRAPPER_CALL) fputs(" wrappercall", out);
    if (n->flags & IRF_DISTINCT) fputs(" distinct", out);
    if (n->flags & IRF_DISTINCTVARS) fputs(" distinctvars", out);
    if ((n->op == IR_UNARY || n->op == IR_BINARY || n->op == IR_ASOP) && n->tok)
        fprintf(out, " %s", token_string((Token)n->tok));
    fputs(" @", out);
    pos_str(out, n->file, n->pos);
    switch (n->op) {
    case IR_NAME:
        if (n->flags & IRF_FUNCNAME) fprintf(out, " func %s", n->u.obj ? n->u.obj->name : "?");
        else if (n->u.var) {
            const IrVar *v = n->u.var;
            fprintf(out, " %s", v->name);
            if (v->flags & IRV_CLOSUREVAR) fputs(" (closurevar)", out);
            if (v->cls == IRC_EXTERN) fputs(" (global)", out);
        }
        break;
    case IR_DCL:
        if (n->u.var) fprintf(out, " %s", n->u.var->name);
        break;
    case IR_METHEXPR: case IR_METHVALUE: case IR_DOTINTER:
        if (n->u.obj) fprintf(out, " %s", n->u.obj->name);
        break;
    case IR_DOT: case IR_DOTPTR: case IR_STRUCTKEY:
        if (n->sel) fprintf(out, " %s #%d", n->sel->name, n->field);
        break;
    case IR_LITERAL: {
        StrBuf b = {0};
        if (n->u.val) const_format(&b, n->u.val);
        fprintf(out, " %s", sb_cstr(&b));
        sb_free(&b);
        break;
    }
    case IR_CLOSURE:
        if (n->u.fn) fprintf(out, " %s", n->u.fn->name);
        break;
    case IR_LABEL: case IR_GOTO: case IR_BREAK: case IR_CONTINUE:
        if (n->u.label) fprintf(out, " %s", n->u.label);
        break;
    case IR_CASE: case IR_TYPESW:
        if (n->u.var) fprintf(out, " var %s", n->u.var->name);
        break;
    default: break;
    }
    type_str(out, n->type);
    fputc('\n', out);
    dump_list(out, &n->init, depth + 1, "init");
    if (n->x) dump_node(out, n->x, depth + 1, "x");
    if (n->y) dump_node(out, n->y, depth + 1, "y");
    if (n->z) dump_node(out, n->z, depth + 1, "z");
    if (n->w) dump_node(out, n->w, depth + 1, "w");
    dump_list(out, &n->list, depth + 1, NULL);
    dump_list(out, &n->rlist, depth + 1, "r");
}

static void dump_vars(FILE *out, const char *what, IrVar *const *v, uint32_t n) {
    if (!n) return;
    fprintf(out, "  %s:", what);
    for (uint32_t i = 0; i < n; i++) {
        fprintf(out, " %s@", v[i]->name);
        pos_str(out, v[i]->file, v[i]->pos);
        if (v[i]->flags & IRV_ADDRTAKEN) fputs("&", out);
        if (v[i]->flags & IRV_CAPTURED) fputs("^", out);
        if (v[i]->outer) fprintf(out, "(outer %s)", v[i]->outer->name);
    }
    fputc('\n', out);
}

void ir_dump_func(FILE *out, const IrFunc *fn) {
    fprintf(out, "func %s @", fn->name);
    pos_str(out, fn->file, fn->pos);
    if (fn->flags & IRFN_CLOSURE) fputs(" closure", out);
    if (fn->flags & IRFN_WRAPPER) fputs(" wrapper", out);
    if (fn->flags & IRFN_INIT) fputs(" init", out);
    if (fn->flags & IRFN_GENERIC) fputs(" generic", out);
    if (!(fn->flags & IRFN_HAS_BODY)) fputs(" nobody", out);
    if (fn->outer) fprintf(out, " outer=%s", fn->outer->name);
    fputc('\n', out);
    dump_vars(out, "params", fn->params, fn->nparams);
    dump_vars(out, "results", fn->results, fn->nresults);
    dump_vars(out, "dcl", fn->dcl, fn->ndcl);
    dump_vars(out, "cvars", fn->cvars, fn->ncvars);
    dump_list(out, &fn->body, 1, NULL);
}
