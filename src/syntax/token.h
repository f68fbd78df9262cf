/* Go tokens. Names and spellings follow go/token so dumps match go/ast. */
#ifndef GOESCAPE_SYNTAX_TOKEN_H
#define GOESCAPE_SYNTAX_TOKEN_H

#define TOKEN_LIST(X)                                                               \
    X(T_ILLEGAL, "ILLEGAL") X(T_EOF, "EOF") X(T_COMMENT, "COMMENT")                 \
    X(T_IDENT, "IDENT") X(T_INT, "INT") X(T_FLOAT, "FLOAT") X(T_IMAG, "IMAG")       \
    X(T_CHAR, "CHAR") X(T_STRING, "STRING")                                         \
    X(T_ADD, "+") X(T_SUB, "-") X(T_MUL, "*") X(T_QUO, "/") X(T_REM, "%")           \
    X(T_AND, "&") X(T_OR, "|") X(T_XOR, "^") X(T_SHL, "<<") X(T_SHR, ">>")          \
    X(T_AND_NOT, "&^")                                                              \
    X(T_ADD_ASSIGN, "+=") X(T_SUB_ASSIGN, "-=") X(T_MUL_ASSIGN, "*=")               \
    X(T_QUO_ASSIGN, "/=") X(T_REM_ASSIGN, "%=") X(T_AND_ASSIGN, "&=")               \
    X(T_OR_ASSIGN, "|=") X(T_XOR_ASSIGN, "^=") X(T_SHL_ASSIGN, "<<=")               \
    X(T_SHR_ASSIGN, ">>=") X(T_AND_NOT_ASSIGN, "&^=")                               \
    X(T_LAND, "&&") X(T_LOR, "||") X(T_ARROW, "<-") X(T_INC, "++") X(T_DEC, "--")   \
    X(T_EQL, "==") X(T_LSS, "<") X(T_GTR, ">") X(T_ASSIGN, "=") X(T_NOT, "!")       \
    X(T_NEQ, "!=") X(T_LEQ, "<=") X(T_GEQ, ">=") X(T_DEFINE, ":=")                  \
    X(T_ELLIPSIS, "...")                                                            \
    X(T_LPAREN, "(") X(T_LBRACK, "[") X(T_LBRACE, "{") X(T_COMMA, ",")              \
    X(T_PERIOD, ".") X(T_RPAREN, ")") X(T_RBRACK, "]") X(T_RBRACE, "}")             \
    X(T_SEMICOLON, ";") X(T_COLON, ":") X(T_TILDE, "~")                             \
    X(T_BREAK, "break") X(T_CASE, "case") X(T_CHAN, "chan") X(T_CONST, "const")     \
    X(T_CONTINUE, "continue") X(T_DEFAULT, "default") X(T_DEFER, "defer")           \
    X(T_ELSE, "else") X(T_FALLTHROUGH, "fallthrough") X(T_FOR, "for")               \
    X(T_FUNC, "func") X(T_GO, "go") X(T_GOTO, "goto") X(T_IF, "if")                 \
    X(T_IMPORT, "import") X(T_INTERFACE, "interface") X(T_MAP, "map")               \
    X(T_PACKAGE, "package") X(T_RANGE, "range") X(T_RETURN, "return")               \
    X(T_SELECT, "select") X(T_STRUCT, "struct") X(T_SWITCH, "switch")               \
    X(T_TYPE, "type") X(T_VAR, "var")

typedef enum Token {
#define X(name, str) name,
    TOKEN_LIST(X)
#undef X
    T_COUNT
} Token;

#define T_FIRST_KEYWORD T_BREAK
#define T_LAST_KEYWORD T_VAR

const char *token_string(Token t);
/* Binary operator precedence (0 for non-operators), as in the spec. */
extern const unsigned char token_precedences[T_COUNT];
static inline int token_precedence(Token t) { return token_precedences[t]; }

#endif
