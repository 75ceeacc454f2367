// The leaves of a JSON text with their paths: the one scanner behind compare (over dumped
// configs), the app's --explain (over files, with positions) and the positions of a JSON
// file's problems; and those of a YAML file, with positions, for --explain.
#ifndef GLASSES_CONFIG_DETAIL_LEAVES_HPP
#define GLASSES_CONFIG_DETAIL_LEAVES_HPP

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace boost::json {
class value;
}

namespace glasses::detail {

/// Calls `leaf(path, value)` for each value of `text` that is not a non-empty object (a
/// scalar, an array, `{}`), in document order; `value` is the value's text, a view into
/// `text`, and `path` is only valid during the call. The text must be valid JSON.
void for_each_leaf(std::string_view text, std::function<void(std::string const& path, std::string_view value)> const& leaf);

/// The text of the value at `path` (as for_each_leaf writes paths) in `text`, valid JSON,
/// objects with members included; a view with no data where there is none.
std::string_view value_at(std::string_view text, std::string_view path);

/// Calls `at(path, offset)` for every value of `text`, valid JSON, in document order: each
/// object and array, then what it holds when `enter(path)` says to look inside. Keys are
/// written into the path as an error's path writes them (`append_input_key`): this is how
/// a problem in a JSON file finds its line.
void for_each_value(std::string_view text, std::function<bool(std::string const& path)> const& enter,
                    std::function<void(std::string const& path, std::size_t offset)> const& at);

/// A leaf of a YAML text, as for_each_leaf has leaves (a scalar, a sequence, `{}`), with the
/// line and column from 1 where its value starts.
struct leaf_position {
  std::string path;
  std::size_t line;
  std::size_t column;
};
/// Each leaf of a YAML text, in document order ("type" entries first, as the reader reads
/// them). Throws config_error, as parse_yaml does, for text that is not YAML.
std::vector<leaf_position> yaml_leaf_positions(std::string_view text);

/// A line and a column from 1 (the column counts characters, as editors do), or 0 and 0.
struct text_position {
  std::size_t line = 0;
  std::size_t column = 0;
};
/// The position of each offset, in one pass over the text; 0 and 0 for an offset beyond
/// the text (yaml-cpp's null mark).
std::vector<text_position> positions(std::string_view text, std::vector<std::size_t> const& offsets);

/// Calls `missing(path, key, value)` for each key of an object within `from` that `to`
/// lacks at the same place (`path`, the object's, as errors write paths), where both hold
/// the same "type" or none: a key gone there is a map's, as a record keeps every field and
/// another type has other fields. An empty object in `to` is a leaf of its own, not keys gone.
void for_each_missing_key(
    boost::json::value const& from, boost::json::value const& to,
    std::function<void(std::string const& path, std::string_view key, boost::json::value const& value)> const& missing);

/// The end of the leaf value that starts at `at` in valid JSON `text` (a scalar, an array,
/// `{}`), or npos where a non-empty object starts there, or nothing does.
std::size_t leaf_end(std::string_view text, std::size_t at);

}  // namespace glasses::detail

#endif
