// A FIFO of frames, each copied into a buffer the queue owns and reuses, tagged with a time
// (when it arrives, when it may be released). Slots keep their buffers after a pop, so once the
// queue has reached its working depth, pushing and popping allocate nothing.
#pragma once

#include <cstddef>
#include <vector>

#include "wirestack/base/bytes.h"
#include "wirestack/base/packet_buffer.h"
#include "wirestack/base/time.h"

namespace ws {

// Makes `buffer` hold a copy of `frame` and nothing else (no headroom), replacing its storage
// with one of at least `min_capacity` bytes only when it is too small.
void copy_frame(PacketBuffer& buffer, Bytes frame, std::size_t min_capacity);

class FrameQueue {
 public:
  // `buffer_capacity`: the size of each slot's buffer (a larger frame gets a larger buffer).
  explicit FrameQueue(std::size_t buffer_capacity) : buffer_capacity_(buffer_capacity) {}

  void push(Instant at, Bytes frame);

  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }
  // The i-th frame from the front (0 is the oldest) and its time; i < size().
  Instant time_at(std::size_t i) const { return slot(i).at; }
  Bytes frame_at(std::size_t i) const { return slot(i).buffer.data(); }
  Instant front_time() const { return time_at(0); }
  // The newest frame's bytes, writable (to corrupt it in place).
  MutableBytes back() { return slots_[index(count_ - 1)].buffer.data(); }

  // Removes the front frame, handing its buffer to `out` (and taking `out`'s old buffer into
  // the slot): no bytes are copied, and `out` stays valid until the next pop_into on it.
  void pop_into(PacketBuffer& out);
  void pop();

 private:
  struct Slot {
    PacketBuffer buffer;
    Instant at;
  };
  std::size_t index(std::size_t i) const { return (head_ + i) & (slots_.size() - 1); }
  const Slot& slot(std::size_t i) const { return slots_[index(i)]; }
  void grow();

  std::size_t buffer_capacity_;
  std::vector<Slot> slots_;  // size is zero or a power of two
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

}  // namespace ws
