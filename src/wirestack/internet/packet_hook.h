// Where a packet filter or a NAT sits on a Host's datagram path, without the Host knowing which
// (Linux's netfilter PREROUTING and POSTROUTING hooks). A hook may rewrite the datagram in
// place (addresses, ports, checksums; never its length) or ask for it to be dropped.
#pragma once

#include <optional>

#include "wirestack/base/bytes.h"
#include "wirestack/base/time.h"
#include "wirestack/internet/interface.h"
#include "wirestack/trace/drop_reason.h"

namespace ws {

class PacketHook {
 public:
  virtual ~PacketHook() = default;
  // A valid datagram received on `in`, before the host decides between local delivery and
  // forwarding (so a rewritten destination decides it). Returns the reason to drop it, or
  // nothing to let it pass.
  virtual std::optional<DropReason> prerouting(Instant now, const Interface& in,
                                               MutableBytes datagram) = 0;
  // A datagram being forwarded from `in` to `out`, after the route lookup and before the TTL
  // decrement and fragmentation.
  virtual std::optional<DropReason> postrouting(Instant now, const Interface& in,
                                                const Interface& out, MutableBytes datagram) = 0;
};

}  // namespace ws
