// RFC 5961 (blind reset, SYN and data injection), RFC 1337 and TIME-WAIT reuse, PAWS, SACK
// generation and window scaling, as segment scripts.
#include "tcp_harness.h"

namespace ws::tcp::test {
namespace {

using namespace tcp_flag;
using TcpRobustness = TcpTest;

TEST_F(TcpRobustness, RstAtRcvNxtResets) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kRst, Seq(1001)));
  EXPECT_EQ(layer_.error(s), Error::kConnectionReset);
}

TEST_F(TcpRobustness, RstInWindowButNotAtRcvNxtGetsAChallengeAck) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kRst, Seq(1500)));
  expect(out(kAck, local_iss_ + 1, Seq(1001)));
  EXPECT_EQ(layer_.state(s), State::kEstablished);
  EXPECT_EQ(layer_.counters().drops.get(DropReason::kTcpRstInvalid), 1u);
}

TEST_F(TcpRobustness, RstOutsideTheWindowIsSilentlyDropped) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kRst, Seq(1001 + 100000)));
  expect_nothing();
  EXPECT_EQ(layer_.state(s), State::kEstablished);
}

TEST_F(TcpRobustness, SynInEstablishedGetsAChallengeAckNotAReset) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kSyn, Seq(1001)));
  expect(out(kAck, local_iss_ + 1, Seq(1001)));
  inject(seg(kSyn, Seq(90000)));  // out of window too
  expect(out(kAck, local_iss_ + 1, Seq(1001)));
  EXPECT_EQ(layer_.state(s), State::kEstablished);
  EXPECT_EQ(layer_.counters().drops.get(DropReason::kTcpSynInvalid), 2u);
}

TEST_F(TcpRobustness, AckOfUnsentDataIsAnsweredWithAnAckAndDropped) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kAck, Seq(1001), local_iss_ + 1000), std::string("injected"));
  expect(out(kAck, local_iss_ + 1, Seq(1001)));
  EXPECT_FALSE(layer_.readable(s));
}

TEST_F(TcpRobustness, AckTooFarBehindGetsAChallengeAckAndDataIsDropped) {
  SocketId s = establish_passive(Seq(1000));
  // RFC 5961 §5.2: acceptable ACKs are within MAX.SND.WND (65535 here) below SND.UNA.
  inject(seg(kAck, Seq(1001), local_iss_ - 70000), std::string("injected"));
  expect(out(kAck, local_iss_ + 1, Seq(1001)));
  EXPECT_FALSE(layer_.readable(s));
}

TEST_F(TcpRobustness, ChallengeAcksAreRateLimited) {
  establish_passive(Seq(1000));
  for (int i = 0; i < 1100; ++i) inject(seg(kRst, Seq(1500)));
  EXPECT_EQ(ip_.sent.size(), 1000u);
  ip_.sent.clear();
  advance(Duration::seconds(1));
  inject(seg(kRst, Seq(1500)));
  EXPECT_EQ(ip_.sent.size(), 1u);
}

// TIME-WAIT: the socket that closed first (here, us) waits 2*MSL.
class TcpTimeWait : public TcpTest {
 protected:
  void enter_time_wait() {
    s_ = establish_passive(Seq(1000));
    ASSERT_TRUE(layer_.close(now_, s_).ok());
    next();  // our FIN
    inject(seg(kFin | kAck, Seq(1001), local_iss_ + 2));
    next();  // our ACK of theirs
    ASSERT_EQ(layer_.connection_count(), 1u);
  }
  SocketId s_;
};

TEST_F(TcpTimeWait, RstIsIgnoredInTimeWait) {
  enter_time_wait();
  inject(seg(kRst, Seq(1002)));
  EXPECT_EQ(layer_.connection_count(), 1u);
  EXPECT_EQ(layer_.counters().drops.get(DropReason::kTcpRstInTimeWait), 1u);
}

TEST_F(TcpTimeWait, RetransmittedFinIsAckedAndRestartsTheWait) {
  enter_time_wait();
  advance(Duration::millis(1500));
  inject(seg(kFin | kAck, Seq(1001), local_iss_ + 2));
  expect(out(kAck, local_iss_ + 2, Seq(1002), 65534));
  advance(Duration::millis(1999));
  EXPECT_EQ(layer_.connection_count(), 1u);
  advance(Duration::millis(1));
  EXPECT_EQ(layer_.connection_count(), 0u);
}

TEST_F(TcpTimeWait, SynWithAHigherSequenceNumberOpensANewIncarnation) {
  enter_time_wait();
  inject(seg(kSyn, Seq(50000)));
  Sent synack = next();
  EXPECT_EQ(synack.repr.flags, kSyn | kAck);
  EXPECT_EQ(synack.repr.ack, Seq(50001));
  EXPECT_EQ(layer_.connection_count(), 1u);
  EXPECT_EQ(events_.states.back(), "CLOSED -> SYN-RECEIVED");
}

TEST_F(TcpTimeWait, SynWithAnOldSequenceNumberIsAnsweredWithAnAck) {
  enter_time_wait();
  inject(seg(kSyn, Seq(900)));
  expect(out(kAck, local_iss_ + 2, Seq(1002), 65534));
  EXPECT_EQ(layer_.connection_count(), 1u);
}

TEST_F(TcpTimeWait, TheTupleIsFreeAfterTheWait) {
  enter_time_wait();
  advance(Duration::seconds(2));
  EXPECT_EQ(layer_.connection_count(), 0u);
  inject(seg(kSyn, Seq(100)));  // any sequence number now
  EXPECT_EQ(next().repr.flags, kSyn | kAck);
}

Config options_config() {
  Config c = plain_config();
  c.timestamps = true;
  c.sack = true;
  c.window_scale = true;
  c.receive_buffer = 256 * 1024;
  return c;
}

class TcpOptionsTest : public TcpTest {
 protected:
  TcpOptionsTest() : TcpTest(options_config()) {}

  // Passive open where the peer offers everything (TSval 100).
  SocketId open_with_options() {
    auto l = layer_.listen(local_port_, 8);
    TcpRepr syn = seg(kSyn, Seq(1000));
    syn.options.mss = 1460;
    syn.options.window_scale = 7;
    syn.options.sack_permitted = true;
    syn.options.timestamps = TcpOptions::Timestamps{100, 0};
    inject(syn);
    Sent synack = next();
    local_iss_ = synack.repr.seq;
    EXPECT_EQ(synack.repr.options.mss, 1460);
    EXPECT_EQ(synack.repr.options.window_scale, 3);  // 256 KiB needs a shift of 3
    EXPECT_TRUE(synack.repr.options.sack_permitted);
    EXPECT_TRUE(synack.repr.options.timestamps.has_value());
    EXPECT_EQ(synack.repr.options.timestamps->echo, 100u);
    our_ts_ = synack.repr.options.timestamps->value;
    inject(with_ts(seg(kAck, Seq(1001), local_iss_ + 1, 1024), 101));
    return *layer_.accept(*l);
  }
  TcpRepr with_ts(TcpRepr r, std::uint32_t value) {
    r.options.timestamps = TcpOptions::Timestamps{value, our_ts_};
    return r;
  }
  std::uint32_t our_ts_ = 0;
};

TEST_F(TcpOptionsTest, OptionsAreOfferedOnlyWhenThePeerOfferedThem) {
  ASSERT_TRUE(layer_.listen(local_port_, 8).ok());
  inject(seg(kSyn, Seq(1000)));
  Sent synack = next();
  TcpRepr want = out(kSyn | kAck, synack.repr.seq, Seq(1001));
  want.options.mss = 1460;
  EXPECT_EQ(synack.repr.to_string(0), want.to_string(0));
}

TEST_F(TcpOptionsTest, ActiveOpenOffersEveryEnabledOption) {
  ASSERT_TRUE(layer_.connect(now_, kRemote, kRemotePort).ok());
  Sent syn = next();
  EXPECT_EQ(syn.repr.options.mss, 1460);
  EXPECT_EQ(syn.repr.options.window_scale, 3);
  EXPECT_TRUE(syn.repr.options.sack_permitted);
  ASSERT_TRUE(syn.repr.options.timestamps.has_value());
  EXPECT_EQ(syn.repr.options.timestamps->echo, 0u);
}

TEST_F(TcpOptionsTest, WindowScaleAppliesToBothDirections) {
  SocketId s = open_with_options();
  const Connection::Info info = layer_.connection(s)->info();
  EXPECT_TRUE(info.window_scale);
  EXPECT_EQ(info.snd_wnd, 1024u << 7);
  EXPECT_EQ(info.snd_mss, 1460u - 12u);
  inject(with_ts(seg(kAck, Seq(1001), local_iss_ + 1, 1024), 102), std::string("x"));
  advance(Duration::millis(40));
  Sent ack = next();
  EXPECT_EQ(ack.repr.window, (256u * 1024u - 1u) >> 3);
}

TEST_F(TcpOptionsTest, PawsDropsASegmentWithAnOlderTimestampAndAcks) {
  SocketId s = open_with_options();
  inject(with_ts(seg(kAck, Seq(1001), local_iss_ + 1, 1024), 50), std::string("old"));
  Sent ack = next();
  EXPECT_EQ(ack.repr.ack, Seq(1001));
  EXPECT_EQ(ack.repr.options.timestamps->echo, 101u);
  EXPECT_FALSE(layer_.readable(s));
  EXPECT_EQ(layer_.counters().drops.get(DropReason::kTcpPaws), 1u);
  inject(with_ts(seg(kAck, Seq(1001), local_iss_ + 1, 1024), 150), std::string("new"));
  EXPECT_EQ(recv_text(s), "new");
}

TEST_F(TcpOptionsTest, PawsDoesNotApplyToRst) {
  SocketId s = open_with_options();
  inject(with_ts(seg(kRst, Seq(1001)), 1));
  EXPECT_EQ(layer_.error(s), Error::kConnectionReset);
}

TEST_F(TcpOptionsTest, OutOfOrderDataIsReportedInSackBlocks) {
  open_with_options();
  inject(with_ts(seg(kAck, Seq(1101), local_iss_ + 1, 1024), 102), std::string(100, 'b'));
  Sent a1 = next();
  EXPECT_EQ(a1.repr.ack, Seq(1001));
  ASSERT_EQ(a1.repr.options.sack_count, 1);
  EXPECT_EQ(a1.repr.options.sack[0], (SackBlock{Seq(1101), Seq(1201)}));
  inject(with_ts(seg(kAck, Seq(1301), local_iss_ + 1, 1024), 103), std::string(100, 'd'));
  Sent a2 = next();
  ASSERT_EQ(a2.repr.options.sack_count, 2);
  EXPECT_EQ(a2.repr.options.sack[0], (SackBlock{Seq(1301), Seq(1401)}));  // the newest first
  EXPECT_EQ(a2.repr.options.sack[1], (SackBlock{Seq(1101), Seq(1201)}));
  inject(with_ts(seg(kAck, Seq(1001), local_iss_ + 1, 1024), 104), std::string(100, 'a'));
  Sent a3 = next();
  EXPECT_EQ(a3.repr.ack, Seq(1201));
  ASSERT_EQ(a3.repr.options.sack_count, 1);
  EXPECT_EQ(a3.repr.options.sack[0], (SackBlock{Seq(1301), Seq(1401)}));
}

TEST_F(TcpOptionsTest, RttComesFromTheEchoedTimestamp) {
  SocketId s = open_with_options();
  send_text(s, "ping");
  Sent d = next();
  advance(Duration::millis(30));
  TcpRepr ack = seg(kAck, Seq(1001), local_iss_ + 5, 1024);
  ack.options.timestamps = TcpOptions::Timestamps{105, d.repr.options.timestamps->value};
  inject(ack);
  // The handshake gave a first sample of 0; this one moves SRTT by 1/8 of 30 ms.
  EXPECT_EQ(layer_.connection(s)->info().srtt, Duration::micros(3750));
}

}  // namespace
}  // namespace ws::tcp::test
