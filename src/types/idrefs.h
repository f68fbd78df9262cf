/* Identity references: types, objects, files and constants numbered by
   their address in a table kept in memory, instead of by an export table.
   For checking the summary serializers alone (goescape -d=summaryroundtrip,
   the unit tests): what is written and read back must be the very same
   entities. */
#ifndef GOESCAPE_TYPES_IDREFS_H
#define GOESCAPE_TYPES_IDREFS_H
#include "export.h"
#include "base/ptrmap.h"
#include "base/vec.h"

enum { IDREF_TYPE, IDREF_OBJ, IDREF_FILE, IDREF_CONST, IDREF_KINDS };

typedef struct IdRefs {
    PtrMap ids[IDREF_KINDS];                /* pointer -> number (index + 1) */
    VEC(const void *) v[IDREF_KINDS];       /* number - 1 -> pointer */
} IdRefs;

SerRefs idrefs_ser(IdRefs *t);
DeRefs idrefs_de(IdRefs *t);
/* The file callbacks alone (syntax_write_decls and friends take them). */
uint32_t idrefs_file_id(void *t, const SourceFile *f);
const SourceFile *idrefs_file(void *t, uint32_t id);
void idrefs_free(IdRefs *t);

#endif
