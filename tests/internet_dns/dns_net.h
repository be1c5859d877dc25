// The journey's internet with its name service, and a recorder of the resolvers' DnsEvents
// and of the DNS queries each host sends, for the tests of tests/internet_dns.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "wirestack/sim/internet_dns.h"
#include "wirestack/sim/internet_topology.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/udp.h"

namespace ws::test {

struct RecordedDnsEvent {
  std::string node;
  DnsEvent::What what;
  std::string name;
  std::string zone;
  Ipv4Address server;
  std::uint16_t id = 0;
  std::uint16_t local_port = 0;
  std::uint8_t rcode = 0;
  std::string reason;
};

// A DNS query leaving a host: an IPv4/UDP frame to port 53 sent on one of its interfaces.
struct SentQuery {
  std::string node;
  Ipv4Address src;
  Ipv4Address dst;
};

class DnsRecorder final : public EventSink {
 public:
  void on_event(const Event& e) override {
    if (const auto* d = std::get_if<DnsEvent>(&e.data)) {
      events.push_back({std::string(e.node), d->what, std::string(d->name), std::string(d->zone),
                        d->server, d->id, d->local_port, d->rcode, d->reason});
    }
    const auto* f = std::get_if<FrameEvent>(&e.data);
    if (!f || f->direction != FrameEvent::Direction::kOut) return;
    auto eth = EthernetFrame::check(f->frame);
    if (!eth || eth->ethertype() != ethertype::kIpv4) return;
    auto ip = Ipv4Packet::check(eth->payload());
    if (!ip || ip->protocol() != ip_proto::kUdp) return;
    auto udp = UdpPacket::check(ip->payload());
    if (udp && udp->dst_port() == 53)
      queries.push_back({std::string(e.node), ip->src(), ip->dst()});
  }
  // The servers `node` sent DnsEvent `what` about, in order.
  std::vector<Ipv4Address> servers(const std::string& node, DnsEvent::What what) const {
    std::vector<Ipv4Address> out;
    for (const auto& e : events) {
      if (e.node == node && e.what == what) out.push_back(e.server);
    }
    return out;
  }
  std::vector<std::string> zones(const std::string& node, DnsEvent::What what) const {
    std::vector<std::string> out;
    for (const auto& e : events) {
      if (e.node == node && e.what == what) out.push_back(e.zone);
    }
    return out;
  }
  std::size_t queries_from(const std::string& node) const {
    std::size_t n = 0;
    for (const auto& q : queries) n += q.node == node;
    return n;
  }
  void clear() {
    events.clear();
    queries.clear();
  }

  std::vector<RecordedDnsEvent> events;
  std::vector<SentQuery> queries;
};

class InternetDnsTest : public ::testing::Test {
 protected:
  InternetDnsTest() {
    net_.set_event_sink(&recorder_);
    net_.node(net_.client()).add_app(second_binding_);
  }

  // Resolves through `stub` (the client's by default), running the simulation until done.
  dns::Resolution lookup(const char* name, std::uint16_t type = dns::rr_type::kA,
                         dns::StubResolver* stub = nullptr) {
    std::optional<dns::Resolution> result;
    (stub ? *stub : net_.dns().client_stub())
        .lookup(*dns::DnsName::from_text(name), type, net_.sim().now(),
                [&](const dns::Resolution& r) { result = r; });
    net_.sim().run_while([&] { return !result; }, net_.sim().now() + Duration::seconds(30));
    EXPECT_TRUE(result) << name;
    return result.value_or(dns::Resolution{});
  }
  // Through a second stub on the client: its own cache is cold, so the query reaches the
  // ISP's resolver even when the client's stub has the answer.
  dns::Resolution lookup_at_resolver(const char* name, std::uint16_t type = dns::rr_type::kA) {
    return lookup(name, type, &second_stub_);
  }

  sim::InternetTopology net_{{}};
  DnsRecorder recorder_;
  dns::StubResolver second_stub_{
      {.servers = {sim::InternetTopology::kResolver}, .cache_entries = 0}, Rng(99)};
  dns::StubUdpBinding second_binding_{net_.client_udp(), second_stub_};
};

}  // namespace ws::test
