// Builders and parsers of the frames the internet-layer tests inject and expect, on top of the
// wire Reprs.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "fake_device.h"
#include "wirestack/wire/arp.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws::test {

inline Ipv4Address ip(const char* text) {
  return *Ipv4Address::parse(text);
}
inline Ipv4Cidr cidr(const char* text) {
  return *Ipv4Cidr::parse(text);
}
inline MacAddress mac(std::uint8_t last) {
  return MacAddress({0x02, 0, 0, 0, 0, last});
}

inline Frame ethernet(MacAddress src, MacAddress dst, std::uint16_t type, Bytes payload) {
  const EthernetRepr eth{dst, src, type, std::nullopt};
  Frame f(eth.header_len() + payload.size());
  eth.emit(MutableBytes(f).first(eth.header_len()));
  std::copy(payload.begin(), payload.end(), f.begin() + eth.header_len());
  return f;
}

inline Frame arp_frame(ArpOperation op, MacAddress sender_mac, Ipv4Address sender_ip,
                       MacAddress target_mac, Ipv4Address target_ip, MacAddress frame_dst) {
  const ArpRepr arp{op, sender_mac, sender_ip, target_mac, target_ip};
  std::vector<std::uint8_t> body(arp.len());
  arp.emit(body);
  return ethernet(sender_mac, frame_dst, ethertype::kArp, body);
}

inline std::vector<std::uint8_t> ipv4_datagram(Ipv4Repr ip, Bytes payload) {
  ip.payload_len = static_cast<std::uint16_t>(payload.size());
  std::vector<std::uint8_t> d(ip.total_len());
  ip.emit(MutableBytes(d).first(ip.header_len()));
  std::copy(payload.begin(), payload.end(), d.begin() + static_cast<long>(ip.header_len()));
  return d;
}

inline std::vector<std::uint8_t> icmp_bytes(const IcmpRepr& icmp) {
  std::vector<std::uint8_t> b(icmp.len());
  icmp.emit(b);
  return b;
}

inline Ipv4Repr ip_header(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                          std::uint8_t ttl = 64, std::uint16_t ident = 1) {
  Ipv4Repr ip;
  ip.src = src;
  ip.dst = dst;
  ip.protocol = protocol;
  ip.ttl = ttl;
  ip.ident = ident;
  return ip;
}

// An echo request from `src` to `dst`, framed from src_mac to dst_mac.
inline Frame echo_request_frame(MacAddress src_mac, MacAddress dst_mac, Ipv4Address src,
                                Ipv4Address dst, std::uint16_t ident, std::uint16_t seq,
                                std::uint8_t ttl = 64, std::size_t data_len = 8) {
  std::vector<std::uint8_t> data(data_len);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i + 0x10);
  const auto icmp = icmp_bytes(IcmpRepr::echo_request(ident, seq, data));
  return ethernet(src_mac, dst_mac, ethertype::kIpv4,
                  ipv4_datagram(ip_header(src, dst, ip_proto::kIcmp, ttl), icmp));
}

// A frame taken apart; each layer present only if it parsed.
struct Parsed {
  EthernetRepr eth;
  std::optional<ArpRepr> arp;
  std::optional<Ipv4Repr> ip;
  std::vector<std::uint8_t> ip_bytes;  // the datagram (header + payload)
  std::vector<std::uint8_t> ip_payload;
  std::optional<IcmpRepr> icmp;
  std::vector<std::uint8_t> icmp_data;  // echo data or the quoted datagram
};

inline Parsed parse(const Frame& frame) {
  Parsed p;
  auto eth = EthernetFrame::check(frame);
  EXPECT_TRUE(eth.ok());
  if (!eth) return p;
  p.eth = EthernetRepr::parse(*eth);
  if (p.eth.ethertype == ethertype::kArp) {
    auto a = ArpPacket::check(eth->payload());
    if (a) {
      auto r = ArpRepr::parse(*a);
      if (r) p.arp = *r;
    }
  } else if (p.eth.ethertype == ethertype::kIpv4) {
    auto v = Ipv4Packet::check(eth->payload());
    EXPECT_TRUE(v.ok());
    if (!v) return p;
    auto r = Ipv4Repr::parse(*v, ChecksumCheck::kVerify);
    EXPECT_TRUE(r.ok()) << "IPv4 header checksum must verify";
    if (!r) return p;
    p.ip = *r;
    p.ip->options = nullptr;
    p.ip_bytes.assign(v->bytes().begin(), v->bytes().begin() + v->total_len());
    p.ip_payload.assign(v->payload().begin(), v->payload().end());
    if (r->protocol == ip_proto::kIcmp && r->frag_offset == 0 && !r->more_fragments) {
      auto c = IcmpPacket::check(v->payload());
      if (c) {
        auto ic = IcmpRepr::parse(*c, ChecksumCheck::kVerify);
        EXPECT_TRUE(ic.ok()) << "ICMP checksum must verify";
        if (ic) {
          p.icmp_data.assign(ic->data.begin(), ic->data.end());
          p.icmp = *ic;
          p.icmp->data = {};
        }
      }
    }
  }
  return p;
}

}  // namespace ws::test
