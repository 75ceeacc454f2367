// The parts of the app (src/app/): where each value of a resolved config came from, and the
// help text drawn from the config's schema.
#ifndef GLASSES_SRC_APP_LAYERS_HPP
#define GLASSES_SRC_APP_LAYERS_HPP

#include <glasses/config/detail/leaves.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glasses::app_detail {

/// Each value of a JSON text that is not an object (a scalar or an array), by path, with its
/// line and column from 1. The text must be valid JSON. (YAML's: detail::yaml_leaf_positions.)
std::vector<detail::leaf_position> value_positions(std::string_view text);

/// The leaves of a config's JSON text (scalars and arrays, `type` keys included), in order.
std::vector<std::pair<std::string, boost::json::value>> leaves(std::string_view json_text);

/// Where values came from: each layer records the paths it set; a leaf's origin is the
/// last record at the leaf or one of its ancestors.
class origins {
 public:
  void set(std::string path, std::string source);
  /// The origin of `leaf`: its last record, or "default".
  std::string of(std::string_view leaf) const;

 private:
  std::vector<std::pair<std::string, std::string>> records_;
};

/// `--help`: every field path of the schema's config with its type, default, doc and
/// choices; `only` keeps one subtree.
std::string help_text(boost::json::value const& schema, std::string_view only);

}  // namespace glasses::app_detail

#endif
