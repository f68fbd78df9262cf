#!/usr/bin/env bash
# For every GOROOT/test file that gofmt -e rejects, compare goescape's first
# syntax diagnostic (line:col: message) with gc's (go tool compile). Prints
# the agreement and each difference; the suite passes while agreement stays
# at or above the recorded baseline. Last line: N passed, M failed.
# Usage: tests/parse/gc_errors.sh GOESCAPE GOROOT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") goroot=$2
baseline=58
gofmt=$goroot/bin/gofmt
[ -x "$gofmt" ] || gofmt=$(command -v gofmt)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
same=0 total=0
first() { head -1 | sed 's/^[^:]*:\([0-9]*:[0-9]*\): /\1: /'; }
while read -r f; do
  "$gofmt" -e "$f" >/dev/null 2>&1 && continue
  total=$((total + 1))
  dir=$(dirname "$f") base=$(basename "$f")
  # -o must name a real file: the compiler replaces its output path.
  g=$(cd "$dir" && go tool compile -p p -o "$tmp/out.o" "$base" 2>&1 | first)
  c=$(cd "$dir" && "$bin" parse "$base" 2>&1 | first)
  if [ "$g" = "$c" ]; then same=$((same + 1)); else printf 'DIFF %s\n  gc:       %s\n  goescape: %s\n' "$base" "$g" "$c"; fi
done < <(find -L "$goroot/test" -name '*.go' | LC_ALL=C sort)
echo "first syntax diagnostic identical to gc: $same/$total (baseline $baseline)"
if [ "$same" -ge "$baseline" ]; then echo "1 passed, 0 failed"; else echo "FAIL agreement fell below the baseline"; echo "0 passed, 1 failed"; exit 1; fi
