// Ethernet II frames (IEEE 802.3 / DIX), with one 802.1Q or 802.1ad tag recognised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"
#include "wirestack/wire/address.h"
#include "wirestack/wire/parse_error.h"

namespace ws {

namespace ethertype {
inline constexpr std::uint16_t kIpv4 = 0x0800;
inline constexpr std::uint16_t kArp = 0x0806;
inline constexpr std::uint16_t kVlan = 0x8100;   // 802.1Q
inline constexpr std::uint16_t kQinQ = 0x88a8;   // 802.1ad
inline constexpr std::uint16_t kIpv6 = 0x86dd;
}  // namespace ethertype

inline constexpr std::size_t kEthernetHeaderLen = 14;
inline constexpr std::size_t kVlanTagLen = 4;

// Zero-copy view. `check` validates the length once; after that no accessor can read out of
// bounds.
class EthernetFrame {
 public:
  static Result<EthernetFrame, ParseError> check(Bytes frame);

  MacAddress dst() const;
  MacAddress src() const;
  // The ethertype of the payload (after the VLAN tag when there is one).
  std::uint16_t ethertype() const;
  // The tag's TCI (PCP/DEI/VID) and TPID when the frame is tagged.
  std::optional<std::uint16_t> vlan_tci() const;
  std::optional<std::uint16_t> vlan_tpid() const;
  std::size_t header_len() const { return header_len_; }
  Bytes payload() const { return bytes_.subspan(header_len_); }
  Bytes bytes() const { return bytes_; }

 private:
  EthernetFrame(Bytes b, std::size_t header_len) : bytes_(b), header_len_(header_len) {}
  Bytes bytes_;
  std::size_t header_len_;
};

struct EthernetRepr {
  MacAddress dst;
  MacAddress src;
  std::uint16_t ethertype = 0;
  std::optional<std::uint16_t> vlan_tci;  // emitted with TPID 0x8100 unless vlan_tpid says so
  std::uint16_t vlan_tpid = ethertype::kVlan;

  static EthernetRepr parse(const EthernetFrame& frame);
  std::size_t header_len() const { return kEthernetHeaderLen + (vlan_tci ? kVlanTagLen : 0); }
  // Writes exactly header_len() bytes.
  void emit(MutableBytes header) const;
  // "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806)" (tcpdump -e style)
  std::string to_string() const;
};

// "IPv4", "ARP", "802.1Q", ... or "Unknown".
const char* ethertype_name(std::uint16_t type);

// A tag's TCI as tcpdump -e prints it: "vlan 10, p 0" (", DEI" when that bit is set).
std::string vlan_tci_string(std::uint16_t tci);

}  // namespace ws
