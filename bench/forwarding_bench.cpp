// Simulated forwarding speed: frames per wall-clock second through the ping topology's router
// chain (client - switch - r1 - r2 - server), every hop a full stack, ARP warm.
#include <benchmark/benchmark.h>

#include "wirestack/internet/ping_client.h"
#include "wirestack/sim/ping_topology.h"

namespace ws {
namespace {

void BM_PingFloodThroughTwoRouters(benchmark::State& state) {
  const auto requests = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t frames = 0;
  for (auto _ : state) {
    sim::PingTopology topo({});
    // One ping first, so every ARP cache on the path is warm before the flood.
    PingConfig warm;
    warm.dst = sim::PingTopology::kServer;
    warm.count = 1;
    warm.ident = 2;
    PingClient warmup(topo.client(), warm);
    topo.client_node().add_app(warmup);
    topo.sim().run_while([&] { return !warmup.done(); }, Instant::epoch() + Duration::seconds(60));

    PingConfig config;
    config.dst = sim::PingTopology::kServer;
    config.count = requests;
    config.interval = Duration::micros(20);  // faster than a round trip: many in flight
    config.linger = Duration::seconds(1);
    PingClient client(topo.client(), config);
    topo.client_node().add_app(client);
    topo.sim().run_while([&] { return !client.done(); }, topo.sim().now() + Duration::seconds(600));
    if (client.stats().received != requests) state.SkipWithError("lost replies");
    for (const auto& link : topo.sim().links()) {
      frames += link->a().stats().tx_frames + link->b().stats().tx_frames;
    }
  }
  // Every frame crossing every link (each is received and re-sent by a full stack).
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PingFloodThroughTwoRouters)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ws
