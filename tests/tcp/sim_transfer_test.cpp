// Two hosts over a simulated link with faults in both directions: a bulk transfer arrives
// byte for byte (hashes compared), and both ends reach CLOSED.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"
#include "wirestack/link/fault_injector.h"
#include "wirestack/sim/host_node.h"
#include "wirestack/sim/simulation.h"
#include "wirestack/transport/tcp/tcp_layer.h"

namespace ws::tcp {
namespace {

constexpr Ipv4Address kClientIp = Ipv4Address::of(192, 168, 1, 10);
constexpr Ipv4Address kServerIp = Ipv4Address::of(192, 168, 1, 20);
constexpr std::uint16_t kPort = 5001;

// FNV-1a over the stream, fed in pieces.
struct StreamHash {
  std::uint64_t h = 0xcbf29ce484222325ull;
  std::uint64_t bytes = 0;
  void add(Bytes data) {
    for (auto b : data) h = (h ^ b) * 0x100000001b3ull;
    bytes += data.size();
  }
};

// A sender application: writes `total` pseudo-random bytes, then closes.
struct Sender {
  Layer& tcp;
  SocketId socket;
  std::uint64_t total;
  Rng data_rng;
  StreamHash hash;
  std::vector<std::uint8_t> pending;
  bool closed = false;

  void poll(Instant now) {
    if (closed) return;
    while (hash.bytes + pending.size() < total || !pending.empty()) {
      if (pending.empty()) {
        const std::uint64_t n = std::min<std::uint64_t>(8192, total - hash.bytes);
        pending.resize(n);
        for (auto& b : pending) b = static_cast<std::uint8_t>(data_rng.next_u32());
      }
      auto sent = tcp.send(now, socket, pending);
      if (!sent.ok()) break;
      hash.add(Bytes(pending).first(*sent));
      pending.erase(pending.begin(), pending.begin() + static_cast<long>(*sent));
    }
    if (hash.bytes == total && pending.empty()) {
      closed = tcp.close(now, socket).ok();
    }
  }
  std::optional<Instant> poll_at() const { return std::nullopt; }
};

// A receiver application: accepts one connection, reads to end of stream, then closes.
struct Receiver {
  Layer& tcp;
  SocketId listener;
  std::optional<SocketId> socket;
  StreamHash hash;
  bool eof = false;
  std::vector<std::uint8_t> buf = std::vector<std::uint8_t>(16384);

  void poll(Instant now) {
    if (!socket) {
      auto s = tcp.accept(listener);
      if (!s.ok()) return;
      socket = *s;
    }
    while (!eof) {
      auto r = tcp.recv(now, *socket, buf);
      if (!r.ok()) break;
      if (*r == 0) {
        eof = true;
        (void)tcp.close(now, *socket);
        break;
      }
      hash.add(Bytes(buf).first(*r));
    }
  }
  std::optional<Instant> poll_at() const { return std::nullopt; }
};

struct Result {
  StreamHash sent, received;
  bool eof;
  std::size_t client_conns, server_conns;
  LayerCounters client_counters;
};

Result transfer(std::uint64_t seed, std::uint64_t bytes, const FaultConfig& faults,
                CongestionControl cc = CongestionControl::kNewReno) {
  Rng rng(seed);
  sim::Simulation sim;
  sim::LinkConfig link_config;
  link_config.latency = Duration::millis(5);
  link_config.bits_per_second = 100'000'000;
  sim::Link& link = sim.add_link("wire", link_config);
  FaultInjector fault_a(link.a(), faults, rng.fork());
  FaultInjector fault_b(link.b(), faults, rng.fork());

  Host client("client", rng);
  Host server("server", rng);
  client.add_interface({"eth0", MacAddress({2, 0, 0, 0, 0, 1}), Ipv4Cidr(kClientIp, 24), {}},
                       fault_a);
  server.add_interface({"eth0", MacAddress({2, 0, 0, 0, 0, 2}), Ipv4Cidr(kServerIp, 24), {}},
                       fault_b);
  Config config;
  config.msl = Duration::seconds(2);
  config.congestion = cc;
  Layer client_tcp(client, rng, config);
  Layer server_tcp(server, rng, config);

  sim::HostNode client_node(client);
  sim::HostNode server_node(server);
  sim.add_node(client_node);
  sim.add_node(server_node);
  sim.attach(client_node, link.a());
  sim.attach(server_node, link.b());

  auto listener = server_tcp.listen(kPort, 16);
  auto socket = client_tcp.connect(sim.now(), kServerIp, kPort);
  EXPECT_TRUE(listener.ok() && socket.ok());
  Sender sender{client_tcp, *socket, bytes, Rng(seed * 7 + 1), {}, {}, false};
  Receiver receiver{server_tcp, *listener, std::nullopt, {}, false};
  client_node.add_app(client_tcp);
  client_node.add_app(sender);
  server_node.add_app(server_tcp);
  server_node.add_app(receiver);

  sim.run_while(
      [&] {
        return !(receiver.eof && client_tcp.connection_count() == 0 &&
                 server_tcp.connection_count() == 0);
      },
      Instant::epoch() + Duration::seconds(600));
  return Result{sender.hash,
                receiver.hash,
                receiver.eof,
                client_tcp.connection_count(),
                server_tcp.connection_count(),
                client_tcp.counters()};
}

TEST(TcpSimTransfer, CleanLinkDeliversEveryByteAndBothEndsClose) {
  Result r = transfer(1, 1'000'000, FaultConfig{});
  EXPECT_TRUE(r.eof);
  EXPECT_EQ(r.received.bytes, 1'000'000u);
  EXPECT_EQ(r.received.h, r.sent.h);
  EXPECT_EQ(r.client_conns, 0u);
  EXPECT_EQ(r.server_conns, 0u);
  EXPECT_EQ(r.client_counters.retrans_segs, 0u);
}

TEST(TcpSimTransfer, LossReorderDuplicationAndCorruptionStillDeliverTheSameBytes) {
  FaultConfig faults;
  faults.loss = 0.05;
  faults.reorder = 0.05;
  faults.duplicate = 0.01;
  faults.corrupt = 0.01;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    Result r = transfer(seed, 2'000'000, faults);
    EXPECT_TRUE(r.eof) << "seed " << seed;
    EXPECT_EQ(r.received.bytes, 2'000'000u) << "seed " << seed;
    EXPECT_EQ(r.received.h, r.sent.h) << "seed " << seed;
    EXPECT_EQ(r.client_conns, 0u) << "seed " << seed;
    EXPECT_EQ(r.server_conns, 0u) << "seed " << seed;
    EXPECT_GT(r.client_counters.retrans_segs, 0u);
  }
}

TEST(TcpSimTransfer, CubicUnderFaultsDeliversTheSameBytes) {
  FaultConfig faults;
  faults.loss = 0.05;
  faults.reorder = 0.05;
  faults.duplicate = 0.01;
  faults.corrupt = 0.01;
  Result r = transfer(4, 2'000'000, faults, CongestionControl::kCubic);
  EXPECT_TRUE(r.eof);
  EXPECT_EQ(r.received.h, r.sent.h);
  EXPECT_EQ(r.received.bytes, 2'000'000u);
  EXPECT_EQ(r.client_conns + r.server_conns, 0u);
}

TEST(TcpSimTransfer, SameSeedSameRun) {
  FaultConfig faults;
  faults.loss = 0.05;
  Result a = transfer(9, 300'000, faults);
  Result b = transfer(9, 300'000, faults);
  EXPECT_EQ(a.client_counters.out_segs, b.client_counters.out_segs);
  EXPECT_EQ(a.client_counters.retrans_segs, b.client_counters.retrans_segs);
}

}  // namespace
}  // namespace ws::tcp
