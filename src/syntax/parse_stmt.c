/* Statements. */
#include "parser_internal.h"
#include <string.h>

enum { MODE_BASIC, MODE_LABEL_OK, MODE_RANGE_OK };

static void expect_body_after(Parser *p, const char *clause);

static Node *new_assign(Parser *p, NodeList lhs, Pos tokpos, Token tok, NodeList rhs) {
    Pos pos = lhs.n ? lhs.v[0]->pos : NOPOS;
    Pos end = rhs.n ? rhs.v[rhs.n - 1]->end : NOPOS;
    Node *n = new_node(p, N_AssignStmt, pos, end);
    n->tok = (uint8_t)tok;
    n->op = tokpos;
    n->u.assign.lhs = lhs;
    n->u.assign.rhs = rhs;
    return n;
}

static Node *parse_simple_stmt(Parser *p, int mode, bool *is_range) {
    if (is_range) *is_range = false;
    NodeList x = parse_list(p, false);
    switch (p->tok) {
    case T_DEFINE: case T_ASSIGN: case T_ADD_ASSIGN: case T_SUB_ASSIGN: case T_MUL_ASSIGN:
    case T_QUO_ASSIGN: case T_REM_ASSIGN: case T_AND_ASSIGN: case T_OR_ASSIGN:
    case T_XOR_ASSIGN: case T_SHL_ASSIGN: case T_SHR_ASSIGN: case T_AND_NOT_ASSIGN: {
        Pos pos = p->pos;
        Token tok = p->tok;
        next(p);
        NodeList y;
        if (mode == MODE_RANGE_OK && p->tok == T_RANGE && (tok == T_DEFINE || tok == T_ASSIGN)) {
            Pos rpos = p->pos;
            next(p);
            Node *rx = parse_rhs(p);
            Node *u = new_node(p, N_UnaryExpr, rpos, rx->end);
            u->tok = T_RANGE;
            u->op = rpos;
            u->u.unary.x = rx;
            y = list1(p, u);
            if (is_range) *is_range = true;
        } else {
            y = parse_list(p, true);
        }
        return new_assign(p, x, pos, tok, y);
    }
    default: break;
    }
    if (x.n > 1) error_expected(p, x.v[0]->pos, "1 expression");
    switch (p->tok) {
    case T_COLON: {
        Pos colon = p->pos;
        next(p);
        if (mode == MODE_LABEL_OK && x.v[0]->kind == N_Ident) {
            Node *s = parse_stmt(p);
            Node *n = new_node(p, N_LabeledStmt, x.v[0]->pos, s->end);
            p->nlabels++;
            n->u.labeled.label = x.v[0];
            n->u.labeled.stmt = s;
            n->op = colon;
            return n;
        }
        error_at(p, colon, "illegal label declaration");
        return new_node(p, N_BadStmt, x.v[0]->pos, colon + 1);
    }
    case T_ARROW: {
        Pos arrow = p->pos;
        next(p);
        Node *y = parse_rhs(p);
        Node *n = new_node(p, N_SendStmt, x.v[0]->pos, y->end);
        n->u.send.chan = x.v[0];
        n->u.send.value = y;
        n->op = arrow;
        return n;
    }
    case T_INC:
    case T_DEC: {
        Node *n = new_node(p, N_IncDecStmt, x.v[0]->pos, p->pos + 2);
        n->tok = (uint8_t)p->tok;
        n->op = p->pos;
        n->u.incdec.x = x.v[0];
        next(p);
        return n;
    }
    default: break;
    }
    Node *n = new_node(p, N_ExprStmt, x.v[0]->pos, x.v[0]->end);
    n->u.exprstmt.x = x.v[0];
    return n;
}

static Node *parse_call_expr(Parser *p, const char *what) {
    Node *x = parse_rhs(p);
    Node *t = unparen(x);
    if (t != x) {
        error_at(p, x->pos, "expression in %s must not be parenthesized", what);
        x = t;
    }
    if (x->kind == N_CallExpr) return x;
    if (x->kind != N_BadExpr) {
        char msg[64];
        snprintf(msg, sizeof msg, "expression in %s must be function call", what);
        error_plain(p, x->pos, msg);
    }
    return NULL;
}

static Node *parse_go_defer(Parser *p, Token kw) {
    Pos pos = expect(p, kw);
    Node *call = parse_call_expr(p, kw == T_GO ? "go" : "defer");
    expect_semi(p);
    if (!call) return new_node(p, N_BadStmt, pos, pos + (kw == T_GO ? 2 : 5));
    Node *n = new_node(p, kw == T_GO ? N_GoStmt : N_DeferStmt, pos, call->end);
    n->u.gostmt.call = call;
    return n;
}

static Node *parse_return_stmt(Parser *p) {
    Pos pos = expect(p, T_RETURN);
    NodeList x = {0};
    if (p->tok != T_SEMICOLON && p->tok != T_RBRACE) x = parse_list(p, true);
    expect_semi(p);
    Node *n = new_node(p, N_ReturnStmt, pos, x.n ? x.v[x.n - 1]->end : pos + 6);
    n->u.ret.results = x;
    return n;
}

static Node *parse_branch_stmt(Parser *p, Token tok) {
    Pos pos = expect(p, tok);
    Node *label = NULL;
    if (tok == T_GOTO || ((tok == T_CONTINUE || tok == T_BREAK) && p->tok == T_IDENT))
        label = parse_ident(p);
    expect_semi(p);
    Node *n = new_node(p, N_BranchStmt, pos, label ? label->end : pos + (Pos)strlen(token_string(tok)));
    n->tok = (uint8_t)tok;
    n->u.branch.label = label;
    return n;
}

static Node *make_expr(Parser *p, Node *s, const char *want) {
    if (!s) return NULL;
    if (s->kind == N_ExprStmt) return s->u.exprstmt.x;
    const char *found = s->kind == N_AssignStmt ? "assignment" : "simple statement";
    error_at(p, s->pos, "cannot use %s as %s (missing parentheses around composite literal?)", found, want);
    return bad_expr(p, s->pos, s->end);
}


static Node *parse_if_stmt(Parser *p) {
    nest_in(p);
    Pos pos = expect(p, T_IF);
    Node *init = NULL, *cond = NULL;
    if (p->tok == T_LBRACE) {
        error_at(p, p->pos, "missing condition in if statement");
        cond = bad_expr(p, p->pos, p->pos);
    } else {
        int prev = p->expr_lev;
        p->expr_lev = -1;
        if (p->tok != T_SEMICOLON) {
            if (p->tok == T_VAR) {
                next(p);
                error_at(p, p->pos, "var declaration not allowed in if initializer");
            }
            init = parse_simple_stmt(p, MODE_BASIC, NULL);
        }
        Node *cond_stmt = NULL;
        Pos semi = NOPOS;
        bool semi_nl = false;
        if (p->tok != T_LBRACE) {
            if (p->tok == T_SEMICOLON) {
                semi = p->pos;
                semi_nl = tok_implicit(p);
                next(p);
            } else {
                expect(p, T_SEMICOLON);
            }
            if (p->tok != T_LBRACE) cond_stmt = parse_simple_stmt(p, MODE_BASIC, NULL);
        } else {
            cond_stmt = init;
            init = NULL;
        }
        if (cond_stmt) cond = make_expr(p, cond_stmt, "boolean expression");
        else if (semi) {
            if (semi_nl) error_at(p, semi, "unexpected newline, expected { after if clause");
            else error_at(p, semi, "missing condition in if statement");
        }
        if (!cond) cond = bad_expr(p, p->pos, p->pos);
        p->expr_lev = prev;
    }
    expect_body_after(p, "if clause");
    Node *body = parse_body(p);
    Node *els = NULL;
    if (p->tok == T_ELSE) {
        next(p);
        if (p->tok == T_IF) {
            els = parse_if_stmt(p);
        } else if (p->tok == T_LBRACE) {
            els = parse_body(p);
            expect_semi(p);
        } else {
            error_at(p, p->pos, "else must be followed by if or statement block");
            els = new_node(p, N_BadStmt, p->pos, p->pos);
        }
    } else {
        expect_semi(p);
    }
    Node *n = new_node(p, N_IfStmt, pos, els ? els->end : body->end);
    n->u.ifstmt.init = init;
    n->u.ifstmt.cond = cond;
    n->u.ifstmt.body = body;
    n->u.ifstmt.els = els;
    nest_out(p);
    return n;
}

/* gc's "unexpected X, expected { after if clause" (the body follows). */
static void expect_body_after(Parser *p, const char *clause) {
    if (p->tok == T_LBRACE) return;
    char w[48];
    snprintf(w, sizeof w, "{ after %s", clause);
    error_expected(p, p->pos, w);
}

static NodeList parse_stmt_list(Parser *p) {
    size_t mark = p->stack_len;
    while (p->tok != T_CASE && p->tok != T_DEFAULT && p->tok != T_RBRACE && p->tok != T_EOF)
        push(p, parse_stmt(p));
    return pop_list(p, mark);
}

Node *new_block(Parser *p, Pos lbrace, NodeList list, Pos rbrace) {
    Node *b = new_node(p, N_BlockStmt, lbrace,
                       rbrace ? rbrace + 1 : list.n ? list.v[list.n - 1]->end : lbrace + 1);
    b->op = rbrace;
    b->u.block.list = list;
    return b;
}

/* A braced statement list: function bodies and blocks. */
Node *parse_body(Parser *p) {
    Pos lbrace = expect(p, T_LBRACE);
    ListCtx outer = enter_list(p, NULL, NULL);
    p->body_depth = 1;
    p->bodies++;
    uint32_t nlabels = p->nlabels;
    NodeList list = parse_stmt_list(p);
    p->bodies--;
    leave_list(p, outer);
    Pos rbrace = expect2(p, T_RBRACE);
    Node *b = new_block(p, lbrace, list, rbrace);
    if (p->nlabels != nlabels) b->flags |= NF_LABELS;
    return b;
}

static Node *parse_case_clause(Parser *p) {
    Pos pos = p->pos;
    NodeList list = {0};
    bool dflt = false;
    if (p->tok == T_CASE) {
        next(p);
        list = parse_list(p, true);
    } else {
        expect(p, T_DEFAULT);
        dflt = true;
    }
    Pos colon = expect(p, T_COLON);
    NodeList body = parse_stmt_list(p);
    Node *n = new_node(p, N_CaseClause, pos, body.n ? body.v[body.n - 1]->end : colon + 1);
    n->u.caseclause.list = list;
    n->u.caseclause.body = body;
    n->op = colon;
    if (dflt) n->flags |= NF_DEFAULT;
    return n;
}

static bool is_type_switch_assert(Node *x) {
    return x->kind == N_TypeAssertExpr && x->u.assert.type == NULL;
}

static bool is_type_switch_guard(Parser *p, Node *s) {
    if (!s) return false;
    if (s->kind == N_ExprStmt) return is_type_switch_assert(s->u.exprstmt.x);
    if (s->kind == N_AssignStmt && s->u.assign.lhs.n == 1 && s->u.assign.rhs.n == 1 &&
        is_type_switch_assert(s->u.assign.rhs.v[0])) {
        if (s->tok == T_ASSIGN) {
            error_at(p, s->op, "expected :=, found =");
            return true;
        }
        return s->tok == T_DEFINE;
    }
    return false;
}

/* The braced body of a switch or select: its clauses, then the statement's
   terminating semicolon. */
static Node *parse_clause_block(Parser *p, Node *(*clause)(Parser *)) {
    Pos lbrace = expect(p, T_LBRACE);
    size_t mark = p->stack_len;
    while (p->tok == T_CASE || p->tok == T_DEFAULT) push(p, clause(p));
    NodeList list = pop_list(p, mark);
    Pos rbrace = expect(p, T_RBRACE);
    expect_semi(p);
    return new_block(p, lbrace, list, rbrace);
}

static Node *parse_switch_stmt(Parser *p) {
    Pos pos = expect(p, T_SWITCH);
    Node *s1 = NULL, *s2 = NULL;
    if (p->tok != T_LBRACE) {
        int prev = p->expr_lev;
        p->expr_lev = -1;
        if (p->tok != T_SEMICOLON) s2 = parse_simple_stmt(p, MODE_BASIC, NULL);
        if (p->tok == T_SEMICOLON) {
            next(p);
            s1 = s2;
            s2 = NULL;
            if (p->tok != T_LBRACE) s2 = parse_simple_stmt(p, MODE_BASIC, NULL);
        }
        p->expr_lev = prev;
    }
    bool type_switch = is_type_switch_guard(p, s2);
    if (p->tok != T_LBRACE) error_at(p, p->pos, "missing { after switch clause");
    Node *body = parse_clause_block(p, parse_case_clause);
    Node *n = new_node(p, type_switch ? N_TypeSwitchStmt : N_SwitchStmt, pos, body->end);
    n->u.switchstmt.init = s1;
    n->u.switchstmt.tag = type_switch ? s2 : make_expr(p, s2, "switch expression");
    n->u.switchstmt.body = body;
    return n;
}

static Node *parse_comm_clause(Parser *p) {
    Pos pos = p->pos;
    Node *comm = NULL;
    if (p->tok == T_CASE) {
        next(p);
        NodeList lhs = parse_list(p, false);
        if (p->tok == T_ARROW) {
            if (lhs.n > 1) error_expected(p, lhs.v[0]->pos, "1 expression");
            Pos arrow = p->pos;
            next(p);
            Node *rhs = parse_rhs(p);
            comm = new_node(p, N_SendStmt, lhs.v[0]->pos, rhs->end);
            comm->u.send.chan = lhs.v[0];
            comm->u.send.value = rhs;
            comm->op = arrow;
        } else if (p->tok == T_ASSIGN || p->tok == T_DEFINE) {
            Token tok = p->tok;
            if (lhs.n > 2) {
                error_expected(p, lhs.v[0]->pos, "1 or 2 expressions");
                lhs.n = 2;
            }
            Pos tpos = p->pos;
            next(p);
            Node *rhs = parse_rhs(p);
            comm = new_assign(p, lhs, tpos, tok, list1(p, rhs));
        } else {
            if (lhs.n > 1) error_expected(p, lhs.v[0]->pos, "1 expression");
            comm = new_node(p, N_ExprStmt, lhs.v[0]->pos, lhs.v[0]->end);
            comm->u.exprstmt.x = lhs.v[0];
        }
    } else {
        expect(p, T_DEFAULT);
    }
    Pos colon = expect(p, T_COLON);
    NodeList body = parse_stmt_list(p);
    Node *n = new_node(p, N_CommClause, pos, body.n ? body.v[body.n - 1]->end : colon + 1);
    n->u.commclause.comm = comm;
    n->u.commclause.body = body;
    n->op = colon;
    return n;
}

static Node *parse_select_stmt(Parser *p) {
    Pos pos = expect(p, T_SELECT);
    Node *body = parse_clause_block(p, parse_comm_clause);
    Node *n = new_node(p, N_SelectStmt, pos, body->end);
    n->u.selectstmt.body = body;
    return n;
}

static Node *parse_for_stmt(Parser *p) {
    Pos pos = expect(p, T_FOR);
    Node *s1 = NULL, *s2 = NULL, *s3 = NULL;
    bool is_range = false;
    if (p->tok != T_LBRACE) {
        int prev = p->expr_lev;
        p->expr_lev = -1;
        if (p->tok != T_SEMICOLON) {
            if (p->tok == T_RANGE) {
                Pos rpos = p->pos;
                next(p);
                Node *rx = parse_rhs(p);
                Node *u = new_node(p, N_UnaryExpr, rpos, rx->end);
                u->tok = T_RANGE;
                u->op = rpos;
                u->u.unary.x = rx;
                s2 = new_assign(p, (NodeList){0}, NOPOS, T_ILLEGAL, list1(p, u));
                is_range = true;
            } else {
                s2 = parse_simple_stmt(p, MODE_RANGE_OK, &is_range);
            }
        }
        if (!is_range && p->tok == T_SEMICOLON) {
            next(p);
            s1 = s2;
            s2 = NULL;
            if (p->tok != T_SEMICOLON) s2 = parse_simple_stmt(p, MODE_BASIC, NULL);
            expect_semi(p);
            if (p->tok != T_LBRACE) s3 = parse_simple_stmt(p, MODE_BASIC, NULL);
        }
        p->expr_lev = prev;
    }
    expect_body_after(p, "for clause");
    Node *body = parse_body(p);
    expect_semi(p);
    if (is_range) {
        NodeList lhs = s2->u.assign.lhs;
        Node *key = NULL, *value = NULL;
        if (lhs.n == 1) key = lhs.v[0];
        else if (lhs.n == 2) key = lhs.v[0], value = lhs.v[1];
        else if (lhs.n > 2) {
            error_plain(p, lhs.v[lhs.n - 1]->pos, "range clause permits at most two iteration variables");
            return new_node(p, N_BadStmt, pos, body->end);
        }
        Node *u = s2->u.assign.rhs.v[0];
        Node *n = new_node(p, N_RangeStmt, pos, body->end);
        n->tok = s2->tok;
        n->op = u->pos;
        n->u.rangestmt.key = key;
        n->u.rangestmt.value = value;
        n->u.rangestmt.x = u->u.unary.x;
        n->u.rangestmt.body = body;
        return n;
    }
    Node *n = new_node(p, N_ForStmt, pos, body->end);
    n->u.forstmt.init = s1;
    n->u.forstmt.cond = make_expr(p, s2, "boolean or range expression");
    n->u.forstmt.post = s3;
    n->u.forstmt.body = body;
    return n;
}

Node *parse_stmt(Parser *p) {
    nest_in(p);
    Node *s;
    switch (p->tok) {
    case T_CONST: case T_TYPE: case T_VAR: {
        Node *d = parse_decl(p, stmt_start);
        s = new_node(p, N_DeclStmt, d->pos, d->end);
        s->u.declstmt.decl = d;
        break;
    }
    case T_IDENT: case T_INT: case T_FLOAT: case T_IMAG: case T_CHAR: case T_STRING: case T_FUNC:
    case T_LPAREN: case T_LBRACK: case T_STRUCT: case T_MAP: case T_CHAN: case T_INTERFACE:
    case T_ADD: case T_SUB: case T_MUL: case T_AND: case T_XOR: case T_ARROW: case T_NOT:
        s = parse_simple_stmt(p, MODE_LABEL_OK, NULL);
        if (s->kind != N_LabeledStmt) expect_semi(p);
        break;
    case T_GO:
    case T_DEFER: s = parse_go_defer(p, p->tok); break;
    case T_RETURN: s = parse_return_stmt(p); break;
    case T_BREAK: case T_CONTINUE: case T_GOTO: case T_FALLTHROUGH:
        s = parse_branch_stmt(p, p->tok);
        break;
    case T_LBRACE:
        s = parse_body(p);
        expect_semi(p);
        break;
    case T_IF: s = parse_if_stmt(p); break;
    case T_SWITCH: s = parse_switch_stmt(p); break;
    case T_SELECT: s = parse_select_stmt(p); break;
    case T_FOR: s = parse_for_stmt(p); break;
    case T_SEMICOLON: {
        bool implicit = tok_implicit(p);
        s = new_node(p, N_EmptyStmt, p->pos, implicit ? p->pos : p->pos + 1);
        if (implicit) s->flags |= NF_IMPLICIT;
        next(p);
        break;
    }
    case T_RBRACE:
        s = new_node(p, N_EmptyStmt, p->pos, p->pos);
        s->flags |= NF_IMPLICIT;
        break;
    default: {
        Pos pos = p->pos;
        error_expected(p, pos, "statement");
        advance_to(p, stmt_start);
        s = new_node(p, N_BadStmt, pos, p->pos);
    }
    }
    nest_out(p);
    return s;
}
