// Hand-built Ethernet frames for tests of code below the wire parsers (links, switches, fault
// injection, capture): byte-exact, checksums right, no dependency on wire/ emitters.
#pragma once

#include <cstdint>
#include <vector>

#include "wirestack/base/bytes.h"
#include "wirestack/base/checksum.h"
#include "wirestack/wire/address.h"

namespace ws::test {

using Frame = std::vector<std::uint8_t>;

inline MacAddress mac(std::uint8_t last) {
  return MacAddress({0x02, 0, 0, 0, 0, last});
}

// An Ethernet II header followed by `payload_len` bytes counting up from `fill`.
inline Frame ethernet_frame(MacAddress dst, MacAddress src, std::uint16_t ethertype,
                            std::size_t payload_len, std::uint8_t fill = 0) {
  Frame f(14 + payload_len);
  dst.write(f.data());
  src.write(f.data() + 6);
  store_be16(f.data() + 12, ethertype);
  for (std::size_t i = 0; i < payload_len; ++i) f[14 + i] = static_cast<std::uint8_t>(fill + i);
  return f;
}

// A broadcast ARP request (RFC 826): who has `target`? tell `sender_ip`.
inline Frame arp_request(MacAddress sender, Ipv4Address sender_ip, Ipv4Address target) {
  Frame f = ethernet_frame(MacAddress::broadcast(), sender, 0x0806, 28);
  std::uint8_t* a = f.data() + 14;
  store_be16(a, 1);  // hardware: Ethernet
  store_be16(a + 2, 0x0800);
  a[4] = 6;
  a[5] = 4;
  store_be16(a + 6, 1);  // request
  sender.write(a + 8);
  sender_ip.write(a + 14);
  MacAddress::zero().write(a + 18);
  target.write(a + 24);
  return f;
}

inline constexpr std::uint8_t kEchoRequest = 8;
inline constexpr std::uint8_t kEchoReply = 0;

// An IPv4 ICMP echo request (or reply) with `data_len` bytes of data, both checksums right.
inline Frame icmp_echo(MacAddress dst, MacAddress src, Ipv4Address src_ip, Ipv4Address dst_ip,
                       std::uint16_t ident, std::uint16_t seq, std::size_t data_len = 32,
                       std::uint8_t type = kEchoRequest) {
  Frame f = ethernet_frame(dst, src, 0x0800, 20 + 8 + data_len);
  std::uint8_t* ip = f.data() + 14;
  ip[0] = 0x45;
  ip[1] = 0;
  store_be16(ip + 2, static_cast<std::uint16_t>(20 + 8 + data_len));
  store_be16(ip + 4, seq);     // identification
  store_be16(ip + 6, 0x4000);  // DF
  ip[8] = 64;
  ip[9] = 1;  // ICMP
  store_be16(ip + 10, 0);
  src_ip.write(ip + 12);
  dst_ip.write(ip + 16);
  store_be16(ip + 10, internet_checksum(Bytes(ip, 20)));
  std::uint8_t* icmp = ip + 20;
  icmp[0] = type;
  icmp[1] = 0;
  store_be16(icmp + 2, 0);
  store_be16(icmp + 4, ident);
  store_be16(icmp + 6, seq);
  store_be16(icmp + 2, internet_checksum(Bytes(icmp, 8 + data_len)));
  return f;
}

}  // namespace ws::test
