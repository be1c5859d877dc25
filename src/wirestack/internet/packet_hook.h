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
  // Whether the hook must see whole datagrams: the host then reassembles fragments before
  // prerouting, in any order, and fragments the result again if it does not fit the way out
  // (Linux's nf_defrag_ipv4 in front of conntrack). A NAT needs it: only the first fragment
  // carries the ports (RFC 4787 REQ-14).
  virtual bool wants_whole_datagrams() const { return false; }
};

}  // namespace ws
