// ARP for IPv4 over Ethernet (RFC 826).
#pragma once

#include <cstdint>
#include <string>

#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"
#include "wirestack/wire/address.h"
#include "wirestack/wire/parse_error.h"

namespace ws {

inline constexpr std::size_t kArpPacketLen = 28;  // for htype Ethernet, ptype IPv4

enum class ArpOperation : std::uint16_t { kRequest = 1, kReply = 2 };

class ArpPacket {
 public:
  // Accepts any hlen/plen that fit the buffer (so a capture can be shown); ArpRepr::parse then
  // insists on Ethernet/IPv4.
  static Result<ArpPacket, ParseError> check(Bytes packet);

  std::uint16_t hardware_type() const;
  std::uint16_t protocol_type() const;
  std::uint8_t hardware_len() const;
  std::uint8_t protocol_len() const;
  std::uint16_t operation() const;
  Bytes sender_hardware() const;
  Bytes sender_protocol() const;
  Bytes target_hardware() const;
  Bytes target_protocol() const;
  std::size_t len() const;  // 8 + 2*hlen + 2*plen
  Bytes bytes() const { return bytes_; }

 private:
  explicit ArpPacket(Bytes b) : bytes_(b) {}
  Bytes bytes_;
};

struct ArpRepr {
  ArpOperation operation = ArpOperation::kRequest;
  MacAddress sender_mac;
  Ipv4Address sender_ip;
  MacAddress target_mac;
  Ipv4Address target_ip;

  static Result<ArpRepr, ParseError> parse(const ArpPacket& packet);
  std::size_t len() const { return kArpPacketLen; }
  void emit(MutableBytes out) const;
  // A gratuitous ARP announces the sender's own address (sender_ip == target_ip).
  bool is_gratuitous() const { return sender_ip == target_ip; }
  // "Request who-has 192.168.0.1 tell 192.168.0.10, length 28" /
  // "Reply 192.168.0.1 is-at 02:00:00:00:00:01, length 28"
  std::string to_string() const;
};

// An ARP packet as tcpdump prints it after "ARP, ": operation and addresses when the protocol is
// IPv4 with 4-byte addresses, whatever the hardware length ("Request who-has 192.168.0.1 tell
// 192.168.0.10, length 28"), else the types and lengths ("Ethernet (len 6), Unknown Protocol
// (0x86dd) (len 16), length 46"). `length` is the link payload's length, padding included, as
// tcpdump reports it.
std::string arp_to_string(const ArpPacket& packet, std::size_t length);

}  // namespace ws
