#!/usr/bin/env bash
# make bench, escape part (bench/run.sh calls it last; `make bench-escape`
# runs it alone): goescape's escape diagnostics against the compiler's, on
# the same machine in the same run, runs alternating, best of BENCH_RUNS (3;
# a cold go build of std takes about 30 s here) for cold std and of
# BENCH_EDIT_RUNS (7) for the edits, whose median is shown too (a shared
# machine's timings spread by half). Wall from the clock in ms, CPU =
# user+sys seconds (GNU time).
#
#  1. cold std: `goescape -m std` with a fresh, empty summary cache each run
#     (GOESCAPE_CACHE=new directory; the run also fills it) vs
#     `go build -a -gcflags=all=-m std` with a fresh, empty GOCACHE each run
#     (so it really compiles everything). goescape runs with its default
#     -p (the number of CPUs); `-p 1` is shown too.
#  2. edit: a copy of go/types (std-sized: 74 files, 750 KB, larger than
#     net/http) in a temporary module, its two internal imports copied along
#     and rewritten; each run appends a new function to one of its files,
#     then times `goescape -m ./types` and `go build -gcflags=-m ./types`,
#     both with warm caches for the dependencies (GOESCAPE_CACHE and GOCACHE
#     filled once before the runs), so both redo only the edited package.
#  3. edit net/http itself, the size issue 6 names: in a copy of GOROOT made
#     of symbolic links (the real GOROOT is never touched) whose
#     src/net/http/*.go are real copies; both tools run with GOROOT set to
#     the copy, warm caches again, and each run appends a new function to
#     server.go (net/http's internal and vendored imports make a module copy
#     impractical, hence the GOROOT copy).
#
# Peak RSS is GNU time's %M: for goescape the process; for go build the
# largest single process it ran (usually one compile), not their sum.
# Outputs of the last run stay in build/bench/escape/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="/usr/lib/go-1.27/bin:$PATH" GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=0
unset GOFLAGS GOESCAPE_CACHE GOESCAPE_CACHE_MAX
ge=$(realpath "${GOESCAPE:-$root/build/goescape}")
runs=${BENCH_RUNS:-3}               # cold std (each go build -a std takes ~30 s)
eruns=${BENCH_EDIT_RUNS:-7}         # the edit rows (a noisy machine needs more)
goroot=$(go env GOROOT)
work=$root/build/bench/escape
rm -rf "$work"
mkdir -p "$work"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/goescape-bench.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# measure NAME OUT CMD...: runs CMD (stdout and stderr to OUT) under GNU
# time, appending "wall cpu rss_kb" to $work/NAME.
measure() {
  local name=$1 out=$2 rc=0 t0 t1
  shift 2
  t0=$(date +%s%N)
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" > "$out" 2>&1 || rc=$?
  t1=$(date +%s%N)
  if [ "$rc" -ne 0 ]; then
    echo "bench/escape.sh: '$*' failed (exit $rc); last lines of $out:" >&2
    tail -5 "$out" >&2
    exit 1
  fi
  local s u k r
  read -r s u k r < "$work/time.txt"
  # wall from the clock in ms (GNU time's %e has 10 ms steps)
  printf '%s %s %s\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')" \
    "$(awk -v u="$u" -v k="$k" 'BEGIN{print u+k}')" "$r" >> "$work/$name"
}
best() { sort -n "$1" | head -1 | awk '{print $1, $2}'; }   # fastest run's wall and cpu
median() { sort -n "$1" | awk '{w[NR]=$1} END{print w[int((NR+1)/2)]}'; }   # median wall
peak() { sort -n -k3 "$1" | tail -1 | awk '{print $3}'; }   # largest RSS of any run (KB)

# 1. cold std
cd "$tmp"
GOESCAPE_CACHE=off "$ge" -m std > /dev/null 2>&1 || true   # page cache only
for i in $(seq "$runs"); do
  GOESCAPE_CACHE="$tmp/gecache-$i" measure ge_std "$work/goescape-std.txt" "$ge" -m std
  rm -rf "$tmp/gecache-$i"
  GOESCAPE_CACHE="$tmp/gecache-$i" measure ge_std1 "$work/goescape-std-p1.txt" "$ge" -m -p 1 std
  rm -rf "$tmp/gecache-$i"
  mkdir "$tmp/gocache-$i"
  GOCACHE="$tmp/gocache-$i" measure gc_std "$work/gc-std.txt" go build -a -gcflags=all=-m std
  rm -rf "$tmp/gocache-$i"
done
cmp -s "$work/goescape-std.txt" "$work/goescape-std-p1.txt" ||
  { echo "bench/escape.sh: goescape -m std output differs between -p 1 and the default -p" >&2; exit 1; }

# 2. edit one file of a copy of go/types
mod=$tmp/mod
mkdir -p "$mod/types" "$mod/internal/goversion" "$mod/internal/types/errors"
printf 'module benchmod\n\ngo 1.27\n' > "$mod/go.mod"
for f in $(cd "$goroot/src/go/types" && go list -f '{{join .GoFiles " "}}' .); do
  # badlinkname.go only declares a body-less //go:linkname alias into
  # go/types itself: meaningless in a copy.
  [ "$f" = badlinkname.go ] || cp "$goroot/src/go/types/$f" "$mod/types/"
done
cp "$goroot/src/internal/goversion/goversion.go" "$mod/internal/goversion/"
cp "$goroot/src/internal/types/errors/codes.go" "$goroot/src/internal/types/errors/code_string.go" \
  "$mod/internal/types/errors/"
sed -i -e 's#"internal/goversion"#"benchmod/internal/goversion"#' \
  -e 's#"internal/types/errors"#"benchmod/internal/types/errors"#' "$mod/types/"*.go
nfiles=$(ls "$mod/types/"*.go | wc -l)
kb=$(cat "$mod/types/"*.go | wc -c | awk '{printf "%d", $1/1024}')
cp "$mod/types/api.go" "$tmp/api.go.orig"
cd "$mod"
export GOCACHE=$tmp/gocache-warm GOESCAPE_CACHE=$tmp/gecache-warm
mkdir "$GOCACHE"
go build ./types                                # warm: every dependency compiled and cached
go build -gcflags=-m ./types > /dev/null 2>&1
ndeps=$(go list -deps ./types | grep -c -v -e '^benchmod/types$' -e '^unsafe$')
"$ge" -m ./types > /dev/null 2>&1 || true       # warm: every dependency's summary cached
for i in $(seq "$eruns"); do
  # A real content change: a new function (and so new diagnostics) in api.go,
  # different in every run so go build can never reuse a cached result.
  fn=benchEdit${i}_$$
  { cat "$tmp/api.go.orig"; printf '\nfunc %s(x int) *int { return &x }\n' "$fn"; } > "$mod/types/api.go"
  measure ge_edit "$work/goescape-edit.txt" "$ge" -m ./types
  measure gc_edit "$work/gc-edit.txt" go build -gcflags=-m ./types
  line=$(($(wc -l < "$tmp/api.go.orig") + 2))
  for o in goescape-edit gc-edit; do
    if ! grep -q "api.go:$line:.*moved to heap: x" "$work/$o.txt" || ! grep -q "inline $fn" "$work/$o.txt"; then
      echo "bench/escape.sh: $o.txt lacks the diagnostics of the edit ($fn)" >&2
      exit 1
    fi
  done
done
unset GOCACHE GOESCAPE_CACHE

# 3. edit net/http in a GOROOT made of links
# link_dir FROM TO KEEP: TO gets a symbolic link to each entry of FROM but KEEP
link_dir() {
  local from=$1 to=$2 keep=$3 e
  mkdir -p "$to"
  for e in "$from"/* "$from"/.[!.]*; do
    [ -e "$e" ] || continue
    [ "$(basename "$e")" = "$keep" ] && continue
    ln -s "$(realpath "$e")" "$to/$(basename "$e")"
  done
}
gr=$tmp/goroot
link_dir "$(realpath "$goroot")" "$gr" src
link_dir "$(realpath "$goroot/src")" "$gr/src" net
link_dir "$(realpath "$goroot/src/net")" "$gr/src/net" http
link_dir "$(realpath "$goroot/src/net/http")" "$gr/src/net/http" ""
for f in "$gr/src/net/http/"*.go; do cp --remove-destination "$(realpath "$f")" "$f"; done
cp "$gr/src/net/http/server.go" "$tmp/server.go.orig"
hfiles=$(cd "$goroot/src/net/http" && go list -f '{{len .GoFiles}}' .)
hkb=$(cd "$goroot/src/net/http" && cat $(go list -f '{{join .GoFiles " "}}' .) | wc -c | awk '{printf "%d", $1/1024}')
cd "$tmp"
export GOROOT=$gr GOCACHE=$tmp/gocache-gr GOESCAPE_CACHE=$tmp/gecache-gr
mkdir "$GOCACHE"
go build net/http                               # warm (every std dependency compiled once here)
go build -gcflags=-m net/http > /dev/null 2>&1
hdeps=$(go list -deps net/http | grep -c -v -e '^net/http$' -e '^unsafe$')
"$ge" -m net/http > /dev/null 2>&1 || true
for i in $(seq "$eruns"); do
  fn=benchHTTP${i}_$$
  { cat "$tmp/server.go.orig"; printf '\nfunc %s(x int) *int { return &x }\n' "$fn"; } > "$gr/src/net/http/server.go"
  measure ge_http "$work/goescape-http.txt" "$ge" -m net/http
  measure gc_http "$work/gc-http.txt" go build -gcflags=-m net/http
  for o in goescape-http gc-http; do
    if ! grep -q "server.go:.*moved to heap: x" "$work/$o.txt" || ! grep -q "inline $fn" "$work/$o.txt"; then
      echo "bench/escape.sh: $o.txt lacks the diagnostics of the edit ($fn)" >&2
      exit 1
    fi
  done
done
unset GOROOT GOCACHE GOESCAPE_CACHE

read -r a_s a_c < <(best "$work/ge_std"); a_r=$(peak "$work/ge_std")
read -r a1_s a1_c < <(best "$work/ge_std1"); a1_r=$(peak "$work/ge_std1")
read -r b_s b_c < <(best "$work/gc_std"); b_r=$(peak "$work/gc_std")
read -r c_s c_c < <(best "$work/ge_edit"); c_r=$(peak "$work/ge_edit")
read -r d_s d_c < <(best "$work/gc_edit"); d_r=$(peak "$work/gc_edit")
read -r e_s e_c < <(best "$work/ge_http"); e_r=$(peak "$work/ge_http")
read -r f_s f_c < <(best "$work/gc_http"); f_r=$(peak "$work/gc_http")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.1fx", a/b; else print "-" }'; }
mb() { awk -v r="$1" 'BEGIN{printf "%.1f", r/1024}'; }
row() { printf '  %-48s %8.3f %8.3f %12s %9s\n' "$1" "$2" "$3" "$4" "${5:-}"; }
rrow() { printf '  %-48s %8s %8s\n' "$1" "$2" "$3"; }

echo
printf 'escape benchmark: best of %d alternating runs (edits: %d), %s CPUs, %s\n' "$runs" "$eruns" "$(nproc)" \
  "$(go version | awk '{print $3, $4}')"
printf '  %-48s %8s %8s %12s %9s\n' "" "wall s" "cpu s" "peak RSS MB" "median s"
printf 'cold, all of std (%d packages):\n' "$(go list std | wc -l)"
row "goescape -m std (empty cache, -p $(nproc))" "$a_s" "$a_c" "$(mb "$a_r")"
row "goescape -m -p 1 std (empty cache)" "$a1_s" "$a1_c" "$(mb "$a1_r")"
row "go build -a -gcflags=all=-m std (empty GOCACHE)" "$b_s" "$b_c" "$(mb "$b_r")"
rrow "ratio: goescape faster by" "$(ratio "$b_s" "$a_s")" "$(ratio "$b_c" "$a_c")"
printf 'after editing one file of a copy of go/types (%d files, %d KB, %d dependencies):\n' "$nfiles" "$kb" "$ndeps"
row "goescape -m ./types (deps' summaries cached)" "$c_s" "$c_c" "$(mb "$c_r")" "$(median "$work/ge_edit")"
row "go build -gcflags=-m ./types (deps cached)" "$d_s" "$d_c" "$(mb "$d_r")" "$(median "$work/gc_edit")"
rrow "ratio: goescape faster by" "$(ratio "$d_s" "$c_s")" "$(ratio "$d_c" "$c_c")"
printf 'after editing net/http/server.go in a GOROOT of links (%d files, %d KB, %d dependencies):\n' "$hfiles" "$hkb" "$hdeps"
row "goescape -m net/http (deps' summaries cached)" "$e_s" "$e_c" "$(mb "$e_r")" "$(median "$work/ge_http")"
row "go build -gcflags=-m net/http (deps cached)" "$f_s" "$f_c" "$(mb "$f_r")" "$(median "$work/gc_http")"
rrow "ratio: goescape faster by" "$(ratio "$f_s" "$e_s")" "$(ratio "$f_c" "$e_c")"
printf 'diagnostic lines (last run): std: goescape %d, gc %d; edit: goescape %d, gc %d\n' \
  "$(grep -c -v '^#' "$work/goescape-std.txt")" "$(grep -c -v '^#' "$work/gc-std.txt")" \
  "$(grep -c -v '^#' "$work/goescape-edit.txt")" "$(grep -c -v '^#' "$work/gc-edit.txt")"
# issue 6's acceptance targets, stated against today's figures
ok() { if awk "BEGIN{exit !($1)}"; then echo met; else echo "not met"; fi; }
printf 'issue 6 targets: cold std >= 20x wall: %s (%s); peak RSS < 512 MiB: %s;\n' \
  "$(ok "$b_s >= 20 * $a_s")" "$(ratio "$b_s" "$a_s")" "$(ok "$a_r < 512 * 1024")"
e_m=$(median "$work/ge_http")
printf '  net/http edit < 0.1 s: %s (best %.3f s, median %.3f s); >= 10x go build: %s (%s)\n' \
  "$(ok "$e_s < 0.1")" "$e_s" "$e_m" "$(ok "$f_s >= 10 * $e_s")" "$(ratio "$f_s" "$e_s")"
printf '  go/types copy edit < 0.1 s: %s (%.3f s); >= 10x go build: %s (%s)\n' \
  "$(ok "$c_s < 0.1")" "$c_s" "$(ok "$d_s >= 10 * $c_s")" "$(ratio "$d_s" "$c_s")"
