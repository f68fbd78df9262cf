/* Sorted directory listings, the way Go's os.ReadDir returns them. */
#ifndef GOESCAPE_BASE_DIRLIST_H
#define GOESCAPE_BASE_DIRLIST_H
#include <stdbool.h>
#include <stddef.h>

typedef struct DirEntry {
    char *name;         /* malloc'd */
    bool is_dir;        /* directory (symlinks are followed, as os.Stat does) */
    bool is_symlink;    /* the entry itself is a symlink */
} DirEntry;

typedef struct DirList { DirEntry *data; size_t len, cap; } DirList;

/* Lists dir (without "." and ".."), sorted by name in byte order.
   Returns false and sets *err (malloc'd strerror text) on failure. */
bool dir_list(const char *dir, DirList *out, char **err);
void dir_list_free(DirList *l);

#endif
