#!/usr/bin/env bash
# make check suite "escape-filenames": the file names goescape prints for
# .go files named on the command line are go build's (the directory made
# relative to the working directory when shorter: ./a.go for a.go or its
# absolute path, sub/b.go, ../m/a.go), checked against go build -gcflags=-m
# on each way of naming them. One test per invocation.
# Usage: tests/escape/filenames.sh [GOESCAPE]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="/usr/lib/go-1.27/bin:$PATH"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=0
bin=${1:-$root/build/goescape}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
m=$tmp/m
mkdir -p "$m/sub" "$tmp/sib"
printf 'module m\ngo 1.27\n' > "$m/go.mod"
src='package main

func f(x int) *int { return &x }

func main() { _ = f(1) }'
printf '%s\n' "$src" > "$m/a.go"
printf '%s\n' "$src" > "$m/sub/b.go"
pass=0 fail=0
# check DIR FILE ARG: the first message line of both tools, run in DIR on ARG
check() {
  local dir=$1 file=$2 arg=$3 want got
  # a new comment each time: go build must compile, not replay its cache
  printf '// %s\n' "$RANDOM$RANDOM" >> "$file"
  want=$(cd "$dir" && go build -gcflags=-m -o /dev/null "$arg" 2>&1 | grep -m1 -E '\.go:[0-9]+:[0-9]+: ')
  got=$(cd "$dir" && "$bin" -m -cache=off "$arg" 2>&1 | grep -m1 -E '\.go:[0-9]+:[0-9]+: ')
  if [ -n "$want" ] && [ "$want" = "$got" ]; then pass=$((pass + 1))
  else fail=$((fail + 1)); echo "FAIL (cd $dir && goescape -m $arg): got '$got', go build '$want'"; fi
}
check "$m" "$m/a.go" a.go
check "$m" "$m/a.go" ./a.go
check "$m" "$m/a.go" "$m/a.go"
check "$m" "$m/sub/b.go" sub/b.go
check "$m/sub" "$m/sub/b.go" b.go
check "$tmp/sib" "$m/a.go" ../m/a.go
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
