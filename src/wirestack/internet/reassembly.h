// IPv4 fragment reassembly (RFC 791 §3.2, RFC 815): a bounded table of datagrams in progress,
// each with the ranges received so far. Overlapping fragments discard the whole datagram, as
// Linux does since FragmentSmack (an exact or contained duplicate is only ignored); a datagram
// not complete within the timeout is dropped.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "wirestack/base/bytes.h"
#include "wirestack/base/time.h"
#include "wirestack/wire/ipv4.h"

namespace ws {

struct ReassemblyConfig {
  std::size_t max_datagrams = 16;            // in progress at once
  Duration timeout = Duration::seconds(30);  // Linux ipfrag_time
};

class Reassembler {
 public:
  enum class Status : std::uint8_t {
    kPending,    // kept, more to come
    kComplete,   // `datagram` holds the whole datagram
    kDuplicate,  // already had these bytes: fragment ignored
    kOverlap,    // partial overlap: the datagram was discarded
    kMalformed,  // inconsistent length/offset, or too many holes: the datagram was discarded
    kTableFull,  // no room for another datagram: fragment dropped
  };
  struct Added {
    Status status = Status::kPending;
    // kComplete: the reassembled datagram (fresh header: MF clear, offset 0, total length and
    // checksum updated), valid until the next call to add().
    Bytes datagram;
  };
  struct Expired {
    Ipv4Address src;
    // The first fragment's header + up to 8 bytes of its payload, for an ICMP time exceeded
    // (RFC 792); empty when the first fragment never arrived. Valid until the next call to add().
    Bytes quote;
  };

  explicit Reassembler(ReassemblyConfig config = {});

  // `header` and `payload` are one fragment's IP header and payload; `ip` its parsed header.
  Added add(Instant now, const Ipv4Repr& ip, Bytes header, Bytes payload);
  std::optional<Expired> next_expired(Instant now);
  std::optional<Instant> poll_at() const;
  std::size_t in_progress() const;

 private:
  static constexpr std::size_t kHeaderRoom = kIpv4MaxHeaderLen;
  static constexpr std::size_t kMaxPayload = 65535 - kIpv4MinHeaderLen;
  static constexpr std::size_t kMaxRanges = 32;
  struct Range {
    std::uint32_t start, end;  // payload offsets, end exclusive
  };
  struct Datagram {
    bool used = false;
    Ipv4Address src, dst;
    std::uint8_t protocol = 0;
    std::uint16_t ident = 0;
    Instant deadline;
    std::size_t header_len = 0;          // 0 until the first fragment arrives
    std::optional<std::uint32_t> total;  // payload length, known from the last fragment
    std::array<Range, kMaxRanges> ranges{};
    std::size_t nranges = 0;
    std::vector<std::uint8_t> buf;  // kHeaderRoom + kMaxPayload, allocated on first use
  };

  Datagram* find_or_create(Instant now, const Ipv4Repr& ip);
  // Records [start, end): kPending, or why it cannot be (duplicate, overlap, too many holes).
  static Status insert_range(Datagram& d, std::uint32_t start, std::uint32_t end);
  Bytes finish(Datagram& d);

  ReassemblyConfig config_;
  std::vector<Datagram> slots_;
};

}  // namespace ws
