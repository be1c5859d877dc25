// A host with one interface on a FakeDevice, and helpers to inject frames and read what it
// sends: the script style of the internet-layer tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "fake_device.h"
#include "frames.h"
#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"

namespace ws::test {

// The LAN of the single-host tests: we are 192.168.0.10 (mac 02:..:0a), the gateway is
// 192.168.0.1 (mac 02:..:01).
inline const Ipv4Address kOurIp = Ipv4Address::of(192, 168, 0, 10);
inline const Ipv4Address kPeerIp = Ipv4Address::of(192, 168, 0, 1);
inline const MacAddress kOurMac = MacAddress({0x02, 0, 0, 0, 0, 10});
inline const MacAddress kPeerMac = MacAddress({0x02, 0, 0, 0, 0, 1});

class HostTest : public ::testing::Test {
 protected:
  explicit HostTest(ArpCacheConfig arp = {}, HostConfig config = {}) : host_("host", rng_, config) {
    host_.add_interface({"eth0", kOurMac, Ipv4Cidr(kOurIp, 24), arp}, dev_);
    host_.set_event_sink(&sink_);
  }

  // Injects `frame` and polls at `now`; returns what the host sent.
  std::vector<Frame> step(Frame frame) {
    dev_.inject(std::move(frame));
    return poll();
  }
  std::vector<Frame> poll() {
    host_.poll(now_);
    return dev_.take_sent();
  }
  void advance(Duration d) { now_ += d; }

  // The peer announces itself with a request for our address, so we know its MAC.
  void learn_peer() {
    auto sent = step(arp_frame(ArpOperation::kRequest, kPeerMac, kPeerIp, MacAddress::zero(),
                               kOurIp, MacAddress::broadcast()));
    ASSERT_EQ(sent.size(), 1u);
  }

  std::uint64_t drops(DropReason r) const { return host_.counters().drops.get(r); }

  Rng rng_{1};
  FakeDevice dev_;
  RecordingSink sink_;
  Host host_;
  Instant now_ = Instant::epoch() + Duration::seconds(1);
};

}  // namespace ws::test
