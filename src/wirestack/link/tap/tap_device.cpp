#include "wirestack/link/tap/tap_device.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ws {

namespace {

TapError error_for(const std::string& name, const char* what) {
  return {name + ": " + what + ": " + std::strerror(errno)};
}

}  // namespace

Result<std::unique_ptr<TapDevice>, TapError> TapDevice::open(const std::string& name,
                                                             std::size_t mtu) {
  if (name.empty() || name.size() >= IFNAMSIZ) {
    return Err(TapError{"'" + name + "' is not an interface name (1 to 15 characters)"});
  }
  const int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return Err(error_for(name, "open /dev/net/tun"));
  ifreq req{};
  req.ifr_flags = IFF_TAP | IFF_NO_PI;
  std::memcpy(req.ifr_name, name.data(), name.size());
  if (::ioctl(fd, TUNSETIFF, &req) < 0) {
    TapError e = error_for(name, "TUNSETIFF");
    ::close(fd);
    return Err(std::move(e));
  }
  return std::unique_ptr<TapDevice>(new TapDevice(fd, name, mtu));
}

TapDevice::TapDevice(int fd, std::string name, std::size_t mtu)
    : fd_(fd), name_(std::move(name)), mtu_(mtu), rx_(DeviceCaps{.mtu = mtu}.max_frame()) {}

TapDevice::~TapDevice() {
  ::close(fd_);
}

std::optional<Bytes> TapDevice::receive(Instant now) {
  if (now != burst_at_) {
    burst_at_ = now;
    burst_count_ = 0;
  }
  if (burst_count_ >= kBurst) return std::nullopt;
  while (true) {
    const ssize_t n = ::read(fd_, rx_.data(), rx_.size());
    if (n >= 0) {
      ++burst_count_;
      ++counters_.rx_frames;
      counters_.rx_bytes += static_cast<std::uint64_t>(n);
      return Bytes(rx_).first(static_cast<std::size_t>(n));
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) ++counters_.rx_errors;
    return std::nullopt;
  }
}

void TapDevice::transmit(Instant, Bytes frame) {
  while (true) {
    const ssize_t n = ::write(fd_, frame.data(), frame.size());
    if (n >= 0) {
      ++counters_.tx_frames;
      counters_.tx_bytes += frame.size();
      return;
    }
    if (errno == EINTR) continue;
    // Like a full transmit queue on a wire: the frame is lost, and TCP will retransmit it.
    ++counters_.tx_dropped;
    return;
  }
}

}  // namespace ws
