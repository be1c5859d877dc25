// `dig` in text, apart from whatever network carries the queries (the simulated internet, or a
// TAP device): a recorder that times each query from the resolvers' DnsEvents, and printers for
// dig's answer and +trace output.
//
//   ws::dns::DigRecorder recorder;               // an EventSink: give it to the stub/resolver
//   stub.set_event_sink(&recorder, "client");    // ... run until the lookup's callback ...
//   auto exchanges = recorder.exchanges(resolution);
//   std::fputs(ws::dns::format_dig_answer(exchanges.back()).c_str(), stdout);
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "wirestack/application/dns/transaction.h"
#include "wirestack/trace/event.h"

namespace ws::dns {

// One query and the response dig reports for it.
struct DigExchange {
  Ipv4Address server;
  std::string server_name;  // "a.root-servers.net", or the address when no name is known
  DnsMessage response;
  std::size_t bytes = 0;  // the response's size ("MSG SIZE rcvd")
  Duration elapsed;       // query sent to response accepted ("Query time")
  Instant received;
};

class DigRecorder final : public EventSink {
 public:
  void on_event(const Event& event) override;
  // The accepted responses of `resolution` (its trail), each with its timing and size, and
  // the server's name when an earlier response named it (NS target with glue).
  std::vector<DigExchange> exchanges(const Resolution& resolution) const;

 private:
  struct Response {
    Instant at;
    Duration elapsed;
    std::size_t bytes;
  };
  std::map<std::uint16_t, Instant> sent_;  // by query id
  std::vector<Response> responses_;        // accepted, in order
};

// "\n; <<>> wirestack dig <<>> ARGS\n;; global options: +cmd\n"
std::string format_dig_banner(std::string_view args);
// ";; Got answer:", the header, OPT pseudosection, the question, answer, authority and
// additional sections, query time, server and size, as dig prints them.
std::string format_dig_answer(const DigExchange& exchange);
// One +trace step: the response's answer (or, for a referral, authority) records, then
// ";; Received N bytes from ADDR#53(NAME) in T ms".
std::string format_dig_trace_step(const DigExchange& exchange);
// ";; communications error to ADDR#53: timed out" / ";; no servers could be reached".
std::string format_dig_no_reply(Ipv4Address server);

}  // namespace ws::dns
