// One million random and mutated frames, fed to a host and to a router: nothing crashes, every
// table stays within its bound, and the stack still works afterwards. Mutations start from
// valid frames (built here and, when ../shared/pcaps is present, real captured ones), and half
// of the time the IPv4 and ICMP checksums are repaired after mutating, so that mutated headers
// reach the code behind the checksum checks instead of stopping there.
#include <gtest/gtest.h>

#include <malloc.h>

#include <filesystem>
#include <vector>

#include "internet/fake_device.h"
#include "internet/frames.h"
#include "support/test_env.h"
#include "wirestack/base/checksum.h"
#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"
#include "wirestack/link/pcap/pcap_reader.h"

namespace ws {
namespace {

using test::Frame;

constexpr std::size_t kFrames = 1'000'000;

const MacAddress kHostMac = test::mac(1);
const MacAddress kPeerMac = test::mac(2);
const Ipv4Address kHostIp = Ipv4Address::of(10, 0, 0, 1);
const Ipv4Address kPeerIp = Ipv4Address::of(10, 0, 0, 2);
const Ipv4Address kFar = Ipv4Address::of(198, 51, 100, 7);


class FrameMutator {
 public:
  // Frames are mostly re-addressed to `mac` / `ip` first (captured frames carry other hosts'
  // addresses), so that they get past the Ethernet and IP destination checks.
  FrameMutator(std::vector<Frame> corpus, std::uint64_t seed, MacAddress mac, Ipv4Address ip)
      : corpus_(std::move(corpus)), rng_(seed), mac_(mac), ip_(ip) {}

  Frame next() {
    if (rng_.chance(0.05)) return noise();
    Frame f = corpus_[rng_.below(corpus_.size())];
    if (f.size() >= 14 && rng_.chance(0.9)) {
      (rng_.chance(0.9) ? mac_ : MacAddress::broadcast()).write(f.data());
    }
    if (f.size() >= 14 + 20 && load_be16(&f[12]) == ethertype::kIpv4 && rng_.chance(0.5)) {
      ip_.write(&f[14 + 16]);
    }
    const auto mutations = rng_.between(1, 4);
    for (std::uint64_t i = 0; i < mutations; ++i) mutate(f);
    if (rng_.chance(0.5)) repair_checksums(f);
    return f;
  }

 private:
  Frame noise() {
    Frame f(rng_.below(1600));
    for (auto& b : f) b = static_cast<std::uint8_t>(rng_.next_u32());
    return f;
  }

  void mutate(Frame& f) {
    if (f.empty()) return;
    // Most interesting bytes are in the headers: bias positions towards the first 64.
    const auto pos = [&] {
      return rng_.chance(0.8) ? rng_.below(std::min<std::size_t>(f.size(), 64)) : rng_.below(f.size());
    };
    switch (rng_.below(7)) {
      case 0: f[pos()] ^= static_cast<std::uint8_t>(1u << rng_.below(8)); break;
      case 1: f[pos()] = static_cast<std::uint8_t>(rng_.next_u32()); break;
      case 2: f[pos()] = static_cast<std::uint8_t>(rng_.chance(0.5) ? 0x00 : 0xff); break;
      case 3: f.resize(rng_.below(f.size() + 1)); break;
      case 4: f.resize(f.size() + rng_.between(1, 64), static_cast<std::uint8_t>(rng_.next_u32())); break;
      case 5: {  // a 16-bit field set to an edge value
        const auto at = pos();
        if (at + 1 < f.size()) {
          static constexpr std::uint16_t kEdges[] = {0, 1, 0x7fff, 0x8000, 0xffff, 20, 576, 1500};
          store_be16(&f[at], kEdges[rng_.below(std::size(kEdges))]);
        }
        break;
      }
      default: {  // splice the tail of another corpus frame
        const Frame& other = corpus_[rng_.below(corpus_.size())];
        const auto cut = rng_.below(f.size() + 1);
        const auto from = rng_.below(other.size() + 1);
        f.resize(cut);
        f.insert(f.end(), other.begin() + static_cast<long>(from), other.end());
      }
    }
  }

  // Recomputes the IPv4 header checksum and, for an unfragmented ICMP datagram, the ICMP
  // checksum, wherever the lengths still allow it.
  static void repair_checksums(Frame& f) {
    if (f.size() < 14 + 20 || load_be16(&f[12]) != ethertype::kIpv4) return;
    std::uint8_t* ip = &f[14];
    const std::size_t avail = f.size() - 14;
    const std::size_t ihl = (ip[0] & 0x0f) * 4u;
    if (ihl < 20 || ihl > avail) return;
    store_be16(ip + 10, 0);
    store_be16(ip + 10, internet_checksum(Bytes(ip, ihl)));
    const std::size_t total = std::min<std::size_t>(load_be16(ip + 2), avail);
    const bool fragment = (load_be16(ip + 6) & 0x3fff) != 0;
    if (ip[9] != ip_proto::kIcmp || fragment || total < ihl + 8) return;
    store_be16(ip + ihl + 2, 0);
    store_be16(ip + ihl + 2, internet_checksum(Bytes(ip + ihl, total - ihl)));
  }

  std::vector<Frame> corpus_;
  Rng rng_;
  MacAddress mac_;
  Ipv4Address ip_;
};

std::vector<Frame> built_corpus() {
  using namespace test;
  std::vector<Frame> c;
  const auto bcast = MacAddress::broadcast();
  c.push_back(arp_frame(ArpOperation::kRequest, kPeerMac, kPeerIp, MacAddress(), kHostIp, bcast));
  c.push_back(arp_frame(ArpOperation::kReply, kPeerMac, kPeerIp, kHostMac, kHostIp, kHostMac));
  c.push_back(arp_frame(ArpOperation::kRequest, kPeerMac, kPeerIp, MacAddress(), kPeerIp, bcast));
  c.push_back(echo_request_frame(kPeerMac, kHostMac, kPeerIp, kHostIp, 7, 1));
  c.push_back(echo_request_frame(kPeerMac, kHostMac, kPeerIp, kFar, 7, 2, 5, 200));
  c.push_back(echo_request_frame(kPeerMac, bcast, kPeerIp, Ipv4Address::broadcast(), 7, 3));
  c.push_back(echo_request_frame(kPeerMac, kHostMac, kPeerIp, kHostIp, 7, 4, 1, 1400));
  // Fragments of one datagram, first, middle and last.
  for (std::uint16_t offset : {std::uint16_t{0}, std::uint16_t{64}, std::uint16_t{128}}) {
    Ipv4Repr ip = ip_header(kPeerIp, kHostIp, ip_proto::kIcmp, 64, 99);
    ip.frag_offset = offset;
    ip.more_fragments = offset != 128;
    std::vector<std::uint8_t> payload(64, static_cast<std::uint8_t>(offset));
    c.push_back(ethernet(kPeerMac, kHostMac, ethertype::kIpv4, ipv4_datagram(ip, payload)));
  }
  // An ICMP error quoting a datagram we might have sent, a UDP and a TCP datagram to us.
  const auto quoted = ipv4_datagram(ip_header(kHostIp, kFar, ip_proto::kUdp), std::vector<std::uint8_t>(16, 1));
  const auto error = icmp_bytes(IcmpRepr::dest_unreachable(icmp_unreach::kPort, quoted));
  c.push_back(ethernet(kPeerMac, kHostMac, ethertype::kIpv4,
                       ipv4_datagram(ip_header(kFar, kHostIp, ip_proto::kIcmp), error)));
  c.push_back(ethernet(kPeerMac, kHostMac, ethertype::kIpv4,
                       ipv4_datagram(ip_header(kPeerIp, kHostIp, ip_proto::kUdp), std::vector<std::uint8_t>(20, 2))));
  c.push_back(ethernet(kPeerMac, kHostMac, ethertype::kIpv4,
                       ipv4_datagram(ip_header(kPeerIp, kHostIp, ip_proto::kTcp), std::vector<std::uint8_t>(20, 3))));
  // An IPv4 header with options (record route) and a VLAN-tagged echo request.
  {
    Ipv4Repr ip = ip_header(kPeerIp, kHostIp, ip_proto::kIcmp);
    static const std::uint8_t kOptions[8] = {7, 7, 4, 0, 0, 0, 0, 1};
    ip.options = kOptions;
    ip.options_len = 8;
    c.push_back(ethernet(kPeerMac, kHostMac, ethertype::kIpv4,
                         ipv4_datagram(ip, icmp_bytes(IcmpRepr::echo_request(1, 1, {})))));
  }
  {
    Frame tagged = echo_request_frame(kPeerMac, kHostMac, kPeerIp, kHostIp, 8, 1);
    const std::uint8_t tag[4] = {0x81, 0x00, 0x00, 0x0a};
    tagged.insert(tagged.begin() + 12, std::begin(tag), std::end(tag));
    c.push_back(tagged);
  }
  return c;
}

// Real frames from the shared captures (Ethernet ones only), when they are there.
void add_captured_frames(std::vector<Frame>& corpus) {
  const auto dir = test::shared_pcaps_dir();
  if (!dir) return;
  for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
    if (entry.path().extension() != ".pcap") continue;
    auto reader = PcapReader::open(entry.path().string());
    if (!reader) continue;
    for (int i = 0; i < 200; ++i) {
      auto frame = reader->next();
      if (!frame || !*frame) break;
      corpus.emplace_back(frame->value().data.begin(), frame->value().data.end());
    }
  }
}

std::size_t heap_in_use() { return mallinfo2().uordblks; }

TEST(MutatedFrames, MillionFramesToHostAndRouterCrashNothingAndStayBounded) {
  std::vector<Frame> corpus = built_corpus();
  add_captured_frames(corpus);
  FrameMutator mutator(corpus, 2024, kHostMac, kHostIp);

  Rng rng(5);
  test::FakeDevice host_dev, router_lan, router_wan;
  Host host("host", rng);
  host.add_interface({"eth0", kHostMac, Ipv4Cidr(kHostIp, 24), {}}, host_dev);
  host.add_route(Ipv4Cidr(Ipv4Address::any(), 0), kPeerIp);
  HostConfig router_config;
  router_config.forwarding = true;
  Host router("router", rng, router_config);
  router.add_interface({"eth0", kHostMac, Ipv4Cidr(kHostIp, 24), {}}, router_lan);
  router.add_interface({"eth1", test::mac(3), *Ipv4Cidr::parse("198.51.100.1/24"), {}}, router_wan);

  Instant now = Instant::epoch();
  [[maybe_unused]] std::size_t heap_after_warmup = 0;  // read only without ASan (its own allocator)
  for (std::size_t i = 0; i < kFrames; ++i) {
    now += Duration::micros(500);  // 500 s of virtual time: timers and ageing run
    Frame frame = mutator.next();
    host_dev.inject(frame, now);
    router_lan.inject(std::move(frame), now);
    host.poll(now);
    router.poll(now);
    host_dev.take_sent();
    router_lan.take_sent();
    router_wan.take_sent();
    if (i == kFrames / 10) heap_after_warmup = heap_in_use();
  }

  for (const Host* h : {&host, &router}) {
    for (const auto& iface : h->interfaces()) {
      EXPECT_LE(iface->arp().size(), ArpCacheConfig{}.max_entries) << h->name();
      EXPECT_LE(iface->arp().queued_total(), ArpCacheConfig{}.queue_total) << h->name();
    }
  }
  // Drops were counted by reason, not silently ignored.
  EXPECT_GT(host.counters().drops.total(), kFrames / 4);
#if !defined(__SANITIZE_ADDRESS__)
  // The last 90% of the run did not grow the heap by more than a few tables' worth.
  EXPECT_LT(heap_in_use(), heap_after_warmup + (4u << 20));
#endif

  // Still alive: a clean echo request gets its reply.
  now += Duration::seconds(1);
  const MacAddress fresh_mac = test::mac(9);
  host_dev.inject(test::echo_request_frame(fresh_mac, kHostMac, Ipv4Address::of(10, 0, 0, 9),
                                           kHostIp, 77, 1),
                  now);
  host.poll(now);
  host.poll(now + Duration::seconds(2));  // room for one ARP round if the host asks first
  host_dev.inject(test::arp_frame(ArpOperation::kReply, fresh_mac, Ipv4Address::of(10, 0, 0, 9),
                                  kHostMac, kHostIp, kHostMac),
                  now + Duration::seconds(2));
  host.poll(now + Duration::seconds(2));
  bool replied = false;
  for (const auto& f : host_dev.take_sent()) {
    auto p = test::parse(f);
    if (p.icmp && p.icmp->kind == IcmpRepr::Kind::kEchoReply && p.icmp->ident == 77) replied = true;
  }
  EXPECT_TRUE(replied);

  // Run every timer out (a failed resolution may start another, for its ICMP error): nothing
  // stays queued and nothing keeps asking to be polled.
  for (Host* h : {&host, &router}) {
    Instant t = now + Duration::seconds(2);
    for (int guard = 0; guard < 1000 && h->poll_at(); ++guard) {
      t = std::max(t, *h->poll_at());
      h->poll(t);
      host_dev.take_sent();
      router_lan.take_sent();
      router_wan.take_sent();
    }
    EXPECT_FALSE(h->poll_at()) << h->name() << ": timers run out";
    for (const auto& iface : h->interfaces()) EXPECT_EQ(iface->arp().queued_total(), 0u);
  }
}

}  // namespace
}  // namespace ws
