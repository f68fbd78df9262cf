#!/usr/bin/env bash
# Package-level declarations, goescape against go/types: for each package,
# tests/oracle/typesdump and `goescape types -dump` print one line per object;
# every oracle line is a test, passed when goescape prints the same line.
# Objects goescape cannot type yet (it prints <unknown>: their initializer
# needs full expression typing) are counted apart, not as failures.
# Usage: tests/types/pkglevel.sh [PACKAGE...]   (needs `make all` first; B=build dir)
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
out=$B/typesdrv
mkdir -p "$out"

pkgs=("$@")
if [ ${#pkgs[@]} -eq 0 ]; then
    pkgs=(errors unicode/utf8 sort strings sync/atomic io math/bits container/list fmt
          unicode strconv bytes bufio sync maps slices iter math os time context
          encoding/json reflect net/http go/types go/ast runtime)
fi

bin=$B/goescape
if [ ! -x "$bin" ]; then echo "pkglevel: run make all first" >&2; exit 2; fi
(cd tests/oracle/typesdump && go build -o "../../../$out/typesdump" .) || exit 2

# key: the object a line describes ("func Name", "method T.M", ...)
compare='
function key(line,   w, k) {
    split(line, w, " ")
    k = w[2]
    sub(/^\*/, "", k)
    sub(/[[(].*$/, "", k)
    return w[1] " " k
}
FNR == NR { if ($1 != "package") g[key($0)] = $0; next }
$1 == "package" { next }
{
    k = key($0)
    if (!(k in g)) { fail++; print "  missing: " $0; next }
    if (index(g[k], "<unknown>")) { unknown++; delete g[k]; next }
    if (g[k] == $0) pass++
    else { fail++; print "  want: " $0; print "  got:  " g[k] }
    delete g[k]
}
END {
    for (k in g) { fail++; print "  extra: " g[k] }
    printf "RESULT %d %d %d\n", pass, fail, unknown
}'

tp=0 tf=0 tu=0
for p in "${pkgs[@]}"; do
    "$out/typesdump" "$p" > "$out/want.txt" 2> "$out/want.err" || { echo "$p: typesdump failed"; cat "$out/want.err"; tf=$((tf + 1)); continue; }
    "$bin" types -dump "$p" > "$out/got.txt" 2> "$out/got.err"
    if [ -s "$out/got.err" ]; then echo "$p: goescape reported:"; head -5 "$out/got.err"; fi
    res=$(awk "$compare" "$out/got.txt" "$out/want.txt")
    read -r _ pass fail unknown <<< "$(grep '^RESULT' <<< "$res")"
    printf '%-16s %4d matched, %3d mismatched, %3d not yet typed (of %d)\n' "$p" "$pass" "$fail" "$unknown" \
        $((pass + fail + unknown))
    grep -v '^RESULT' <<< "$res"
    tp=$((tp + pass)) tf=$((tf + fail)) tu=$((tu + unknown))
done
echo "excluded: $tu objects whose constant value or variable type needs full expression typing"
echo "$tp passed, $tf failed"
[ "$tf" -eq 0 ]
