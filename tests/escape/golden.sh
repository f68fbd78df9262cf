#!/usr/bin/env bash
# make check suite "escape-golden": goescape -m=2 -l on the golden programs
# tests/escape/golden/*.go and on examples/*/ (examples/mapescape is the
# scenario's acceptance test), compared
# with the expected output of the real compiler (*.want, from
# `go build -gcflags='-m=2 -l'`) as sorted lists of `file:line:col: message`
# lines (paths reduced to the file name for golden/*.go; kept as printed for
# the examples, which must match gc exactly, headers aside); programs named
# *errors* do not compile and compare gc's type errors (both exit 1); programs
# named *_inl run with the inliner at -m (decisions, inlined bodies'
# messages, what escapes there). A ratchet: golden/baseline.txt names
# the tests that passed last time; failed = regressions + crashes (+ runner
# self-test failures). The last line is "N passed, M failed" with N = tests
# passing now.
#   GEN=1     regenerate the *.want files from gc
#   UPDATE=1  rewrite the baseline from this run
# Usage: tests/escape/golden.sh [GOESCAPE]   (default build/goescape)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="/usr/lib/go-1.27/bin:$PATH"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=0
bin=${1:-$root/build/goescape}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
gdir=$root/tests/escape/golden
baseline=$gdir/baseline.txt
flags=(-m=2 -l)
logs=$root/build/test-logs; mkdir -p "$logs"
detail=$logs/escape-golden.details; : > "$detail"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Tests: NAME DIR ARG — run TOOL FLAGS ARG in DIR (only names matching $only).
only=
tests() { all_tests | grep -E "^(${only:-.*}) "; }
all_tests() {
  for f in "$gdir"/*.go; do b=$(basename "$f" .go); echo "$b $gdir $b.go"; done
  # The examples: the scenario first (the acceptance test), then the rest.
  echo "example-mapescape $root/examples ./mapescape"
  for d in "$root"/examples/*/; do
    d=$(basename "$d"); [ "$d" = mapescape ] || echo "example-$d $root/examples ./$d"
  done
}

# norm: message lines only, paths reduced to the file name, sorted.
# exact: message lines only, paths as printed (go build prints them relative
# to the directory it runs in), sorted: the scenario's acceptance test.
norm() { grep -E '^[^ ]+\.go:[0-9]+:[0-9]+: ' | sed -E 's#[^ :]*/([^/ :]+\.go:[0-9])#\1#g' | LC_ALL=C sort; }
exact() { grep -E '^[^ ]+\.go:[0-9]+:[0-9]+: ' | LC_ALL=C sort; }

# run_tool TOOL NAME DIR ARG OUT: returns the tool's exit status.
test_flags() { case $1 in *_inl) echo -m ;; *) echo "${flags[*]}" ;; esac; }
run_tool() {
  local fl
  read -ra fl <<< "$(test_flags "$2")"
  (cd "$3" && timeout 120 "$1" "${fl[@]}" "$4") > "$5.raw" 2>&1
  local rc=$?
  case $2 in example-*) exact < "$5.raw" > "$5" ;; *) norm < "$5.raw" > "$5" ;; esac
  return $rc
}

if [ "${GEN:-0}" = 1 ]; then
  while read -r name dir arg; do
    run_tool "$root/tests/escape/gobuildwrap.sh" "$name" "$dir" "$arg" "$gdir/$name.want" || { echo "FAIL go build on $name"; cat "$gdir/$name.want.raw"; }
    rm -f "$gdir/$name.want.raw"
    echo "generated $name.want ($(wc -l < "$gdir/$name.want") lines)"
  done < <(tests)
fi

# expected_rc NAME: programs named *errors* do not compile: go build and
# goescape exit 1.
expected_rc() {
  case $1 in *errors*) echo 1 ;; *) echo 0 ;; esac
}

# compare TOOL TAG: writes TAG.pass / TAG.fail / TAG.crash and the counts.
compare() {
  local tool=$1 tag=$2 name dir arg rc
  : > "$tmp/$tag.pass"; : > "$tmp/$tag.fail"; : > "$tmp/$tag.crash"
  wl=0 ml=0
  while read -r name dir arg; do
    run_tool "$tool" "$name" "$dir" "$arg" "$tmp/$name.got"; rc=$?
    want=$gdir/$name.want
    w=$(wc -l < "$want"); m=$(LC_ALL=C comm -12 "$want" "$tmp/$name.got" | wc -l)
    wl=$((wl + w)); ml=$((ml + m))
    if [ $rc -ge 124 ] || grep -q -e Sanitizer -e 'runtime error' "$tmp/$name.got.raw"; then
      echo "$name" >> "$tmp/$tag.crash"; st=CRASH
    elif [ $rc -eq "$(expected_rc "$name")" ] && cmp -s "$want" "$tmp/$name.got"; then
      echo "$name" >> "$tmp/$tag.pass"; st=PASS
    else
      echo "$name" >> "$tmp/$tag.fail"; st=FAIL
    fi
    if [ "$tag" = main ]; then
      printf '%-6s %-22s %4d/%-4d expected lines, %d extra%s\n' "$st" "$name" "$m" "$w" "$(($(wc -l < "$tmp/$name.got") - m))" "$([ $rc -ne 0 ] && echo ", exit $rc")"
      if [ $st != PASS ]; then
        { echo "==== $st $name: (cd ${dir#$root/} && goescape $(test_flags "$name") $arg), exit $rc"
          diff "$want" "$tmp/$name.got" | grep '^[<>]' | sed 's/^</- gc only:      /; s/^>/+ goescape only:/'
          grep -v -E '^([^ ]+\.go:[0-9]+:[0-9]+: |#)' "$tmp/$name.got.raw" | head -5 | sed 's/^/  stderr: /'
          echo; } >> "$detail"
      fi
    fi
  done < <(tests)
}

# 1. Self-test: gc's own output passes, corrupted outputs fail.
selffail=0
wrap=$root/tests/escape/gobuildwrap.sh
compare "$wrap" self
[ -s "$tmp/self.fail" ] || [ -s "$tmp/self.crash" ] && { echo "FAIL self-test: gc's output does not match the .want files (new test or new Go? GEN=1 $0 regenerates them):"; cat "$tmp/self.fail" "$tmp/self.crash"; selffail=$((selffail + 1)); }
for mut in drop extra; do
  only='mapescape|example-mapescape|storeinto' GOBUILDWRAP_MUTATE=$mut compare "$wrap" self
  if [ -s "$tmp/self.pass" ] || [ ! -s "$tmp/self.fail" ]; then
    echo "FAIL self-test: corrupted output ($mut) passes for: $(tr '\n' ' ' < "$tmp/self.pass")"; selffail=$((selffail + 1))
  fi
done
[ $selffail -eq 0 ] && echo "self-test (gc's output passes, corrupted outputs fail): ok"

nbase=$(grep -cv '^#' "$baseline" 2>/dev/null || true); nbase=${nbase:-0}
# 2. Does goescape do escape analysis yet?
printf 'package p\n\nvar g *int\n\nfunc f() {\n\tx := 0\n\tg = &x\n}\n' > "$tmp/probe.go"
probe=$(cd "$tmp" && timeout 60 "$bin" -m -l probe.go 2>&1)
if ! printf '%s\n' "$probe" | grep -q 'moved to heap: x'; then
  echo "goescape ($bin) does not support -m yet: $(printf '%s\n' "$probe" | head -1)"
  [ "$nbase" -gt 0 ] && echo "FAIL all $nbase baseline tests regress"
  echo "0 passed, $((nbase + selffail)) failed"; [ $((nbase + selffail)) -eq 0 ]; exit
fi

# 3. goescape.
compare "$bin" main
echo "expected lines goescape prints: $ml/$wl; details: build/test-logs/escape-golden.details"
LC_ALL=C sort -u "$tmp/main.pass" > "$tmp/now"
grep -v '^#' "$baseline" 2>/dev/null | LC_ALL=C sort -u > "$tmp/base"
regress=$(LC_ALL=C comm -23 "$tmp/base" "$tmp/now")
nreg=0; [ -n "$regress" ] && nreg=$(printf '%s\n' "$regress" | wc -l)
nnew=$(LC_ALL=C comm -13 "$tmp/base" "$tmp/now" | wc -l)
ncrash=$(wc -l < "$tmp/main.crash")
[ -n "$regress" ] && printf '%s\n' "$regress" | sed 's/^/FAIL regression: /'
sed 's/^/FAIL crash: /' "$tmp/main.crash"
if [ "${UPDATE:-0}" = 1 ]; then
  { echo "# golden tests goescape passes (tests/escape/golden.sh; UPDATE=1 rewrites)."; cat "$tmp/now"; } > "$baseline"
  echo "baseline updated: $(wc -l < "$tmp/now") tests"; nreg=0
elif [ "$nnew" -gt 0 ]; then
  echo "$nnew tests pass that the baseline does not list: run UPDATE=1 $0 to ratchet"
fi
echo "$(wc -l < "$tmp/now") passed, $((nreg + ncrash + selffail)) failed"
[ $((nreg + ncrash + selffail)) -eq 0 ]
