// SYN cookies (RFC 4987) and keepalive, as segment scripts; a SYN flood that does not keep a
// legitimate client out.
#include "tcp_harness.h"

namespace ws::tcp::test {
namespace {

using namespace tcp_flag;
using TcpSynCookies = TcpTest;

TEST_F(TcpSynCookies, FullSynQueueAnswersWithACookieAndItsAckMakesAConnection) {
  auto l = layer_.listen(kLocalPort, 1);
  ASSERT_TRUE(l.ok());
  remote_port_ = 1111;
  inject(seg(kSyn, Seq(1000)));
  next();  // a normal SYN-ACK; the SYN queue is now full
  remote_port_ = 2222;
  TcpRepr syn = seg(kSyn, Seq(7000));
  syn.options.mss = 1460;
  syn.options.timestamps = TcpOptions::Timestamps{1, 0};
  inject(syn);
  Sent cookie = next();
  EXPECT_EQ(cookie.repr.flags, kSyn | kAck);
  EXPECT_EQ(cookie.repr.ack, Seq(7001));
  EXPECT_EQ(cookie.repr.options.mss, 1460);
  EXPECT_FALSE(cookie.repr.options.timestamps.has_value());  // options other than MSS are lost
  EXPECT_EQ(layer_.connection_count(), 1u);                  // no state for the cookie
  EXPECT_EQ(layer_.counters().syncookies_sent, 1u);

  inject(seg(kAck | kPsh, Seq(7001), cookie.repr.seq + 1), std::string("GET /"));
  EXPECT_EQ(layer_.counters().syncookies_recv, 1u);
  auto s = layer_.accept(*l);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(layer_.state(*s), State::kEstablished);
  EXPECT_EQ(recv_text(*s), "GET /");
  EXPECT_EQ(layer_.connection(*s)->info().snd_mss, 1460u);
}

TEST_F(TcpSynCookies, AckWithAForgedCookieGetsRst) {
  auto l = layer_.listen(kLocalPort, 1);
  inject(seg(kAck, Seq(7001), Seq(123456)));
  expect(out(kRst, Seq(123456), Seq(0), 0));
  EXPECT_EQ(layer_.counters().syncookies_failed, 1u);
  EXPECT_EQ(layer_.accept(*l).error(), Error::kWouldBlock);
}

TEST_F(TcpSynCookies, CookieExpiresAfterTwoPeriods) {
  ASSERT_TRUE(layer_.listen(kLocalPort, 1).ok());
  remote_port_ = 1111;
  inject(seg(kSyn, Seq(1000)));
  next();
  remote_port_ = 2222;
  inject(seg(kSyn, Seq(7000)));
  Sent cookie = next();
  advance(Duration::seconds(130));
  ip_.sent.clear();
  inject(seg(kAck, Seq(7001), cookie.repr.seq + 1));
  expect(out(kRst, cookie.repr.seq + 1, Seq(0), 0));
}

TEST_F(TcpSynCookies, AHundredThousandSpoofedSynsDoNotKeepALegitimateClientOut) {
  auto l = layer_.listen(kLocalPort, 64);
  ASSERT_TRUE(l.ok());
  Rng attacker(7);
  for (int i = 0; i < 100'000; ++i) {
    TcpRepr syn = seg(kSyn, Seq(attacker.next_u32()));
    syn.src_port = static_cast<std::uint16_t>(attacker.between(1024, 65535));
    std::vector<std::uint8_t> bytes(syn.header_len());
    const Ipv4Address spoofed(static_cast<std::uint32_t>(attacker.between(0x0b000000, 0xdf000000)));
    syn.emit(bytes, spoofed, kLocal);
    Ipv4Repr ip;
    ip.src = spoofed;
    ip.dst = kLocal;
    ip.protocol = ip_proto::kTcp;
    layer_.on_datagram(now_, ip, bytes, 1);
    if (i % 1000 == 0) advance(Duration::millis(10));
  }
  EXPECT_LE(layer_.connection_count(), 64u);  // the SYN queue's bound, nothing more
  ip_.sent.clear();
  // The real client gets in with a cookie.
  remote_port_ = 33333;
  inject(seg(kSyn, Seq(42)));
  Sent synack = next();
  inject(seg(kAck, Seq(43), synack.repr.seq + 1));
  auto s = layer_.accept(*l);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(layer_.state(*s), State::kEstablished);
}

Config keepalive_config() {
  Config c = plain_config();
  c.keepalive = true;
  c.keepalive_idle = Duration::seconds(10);
  c.keepalive_interval = Duration::seconds(2);
  c.keepalive_probes = 3;
  return c;
}

class TcpKeepalive : public TcpTest {
 protected:
  TcpKeepalive() : TcpTest(keepalive_config()) {}
};

TEST_F(TcpKeepalive, IdleConnectionIsProbedAndKeptWhileThePeerAnswers) {
  SocketId s = establish_passive(Seq(1000));
  advance(Duration::millis(9999));
  expect_nothing();
  advance(Duration::millis(1));
  expect(out(kAck, local_iss_, Seq(1001)));
  inject(seg(kAck, Seq(1001), local_iss_ + 1));
  advance(Duration::seconds(9));
  expect_nothing();
  advance(Duration::seconds(1));
  expect(out(kAck, local_iss_, Seq(1001)));
  EXPECT_EQ(layer_.state(s), State::kEstablished);
}

TEST_F(TcpKeepalive, UnansweredProbesTimeTheConnectionOut) {
  SocketId s = establish_passive(Seq(1000));
  advance(Duration::seconds(10));
  for (int i = 0; i < 2; ++i) {
    next();
    advance(Duration::seconds(2));
  }
  next();
  advance(Duration::seconds(2));
  expect_nothing();
  EXPECT_EQ(layer_.state(s), State::kClosed);
  EXPECT_EQ(layer_.error(s), Error::kTimedOut);
}

TEST_F(TcpTest, KeepaliveIsOffByDefault) {
  establish_passive(Seq(1000));
  advance(Duration::seconds(3 * 3600));
  expect_nothing();
}

}  // namespace
}  // namespace ws::tcp::test
