#include "wirestack/internet/arp_cache.h"

#include <algorithm>
#include <functional>

namespace ws {

ArpCache::ArpCache(ArpCacheConfig config) : config_(config), slots_(config.queue_total) {
  entries_.reserve(config_.max_entries);
  timers_.reserve(config_.max_entries);
  for (std::size_t i = slots_.size(); i-- > 0;) {
    slots_[i].next = free_;
    free_ = static_cast<std::uint32_t>(i);
  }
}

const MacAddress* ArpCache::lookup(Ipv4Address ip) const {
  auto it = entries_.find(ip.value());
  if (it == entries_.end() || it->second.state != State::kReachable) return nullptr;
  return &it->second.mac;
}

void ArpCache::push_timer(std::uint32_t ip, Entry& e) {
  e.timer_id = next_timer_id_++;
  timers_.push_back({e.deadline, ip, e.timer_id});
  std::push_heap(timers_.begin(), timers_.end(), std::greater<>());
}

// Each entry has one live heap item. A later deadline is found when that item comes due and is
// re-armed then; only an earlier one needs a new item now.
void ArpCache::set_deadline(std::uint32_t ip, Entry& e, Instant deadline) {
  const bool earlier = deadline < e.deadline;
  e.deadline = deadline;
  if (earlier) push_timer(ip, e);
}

ArpCache::Change ArpCache::update(Ipv4Address ip, MacAddress mac, Instant now, bool create) {
  auto it = entries_.find(ip.value());
  if (it == entries_.end()) {
    if (!create) return Change::kNone;
    if (entries_.size() >= config_.max_entries) return Change::kTableFull;
    Entry& e = entries_[ip.value()];
    e.mac = mac;
    e.state = State::kReachable;
    e.deadline = now + config_.reachable_time;
    push_timer(ip.value(), e);
    return Change::kAdded;
  }
  Entry& e = it->second;
  const bool changed = e.state != State::kReachable || e.mac != mac;
  e.mac = mac;
  e.state = State::kReachable;
  set_deadline(ip.value(), e, now + config_.reachable_time);
  return changed ? Change::kUpdated : Change::kRefreshed;
}

void ArpCache::push_back(std::uint32_t& head, std::uint32_t& tail, PacketBuffer&& packet) {
  const std::uint32_t i = free_;
  free_ = slots_[i].next;
  slots_[i].packet = std::move(packet);
  slots_[i].next = kNil;
  if (tail == kNil) {
    head = i;
  } else {
    slots_[tail].next = i;
  }
  tail = i;
  ++queued_total_;
}

PacketBuffer ArpCache::pop_front(std::uint32_t& head, std::uint32_t& tail) {
  const std::uint32_t i = head;
  head = slots_[i].next;
  if (head == kNil) tail = kNil;
  slots_[i].next = free_;
  free_ = i;
  --queued_total_;
  return std::move(slots_[i].packet);
}

ArpCache::Enqueued ArpCache::enqueue(Ipv4Address ip, PacketBuffer&& datagram, Instant now) {
  Enqueued result;
  auto it = entries_.find(ip.value());
  if (it == entries_.end()) {
    if (entries_.size() >= config_.max_entries) {
      result.table_full = true;
      result.dropped = std::move(datagram);
      return result;
    }
    it = entries_.emplace(ip.value(), Entry{}).first;
    Entry& e = it->second;
    e.requests_sent = 1;
    e.deadline = now + config_.retry_interval;
    push_timer(ip.value(), e);
    result.send_request = true;
  }
  Entry& e = it->second;
  if (config_.queue_per_entry == 0) {
    result.dropped = std::move(datagram);
    return result;
  }
  if (e.queued >= config_.queue_per_entry) {
    result.dropped = pop_front(e.head, e.tail);
    --e.queued;
  } else if (free_ == kNil) {
    result.dropped = std::move(datagram);
    return result;
  }
  push_back(e.head, e.tail, std::move(datagram));
  ++e.queued;
  result.queued = true;
  return result;
}

std::optional<PacketBuffer> ArpCache::take_queued(Ipv4Address ip) {
  auto it = entries_.find(ip.value());
  if (it == entries_.end() || it->second.state != State::kReachable || it->second.queued == 0) {
    return std::nullopt;
  }
  --it->second.queued;
  return pop_front(it->second.head, it->second.tail);
}

std::optional<PacketBuffer> ArpCache::take_failed() {
  if (failed_.head == kNil) return std::nullopt;
  return pop_front(failed_.head, failed_.tail);
}

std::optional<ArpCache::Timeout> ArpCache::next_timeout(Instant now) {
  while (!timers_.empty() && timers_.front().deadline <= now) {
    std::pop_heap(timers_.begin(), timers_.end(), std::greater<>());
    const Timer t = timers_.back();
    timers_.pop_back();
    auto it = entries_.find(t.ip);
    if (it == entries_.end() || it->second.timer_id != t.id) continue;  // stale
    Entry& e = it->second;
    if (e.deadline > now) {  // pushed back since this item was armed
      push_timer(t.ip, e);
      continue;
    }
    const Ipv4Address ip(t.ip);
    if (e.state == State::kReachable) {
      const MacAddress mac = e.mac;
      entries_.erase(it);
      return Timeout{Timeout::Kind::kExpired, ip, mac, 0};
    }
    if (e.requests_sent < config_.max_requests) {
      ++e.requests_sent;
      e.deadline = now + config_.retry_interval;
      push_timer(t.ip, e);
      return Timeout{Timeout::Kind::kRetry, ip, MacAddress::zero(), e.requests_sent};
    }
    // Move the queue to the failed list (splice, in order).
    if (e.head != kNil) {
      if (failed_.tail == kNil) {
        failed_.head = e.head;
      } else {
        slots_[failed_.tail].next = e.head;
      }
      failed_.tail = e.tail;
    }
    entries_.erase(it);
    return Timeout{Timeout::Kind::kFailed, ip, MacAddress::zero(), 0};
  }
  return std::nullopt;
}

std::optional<Instant> ArpCache::poll_at() const {
  if (timers_.empty()) return std::nullopt;
  return timers_.front().deadline;
}

std::vector<ArpCache::Neighbour> ArpCache::neighbours() const {
  std::vector<Neighbour> out;
  out.reserve(entries_.size());
  for (const auto& [ip, e] : entries_) {
    out.push_back({Ipv4Address(ip), e.mac, e.state, e.deadline, e.queued});
  }
  std::sort(out.begin(), out.end(),
            [](const Neighbour& a, const Neighbour& b) { return a.ip < b.ip; });
  return out;
}

}  // namespace ws
