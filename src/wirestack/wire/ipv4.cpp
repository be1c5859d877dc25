#include "wirestack/wire/ipv4.h"

#include <cstring>
#include <utility>

#include "wirestack/base/checksum.h"
#include "wirestack/wire/text.h"

namespace ws {
namespace {

// RFC 791 §3.1 header layout.
constexpr std::size_t kVerIhl = 0;
constexpr std::size_t kTos = 1;
constexpr std::size_t kTotalLen = 2;
constexpr std::size_t kIdent = 4;
constexpr std::size_t kFlagsFrag = 6;
constexpr std::size_t kTtl = 8;
constexpr std::size_t kProtocol = 9;
constexpr std::size_t kChecksum = 10;
constexpr std::size_t kSrc = 12;
constexpr std::size_t kDst = 16;

constexpr std::uint16_t kFlagReserved = 0x8000;
constexpr std::uint16_t kFlagDf = 0x4000;
constexpr std::uint16_t kFlagMf = 0x2000;
constexpr std::uint16_t kFragMask = 0x1fff;

// tcpdump's ipproto_values names; "unknown" otherwise.
const char* protocol_name(std::uint8_t p) {
  switch (p) {
    case ip_proto::kIcmp:
      return "ICMP";
    case 2:
      return "IGMP";
    case 4:
      return "IPIP";
    case ip_proto::kTcp:
      return "TCP";
    case ip_proto::kUdp:
      return "UDP";
    case 41:
      return "IPv6";
    case 47:
      return "GRE";
    case 50:
      return "ESP";
    case 51:
      return "AH";
    case 89:
      return "OSPF";
    case 103:
      return "PIM";
    case 112:
      return "VRRP";
    case 132:
      return "SCTP";
    default:
      return "unknown";
  }
}

// tcpdump's ip_printroute: the addresses of a record/source route option.
std::string route_string(Bytes opt) {
  std::string out;
  if ((opt.size() + 1) & 3) out += strprintf(" [bad length %zu]", opt.size());
  const std::size_t ptr = opt[2] - 1u;
  if (opt[2] < 4 || ((ptr + 1) & 3) || ptr > opt.size() + 1)
    out += strprintf(" [bad ptr %u]", opt[2]);
  for (std::size_t at = 3; at + 4 <= opt.size(); at += 4) {
    out += " " + Ipv4Address::from_bytes(&opt[at]).to_string();
    if (ptr > at) out += ",";
  }
  return out;
}

// tcpdump's ip_optprint: option names, comma-separated, with route addresses and RA values.
std::string options_string(Bytes options) {
  std::string out;
  for (std::size_t len = 0; !options.empty(); options = options.subspan(len)) {
    if (!out.empty()) out += ",";
    const std::uint8_t code = options[0];
    switch (code) {
      case 0:
        out += "EOL";
        break;
      case 1:
        out += "NOP";
        break;
      case 7:
        out += "RR";
        break;
      case 68:
        out += "timestamp";
        break;
      case 130:
        out += "security";
        break;
      case 131:
        out += "LSRR";
        break;
      case 137:
        out += "SSRR";
        break;
      case 148:
        out += "RA";
        break;
      default:
        out += strprintf("unknown %u", code);
        break;
    }
    if (code == 0) break;  // End of Option List
    len = 1;
    if (code == 1) continue;
    len = options.size() >= 2 ? options[1] : 0;
    if (len < 2 || len > options.size()) return out + strprintf(" [bad length %zu]", len);
    const Bytes opt = options.first(len);
    if ((code == 7 || code == 131 || code == 137) && len >= 3) out += route_string(opt);
    if (code == 148 && len >= 4 && load_be16(&opt[2]) != 0) {
      out += strprintf(" value %u", load_be16(&opt[2]));
    }
  }
  return out;
}

}  // namespace

// RFC 791 §3.1; RFC 1122 §3.2.1.1-2 (version and header length are checked before anything is
// trusted).
Result<Ipv4Packet, ParseError> Ipv4Packet::check(Bytes packet) {
  if (packet.size() < kIpv4MinHeaderLen) return Err{ParseError::kTruncated};
  if ((packet[kVerIhl] >> 4) != 4) return Err{ParseError::kBadVersion};
  const std::size_t header_len = (packet[kVerIhl] & 0x0fu) * 4u;
  if (header_len < kIpv4MinHeaderLen) return Err{ParseError::kBadHeaderLength};
  const std::size_t total_len = load_be16(&packet[kTotalLen]);
  if (total_len < header_len) return Err{ParseError::kBadTotalLength};
  if (total_len > packet.size()) return Err{ParseError::kTruncated};
  return Ipv4Packet(packet);
}

std::uint8_t Ipv4Packet::version() const {
  return bytes_[kVerIhl] >> 4;
}
std::size_t Ipv4Packet::header_len() const {
  return (bytes_[kVerIhl] & 0x0fu) * 4u;
}
std::uint8_t Ipv4Packet::dscp_ecn() const {
  return bytes_[kTos];
}
std::uint16_t Ipv4Packet::total_len() const {
  return load_be16(&bytes_[kTotalLen]);
}
std::uint16_t Ipv4Packet::ident() const {
  return load_be16(&bytes_[kIdent]);
}
bool Ipv4Packet::dont_fragment() const {
  return load_be16(&bytes_[kFlagsFrag]) & kFlagDf;
}
bool Ipv4Packet::more_fragments() const {
  return load_be16(&bytes_[kFlagsFrag]) & kFlagMf;
}
bool Ipv4Packet::reserved_flag() const {
  return load_be16(&bytes_[kFlagsFrag]) & kFlagReserved;
}
std::uint16_t Ipv4Packet::frag_offset() const {
  return static_cast<std::uint16_t>((load_be16(&bytes_[kFlagsFrag]) & kFragMask) * 8u);
}
std::uint8_t Ipv4Packet::ttl() const {
  return bytes_[kTtl];
}
std::uint8_t Ipv4Packet::protocol() const {
  return bytes_[kProtocol];
}
std::uint16_t Ipv4Packet::checksum() const {
  return load_be16(&bytes_[kChecksum]);
}
bool Ipv4Packet::checksum_valid() const {
  return internet_checksum(header()) == 0;
}
std::uint16_t Ipv4Packet::computed_checksum() const {
  std::uint8_t copy[kIpv4MaxHeaderLen];
  std::memcpy(copy, bytes_.data(), header_len());
  store_be16(&copy[kChecksum], 0);
  return internet_checksum(Bytes(copy, header_len()));
}
Ipv4Address Ipv4Packet::src() const {
  return Ipv4Address::from_bytes(&bytes_[kSrc]);
}
Ipv4Address Ipv4Packet::dst() const {
  return Ipv4Address::from_bytes(&bytes_[kDst]);
}
Bytes Ipv4Packet::options() const {
  return bytes_.subspan(kIpv4MinHeaderLen, header_len() - kIpv4MinHeaderLen);
}
Bytes Ipv4Packet::payload() const {
  return bytes_.subspan(header_len(), total_len() - header_len());
}

// TTL and protocol share one 16-bit word of the checksum (RFC 1624 §3, eqn. 3).
void Ipv4PacketMut::decrement_ttl() {
  if (bytes_[kTtl] == 0) return;  // never wraps to 255; the forwarder drops TTL 0/1 before this
  const std::uint16_t old_word = load_be16(&bytes_[kTtl]);
  --bytes_[kTtl];
  store_be16(&bytes_[kChecksum],
             checksum_update16(load_be16(&bytes_[kChecksum]), old_word, load_be16(&bytes_[kTtl])));
}

void Ipv4PacketMut::set_src(Ipv4Address a) {
  store_be16(&bytes_[kChecksum],
             checksum_update32(load_be16(&bytes_[kChecksum]), load_be32(&bytes_[kSrc]), a.value()));
  a.write(&bytes_[kSrc]);
}

void Ipv4PacketMut::set_dst(Ipv4Address a) {
  store_be16(&bytes_[kChecksum],
             checksum_update32(load_be16(&bytes_[kChecksum]), load_be32(&bytes_[kDst]), a.value()));
  a.write(&bytes_[kDst]);
}

Result<Ipv4Repr, ParseError> Ipv4Repr::parse(const Ipv4Packet& packet, ChecksumCheck check) {
  Ipv4Repr r;
  r.checksum = packet.checksum();
  r.checksum_valid = packet.checksum_valid();
  if (check == ChecksumCheck::kVerify && !r.checksum_valid) return Err{ParseError::kBadChecksum};
  r.src = packet.src();
  r.dst = packet.dst();
  r.protocol = packet.protocol();
  r.ttl = packet.ttl();
  r.dscp_ecn = packet.dscp_ecn();
  r.ident = packet.ident();
  r.dont_fragment = packet.dont_fragment();
  r.more_fragments = packet.more_fragments();
  r.reserved_flag = packet.reserved_flag();
  r.frag_offset = packet.frag_offset();
  r.payload_len = static_cast<std::uint16_t>(packet.total_len() - packet.header_len());
  // RFC 791 §3.2: a datagram is at most 65535 bytes; no fragment may reach past that.
  if (std::size_t{r.frag_offset} + r.payload_len > 0xffff) return Err{ParseError::kBadFragment};
  const Bytes options = packet.options();
  r.options_len = static_cast<std::uint8_t>(options.size());
  r.options = options.empty() ? nullptr : options.data();
  return r;
}

void Ipv4Repr::emit(MutableBytes header) const {
  const std::size_t hlen = header_len();
  header[kVerIhl] = static_cast<std::uint8_t>(0x40u | (hlen / 4));
  header[kTos] = dscp_ecn;
  store_be16(&header[kTotalLen], static_cast<std::uint16_t>(total_len()));
  store_be16(&header[kIdent], ident);
  store_be16(&header[kFlagsFrag], static_cast<std::uint16_t>((reserved_flag ? kFlagReserved : 0) |
                                                             (dont_fragment ? kFlagDf : 0) |
                                                             (more_fragments ? kFlagMf : 0) |
                                                             ((frag_offset / 8u) & kFragMask)));
  header[kTtl] = ttl;
  header[kProtocol] = protocol;
  store_be16(&header[kChecksum], 0);
  src.write(&header[kSrc]);
  dst.write(&header[kDst]);
  if (options_len != 0) {
    // memmove: re-emitting a parsed header in place is fine.
    if (options)
      std::memmove(&header[kIpv4MinHeaderLen], options, options_len);
    else
      std::memset(&header[kIpv4MinHeaderLen], 0, options_len);  // all End of Option List
  }
  store_be16(&header[kChecksum], internet_checksum(header.first(hlen)));
}

// tcpdump -v's IPv4 parenthesis (print-ip.c).
std::string Ipv4Repr::to_string() const {
  std::string out = strprintf("(tos 0x%x", dscp_ecn);
  static constexpr const char* kEcn[] = {"", ",ECT(1)", ",ECT(0)", ",CE"};
  out += kEcn[dscp_ecn & 3];
  if (ttl >= 1) out += strprintf(", ttl %u", ttl);
  std::string flags;
  for (auto [set, name] :
       {std::pair{more_fragments, "+"}, {dont_fragment, "DF"}, {reserved_flag, "rsvd"}}) {
    if (set) flags += (flags.empty() ? "" : ", ") + std::string(name);
  }
  out += strprintf(", id %u, offset %u, flags [%s], proto %s (%u)", ident, frag_offset,
                   flags.empty() ? "none" : flags.c_str(), protocol_name(protocol), protocol);
  out += strprintf(", length %zu", total_len());
  if (options_len != 0 && options) {
    out += ", options (" + options_string(Bytes(options, options_len)) + ")";
  }
  if (!checksum_valid) {
    std::uint8_t header[kIpv4MaxHeaderLen];
    emit(header);
    out += strprintf(", bad cksum %x (->%x)!", checksum, load_be16(&header[kChecksum]));
  }
  return out + ")";
}

std::uint64_t ipv4_pseudo_header_sum(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                                     std::uint16_t length) {
  return std::uint64_t{src.value() >> 16} + (src.value() & 0xffffu) + (dst.value() >> 16) +
         (dst.value() & 0xffffu) + protocol + length;
}

}  // namespace ws
