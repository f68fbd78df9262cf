#!/usr/bin/env bash
# make check suite "escape-diff": goescape -m against `go build -gcflags=-m`
# on a few standard packages chosen for what they exercise (runtime: types
# that are not in the heap; expvar and crypto/x509: shaped instances another
# package made, reached through inlined bodies; a FIPS package: its static
# data rules; net/http, encoding/json, fmt, sync: size and generics;
# regexp, net/http/httputil: range-over-func bodies inlined), with
# diff_std.sh (`make diff-std` runs it on all of std, too slow for every run).
# One test per package whose files have messages: the lines of the escape
# classes on which the two disagree may not outnumber the count in
# tests/escape/diffpkgs.txt (0 when absent); one more for every class
# together ("TOTAL all"). A ratchet: UPDATE=1 rewrites the counts from this
# run. Ends with "N passed, M failed".
# Usage: tests/escape/diff_pkgs.sh [GOESCAPE]   (default build/goescape)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/goescape}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
base=$root/tests/escape/diffpkgs.txt
out=$root/build/diff-pkgs
pkgs=(runtime expvar crypto/x509 crypto/internal/fips140/mldsa net/http encoding/json fmt sync regexp net/http/httputil)

if ! bash "$root/tests/escape/diff_std.sh" -b "$bin" -f -m -o "$out" "${pkgs[@]}" > "$out.log" 2>&1; then
  cat "$out.log"
  echo "0 passed, 1 failed"
  exit 1
fi
[ -s "$out/packages.txt" ] || { cat "$out.log"; echo "0 passed, 1 failed"; exit 1; }

# now: "package disagreements" per row, then the all-classes total
now=$out/counts.txt
awk 'NR > 1 && NF >= 7 { print $1, $5 + $6 }' "$out/packages.txt" > "$now"
awk '$1 == "TOTAL" && $2 == "all" { print "TOTAL-all", $6 + $7 }' "$out.log" >> "$now"

if [ "${UPDATE:-0}" = 1 ]; then
  { echo "# tests/escape/diff_pkgs.sh: disagreeing lines allowed per package (escape classes) and in all"
    LC_ALL=C sort "$now"; } > "$base"
  echo "rewrote $base"
fi

pass=0 fail=0
while read -r pkg n; do
  allowed=$(awk -v p="$pkg" '$1 == p { print $2 }' "$base" 2>/dev/null)
  allowed=${allowed:-0}
  if [ "$n" -le "$allowed" ]; then
    pass=$((pass + 1))
    [ "$n" -lt "$allowed" ] && echo "better: $pkg $n (baseline $allowed; UPDATE=1 to ratchet)"
  else
    fail=$((fail + 1))
    echo "FAIL $pkg: $n lines disagree with gc (baseline $allowed)"
    grep -E "^[-+] ([^ ]*/)?${pkg//\//\\/}/[^/ ]+\.go:" "$out/disagreements.txt" | head -10 | sed 's/^/  /'
  fi
done < "$now"
echo "details: $out/disagreements.txt, $out/packages.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
