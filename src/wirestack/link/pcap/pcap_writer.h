// Writes frames to a pcap file (Ethernet link type, nanosecond timestamps) through libpcap, so
// Wireshark and tcpdump open what we capture. Timestamps are the driver's Instants (virtual
// time in the simulator: it starts at the Unix epoch).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "wirestack/base/result.h"
#include "wirestack/link/frame_recorder.h"

struct pcap;
struct pcap_dumper;

namespace ws {

struct PcapWriteError {
  enum class Kind : std::uint8_t {
    kOpen,   // the file cannot be created (no such directory, permission, ...)
    kWrite,  // flushing to the file failed (disk full, ...)
  };
  Kind kind;
  std::string message;  // what failed, prefixed by the path
};

class PcapWriter final : public FrameRecorder {
 public:
  // tcpdump's default: room for a whole 64 KiB TCP segment taken from a tap with TSO.
  static constexpr std::uint32_t kSnapLen = 262144;

  static Result<std::unique_ptr<PcapWriter>, PcapWriteError> open(const std::string& path);
  ~PcapWriter() override;
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  // Appends one frame (cut to kSnapLen bytes, with its original length kept).
  void record(Instant time, Bytes frame) override;
  // Pushes buffered records to the file (they are flushed on destruction too).
  Result<Unit, PcapWriteError> flush();

  const std::string& path() const { return path_; }
  std::uint64_t frames() const { return frames_; }

 private:
  struct Closer {
    void operator()(pcap* p) const;
    void operator()(pcap_dumper* d) const;
  };
  PcapWriter(std::unique_ptr<pcap, Closer> handle, std::unique_ptr<pcap_dumper, Closer> dumper,
             std::string path);

  std::unique_ptr<pcap, Closer> handle_;
  std::unique_ptr<pcap_dumper, Closer> dumper_;  // after handle_: closed (flushed) first
  std::string path_;
  std::uint64_t frames_ = 0;
};

}  // namespace ws
