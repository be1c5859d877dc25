#include "wirestack/transport/tcp/buffer_pool.h"

#include <algorithm>

namespace ws::tcp {

BufferPool::SizeClass& BufferPool::size_class(std::size_t capacity) {
  auto it = std::find_if(classes_.begin(), classes_.end(),
                         [&](const SizeClass& c) { return c.capacity == capacity; });
  if (it != classes_.end()) return *it;
  classes_.push_back({capacity, {}});
  return classes_.back();
}

std::unique_ptr<std::uint8_t[]> BufferPool::take(std::size_t capacity) {
  SizeClass& c = size_class(capacity);
  if (c.blocks.empty()) return std::unique_ptr<std::uint8_t[]>(new std::uint8_t[capacity]);
  std::unique_ptr<std::uint8_t[]> block = std::move(c.blocks.back());
  c.blocks.pop_back();
  idle_bytes_ -= capacity;
  return block;
}

void BufferPool::give(std::unique_ptr<std::uint8_t[]> block, std::size_t capacity) {
  if (!block || idle_bytes_ + capacity > max_idle_bytes_) return;  // `block` frees itself
  size_class(capacity).blocks.push_back(std::move(block));
  idle_bytes_ += capacity;
}

}  // namespace ws::tcp
