#include "wirestack/transport/udp/datagram_queue.h"

#include <algorithm>
#include <cstring>

namespace ws {

DatagramQueue::DatagramQueue(std::size_t bytes, std::size_t max_datagrams)
    : ring_(std::max<std::size_t>(bytes, 1)), entries_(std::max<std::size_t>(max_datagrams, 1)) {}

namespace {

// memcpy with a null pointer is undefined even for 0 bytes (an empty span's data() may be null).
void copy(std::uint8_t* to, const std::uint8_t* from, std::size_t n) {
  if (n) std::memcpy(to, from, n);
}

}  // namespace

bool DatagramQueue::push(UdpEndpoint from, Ipv4Address to, Bytes payload) {
  if (count_ == entries_.size() || payload.size() > ring_.size() - used_) return false;
  const std::size_t at = (head_ + used_) % ring_.size();
  const std::size_t first_part = std::min(payload.size(), ring_.size() - at);
  copy(ring_.data() + at, payload.data(), first_part);
  copy(ring_.data(), payload.data() + first_part, payload.size() - first_part);
  used_ += payload.size();
  entries_[(first_ + count_) % entries_.size()] = Entry{from, to, payload.size()};
  ++count_;
  return true;
}

UdpReceived DatagramQueue::pop(MutableBytes out) {
  const Entry e = entries_[first_];
  first_ = (first_ + 1) % entries_.size();
  --count_;
  const std::size_t n = std::min(e.len, out.size());
  const std::size_t first_part = std::min(n, ring_.size() - head_);
  copy(out.data(), ring_.data() + head_, first_part);
  copy(out.data() + first_part, ring_.data(), n - first_part);
  head_ = (head_ + e.len) % ring_.size();
  used_ -= e.len;
  return UdpReceived{e.from, e.to, n, n < e.len};
}

}  // namespace ws
