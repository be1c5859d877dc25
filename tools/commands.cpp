#include "command.h"

namespace ws::tool {

// Each subcommand's entry point, defined in tools/<name>.cpp.
int run_ping(std::span<const std::string_view> args);
int run_read(std::span<const std::string_view> args);

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"ping", "ping across the built-in simulated topology (client-switch-r1-r2-server)", run_ping},
      {"read", "dissect a pcap/pcapng file with wirestack's own parsers", run_read},
  };
  return kCommands;
}

}  // namespace ws::tool
