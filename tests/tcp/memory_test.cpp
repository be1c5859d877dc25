// Memory per established idle connection, counted by replacing the global operator new in this
// test binary: everything the layer allocates for a connection (the Connection, its slot, its
// demultiplexing and timer entries). Send and receive buffers take storage only on first use,
// so an idle connection holds none.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "tcp_harness.h"

namespace {

std::atomic<std::int64_t> g_live_bytes{0};

// Each block carries its size in a header, so frees can be counted too.
void* counted_alloc(std::size_t n) {
  auto* block = static_cast<std::max_align_t*>(std::malloc(n + sizeof(std::max_align_t)));
  if (!block) throw std::bad_alloc();
  *reinterpret_cast<std::size_t*>(block) = n;
  g_live_bytes += static_cast<std::int64_t>(n);
  return block + 1;
}

void counted_free(void* p) noexcept {
  if (!p) return;
  auto* block = static_cast<std::max_align_t*>(p) - 1;
  g_live_bytes -= static_cast<std::int64_t>(*reinterpret_cast<std::size_t*>(block));
  std::free(block);
}

}  // namespace

void* operator new(std::size_t n) {
  return counted_alloc(n);
}
void* operator new[](std::size_t n) {
  return counted_alloc(n);
}
void operator delete(void* p) noexcept {
  counted_free(p);
}
void operator delete[](void* p) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  counted_free(p);
}

namespace ws::tcp::test {
namespace {

using namespace tcp_flag;
using TcpHeap = TcpTest;

TEST_F(TcpHeap, AnIdleEstablishedConnectionHoldsUnderOneKibibyteOfHeap) {
  constexpr int kCount = 2000;
  auto l = layer_.listen(kLocalPort, kCount);
  ASSERT_TRUE(l.ok());
  std::vector<SocketId> accepted;
  accepted.reserve(kCount);
  const std::int64_t before = g_live_bytes.load();
  for (int i = 0; i < kCount; ++i) {
    remote_port_ = static_cast<std::uint16_t>(10000 + i);
    inject(seg(kSyn, Seq(1000)));
    const Sent synack = next();
    inject(seg(kAck, Seq(1001), synack.repr.seq + 1));
    auto s = layer_.accept(*l);
    ASSERT_TRUE(s.ok());
    accepted.push_back(*s);
  }
  expect_nothing();
  const double per_connection = static_cast<double>(g_live_bytes.load() - before) / kCount;
  std::printf("heap per idle established connection: %.0f bytes (sizeof(Connection) %zu)\n",
              per_connection, sizeof(Connection));
  EXPECT_EQ(layer_.connection(accepted.back())->recv_queue(), 0u);
  EXPECT_LT(per_connection, 1024.0);
}

}  // namespace
}  // namespace ws::tcp::test
