/* A package's export view on disk (for goescape's summary cache).

   Writing: an ExportWriter numbers every Type, Object, constant and source
   file that the package's summary mentions. The package's own scope is
   always included (every package-level object, exported or not, with the
   methods of its types); later sections of the summary (inline bodies,
   generic declarations) ask for more with export_type / export_obj /
   export_file, which return a reference number. Entities that belong to a
   dependency are written as a reference into that dependency's own table
   (dependency path + its number), so identity (a Named type, a declared
   function) survives across packages; everything else reachable is written
   here, with its structure. export_finish appends the table, then the
   caller appends its own sections.

   Reading: import_open decodes the table of one package into a new Pkg of
   ctx, resolving references to dependencies (which must have been imported
   or checked in this process already) through deps; import_type / import_obj
   / import_file map reference numbers back. A reader that finds anything
   malformed fails cleanly (import_open returns NULL with a reason), never
   crashes: the cache then rebuilds the entry from source.

   What a table holds: the package's path, name, go_version, complete/fake
   flags, nobjs and imports; its scope (insertion order, so the index is
   rebuilt the same); every Object's kind, var kind, flags (OF_*), order,
   colour, name, type, package, file + Pos, whether its parent is its
   package's scope, constant value (exact), imported package, builtin id,
   generic origin; every Type's flags and fields (named: obj, orig, fromrhs,
   underlying, tparams, targs, methods; alias: obj, orig, tparams, targs,
   fromrhs, actual; interfaces' type set when one was computed). Not kept:
   signatures' scopes (NULL once imported), parents other than the package
   scope, decl (NULL), the file scopes. Universe and unsafe entities are
   written by their place in a fixed list (export_internal.h). Declared
   types, type parameters and objects of a dependency keep their identity
   when the dependency's table numbered them; composite types (pointers,
   slices, structs, signatures...) of other packages are written again
   where they appear, so they are identical but not the same pointer.

   Ownership: the writer and reader are malloc'd; the Pkg built by the
   reader belongs to ctx as any checked package does (when import_open
   fails after making it, it stays in ctx, unused). A writer numbers
   nothing new once finished: export_type / export_obj / export_file then
   return 0 for entities not numbered before. */
#ifndef GOESCAPE_TYPES_EXPORT_H
#define GOESCAPE_TYPES_EXPORT_H
#include "base/bytes.h"
#include "base/source.h"
#include "types/types.h"

typedef struct ExportWriter ExportWriter;
typedef struct ImportReader ImportReader;

/* How writers and readers find the other packages' tables: the writer or
   reader (whichever exists in this process) of the package at path. A
   package checked from source in this process has a writer once its summary
   was written; a package read from the cache has its reader. */
typedef struct ExportDeps {
    ExportWriter *(*writer)(void *data, const Pkg *pkg);
    ImportReader *(*reader)(void *data, const Pkg *pkg);
    Pkg *(*pkg_by_path)(void *data, const char *path);  /* reading: an imported package */
    /* reading: the SourceFile this process made for a file name written by
       export_file (files are named by their display name; the cache key
       guarantees their contents are unchanged, so positions still hold) */
    const SourceFile *(*file_by_name)(void *data, const char *name);
    void *data;
    /* reading: the bytes were checksummed by their container (a cache
       entry): the table's own checksum is not computed again */
    bool verified;
} ExportDeps;

ExportWriter *export_writer_new(Pkg *pkg, const ExportDeps *deps);
/* A writer for importers only, as gc's export data: it starts from the
   exported objects of the scope (and the scope's first object, which
   names the package in IR bodies); what else is written is what they, and
   what the serializers of later stages ask for (inline bodies, generic
   declarations), reach. Of the other objects of the scope only the names
   are written (Pkg.hidden once read), so that an importer naming one is
   still told it is unexported. export_refs' numbered/settle let those
   serializers write only what is reached. */
ExportWriter *export_writer_new_reached(Pkg *pkg, const ExportDeps *deps);
/* Whether w had to write a package-level object of a dependency whose
   table lacks it: its table would not hold the same object once read, so
   it must not be stored. */
bool export_writer_incomplete(const ExportWriter *w);
uint32_t export_type(ExportWriter *w, Type *t);         /* NULL allowed: reference 0 */
uint32_t export_obj(ExportWriter *w, Object *o);        /* NULL allowed: reference 0 */
uint32_t export_file(ExportWriter *w, const SourceFile *f);
void export_const(ExportWriter *w, ByteBuf *b, const Const *c);   /* inline, no reference */
/* Encodes the records of everything numbered so far (export_finish does
   the rest): the bulk of the work, done early by a writer whose last
   references come later. */
void export_drain(ExportWriter *w);
/* Appends the table (everything numbered so far) to out. */
void export_finish(ExportWriter *w, ByteBuf *out);
void export_writer_free(ExportWriter *w);
/* Number of an entity this writer (or the reader of the same package)
   already gave a number, 0 when none: for the dependency references. */
uint32_t export_lookup_type(const ExportWriter *w, const Type *t);
uint32_t export_lookup_obj(const ExportWriter *w, const Object *o);

/* Reads the table written by export_finish (r is left after it); *why says
   what was wrong when it returns NULL. The package's path and name are in
   the table. Each dependency named by the table must be found by
   deps->pkg_by_path ("unsafe" is ctx's own) and each entity referenced in
   it through deps->reader or deps->writer; each file by deps->file_by_name. */
ImportReader *import_open(TypeContext *ctx, ByteReader *r, const ExportDeps *deps,
                          const char **why);
/* As import_open, filling pkg (made by pkg_new, still empty: no objects,
   not complete) instead of a new package; on failure pkg is emptied again
   (pkg_reset), so it can still be checked from source. */
ImportReader *import_open_into(Pkg *pkg, ByteReader *r, const ExportDeps *deps, const char **why);
Pkg *import_pkg(ImportReader *r);
Type *import_type(ImportReader *r, uint32_t ref);
Object *import_obj(ImportReader *r, uint32_t ref);
const SourceFile *import_file(ImportReader *r, uint32_t ref);
const Const *import_const(ImportReader *r, ByteReader *b);
/* Reverse lookups, so a package read from the cache can be referenced by
   its importers' writers. The first call builds the reverse maps: not
   safe to make from two threads at once. */
uint32_t import_lookup_type(const ImportReader *r, const Type *t);
uint32_t import_lookup_obj(const ImportReader *r, const Object *o);
void import_close(ImportReader *r);

/* The same references behind function pointers, for the serializers of
   later stages (IR bodies, generic declarations, leak tags), so they can be
   tested with an in-process table and used with the writer/reader above.
   export_refs / import_refs fill them for a writer / reader. */
typedef struct SerRefs {
    uint32_t (*type)(void *data, Type *t);
    uint32_t (*obj)(void *data, Object *o);
    uint32_t (*file)(void *data, const SourceFile *f);
    void (*cnst)(void *data, ByteBuf *b, const Const *c);
    void *data;
    /* A table that holds only what importers can reach (export.c) sets
       both: whether o has a number yet, and numbering everything the
       records numbered so far refer to. NULL: every object counts. */
    bool (*numbered)(void *data, const Object *o);
    void (*settle)(void *data);
} SerRefs;
typedef struct DeRefs {
    Type *(*type)(void *data, uint32_t ref);
    Object *(*obj)(void *data, uint32_t ref);
    const SourceFile *(*file)(void *data, uint32_t ref);
    const Const *(*cnst)(void *data, ByteReader *b);    /* NULL (and b->bad) on error */
    void *data;
} DeRefs;
SerRefs export_refs(ExportWriter *w);
DeRefs import_refs(ImportReader *r);

/* The exact binary form of a constant (constant_ser.c): the value read back
   is the same, in the same representation. const_read returns NULL and sets
   r->bad on malformed input. */
void const_write(ByteBuf *b, const Const *c);
const Const *const_read(ConstPool *p, ByteReader *r);

#endif
