#!/usr/bin/env bash
# Our TCP against Linux's, measured in the same run on the same machine, printed as a table
# with ratios:
#   - wirestack: bench/tcp_bench (two wirestack hosts in the simulator, one core, wall clock);
#   - Linux: its own TCP over a veth pair between two network namespaces this script creates
#     (iperf3, one stream, 5 s, MTU 1500 and 9000; bench/linux_rr.c for connections/s).
# Needs root (namespaces). Installs iperf3 with apt-get when it is missing. The namespaces (and
# the processes started in them) are removed on exit, failure included.
#
#   sudo bench/tcp_vs_linux.sh [BUILD_DIR]      (default: build)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
[[ $build = /* ]] || build=$repo/$build
seconds=5
ns_a=wsbench-a-$$
ns_b=wsbench-b-$$
addr_b=10.201.0.2
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
}
trap cleanup EXIT

die() { echo "tcp_vs_linux: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "needs root (network namespaces)"

# --- Build --------------------------------------------------------------------------------
if [[ ! -x $build/bench/tcp_bench ]]; then
  [[ -f $build/build.ninja ]] || cmake -S "$repo" -B "$build" -G Ninja >/dev/null
  ninja -C "$build" -j2 tcp_bench >/dev/null
fi
mkdir -p "$build/bench"
rr=$build/bench/linux_rr
if [[ ! -x $rr || $repo/bench/linux_rr.c -nt $rr ]]; then
  cc -O2 -Wall -o "$rr" "$repo/bench/linux_rr.c"
fi
if ! command -v iperf3 >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iperf3 >/dev/null
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- wirestack ----------------------------------------------------------------------------
ours_json=$(mktemp)
timeout 600 "$build/bench/tcp_bench" --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$ours_json" 2>/dev/null
# The median of three repetitions of a counter.
ours() {
  python3 - "$ours_json" "$1" "$2" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
for b in data["benchmarks"]:
    if b.get("run_name") == sys.argv[2] and b.get("aggregate_name") in ("median", None):
        print(b[sys.argv[3]])
        break
EOF
}
bulk_1500=$(ours BM_TcpBulk/mtu:1500/real_time payload_Gbit)
bulk_9000=$(ours BM_TcpBulk/mtu:9000/real_time payload_Gbit)
pps_1500=$(ours BM_TcpBulk/mtu:1500/real_time packets)
allocs_segment=$(ours BM_TcpBulk/mtu:1500/real_time allocs/segment)
conn_1=$(ours BM_TcpConnections/parallel:1/real_time connections)
conn_64=$(ours BM_TcpConnections/parallel:64/real_time connections)
allocs_conn=$(ours BM_TcpConnections/parallel:64/real_time allocs/connection)
heap_conn=$(ours BM_TcpIdleConnectionHeap/iterations:1 heap_bytes/connection_end)
rm -f "$ours_json"

# --- Linux over veth ----------------------------------------------------------------------
ip netns add "$ns_a"
ip netns add "$ns_b"
ip link add wsb-a netns "$ns_a" type veth peer name wsb-b netns "$ns_b"
ip -n "$ns_a" addr add 10.201.0.1/24 dev wsb-a
ip -n "$ns_b" addr add "$addr_b/24" dev wsb-b
for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
ip -n "$ns_a" link set wsb-a up
ip -n "$ns_b" link set wsb-b up

# Goodput of one iperf3 stream for $seconds at MTU $1, in Gbit/s, into $gbits.
linux_bulk() {
  ip -n "$ns_a" link set wsb-a mtu "$1"
  ip -n "$ns_b" link set wsb-b mtu "$1"
  ip netns exec "$ns_b" timeout $((seconds + 15)) iperf3 -s -1 -B "$addr_b" >/dev/null 2>&1 &
  pids+=($!)
  sleep 0.5
  gbits=$(ip netns exec "$ns_a" timeout $((seconds + 10)) iperf3 -c "$addr_b" -t "$seconds" -J |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9)')
  wait "${pids[-1]}" 2>/dev/null || true
}
linux_bulk 1500
linux_1500=$gbits
linux_bulk 9000
linux_9000=$gbits

ip -n "$ns_a" link set wsb-a mtu 1500
ip -n "$ns_b" link set wsb-b mtu 1500
ip netns exec "$ns_b" "$rr" server "$addr_b" 5002 2000000 $((seconds + 10)) &
pids+=($!)
sleep 0.5
linux_conn=$(ip netns exec "$ns_a" timeout $((seconds + 5)) "$rr" client "$addr_b" 5002 2000000 \
  "$seconds" | cut -d' ' -f2)

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Table --------------------------------------------------------------------------------
python3 - "$bulk_1500" "$linux_1500" "$bulk_9000" "$linux_9000" "$conn_1" "$conn_64" \
  "$linux_conn" <<'EOF'
import sys
b1, l1, b9, l9, c1, c64, lc = map(float, sys.argv[1:])
rows = [
    ("bulk, 1 stream, MTU 1500 (Gbit/s)", b1, l1, 2),
    ("bulk, 1 stream, MTU 9000 (Gbit/s)", b9, l9, 2),
    ("connect+100 B+1 KB+close, 1 at a time (/s)", c1, lc, 0),
    ("  the same, 64 in parallel (/s)", c64, lc, 0),
]
print(f"| {'what':44} | {'wirestack':>10} | {'Linux veth':>10} | {'ratio':>5} |")
print(f"|{'-' * 46}|{'-' * 12}|{'-' * 12}|{'-' * 7}|")
for name, ours, linux, digits in rows:
    print(f"| {name:44} | {ours:>10.{digits}f} | {linux:>10.{digits}f} | {ours / linux:>5.2f} |")
EOF
printf 'wirestack: %.0f simulated packets per wall second at MTU 1500; %s allocations per segment;\n' \
  "$pps_1500" "$allocs_segment"
printf '           %s allocations per connection; %.0f heap bytes per idle established connection end\n' \
  "$allocs_conn" "$heap_conn"
echo "Linux: iperf3 -t $seconds (1 stream) and bench/linux_rr.c (1 client process) over veth"
echo "load average before: $load_before; after: $load_after ($(nproc) CPUs)"
