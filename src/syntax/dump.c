/* Canonical text dump of a tree (docs/ast-dump.md); mirrors tests/oracle/astdump. */
#include "syntax.h"
#include <string.h>

static const char *const kind_names[] = {
#define X(k) #k,
    NODE_KINDS(X)
#undef X
};

const char *node_kind_name(NodeKind k) { return (unsigned)k < N_COUNT ? kind_names[k] : "?"; }

typedef struct Dumper {
    FILE *out;
    const SourceFile *src;
} Dumper;

static void put_pos(Dumper *d, Pos p) {
    if (p == NOPOS) {
        fputs(" -", d->out);
        return;
    }
    Position q = source_raw_pos(d->src, p);
    fprintf(d->out, " %u:%u", q.line, q.col);
}

static void put_quoted(FILE *out, const char *s, size_t n) {
    putc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') fprintf(out, "\\x%02x", c);
        else putc(c, out);
    }
    putc('"', out);
}

static void node(Dumper *d, int depth, const char *label, const Node *n);

static void list(Dumper *d, int depth, const char *label, NodeList l) {
    for (uint32_t i = 0; i < l.n; i++) node(d, depth, label, l.v[i]);
}

static void child(Dumper *d, int depth, const char *label, const Node *n) {
    if (n) node(d, depth, label, n);
}

static void node(Dumper *d, int depth, const char *label, const Node *n) {
    FILE *o = d->out;
    for (int i = 0; i < depth; i++) fputs("  ", o);
    fprintf(o, "%s: %s", label, node_kind_name(n->kind));
    put_pos(d, n->pos);
    put_pos(d, n->end);
    int c = depth + 1;
    switch ((NodeKind)n->kind) {
    case N_Ident:
        fputs(" Name=", o);
        put_quoted(o, n->u.ident.name, strlen(n->u.ident.name));
        putc('\n', o);
        break;
    case N_BasicLit:
        fprintf(o, " Kind=%s Value=", token_string(n->tok));
        put_quoted(o, n->u.lit.value, n->u.lit.len);
        putc('\n', o);
        break;
    case N_BadExpr: case N_BadStmt: case N_BadDecl:
        putc('\n', o);
        break;
    case N_Ellipsis:
        putc('\n', o);
        child(d, c, "Elt", n->u.ellipsis.elt);
        break;
    case N_FuncLit:
        putc('\n', o);
        child(d, c, "Type", n->u.funclit.type);
        child(d, c, "Body", n->u.funclit.body);
        break;
    case N_CompositeLit:
        fputs(" Incomplete=false\n", o);
        child(d, c, "Type", n->u.composite.type);
        list(d, c, "Elts", n->u.composite.elts);
        break;
    case N_ParenExpr:
        putc('\n', o);
        child(d, c, "X", n->u.paren.x);
        break;
    case N_SelectorExpr:
        putc('\n', o);
        child(d, c, "X", n->u.selector.x);
        child(d, c, "Sel", n->u.selector.sel);
        break;
    case N_IndexExpr:
        putc('\n', o);
        child(d, c, "X", n->u.index.x);
        list(d, c, "Index", n->u.index.indices);
        break;
    case N_IndexListExpr:
        putc('\n', o);
        child(d, c, "X", n->u.index.x);
        list(d, c, "Indices", n->u.index.indices);
        break;
    case N_SliceExpr:
        fprintf(o, " Slice3=%s\n", n->flags & NF_SLICE3 ? "true" : "false");
        child(d, c, "X", n->u.slice.x);
        child(d, c, "Low", n->u.slice.low);
        child(d, c, "High", n->u.slice.high);
        child(d, c, "Max", n->u.slice.max);
        break;
    case N_TypeAssertExpr:
        putc('\n', o);
        child(d, c, "X", n->u.assert.x);
        child(d, c, "Type", n->u.assert.type);
        break;
    case N_CallExpr:
        putc('\n', o);
        child(d, c, "Fun", n->u.call.fun);
        list(d, c, "Args", n->u.call.args);
        break;
    case N_StarExpr:
        putc('\n', o);
        child(d, c, "X", n->u.star.x);
        break;
    case N_UnaryExpr:
        fprintf(o, " Op=%s\n", token_string(n->tok));
        child(d, c, "X", n->u.unary.x);
        break;
    case N_BinaryExpr:
        fprintf(o, " Op=%s\n", token_string(n->tok));
        child(d, c, "X", n->u.binary.x);
        child(d, c, "Y", n->u.binary.y);
        break;
    case N_KeyValueExpr:
        putc('\n', o);
        child(d, c, "Key", n->u.kv.key);
        child(d, c, "Value", n->u.kv.value);
        break;
    case N_ArrayType:
        putc('\n', o);
        child(d, c, "Len", n->u.array.len);
        child(d, c, "Elt", n->u.array.elt);
        break;
    case N_StructType:
        fputs(" Incomplete=false\n", o);
        child(d, c, "Fields", n->u.structtype.fields);
        break;
    case N_FuncType:
        putc('\n', o);
        child(d, c, "TypeParams", n->u.functype.tparams);
        child(d, c, "Params", n->u.functype.params);
        child(d, c, "Results", n->u.functype.results);
        break;
    case N_InterfaceType:
        fputs(" Incomplete=false\n", o);
        child(d, c, "Methods", n->u.iface.methods);
        break;
    case N_MapType:
        putc('\n', o);
        child(d, c, "Key", n->u.map.key);
        child(d, c, "Value", n->u.map.value);
        break;
    case N_ChanType:
        fprintf(o, " Dir=%d\n", n->tok);
        child(d, c, "Value", n->u.chan.value);
        break;
    case N_Field:
        putc('\n', o);
        list(d, c, "Names", n->u.field.names);
        child(d, c, "Type", n->u.field.type);
        child(d, c, "Tag", n->u.field.tag);
        break;
    case N_FieldList:
        putc('\n', o);
        list(d, c, "List", n->u.fieldlist.list);
        break;
    case N_DeclStmt:
        putc('\n', o);
        child(d, c, "Decl", n->u.declstmt.decl);
        break;
    case N_EmptyStmt:
        fprintf(o, " Implicit=%s\n", n->flags & NF_IMPLICIT ? "true" : "false");
        break;
    case N_LabeledStmt:
        putc('\n', o);
        child(d, c, "Label", n->u.labeled.label);
        child(d, c, "Stmt", n->u.labeled.stmt);
        break;
    case N_ExprStmt:
        putc('\n', o);
        child(d, c, "X", n->u.exprstmt.x);
        break;
    case N_SendStmt:
        putc('\n', o);
        child(d, c, "Chan", n->u.send.chan);
        child(d, c, "Value", n->u.send.value);
        break;
    case N_IncDecStmt:
        fprintf(o, " Tok=%s\n", token_string(n->tok));
        child(d, c, "X", n->u.incdec.x);
        break;
    case N_AssignStmt:
        fprintf(o, " Tok=%s\n", token_string(n->tok));
        list(d, c, "Lhs", n->u.assign.lhs);
        list(d, c, "Rhs", n->u.assign.rhs);
        break;
    case N_GoStmt: case N_DeferStmt:
        putc('\n', o);
        child(d, c, "Call", n->u.gostmt.call);
        break;
    case N_ReturnStmt:
        putc('\n', o);
        list(d, c, "Results", n->u.ret.results);
        break;
    case N_BranchStmt:
        fprintf(o, " Tok=%s\n", token_string(n->tok));
        child(d, c, "Label", n->u.branch.label);
        break;
    case N_BlockStmt:
        putc('\n', o);
        list(d, c, "List", n->u.block.list);
        break;
    case N_IfStmt:
        putc('\n', o);
        child(d, c, "Init", n->u.ifstmt.init);
        child(d, c, "Cond", n->u.ifstmt.cond);
        child(d, c, "Body", n->u.ifstmt.body);
        child(d, c, "Else", n->u.ifstmt.els);
        break;
    case N_CaseClause:
        putc('\n', o);
        list(d, c, "List", n->u.caseclause.list);
        list(d, c, "Body", n->u.caseclause.body);
        break;
    case N_SwitchStmt:
        putc('\n', o);
        child(d, c, "Init", n->u.switchstmt.init);
        child(d, c, "Tag", n->u.switchstmt.tag);
        child(d, c, "Body", n->u.switchstmt.body);
        break;
    case N_TypeSwitchStmt:
        putc('\n', o);
        child(d, c, "Init", n->u.switchstmt.init);
        child(d, c, "Assign", n->u.switchstmt.tag);
        child(d, c, "Body", n->u.switchstmt.body);
        break;
    case N_CommClause:
        putc('\n', o);
        child(d, c, "Comm", n->u.commclause.comm);
        list(d, c, "Body", n->u.commclause.body);
        break;
    case N_SelectStmt:
        putc('\n', o);
        child(d, c, "Body", n->u.selectstmt.body);
        break;
    case N_ForStmt:
        putc('\n', o);
        child(d, c, "Init", n->u.forstmt.init);
        child(d, c, "Cond", n->u.forstmt.cond);
        child(d, c, "Post", n->u.forstmt.post);
        child(d, c, "Body", n->u.forstmt.body);
        break;
    case N_RangeStmt:
        fprintf(o, " Tok=%s\n", token_string(n->tok));
        child(d, c, "Key", n->u.rangestmt.key);
        child(d, c, "Value", n->u.rangestmt.value);
        child(d, c, "X", n->u.rangestmt.x);
        child(d, c, "Body", n->u.rangestmt.body);
        break;
    case N_ImportSpec:
        putc('\n', o);
        child(d, c, "Name", n->u.importspec.name);
        child(d, c, "Path", n->u.importspec.path);
        break;
    case N_ValueSpec:
        putc('\n', o);
        list(d, c, "Names", n->u.valuespec.names);
        child(d, c, "Type", n->u.valuespec.type);
        list(d, c, "Values", n->u.valuespec.values);
        break;
    case N_TypeSpec:
        putc('\n', o);
        child(d, c, "Name", n->u.typespec.name);
        child(d, c, "TypeParams", n->u.typespec.tparams);
        child(d, c, "Type", n->u.typespec.type);
        break;
    case N_GenDecl:
        fprintf(o, " Tok=%s\n", token_string(n->tok));
        list(d, c, "Specs", n->u.gendecl.specs);
        break;
    case N_FuncDecl:
        putc('\n', o);
        child(d, c, "Recv", n->u.funcdecl.recv);
        child(d, c, "Name", n->u.funcdecl.name);
        child(d, c, "Type", n->u.funcdecl.type);
        child(d, c, "Body", n->u.funcdecl.body);
        break;
    case N_File:
        putc('\n', o);
        child(d, c, "Name", n->u.file.name);
        list(d, c, "Decls", n->u.file.decls);
        break;
    case N_COUNT:
        putc('\n', o);
        break;
    }
}

void syntax_dump(FILE *out, const AstFile *f) {
    fprintf(out, "== %s\n", f->src->path);
    if (f->nerrors || !f->root) {
        fputs("ERROR\n", out);
        return;
    }
    Dumper d = {out, f->src};
    node(&d, 0, "File", f->root);
    for (size_t i = 0; i < f->ncomments; i++) {
        const Comment *c = &f->comments[i];
        fputs("Comment", out);
        put_pos(&d, c->pos);
        put_pos(&d, c->end);
        fputs(" Text=", out);
        put_quoted(out, c->text, c->len);
        putc('\n', out);
    }
}
