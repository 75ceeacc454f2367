// A YAML text recorded once (yaml_parts.hpp): by the fast scanner (yaml_scan.cpp) when the
// text lies within its subset, else by yaml-cpp's events. Both feed the one recorder
// (yaml_recorder.hpp; its handling of each event is in yaml_recorder.cpp). This file holds
// the yaml-cpp path and the choice between the two, the line and column of an offset for
// messages, and the differential check of the two paths.
#include "wide_text.hpp"
#include "yaml_recorder.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <glasses/config/detail/leaves.hpp>
#include <glasses/config/yaml.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <istream>
#include <optional>
#include <streambuf>
#include <string>

namespace glasses::detail {
namespace {

/// yaml-cpp's positions count from after a byte order mark; the text's offsets from its start.
struct offsets {
  std::size_t bom;
  explicit offsets(std::string_view text) : bom(text.starts_with("\xEF\xBB\xBF") ? 3 : 0) {}
  std::size_t operator()(YAML::Mark const& mark) const {
    return mark.pos < 0 ? std::size_t(-1) : std::size_t(mark.pos) + bom;
  }
};

/// Whether the quoted scalar that starts at `at` ends before the text does. yaml-cpp takes
/// a quote left open at the end of the text to close there, with all that follows inside.
bool quote_closes(std::string_view text, std::size_t at) {
  char const quote = text[at];
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') ++i;  // an escape, whatever it escapes
    else if (quote == '\'' && text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;  // '' is one '
    else if (text[i] == quote) return true;
  }
  return false;
}

/// yaml-cpp's events, each passed on to the recorder.
class yaml_cpp_events final : public YAML::EventHandler {
 public:
  yaml_cpp_events(yaml_recorder& out, std::string_view text) : out_(out), text_(text), offset_of(text) {}

  void OnDocumentStart(YAML::Mark const& mark) override { out_.document_start(offset_of(mark)); }
  void OnDocumentEnd() override {}
  void OnNull(YAML::Mark const& mark, YAML::anchor_t anchor) override { out_.null(offset_of(mark), anchor); }
  void OnScalar(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor,
                std::string const& value) override {
    std::size_t const at = offset_of(mark);
    if (at < text_.size() && (text_[at] == '"' || text_[at] == '\'') && !quote_closes(text_, at))
      throw text_problem{at, std::string("this quoted string has no closing ") + text_[at] +
                                 ", so the rest of the file would be read into it; close the quote"};
    if (at < text_.size() && text_[at] == '"') return out_.scalar(at, tag, anchor, escapes_as_utf8(value));
    out_.scalar(at, tag, anchor, value);
  }
  void OnSequenceStart(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    out_.sequence_start(offset_of(mark), tag, anchor);
  }
  void OnSequenceEnd() override { out_.end(); }
  void OnMapStart(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    out_.map_start(offset_of(mark), tag, anchor);
  }
  void OnMapEnd() override { out_.end(); }
  void OnAnchor(YAML::Mark const&, std::string const& name) override { out_.anchor_name(name); }
  void OnAlias(YAML::Mark const& mark, YAML::anchor_t anchor) override { out_.alias(offset_of(mark), anchor); }

 private:
  /// `value` with the escapes \N and \_ as UTF-8: yaml-cpp writes U+0085 and U+00A0 as one
  /// byte each, which the recorder then took for a file that is not UTF-8. In a UTF-8 text,
  /// a lone 0x85 or 0xA0 of a value can only be one of them.
  std::string_view escapes_as_utf8(std::string const& value) {
    if (invalid_utf8_at(value) == std::string_view::npos || !text_is_utf8()) return value;
    repaired_.clear();
    std::string_view rest = value;
    for (std::size_t bad; (bad = invalid_utf8_at(rest)) != std::string_view::npos; rest.remove_prefix(bad + 1)) {
      auto const byte = static_cast<unsigned char>(rest[bad]);
      if (byte != 0x85 && byte != 0xA0) return value;  // the recorder reports it
      repaired_.append(rest.substr(0, bad)).append(1, '\xC2').append(1, rest[bad]);
    }
    repaired_.append(rest);
    return repaired_;
  }
  bool text_is_utf8() {
    if (!text_is_utf8_) text_is_utf8_ = invalid_utf8_at(text_) == std::string_view::npos;
    return *text_is_utf8_;
  }

  yaml_recorder& out_;
  std::string_view text_;
  offsets const offset_of;
  std::optional<bool> text_is_utf8_;
  std::string repaired_;
};

// yaml-cpp reads from a stream: this one reads the text in place.
struct text_buffer : std::streambuf {
  explicit text_buffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // only read
    setg(begin, begin, begin + text.size());
  }
};

/// A problem of the text itself: no path, its position if known.
config_error text_error(std::string const& source, std::string_view text, std::size_t offset, std::string message) {
  text_position const at = positions(text, {offset})[0];
  return config_error(source, {{"", std::move(message), at.line, at.column}});
}

/// yaml-cpp's "invalid unicode: 55357" for JSON's way to write a character past U+FFFF, a
/// UTF-16 surrogate pair (`"\ud83d\ude00"`), which YAML's \u does not combine; `end` is
/// where the escape it refused ends.
std::optional<config_error> surrogate_error(std::string const& source, std::string_view text, std::size_t end,
                                            std::string const& message) {
  constexpr std::string_view prefix = "invalid unicode: ";
  unsigned long code = 0;
  if (!message.starts_with(prefix)) return std::nullopt;
  auto const digits = std::string_view(message).substr(prefix.size());
  auto escape_at = [&](std::size_t at, unsigned long& out) {
    return at + 6 <= text.size() && text.substr(at, 2) == "\\u" &&
           std::from_chars(text.data() + at + 2, text.data() + at + 6, out, 16).ptr == text.data() + at + 6;
  };
  if (std::from_chars(digits.data(), digits.data() + digits.size(), code).ec != std::errc{} ||
      code < 0xD800 || code > 0xDFFF || end < 6 || !escape_at(end - 6, code))
    return std::nullopt;
  std::size_t const start = end - 6;
  unsigned long low = 0;
  if (code <= 0xDBFF && escape_at(end, low) && low >= 0xDC00 && low <= 0xDFFF) {
    unsigned long const character = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    char number[16], escape[16];
    std::snprintf(number, sizeof number, "U+%lX", character);
    std::snprintf(escape, sizeof escape, "\\U%08lX", character);
    std::string message(text.substr(start, 12));
    message.append(" is a UTF-16 surrogate pair, as JSON writes character ").append(number);
    message.append("; YAML's \\u takes one of 4 hex digits: write ").append(escape).append(", or the character itself");
    return text_error(source, text, start, std::move(message));
  }
  return text_error(source, text, start,
                    std::string(text.substr(start, 6)) + " is half of a UTF-16 surrogate pair, which is no character "
                                                         "on its own; write the character itself, or \\U and its 8 hex "
                                                         "digits");
}

std::size_t initial_nodes(std::string_view text) { return text.size() / 8 + 4; }

}  // namespace

std::optional<recording> record_fast(std::string_view text, load_options const& options) {
  recording out;
  out.nodes.reserve(initial_nodes(text));
  try {
    yaml_recorder events(out, text.size(), options.max_depth);
    if (scan_simple_yaml(text, events)) return out;
  } catch (text_problem const&) {
  }
  return std::nullopt;
}

recording record_full(std::string_view text, load_options const& options, std::string const& source) {
  recording out;
  out.nodes.reserve(initial_nodes(text));
  try {
    text_buffer buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    yaml_recorder recorder(out, text.size(), options.max_depth);
    yaml_cpp_events events(recorder, text);
    // A second call meets a second document, which the recorder refuses.
    if (parser.HandleNextDocument(events)) parser.HandleNextDocument(events);
    recorder.finish();
  } catch (text_problem const& p) {
    throw text_error(source, text, p.offset, p.message);
  } catch (YAML::DeepRecursion const& e) {
    throw text_error(source, text, offsets(text)(e.mark), too_deep_message(options.max_depth));
  } catch (YAML::Exception const& e) {
    // yaml-cpp reads past the end for what a last backslash escapes, and names no character.
    if (std::size_t const at = offsets(text)(e.mark); text.ends_with('\\') && (at == std::size_t(-1) || at >= text.size()))
      throw text_error(source, text, text.size() - 1,
                       "the text ends with a backslash, which escapes nothing; end the quoted string with its quote");
    std::size_t const at = offsets(text)(e.mark);
    if (std::optional<config_error> half = surrogate_error(source, text, at, e.msg)) throw *half;
    throw text_error(source, text, at, "invalid YAML (" + e.msg + ")");
  }
  return out;
}

recording record(std::string_view text, load_options const& options, std::string const& source) {
  // One pass over the bytes. YAML breaks lines at a lone carriage return too, yaml-cpp does
  // not: it read the rest of a line after a comment as part of the comment, and kept the
  // return inside strings. And YAML allows no other control character but tab and line feed:
  // yaml-cpp read a NUL inside a value as other characters. (A UTF-16 or UTF-32 text, which
  // yaml-cpp reads, holds NULs by design.)
  bool const wide = is_wide_text(text);
  for (std::size_t at = 0; at < text.size(); ++at) {
    auto const c = static_cast<unsigned char>(text[at]);
    if (c == '\r') {
      if (at + 1 == text.size() || text[at + 1] != '\n')
        throw text_error(source, text, at,
                         "a carriage return without a line feed (an old Mac line ending), which glasses does not "
                         "read as a line break; save the file with \\n or \\r\\n line endings, e.g. with "
                         "tr '\\r' '\\n'");
    } else if (!wide && ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)) {
      char code[7];
      std::snprintf(code, sizeof code, "U+%04X", c);
      throw text_error(source, text, at,
                       std::string("a control character, ") + code +
                           ", which YAML does not allow in a text; remove it, or write it as an escape inside "
                           "double quotes (\"\\x" + std::string(code + 4) + "\")");
    }
  }
  if (std::optional<recording> fast = record_fast(text, options)) return std::move(*fast);
  return record_full(text, options, source);
}

// --- the differential check of the two paths ----------------------------------------------

namespace {

/// The recording, one node a line, for a message (texts cut at 200 characters).
std::string describe(recording const& r) {
  static constexpr char const* kinds[] = {"scalar", "mapping", "sequence", "alias", "end"};
  static constexpr char const* values[] = {"null", "bool", "int64", "uint64", "double", "string"};
  std::string out;
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    if (i == 300) return out + "... (" + std::to_string(r.nodes.size()) + " nodes)\n";
    yaml_node const& n = r.nodes[i];
    std::uint64_t bits = 0;
    std::memcpy(&bits, &n.value.floating, sizeof bits);
    out += std::to_string(i) + " " + kinds[static_cast<int>(n.what)] + " @" + std::to_string(n.offset) + " text " +
           std::to_string(n.text) + "+" + std::to_string(n.size) + " end " +
           std::to_string(n.end) + " weight " + std::to_string(n.weight) + " height " + std::to_string(n.height);
    if (n.what == yaml_node::type::scalar)
      out += std::string(" ") + values[static_cast<int>(n.value.kind)] + " " + (n.value.boolean ? "1" : "0") + " " +
             std::to_string(n.value.int64) + " " + std::to_string(n.value.uint64) + " " + std::to_string(bits) +
             " text " + quoted(r.text_of(n), 200);
    out += '\n';
  }
  return out;
}

}  // namespace

/// Whether two recordings are the same, field by field (doubles bit by bit).
bool same_recording(recording const& a, recording const& b) {
  if (a.texts != b.texts || a.nodes.size() != b.nodes.size()) return false;
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    yaml_node const &x = a.nodes[i], &y = b.nodes[i];
    if (x.what != y.what || x.text != y.text || x.size != y.size || x.end != y.end || x.weight != y.weight ||
        x.height != y.height || x.offset != y.offset || x.value.kind != y.value.kind ||
        x.value.boolean != y.value.boolean || x.value.int64 != y.value.int64 || x.value.uint64 != y.value.uint64 ||
        std::memcmp(&x.value.floating, &y.value.floating, sizeof x.value.floating) != 0 ||
        x.value.text != y.value.text)
      return false;
  }
  return true;
}

yaml_scanner_check check_yaml_scanner(std::string_view text) {
  yaml_scanner_check out;
  std::optional<recording> const fast = record_fast(text, {});
  if (!fast) return out;
  out.declined = false;
  out.fast = describe(*fast);
  try {
    recording const full = record_full(text, {}, "");
    out.full = describe(full);
    out.same = same_recording(*fast, full);
  } catch (config_error const& e) {
    out.full = std::string("config_error: ") + e.what();
    out.same = false;
  }
  return out;
}

}  // namespace glasses::detail
