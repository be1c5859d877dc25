// The `dns.*` fields of a DNS message as `tshark -T fields` prints them.
#pragma once

#include "wirestack/base/bytes.h"
#include "wirestack/wire/dissection.h"

namespace ws::dns {

// A "dns" layer; a message that does not parse keeps the header fields read so far and is
// marked malformed.
DissectedLayer dissect_dns(Bytes message);

}  // namespace ws::dns
