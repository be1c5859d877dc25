// Data in both directions: delayed ACKs, out-of-order arrival, retransmission timeouts,
// Nagle, zero-window probing, fast retransmit.
#include "tcp_harness.h"

namespace ws::tcp::test {
namespace {

using namespace tcp_flag;
using TcpData = TcpTest;

TEST_F(TcpData, DataIsDeliveredAndAckedWhenTheDelayedAckTimerFires) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kAck | kPsh, Seq(1001), local_iss_ + 1), std::string("hello"));
  expect_nothing();
  EXPECT_TRUE(layer_.readable(s));
  EXPECT_EQ(recv_text(s), "hello");
  advance(Duration::millis(39));
  expect_nothing();
  advance(Duration::millis(1));
  // Reading 5 bytes does not move the right edge yet (receiver SWS avoidance).
  expect(out(kAck, local_iss_ + 1, Seq(1006), 65530));
}

TEST_F(TcpData, EverySecondFullSizedSegmentIsAckedAtOnce) {
  establish_passive(Seq(1000));
  const std::string full(1460, 'x');
  inject(seg(kAck, Seq(1001), local_iss_ + 1), full);
  expect_nothing();
  inject(seg(kAck, Seq(1001 + 1460), local_iss_ + 1), full);
  expect(out(kAck, local_iss_ + 1, Seq(1001 + 2920), 65535 - 2920));
}

TEST_F(TcpData, OutOfOrderDataIsAckedAtOnceAndTheFillingSegmentAcksAll) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kAck, Seq(1006), local_iss_ + 1), std::string("world"));
  expect(out(kAck, local_iss_ + 1, Seq(1001)));
  EXPECT_FALSE(layer_.readable(s));
  inject(seg(kAck, Seq(1001), local_iss_ + 1), std::string("hello"));
  expect(out(kAck, local_iss_ + 1, Seq(1011), 65535 - 10));
  EXPECT_EQ(recv_text(s), "helloworld");
}

TEST_F(TcpData, DuplicateDataIsAckedAtOnce) {
  establish_passive(Seq(1000));
  inject(seg(kAck, Seq(1001), local_iss_ + 1), std::string("hello"));
  inject(seg(kAck, Seq(1001), local_iss_ + 1), std::string("hello"));
  expect(out(kAck, local_iss_ + 1, Seq(1006), 65535 - 5));
}

TEST_F(TcpData, SegmentBeyondTheWindowIsAnsweredWithAnAck) {
  establish_passive(Seq(1000));
  inject(seg(kAck, Seq(1001 + 70000), local_iss_ + 1), std::string("far"));
  expect(out(kAck, local_iss_ + 1, Seq(1001)));
  EXPECT_EQ(layer_.counters().drops.get(DropReason::kTcpOutOfWindow), 1u);
}

TEST_F(TcpData, OurDataIsRetransmittedAfterTheRtoWithBackoff) {
  SocketId s = establish_passive(Seq(1000));
  ASSERT_EQ(send_text(s, "hello"), 5u);
  expect(out(kAck | kPsh, local_iss_ + 1, Seq(1001)), 5);
  // The handshake's RTT sample was 0: the RTO is the 200 ms floor.
  advance(Duration::millis(199));
  expect_nothing();
  advance(Duration::millis(1));
  expect(out(kAck | kPsh, local_iss_ + 1, Seq(1001)), 5);
  EXPECT_EQ(events_.retransmits, 1);
  advance(Duration::millis(399));
  expect_nothing();
  advance(Duration::millis(1));
  expect(out(kAck | kPsh, local_iss_ + 1, Seq(1001)), 5);
  inject(seg(kAck, Seq(1001), local_iss_ + 6));
  advance(Duration::seconds(5));
  expect_nothing();
}

TEST_F(TcpData, SynIsRetransmittedWithExponentialBackoffThenTimesOut) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  Sent syn = next();
  local_port_ = syn.repr.src_port;
  Duration wait = Duration::seconds(1);
  for (int i = 0; i < 6; ++i) {
    advance(wait - Duration::millis(1));
    expect_nothing();
    advance(Duration::millis(1));
    EXPECT_EQ(next().repr.to_string(0), syn.repr.to_string(0)) << "retransmission " << i;
    wait = wait * 2;
  }
  advance(wait);
  expect_nothing();
  EXPECT_EQ(layer_.state(*c), State::kClosed);
  EXPECT_EQ(layer_.error(*c), Error::kTimedOut);
}

TEST_F(TcpData, NagleHoldsASmallSegmentWhileDataIsUnacknowledged) {
  SocketId s = establish_passive(Seq(1000));
  send_text(s, "a");
  expect(out(kAck | kPsh, local_iss_ + 1, Seq(1001)), 1);
  send_text(s, "b");
  send_text(s, "c");
  expect_nothing();
  inject(seg(kAck, Seq(1001), local_iss_ + 2));
  Sent bc = expect(out(kAck | kPsh, local_iss_ + 2, Seq(1001)), 2);
  EXPECT_EQ(text(bc), "bc");
}

TEST_F(TcpData, NoDelaySendsSmallSegmentsAtOnce) {
  Config c = plain_config();
  c.nodelay = true;
  auto l = layer_.listen(kLocalPort, 4, c);
  ASSERT_TRUE(l.ok());
  inject(seg(kSyn, Seq(1000)));
  local_iss_ = next().repr.seq;
  inject(seg(kAck, Seq(1001), local_iss_ + 1));
  SocketId s = *layer_.accept(*l);
  send_text(s, "a");
  send_text(s, "b");
  expect(out(kAck | kPsh, local_iss_ + 1, Seq(1001)), 1);
  expect(out(kAck | kPsh, local_iss_ + 2, Seq(1001)), 1);
}

TEST_F(TcpData, ZeroWindowIsProbedUntilItOpens) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kAck, Seq(1001), local_iss_ + 1, 0));
  send_text(s, "data");
  expect_nothing();
  advance(Duration::millis(200));
  // The probe: an old sequence number, so the peer answers with its window.
  expect(out(kAck, local_iss_, Seq(1001)));
  inject(seg(kAck, Seq(1001), local_iss_ + 1, 0));
  advance(Duration::millis(399));
  expect_nothing();
  advance(Duration::millis(1));
  expect(out(kAck, local_iss_, Seq(1001)));
  inject(seg(kAck, Seq(1001), local_iss_ + 1, 1000));
  Sent d = expect(out(kAck | kPsh, local_iss_ + 1, Seq(1001)), 4);
  EXPECT_EQ(text(d), "data");
  EXPECT_EQ(layer_.connection(s)->counters().zero_window_probes, 2u);
}

TEST_F(TcpData, ThreeDuplicateAcksTriggerFastRetransmit) {
  SocketId s = establish_passive(Seq(1000));  // no MSS option from the peer: 536
  const std::string data(5 * 536, 'z');
  ASSERT_EQ(send_text(s, data), data.size());
  for (std::uint32_t i = 0; i < 5; ++i) {
    expect(out(kAck | (i == 4 ? kPsh : 0), local_iss_ + 1 + i * 536, Seq(1001)), 536);
  }
  inject(seg(kAck, Seq(1001), local_iss_ + 1 + 536));
  for (int i = 0; i < 2; ++i) inject(seg(kAck, Seq(1001), local_iss_ + 1 + 536));
  expect_nothing();
  inject(seg(kAck, Seq(1001), local_iss_ + 1 + 536));
  expect(out(kAck, local_iss_ + 1 + 536, Seq(1001)), 536);
  EXPECT_EQ(layer_.connection(s)->counters().fast_retransmits, 1u);
  // A partial ACK retransmits the next hole at once (RFC 6582).
  inject(seg(kAck, Seq(1001), local_iss_ + 1 + 2 * 536));
  expect(out(kAck, local_iss_ + 1 + 2 * 536, Seq(1001)), 536);
  inject(seg(kAck, Seq(1001), local_iss_ + 1 + 5 * 536));
  expect_nothing();
}

TEST_F(TcpData, LargeWriteIsSegmentedAtThePeersMssAndNagleHoldsTheTail) {
  SocketId s = establish_active(Seq(5000));
  const std::string data(3000, 'q');
  ASSERT_EQ(send_text(s, data), data.size());
  // The peer's SYN-ACK had no MSS option: 536 bytes per segment. Five full segments go; the
  // last 320 bytes wait until nothing is unacknowledged (Nagle).
  for (std::uint32_t i = 0; i < 5; ++i) {
    expect(out(kAck, local_iss_ + 1 + i * 536, Seq(5001)), 536);
  }
  expect_nothing();
  inject(seg(kAck, Seq(5001), local_iss_ + 1 + 536));
  expect_nothing();
  inject(seg(kAck, Seq(5001), local_iss_ + 1 + 5 * 536));
  expect(out(kAck | kPsh, local_iss_ + 1 + 5 * 536, Seq(5001)), 320);
}

TEST_F(TcpData, ReadingAfterAFullWindowSendsAWindowUpdate) {
  SocketId s = establish_passive(Seq(1000));
  const Seq seq = inject_full_segments(Seq(1001), 44);  // 64240 bytes: the window nearly closes
  ip_.sent.clear();
  std::string got = recv_text(s, 70000);
  EXPECT_EQ(got.size(), 64240u);
  expect(out(kAck, local_iss_ + 1, seq));
}

}  // namespace
}  // namespace ws::tcp::test
