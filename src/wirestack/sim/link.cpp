#include "wirestack/sim/link.h"

#include <algorithm>
#include <utility>

namespace ws::sim {
namespace {

// The Ethernet payload length: after the header and one 802.1Q/802.1ad tag if present.
std::size_t payload_len(Bytes frame) {
  constexpr std::size_t kHeader = 14;
  if (frame.size() < kHeader) return 0;
  const std::uint16_t type = load_be16(frame.data() + 12);
  const bool tagged = (type == 0x8100 || type == 0x88a8) && frame.size() >= kHeader + 4;
  return frame.size() - kHeader - (tagged ? 4 : 0);
}

}  // namespace

LinkEnd::LinkEnd(Link& link, std::string name)
    : link_(link), name_(std::move(name)), outgoing_(link.config().mtu + 18) {}

LinkEnd& LinkEnd::peer() const {
  return this == &link_.a_ ? link_.b_ : link_.a_;
}

std::optional<Bytes> LinkEnd::receive(Instant now) {
  FrameQueue& incoming = peer().outgoing_;
  if (incoming.empty() || incoming.front_time() > now) return std::nullopt;
  incoming.pop_into(received_);
  ++stats_.rx_frames;
  stats_.rx_bytes += received_.size();
  return received_.data();
}

std::size_t LinkEnd::queued(Instant now) const {
  // Arrival = end of serialisation + latency, and arrivals are in order: count from the back.
  const Instant serialised_by = now + link_.config().latency;
  std::size_t n = 0;
  while (n < outgoing_.size() && outgoing_.time_at(outgoing_.size() - 1 - n) > serialised_by) ++n;
  return n;
}

std::size_t LinkEnd::waiting(Instant now) const {
  const FrameQueue& incoming = peer().outgoing_;
  std::size_t n = 0;
  while (n < incoming.size() && incoming.time_at(n) <= now) ++n;
  return n;
}

void LinkEnd::transmit(Instant now, Bytes frame) {
  const LinkConfig& config = link_.config();
  if (payload_len(frame) > config.mtu) {
    ++stats_.mtu_drops;
    return;
  }
  if (queued(now) >= config.queue_limit) {
    ++stats_.queue_drops;
    return;
  }
  LinkEnd& to = peer();
  // Judged when sent rather than on arrival: the same while the receiver does not read.
  if (to.waiting(now) >= config.rx_ring) {
    ++to.stats_.ring_drops;
    return;
  }
  busy_until_ = std::max(now, busy_until_) + link_.serialisation(frame.size());
  const Instant arrival = busy_until_ + config.latency;
  outgoing_.push(arrival, frame);
  ++stats_.tx_frames;
  stats_.tx_bytes += frame.size();
  if (link_.recorder_ != nullptr) link_.recorder_->record(now, frame);
  if (to.handler_ != nullptr) link_.scheduler_.schedule(arrival, *to.handler_, to.tag_);
}

DeviceCaps LinkEnd::caps() const {
  return DeviceCaps{.mtu = link_.config().mtu};
}

std::optional<Instant> LinkEnd::poll_at() const {
  const FrameQueue& incoming = peer().outgoing_;
  if (incoming.empty()) return std::nullopt;
  return incoming.front_time();
}

Link::Link(std::string name, const LinkConfig& config, Scheduler& scheduler)
    : name_(std::move(name)),
      config_(config),
      scheduler_(scheduler),
      a_(*this, name_ + ".a"),
      b_(*this, name_ + ".b") {}

Duration Link::serialisation(std::size_t bytes) const {
  if (config_.bits_per_second == 0) return Duration::zero();
  const std::uint64_t bit_ns = std::uint64_t{bytes} * 8 * 1'000'000'000u;  // frames: no overflow
  const std::uint64_t ns = (bit_ns + config_.bits_per_second - 1) / config_.bits_per_second;
  return Duration::nanos(static_cast<std::int64_t>(ns));
}

}  // namespace ws::sim
