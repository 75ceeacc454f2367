// Every failure to read a config is a config_error that lists all problems at once.
#ifndef GLASSES_CONFIG_ERROR_HPP
#define GLASSES_CONFIG_ERROR_HPP

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace glasses {

/// One problem in a config: the dotted path of the field (`backbone.depths[2]`, empty
/// for the document itself), what was expected and found, and where in the text it is,
/// when there is a text: `line` and `column` from 1 (columns count characters) of the
/// value the path names, or of the object that would hold a value the text left out; or 0.
/// A syntax error, which has no path, keeps its position at the start of its message in
/// JSON (`line 2, column 11: invalid JSON ...`), and has it here in YAML.
struct issue {
  std::string path;
  std::string message;
  std::size_t line = 0;
  std::size_t column = 0;
  friend bool operator==(issue const&, issue const&) = default;
};

/// One issue as a line, as compilers write one: `SOURCE:LINE:COLUMN: PATH: MESSAGE`, or
/// `SOURCE: PATH: MESSAGE` without a position. An empty path is left out with its ": ",
/// and so is an empty source (`LINE:COLUMN: PATH: MESSAGE`).
std::string format_issue(issue const& problem, std::string_view source = {});

/// Thrown when a config cannot be read, written or changed. `what()` is the full report.
/// When any issue has a position (a JSON or YAML text), one issue a line as format_issue
/// writes it, and no count, so that each line names its place in the file for an editor
/// or grep:
/// ```
/// run.yaml:12:5: optimizer.lr: expected a number, got the string "fast"
/// run.yaml: dataset: missing required key; this field has no default, so the config must set it
/// ```
/// When none has (a config made in code, a DOM, overrides), a count, then one issue a line:
/// ```
/// run.json: 2 errors
///   backbone.depths[2]: expected an integer, got the string "six"
///   backbone.dpeths: unknown key "dpeths" in ResNetConfig; did you mean "depths"?
/// ```
/// An empty source reads `config` in both.
class config_error : public std::runtime_error {
 public:
  /// `source` names where the config came from (a file name), or is empty.
  config_error(std::string source, std::vector<issue> issues);

  std::vector<issue> const& issues() const noexcept { return issues_; }
  std::string const& source() const noexcept { return source_; }

 private:
  config_error(std::string source, std::vector<issue> issues, int);

  std::string source_;
  std::vector<issue> issues_;
};

namespace detail {
/// How a duplicate key's message starts: a problem of the key's second occurrence, where
/// every other problem at its path is one of the first, whose value the reader kept.
inline constexpr std::string_view duplicate_key = "duplicate key; ";
/// A report holds at most this many problems, then says it stopped: a list of 200,000 bad
/// values is one mistake, and a report of it would be unreadable.
inline constexpr std::size_t max_issues = 100;
/// The issue that ends a report cut at max_issues.
issue stopped_after_max_issues();
/// The closest candidate by edit distance, or empty when none is close enough to be a typo.
std::string_view closest_match(std::string_view word, std::vector<std::string_view> const& candidates);
/// `; did you mean "x"?` or nothing.
std::string did_you_mean(std::string_view word, std::vector<std::string_view> const& candidates);
/// A path below `base`: `rest` after a dot, or right after it when it starts with an index.
std::string join_path(std::string_view base, std::string_view rest);
/// Extends a dotted path: `.key` for identifiers, `["key"]` for anything else, the key
/// whole and escaped as JSON escapes it, so that the path, pasted into an override, leads
/// back to the same value and two keys never share a path.
void append_path_key(std::string& path, std::string_view key);
/// The same for a key as the input wrote it, in an error's path, but shortened past 60
/// bytes (an unknown key may be megabytes long), its bytes that are not UTF-8 shown as \xNN.
void append_input_key(std::string& path, std::string_view key);
/// Extends a path with `.name` for a described field, whose name, a C++ identifier, needs
/// no check: diff and validation walk every field, and append_path_key checks each byte.
void append_path_field(std::string& path, std::string_view name);
/// Extends a path with `[index]`.
void append_path_index(std::string& path, std::size_t index);
/// The same two steps sized, then written at `at` (which has room for them), for a path
/// written whole in place (diff's): the size, then the end of what was written. A field's
/// step is `.name`, or `name` when it is the path's first.
inline std::size_t path_field_size(std::string_view name, bool first) noexcept { return name.size() + !first; }
char* write_path_field(char* at, std::string_view name, bool first) noexcept;
inline std::size_t path_index_size(std::size_t index) noexcept {
  std::size_t digits = 1;
  while (index >= 10) index /= 10, ++digits;
  return digits + 2;  // and the brackets
}
char* write_path_index(char* at, std::size_t index) noexcept;
/// One step of a path that is written only when it is needed, by diff and validation: each
/// level of their walks holds its step on the stack, with the step above it (null at the
/// root). A field's name is a C++ identifier, written as is; a map's key may need quotes.
struct path_step {
  enum class place : unsigned char { field, key, index };
  path_step const* parent;
  place at;
  std::string_view name;  // a field's name or a map's key
  std::size_t index = 0;
};
/// Appends the path from the root to `last`, step by step as the appenders above write them.
void append_path_steps(std::string& path, path_step const* last);
/// Whether `path` is `at` or lies below it (`a.b[2]` is within `a.b` and within "").
bool path_within(std::string_view path, std::string_view at) noexcept;
/// `"a", "b", "c"` for messages.
std::string list_names(std::vector<std::string_view> const& names);
/// What an enum value without a name gets, from dump and validate: `value` is its number,
/// `names` the enum's described values.
std::string unnamed_enumerator_message(std::string_view enum_name, std::string_view value,
                                       std::vector<std::string_view> const& names);
/// A JSON string literal for messages: quotes and escapes, bytes that are not UTF-8 as
/// `\xe9`, and text beyond `limit` characters cut at a character with its size said.
std::string quoted(std::string_view text, std::size_t limit = 60);
/// `text` escaped as in a JSON string, and DEL and the C1 controls too (`\u007f`, which
/// JSON leaves as they are): for what a terminal shows, paths' keys and printed configs.
void append_escaped_visibly(std::string& out, std::string_view text);
/// Whether `text` holds a character that a terminal acts on instead of showing it (an
/// escape sequence, a line break that forges a line of a report): a C0 control, DEL, or a
/// C1 control (U+0080 to U+009F). `quoted` writes each as a \u escape.
bool has_control(std::string_view text) noexcept;
/// The length of the UTF-8 sequence that starts at `text[at]`, or 0 when it is not one
/// (a stray or truncated byte, an overlong form, a surrogate, beyond U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept;
/// The offset of the first byte that is not part of valid UTF-8, or npos.
std::size_t invalid_utf8_at(std::string_view text) noexcept;
/// Where `text` stops being UTF-8, for messages: `byte 0xe9 at offset 3`. `text` must hold
/// such a byte (invalid_utf8_at(text) != npos).
std::string first_invalid_utf8(std::string_view text);
/// `text` with each byte that is not UTF-8 written as `\xe9`: always valid UTF-8.
std::string printable(std::string_view text);
}  // namespace detail

}  // namespace glasses

#endif
