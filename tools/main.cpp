// wirestack: a userspace TCP/IP stack you can watch.
#include <cstdio>
#include <string_view>
#include <vector>

#include "command.h"

namespace {

void print_usage(std::FILE* out) {
  std::fprintf(out, "usage: wirestack COMMAND [OPTIONS]\n\ncommands:\n");
  for (const auto& c : ws::tool::commands()) {
    std::fprintf(out, "  %-12.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  }
  std::fprintf(out, "\n'wirestack COMMAND --help' describes a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return 0;
  }
  std::vector<std::string_view> args(argv + 2, argv + argc);
  for (const auto& c : ws::tool::commands()) {
    if (c.name == name) return c.run(args);
  }
  std::fprintf(stderr, "wirestack: unknown command '%.*s' (try 'wirestack --help')\n",
               static_cast<int>(name.size()), name.data());
  return 2;
}
