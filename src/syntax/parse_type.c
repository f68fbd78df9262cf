/* Types, parameter lists, type parameters, struct and interface types. */
#include "parser_internal.h"
#include <string.h>

Node *new_field_list(Parser *p, Pos open, NodeList list, Pos close) {
    Pos pos = open ? open : (list.n ? list.v[0]->pos : NOPOS);
    Pos end = close ? close + 1 : (list.n ? list.v[list.n - 1]->end : NOPOS);
    Node *n = new_node(p, N_FieldList, pos, end);
    n->u.fieldlist.list = list;
    if (open) n->flags |= NF_PARENS;
    return n;
}

static Node *new_field(Parser *p, NodeList names, Node *type, Node *tag) {
    Pos pos = names.n ? names.v[0]->pos : type ? type->pos : NOPOS;
    Pos end = tag ? tag->end : type ? type->end : names.n ? names.v[names.n - 1]->end : NOPOS;
    Node *f = new_node(p, N_Field, pos, end);
    f->u.field.names = names;
    f->u.field.type = type;
    f->u.field.tag = tag;
    return f;
}

static Node *new_selector(Parser *p, Node *x, Node *sel, Pos dot) {
    Node *n = new_node(p, N_SelectorExpr, x->pos, sel->end);
    n->u.selector.x = x;
    n->u.selector.sel = sel;
    n->op = dot;
    return n;
}

Node *pack_index_expr(Parser *p, Node *x, Pos lbrack, NodeList args, Pos rbrack) {
    Node *n = new_node(p, args.n == 1 ? N_IndexExpr : N_IndexListExpr, x->pos, rbrack + 1);
    n->u.index.x = x;
    n->u.index.indices = args;
    n->op = lbrack;
    return n;
}

/* A type where one is required: on failure, an error naming what was
   expected and a BadExpr spanning what was skipped. */
static Node *require_type(Parser *p, const char *what) {
    Node *t = try_ident_or_type(p);
    if (!t) {
        Pos pos = p->pos;
        error_expected(p, pos, what);
        advance_to(p, expr_end);
        return bad_expr(p, pos, p->pos);
    }
    return t;
}

Node *parse_type(Parser *p) { return require_type(p, "type"); }

Node *parse_type_name(Parser *p, Node *ident) {
    if (!ident) ident = parse_ident(p);
    if (p->tok == T_PERIOD) {
        Pos dot = p->pos;
        next(p);
        Node *sel = parse_ident(p);
        return new_selector(p, ident, sel, dot);
    }
    return ident;
}

Node *parse_qualified_ident(Parser *p, Node *ident) {
    Node *t = parse_type_name(p, ident);
    if (p->tok == T_LBRACK) t = parse_type_instance(p, t);
    return t;
}

Node *parse_type_instance(Parser *p, Node *typ) {
    Pos open = expect(p, T_LBRACK);
    p->expr_lev++;
    size_t mark = p->stack_len;
    while (p->tok != T_RBRACK && p->tok != T_EOF) {
        push(p, parse_type(p));
        if (!at_comma(p, "type argument list", T_RBRACK)) break;
        next(p);
    }
    p->expr_lev--;
    Pos close = expect_closing(p, T_RBRACK, "type argument list");
    NodeList args = pop_list(p, mark);
    if (args.n == 0) {
        error_expected(p, close, "type argument list");
        return pack_index_expr(p, typ, open, list1(p, bad_expr(p, open + 1, close)), close);
    }
    return pack_index_expr(p, typ, open, args, close);
}

Node *parse_array_type(Parser *p, Pos lbrack, Node *len) {
    if (!len) {
        p->expr_lev++;
        if (p->tok == T_ELLIPSIS) {
            len = new_node(p, N_Ellipsis, p->pos, p->pos + 3);
            next(p);
        } else if (p->tok != T_RBRACK) {
            len = parse_rhs(p);
        }
        p->expr_lev--;
    }
    if (p->tok == T_COMMA) {
        error_at(p, p->pos, "unexpected comma; expecting ]");
        next(p);
    }
    expect(p, T_RBRACK);
    Node *elt = parse_type(p);
    Node *n = new_node(p, N_ArrayType, lbrack, elt->end);
    n->u.array.len = len;
    n->u.array.elt = elt;
    return n;
}

/* After "name [": an array-typed field "name [N]T" or an embedded generic type
   "name[T1, T2]". Returns the type; *name is cleared for the embedded case. */
static Node *parse_array_field_or_instance(Parser *p, Node **name) {
    Pos lbrack = expect(p, T_LBRACK);
    Pos trailing_comma = NOPOS;
    size_t mark = p->stack_len;
    if (p->tok != T_RBRACK) {
        p->expr_lev++;
        push(p, parse_rhs(p));
        while (p->tok == T_COMMA) {
            Pos comma = p->pos;
            next(p);
            if (p->tok == T_RBRACK) {
                trailing_comma = comma;
                break;
            }
            push(p, parse_rhs(p));
        }
        p->expr_lev--;
    }
    Pos rbrack = expect(p, T_RBRACK);
    NodeList args = pop_list(p, mark);
    if (args.n == 0) {
        Node *elt = parse_type(p);
        Node *n = new_node(p, N_ArrayType, lbrack, elt->end);
        n->u.array.elt = elt;
        return n;
    }
    if (args.n == 1) {
        Node *elt = try_ident_or_type(p);
        if (elt) {
            if (trailing_comma) error_at(p, trailing_comma, "unexpected comma; expecting ]");
            Node *n = new_node(p, N_ArrayType, lbrack, elt->end);
            n->u.array.len = args.v[0];
            n->u.array.elt = elt;
            return n;
        }
    }
    Node *x = *name;
    *name = NULL;
    return pack_index_expr(p, x, lbrack, args, rbrack);
}

static Node *parse_field_decl(Parser *p) {
    NodeList names = {0};
    Node *typ = NULL;
    switch (p->tok) {
    case T_IDENT: {
        Node *name = parse_ident(p);
        if (p->tok == T_PERIOD || p->tok == T_STRING || p->tok == T_SEMICOLON || p->tok == T_RBRACE) {
            typ = name;
            if (p->tok == T_PERIOD) typ = parse_qualified_ident(p, name);
        } else {
            size_t mark = p->stack_len;
            push(p, name);
            while (p->tok == T_COMMA) {
                next(p);
                push(p, parse_ident(p));
            }
            if (p->stack_len - mark == 1 && p->tok == T_LBRACK) {
                p->stack_len = mark;
                typ = parse_array_field_or_instance(p, &name);
                if (name) names = list1(p, name);
            } else {
                names = pop_list(p, mark);
                typ = parse_type(p);
            }
        }
        break;
    }
    case T_MUL: {
        Pos star = p->pos;
        next(p);
        if (p->tok == T_LPAREN) {
            error_at(p, p->pos, "cannot parenthesize embedded type");
            next(p);
            typ = parse_qualified_ident(p, NULL);
            if (p->tok == T_RPAREN) next(p);
        } else {
            typ = parse_qualified_ident(p, NULL);
        }
        Node *s = new_node(p, N_StarExpr, star, typ->end);
        s->u.star.x = typ;
        typ = s;
        break;
    }
    case T_LPAREN:
        error_at(p, p->pos, "cannot parenthesize embedded type");
        next(p);
        if (p->tok == T_MUL) {
            Pos star = p->pos;
            next(p);
            Node *x = parse_qualified_ident(p, NULL);
            typ = new_node(p, N_StarExpr, star, x->end);
            typ->u.star.x = x;
        } else {
            typ = parse_qualified_ident(p, NULL);
        }
        if (p->tok == T_RPAREN) next(p);
        break;
    default: {
        Pos pos = p->pos;
        error_expected(p, pos, "field name or embedded type");
        advance_to(p, expr_end);
        typ = bad_expr(p, pos, p->pos);
    }
    }
    Node *tag = NULL;
    if (p->tok == T_STRING) tag = parse_basic_lit(p);
    expect_semi(p);
    return new_field(p, names, typ, tag);
}

static Node *parse_struct_type(Parser *p) {
    Pos pos = expect(p, T_STRUCT);
    Pos lbrace = expect(p, T_LBRACE);
    size_t mark = p->stack_len;
    ListCtx outer = enter_list(p, "struct type", "}");
    while (p->tok == T_IDENT || p->tok == T_MUL || p->tok == T_LPAREN) push(p, parse_field_decl(p));
    leave_list(p, outer);
    NodeList list = pop_list(p, mark);
    Pos rbrace = expect(p, T_RBRACE);
    Node *fields = new_field_list(p, lbrace, list, rbrace);
    Node *n = new_node(p, N_StructType, pos, fields->end);
    n->u.structtype.fields = fields;
    return n;
}

static Node *parse_pointer_type(Parser *p) {
    Pos star = expect(p, T_MUL);
    Node *base = parse_type(p);
    Node *n = new_node(p, N_StarExpr, star, base->end);
    n->u.star.x = base;
    return n;
}

static Node *parse_dots_type(Parser *p) {
    Pos pos = expect(p, T_ELLIPSIS);
    Node *elt = parse_type(p);
    Node *n = new_node(p, N_Ellipsis, pos, elt->end);
    n->u.ellipsis.elt = elt;
    return n;
}

static Node *embedded_term(Parser *p) {
    if (p->tok == T_TILDE) {
        Pos pos = p->pos;
        next(p);
        Node *x = parse_type(p);
        Node *n = new_node(p, N_UnaryExpr, pos, x->end);
        n->tok = T_TILDE;
        n->op = pos;
        n->u.unary.x = x;
        return n;
    }
    return require_type(p, "~ term or type");
}

Node *embedded_elem(Parser *p, Node *x) {
    if (!x) x = embedded_term(p);
    while (p->tok == T_OR) {
        Pos op = p->pos;
        next(p);
        Node *y = embedded_term(p);
        Node *b = new_node(p, N_BinaryExpr, x->pos, y->end);
        b->tok = T_OR;
        b->op = op;
        b->u.binary.x = x;
        b->u.binary.y = y;
        x = b;
    }
    return x;
}

/* One parameter: its name and type, either possibly missing. */
static void parse_param_decl(Parser *p, Node *name, bool type_sets_ok, Node **oname, Node **otyp) {
    *oname = NULL;
    *otyp = NULL;
    Token tok = name ? T_IDENT : p->tok;
    if (!name && type_sets_ok && p->tok == T_TILDE) {
        *otyp = embedded_elem(p, NULL);
        return;
    }
    switch (tok) {
    case T_IDENT:
        *oname = name ? name : parse_ident(p);
        switch (p->tok) {
        case T_IDENT: case T_MUL: case T_ARROW: case T_FUNC: case T_CHAN: case T_MAP:
        case T_STRUCT: case T_INTERFACE: case T_LPAREN:
            *otyp = parse_type(p);
            break;
        case T_LBRACK:
            *otyp = parse_array_field_or_instance(p, oname);
            break;
        case T_ELLIPSIS:
            *otyp = parse_dots_type(p);
            return;
        case T_PERIOD:
            *otyp = parse_qualified_ident(p, *oname);
            *oname = NULL;
            break;
        case T_TILDE:
            if (type_sets_ok) {
                *otyp = embedded_elem(p, NULL);
                return;
            }
            break;
        case T_OR:
            if (type_sets_ok) {
                *otyp = embedded_elem(p, *oname);
                *oname = NULL;
                return;
            }
            break;
        default:
            break;
        }
        break;
    case T_MUL: case T_ARROW: case T_FUNC: case T_LBRACK: case T_CHAN: case T_MAP:
    case T_STRUCT: case T_INTERFACE: case T_LPAREN:
        *otyp = parse_type(p);
        break;
    case T_ELLIPSIS:
        *otyp = parse_dots_type(p);
        return;
    default:
        error_expected(p, p->pos, ")");
        advance_to(p, expr_end);
    }
    if (type_sets_ok && p->tok == T_OR && *otyp) *otyp = embedded_elem(p, *otyp);
}

NodeList parse_parameter_list(Parser *p, Node *name0, Node *typ0, Token closing, bool dddok) {
    bool tparams = closing == T_RBRACK;
    Pos pos0 = name0 ? name0->pos : typ0 ? typ0->pos : p->pos;
    size_t mark = p->stack_len;   /* pairs (name, type) */
    size_t named = 0, typed = 0;
    while (name0 || (p->tok != closing && p->tok != T_EOF)) {
        Node *nm, *ty;
        if (typ0) {
            if (tparams) typ0 = embedded_elem(p, typ0);
            nm = name0;
            ty = typ0;
        } else {
            parse_param_decl(p, name0, tparams, &nm, &ty);
        }
        name0 = typ0 = NULL;
        if (nm || ty) {
            push(p, nm);
            push(p, ty);
            if (nm && ty) named++;
            if (ty) typed++;
        }
        if (!at_comma(p, "parameter list", closing)) break;
        next(p);
    }
    size_t n = (p->stack_len - mark) / 2;
    if (n == 0) return (NodeList){0};
    Node **pr = p->stack + mark;  /* pr[2i] name, pr[2i+1] type */
    if (named == 0) {
        for (size_t i = 0; i < n; i++)
            if (pr[2 * i]) {
                pr[2 * i + 1] = pr[2 * i];
                pr[2 * i] = NULL;
            }
        if (tparams) {
            if (named == typed) error_at(p, p->pos, "missing type constraint");
            else if (n == 1) error_at(p, pos0, "missing type parameter name or invalid array length");
            else error_at(p, pos0, "missing type parameter name");
        }
    } else if (named != n) {
        Pos err = NOPOS;
        Node *typ = NULL;
        for (size_t k = 0; k < n; k++) {
            size_t i = n - k - 1;
            if (pr[2 * i + 1]) {
                typ = pr[2 * i + 1];
                if (!pr[2 * i]) {
                    err = typ->pos;
                    pr[2 * i] = new_ident(p, err, p->underscore);
                }
            } else if (typ) {
                pr[2 * i + 1] = typ;
            } else {
                err = pr[2 * i]->pos;
                pr[2 * i + 1] = bad_expr(p, err, p->pos);
            }
        }
        if (err) {
            if (named == typed) {
                error_at(p, p->pos, tparams ? "missing type constraint" : "missing parameter type");
            } else if (tparams) {
                error_at(p, err, n == 1 ? "missing type parameter name or invalid array length"
                                        : "missing type parameter name");
            } else {
                error_at(p, err, "missing parameter name");
            }
        }
    }
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        Node *t = pr[2 * i + 1];
        if (t && t->kind == N_Ellipsis && (!dddok || i + 1 < n)) {
            if (first) {
                first = false;
                error_plain(p, t->pos, dddok ? "can only use ... with final parameter" : "invalid use of ...");
            }
            pr[2 * i + 1] = bad_expr(p, t->pos, t->end);
        }
    }
    /* Group consecutive names sharing one type node into a Field. The pairs
       are copied out first because building fields reuses the stack. */
    Node **pairs = arena_alloc(p->arena, 2 * n * sizeof(Node *));
    memcpy(pairs, pr, 2 * n * sizeof(Node *));
    p->stack_len = mark;
    if (named == 0) {
        for (size_t i = 0; i < n; i++) push(p, new_field(p, (NodeList){0}, pairs[2 * i + 1], NULL));
        return pop_list(p, mark);
    }
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && pairs[2 * j + 1] == pairs[2 * i + 1]) j++;
        NodeList names = {arena_alloc(p->arena, (j - i) * sizeof(Node *)), (uint32_t)(j - i)};
        for (size_t k = i; k < j; k++) names.v[k - i] = pairs[2 * k];
        push(p, new_field(p, names, pairs[2 * i + 1], NULL));
        i = j;
    }
    return pop_list(p, mark);
}

Node *parse_type_parameters(Parser *p) {
    Pos lbrack = expect(p, T_LBRACK);
    NodeList list = {0};
    if (p->tok != T_RBRACK) list = parse_parameter_list(p, NULL, NULL, T_RBRACK, false);
    Pos rbrack = expect(p, T_RBRACK);
    if (list.n == 0) {
        error_at(p, rbrack, "empty type parameter list");
        return NULL;
    }
    return new_field_list(p, lbrack, list, rbrack);
}

Node *parse_parameters(Parser *p, bool result) {
    if (!result || p->tok == T_LPAREN) {
        Pos lparen = expect(p, T_LPAREN);
        NodeList list = {0};
        if (p->tok != T_RPAREN) list = parse_parameter_list(p, NULL, NULL, T_RPAREN, !result);
        Pos rparen = expect(p, T_RPAREN);
        return new_field_list(p, lparen, list, rparen);
    }
    Node *t = try_ident_or_type(p);
    if (t) return new_field_list(p, NOPOS, list1(p, new_field(p, (NodeList){0}, t, NULL)), NOPOS);
    return NULL;
}

static Node *new_func_type(Parser *p, Pos func, Node *tparams, Node *params, Node *results) {
    Pos pos = (func || !params) ? func : params->pos;
    Pos end = results ? results->end : params ? params->end : NOPOS;
    Node *n = new_node(p, N_FuncType, pos, end);
    n->op = func;
    n->u.functype.tparams = tparams;
    n->u.functype.params = params;
    n->u.functype.results = results;
    return n;
}

Node *parse_func_type(Parser *p) {
    Pos pos = expect(p, T_FUNC);
    if (p->tok == T_LBRACK) {
        Node *tp = parse_type_parameters(p);
        if (tp) error_at(p, tp->pos, "function type must have no type parameters");
    }
    Node *params = parse_parameters(p, false);
    Node *results = parse_parameters(p, true);
    return new_func_type(p, pos, NULL, params, results);
}

Node *new_func_decl_type(Parser *p, Pos func, Node *tparams, Node *params, Node *results) {
    return new_func_type(p, func, tparams, params, results);
}

static Node *parse_method_spec(Parser *p) {
    NodeList idents = {0};
    Node *typ;
    Node *x = parse_type_name(p, NULL);
    if (x->kind == N_Ident) {
        Node *ident = x;
        if (p->tok == T_LBRACK) {
            Pos lbrack = p->pos;
            next(p);
            p->expr_lev++;
            Node *e = parse_expr(p);
            p->expr_lev--;
            if (e->kind == N_Ident && p->tok != T_COMMA && p->tok != T_RBRACK) {
                parse_parameter_list(p, e, NULL, T_RBRACK, false);
                expect(p, T_RBRACK);
                error_plain(p, lbrack, "interface method must have no type parameters");
                Node *params = parse_parameters(p, false);
                Node *results = parse_parameters(p, true);
                idents = list1(p, ident);
                typ = new_func_type(p, NOPOS, NULL, params, results);
            } else {
                size_t mark = p->stack_len;
                push(p, e);
                if (at_comma(p, "type argument list", T_RBRACK)) {
                    p->expr_lev++;
                    next(p);
                    while (p->tok != T_RBRACK && p->tok != T_EOF) {
                        push(p, parse_type(p));
                        if (!at_comma(p, "type argument list", T_RBRACK)) break;
                        next(p);
                    }
                    p->expr_lev--;
                }
                Pos rbrack = expect_closing(p, T_RBRACK, "type argument list");
                typ = pack_index_expr(p, ident, lbrack, pop_list(p, mark), rbrack);
            }
        } else if (p->tok == T_LPAREN) {
            Node *params = parse_parameters(p, false);
            Node *results = parse_parameters(p, true);
            idents = list1(p, ident);
            typ = new_func_type(p, NOPOS, NULL, params, results);
        } else {
            typ = x;
        }
    } else {
        typ = x;
        if (p->tok == T_LBRACK) typ = parse_type_instance(p, typ);
    }
    return new_field(p, idents, typ, NULL);
}

static Node *parse_interface_type(Parser *p) {
    Pos pos = expect(p, T_INTERFACE);
    Pos lbrace = expect(p, T_LBRACE);
    size_t mark = p->stack_len;
    ListCtx outer = enter_list(p, "interface type", "}");
    for (;;) {
        if (p->tok == T_IDENT) {
            Node *f = parse_method_spec(p);
            if (f->u.field.names.n == 0) {
                f->u.field.type = embedded_elem(p, f->u.field.type);
                f->pos = f->u.field.type->pos;
                f->end = f->u.field.type->end;
            }
            expect_semi(p);
            push(p, f);
        } else if (p->tok == T_TILDE) {
            Node *t = embedded_elem(p, NULL);
            expect_semi(p);
            push(p, new_field(p, (NodeList){0}, t, NULL));
        } else {
            Node *t = try_ident_or_type(p);
            if (!t) break;
            t = embedded_elem(p, t);
            expect_semi(p);
            push(p, new_field(p, (NodeList){0}, t, NULL));
        }
    }
    leave_list(p, outer);
    NodeList list = pop_list(p, mark);
    Pos rbrace = expect(p, T_RBRACE);
    Node *methods = new_field_list(p, lbrace, list, rbrace);
    Node *n = new_node(p, N_InterfaceType, pos, methods->end);
    n->u.iface.methods = methods;
    return n;
}

static Node *parse_map_type(Parser *p) {
    Pos pos = expect(p, T_MAP);
    expect(p, T_LBRACK);
    Node *key = parse_type(p);
    expect(p, T_RBRACK);
    Node *value = parse_type(p);
    Node *n = new_node(p, N_MapType, pos, value->end);
    n->u.map.key = key;
    n->u.map.value = value;
    return n;
}

static Node *parse_chan_type(Parser *p) {
    Pos pos = p->pos, arrow = NOPOS;
    int dir = CHAN_BOTH;
    if (p->tok == T_CHAN) {
        next(p);
        if (p->tok == T_ARROW) {
            arrow = p->pos;
            next(p);
            dir = CHAN_SEND;
        }
    } else {
        arrow = expect(p, T_ARROW);
        expect(p, T_CHAN);
        dir = CHAN_RECV;
    }
    Node *value = parse_type(p);
    Node *n = new_node(p, N_ChanType, pos, value->end);
    n->tok = (uint8_t)dir;
    n->op = arrow;
    n->u.chan.value = value;
    return n;
}

Node *try_ident_or_type(Parser *p) {
    nest_in(p);
    Node *t = NULL;
    switch (p->tok) {
    case T_IDENT:
        t = parse_type_name(p, NULL);
        if (p->tok == T_LBRACK) t = parse_type_instance(p, t);
        break;
    case T_LBRACK: {
        Pos lbrack = expect(p, T_LBRACK);
        t = parse_array_type(p, lbrack, NULL);
        break;
    }
    case T_STRUCT: t = parse_struct_type(p); break;
    case T_MUL: t = parse_pointer_type(p); break;
    case T_FUNC: t = parse_func_type(p); break;
    case T_INTERFACE: t = parse_interface_type(p); break;
    case T_MAP: t = parse_map_type(p); break;
    case T_CHAN:
    case T_ARROW: t = parse_chan_type(p); break;
    case T_LPAREN: {
        Pos lparen = p->pos;
        next(p);
        Node *x = parse_type(p);
        Pos rparen = expect(p, T_RPAREN);
        t = new_node(p, N_ParenExpr, lparen, rparen + 1);
        t->u.paren.x = x;
        t->op = rparen;
        break;
    }
    default: break;
    }
    nest_out(p);
    return t;
}
