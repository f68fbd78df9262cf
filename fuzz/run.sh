#!/usr/bin/env bash
# Fuzz goescape with libFuzzer under ASan+UBSan.
#   bash fuzz/run.sh [SECONDS] [TARGET]   (default 60 s; FUZZ_JOBS=N for parallel jobs)
# TARGET: parse (the lexer and parser, the default) or pipeline (a one-file
# package parsed, type-checked, lowered, inlined, escape analysed at -m=2 and
# reported: fuzz/fuzz_pipeline.c). Crashes land in fuzz/out/TARGET/crash-*
# (once fixed, keep one in fuzz/regress/TARGET: make check replays them);
# the working corpus in fuzz/out/TARGET/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
target=${2:-parse}
bash fuzz/build.sh "$target"
out=fuzz/out/$target
mkdir -p "$out/corpus"
ASAN_OPTIONS=detect_leaks=1 "build/fuzz/fuzz_$target" -max_total_time="$secs" -timeout=5 \
  -rss_limit_mb=2048 -max_len=16384 -dict=fuzz/go.dict -artifact_prefix="$out/" \
  -jobs="${FUZZ_JOBS:-1}" -workers="${FUZZ_JOBS:-1}" -print_final_stats=1 \
  "$out/corpus" "build/fuzz/seeds-$target"
