/* The child fields of each node kind, for walks that need not know the
   kinds (the serializer, syntax_walk). */
#include "syntax.h"
#include "base/vec.h"

#define ONE(f) (s->one[s->n1++] = &(f))
#define LIST(f) (s->lists[s->nl++] = &(f))

void syntax_slots(Node *n, SyntaxSlots *s) {
    s->n1 = s->nl = 0;
    switch ((NodeKind)n->kind) {
    case N_BadExpr: case N_Ident: case N_BasicLit: case N_BadStmt: case N_EmptyStmt: case N_BadDecl:
        break;
    case N_Ellipsis: ONE(n->u.ellipsis.elt); break;
    case N_FuncLit: ONE(n->u.funclit.type); ONE(n->u.funclit.body); break;
    case N_CompositeLit: ONE(n->u.composite.type); LIST(n->u.composite.elts); break;
    case N_ParenExpr: ONE(n->u.paren.x); break;
    case N_SelectorExpr: ONE(n->u.selector.x); ONE(n->u.selector.sel); break;
    case N_IndexExpr: case N_IndexListExpr: ONE(n->u.index.x); LIST(n->u.index.indices); break;
    case N_SliceExpr:
        ONE(n->u.slice.x); ONE(n->u.slice.low); ONE(n->u.slice.high); ONE(n->u.slice.max);
        break;
    case N_TypeAssertExpr: ONE(n->u.assert.x); ONE(n->u.assert.type); break;
    case N_CallExpr: ONE(n->u.call.fun); LIST(n->u.call.args); break;
    case N_StarExpr: ONE(n->u.star.x); break;
    case N_UnaryExpr: ONE(n->u.unary.x); break;
    case N_BinaryExpr: ONE(n->u.binary.x); ONE(n->u.binary.y); break;
    case N_KeyValueExpr: ONE(n->u.kv.key); ONE(n->u.kv.value); break;
    case N_ArrayType: ONE(n->u.array.len); ONE(n->u.array.elt); break;
    case N_StructType: ONE(n->u.structtype.fields); break;
    case N_FuncType:
        ONE(n->u.functype.tparams); ONE(n->u.functype.params); ONE(n->u.functype.results);
        break;
    case N_InterfaceType: ONE(n->u.iface.methods); break;
    case N_MapType: ONE(n->u.map.key); ONE(n->u.map.value); break;
    case N_ChanType: ONE(n->u.chan.value); break;
    case N_Field: ONE(n->u.field.type); ONE(n->u.field.tag); LIST(n->u.field.names); break;
    case N_FieldList: LIST(n->u.fieldlist.list); break;
    case N_DeclStmt: ONE(n->u.declstmt.decl); break;
    case N_LabeledStmt: ONE(n->u.labeled.label); ONE(n->u.labeled.stmt); break;
    case N_ExprStmt: ONE(n->u.exprstmt.x); break;
    case N_SendStmt: ONE(n->u.send.chan); ONE(n->u.send.value); break;
    case N_IncDecStmt: ONE(n->u.incdec.x); break;
    case N_AssignStmt: LIST(n->u.assign.lhs); LIST(n->u.assign.rhs); break;
    case N_GoStmt: case N_DeferStmt: ONE(n->u.gostmt.call); break;
    case N_ReturnStmt: LIST(n->u.ret.results); break;
    case N_BranchStmt: ONE(n->u.branch.label); break;
    case N_BlockStmt: LIST(n->u.block.list); break;
    case N_IfStmt:
        ONE(n->u.ifstmt.init); ONE(n->u.ifstmt.cond); ONE(n->u.ifstmt.body); ONE(n->u.ifstmt.els);
        break;
    case N_CaseClause: LIST(n->u.caseclause.list); LIST(n->u.caseclause.body); break;
    case N_SwitchStmt: case N_TypeSwitchStmt:
        ONE(n->u.switchstmt.init); ONE(n->u.switchstmt.tag); ONE(n->u.switchstmt.body);
        break;
    case N_CommClause: ONE(n->u.commclause.comm); LIST(n->u.commclause.body); break;
    case N_SelectStmt: ONE(n->u.selectstmt.body); break;
    case N_ForStmt:
        ONE(n->u.forstmt.init); ONE(n->u.forstmt.cond); ONE(n->u.forstmt.post); ONE(n->u.forstmt.body);
        break;
    case N_RangeStmt:
        ONE(n->u.rangestmt.key); ONE(n->u.rangestmt.value); ONE(n->u.rangestmt.x); ONE(n->u.rangestmt.body);
        break;
    case N_ImportSpec: ONE(n->u.importspec.name); ONE(n->u.importspec.path); break;
    case N_ValueSpec: ONE(n->u.valuespec.type); LIST(n->u.valuespec.names); LIST(n->u.valuespec.values); break;
    case N_TypeSpec: ONE(n->u.typespec.name); ONE(n->u.typespec.tparams); ONE(n->u.typespec.type); break;
    case N_GenDecl: LIST(n->u.gendecl.specs); break;
    case N_FuncDecl:
        ONE(n->u.funcdecl.recv); ONE(n->u.funcdecl.name); ONE(n->u.funcdecl.type); ONE(n->u.funcdecl.body);
        break;
    case N_File: ONE(n->u.file.name); LIST(n->u.file.decls); break;
    case N_COUNT: break;
    }
}

#undef ONE
#undef LIST

void syntax_walk(Node *root, void (*visit)(void *data, Node *n, bool in_body), void *data) {
    typedef struct { Node *n; bool in_body; } Item;
    VEC(Item) todo = {0};
    if (root) vec_push(&todo, ((Item){root, false}));
    while (todo.len) {
        Item it = todo.data[--todo.len];
        visit(data, it.n, it.in_body);
        bool in_body = it.in_body || it.n->kind == N_BlockStmt;
        SyntaxSlots sl;
        syntax_slots(it.n, &sl);
        /* the last child pushed first: popped in source order */
        for (unsigned i = sl.nl; i-- > 0;)
            for (uint32_t j = sl.lists[i]->n; j-- > 0;)
                if (sl.lists[i]->v[j]) vec_push(&todo, ((Item){sl.lists[i]->v[j], in_body}));
        for (unsigned i = sl.n1; i-- > 0;)
            if (*sl.one[i]) vec_push(&todo, ((Item){*sl.one[i], in_body}));
    }
    vec_free(&todo);
}
