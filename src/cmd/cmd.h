/* Subcommands of the goescape binary. */
#ifndef GOESCAPE_CMD_CMD_H
#define GOESCAPE_CMD_CMD_H
#include <stddef.h>

/* goescape's version and the Go release whose compiler rules (inliner,
   escape analysis, messages) it reproduces. */
#define GOESCAPE_VERSION "0.1"
#define GOESCAPE_GO_MINOR 27
#define GOESCAPE_STR_(x) #x
#define GOESCAPE_STR(x) GOESCAPE_STR_(x)

int cmd_parse(int argc, char **argv);
/* The escape driver: goescape [gc flags] PATTERNS|FILES (escape_cmd.c). */
int cmd_escape(int argc, char **argv);
/* goescape ir [-dump] [-stats] PATTERNS|FILES (ir_cmd.c). */
int cmd_ir(int argc, char **argv);
/* Turns command-line arguments (.go files, directories, package patterns) into
   the list of Go files to read. Returns 0, or 2 after printing an error. */
int expand_go_files(int argc, char **argv, char ***files, size_t *nfiles);
void free_go_files(char **files, size_t nfiles);

#endif
