#include "wirestack/link/frame_queue.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace ws {

void copy_frame(PacketBuffer& buffer, Bytes frame, std::size_t min_capacity) {
  if (buffer.capacity() < frame.size() || buffer.capacity() == 0) {
    buffer = PacketBuffer(std::max({frame.size(), min_capacity, std::size_t{1}}), 0);
  }
  buffer.reset(0);
  if (!frame.empty()) std::memcpy(buffer.append(frame.size()).data(), frame.data(), frame.size());
}

void FrameQueue::push(Instant at, Bytes frame) {
  if (count_ == slots_.size()) grow();
  Slot& s = slots_[index(count_)];
  copy_frame(s.buffer, frame, buffer_capacity_);
  s.at = at;
  ++count_;
}

void FrameQueue::pop_into(PacketBuffer& out) {
  std::swap(out, slots_[head_].buffer);
  pop();
}

void FrameQueue::pop() {
  head_ = index(1);
  --count_;
}

void FrameQueue::grow() {  // only when full: every slot holds a queued frame
  std::vector<Slot> bigger(slots_.empty() ? 8 : slots_.size() * 2);
  for (std::size_t i = 0; i < count_; ++i) bigger[i] = std::move(slots_[index(i)]);
  slots_ = std::move(bigger);
  head_ = 0;
}

}  // namespace ws
