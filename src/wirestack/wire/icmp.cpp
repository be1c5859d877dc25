#include "wirestack/wire/icmp.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "wirestack/base/checksum.h"
#include "wirestack/wire/address.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/text.h"

namespace ws {
namespace {

// RFC 792 layout: type, code, checksum, then 4 bytes whose meaning depends on the type.
constexpr std::size_t kType = 0;
constexpr std::size_t kCode = 1;
constexpr std::size_t kChecksum = 2;
constexpr std::size_t kRest = 4;

// RFC 1812 §4.3.2.3: an ICMP error datagram is at most 576 bytes, its own IP header included.
constexpr std::size_t kMaxErrorDatagram = 576;
constexpr std::size_t kMaxQuote = kMaxErrorDatagram - kIpv4MinHeaderLen - kIcmpHeaderLen;

IcmpRepr::Kind kind_of(std::uint8_t type) {
  switch (type) {
    case icmp_type::kEchoRequest:
      return IcmpRepr::Kind::kEchoRequest;
    case icmp_type::kEchoReply:
      return IcmpRepr::Kind::kEchoReply;
    case icmp_type::kDestUnreachable:
      return IcmpRepr::Kind::kDestUnreachable;
    case icmp_type::kTimeExceeded:
      return IcmpRepr::Kind::kTimeExceeded;
    default:
      return IcmpRepr::Kind::kOther;
  }
}

IcmpRepr echo(IcmpRepr::Kind kind, std::uint8_t type, std::uint16_t ident, std::uint16_t seq,
              Bytes data) {
  IcmpRepr r;
  r.kind = kind;
  r.type = type;
  r.ident = ident;
  r.seq = seq;
  r.data = data;
  return r;
}

IcmpRepr error(IcmpRepr::Kind kind, std::uint8_t type, std::uint8_t code, Bytes quoted) {
  IcmpRepr r;
  r.kind = kind;
  r.type = type;
  r.code = code;
  r.data = icmp_quote(quoted);
  return r;
}

// tcpdump's unreach2str, by code; "%s" is the quoted datagram's destination. Protocol, port and
// fragmentation needed (codes 2-4) are printed from more of the quote.
constexpr const char* kUnreachableFormats[] = {
    "net %s unreachable",
    "host %s unreachable",
    nullptr,
    nullptr,
    nullptr,
    "%s unreachable - source route failed",
    "net %s unreachable - unknown",
    "host %s unreachable - unknown",
    "%s unreachable - source host isolated",
    "net %s unreachable - admin prohibited",
    "host %s unreachable - admin prohibited",
    "net %s unreachable - tos prohibited",
    "host %s unreachable - tos prohibited",
    "host %s unreachable - admin prohibited filter",
    "host %s unreachable - host precedence violation",
    "host %s unreachable - precedence cutoff",
};

// The body of tcpdump's line for a destination unreachable (print-icmp.c), from the quote.
std::string unreachable_string(const IcmpRepr& r) {
  const Bytes q = r.data;
  if (q.size() < kIpv4MinHeaderLen) return "[|icmp]";
  const std::string dst = Ipv4Address::from_bytes(&q[16]).to_string();
  const std::uint8_t proto = q[9];
  switch (r.code) {
    case icmp_unreach::kProtocol:
      return strprintf("%s protocol %u unreachable", dst.c_str(), proto);
    case icmp_unreach::kPort: {
      const std::size_t hlen = (q[0] & 0x0fu) * 4u;
      if (q.size() < hlen + 4) return "[|icmp]";
      const std::uint16_t port = load_be16(&q[hlen + 2]);
      if (proto == ip_proto::kTcp || proto == ip_proto::kUdp) {
        return strprintf("%s %s port %u unreachable", dst.c_str(),
                         proto == ip_proto::kTcp ? "tcp" : "udp", port);
      }
      return strprintf("%s protocol %u port %u unreachable", dst.c_str(), proto, port);
    }
    case icmp_unreach::kFragNeeded:  // RFC 1191 §4
      if (r.next_hop_mtu == 0) return dst + " unreachable - need to frag";
      return strprintf("%s unreachable - need to frag (mtu %u)", dst.c_str(), r.next_hop_mtu);
    default:
      if (r.code < std::size(kUnreachableFormats)) {
        return strprintf(kUnreachableFormats[r.code], dst.c_str());
      }
      return strprintf("%s unreachable - #%u", dst.c_str(), r.code);
  }
}

std::string time_exceeded_string(std::uint8_t code) {
  switch (code) {
    case icmp_time_exceeded::kTtl:
      return "time exceeded in-transit";
    case icmp_time_exceeded::kReassembly:
      return "ip reassembly time exceeded";
    default:
      return strprintf("time exceeded-#%u", code);
  }
}

// Types outside our Kinds, named as tcpdump's icmp2str does.
std::string other_string(const IcmpRepr& r) {
  switch (r.type) {
    case 4:
      return "source quench";
    case 5: {
      if (r.data.size() < kIpv4MinHeaderLen) return "[|icmp]";
      static constexpr const char* kRedirect[] = {"redirect %s to net %s", "redirect %s to host %s",
                                                  "redirect-tos %s to net %s",
                                                  "redirect-tos %s to host %s"};
      const std::string dst = Ipv4Address::from_bytes(&r.data[16]).to_string();
      const std::string gateway = Ipv4Address(r.rest_of_header).to_string();
      if (r.code < 4) return strprintf(kRedirect[r.code], dst.c_str(), gateway.c_str());
      return strprintf("redirect-#%u %s to %s", r.code, dst.c_str(), gateway.c_str());
    }
    case 9:
      return "router advertisement";
    case 10:
      return "router solicitation";
    case icmp_type::kParameterProblem:
      if (r.code != 0) return strprintf("parameter problem - code %u", r.code);
      return strprintf("parameter problem - octet %u", r.rest_of_header >> 24);
    case 13:  // tcpdump adds the three timestamps of a reply; we stop at id and seq
    case 14:
      return strprintf("time stamp %s id %u seq %u", r.type == 13 ? "query" : "reply",
                       r.rest_of_header >> 16, r.rest_of_header & 0xffffu);
    case 15:
      return "information request";
    case 16:
      return "information reply";
    case 17:
      return "address mask request";
    case 18:
      return "address mask reply";
    default:
      return strprintf("type-#%u", r.type);
  }
}

// The 8-byte header with a zero checksum field.
void emit_header(const IcmpRepr& r, std::uint8_t* h) {
  using Kind = IcmpRepr::Kind;
  h[kType] = r.type;
  h[kCode] = r.code;
  store_be16(&h[kChecksum], 0);
  switch (r.kind) {
    case Kind::kEchoRequest:
    case Kind::kEchoReply:
      store_be16(&h[4], r.ident);
      store_be16(&h[6], r.seq);
      break;
    case Kind::kDestUnreachable:  // RFC 1191 §4: next-hop MTU in the low-order 16 bits
      store_be32(&h[kRest], (r.rest_of_header & 0xffff0000u) | r.next_hop_mtu);
      break;
    case Kind::kTimeExceeded:
    case Kind::kOther:
      store_be32(&h[kRest], r.rest_of_header);
      break;
  }
}

std::uint16_t compute_checksum(const IcmpRepr& r) {
  std::uint8_t header[kIcmpHeaderLen];
  emit_header(r, header);
  return checksum_finish(checksum_add(r.data, checksum_add(header)));
}

}  // namespace

Bytes icmp_quote(Bytes datagram) {
  std::size_t header_len = datagram.empty() ? 0 : (datagram[0] & 0x0fu) * 4u;
  header_len = std::max(header_len, kIpv4MinHeaderLen);
  return datagram.first(std::min({datagram.size(), header_len + 8, kMaxQuote}));
}

Result<IcmpPacket, ParseError> IcmpPacket::check(Bytes packet) {
  if (packet.size() < kIcmpHeaderLen) return Err{ParseError::kTruncated};
  return IcmpPacket(packet);
}

std::uint8_t IcmpPacket::type() const {
  return bytes_[kType];
}
std::uint8_t IcmpPacket::code() const {
  return bytes_[kCode];
}
std::uint16_t IcmpPacket::checksum() const {
  return load_be16(&bytes_[kChecksum]);
}
bool IcmpPacket::checksum_valid() const {
  return internet_checksum(bytes_) == 0;
}
std::uint16_t IcmpPacket::echo_ident() const {
  return load_be16(&bytes_[4]);
}
std::uint16_t IcmpPacket::echo_seq() const {
  return load_be16(&bytes_[6]);
}
std::uint16_t IcmpPacket::next_hop_mtu() const {
  return load_be16(&bytes_[6]);
}
std::uint32_t IcmpPacket::rest_of_header() const {
  return load_be32(&bytes_[kRest]);
}

Result<IcmpRepr, ParseError> IcmpRepr::parse(const IcmpPacket& packet, ChecksumCheck check) {
  IcmpRepr r;
  r.checksum = packet.checksum();
  r.checksum_valid = packet.checksum_valid();
  if (check == ChecksumCheck::kVerify && !r.checksum_valid) return Err{ParseError::kBadChecksum};
  r.type = packet.type();
  r.code = packet.code();
  r.kind = kind_of(r.type);
  r.rest_of_header = packet.rest_of_header();
  r.data = packet.payload();
  switch (r.kind) {
    case Kind::kEchoRequest:
    case Kind::kEchoReply:
      r.ident = packet.echo_ident();
      r.seq = packet.echo_seq();
      break;
    case Kind::kDestUnreachable:
      r.next_hop_mtu = packet.next_hop_mtu();
      [[fallthrough]];
    case Kind::kTimeExceeded:
      // RFC 792: an error quotes the offending datagram's IP header (and 8 bytes after it).
      if (r.data.size() < kIpv4MinHeaderLen) return Err{ParseError::kTruncated};
      break;
    case Kind::kOther:
      break;
  }
  return r;
}

IcmpRepr IcmpRepr::echo_request(std::uint16_t ident, std::uint16_t seq, Bytes data) {
  return echo(Kind::kEchoRequest, icmp_type::kEchoRequest, ident, seq, data);
}

IcmpRepr IcmpRepr::echo_reply(std::uint16_t ident, std::uint16_t seq, Bytes data) {
  return echo(Kind::kEchoReply, icmp_type::kEchoReply, ident, seq, data);
}

IcmpRepr IcmpRepr::dest_unreachable(std::uint8_t code, Bytes quoted, std::uint16_t next_hop_mtu) {
  IcmpRepr r = error(Kind::kDestUnreachable, icmp_type::kDestUnreachable, code, quoted);
  r.next_hop_mtu = next_hop_mtu;
  return r;
}

IcmpRepr IcmpRepr::time_exceeded(std::uint8_t code, Bytes quoted) {
  return error(Kind::kTimeExceeded, icmp_type::kTimeExceeded, code, quoted);
}

void IcmpRepr::emit(MutableBytes out) const {
  // memmove: an echo reply may be built over the request it answers.
  if (!data.empty()) std::memmove(&out[kIcmpHeaderLen], data.data(), data.size());
  emit_header(*this, out.data());
  store_be16(&out[kChecksum], internet_checksum(out.first(len())));
}

std::string IcmpRepr::to_string() const {
  std::string body;
  switch (kind) {
    case Kind::kEchoRequest:
    case Kind::kEchoReply:
      body = strprintf("echo %s, id %u, seq %u", kind == Kind::kEchoRequest ? "request" : "reply",
                       ident, seq);
      break;
    case Kind::kDestUnreachable:
      body = unreachable_string(*this);
      break;
    case Kind::kTimeExceeded:
      body = time_exceeded_string(code);
      break;
    case Kind::kOther:
      body = other_string(*this);
      break;
  }
  std::string out = strprintf("ICMP %s, length %zu", body.c_str(), len());
  if (!checksum_valid) {
    out += strprintf(" (wrong icmp cksum %x (->%x)!)", checksum, compute_checksum(*this));
  }
  return out;
}

}  // namespace ws
