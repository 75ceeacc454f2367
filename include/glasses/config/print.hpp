// Printing configs for people: one line like a Python dataclass (to_string), or an
// indented tree with one field a line (to_tree). glasses::operator<< prints the one-line
// form; argument-dependent lookup finds it for slots and glasses' own configs, and
// iostream.hpp makes it visible for configs in other namespaces.
#ifndef GLASSES_CONFIG_PRINT_HPP
#define GLASSES_CONFIG_PRINT_HPP

#include <glasses/config/detail/printer.hpp>

#include <iosfwd>
#include <string>

namespace glasses {

/// One line in the style of a Python dataclass:
/// `ResNetConfig(depths=[3, 4, 6, 3], activation="relu", drop_path=0.1)`.
template <class T> std::string to_string(T const& config) {
  std::string out;
  detail::printer p(out, false);
  detail::print_value(p, config);
  return out;
}

/// How to_tree lays out a config.
struct tree_options {
  /// Ends each field's line with its doc (GLASSES_FIELDS) as a `# comment`.
  bool docs = false;
};

/// An indented tree, one field a line; nested configs are indented by two spaces.
template <class T> std::string to_tree(T const& config, tree_options options = {}) {
  std::string out;
  detail::printer p(out, true, options.docs);
  detail::print_value(p, config);
  p.finish();
  return out;
}

namespace detail {
template <class T>
concept printable_config = kind_of<T> == kind::record || kind_of<T> == kind::open_slot;
}

/// Any described config prints its one-line form.
template <class T>
  requires detail::printable_config<T>
std::ostream& operator<<(std::ostream& os, T const& config) {
  return os << to_string(config);
}

}  // namespace glasses

#endif
