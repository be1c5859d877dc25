// Test doubles for the internet layer: an in-memory Device (frames injected by the test, or
// delivered by a peer after a latency; transmitted frames kept for the test to inspect) and an
// EventSink that keeps every event.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wirestack/link/device.h"
#include "wirestack/trace/event.h"

namespace ws::test {

using Frame = std::vector<std::uint8_t>;

class FakeDevice final : public Device {
 public:
  explicit FakeDevice(std::size_t mtu = 1500) : mtu_(mtu) {}

  // A frame that arrives at `at` (default: at once).
  void inject(Frame frame, Instant at = Instant::epoch()) {
    rx_.emplace_back(at, std::move(frame));
  }
  // Frames this device transmits go to `peer`, arriving `latency` later.
  void connect(FakeDevice& peer, Duration latency) {
    peer_ = &peer;
    latency_ = latency;
  }
  // Every frame transmitted since the last call.
  std::vector<Frame> take_sent() { return std::exchange(sent_, {}); }
  std::size_t pending_rx() const { return rx_.size(); }

  std::optional<Bytes> receive(Instant now) override {
    if (rx_.empty() || rx_.front().first > now) return std::nullopt;
    current_ = std::move(rx_.front().second);
    rx_.pop_front();
    return Bytes(current_);
  }
  void transmit(Instant now, Bytes frame) override {
    if (peer_) {
      peer_->inject(Frame(frame.begin(), frame.end()), now + latency_);
    } else {
      sent_.emplace_back(frame.begin(), frame.end());
    }
  }
  DeviceCaps caps() const override { return DeviceCaps{mtu_}; }
  std::optional<Instant> poll_at() const override {
    if (rx_.empty()) return std::nullopt;
    return rx_.front().first;
  }

 private:
  std::size_t mtu_;
  std::deque<std::pair<Instant, Frame>> rx_;
  Frame current_;
  std::vector<Frame> sent_;
  FakeDevice* peer_ = nullptr;
  Duration latency_;
};

class RecordingSink final : public EventSink {
 public:
  void on_event(const Event& event) override { events.push_back(event.data); }

  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const EventData& e : events) {
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }
  std::vector<DropReason> drops() const {
    std::vector<DropReason> out;
    for (const DropEvent& d : all<DropEvent>()) out.push_back(d.reason);
    return out;
  }

  std::vector<EventData> events;  // spans inside are dangling after the callback: not read
};

}  // namespace ws::test
