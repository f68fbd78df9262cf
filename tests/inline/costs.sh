#!/usr/bin/env bash
# Calibration of the inline stage's decisions against the real compiler:
# for each Go package (GOROOT import paths, or directories holding a module),
# compares the `can inline F with cost N` / `cannot inline F: reason` lines of
# `go build -gcflags=-m=2` with tests/inline/inlcal's (the inline stage alone).
# Usage: tests/inline/costs.sh [-b BUILDDIR] [-v] PKG|DIR...
# Prints per package: gc lines, ours, lines with the same decision and cost,
# identical lines (body text included); -v lists differences. NOGENERIC=1
# leaves gc's generic instances out (the lowering does not make them yet).
set -u
B=build
VERBOSE=0
while [ $# -gt 0 ]; do
    case "$1" in
    -b) B=$2; shift 2 ;;
    -v) VERBOSE=1; shift ;;
    *) break ;;
    esac
done
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$(cd "$ROOT" && mkdir -p "$B" && cd "$B" && pwd)
make -s -C "$ROOT" B="$B" >/dev/null || exit 2
objs=$(ls "$B"/obj/src/{base,load,syntax,types,ir,inline,report}/*.o "$B"/obj/src/cmd/pipeline.o 2>/dev/null)
if [ -z "$objs" ]; then echo "costs.sh: build first (make B=...)" >&2; exit 2; fi
${CC:-cc} -std=c17 -Wall -Wextra -Wshadow -Wno-unused-parameter -O2 -g -I"$ROOT/src" -D_GNU_SOURCE \
    -o "$B/inlcal" "$ROOT/tests/inline/inlcal.c" $objs -lmpfr -lgmp -lm -lpthread || exit 2
GOROOT=$(go env GOROOT)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tg=0; to=0; tc=0; tk=0
norm() { sed -E 's|^[^ ]*/src/||; s|^\./||' | grep -E ": (can|cannot) inline |considered 'big'" | grep -v ' into ' | sort; }
for p in "$@"; do
    if [ -d "$p" ]; then
        dir=$(cd "$p" && pwd); pat=.; run=$dir; files=$(cd "$dir" && ls *.go)
        (cd "$run" && go build -gcflags=-m=2 $pat 2>&1) | norm > "$tmp/gc"
        (cd "$run" && "$B/inlcal" $pat 2>/dev/null) | norm > "$tmp/ours"
        rel=""
    else
        dir=$GOROOT/src/$p
        (cd "$tmp" && go build -gcflags="$p=-m=2" "$p" 2>&1) | norm > "$tmp/gc.all"
        # only the package's own files (gc also reports imported generic instances)
        grep -E "^$p/[^/]+\.go:" "$tmp/gc.all" > "$tmp/gc"
        (cd "$tmp" && "$B/inlcal" "$p" 2>/dev/null) | norm > "$tmp/ours"
    fi
    if [ "${NOGENERIC:-0}" = 1 ]; then
        # leave out generic instances (F[...]) and their closures: not lowered yet
        grep -vE ': (can|cannot) inline [^ ]*\[' "$tmp/gc" > "$tmp/gc.ng"; mv "$tmp/gc.ng" "$tmp/gc"
    fi
    g=$(wc -l < "$tmp/gc"); o=$(wc -l < "$tmp/ours"); c=$(comm -12 "$tmp/gc" "$tmp/ours" | wc -l)
    sed 's/ as: .*//' "$tmp/gc" | sort > "$tmp/gc.c"; sed 's/ as: .*//' "$tmp/ours" | sort > "$tmp/ours.c"
    k=$(comm -12 "$tmp/gc.c" "$tmp/ours.c" | wc -l)
    printf '%-28s gc %5d  ours %5d  same decision+cost %5d  identical %5d\n' "$p" "$g" "$o" "$k" "$c"
    tg=$((tg + g)); to=$((to + o)); tc=$((tc + c)); tk=$((tk + k))
    if [ $VERBOSE = 1 ]; then
        diff "$tmp/gc.c" "$tmp/ours.c" | grep -E '^[<>]' | head -${DIFFMAX:-40}
    fi
done
printf '%-28s gc %5d  ours %5d  same decision+cost %5d  identical %5d\n' TOTAL "$tg" "$to" "$tk" "$tc"
