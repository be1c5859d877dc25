#include "command.h"

namespace ws::tool {

// Each subcommand's entry point, defined in tools/<name>.cpp.

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"help", "list the commands", nullptr},
  };
  return std::span(kCommands).first(0);
}

}  // namespace ws::tool
