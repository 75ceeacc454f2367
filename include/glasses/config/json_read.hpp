// Reading configs from JSON text: parse. Missing keys keep their defaults; unknown keys,
// wrong types and out-of-range numbers are all reported together, each with its path.
#ifndef GLASSES_CONFIG_JSON_READ_HPP
#define GLASSES_CONFIG_JSON_READ_HPP

#include <glasses/config/detail/sinks.hpp>
#include <glasses/config/load_options.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace glasses {

/// Reads a config from a boost::json::value. Throws config_error listing every problem.
template <class T> T from_json(boost::json::value const& json, load_options const& options = {}) {
  T result{};
  detail::read_into(json, detail::sink_for<T>, &result, options, {});
  return result;
}

/// Layers a JSON object onto a config, as a file layer or an override does: an object
/// merges into records, slots and variants (naming another type starts from its
/// defaults), lists and maps are replaced whole. All or nothing: on any problem `config` is
/// unchanged and the config_error lists every one, prefixed with `source`.
template <class T>
void merge(T& config, boost::json::value const& patch, load_options const& options = {}, std::string source = {}) {
  T changed = config;
  detail::read_into(patch, detail::sink_for<T>, &changed, options, std::move(source));
  config = std::move(changed);
}

/// Reads a config from JSON text. Throws config_error listing every problem, syntax errors
/// with their line and column. `source` (a file name) prefixes the messages.
template <class T>
T parse(std::string_view text, load_options const& options = {}, std::string source = {}) {
  T result{};
  detail::parse_into(text, detail::sink_for<T>, &result, options, std::move(source));
  return result;
}

}  // namespace glasses

#endif
