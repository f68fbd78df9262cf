#!/usr/bin/env bash
# Type errors on GOROOT/test, single-file tests only (files in *.dir trees
# and the *dir recipes are out of scope). The recipe is a file's first
# non-blank line that is not a build constraint; files whose //go:build line
# is false for linux/amd64 (gc, cgo off, default experiments) are skipped.
#  - `// errorcheck` files with `ERROR` annotations whose flags ask for no
#    compiler diagnostics (-m, -live, -d=..., -race, -wb): goescape types must
#    report at least one error, for at least 90% of them;
#  - `// run`, `// compile`, `// build` files: goescape types must report no
#    error, for at least 99% of them;
#  - no file may crash goescape or take more than 2 s of CPU time.
# Prints each miss, both percentages, and `N passed, M failed` (one test per
# file, plus one per threshold). -v lists files that reported errors wrongly.
# Usage: tests/types/goroot_errors.sh [GOESCAPE [GOROOT]]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/goescape}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
goroot=${2:-$(go env GOROOT 2>/dev/null || echo /usr/lib/go)}
export GOESCAPE_BIN=$bin GOFLAGS=
jobs=$(nproc 2>/dev/null || echo 2)

# One file: prints "KIND VERDICT FILE" where KIND is err (errors expected),
# ok (no error expected) or skip, and VERDICT is yes (goescape reported an
# error: exit 1, or 2 for a package it cannot load), no, crash or slow.
one() {
  f=$1
  recipe=$(awk '/^[ \t]*$/ {next} /^\/\/go:build/ || /^\/\/ *\+build/ {next} {print; exit}' "$f" | sed 's,^// *,,')
  build=$(awk '/^package / {exit} /^\/\/go:build / {sub(/^\/\/go:build /, ""); print; exit}' "$f")
  if [ -n "$build" ]; then
    # Evaluate the constraint with shell arithmetic: tags become 1 or 0.
    expr=$(printf '%s\n' "$build" | sed -E 's/[A-Za-z0-9_.]+/ & /g' | awk '{
      for (i = 1; i <= NF; i++) {
        t = $i
        if (t ~ /^[A-Za-z0-9_.]+$/) {
          v = 0
          if (t == "linux" || t == "amd64" || t == "unix" || t == "gc" || t == "goexperiment.regabiargs" || t == "goexperiment.regabiwrappers") v = 1
          if (t ~ /^go1\.[0-9]+$/ && substr(t, 5) + 0 <= 27) v = 1
          t = v
        }
        printf "%s ", t
      }
    }')
    if ! [ "$(( expr ))" -eq 1 ] 2>/dev/null; then echo "skip - $f"; return; fi
  fi
  word=${recipe%% *}
  flags=" ${recipe#"$word"} "
  kind=skip
  case $flags in *.go\ *) echo "skip - $f"; return ;; esac   # names other files: not single-file
  case $flags in *-goexperiment*) echo "skip - $f"; return ;; esac   # needs a GOEXPERIMENT
  case $word in
    run|compile|build) kind=ok ;;
    errorcheck)
      case $flags in
        *" -m"*|*" -live"*|*" -d="*|*" -race"*|*" -wb"*) ;;
        *) grep -q 'ERROR' "$f" && kind=err ;;
      esac ;;
  esac
  if [ $kind = skip ]; then echo "skip - $f"; return; fi
  # CPU time (user + system), so that a loaded machine does not fail files.
  tmpo=$(mktemp) tmpt=$(mktemp)
  TIMEFORMAT='%3U %3S'
  # gc's -lang from the recipe applies (goescape types -lang=go1.N)
  lang=$(printf '%s\n' "$flags" | grep -o -- '-lang=go[0-9.]*' | head -1)
  { time (cd "$(dirname "$f")" && exec timeout 20 "$GOESCAPE_BIN" types $lang "$(basename "$f")" >"$tmpo" 2>&1); } 2>"$tmpt"
  rc=$?
  ms=$(awk '{printf "%d", 1000 * ($1 + $2)}' "$tmpt")
  out=$(cat "$tmpo")
  rm -f "$tmpo" "$tmpt"
  if [ $rc -eq 124 ]; then v=slow
  elif [ $rc -gt 2 ] || printf '%s' "$out" | grep -q 'Sanitizer\|runtime error'; then v=crash
  elif [ "${ms:-0}" -gt 2000 ]; then v=slow
  elif [ $rc -ne 0 ]; then v=yes
  else v=no; fi
  echo "$kind $v $f"
}
export -f one

res=$(find -L "$goroot/test" -name '*.go' -not -path '*.dir/*' | LC_ALL=C sort |
      xargs -P "$jobs" -n 1 bash -c 'one "$1"' _)
pass=0 fail=0
err_total=0 err_yes=0 ok_total=0 ok_clean=0
while read -r kind v f; do
  [ "$kind" = skip ] && continue
  case $v in
    crash|slow) fail=$((fail + 1)); echo "FAIL $f: $v" ;;
    *) pass=$((pass + 1)) ;;
  esac
  if [ "$kind" = err ]; then
    err_total=$((err_total + 1))
    if [ "$v" = yes ]; then err_yes=$((err_yes + 1)); else echo "MISSED $f"; fi
  else
    ok_total=$((ok_total + 1))
    if [ "$v" = no ]; then ok_clean=$((ok_clean + 1)); else echo "FALSE $f"; fi
  fi
done <<< "$res"
pe=$(awk -v a=$err_yes -v t=$err_total 'BEGIN{printf "%.2f", t ? 100*a/t : 0}')
po=$(awk -v a=$ok_clean -v t=$ok_total 'BEGIN{printf "%.2f", t ? 100*a/t : 0}')
echo "errorcheck files with an error reported: $err_yes/$err_total ($pe%, need 90%)"
echo "run/compile/build files without error: $ok_clean/$ok_total ($po%, need 99%)"
if awk -v a=$err_yes -v t=$err_total 'BEGIN{exit !(a >= 0.90*t)}'; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL errorcheck below 90%"; fi
if awk -v a=$ok_clean -v t=$ok_total 'BEGIN{exit !(a >= 0.99*t)}'; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL run/compile/build below 99%"; fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
