#!/usr/bin/env bash
# goescape's test runner (make check). Runs every suite, prints each suite's
# result, and ends with the total as "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="/usr/lib/go-1.27/bin:$PATH"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off
goroot=$(go env GOROOT)
bin=$root/build/goescape
san=$root/build/goescape-san
total_pass=0 total_fail=0
# Every suite runs with a private summary cache that starts empty: no test
# reads or writes the user's ~/.cache/goescape, and each run starts cold.
GOESCAPE_CACHE=$(mktemp -d "${TMPDIR:-/tmp}/goescape-check-cache.XXXXXX") || exit 1
export GOESCAPE_CACHE
trap 'rm -rf "$GOESCAPE_CACHE"' EXIT
log=$root/build/test-logs
mkdir -p "$log"

# run_suite NAME CMD...: the command's last "N passed, M failed" line counts;
# a suite that prints none counts as one failure.
run_suite() {
  local name=$1; shift
  local start=$SECONDS
  "$@" > "$log/$name.log" 2>&1
  local rc=$?
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log/$name.log" | tail -1)
  local p=0 f=1
  if [ -n "$line" ]; then
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
    [ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
  fi
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  printf '%-14s %6d passed, %4d failed  (%ds)\n' "$name" "$p" "$f" $((SECONDS - start))
  if [ "$f" -ne 0 ]; then grep -E 'FAIL|DISAGREE|ERROR|error' "$log/$name.log" | head -20 | sed 's/^/    /'; fi
}

unit_tests() {
  local p=0 f=0 t line
  for t in build/unit/*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1); rc=$?
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
    printf '%s\n' "$out" | grep FAIL
    if [ -z "$line" ]; then f=$((f + 1)); echo "FAIL $t printed no summary"; continue; fi
    p=$((p + ${line%% passed*})); ff=${line#*, }; ff=${ff%% failed*}; f=$((f + ff))
    [ $rc -ne 0 ] && [ "$ff" -eq 0 ] && { f=$((f + 1)); echo "FAIL $t exit $rc"; }
  done
  echo "$p passed, $f failed"
}

parse_std() {
  local err
  err=$("$san" parse std cmd 2>&1 >/dev/null); rc=$?
  if [ $rc -eq 0 ] && [ -z "$err" ]; then echo "1 passed, 0 failed"
  else printf '%s\n' "$err" | head; echo "FAIL parse std cmd exit $rc"; echo "0 passed, 1 failed"; fi
}

types_std() {
  local err
  err=$("$san" types std cmd 2>&1 >/dev/null); rc=$?
  if [ $rc -eq 0 ] && [ -z "$err" ]; then echo "1 passed, 0 failed"
  else printf '%s\n' "$err" | head; echo "FAIL types std cmd exit $rc"; echo "0 passed, 1 failed"; fi
}

bad_input() {
  # Bad input: one clear error line and exit status 2, never a crash.
  local p=0 f=0 out rc
  check() {
    out=$("$san" "$@" 2>&1); rc=$?
    if [ $rc -eq 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && ! printf '%s' "$out" | grep -q Sanitizer; then
      p=$((p + 1))
    else f=$((f + 1)); echo "FAIL goescape $*: exit $rc: $out"; fi
  }
  check parse ./no/such/dir
  check parse no.such/import/path
  check parse /nonexistent.go
  check parse -bogus
  check nosuchcommand
  check parse
  echo "$p passed, $f failed"
}

clang_build() {
  if ! command -v clang >/dev/null; then echo "FAIL no clang"; echo "0 passed, 1 failed"; return; fi
  if make --no-print-directory CC=clang B=build/clang OPT="-O2 -Werror" all >/dev/null 2>"$log/clang.err"; then
    echo "1 passed, 0 failed"
  else cat "$log/clang.err"; echo "0 passed, 1 failed"; fi
}

# The list comparison also times `list std`, so it runs the release build;
# the loader runs under the sanitizers in the unit tests and parse-std.
list_wrapper=$root/build/goescape-list
printf '#!/bin/sh\nexec "%s" list "$@"\n' "$bin" > "$list_wrapper"; chmod +x "$list_wrapper"

run_suite unit          unit_tests
run_suite clang-build   clang_build
run_suite bad-input     bad_input
run_suite golden-parse  bash tests/parse/golden.sh "$san"
run_suite parse-std     parse_std
run_suite load-golist   bash tests/load/golist.sh "$list_wrapper"
run_suite ast-oracle    bash tests/parse/astcompare.sh "$bin" "$goroot"
run_suite goroot-test   bash tests/parse/goroot_test.sh "$bin" "$san" "$goroot"
run_suite gc-errors     bash tests/parse/gc_errors.sh "$bin" "$goroot"
run_suite types-std     types_std
run_suite types-decls   bash tests/types/pkglevel.sh
run_suite types-exprs   bash tests/types/exprs.sh
run_suite types-goroot  bash tests/types/goroot_errors.sh "$bin" "$goroot"
run_suite escape-conform bash tests/escape/conform.sh "$bin"
run_suite escape-golden bash tests/escape/golden.sh "$bin"
run_suite escape-diff   bash tests/escape/diff_pkgs.sh "$bin"
run_suite escape-version bash tests/escape/version.sh "$bin"
run_suite escape-filenames bash tests/escape/filenames.sh "$bin"
run_suite escape-san    bash tests/escape/sanitized.sh "$san" "$bin"
run_suite fuzz-replay   bash tests/fuzz/replay.sh
run_suite cache         bash tests/cache/cache.sh "$bin"
echo "logs: build/test-logs/"
echo "$total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ]
