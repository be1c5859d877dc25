#include "command.h"

namespace ws::tool {

// Each subcommand's entry point, defined in tools/<name>.cpp.
int run_read(std::span<const std::string_view> args);

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"read", "dissect a pcap/pcapng file with wirestack's own parsers", run_read},
  };
  return kCommands;
}

}  // namespace ws::tool
