#!/usr/bin/env bash
# Builds libFuzzer target TARGET (parse or pipeline) under ASan+UBSan into
# build/fuzz/fuzz_TARGET, and (re)makes its seed corpus in
# build/fuzz/seeds-TARGET: fuzz/corpus for parse; for pipeline the golden
# programs and GOROOT's escape and inlining tests when Go is installed.
#   bash fuzz/build.sh TARGET
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/build.sh parse|pipeline}
case $target in
  parse) stages="base syntax" ;;
  pipeline) stages="base load syntax types ir inline escape report" ;;
  *) echo "fuzz/build.sh: unknown target $target (parse or pipeline)" >&2; exit 2 ;;
esac
srcs=()
for s in $stages; do srcs+=(src/"$s"/*.c); done
mkdir -p build/fuzz
seeds=build/fuzz/seeds-$target
rm -rf "$seeds"
mkdir -p "$seeds"
if [ "$target" = parse ]; then
  cp fuzz/corpus/* "$seeds/"
else
  cp tests/escape/golden/*.go "$seeds/"
  goroot=$(PATH="/usr/lib/go-1.27/bin:$PATH" go env GOROOT 2>/dev/null || true)
  if [ -n "$goroot" ] && [ -d "$goroot/test" ]; then
    for f in "$goroot"/test/escape*.go "$goroot"/test/inline*.go; do
      [ -f "$f" ] && cp "$f" "$seeds/$(basename "$f").txt"
    done
  fi
fi
bin=build/fuzz/fuzz_$target
# the stages' objects through the project's Makefile (its dependency
# tracking, every CPU), instrumented for libFuzzer; then the target linked
opt="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
objs=()
for c in "${srcs[@]}"; do objs+=("build/fuzz/obj/${c%.c}.o"); done
make -s --no-print-directory -j"$(nproc)" CC=clang PGO=0 STATIC= B=build/fuzz OPT="$opt" "${objs[@]}"
clang -std=c17 -Isrc -D_GNU_SOURCE $opt -fsanitize=fuzzer -o "$bin" "fuzz/fuzz_$target.c" "${objs[@]}" \
  -lmpfr -lgmp -lxxhash -lm -lpthread
