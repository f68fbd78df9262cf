#!/usr/bin/env bash
# Install what goescape's build, tests and demo need on Debian 12, idempotently.
# Go 1.27 comes from trixie-backports, added with the URI and keyring of the
# machine's existing Debian source and pinned low so nothing else upgrades.
set -euo pipefail

need_go() {
  local g
  g=$(command -v go 2>/dev/null || true)
  [ -x /usr/lib/go-1.27/bin/go ] && return 1
  [ -n "$g" ] && "$g" version 2>/dev/null | grep -q 'go1\.27' && return 1
  return 0
}
need_pkgs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || return 0
  done
  return 1
}

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

BASE_PKGS=(build-essential make clang libclang-rt-14-dev time libgmp-dev libmpfr-dev libxxhash-dev)
# Third-party Go sources for `make diff-thirdparty` (GOPATH tree /usr/share/gocode),
# from the normal Debian 12 suite (the backports pin keeps them there).
GOSRC_PKGS=(golang-github-sirupsen-logrus-dev golang-gopkg-yaml.v2-dev
  golang-github-hashicorp-golang-lru-dev golang-github-json-iterator-go-dev
  golang-github-valyala-fastjson-dev golang-github-go-logr-logr-dev golang-golang-x-net-dev)
if need_pkgs "${BASE_PKGS[@]}" "${GOSRC_PKGS[@]}" || need_go; then
  # Find the existing Debian source: deb822 first, then one-line format.
  uri= keyring=
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    keyring=$(awk '/^Signed-By:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || { echo "setup: no Debian apt source found to reuse" >&2; exit 2; }
  [ -n "$keyring" ] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  src=/etc/apt/sources.list.d/goescape-trixie-backports.sources
  want="Types: deb
URIs: $uri
Suites: trixie-backports
Components: main
Signed-By: $keyring"
  if [ ! -f "$src" ] || [ "$(cat "$src")" != "$want" ]; then
    printf '%s\n' "$want" | $SUDO tee "$src" >/dev/null
  fi
  pin=/etc/apt/preferences.d/goescape-trixie-backports
  pinwant="Package: *
Pin: release n=trixie-backports
Pin-Priority: 100"
  if [ ! -f "$pin" ] || [ "$(cat "$pin")" != "$pinwant" ]; then
    printf '%s\n' "$pinwant" | $SUDO tee "$pin" >/dev/null
  fi
  $SUDO apt-get update -qq
  if need_pkgs "${BASE_PKGS[@]}"; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${BASE_PKGS[@]}"
  fi
  if need_go; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t trixie-backports golang-go
  fi
  if need_pkgs "${GOSRC_PKGS[@]}"; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${GOSRC_PKGS[@]}"
  fi
fi
