/* Which functions of a package no pass before escape analysis will change
   again, told by the inliner as it goes so that escape analysis can follow
   it on another thread (the package analysed last, whose stages would
   otherwise leave a core idle).

   The inliner (the one writer) publishes the package's functions once its
   decisions are made, each with its index in IrPackage.funcs as IrFunc.tag,
   then marks them final batch by batch, with the functions it added since
   (copies of func literals); ir_final_close marks everything final. Escape
   analysis (the one reader) waits for a function before it reads the body,
   and takes the published list: IrPackage.funcs itself may move meanwhile.
   Everything is guarded by one mutex; a function is final once and for
   all, so the reader keeps what it was told. */
#ifndef GOESCAPE_IR_FINAL_H
#define GOESCAPE_IR_FINAL_H
#include "ir/ir.h"

typedef struct IrFinal IrFinal;

IrFinal *ir_final_new(void);
void ir_final_free(IrFinal *f);

/* Writer: publishes p->funcs (IrFunc.tag = index) added since the last
   call, marks them and the n functions of done final, wakes the reader.
   Functions the writer never changes are passed in done with the first
   call. */
void ir_final_publish(IrFinal *f, IrPackage *p, IrFunc *const *done, size_t n);
/* Writer: everything final (it publishes p->funcs first); the writer no
   longer touches the IR. Also called when it never published anything. */
void ir_final_close(IrFinal *f, IrPackage *p);

/* Reader: what to wait for. */
typedef enum IrFinalWait {
    IR_FINAL_PUBLISHED,     /* the first publication (or the close) */
    IR_FINAL_FUNC,          /* fn final */
    IR_FINAL_CLOSED,        /* the writer closed */
} IrFinalWait;
/* Reader: waits as told, then appends the functions published since *have
   to *funcs (grown with xrealloc, *cap its capacity) and sets *have.
   Returns false when the writer closed without publishing anything: the
   reader then uses p->funcs. */
bool ir_final_wait(IrFinal *f, IrFinalWait what, const IrFunc *fn, IrFunc ***funcs, uint32_t *have,
                   uint32_t *cap);
/* Reader: whether ir_final_wait for fn would return without waiting. */
bool ir_final_ready(IrFinal *f, const IrFunc *fn);

#endif
