// A Linux TAP interface as a Device: /dev/net/tun opened with IFF_TAP | IFF_NO_PI, so each
// read() is one whole Ethernet frame from the kernel and each write() hands one to it. The
// descriptor is non-blocking; the real-time loop (realtime_loop.h) waits for it to be readable.
//
// With offload (IFF_VNET_HDR, offload.h) the kernel may hand over TCP segments of up to 64 KiB
// whose checksum the driver finishes: one read() instead of dozens, which is what lets a
// userspace stack keep up with Linux's TCP through a tap. Frames we send carry an empty header.
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
#include "wirestack/link/tap/offload.h"

namespace ws {

struct TapError {
  std::string message;  // "tap0: open /dev/net/tun: Permission denied"
};

struct TapCounters {
  std::uint64_t rx_frames = 0;
  std::uint64_t rx_bytes = 0;
  std::uint64_t tx_frames = 0;
  std::uint64_t tx_bytes = 0;
  std::uint64_t tx_dropped = 0;         // the kernel refused the write (queue full, interface down)
  std::uint64_t rx_errors = 0;          // read() failed for a reason other than "nothing there"
  std::uint64_t rx_offloaded = 0;       // frames that came as one large TCP segment (TSO)
  std::uint64_t rx_offload_errors = 0;  // frames dropped: an offload header we cannot honour
};

struct TapOptions {
  std::size_t mtu = 1500;
  // Let the kernel hand over large TCP segments with unfinished checksums (TSO and checksum
  // offload). Off when every frame must be the size it would have on a wire (fault injection).
  bool offload = false;
};

class TapDevice final : public Device {
 public:
  // Frames handed up per instant at most, so one poll cannot be held forever by a flood: the
  // rest wait for the next poll (timers and transmissions get their turn in between).
  static constexpr std::uint32_t kBurst = 64;

  // Attaches to the tap NAME (created if absent, as the kernel does).
  static Result<std::unique_ptr<TapDevice>, TapError> open(const std::string& name,
                                                           const TapOptions& options = {});
  ~TapDevice() override;
  TapDevice(const TapDevice&) = delete;
  TapDevice& operator=(const TapDevice&) = delete;

  std::optional<Bytes> receive(Instant now) override;
  void transmit(Instant now, Bytes frame) override;
  DeviceCaps caps() const override { return {.mtu = mtu_}; }
  bool offload() const { return offload_; }

  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  const TapCounters& counters() const { return counters_; }

 private:
  TapDevice(int fd, std::string name, const TapOptions& options);
  std::optional<Bytes> accept_read(std::size_t n);

  int fd_;
  std::string name_;
  std::size_t mtu_;
  bool offload_;
  std::vector<std::uint8_t> rx_;  // the frame the last receive() returned (after its header)
  Instant burst_at_;
  std::uint32_t burst_count_ = 0;
  TapCounters counters_;
};

}  // namespace ws
