// The default journey end to end (issue 5's goal: under 50 ms of wall time): build the
// simulated internet, resolve www.google.com with cold caches, GET / over TCP through NAT and
// four routers, close, and wait out TIME-WAIT on the virtual clock, recording every event
// with its step. Rendering (terminal, HTML) is measured separately.
#include <benchmark/benchmark.h>

#include "wirestack/sim/journey.h"

namespace {

void BM_JourneyDefault(benchmark::State& state) {
  std::size_t events = 0;
  for (auto _ : state) {
    ws::sim::Journey journey({});
    const auto& result = journey.run();
    if (result.status != 200 || !result.closed) state.SkipWithError("the journey did not finish");
    events = journey.events().size();
    benchmark::DoNotOptimize(events);
  }
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_JourneyDefault)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_JourneyWarm(benchmark::State& state) {
  for (auto _ : state) {
    ws::sim::JourneyOptions options;
    options.warm = true;
    ws::sim::Journey journey(options);
    benchmark::DoNotOptimize(journey.run().status);
  }
}
BENCHMARK(BM_JourneyWarm)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
