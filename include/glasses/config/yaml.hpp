// Configs as YAML: parse_yaml and dump_yaml. YAML goes through the same reader as JSON
// (a fast scanner's events, or yaml-cpp's where the text is beyond it, become the reader's
// events), so every rule and message is the JSON one, with the YAML line and column in
// issue::line and issue::column; yaml-cpp itself is used only in src/config/yaml_*.cpp.
#ifndef GLASSES_CONFIG_YAML_HPP
#define GLASSES_CONFIG_YAML_HPP

#include <glasses/config/detail/reader.hpp>
#include <glasses/config/detail/sinks.hpp>
#include <glasses/config/detail/yaml_docs.hpp>
#include <glasses/config/json_write.hpp>
#include <glasses/config/load_options.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace glasses {
namespace detail {
/// Reads one YAML document into `target` through the reader; problems carry the YAML
/// line and column (issue::line, issue::column).
void parse_yaml_into(std::string_view text, sink const& root, void* target, load_options const& options,
                     std::string source);
/// The config's canonical JSON text as block YAML; `docs` (or null) gives field docs.
std::string yaml_from_json(std::string_view json, yaml_docs const* docs);

/// For the differential test and the fuzzer: the fast scanner's record of `text` beside
/// yaml-cpp's. `declined` when the scanner leaves the text to yaml-cpp; otherwise `same`
/// says whether the records agree in every field, and `fast` and `full` describe both (or
/// yaml-cpp's error) for a message.
struct yaml_scanner_check {
  bool declined = true;
  bool same = true;
  std::string fast, full;
};
yaml_scanner_check check_yaml_scanner(std::string_view text);
}  // namespace detail

/// How dump_yaml lays out text.
struct yaml_options {
  /// Writes each field's doc (GLASSES_FIELDS) as a `# comment` on the line above it.
  bool docs = true;
};

/// Reads a config from YAML text (one document, the YAML 1.2 core schema). Throws
/// config_error listing every problem, each with its line and column where it has one
/// (issue::line, issue::column; what() reads `run.yaml:12:5: optimizer.lr: expected a
/// number, got the string "fast"`); `source` (a file name) names the text.
template <class T>
T parse_yaml(std::string_view text, load_options const& options = {}, std::string source = {}) {
  T result{};
  detail::parse_yaml_into(text, detail::sink_for<T>, &result, options, std::move(source));
  return result;
}

/// The config as block YAML: keys in declaration order, "type" first, numbers as dump
/// writes them, strings quoted where a reader could take them for something else.
/// parse_yaml<T>(dump_yaml(x)) equals x. Throws config_error as dump does.
template <class T> std::string dump_yaml(T const& config, yaml_options options = {}) {
  return detail::yaml_from_json(dump(config), options.docs ? &detail::yaml_docs_for<T> : nullptr);
}

}  // namespace glasses

#endif
