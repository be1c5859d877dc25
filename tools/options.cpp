#include "options.h"

#include <charconv>
#include <cstdio>

namespace ws::tool {

ParsedOptions ParsedOptions::parse(std::span<const std::string_view> args,
                                   std::span<const OptionSpec> specs) {
  ParsedOptions parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      parsed.help_ = true;
      continue;
    }
    if (!arg.starts_with("-") || arg == "-") {
      parsed.positional_.push_back(arg);
      continue;
    }
    // "--name=value" is accepted as well as "--name value".
    const std::size_t eq = arg.find('=');
    const std::string_view name = arg.substr(0, eq);
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (!spec) throw UsageError("unknown option '" + std::string(name) + "'");
    if (!spec->takes_value) {
      if (eq != std::string_view::npos) throw UsageError(std::string(name) + " takes no value");
      parsed.values_[spec->name] = "";
    } else if (eq != std::string_view::npos) {
      parsed.values_[spec->name] = arg.substr(eq + 1);
    } else {
      if (i + 1 == args.size()) throw UsageError(std::string(name) + " needs a value");
      parsed.values_[spec->name] = args[++i];
    }
  }
  return parsed;
}

std::optional<std::string_view> ParsedOptions::value(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string ParsedOptions::string_or(std::string_view name, std::string_view fallback) const {
  return std::string(value(name).value_or(fallback));
}

std::uint64_t ParsedOptions::uint_or(std::string_view name, std::uint64_t fallback,
                                     std::uint64_t min, std::uint64_t max) const {
  auto text = value(name);
  if (!text) return fallback;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size() || n < min || n > max) {
    throw UsageError(std::string(name) + " needs a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max) + ", not '" + std::string(*text) + "'");
  }
  return n;
}

double ParsedOptions::percent_or(std::string_view name, double fallback) const {
  auto text = value(name);
  if (!text) return fallback;
  std::string_view digits = *text;
  if (digits.ends_with('%')) digits.remove_suffix(1);
  double p = -1;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), p);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || p < 0 ||
      p > 100) {
    throw UsageError(std::string(name) + " needs a percentage like 5%, not '" + std::string(*text) +
                     "'");
  }
  return p / 100.0;
}

std::uint64_t ParsedOptions::size_or(std::string_view name, std::uint64_t fallback,
                                     std::uint64_t max) const {
  auto text = value(name);
  if (!text) return fallback;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  std::string_view suffix(end, static_cast<std::size_t>(text->data() + text->size() - end));
  if (suffix.ends_with('B')) suffix.remove_suffix(1);
  struct Unit {
    std::string_view suffix;
    std::uint64_t factor;
  };
  static constexpr Unit kUnits[] = {{"", 1},
                                    {"k", 1000},
                                    {"K", 1000},
                                    {"M", 1000'000},
                                    {"G", 1000'000'000},
                                    {"Ki", 1ull << 10},
                                    {"Mi", 1ull << 20},
                                    {"Gi", 1ull << 30}};
  std::uint64_t unit = 0;
  for (const Unit& u : kUnits) {
    if (suffix == u.suffix) unit = u.factor;
  }
  if (ec != std::errc() || end == text->data() || unit == 0 || n > max / unit) {
    throw UsageError(std::string(name) + " needs a size like 4000000, 4M or 4MiB up to " +
                     std::to_string(max) + " bytes, not '" + std::string(*text) + "'");
  }
  return n * unit;
}

int report_usage_error(std::string_view command, const UsageError& e) {
  std::fprintf(stderr, "wirestack %.*s: %s (try 'wirestack %.*s --help')\n",
               static_cast<int>(command.size()), command.data(), e.what(),
               static_cast<int>(command.size()), command.data());
  return 2;
}

}  // namespace ws::tool
