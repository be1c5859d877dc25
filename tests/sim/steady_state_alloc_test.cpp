// DESIGN.md §8: no heap allocation per packet in steady state. Counts every operator new in
// this test binary and checks that, once warmed up, frames flowing through links, a switch and
// a fault injector allocate nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include "support/raw_frames.h"
#include "wirestack/link/fault_injector.h"
#include "wirestack/sim/simulation.h"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace ws::sim {
namespace {

// Sends a burst of frames to `dst` every 10 us and drains what arrives.
class Chatter final : public SimNode {
 public:
  Chatter(std::uint8_t id, std::uint8_t dst)
      : frame_(test::icmp_echo(test::mac(dst), test::mac(id), Ipv4Address::of(10, 0, 0, id),
                               Ipv4Address::of(10, 0, 0, dst), 1, 1)) {}
  void use(Device& device) { device_ = &device; }
  std::uint64_t received = 0;

  std::string_view name() const override { return "chatter"; }
  void poll(Instant now) override {
    while (device_->receive(now)) ++received;
    if (now >= next_) {
      for (int i = 0; i < 4; ++i) device_->transmit(now, frame_);
      next_ = now + Duration::micros(10);
    }
  }
  std::optional<Instant> poll_at() const override {
    const auto device_at = device_->poll_at();
    return device_at && *device_at < next_ ? *device_at : next_;
  }

 private:
  test::Frame frame_;
  Device* device_ = nullptr;
  Instant next_;
};

TEST(SteadyState, FramesThroughASwitchAndFaultyLinksAllocateNothing) {
  Simulation sim;
  Switch& sw = sim.add_switch("sw");
  std::vector<std::unique_ptr<Chatter>> nodes;
  std::vector<std::unique_ptr<FaultInjector>> faults;
  Rng rng(5);
  const FaultConfig config{.loss = 0.01, .duplicate = 0.01, .reorder = 0.05, .corrupt = 0.01,
                           .jitter = Duration::micros(20)};
  for (std::uint8_t i = 1; i <= 4; ++i) {
    nodes.push_back(std::make_unique<Chatter>(i, static_cast<std::uint8_t>(i % 4 + 1)));
    LinkEnd& end = sim.connect_port(sw, LinkConfig{.latency = Duration::micros(5),
                                                   .bits_per_second = 1'000'000'000});
    faults.push_back(std::make_unique<FaultInjector>(end, config, rng.fork()));
    nodes.back()->use(*faults.back());
    sim.attach(*nodes.back(), end);
  }
  sim.run_for(Duration::millis(20));  // warm-up: queues, heaps and tables reach their size
  const std::uint64_t before = g_allocations.load();
  std::uint64_t received_before = 0;
  for (const auto& n : nodes) received_before += n->received;
  sim.run_for(Duration::millis(20));
  const std::uint64_t allocations = g_allocations.load() - before;
  std::uint64_t received = 0;
  for (const auto& n : nodes) received += n->received;
  EXPECT_GT(received - received_before, 20'000u);
  EXPECT_EQ(allocations, 0u);
}

}  // namespace
}  // namespace ws::sim
