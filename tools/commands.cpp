#include <algorithm>
#include <vector>

#include "command.h"

namespace ws::tool {
namespace {

// A function-local static: registrations run during static initialisation of other files,
// whose order relative to this one is unspecified.
std::vector<Command>& registry() {
  static std::vector<Command> all;
  return all;
}

}  // namespace

CommandRegistration::CommandRegistration(const Command& command) {
  auto& all = registry();
  all.push_back(command);
  std::sort(all.begin(), all.end(), [](const Command& a, const Command& b) {
    return a.help_rank != b.help_rank ? a.help_rank < b.help_rank : a.name < b.name;
  });
}

std::span<const Command> commands() {
  return registry();
}

}  // namespace ws::tool
