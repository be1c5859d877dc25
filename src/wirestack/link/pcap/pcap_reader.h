// Reads capture files (pcap or pcapng) through libpcap, one frame at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"
#include "wirestack/base/time.h"

struct pcap;

namespace ws {

struct PcapReadError {
  enum class Kind : std::uint8_t {
    kNotFound,  // no such file
    kOpen,      // exists but libpcap cannot open it (unreadable, not a capture, bad header)
    kCorrupt,   // a record past the file header is damaged or cut short
  };
  Kind kind;
  std::string message;  // libpcap's explanation, prefixed by the path
};

// "not found", "cannot open", "corrupt".
const char* to_string(PcapReadError::Kind k);

// One record. `data` points into the reader's buffer and is valid until the next call to next().
struct CapturedFrame {
  std::uint64_t number = 0;    // 1-based, as Wireshark numbers frames
  Instant timestamp;           // since the Unix epoch, nanosecond precision
  std::uint32_t orig_len = 0;  // length on the wire
  Bytes data;                  // the captured bytes (cap_len == data.size() <= orig_len)
};

class PcapReader {
 public:
  static Result<PcapReader, PcapReadError> open(const std::string& path);

  PcapReader(PcapReader&&) noexcept;
  PcapReader& operator=(PcapReader&&) noexcept;
  ~PcapReader();

  // The DLT_ link type of the (first) interface; 1 is Ethernet (DLT_EN10MB).
  int link_type() const;
  // The file's snapshot length. libpcap cuts a record longer than this down to it (Wireshark
  // does not), so no frame is longer.
  int snapshot_len() const;
  // The next frame, nullopt at the end of the file, or kCorrupt.
  Result<std::optional<CapturedFrame>, PcapReadError> next();

 private:
  struct Closer {
    void operator()(pcap* p) const;
  };
  PcapReader(std::unique_ptr<pcap, Closer> handle, std::string path)
      : handle_(std::move(handle)), path_(std::move(path)) {}

  std::unique_ptr<pcap, Closer> handle_;
  std::string path_;
  std::uint64_t count_ = 0;
};

inline constexpr int kLinkTypeEthernet = 1;

}  // namespace ws
