#include "wirestack/sim/switch.h"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <utility>

namespace ws::sim {

Switch::Switch(std::string name, const SwitchConfig& config)
    : name_(std::move(name)), config_(config) {}

std::size_t Switch::add_port(Device& device, std::string name) {
  if (name.empty()) name = std::string("p").append(std::to_string(ports_.size()));
  ports_.push_back(Port{&device, std::move(name)});
  return ports_.size() - 1;
}

void Switch::poll(Instant now) {
  for (std::size_t i = 0; i < ports_.size(); ++i) {
    while (auto frame = ports_[i].device->receive(now)) forward(now, i, *frame);
  }
}

std::optional<Instant> Switch::poll_at() const {
  std::optional<Instant> at;
  for (const Port& p : ports_) {
    if (auto t = p.device->poll_at(); t && (!at || *t < *at)) at = t;
  }
  return at;
}

std::uint64_t Switch::key(MacAddress mac) {
  std::uint64_t k = 0;
  for (std::uint8_t b : mac.bytes()) k = (k << 8) | b;
  return k;
}

void Switch::forward(Instant now, std::size_t in, Bytes frame) {
  ++stats_.frames_in;
  if (frame.size() < 14) {
    ++stats_.runts;
    return;
  }
  const MacAddress dst = MacAddress::from_bytes(frame.data());
  const MacAddress src = MacAddress::from_bytes(frame.data() + 6);
  if (!src.is_multicast()) learn(now, src, in);

  const std::optional<std::size_t> out = dst.is_multicast() ? std::nullopt : lookup(dst, now);
  if (!out) {
    ++stats_.flooded;
    for (std::size_t i = 0; i < ports_.size(); ++i) {
      if (i != in) ports_[i].device->transmit(now, frame);
    }
  } else if (*out == in) {
    ++stats_.filtered;
  } else {
    ++stats_.forwarded;
    ports_[*out].device->transmit(now, frame);
  }
}

std::optional<std::size_t> Switch::lookup(MacAddress mac, Instant now) const {
  const auto it = table_.find(key(mac));
  if (it == table_.end() || !fresh(it->second, now)) return std::nullopt;
  return it->second.port;
}

void Switch::learn(Instant now, MacAddress src, std::size_t port) {
  const auto [it, inserted] = table_.try_emplace(key(src), Entry{src, port, now, now});
  if (!inserted) {
    Entry& e = it->second;
    if (!fresh(e, now)) {
      ++stats_.aged;
      e = Entry{src, port, now, now};
    } else if (e.port != port) {
      ++stats_.moved;
      e = Entry{src, port, now, now};
    } else {
      e.last_seen = now;
    }
    return;
  }
  if (table_.size() > config_.max_entries) {
    expire(now);
    if (table_.size() > config_.max_entries) {
      table_.erase(it);
      ++stats_.table_full;
      return;
    }
  }
  ++stats_.learned;
}

void Switch::expire(Instant now) {
  stats_.aged += std::erase_if(table_, [&](const auto& kv) { return !fresh(kv.second, now); });
}

std::string Switch::mac_table(Instant now) const {
  std::vector<const Entry*> rows;
  for (const auto& kv : table_) {
    if (fresh(kv.second, now)) rows.push_back(&kv.second);
  }
  std::sort(rows.begin(), rows.end(), [](const Entry* x, const Entry* y) {
    return std::tie(x->port, x->mac) < std::tie(y->port, y->mac);
  });
  std::string out;
  for (const Entry* e : rows) {
    char line[160];
    std::snprintf(line, sizeof line, "%s dev %s master %s used %lld/%lld\n",
                  e->mac.to_string().c_str(), ports_[e->port].name.c_str(), name_.c_str(),
                  static_cast<long long>((now - e->last_seen).as_nanos() / 1'000'000'000),
                  static_cast<long long>((now - e->learned).as_nanos() / 1'000'000'000));
    out += line;
  }
  return out;
}

}  // namespace ws::sim
