// ICMP errors about our segments: hard and soft destination unreachable (RFC 1122 §4.2.3.9,
// RFC 5461) and path MTU discovery from fragmentation needed (RFC 1191).
#include "wirestack/wire/icmp.h"

#include "tcp_harness.h"
#include "wirestack/sim/transfer_scenario.h"

namespace ws::tcp::test {
namespace {

using namespace tcp_flag;

class TcpIcmp : public TcpTest {
 protected:
  // A destination unreachable from a router on the path, quoting our segment `s`.
  void icmp_about(const Sent& s, std::uint8_t code, std::uint16_t mtu = 0) {
    quote_.assign(28, 0);
    quote_[0] = 0x45;
    quote_[9] = ip_proto::kTcp;
    s.src.write(quote_.data() + 12);
    s.dst.write(quote_.data() + 16);
    store_be16(quote_.data() + 20, s.repr.src_port);
    store_be16(quote_.data() + 22, s.repr.dst_port);
    store_be32(quote_.data() + 24, s.repr.seq.raw());
    IcmpError error;
    error.from = Ipv4Address::of(198, 51, 100, 1);
    error.type = icmp_type::kDestUnreachable;
    error.code = code;
    error.next_hop_mtu = mtu;
    error.quoted = *QuotedDatagram::parse(quote_);
    layer_.on_icmp_error(now_, error);
  }
  // A passive open from a peer announcing an MSS of 1460.
  SocketId establish_mss_1460() {
    TcpOptions options;
    options.mss = 1460;
    return establish_passive_with(options);
  }

  std::vector<std::uint8_t> quote_;
};

TEST_F(TcpIcmp, HostUnreachableWhileConnectingIsSoftAndReportedWhenTheAttemptTimesOut) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  ASSERT_TRUE(c.ok());
  const Sent syn = next();
  icmp_about(syn, icmp_unreach::kHost);
  EXPECT_EQ(layer_.state(*c), State::kSynSent);  // RFC 1122: MUST NOT abort
  EXPECT_EQ(layer_.connection(*c)->soft_error(), Error::kHostUnreachable);
  // The SYN keeps going out with backoff; when the retries run out, the error explains why.
  for (int i = 0; i < 200 && layer_.state(*c) == State::kSynSent; ++i)
    advance(Duration::seconds(1));
  EXPECT_EQ(layer_.state(*c), State::kClosed);
  EXPECT_EQ(layer_.error(*c), Error::kHostUnreachable);
}

TEST_F(TcpIcmp, PortUnreachableWhileConnectingIsHardAndRefusesAtOnce) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  icmp_about(next(), icmp_unreach::kPort);
  EXPECT_EQ(layer_.state(*c), State::kClosed);
  EXPECT_EQ(layer_.error(*c), Error::kConnectionRefused);
}

TEST_F(TcpIcmp, UnreachablesOnAnEstablishedConnectionAreSoftAndDataFlowsOn) {
  SocketId s = establish_passive(Seq(1000));
  ASSERT_EQ(send_text(s, "hello"), 5u);
  const Sent data = next();
  icmp_about(data, icmp_unreach::kNet);
  icmp_about(data, icmp_unreach::kPort);  // RFC 5461 §4: soft once synchronized
  EXPECT_EQ(layer_.state(s), State::kEstablished);
  EXPECT_EQ(layer_.error(s), Error::kNone);
  inject(seg(kAck, Seq(1001), local_iss_ + 6));
  ASSERT_EQ(send_text(s, "world"), 5u);
  expect(out(kAck | kPsh, local_iss_ + 6, Seq(1001)), 5);
}

TEST_F(TcpIcmp, FragmentationNeededShrinksTheMssAndResendsTheFlightAtTheNewSize) {
  SocketId s = establish_mss_1460();
  ASSERT_EQ(send_text(s, std::string(3000, 'm')), 3000u);
  const Sent first = expect(out(kAck, local_iss_ + 1, Seq(1001)), 1460);
  EXPECT_TRUE(first.dont_fragment);
  expect(out(kAck, local_iss_ + 1461, Seq(1001)), 1460);
  expect_nothing();  // Nagle holds the last 80 bytes
  icmp_about(first, icmp_unreach::kFragNeeded, 1000);
  // 1000 - 20 (IP) - 20 (TCP) = 960 bytes per segment, from snd_una again; not a congestion
  // signal, so the whole flight goes at once.
  expect(out(kAck, local_iss_ + 1, Seq(1001)), 960);
  expect(out(kAck, local_iss_ + 961, Seq(1001)), 960);
  expect(out(kAck, local_iss_ + 1921, Seq(1001)), 960);
  expect_nothing();
  inject(seg(kAck, Seq(1001), local_iss_ + 2881));
  expect(out(kAck | kPsh, local_iss_ + 2881, Seq(1001)), 120);
  EXPECT_EQ(layer_.connection(s)->info().snd_mss, 960u);
  // The same news again changes nothing.
  icmp_about(first, icmp_unreach::kFragNeeded, 1000);
  expect_nothing();
}

TEST_F(TcpIcmp, FragmentationNeededNeverShrinksBelow536AndThoseSegmentsMayBeFragmented) {
  SocketId s = establish_mss_1460();
  ASSERT_EQ(send_text(s, std::string(600, 'm')), 600u);
  const Sent first = next();
  icmp_about(first, icmp_unreach::kFragNeeded, 68);
  const Sent again = expect(out(kAck, local_iss_ + 1, Seq(1001)), 536);
  EXPECT_FALSE(again.dont_fragment);  // 576 bytes: routers may fragment it
  EXPECT_EQ(layer_.connection(s)->info().snd_mss, 536u);
}

TEST_F(TcpIcmp, FragmentationNeededForASegmentNotInFlightIsIgnored) {
  SocketId s = establish_mss_1460();
  ASSERT_EQ(send_text(s, std::string(100, 'm')), 100u);
  Sent first = next();
  first.repr.seq = first.repr.seq + 5000;  // RFC 5927 §4.1: a forged or stale quote
  icmp_about(first, icmp_unreach::kFragNeeded, 1000);
  expect_nothing();
  EXPECT_EQ(layer_.connection(s)->info().snd_mss, 1460u);
}

// End to end: the path's router answers our 1500-byte segments with fragmentation needed;
// the transfer finishes at the path's MTU.
TEST(TcpPathMtu, TransferOverANarrowerPathFindsItsMtuAndDeliversEveryByte) {
  sim::TransferSpec spec;
  spec.bytes = 500'000;
  spec.mtu = 1000;
  spec.tcp.msl = Duration::seconds(1);
  sim::TransferScenario scenario(spec);
  const auto r = scenario.run();
  EXPECT_TRUE(r.closed_cleanly);
  EXPECT_EQ(r.received_hash, r.sent_hash);
  EXPECT_EQ(r.bytes_received, 500'000u);
  EXPECT_EQ(r.sender_info.snd_mss, 1000u - 40 - 12);  // timestamps on
}

}  // namespace
}  // namespace ws::tcp::test
