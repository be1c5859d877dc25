// A fixed-capacity byte ring: the storage behind the send and receive buffers. Data is copied
// in once and out once. Storage is taken on the first write (from the pool, when there is one),
// so a connection that never carries data (a SYN-RECEIVED one, say) costs no buffer memory, and
// release() gives it back once the ring is no longer needed (TIME-WAIT, CLOSED).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "wirestack/base/bytes.h"
#include "wirestack/transport/tcp/buffer_pool.h"

namespace ws::tcp {

// Up to two spans: a range of the ring, split where it wraps.
struct RingSlices {
  Bytes first;
  Bytes second;
  std::size_t size() const { return first.size() + second.size(); }
  // Copies both spans, one after the other, to `out` (size() bytes).
  void copy_to(std::uint8_t* out) const;
};

class RingBuffer {
 public:
  explicit RingBuffer(std::size_t capacity = 0, BufferPool* pool = nullptr)
      : pool_(pool), capacity_(capacity) {}
  ~RingBuffer() { give_back(); }
  RingBuffer(const RingBuffer&) = delete;
  RingBuffer& operator=(const RingBuffer&) = delete;

  std::size_t capacity() const { return capacity_; }
  std::size_t size() const { return size_; }
  std::size_t free() const { return capacity_ - size_; }
  bool empty() const { return size_ == 0; }
  // Only while empty.
  void set_capacity(std::size_t capacity);
  // Only while empty: hands the storage back (a later write takes storage again).
  void release();

  // Appends as much of `data` as fits; returns the bytes taken.
  std::size_t write(Bytes data);
  // Writes `data` at `offset` bytes past the end of the stored data without making it part of
  // it (out-of-order data waiting for the gap before it); clipped to the free space.
  std::size_t write_beyond(std::size_t offset, Bytes data);
  // Makes `n` bytes written by write_beyond(0, ...) part of the stored data.
  void commit(std::size_t n) { size_ += n; }
  // Copies out and removes up to out.size() bytes from the front.
  std::size_t read(MutableBytes out);
  // `len` stored bytes starting `offset` from the front, without removing them.
  RingSlices peek(std::size_t offset, std::size_t len) const;
  void consume(std::size_t n);

 private:
  void ensure_storage();
  void give_back();
  // Copies `data` into the ring starting at absolute position `pos` (mod capacity).
  void copy_in(std::size_t pos, Bytes data);

  BufferPool* pool_;
  std::unique_ptr<std::uint8_t[]> storage_;
  std::size_t capacity_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ws::tcp
