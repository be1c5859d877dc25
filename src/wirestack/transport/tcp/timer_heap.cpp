#include "wirestack/transport/tcp/timer_heap.h"

namespace ws::tcp {

void TimerHeap::set(std::uint32_t id, Instant at) {
  if (id >= position_.size()) position_.resize(id + 1, kAbsent);
  const std::uint32_t pos = position_[id];
  if (pos == kAbsent) {
    heap_.push_back({at, id});
    position_[id] = static_cast<std::uint32_t>(heap_.size() - 1);
    return sift_up(heap_.size() - 1);
  }
  const Instant old = heap_[pos].at;
  if (at == old) return;
  heap_[pos].at = at;
  if (at < old) {
    sift_up(pos);
  } else {
    sift_down(pos);
  }
}

void TimerHeap::remove(std::uint32_t id) {
  if (id >= position_.size() || position_[id] == kAbsent) return;
  const std::uint32_t pos = position_[id];
  position_[id] = kAbsent;
  const Entry last = heap_.back();
  heap_.pop_back();
  if (pos == heap_.size()) return;  // it was the last one
  place(pos, last);
  sift_up(pos);
  sift_down(position_[last.id]);
}

std::optional<Instant> TimerHeap::earliest() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.front().at;
}

std::optional<std::uint32_t> TimerHeap::pop_due(Instant now) {
  if (heap_.empty() || heap_.front().at > now) return std::nullopt;
  const std::uint32_t id = heap_.front().id;
  remove(id);
  return id;
}

void TimerHeap::place(std::size_t pos, Entry e) {
  heap_[pos] = e;
  position_[e.id] = static_cast<std::uint32_t>(pos);
}

void TimerHeap::sift_up(std::size_t pos) {
  const Entry e = heap_[pos];
  while (pos > 0) {
    const std::size_t parent = (pos - 1) / 2;
    if (!(e.at < heap_[parent].at)) break;
    place(pos, heap_[parent]);
    pos = parent;
  }
  place(pos, e);
}

void TimerHeap::sift_down(std::size_t pos) {
  const Entry e = heap_[pos];
  for (;;) {
    std::size_t child = 2 * pos + 1;
    if (child >= heap_.size()) break;
    if (child + 1 < heap_.size() && heap_[child + 1].at < heap_[child].at) ++child;
    if (!(heap_[child].at < e.at)) break;
    place(pos, heap_[child]);
    pos = child;
  }
  place(pos, e);
}

}  // namespace ws::tcp
