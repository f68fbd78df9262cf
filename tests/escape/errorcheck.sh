#!/usr/bin/env bash
# Build and run the GOROOT/test -m conformance runner (tests/escape/errorcheck).
#   tests/escape/errorcheck.sh [-goescape BIN] [RUNNER FLAGS]   goescape (default build/goescape)
#   tests/escape/errorcheck.sh -gc [RUNNER FLAGS]               the real compiler (validates the runner)
# Runner flags: -run REGEXP, -group l|inl|all, -v, -list, -j N (see main.go).
# Details go to build/test-logs/conform[-gc].details, per-line results to
# build/test-logs/conform[-gc].results.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="/usr/lib/go-1.27/bin:$PATH"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off
mkdir -p "$root/build/escape-tools" "$root/build/test-logs"
runner=$root/build/escape-tools/errorcheck
(cd "$root/tests/escape/errorcheck" && go build -o "$runner" .) || exit 2
name=conform
for a in "$@"; do [ "$a" = -gc ] && name=conform-gc; done
cd "$root" && exec "$runner" -log "build/test-logs/$name.details" -results "build/test-logs/$name.results" "$@"
