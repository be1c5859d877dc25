// UDP and TCP headers: check + parse (checksum verified over the pseudo-header and payload)
// and emit (checksum computed), per segment, for small and full-sized payloads.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "wirestack/wire/tcp.h"
#include "wirestack/wire/udp.h"

namespace ws {
namespace {

const Ipv4Address kSrc = Ipv4Address::of(192, 168, 0, 10);
const Ipv4Address kDst = Ipv4Address::of(203, 0, 113, 10);

std::vector<std::uint8_t> payload_bytes(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i * 131 + 7);
  return v;
}

// A data segment as Linux sends it in an established connection: "nop,nop,TS".
TcpRepr data_segment() {
  TcpRepr r;
  r.src_port = 49152;
  r.dst_port = 80;
  r.seq = Seq(0x12345678);
  r.ack = Seq(0x9abcdef0);
  r.flags = tcp_flag::kAck | tcp_flag::kPsh;
  r.window = 502;
  r.options.timestamps = TcpOptions::Timestamps{706926205, 2298905140};
  return r;
}

// A SYN with every option we speak: "mss,sackOK,TS,nop,wscale".
TcpRepr syn_segment() {
  TcpRepr r = data_segment();
  r.flags = tcp_flag::kSyn;
  r.options.mss = 1460;
  r.options.sack_permitted = true;
  r.options.window_scale = 7;
  return r;
}

std::vector<std::uint8_t> emitted(const TcpRepr& r, std::size_t payload_len) {
  const auto payload = payload_bytes(payload_len);
  std::vector<std::uint8_t> out(r.header_len() + payload_len);
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<long>(r.header_len()));
  r.emit(out, kSrc, kDst);
  return out;
}

void BM_TcpParse(benchmark::State& state) {
  const auto segment = emitted(data_segment(), static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto packet = TcpPacket::check(segment);
    auto repr = TcpRepr::parse(*packet, kSrc, kDst);
    benchmark::DoNotOptimize(repr);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * segment.size()));
}
BENCHMARK(BM_TcpParse)->Arg(0)->Arg(1448);

void BM_TcpParseSyn(benchmark::State& state) {
  const auto segment = emitted(syn_segment(), 0);
  for (auto _ : state) {
    auto packet = TcpPacket::check(segment);
    auto repr = TcpRepr::parse(*packet, kSrc, kDst);
    benchmark::DoNotOptimize(repr);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TcpParseSyn);

void BM_TcpEmit(benchmark::State& state) {
  const TcpRepr r = data_segment();
  auto segment = emitted(r, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    r.emit(segment, kSrc, kDst);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * segment.size()));
}
BENCHMARK(BM_TcpEmit)->Arg(0)->Arg(1448);

void BM_UdpParse(benchmark::State& state) {
  const auto payload = payload_bytes(static_cast<std::size_t>(state.range(0)));
  std::vector<std::uint8_t> datagram(kUdpHeaderLen + payload.size());
  std::copy(payload.begin(), payload.end(), datagram.begin() + kUdpHeaderLen);
  UdpRepr{49152, 53}.emit(datagram, kSrc, kDst);
  for (auto _ : state) {
    auto packet = UdpPacket::check(datagram);
    auto repr = UdpRepr::parse(*packet, kSrc, kDst);
    benchmark::DoNotOptimize(repr);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * datagram.size()));
}
BENCHMARK(BM_UdpParse)->Arg(32)->Arg(1472);

void BM_UdpEmit(benchmark::State& state) {
  std::vector<std::uint8_t> datagram(kUdpHeaderLen + static_cast<std::size_t>(state.range(0)));
  const UdpRepr r{49152, 53};
  for (auto _ : state) {
    r.emit(datagram, kSrc, kDst);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * datagram.size()));
}
BENCHMARK(BM_UdpEmit)->Arg(32)->Arg(1472);

}  // namespace
}  // namespace ws
