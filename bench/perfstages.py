#!/usr/bin/env python3
"""Top functions per goescape stage from a perf profile (docs/performance.md).

    make B=build/fp OPT='-O2 -g -fno-omit-frame-pointer'
    perf record -F 1000 --call-graph dwarf,16384 -o perf.data build/fp/goescape -m std > /dev/null
    perf script -i perf.data -F comm,period,ip,sym | python3 bench/perfstages.py [TOP]

Each sample goes to the stage of the outermost stage entry point on its call
chain (the functions below, as -stats charges them) and to its leaf
function's self time. Kernel leaves (page faults, syscalls) are shown as
"[kernel] via F", F the innermost user function; shared helpers (hash maps,
arenas, malloc, interning) as "helper <- caller", the caller being the
innermost frame that is not a helper. perf unwinds inlined frames too with
--call-graph dwarf (recommended: glibc has no frame pointers).
"""
import collections
import sys

STAGES = ["load", "parse", "types", "ir", "inline", "escape", "report", "other"]
ENTRY = {
    "loader_new": "load", "loader_match": "load", "loader_deps": "load", "read_file": "load",
    "syntax_parse": "parse", "source_init": "parse", "display_name": "parse",
    "types_new": "types", "pkg_new": "types", "types_check_files_info": "types",
    "ir_lower_package": "ir",
    "inline_analyze": "inline", "ir_deadlocals": "inline", "inline_summary_init": "inline",
    "escape_analyze": "escape", "escape_summary_init": "escape",
    "ir_bounds_notes": "report", "report_print": "report", "report_format_pos": "report",
    "ir_package_free": "report", "escape_result_free": "report", "inline_result_free": "report",
    "pipeline_free_trees": "other", "prune_info": "other", "pipeline_close": "other",
    "escape_summary_free": "other", "inline_summary_free": "other",
}


GENERIC_PREFIX = ("ptrmap_", "arena_", "intern", "__mem", "_int_", "malloc", "free", "calloc",
                  "realloc", "xmalloc", "xcalloc", "xrealloc", "xstr", "cfree", "sb_", "__str",
                  "__libc_", "__GI", "_IO", "unlink_chunk", "grow", "hash", "?")


def generic(sym):
    return sym.startswith(GENERIC_PREFIX)


def samples(lines):
    frames = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if frames:
                yield frames
            frames = []
            continue
        if not line.startswith((" ", "\t")):
            continue                    # header: comm period
        parts = line.split(None, 1)
        addr, sym = parts[0], parts[1] if len(parts) > 1 else "?"
        kernel = addr.startswith("ffffffff")
        sym = sym.split("+")[0].replace(" (inlined)", "")
        if sym.endswith(".constprop.0") or sym.endswith(".isra.0") or sym.endswith(".part.0"):
            sym = sym.rsplit(".", 2)[0]
        frames.append((sym, kernel))
    if frames:
        yield frames


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    per = {s: collections.Counter() for s in STAGES + ["(startup/unknown)"]}
    total = 0
    for fr in samples(sys.stdin):
        total += 1
        stage = "(startup/unknown)"
        for sym, kernel in reversed(fr):       # outermost first
            if not kernel and sym in ENTRY:
                stage = ENTRY[sym]
                break
        leaf, kernel = fr[0]
        if kernel:
            user = next((s for s, k in fr if not k), "?")
            leaf = "[kernel] via " + user
        if kernel or generic(leaf):
            caller = next((s for s, k in fr if not k and not generic(s)), None)
            if caller:
                leaf += " <- " + caller
        per[stage][leaf] += 1
    print("%d samples" % total)
    for stage in STAGES + ["(startup/unknown)"]:
        c = per[stage]
        n = sum(c.values())
        if not n:
            continue
        print("\n%s: %d samples, %.1f%% of all" % (stage, n, 100.0 * n / total))
        for sym, k in c.most_common(top):
            print("  %5.1f%%  %s" % (100.0 * k / total, sym))


if __name__ == "__main__":
    main()
