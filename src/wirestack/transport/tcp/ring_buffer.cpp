#include "wirestack/transport/tcp/ring_buffer.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace ws::tcp {
namespace {

// memcpy with an empty span is fine in practice but undefined when its pointer is null.
void copy_bytes(std::uint8_t* out, Bytes in) {
  if (!in.empty()) std::memcpy(out, in.data(), in.size());
}

}  // namespace

void RingSlices::copy_to(std::uint8_t* out) const {
  copy_bytes(out, first);
  copy_bytes(out + first.size(), second);
}

void RingBuffer::set_capacity(std::size_t capacity) {
  assert(size_ == 0);
  if (capacity != capacity_) release();
  capacity_ = capacity;
  head_ = 0;
}

void RingBuffer::release() {
  assert(size_ == 0);
  give_back();
  head_ = 0;
}

void RingBuffer::give_back() {
  if (pool_ && storage_) pool_->give(std::move(storage_), capacity_);
  storage_.reset();
}

void RingBuffer::ensure_storage() {
  if (storage_ || capacity_ == 0) return;
  storage_ =
      pool_ ? pool_->take(capacity_) : std::unique_ptr<std::uint8_t[]>(new std::uint8_t[capacity_]);
}

void RingBuffer::copy_in(std::size_t pos, Bytes data) {
  pos %= capacity_;
  const std::size_t first = std::min(data.size(), capacity_ - pos);
  copy_bytes(storage_.get() + pos, data.first(first));
  copy_bytes(storage_.get(), data.subspan(first));
}

std::size_t RingBuffer::write(Bytes data) {
  const std::size_t n = write_beyond(0, data);
  size_ += n;
  return n;
}

std::size_t RingBuffer::write_beyond(std::size_t offset, Bytes data) {
  if (offset >= free()) return 0;
  const std::size_t n = std::min(data.size(), free() - offset);
  if (n == 0) return 0;
  ensure_storage();
  copy_in(head_ + size_ + offset, data.first(n));
  return n;
}

std::size_t RingBuffer::read(MutableBytes out) {
  const RingSlices s = peek(0, std::min(out.size(), size_));
  s.copy_to(out.data());
  consume(s.size());
  return s.size();
}

RingSlices RingBuffer::peek(std::size_t offset, std::size_t len) const {
  assert(offset + len <= size_);
  if (len == 0) return {};
  const std::size_t pos = (head_ + offset) % capacity_;
  const std::size_t first = std::min(len, capacity_ - pos);
  return {Bytes(storage_.get() + pos, first), Bytes(storage_.get(), len - first)};
}

void RingBuffer::consume(std::size_t n) {
  assert(n <= size_);
  if (n == 0) return;
  size_ -= n;
  head_ = (head_ + n) % capacity_;
}

}  // namespace ws::tcp
