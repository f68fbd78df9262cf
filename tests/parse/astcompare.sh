#!/usr/bin/env bash
# Compare `goescape parse -dump` with go/ast (tests/oracle/astdump) on every .go
# file of GOROOT/src outside testdata. One test per file; N passed, M failed.
# Usage: tests/parse/astcompare.sh GOESCAPE GOROOT
set -u
bin=$1 goroot=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$root/build/astcompare
mkdir -p "$work"
(cd "$root/tests/oracle/astdump" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -o "$work/astdump" .) || { echo "0 passed, 1 failed"; exit 1; }
find -L "$goroot/src" -name '*.go' -not -path '*/testdata/*' | LC_ALL=C sort > "$work/files.txt"
"$bin" parse -dump -list "$work/files.txt" > "$work/goescape.dump" 2>/dev/null
"$work/astdump" -list "$work/files.txt" -against "$work/goescape.dump"
rc=$?
rm -f "$work/goescape.dump"
exit $rc
