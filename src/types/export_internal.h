/* What export.c and import.c share: the table's layout and the numbering of
   the universe's entities.

   Table: "GXT" magic and version (u32), body length (u32), body, XXH3-64 of
   the body (u64). Body, all numbers uvar unless said:
     strings      n, then n bb_str (names, tags, paths; 1-based, 0 = NULL)
     package      path, name, go_version (string numbers), flags (1 complete,
                  2 fake), nobjs
     universe     number of universe types and objects (a stale table from
                  another build of goescape fails here)
     packages     n, then the path (string number) of packages 2..n+1;
                  package 0 is "none", 1 this package
     files        n, then each file's display name (string number)
     imports      n, then package numbers
     heads        ntypes, then per type its kind byte (TypeKind, or HEAD_EXT
                  + package number + that package's number, or HEAD_UNIV +
                  universe index); the same for nobjs objects (ObjKind ...)
     records      the types with a TypeKind head, in order, then the
                  objects with an ObjKind head (see encode_type/encode_obj)
     scope        n, then the scope's objects in insertion order (of a
                  table of what is reached: those reached)
     hidden       n, then the names (bb_str) of the scope's objects left
                  out (0 for a whole table)
   References are 1-based numbers in the table (0: NULL). */
#ifndef GOESCAPE_TYPES_EXPORT_INTERNAL_H
#define GOESCAPE_TYPES_EXPORT_INTERNAL_H
#include "export.h"

#define EXPORT_MAGIC 0x02545847u   /* "GXT" + format version 2 */

enum { HEAD_EXT = 0x40, HEAD_UNIV = 0x41 };

/* Object record's bits byte. */
enum {
    OB_VARKIND = 7,             /* VarKind */
    OB_COLOR_SHIFT = 3,         /* 2 bits */
    OB_PARENT_PKG = 1 << 5,     /* parent is its package's scope */
    OB_ORIGIN = 1 << 6,         /* var/func: origin is another object (a reference follows) */
};
/* Type record's extra bits (interface, signature). */
enum { TB_VARIADIC = 1, TB_IMPLICIT = 2, TB_TSET = 4 };

/* The universe's and unsafe's types and objects, in a fixed order built
   from the context (the same in every process of one goescape build). */
typedef struct UniverseList {
    Type **types;
    Object **objs;
    uint32_t ntypes, nobjs;
} UniverseList;
void export_universe(TypeContext *c, UniverseList *u);     /* arrays malloc'd */
void export_universe_free(UniverseList *u);

/* The writer's entities by number (1-based), for readers resolving a
   reference into a package checked in this process. */
Type *export_writer_type(const ExportWriter *w, uint32_t ref);
Object *export_writer_obj(const ExportWriter *w, uint32_t ref);

#endif
