#include "wirestack/wire/dns.h"

#include <algorithm>

namespace ws::dns {
namespace {

// RFC 1035 §4.1.1 header layout and flag bits.
constexpr std::size_t kId = 0;
constexpr std::size_t kFlags = 2;
constexpr std::size_t kQdCount = 4;
constexpr std::size_t kAnCount = 6;
constexpr std::size_t kNsCount = 8;
constexpr std::size_t kArCount = 10;
constexpr std::uint16_t kQr = 0x8000;
constexpr std::uint16_t kAa = 0x0400;
constexpr std::uint16_t kTc = 0x0200;
constexpr std::uint16_t kRd = 0x0100;
constexpr std::uint16_t kRa = 0x0080;
constexpr std::uint16_t kZ = 0x0040;
constexpr std::uint16_t kAd = 0x0020;
constexpr std::uint16_t kCd = 0x0010;

// The smallest question (root name, type, class) and record (root name, type, class, TTL,
// rdlength): what bounds a count before anything is allocated for it.
constexpr std::size_t kMinQuestionLen = 5;
constexpr std::size_t kMinRecordLen = 11;
constexpr std::size_t kRecordFixedLen = 10;

class Reader {
 public:
  explicit Reader(Bytes message) : msg_(message), pos_(kHeaderLen) {}

  Result<DnsName, DnsError> name() {
    std::size_t end = 0;
    auto n = DnsName::read(msg_, pos_, end);
    if (n) pos_ = end;
    return n;
  }
  bool has(std::size_t n) const { return msg_.size() - pos_ >= n; }
  std::uint16_t u16() {
    const std::uint16_t v = load_be16(&msg_[pos_]);
    pos_ += 2;
    return v;
  }
  std::uint32_t u32() {
    const std::uint32_t v = load_be32(&msg_[pos_]);
    pos_ += 4;
    return v;
  }

  Result<DnsQuestion, DnsError> question() {
    auto n = name();
    if (!n) return Err{n.error()};
    if (!has(4)) return Err{DnsError::kTruncated};
    DnsQuestion q{std::move(*n), 0, 0};
    q.type = u16();
    q.qclass = u16();
    return q;
  }

  Result<DnsRecord, DnsError> record() {
    auto n = name();
    if (!n) return Err{n.error()};
    if (!has(kRecordFixedLen)) return Err{DnsError::kTruncated};
    DnsRecord r;
    r.name = std::move(*n);
    r.type = u16();
    r.rclass = u16();
    r.ttl = u32();
    const std::uint16_t rdlength = u16();
    if (!has(rdlength)) return Err{DnsError::kTruncated};
    const std::size_t rdata_end = pos_ + rdlength;
    auto data = rdata(r.type, rdata_end);
    if (!data) return Err{data.error()};
    r.data = std::move(*data);
    pos_ = rdata_end;
    return r;
  }

 private:
  // A name inside rdata, which must not run past `rdata_end`.
  Result<DnsName, DnsError> rdata_name(std::size_t rdata_end) {
    auto n = name();
    if (n && pos_ > rdata_end) return Err{DnsError::kBadRdata};
    return n;
  }

  Result<Rdata, DnsError> rdata(std::uint16_t type, std::size_t rdata_end) {
    const std::size_t len = rdata_end - pos_;
    switch (type) {
      case rr_type::kA:
        if (len != 4) return Err{DnsError::kBadRdata};
        return Rdata(Ipv4Address::from_bytes(&msg_[pos_]));
      case rr_type::kAaaa: {
        if (len != 16) return Err{DnsError::kBadRdata};
        Ipv6Bytes a;
        std::copy_n(&msg_[pos_], 16, a.begin());
        return Rdata(a);
      }
      case rr_type::kNs:
      case rr_type::kCname:
      case rr_type::kPtr: {
        auto n = rdata_name(rdata_end);
        if (!n) return Err{n.error()};
        if (pos_ != rdata_end) return Err{DnsError::kBadRdata};
        return Rdata(std::move(*n));
      }
      case rr_type::kSoa:
        return soa(rdata_end);
      case rr_type::kTxt: {
        TxtData strings;
        for (std::size_t p = pos_; p < rdata_end;) {
          const std::size_t n = msg_[p];
          if (p + 1 + n > rdata_end) return Err{DnsError::kBadRdata};
          strings.emplace_back(reinterpret_cast<const char*>(&msg_[p + 1]), n);
          p += 1 + n;
        }
        return Rdata(std::move(strings));
      }
      default:
        return Rdata(OpaqueData(msg_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                msg_.begin() + static_cast<std::ptrdiff_t>(rdata_end)));
    }
  }

  Result<Rdata, DnsError> soa(std::size_t rdata_end) {
    SoaData s;
    auto mname = rdata_name(rdata_end);
    if (!mname) return Err{mname.error()};
    auto rname = rdata_name(rdata_end);
    if (!rname) return Err{rname.error()};
    if (rdata_end - pos_ != 20) return Err{DnsError::kBadRdata};
    s.mname = std::move(*mname);
    s.rname = std::move(*rname);
    s.serial = u32();
    s.refresh = u32();
    s.retry = u32();
    s.expire = u32();
    s.minimum = u32();
    return Rdata(std::move(s));
  }

  Bytes msg_;
  std::size_t pos_;
};

template <class T, class F>
Result<Unit, DnsError> read_section(std::uint16_t count, std::vector<T>& out, F&& read_one) {
  out.reserve(count);
  for (std::uint16_t i = 0; i < count; ++i) {
    auto item = read_one();
    if (!item) return Err{item.error()};
    out.push_back(std::move(*item));
  }
  return Unit{};
}

class Writer {
 public:
  explicit Writer(std::size_t reserve) { out_.reserve(reserve); }

  void u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
  }
  void name(const DnsName& n) { names_.write(n, out_); }

  void question(const DnsQuestion& q) {
    name(q.name);
    u16(q.type);
    u16(q.qclass);
  }

  void record(const DnsRecord& r) {
    name(r.name);
    u16(r.type);
    u16(r.rclass);
    u32(r.ttl);
    const std::size_t rdlength_at = out_.size();
    u16(0);
    rdata(r.data);
    store_be16(&out_[rdlength_at], static_cast<std::uint16_t>(out_.size() - rdlength_at - 2));
  }

  // Writes `item` unless the message would exceed `limit`; then rolls it back.
  template <class T>
  bool try_write(const T& item, std::size_t limit) {
    const std::size_t mark = out_.size();
    if constexpr (std::is_same_v<T, DnsQuestion>) {
      question(item);
    } else {
      record(item);
    }
    if (out_.size() <= limit) return true;
    out_.resize(mark);
    names_.forget_from(mark);
    return false;
  }

  std::vector<std::uint8_t>& bytes() { return out_; }

 private:
  void rdata(const Rdata& data) {
    struct Visit {
      Writer& w;
      void operator()(const OpaqueData& d) { w.out_.insert(w.out_.end(), d.begin(), d.end()); }
      void operator()(const Ipv4Address& a) { w.u32(a.value()); }
      void operator()(const Ipv6Bytes& a) { w.out_.insert(w.out_.end(), a.begin(), a.end()); }
      void operator()(const DnsName& n) { w.name(n); }
      void operator()(const SoaData& s) {
        w.name(s.mname);
        w.name(s.rname);
        for (const std::uint32_t v : {s.serial, s.refresh, s.retry, s.expire, s.minimum}) w.u32(v);
      }
      void operator()(const TxtData& t) {
        for (const auto& s : t) {
          const std::size_t n = std::min<std::size_t>(s.size(), 255);
          w.out_.push_back(static_cast<std::uint8_t>(n));
          w.out_.insert(w.out_.end(), s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n));
        }
      }
    };
    std::visit(Visit{*this}, data);
  }

  std::vector<std::uint8_t> out_;
  NameCompressor names_;
};

}  // namespace

Result<DnsPacket, DnsError> DnsPacket::check(Bytes message) {
  if (message.size() < kHeaderLen) return Err{DnsError::kTruncated};
  return DnsPacket(message);
}

std::uint16_t DnsPacket::id() const {
  return load_be16(&bytes_[kId]);
}
std::uint16_t DnsPacket::flags() const {
  return load_be16(&bytes_[kFlags]);
}
std::uint16_t DnsPacket::qdcount() const {
  return load_be16(&bytes_[kQdCount]);
}
std::uint16_t DnsPacket::ancount() const {
  return load_be16(&bytes_[kAnCount]);
}
std::uint16_t DnsPacket::nscount() const {
  return load_be16(&bytes_[kNsCount]);
}
std::uint16_t DnsPacket::arcount() const {
  return load_be16(&bytes_[kArCount]);
}

DnsHeader DnsHeader::from_flags(std::uint16_t id, std::uint16_t flags) {
  DnsHeader h;
  h.id = id;
  h.qr = flags & kQr;
  h.opcode = static_cast<std::uint8_t>((flags >> 11) & 0xf);
  h.aa = flags & kAa;
  h.tc = flags & kTc;
  h.rd = flags & kRd;
  h.ra = flags & kRa;
  h.z = flags & kZ;
  h.ad = flags & kAd;
  h.cd = flags & kCd;
  h.rcode = static_cast<std::uint8_t>(flags & 0xf);
  return h;
}

std::uint16_t DnsHeader::flags() const {
  return static_cast<std::uint16_t>((qr ? kQr : 0) | ((opcode & 0xf) << 11) | (aa ? kAa : 0) |
                                    (tc ? kTc : 0) | (rd ? kRd : 0) | (ra ? kRa : 0) |
                                    (z ? kZ : 0) | (ad ? kAd : 0) | (cd ? kCd : 0) | (rcode & 0xf));
}

DnsRecord DnsRecord::a(DnsName name, std::uint32_t ttl, Ipv4Address address) {
  return DnsRecord{std::move(name), rr_type::kA, kClassIn, ttl, address};
}

DnsRecord DnsRecord::with_name(std::uint16_t type, DnsName name, std::uint32_t ttl,
                               DnsName target) {
  return DnsRecord{std::move(name), type, kClassIn, ttl, std::move(target)};
}

DnsRecord DnsRecord::soa(DnsName name, std::uint32_t ttl, SoaData soa) {
  return DnsRecord{std::move(name), rr_type::kSoa, kClassIn, ttl, std::move(soa)};
}

DnsRecord DnsRecord::opt(std::uint16_t udp_size) {
  return DnsRecord{DnsName::root(), rr_type::kOpt, udp_size, 0, OpaqueData{}};
}

Result<DnsMessage, DnsError> DnsMessage::parse(Bytes message) {
  auto packet = DnsPacket::check(message);
  if (!packet) return Err{packet.error()};
  return parse(*packet);
}

Result<DnsMessage, DnsError> DnsMessage::parse(const DnsPacket& packet) {
  const std::size_t room = packet.bytes().size() - kHeaderLen;
  const std::size_t records = std::size_t{packet.ancount()} + packet.nscount() + packet.arcount();
  if (packet.qdcount() * kMinQuestionLen + records * kMinRecordLen > room) {
    return Err{DnsError::kCountTooLarge};
  }
  DnsMessage m;
  m.header = DnsHeader::from_flags(packet.id(), packet.flags());
  Reader in(packet.bytes());
  auto q = read_section(packet.qdcount(), m.questions, [&] { return in.question(); });
  if (!q) return Err{q.error()};
  for (auto [count, section] :
       {std::pair{packet.ancount(), &m.answers}, std::pair{packet.nscount(), &m.authority},
        std::pair{packet.arcount(), &m.additional}}) {
    auto r = read_section(count, *section, [&] { return in.record(); });
    if (!r) return Err{r.error()};
  }
  return m;
}

const DnsRecord* DnsMessage::opt() const {
  for (const auto& r : additional) {
    if (r.type == rr_type::kOpt) return &r;
  }
  return nullptr;
}

std::size_t DnsMessage::max_udp_size() const {
  const DnsRecord* o = opt();
  return o ? std::max<std::size_t>(o->rclass, kClassicUdpSize) : kClassicUdpSize;
}

std::vector<std::uint8_t> DnsMessage::emit(std::size_t max_size) const {
  Writer w(std::min<std::size_t>(max_size, kClassicUdpSize));
  w.bytes().resize(kHeaderLen);
  const DnsRecord* opt_record = opt();
  // Room kept for the OPT record (root name + fixed part + options) at the end.
  const auto* opt_data = opt_record ? std::get_if<OpaqueData>(&opt_record->data) : nullptr;
  const std::size_t opt_len =
      opt_record ? 1 + kRecordFixedLen + (opt_data ? opt_data->size() : 0) : 0;
  const std::size_t limit = max_size > opt_len ? max_size - opt_len : 0;

  DnsHeader h = header;
  std::uint16_t counts[4] = {};
  bool complete = true;
  for (const auto& q : questions) {
    if (!(complete = w.try_write(q, limit))) break;
    ++counts[0];
  }
  const std::vector<DnsRecord>* sections[] = {&answers, &authority, &additional};
  for (int s = 0; s < 3 && complete; ++s) {
    for (const auto& r : *sections[s]) {
      if (&r == opt_record) continue;
      if (!w.try_write(r, limit)) {
        complete = s == 2;  // RFC 2181 §9: dropped additional data is not truncation
        break;
      }
      ++counts[s + 1];
    }
  }
  if (!complete) h.tc = true;
  if (opt_record && w.try_write(*opt_record, max_size)) ++counts[3];

  std::uint8_t* p = w.bytes().data();
  store_be16(&p[kId], h.id);
  store_be16(&p[kFlags], h.flags());
  store_be16(&p[kQdCount], counts[0]);
  store_be16(&p[kAnCount], counts[1]);
  store_be16(&p[kNsCount], counts[2]);
  store_be16(&p[kArCount], counts[3]);
  return std::move(w.bytes());
}

DnsMessage make_query(std::uint16_t id, const DnsName& name, std::uint16_t type, bool rd,
                      std::uint16_t edns_udp_size) {
  DnsMessage m;
  m.header.id = id;
  m.header.rd = rd;
  m.questions.push_back({name, type, kClassIn});
  if (edns_udp_size != 0) m.additional.push_back(DnsRecord::opt(edns_udp_size));
  return m;
}

}  // namespace ws::dns
