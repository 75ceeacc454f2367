#include <glasses/config/any_config.hpp>
#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/error.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace glasses {
namespace {

void append_hex_byte(std::string& out, char const* prefix, unsigned char c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%s%02x", prefix, c);
  out += buffer;
}

// U+0080 to U+009F, the C1 controls, at text[at]: two bytes in UTF-8, C2 80 to C2 9F.
bool is_c1_control(std::string_view text, std::size_t at) noexcept {
  return static_cast<unsigned char>(text[at]) == 0xc2 && at + 1 < text.size() &&
         static_cast<unsigned char>(text[at + 1]) >= 0x80 && static_cast<unsigned char>(text[at + 1]) < 0xa0;
}

bool is_c0_control_or_delete(char c) noexcept { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

std::string report(std::string const& source, std::vector<issue> const& issues) {
  std::string_view const name = source.empty() ? std::string_view("config") : std::string_view(source);
  if (std::any_of(issues.begin(), issues.end(), [](issue const& i) { return i.line != 0; })) {
    std::string out;
    for (auto const& i : issues) {
      if (!out.empty()) out += '\n';
      out += format_issue(i, name);
    }
    return out;
  }
  std::string out(name);
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

// A path made of a file's own names (a checkpoint's tensors) may hold control characters,
// which a terminal would act on (an escape sequence; a line break that forges a line of a
// report): they are shown as JSON escapes them, as a config's own keys are in its paths.
std::string without_controls(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    char const c = path[i];
    if (is_c1_control(path, i)) append_hex_byte(out, "\\u00", static_cast<unsigned char>(path[++i]));
    else if (!is_c0_control_or_delete(c)) out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else append_hex_byte(out, "\\u00", static_cast<unsigned char>(c));
  }
  return out;
}

}  // namespace

std::string format_issue(issue const& problem, std::string_view source) {
  std::string out(source);
  if (problem.line != 0) {
    if (!out.empty()) out += ':';
    out += std::to_string(problem.line) + ':' + std::to_string(problem.column);
  }
  if (!problem.path.empty()) out += (out.empty() ? "" : ": ") + problem.path;
  return out + (out.empty() ? "" : ": ") + problem.message;
}

// Messages quote user input: whatever bytes came in, what goes out is UTF-8, so that a
// terminal or a JSON report (`glasses validate --json`) can always carry it.
std::vector<issue> printable(std::vector<issue> issues) {
  for (auto& i : issues) {
    if (detail::has_control(i.path)) i.path = without_controls(i.path);
    if (detail::invalid_utf8_at(i.path) != std::string::npos) i.path = detail::printable(i.path);
    if (detail::invalid_utf8_at(i.message) != std::string::npos) i.message = detail::printable(i.message);
  }
  return issues;
}

config_error::config_error(std::string source, std::vector<issue> issues)
    : config_error(detail::printable(source), printable(std::move(issues)), 0) {}

config_error::config_error(std::string source, std::vector<issue> issues, int)
    : std::runtime_error(report(source, issues)), source_(std::move(source)), issues_(std::move(issues)) {}

namespace detail {

issue stopped_after_max_issues() {
  return {"", "stopped after " + std::to_string(max_issues) + " errors; fix these and try again"};
}

std::string_view closest_match(std::string_view word, std::vector<std::string_view> const& candidates) {
  // A typo changes at most a third of a word; anything further is a different word.
  std::size_t const limit = std::max<std::size_t>(1, word.size() / 3);
  std::string_view best;
  std::size_t best_distance = limit + 1;
  if (word.size() > 256) return best;  // long input is no typo, and the cost is quadratic
  // Another case (RESNET, Dropout) is the same word, however far apart by edits.
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (auto candidate : candidates)
    if (std::equal(word.begin(), word.end(), candidate.begin(), candidate.end(),
                   [&](char a, char b) { return lower(a) == lower(b); }))
      return candidate;
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


std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char const c = byte(at);
  if (c < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xbf;  // the range of the second byte
  if (c >= 0xc2 && c <= 0xdf) length = 2;
  else if (c == 0xe0) length = 3, low = 0xa0;                  // no overlong forms
  else if (c == 0xed) length = 3, high = 0x9f;                 // no surrogates
  else if (c >= 0xe1 && c <= 0xef) length = 3;
  else if (c == 0xf0) length = 4, low = 0x90;                  // no overlong forms
  else if (c >= 0xf1 && c <= 0xf3) length = 4;
  else if (c == 0xf4) length = 4, high = 0x8f;                 // nothing beyond U+10FFFF
  else return 0;
  if (text.size() - at < length || byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if ((byte(at + i) & 0xc0) != 0x80) return 0;
  return length;
}

std::size_t invalid_utf8_at(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII, most text: no call
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::string first_invalid_utf8(std::string_view text) {
  std::size_t const at = invalid_utf8_at(text);
  std::string out = "byte ";
  append_hex_byte(out, "0x", static_cast<unsigned char>(text[at]));
  return out + " at offset " + std::to_string(at);
}

std::string printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (std::size_t length = utf8_sequence_length(text, i)) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      append_hex_byte(out, "\\x", static_cast<unsigned char>(text[i++]));
    }
  }
  return out;
}

bool has_control(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (is_c0_control_or_delete(text[i]) || is_c1_control(text, i)) return true;
  return false;
}

std::string quoted(std::string_view text, std::size_t limit) {
  std::string out = "\"";
  std::size_t i = 0;
  for (std::size_t characters = 0; i < text.size() && characters < limit; ++characters) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) append_hex_byte(out, "\\x", c), length = 1;
    else if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (is_c0_control_or_delete(static_cast<char>(c))) append_hex_byte(out, "\\u00", c);
    else if (is_c1_control(text, i)) append_hex_byte(out, "\\u00", static_cast<unsigned char>(text[i + 1]));
    else out.append(text.substr(i, length));
    i += length;
  }
  if (i < text.size()) out += "...\" (" + std::to_string(text.size()) + " bytes)";
  else out += '"';
  return out;
}

namespace {
bool is_identifier(std::string_view key) {
  // ASCII only, whatever the locale: a path must read the same on every machine. A table,
  // as diff renders a path for each change.
  static constexpr auto word = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c)
      table[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
    return table;
  }();
  auto is_word = [](char c) { return word[static_cast<unsigned char>(c)]; };
  return !key.empty() && !(key[0] >= '0' && key[0] <= '9') && std::all_of(key.begin(), key.end(), is_word);
}
}  // namespace

void append_path_key(std::string& path, std::string_view key) {
  if (is_identifier(key)) {
    if (!path.empty()) path += '.';
    path += key;
    return;
  }
  path += "[\"";
  append_escaped_visibly(path, key);
  path += "\"]";
}

void append_escaped_visibly(std::string& out, std::string_view text) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t const length = text[i] == 0x7f ? 1 : is_c1_control(text, i) ? 2 : 0;
    if (length == 0) continue;
    append_escaped(out, text.substr(from, i - from));
    i += length - 1;
    append_hex_byte(out, "\\u00", static_cast<unsigned char>(text[i]));
    from = i + 1;
  }
  append_escaped(out, text.substr(from));
}

void append_input_key(std::string& path, std::string_view key) {
  // Written as validation and diff write it, so that every problem at one key has one path.
  if (key.size() <= 60 && invalid_utf8_at(key) == std::string_view::npos) return append_path_key(path, key);
  path += '[' + quoted(key) + ']';
}

std::string join_path(std::string_view base, std::string_view rest) {
  if (rest.empty()) return std::string(base);
  if (base.empty() || rest.front() == '[') return std::string(base) + std::string(rest);
  return std::string(base) + "." + std::string(rest);
}

char* write_path_field(char* at, std::string_view name, bool first) noexcept {
  if (!first) *at++ = '.';
  // Names are short: two overlapping fixed-size moves cover 4 to 32 characters without a
  // call to memcpy, and read nothing past the name.
  char const* from = name.data();
  std::size_t const n = name.size();
  auto two = [&]<std::size_t width>(std::integral_constant<std::size_t, width>) {
    char head[width], tail[width];
    std::memcpy(head, from, width);
    std::memcpy(tail, from + n - width, width);
    std::memcpy(at, head, width);
    std::memcpy(at + n - width, tail, width);
  };
  if (n > 32) std::memcpy(at, from, n);
  else if (n >= 16) two(std::integral_constant<std::size_t, 16>{});
  else if (n >= 8) two(std::integral_constant<std::size_t, 8>{});
  else if (n >= 4) two(std::integral_constant<std::size_t, 4>{});
  else for (std::size_t i = 0; i < n; ++i) at[i] = from[i];
  return at + n;
}

char* write_path_index(char* at, std::size_t index) noexcept {
  char* end = at + path_index_size(index);
  char* digit = end - 1;
  *at = '[';
  *digit = ']';
  do *--digit = static_cast<char>('0' + index % 10), index /= 10;
  while (index != 0);
  return end;
}

void append_path_field(std::string& path, std::string_view name) {
  std::size_t const size = path.size();
  path.resize(size + path_field_size(name, size == 0));
  write_path_field(path.data() + size, name, size == 0);
}

void append_path_index(std::string& path, std::size_t index) {
  std::size_t const size = path.size();
  path.resize(size + path_index_size(index));
  write_path_index(path.data() + size, index);
}

void append_path_steps(std::string& path, path_step const* last) {
  if (!last) return;
  append_path_steps(path, last->parent);
  switch (last->at) {
    case path_step::place::field: append_path_field(path, last->name); break;
    case path_step::place::key: append_path_key(path, last->name); break;
    case path_step::place::index: append_path_index(path, last->index); break;
  }
}

bool path_within(std::string_view path, std::string_view at) noexcept {
  if (!path.starts_with(at)) return false;
  return path.size() == at.size() || at.empty() || path[at.size()] == '.' || path[at.size()] == '[';
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

std::string unnamed_enumerator_message(std::string_view enum_name, std::string_view value,
                                       std::vector<std::string_view> const& names) {
  return "holds " + std::string(value) + ", which is no value of enum " + std::string(enum_name) + " (" +
         list_names(names) + "); JSON writes an enum by its name, so this could not be read back: set one of those";
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

void throw_duplicate_preset(std::string_view type, std::string_view name, std::string_view first,
                            std::string_view second) {
  throw config_error("preset", {{"", "preset " + quoted(name) + " of " + std::string(type) +
                                         " is registered twice with different configs, at " + std::string(first) +
                                         " and at " + std::string(second) + "; rename one of them"}});
}

}  // namespace detail
}  // namespace glasses
