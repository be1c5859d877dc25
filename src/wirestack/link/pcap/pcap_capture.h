// A Device wrapper that records every frame going in and out of the device it wraps, with the
// driver's time, into a FrameRecorder (a PcapWriter, normally): tcpdump on one interface.
#pragma once

#include "wirestack/link/device.h"
#include "wirestack/link/frame_recorder.h"

namespace ws {

class PcapCapture final : public Device {
 public:
  // Neither is owned; both must outlive the capture.
  PcapCapture(Device& inner, FrameRecorder& recorder) : inner_(inner), recorder_(recorder) {}

  std::optional<Bytes> receive(Instant now) override;
  void transmit(Instant now, Bytes frame) override;
  DeviceCaps caps() const override { return inner_.caps(); }
  std::optional<Instant> poll_at() const override { return inner_.poll_at(); }

 private:
  Device& inner_;
  FrameRecorder& recorder_;
};

}  // namespace ws
