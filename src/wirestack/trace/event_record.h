// Events kept after the callback: a RecordedEvent owns the bytes and names an Event only
// borrows, so a scenario can record a whole run and render it afterwards (the journey's
// narration and ladder), in order, as often as it likes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wirestack/trace/event.h"

namespace ws {

class RecordedEvent {
 public:
  explicit RecordedEvent(const Event& event);

  // The event as delivered, its views pointing into this record (valid while it lives).
  Event event() const;
  Instant time() const { return time_; }
  const std::string& node() const { return node_; }
  const EventData& data() const { return data_; }
  Bytes bytes() const { return bytes_; }  // a frame's or a dropped packet's bytes

 private:
  Instant time_;
  std::string node_;
  Layer layer_;
  EventData data_;
  std::string ifname_;
  std::vector<std::uint8_t> bytes_;
  std::string text_[2];  // an HttpEvent's method and target, a DnsEvent's name and zone
};

}  // namespace ws
