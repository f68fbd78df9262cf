#include "token.h"

static const char *const names[] = {
#define X(name, str) str,
    TOKEN_LIST(X)
#undef X
};

const char *token_string(Token t) { return (unsigned)t < T_COUNT ? names[t] : "?"; }

const unsigned char token_precedences[T_COUNT] = {
    [T_LOR] = 1, [T_LAND] = 2,
    [T_EQL] = 3, [T_NEQ] = 3, [T_LSS] = 3, [T_LEQ] = 3, [T_GTR] = 3, [T_GEQ] = 3,
    [T_ADD] = 4, [T_SUB] = 4, [T_OR] = 4, [T_XOR] = 4,
    [T_MUL] = 5, [T_QUO] = 5, [T_REM] = 5, [T_SHL] = 5, [T_SHR] = 5, [T_AND] = 5, [T_AND_NOT] = 5,
};
