#include "wirestack/link/tap/tap_device.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ws {

namespace {

// The largest frame a TSO read can bring: a 64 KiB IPv4 datagram behind an Ethernet header and
// a VLAN tag.
constexpr std::size_t kLargestOffloadedFrame = 65535 + 18;

TapError error_for(const std::string& name, const char* what) {
  return {name + ": " + what + ": " + std::strerror(errno)};
}

// IFF_VNET_HDR frames, and the offloads the kernel may use towards us: checksums left to
// finish and TCPv4 segmentation (TUN_F_TSO4 needs TUN_F_CSUM).
bool enable_offload(int fd) {
  const int header_size = VirtioNetHeader::kSize;
  return ::ioctl(fd, TUNSETVNETHDRSZ, &header_size) == 0 &&
         ::ioctl(fd, TUNSETOFFLOAD, static_cast<unsigned long>(TUN_F_CSUM | TUN_F_TSO4)) == 0;
}

}  // namespace

Result<std::unique_ptr<TapDevice>, TapError> TapDevice::open(const std::string& name,
                                                             const TapOptions& options) {
  if (name.empty() || name.size() >= IFNAMSIZ) {
    return Err(TapError{"'" + name + "' is not an interface name (1 to 15 characters)"});
  }
  const int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return Err(error_for(name, "open /dev/net/tun"));
  ifreq req{};
  req.ifr_flags = IFF_TAP | IFF_NO_PI;
  if (options.offload) req.ifr_flags |= IFF_VNET_HDR;
  std::memcpy(req.ifr_name, name.data(), name.size());
  if (::ioctl(fd, TUNSETIFF, &req) < 0) {
    TapError e = error_for(name, "TUNSETIFF");
    ::close(fd);
    return Err(std::move(e));
  }
  if (options.offload && !enable_offload(fd)) {
    TapError e = error_for(name, "TUNSETOFFLOAD");
    ::close(fd);
    return Err(std::move(e));
  }
  return std::unique_ptr<TapDevice>(new TapDevice(fd, name, options));
}

TapDevice::TapDevice(int fd, std::string name, const TapOptions& options)
    : fd_(fd),
      name_(std::move(name)),
      mtu_(options.mtu),
      offload_(options.offload),
      rx_(options.offload ? VirtioNetHeader::kSize + kLargestOffloadedFrame
                          : DeviceCaps{.mtu = options.mtu}.max_frame()) {}

TapDevice::~TapDevice() {
  ::close(fd_);
}

std::optional<Bytes> TapDevice::receive(Instant now) {
  if (now != burst_at_) {
    burst_at_ = now;
    burst_count_ = 0;
  }
  while (burst_count_ < kBurst) {
    const ssize_t n = ::read(fd_, rx_.data(), rx_.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN) ++counters_.rx_errors;
      return std::nullopt;
    }
    ++burst_count_;
    if (auto frame = accept_read(static_cast<std::size_t>(n))) return frame;
  }
  return std::nullopt;
}

// The frame in the first `n` bytes of rx_, made whole; nullopt when it must be dropped.
std::optional<Bytes> TapDevice::accept_read(std::size_t n) {
  MutableBytes frame = MutableBytes(rx_).first(n);
  if (offload_) {
    if (n < VirtioNetHeader::kSize) {
      ++counters_.rx_offload_errors;
      return std::nullopt;
    }
    const VirtioNetHeader header = VirtioNetHeader::read(frame);
    frame = frame.subspan(VirtioNetHeader::kSize);
    if (complete_received_frame(header, frame)) {
      ++counters_.rx_offload_errors;
      return std::nullopt;
    }
    if (header.gso_type != VirtioNetHeader::kGsoNone) ++counters_.rx_offloaded;
  }
  ++counters_.rx_frames;
  counters_.rx_bytes += frame.size();
  return frame;
}

void TapDevice::transmit(Instant, Bytes frame) {
  // Our frames are complete (no offload asked of the kernel): their header is all zero.
  std::uint8_t header[VirtioNetHeader::kSize] = {};
  iovec parts[2] = {{header, sizeof header},
                    {const_cast<std::uint8_t*>(frame.data()), frame.size()}};
  iovec* first = offload_ ? &parts[0] : &parts[1];
  const int count = offload_ ? 2 : 1;
  while (true) {
    if (::writev(fd_, first, count) >= 0) {
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
