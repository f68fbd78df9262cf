#!/usr/bin/env bash
# Fuzz the lexer and parser with libFuzzer under ASan+UBSan.
#   bash fuzz/run.sh [SECONDS]     (default 60; FUZZ_JOBS=N for parallel jobs)
# Crashes land in fuzz/out/crash-*; the working corpus in fuzz/out/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
mkdir -p build/fuzz fuzz/out/corpus
srcs=$(ls src/base/*.c src/syntax/*.c)
clang -std=c17 -g -O1 -Isrc -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -o build/fuzz/fuzz_parse fuzz/fuzz_parse.c $srcs
ASAN_OPTIONS=detect_leaks=1 build/fuzz/fuzz_parse -max_total_time="$secs" -timeout=5 \
  -rss_limit_mb=2048 -max_len=16384 -dict=fuzz/go.dict -artifact_prefix=fuzz/out/ \
  -jobs="${FUZZ_JOBS:-1}" -workers="${FUZZ_JOBS:-1}" -print_final_stats=1 \
  fuzz/out/corpus fuzz/corpus
