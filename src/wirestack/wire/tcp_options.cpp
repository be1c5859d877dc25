// TCP options (RFC 9293 §3.2): parse, Linux's layout on emit, tcpdump's wording on print.
#include <algorithm>

#include "wirestack/wire/tcp.h"
#include "wirestack/wire/text.h"

namespace ws {
namespace {

constexpr std::size_t kMaxOptionsLen = kTcpMaxHeaderLen - kTcpMinHeaderLen;
constexpr std::size_t kMssLen = 4;
constexpr std::size_t kWindowScaleLen = 3;
constexpr std::size_t kSackPermittedLen = 2;
constexpr std::size_t kTimestampsLen = 10;
constexpr std::size_t kSackBlockLen = 8;
constexpr std::size_t kMaxSackBlocks = 4;

// The length a known kind must have, or 0 for a kind we skip (SACK is checked on its own).
std::size_t fixed_len(std::uint8_t kind) {
  switch (kind) {
    case tcp_option::kMss:
      return kMssLen;
    case tcp_option::kWindowScale:
      return kWindowScaleLen;
    case tcp_option::kSackPermitted:
      return kSackPermittedLen;
    case tcp_option::kTimestamps:
      return kTimestampsLen;
    default:
      return 0;
  }
}

// Bytes the options other than SACK blocks take, each word aligned as Linux aligns it.
std::size_t base_len(const TcpOptions& o) {
  std::size_t len = o.mss ? 4 : 0;
  if (o.timestamps) {
    len += 12;  // "sackOK,TS" or "nop,nop,TS"
  } else if (o.sack_permitted) {
    len += 4;  // "nop,nop,sackOK"
  }
  if (o.window_scale) len += 4;  // "nop,wscale"
  return len;
}

void put4(std::uint8_t*& p, std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  p[0] = a;
  p[1] = b;
  p[2] = c;
  p[3] = d;
  p += 4;
}

// tcpdump's tcp_option_values.
const char* option_name(std::uint8_t kind) {
  switch (kind) {
    case tcp_option::kEol:
      return "eol";
    case tcp_option::kNop:
      return "nop";
    case tcp_option::kMss:
      return "mss";
    case tcp_option::kWindowScale:
      return "wscale";
    case tcp_option::kSackPermitted:
      return "sackOK";
    case tcp_option::kSack:
      return "sack";
    case 6:
      return "echo";
    case 7:
      return "echoreply";
    case tcp_option::kTimestamps:
      return "TS";
    case 11:
      return "cc";
    case 12:
      return "ccnew";
    case 19:
      return "md5";
    case 20:
      return "scps";
    case 28:
      return "uto";
    case 29:
      return "tcp-ao";
    case 30:
      return "mptcp";
    case 34:
      return "tfo";
    case 254:
      return "exp";
    default:
      return nullptr;
  }
}

// One option's data as tcpdump prints it after the name; false when too short for its kind.
bool print_data(std::uint8_t kind, Bytes data, std::string& out) {
  switch (kind) {
    case tcp_option::kMss:
      if (data.size() < 2) return false;
      out += strprintf(" %u", load_be16(data.data()));
      return true;
    case tcp_option::kWindowScale:
      if (data.empty()) return false;
      out += strprintf(" %u", data[0]);
      return true;
    case tcp_option::kSack:
      if (data.size() % kSackBlockLen != 0) {
        out += " invalid sack";
        return true;
      }
      out += strprintf(" %zu ", data.size() / kSackBlockLen);
      for (std::size_t i = 0; i < data.size(); i += kSackBlockLen) {
        out += strprintf("{%u:%u}", load_be32(&data[i]), load_be32(&data[i + 4]));
      }
      return true;
    case tcp_option::kTimestamps:
      if (data.size() < 8) return false;
      out += strprintf(" val %u ecr %u", load_be32(&data[0]), load_be32(&data[4]));
      return true;
    case tcp_option::kEol:
    case tcp_option::kNop:
    case tcp_option::kSackPermitted:
      return true;
    default:
      if (!data.empty()) out += " 0x";
      for (const std::uint8_t b : data) out += strprintf("%02x", b);
      return true;
  }
}

}  // namespace

// RFC 9293 §3.2: every option but EOL and NOP has a length byte counting kind and length; a
// receiver must skip options it does not implement.
Result<TcpOptions, ParseError> TcpOptions::parse(Bytes options) {
  TcpOptions o;
  for (std::size_t at = 0; at < options.size();) {
    const std::uint8_t kind = options[at];
    if (kind == tcp_option::kEol) break;
    if (kind == tcp_option::kNop) {
      ++at;
      continue;
    }
    if (at + 1 >= options.size()) return Err{ParseError::kMalformed};
    const std::size_t len = options[at + 1];
    if (len < 2 || len > options.size() - at) return Err{ParseError::kMalformed};
    const std::size_t want = fixed_len(kind);
    if (want != 0 && len != want) return Err{ParseError::kMalformed};
    const std::uint8_t* v = &options[at + 2];
    switch (kind) {
      case tcp_option::kMss:
        o.mss = load_be16(v);
        break;
      case tcp_option::kWindowScale:
        o.window_scale = v[0];  // RFC 7323 §2.3: shifts over 14 are the connection's to clamp
        break;
      case tcp_option::kSackPermitted:
        o.sack_permitted = true;
        break;
      case tcp_option::kTimestamps:
        o.timestamps = Timestamps{load_be32(v), load_be32(v + 4)};
        break;
      case tcp_option::kSack: {  // RFC 2018 §3: 1 to 4 blocks of two 32-bit edges
        const std::size_t n = (len - 2) / kSackBlockLen;
        if ((len - 2) % kSackBlockLen != 0 || n == 0 || n > kMaxSackBlocks) {
          return Err{ParseError::kMalformed};
        }
        for (std::size_t i = 0; i < n; ++i) {
          o.sack[i] = {Seq(load_be32(v + i * 8)), Seq(load_be32(v + i * 8 + 4))};
        }
        o.sack_count = static_cast<std::uint8_t>(n);
        break;
      }
      default:
        break;
    }
    at += len;
  }
  return o;
}

std::uint8_t TcpOptions::sack_blocks_on_wire() const {
  const std::size_t base = base_len(*this);
  if (sack_count == 0 || base + 4 + kSackBlockLen > kMaxOptionsLen) return 0;
  const std::size_t fit = (kMaxOptionsLen - base - 4) / kSackBlockLen;
  return static_cast<std::uint8_t>(std::min<std::size_t>({sack_count, fit, kMaxSackBlocks}));
}

std::size_t TcpOptions::wire_len() const {
  const std::size_t blocks = sack_blocks_on_wire();
  return base_len(*this) + (blocks ? 4 + blocks * kSackBlockLen : 0);
}

void TcpOptions::emit(MutableBytes out) const {
  using namespace tcp_option;
  std::uint8_t* p = out.data();
  if (mss)
    put4(p, kMss, kMssLen, static_cast<std::uint8_t>(*mss >> 8), static_cast<std::uint8_t>(*mss));
  if (timestamps) {
    if (sack_permitted) {
      put4(p, kSackPermitted, kSackPermittedLen, kTimestamps, kTimestampsLen);
    } else {
      put4(p, kNop, kNop, kTimestamps, kTimestampsLen);
    }
    store_be32(p, timestamps->value);
    store_be32(p + 4, timestamps->echo);
    p += 8;
  } else if (sack_permitted) {
    put4(p, kNop, kNop, kSackPermitted, kSackPermittedLen);
  }
  if (window_scale) put4(p, kNop, kWindowScale, kWindowScaleLen, *window_scale);
  if (const std::uint8_t blocks = sack_blocks_on_wire()) {
    put4(p, kNop, kNop, kSack, static_cast<std::uint8_t>(2 + blocks * kSackBlockLen));
    for (std::size_t i = 0; i < blocks; ++i, p += kSackBlockLen) {
      store_be32(p, sack[i].left.raw());
      store_be32(p + 4, sack[i].right.raw());
    }
  }
}

// tcpdump's tcp_print option loop (print-tcp.c): names joined by ",", EOL ends the list, a
// length other than the kind's shown as "[len N]".
std::string tcp_options_to_string(Bytes options) {
  std::string out;
  for (std::size_t at = 0; at < options.size();) {
    if (!out.empty()) out += ",";
    const std::uint8_t kind = options[at];
    const bool single = kind == tcp_option::kEol || kind == tcp_option::kNop;
    std::size_t len = 1;
    if (!single) {
      len = at + 1 < options.size() ? options[at + 1] : 0;
      if (len < 2 || len > options.size() - at) return out + "[bad opt]";
    }
    const char* name = option_name(kind);
    out += name ? name : strprintf("unknown-%u", kind);
    const Bytes data = options.subspan(at + (single ? 1 : 2), len - (single ? 1 : 2));
    if (!print_data(kind, data, out)) return out + "[bad opt]";
    if (const std::size_t want = fixed_len(kind); want != 0 && want != len) {
      out += strprintf("[len %zu]", len);
    }
    if (kind == tcp_option::kEol) break;
    at += len;
  }
  return out;
}

}  // namespace ws
