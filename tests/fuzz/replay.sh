#!/usr/bin/env bash
# make check suite "fuzz-replay": the libFuzzer targets (fuzz/fuzz_parse.c,
# fuzz/fuzz_pipeline.c) under ASan+UBSan, built by fuzz/build.sh, run
#  1. once on each input of their seed corpus and of fuzz/regress/TARGET
#     (inputs that once crashed them): one pass per input;
#  2. for a fixed number of mutations from a fixed seed, so the run is the
#     same every time: one pass per target.
# Any crash, sanitizer report, leak or hang (5 s) is a failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${FUZZ_REPLAY_RUNS:-4000}
pass=0 fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/goescape-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for target in parse pipeline; do
  if ! bash fuzz/build.sh "$target" > "$tmp/build.log" 2>&1; then
    echo "FAIL $target: fuzz/build.sh failed"; tail -5 "$tmp/build.log"; fail=$((fail + 1)); continue
  fi
  bin=build/fuzz/fuzz_$target
  inputs=(build/fuzz/seeds-"$target"/*)
  [ -d "fuzz/regress/$target" ] && inputs+=(fuzz/regress/"$target"/*)
  n=${#inputs[@]}
  # libFuzzer stops at the first input that fails: the rest are not counted
  if ASAN_OPTIONS=detect_leaks=1 "$bin" -timeout=5 -rss_limit_mb=2048 "${inputs[@]}" > "$tmp/replay.log" 2>&1; then
    pass=$((pass + n))
  else
    bad=$(grep '^Running: ' "$tmp/replay.log" | tail -1 | sed 's/^Running: //')
    echo "FAIL $target: replaying $bad"
    grep -m3 -E 'ERROR|runtime error|SUMMARY|timeout' "$tmp/replay.log" | sed 's/^/    /'
    fail=$((fail + 1))
  fi
  # mutations: into a scratch corpus, so nothing is written to the tree
  mkdir -p "$tmp/corpus-$target"
  if ASAN_OPTIONS=detect_leaks=1 "$bin" -seed=1 -runs="$runs" -timeout=5 -rss_limit_mb=2048 -max_len=16384 \
      -dict=fuzz/go.dict -artifact_prefix="$tmp/" "$tmp/corpus-$target" "build/fuzz/seeds-$target" \
      > "$tmp/mutate.log" 2>&1; then
    pass=$((pass + 1))
  else
    echo "FAIL $target: $runs mutations from seed 1 found a failure"
    grep -m3 -E 'ERROR|runtime error|SUMMARY|timeout' "$tmp/mutate.log" | sed 's/^/    /'
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
