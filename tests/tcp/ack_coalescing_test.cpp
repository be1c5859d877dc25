// Config::coalesce_acks: the ACKs owed for a burst of in-order segments, and the window update
// after the application read them, become one ACK at the end of the host's poll; duplicate
// ACKs for out-of-order data still go at once (the sender's loss detection counts them).
#include "tcp_harness.h"

namespace ws::tcp::test {
namespace {

using namespace tcp_flag;

Config coalescing_config() {
  Config c = plain_config();
  c.coalesce_acks = true;
  return c;
}

class TcpAckCoalescing : public TcpTest {
 protected:
  TcpAckCoalescing() : TcpTest(coalescing_config()) {}
};

TEST_F(TcpAckCoalescing, ABurstOfSegmentsIsAckedOnceWhenThePollEnds) {
  establish_passive(Seq(1000));
  const Seq end = inject_full_segments(Seq(1001), 6);
  expect_nothing();  // without coalescing: three ACKs by now, one per two full segments
  layer_.end_poll(now_);
  expect(out(kAck, local_iss_ + 1, end, 65535 - 6 * 1460));
  layer_.end_poll(now_);
  expect_nothing();
}

TEST_F(TcpAckCoalescing, TheOneAckCarriesTheWindowTheApplicationReopened) {
  SocketId s = establish_passive(Seq(1000));
  const Seq seq = inject_full_segments(Seq(1001), 44);  // 64240 bytes: the window nearly closes
  EXPECT_EQ(recv_text(s, 70000).size(), 64240u);        // the application reads in the same poll
  expect_nothing();
  layer_.end_poll(now_);
  expect(out(kAck, local_iss_ + 1, seq, 65535));
  expect_nothing();
}

TEST_F(TcpAckCoalescing, OutOfOrderDataIsStillAckedAtOnce) {
  establish_passive(Seq(1000));
  inject(seg(kAck, Seq(1006), local_iss_ + 1), std::string("world"));
  expect(out(kAck, local_iss_ + 1, Seq(1001)));
  inject(seg(kAck, Seq(1011), local_iss_ + 1), std::string("again"));
  expect(out(kAck, local_iss_ + 1, Seq(1001)));
}

TEST_F(TcpAckCoalescing, AnAckSentMeanwhileSettlesWhatWasOwed) {
  SocketId s = establish_passive(Seq(1000));
  const Seq end = inject_full_segments(Seq(1001), 6);
  send_text(s, "reply");  // our data segment acknowledges everything received so far
  expect(out(kAck | kPsh, local_iss_ + 1, end, 65535 - 6 * 1460), 5);
  layer_.end_poll(now_);
  expect_nothing();
}

TEST_F(TcpAckCoalescing, AConnectionGoneBeforeThePollEndsIsSkipped) {
  SocketId s = establish_passive(Seq(1000));
  const Seq end = inject_full_segments(Seq(1001), 6);
  inject(seg(kRst, end));
  EXPECT_EQ(layer_.error(s), Error::kConnectionReset);
  layer_.end_poll(now_);
  expect_nothing();
}

}  // namespace
}  // namespace ws::tcp::test
