// Spoofed answers (RFC 5452): a host on the path (the ISP's router) forges responses "from"
// google.com.'s name server while the resolver's real query is in flight. Each forgery gets
// one thing wrong (id, source port, destination port, question); each is dropped and counted,
// and the real answer that follows is accepted.
#include <cstring>

#include "internet_dns/dns_net.h"

namespace ws::test {
namespace {

using sim::InternetTopology;

const Ipv4Address kForged = Ipv4Address::of(203, 0, 113, 99);  // where the attacker wants you

// Sends a UDP datagram from `from` with any source address it likes (a router can).
void forge(Host& from, Instant now, Ipv4Address src, std::uint16_t sport, Ipv4Address dst,
           std::uint16_t dport, const std::vector<std::uint8_t>& payload) {
  PacketBuffer buffer = from.take_buffer(kUdpHeaderLen + payload.size());
  MutableBytes datagram = buffer.append(kUdpHeaderLen + payload.size());
  std::memcpy(datagram.data() + kUdpHeaderLen, payload.data(), payload.size());
  UdpRepr udp;
  udp.src_port = sport;
  udp.dst_port = dport;
  udp.emit(datagram, src, dst);
  Ipv4Send send;
  send.dst = dst;
  send.src = src;
  send.protocol = ip_proto::kUdp;
  (void)from.send_ipv4(now, send, std::move(buffer));
}

// A response claiming `name` is at kForged.
std::vector<std::uint8_t> forged_answer(std::uint16_t id, const char* name) {
  const auto qname = *dns::DnsName::from_text(name);
  dns::DnsMessage m = dns::make_query(id, qname, dns::rr_type::kA, false);
  m.header.qr = true;
  m.header.aa = true;
  m.answers.push_back(dns::DnsRecord::a(qname, 86400, kForged));
  return m.emit();
}

TEST_F(InternetDnsTest, SpoofedAnswersAreDroppedAndCountedAndTheRealOneAccepted) {
  // When the resolver sends its query to google.com.'s server, the ISP's router forges four
  // answers at once; they arrive well before the real one (one LAN hop against ~36 ms).
  struct Watch final : EventSink {
    InternetTopology* net;
    DnsRecorder* recorder;
    void on_event(const Event& e) override {
      recorder->on_event(e);
      const auto* d = std::get_if<DnsEvent>(&e.data);
      if (!d || d->what != DnsEvent::What::kQuerySent || e.node != "isp-resolver" ||
          d->server != InternetTopology::kGoogleDns) {
        return;
      }
      const std::uint16_t id = d->id, port = d->local_port;
      net->sim().call_at(e.time, [this, id, port](Instant now) {
        Host& attacker = net->isp_router();
        const auto gdns = InternetTopology::kGoogleDns, res = InternetTopology::kResolver;
        forge(attacker, now, gdns, 53, res, port, forged_answer(id + 1, "www.google.com"));
        forge(attacker, now, gdns, 5353, res, port, forged_answer(id, "www.google.com"));
        forge(attacker, now, gdns, 53, res, port, forged_answer(id, "mail.google.com"));
        forge(attacker, now, gdns, 53, res, static_cast<std::uint16_t>(port ^ 1),
              forged_answer(id, "www.google.com"));
      });
    }
  } watch;
  watch.net = &net_;
  watch.recorder = &recorder_;
  net_.set_event_sink(&watch);

  const auto r = lookup("www.google.com");
  EXPECT_EQ(r.addresses(), std::vector<Ipv4Address>{InternetTopology::kWebServer});
  const auto& c = net_.dns().recursive().counters();
  EXPECT_EQ(c.mismatched, 3u);          // wrong id, wrong source port, wrong question
  EXPECT_EQ(c.responses_accepted, 3u);  // root, com., google.com.: the real ones
  // The one to a port with no query open never reaches the resolver: UDP answers it with
  // port unreachable (and counts it) like any closed port.
  EXPECT_EQ(net_.udp(net_.resolver()).counters().no_ports, 1u);
  std::vector<std::string> reasons;
  for (const auto& e : recorder_.events) {
    if (e.what == DnsEvent::What::kResponseDropped) reasons.push_back(e.reason);
  }
  EXPECT_EQ(reasons, (std::vector<std::string>{"mismatched", "mismatched", "mismatched"}));
  // Nothing forged was cached: a second client asking gets the real address.
  EXPECT_EQ(lookup_at_resolver("www.google.com").addresses(),
            std::vector<Ipv4Address>{InternetTopology::kWebServer});
}

TEST_F(InternetDnsTest, AnAnswerToAPortWithNoQueryIsDroppedAsUnexpected) {
  auto& resolver = net_.dns().recursive();
  resolver.on_datagram(InternetTopology::kGoogleDns, 53, 50000, forged_answer(1, "www.google.com"),
                       net_.sim().now());
  EXPECT_EQ(resolver.counters().unexpected, 1u);
  ASSERT_EQ(recorder_.events.size(), 1u);
  EXPECT_EQ(recorder_.events[0].reason, "unexpected");
}

}  // namespace
}  // namespace ws::test
