// Writing configs as JSON text: dump. to_json, the boost::json::value form, is in
// json_value.hpp with the other functions that need the DOM.
#ifndef GLASSES_CONFIG_JSON_WRITE_HPP
#define GLASSES_CONFIG_JSON_WRITE_HPP

#include <glasses/config/detail/write_json.hpp>

#include <boost/json/fwd.hpp>

#include <string>

namespace glasses {

/// How `dump` and `save` lay out text. The default is compact; `save` uses `indent = 2`.
struct dump_options {
  int indent = 0;
};

namespace detail {
/// Writes the config's JSON text into `w`'s buffer, from its start, and returns the end: a
/// fingerprint hashes the text there, without a string of its own.
template <class T> char* write_text(json_text_writer& w, T const& config) {
  char* end = write_json(w, config);
  if (w.refused_a_value()) {
    json_value_writer paths;
    write_json(paths, config);
    paths.throw_refused();
  }
  return end;
}
}  // namespace detail

/// The config as compact JSON text (or indented, with `options.indent`). Keys follow
/// declaration order and the same config always gives the same bytes. Throws config_error,
/// naming each path, for a value that could not be read back: a string or map key that is
/// not UTF-8, an enum value that has no name.
template <class T> std::string dump(T const& config, dump_options options = {}) {
  detail::json_text_writer w(options.indent);
  return w.text(detail::write_text(w, config));
}

/// A JSON value as text, with the shortest doubles and the layout of the config overload.
std::string dump(boost::json::value const& json, dump_options options = {});

}  // namespace glasses

#endif
