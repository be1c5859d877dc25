// A simulated point-to-point link (a cable): two ends, each a Device a host (or a switch port)
// uses. Each direction models a transmitter and a wire: a frame is serialised at the link's
// bandwidth once the frames ahead of it are out (so frames queue behind each other), then
// propagates for the latency. Frames whose payload exceeds the MTU, and frames arriving at a
// full transmit queue (drop-tail), are dropped and counted. Frames in flight live in the
// sending end's FrameQueue, whose buffers are reused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wirestack/base/packet_buffer.h"
#include "wirestack/link/device.h"
#include "wirestack/link/frame_queue.h"
#include "wirestack/link/frame_recorder.h"
#include "wirestack/sim/scheduler.h"

namespace ws::sim {

struct LinkConfig {
  Duration latency = Duration::micros(100);  // propagation delay, one way
  std::uint64_t bits_per_second = 0;         // 0: infinitely fast (no serialisation delay)
  std::size_t mtu = 1500;                    // largest Ethernet payload carried
  // Frames accepted but not yet fully serialised, per direction; more are dropped.
  std::size_t queue_limit = 1000;
  // Frames arrived at an end but not yet received (a NIC's receive ring); while it is full,
  // more are dropped, so an end nobody reads cannot pile frames up without bound.
  std::size_t rx_ring = 1024;
};

struct LinkEndStats {
  std::uint64_t tx_frames = 0;  // accepted onto the wire
  std::uint64_t tx_bytes = 0;
  std::uint64_t rx_frames = 0;  // handed to this end's user by receive()
  std::uint64_t rx_bytes = 0;
  std::uint64_t mtu_drops = 0;    // sent from this end, too big
  std::uint64_t queue_drops = 0;  // sent from this end, transmit queue full
  std::uint64_t ring_drops = 0;   // sent to this end while its receive ring was full
};

class Link;

class LinkEnd final : public Device {
 public:
  LinkEnd(const LinkEnd&) = delete;
  LinkEnd& operator=(const LinkEnd&) = delete;

  std::optional<Bytes> receive(Instant now) override;
  void transmit(Instant now, Bytes frame) override;
  DeviceCaps caps() const override;
  // When the next frame in flight towards this end arrives (a time in the past while an arrived
  // frame waits to be received).
  std::optional<Instant> poll_at() const override;

  // Whom to tell, through the scheduler, when a frame arrives at this end (the simulation
  // wakes the node that uses it). Without one, frames still arrive for receive() to find.
  void notify(EventHandler* handler, std::uint64_t tag) {
    handler_ = handler;
    tag_ = tag;
  }

  const LinkEndStats& stats() const { return stats_; }
  // Frames sent from this end not yet fully serialised at `now`.
  std::size_t queued(Instant now) const;
  // Frames arrived at this end by `now` and not yet received.
  std::size_t waiting(Instant now) const;
  // "<link>.a" or "<link>.b".
  const std::string& name() const { return name_; }
  Link& link() const { return link_; }
  LinkEnd& peer() const;

 private:
  friend class Link;
  LinkEnd(Link& link, std::string name);

  Link& link_;
  std::string name_;
  FrameQueue outgoing_;    // sent from this end: queued, on the wire, or arrived at the peer
  Instant busy_until_;     // when the transmitter finishes the last accepted frame
  PacketBuffer received_;  // the frame the last receive() returned
  EventHandler* handler_ = nullptr;
  std::uint64_t tag_ = 0;
  LinkEndStats stats_;
};

class Link {
 public:
  Link(std::string name, const LinkConfig& config, Scheduler& scheduler);
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  LinkEnd& a() { return a_; }
  LinkEnd& b() { return b_; }
  const std::string& name() const { return name_; }
  const LinkConfig& config() const { return config_; }

  // Records every frame accepted onto the wire, in either direction, once, at the time it is
  // handed to the link (nullptr stops recording). Not owned.
  void set_recorder(FrameRecorder* recorder) { recorder_ = recorder; }

  // How long `bytes` take to serialise at the link's bandwidth (rounded up to the nanosecond).
  Duration serialisation(std::size_t bytes) const;

 private:
  friend class LinkEnd;

  std::string name_;
  LinkConfig config_;
  Scheduler& scheduler_;
  FrameRecorder* recorder_ = nullptr;
  LinkEnd a_;
  LinkEnd b_;
};

}  // namespace ws::sim
