// The layer around the connections: memory per connection, ss output, ephemeral ports, ICMP
// errors, readiness callbacks, and the small parts (ring buffer, assembler, RTO estimator).
#include "tcp_harness.h"
#include "wirestack/transport/tcp/assembler.h"
#include "wirestack/transport/tcp/ring_buffer.h"
#include "wirestack/transport/tcp/rtt_estimator.h"
#include "wirestack/wire/icmp.h"

namespace ws::tcp::test {
namespace {

using namespace tcp_flag;
using TcpLayer = TcpTest;

TEST(TcpMemory, AnIdleConnectionNeedsLessThanOneKibOfStateExcludingBuffers) {
  // Buffers are allocated on first use and not counted here.
  std::printf("sizeof(Connection) = %zu bytes\n", sizeof(Connection));
  EXPECT_LT(sizeof(Connection), 1024u);
}

TEST_F(TcpLayer, SsPrintsStateQueuesAddressesAndInternals) {
  SocketId s = establish_passive(Seq(1000));
  inject(seg(kAck, Seq(1001), local_iss_ + 1), std::string("abc"));
  send_text(s, "hello");
  const std::string ss = layer_.format_ss();
  EXPECT_NE(ss.find("LISTEN     0      8      0.0.0.0:80"), std::string::npos) << ss;
  EXPECT_NE(ss.find("ESTAB      3      5      192.168.1.10:80       203.0.113.10:40000"),
            std::string::npos)
      << ss;
  EXPECT_NE(ss.find("mss:536 rcvmss:1460 cwnd:10"), std::string::npos) << ss;
  EXPECT_NE(ss.find("bytes_received:3"), std::string::npos) << ss;
}

TEST_F(TcpLayer, EphemeralPortsDifferPerConnectionToTheSamePeer) {
  auto a = layer_.connect(now_, kRemote, 80);
  auto b = layer_.connect(now_, kRemote, 80);
  ASSERT_TRUE(a.ok() && b.ok());
  const std::uint16_t pa = next().repr.src_port;
  const std::uint16_t pb = next().repr.src_port;
  EXPECT_NE(pa, pb);
  EXPECT_GE(pa, Layer::kEphemeralFirst);
  EXPECT_GE(pb, Layer::kEphemeralFirst);
}

TEST_F(TcpLayer, SameSeedSameIsnAndPort) {
  Rng other_rng(42);
  RecordingIp other_ip;
  Layer other(other_ip, other_rng, plain_config(), "other");
  ASSERT_TRUE(layer_.connect(now_, kRemote, 80).ok());
  ASSERT_TRUE(other.connect(now_, kRemote, 80).ok());
  EXPECT_EQ(next().repr.to_string(0), other_ip.sent.front().repr.to_string(0));
}

TEST_F(TcpLayer, PortUnreachableWhileConnectingRefusesTheConnection) {
  auto c = layer_.connect(now_, kRemote, kRemotePort);
  Sent syn = next();
  std::vector<std::uint8_t> quote(28);
  quote[0] = 0x45;
  quote[9] = ip_proto::kTcp;
  kLocal.write(quote.data() + 12);
  kRemote.write(quote.data() + 16);
  store_be16(quote.data() + 20, syn.repr.src_port);
  store_be16(quote.data() + 22, kRemotePort);
  store_be32(quote.data() + 24, syn.repr.seq.raw());
  IcmpError error;
  error.from = kRemote;
  error.type = icmp_type::kDestUnreachable;
  error.code = icmp_unreach::kPort;
  error.quoted = *QuotedDatagram::parse(quote);
  layer_.on_icmp_error(now_, error);
  EXPECT_EQ(layer_.error(*c), Error::kConnectionRefused);
  // A quote with a sequence number not in flight is ignored (RFC 5927).
  auto d = layer_.connect(now_, kRemote, kRemotePort);
  Sent syn2 = next();
  store_be16(quote.data() + 20, syn2.repr.src_port);
  store_be32(quote.data() + 24, syn2.repr.seq.raw() + 1000);
  error.quoted = *QuotedDatagram::parse(quote);
  layer_.on_icmp_error(now_, error);
  EXPECT_EQ(layer_.state(*d), State::kSynSent);
}

TEST_F(TcpLayer, ReadinessCallbackReportsNewDataAndAcceptableConnections) {
  std::vector<SocketId> ready;
  layer_.add_ready_callback([&](SocketId id) { ready.push_back(id); });
  SocketId s = establish_passive(Seq(1000));
  ASSERT_FALSE(ready.empty());
  EXPECT_EQ(ready.front(), listener_);
  ready.clear();
  inject(seg(kAck, Seq(1001), local_iss_ + 1), std::string("x"));
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready.front(), s);
}

TEST_F(TcpLayer, ReadinessCallbackReportsTheNextConnectionOnceTheAcceptQueueWasEmptied) {
  std::vector<SocketId> ready;
  layer_.add_ready_callback([&](SocketId id) { ready.push_back(id); });
  establish_passive(Seq(1000));  // accepts: the queue is empty again
  ready.clear();
  remote_port_ = static_cast<std::uint16_t>(remote_port_ + 1);
  inject(seg(kSyn, Seq(7000)));
  const Seq iss = next().repr.seq;
  inject(seg(kAck, Seq(7001), iss + 1));
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready.front(), listener_);
}

TEST_F(TcpLayer, EveryReadinessCallbackHearsOfEachChangeUntilRemoved) {
  std::vector<SocketId> first, second;
  layer_.add_ready_callback([&](SocketId id) { first.push_back(id); });
  const std::uint32_t handle =
      layer_.add_ready_callback([&](SocketId id) { second.push_back(id); });
  SocketId s = establish_passive(Seq(1000));
  EXPECT_EQ(first, second);
  EXPECT_FALSE(first.empty());
  layer_.remove_ready_callback(handle);
  first.clear();
  second.clear();
  inject(seg(kAck, Seq(1001), local_iss_ + 1), std::string("x"));
  EXPECT_EQ(first, std::vector<SocketId>{s});
  EXPECT_TRUE(second.empty());
}

TEST_F(TcpLayer, BadChecksumIsCountedAndDropped) {
  establish_passive(Seq(1000));
  TcpRepr r = seg(kAck, Seq(1001), local_iss_ + 1);
  std::vector<std::uint8_t> bytes(r.header_len() + 1, 'x');
  r.emit(bytes, kRemote, kLocal);
  bytes.back() ^= 1;
  Ipv4Repr ip;
  ip.src = kRemote;
  ip.dst = kLocal;
  ip.protocol = ip_proto::kTcp;
  layer_.on_datagram(now_, ip, bytes, 1);
  EXPECT_EQ(layer_.counters().in_csum_errors, 1u);
  EXPECT_EQ(layer_.counters().drops.get(DropReason::kTcpBadChecksum), 1u);
}

TEST(TcpRingBuffer, WrapsAroundAndHoldsOutOfOrderBytesBeyondTheEnd) {
  RingBuffer ring(8);
  const std::uint8_t abc[] = {'a', 'b', 'c', 'd', 'e', 'f'};
  EXPECT_EQ(ring.write(abc), 6u);
  std::uint8_t out[8];
  EXPECT_EQ(ring.read(MutableBytes(out, 4)), 4u);
  EXPECT_EQ(ring.write_beyond(2, Bytes(abc, 3)), 3u);  // lands at positions 8..10 (wrapped)
  EXPECT_EQ(ring.write(Bytes(abc + 3, 2)), 2u);
  ring.commit(3);
  EXPECT_EQ(ring.size(), 7u);
  EXPECT_EQ(ring.read(out), 7u);
  EXPECT_EQ(std::string(out, out + 7), "efdeabc");
  EXPECT_EQ(ring.write_beyond(8, Bytes(abc, 1)), 0u);  // no room there
}

TEST(TcpRingBuffer, ReleasedStorageGoesBackToThePoolAndIsReused) {
  BufferPool pool(16);  // room for two idle 8-byte blocks
  RingBuffer a(8, &pool), b(8, &pool), c(8, &pool);
  const std::uint8_t x[] = {'x'};
  for (RingBuffer* r : {&a, &b, &c}) ASSERT_EQ(r->write(x), 1u);
  std::uint8_t out[1];
  for (RingBuffer* r : {&a, &b, &c}) {
    ASSERT_EQ(r->read(out), 1u);
    r->release();
  }
  EXPECT_EQ(pool.idle_bytes(), 16u);  // the third block was freed: the pool is bounded
  RingBuffer d(8, &pool);
  ASSERT_EQ(d.write(x), 1u);  // storage again, from the pool
  EXPECT_EQ(pool.idle_bytes(), 8u);
  EXPECT_EQ(d.read(out), 1u);
  EXPECT_EQ(out[0], 'x');
}

TEST(TcpAssembler, MergesTouchingAndOverlappingRangesAndBoundsTheirNumber) {
  Assembler a;
  EXPECT_TRUE(a.add(Seq(10), Seq(20)));
  EXPECT_TRUE(a.add(Seq(30), Seq(40)));
  EXPECT_TRUE(a.add(Seq(20), Seq(30)));
  EXPECT_EQ(a.count(), 1u);
  EXPECT_EQ(a.take_front(Seq(5)), std::nullopt);
  EXPECT_EQ(a.take_front(Seq(10)), Seq(40));
  for (std::uint32_t i = 0; i < Assembler::kMaxRanges; ++i) {
    EXPECT_TRUE(a.add(Seq(100 + 10 * i), Seq(105 + 10 * i)));
  }
  EXPECT_FALSE(a.add(Seq(1000), Seq(1001)));
  EXPECT_TRUE(a.add(Seq(100), Seq(200)));  // swallows them all
  EXPECT_EQ(a.count(), 1u);
}

TEST(TcpAssembler, WorksAcrossTheSequenceNumberWrap) {
  Assembler a;
  EXPECT_TRUE(a.add(Seq(0xfffffff0u), Seq(0x10)));
  EXPECT_EQ(a.take_front(Seq(0xfffffff0u)), Seq(0x10));
}

TEST(TcpRttEstimator, FollowsRfc6298) {
  RttEstimator r(Duration::seconds(1), Duration::millis(200), Duration::seconds(60));
  EXPECT_EQ(r.rto(), Duration::seconds(1));
  r.sample(Duration::millis(100));
  EXPECT_EQ(r.srtt(), Duration::millis(100));
  EXPECT_EQ(r.rttvar(), Duration::millis(50));
  EXPECT_EQ(r.rto(), Duration::millis(300));
  r.back_off();
  EXPECT_EQ(r.rto(), Duration::millis(600));
  r.sample(Duration::millis(100));
  EXPECT_EQ(r.rto(), Duration::millis(100) + Duration::micros(37500) * 4);
}

}  // namespace
}  // namespace ws::tcp::test
