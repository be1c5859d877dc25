// TCP between two wirestack hosts in the simulator, on one core, wall clock: bulk throughput,
// connections per second (connect + 100-byte request + 1 KB response + close), and the heap
// the stack uses (every operator new in this binary is counted).
//
// The link is not the bottleneck: no serialisation delay (infinite bandwidth) and 5 µs of
// latency, so the figures measure the two stacks and the simulator's event loop.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"
#include "wirestack/sim/host_node.h"
#include "wirestack/sim/simulation.h"
#include "wirestack/transport/tcp/tcp_layer.h"

namespace {
// Relaxed atomics: the benchmark is single-threaded; atomics only keep the counter well defined.
std::atomic<std::uint64_t> g_allocations{0};
std::atomic<std::int64_t> g_live_bytes{0};
}  // namespace

namespace {
void* counted_allocate(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (!p) throw std::bad_alloc();
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_live_bytes.fetch_add(static_cast<std::int64_t>(malloc_usable_size(p)),
                         std::memory_order_relaxed);
  return p;
}
void counted_release(void* p) {
  if (!p) return;
  g_live_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(p)),
                         std::memory_order_relaxed);
  std::free(p);
}
}  // namespace

void* operator new(std::size_t n) {
  return counted_allocate(n);
}
void operator delete(void* p) noexcept {
  counted_release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  counted_release(p);
}

namespace ws::tcp {
namespace {

constexpr Ipv4Address kClientIp = Ipv4Address::of(10, 0, 0, 1);
constexpr Ipv4Address kServerIp = Ipv4Address::of(10, 0, 0, 2);
constexpr std::uint16_t kPort = 5001;
constexpr Instant kDeadline = Instant::from_nanos(INT64_MAX / 2);

// Ethernet payload `mtu`; MSS = mtu - 40 (the timestamps option is taken from it as Linux does).
Config config_for(std::size_t mtu) {
  Config c;
  c.mss = static_cast<std::uint16_t>(mtu - 40);
  return c;
}

// Two hosts on one link, each with a TCP layer run by its simulation node.
struct TwoHosts {
  explicit TwoHosts(std::size_t mtu, Config config)
      : link(sim.add_link(
            "wire",
            sim::LinkConfig{.latency = Duration::micros(5), .bits_per_second = 0, .mtu = mtu})),
        client("client", rng),
        server("server", rng) {
    client.add_interface({"eth0", MacAddress({2, 0, 0, 0, 0, 1}), Ipv4Cidr(kClientIp, 24), {}},
                         link.a());
    server.add_interface({"eth0", MacAddress({2, 0, 0, 0, 0, 2}), Ipv4Cidr(kServerIp, 24), {}},
                         link.b());
    client_tcp.emplace(client, rng, config);
    server_tcp.emplace(server, rng, config);
    sim.add_node(client_node);
    sim.add_node(server_node);
    sim.attach(client_node, link.a());
    sim.attach(server_node, link.b());
    client_node.add_app(*client_tcp);
    server_node.add_app(*server_tcp);
  }
  std::uint64_t frames() const { return link.a().stats().tx_frames + link.b().stats().tx_frames; }
  std::uint64_t segments() const {
    return client_tcp->counters().out_segs + server_tcp->counters().out_segs;
  }
  std::uint64_t retransmissions() const {
    return client_tcp->counters().retrans_segs + server_tcp->counters().retrans_segs;
  }

  Rng rng{1};
  sim::Simulation sim;
  sim::Link& link;
  Host client;
  Host server;
  std::optional<Layer> client_tcp;
  std::optional<Layer> server_tcp;
  sim::HostNode client_node{client};
  sim::HostNode server_node{server};
};

// --- Bulk ---------------------------------------------------------------------------------

// Writes from a constant buffer for ever.
struct BulkSender {
  Layer& tcp;
  SocketId socket;
  std::vector<std::uint8_t> data = std::vector<std::uint8_t>(64 * 1024, 0x5a);
  void poll(Instant now) {
    while (tcp.send(now, socket, data).ok()) {
    }
  }
  std::optional<Instant> poll_at() const { return std::nullopt; }
};

// Accepts one connection and reads everything, counting bytes.
struct BulkReceiver {
  Layer& tcp;
  SocketId listener;
  std::optional<SocketId> socket = std::nullopt;
  std::uint64_t received = 0;
  std::vector<std::uint8_t> buffer = std::vector<std::uint8_t>(64 * 1024);
  void poll(Instant now) {
    if (!socket) {
      auto s = tcp.accept(listener);
      if (!s.ok()) return;
      socket = *s;
    }
    for (;;) {
      auto n = tcp.recv(now, *socket, buffer);
      if (!n.ok() || *n == 0) break;
      received += *n;
    }
  }
  std::optional<Instant> poll_at() const { return std::nullopt; }
};

void BM_TcpBulk(benchmark::State& state) {
  const auto mtu = static_cast<std::size_t>(state.range(0));
  TwoHosts net(mtu, config_for(mtu));
  const SocketId listener = *net.server_tcp->listen(kPort, 16);
  BulkReceiver receiver{*net.server_tcp, listener};
  BulkSender sender{*net.client_tcp, *net.client_tcp->connect(net.sim.now(), kServerIp, kPort)};
  net.client_node.add_app(sender);
  net.server_node.add_app(receiver);

  constexpr std::uint64_t kChunk = 16 * 1024 * 1024;  // bytes per iteration
  auto transfer = [&](std::uint64_t bytes) {
    const std::uint64_t target = receiver.received + bytes;
    return net.sim.run_while([&] { return receiver.received < target; }, kDeadline) ==
           sim::RunStatus::kStopped;
  };
  // Warm-up: pools, heaps and buffers reach their steady size.
  if (!transfer(4 * kChunk)) return state.SkipWithError("the transfer stalled");

  const std::uint64_t bytes0 = receiver.received, frames0 = net.frames();
  const std::uint64_t segments0 = net.segments(), allocations0 = g_allocations.load();
  for (auto _ : state) {
    if (!transfer(kChunk)) return state.SkipWithError("the transfer stalled");
  }
  const auto allocations = static_cast<double>(g_allocations.load() - allocations0);
  const auto segments = static_cast<double>(net.segments() - segments0);

  using benchmark::Counter;
  state.counters["payload_Gbit"] =
      Counter(static_cast<double>(receiver.received - bytes0) * 8 / 1e9, Counter::kIsRate);
  state.counters["packets"] =
      Counter(static_cast<double>(net.frames() - frames0), Counter::kIsRate);
  state.counters["allocs/segment"] = allocations / std::max(segments, 1.0);
  state.counters["retransmissions"] = static_cast<double>(net.retransmissions());
}
BENCHMARK(BM_TcpBulk)
    ->ArgName("mtu")
    ->Arg(1500)
    ->Arg(9000)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// --- Connections --------------------------------------------------------------------------

constexpr std::size_t kRequest = 100;
constexpr std::size_t kResponse = 1024;

// Sockets the layer reported ready, served in the application's poll (not inside the
// callback, which runs in the middle of the layer's work).
class ReadyQueue {
 public:
  explicit ReadyQueue(Layer& tcp) {
    tcp.add_ready_callback([this](SocketId id) { ready_.push_back(id); });
  }
  // Serves until nothing is ready: serving may make more sockets ready.
  template <class Serve>
  void drain(Serve&& serve) {
    while (!ready_.empty()) {
      std::swap(ready_, work_);
      for (SocketId id : work_) serve(id);
      work_.clear();
    }
  }

 private:
  std::vector<SocketId> ready_, work_;
};

// Keeps `parallel` exchanges going: connect, send the request, read the response to its end,
// close, start over. Readiness callbacks say which sockets to look at.
class RequestClient {
 public:
  RequestClient(Layer& tcp, std::size_t parallel) : tcp_(tcp), ready_(tcp), parallel_(parallel) {}
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;

  void poll(Instant now) {
    while (open_ < parallel_) start(now);
    ready_.drain([&](SocketId id) { serve(now, id); });
  }
  std::optional<Instant> poll_at() const { return std::nullopt; }

 private:
  struct Exchange {
    SocketId id;
    bool open = false;
    bool sent = false;
    std::size_t received = 0;
  };
  void start(Instant now) {
    auto id = tcp_.connect(now, kServerIp, kPort);
    if (!id.ok()) {
      ++failed;
      return;
    }
    if (exchanges_.size() <= id->index) exchanges_.resize(id->index + 1);
    exchanges_[id->index] = Exchange{.id = *id, .open = true};
    ++open_;
  }
  void serve(Instant now, SocketId id) {
    if (id.index >= exchanges_.size()) return;
    Exchange& x = exchanges_[id.index];
    if (!x.open || !(x.id == id)) return;
    if (!x.sent && tcp_.writable(id)) {
      x.sent = tcp_.send(now, id, Bytes(request_)).ok();
    }
    for (;;) {
      auto n = tcp_.recv(now, id, buffer_);
      if (!n.ok()) {
        if (n.error() == Error::kWouldBlock) return;
        ++failed;
        break;
      }
      if (*n == 0) {
        if (x.received == kResponse) ++completed;
        break;
      }
      x.received += *n;
    }
    x.open = false;
    (void)tcp_.close(now, id);
    --open_;
  }

  Layer& tcp_;
  ReadyQueue ready_;
  std::size_t parallel_;
  std::size_t open_ = 0;
  std::vector<Exchange> exchanges_;  // by socket index
  std::vector<std::uint8_t> request_ = std::vector<std::uint8_t>(kRequest, 'q');
  std::vector<std::uint8_t> buffer_ = std::vector<std::uint8_t>(4096);
};

// Accepts connections; reads each request whole, answers, closes (HTTP/1.0 style: the server
// closes first, so TIME-WAIT is on the server side).
class ResponseServer {
 public:
  ResponseServer(Layer& tcp, SocketId listener) : tcp_(tcp), ready_(tcp), listener_(listener) {}
  void poll(Instant now) {
    ready_.drain([&](SocketId id) { serve(now, id); });
  }
  std::optional<Instant> poll_at() const { return std::nullopt; }

 private:
  void serve(Instant now, SocketId id) {
    if (id == listener_) {
      for (auto s = tcp_.accept(listener_); s.ok(); s = tcp_.accept(listener_)) {
        if (received_.size() <= s->index) received_.resize(s->index + 1);
        received_[s->index] = 0;
        serve(now, *s);  // its request may be there already
      }
      return;
    }
    if (id.index >= received_.size()) return;
    for (;;) {
      auto n = tcp_.recv(now, id, buffer_);
      if (!n.ok() || *n == 0) break;
      received_[id.index] += *n;
    }
    if (received_[id.index] == kRequest) {
      received_[id.index] = 0;
      (void)tcp_.send(now, id, Bytes(response_));
      (void)tcp_.close(now, id);
    }
  }

  Layer& tcp_;
  ReadyQueue ready_;
  SocketId listener_;
  std::vector<std::size_t> received_;  // request bytes, by socket index
  std::vector<std::uint8_t> response_ = std::vector<std::uint8_t>(kResponse, 'r');
  std::vector<std::uint8_t> buffer_ = std::vector<std::uint8_t>(4096);
};

void BM_TcpConnections(benchmark::State& state) {
  Config config = config_for(1500);
  // TIME-WAIT lasts 2 * MSL = 2 ms of simulated time: long enough for late segments on a 5 µs
  // link, short enough that the server's TIME-WAIT table stays at a few thousand entries.
  config.msl = Duration::millis(1);
  TwoHosts net(1500, config);
  const SocketId listener = *net.server_tcp->listen(kPort, 1024);
  RequestClient client(*net.client_tcp, static_cast<std::size_t>(state.range(0)));
  ResponseServer server(*net.server_tcp, listener);
  net.client_node.add_app(client);
  net.server_node.add_app(server);

  constexpr std::uint64_t kPerIteration = 10'000;
  auto exchanges = [&](std::uint64_t n) {
    const std::uint64_t target = client.completed + n;
    return net.sim.run_while([&] { return client.completed < target; }, kDeadline) ==
           sim::RunStatus::kStopped;
  };
  client.poll(net.sim.now());  // the first connections; then arrivals drive the client
  if (!exchanges(2 * kPerIteration)) return state.SkipWithError("the exchanges stalled");

  const std::uint64_t completed0 = client.completed, allocations0 = g_allocations.load();
  for (auto _ : state) {
    if (!exchanges(kPerIteration)) return state.SkipWithError("the exchanges stalled");
  }
  const auto completed = static_cast<double>(client.completed - completed0);

  using benchmark::Counter;
  state.counters["connections"] = Counter(completed, Counter::kIsRate);
  state.counters["allocs/connection"] =
      static_cast<double>(g_allocations.load() - allocations0) / completed;
  state.counters["time_wait"] = static_cast<double>(net.server_tcp->connection_count());
  state.counters["failed"] = static_cast<double>(client.failed);
  state.counters["retransmissions"] = static_cast<double>(net.retransmissions());
}
BENCHMARK(BM_TcpConnections)
    ->ArgName("parallel")
    ->Arg(1)
    ->Arg(64)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// --- Memory -------------------------------------------------------------------------------

// Heap per established idle connection end: both ends of `kCount` connections open, no data
// sent yet. A first round of connections, aborted, brings the packet pools, link queues and
// tables to their size, so the second round's growth is what the connections themselves hold:
// the Connection, its demultiplexing entry, and whatever tables grow with their number.
void BM_TcpIdleConnectionHeap(benchmark::State& state) {
  constexpr std::size_t kCount = 1000;
  for (auto _ : state) {
    TwoHosts net(1500, config_for(1500));
    const SocketId listener = *net.server_tcp->listen(kPort, kCount);
    std::vector<SocketId> clients, servers;
    clients.reserve(kCount);
    servers.reserve(kCount);
    auto open_all = [&] {
      for (std::size_t i = 0; i < kCount; ++i) {
        clients.push_back(*net.client_tcp->connect(net.sim.now(), kServerIp, kPort));
      }
      net.sim.run_while(
          [&] {
            for (auto s = net.server_tcp->accept(listener); s.ok();
                 s = net.server_tcp->accept(listener)) {
              servers.push_back(*s);
            }
            return servers.size() < kCount;
          },
          net.sim.now() + Duration::seconds(10));
      return servers.size() == kCount;
    };
    if (!open_all()) return state.SkipWithError("not every connection was accepted");
    for (SocketId id : clients) (void)net.client_tcp->abort(net.sim.now(), id);
    for (SocketId id : servers) (void)net.server_tcp->abort(net.sim.now(), id);
    net.sim.run_for(Duration::millis(1));
    clients.clear();
    servers.clear();

    const std::int64_t before = g_live_bytes.load();
    if (!open_all()) return state.SkipWithError("not every connection was accepted");
    const auto per_end = static_cast<double>(g_live_bytes.load() - before) / (2.0 * kCount);
    state.counters["heap_bytes/connection_end"] = per_end;
    state.counters["sizeof(Connection)"] = static_cast<double>(sizeof(Connection));
  }
}
BENCHMARK(BM_TcpIdleConnectionHeap)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ws::tcp
