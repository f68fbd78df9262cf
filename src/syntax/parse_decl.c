/* Declarations: import/const/var/type specs and function declarations. */
#include "parser_internal.h"

static Node *parse_import_spec(Parser *p) {
    Node *name = NULL;
    if (p->tok == T_IDENT) {
        name = parse_ident(p);
    } else if (p->tok == T_PERIOD) {
        name = new_ident(p, p->pos, intern_cstr(p->names, "."));
        next(p);
    }
    Pos pos = p->pos, end = p->pos;
    Node *path = new_node(p, N_BasicLit, pos, end);
    path->tok = T_STRING;
    path->u.lit.value = "";
    if (p->tok == T_STRING) {
        path->u.lit.value = tok_lit(p);
        path->u.lit.len = tok_litlen(p);
        path->end = tok_end(p);
        next(p);
    } else if (p->tok >= T_INT && p->tok <= T_STRING) {
        error_at(p, pos, "import path must be a string");
        next(p);
    } else {
        error_at(p, pos, "missing import path");
        advance_to(p, expr_end);
    }
    expect_semi(p);
    Node *n = new_node(p, N_ImportSpec, name ? name->pos : path->pos, path->end);
    n->u.importspec.name = name;
    n->u.importspec.path = path;
    return n;
}

static Node *parse_value_spec(Parser *p, Token keyword) {
    size_t mark = p->stack_len;
    push(p, parse_ident(p));
    while (p->tok == T_COMMA) {
        next(p);
        push(p, parse_ident(p));
    }
    NodeList names = pop_list(p, mark);
    Node *typ = NULL;
    NodeList values = {0};
    if (keyword == T_CONST) {
        if (p->tok != T_EOF && p->tok != T_SEMICOLON && p->tok != T_RPAREN) {
            typ = try_ident_or_type(p);
            if (p->tok == T_ASSIGN) {
                next(p);
                values = parse_list(p, true);
            }
        }
    } else {
        if (p->tok != T_ASSIGN) typ = parse_type(p);
        if (p->tok == T_ASSIGN) {
            next(p);
            values = parse_list(p, true);
        }
    }
    expect_semi(p);
    Pos end = values.n ? values.v[values.n - 1]->end : typ ? typ->end : names.v[names.n - 1]->end;
    Node *n = new_node(p, N_ValueSpec, names.v[0]->pos, end);
    n->u.valuespec.names = names;
    n->u.valuespec.type = typ;
    n->u.valuespec.values = values;
    return n;
}

static bool is_type_elem(Node *x) {
    switch (x->kind) {
    case N_ArrayType: case N_StructType: case N_FuncType: case N_InterfaceType: case N_MapType:
    case N_ChanType:
        return true;
    case N_BinaryExpr: return is_type_elem(x->u.binary.x) || is_type_elem(x->u.binary.y);
    case N_UnaryExpr: return x->tok == T_TILDE;
    case N_ParenExpr: return is_type_elem(x->u.paren.x);
    default: return false;
    }
}

/* In "type T[P C]" the bracket could open an array length or a type parameter
   list; split an expression like "P *C" or "P C|D" into name and constraint. */
static Node *extract_name(Parser *p, Node *x, bool force, Node **ptype) {
    *ptype = x;
    switch (x->kind) {
    case N_Ident:
        *ptype = NULL;
        return x;
    case N_BinaryExpr:
        if (x->tok == T_MUL) {
            Node *name = x->u.binary.x;
            if (name->kind == N_Ident && (force || is_type_elem(x->u.binary.y))) {
                Node *s = new_node(p, N_StarExpr, x->op, x->u.binary.y->end);
                s->op = x->op;
                s->u.star.x = x->u.binary.y;
                *ptype = s;
                return name;
            }
        } else if (x->tok == T_OR) {
            Node *lhs;
            Node *name = extract_name(p, x->u.binary.x, force || is_type_elem(x->u.binary.y), &lhs);
            if (name && lhs) {
                Node *op = new_node(p, N_BinaryExpr, lhs->pos, x->end);
                *op = *x;
                op->pos = lhs->pos;
                op->u.binary.x = lhs;
                *ptype = op;
                return name;
            }
        }
        break;
    case N_CallExpr: {
        Node *name = x->u.call.fun;
        if (name->kind == N_Ident && x->u.call.args.n == 1 && !x->u.call.ellipsis &&
            (force || is_type_elem(x->u.call.args.v[0]))) {
            Node *pe = new_node(p, N_ParenExpr, x->op, x->end);
            pe->op = x->end - 1;
            pe->u.paren.x = x->u.call.args.v[0];
            *ptype = pe;
            return name;
        }
        break;
    }
    default: break;
    }
    return NULL;
}

static void parse_generic_type(Parser *p, Node *spec, Pos open, Node *name0, Node *typ0) {
    NodeList list = parse_parameter_list(p, name0, typ0, T_RBRACK, false);
    Pos close = expect(p, T_RBRACK);
    spec->u.typespec.tparams = new_field_list(p, open, list, close);
    if (p->tok == T_ASSIGN) {
        spec->flags |= NF_ALIAS;
        spec->op = p->pos;
        next(p);
    }
    spec->u.typespec.type = parse_type(p);
}

static Node *parse_type_spec(Parser *p) {
    Node *name = parse_ident(p);
    Node *spec = new_node(p, N_TypeSpec, name->pos, NOPOS);
    spec->u.typespec.name = name;
    /* recorded before its type is parsed: source order even for a type
       declared inside another's type expression */
    if (p->bodies) vec_push(&p->local_types, spec);
    if (p->tok == T_LBRACK) {
        Pos lbrack = p->pos;
        next(p);
        if (p->tok == T_IDENT) {
            Node *x = parse_ident(p);
            if (p->tok != T_LBRACK) {
                p->expr_lev++;
                Node *lhs = parse_primary_expr(p, x);
                x = parse_binary_expr(p, lhs, 1);
                p->expr_lev--;
            }
            Node *ptype;
            Node *pname = extract_name(p, x, p->tok == T_COMMA, &ptype);
            if (pname && (ptype || p->tok != T_RBRACK)) {
                parse_generic_type(p, spec, lbrack, pname, ptype);
            } else {
                spec->u.typespec.type = parse_array_type(p, lbrack, x);
            }
        } else {
            spec->u.typespec.type = parse_array_type(p, lbrack, NULL);
        }
    } else {
        if (p->tok == T_ASSIGN) {
            spec->flags |= NF_ALIAS;
            spec->op = p->pos;
            next(p);
        }
        spec->u.typespec.type = parse_type(p);
    }
    expect_semi(p);
    spec->end = spec->u.typespec.type->end;
    return spec;
}

static Node *parse_spec(Parser *p, Token keyword) {
    switch (keyword) {
    case T_IMPORT: return parse_import_spec(p);
    case T_TYPE: return parse_type_spec(p);
    default: return parse_value_spec(p, keyword);
    }
}

Node *parse_gen_decl(Parser *p, Token keyword) {
    Pos pos = expect(p, keyword);
    Pos lparen = NOPOS, rparen = NOPOS;
    size_t mark = p->stack_len;
    if (p->tok == T_LPAREN) {
        lparen = p->pos;
        next(p);
        ListCtx outer = enter_list(p, "grouped declaration", ")");
        while (p->tok != T_RPAREN && p->tok != T_EOF) push(p, parse_spec(p, keyword));
        leave_list(p, outer);
        rparen = expect(p, T_RPAREN);
        expect_semi(p);
    } else {
        push(p, parse_spec(p, keyword));
    }
    NodeList specs = pop_list(p, mark);
    Node *n = new_node(p, N_GenDecl, pos, rparen ? rparen + 1 : specs.n ? specs.v[0]->end : NOPOS);
    n->tok = (uint8_t)keyword;
    n->op = pos;
    n->u.gendecl.specs = specs;
    n->u.gendecl.lparen = lparen;
    n->u.gendecl.rparen = rparen;
    return n;
}

Node *parse_func_decl(Parser *p) {
    Pos pos = expect(p, T_FUNC);
    Node *recv = NULL, *tparams = NULL, *body = NULL;
    if (p->tok == T_LPAREN) recv = parse_parameters(p, false);
    Node *name = parse_ident(p);
    if (p->tok == T_LBRACK) tparams = parse_type_parameters(p);
    Node *params = parse_parameters(p, false);
    Node *results = parse_parameters(p, true);
    if (p->tok == T_LBRACE) {
        body = parse_body(p);
        expect_semi(p);
    } else if (p->tok == T_SEMICOLON) {
        next(p);
        if (p->tok == T_LBRACE) {
            error_at(p, p->pos, "unexpected semicolon or newline before {");
            body = parse_body(p);
            expect_semi(p);
        }
    } else {
        expect_semi(p);
    }
    Node *type = new_func_decl_type(p, pos, tparams, params, results);
    Node *n = new_node(p, N_FuncDecl, type->pos, body ? body->end : type->end);
    n->u.funcdecl.recv = recv;
    n->u.funcdecl.name = name;
    n->u.funcdecl.type = type;
    n->u.funcdecl.body = body;
    return n;
}
