#!/usr/bin/env bash
# Installs the Debian packages a job needs, only those that are missing.
#   scripts/deps.sh build   # compiler side: to build wirestack
#   scripts/deps.sh test    # build + what the tests use (tshark, ...)
set -euo pipefail

build_pkgs=(g++ cmake ninja-build pkg-config libpcap-dev libgtest-dev libgmock-dev libbenchmark-dev)
# The interop tests' Linux peers (network namespaces, taps): ping, tracepath, ip/nstat/tc, curl,
# dig, nc, dnsmasq, ethtool, tcpdump, nft (Linux-side loss and reordering); iperf for
# bench/tap_vs_linux.sh. chromium: the journey's HTML report, opened headless.
test_pkgs=(tshark python3 chromium iputils-ping iputils-tracepath iproute2 curl dnsutils netcat-openbsd
           dnsmasq-base ethtool tcpdump nftables iperf)

case "${1:-build}" in
  build) wanted=("${build_pkgs[@]}") ;;
  test) wanted=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "deps.sh: unknown job '${1}' (build|test)" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q >/dev/null
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
