/* Errors found from the syntax once the checker has declared everything:
   local variables declared and not used, imports not used, functions with
   results whose body can end without a return ("missing return"). Each check
   errs on the side of silence: a name counts as used wherever it appears as
   an identifier in a use position, whatever it denotes there. */
#include "check.h"
#include "base/util.h"
#include <string.h>

/* ---------------------------------------------------------------- walking */

typedef void (*VisitFn)(void *data, Node *n);

static void visit_list(NodeList l, VisitFn f, void *data) {
    for (uint32_t i = 0; i < l.n; i++)
        if (l.v[i]) f(data, l.v[i]);
}

#define V(x) do { if (x) f(data, (x)); } while (0)

/* Calls f on every direct child of n. */
static void children(Node *n, VisitFn f, void *data) {
    switch ((NodeKind)n->kind) {
    case N_Ellipsis: V(n->u.ellipsis.elt); break;
    case N_FuncLit: V(n->u.funclit.type); V(n->u.funclit.body); break;
    case N_CompositeLit: V(n->u.composite.type); visit_list(n->u.composite.elts, f, data); break;
    case N_ParenExpr: V(n->u.paren.x); break;
    case N_SelectorExpr: V(n->u.selector.x); V(n->u.selector.sel); break;
    case N_IndexExpr: case N_IndexListExpr: V(n->u.index.x); visit_list(n->u.index.indices, f, data); break;
    case N_SliceExpr: V(n->u.slice.x); V(n->u.slice.low); V(n->u.slice.high); V(n->u.slice.max); break;
    case N_TypeAssertExpr: V(n->u.assert.x); V(n->u.assert.type); break;
    case N_CallExpr: V(n->u.call.fun); visit_list(n->u.call.args, f, data); break;
    case N_StarExpr: V(n->u.star.x); break;
    case N_UnaryExpr: V(n->u.unary.x); break;
    case N_BinaryExpr: V(n->u.binary.x); V(n->u.binary.y); break;
    case N_KeyValueExpr: V(n->u.kv.key); V(n->u.kv.value); break;
    case N_ArrayType: V(n->u.array.len); V(n->u.array.elt); break;
    case N_StructType: V(n->u.structtype.fields); break;
    case N_FuncType: V(n->u.functype.tparams); V(n->u.functype.params); V(n->u.functype.results); break;
    case N_InterfaceType: V(n->u.iface.methods); break;
    case N_MapType: V(n->u.map.key); V(n->u.map.value); break;
    case N_ChanType: V(n->u.chan.value); break;
    case N_Field: visit_list(n->u.field.names, f, data); V(n->u.field.type); V(n->u.field.tag); break;
    case N_FieldList: visit_list(n->u.fieldlist.list, f, data); break;
    case N_DeclStmt: V(n->u.declstmt.decl); break;
    case N_LabeledStmt: V(n->u.labeled.label); V(n->u.labeled.stmt); break;
    case N_ExprStmt: V(n->u.exprstmt.x); break;
    case N_SendStmt: V(n->u.send.chan); V(n->u.send.value); break;
    case N_IncDecStmt: V(n->u.incdec.x); break;
    case N_AssignStmt: visit_list(n->u.assign.lhs, f, data); visit_list(n->u.assign.rhs, f, data); break;
    case N_GoStmt: case N_DeferStmt: V(n->u.gostmt.call); break;
    case N_ReturnStmt: visit_list(n->u.ret.results, f, data); break;
    case N_BranchStmt: V(n->u.branch.label); break;
    case N_BlockStmt: visit_list(n->u.block.list, f, data); break;
    case N_IfStmt: V(n->u.ifstmt.init); V(n->u.ifstmt.cond); V(n->u.ifstmt.body); V(n->u.ifstmt.els); break;
    case N_CaseClause: visit_list(n->u.caseclause.list, f, data); visit_list(n->u.caseclause.body, f, data); break;
    case N_SwitchStmt: case N_TypeSwitchStmt:
        V(n->u.switchstmt.init); V(n->u.switchstmt.tag); V(n->u.switchstmt.body); break;
    case N_CommClause: V(n->u.commclause.comm); visit_list(n->u.commclause.body, f, data); break;
    case N_SelectStmt: V(n->u.selectstmt.body); break;
    case N_ForStmt: V(n->u.forstmt.init); V(n->u.forstmt.cond); V(n->u.forstmt.post); V(n->u.forstmt.body); break;
    case N_RangeStmt: V(n->u.rangestmt.key); V(n->u.rangestmt.value); V(n->u.rangestmt.x); V(n->u.rangestmt.body); break;
    case N_ImportSpec: V(n->u.importspec.name); V(n->u.importspec.path); break;
    case N_ValueSpec: visit_list(n->u.valuespec.names, f, data); V(n->u.valuespec.type);
        visit_list(n->u.valuespec.values, f, data); break;
    case N_TypeSpec: V(n->u.typespec.name); V(n->u.typespec.tparams); V(n->u.typespec.type); break;
    case N_GenDecl: visit_list(n->u.gendecl.specs, f, data); break;
    case N_FuncDecl: V(n->u.funcdecl.recv); V(n->u.funcdecl.name); V(n->u.funcdecl.type); V(n->u.funcdecl.body); break;
    case N_File: V(n->u.file.name); visit_list(n->u.file.decls, f, data); break;
    default: break;
    }
}
#undef V

/* ---------------------------------------------------------------- uses */

/* Collects the names of identifiers in use positions: not the variables
   a := or var declares, not a bare variable assigned to with = or range. */
static void collect_uses(void *data, Node *n) {
    PtrMap *names = data;
    switch ((NodeKind)n->kind) {
    case N_Ident: ptrmap_put(names, n->u.ident.name, n); return;
    case N_AssignStmt:
        if (n->tok == T_DEFINE || n->tok == T_ASSIGN) {
            for (uint32_t i = 0; i < n->u.assign.lhs.n; i++)
                if (n->u.assign.lhs.v[i]->kind != N_Ident) collect_uses(data, n->u.assign.lhs.v[i]);
            visit_list(n->u.assign.rhs, collect_uses, data);
            return;
        }
        break;
    case N_ValueSpec:
        if (n->u.valuespec.type) collect_uses(data, n->u.valuespec.type);
        visit_list(n->u.valuespec.values, collect_uses, data);
        return;
    case N_RangeStmt:
        if (n->tok == T_DEFINE || n->tok == T_ASSIGN) {
            Node *k = n->u.rangestmt.key, *v = n->u.rangestmt.value;
            if (k && k->kind != N_Ident) collect_uses(data, k);
            if (v && v->kind != N_Ident) collect_uses(data, v);
            collect_uses(data, n->u.rangestmt.x);
            collect_uses(data, n->u.rangestmt.body);
            return;
        }
        break;
    default: break;
    }
    children(n, collect_uses, data);
}

void check_local_declared(Checker *c, Node *id, Object *o) {
    if (!c->sig || !o || o->kind != OBJ_VAR || o->var_kind != VAR_LOCAL || !id || id->kind != N_Ident) return;
    if (o->name[0] == '_' && o->name[1] == 0) return;
    vec_push(&c->locals, o);
}

void check_unused_vars(Checker *c, Node *body) {
    if (c->locals.len) {
        PtrMap uses = {0}, done = {0};
        collect_uses(&uses, body);
        for (size_t i = 0; i < c->locals.len; i++) {
            Object *o = c->locals.data[i];
            const void *at = (const void *)(uintptr_t)o->pos;   /* positions are > 0 */
            if (ptrmap_get(&uses, o->name) || !o->file || ptrmap_get(&done, at)) continue;
            ptrmap_put(&done, at, o);
            diag_add(c->diags, o->file, o->pos, "declared and not used: %s", o->name);
            c->stats->errors++;
        }
        ptrmap_free(&uses);
        ptrmap_free(&done);
    }
    c->locals.len = 0;
}

/* ---------------------------------------------------------------- imports */

static void collect_idents(void *data, Node *n) {
    if (n->kind == N_ImportSpec) return;
    if (n->kind == N_LabeledStmt) {
        collect_idents(data, n->u.labeled.stmt);
        return;
    }
    if (n->kind == N_BranchStmt) return;
    if (n->kind == N_Ident) ptrmap_put(data, n->u.ident.name, n);
    children(n, collect_idents, data);
}

static void unused_imports(Checker *c, AstFile *f) {
    PtrMap names = {0};
    bool scanned = false;
    NodeList decls = f->root->u.file.decls;
    for (uint32_t i = 0; i < decls.n; i++) {
        Node *d = decls.v[i];
        if (d->kind != N_GenDecl || d->tok != T_IMPORT) continue;
        for (uint32_t k = 0; k < d->u.gendecl.specs.n; k++) {
            Node *spec = d->u.gendecl.specs.v[k];
            Node *nm = spec->u.importspec.name, *lit = spec->u.importspec.path;
            if (nm && strcmp(nm->u.ident.name, "_") == 0) continue;
            if (nm && strcmp(nm->u.ident.name, ".") == 0) {
                const Const *pv = const_from_literal(c->pkg->consts, T_STRING, lit->u.lit.value, lit->u.lit.len);
                size_t plen;
                const char *path = const_string_val(pv, &plen);
                Pkg *imp = NULL;
                if (path && strcmp(path, "unsafe") != 0 && strcmp(path, "C") != 0 && c->imp && c->imp->fn)
                    imp = c->imp->fn(c->imp->data, path);
                if (!imp) continue;
                if (!scanned) {
                    collect_idents(&names, f->root);
                    scanned = true;
                }
                Scope *ps = imp->scope;
                bool used = false;
                for (uint32_t j = 0; j < ps->n && !used; j++)
                    used = obj_exported(ps->objs[j]) && ptrmap_get(&names, ps->objs[j]->name);
                if (!used) {
                    diag_add(c->diags, f->src, lit->pos, "\"%s\" imported and not used", imp->path);
                    c->stats->errors++;
                }
                continue;
            }
            /* the package name the import declares: find it in the file scope */
            Object *pn = NULL;
            for (Scope *fs = c->pkg->scope->first_child; fs && !pn; fs = fs->next_sibling) {
                if (fs->file != f->src) continue;
                for (uint32_t j = 0; j < fs->n; j++) {
                    Object *o = fs->objs[j];
                    if (o->kind == OBJ_PKGNAME && o->file == f->src && o->pos == (nm ? nm->pos : spec->pos)) pn = o;
                }
            }
            if (!pn || (pn->flags & OF_USED) || !pn->u.imported) continue;
            if (strcmp(pn->u.imported->path, "C") == 0) continue;
            if (!scanned) {
                collect_idents(&names, f->root);
                scanned = true;
            }
            if (ptrmap_get(&names, pn->name)) continue;
            const char *path = pn->u.imported->path;
            if (nm && strcmp(nm->u.ident.name, pn->u.imported->name) != 0)
                diag_add(c->diags, f->src, lit->pos, "\"%s\" imported as %s and not used", path, nm->u.ident.name);
            else diag_add(c->diags, f->src, lit->pos, "\"%s\" imported and not used", path);
            c->stats->errors++;
        }
    }
    ptrmap_free(&names);
}

/* ---------------------------------------------------------------- missing return */

typedef struct BreakSearch {
    const char *label;  /* the statement's label, or NULL */
    bool nested;        /* inside another for, switch or select */
    bool found;
} BreakSearch;

/* Whether a break inside n leaves the enclosing statement: an unlabeled
   break not nested in another for, switch or select, or a labeled one. */
static void find_break(void *data, Node *n) {
    BreakSearch *b = data;
    if (b->found) return;
    switch ((NodeKind)n->kind) {
    case N_BranchStmt:
        if (n->tok == T_BREAK) {
            Node *l = n->u.branch.label;
            if (l ? b->label && l->u.ident.name == b->label : !b->nested) b->found = true;
        }
        return;
    case N_ForStmt: case N_RangeStmt: case N_SwitchStmt: case N_TypeSwitchStmt: case N_SelectStmt: {
        if (!b->label) return;
        BreakSearch inner = {b->label, true, false};
        children(n, find_break, &inner);
        if (inner.found) b->found = true;
        return;
    }
    default:
        if (n->kind <= N_FieldList) return;   /* expressions and types hold no breaks */
        children(n, find_break, data);
    }
}

static bool has_break(Node *s, const char *label) {
    BreakSearch b = {label, false, false};
    find_break(&b, s);
    return b.found;
}

static bool terminating(Node *s, const char *label);

static bool terminating_list(NodeList l) {
    uint32_t n = l.n;
    while (n && l.v[n - 1]->kind == N_EmptyStmt) n--;
    return n && terminating(l.v[n - 1], NULL);
}

/* The spec's terminating statements; label: the statement's own label. */
static bool terminating(Node *s, const char *label) {
    switch ((NodeKind)s->kind) {
    case N_ReturnStmt: return true;
    case N_BranchStmt: return s->tok == T_GOTO || s->tok == T_FALLTHROUGH;
    case N_ExprStmt: {
        Node *x = s->u.exprstmt.x;
        while (x->kind == N_ParenExpr) x = x->u.paren.x;
        if (x->kind != N_CallExpr) return false;
        Node *f = x->u.call.fun;
        while (f->kind == N_ParenExpr) f = f->u.paren.x;
        /* panic (or a function of that name: unsure, so terminating) */
        return f->kind == N_Ident && strcmp(f->u.ident.name, "panic") == 0;
    }
    case N_BlockStmt: return terminating_list(s->u.block.list);
    case N_IfStmt:
        return s->u.ifstmt.els && terminating(s->u.ifstmt.body, NULL) && terminating(s->u.ifstmt.els, NULL);
    case N_LabeledStmt: return terminating(s->u.labeled.stmt, s->u.labeled.label->u.ident.name);
    case N_ForStmt: return !s->u.forstmt.cond && !has_break(s->u.forstmt.body, label);
    case N_SwitchStmt: case N_TypeSwitchStmt: case N_SelectStmt: {
        Node *body = s->kind == N_SelectStmt ? s->u.selectstmt.body : s->u.switchstmt.body;
        bool dflt = s->kind == N_SelectStmt;
        NodeList cl = body->u.block.list;
        for (uint32_t i = 0; i < cl.n; i++) {
            Node *cc = cl.v[i];
            NodeList b;
            if (cc->kind == N_CaseClause) {
                if (!cc->u.caseclause.list.n) dflt = true;
                b = cc->u.caseclause.body;
            } else {
                b = cc->u.commclause.body;
            }
            if (!terminating_list(b)) return false;
            for (uint32_t k = 0; k < b.n; k++)
                if (has_break(b.v[k], label)) return false;
        }
        return dflt;
    }
    default: return false;
    }
}

static void missing_return(Checker *c, const SourceFile *src, Node *ftype, Node *body) {
    Node *res = ftype->u.functype.results;
    if (!body || !res || !res->u.fieldlist.list.n) return;
    if (terminating_list(body->u.block.list)) return;
    Pos at = body->u.block.list.n || !body->op ? body->op : body->op;
    if (!at) return;
    diag_add(c->diags, src, at, "missing return");
    c->stats->errors++;
}

/* ---------------------------------------------------------------- branches */

enum { IN_LOOP = 1, IN_BREAKABLE = 2 };

typedef struct Enclosing {
    const char *label;
    unsigned kind;              /* IN_LOOP | IN_BREAKABLE, or 0 */
    const struct Enclosing *next;
} Enclosing;

typedef struct BlockPos { Node **list; uint32_t n, idx; } BlockPos;

typedef struct Branches {
    Checker *c;
    const SourceFile *src;
    PtrMap labels;              /* name -> LabeledStmt, for the whole body */
    PtrMap used;                /* name -> a branch naming it */
    PtrMap where;               /* name -> BlockPos of its labeled statement */
    VEC(BlockPos) blocks;       /* statement lists being walked, innermost last */
} Branches;

static void branch_error(Branches *b, Pos pos, const char *fmt, const char *name) {
    diag_add(b->c->diags, b->src, pos, fmt, name);
    b->c->stats->errors++;
}

static void collect_label_defs(Branches *b, Node *s);

static void collect_label_list(Branches *b, NodeList l) {
    for (uint32_t i = 0; i < l.n; i++) {
        Node *s = l.v[i];
        while (s && s->kind == N_LabeledStmt) {
            const char *name = s->u.labeled.label->u.ident.name;
            if (!ptrmap_get(&b->where, name)) {
                BlockPos *p = xmalloc(sizeof *p);
                *p = (BlockPos){l.v, l.n, i};
                ptrmap_put(&b->where, name, p);
            }
            if (!ptrmap_get(&b->labels, name) && !(name[0] == '_' && !name[1])) ptrmap_put(&b->labels, name, s);
            s = s->u.labeled.stmt;
        }
        collect_label_defs(b, s);
    }
}

static void collect_label_defs(Branches *b, Node *s) {
    if (!s) return;
    switch ((NodeKind)s->kind) {
    case N_BlockStmt: collect_label_list(b, s->u.block.list); return;
    case N_IfStmt: collect_label_defs(b, s->u.ifstmt.body); collect_label_defs(b, s->u.ifstmt.els); return;
    case N_SwitchStmt: case N_TypeSwitchStmt: collect_label_defs(b, s->u.switchstmt.body); return;
    case N_SelectStmt: collect_label_defs(b, s->u.selectstmt.body); return;
    case N_ForStmt: collect_label_defs(b, s->u.forstmt.body); return;
    case N_RangeStmt: collect_label_defs(b, s->u.rangestmt.body); return;
    case N_CaseClause: collect_label_list(b, s->u.caseclause.body); return;
    case N_CommClause: collect_label_list(b, s->u.commclause.body); return;
    default: return;
    }
}

static bool declares_var(Node *s) {
    if (s->kind == N_AssignStmt) return s->tok == T_DEFINE;
    return s->kind == N_DeclStmt && s->u.declstmt.decl->kind == N_GenDecl && s->u.declstmt.decl->tok == T_VAR;
}

static void check_goto(Branches *b, Node *s, const char *name) {
    BlockPos *p = ptrmap_get(&b->where, name);
    if (!p) return;
    for (size_t k = b->blocks.len; k-- > 0;) {
        BlockPos *q = &b->blocks.data[k];
        if (q->list != p->list) continue;
        for (uint32_t i = q->idx + 1; i < p->idx && i < p->n; i++)
            if (declares_var(p->list[i])) {
                branch_error(b, s->pos, "goto %s jumps over variable declaration", name);
                return;
            }
        return;
    }
    branch_error(b, s->pos, "goto %s jumps into block", name);
}

static void branch_stmt(Branches *b, Node *s, unsigned ctx, const Enclosing *enc, const char *label, int ft);

static void branch_list(Branches *b, NodeList l, unsigned ctx, const Enclosing *enc, int ft_last) {
    uint32_t last = l.n;
    while (last && l.v[last - 1]->kind == N_EmptyStmt) last--;
    vec_push(&b->blocks, ((BlockPos){l.v, l.n, 0}));
    size_t me = b->blocks.len - 1;
    for (uint32_t i = 0; i < l.n; i++) {
        b->blocks.data[me].idx = i;
        branch_stmt(b, l.v[i], ctx, enc, NULL, i + 1 == last ? ft_last : 0);
    }
    b->blocks.len = me;
}

/* ft: 1 where fallthrough is allowed, 2 in a switch's final case, 0 elsewhere. */
static void branch_stmt(Branches *b, Node *s, unsigned ctx, const Enclosing *enc, const char *label, int ft) {
    if (!s) return;
    switch ((NodeKind)s->kind) {
    case N_LabeledStmt:
        branch_stmt(b, s->u.labeled.stmt, ctx, enc, s->u.labeled.label->u.ident.name, ft);
        return;
    case N_BranchStmt: {
        Node *l = s->u.branch.label;
        const char *name = l ? l->u.ident.name : NULL;
        if (name) ptrmap_put(&b->used, name, s);
        switch (s->tok) {
        case T_BREAK:
        case T_CONTINUE: {
            bool brk = s->tok == T_BREAK;
            unsigned need = brk ? IN_BREAKABLE : IN_LOOP;
            if (!name) {
                if (!(ctx & need))
                    branch_error(b, s->pos, brk ? "break is not in a loop, switch, or select%s" : "continue is not in a loop%s", "");
                return;
            }
            const Enclosing *e = enc;
            while (e && e->label != name) e = e->next;
            if (e && (e->kind & need)) return;
            if (!ptrmap_get(&b->labels, name))
                branch_error(b, l->pos, brk ? "break label not defined: %s" : "continue label not defined: %s", name);
            else
                branch_error(b, l->pos, brk ? "invalid break label %s" : "invalid continue label %s", name);
            return;
        }
        case T_GOTO:
            if (name && !ptrmap_get(&b->labels, name)) branch_error(b, l->pos, "label %s not defined", name);
            else if (name) check_goto(b, s, name);
            return;
        case T_FALLTHROUGH:
            if (ft == 2) branch_error(b, s->pos, "cannot fallthrough final case in switch%s", "");
            else if (ft != 1) branch_error(b, s->pos, "fallthrough statement out of place%s", "");
            return;
        default: return;
        }
    }
    case N_BlockStmt: branch_list(b, s->u.block.list, ctx, enc, 0); return;
    case N_IfStmt: branch_stmt(b, s->u.ifstmt.body, ctx, enc, NULL, 0); branch_stmt(b, s->u.ifstmt.els, ctx, enc, NULL, 0); return;
    case N_ForStmt: case N_RangeStmt: {
        Enclosing e = {label, IN_LOOP | IN_BREAKABLE, enc};
        branch_stmt(b, s->kind == N_ForStmt ? s->u.forstmt.body : s->u.rangestmt.body, ctx | IN_LOOP | IN_BREAKABLE, &e, NULL, 0);
        return;
    }
    case N_SwitchStmt: case N_TypeSwitchStmt: case N_SelectStmt: {
        Enclosing e = {label, IN_BREAKABLE, enc};
        Node *body = s->kind == N_SelectStmt ? s->u.selectstmt.body : s->u.switchstmt.body;
        NodeList cl = body->u.block.list;
        for (uint32_t i = 0; i < cl.n; i++) {
            Node *cc = cl.v[i];
            int cft = s->kind == N_SwitchStmt ? (i + 1 == cl.n ? 2 : 1) : 0;
            if (cc->kind == N_CaseClause) branch_list(b, cc->u.caseclause.body, ctx | IN_BREAKABLE, &e, cft);
            else if (cc->kind == N_CommClause) branch_list(b, cc->u.commclause.body, ctx | IN_BREAKABLE, &e, 0);
        }
        return;
    }
    default: return;
    }
}

static void check_branches(Checker *c, const SourceFile *src, Node *body) {
    if (!body) return;
    Branches b = {c, src, {0}, {0}, {0}, {0}};
    collect_label_defs(&b, body);
    branch_list(&b, body->u.block.list, 0, NULL, 0);
    for (size_t i = 0; i < b.labels.cap; i++) {
        if (!b.labels.keys[i]) continue;
        Node *ls = b.labels.vals[i];
        const char *name = ls->u.labeled.label->u.ident.name;
        if (name[0] == '_' && !name[1]) continue;
        if (!ptrmap_get(&b.used, name)) branch_error(&b, ls->u.labeled.label->pos, "label %s defined and not used", name);
    }
    for (size_t i = 0; i < b.where.cap; i++)
        if (b.where.keys[i]) free(b.where.vals[i]);
    ptrmap_free(&b.where);
    vec_free(&b.blocks);
    ptrmap_free(&b.labels);
    ptrmap_free(&b.used);
}

static void func_errors(Checker *c, const SourceFile *src, Node *ftype, Node *body) {
    missing_return(c, src, ftype, body);
    check_branches(c, src, body);
}

/* Every function of a tree, found by walking all of it. */
static void find_returns(void *data, Node *n) {
    void **d = data;
    if (n->kind == N_FuncLit) func_errors(d[0], d[1], n->u.funclit.type, n->u.funclit.body);
    if (n->kind == N_FuncDecl) func_errors(d[0], d[1], n->u.funcdecl.type, n->u.funcdecl.body);
    children(n, find_returns, data);
}

/* Function directives (//go:noinline, ...) apply only to the function
   declaration they precede; //go:build only in the file header. */
static bool func_directive(const char *t, uint32_t n) {
    static const char *const names[] = {"noinline", "nosplit", "noescape", "norace", "nocheckptr", "systemstack",
                                        "nowritebarrier", "nowritebarrierrec", "yeswritebarrierrec",
                                        "uintptrkeepalive", "uintptrescapes", "registerparams"};
    if (n < 6 || memcmp(t, "//go:", 5) != 0) return false;
    uint32_t w = 5;
    while (w < n && t[w] != ' ' && t[w] != '\t') w++;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == w - 5 && memcmp(t + 5, names[i], w - 5) == 0) return true;
    return false;
}

static void misplaced_directives(Checker *c, AstFile *f) {
    PtrMap attached = {0};
    NodeList decls = f->root->u.file.decls;
    for (uint32_t i = 0; i < decls.n; i++) {
        Node *d = decls.v[i];
        Pragmas *pr = d->kind == N_FuncDecl ? d->u.funcdecl.pragmas : NULL;
        for (uint32_t k = 0; pr && k < pr->n; k++) ptrmap_put(&attached, (const void *)(uintptr_t)pr->v[k].pos, d);
    }
    /* //go:embed: on package-level variables, in files importing "embed" */
    PtrMap on_var = {0};
    bool imports_embed = false;
    for (uint32_t i = 0; i < decls.n; i++) {
        Node *d = decls.v[i];
        if (d->kind != N_GenDecl) continue;
        if (d->tok == T_IMPORT)
            for (uint32_t k = 0; k < d->u.gendecl.specs.n; k++) {
                Node *lit = d->u.gendecl.specs.v[k]->u.importspec.path;
                if (lit->u.lit.len == 7 && memcmp(lit->u.lit.value, "\"embed\"", 7) == 0) imports_embed = true;
            }
        Pragmas *pr = d->tok == T_VAR ? d->u.gendecl.pragmas : NULL;
        for (uint32_t k = 0; pr && k < pr->n; k++) ptrmap_put(&on_var, (const void *)(uintptr_t)pr->v[k].pos, d);
    }
    bool runtime = strcmp(c->pkg->path, "runtime") == 0;
    for (size_t i = 0; i < f->ncomments; i++) {
        const Comment *cm = &f->comments[i];
        if (cm->len > 10 && memcmp(cm->text, "//go:embed", 10) == 0 && (cm->text[10] == ' ' || cm->text[10] == '\t')) {
            if (check_lang_before(c, 16)) {
                diag_add(c->diags, f->src, cm->pos, "go:embed requires go1.16 or later (-lang was set to %s; check go.mod)",
                         c->pkg->go_version);
                c->stats->errors++;
            } else if (!ptrmap_get(&on_var, (const void *)(uintptr_t)cm->pos)) {
                diag_add(c->diags, f->src, cm->pos, "misplaced compiler directive");
                c->stats->errors++;
            } else if (!imports_embed) {
                diag_add(c->diags, f->src, cm->pos, "go:embed only allowed in Go files that import \"embed\"");
                c->stats->errors++;
            }
            continue;
        }
        if (!runtime && cm->line_start && ptrmap_get(&attached, (const void *)(uintptr_t)cm->pos)) {
            static const char *const rt[] = {"//go:nowritebarrier", "//go:nowritebarrierrec", "//go:yeswritebarrierrec",
                                             "//go:systemstack"};
            for (size_t k = 0; k < sizeof rt / sizeof *rt; k++) {
                size_t n = strlen(rt[k]);
                if (cm->len >= n && memcmp(cm->text, rt[k], n) == 0 &&
                    (cm->len == n || cm->text[n] == ' ' || cm->text[n] == '\t')) {
                    diag_add(c->diags, f->src, cm->pos, "%.*s only allowed in runtime", (int)n - 2, cm->text + 2);
                    c->stats->errors++;
                }
            }
        }
        bool build = cm->len >= 10 && memcmp(cm->text, "//go:build", 10) == 0 &&
                     (cm->len == 10 || cm->text[10] == ' ' || cm->text[10] == '\t');
        if (build ? cm->pos > f->root->pos
                  : func_directive(cm->text, cm->len) && !ptrmap_get(&attached, (const void *)(uintptr_t)cm->pos)) {
            diag_add(c->diags, f->src, cm->pos, "misplaced compiler directive");
            c->stats->errors++;
        }
    }
    ptrmap_free(&attached);
    ptrmap_free(&on_var);
}

/* Whether the checker went through the bodies of all the files' func
   literals (it may meet one twice: those are dropped): then these and the
   top-level declarations are all the functions, and no walk of every node
   has to look for them. */
static bool all_funclits_checked(Checker *c, AstFile **files, size_t nfiles) {
    size_t want = 0;
    for (size_t i = 0; i < nfiles; i++)
        if (files[i]->root) want += files[i]->nfunclits;
    if (c->funclits.len < want) return false;
    PtrMap seen = {0};
    size_t k = 0;
    for (size_t i = 0; i < c->funclits.len; i++) {
        FuncLitSeen s = c->funclits.data[i];
        if (!s.file) {
            ptrmap_free(&seen);
            return false;
        }
        if (ptrmap_get(&seen, s.lit)) continue;
        ptrmap_put(&seen, s.lit, s.lit);
        c->funclits.data[k++] = s;
    }
    ptrmap_free(&seen);
    c->funclits.len = k;
    return k == want;
}

void check_file_errors(Checker *c, AstFile **files, size_t nfiles) {
    bool listed = all_funclits_checked(c, files, nfiles);
    for (size_t i = 0; i < nfiles; i++) {
        AstFile *f = files[i];
        if (!f->root) continue;
        unused_imports(c, f);
        misplaced_directives(c, f);
        if (!listed) {
            void *d[2] = {c, (void *)f->src};
            find_returns(d, f->root);
            continue;
        }
        NodeList decls = f->root->u.file.decls;
        for (uint32_t k = 0; k < decls.n; k++) {
            Node *fd = decls.v[k];
            if (fd->kind == N_FuncDecl) func_errors(c, f->src, fd->u.funcdecl.type, fd->u.funcdecl.body);
        }
    }
    for (size_t i = 0; listed && i < c->funclits.len; i++) {
        Node *n = c->funclits.data[i].lit;
        func_errors(c, c->funclits.data[i].file, n->u.funclit.type, n->u.funclit.body);
    }
}
