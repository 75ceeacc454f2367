// JSON text into a config: the fast path first (direct_read.hpp), then, when it gives up,
// the reader on basic_parser's events, joined where they come in parts, with a pre-pass
// that finds the "type" of every object for texts whose unions put it late.
#include "locate.hpp"
#include "wide_text.hpp"

#include <glasses/config/detail/direct_read.hpp>
#include <glasses/config/detail/leaves.hpp>
#include <glasses/config/detail/reader.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/stream_parser.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace glasses::detail {
namespace {

using error_code = boost::json::error_code;
using json_string_view = boost::json::string_view;

// Strings, keys and numbers may arrive in parts: the handlers join them in `buffer`.
struct joining {
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_string_part(json_string_view s, std::size_t, error_code&) { return buffer.append(s.data(), s.size()), true; }
  bool on_key_part(json_string_view s, std::size_t, error_code&) { return buffer.append(s.data(), s.size()), true; }
  bool on_number_part(json_string_view s, error_code&) { return buffer.append(s.data(), s.size()), true; }
  bool on_comment_part(json_string_view, error_code&) { return true; }
  bool on_comment(json_string_view, error_code&) { return true; }

  /// The whole string, key or number; valid until the next event.
  std::string_view joined(json_string_view last) {
    if (buffer.empty()) return {last.data(), last.size()};
    buffer.append(last.data(), last.size());
    return buffer;
  }

  std::string buffer;
};

// Feeds basic_parser's events to the reader.
struct parse_handler : joining {
  explicit parse_handler(reader& r) : r(r) {}

  bool on_array_begin(error_code&) { return r.begin_array(), true; }
  bool on_array_end(std::size_t, error_code&) { return r.end_array(), true; }
  bool on_object_begin(error_code&) { return r.begin_object(), true; }
  bool on_object_end(std::size_t, error_code&) { return r.end_object(), true; }
  bool on_string(json_string_view s, std::size_t, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::string;
    return deliver(e, s);
  }
  bool on_key(json_string_view s, std::size_t, error_code&) {
    r.key(joined(s));
    buffer.clear();
    return true;
  }
  bool on_int64(std::int64_t i, json_string_view s, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::int64;
    e.int64 = i;
    return deliver(e, s);
  }
  bool on_uint64(std::uint64_t u, json_string_view s, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::uint64;
    e.uint64 = u;
    return deliver(e, s);
  }
  bool on_double(double d, json_string_view s, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::floating;
    e.floating = d;
    return deliver(e, s);
  }
  bool on_bool(bool b, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::boolean;
    e.boolean = b;
    return r.value(e), true;
  }
  bool on_null(error_code&) { return r.value(scalar_event{}), true; }

  bool deliver(scalar_event& e, json_string_view s) {
    e.text = joined(s);
    r.value(e);
    buffer.clear();
    return true;
  }

  reader& r;
};

// The pre-pass: for each object, the value of its first own "type" key. Only the nesting
// is tracked, so the pass costs about what parsing into nothing costs.
struct type_scan_handler : joining {
  explicit type_scan_handler(type_scan& out) : out(out) {}

  struct container {
    std::size_t object;  // its number among the objects, or no_object for an array
    bool has_type;
  };

  bool on_object_begin(error_code&) {
    found(std::string_view(), false, "an object");
    open.push_back({objects++, false});
    return true;
  }
  bool on_object_end(std::size_t, error_code&) { return open.pop_back(), true; }
  bool on_array_begin(error_code&) {
    found(std::string_view(), false, "an array");
    open.push_back({no_object, false});
    return true;
  }
  bool on_array_end(std::size_t, error_code&) { return open.pop_back(), true; }
  bool on_key(json_string_view s, std::size_t, error_code&) {
    container& object = open.back();
    if (!object.has_type && joined(s) == "type") pending = object.object, object.has_type = true;
    buffer.clear();
    return true;
  }
  bool on_string(json_string_view s, std::size_t, error_code&) { return found(joined(s), true, {}); }
  bool on_int64(std::int64_t, json_string_view s, error_code&) { return found(joined(s), false, {}); }
  bool on_uint64(std::uint64_t, json_string_view s, error_code&) { return found(joined(s), false, {}); }
  bool on_double(double, json_string_view s, error_code&) { return found(joined(s), false, {}); }
  bool on_bool(bool b, error_code&) { return found(b ? "true" : "false", false, {}); }
  bool on_null(error_code&) { return found("null", false, {}); }

  /// A value: recorded when it is the pending "type" of an object.
  bool found(std::string_view text, bool is_string, std::string_view container) {
    if (pending != no_object) {
      std::string_view what = container.empty() ? text : container;
      out.entries.push_back({pending, out.names.size(), what.size(), is_string});
      out.names.append(what);
      pending = no_object;
    }
    buffer.clear();
    return true;
  }

  static constexpr std::size_t no_object = std::size_t(-1);
  type_scan& out;
  std::vector<container> open;
  std::size_t objects = 0;
  std::size_t pending = no_object;
};

std::string syntax_message(boost::json::error_code ec, std::size_t max_depth) {
  using boost::json::error;
  if (ec == error::incomplete)
    return "the JSON text ends too early (a bracket, brace or quote left open, or a file cut short)";
  if (ec == error::too_deep) return too_deep_message(max_depth);
  if (ec == error::exponent_overflow) return "a number's exponent is too large to represent";
  return "invalid JSON (" + ec.message() + ")";
}

// What the text at a syntax error most likely is, for the habits of other tools: Python's
// json.dump, a YAML file under another name, a tab pasted into a string.
// A safetensors checkpoint opens with its header's length in 8 little-endian bytes, then
// the header, a JSON object.
bool looks_like_checkpoint(std::string_view text) {
  if (text.size() < 10 || text[8] != '{') return false;
  std::uint64_t length = 0;
  for (std::size_t i = 8; i-- > 0;) length = (length << 8) | static_cast<unsigned char>(text[i]);
  return length >= 2 && length <= text.size() - 8;
}

// `\ud800` to `\udbff`: the first half of a UTF-16 surrogate pair, as JSON escapes a character
// beyond U+FFFF.
bool is_first_surrogate_escape(std::string_view text) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  return text.size() == 6 && text[0] == '\\' && text[1] == 'u' && (text[2] == 'd' || text[2] == 'D') &&
         std::string_view("89abAB").find(text[3]) != std::string_view::npos && hex(text[4]) && hex(text[5]);
}

std::string hint(std::string_view text, std::size_t at) {
  // Boost.JSON stops after a first half that no second half follows, or within the escape
  // that follows it.
  for (std::size_t back : {6, 8})
    if (at >= back && is_first_surrogate_escape(text.substr(at - back, 6)) &&
        (back == 6 || text.substr(at - 2, 2) == "\\u"))
      return "; " + std::string(text.substr(at - back, 6)) +
             " is the first half of a UTF-16 surrogate pair, which only a second half, \\udc00 to \\udfff, "
             "may follow: write both halves, or the character itself";
  if (looks_like_checkpoint(text))
    return "; this is a safetensors checkpoint (8 bytes of header length, then its header), not a config: a "
           "program that reads checkpoints takes it named *.safetensors";
  if (is_wide_text(text))
    return "; the text is UTF-16 or UTF-32, and JSON configs are UTF-8: save it as UTF-8 (e.g. iconv -f UTF-16 "
           "-t UTF-8)";
  std::string_view const rest = text.substr(at);
  // The parser stops at "-Infinity" past its minus sign.
  if (rest.starts_with("Infinity") || rest.starts_with("NaN"))
    return "; JSON has no Infinity or NaN (Python's json.dump writes them): write the string \"inf\", \"-inf\" or "
           "\"nan\", which number fields read";
  auto const byte = static_cast<unsigned char>(text[at]);
  if (byte < 0x20 && byte != '\n' && byte != '\r' && byte != '\t')
    return "; JSON holds a control character only escaped inside a string, as \\u00" +
           std::string{"0123456789abcdef"[byte >> 4], "0123456789abcdef"[byte & 15]};
  if (byte == '\t' || byte == '\n' || byte == '\r')  // only an error inside a string
    return "; a string cannot hold a raw tab or line break: write it as \\t or \\n";
  std::size_t const first = text.find_first_not_of(" \t\r\n");
  if ((at == first && byte != '{' && byte != '[') || text.substr(first).starts_with("---"))
    return "; a JSON config is an object, {...}; YAML is read from files named *.yaml or *.yml";
  return {};
}

boost::json::parse_options parse_options_for(load_options const& options) {
  boost::json::parse_options parse_options;
  parse_options.max_depth = options.max_depth;
  return parse_options;
}

/// One reading pass over the whole text; a syntax error is reported at its line and column.
void read_text(reader& r, std::string_view text, load_options const& options) {
  boost::json::basic_parser<parse_handler> parser(parse_options_for(options), r);
  boost::json::error_code ec;
  std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  // What follows the error, so that the reader sees the culprit without opening the file.
  auto excerpt = [&] { return quoted(text.substr(consumed, text.find('\n', consumed) - consumed), 20); };
  auto fail_here = [&](std::string message) {
    text_position const at = positions(text, {consumed})[0];
    r.fail_in_text(std::move(message), at.line, at.column);
  };
  if (ec && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    r.fail_at(0, "the text is empty, or only white space: a JSON config is an object, {} at the least");
  } else if (ec) {
    std::string message = syntax_message(ec, options.max_depth);
    if (consumed < text.size() && ec != boost::json::error::too_deep) message += " at " + excerpt() + hint(text, consumed);
    fail_here(std::move(message));
  } else if (consumed < text.size()) {
    fail_here("unexpected text after the JSON document: " + excerpt());
  }
}

/// How much of `text` is JSON: all of it, or what comes before its syntax error.
std::size_t json_prefix(std::string_view text, load_options const& options) {
  boost::json::stream_parser parser({}, parse_options_for(options));
  boost::json::error_code ec;
  std::size_t const consumed = parser.write_some(text.data(), text.size(), ec);
  return ec ? consumed : text.size();
}

type_scan scan_types(std::string_view text, load_options const& options) {
  type_scan scan;
  boost::json::basic_parser<type_scan_handler> parser(parse_options_for(options), scan);
  boost::json::error_code ec;
  parser.write_some(false, text.data(), text.size(), ec);  // the reading pass reports errors
  // Inner objects end first, and may name their type first: order the entries for lookup.
  std::sort(scan.entries.begin(), scan.entries.end(),
            [](type_scan::entry const& a, type_scan::entry const& b) { return a.object < b.object; });
  return scan;
}

}  // namespace

bool parse_directly(std::string_view text, sink const& root, void* target, load_options const& options,
                    std::string const& source) {
  direct_text const t{text.data() + text.size(), options.max_depth};
  char const* p = root.read_direct ? root.read_direct(text.data(), t, 0, target) : nullptr;
  // Only whitespace may follow the document.
  if (!p || direct_space(p, t) != t.end) return false;
  if (options.validate) {
    std::vector<issue> issues;
    validate_into(root, target, issues);
    if (!issues.empty()) throw config_error(source, std::move(issues));
  }
  return true;
}

void parse_into(std::string_view text, sink const& root, void* target, load_options const& options,
                std::string source) {
  check_max_depth(options, source);
  if (text.starts_with(byte_order_mark)) text.remove_prefix(byte_order_mark.size());
  std::vector<issue>* const warnings = options.warnings;
  auto const warnings_before = static_cast<std::ptrdiff_t>(warnings ? warnings->size() : 0);
  // Each problem and warning at a path is told where its value is in the text, as YAML's are;
  // in a text that is not JSON, where it is before the syntax error, which says where it broke.
  auto locate_warnings = [&](std::string_view json) {
    if (warnings) locate_in_json(json, warnings->begin() + warnings_before, warnings->end());
  };
  try {
    if (!parse_directly(text, root, target, options, source)) parse_events(text, root, target, options, std::move(source));
  } catch (config_error const& e) {
    std::string_view const json = text.substr(0, json_prefix(text, options));
    std::vector<issue> issues = e.issues();
    locate_in_json(json, issues.begin(), issues.end());
    locate_warnings(json);
    throw config_error(e.source(), std::move(issues));
  }
  locate_warnings(text);
}

void parse_events(std::string_view text, sink const& root, void* target, load_options const& options,
                  std::string source) {
  {
    reader r(options, source);
    r.start(root, target);
    try {
      read_text(r, text, options);
      return r.finish();
    } catch (needs_type_scan const&) {
      // A union's "type" comes after its members. What the abandoned pass stored is stored
      // again, alike, by the next: every sink sets what it reads from scratch or by key.
    }
  }
  type_scan const scan = scan_types(text, options);
  reader r(options, std::move(source));
  r.use_type_scan(&scan);
  r.start(root, target);
  read_text(r, text, options);
  r.finish();
}

}  // namespace glasses::detail
