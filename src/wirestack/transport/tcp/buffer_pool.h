// Recycled storage for the send and receive rings of one layer's connections. Opening and
// closing connections at a high rate then allocates nothing, and the pages stay mapped (a
// 256 KiB block freed to malloc goes back to the kernel, and the next connection faults it in
// again). Idle blocks are bounded in bytes, so a burst of connections does not pin its memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace ws::tcp {

class BufferPool {
 public:
  static constexpr std::size_t kDefaultMaxIdleBytes = 64 * 1024 * 1024;

  explicit BufferPool(std::size_t max_idle_bytes = kDefaultMaxIdleBytes)
      : max_idle_bytes_(max_idle_bytes) {}

  // A block of `capacity` bytes (contents unspecified).
  std::unique_ptr<std::uint8_t[]> take(std::size_t capacity);
  // Gives back a block taken with `capacity`; freed instead when the pool is full.
  void give(std::unique_ptr<std::uint8_t[]> block, std::size_t capacity);

  std::size_t idle_bytes() const { return idle_bytes_; }

 private:
  // Idle blocks of one size. Connections use one or two sizes (the configured buffers).
  struct SizeClass {
    std::size_t capacity;
    std::vector<std::unique_ptr<std::uint8_t[]>> blocks;
  };
  SizeClass& size_class(std::size_t capacity);

  std::size_t max_idle_bytes_;
  std::size_t idle_bytes_ = 0;
  std::vector<SizeClass> classes_;
};

}  // namespace ws::tcp
