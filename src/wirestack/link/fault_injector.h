// A Device wrapper that makes a link misbehave (smoltcp's phy::FaultInjector, Linux netem): it
// loses, duplicates, reorders, corrupts and delays frames, each with its own probability or
// amount, drawing every decision from the Rng it is given, so a faulty run replays exactly
// from its seed. It works on frames leaving the wrapped device, arriving from it, or both.
#pragma once

#include <cstdint>
#include <optional>

#include "wirestack/base/packet_buffer.h"
#include "wirestack/base/rng.h"
#include "wirestack/link/device.h"
#include "wirestack/link/frame_queue.h"

namespace ws {

struct FaultConfig {
  double loss = 0;       // probability a frame is dropped
  double duplicate = 0;  // probability a frame is passed on twice
  // Probability a frame is held back and passed on right after the next one; with no next
  // frame within reorder_timeout it goes out alone then.
  double reorder = 0;
  Duration reorder_timeout = Duration::millis(10);
  // Probability one bit of the frame is flipped, after the Ethernet header (where a real
  // corrupted frame would have failed the FCS; above it, checksums must catch it).
  double corrupt = 0;
  // Each frame is delayed by a uniform random time in [0, jitter]; frames keep their order.
  Duration jitter = Duration::zero();
  bool on_transmit = true;
  bool on_receive = false;
};

struct FaultStats {
  std::uint64_t frames = 0;  // frames that came through
  std::uint64_t lost = 0;
  std::uint64_t duplicated = 0;  // extra copies made
  std::uint64_t reordered = 0;   // frames held back behind a later one
  std::uint64_t corrupted = 0;
  std::uint64_t delayed = 0;  // frames released later than they came
};

class FaultInjector final : public Device {
 public:
  // `inner` is not owned and must outlive the injector.
  FaultInjector(Device& inner, const FaultConfig& config, Rng rng);

  std::optional<Bytes> receive(Instant now) override;
  void transmit(Instant now, Bytes frame) override;
  DeviceCaps caps() const override { return inner_.caps(); }
  // Also when a delayed or held frame is due: frames held on the transmit side go out on the
  // next receive() or transmit() call at or after that time.
  std::optional<Instant> poll_at() const override;

  const FaultConfig& config() const { return config_; }
  const FaultStats& transmit_stats() const { return tx_.stats; }
  const FaultStats& receive_stats() const { return rx_.stats; }

 private:
  // The faults applied to one direction's frames, and the frames they hold.
  class Pipe {
   public:
    explicit Pipe(std::size_t buffer_capacity) : out_(buffer_capacity) {}
    void process(Instant now, Bytes frame, const FaultConfig& config, Rng& rng);
    // Releases a frame held back longer than the reorder timeout.
    void expire_held(Instant now, const FaultConfig& config, Rng& rng);
    bool ready(Instant now) const { return !out_.empty() && out_.front_time() <= now; }
    FrameQueue& out() { return out_; }
    std::optional<Instant> next_at(const FaultConfig& config) const;

    FaultStats stats;

   private:
    // Queues a copy for release after the jitter; flips bit `flip` when it is set.
    void emit(Instant now, Bytes frame, std::optional<std::size_t> flip, const FaultConfig& config,
              Rng& rng);

    FrameQueue out_;  // frames to pass on, by release time
    PacketBuffer held_;
    std::optional<std::size_t> held_flip_;
    std::optional<Instant> held_since_;  // set while a frame is held back
    Instant last_release_;
  };

  void flush_transmit(Instant now);

  Device& inner_;
  FaultConfig config_;
  Rng rng_;
  Pipe tx_;
  Pipe rx_;
  PacketBuffer received_;  // the frame the last receive() returned
};

}  // namespace ws
