#include "wirestack/wire/arp.h"

#include <algorithm>

#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/text.h"

namespace ws {
namespace {

// RFC 826 packet layout: fixed 8 bytes, then sha, spa, tha, tpa of hlen/plen bytes each.
constexpr std::size_t kHtype = 0;
constexpr std::size_t kPtype = 2;
constexpr std::size_t kHlen = 4;
constexpr std::size_t kPlen = 5;
constexpr std::size_t kOper = 6;
constexpr std::size_t kAddrs = 8;
constexpr std::uint16_t kHtypeEthernet = 1;

std::size_t arp_len(std::size_t hlen, std::size_t plen) {
  return kAddrs + 2 * hlen + 2 * plen;
}

// A hardware address of any length as tcpdump's linkaddr_string prints it.
std::string link_address_string(Bytes a) {
  std::string out;
  for (std::size_t i = 0; i < a.size(); ++i) out += strprintf(i ? ":%02x" : "%02x", a[i]);
  return out;
}

std::string ipv4_string(Bytes a) {
  return Ipv4Address::from_bytes(a.data()).to_string();
}

}  // namespace

Result<ArpPacket, ParseError> ArpPacket::check(Bytes packet) {
  if (packet.size() < kAddrs) return Err{ParseError::kTruncated};
  const std::size_t len = arp_len(packet[kHlen], packet[kPlen]);
  if (packet.size() < len) return Err{ParseError::kTruncated};
  return ArpPacket(packet.first(len));  // anything after is link-layer padding
}

std::uint16_t ArpPacket::hardware_type() const {
  return load_be16(&bytes_[kHtype]);
}
std::uint16_t ArpPacket::protocol_type() const {
  return load_be16(&bytes_[kPtype]);
}
std::uint8_t ArpPacket::hardware_len() const {
  return bytes_[kHlen];
}
std::uint8_t ArpPacket::protocol_len() const {
  return bytes_[kPlen];
}
std::uint16_t ArpPacket::operation() const {
  return load_be16(&bytes_[kOper]);
}
Bytes ArpPacket::sender_hardware() const {
  return bytes_.subspan(kAddrs, hardware_len());
}
Bytes ArpPacket::sender_protocol() const {
  return bytes_.subspan(kAddrs + hardware_len(), protocol_len());
}
Bytes ArpPacket::target_hardware() const {
  return bytes_.subspan(kAddrs + hardware_len() + protocol_len(), hardware_len());
}
Bytes ArpPacket::target_protocol() const {
  return bytes_.subspan(kAddrs + 2 * hardware_len() + protocol_len(), protocol_len());
}
std::size_t ArpPacket::len() const {
  return bytes_.size();
}

Result<ArpRepr, ParseError> ArpRepr::parse(const ArpPacket& packet) {
  if (packet.hardware_type() != kHtypeEthernet) return Err{ParseError::kBadHardwareType};
  if (packet.protocol_type() != ethertype::kIpv4) return Err{ParseError::kBadProtocolType};
  if (packet.hardware_len() != 6 || packet.protocol_len() != 4) return Err{ParseError::kBadLength};
  const std::uint16_t op = packet.operation();
  if (op != static_cast<std::uint16_t>(ArpOperation::kRequest) &&
      op != static_cast<std::uint16_t>(ArpOperation::kReply)) {
    return Err{ParseError::kBadOperation};
  }
  ArpRepr r;
  r.operation = static_cast<ArpOperation>(op);
  r.sender_mac = MacAddress::from_bytes(packet.sender_hardware().data());
  r.sender_ip = Ipv4Address::from_bytes(packet.sender_protocol().data());
  r.target_mac = MacAddress::from_bytes(packet.target_hardware().data());
  r.target_ip = Ipv4Address::from_bytes(packet.target_protocol().data());
  return r;
}

void ArpRepr::emit(MutableBytes out) const {
  store_be16(&out[kHtype], kHtypeEthernet);
  store_be16(&out[kPtype], ethertype::kIpv4);
  out[kHlen] = 6;
  out[kPlen] = 4;
  store_be16(&out[kOper], static_cast<std::uint16_t>(operation));
  sender_mac.write(&out[8]);
  sender_ip.write(&out[14]);
  target_mac.write(&out[18]);
  target_ip.write(&out[24]);
}

std::string ArpRepr::to_string() const {
  std::uint8_t buf[kArpPacketLen];
  emit(buf);
  return arp_to_string(ArpPacket::check(buf).value(), kArpPacketLen);
}

// tcpdump's arp_print (without -v): the operation and addresses for Ethernet/IPv4, else only
// the address types and lengths.
std::string arp_to_string(const ArpPacket& p, std::size_t length) {
  const std::uint16_t ptype = p.protocol_type();
  if (ptype != ethertype::kIpv4 || p.protocol_len() != 4 || p.hardware_len() == 0) {
    const std::uint16_t htype = p.hardware_type();
    const std::string hw = htype == kHtypeEthernet ? std::string("Ethernet")
                                                   : strprintf("Unknown Hardware (%u)", htype);
    const std::string proto = ptype == ethertype::kIpv4
                                  ? std::string("IPv4")
                                  : strprintf("Unknown Protocol (0x%04x)", ptype);
    return strprintf("%s (len %u), %s (len %u), length %zu", hw.c_str(), p.hardware_len(),
                     proto.c_str(), p.protocol_len(), length);
  }
  const std::string spa = ipv4_string(p.sender_protocol());
  const std::string tpa = ipv4_string(p.target_protocol());
  std::string out;
  switch (p.operation()) {
    case static_cast<std::uint16_t>(ArpOperation::kRequest): {
      out = "Request who-has " + tpa;
      const Bytes tha = p.target_hardware();
      if (std::any_of(tha.begin(), tha.end(), [](std::uint8_t b) { return b != 0; })) {
        out += " (" + link_address_string(tha) + ")";
      }
      out += " tell " + spa;
      break;
    }
    case static_cast<std::uint16_t>(ArpOperation::kReply):
      out = "Reply " + spa + " is-at " + link_address_string(p.sender_hardware());
      break;
    default:
      out = strprintf("Unknown (%u)", p.operation());
      break;
  }
  return out + strprintf(", length %zu", length);
}

}  // namespace ws
