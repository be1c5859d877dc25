// SACK-based loss recovery (RFC 6675): the SACK blocks in the peer's ACKs decide which
// segments go again, and the pipe estimate decides when; a retransmission lost again goes again
// without the RTO, rule 4 rescues the tail, and RACK-TLP (RFC 8985) finds losses that three
// duplicate ACKs would not show.
#include "tcp_harness.h"
#include "wirestack/transport/tcp/sack_scoreboard.h"

namespace ws::tcp::test {
namespace {

using namespace tcp_flag;
constexpr std::uint32_t kMss = 1000;

Config sack_config() {
  Config c = plain_config();
  c.sack = true;
  return c;
}

class TcpSackRecovery : public TcpTest {
 protected:
  TcpSackRecovery() : TcpTest(sack_config()) {}

  // A passive open from a peer offering SACK and an MSS of 1000 bytes.
  SocketId establish_with_sack() {
    TcpOptions options;
    options.mss = kMss;
    options.sack_permitted = true;
    return establish_passive_with(options);
  }
  // Our sequence number for the start of segment `i` of the data sent.
  Seq at(std::uint32_t i) const { return local_iss_ + 1 + i * kMss; }
  // A pure ACK of segment `acked` with SACK blocks [first, last) in segments.
  void ack_with_sack(std::uint32_t acked, std::initializer_list<std::pair<int, int>> blocks) {
    TcpRepr a = seg(kAck, Seq(1001), at(acked));
    for (const auto& [first, last] : blocks) {
      a.options.sack[a.options.sack_count++] =
          SackBlock{at(static_cast<std::uint32_t>(first)), at(static_cast<std::uint32_t>(last))};
    }
    inject(a);
  }
  // Segment 0 lost, 1-3 arrived: three duplicate ACKs start recovery with segment 0 again.
  void enter_recovery_losing_segment_zero() {
    ack_with_sack(0, {{1, 2}});
    ack_with_sack(0, {{1, 3}});
    ack_with_sack(0, {{1, 4}});
    expect(out(kAck, at(0), Seq(1001)), kMss);
  }
  void send_segments(SocketId s, std::uint32_t n) {
    ASSERT_EQ(send_text(s, std::string(n * kMss, 's')), n * kMss);
    for (std::uint32_t i = 0; i < n; ++i) {
      expect(out(kAck | (i == n - 1 ? kPsh : 0), at(i), Seq(1001)), kMss);
    }
    expect_nothing();
  }
};

TEST_F(TcpSackRecovery, SackBlocksChooseTheLostSegmentsAndSkipTheSackedOnes) {
  SocketId s = establish_with_sack();
  send_segments(s, 10);  // the initial window: ten segments, 0 and 2 lost
  ack_with_sack(0, {{1, 2}});
  ack_with_sack(0, {{3, 4}, {1, 2}});
  expect_nothing();
  // The third duplicate ACK: recovery starts with segment 0, cwnd = ssthresh = 5 segments, and
  // the pipe (segment 0 again, 2 and 5-9 not deemed lost) leaves no room for more.
  ack_with_sack(0, {{3, 5}, {1, 2}});
  expect(out(kAck, at(0), Seq(1001)), kMss);
  expect_nothing();
  EXPECT_EQ(layer_.connection(s)->info().cwnd, 5 * kMss);
  // Four segments SACKed above segment 2 make it lost; segment 1, SACKed, is not sent again.
  ack_with_sack(0, {{3, 7}, {1, 2}});
  expect(out(kAck, at(2), Seq(1001)), kMss);
  expect_nothing();
  // Everything else arrived: nothing is left to retransmit.
  ack_with_sack(0, {{3, 10}, {1, 2}});
  expect_nothing();
  inject(seg(kAck, Seq(1001), at(10)));
  expect_nothing();
  const auto& c = layer_.connection(s)->counters();
  EXPECT_EQ(c.fast_retransmits, 1u);
  EXPECT_EQ(c.retrans_segs, 2u);
  EXPECT_EQ(c.timeouts, 0u);
}

TEST_F(TcpSackRecovery, SackBlocksAloneStartRecoveryBeforeThreeDuplicateAcks) {
  SocketId s = establish_with_sack();
  send_segments(s, 10);
  // One ACK reporting segments 1-4 held (more than DupThresh - 1 segments above segment 0):
  // IsLost(segment 0) holds at the first duplicate ACK (RFC 6675 §5).
  ack_with_sack(0, {{1, 5}});
  expect(out(kAck, at(0), Seq(1001)), kMss);
  EXPECT_EQ(layer_.connection(s)->counters().fast_retransmits, 1u);
}

TEST_F(TcpSackRecovery, NewDataGoesOutWhenThePipeHasRoomAndNothingIsLost) {
  SocketId s = establish_with_sack();
  send_segments(s, 10);
  ASSERT_EQ(send_text(s, std::string(4 * kMss, 'n')), 4 * kMss);
  expect_nothing();  // cwnd full
  enter_recovery_losing_segment_zero();
  expect_nothing();
  // Segments 1-8 SACKed: pipe = segment 0 (retransmitted) + segment 9 = 2 segments of a 5
  // segment window: NextSeg's rule 2 sends three new segments.
  ack_with_sack(0, {{1, 9}});
  expect(out(kAck, at(10), Seq(1001)), kMss);
  expect(out(kAck, at(11), Seq(1001)), kMss);
  expect(out(kAck, at(12), Seq(1001)), kMss);
  expect_nothing();
}

TEST_F(TcpSackRecovery, WithoutSackNewRenoRetransmitsOneHolePerPartialAck) {
  // The same losses as above, SACK not negotiated: segment 2 goes again only after the
  // partial ACK for segment 0's retransmission, one round trip later (RFC 6582).
  SocketId s = establish_passive(Seq(1000));  // no SACK-permitted from the peer
  const std::string data(10 * 536, 'z');
  ASSERT_EQ(send_text(s, data), data.size());
  for (std::uint32_t i = 0; i < 10; ++i) next();
  for (int i = 0; i < 3; ++i) inject(seg(kAck, Seq(1001), local_iss_ + 1));
  expect(out(kAck, local_iss_ + 1, Seq(1001)), 536);
  for (int i = 0; i < 5; ++i) inject(seg(kAck, Seq(1001), local_iss_ + 1));
  // Duplicate ACKs only inflate the window (new data would go; there is none): segment 2 waits.
  expect_nothing();
  inject(seg(kAck, Seq(1001), local_iss_ + 1 + 2 * 536));
  expect(out(kAck, local_iss_ + 1 + 2 * 536, Seq(1001)), 536);
}

TEST_F(TcpSackRecovery, ALostRetransmissionGoesAgainOnceDataSentAfterItIsSackedWithoutTheRto) {
  SocketId s = establish_with_sack();
  send_segments(s, 10);
  ASSERT_EQ(send_text(s, std::string(10 * kMss, 'n')), 10 * kMss);
  enter_recovery_losing_segment_zero();  // recovery; segment 0 goes again, and is lost
  ack_with_sack(0, {{1, 9}});
  expect(out(kAck, at(10), Seq(1001)), kMss);  // sent after the retransmission
  expect(out(kAck, at(11), Seq(1001)), kMss);
  expect(out(kAck, at(12), Seq(1001)), kMss);
  expect_nothing();
  // Two segments sent after it SACKed: may be reordering (IsLost's threshold), new data only.
  ack_with_sack(0, {{1, 12}});
  expect(out(kAck, at(13), Seq(1001)), kMss);
  expect(out(kAck, at(14), Seq(1001)), kMss);
  expect(out(kAck, at(15), Seq(1001)), kMss);
  expect_nothing();
  // The third: the retransmission is lost. It goes again first, in the same episode.
  ack_with_sack(0, {{1, 13}});
  expect(out(kAck, at(0), Seq(1001)), kMss);
  expect(out(kAck, at(16), Seq(1001)), kMss);
  expect_nothing();
  EXPECT_EQ(layer_.connection(s)->info().cwnd, 5 * kMss);  // reduced once, not twice
  inject(seg(kAck, Seq(1001), at(17)));
  const auto& c = layer_.connection(s)->counters();
  EXPECT_EQ(c.retrans_segs, 2u);
  EXPECT_EQ(c.fast_retransmits, 1u);
  EXPECT_EQ(c.timeouts, 0u);
}

TEST_F(TcpSackRecovery, RuleFourRescuesTheTailThatNoSackBlockCovers) {
  SocketId s = establish_with_sack();
  send_segments(s, 10);  // 0, 8 and 9 lost, 7 late; nothing more to send
  enter_recovery_losing_segment_zero();
  ack_with_sack(0, {{1, 5}});
  ack_with_sack(0, {{1, 6}});
  expect_nothing();
  // The pipe has room, rules 1-3 find nothing: RFC 6675 rule 4 sends the highest unSACKed
  // segment, once.
  ack_with_sack(0, {{1, 7}});
  expect(out(kAck | kPsh, at(9), Seq(1001)), kMss);
  expect_nothing();
  // Segment 7 arrives, and the rescue's SACK shows segment 8 missing below it: rule 3.
  ack_with_sack(0, {{1, 8}, {9, 10}});
  expect(out(kAck, at(8), Seq(1001)), kMss);
  expect_nothing();
  inject(seg(kAck, Seq(1001), at(10)));
  EXPECT_EQ(layer_.connection(s)->counters().timeouts, 0u);
}

TEST_F(TcpSackRecovery, RackDeemsASegmentLostAfterTheReorderingWindowWithFewerThanThreeDupAcks) {
  SocketId s = establish_with_sack();
  send_segments(s, 3);  // 0 lost: only two duplicate ACKs can come
  ack_with_sack(0, {{1, 2}});
  ack_with_sack(0, {{1, 3}});
  advance(Duration::micros(500));  // within RACK's reordering window (1 ms here)
  expect_nothing();
  advance(Duration::millis(1));
  expect(out(kAck, at(0), Seq(1001)), kMss);
  expect_nothing();
  const auto& c = layer_.connection(s)->counters();
  EXPECT_EQ(c.fast_retransmits, 1u);
  EXPECT_EQ(c.timeouts, 0u);
}

TEST_F(TcpSackRecovery, ATailLossProbeDrawsTheSackThatStartsRecoveryLongBeforeTheRto) {
  SocketId s = establish_with_sack();
  send_segments(s, 3);  // every segment, or every ACK, lost
  advance(Duration::millis(9));
  expect_nothing();
  // RFC 8985 §7.3: no new data, so the last segment goes again (the PTO's 10 ms floor here).
  advance(Duration::millis(1));
  expect(out(kAck | kPsh, at(2), Seq(1001)), kMss);
  expect_nothing();
  // Its SACK shows 0 and 1 missing; after the reordering window RACK deems them lost.
  ack_with_sack(0, {{2, 3}});
  advance(Duration::millis(2));
  expect(out(kAck, at(0), Seq(1001)), kMss);
  expect(out(kAck, at(1), Seq(1001)), kMss);
  expect_nothing();
  const auto& c = layer_.connection(s)->counters();
  EXPECT_EQ(c.loss_probes, 1u);
  EXPECT_EQ(c.timeouts, 0u);
}

TEST(TcpSackScoreboard, LostBelowFollowsRfc6675IsLost) {
  SackScoreboard sb;
  const Seq una(100);
  sb.add(Seq(1100), Seq(2100), una, Seq(10'000));
  EXPECT_EQ(sb.lost_below(una, 1000), una);  // 1000 bytes SACKed above: not enough
  sb.add(Seq(3100), Seq(4101), una, Seq(10'000));
  EXPECT_EQ(sb.lost_below(una, 1000), Seq(1100));  // 2001 bytes > (DupThresh - 1) * SMSS
  sb.clear();
  sb.add(Seq(200), Seq(300), una, Seq(10'000));
  sb.add(Seq(400), Seq(500), una, Seq(10'000));
  sb.add(Seq(600), Seq(700), una, Seq(10'000));
  EXPECT_EQ(sb.lost_below(una, 1000), Seq(200));  // three discontiguous blocks
}

TEST(TcpSackScoreboard, ImplausibleBlocksAreIgnoredAndTheCumulativeAckRetiresBlocks) {
  SackScoreboard sb;
  sb.add(Seq(50), Seq(150), Seq(100), Seq(1000));    // starts below snd_una (a D-SACK)
  sb.add(Seq(900), Seq(1100), Seq(100), Seq(1000));  // beyond what was sent
  sb.add(Seq(300), Seq(200), Seq(100), Seq(1000));   // inverted
  EXPECT_TRUE(sb.empty());
  sb.add(Seq(200), Seq(300), Seq(100), Seq(1000));
  sb.add(Seq(500), Seq(600), Seq(100), Seq(1000));
  EXPECT_EQ(sb.sacked_in(Seq(100), Seq(1000)), 200u);
  EXPECT_EQ(sb.next_hole(Seq(100), Seq(1000))->right, Seq(200));
  EXPECT_EQ(sb.next_hole(Seq(250), Seq(1000))->left, Seq(300));
  // pipe: nothing lost yet (200 bytes SACKed), so every unSACKed byte in flight counts.
  EXPECT_EQ(sb.pipe(Seq(100), Seq(1000), Seq(100), 1000), 700u);
  sb.advance(Seq(300));
  ASSERT_EQ(sb.blocks().size(), 1u);
  EXPECT_EQ(sb.blocks()[0].left, Seq(500));
}

}  // namespace
}  // namespace ws::tcp::test
