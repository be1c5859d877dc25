// The simulator's own costs: scheduler events per second, and frames per wall-clock second
// through a link and through a switch (nodes that only send and drain, so the stack's cost is
// not in the figure).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wirestack/base/bytes.h"
#include "wirestack/base/rng.h"
#include "wirestack/sim/scheduler.h"
#include "wirestack/sim/simulation.h"
#include "wirestack/wire/address.h"

namespace ws::sim {
namespace {

// Each event schedules the next one a pseudo-random time later: a heap of `range(0)` live events.
void BM_SchedulerEvents(benchmark::State& state) {
  struct Chain final : EventHandler {
    Scheduler* s;
    Rng rng{1};
    void on_event(Instant at, std::uint64_t tag) override {
      s->schedule(at + Duration::nanos(static_cast<std::int64_t>(rng.below(10'000))), *this, tag);
    }
  } chain;
  Scheduler s;
  chain.s = &s;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    s.schedule(Instant::from_nanos(i), chain, static_cast<std::uint64_t>(i));
  }
  const Instant far = Instant::from_nanos(INT64_MAX);
  for (auto _ : state) s.fire_next(far);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SchedulerEvents)->Arg(16)->Arg(1024)->Arg(65536);

// Sends `burst` 60-byte frames to `dst` every `interval` and drains what arrives.
class Blaster final : public SimNode {
 public:
  Blaster(std::uint8_t id, MacAddress dst, int burst) : burst_(burst) {
    frame_.resize(60);
    dst.write(frame_.data());
    MacAddress({0x02, 0, 0, 0, 0, id}).write(frame_.data() + 6);
    store_be16(frame_.data() + 12, 0x88b5);  // IEEE local experimental
  }
  void use(Device& device) { device_ = &device; }
  std::uint64_t received = 0;

  std::string_view name() const override { return "blaster"; }
  void poll(Instant now) override {
    while (device_->receive(now)) ++received;
    if (now >= next_) {
      for (int i = 0; i < burst_; ++i) device_->transmit(now, frame_);
      next_ = now + Duration::micros(10);
    }
  }
  std::optional<Instant> poll_at() const override { return next_; }

 private:
  std::vector<std::uint8_t> frame_;
  Device* device_ = nullptr;
  int burst_;
  Instant next_;
};

const LinkConfig kTenGig{.latency = Duration::micros(5), .bits_per_second = 10'000'000'000};

void BM_LinkFrames(benchmark::State& state) {
  Simulation sim;
  Link& link = sim.add_link("l", kTenGig);
  Blaster a(1, MacAddress({0x02, 0, 0, 0, 0, 2}), 8), b(2, MacAddress({0x02, 0, 0, 0, 0, 1}), 8);
  a.use(link.a());
  b.use(link.b());
  sim.add_node(a);
  sim.add_node(b);
  sim.attach(a, link.a());
  sim.attach(b, link.b());
  for (auto _ : state) sim.run_for(Duration::millis(1));
  state.SetItemsProcessed(static_cast<std::int64_t>(a.received + b.received));
}
BENCHMARK(BM_LinkFrames);

// `range(0)` hosts on a switch, each sending to the next one (learned after the first flood).
void BM_SwitchFrames(benchmark::State& state) {
  const auto hosts = static_cast<std::uint8_t>(state.range(0));
  Simulation sim;
  Switch& sw = sim.add_switch("sw");
  std::vector<std::unique_ptr<Blaster>> nodes;
  for (std::uint8_t i = 0; i < hosts; ++i) {
    const auto next = static_cast<std::uint8_t>((i + 1) % hosts);
    nodes.push_back(std::make_unique<Blaster>(i, MacAddress({0x02, 0, 0, 0, 0, next}), 4));
    LinkEnd& end = sim.connect_port(sw, kTenGig);
    nodes.back()->use(end);
    sim.add_node(*nodes.back());
    sim.attach(*nodes.back(), end);
  }
  for (auto _ : state) sim.run_for(Duration::millis(1));
  std::uint64_t received = 0;
  for (const auto& n : nodes) received += n->received;
  state.SetItemsProcessed(static_cast<std::int64_t>(received));
}
BENCHMARK(BM_SwitchFrames)->Arg(4)->Arg(32);

}  // namespace
}  // namespace ws::sim
