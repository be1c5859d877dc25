// The journey's story on the simulated internet: the steps S1–S15 of JOURNEY.md happen, in
// the order the issue asks for, with the right packets; the teaching switches change the story
// as they promise.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <optional>
#include <string>

#include "wirestack/sim/journey.h"
#include "wirestack/wire/arp.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"
#include "wirestack/wire/udp.h"

namespace ws::sim {
namespace {

using Dir = FrameEvent::Direction;

// A frame event, parsed just enough to ask questions of it.
struct Frame {
  std::string node;
  Dir direction;
  std::optional<ArpRepr> arp;
  std::optional<Ipv4Address> src, dst;
  std::uint8_t protocol = 0;
  std::uint16_t sport = 0, dport = 0;
  std::uint16_t flags = 0;
  std::string payload;
};

std::optional<Frame> frame_of(const RecordedEvent& e) {
  const auto* f = std::get_if<FrameEvent>(&e.data());
  if (!f) return std::nullopt;
  Frame out{e.node(), f->direction, {}, {}, {}, 0, 0, 0, 0, {}};
  auto eth = EthernetFrame::check(e.bytes());
  if (!eth) return out;
  if (eth->ethertype() == ethertype::kArp) {
    if (auto view = ArpPacket::check(eth->payload())) {
      if (auto repr = ArpRepr::parse(*view)) out.arp = *repr;
    }
    return out;
  }
  auto ip = Ipv4Packet::check(eth->payload());
  if (!ip) return out;
  out.src = ip->src();
  out.dst = ip->dst();
  out.protocol = ip->protocol();
  if (out.protocol == ip_proto::kTcp) {
    if (auto tcp = TcpPacket::check(ip->payload())) {
      out.sport = tcp->src_port();
      out.dport = tcp->dst_port();
      out.flags = tcp->flags();
      out.payload.assign(reinterpret_cast<const char*>(tcp->payload().data()),
                         tcp->payload().size());
    }
  } else if (out.protocol == ip_proto::kUdp) {
    if (auto udp = UdpPacket::check(ip->payload())) {
      out.sport = udp->src_port();
      out.dport = udp->dst_port();
    }
  }
  return out;
}

class Story {
 public:
  explicit Story(JourneyOptions options) : journey_(options) { journey_.run(); }

  const Journey& journey() const { return journey_; }
  // The index of the first event at or after `from` that satisfies `pred`, or -1.
  long find(const std::function<bool(const RecordedEvent&)>& pred, long from = 0) const {
    const auto& ev = journey_.events();
    for (std::size_t i = static_cast<std::size_t>(std::max(from, 0L)); i < ev.size(); ++i) {
      if (pred(ev[i])) return static_cast<long>(i);
    }
    return -1;
  }
  long frame(const std::function<bool(const Frame&)>& pred, long from = 0) const {
    return find(
        [&](const RecordedEvent& e) {
          auto f = frame_of(e);
          return f && pred(*f);
        },
        from);
  }
  long state(const std::string& node, const char* from, const char* to, long after = 0) const {
    return find(
        [&](const RecordedEvent& e) {
          const auto* s = std::get_if<TcpStateEvent>(&e.data());
          return s && e.node() == node && std::strcmp(s->from, from) == 0 &&
                 std::strcmp(s->to, to) == 0;
        },
        after);
  }
  long first_step(int step) const {
    for (std::size_t i = 0; i < journey_.verdicts().size(); ++i) {
      if (journey_.verdicts()[i].step == step) return static_cast<long>(i);
    }
    return -1;
  }

 private:
  Journey journey_;
};

constexpr Ipv4Address kClient = InternetTopology::kClient;
constexpr Ipv4Address kGateway = InternetTopology::kGateway;
constexpr Ipv4Address kPublic = InternetTopology::kPublic;
constexpr Ipv4Address kServer = InternetTopology::kWebServer;

bool sent(const Frame& f, const char* node) {
  return f.node == node && f.direction == Dir::kOut;
}
bool tcp_flags(const Frame& f, std::uint16_t flags) {
  return f.protocol == ip_proto::kTcp && f.flags == flags;
}
bool arp_request_for(const Frame& f, Ipv4Address target) {
  return f.arp && f.arp->operation == ArpOperation::kRequest && f.arp->target_ip == target;
}

const Story& cold() {
  static const Story story(JourneyOptions{});
  return story;
}

TEST(JourneyStory, FinishesWithThePageAndAClosedSocket) {
  const JourneyResult& r = cold().journey().result();
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("</html>"), std::string::npos);
  EXPECT_TRUE(r.closed);
  EXPECT_GE(r.local_port, 49152);
}

TEST(JourneyStory, ArpsForTheGatewayBeforeTheFirstFrameToIt) {
  const Story& s = cold();
  const long arp =
      s.frame([](const Frame& f) { return sent(f, "client") && arp_request_for(f, kGateway); });
  const long first_ip =
      s.frame([](const Frame& f) { return sent(f, "client") && f.src.has_value(); });
  ASSERT_GE(arp, 0);
  ASSERT_GE(first_ip, 0);
  EXPECT_LT(arp, first_ip);
  EXPECT_LT(s.first_step(6), s.first_step(7));  // the routing table named the gateway first
}

TEST(JourneyStory, EveryStepOfTheNoteHappens) {
  for (int step = kFirstStep; step <= kLastStep; ++step) {
    EXPECT_GE(cold().first_step(step), 0) << "S" << step;
  }
}

bool dns_frame(const Frame& f) {
  return f.protocol == ip_proto::kUdp && (f.sport == 53 || f.dport == 53);
}

TEST(JourneyStory, DnsOverUdp53AnswersBeforeTheSynAndTheResolverRecurses) {
  const Story& s = cold();
  const long query =
      s.frame([](const Frame& f) { return sent(f, "client") && dns_frame(f) && f.dport == 53; });
  const long answer = s.frame(
      [](const Frame& f) {
        return f.node == "client" && f.direction == Dir::kIn && dns_frame(f) && f.sport == 53;
      },
      query);
  const long syn =
      s.frame([](const Frame& f) { return sent(f, "client") && tcp_flags(f, tcp_flag::kSyn); });
  ASSERT_GE(query, 0);
  ASSERT_GE(answer, 0);
  ASSERT_GE(syn, 0);
  EXPECT_LT(answer, syn);
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(query)].step, 4);
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(answer)].step, 5);
  // The ISP's resolver asks root, com. and google.com.'s servers in turn, before the answer.
  long after = query;
  for (const char* server : {"root-dns", "com-dns", "google-dns"}) {
    after = s.frame(
        [&](const Frame& f) { return f.node == server && f.direction == Dir::kIn && dns_frame(f); },
        after);
    ASSERT_GE(after, 0) << server;
    EXPECT_LT(after, answer) << server;
  }
  EXPECT_EQ(s.journey().result().address, kServer);
}

TEST(JourneyStory, HomeRouterRewritesThePrivateSourceToItsPublicAddress) {
  const Story& s = cold();
  const long inside = s.frame([](const Frame& f) {
    return sent(f, "client") && tcp_flags(f, tcp_flag::kSyn) && f.src == kClient;
  });
  const long nat = s.find([](const RecordedEvent& e) {
    const auto* n = std::get_if<NatEvent>(&e.data());
    return n && e.node() == "home-router" && n->what == NatEvent::What::kCreated &&
           n->protocol == ip_proto::kTcp && n->inside == kClient && n->outside == kPublic;
  });
  const long outside = s.frame([](const Frame& f) {
    return sent(f, "home-router") && tcp_flags(f, tcp_flag::kSyn) && f.src == kPublic;
  });
  ASSERT_GE(inside, 0);
  ASSERT_GE(nat, 0);
  ASSERT_GE(outside, 0);
  EXPECT_LT(inside, nat);
  EXPECT_LT(nat, outside);
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(nat)].step, 9);
}

TEST(JourneyStory, LastRouterArpsForTheServerBeforeDeliveringTheSyn) {
  const Story& s = cold();
  const long arp =
      s.frame([](const Frame& f) { return sent(f, "google-edge") && arp_request_for(f, kServer); });
  const long reply = s.frame([](const Frame& f) {
    return sent(f, "www") && f.arp && f.arp->operation == ArpOperation::kReply;
  });
  const long syn_in = s.frame([](const Frame& f) {
    return f.node == "www" && f.direction == Dir::kIn && tcp_flags(f, tcp_flag::kSyn);
  });
  ASSERT_GE(arp, 0);
  ASSERT_GE(reply, 0);
  ASSERT_GE(syn_in, 0);
  EXPECT_LT(arp, reply);
  EXPECT_LT(reply, syn_in);
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(arp)].step, 11);
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(syn_in)].step, 12);
}

TEST(JourneyStory, HandshakeRequestResponseAndFourSegmentClose) {
  const Story& s = cold();
  using namespace tcp_flag;
  const long syn = s.frame(
      [](const Frame& f) { return sent(f, "client") && tcp_flags(f, kSyn) && f.dport == 80; });
  const long syn_ack =
      s.frame([](const Frame& f) { return sent(f, "www") && tcp_flags(f, kSyn | kAck); }, syn);
  const long ack = s.frame(
      [](const Frame& f) { return sent(f, "client") && tcp_flags(f, kAck) && f.payload.empty(); },
      syn_ack);
  const long get = s.frame(
      [](const Frame& f) {
        return sent(f, "client") && f.payload.rfind("GET / HTTP/1.1\r\n", 0) == 0;
      },
      ack);
  const long ok = s.frame(
      [](const Frame& f) {
        return sent(f, "www") && f.payload.rfind("HTTP/1.1 200 OK\r\n", 0) == 0 &&
               f.payload.find("</html>") != std::string::npos;
      },
      get);
  const long fin1 =
      s.frame([](const Frame& f) { return sent(f, "client") && (f.flags & kFin); }, ok);
  const long ack1 =
      s.frame([](const Frame& f) { return sent(f, "www") && tcp_flags(f, kAck); }, fin1);
  const long fin2 =
      s.frame([](const Frame& f) { return sent(f, "www") && (f.flags & kFin); }, ack1);
  const long ack2 =
      s.frame([](const Frame& f) { return sent(f, "client") && tcp_flags(f, kAck); }, fin2);
  for (long i : {syn, syn_ack, ack, get, ok, fin1, ack1, fin2, ack2}) ASSERT_GE(i, 0);
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(syn)].step, 8);
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(get)].step, 13);
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(fin1)].step, 14);
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(ack2)].step, 14);
  // The states RFC 9293 names on both sides.
  for (const char* to : {"FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT"}) {
    EXPECT_GE(s.find([&](const RecordedEvent& e) {
      const auto* st = std::get_if<TcpStateEvent>(&e.data());
      return st && e.node() == "client" && std::strcmp(st->to, to) == 0;
    }),
              0)
        << to;
  }
  EXPECT_GE(s.state("www", "ESTABLISHED", "CLOSE-WAIT"), 0);
  EXPECT_GE(s.state("www", "CLOSE-WAIT", "LAST-ACK"), 0);
}

TEST(JourneyStory, ClientWaitsInTimeWaitForTwoMslThenCloses) {
  const Story& s = cold();
  const long tw = s.state("client", "FIN-WAIT-2", "TIME-WAIT");
  const long closed = s.state("client", "TIME-WAIT", "CLOSED", tw);
  ASSERT_GE(tw, 0);
  ASSERT_GE(closed, 0);
  const auto& ev = s.journey().events();
  const Duration waited =
      ev[static_cast<std::size_t>(closed)].time() - ev[static_cast<std::size_t>(tw)].time();
  EXPECT_EQ(waited, Duration::seconds(60));  // 2 * MSL (30 s)
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(closed)].step, 15);
}

TEST(JourneyStory, LostFinalAckBringsTheFinAgainAndTimeWaitAnswers) {
  JourneyOptions o;
  o.lose_last_ack = true;
  const Story s(o);
  ASSERT_TRUE(s.journey().result().closed) << s.journey().result().error;
  const long tw = s.state("client", "FIN-WAIT-2", "TIME-WAIT");
  const long lost = s.find(
      [](const RecordedEvent& e) {
        const auto* d = std::get_if<DropEvent>(&e.data());
        return d && d->reason == DropReason::kFaultInjected && e.node() == "home-router";
      },
      tw);
  const long retransmit = s.find(
      [](const RecordedEvent& e) {
        return e.node() == "www" && std::holds_alternative<TcpRetransmitEvent>(e.data());
      },
      lost);
  const long fin_again = s.frame(
      [](const Frame& f) {
        return f.node == "client" && f.direction == Dir::kIn && (f.flags & tcp_flag::kFin);
      },
      retransmit);
  const long ack_again = s.frame(
      [](const Frame& f) { return sent(f, "client") && tcp_flags(f, tcp_flag::kAck); }, fin_again);
  const long server_closed = s.state("www", "LAST-ACK", "CLOSED", ack_again);
  for (long i : {tw, lost, retransmit, fin_again, ack_again, server_closed}) ASSERT_GE(i, 0);
  // No CLOSED on the client in between: the answer came from TIME-WAIT.
  EXPECT_LT(ack_again, s.state("client", "TIME-WAIT", "CLOSED", tw));
  EXPECT_EQ(s.journey().verdicts()[static_cast<std::size_t>(fin_again)].step, 15);
}

TEST(JourneyStory, WarmVisitSendsNoArpOrDns) {
  JourneyOptions o;
  o.warm = true;
  const Story s(o);
  ASSERT_TRUE(s.journey().result().closed) << s.journey().result().error;
  EXPECT_EQ(s.journey().result().status, 200);
  EXPECT_EQ(s.frame([](const Frame& f) { return f.arp.has_value(); }), -1);
  EXPECT_EQ(s.frame([](const Frame& f) {
    return f.protocol == ip_proto::kUdp && (f.sport == 53 || f.dport == 53);
  }),
            -1);
  EXPECT_GE(
      s.frame([](const Frame& f) { return sent(f, "client") && tcp_flags(f, tcp_flag::kSyn); }), 0);
}

TEST(JourneyStory, LossOnTheAccessLineShowsRetransmissionsAndStillFinishes) {
  JourneyOptions o;
  o.loss = 0.2;
  o.seed = 3;  // a seed whose losses hit DNS and TCP but leave the story able to finish
  const Story s(o);
  EXPECT_TRUE(s.journey().result().closed) << s.journey().result().error;
  EXPECT_EQ(s.journey().result().status, 200);
  EXPECT_GE(s.find([](const RecordedEvent& e) {
    return std::holds_alternative<TcpRetransmitEvent>(e.data());
  }),
            0);
}

TEST(JourneyUrlParse, AcceptsHttpUrlsAndBareHostsRejectsOthers) {
  std::string error;
  auto u = JourneyUrl::parse("http://www.google.com:8080/a/b", &error);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "www.google.com");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->path, "/a/b");
  u = JourneyUrl::parse("www.google.com", &error);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->path, "/");
  EXPECT_FALSE(JourneyUrl::parse("ftp://x/", &error));
  EXPECT_FALSE(JourneyUrl::parse("http:///", &error));
  EXPECT_FALSE(JourneyUrl::parse("http://a b/", &error));
  EXPECT_FALSE(JourneyUrl::parse("http://x:99999/", &error));
}

}  // namespace
}  // namespace ws::sim
