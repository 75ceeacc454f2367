#include <glasses/config/any_config.hpp>
#include <glasses/config/error.hpp>

#include <algorithm>
#include <limits>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace glasses {
namespace {

std::string report(std::string const& source, std::vector<issue> const& issues) {
  std::string out = source.empty() ? "config" : source;
  out += ": " + std::to_string(issues.size()) + (issues.size() == 1 ? " error" : " errors");
  for (auto const& i : issues) {
    out += "\n  ";
    if (!i.path.empty()) out += i.path + ": ";
    out += i.message;
  }
  return out;
}

// Levenshtein distance where swapping two neighbours counts as one edit (a common typo).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

config_error::config_error(std::string source, std::vector<issue> issues)
    : std::runtime_error(report(source, issues)), source_(std::move(source)), issues_(std::move(issues)) {}

namespace detail {

std::string_view closest_match(std::string_view word, std::vector<std::string_view> const& candidates) {
  // A typo changes at most a third of a word; anything further is a different word.
  std::size_t const limit = std::max<std::size_t>(1, word.size() / 3);
  std::string_view best;
  std::size_t best_distance = limit + 1;
  if (word.size() > 256) return best;  // long input is no typo, and the cost is quadratic
  for (auto candidate : candidates) {
    std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) best = candidate, best_distance = d;
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::vector<std::string_view> const& candidates) {
  std::string_view match = closest_match(word, candidates);
  return match.empty() ? std::string() : "; did you mean \"" + std::string(match) + "\"?";
}

std::string quoted(std::string_view text) {
  constexpr std::size_t limit = 60;
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else out += static_cast<char>(c);
  }
  if (text.size() > limit) out += "...\" (" + std::to_string(text.size()) + " bytes)";
  else out += '"';
  return out;
}

void append_path_key(std::string& path, std::string_view key) {
  bool identifier = !key.empty() && !std::isdigit(static_cast<unsigned char>(key[0])) &&
                    std::all_of(key.begin(), key.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                    });
  if (identifier) {
    if (!path.empty()) path += '.';
    path += key;
  } else {
    path += '[' + quoted(key) + ']';
  }
}

void append_path_index(std::string& path, std::size_t index) {
  path += '[';
  path += std::to_string(index);
  path += ']';
}

std::string list_names(std::vector<std::string_view> const& names) {
  if (names.empty()) return "(none registered)";
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += '"';
    out += names[i];
    out += '"';
  }
  return out;
}

bool read_special_float(std::string_view text, double& out) {
  if (text == "inf") out = std::numeric_limits<double>::infinity();
  else if (text == "-inf") out = -std::numeric_limits<double>::infinity();
  else if (text == "nan") out = std::numeric_limits<double>::quiet_NaN();
  else return false;
  return true;
}

void throw_bad_slot_access(std::string_view wanted, std::string_view held) {
  throw std::logic_error("glasses::any_config::as<" + std::string(wanted) + ">: the slot holds " +
                         std::string(held) + "; check with get_if<" + std::string(wanted) + ">() first");
}

void throw_empty_slot_build(std::string_view signature) {
  throw std::logic_error("glasses::any_config<" + std::string(signature) +
                         ">::build: the slot is empty; assign a config to it before building");
}

void throw_unknown_preset(std::string_view type, std::string_view name, std::vector<std::string_view> const& known) {
  std::string message = "unknown preset \"" + std::string(name) + "\" for " + std::string(type) +
                        did_you_mean(name, known) + "; the presets are " + list_names(known);
  throw config_error("preset", {{"", std::move(message)}});
}

void throw_duplicate_preset(std::string_view type, std::string_view name) {
  throw config_error("preset", {{"", "preset \"" + std::string(name) + "\" is registered twice for " +
                                         std::string(type) + ", in two places; rename one"}});
}

}  // namespace detail
}  // namespace glasses
