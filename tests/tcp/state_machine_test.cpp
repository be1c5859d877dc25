// Every state transition of RFC 9293 §3.3.2, as segment scripts.
#include "tcp_harness.h"

namespace ws::tcp::test {
namespace {

using namespace tcp_flag;
using TcpStates = TcpTest;

TEST_F(TcpStates, ActiveOpenSendsSynWithMssAndEntersSynSent) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  ASSERT_TRUE(c.ok());
  Sent syn = next();
  local_port_ = syn.repr.src_port;
  EXPECT_GE(local_port_, Layer::kEphemeralFirst);
  TcpRepr want = out(kSyn, syn.repr.seq, Seq(0));
  want.options.mss = 1460;
  EXPECT_EQ(syn.repr.to_string(0), want.to_string(0));
  EXPECT_EQ(layer_.state(*c), State::kSynSent);
  EXPECT_EQ(events_.states, (std::vector<std::string>{"CLOSED -> SYN-SENT"}));
}

TEST_F(TcpStates, SynAckCompletesActiveOpenWithAnAck) {
  SocketId c = establish_active(Seq(5000));
  EXPECT_EQ(layer_.state(c), State::kEstablished);
  EXPECT_TRUE(layer_.writable(c));
  EXPECT_EQ(events_.states.back(), "SYN-SENT -> ESTABLISHED");
}

TEST_F(TcpStates, SynAckAckingTheWrongSequenceGetsRstAndStaysSynSent) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  Sent syn = next();
  local_port_ = syn.repr.src_port;
  inject(seg(kSyn | kAck, Seq(5000), syn.repr.seq + 7));
  expect(out(kRst, syn.repr.seq + 7, Seq(0), 0));
  EXPECT_EQ(layer_.state(*c), State::kSynSent);
}

TEST_F(TcpStates, RstAnsweringOurSynRefusesTheConnection) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  Sent syn = next();
  local_port_ = syn.repr.src_port;
  inject(seg(kRst | kAck, Seq(0), syn.repr.seq + 1, 0));
  EXPECT_EQ(layer_.state(*c), State::kClosed);
  EXPECT_EQ(layer_.error(*c), Error::kConnectionRefused);
  std::uint8_t b[1];
  auto r = layer_.recv(now_, *c, b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), Error::kConnectionRefused);
}

TEST_F(TcpStates, RstWithoutAckInSynSentIsIgnored) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  Sent syn = next();
  local_port_ = syn.repr.src_port;
  inject(seg(kRst, Seq(0)));
  EXPECT_EQ(layer_.state(*c), State::kSynSent);
}

TEST_F(TcpStates, SimultaneousOpenGoesThroughSynReceived) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  Sent syn = next();
  local_port_ = syn.repr.src_port;
  const Seq iss = syn.repr.seq;
  inject(seg(kSyn, Seq(5000)));
  TcpRepr synack = out(kSyn | kAck, iss, Seq(5001));
  synack.options.mss = 1460;
  expect(synack);
  EXPECT_EQ(layer_.state(*c), State::kSynReceived);
  // Their SYN-ACK (their SYN again, with the ACK of ours) completes our side.
  inject(seg(kSyn | kAck, Seq(5000), iss + 1));
  EXPECT_EQ(layer_.state(*c), State::kEstablished);
  expect_nothing();
}

TEST_F(TcpStates, PassiveOpenAnswersSynWithSynAckAndQueuesForAccept) {
  auto l = layer_.listen(kLocalPort, 4);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(layer_.accept(*l).error(), Error::kWouldBlock);
  inject(seg(kSyn, Seq(1000)));
  Sent synack = next();
  TcpRepr want = out(kSyn | kAck, synack.repr.seq, Seq(1001));
  want.options.mss = 1460;
  EXPECT_EQ(synack.repr.to_string(0), want.to_string(0));
  EXPECT_EQ(layer_.accept(*l).error(), Error::kWouldBlock);  // still SYN-RECEIVED
  inject(seg(kAck, Seq(1001), synack.repr.seq + 1));
  EXPECT_TRUE(layer_.readable(*l));
  auto s = layer_.accept(*l);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(layer_.state(*s), State::kEstablished);
  EXPECT_EQ(events_.states,
            (std::vector<std::string>{"CLOSED -> SYN-RECEIVED", "SYN-RECEIVED -> ESTABLISHED"}));
}

TEST_F(TcpStates, RetransmittedSynInSynReceivedResendsTheSynAck) {
  ASSERT_TRUE(layer_.listen(kLocalPort, 4).ok());
  inject(seg(kSyn, Seq(1000)));
  Sent first = next();
  inject(seg(kSyn, Seq(1000)));
  Sent again = next();
  EXPECT_EQ(again.repr.to_string(0), first.repr.to_string(0));
}

TEST_F(TcpStates, BadAckInSynReceivedGetsRst) {
  ASSERT_TRUE(layer_.listen(kLocalPort, 4).ok());
  inject(seg(kSyn, Seq(1000)));
  Sent synack = next();
  inject(seg(kAck, Seq(1001), synack.repr.seq + 50));
  expect(out(kRst, synack.repr.seq + 50, Seq(0), 0));
}

TEST_F(TcpStates, RstInSynReceivedDropsTheEmbryonicConnection) {
  ASSERT_TRUE(layer_.listen(kLocalPort, 4).ok());
  inject(seg(kSyn, Seq(1000)));
  next();
  EXPECT_EQ(layer_.connection_count(), 1u);
  inject(seg(kRst, Seq(1001)));
  EXPECT_EQ(layer_.connection_count(), 0u);
}

TEST_F(TcpStates, SegmentToClosedPortWithAckGetsRstAtItsAck) {
  inject(seg(kAck, Seq(1000), Seq(777)));
  expect(out(kRst, Seq(777), Seq(0), 0));
  EXPECT_EQ(layer_.counters().drops.get(DropReason::kTcpNoSocket), 1u);
}

TEST_F(TcpStates, SynToClosedPortGetsRstAckCoveringIt) {
  inject(seg(kSyn, Seq(1000)), std::string("hello"));
  expect(out(kRst | kAck, Seq(0), Seq(1006), 0));
}

TEST_F(TcpStates, RstToClosedPortIsNotAnswered) {
  inject(seg(kRst, Seq(1000)));
  expect_nothing();
}

TEST_F(TcpStates, ActiveCloseGoesFinWait1FinWait2TimeWaitThenClosedAfterTwoMsl) {
  SocketId s = establish_passive(Seq(1000));
  ASSERT_TRUE(layer_.close(now_, s).ok());
  expect(out(kFin | kAck, local_iss_ + 1, Seq(1001)));
  EXPECT_EQ(layer_.state(s), std::nullopt);  // released: the id is gone for the user
  inject(seg(kAck, Seq(1001), local_iss_ + 2));
  inject(seg(kFin | kAck, Seq(1001), local_iss_ + 2));
  // The FIN's sequence number does not move the window's right edge (receiver SWS).
  expect(out(kAck, local_iss_ + 2, Seq(1002), 65534));
  EXPECT_EQ(layer_.connection_count(), 1u);
  advance(Duration::millis(1999));
  EXPECT_EQ(layer_.connection_count(), 1u);
  advance(Duration::millis(1));
  EXPECT_EQ(layer_.connection_count(), 0u);
  EXPECT_EQ(events_.states,
            (std::vector<std::string>{"CLOSED -> SYN-RECEIVED", "SYN-RECEIVED -> ESTABLISHED",
                                      "ESTABLISHED -> FIN-WAIT-1", "FIN-WAIT-1 -> FIN-WAIT-2",
                                      "FIN-WAIT-2 -> TIME-WAIT", "TIME-WAIT -> CLOSED"}));
}

TEST_F(TcpStates, FinAndAckTogetherInFinWait1GoStraightToTimeWait) {
  SocketId s = establish_passive(Seq(1000));
  ASSERT_TRUE(layer_.shutdown(now_, s).ok());
  expect(out(kFin | kAck, local_iss_ + 1, Seq(1001)));
  inject(seg(kFin | kAck, Seq(1001), local_iss_ + 2));
  expect(out(kAck, local_iss_ + 2, Seq(1002), 65534));
  EXPECT_EQ(layer_.state(s), State::kTimeWait);
}

TEST_F(TcpStates, SimultaneousCloseGoesThroughClosing) {
  SocketId s = establish_passive(Seq(1000));
  ASSERT_TRUE(layer_.shutdown(now_, s).ok());
  expect(out(kFin | kAck, local_iss_ + 1, Seq(1001)));
  inject(seg(kFin | kAck, Seq(1001), local_iss_ + 1));  // their FIN crossed ours
  expect(out(kAck, local_iss_ + 2, Seq(1002), 65534));
  EXPECT_EQ(layer_.state(s), State::kClosing);
  inject(seg(kAck, Seq(1002), local_iss_ + 2));
  EXPECT_EQ(layer_.state(s), State::kTimeWait);
}

TEST_F(TcpStates, PassiveCloseGoesCloseWaitLastAckClosed) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kFin | kAck, Seq(1001), local_iss_ + 1));
  expect(out(kAck, local_iss_ + 1, Seq(1002), 65534));
  EXPECT_EQ(layer_.state(s), State::kCloseWait);
  EXPECT_TRUE(layer_.readable(s));
  std::uint8_t b[4];
  auto r = layer_.recv(now_, s, b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0u);                      // end of stream
  EXPECT_TRUE(send_text(s, "bye") == 3);  // half-close: we may still send
  expect(out(kAck | kPsh, local_iss_ + 1, Seq(1002), 65534), 3);
  ASSERT_TRUE(layer_.close(now_, s).ok());
  expect(out(kFin | kAck, local_iss_ + 4, Seq(1002), 65534));
  EXPECT_EQ(layer_.connection_count(), 1u);
  inject(seg(kAck, Seq(1002), local_iss_ + 5));
  EXPECT_EQ(layer_.connection_count(), 0u);
  EXPECT_EQ(events_.states.back(), "LAST-ACK -> CLOSED");
}

TEST_F(TcpStates, HalfClosedPeerStillReceivesOurData) {
  SocketId s = establish_passive(Seq(1000));
  ASSERT_TRUE(layer_.shutdown(now_, s).ok());
  expect(out(kFin | kAck, local_iss_ + 1, Seq(1001)));
  inject(seg(kAck, Seq(1001), local_iss_ + 2));
  EXPECT_EQ(layer_.state(s), State::kFinWait2);
  inject(seg(kAck | kPsh, Seq(1001), local_iss_ + 2), std::string("still talking"));
  EXPECT_EQ(recv_text(s), "still talking");
  EXPECT_EQ(layer_.send(now_, s, Bytes()).error(), Error::kBrokenPipe);
}

TEST_F(TcpStates, RstInEstablishedResetsTheConnection) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kRst, Seq(1001)));
  EXPECT_EQ(layer_.state(s), State::kClosed);
  EXPECT_EQ(layer_.error(s), Error::kConnectionReset);
  EXPECT_EQ(layer_.send(now_, s, Bytes()).error(), Error::kConnectionReset);
  EXPECT_EQ(layer_.counters().estab_resets, 1u);
}

TEST_F(TcpStates, RstInLastAckClosesQuietly) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kFin | kAck, Seq(1001), local_iss_ + 1));
  next();
  ASSERT_TRUE(layer_.close(now_, s).ok());
  next();
  inject(seg(kRst, Seq(1002)));
  EXPECT_EQ(layer_.connection_count(), 0u);
}

TEST_F(TcpStates, AbortSendsRstAndCloses) {
  SocketId s = establish_passive(Seq(1000));
  ASSERT_TRUE(layer_.abort(now_, s).ok());
  expect(out(kRst | kAck, local_iss_ + 1, Seq(1001), 0));
  EXPECT_EQ(layer_.connection_count(), 0u);
}

TEST_F(TcpStates, CloseWithUnreadDataSendsRst) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kAck | kPsh, Seq(1001), local_iss_ + 1), std::string("unread"));
  ASSERT_TRUE(layer_.close(now_, s).ok());
  expect(out(kRst | kAck, local_iss_ + 1, Seq(1007), 0));
}

TEST_F(TcpStates, CloseInSynSentDeletesTheConnection) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  next();
  ASSERT_TRUE(layer_.close(now_, *c).ok());
  expect_nothing();
  EXPECT_EQ(layer_.connection_count(), 0u);
}

TEST_F(TcpStates, ClosingAListenerResetsItsQueuedConnections) {
  auto l = layer_.listen(kLocalPort, 4);
  ASSERT_TRUE(l.ok());
  inject(seg(kSyn, Seq(1000)));
  Sent synack = next();
  inject(seg(kAck, Seq(1001), synack.repr.seq + 1));
  ASSERT_TRUE(layer_.close(now_, *l).ok());
  expect(out(kRst | kAck, synack.repr.seq + 1, Seq(1001), 0));
  EXPECT_EQ(layer_.connection_count(), 0u);
  inject(seg(kSyn, Seq(3000)));
  expect(out(kRst | kAck, Seq(0), Seq(3001), 0));
}

TEST_F(TcpStates, ListenBacklogBoundsTheSynQueueWithoutSynCookies) {
  Config c = plain_config();
  c.syn_cookies = false;
  ASSERT_TRUE(layer_.listen(kLocalPort, 2, c).ok());
  for (std::uint16_t p = 1; p <= 3; ++p) {
    remote_port_ = static_cast<std::uint16_t>(kRemotePort + p);
    inject(seg(kSyn, Seq(1000)));
  }
  EXPECT_EQ(ip_.sent.size(), 2u);
  EXPECT_EQ(layer_.counters().listen_overflows, 1u);
  EXPECT_EQ(layer_.connection_count(), 2u);
}

TEST_F(TcpStates, ListeningTwiceOnAPortIsAddressInUse) {
  ASSERT_TRUE(layer_.listen(kLocalPort, 2).ok());
  EXPECT_EQ(layer_.listen(kLocalPort, 2).error(), Error::kAddressInUse);
}

TEST_F(TcpStates, StaleSocketIdsAreInvalid) {
  SocketId s = establish_passive(Seq(1000));
  ASSERT_TRUE(layer_.abort(now_, s).ok());
  EXPECT_EQ(layer_.send(now_, s, Bytes()).error(), Error::kInvalidSocket);
  EXPECT_EQ(layer_.close(now_, s).error(), Error::kInvalidSocket);
}

}  // namespace
}  // namespace ws::tcp::test
