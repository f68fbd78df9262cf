/* Whole-file reading and small path helpers. */
#ifndef GOESCAPE_BASE_FILE_H
#define GOESCAPE_BASE_FILE_H
#include <stdbool.h>
#include <stddef.h>

/* Zero bytes after the contents of every buffer read_file returns: the lexer
   and the interner may read a word past the end of an identifier. */
#define READ_PAD 8

/* Reads path into a malloc'd buffer followed by READ_PAD zero bytes (so it
   is NUL-terminated). On failure returns NULL and sets *err to a malloc'd
   message (strerror text). */
char *read_file(const char *path, size_t *len, char **err);
/* As read_file; *st gets the open file's fstat, taken before reading: a
   change after it moves the file's mtime and ctime, so contents filed under
   that stat can never be newer than it. */
struct stat;
char *read_file_stat(const char *path, struct stat *st, size_t *len, char **err);
bool is_dir(const char *path);
bool is_file(const char *path);
char *path_join(const char *a, const char *b);   /* malloc'd */
const char *path_base(const char *path);         /* the part after the last '/' */



/* The name go build shows for a file in directory dir (both absolute): a path
   relative to cwd when that is shorter ("./x.go", "sub/x.go", "../x.go"),
   else the absolute path. malloc'd. */
char *short_file_path(const char *cwd, const char *dir, const char *file);
/* The name go build shows for file abs (absolute) in the output of the
   compile of the package in directory dir: the deepest of dir and its
   parents that abs starts with and whose path relative to cwd is shorter
   is replaced by that path (cmd/go's reportCmd: "./b/x.go" for a file of a
   sibling package under cwd). NULL: shown as abs. malloc'd. */
char *go_shown_file_name(const char *cwd, const char *dir, const char *abs);
#endif
