// The output options every simulated command shares: --pcap-dir DIR (one capture per link) and
// --events FILE (JSON Lines), and whether the terminal gets colour.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "options.h"
#include "wirestack/sim/simulation.h"
#include "wirestack/trace/jsonl_renderer.h"

namespace ws::tool {

class OutputFiles {
 public:
  // Opens --events FILE now, so a bad path fails before the run (UsageError).
  OutputFiles(std::string command, const ParsedOptions& options);
  ~OutputFiles();
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;

  // Starts the per-link captures and adds the JSON Lines renderer to `sinks`. Call after the
  // topology's links exist.
  void attach(sim::Simulation& sim, EventFanout& sinks);
  // Flushes the captures and the events file; reports where they went on stderr.
  void finish(sim::Simulation& sim);

 private:
  std::string command_;
  std::string pcap_dir_;
  std::string events_path_;
  std::FILE* events_ = nullptr;
  std::unique_ptr<JsonlRenderer> jsonl_;
};

// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
bool colour_wanted(std::FILE* out);

}  // namespace ws::tool
