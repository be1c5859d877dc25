// UDP and TCP layers of a dissection (dissection.h), with Wireshark's field names and
// `tshark -T fields -o tcp.relative_sequence_numbers:FALSE` formatting.
#pragma once

#include "wirestack/base/bytes.h"
#include "wirestack/wire/address.h"
#include "wirestack/wire/dissection.h"

namespace ws {

// `whole` is false for the first fragment of a datagram: its header is shown, its checksum is
// unverified (status 2) and a length reaching past the fragment is no error.
DissectedLayer dissect_udp(Bytes datagram, Ipv4Address src, Ipv4Address dst, bool whole);
// SACK edges are absolute, as tshark shows them with relative sequence numbers off.
DissectedLayer dissect_tcp(Bytes segment, Ipv4Address src, Ipv4Address dst, bool whole);

}  // namespace ws
