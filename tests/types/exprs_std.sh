#!/usr/bin/env bash
# Expression records against go/types over ALL of std (every `go list std`
# package that is not internal or vendor): the comparison of exprs.sh, one
# line per package, then totals and the worst packages. Slow; not part of
# make check. The sorted want/got files of each package are kept in
# $B/typesstd/<pkg with / as _>.{want,got} for inspection.
# Usage: tests/types/exprs_std.sh [-j N]   (needs `make all`; B=build dir)
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
jobs=$(nproc 2>/dev/null || echo 2)
if [ "${1:-}" = -j ]; then jobs=$2; shift 2; fi
bin=$B/goescape
if [ ! -x "$bin" ]; then echo "exprs_std: run make all first" >&2; exit 2; fi
out=$B/typesstd
rm -rf "$out"; mkdir -p "$out"
(cd tests/oracle/typesdump && go build -o "../../../$out/typesdump" .) || exit 2

one() { # PKG: writes $out/<name>.line
    local p=$1 f
    f=$out/$(echo "$p" | tr / _)
    if ! "$out/typesdump" -exprs "$p" 2>/dev/null | sort > "$f.want"; then
        echo "$p FAILED typesdump" > "$f.line"; return
    fi
    "$bin" types -dump-exprs "$p" 2> "$f.err" | sort > "$f.got"
    local total pass extra
    total=$(wc -l < "$f.want")
    pass=$(comm -12 "$f.want" "$f.got" | wc -l)
    extra=$(comm -13 "$f.want" "$f.got" | wc -l)
    echo "$p $pass $total $extra $(wc -l < "$f.err")" > "$f.line"
}
export -f one
export out bin
go list std | grep -v -e internal -e vendor > "$out/pkgs.txt"
xargs -P "$jobs" -I{} bash -c 'one {}' < "$out/pkgs.txt"

tp=0 tt=0 te=0 bad=0
while read -r p; do
    read -r _ pass total extra errs < "$out/$(echo "$p" | tr / _).line"
    if [ "$pass" = FAILED ]; then echo "$p: typesdump failed"; bad=$((bad + 1)); continue; fi
    pct=$(awk -v p="$pass" -v t="$total" 'BEGIN { printf "%.1f", t ? 100 * p / t : 100 }')
    printf '%-24s %6d of %6d records matched (%5s%%), %5d missing or different, %5d extra%s\n' \
        "$p" "$pass" "$total" "$pct" $((total - pass)) "$extra" \
        "$([ "$errs" -gt 0 ] && echo ", $errs lines on stderr")"
    tp=$((tp + pass)) tt=$((tt + total)) te=$((te + extra))
    [ "$errs" -gt 0 ] && bad=$((bad + 1))
done < "$out/pkgs.txt"
echo
echo "worst packages (most records missing or different):"
for f in "$out"/*.line; do
    read -r p pass total _ < "$f"
    [ "$pass" = FAILED ] || [ "$pass" = "$total" ] || echo "$((total - pass)) $p $pass/$total"
done | sort -rn | head -15 | awk '{ printf "  %-24s %6d missing or different (%s)\n", $2, $1, $3 }'
echo
pct=$(awk -v p="$tp" -v t="$tt" 'BEGIN { printf "%.2f", t ? 100 * p / t : 100 }')
echo "std: $(wc -l < "$out/pkgs.txt") packages, records: $tp of $tt matched ($pct%), $((tt - tp)) missing or different, $te extra"
[ "$bad" -eq 0 ]
