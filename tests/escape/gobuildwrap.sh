#!/usr/bin/env bash
# A stand-in for goescape made from `go build`, to test the golden suite:
# `gobuildwrap.sh FLAGS ARGS` runs `go build -gcflags='FLAGS' ARGS` in the
# current directory. GOBUILDWRAP_MUTATE=drop deletes the last message line,
# =extra adds a bogus one.
set -u
flags=()
while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do flags+=("$1"); shift; done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$(go build -gcflags="${flags[*]}" -o "$tmp/a.out" "$@" 2>&1); rc=$?
case ${GOBUILDWRAP_MUTATE:-} in
  drop) out=$(printf '%s\n' "$out" | sed '$d') ;;
  extra) out=$(printf '%s\n' "$out"; printf '%s\n' "$out" | grep -m1 '\.go:[0-9]*:[0-9]*: ' | sed 's/: .*/: bogus escapes to heap/') ;;
esac
printf '%s\n' "$out"
exit $rc
