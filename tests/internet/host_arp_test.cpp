// ARP on a host (RFC 826, RFC 1122 §2.3.2), scripted: inject this frame, expect that frame.
#include <gtest/gtest.h>

#include "host_fixture.h"

namespace ws {
namespace {

using namespace test;

PacketBuffer echo_payload(Host& host, std::uint16_t seq) {
  const std::uint8_t data[4] = {1, 2, 3, 4};
  const IcmpRepr icmp = IcmpRepr::echo_request(7, seq, data);
  PacketBuffer b = host.take_buffer(icmp.len());
  icmp.emit(b.append(icmp.len()));
  return b;
}

Ipv4Send icmp_to(Ipv4Address dst) {
  Ipv4Send s;
  s.dst = dst;
  s.protocol = ip_proto::kIcmp;
  return s;
}

class HostArp : public HostTest {};

TEST_F(HostArp, RepliesToBroadcastRequestForOurAddress) {
  auto sent = step(arp_frame(ArpOperation::kRequest, kPeerMac, kPeerIp, MacAddress::zero(), kOurIp,
                             MacAddress::broadcast()));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].size(), 60u) << "padded to the Ethernet minimum";
  const Parsed p = parse(sent[0]);
  EXPECT_EQ(p.eth.dst, kPeerMac);
  EXPECT_EQ(p.eth.src, kOurMac);
  ASSERT_TRUE(p.arp);
  EXPECT_EQ(p.arp->operation, ArpOperation::kReply);
  EXPECT_EQ(p.arp->sender_mac, kOurMac);
  EXPECT_EQ(p.arp->sender_ip, kOurIp);
  EXPECT_EQ(p.arp->target_mac, kPeerMac);
  EXPECT_EQ(p.arp->target_ip, kPeerIp);
  EXPECT_EQ(host_.counters().arp.in_requests, 1u);
  EXPECT_EQ(host_.counters().arp.out_replies, 1u);
}

TEST_F(HostArp, RepliesToUnicastRequestLikeLinuxProbes) {
  auto sent = step(
      arp_frame(ArpOperation::kRequest, kPeerMac, kPeerIp, MacAddress::zero(), kOurIp, kOurMac));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(parse(sent[0]).arp->operation, ArpOperation::kReply);
}

TEST_F(HostArp, LearnsSenderOfRequestAddressedToUsSoNoRequestIsNeeded) {
  learn_peer();
  EXPECT_EQ(host_.format_neighbours(), "192.168.0.1 dev eth0 lladdr 02:00:00:00:00:01 REACHABLE\n");
  EXPECT_EQ(host_.send_ipv4(now_, icmp_to(kPeerIp), echo_payload(host_, 1)), SendResult::kSent);
  auto sent = dev_.take_sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(parse(sent[0]).eth.dst, kPeerMac);
  EXPECT_TRUE(parse(sent[0]).ip);
}

TEST_F(HostArp, DoesNotLearnFromRequestForAnotherAddress) {
  auto sent = step(arp_frame(ArpOperation::kRequest, kPeerMac, kPeerIp, MacAddress::zero(),
                             ip("192.168.0.77"), MacAddress::broadcast()));
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(host_.format_neighbours(), "");
  EXPECT_EQ(drops(DropReason::kArpNotForUs), 1u);
}

TEST_F(HostArp, RequestForAnotherAddressStillUpdatesAnExistingEntry) {
  learn_peer();
  const MacAddress moved = mac(0x42);
  auto sent = step(arp_frame(ArpOperation::kRequest, moved, kPeerIp, MacAddress::zero(),
                             ip("192.168.0.77"), MacAddress::broadcast()));
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(host_.format_neighbours(), "192.168.0.1 dev eth0 lladdr 02:00:00:00:00:42 REACHABLE\n");
  EXPECT_EQ(drops(DropReason::kArpNotForUs), 0u);
}

TEST_F(HostArp, GratuitousArpUpdatesExistingEntryButAddsNone) {
  learn_peer();
  const MacAddress moved = mac(0x42);
  EXPECT_TRUE(step(arp_frame(ArpOperation::kRequest, moved, kPeerIp, MacAddress::zero(), kPeerIp,
                             MacAddress::broadcast()))
                  .empty());
  EXPECT_TRUE(step(arp_frame(ArpOperation::kReply, mac(0x43), ip("192.168.0.2"),
                             MacAddress::broadcast(), ip("192.168.0.2"), MacAddress::broadcast()))
                  .empty());
  EXPECT_EQ(host_.format_neighbours(), "192.168.0.1 dev eth0 lladdr 02:00:00:00:00:42 REACHABLE\n");
  const auto arp_events = sink_.all<ArpEvent>();
  EXPECT_TRUE(std::any_of(arp_events.begin(), arp_events.end(), [](const ArpEvent& e) {
    return e.what == ArpEvent::What::kGratuitousReceived;
  }));
  EXPECT_TRUE(std::any_of(arp_events.begin(), arp_events.end(), [&](const ArpEvent& e) {
    return e.what == ArpEvent::What::kCacheUpdated && e.mac == moved;
  }));
}

TEST_F(HostArp, QueuesWhileResolvingThenFlushesInOrder) {
  for (std::uint16_t seq = 1; seq <= 3; ++seq) {
    EXPECT_EQ(host_.send_ipv4(now_, icmp_to(kPeerIp), echo_payload(host_, seq)),
              SendResult::kQueued);
  }
  auto sent = dev_.take_sent();
  ASSERT_EQ(sent.size(), 1u) << "one request, not one per datagram";
  const Parsed request = parse(sent[0]);
  EXPECT_EQ(request.eth.dst, MacAddress::broadcast());
  ASSERT_TRUE(request.arp);
  EXPECT_EQ(request.arp->operation, ArpOperation::kRequest);
  EXPECT_EQ(request.arp->target_ip, kPeerIp);
  EXPECT_EQ(host_.format_neighbours(), "192.168.0.1 dev eth0 INCOMPLETE\n");

  sent = step(arp_frame(ArpOperation::kReply, kPeerMac, kPeerIp, kOurMac, kOurIp, kOurMac));
  ASSERT_EQ(sent.size(), 3u);
  for (std::uint16_t seq = 1; seq <= 3; ++seq) {
    const Parsed p = parse(sent[seq - 1]);
    EXPECT_EQ(p.eth.dst, kPeerMac);
    ASSERT_TRUE(p.icmp);
    EXPECT_EQ(p.icmp->seq, seq);
  }
}

TEST_F(HostArp, UnresolvedNextHopDoesNotBlockOtherDestinations) {
  learn_peer();
  EXPECT_EQ(host_.send_ipv4(now_, icmp_to(ip("192.168.0.99")), echo_payload(host_, 1)),
            SendResult::kQueued);
  EXPECT_EQ(host_.send_ipv4(now_, icmp_to(kPeerIp), echo_payload(host_, 2)), SendResult::kSent);
  auto sent = dev_.take_sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_TRUE(parse(sent[0]).arp);
  EXPECT_EQ(parse(sent[1]).icmp->seq, 2);
}

class HostArpSmallQueue : public HostTest {
 protected:
  static ArpCacheConfig small() {
    ArpCacheConfig c;
    c.queue_per_entry = 2;
    return c;
  }
  HostArpSmallQueue() : HostTest(small()) {}
};

TEST_F(HostArpSmallQueue, QueueOverflowDropsOldestAndCountsIt) {
  for (std::uint16_t seq = 1; seq <= 3; ++seq) {
    (void)host_.send_ipv4(now_, icmp_to(kPeerIp), echo_payload(host_, seq));
  }
  EXPECT_EQ(drops(DropReason::kArpQueueFull), 1u);
  EXPECT_EQ(host_.counters().ip.out_discards, 1u);
  (void)dev_.take_sent();
  auto sent = step(arp_frame(ArpOperation::kReply, kPeerMac, kPeerIp, kOurMac, kOurIp, kOurMac));
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(parse(sent[0]).icmp->seq, 2);
  EXPECT_EQ(parse(sent[1]).icmp->seq, 3);
}

TEST_F(HostArp, RetriesThreeTimesOneSecondApartThenGivesUp) {
  const Instant start = now_;
  (void)host_.send_ipv4(now_, icmp_to(ip("192.168.0.99")), echo_payload(host_, 1));
  EXPECT_EQ(dev_.take_sent().size(), 1u);
  for (int i = 1; i <= 2; ++i) {
    EXPECT_EQ(host_.poll_at(), start + Duration::seconds(i));
    now_ = *host_.poll_at();
    auto sent = poll();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(parse(sent[0]).arp->target_ip, ip("192.168.0.99"));
  }
  now_ = start + Duration::seconds(3);
  EXPECT_TRUE(poll().empty()) << "our own datagram: the error is reported locally";
  EXPECT_EQ(host_.counters().arp.out_requests, 3u);
  EXPECT_EQ(host_.counters().arp.resolution_failures, 1u);
  EXPECT_EQ(drops(DropReason::kArpResolutionFailed), 1u);
  EXPECT_EQ(host_.format_neighbours(), "");
  EXPECT_FALSE(host_.poll_at());
}

TEST_F(HostArp, EntryAgesOutAndIsResolvedAgain) {
  learn_peer();
  now_ += Duration::seconds(59);
  EXPECT_TRUE(poll().empty());
  EXPECT_NE(host_.format_neighbours(), "");
  now_ += Duration::seconds(1);
  EXPECT_TRUE(poll().empty());
  EXPECT_EQ(host_.format_neighbours(), "");
  const auto arp_events = sink_.all<ArpEvent>();
  EXPECT_EQ(arp_events.back().what, ArpEvent::What::kCacheExpired);
  EXPECT_EQ(host_.send_ipv4(now_, icmp_to(kPeerIp), echo_payload(host_, 1)), SendResult::kQueued);
  EXPECT_TRUE(parse(dev_.take_sent().at(0)).arp);
}

TEST_F(HostArp, IgnoresArpClaimingOurOwnAddressOrAGroupSender) {
  EXPECT_TRUE(step(arp_frame(ArpOperation::kRequest, mac(0x66), kOurIp, MacAddress::zero(), kOurIp,
                             MacAddress::broadcast()))
                  .empty());
  EXPECT_TRUE(step(arp_frame(ArpOperation::kRequest, MacAddress::broadcast(), kPeerIp,
                             MacAddress::zero(), kOurIp, MacAddress::broadcast()))
                  .empty());
  EXPECT_EQ(drops(DropReason::kArpInvalidAddress), 2u);
  EXPECT_EQ(host_.format_neighbours(), "");
}

TEST_F(HostArp, AnswersProbeWithoutLearningFromIt) {
  // RFC 5227: sender 0.0.0.0, "is anyone using 192.168.0.10?"
  auto sent = step(arp_frame(ArpOperation::kRequest, kPeerMac, Ipv4Address::any(),
                             MacAddress::zero(), kOurIp, MacAddress::broadcast()));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(parse(sent[0]).arp->operation, ArpOperation::kReply);
  EXPECT_EQ(host_.format_neighbours(), "");
}

TEST_F(HostArp, EveryStepOfAnExchangeIsReportedAsAnEvent) {
  (void)step(arp_frame(ArpOperation::kRequest, kPeerMac, kPeerIp, MacAddress::zero(), kOurIp,
                       MacAddress::broadcast()));
  ASSERT_EQ(sink_.events.size(), 5u);
  auto frame = [&](std::size_t i) { return std::get_if<FrameEvent>(&sink_.events[i]); };
  auto arp = [&](std::size_t i) { return std::get_if<ArpEvent>(&sink_.events[i]); };
  ASSERT_TRUE(frame(0));
  EXPECT_EQ(frame(0)->direction, FrameEvent::Direction::kIn);
  EXPECT_EQ(frame(0)->ifname, "eth0");
  ASSERT_TRUE(arp(1));
  EXPECT_EQ(arp(1)->what, ArpEvent::What::kRequestReceived);
  EXPECT_EQ(arp(1)->ip, kPeerIp);
  ASSERT_TRUE(arp(2));
  EXPECT_EQ(arp(2)->what, ArpEvent::What::kCacheAdded);
  EXPECT_EQ(arp(2)->mac, kPeerMac);
  ASSERT_TRUE(arp(3));
  EXPECT_EQ(arp(3)->what, ArpEvent::What::kReplySent);
  ASSERT_TRUE(frame(4));
  EXPECT_EQ(frame(4)->direction, FrameEvent::Direction::kOut);
}

TEST_F(HostArp, NoSinkNoEventsAndNothingElseChanges) {
  host_.set_event_sink(nullptr);
  learn_peer();
  EXPECT_TRUE(sink_.events.empty());
  EXPECT_EQ(host_.counters().arp.out_replies, 1u);
}

}  // namespace
}  // namespace ws
