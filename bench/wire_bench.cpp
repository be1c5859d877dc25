// Wire formats: checksum throughput and per-header parse/emit cost.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "wirestack/base/checksum.h"
#include "wirestack/base/rng.h"
#include "wirestack/wire/arp.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws {
namespace {

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  Rng rng(1071);
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng.next_u32());
  return v;
}

void BM_Checksum(benchmark::State& state) {
  const auto buf = random_bytes(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(internet_checksum(buf));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Checksum)->Arg(20)->Arg(64)->Arg(576)->Arg(1500)->Arg(9000);

// One echo request frame (Ethernet + IPv4 + ICMP, 56 bytes of data), as ping sends it.
struct EchoFrame {
  EthernetRepr eth;
  Ipv4Repr ip;
  IcmpRepr icmp;
  std::vector<std::uint8_t> data = random_bytes(56);
  std::vector<std::uint8_t> bytes;

  EchoFrame() {
    eth.dst = MacAddress({2, 0, 0, 0, 0, 2});
    eth.src = MacAddress({2, 0, 0, 0, 0, 1});
    eth.ethertype = ethertype::kIpv4;
    icmp = IcmpRepr::echo_request(1, 1, data);
    ip.src = Ipv4Address::of(192, 168, 0, 10);
    ip.dst = Ipv4Address::of(198, 51, 100, 7);
    ip.protocol = ip_proto::kIcmp;
    ip.dont_fragment = true;
    ip.payload_len = static_cast<std::uint16_t>(icmp.len());
    bytes.resize(eth.header_len() + ip.total_len());
    eth.emit(bytes);
    ip.emit(MutableBytes(bytes).subspan(eth.header_len()));
    icmp.emit(MutableBytes(bytes).subspan(eth.header_len() + ip.header_len()));
  }
  Bytes ip_bytes() const { return Bytes(bytes).subspan(kEthernetHeaderLen); }
  Bytes icmp_bytes() const { return ip_bytes().subspan(kIpv4MinHeaderLen); }
};

void BM_EthernetParse(benchmark::State& state) {
  const EchoFrame f;
  for (auto _ : state) {
    auto frame = EthernetFrame::check(f.bytes);
    benchmark::DoNotOptimize(EthernetRepr::parse(*frame));
  }
}
BENCHMARK(BM_EthernetParse);

void BM_EthernetEmit(benchmark::State& state) {
  const EchoFrame f;
  std::uint8_t out[kEthernetHeaderLen];
  for (auto _ : state) {
    f.eth.emit(out);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_EthernetEmit);

void BM_ArpParse(benchmark::State& state) {
  ArpRepr r;
  r.sender_mac = MacAddress({2, 0, 0, 0, 0, 1});
  r.sender_ip = Ipv4Address::of(192, 168, 0, 10);
  r.target_ip = Ipv4Address::of(192, 168, 0, 1);
  std::uint8_t bytes[kArpPacketLen];
  r.emit(bytes);
  for (auto _ : state) {
    auto packet = ArpPacket::check(bytes);
    benchmark::DoNotOptimize(ArpRepr::parse(*packet));
  }
}
BENCHMARK(BM_ArpParse);

void BM_ArpEmit(benchmark::State& state) {
  ArpRepr r;
  r.sender_ip = Ipv4Address::of(192, 168, 0, 10);
  r.target_ip = Ipv4Address::of(192, 168, 0, 1);
  std::uint8_t out[kArpPacketLen];
  for (auto _ : state) {
    r.emit(out);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_ArpEmit);

// Includes verifying the header checksum, as the input path does.
void BM_Ipv4Parse(benchmark::State& state) {
  const EchoFrame f;
  for (auto _ : state) {
    auto packet = Ipv4Packet::check(f.ip_bytes());
    benchmark::DoNotOptimize(Ipv4Repr::parse(*packet));
  }
}
BENCHMARK(BM_Ipv4Parse);

void BM_Ipv4Emit(benchmark::State& state) {
  const EchoFrame f;
  std::uint8_t out[kIpv4MinHeaderLen];
  for (auto _ : state) {
    f.ip.emit(out);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Ipv4Emit);

void BM_Ipv4DecrementTtl(benchmark::State& state) {
  EchoFrame f;
  MutableBytes ip = MutableBytes(f.bytes).subspan(kEthernetHeaderLen);
  for (auto _ : state) {
    ip[8] = 64;  // keep forwarding the same header
    Ipv4PacketMut(ip).decrement_ttl();
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Ipv4DecrementTtl);

// A 64-byte echo request, checksum verified over all of it.
void BM_IcmpParse(benchmark::State& state) {
  const EchoFrame f;
  for (auto _ : state) {
    auto packet = IcmpPacket::check(f.icmp_bytes());
    benchmark::DoNotOptimize(IcmpRepr::parse(*packet));
  }
}
BENCHMARK(BM_IcmpParse);

void BM_IcmpEmit(benchmark::State& state) {
  const EchoFrame f;
  std::vector<std::uint8_t> out(f.icmp.len());
  for (auto _ : state) {
    f.icmp.emit(out);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_IcmpEmit);

}  // namespace
}  // namespace ws
