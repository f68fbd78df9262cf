#!/usr/bin/env bash
# The escape driver under AddressSanitizer and UndefinedBehaviorSanitizer:
# net/http into an empty summary cache (every dependency analysed and
# written, directories scanned and indexed), then warm (dependencies read
# from the cache, sources left on disk, the directory index used), with -p 1
# and -p 2, -m and -m=2, and -d=summaryroundtrip. Each run must print what the release build prints
# with -cache=off, exit 0, and say nothing on stderr: no sanitizer report,
# and no leak (a sanitizer build frees everything before it exits).
#
# Usage: tests/escape/sanitized.sh SAN_GOESCAPE RELEASE_GOESCAPE
set -u
san=$(realpath "$1") rel=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
p=0 f=0
cd "$tmp"
for m in -m -m=2; do
  GOESCAPE_CACHE=off "$rel" $m net/http > "ref$m.out" 2> "ref$m.err"
  echo $? > "ref$m.rc"
  if [ "$(cat "ref$m.rc")" != 0 ] || [ ! -s "ref$m.out" ]; then
    echo "FAIL reference goescape $m net/http: exit $(cat "ref$m.rc"), $(wc -l < "ref$m.out") lines"
    echo "0 passed, 1 failed"
    exit 1
  fi
done
# run NAME CACHE ARGS...: the sanitized build, compared with the reference for its -m level
run() {
  local name=$1 cache=$2 m=$3
  shift 3
  GOESCAPE_CACHE=$cache "$san" "$m" "$@" net/http > "$name.out" 2> "$name.err"
  local rc=$?
  if [ "$rc" = "$(cat "ref$m.rc")" ] && cmp -s "$name.out" "ref$m.out" && cmp -s "$name.err" "ref$m.err"; then
    echo "PASS $name"; p=$((p + 1))
  else
    echo "FAIL $name: exit $rc (want $(cat "ref$m.rc")); stdout $(cmp -s "$name.out" "ref$m.out" && echo same || echo differs)"
    head -5 "$name.err"
    f=$((f + 1))
  fi
}
run cold-p2 "$tmp/cache" -m
run warm-p2 "$tmp/cache" -m
run warm-p1 "$tmp/cache" -m -p 1
run warm-m2 "$tmp/cache" -m=2
run cold-p1-m2 "$tmp/cache2" -m=2 -p 1
# every summary written and read back in memory before importers use it,
# then stored: a TypeInfo copied by value once kept a dangling "no object"
run roundtrip "$tmp/cache" -m -d=summaryroundtrip
echo "$p passed, $f failed"
[ $f -eq 0 ]
