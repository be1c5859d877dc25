#include "wirestack/trace/event_record.h"

namespace ws {

RecordedEvent::RecordedEvent(const Event& event)
    : time_(event.time), node_(event.node), layer_(event.layer), data_(event.data) {
  if (const auto* frame = std::get_if<FrameEvent>(&event.data)) {
    ifname_ = frame->ifname;
    bytes_.assign(frame->frame.begin(), frame->frame.end());
  } else if (const auto* drop = std::get_if<DropEvent>(&event.data)) {
    bytes_.assign(drop->packet.begin(), drop->packet.end());
  } else if (const auto* http = std::get_if<HttpEvent>(&event.data)) {
    text_[0] = http->method;
    text_[1] = http->target;
  } else if (const auto* dns = std::get_if<DnsEvent>(&event.data)) {
    text_[0] = dns->name;
    text_[1] = dns->zone;
  }
}

Event RecordedEvent::event() const {
  EventData data = data_;
  if (auto* frame = std::get_if<FrameEvent>(&data)) {
    frame->ifname = ifname_;
    frame->frame = bytes_;
  } else if (auto* drop = std::get_if<DropEvent>(&data)) {
    drop->packet = bytes_;
  } else if (auto* http = std::get_if<HttpEvent>(&data)) {
    http->method = text_[0];
    http->target = text_[1];
  } else if (auto* dns = std::get_if<DnsEvent>(&data)) {
    dns->name = text_[0];
    dns->zone = text_[1];
  }
  return Event{time_, node_, layer_, data};
}

}  // namespace ws
