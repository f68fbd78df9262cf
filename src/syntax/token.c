#include "token.h"

static const char *const names[] = {
#define X(name, str) str,
    TOKEN_LIST(X)
#undef X
};

const char *token_string(Token t) { return (unsigned)t < T_COUNT ? names[t] : "?"; }

int token_precedence(Token t) {
    switch (t) {
    case T_LOR: return 1;
    case T_LAND: return 2;
    case T_EQL: case T_NEQ: case T_LSS: case T_LEQ: case T_GTR: case T_GEQ: return 3;
    case T_ADD: case T_SUB: case T_OR: case T_XOR: return 4;
    case T_MUL: case T_QUO: case T_REM: case T_SHL: case T_SHR: case T_AND: case T_AND_NOT:
        return 5;
    default: return 0;
    }
}
