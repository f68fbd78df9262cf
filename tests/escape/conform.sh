#!/usr/bin/env bash
# make check suite "escape-conform": the GOROOT/test -m conformance files
# (tests/escape/errorcheck) run through goescape, as a ratchet. The baseline
# tests/escape/baseline.txt lists what passed last time (annotation lines
# "file:line" and whole files "file"); a regression is a baseline entry that
# no longer passes. Also a self-test of the runner on the real compiler.
# Last line: "N passed, M failed" with N = annotation lines passing now and
# M = regressions + crashes + runner self-test failures.
# UPDATE=1 rewrites the baseline from this run.
# Usage: tests/escape/conform.sh [GOESCAPE]   (default build/goescape)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="/usr/lib/go-1.27/bin:$PATH"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off
bin=${1:-$root/build/goescape}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
baseline=$root/tests/escape/baseline.txt
logs=$root/build/test-logs; mkdir -p "$logs"
tools=$root/build/escape-tools; mkdir -p "$tools"
runner=$tools/errorcheck
(cd "$root/tests/escape/errorcheck" && go build -o "$runner" .) || { echo "FAIL cannot build the conformance runner"; echo "0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# 1. The runner must pass the real compiler and fail a corrupted output.
selffail=0
GOFLAGS= go list -export -f '{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}' std > "$tmp/importcfg"
export GCWRAP_IMPORTCFG=$tmp/importcfg
wrap=$root/tests/escape/gcwrap.sh
if ! "$runner" -goescape "$wrap" -run '^escape_(map|goto)\.go$' > "$tmp/self1" 2>&1; then
  echo "FAIL runner self-test: gc's own output does not pass"; cat "$tmp/self1"; selffail=$((selffail + 1))
fi
if GCWRAP_MUTATE=drop "$runner" -goescape "$wrap" -run '^escape_map\.go$' > "$tmp/self2" 2>&1; then
  echo "FAIL runner self-test: a missing message went unnoticed"; cat "$tmp/self2"; selffail=$((selffail + 1))
fi
if GCWRAP_MUTATE=extra "$runner" -goescape "$wrap" -run '^escape_goto\.go$' > "$tmp/self3" 2>&1; then
  echo "FAIL runner self-test: an unmatched message went unnoticed"; cat "$tmp/self3"; selffail=$((selffail + 1))
fi
[ $selffail -eq 0 ] && echo "runner self-test (gc passes, corrupted outputs fail): ok"
unset GCWRAP_IMPORTCFG

nbase=$(grep -cv '^#' "$baseline" 2>/dev/null || true); nbase=${nbase:-0}

# 2. Does goescape do escape analysis yet?
cat > "$tmp/probe.go" <<'GO'
package p

var g *int

func f() {
	x := 0
	g = &x
}
GO
probe=$(cd "$tmp" && timeout 60 "$bin" -m -l probe.go 2>&1)
if ! printf '%s\n' "$probe" | grep -q 'moved to heap: x'; then
  echo "goescape ($bin) does not support -m yet: $(printf '%s\n' "$probe" | head -1)"
  if [ "$nbase" -gt 0 ]; then
    echo "FAIL all $nbase baseline entries regress"
    echo "0 passed, $((nbase + selffail)) failed"; exit 1
  fi
  echo "0 passed, $selffail failed"; [ $selffail -eq 0 ]; exit
fi

# 3. The conformance run.
res=$logs/escape-conform.results
"$runner" -goescape "$bin" -results "$res" -log "$logs/escape-conform.details" > "$logs/escape-conform.files" 2>&1
rc=$?
grep -E '^(TOTAL|CRASH)' "$logs/escape-conform.files"
if [ ! -s "$res" ]; then
  echo "FAIL the runner wrote no results (exit $rc)"; tail -5 "$logs/escape-conform.files"; echo "0 passed, 1 failed"; exit 1
fi
awk '$1=="PASS"{print $2}' "$res" | LC_ALL=C sort -u > "$tmp/now"
grep -v '^#' "$baseline" 2>/dev/null | LC_ALL=C sort -u > "$tmp/base"
regress=$(LC_ALL=C comm -23 "$tmp/base" "$tmp/now")
nreg=0; [ -n "$regress" ] && nreg=$(printf '%s\n' "$regress" | wc -l)
nnew=$(LC_ALL=C comm -13 "$tmp/base" "$tmp/now" | wc -l)
crashes=$(grep -c '^CRASH ' "$res")
[ -n "$regress" ] && printf '%s\n' "$regress" | head -50 | sed 's/^/FAIL regression: /'
[ "$nreg" -gt 50 ] && echo "FAIL ... and $((nreg - 50)) more regressions"
grep '^CRASH ' "$res" | sed 's/^/FAIL /'
lines_now=$(grep -E '^PASS .*:[0-9]+$' "$res" | wc -l)
echo "baseline $(wc -l < "$tmp/base") entries; now passing $(wc -l < "$tmp/now") ($nnew new, $nreg regressions); per-file results: build/test-logs/escape-conform.files, details: build/test-logs/escape-conform.details"
if [ "${UPDATE:-0}" = 1 ]; then
  { echo "# GOROOT/test -m conformance entries goescape passes (tests/escape/conform.sh; UPDATE=1 rewrites)."
    echo "# file:line = an annotation line; file = the whole file."
    cat "$tmp/now"; } > "$baseline"
  echo "baseline updated: $(wc -l < "$tmp/now") entries"
  nreg=0
elif [ "$nnew" -gt 0 ]; then
  echo "$nnew entries pass that the baseline does not list: run UPDATE=1 $0 to ratchet"
fi
echo "$lines_now passed, $((nreg + crashes + selffail)) failed"
[ $((nreg + crashes + selffail)) -eq 0 ]
