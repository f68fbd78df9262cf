/* Expressions: operands, primary expressions, unary and binary operators. */
#include "parser_internal.h"

Node *unparen(Node *x) {
    while (x->kind == N_ParenExpr) x = x->u.paren.x;
    return x;
}

NodeList parse_list(Parser *p, bool rhs) {
    bool old = p->in_rhs;
    p->in_rhs = rhs;
    Node *first = parse_expr(p);
    NodeList l;
    if (p->tok != T_COMMA) {
        l = list1(p, first);   /* the common case: one expression */
    } else {
        size_t mark = p->stack_len;
        push(p, first);
        while (p->tok == T_COMMA) {
            next(p);
            push(p, parse_expr(p));
        }
        l = pop_list(p, mark);
    }
    p->in_rhs = old;
    return l;
}

Node *parse_expr(Parser *p) { return parse_binary_expr(p, NULL, 1); }

Node *parse_rhs(Parser *p) {
    bool old = p->in_rhs;
    p->in_rhs = true;
    Node *x = parse_expr(p);
    p->in_rhs = old;
    return x;
}

static Node *parse_func_type_or_lit(Parser *p) {
    Node *typ = parse_func_type(p);
    if (p->tok != T_LBRACE) return typ;
    p->expr_lev++;
    Node *body = parse_body(p);
    p->expr_lev--;
    Node *n = new_node(p, N_FuncLit, typ->pos, body->end);
    p->nfunclits++;
    n->u.funclit.type = typ;
    n->u.funclit.body = body;
    return n;
}

static Node *parse_operand(Parser *p) {
    switch (p->tok) {
    case T_IDENT: return parse_ident(p);
    case T_INT: case T_FLOAT: case T_IMAG: case T_CHAR: case T_STRING: return parse_basic_lit(p);
    case T_LPAREN: {
        Pos lparen = p->pos;
        next(p);
        p->expr_lev++;
        Node *x = parse_rhs(p);
        p->expr_lev--;
        Pos rparen = expect(p, T_RPAREN);
        Node *n = new_node(p, N_ParenExpr, lparen, rparen + 1);
        n->u.paren.x = x;
        n->op = rparen;
        return n;
    }
    case T_FUNC: return parse_func_type_or_lit(p);
    default: break;
    }
    Node *t = try_ident_or_type(p);
    if (t) return t;
    Pos pos = p->pos;
    error_expected(p, pos, "expression");
    advance_to(p, stmt_start);
    return bad_expr(p, pos, p->pos);
}

static Node *parse_type_assertion(Parser *p, Node *x, Pos dot) {
    Pos lparen = expect(p, T_LPAREN);
    Node *typ = NULL;
    if (p->tok == T_TYPE) next(p);
    else typ = parse_type(p);
    Pos rparen = expect(p, T_RPAREN);
    Node *n = new_node(p, N_TypeAssertExpr, x->pos, rparen + 1);
    n->u.assert.x = x;
    n->u.assert.type = typ;
    n->op = dot;
    (void)lparen;
    return n;
}

static Node *parse_index_or_slice(Parser *p, Node *x) {
    Pos lbrack = expect(p, T_LBRACK);
    if (p->tok == T_RBRACK) {
        error_expected(p, p->pos, "operand");
        Pos rbrack = p->pos;
        next(p);
        return pack_index_expr(p, x, lbrack, list1(p, bad_expr(p, rbrack, rbrack)), rbrack);
    }
    p->expr_lev++;
    Node *index[3] = {NULL, NULL, NULL};
    Pos colons[2] = {NOPOS, NOPOS};
    size_t mark = p->stack_len;
    bool is_list = false;
    if (p->tok != T_COLON) index[0] = parse_rhs(p);
    int ncolons = 0;
    if (p->tok == T_COLON) {
        while (p->tok == T_COLON && ncolons < 2) {
            colons[ncolons++] = p->pos;
            next(p);
            if (p->tok != T_COLON && p->tok != T_RBRACK && p->tok != T_EOF)
                index[ncolons] = parse_rhs(p);
        }
    } else if (p->tok == T_COMMA) {
        is_list = true;
        push(p, index[0]);
        while (p->tok == T_COMMA) {
            next(p);
            if (p->tok != T_RBRACK && p->tok != T_EOF) push(p, parse_type(p));
        }
    }
    p->expr_lev--;
    Pos rbrack = expect(p, T_RBRACK);
    if (ncolons > 0) {
        Node *n = new_node(p, N_SliceExpr, x->pos, rbrack + 1);
        if (ncolons == 2) {
            n->flags |= NF_SLICE3;
            if (!index[1]) {
                error_plain(p, colons[0] + 1, "middle index required in 3-index slice");
                index[1] = bad_expr(p, colons[0] + 1, colons[1]);
            }
            if (!index[2]) {
                error_plain(p, colons[1] + 1, "final index required in 3-index slice");
                index[2] = bad_expr(p, colons[1] + 1, rbrack);
            }
        }
        n->u.slice.x = x;
        n->u.slice.low = index[0];
        n->u.slice.high = index[1];
        n->u.slice.max = index[2];
        n->op = lbrack;
        return n;
    }
    NodeList args = is_list ? pop_list(p, mark) : list1(p, index[0]);
    return pack_index_expr(p, x, lbrack, args, rbrack);
}

static Node *parse_call(Parser *p, Node *fun) {
    Pos lparen = expect(p, T_LPAREN);
    p->expr_lev++;
    size_t mark = p->stack_len;
    Pos ellipsis = NOPOS;
    while (p->tok != T_RPAREN && p->tok != T_EOF && !ellipsis) {
        push(p, parse_rhs(p));
        if (p->tok == T_ELLIPSIS) {
            ellipsis = p->pos;
            next(p);
        }
        if (!at_comma(p, "argument list", T_RPAREN)) break;
        next(p);
    }
    p->expr_lev--;
    NodeList args = pop_list(p, mark);
    Pos rparen = expect_closing(p, T_RPAREN, "argument list");
    Node *n = new_node(p, N_CallExpr, fun->pos, rparen + 1);
    n->u.call.fun = fun;
    n->u.call.args = args;
    n->u.call.ellipsis = ellipsis;
    n->op = lparen;
    return n;
}

static Node *parse_literal_value(Parser *p, Node *typ);

static Node *parse_value(Parser *p) {
    if (p->tok == T_LBRACE) return parse_literal_value(p, NULL);
    return parse_expr(p);
}

static Node *parse_element(Parser *p) {
    Node *x = parse_value(p);
    if (p->tok == T_COLON) {
        Pos colon = p->pos;
        next(p);
        Node *v = parse_value(p);
        Node *kv = new_node(p, N_KeyValueExpr, x->pos, v->end);
        kv->u.kv.key = x;
        kv->u.kv.value = v;
        kv->op = colon;
        x = kv;
    }
    return x;
}

static Node *parse_literal_value(Parser *p, Node *typ) {
    nest_in(p);
    Pos lbrace = expect(p, T_LBRACE);
    p->expr_lev++;
    size_t mark = p->stack_len;
    while (p->tok != T_RBRACE && p->tok != T_EOF) {
        push(p, parse_element(p));
        if (!at_comma(p, "composite literal", T_RBRACE)) break;
        next(p);
    }
    p->expr_lev--;
    NodeList elts = pop_list(p, mark);
    Pos rbrace = expect_closing(p, T_RBRACE, "composite literal");
    Node *n = new_node(p, N_CompositeLit, typ ? typ->pos : lbrace, rbrace + 1);
    n->u.composite.type = typ;
    n->u.composite.elts = elts;
    n->op = lbrace;
    nest_out(p);
    return n;
}

Node *parse_primary_expr(Parser *p, Node *x) {
    if (!x) x = parse_operand(p);
    int depth = 0;
    /* An if-chain, most frequent first: the common case (no postfix
       operator follows) exits at the first test, and conditional branches
       predict better here than one jump table. */
    for (;; depth++) {
        nest_in(p);
        Token t = p->tok;
        _Static_assert(T_LBRACK == T_LPAREN + 1 && T_LBRACE == T_LPAREN + 2, "token order");
        if (t < T_LPAREN || t > T_LBRACE) {
            if (t != T_PERIOD) goto done;
            Pos dot = p->pos;
            next(p);
            if (p->tok == T_IDENT) {
                Node *sel = parse_ident(p);
                Node *n = new_node(p, N_SelectorExpr, x->pos, sel->end);
                n->u.selector.x = x;
                n->u.selector.sel = sel;
                n->op = dot;
                x = n;
            } else if (p->tok == T_LPAREN) {
                x = parse_type_assertion(p, x, dot);
            } else {
                Pos pos = p->pos;
                error_expected(p, pos, "name or (");
                if (p->tok != T_RBRACE) next(p);
                Node *sel = new_ident(p, pos, p->underscore);
                Node *n = new_node(p, N_SelectorExpr, x->pos, sel->end);
                n->u.selector.x = x;
                n->u.selector.sel = sel;
                n->op = dot;
                x = n;
            }
        } else if (t == T_LPAREN) {
            x = parse_call(p, x);
        } else if (t == T_LBRACK) {
            x = parse_index_or_slice(p, x);
        } else { /* T_LBRACE */
            Node *u = unparen(x);
            bool ok;
            switch (u->kind) {
            case N_BadExpr: case N_Ident: case N_SelectorExpr:
            case N_IndexExpr: case N_IndexListExpr:
                ok = p->expr_lev >= 0;
                break;
            case N_ArrayType: case N_StructType: case N_MapType: ok = true; break;
            default: ok = false;
            }
            if (!ok) goto done;
            if (u != x) error_at(p, u->pos, "cannot parenthesize type in composite literal");
            x = parse_literal_value(p, x);
        }
    }
done:
    p->nest -= depth + 1;
    return x;
}

Node *parse_unary_expr(Parser *p) {
    nest_in(p);
    Node *r;
    switch (p->tok) {
    case T_ADD: case T_SUB: case T_NOT: case T_XOR: case T_AND: case T_TILDE: {
        Pos pos = p->pos;
        Token op = p->tok;
        next(p);
        Node *x = parse_unary_expr(p);
        r = new_node(p, N_UnaryExpr, pos, x->end);
        r->tok = (uint8_t)op;
        r->op = pos;
        r->u.unary.x = x;
        break;
    }
    case T_ARROW: {
        Pos arrow = p->pos;
        next(p);
        Node *x = parse_unary_expr(p);
        if (x->kind == N_ChanType) {
            /* <-chan T: rotate the arrows into the channel type(s). */
            Node *typ = x;
            int dir = CHAN_SEND;
            while (typ && dir == CHAN_SEND) {
                if (typ->tok == CHAN_RECV) error_expected(p, typ->op, "chan");
                Pos a = typ->op;
                typ->pos = arrow;
                typ->op = arrow;
                arrow = a;
                dir = typ->tok;
                typ->tok = CHAN_RECV;
                typ = typ->u.chan.value->kind == N_ChanType ? typ->u.chan.value : NULL;
            }
            if (dir == CHAN_SEND) error_expected(p, arrow, "channel type");
            r = x;
            break;
        }
        r = new_node(p, N_UnaryExpr, arrow, x->end);
        r->tok = T_ARROW;
        r->op = arrow;
        r->u.unary.x = x;
        break;
    }
    case T_MUL: {
        Pos pos = p->pos;
        next(p);
        Node *x = parse_unary_expr(p);
        r = new_node(p, N_StarExpr, pos, x->end);
        r->op = pos;
        r->u.star.x = x;
        break;
    }
    default:
        r = parse_primary_expr(p, NULL);
    }
    nest_out(p);
    return r;
}

/* Tokens after which an operand is a whole expression: no postfix or binary
   operator follows ('=' does in a right-hand side, where it reads as '=='). */
static const bool ends_operand[T_COUNT] = {
    [T_COMMA] = true, [T_RPAREN] = true, [T_SEMICOLON] = true, [T_RBRACK] = true,
    [T_RBRACE] = true, [T_COLON] = true, [T_DEFINE] = true,
};
/* Tokens that may continue a primary expression (selector, call, index,
   composite literal). */
static const bool postfix_start[T_COUNT] = {
    [T_PERIOD] = true, [T_LPAREN] = true, [T_LBRACK] = true, [T_LBRACE] = true,
};

Node *parse_binary_expr(Parser *p, Node *x, int prec1) {
    const Tok *t = p->t;
    if (!x && t + 1 < p->tend && p->nest + 3 <= MAX_NEST &&
        (t->tok == T_IDENT || (t->tok >= T_INT && t->tok <= T_STRING))) {
        /* A name or literal operand (f(a, 1), x := y, i < n, f(x)): what
           parse_unary_expr would return, and never deeper than it nests. */
        Token t1 = t[1].tok;
        x = t->tok == T_IDENT ? parse_ident(p) : parse_basic_lit(p);
        if (postfix_start[t1]) x = parse_primary_expr(p, x);
        else if (ends_operand[t1] || (t1 == T_ASSIGN && !p->in_rhs)) return x;
    } else if (!x) {
        x = parse_unary_expr(p);
    }
    int depth = 0;
    for (;; depth++) {
        nest_in(p);
        Token op = p->tok;
        if (p->in_rhs && op == T_ASSIGN) op = T_EQL;
        int prec = token_precedence(op);
        if (prec < prec1 || prec == 0) break;
        Pos pos = expect(p, op);
        Node *y = parse_binary_expr(p, NULL, prec + 1);
        Node *b = new_node(p, N_BinaryExpr, x->pos, y->end);
        b->tok = (uint8_t)op;
        b->op = pos;
        b->u.binary.x = x;
        b->u.binary.y = y;
        x = b;
    }
    p->nest -= depth + 1;
    return x;
}
