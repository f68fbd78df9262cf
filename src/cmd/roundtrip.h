/* -d=summaryroundtrip (a hidden debugging flag of the escape driver): after
   each package, its summaries (EscSummary, InlSummary) and the syntax trees
   and TypeInfo records of its generic declarations are serialized with an
   in-process reference table (ids index the Type/Object/SourceFile/constant
   pointers themselves), read back, checked by writing them again, and put in
   place of the originals, so every importer works from the read-back copies.
   Output must not change: this tests the on-disk formats end to end. */
#ifndef GOESCAPE_CMD_ROUNDTRIP_H
#define GOESCAPE_CMD_ROUNDTRIP_H
#include "pipeline.h"
#include "escape/escape.h"
#include "inline/inline.h"

/* Replaces *esc, *inl and pp's generic trees and TypeInfo by read-back
   copies. Returns 0, or 1 after saying on stderr what did not round-trip. */
int roundtrip_package(Pipeline *p, PipePkg *pp, EscSummary *esc, InlSummary *inl);

#endif
