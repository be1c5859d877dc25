// How a resolver reports its steps (DnsEvent) through a host's event sink. Names are turned
// into text only when a sink listens, so an unobserved resolver pays one null check.
#pragma once

#include <string_view>

#include "wirestack/application/dns/transaction.h"
#include "wirestack/trace/event.h"

namespace ws::dns {

class ResolverEvents {
 public:
  // `node` names the reporting host (it must outlive the reporter); null `sink` disables.
  void attach(EventSink* sink, std::string_view node) {
    sink_ = sink;
    node_ = node;
  }
  bool enabled() const { return sink_ != nullptr; }

  // Reports `event` about `question` (its name and type fill the event's), and `zone` for a
  // referral.
  void report(Instant now, DnsEvent event, const DnsQuestion& question,
              const DnsName* zone = nullptr) const;
  // Reports `event` about the query `tx` (server, id, port and question).
  void report(Instant now, DnsEvent::What what, const Transaction& tx) const;
  // Reports an accepted `response` of `bytes` bytes to `tx`.
  void report_response(Instant now, const Transaction& tx, const DnsMessage& response,
                       std::size_t bytes) const;
  // Reports a datagram from `from` to our `local_port` that was not taken as an answer.
  void report_drop(Instant now, ResponseDrop drop, Ipv4Address from, std::uint16_t local_port,
                   Bytes payload) const;

 private:
  EventSink* sink_ = nullptr;
  std::string_view node_;
};

}  // namespace ws::dns
