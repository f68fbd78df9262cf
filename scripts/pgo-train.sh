#!/bin/bash
# pgo-train.sh BIN: the training run of the profile-guided build (Makefile,
# PGO): BIN, built with -fprofile-generate, analyses net/http and its 187
# dependencies from the standard library, first with an empty summary cache
# (every stage on every package, and the cache written), then again with
# the cache warm (entries read, net/http analysed), as after an edit. One
# thread (-p 1): the counters need no atomic updates. Exits 1 when there is
# no GOROOT to read (the Makefile then builds without a profile).
set -eu
bin=$1          # --check: only whether there is a GOROOT to train on
goroot=
if command -v go >/dev/null 2>&1; then goroot=$(go env GOROOT 2>/dev/null || true); fi
[ -n "$goroot" ] || { [ -d /usr/lib/go-1.27/src/net/http ] && goroot=/usr/lib/go-1.27; }
[ -n "$goroot" ] && [ -d "$goroot/src/net/http" ] || { echo "pgo-train.sh: no GOROOT with sources" >&2; exit 1; }
[ "$bin" = --check ] && exit 0
bin=$(realpath "$bin")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/goescape-pgo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export GOROOT=$goroot GOESCAPE_CACHE=$tmp/cache
"$bin" -p 1 -m net/http > /dev/null
"$bin" -p 1 -m net/http > /dev/null
