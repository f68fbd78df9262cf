#!/usr/bin/env bash
# make demo: run goescape on the bundled examples.
set -eu
cd "$(dirname "$0")"
bin=${GOESCAPE:-../build/goescape}
echo "== goescape list ./... (packages and files, as go list selects them)"
"$bin" list ./...
echo
echo "== goescape parse ./... (syntax check of every file)"
"$bin" parse ./... && echo "all files parse cleanly"
echo
echo "== goescape parse -dump mapescape/main.go (first lines of the syntax tree)"
"$bin" parse -dump mapescape/main.go | head -16
echo
echo "== goescape types -dump ./mapescape (package-level objects, as go/types prints them)"
"$bin" types -dump ./mapescape
echo
# Escape analysis: gc's -m=2 view of every example, as goescape computes it
# (inlining off, -l, until the inliner lands).
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'package p\n\nvar g *int\n\nfunc f() {\n\tx := 0\n\tg = &x\n}\n' > "$probe/p.go"
absbin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if ! (cd "$probe" && "$absbin" -m -l p.go 2>&1) | grep -q 'moved to heap: x'; then
  echo "== goescape -m=2 -l: escape analysis is not available in this build yet (see the issues list); skipped."
  exit 0
fi
for d in mapescape pkgvar closure goroutine defer iface ifacecall leakparam returnaddr storeinto sendchan bigalloc varsize; do
  [ -d "$d" ] || continue
  echo "== goescape -m=2 -l ./$d   ($(sed -n '1s#^// ##p' "$d/main.go"))"
  "$bin" -m=2 -l "./$d" 2>&1 || echo "(goescape exited with status $?)"
  echo
done
