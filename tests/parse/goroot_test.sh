#!/usr/bin/env bash
# Every .go file under GOROOT/test: goescape must accept it exactly when
# `gofmt -e` accepts it, never crash (sanitizer build), and parse each file in
# under 1 s (release build). Each file is one test. Last line: N passed, M failed.
# Usage: tests/parse/goroot_test.sh GOESCAPE GOESCAPE_SAN GOROOT
set -u
bin=$1 san=$2 goroot=$3
gofmt=$goroot/bin/gofmt
[ -x "$gofmt" ] || gofmt=$(command -v gofmt)
pass=0 fail=0 agree=0 total=0
list=$(mktemp)
find -L "$goroot/test" -name '*.go' | LC_ALL=C sort > "$list"
while read -r f; do
  total=$((total + 1))
  "$gofmt" -e "$f" >/dev/null 2>&1; g=$?; [ $g -ne 0 ] && g=1
  start=$(date +%s%N)
  timeout 5 "$bin" parse "$f" >/dev/null 2>&1; c=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  timeout 20 "$san" parse "$f" >/dev/null 2>/tmp/goescape-san.$$; s=$?
  ok=1
  if [ $c -gt 1 ] || [ $s -gt 1 ] || grep -q 'Sanitizer\|runtime error' /tmp/goescape-san.$$; then
    echo "FAIL $f: crash or abnormal exit ($c, sanitized $s)"; ok=0
  fi
  if [ $ms -gt 1000 ]; then echo "FAIL $f: took $ms ms"; ok=0; fi
  if [ $c -eq $g ]; then agree=$((agree + 1)); else echo "DISAGREE $f: gofmt -e exit $g, goescape exit $c"; fi
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done < "$list"
rm -f "$list" /tmp/goescape-san.$$
pct=$(awk -v a=$agree -v t=$total 'BEGIN{printf "%.2f", 100*a/t}')
echo "accept/reject agreement with gofmt -e: $agree/$total ($pct%)"
# Agreement below 99% is a failure of the suite as a whole.
if awk -v a=$agree -v t=$total 'BEGIN{exit !(a < 0.99*t)}'; then fail=$((fail + 1)); echo "FAIL agreement below 99%"; else pass=$((pass + 1)); fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
