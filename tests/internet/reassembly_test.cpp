#include "wirestack/internet/reassembly.h"

#include <gtest/gtest.h>

#include <numeric>

#include "frames.h"

namespace ws {
namespace {

using test::ip;

const Instant t0 = Instant::epoch() + Duration::seconds(5);

// One datagram of `len` payload bytes (byte i = i), cut into fragments at the given offsets.
struct Fragments {
  std::vector<std::uint8_t> payload;
  std::vector<std::vector<std::uint8_t>> datagrams;  // header + slice

  Fragments(std::size_t len, std::vector<std::size_t> cuts, std::uint16_t ident = 7) {
    payload.resize(len);
    for (std::size_t i = 0; i < len; ++i) payload[i] = static_cast<std::uint8_t>(i * 7);
    cuts.push_back(len);
    std::size_t start = 0;
    for (std::size_t cut : cuts) {
      Ipv4Repr h = test::ip_header(ip("192.0.2.1"), ip("192.0.2.2"), ip_proto::kUdp, 64, ident);
      h.frag_offset = static_cast<std::uint16_t>(start);
      h.more_fragments = cut != len;
      datagrams.push_back(test::ipv4_datagram(h, Bytes(payload).subspan(start, cut - start)));
      start = cut;
    }
  }
  Reassembler::Added add(Reassembler& r, std::size_t i, Instant at = t0) const {
    auto view = Ipv4Packet::check(datagrams[i]);
    EXPECT_TRUE(view.ok());
    auto repr = Ipv4Repr::parse(*view);
    EXPECT_TRUE(repr.ok());
    return r.add(at, *repr, view->header(), view->payload());
  }
};

void expect_whole(const Reassembler::Added& a, const std::vector<std::uint8_t>& payload) {
  ASSERT_EQ(a.status, Reassembler::Status::kComplete);
  auto view = Ipv4Packet::check(a.datagram);
  ASSERT_TRUE(view.ok());
  auto repr = Ipv4Repr::parse(*view, ChecksumCheck::kVerify);
  ASSERT_TRUE(repr.ok()) << "reassembled header checksum must verify";
  EXPECT_FALSE(repr->more_fragments);
  EXPECT_EQ(repr->frag_offset, 0);
  EXPECT_EQ(repr->payload_len, payload.size());
  EXPECT_EQ(std::vector<std::uint8_t>(view->payload().begin(), view->payload().end()), payload);
}

TEST(Reassembly, InOrderFragmentsMakeTheDatagram) {
  Reassembler r;
  Fragments f(3000, {1480, 2960});
  EXPECT_EQ(f.add(r, 0).status, Reassembler::Status::kPending);
  EXPECT_EQ(f.add(r, 1).status, Reassembler::Status::kPending);
  expect_whole(f.add(r, 2), f.payload);
  EXPECT_EQ(r.in_progress(), 0u);
}

TEST(Reassembly, OutOfOrderFragmentsMakeTheDatagram) {
  Reassembler r;
  Fragments f(3000, {1000, 2000, 2504});
  EXPECT_EQ(f.add(r, 3).status, Reassembler::Status::kPending);
  EXPECT_EQ(f.add(r, 1).status, Reassembler::Status::kPending);
  EXPECT_EQ(f.add(r, 0).status, Reassembler::Status::kPending);
  expect_whole(f.add(r, 2), f.payload);
}

TEST(Reassembly, ExactDuplicateIsIgnoredAndDatagramStillCompletes) {
  Reassembler r;
  Fragments f(2000, {1000});
  EXPECT_EQ(f.add(r, 0).status, Reassembler::Status::kPending);
  EXPECT_EQ(f.add(r, 0).status, Reassembler::Status::kDuplicate);
  expect_whole(f.add(r, 1), f.payload);
}

TEST(Reassembly, PartialOverlapDiscardsTheWholeDatagram) {
  Reassembler r;
  Fragments a(2000, {1000});
  Fragments overlapping(2000, {800});  // its second fragment starts inside a's first
  EXPECT_EQ(a.add(r, 0).status, Reassembler::Status::kPending);
  EXPECT_EQ(overlapping.add(r, 1).status, Reassembler::Status::kOverlap);
  EXPECT_EQ(r.in_progress(), 0u);
  // What is left of the attempt starts a new datagram and cannot complete without fragment 0.
  EXPECT_EQ(a.add(r, 1).status, Reassembler::Status::kPending);
}

TEST(Reassembly, NonLastFragmentNotMultipleOfEightIsMalformed) {
  Reassembler r;
  Fragments f(2000, {1001});
  EXPECT_EQ(f.add(r, 0).status, Reassembler::Status::kMalformed);
}

TEST(Reassembly, ConflictingLastFragmentsDiscardTheDatagram) {
  Reassembler r;
  Fragments a(2000, {1000});
  Fragments b(3000, {1000, 2000});
  EXPECT_EQ(a.add(r, 1).status, Reassembler::Status::kPending);    // total 2000
  EXPECT_EQ(b.add(r, 2).status, Reassembler::Status::kMalformed);  // total 3000
  EXPECT_EQ(r.in_progress(), 0u);
}

TEST(Reassembly, TimeoutQuotesFirstFragmentWhenItArrived) {
  Reassembler r;
  Fragments f(3000, {1480, 2960});
  (void)f.add(r, 0);
  (void)f.add(r, 2);
  EXPECT_EQ(r.poll_at(), t0 + Duration::seconds(30));
  EXPECT_FALSE(r.next_expired(t0 + Duration::seconds(29)));
  auto e = r.next_expired(t0 + Duration::seconds(30));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->src, ip("192.0.2.1"));
  ASSERT_EQ(e->quote.size(), 20u + 8u);
  EXPECT_TRUE(std::equal(e->quote.begin(), e->quote.end(), f.datagrams[0].begin()));
  EXPECT_EQ(r.in_progress(), 0u);
  EXPECT_FALSE(r.poll_at());
}

TEST(Reassembly, TimeoutWithoutFirstFragmentHasNothingToQuote) {
  Reassembler r;
  Fragments f(3000, {1480, 2960});
  (void)f.add(r, 1);
  auto e = r.next_expired(t0 + Duration::seconds(30));
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->quote.empty());
}

TEST(Reassembly, TableIsBounded) {
  ReassemblyConfig config;
  config.max_datagrams = 2;
  Reassembler r(config);
  EXPECT_EQ(Fragments(2000, {1000}, 1).add(r, 0).status, Reassembler::Status::kPending);
  EXPECT_EQ(Fragments(2000, {1000}, 2).add(r, 0).status, Reassembler::Status::kPending);
  EXPECT_EQ(Fragments(2000, {1000}, 3).add(r, 0).status, Reassembler::Status::kTableFull);
  EXPECT_EQ(r.in_progress(), 2u);
}

TEST(Reassembly, TooManyHolesDiscardsTheDatagram) {
  Reassembler r;
  std::vector<std::size_t> cuts;
  for (std::size_t c = 8; c < 8 * 80; c += 8) cuts.push_back(c);
  Fragments f(8 * 80, cuts);
  Reassembler::Status last = Reassembler::Status::kPending;
  // Every other fragment: each one is a new hole-separated range.
  for (std::size_t i = 0; i < f.datagrams.size() && last == Reassembler::Status::kPending; i += 2) {
    last = f.add(r, i).status;
  }
  EXPECT_EQ(last, Reassembler::Status::kMalformed);
  EXPECT_EQ(r.in_progress(), 0u);
}

}  // namespace
}  // namespace ws
