#!/usr/bin/env bash
# Version awareness: `goescape version` names the Go release whose rules
# goescape applies (1.27), and the escape driver warns once on stderr when the
# GOROOT it reads is another release. The other release is faked: a temporary
# GOROOT whose VERSION says go1.26.0 and whose src/ is the real GOROOT's
# (the loader needs src/runtime and the sources of the packages it loads).
#
# Usage: tests/escape/version.sh [GOESCAPE]   (default build/goescape)
# Last line: N passed, M failed.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/goescape}
case $bin in /*) ;; *) bin=$root/$bin ;; esac
export PATH="/usr/lib/go-1.27/bin:$PATH"
goroot=$(go env GOROOT)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
p=0 f=0
ok() { echo "PASS $1"; p=$((p + 1)); }
bad() { echo "FAIL $1"; shift; printf '  %s\n' "$@"; f=$((f + 1)); }

mkdir -p "$tmp/fake" "$tmp/prog"
echo go1.26.0 > "$tmp/fake/VERSION"
ln -s "$goroot/src" "$tmp/fake/src"
cat > "$tmp/prog/m.go" <<'EOF'
package main

import "fmt"

func f() *int { x := 1; return &x }

func main() { fmt.Println(*f()) }
EOF
want_warn="goescape: warning: GOROOT $tmp/fake is go1.26.0; goescape applies Go 1.27's rules"

v=$("$bin" version 2>&1)
if [ "$v" = "goescape 0.1 (Go 1.27 rules)" ] || [[ $v =~ ^goescape\ [^\ ]+\ \(Go\ 1\.27\ rules\)$ ]]; then
  ok "version names Go 1.27 rules"
else bad "version names Go 1.27 rules" "got: $v"; fi

# The real GOROOT (1.27): no warning, and the messages themselves.
(cd "$tmp/prog" && GOROOT=$goroot "$bin" -m m.go) > "$tmp/real.out" 2> "$tmp/real.err"
rc=$?
if [ $rc -eq 0 ] && ! grep -q warning "$tmp/real.err" && grep -q 'moved to heap: x' "$tmp/real.out"; then
  ok "GOROOT go1.27: no warning"
else bad "GOROOT go1.27: no warning" "exit $rc" "$(head -3 "$tmp/real.err")"; fi

# The fake 1.26 GOROOT: one warning line, same messages, same exit status.
(cd "$tmp/prog" && GOROOT=$tmp/fake "$bin" -m m.go) > "$tmp/fake.out" 2> "$tmp/fake.err"
rc=$?
n=$(grep -c 'warning' "$tmp/fake.err")
if [ $rc -eq 0 ] && [ "$n" = 1 ] && grep -qxF "$want_warn" "$tmp/fake.err"; then
  ok "GOROOT go1.26.0: one warning"
else bad "GOROOT go1.26.0: one warning" "exit $rc, $n warning lines" "$(head -3 "$tmp/fake.err")"; fi
if cmp -s "$tmp/real.out" "$tmp/fake.out"; then ok "GOROOT go1.26.0: same messages"
else bad "GOROOT go1.26.0: same messages" "$(diff "$tmp/real.out" "$tmp/fake.out" | head -5)"; fi

# Several packages (std ones, loaded from the fake GOROOT): still once.
(cd "$tmp/prog" && GOROOT=$tmp/fake "$bin" -m errors unicode/utf8) > /dev/null 2> "$tmp/multi.err"
rc=$?
n=$(grep -c 'warning' "$tmp/multi.err")
if [ $rc -eq 0 ] && [ "$n" = 1 ]; then ok "several packages: warned once"
else bad "several packages: warned once" "exit $rc, $n warning lines" "$(head -3 "$tmp/multi.err")"; fi

# A pattern that does not resolve: the usual error and exit 2, warning still given.
(cd "$tmp/prog" && GOROOT=$tmp/fake "$bin" -m no/such/pkg) > /dev/null 2> "$tmp/bad.err"
rc=$?
if [ $rc -eq 2 ] && grep -qxF "$want_warn" "$tmp/bad.err" && grep -q '^goescape: .*no/such/pkg' "$tmp/bad.err"; then
  ok "bad pattern: error and warning"
else bad "bad pattern: error and warning" "exit $rc" "$(head -3 "$tmp/bad.err")"; fi

echo "$p passed, $f failed"
[ $f -eq 0 ]
