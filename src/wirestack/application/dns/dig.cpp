#include "wirestack/application/dns/dig.h"

#include "wirestack/wire/text.h"

namespace ws::dns {
namespace {

std::string millis(Duration d) {
  return std::to_string(d.as_nanos() / 1'000'000);
}

std::string section(const char* title, const std::vector<DnsRecord>& records) {
  std::string s;
  for (const auto& r : records) {
    if (r.type != rr_type::kOpt) s += r.to_string() + "\n";
  }
  return s.empty() ? s : strprintf(";; %s SECTION:\n", title) + s + "\n";
}

std::string flags(const DnsHeader& h) {
  std::string s;
  if (h.qr) s += " qr";
  if (h.aa) s += " aa";
  if (h.tc) s += " tc";
  if (h.rd) s += " rd";
  if (h.ra) s += " ra";
  if (h.ad) s += " ad";
  if (h.cd) s += " cd";
  return s;
}

const char* opcode_name(std::uint8_t op) {
  static constexpr const char* kNames[] = {"QUERY",     "IQUERY", "STATUS",
                                           "RESERVED3", "NOTIFY", "UPDATE"};
  return op < std::size(kNames) ? kNames[op] : "RESERVED";
}

}  // namespace

void DigRecorder::on_event(const Event& event) {
  const auto* e = std::get_if<DnsEvent>(&event.data);
  if (!e) return;
  if (e->what == DnsEvent::What::kQuerySent) sent_[e->id] = event.time;
  if (e->what != DnsEvent::What::kResponseReceived) return;
  const auto it = sent_.find(e->id);
  const Duration elapsed = it == sent_.end() ? Duration() : event.time - it->second;
  responses_.push_back({event.time, elapsed, e->bytes});
}

std::vector<DigExchange> DigRecorder::exchanges(const Resolution& resolution) const {
  std::map<Ipv4Address, std::string> names;  // from NS targets and their glue
  std::vector<DigExchange> out;
  for (std::size_t i = 0; i < resolution.trail.size(); ++i) {
    const auto& [server, response] = resolution.trail[i];
    DigExchange x;
    x.server = server;
    const auto name = names.find(server);
    x.server_name = name != names.end() ? name->second : server.to_string();
    x.response = response;
    if (i < responses_.size()) {
      x.bytes = responses_[i].bytes;
      x.elapsed = responses_[i].elapsed;
      x.received = responses_[i].at;
    }
    out.push_back(std::move(x));
    for (const auto& r : response.additional) {
      if (const auto* a = std::get_if<Ipv4Address>(&r.data)) {
        std::string text = r.name.to_string();
        if (text.size() > 1) text.pop_back();  // dig shows "a.root-servers.net", no final dot
        names[*a] = text;
      }
    }
  }
  return out;
}

std::string format_dig_banner(std::string_view args) {
  return strprintf("\n; <<>> wirestack dig <<>> %.*s\n;; global options: +cmd\n",
                   static_cast<int>(args.size()), args.data());
}

std::string format_dig_answer(const DigExchange& x) {
  const DnsMessage& m = x.response;
  const DnsHeader& h = m.header;
  std::string s = ";; Got answer:\n";
  s += strprintf(";; ->>HEADER<<- opcode: %s, status: %s, id: %u\n", opcode_name(h.opcode),
                 rcode_name(h.rcode).c_str(), h.id);
  const std::size_t additional = m.additional.size();  // dig counts OPT in ADDITIONAL
  s += strprintf(";; flags:%s; QUERY: %zu, ANSWER: %zu, AUTHORITY: %zu, ADDITIONAL: %zu\n\n",
                 flags(h).c_str(), m.questions.size(), m.answers.size(), m.authority.size(),
                 additional);
  if (const DnsRecord* opt = m.opt()) {
    s += strprintf(";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: %u\n", opt->rclass);
  }
  s += ";; QUESTION SECTION:\n";
  for (const auto& q : m.questions) {
    s += ";" + q.name.to_string() + "\t\t\tIN\t" + type_name(q.type) + "\n";
  }
  s += "\n";
  s += section("ANSWER", m.answers);
  s += section("AUTHORITY", m.authority);
  s += section("ADDITIONAL", m.additional);
  s += ";; Query time: " + millis(x.elapsed) + " msec\n";
  s += ";; SERVER: " + x.server.to_string() + "#53(" + x.server_name + ") (UDP)\n";
  s += ";; WHEN: " + format_seconds(x.received) + " s of simulated time\n";
  s += strprintf(";; MSG SIZE  rcvd: %zu\n\n", x.bytes);
  return s;
}

std::string format_dig_trace_step(const DigExchange& x) {
  std::string s;
  const auto& shown = x.response.answers.empty() ? x.response.authority : x.response.answers;
  for (const auto& r : shown) s += r.to_string() + "\n";
  s += strprintf(";; Received %zu bytes from %s#53(%s) in %s ms\n\n", x.bytes,
                 x.server.to_string().c_str(), x.server_name.c_str(), millis(x.elapsed).c_str());
  return s;
}

std::string format_dig_no_reply(Ipv4Address server) {
  return ";; communications error to " + server.to_string() +
         "#53: timed out\n;; no servers could be reached\n";
}

}  // namespace ws::dns
