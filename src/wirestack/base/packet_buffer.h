// A packet buffer with headroom: each layer prepends its header in place, so a payload written
// once by the application is never copied on its way down to the device (Seastar's `packet`,
// Linux's skb_push). Buffers are recycled through a PacketPool so the steady state allocates
// nothing per packet.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "wirestack/base/bytes.h"

namespace ws {

class PacketBuffer {
 public:
  // Room for Ethernet (+802.1Q) + IPv4 with options + TCP with options, the largest header
  // stack we build.
  static constexpr std::size_t kDefaultHeadroom = 128;

  PacketBuffer() = default;
  explicit PacketBuffer(std::size_t capacity, std::size_t headroom = kDefaultHeadroom);

  // Empties the buffer and leaves `headroom` bytes free in front.
  void reset(std::size_t headroom = kDefaultHeadroom);

  // Grows the packet at the front by n bytes and returns them (for a header).
  MutableBytes prepend(std::size_t n) {
    assert(n <= head_);
    head_ -= n;
    return {storage_.get() + head_, n};
  }
  // Grows the packet at the back by n bytes and returns them (for a payload).
  MutableBytes append(std::size_t n) {
    assert(tail_ + n <= capacity_);
    const std::size_t at = tail_;
    tail_ += n;
    return {storage_.get() + at, n};
  }
  // Removes n bytes from the front (a parsed header) or keeps only the first n bytes.
  void trim_front(std::size_t n) { assert(n <= size()); head_ += n; }
  void truncate(std::size_t n) { if (n < size()) tail_ = head_ + n; }

  Bytes data() const { return {storage_.get() + head_, tail_ - head_}; }
  MutableBytes data() { return {storage_.get() + head_, tail_ - head_}; }
  std::size_t size() const { return tail_ - head_; }
  bool empty() const { return tail_ == head_; }
  std::size_t headroom() const { return head_; }
  std::size_t tailroom() const { return capacity_ - tail_; }
  std::size_t capacity() const { return capacity_; }

 private:
  std::unique_ptr<std::uint8_t[]> storage_;
  std::size_t capacity_ = 0;
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

// A free list of equally sized buffers. Buffers are handed out by value (moved) and given back
// when done; after warm-up no allocation happens. The pool never holds more than `max_free`
// idle buffers, so a burst does not pin memory forever.
class PacketPool {
 public:
  explicit PacketPool(std::size_t buffer_capacity, std::size_t max_free = 4096)
      : capacity_(buffer_capacity), max_free_(max_free) {}

  PacketBuffer take(std::size_t headroom = PacketBuffer::kDefaultHeadroom);
  void give(PacketBuffer&& buffer);

  std::size_t buffer_capacity() const { return capacity_; }
  std::size_t idle() const { return free_.size(); }
  std::size_t allocated() const { return allocated_; }

 private:
  std::size_t capacity_;
  std::size_t max_free_;
  std::size_t allocated_ = 0;
  std::vector<PacketBuffer> free_;
};

}  // namespace ws
