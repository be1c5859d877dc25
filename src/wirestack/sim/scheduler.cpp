#include "wirestack/sim/scheduler.h"

#include <algorithm>

namespace ws::sim {

TimerId Scheduler::schedule(Instant at, EventHandler& handler, std::uint64_t tag) {
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  Slot& s = slots_[slot];
  s.handler = &handler;
  s.tag = tag;
  heap_.push_back(Entry{at.nanos(), next_seq_++, slot, s.generation});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return TimerId{slot, s.generation};
}

bool Scheduler::pending(TimerId id) const {
  return id.slot < slots_.size() && slots_[id.slot].generation == id.generation &&
         slots_[id.slot].handler != nullptr;
}

bool Scheduler::cancel(TimerId id) {
  if (!pending(id)) return false;
  release(id.slot);
  ++dead_;
  drop_dead();
  return true;
}

bool Scheduler::fire_next(Instant until) {
  if (heap_.empty() || heap_.front().at > until.nanos()) return false;
  const Entry e = heap_.front();
  EventHandler* handler = slots_[e.slot].handler;
  const std::uint64_t tag = slots_[e.slot].tag;
  release(e.slot);
  pop_top();
  drop_dead();
  ++fired_;
  handler->on_event(Instant::from_nanos(e.at), tag);
  return true;
}

void Scheduler::release(std::uint32_t slot) {
  ++slots_[slot].generation;
  slots_[slot].handler = nullptr;
  free_slots_.push_back(slot);
}

void Scheduler::pop_top() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  heap_.pop_back();
}

void Scheduler::drop_dead() {
  while (!heap_.empty() && !live(heap_.front())) {
    pop_top();
    --dead_;
  }
  if (dead_ > 64 && dead_ > heap_.size() / 2) {
    std::erase_if(heap_, [this](const Entry& e) { return !live(e); });
    std::make_heap(heap_.begin(), heap_.end(), later);
    dead_ = 0;
  }
}

}  // namespace ws::sim
