// The `wirestack` command's subcommands: each lives in its own file and registers here.
#pragma once

#include <span>
#include <string_view>

namespace ws::tool {

struct Command {
  std::string_view name;
  std::string_view summary;
  // argv without the program and subcommand names. Returns the process exit code.
  int (*run)(std::span<const std::string_view> args);
};

// Every subcommand, in the order `wirestack --help` lists them.
std::span<const Command> commands();

}  // namespace ws::tool
