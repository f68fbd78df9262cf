/* goescape: escape analysis for Go source, without a build. */
#include "cmd.h"
#include "load/load.h"
#include "types/types.h"
#include <malloc.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: goescape <command> [arguments]\n"
    "       goescape [-m|-m=2] [-l] [-N] [-C] [-d=LIST] [-p N] PATTERNS|FILES   escape diagnostics, like go build -gcflags=-m\n"
    "\n"
    "commands:\n"
    "  parse [-dump] PATTERNS|FILES   parse Go files, report syntax errors (-dump: print the tree)\n"
    "  list [-deps] [-tags=a,b] PATTERNS   list packages and their Go files, like go list\n"
    "  types [-dump] [-stats] PATTERNS      type-check packages (-dump: package-level objects)\n"
    "  ir [-dump] [-stats] PATTERNS|FILES   lower packages to the escape IR (-dump: print it)\n"
    "  version                        print goescape's version\n";

int main(int argc, char **argv) {
    /* Keep freed memory in the heap for reuse instead of returning it to the
       kernel: file after file, that saves page faults. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    /* Grow the heap 8 MB at a time: a run allocates tens of MB, and each
       brk costs a system call (pages are still only touched when used). */
    mallopt(M_TOP_PAD, 8 << 20);
    if (argc < 2) {
        fputs("goescape: no command given (run 'goescape help')\n", stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "parse") == 0) return cmd_parse(argc - 1, argv + 1);
    if (strcmp(cmd, "list") == 0) return load_list_main(argc - 1, argv + 1);
    if (strcmp(cmd, "types") == 0) return types_check_main(argc - 1, argv + 1);
    if (strcmp(cmd, "ir") == 0) return cmd_ir(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0) {
        puts("goescape " GOESCAPE_VERSION " (Go 1." GOESCAPE_STR(GOESCAPE_GO_MINOR) " rules)");
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    /* Flags or patterns without a subcommand: the escape driver. */
    return cmd_escape(argc - 1, argv + 1);
}
