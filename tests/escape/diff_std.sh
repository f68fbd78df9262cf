#!/usr/bin/env bash
# Differential test: goescape against gc on a set of packages (default: all
# of std). Runs `go build -gcflags='FLAGS' PATTERNS` (CGO_ENABLED=0) and
# `goescape FLAGS PATTERNS` in the same directory, normalises both outputs to
# exact `file:line:col: message` lines (paths relative to GOROOT/src for
# standard packages, relative to the run directory otherwise) and prints
# precision, recall and F1 per message class. Disagreements, worst packages
# first, go to OUT/disagreements.txt; the raw outputs stay in OUT.
#
# Usage: tests/escape/diff_std.sh [-b GOESCAPE] [-o OUT] [-f 'GCFLAGS'] [-C DIR] [-d] [PATTERNS...]
#   -b  goescape binary (default build/goescape)
#   -o  output directory (default build/diff-std)
#   -f  flags for both tools (default '-m -l')
#   -C  directory to run both commands in (default: a scratch directory, right for std/cmd;
#       use a module root for third-party code, or $GOPATH/src in GOPATH mode)
#   -d  also compare the non-standard packages PATTERNS depend on (go list -deps)
# The environment reaches both tools: GO111MODULE=off GOPATH=... selects GOPATH
# mode for both (make diff-thirdparty).
# gc's output is cached in OUT/gc.out, keyed by Go version, flags and patterns;
# REGEN=1 recomputes it. gc runs with a private GOCACHE (OUT/gocache), so
# its first run compiles every package and later runs replay the messages.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="/usr/lib/go-1.27/bin:$PATH"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=0
bin=$root/build/goescape out=$root/build/diff-std flags='-m -l' rundir= deps=0
while getopts b:o:f:C:d opt; do
  case $opt in
    b) bin=$OPTARG ;; o) out=$OPTARG ;; f) flags=$OPTARG ;; C) rundir=$OPTARG ;; d) deps=1 ;;
    *) echo "usage: $0 [-b GOESCAPE] [-o OUT] [-f 'GCFLAGS'] [-C DIR] [-d] [PATTERNS...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] && set -- std
case $bin in /*) ;; *) bin=$root/$bin ;; esac
mkdir -p "$out"; out=$(cd "$out" && pwd)
goroot=$(go env GOROOT)
if [ -z "$rundir" ]; then rundir=$out/run; mkdir -p "$rundir"; fi
rundir=$(cd "$rundir" && pwd)
if [ $deps = 1 ]; then
  list=$(cd "$rundir" && go list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' "$@") ||
    { echo "go list -deps failed"; exit 2; }
  # shellcheck disable=SC2086
  set -- $list
  [ $# -gt 0 ] || { echo "no non-standard packages"; exit 2; }
fi

key="$(go version) | $flags | $* | $rundir | GO111MODULE=${GO111MODULE:-} GOPATH=${GOPATH:-}"
if [ "${REGEN:-0}" = 1 ] || [ ! -s "$out/gc.out" ] || [ "$(cat "$out/gc.key" 2>/dev/null)" != "$key" ]; then
  echo "== gc: go build -gcflags='$flags' $* (in $rundir)"
  start=$SECONDS
  (cd "$rundir" && GOCACHE=$out/gocache go build -gcflags="$flags" "$@") > "$out/gc.out" 2>&1
  echo "   exit $?, $(grep -c '\.go:[0-9]*:[0-9]*: ' "$out/gc.out") message lines, $((SECONDS - start))s"
  printf '%s\n' "$key" > "$out/gc.key"
else
  echo "== gc: cached output $out/gc.out (REGEN=1 to recompute)"
fi

echo "== goescape: $bin $flags $*"
start=$SECONDS
# shellcheck disable=SC2086
(cd "$rundir" && timeout 3600 "$bin" $flags "$@") > "$out/goescape.out" 2> "$out/goescape.err"
rc=$?
echo "   exit $rc, $(grep -c '\.go:[0-9]*:[0-9]*: ' "$out/goescape.out") message lines, $((SECONDS - start))s"
if [ $rc -ne 0 ]; then echo "   stderr (first lines):"; head -5 "$out/goescape.err" | sed 's/^/     /'; fi

cmp=$out/diffcmp
(cd "$root/tests/escape/diffcmp" && go build -o "$cmp" .) || { echo "cannot build diffcmp"; exit 2; }
# goescape's diagnostics may go to either stream; notes without a position are ignored.
cat "$out/goescape.out" "$out/goescape.err" > "$out/goescape.all"
# `go build cmd` compiles cmd/compile's dependencies a second time with its
# profile (sections "# pkg [cmd/compile]"): goescape has no PGO, so those
# variants are left out
awk '/^# /{skip = ($0 ~ / \[/)} !skip' "$out/gc.out" > "$out/gc.cmp"
"$cmp" -goroot "$goroot" -dir "$rundir" -out "$out" "$out/gc.cmp" "$out/goescape.all"
echo "per-package table: $out/packages.txt"
