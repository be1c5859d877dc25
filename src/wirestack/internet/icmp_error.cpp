#include "wirestack/internet/icmp_error.h"

#include "wirestack/wire/ipv4.h"

namespace ws {

std::optional<QuotedDatagram> QuotedDatagram::parse(Bytes quote) {
  if (quote.size() < kIpv4MinHeaderLen || (quote[0] >> 4) != 4) return std::nullopt;
  const std::size_t header_len = std::size_t{quote[0] & 0x0fu} * 4;
  if (header_len < kIpv4MinHeaderLen || header_len > quote.size()) return std::nullopt;
  QuotedDatagram q;
  q.ident = load_be16(&quote[4]);
  q.frag_offset = static_cast<std::uint16_t>((load_be16(&quote[6]) & 0x1fff) * 8);
  q.protocol = quote[9];
  q.src = Ipv4Address::from_bytes(&quote[12]);
  q.dst = Ipv4Address::from_bytes(&quote[16]);
  q.header = quote.first(header_len);
  q.payload = quote.subspan(header_len);
  return q;
}

}  // namespace ws
