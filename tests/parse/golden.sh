#!/usr/bin/env bash
# Golden parse tests: for each tests/golden/parse/X.go, `goescape parse X.go`
# run in that directory must print exactly X.err on stderr (empty for a clean
# file) and exit 0 (no errors) or 1 (syntax errors). Last line: N passed, M failed.
# Usage: tests/parse/golden.sh GOESCAPE [--update]
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(cd "$(dirname "$0")/../golden/parse" && pwd)
pass=0 fail=0
cd "$dir"
for f in *.go; do
  want=${f%.go}.err
  got=$("$bin" parse "$f" 2>&1 >/dev/null); rc=$?
  if [ "${2:-}" = --update ]; then printf '%s' "$got" > "$want"; [ -n "$got" ] && echo >> "$want"; fi
  expect_rc=0; [ -s "$want" ] && expect_rc=1
  if [ "$got" = "$(cat "$want")" ] && [ $rc -eq $expect_rc ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL golden parse $f (exit $rc, want $expect_rc)"
    diff <(printf '%s\n' "$got") "$want" | head -10
  fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
