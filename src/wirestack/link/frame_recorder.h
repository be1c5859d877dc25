// Somewhere frames are written as they pass (a pcap file, a test's list). Links and the capture
// wrapper record into one without knowing the file format; link/pcap implements it with libpcap.
#pragma once

#include "wirestack/base/bytes.h"
#include "wirestack/base/time.h"

namespace ws {

class FrameRecorder {
 public:
  virtual ~FrameRecorder() = default;
  virtual void record(Instant time, Bytes frame) = 0;
};

}  // namespace ws
