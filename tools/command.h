// The `wirestack` command's subcommands: each lives in its own file and registers itself there
// with a file-scope `const CommandRegistration`, so adding a command touches no shared list.
#pragma once

#include <span>
#include <string_view>

namespace ws::tool {

struct Command {
  std::string_view name;
  std::string_view summary;
  // argv without the program and subcommand names. Returns the process exit code.
  int (*run)(std::span<const std::string_view> args);
  // Position in `wirestack --help` (ascending; ties by name): the story's order, not the alphabet.
  int help_rank = 100;
};

struct CommandRegistration {
  explicit CommandRegistration(const Command& command);
};

// Every registered subcommand, in the order `wirestack --help` lists them.
std::span<const Command> commands();

}  // namespace ws::tool
