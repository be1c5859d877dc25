// Command-line options for the `wirestack` subcommands: `--name value` and `--flag`, typed
// getters that check ranges, and one-line errors (UsageError) that the command turns into
// "wirestack CMD: message" and exit code 2.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ws::tool {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string_view name;  // "--count"
  bool takes_value;
};

class ParsedOptions {
 public:
  // Throws UsageError for an unknown option or a missing value. "--help"/"-h" is always known.
  static ParsedOptions parse(std::span<const std::string_view> args,
                             std::span<const OptionSpec> specs);

  bool help() const { return help_; }
  bool has(std::string_view name) const { return values_.count(name) > 0; }
  std::optional<std::string_view> value(std::string_view name) const;
  std::string string_or(std::string_view name, std::string_view fallback) const;
  // An integer in [min, max]; throws UsageError naming the option otherwise.
  std::uint64_t uint_or(std::string_view name, std::uint64_t fallback, std::uint64_t min,
                        std::uint64_t max) const;
  // A percentage "5%" (or "5") as a probability 0.05, in [0%, 100%].
  double percent_or(std::string_view name, double fallback) const;
  // A byte count with an optional suffix: k/M/G (powers of 1000) or Ki/Mi/Gi (of 1024), each
  // optionally followed by B ("4M", "10MB", "1MiB"); at most `max`.
  std::uint64_t size_or(std::string_view name, std::uint64_t fallback, std::uint64_t max) const;
  const std::vector<std::string_view>& positional() const { return positional_; }

 private:
  bool help_ = false;
  std::map<std::string_view, std::string_view, std::less<>> values_;
  std::vector<std::string_view> positional_;
};

// Runs `body`, turning a UsageError into "wirestack NAME: message (try ...)" on stderr and
// exit code 2.
template <class F>
int run_with_usage_errors(std::string_view command, F&& body);

int report_usage_error(std::string_view command, const UsageError& e);

// Parses `args` against `specs`: prints `usage` for --help, otherwise returns body(options).
template <class F>
int run_parsed(std::span<const std::string_view> args, std::span<const OptionSpec> specs,
               const char* usage, F&& body) {
  const auto options = ParsedOptions::parse(args, specs);
  if (options.help()) {
    std::fputs(usage, stdout);
    return 0;
  }
  return body(options);
}

template <class F>
int run_with_usage_errors(std::string_view command, F&& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    return report_usage_error(command, e);
  }
}

}  // namespace ws::tool
