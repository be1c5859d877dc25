// DESIGN.md §8: no heap allocation per packet in steady state. This binary counts every
// operator new; after a warm-up, forwarding and answering pings must not allocate at all.
#include <gtest/gtest.h>

#include <cstdlib>
#include <deque>
#include <new>

#include "frames.h"
#include "wirestack/internet/host.h"

namespace {
std::size_t g_allocations = 0;
}  // namespace

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace ws {
namespace {

using namespace test;

// Frames queued up front (allocations before the measurement), one delivered per poll;
// transmit only counts.
class PrefilledDevice final : public Device {
 public:
  void add(Frame f, std::size_t copies) {
    for (std::size_t i = 0; i < copies; ++i) rx_.push_back(f);
  }
  std::optional<Bytes> receive(Instant now) override {
    if (rx_.empty() || now == last_) return std::nullopt;
    last_ = now;
    current_ = std::move(rx_.front());
    rx_.pop_front();
    return Bytes(current_);
  }
  void transmit(Instant, Bytes) override { ++transmitted; }
  DeviceCaps caps() const override { return {}; }
  std::size_t transmitted = 0;

 private:
  std::deque<Frame> rx_;
  Frame current_;
  Instant last_;
};

constexpr std::size_t kWarmUp = 50, kMeasured = 2000;

// Polls once per frame; returns the allocations made during the last kMeasured polls.
std::size_t allocations_while_polling(Host& host) {
  Instant now = Instant::epoch() + Duration::seconds(1);
  for (std::size_t i = 0; i < kWarmUp; ++i) host.poll(now += Duration::millis(1));
  const std::size_t before = g_allocations;
  for (std::size_t i = 0; i < kMeasured; ++i) host.poll(now += Duration::millis(1));
  return g_allocations - before;
}

TEST(SteadyState, ForwardingAllocatesNothingPerPacket) {
  Rng rng(1);
  HostConfig config;
  config.forwarding = true;
  Host router("r1", rng, config);
  PrefilledDevice lan, wan;
  router.add_interface({"eth0", mac(1), cidr("192.168.0.1/24"), {}}, lan);
  router.add_interface({"eth1", mac(11), cidr("10.0.0.1/30"), {}}, wan);
  ASSERT_TRUE(router.add_route(cidr("0.0.0.0/0"), ip("10.0.0.2")));
  wan.add(arp_frame(ArpOperation::kRequest, mac(12), ip("10.0.0.2"), MacAddress::zero(),
                    ip("10.0.0.1"), MacAddress::broadcast()),
          1);
  router.poll(Instant::epoch() + Duration::millis(1));  // learns the next hop
  lan.add(
      echo_request_frame(mac(10), mac(1), ip("192.168.0.10"), ip("198.51.100.7"), 1, 1, 64, 1000),
      kWarmUp + kMeasured);
  EXPECT_EQ(allocations_while_polling(router), 0u);
  EXPECT_EQ(wan.transmitted, 1 + kWarmUp + kMeasured);  // the ARP reply, then every datagram
}

TEST(SteadyState, AnsweringPingsAllocatesNothingPerPacket) {
  Rng rng(1);
  Host host("server", rng);
  PrefilledDevice lan;
  host.add_interface({"eth0", mac(1), cidr("192.168.0.1/24"), {}}, lan);
  lan.add(arp_frame(ArpOperation::kRequest, mac(10), ip("192.168.0.10"), MacAddress::zero(),
                    ip("192.168.0.1"), MacAddress::broadcast()),
          1);
  host.poll(Instant::epoch() + Duration::millis(1));  // learns the pinger
  lan.add(echo_request_frame(mac(10), mac(1), ip("192.168.0.10"), ip("192.168.0.1"), 1, 1, 64, 56),
          kWarmUp + kMeasured);
  EXPECT_EQ(allocations_while_polling(host), 0u);
  EXPECT_EQ(host.counters().icmp.out_echo_reps, kWarmUp + kMeasured);
}

}  // namespace
}  // namespace ws
