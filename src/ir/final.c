/* IrFinal: one mutex and condition variable over the published functions
   and their "final" marks (indexed as the functions). */
#include "ir/final.h"
#include "base/util.h"
#include <pthread.h>
#include <stdlib.h>

struct IrFinal {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    IrFunc **funcs;
    uint8_t *final;
    uint32_t n, cap;
    bool published, closed;
    uint32_t waiting;
};

IrFinal *ir_final_new(void) {
    IrFinal *f = xcalloc(1, sizeof *f);
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    return f;
}

void ir_final_free(IrFinal *f) {
    if (!f) return;
    pthread_mutex_destroy(&f->mu);
    pthread_cond_destroy(&f->cv);
    free(f->funcs);
    free(f->final);
    free(f);
}

/* Under the lock: p->funcs added since the last call, final (each was made
   by the batch that just ended, or is reported now by close). */
static void take_new(IrFinal *f, IrPackage *p, bool first) {
    if (p->nfuncs > f->cap) {
        f->cap = p->nfuncs + p->nfuncs / 2 + 16;
        f->funcs = xrealloc(f->funcs, f->cap * sizeof *f->funcs);
        f->final = xrealloc(f->final, f->cap);
    }
    for (uint32_t i = f->n; i < p->nfuncs; i++) {
        f->funcs[i] = p->funcs[i];
        f->funcs[i]->tag = (int32_t)i;
        f->final[i] = !first;
    }
    f->n = p->nfuncs;
    f->published = true;
}

void ir_final_publish(IrFinal *f, IrPackage *p, IrFunc *const *done, size_t n) {
    pthread_mutex_lock(&f->mu);
    take_new(f, p, !f->published);
    for (size_t i = 0; i < n; i++) {
        int32_t t = done[i]->tag;
        if (t >= 0 && (uint32_t)t < f->n && f->funcs[t] == done[i]) f->final[t] = 1;
    }
    if (f->waiting) pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

void ir_final_close(IrFinal *f, IrPackage *p) {
    pthread_mutex_lock(&f->mu);
    if (f->published) take_new(f, p, false);
    f->closed = true;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

static bool reached(const IrFinal *f, IrFinalWait what, const IrFunc *fn) {
    if (f->closed) return true;
    if (what == IR_FINAL_PUBLISHED) return f->published;
    if (what == IR_FINAL_CLOSED || !f->published) return false;
    int32_t t = fn->tag;
    return t >= 0 && (uint32_t)t < f->n && f->funcs[t] == fn && f->final[t];
}

bool ir_final_wait(IrFinal *f, IrFinalWait what, const IrFunc *fn, IrFunc ***funcs, uint32_t *have,
                   uint32_t *cap) {
    pthread_mutex_lock(&f->mu);
    while (!reached(f, what, fn)) {
        f->waiting++;
        pthread_cond_wait(&f->cv, &f->mu);
        f->waiting--;
    }
    bool published = f->published;
    if (f->n > *have) {
        if (f->n > *cap) {
            *cap = f->n + f->n / 2 + 16;
            *funcs = xrealloc(*funcs, *cap * sizeof **funcs);
        }
        for (uint32_t i = *have; i < f->n; i++) (*funcs)[i] = f->funcs[i];
        *have = f->n;
    }
    pthread_mutex_unlock(&f->mu);
    return published;
}

bool ir_final_ready(IrFinal *f, const IrFunc *fn) {
    pthread_mutex_lock(&f->mu);
    bool r = reached(f, IR_FINAL_FUNC, fn);
    pthread_mutex_unlock(&f->mu);
    return r;
}
