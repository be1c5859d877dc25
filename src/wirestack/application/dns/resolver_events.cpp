#include "wirestack/application/dns/resolver_events.h"

#include <string>

namespace ws::dns {

void ResolverEvents::report(Instant now, DnsEvent event, const DnsQuestion& question,
                            const DnsName* zone) const {
  if (!sink_) return;
  const std::string name = question.name.to_string();
  const std::string zone_text = zone ? zone->to_string() : std::string();
  event.name = name;
  event.type = question.type;
  event.zone = zone_text;
  sink_->on_event(Event{now, node_, Layer::kApplication, EventData(event)});
}

void ResolverEvents::report(Instant now, DnsEvent::What what, const Transaction& tx) const {
  report(now, {.what = what, .server = tx.server, .id = tx.id, .local_port = tx.local_port},
         tx.question);
}

void ResolverEvents::report_response(Instant now, const Transaction& tx, const DnsMessage& response,
                                     std::size_t bytes) const {
  report(now,
         {.what = DnsEvent::What::kResponseReceived,
          .server = tx.server,
          .id = tx.id,
          .local_port = tx.local_port,
          .rcode = response.header.rcode,
          .answers = static_cast<std::uint16_t>(response.answers.size()),
          .bytes = static_cast<std::uint16_t>(bytes)},
         tx.question);
}

void ResolverEvents::report_drop(Instant now, ResponseDrop drop, Ipv4Address from,
                                 std::uint16_t local_port, Bytes payload) const {
  if (!sink_) return;
  DnsEvent event{.what = DnsEvent::What::kResponseDropped,
                 .server = from,
                 .local_port = local_port,
                 .bytes = static_cast<std::uint16_t>(payload.size()),
                 .reason = to_string(drop)};
  DnsQuestion question;
  if (const auto packet = DnsPacket::check(payload)) event.id = packet->id();
  if (const auto m = DnsMessage::parse(payload); m && !m->questions.empty()) {
    question = m->questions[0];
  }
  report(now, event, question);
}

}  // namespace ws::dns
