/* The escape stage's interface: gc's escape analysis over lowered IR, and the
   results every report is a view of (ARCHITECTURE.md, "Escape results").

   Packages are analysed in dependency order; each leaves an EscSummary (the
   leak tags of its functions' parameters) that its importers read, as gc
   reads tags from export data. */
#ifndef GOESCAPE_ESCAPE_ESCAPE_H
#define GOESCAPE_ESCAPE_ESCAPE_H
#include "base/ptrmap.h"
#include "base/strbuf.h"
#include "ir/ir.h"
#include <stdbool.h>
#include <stdint.h>

/* What one diagnostic says. Texts are gc's. */
typedef enum EscMsgKind {
    EM_MOVED_TO_HEAP,       /* moved to heap: x */
    EM_ESCAPES,             /* E escapes to heap */
    EM_NOT_ESCAPE,          /* E does not escape (expression locations) */
    EM_LEAK_PARAM,          /* leaking param: p */
    EM_LEAK_CONTENT,        /* leaking param content: p */
    EM_LEAK_RESULT,         /* leaking param: p to result r level=N */
    EM_PARAM_NOESCAPE,      /* p does not escape */
    EM_UINTPTR,             /* assuming p is unsafe uintptr / marking p as escaping uintptr */
    EM_SELF_ASSIGN,         /* F ignoring self-assignment in STMT */
    EM_ZERO_COPY,           /* zero-copy string->[]byte conversion */
    EM_MUTATES,             /* -d=escapemutationscalls lines */
    EM_FLOW,                /* -m=2 explanation lines (flow:, from ..., escapes to heap in F:) */
    EM_CAPTURE,             /* -m=2: F capturing by value/ref: x (...) */
    EM_OTHER,
} EscMsgKind;

/* Why an allocation went to the heap (for explain, advice and JSON). */
typedef enum EscReason {
    ER_NONE, ER_GLOBAL, ER_RETURN, ER_CLOSURE, ER_GO, ER_DEFER_LOOP, ER_IFACE_CALL,
    ER_FUNC_VALUE, ER_LEAKING_PARAM, ER_STORE_POINTER, ER_MAP_STORE, ER_SEND, ER_APPEND,
    ER_TOO_LARGE, ER_TOO_ALIGNED, ER_ZERO_SIZED, ER_LOOP_DEPTH, ER_PANIC, ER_OTHER,
} EscReason;

/* One step of a flow path, as -m=2 prints it. */
typedef struct EscStep {
    const SourceFile *file;
    Pos pos;
    const char *text;       /* the printed line after "file:line:col: " (indentation included) */
} EscStep;

/* One diagnostic, in gc's generation order. */
typedef struct EscMsg {
    EscMsgKind kind;
    EscReason reason;
    const SourceFile *file;
    Pos pos;
    const char *text;       /* message text as gc prints it, without the position */
    const IrFunc *fn;       /* enclosing function */
    const IrNode *node;     /* allocation (expression locations) or NULL */
    const IrVar *var;       /* variable or parameter, or NULL */
    Type *alloc_type;       /* allocated type (for cost), or NULL */
    int level;              /* leak level / derefs where meaningful */
    /* For moved-to-heap / escapes-to-heap (with m >= 1 and EscOptions.paths): the flow path that
       made it escape, as -m=2 prints it (flow: and from lines); each step's
       position is where that line's edge or note is in the source. */
    const EscStep *path;
    uint32_t npath;
    /* For cost models: the constant element count of make([]T, n[, c]) (its
       cap), of a slice literal, of []byte("const"); the constant hint of
       make(map, n); -1 when absent or not constant. */
    int64_t count;
} EscMsg;

/* Parameter leak tags of a package's functions, for its importers.
   Keyed by the function's Object (methods included); values are gc's tag
   strings per parameter (receiver first). */
typedef struct EscSummary {
    PtrMap tags;            /* Object* -> EscFuncTags* */
    Arena arena;
} EscSummary;

typedef struct EscFuncTags {
    uint32_t n;
    const char **tag;       /* gc encoding: "" = heap level 0, "esc:..." otherwise */
    uint32_t *taglen;       /* length of tag[i] (a tag may contain NUL bytes) */
    uint32_t pragmas;       /* PRAGMA_NOESCAPE/UINTPTRESCAPES/UINTPTRKEEPALIVE (bodyless: KEEPALIVE) */
} EscFuncTags;

/* gc's tag encoding of an 8-byte leak summary ([heap, mutator, callee,
   result0..4], each derefs+1, 0 = none): "" for heap level 0, else "esc:"
   and the bytes without trailing zeros. buf needs 12 bytes; returns the length. */
size_t escape_tag_encode(const uint8_t leaks[8], char buf[12]);
/* Inverse of escape_tag_encode; anything without the "esc:" prefix is heap level 0. */
void escape_tag_decode(const char *tag, size_t len, uint8_t leaks[8]);
/* Drops every slot (results, mutator, callee) not below the heap level. */
void escape_leaks_optimize(uint8_t leaks[8]);

/* Reads summaries of imported packages. */
typedef struct EscImports {
    const EscSummary *(*fn)(void *data, const Pkg *pkg);
    void *data;
} EscImports;

typedef struct EscOptions {
    int m;                  /* -m level (0: analyse silently, 1: -m, 2: -m=2, ...) */
    bool no_inline;         /* -l */
    bool N;                 /* -N */
    bool zerocopy;          /* -d=zerocopy (default on) */
    bool mutations_calls;   /* -d=escapemutationscalls */
    bool smallframes;       /* -smallframes */
    bool no_columns;        /* -C: positions inside -m=2 texts ("at POS") without columns */
    const SourceNamer *names; /* file names inside -m=2 texts (NULL: their paths) */
    bool paths;             /* record each escape's flow path (EscMsg.path) for explanations;
                               gc's own messages never need it */
    bool deadlocals;        /* run gc's deadlocals pass (ir_deadlocals) on each body first */
    /* set: the inliner is still running on another thread and tells which
       functions it has finished (ir/final.h); each is analysed once final,
       in the order it would be anyway */
    struct IrFinal *final;
    /* with final, optional, called on the analysis's thread: done after each
       batch with its functions (no later batch changes their trees), idle
       while it would wait for the inliner (true: it did a piece of work and
       may be called again) */
    void (*done)(void *hook, IrFunc *const *fns, uint32_t n);
    bool (*idle)(void *hook);
    void *hook;
} EscOptions;

typedef struct EscResult {
    EscMsg *msgs;
    uint32_t nmsgs, capmsgs;
    Arena arena;            /* message texts */
    /* Subtrees the analysis cut out of function bodies (operands it
       replaced by literals or temporaries), in order: what a walk made
       during the analysis may have seen that one made after it does not. */
    IrNode **dropped;
    uint32_t ndropped, capdropped;
} EscResult;

/* Analyses every function of p; fills out (messages in generation order) and
   sum (this package's tags). */
void escape_analyze(IrPackage *p, const EscImports *imp, const EscOptions *opt,
                    EscResult *out, EscSummary *sum);
void escape_summary_init(EscSummary *s);
void escape_summary_free(EscSummary *s);
void escape_result_init(EscResult *r);
void escape_result_free(EscResult *r);

/* The on-disk form of an EscSummary (escape/summary_io.c): per function
   object (through refs) its pragmas and tags. Reading fills s (initialised
   by escape_summary_init); false on truncated or corrupt input, s then
   holding a partial result the caller frees. */
struct SerRefs;
struct DeRefs;
void escape_summary_write(ByteBuf *out, const EscSummary *s, const struct SerRefs *refs);
bool escape_summary_read(ByteReader *r, EscSummary *s, const struct DeRefs *refs);

#endif
