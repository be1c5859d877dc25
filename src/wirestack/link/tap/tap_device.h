// A Linux TAP interface as a Device: /dev/net/tun opened with IFF_TAP | IFF_NO_PI, so each
// read() is one whole Ethernet frame from the kernel and each write() hands one to it. The
// descriptor is non-blocking; the real-time loop (realtime_loop.h) waits for it to be readable.
//
// TUNSETIFF resolves NAME in the network namespace the process runs in: run the stack inside the
// namespace that holds the tap (`ip netns exec NS wirestack up --tap tap0 ...`).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wirestack/base/result.h"
#include "wirestack/link/device.h"

namespace ws {

struct TapError {
  std::string message;  // "tap0: open /dev/net/tun: Permission denied"
};

struct TapCounters {
  std::uint64_t rx_frames = 0;
  std::uint64_t rx_bytes = 0;
  std::uint64_t tx_frames = 0;
  std::uint64_t tx_bytes = 0;
  std::uint64_t tx_dropped = 0;  // the kernel refused the write (queue full, interface down)
  std::uint64_t rx_errors = 0;   // read() failed for a reason other than "nothing there"
};

class TapDevice final : public Device {
 public:
  // Frames handed up per instant at most, so one poll cannot be held forever by a flood: the
  // rest wait for the next poll (timers and transmissions get their turn in between).
  static constexpr std::uint32_t kBurst = 64;

  // Attaches to the tap NAME (created if absent, as the kernel does) with the given MTU.
  static Result<std::unique_ptr<TapDevice>, TapError> open(const std::string& name,
                                                           std::size_t mtu = 1500);
  ~TapDevice() override;
  TapDevice(const TapDevice&) = delete;
  TapDevice& operator=(const TapDevice&) = delete;

  std::optional<Bytes> receive(Instant now) override;
  void transmit(Instant now, Bytes frame) override;
  DeviceCaps caps() const override { return {.mtu = mtu_}; }

  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  const TapCounters& counters() const { return counters_; }

 private:
  TapDevice(int fd, std::string name, std::size_t mtu);

  int fd_;
  std::string name_;
  std::size_t mtu_;
  std::vector<std::uint8_t> rx_;  // the frame the last receive() returned
  Instant burst_at_;
  std::uint32_t burst_count_ = 0;
  TapCounters counters_;
};

}  // namespace ws
