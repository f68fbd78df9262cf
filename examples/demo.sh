#!/usr/bin/env bash
# make demo: run goescape on the bundled examples.
set -eu
cd "$(dirname "$0")"
bin=../build/goescape
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
echo "Escape analysis (-m, -m=2) is being built: see the issues list; this demo grows with it."
