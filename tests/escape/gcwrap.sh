#!/usr/bin/env bash
# A stand-in for goescape made from the real compiler, to test the test
# runners: `gcwrap.sh FLAGS FILES` runs `go tool compile` (with columns, as
# goescape prints them) on single-package files. GCWRAP_MUTATE=drop deletes
# the first "does not escape" line; GCWRAP_MUTATE=extra adds a message on a
# line without annotations; GCWRAP_IMPORTCFG names the std importcfg.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cfg=${GCWRAP_IMPORTCFG:-}
if [ -z "$cfg" ]; then
  cfg=$tmp/importcfg
  GOFLAGS= go list -export -f '{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}' std > "$cfg"
fi
out=$(go tool compile -p=p -e -importcfg="$cfg" -o "$tmp/a.o" "$@" 2>&1); rc=$?
case ${GCWRAP_MUTATE:-} in
  drop) out=$(printf '%s\n' "$out" | awk '!done && / does not escape$/ {done=1; next} {print}') ;;
  extra) out=$(printf '%s\n' "$out" | awk 'NR==1 {print; sub(/:[0-9]+:[0-9]+: .*/, ":99999:1: bogus message"); print; next} {print}') ;;
esac
printf '%s\n' "$out"
exit $rc
