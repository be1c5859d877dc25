#include "wirestack/wire/ethernet.h"

#include "wirestack/wire/text.h"

namespace ws {
namespace {

// Offsets in an untagged header; a tag (TPID + TCI) sits where the ethertype would be.
constexpr std::size_t kDst = 0;
constexpr std::size_t kSrc = 6;
constexpr std::size_t kType = 12;
constexpr std::size_t kTci = 14;

bool is_tag(std::uint16_t type) {
  return type == ethertype::kVlan || type == ethertype::kQinQ;
}

}  // namespace

Result<EthernetFrame, ParseError> EthernetFrame::check(Bytes frame) {
  if (frame.size() < kEthernetHeaderLen) return Err{ParseError::kTruncated};
  std::size_t header_len = kEthernetHeaderLen;
  if (is_tag(load_be16(&frame[kType]))) {
    header_len += kVlanTagLen;
    if (frame.size() < header_len) return Err{ParseError::kTruncated};
  }
  return EthernetFrame(frame, header_len);
}

MacAddress EthernetFrame::dst() const {
  return MacAddress::from_bytes(&bytes_[kDst]);
}
MacAddress EthernetFrame::src() const {
  return MacAddress::from_bytes(&bytes_[kSrc]);
}

std::uint16_t EthernetFrame::ethertype() const {
  return load_be16(&bytes_[header_len_ - 2]);
}

std::optional<std::uint16_t> EthernetFrame::vlan_tci() const {
  if (header_len_ == kEthernetHeaderLen) return std::nullopt;
  return load_be16(&bytes_[kTci]);
}

std::optional<std::uint16_t> EthernetFrame::vlan_tpid() const {
  if (header_len_ == kEthernetHeaderLen) return std::nullopt;
  return load_be16(&bytes_[kType]);
}

EthernetRepr EthernetRepr::parse(const EthernetFrame& frame) {
  EthernetRepr r;
  r.dst = frame.dst();
  r.src = frame.src();
  r.ethertype = frame.ethertype();
  r.vlan_tci = frame.vlan_tci();
  r.vlan_tpid = frame.vlan_tpid().value_or(ethertype::kVlan);
  return r;
}

void EthernetRepr::emit(MutableBytes header) const {
  dst.write(&header[kDst]);
  src.write(&header[kSrc]);
  if (vlan_tci) {
    store_be16(&header[kType], vlan_tpid);
    store_be16(&header[kTci], *vlan_tci);
  }
  store_be16(&header[header_len() - 2], ethertype);
}

std::string vlan_tci_string(std::uint16_t tci) {
  return strprintf("vlan %u, p %u%s", tci & 0x0fffu, tci >> 13u, (tci & 0x1000u) ? ", DEI" : "");
}

std::string EthernetRepr::to_string() const {
  std::string out = src.to_string() + " > " + dst.to_string();
  if (vlan_tci) {
    out += strprintf(", ethertype %s (0x%04x), %s", ethertype_name(vlan_tpid), vlan_tpid,
                     vlan_tci_string(*vlan_tci).c_str());
  }
  return out + strprintf(", ethertype %s (0x%04x)", ethertype_name(ethertype), ethertype);
}

// tcpdump's ethertype_values names.
const char* ethertype_name(std::uint16_t type) {
  switch (type) {
    case ethertype::kIpv4:
      return "IPv4";
    case ethertype::kArp:
      return "ARP";
    case ethertype::kVlan:
      return "802.1Q";
    case ethertype::kQinQ:
      return "802.1Q-QinQ";
    case ethertype::kIpv6:
      return "IPv6";
    default:
      return "Unknown";
  }
}

}  // namespace ws
