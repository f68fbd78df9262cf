#!/usr/bin/env bash
# The summary cache and -p N: whatever the cache holds (nothing, everything,
# entries left by a killed writer, corrupt entries, an edited package) and
# however many threads run, goescape prints exactly what a `-cache=off -p 1`
# run prints (stdout, stderr and exit status). See tests/cache/README.md.
#
# Usage: tests/cache/cache.sh [GOESCAPE]   (default build/goescape)
# One PASS/FAIL line per check; last line: N passed, M failed.
# Every run names its own cache directory (GOESCAPE_CACHE) under a temporary
# directory: the user's cache is never read or written.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/goescape}
case $bin in /*) ;; *) bin=$root/$bin ;; esac
export PATH="/usr/lib/go-1.27/bin:$PATH"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off
unset GOESCAPE_CACHE_TEST_KILL GOESCAPE_CACHE_MAX
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
o=$tmp/out
mkdir -p "$o"
p=0 f=0
ok() { echo "PASS $1"; p=$((p + 1)); }
bad() { echo "FAIL $1"; shift; [ $# -gt 0 ] && printf '  %s\n' "$@"; f=$((f + 1)); }

tool=$tmp/entrytool
if ! cc -O1 -o "$tool" "$root/tests/cache/entrytool.c" -lxxhash 2>"$o/cc.err"; then
  bad "build tests/cache/entrytool.c" "$(head -3 "$o/cc.err")"
  echo "$p passed, $f failed"; exit 1
fi

# The test module (a copy, since some checks edit it): gen has generics and
# leaking functions, util instantiates and inlines them (closures, method
# values, slices), mid imports util, app (main) and web (net/http) import mid.
mod=$tmp/mod
cp -r "$root/tests/cache/testmod" "$mod"

# ge NAME DIR CACHE ARGS...: goescape ARGS in DIR with GOESCAPE_CACHE=CACHE.
# Writes NAME.out, NAME.err, NAME.rc; the -stats block (from its
# "goescape -stats:" line on) goes from stderr to NAME.stats instead.
ge() {
  local name=$1 dir=$2 cache=$3
  shift 3
  (cd "$dir" && GOESCAPE_CACHE=$cache exec "$bin" "$@") > "$o/$name.out" 2> "$o/$name.rawerr"
  echo $? > "$o/$name.rc"
  awk -v st="$o/$name.stats" '/^goescape -stats: /{s=1} s{print > st; next} {print}' \
    "$o/$name.rawerr" > "$o/$name.err"
  touch "$o/$name.stats"
}
rc() { cat "$o/$1.rc"; }

# ref NAME MINLINES: checks that reference run NAME succeeded and printed
# something (so that comparing with it means something).
ref() {
  local n
  n=$(wc -l < "$o/$1.out")
  if [ "$(rc "$1")" = 0 ] && [ "$n" -ge "$2" ] && [ ! -s "$o/$1.err" ]; then ok "reference $1: exit 0, $n lines"
  else bad "reference $1: exit 0, >= $2 lines, empty stderr" "exit $(rc "$1"), $n lines" "$(head -3 "$o/$1.err")"; fi
}

# same NAME REF DESC: NAME's stdout, stderr (without -stats) and exit status are REF's.
same() {
  local a=$1 r=$2 d=()
  cmp -s "$o/$a.out" "$o/$r.out" || d+=("stdout differs:" "$(diff "$o/$r.out" "$o/$a.out" | head -6)")
  cmp -s "$o/$a.err" "$o/$r.err" || d+=("stderr differs:" "$(diff "$o/$r.err" "$o/$a.err" | head -6)")
  [ "$(rc "$a")" = "$(rc "$r")" ] || d+=("exit $(rc "$a"), want $(rc "$r")")
  if [ ${#d[@]} -eq 0 ]; then ok "$3"; else bad "$3" "${d[@]}"; fi
}

# counts NAME: "READ MISSING BAD WRITTEN UNWRITABLE" from NAME's cache: line.
counts() {
  sed -nE 's/^cache: .*: ([0-9]+) read, ([0-9]+) missing, ([0-9]+) bad, ([0-9]+) written, ([0-9]+) not writable;.*/\1 \2 \3 \4 \5/p' \
    "$o/$1.stats"
}
# expect NAME PATTERN DESC: the counts match PATTERN (a bash glob, e.g. "[1-9]* 0 0 1 0").
expect() {
  local got
  got=$(counts "$1")
  # shellcheck disable=SC2053
  if [[ $got == $2 ]]; then ok "$3 (read missing bad written unwritable: $got)"
  else bad "$3" "cache counts (read missing bad written unwritable): got '${got:-no cache: line}', want '$2'" \
    "$(grep '^cache:' "$o/$1.stats")"; fi
}

# entries DIR: the summary store's entry files (not those of the directory
# index in DIR/dirs, a store of its own); valid DIR DESC: all are sound.
entries() { find "$1" -path "$1/dirs" -prune -o -name '*-s' -type f -print | sort; }
valid() {
  local n bads
  n=$(entries "$1" | wc -l)
  bads=$(entries "$1" | xargs -r "$tool" check)
  if [ -z "$bads" ] && [ "$n" -gt 0 ]; then ok "$2 ($n entries)"
  else bad "$2" "$n entries" "$(printf '%s\n' "$bads" | head -3)"; fi
}

# ---------------------------------------------------------------------------
# 1. -p 1 / -p 2, cold / warm, against -cache=off -p 1.
# matrix NAME DIR MINLINES ARGS...
echo "# section 1 (at ${SECONDS}s)"
matrix() {
  local name=$1 dir=$2 min=$3
  shift 3
  ge "$name.ref" "$dir" "$tmp/unused" -cache=off -p 1 "$@"
  ref "$name.ref" "$min"
  local c1=$tmp/c-$name-1 c2=$tmp/c-$name-2
  ge "$name.p1cold" "$dir" "$c1" -p 1 "$@"
  same "$name.p1cold" "$name.ref" "$name: -p 1, cold cache"
  ge "$name.p1warm" "$dir" "$c1" -p 1 -stats "$@"
  same "$name.p1warm" "$name.ref" "$name: -p 1, warm cache"
  expect "$name.p1warm" "[1-9]* 0 0 * 0" "$name: -p 1, warm run reads every dependency"
  ge "$name.p2cold" "$dir" "$c2" -p 2 -stats "$@"
  same "$name.p2cold" "$name.ref" "$name: -p 2, cold cache"
  expect "$name.p2cold" "0 [1-9]* 0 [1-9]* 0" "$name: -p 2, cold run misses and writes"
  ge "$name.p2warm" "$dir" "$c2" -p 2 -stats "$@"
  same "$name.p2warm" "$name.ref" "$name: -p 2, warm cache"
  expect "$name.p2warm" "[1-9]* 0 0 * 0" "$name: -p 2, warm run reads every dependency"
  # the cache written by -p 1 read by -p 2
  ge "$name.p2warm1" "$dir" "$c1" -p 2 "$@"
  same "$name.p2warm1" "$name.ref" "$name: -p 2 on the cache -p 1 wrote"
  valid "$c2" "$name: every entry -p 2 wrote is sound"
}

matrix nethttp "$tmp" 1000 -m net/http
matrix json "$tmp" 100 -m encoding/json
matrix module "$mod" 300 -m ./...
matrix module-m2-l "$mod" 150 -m=2 -l ./app ./mid
cp -r "$root/tests/cache/rawmod" "$tmp/rawmod"
matrix rawmod "$tmp/rawmod" 5 -m .
ge nethttp.nostats "$tmp" "$tmp/c-nethttp-1" -p 2 -m net/http
same nethttp.nostats nethttp.ref "net/http: -p 2, warm cache, without -stats"
# escape analysis following the inliner on its own thread (by default only
# in the package finished last): in every package, and never
ge nethttp.follow "$tmp" "$tmp/unused" -cache=off -p 2 -d=escapefollow=1 -m net/http
same nethttp.follow nethttp.ref "net/http: escape analysis follows the inliner in every package"
ge module-m2.ref "$mod" "$tmp/unused" -cache=off -p 1 -d=escapefollow=0 -m=2 ./...
ref module-m2.ref 500
for j in 1 2; do
  ge "module-m2.follow$j" "$mod" "$tmp/unused" -cache=off -p "$j" -d=escapefollow=1 -m=2 ./...
  same "module-m2.follow$j" module-m2.ref "module -m=2: escape analysis follows the inliner in every package, -p $j"
done
ge rawmod.follow "$tmp/rawmod" "$tmp/unused" -cache=off -p 2 -d=escapefollow=1 -m .
same rawmod.follow rawmod.ref "rawmod: escape analysis follows the inliner, bounds notes beside it"
grep -q 'inlining call to gen.Map\[go.shape.int,go.shape.\*uint8\]' "$o/module.ref.out" &&
  grep -q 'inlining call to util.Apply.func1' "$o/module.ref.out" &&
  grep -q 'inlining call to slices.Max' "$o/module.ref.out" &&
  grep -q 'func literal does not escape' "$o/module.ref.out" &&
  ok "module: output has cross-package generic instances, closures and method values inlined" ||
  bad "module: output has cross-package generic instances, closures and method values inlined"
# gc's lines: util's instance of slices.Equal, reached through OID.Equal's
# inlined body, is inlined into mid too, so o does not escape
grep -q 'mid.go:22:44: inlining call to slices.Equal\[go.shape.\[\]int,go.shape.int\]' "$o/module.ref.out" &&
  grep -q 'mid.go:22:11: o does not escape' "$o/module.ref.out" &&
  ok "module: an instance another package made is inlined through that package's inlined body" ||
  bad "module: an instance another package made is inlined through that package's inlined body"
# and util's instance gen.(*Index[go.shape.interface {}]).Find, too big to
# inline, is mid's own too (mid reads util.Names, whose field's type brings
# the instance's methods): called with its escape tags, key does not escape
grep -q 'mid.go:24:28: key does not escape' "$o/module.ref.out" &&
  grep -q 'mid.go:24:13: n does not escape' "$o/module.ref.out" &&
  ok "module: an inlined body's call to an instance this package makes too uses its tags" ||
  bad "module: an inlined body's call to an instance this package makes too uses its tags"
# but mid makes no gen.Index[string] of its own: the instance util.FindName's
# body calls has no escape tags there (gc compiles none), so key leaks
grep -q 'mid.go:36:17: leaking param: key$' "$o/module.ref.out" &&
  ok "module: an instance met only in an inlined body has no escape tags" ||
  bad "module: an instance met only in an inlined body has no escape tags"
# gc inlines another package's function only when a direct import's export
# data carries its body: util re-exports gen.Shared (it inlined it in Doubled)
# but not gen.Hidden, so web's instance of util.Via inlines only the first
awk '/^# /{p=$2} p=="example.com/cachetest/web" && /util.go:111:68: inlining call to gen.Shared$/{s=1}
     p=="example.com/cachetest/web" && /inlining call to gen.Hidden/{h=1} END{exit !(s && !h)}' \
  "$o/module.ref.out" &&
  ok "module: only bodies a direct import's summary carries are inlined (gen.Shared, not gen.Hidden)" ||
  bad "module: only bodies a direct import's summary carries are inlined (gen.Shared, not gen.Hidden)"
# go build names another package's file relative to the compiled one's
# directory: util's output shows gen's file as ./gen/gen.go (gc's lines),
# gen's own as gen/gen.go
awk '/^# /{p=$2} p=="example.com/cachetest/util" && /^\.\/gen\/gen.go:13:6: can inline gen.Ptr\[int\]$/{f=1} END{exit !f}' \
  "$o/module.ref.out" && grep -q '^gen/gen.go:31:6: can inline Keep$' "$o/module.ref.out" &&
  ok "module: files of other packages named as go build shows them (./gen/gen.go)" ||
  bad "module: files of other packages named as go build shows them (./gen/gen.go)"
# t.All()(f): gc's typecheck gives the temporary holding All()'s result its
# Defn, so the inlined closure is found and inlined too (gc's lines)
grep -q 'mid.go:26:56: inlining call to util.(\*Tree).All.func1' "$o/module.ref.out" &&
  grep -q 'mid.go:26:25: yield does not escape' "$o/module.ref.out" &&
  ok "module: a closure returned by an inlined call and called at once is inlined" ||
  bad "module: a closure returned by an inlined call and called at once is inlined"
# range-over-func bodies of another package's iterators inlined: the
# variables gc's rewrite declares there print qualified (gc's lines)
grep -q 'mid.go:30:2: moved to heap: util.#state1' "$o/module.ref.out" &&
  grep -q '^moved to heap: util.#next' "$o/module.ref.out" &&
  grep -q 'mid.go:30:2: inlining call to util.(\*Index).Calls.func1-range1' "$o/module.ref.out" &&
  ok "module: range-over-func bodies of another package inlined, their variables qualified" ||
  bad "module: range-over-func bodies of another package inlined, their variables qualified"

# Entries are a function of their key: two cold -p 1 runs write the same bytes
# (base/cache.h: "Processes writing the same key race harmlessly (the content
# is the same ...)").
# (two fresh caches: the matrix's warm runs rewrite the root's entry, whose
# dependencies then come from the cache, which may number differently)
ge determ "$tmp" "$tmp/c-json-det" -p 1 -m encoding/json
ge determ2 "$tmp" "$tmp/c-json-det2" -p 1 -m encoding/json
ndiff=0 nsame=0
for e in $(cd "$tmp/c-json-det2" && entries .); do
  if cmp -s "$tmp/c-json-det2/$e" "$tmp/c-json-det/$e"; then nsame=$((nsame + 1)); else ndiff=$((ndiff + 1)); fi
done
if [ $ndiff -eq 0 ] && [ $nsame -gt 0 ]; then ok "encoding/json: two cold -p 1 runs write identical entries ($nsame)"
else bad "encoding/json: two cold -p 1 runs write identical entries" "$ndiff of $((ndiff + nsame)) entries differ"; fi

# ---------------------------------------------------------------------------
# 2. Edits: the edited package and its importers are analysed again, the rest
# is read; the output is what -cache=off prints.
echo "# section 2 (at ${SECONDS}s)"
ce=$tmp/c-edit
ge edit.warmup "$mod" "$ce" -p 2 -m ./app
ge edit.ref0 "$mod" "$tmp/unused" -cache=off -p 1 -m ./app
same edit.warmup edit.ref0 "edit: warm-up run"
ge edit.same "$mod" "$ce" -p 2 -stats -m ./app
expect edit.same "[1-9]* 0 0 1 0" "edit: no change, every dependency read"
touch -d '2001-01-01' "$mod/util/b.go"
ge edit.touch "$mod" "$ce" -p 1 -stats -m ./app
expect edit.touch "[1-9]* 0 0 1 0" "edit: a new mtime without a content change, every dependency read"
same edit.touch edit.ref0 "edit: a new mtime, same output"
cat >> "$mod/util/b.go" <<'EOF'

func Twice(p *int) *int { gen.Leak(p); return p }
EOF
ge edit.util "$mod" "$ce" -p 2 -stats -m ./app
ge edit.util.ref "$mod" "$tmp/unused" -cache=off -p 1 -m ./app
same edit.util edit.util.ref "edit: util/b.go changed: output as with -cache=off"
# util and its importer mid are missing; app (the root) is written with them
expect edit.util "[1-9]* 2 0 3 0" "edit: util/b.go changed: util and mid analysed again, the rest read"
# a generic function's body inlined into importers changes: gen, util, mid
sed -i 's/^func Ptr\[T any\](v T) \*T { return &v }$/func Ptr[T any](v T) *T { p := \&v; Leak(p); return p }/' "$mod/gen/gen.go"
grep -q 'Leak(p); return p' "$mod/gen/gen.go" || bad "edit: sed on gen/gen.go"
ge edit.gen "$mod" "$ce" -p 1 -stats -m ./app
ge edit.gen.ref "$mod" "$tmp/unused" -cache=off -p 1 -m ./app
same edit.gen edit.gen.ref "edit: generic gen.Ptr changed: output as with -cache=off"
if cmp -s "$o/edit.gen.ref.out" "$o/edit.util.ref.out"; then bad "edit: changing gen.Ptr changes app's messages"
else ok "edit: changing gen.Ptr changes app's messages"; fi
expect edit.gen "[1-9]* 3 0 4 0" "edit: gen changed: gen, util and mid analysed again, the rest read"
ge edit.gen2 "$mod" "$ce" -p 2 -stats -m ./app
same edit.gen2 edit.gen.ref "edit: warm after the edit"
expect edit.gen2 "[1-9]* 0 0 1 0" "edit: warm after the edit, every dependency read"
# back to the original content: the old entries are still there
cp "$root/tests/cache/testmod/gen/gen.go" "$root/tests/cache/testmod/util/b.go" -t "$tmp" &&
  cp "$tmp/gen.go" "$mod/gen/gen.go" && cp "$tmp/b.go" "$mod/util/b.go"
ge edit.back "$mod" "$ce" -p 2 -stats -m ./app
same edit.back edit.ref0 "edit: reverted: output as before the edits"
expect edit.back "[1-9]* 0 0 1 0" "edit: reverted: the original entries are read again"

# A package analysed as a root is written "for later runs that import it"
# (cmd/sumcache.h): a later run that imports it reads it.
ge reuse.root "$mod" "$tmp/c-reuse" -p 2 -m ./util
ge reuse.dep "$mod" "$tmp/c-reuse" -p 2 -stats -m ./mid
expect reuse.dep "[1-9]* 0 0 1 0" "a root's entry (./util) is read when a later run (./mid) imports it"
# Another working directory (file names are printed relative to it): the
# output is still the reference.
ge cwd.ref "$mod/app" "$tmp/unused" -cache=off -p 1 -m . ../mid
ge cwd.warm "$mod/app" "$ce" -p 2 -m . ../mid
same cwd.warm cwd.ref "another working directory, cache filled from the module root"
# An entry holds what importers can reach (types/export.h); the rest of the
# scope is there by name only: a use of such a name (strings.explode), or of
# one reached through an inline body (gen.sink), is reported as -cache=off
# reports it.
mkdir -p "$mod/unexp"
printf 'package unexp\n\nimport (\n\t"strings"\n\n\t"example.com/cachetest/gen"\n)\n\nvar A, B = strings.explode, gen.sink\n' > "$mod/unexp/unexp.go"
ge unexp.ref "$mod" "$tmp/unused" -cache=off -p 1 -m ./unexp
ge unexp.fill "$mod" "$tmp/c-unexp" -p 2 -m ./app ./web
ge unexp.warm "$mod" "$tmp/c-unexp" -p 2 -stats -m ./unexp
if [ "$(rc unexp.ref)" != 0 ] && grep -q 'explode' "$o/unexp.ref.err"; then ok "reference unexp: an error for strings.explode"
else bad "reference unexp: an error for strings.explode" "exit $(rc unexp.ref)" "$(head -3 "$o/unexp.ref.err")"; fi
same unexp.warm unexp.ref "unexported names of packages read from the cache: output as with -cache=off"
expect unexp.warm "[1-9]* 0 0 0 0" "unexp's dependencies come from the cache"

# ---------------------------------------------------------------------------
# 3. Killed while writing (GOESCAPE_CACHE_TEST_KILL=K[:N]) during encoding/json
# (72 dependencies): exit 137, the K-th entry exists only as a temporary, the
# K-1 before it are sound; the next run reads those and writes the rest; no
# bad entries.
echo "# section 3 (at ${SECONDS}s)"
ndeps=$(counts json.p2cold | cut -d' ' -f2)
# kill NAME K[:N] PJOBS TMPSIZE: TMPSIZE is a test on the temporary's size
kill_case() {
  local name=$1 kn=$2 jobs=$3 want=$4 c=$tmp/c-$1 k=${2%%:*} t sz
  local st
  # (the braces keep bash's "Killed" notice out of the log)
  { (cd "$tmp" && GOESCAPE_CACHE=$c GOESCAPE_CACHE_TEST_KILL=$kn exec "$bin" -p "$jobs" -m encoding/json) \
      > "$o/$name.out" 2> "$o/$name.err"; st=$?; } 2>/dev/null
  [ $st -eq 137 ] && ok "kill $name (K:N=$kn, -p $jobs): exit 137" ||
    bad "kill $name (K:N=$kn, -p $jobs): exit 137" "exit $st" "$(head -3 "$o/$name.err")"
  t=$(find "$c" -path "$c/dirs" -prune -o -name '*-s.tmp.*' -type f -print)
  sz=$( [ -n "$t" ] && stat -c %s $t)
  if [ "$(printf '%s\n' "$t" | grep -c .)" = 1 ] && [ ! -e "${t%.tmp.*}" ] && (( sz $want )); then
    ok "kill $name: one temporary ($sz bytes), no entry under its final name"
  else bad "kill $name: one temporary (size $want), no entry under its final name" "temporaries: $t ($sz bytes)"; fi
  local n
  n=$(entries "$c" | wc -l)
  if [ "$jobs" = 1 ]; then
    [ "$n" = $((k - 1)) ] && ok "kill $name: the $((k - 1)) earlier entries are in place" ||
      bad "kill $name: the $((k - 1)) earlier entries are in place" "$n entries"
  fi
  [ "$n" -gt 0 ] && valid "$c" "kill $name: entries in place are sound"
  ge "$name.again" "$tmp" "$c" -p "$jobs" -stats -m encoding/json
  same "$name.again" json.ref "kill $name: next run (-p $jobs) prints the reference"
  if [ "$jobs" = 1 ]; then
    expect "$name.again" "$((k - 1)) $((ndeps - k + 1)) 0 $((ndeps - k + 2)) 0" \
      "kill $name: next run reads the $((k - 1)) entries and writes the rest"
  else expect "$name.again" "* * 0 * 0" "kill $name: next run, no bad entries"; fi
  ge "$name.warm" "$tmp" "$c" -p 2 -stats -m encoding/json
  same "$name.warm" json.ref "kill $name: warm run prints the reference"
  expect "$name.warm" "$ndeps 0 0 1 0" "kill $name: warm run reads every dependency"
  valid "$c" "kill $name: every entry is sound"
}
kill_case mid-header 3:20 1 "== 20"
kill_case mid-payload 40 1 "> 48"
kill_case before-rename 60:1000000000 1 "> 48"
kill_case parallel 20 2 "> 0"
t=$(find "$tmp/c-before-rename" -path "$tmp/c-before-rename/dirs" -prune -o -name '*-s.tmp.*' -type f -print)
if [ -n "$t" ] && "$tool" check $t > "$o/tmpcheck" 2>&1; then ok "kill before-rename: the temporary is a whole entry"
else bad "kill before-rename: the temporary is a whole entry" "$(cat "$o/tmpcheck" 2>/dev/null)"; fi

# ---------------------------------------------------------------------------
# 4. Corrupt entries: store-level damage (flipped bytes, truncation, garbage,
# an empty file) is a miss; a well-formed entry whose summary does not decode
# is "bad"; both are rewritten and the output does not change.
echo "# section 4 (at ${SECONDS}s)"
cc_=$tmp/c-corrupt
ge corrupt.ref "$mod" "$tmp/unused" -cache=off -p 1 -m ./web
ref corrupt.ref 20
ge corrupt.fill "$mod" "$cc_" -p 2 -m ./web
ge corrupt.warm "$mod" "$cc_" -p 2 -stats -m ./web
same corrupt.warm corrupt.ref "corrupt: ./web before any damage"
nread=$(counts corrupt.warm | cut -d' ' -f1)
# the entries of ./web's dependencies (not the root's own, which is not read)
mapfile -t ents < <(entries "$cc_" | xargs grep -L 'example.com/cachetest/web')
[ "$(entries "$cc_" | wc -l)" = $(( ${#ents[@]} + 1 )) ] && [ "${#ents[@]}" = "$nread" ] &&
  ok "corrupt: $nread dependency entries and the root's" ||
  bad "corrupt: $nread dependency entries and the root's" "${#ents[@]} entries without the root's"
# damage 8 of them
flip() {  # flip the middle byte
  local sz off b
  sz=$(stat -c %s "$1"); off=$((sz / 2))
  b=$(od -An -tu1 -j $off -N1 "$1" | tr -d ' ')
  printf "$(printf '\\%03o' $(( b ^ 0x5a )))" | dd of="$1" bs=1 seek=$off conv=notrunc status=none
}
# The victims come from the entries without shaped instances: a package
# analysed again with its dependencies from the cache numbers its table as
# before, unless it holds instances of generics (the instances are then
# made in another order), whose importers then count as bad too
# (sumcache.h). Which entries those are follows the cache keys, so the
# build: picking among the others keeps this section's counts from
# depending on it (all 120 such entries of a run rewrote identically).
mapfile -t ents < <(printf '%s\n' "${ents[@]}" | xargs grep -L 'go\.shape')
n=${#ents[@]}
victims=("${ents[$((n / 9))]}" "${ents[$((2 * n / 9))]}" "${ents[$((3 * n / 9))]}" "${ents[$((4 * n / 9))]}"
         "${ents[$((5 * n / 9))]}" "${ents[$((6 * n / 9))]}" "${ents[$((7 * n / 9))]}" "${ents[$((8 * n / 9))]}")
for v in "${victims[@]}"; do cp "$v" "$v.orig"; done
flip "${victims[0]}"; flip "${victims[1]}"; flip "${victims[2]}"
truncate -s $(( $(stat -c %s "${victims[3]}") / 2 )) "${victims[3]}"
: > "${victims[4]}"
head -c "$(stat -c %s "${victims[5]}")" /dev/urandom > "$tmp/garbage" && cp "$tmp/garbage" "${victims[5]}"
"$tool" reseal "${victims[6]}" && "$tool" reseal "${victims[7]}" || bad "corrupt: entrytool reseal"
ndamaged=0
for v in "${victims[@]}"; do cmp -s "$v" "$v.orig" || ndamaged=$((ndamaged + 1)); rm -f "$v.orig"; done
[ $ndamaged = 8 ] && ok "corrupt: 8 entries damaged" || bad "corrupt: 8 entries damaged" "$ndamaged changed"
ge corrupt.run "$mod" "$cc_" -p 2 -stats -m ./web
same corrupt.run corrupt.ref "corrupt: output unchanged"
# 6 store-level misses, 2 (or more) bad summaries, every one rewritten, plus the root
cnt() { counts corrupt.run | cut -d' ' -f"$1"; }
if [ "$(cnt 2)" = 6 ] && [ "$(cnt 3)" -ge 2 ] && [ "$(cnt 4)" = $(( $(cnt 2) + $(cnt 3) + 1 )) ]; then
  ok "corrupt: 6 damaged entries missing, 2 bad, all rewritten ($(counts corrupt.run))"
else bad "corrupt: 6 damaged entries missing, 2 bad, all rewritten" "got: $(counts corrupt.run)"; fi
# entries left intact are read unless a dependency they were written against
# was analysed again into a differently numbered table (then they count as
# bad and are rewritten: sumcache.h); the run after reads everything
# (how many depends on which dependencies' tables came out renumbered: every
# intact entry is read or found bad, none is missing, most are read)
if [ $(( $(cnt 1) + $(cnt 3) )) = $((nread - 8 + 2)) ] && [ "$(cnt 1)" -ge $(( (nread - 8) / 2 )) ]; then
  ok "corrupt: intact entries read or found bad, most read ($(cnt 1) of $((nread - 8)))"
else bad "corrupt: intact entries read or found bad, most read" "got: $(counts corrupt.run)"; fi
valid "$cc_" "corrupt: every entry sound again"
ge corrupt.after "$mod" "$cc_" -p 1 -stats -m ./web
same corrupt.after corrupt.ref "corrupt: the run after"
expect corrupt.after "$nread 0 0 1 0" "corrupt: the run after reads everything, 0 bad"
# Empty every dependency entry except those naming crypto/tls (crypto/tls,
# net/http, ...): all their dependencies are analysed again from source, and
# the intact entries must still be read, not found bad.
mapfile -t keep < <(entries "$cc_" | xargs grep -l 'crypto/tls' | xargs grep -L 'example.com/cachetest/web')
entries "$cc_" | xargs grep -L -e 'crypto/tls' -e 'example.com/cachetest/web' | while read -r e; do : > "$e"; done
nk=${#keep[@]}
ge corrupt.deps "$mod" "$cc_" -p 1 -stats -m ./web
same corrupt.deps corrupt.ref "corrupt: all but $nk entries emptied: output unchanged"
# the intact entries whose dependencies' tables came out the same are read;
# the others are found bad (never used against another table) and rewritten
cntd() { counts corrupt.deps | cut -d' ' -f"$1"; }
if [ "$(cntd 2)" = $((nread - nk)) ] && [ $(( $(cntd 1) + $(cntd 3) )) = "$nk" ] &&
   [ "$(cntd 4)" = $(( $(cntd 2) + $(cntd 3) + 1 )) ]; then
  ok "corrupt: all but $nk entries emptied: the rest read or rewritten ($(counts corrupt.deps))"
else bad "corrupt: all but $nk entries emptied: the rest read or rewritten" "got: $(counts corrupt.deps)"; fi
ge corrupt.deps2 "$mod" "$cc_" -p 1 -stats -m ./web
same corrupt.deps2 corrupt.ref "corrupt: the run after the emptying"
expect corrupt.deps2 "$nread 0 0 1 0" "corrupt: the run after the emptying reads everything, 0 bad"

# ---------------------------------------------------------------------------
# 5. Off, default locations, unwritable.
echo "# section 5 (at ${SECONDS}s)"
ge small.ref "$tmp" "$tmp/unused" -cache=off -p 1 -m errors strconv
ref small.ref 20
ge off.flag "$tmp" "$tmp/off-flag/c" -cache=off -stats -m errors strconv
same off.flag small.ref "-cache=off: output"
[ ! -e "$tmp/off-flag" ] && grep -qx 'cache: off' "$o/off.flag.stats" &&
  ok "-cache=off: nothing created, -stats says off" || bad "-cache=off: nothing created, -stats says off"
mkdir -p "$tmp/h1"
(cd "$tmp" && HOME=$tmp/h1 XDG_CACHE_HOME=$tmp/x1 GOESCAPE_CACHE=off "$bin" -m errors strconv) \
  > "$o/off.env.out" 2> "$o/off.env.err"; echo $? > "$o/off.env.rc"
same off.env small.ref "GOESCAPE_CACHE=off: output"
[ ! -e "$tmp/x1" ] && [ -z "$(ls -A "$tmp/h1")" ] && ok "GOESCAPE_CACHE=off: nothing created" ||
  bad "GOESCAPE_CACHE=off: nothing created" "$(find "$tmp/x1" "$tmp/h1" | head -3)"
(cd "$tmp" && env -u GOESCAPE_CACHE HOME=$tmp/h1 XDG_CACHE_HOME=$tmp/x1 "$bin" -cache=off -m errors strconv) > /dev/null 2>&1
[ ! -e "$tmp/x1" ] && [ -z "$(ls -A "$tmp/h1")" ] && ok "-cache=off with XDG_CACHE_HOME, HOME: nothing created" ||
  bad "-cache=off with XDG_CACHE_HOME, HOME: nothing created"
# defaults: $XDG_CACHE_HOME/goescape; $HOME/.cache/goescape when XDG_CACHE_HOME is unset
# or relative; an empty GOESCAPE_CACHE counts as unset
mkdir -p "$tmp/h2" "$tmp/h3"
(cd "$tmp" && env -u GOESCAPE_CACHE HOME=$tmp/h2 XDG_CACHE_HOME=$tmp/x2 "$bin" -m errors strconv) > "$o/def.xdg.out" 2> "$o/def.xdg.err"
echo $? > "$o/def.xdg.rc"
same def.xdg small.ref "default location \$XDG_CACHE_HOME: output"
[ -n "$(entries "$tmp/x2/goescape" 2>/dev/null)" ] && [ -z "$(ls -A "$tmp/h2")" ] &&
  ok "default location: \$XDG_CACHE_HOME/goescape" || bad "default location: \$XDG_CACHE_HOME/goescape"
(cd "$tmp" && GOESCAPE_CACHE= HOME=$tmp/h3 XDG_CACHE_HOME=relative/dir "$bin" -m errors strconv) > "$o/def.home.out" 2> "$o/def.home.err"
echo $? > "$o/def.home.rc"
same def.home small.ref "default location \$HOME: output"
[ -n "$(entries "$tmp/h3/.cache/goescape" 2>/dev/null)" ] && [ ! -e "$tmp/relative" ] &&
  ok "default location: \$HOME/.cache/goescape (GOESCAPE_CACHE empty, XDG_CACHE_HOME relative)" ||
  bad "default location: \$HOME/.cache/goescape (GOESCAPE_CACHE empty, XDG_CACHE_HOME relative)"
# unusable: a path under a regular file (cannot be created, even by root)
: > "$tmp/afile"
ge unwr.file "$tmp" "$tmp/afile/c" -p 2 -m errors strconv
if cmp -s "$o/unwr.file.out" "$o/small.ref.out" && [ "$(rc unwr.file)" = 0 ] && [ "$(wc -l < "$o/unwr.file.err")" -le 1 ]; then
  ok "cache under a regular file: same stdout, exit 0, at most one note"
else bad "cache under a regular file: same stdout, exit 0, at most one note" "exit $(rc unwr.file)" "$(head -3 "$o/unwr.file.err")"; fi
# read-only cache directories (only when not root: root writes anyway)
if [ "$(id -u)" != 0 ]; then
  ge unwr.fill "$tmp" "$tmp/c-ro" -m errors
  chmod -R a-w "$tmp/c-ro"
  ge unwr.ro "$tmp" "$tmp/c-ro" -p 2 -stats -m errors strconv
  if cmp -s "$o/unwr.ro.out" "$o/small.ref.out" && [ "$(rc unwr.ro)" = 0 ] && [ "$(wc -l < "$o/unwr.ro.err")" -le 1 ]; then
    ok "read-only cache (chmod 555): same stdout, exit 0, at most one note"
  else bad "read-only cache (chmod 555): same stdout, exit 0, at most one note" "exit $(rc unwr.ro)" "$(head -3 "$o/unwr.ro.err")"; fi
  expect unwr.ro "[1-9]* * 0 0 *" "read-only cache: entries read, nothing written"
  chmod -R u+w "$tmp/c-ro"
else echo "SKIP read-only cache directory (running as root)"; fi

# ---------------------------------------------------------------------------
# 6. Every serialized format on the whole standard library: importers that use
# each package's summary as read back from its cache entry print the same.
echo "# section 6 (at ${SECONDS}s)"
for fl in "" "-l"; do
  name=std${fl:+-l}
  # shellcheck disable=SC2086
  ge "$name.ref" "$tmp" "$tmp/unused" -cache=off -m $fl std
  ref "$name.ref" 10000
  # shellcheck disable=SC2086
  ge "$name.reload" "$tmp" "$tmp/c-$name" -m $fl -d=summaryreload std
  same "$name.reload" "$name.ref" "goescape -m $fl -d=summaryreload std = goescape -m $fl std"
done

# ---------------------------------------------------------------------------
# 7. The directory index (CACHE/dirs): a directory whose files are unchanged
# is taken from it without opening a file; a file rewritten with its size and
# mtime put back, a new file and a removed one are all seen; a file changed in
# the last two seconds keeps its directory out of the index (coarse clocks).
echo "# section 7 (at ${SECONDS}s)"
dmod=$tmp/dmod dc=$tmp/c-dirs
mkdir -p "$dmod/dep" "$dmod/use"
printf 'module example.com/dirtest\n\ngo 1.27\n' > "$dmod/go.mod"
printf 'package dep\n\nvar Sink *int\n\nfunc F(p *int) { Sink = p }\n' > "$dmod/dep/dep.go"
use_src() { printf 'package use\n\nimport "example.com/dirtest/dep"\n\nfunc Use() int {\n\tx := 1\n\tdep.F(&x)\n%s\treturn x\n}\n' "$1" > "$dmod/use/use.go"; }
use_src ""
find "$dmod" -exec touch -d '-1 hour' {} +
sleep 2.2   # touch set every ctime to now
# dirs NAME: "UNCHANGED SCANNED" from NAME's -stats
dirs() { sed -nE 's/^directories: ([0-9]+) unchanged .*, ([0-9]+) scanned$/\1 \2/p' "$o/$1.stats"; }
# dcase NAME SCANNED DESC: ./use with the index; output as with -cache=off;
# SCANNED directories scanned, the rest of the cold run's unchanged.
dcase() {
  ge "$1" "$dmod" "$dc" -stats -m ./use
  ge "$1.ref" "$dmod" "$tmp/unused" -cache=off -m ./use
  same "$1" "$1.ref" "dirindex: $3: output"
  if [ "$(dirs "$1")" = "$((total - $2)) $2" ]; then ok "dirindex: $3: $2 directories scanned"
  else bad "dirindex: $3: $2 directories scanned, $((total - $2)) unchanged" "got: $(dirs "$1")"; fi
}
ge d.cold "$dmod" "$dc" -stats -m ./use
read -r u0 total <<< "$(dirs d.cold)"
if [ "${u0:-x}" = 0 ] && [ "${total:-0}" -ge 2 ] && grep -q 'moved to heap: x' "$o/d.cold.out"; then
  ok "dirindex: cold run scans every directory ($total)"
else bad "dirindex: cold run scans every directory" "got: $(dirs d.cold)" "$(head -3 "$o/d.cold.out")"; fi
dcase d.warm 0 "warm run"
# same size and mtime, other contents (ctime moves)
cp -p "$dmod/dep/dep.go" "$tmp/dep.go.orig"
printf 'package dep\n\nvar Sink *int\n\nfunc F(p *int) { _ = p    }\n' > "$dmod/dep/dep.go"
touch -r "$tmp/dep.go.orig" "$dmod/dep/dep.go"
if [ "$(stat -c %s.%Y "$dmod/dep/dep.go")" = "$(stat -c %s.%Y "$tmp/dep.go.orig")" ]; then
  dcase d.same-size 1 "a file rewritten, same size and mtime"
  if grep -q 'moved to heap: x' "$o/d.same-size.out"; then bad "dirindex: the rewritten file's effect is seen" "$(head -3 "$o/d.same-size.out")"
  else ok "dirindex: the rewritten file's effect is seen"; fi
else bad "dirindex: could not keep size and mtime" "$(stat -c '%s %y' "$dmod/dep/dep.go" "$tmp/dep.go.orig")"; fi
dcase d.racy 1 "a file changed under two seconds ago is not filed"
sleep 2.2
dcase d.settled 1 "... and is filed once older"
dcase d.settled2 0 "... then served"
# a new file (the dependency's listing changes) and then its removal
printf 'package dep\n\nfunc H(p *int) *int { return p }\n' > "$dmod/dep/h.go"
use_src $'\tx = *dep.H(&x)\n'
touch -d '-1 hour' "$dmod/dep/h.go" "$dmod/use/use.go" "$dmod/dep" "$dmod/use"
dcase d.added 2 "a new file"
rm "$dmod/dep/h.go"
use_src ""
touch -d '-1 hour' "$dmod/use/use.go" "$dmod/dep" "$dmod/use"
dcase d.removed 2 "a removed file"

echo "$p passed, $f failed"
[ $f -eq 0 ]
