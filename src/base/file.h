/* Whole-file reading and small path helpers. */
#ifndef GOESCAPE_BASE_FILE_H
#define GOESCAPE_BASE_FILE_H
#include <stdbool.h>
#include <stddef.h>

/* Reads path into a malloc'd, NUL-terminated buffer. On failure returns NULL
   and sets *err to a malloc'd message (strerror text). */
char *read_file(const char *path, size_t *len, char **err);
bool is_dir(const char *path);
bool is_file(const char *path);
char *path_join(const char *a, const char *b);   /* malloc'd */

#endif
