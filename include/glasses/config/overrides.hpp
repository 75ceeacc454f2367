// Changing configs from the command line, Hydra style: `backbone.depths[2]=23`,
// `backbone=vit`, and sweeps over comma-separated choices.
#ifndef GLASSES_CONFIG_OVERRIDES_HPP
#define GLASSES_CONFIG_OVERRIDES_HPP

#include <glasses/config/error.hpp>
#include <glasses/config/fingerprint.hpp>
#include <glasses/config/json_read.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace glasses {
namespace detail {
/// Sets the value at `path` below the value at `target` from `value` (JSON; a bare word is
/// a string). Problems are appended to `issues`, each with the full path.
void set_path(sink const& root, void* target, std::string_view path, std::string_view value,
              std::vector<issue>& issues);
/// Applies `path=value` overrides in order, collecting every problem.
void apply_overrides_to(sink const& root, void* target, std::vector<std::string> const& overrides,
                        std::vector<issue>& issues);
/// The grid of a sweep: one list of single-valued overrides per point, in order (the first
/// override varies slowest). Throws config_error for a malformed override.
std::vector<std::vector<std::string>> expand_sweep(std::vector<std::string> const& overrides);
}  // namespace detail

/// Sets one value: `set(cfg, "backbone.depths[2]", "23")`, `set(cfg, "backbone", "vit")`.
/// The value is JSON; a bare word is a string, and names a type for a slot. Throws
/// config_error, leaving the config unchanged, when the path or value is wrong.
template <class T> void set(T& config, std::string_view path, std::string_view value) {
  T changed = config;
  std::vector<issue> issues;
  detail::set_path(detail::sink_for<T>, &changed, path, value, issues);
  if (!issues.empty()) throw config_error("override", std::move(issues));
  config = std::move(changed);
}

/// Applies `path=value` overrides in order, all or nothing: on any error the config is
/// unchanged and the config_error lists every problem.
template <class T> void apply_overrides(T& config, std::vector<std::string> const& overrides) {
  T changed = config;
  std::vector<issue> issues;
  detail::apply_overrides_to(detail::sink_for<T>, &changed, overrides, issues);
  if (!issues.empty()) throw config_error("overrides", std::move(issues));
  config = std::move(changed);
}

/// One point of a sweep: the overrides that make it, the config, and its fingerprint.
template <class T> struct sweep_point {
  std::vector<std::string> overrides;
  T config;
  std::string fingerprint;
};

/// Expands comma-separated choices into the grid of configs: `{"num_classes=10,100",
/// "backbone.depths=[2,2,2,2],[3,4,6,3]"}` gives four points. Commas inside lists, objects
/// and quoted strings do not split. The order is deterministic: the last override varies
/// fastest.
template <class T> std::vector<sweep_point<T>> sweep(T const& base, std::vector<std::string> const& overrides) {
  std::vector<sweep_point<T>> points;
  for (auto& choice : detail::expand_sweep(overrides)) {
    T config = base;
    apply_overrides(config, choice);
    std::string digest = fingerprint(config);
    points.push_back({std::move(choice), std::move(config), std::move(digest)});
  }
  return points;
}

}  // namespace glasses

#endif
