/* Identity references (see idrefs.h). */
#include "idrefs.h"

static uint32_t id_of(IdRefs *t, int k, const void *p) {
    if (!p) return 0;
    uintptr_t id = (uintptr_t)ptrmap_get(&t->ids[k], p);
    if (!id) {
        vec_push(&t->v[k], p);
        id = t->v[k].len;
        ptrmap_put(&t->ids[k], p, (void *)id);
    }
    return (uint32_t)id;
}

static const void *ptr_of(const IdRefs *t, int k, uint64_t id) {
    return id >= 1 && id <= t->v[k].len ? t->v[k].data[id - 1] : NULL;
}

static uint32_t s_type(void *d, Type *x) { return id_of(d, IDREF_TYPE, x); }
static uint32_t s_obj(void *d, Object *x) { return id_of(d, IDREF_OBJ, x); }
static void s_const(void *d, ByteBuf *b, const Const *c) { bb_uvar(b, id_of(d, IDREF_CONST, c)); }
static Type *d_type(void *d, uint32_t id) { return (Type *)ptr_of(d, IDREF_TYPE, id); }
static Object *d_obj(void *d, uint32_t id) { return (Object *)ptr_of(d, IDREF_OBJ, id); }
static const Const *d_const(void *d, ByteReader *b) {
    const Const *c = ptr_of(d, IDREF_CONST, br_uvar(b));
    if (!c) b->bad = true;
    return c;
}

uint32_t idrefs_file_id(void *t, const SourceFile *f) { return id_of(t, IDREF_FILE, f); }
const SourceFile *idrefs_file(void *t, uint32_t id) { return ptr_of(t, IDREF_FILE, id); }

SerRefs idrefs_ser(IdRefs *t) { return (SerRefs){s_type, s_obj, idrefs_file_id, s_const, t, NULL, NULL}; }
DeRefs idrefs_de(IdRefs *t) { return (DeRefs){d_type, d_obj, idrefs_file, d_const, t}; }

void idrefs_free(IdRefs *t) {
    for (int k = 0; k < IDREF_KINDS; k++) {
        ptrmap_free(&t->ids[k]);
        vec_free(&t->v[k]);
    }
}
