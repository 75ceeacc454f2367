// The parts of YAML reading and writing, private to src/config: a text recorded as the
// reader will see it (yaml_record.cpp: the events of the fast scanner, yaml_scan.cpp, or
// of yaml-cpp, once; tags, keys, anchors and limits checked), which yaml_read.cpp replays
// into the reader, and the core schema's scalars (yaml_scalars.cpp), which the recorder
// reads and yaml_write.cpp writes.
#ifndef GLASSES_SRC_CONFIG_YAML_PARTS_HPP
#define GLASSES_SRC_CONFIG_YAML_PARTS_HPP

#include <glasses/config/detail/reader.hpp>
#include <glasses/config/load_options.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glasses::detail {

// A recorded YAML node, or the end of a mapping or sequence.
struct yaml_node {
  enum class type : unsigned char { scalar, mapping, sequence, alias, end };
  type what = type::scalar;
  scalar_event value;       // a scalar's resolved value; its text is `text`, `size` in recording::texts
  std::size_t text = 0;
  std::size_t size = 0;
  std::size_t end = 0;      // a mapping or sequence: the index of its end; an alias: the aliased node
  std::size_t weight = 0;   // nodes and scalar bytes once aliases are expanded
  std::size_t height = 0;   // nested mappings and sequences, this one included, once expanded
  std::size_t offset = 0;   // where it starts in the text
};

struct recording {
  std::vector<yaml_node> nodes;
  std::string texts;

  std::string_view text_of(yaml_node const& n) const { return std::string_view(texts).substr(n.text, n.size); }
  yaml_node const& target(yaml_node const& n) const { return n.what == yaml_node::type::alias ? nodes[n.end] : n; }
  std::size_t after(std::size_t i) const {
    yaml_node const& n = nodes[i];
    return n.what == yaml_node::type::mapping || n.what == yaml_node::type::sequence ? n.end + 1 : i + 1;
  }
};

/// The YAML 1.2 core schema's scalars, for the recorder.
namespace yaml_scalar {
inline constexpr std::string_view core_tag_prefix = "tag:yaml.org,2002:";
/// `!!str` for a core tag, the tag itself otherwise.
std::string tag_text(std::string const& tag);
bool is_null_word(std::string_view v);
/// true/True/TRUE, false/False/FALSE into `e`.
bool read_bool(std::string_view v, scalar_event& e);
enum class number_form { none, number, leading_zero, too_large };
/// A core schema integer (decimal, 0o octal, 0x hexadecimal) into `e`, its decimal text
/// into `literal`; a decimal with a leading zero is `leading_zero`, never octal.
number_form read_integer(std::string_view v, std::string& literal, scalar_event& e);
/// A core schema float (.inf, .nan included) into `e`, its JSON text into `literal`.
bool read_float(std::string_view v, std::string& literal, scalar_event& e);
/// Whether the code point must be written escaped: YAML does not allow it in its text, or
/// reads it as a line break.
bool needs_escape(std::uint32_t c);
/// The code point at `text[i]` (valid UTF-8) and its length.
std::uint32_t code_point(std::string_view text, std::size_t i, std::size_t& length);
/// Whether a reader could take the string for another type (yes, null, 010, 1e3, ...).
bool is_word_of_another_type(std::string_view s);
/// Whether `s` reads back as this string when written without quotes, by any YAML reader.
bool plain_is_safe(std::string_view s);
/// `s` as a double-quoted YAML scalar.
void append_quoted(std::string& out, std::string_view s);
}  // namespace yaml_scalar

/// Records one YAML document; throws config_error (with `source`) for a text that is not
/// one, with the line and column of the problem. The fast scanner (yaml_scan.cpp) records
/// the text when it lies within its subset; yaml-cpp records everything else.
recording record(std::string_view text, load_options const& options, std::string const& source);
/// The fast scanner alone: its recording, or nothing when it declines the text.
std::optional<recording> record_fast(std::string_view text, load_options const& options);
/// yaml-cpp alone; throws as `record` does.
recording record_full(std::string_view text, load_options const& options, std::string const& source);


}  // namespace glasses::detail

#endif
