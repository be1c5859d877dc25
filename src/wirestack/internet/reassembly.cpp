#include "wirestack/internet/reassembly.h"

#include <algorithm>
#include <cstring>

#include "wirestack/base/checksum.h"

namespace ws {

Reassembler::Reassembler(ReassemblyConfig config) : config_(config), slots_(config.max_datagrams) {}

Reassembler::Datagram* Reassembler::find_or_create(Instant now, const Ipv4Repr& ip) {
  Datagram* free_slot = nullptr;
  for (Datagram& d : slots_) {  // a handful of slots: a scan is cheaper than hashing
    if (!d.used) {
      if (!free_slot) free_slot = &d;
      continue;
    }
    if (d.src == ip.src && d.dst == ip.dst && d.protocol == ip.protocol && d.ident == ip.ident) {
      return &d;
    }
  }
  if (!free_slot) return nullptr;
  Datagram& d = *free_slot;
  d.used = true;
  d.src = ip.src;
  d.dst = ip.dst;
  d.protocol = ip.protocol;
  d.ident = ip.ident;
  d.deadline = now + config_.timeout;
  d.header_len = 0;
  d.total.reset();
  d.nranges = 0;
  if (d.buf.empty()) d.buf.resize(kHeaderRoom + kMaxPayload);
  return &d;
}

Reassembler::Status Reassembler::insert_range(Datagram& d, std::uint32_t start, std::uint32_t end) {
  std::size_t at = 0;  // ranges are sorted and disjoint, never adjacent
  for (; at < d.nranges; ++at) {
    const Range& r = d.ranges[at];
    if (start >= r.start && end <= r.end) return Status::kDuplicate;
    if (start < r.end && end > r.start) return Status::kOverlap;
    if (end <= r.start) break;
  }
  const bool join_prev = at > 0 && d.ranges[at - 1].end == start;
  const bool join_next = at < d.nranges && d.ranges[at].start == end;
  if (join_prev && join_next) {
    d.ranges[at - 1].end = d.ranges[at].end;
    std::copy(d.ranges.begin() + at + 1, d.ranges.begin() + d.nranges, d.ranges.begin() + at);
    --d.nranges;
  } else if (join_prev) {
    d.ranges[at - 1].end = end;
  } else if (join_next) {
    d.ranges[at].start = start;
  } else {
    if (d.nranges == kMaxRanges) return Status::kMalformed;
    std::copy_backward(d.ranges.begin() + at, d.ranges.begin() + d.nranges,
                       d.ranges.begin() + d.nranges + 1);
    d.ranges[at] = {start, end};
    ++d.nranges;
  }
  return Status::kPending;
}

Reassembler::Added Reassembler::add(Instant now, const Ipv4Repr& ip, Bytes header, Bytes payload) {
  const std::uint32_t start = ip.frag_offset;
  const std::uint32_t end = start + static_cast<std::uint32_t>(payload.size());
  // RFC 791: every fragment but the last carries a multiple of 8 bytes.
  if (end > kMaxPayload || (ip.more_fragments && (payload.empty() || payload.size() % 8 != 0))) {
    return {Status::kMalformed, {}};
  }
  Datagram* d = find_or_create(now, ip);
  if (!d) return {Status::kTableFull, {}};
  auto discard = [&](Status why) {
    d->used = false;
    return Added{why, {}};
  };
  if (!ip.more_fragments) {
    if ((d->total && *d->total != end) || (d->nranges > 0 && d->ranges[d->nranges - 1].end > end)) {
      return discard(Status::kMalformed);
    }
    d->total = end;
  } else if (d->total && end > *d->total) {
    return discard(Status::kMalformed);
  }
  if (start != end) {
    const Status s = insert_range(*d, start, end);
    if (s == Status::kDuplicate) return {s, {}};
    if (s != Status::kPending) return discard(s);
    std::memcpy(d->buf.data() + kHeaderRoom + start, payload.data(), payload.size());
  }
  if (start == 0) {
    d->header_len = header.size();
    std::memcpy(d->buf.data() + kHeaderRoom - header.size(), header.data(), header.size());
  }
  if (d->header_len == 0 || !d->total || d->nranges != 1 || d->ranges[0].start != 0 ||
      d->ranges[0].end != *d->total) {
    return {Status::kPending, {}};
  }
  return {Status::kComplete, finish(*d)};
}

Bytes Reassembler::finish(Datagram& d) {
  d.used = false;
  std::uint8_t* h = d.buf.data() + kHeaderRoom - d.header_len;
  const std::size_t total_len = d.header_len + *d.total;
  store_be16(h + 2, static_cast<std::uint16_t>(total_len));
  store_be16(h + 6, static_cast<std::uint16_t>(load_be16(h + 6) & 0x4000));  // keep DF only
  store_be16(h + 10, 0);
  store_be16(h + 10, internet_checksum({h, d.header_len}));
  return {h, total_len};
}

std::optional<Reassembler::Expired> Reassembler::next_expired(Instant now) {
  for (Datagram& d : slots_) {
    if (!d.used || d.deadline > now) continue;
    d.used = false;
    Expired e{d.src, {}};
    if (d.header_len > 0) {
      const std::uint32_t have = d.ranges[0].start == 0 ? d.ranges[0].end : 0;
      e.quote = {d.buf.data() + kHeaderRoom - d.header_len,
                 d.header_len + std::min<std::uint32_t>(have, 8)};
    }
    return e;
  }
  return std::nullopt;
}

std::optional<Instant> Reassembler::poll_at() const {
  std::optional<Instant> at;
  for (const Datagram& d : slots_) {
    if (d.used && (!at || d.deadline < *at)) at = d.deadline;
  }
  return at;
}

std::size_t Reassembler::in_progress() const {
  return static_cast<std::size_t>(
      std::count_if(slots_.begin(), slots_.end(), [](const Datagram& d) { return d.used; }));
}

}  // namespace ws
