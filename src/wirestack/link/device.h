// The one small interface between a stack and whatever carries its frames: a simulated link,
// a switch port, a Linux TAP. Capture, fault injection and tracing are wrappers that are
// Devices themselves (smoltcp's phy::{PcapWriter, FaultInjector, Tracer}), so they compose the
// same way on every driver.
#pragma once

#include <cstddef>
#include <optional>

#include "wirestack/base/bytes.h"
#include "wirestack/base/time.h"

namespace ws {

struct DeviceCaps {
  std::size_t mtu = 1500;  // largest IP datagram the link carries (Ethernet payload)
  // Largest frame handed to transmit(): mtu + Ethernet header + one VLAN tag.
  std::size_t max_frame() const { return mtu + 18; }
};

class Device {
 public:
  virtual ~Device() = default;

  // The next frame that has arrived by `now`, or nullopt. The bytes stay valid until the next
  // call to receive() on this device.
  virtual std::optional<Bytes> receive(Instant now) = 0;
  // Sends one complete Ethernet frame (no FCS). The device copies what it needs before
  // returning. A device may drop the frame (full queue, fault injection): like a wire, it does
  // not report that to the sender.
  virtual void transmit(Instant now, Bytes frame) = 0;
  virtual DeviceCaps caps() const = 0;
  // When the device next has something to do on its own (a delayed frame to release), so a
  // driver knows when to poll again; nullopt when it has nothing pending.
  virtual std::optional<Instant> poll_at() const { return std::nullopt; }
};

}  // namespace ws
