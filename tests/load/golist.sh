#!/usr/bin/env bash
# Compares goescape's package loading with `go list`, package by package:
# import path + selected GoFiles, for std, cmd, several GOOS/GOARCH, -deps,
# and the fixture modules under tests/load/fixtures. Error cases are checked
# against expected one-line messages. Last line: "N passed, M failed".
#
# Usage: tests/load/golist.sh [path/to/list-binary]
# Without an argument the stand-alone driver tests/load/listdriver.c is built
# (under ASan+UBSan when GOESCAPE_SAN=1).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/tests/load/fixtures
OUT=$ROOT/build/load-test
mkdir -p "$OUT"
CC=${CC:-cc}

if [ $# -ge 1 ]; then
    LIST=$1
else
    LIST=$OUT/list
    flags="-O2 -g"
    [ "${GOESCAPE_SAN:-0}" = 1 ] && flags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    # shellcheck disable=SC2086
    if ! $CC -std=c17 $flags -Wall -Wextra -Wshadow -Wno-unused-parameter -I"$ROOT/src" -D_GNU_SOURCE \
        -o "$LIST" "$ROOT/tests/load/listdriver.c" "$ROOT"/src/base/*.c "$ROOT"/src/load/*.c -lm; then
        echo "0 passed, 1 failed"
        exit 1
    fi
fi

pass=0 fail=0 pkgs=0 mism=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

export CGO_ENABLED=0 GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off
unset GOOS GOARCH GOEXPERIMENT

have_go=1
command -v go >/dev/null 2>&1 || have_go=0

# golist DIR ENV... -- ARGS: go list's view in our output format.
golist() {
    local dir=$1; shift
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    (cd "$dir" && env "${envs[@]}" go list -e -pgo=off -f '{{.ImportPath}} {{join .GoFiles " "}}' "$@" 2>/dev/null) | sed 's/ $//'
}
ourlist() {
    local dir=$1; shift
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    (cd "$dir" && env "${envs[@]}" "$LIST" "$@")
}

# compare NAME DIR ENV... -- ARGS
compare() {
    local name=$1; shift
    if [ $have_go = 0 ]; then echo "skip (no go): $name"; return; fi
    golist "$@" > "$OUT/go.txt"
    ourlist "$@" > "$OUT/ours.txt" 2> "$OUT/ours.err"
    local rc=$?
    local n m
    n=$(wc -l < "$OUT/go.txt")
    # per package: lines present in only one of the two outputs
    m=$(diff "$OUT/go.txt" "$OUT/ours.txt" | grep -c '^[<>]')
    pkgs=$((pkgs + n)); mism=$((mism + m))
    if [ $rc -ne 0 ] || [ "$n" -eq 0 ] || ! cmp -s "$OUT/go.txt" "$OUT/ours.txt"; then
        bad "$name: $n packages, $m differing lines, exit $rc"
        diff "$OUT/go.txt" "$OUT/ours.txt" | head -10
        head -3 "$OUT/ours.err"
    else
        ok
    fi
}

# expect NAME DIR EXPECTED-FILE ENV... -- ARGS: output against a checked-in file.
expect() {
    local name=$1 dir=$2 exp=$3; shift 3
    ourlist "$dir" "$@" > "$OUT/ours.txt" 2> "$OUT/ours.err"
    if [ $? -ne 0 ] || ! cmp -s "$exp" "$OUT/ours.txt"; then
        bad "$name"
        diff "$exp" "$OUT/ours.txt" | head -10
        head -3 "$OUT/ours.err"
    else
        ok
    fi
}

# experr NAME DIR REGEX ENV... -- ARGS: must exit 2 with exactly one stderr line.
experr() {
    local name=$1 dir=$2 re=$3; shift 3
    ourlist "$dir" "$@" > "$OUT/ours.txt" 2> "$OUT/ours.err"
    local rc=$?
    local lines
    lines=$(wc -l < "$OUT/ours.err")
    if [ $rc -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -Eq "$re" "$OUT/ours.err"; then
        bad "$name: exit $rc, $lines stderr lines: $(head -2 "$OUT/ours.err")"
    else
        ok
    fi
}

G=$(go env GOROOT 2>/dev/null || echo /usr/lib/go)

# --- GOROOT ---
for v in "" GOARCH=386 GOARCH=arm64 GOOS=windows GOOS=darwin "GOOS=js GOARCH=wasm" GOOS=plan9 \
         "GOOS=freebsd GOARCH=arm" GOARCH=riscv64 "GOOS=aix GOARCH=ppc64" GOOS=illumos; do
    # shellcheck disable=SC2086
    for pat in std cmd; do compare "$pat ${v:-linux/amd64}" "$ROOT" $v -- "$pat"; done
done
compare "CGO_ENABLED=1 std" "$ROOT" CGO_ENABLED=1 -- std
compare "CGO_ENABLED=1 -deps net os/user" "$ROOT" CGO_ENABLED=1 -- -deps net os/user
compare "CGO_ENABLED=1 -deps std" "$ROOT" CGO_ENABLED=1 -- -deps std
compare "CGO_ENABLED=1 tags" "$FIX/tags" CGO_ENABLED=1 -- ./...
compare "-deps std" "$ROOT" -- -deps std
compare "-deps cmd" "$ROOT" -- -deps cmd
compare "-deps std GOOS=windows" "$ROOT" GOOS=windows -- -deps std
compare "net/... crypto/..." "$ROOT" -- net/... crypto/...
compare "runtime dir" "$G/src/runtime" -- .
compare "std from GOROOT/src/net: ./..." "$G/src/net" -- ./...
compare "GOAMD64=v3" "$ROOT" GOAMD64=v3 -- -deps runtime crypto/sha256
compare "GOEXPERIMENT=nogreenteagc" "$ROOT" GOEXPERIMENT=nogreenteagc -- runtime encoding/json
compare "files mode" "$G/src/fmt" -- print.go format.go
compare "-tags=math_big_pure_go,purego" "$ROOT" -- -tags=math_big_pure_go,purego math/big crypto/...

# --- fixtures (go list runs offline: GOPROXY=off) ---
compare "tags ./..." "$FIX/tags" -- ./...
compare "tags -tags" "$FIX/tags" -- -tags=foo,bar ./...
compare "tags windows" "$FIX/tags" GOOS=windows -- ./...
compare "tags arm64" "$FIX/tags" GOARCH=arm64 -- ./... .
compare "tags dir" "$FIX/tags" -- ./sub . ./sub/
compare "replace ./..." "$FIX/modreplace/app" -- ./...
compare "replace -deps" "$FIX/modreplace/app" -- -deps ./...
compare "replace all" "$FIX/modreplace/app" -- all
compare "replace import path" "$FIX/modreplace/app" -- example.com/lib example.com/lib/... example.com/app/...
compare "replace dir" "$FIX/modreplace/app" -- ../lib/sub
compare "vendored -deps" "$FIX/vendored" GOFLAGS= -- -deps ./...
compare "vendored ./..." "$FIX/vendored" GOFLAGS= -- ./...
compare "gopath" "$FIX/gopath/src/hello" GO111MODULE=off GOPATH="$FIX/gopath" -- -deps hello
compare "gopath ..." "$FIX" GO111MODULE=off GOPATH="$FIX/gopath" -- ./gopath/src/... greet/...

# --- checked-in expectations (no go needed) ---
expect "tags expected" "$FIX/tags" "$FIX/tags.expected" -- ./...
expect "vendored expected" "$FIX/vendored" "$FIX/vendored.expected" GOFLAGS= -- -deps example.com/vend/pkg
expect "gopath expected" "$FIX/gopath/src/hello" "$FIX/gopath.expected" GO111MODULE=off GOPATH="$FIX/gopath" -- hello ./vendor/vend greet

# --- errors: one line on stderr, exit 2 ---
experr "bad go.mod" "$FIX/badmod" '/go\.mod:4: unknown directive: frobnicate$' -- ./...
mkdir -p "$FIX/emptydir/empty"  # git does not keep empty directories
experr "no Go files" "$FIX/emptydir" '^goescape: no Go files in .*/emptydir/empty$' -- ./empty
experr "excluded" "$FIX/tags" '^goescape: build constraints exclude all Go files in .*/tags/excl$' -- ./excl
experr "cgo only" "$FIX/tags" '^goescape: build constraints exclude all Go files in .*/tags/cgoonly$' -- ./cgoonly
experr "missing dir" "$FIX/tags" '^goescape: directory .*/tags/nope does not exist$' -- ./nope
experr "unknown std path" "$FIX/tags" '^goescape: package nosuch/pkg is not in std' -- nosuch/pkg
experr "unknown module path" "$FIX/tags" '^goescape: no required module provides package example\.org/x' -- example.org/x
experr "multiple packages" "$FIX/multi" '^goescape: found packages a \(a\.go\) and b \(b\.go\) in ' -- .
experr "files in two dirs" "$FIX/tags" '^goescape: named files must all be in one directory' -- a.go sub/only_test.go
experr "not a go file" "$FIX/tags" '^goescape: named files must be .go files: go.mod' -- a.go go.mod
experr "nested module" "$FIX/tags" '^goescape: main module \(example\.com/tags\) does not contain package' -- ./inner
experr "no go.mod" /tmp '^goescape: go.mod file not found' -- ./...
experr "bad flag" "$FIX/tags" 'unknown flag -bogus' -- -bogus ./...
experr "bad GOOS" "$FIX/tags" 'unsupported GOOS/GOARCH pair nope/amd64' GOOS=nope -- ./...

# --- speed: listing std must stay well under 100 ms (best of 5) ---
best=999999
for _ in 1 2 3 4 5; do
    s=$(date +%s%N); "$LIST" std > /dev/null; e=$(date +%s%N)
    t=$(( (e - s) / 1000000 )); [ $t -lt $best ] && best=$t
done
echo "list std: ${best} ms"
if [ "${GOESCAPE_SAN:-0}" = 1 ] || [ $best -lt 100 ]; then ok; else bad "list std took ${best} ms"; fi

echo "go list comparison: $pkgs packages compared, $mism differing lines"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
