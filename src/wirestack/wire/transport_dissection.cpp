#include "wirestack/wire/transport_dissection.h"

#include <string>

#include "wirestack/wire/tcp.h"
#include "wirestack/wire/text.h"
#include "wirestack/wire/udp.h"

namespace ws {
namespace {

std::string dec(unsigned v) {
  return std::to_string(v);
}
std::string hex4(unsigned v) {
  return strprintf("0x%04x", v);
}
std::string flag(bool b) {
  return b ? "1" : "0";
}

// Wireshark's `*.checksum.status`: 0 bad, 1 good, 2 unverified, 3 not present.
std::string checksum_status(bool whole, bool valid) {
  if (!whole) return "2";
  return valid ? "1" : "0";
}

void add_tcp_options(DissectedLayer& layer, const TcpOptions& o) {
  if (o.mss) layer.add("tcp.options.mss_val", dec(*o.mss));
  if (o.window_scale) layer.add("tcp.options.wscale.shift", dec(*o.window_scale));
  // tshark prints this field, which has no value, as the option's bytes.
  if (o.sack_permitted) layer.add("tcp.options.sack_perm", "0402");
  if (o.timestamps) {
    layer.add("tcp.options.timestamp.tsval", dec(o.timestamps->value));
    layer.add("tcp.options.timestamp.tsecr", dec(o.timestamps->echo));
  }
  if (o.sack_count) layer.add("tcp.options.sack.count", dec(o.sack_count));
  for (std::size_t i = 0; i < o.sack_count; ++i) {
    layer.add("tcp.options.sack_le", dec(o.sack[i].left.raw()));
    layer.add("tcp.options.sack_re", dec(o.sack[i].right.raw()));
  }
}

}  // namespace

DissectedLayer dissect_udp(Bytes datagram, Ipv4Address src, Ipv4Address dst, bool whole) {
  DissectedLayer layer{"udp", "User Datagram Protocol", {}, {}};
  // Like Wireshark, show the header's fields even when its length is wrong (RFC 768 layout).
  if (datagram.size() >= kUdpHeaderLen) {
    layer.add("udp.srcport", dec(load_be16(&datagram[0])));
    layer.add("udp.dstport", dec(load_be16(&datagram[2])));
    layer.add("udp.length", dec(load_be16(&datagram[4])));
    layer.add("udp.checksum", hex4(load_be16(&datagram[6])));
  }
  const auto udp = UdpPacket::check(datagram);
  if (!udp) {
    if (whole || udp.error() != ParseError::kTruncated) {
      layer.error = udp.error();
    } else {
      layer.add("udp.checksum.status", "2");
    }
    return layer;
  }
  const auto repr = UdpRepr::parse(*udp, src, dst, ChecksumCheck::kIgnore);
  layer.add("udp.checksum.status",
            repr->checksum == 0 ? "3" : checksum_status(whole, repr->checksum_valid));
  return layer;
}

DissectedLayer dissect_tcp(Bytes segment, Ipv4Address src, Ipv4Address dst, bool whole) {
  DissectedLayer layer{"tcp", "Transmission Control Protocol", {}, {}};
  const auto tcp = TcpPacket::check(segment);
  if (!tcp) {
    layer.error = tcp.error();
    return layer;
  }
  layer.add("tcp.srcport", dec(tcp->src_port()));
  layer.add("tcp.dstport", dec(tcp->dst_port()));
  layer.add("tcp.len", dec(static_cast<unsigned>(tcp->payload().size())));
  layer.add("tcp.seq_raw", dec(tcp->seq().raw()));
  layer.add("tcp.ack_raw", dec(tcp->ack().raw()));
  layer.add("tcp.hdr_len", dec(static_cast<unsigned>(tcp->header_len())));
  const unsigned flags = tcp->flags();
  layer.add("tcp.flags", hex4(static_cast<unsigned>(tcp->reserved()) << 9 | flags));
  layer.add("tcp.flags.res", flag(tcp->reserved() != 0));
  for (const auto& [bit, name] : {std::pair{tcp_flag::kAe, "ae"},
                                  {tcp_flag::kCwr, "cwr"},
                                  {tcp_flag::kEce, "ece"},
                                  {tcp_flag::kUrg, "urg"},
                                  {tcp_flag::kAck, "ack"},
                                  {tcp_flag::kPsh, "push"},
                                  {tcp_flag::kRst, "reset"},
                                  {tcp_flag::kSyn, "syn"},
                                  {tcp_flag::kFin, "fin"}}) {
    layer.add(std::string("tcp.flags.") + name, flag(flags & bit));
  }
  layer.add("tcp.window_size_value", dec(tcp->window()));
  layer.add("tcp.checksum", hex4(tcp->checksum()));
  layer.add("tcp.checksum.status", checksum_status(whole, tcp->checksum_valid(src, dst)));
  layer.add("tcp.urgent_pointer", dec(tcp->urgent()));
  const auto repr = TcpRepr::parse(*tcp, src, dst, ChecksumCheck::kIgnore);
  if (!repr) {
    layer.error = repr.error();
    return layer;
  }
  add_tcp_options(layer, repr->options);
  return layer;
}

}  // namespace ws
