#include "output_files.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace ws::tool {

OutputFiles::OutputFiles(std::string command, const ParsedOptions& options)
    : command_(std::move(command)),
      pcap_dir_(options.string_or("--pcap-dir", "")),
      events_path_(options.string_or("--events", "")) {
  if (options.has("--pcap-dir") && pcap_dir_.empty())
    throw UsageError("--pcap-dir needs a directory");
  if (options.has("--events")) {
    if (events_path_.empty()) throw UsageError("--events needs a file name");
    events_ = std::fopen(events_path_.c_str(), "w");
    if (!events_) {
      throw UsageError("cannot write events to '" + events_path_ + "': " + std::strerror(errno));
    }
    jsonl_ = std::make_unique<JsonlRenderer>(events_);
  }
}

OutputFiles::~OutputFiles() {
  if (events_) std::fclose(events_);
}

void OutputFiles::attach(sim::Simulation& sim, EventFanout& sinks) {
  if (jsonl_) sinks.add(jsonl_.get());
  if (pcap_dir_.empty()) return;
  auto started = sim.capture_links(pcap_dir_);
  if (!started) {
    throw UsageError("cannot write captures to '" + pcap_dir_ + "': " + started.error().message);
  }
}

void OutputFiles::finish(sim::Simulation& sim) {
  std::fflush(stdout);  // keep the run's output ahead of these notes on a shared terminal
  if (!pcap_dir_.empty()) {
    auto flushed = sim.flush_captures();
    if (!flushed) {
      std::fprintf(stderr, "wirestack %s: captures incomplete: %s\n", command_.c_str(),
                   flushed.error().message.c_str());
    } else {
      std::fprintf(stderr, "captures: %s/<link>.pcap (%zu links)\n", pcap_dir_.c_str(),
                   sim.links().size());
    }
  }
  if (events_) {
    std::fflush(events_);
    std::fprintf(stderr, "events: %s\n", events_path_.c_str());
  }
}

bool colour_wanted(std::FILE* out) {
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(::fileno(out)) && !(no_color && *no_color);
}

}  // namespace ws::tool
