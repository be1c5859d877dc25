// What the journey's terminal narration and its HTML ladder both need from the recorded events:
// which node received each frame a node sent (an arrow of the ladder, a "client → home-router"
// line), and a frame seen through the note's four layers (SP, DP, SA, DA, MAC).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "wirestack/sim/journey_text.h"
#include "wirestack/trace/event_record.h"

namespace ws::tool {

// One frame sent by one node: the index of its FrameEvent (out), and of the FrameEvents (in)
// of the nodes that received it (several for a broadcast; none when it was lost).
struct FrameHop {
  std::size_t sent;
  std::vector<std::size_t> received;
};
// One hop per frame sent, in the order they were sent.
std::vector<FrameHop> frame_hops(const std::vector<RecordedEvent>& events);
// hops[k] for the frame sent at event index i: the lookup from event index to hop.
std::vector<std::ptrdiff_t> hop_of_event(const std::vector<FrameHop>& hops, std::size_t events);

struct LayerLine {
  Layer layer;
  std::string text;  // "UDP  SP 49152 > DP 53  length 40"
};
// The frame from the Application layer down to Network Access, as the note describes it.
std::vector<LayerLine> frame_layers(Bytes frame);

}  // namespace ws::tool
