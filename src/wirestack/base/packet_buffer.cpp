#include "wirestack/base/packet_buffer.h"

#include <algorithm>

namespace ws {

PacketBuffer::PacketBuffer(std::size_t capacity, std::size_t headroom)
    : storage_(new std::uint8_t[capacity]), capacity_(capacity) {
  reset(headroom);
}

void PacketBuffer::reset(std::size_t headroom) {
  head_ = tail_ = std::min(headroom, capacity_);
}

PacketBuffer PacketPool::take(std::size_t headroom) {
  if (free_.empty()) {
    ++allocated_;
    return PacketBuffer(capacity_, headroom);
  }
  PacketBuffer b = std::move(free_.back());
  free_.pop_back();
  b.reset(headroom);
  return b;
}

void PacketPool::give(PacketBuffer&& buffer) {
  if (buffer.capacity() != capacity_ || free_.size() >= max_free_) {
    if (buffer.capacity() == capacity_) --allocated_;
    return;  // dropped: freed by its destructor
  }
  free_.push_back(std::move(buffer));
}

}  // namespace ws
