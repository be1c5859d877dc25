#!/usr/bin/env bash
# iperf (v2) throughput, in one run: Linux -> wirestack's discard server over a tap, and
# Linux -> Linux over a veth pair (the same kernel on both ends), with the ratio.
#   sudo bench/tap_vs_linux.sh [SECONDS] [BUILD_DIR]
# Everything lives in throw-away namespaces ws-bench-<pid>-*, removed on exit (10.200.x.y
# addresses never leave them). Shared machines are noisy: compare figures of one run.
set -euo pipefail
secs="${1:-5}"
build="${2:-$(dirname "$0")/../build}"
ws="$build/wirestack"
[ "$(id -u)" -eq 0 ] || { echo "tap_vs_linux: needs root (network namespaces)" >&2; exit 2; }
[ -x "$ws" ] || { echo "tap_vs_linux: no $ws (build first)" >&2; exit 2; }
command -v iperf >/dev/null || { echo "tap_vs_linux: needs iperf (scripts/deps.sh test)" >&2; exit 2; }

p="ws-bench-$$"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for ns in "$p-tap" "$p-tap-plain" "$p-a" "$p-b"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -f "/tmp/$p-tap-up.log" "/tmp/$p-tap-plain-up.log"
}
trap cleanup EXIT

# iperf's client report: the last "Gbits/sec" (or Mbits/sec) figure, in Gbit/s.
gbits() { awk '/bits\/sec/ {v=$(NF-1); u=$NF} END {if (u ~ /^M/) v /= 1000; if (u ~ /^K/) v /= 1e6; print v}'; }

# 1. Linux -> wirestack over a tap: with offload (the default: the kernel hands over TCP
# segments of up to 64 KiB, TSO) and with --no-offload (one wire-sized frame per read).
# tap_run NAME [up options...]: iperf's figure, in Gbit/s.
tap_run() {
  local ns="$p-$1"
  shift
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" tuntap add dev tap0 mode tap
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.tap0.disable_ipv6=1
  ip -n "$ns" addr add 10.200.0.1/24 dev tap0
  ip -n "$ns" link set tap0 up
  ip netns exec "$ns" timeout $((secs + 30)) "$ws" up --tap tap0 --addr 10.200.0.2/24 \
    --discard 5001 --echo 0 --seed 1 "$@" > "/tmp/$ns-up.log" 2>&1 &
  local up=$!
  pids+=("$up")
  for _ in $(seq 100); do
    [ "$(ip netns exec "$ns" cat /sys/class/net/tap0/carrier 2>/dev/null)" = 1 ] && break
    sleep 0.05
  done
  ip netns exec "$ns" timeout $((secs + 20)) iperf -c 10.200.0.2 -p 5001 -t "$secs" -f g | gbits
  kill "$up" 2>/dev/null || true
  wait "$up" 2>/dev/null || true
  rm -f "/tmp/$ns-up.log"
  ip netns del "$ns"
}
tap=$(tap_run tap)
tap_plain=$(tap_run tap-plain --no-offload)

# 2. Linux -> Linux over a veth pair.
ip netns add "$p-a"
ip netns add "$p-b"
ip -n "$p-a" link add va type veth peer name vb netns "$p-b"
ip -n "$p-a" addr add 10.200.9.1/24 dev va
ip -n "$p-b" addr add 10.200.9.2/24 dev vb
ip -n "$p-a" link set va up
ip -n "$p-b" link set vb up
ip netns exec "$p-b" timeout $((secs + 30)) iperf -s -B 10.200.9.2 > /dev/null 2>&1 &
pids+=($!)
sleep 0.5
veth=$(ip netns exec "$p-a" timeout $((secs + 20)) iperf -c 10.200.9.2 -t "$secs" -f g | gbits)

printf "Linux -> wirestack over tap (iperf -> discard): %6.2f Gbit/s\n" "$tap"
printf "  the same with --no-offload:                   %6.2f Gbit/s\n" "$tap_plain"
printf "Linux -> Linux over veth:                       %6.2f Gbit/s\n" "$veth"
awk -v a="$tap" -v b="$veth" 'BEGIN { if (b > 0) printf "ratio tap/veth: %.2f\n", a / b }'
