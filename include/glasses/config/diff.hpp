// What changed between two configs, field by field, through slots and variants. The
// changes hold their values as boost::json::value, so this header brings in the DOM; the
// walk itself (detail/diff_walk.hpp) does not.
#ifndef GLASSES_CONFIG_DIFF_HPP
#define GLASSES_CONFIG_DIFF_HPP

#include <glasses/config/detail/diff_walk.hpp>
#include <glasses/config/small_string.hpp>

#include <boost/container/small_vector.hpp>
#include <boost/json/value.hpp>

#include <iosfwd>
#include <string>
#include <string_view>

namespace glasses {

/// One difference. `before` and `after` are the values as JSON. A map key that was added
/// has no `before` (null), one that was removed no `after`. When a slot or variant holds
/// another type, `before_type` and `after_type` name the C++ types ("null" for an empty
/// slot) and the values are the whole configs. The path is held in the change itself up to
/// 40 characters, so that a diff of a few changes allocates nothing.
struct change {
  using kind = detail::change_kind;  // changed, added, removed, retyped
  small_string path;
  kind what = kind::changed;
  boost::json::value before;
  boost::json::value after;
  std::string_view before_type;  // names of C++ types, which live as long as the program
  std::string_view after_type;
};

/// The changes from one config to another, in declaration order. The first is held in the
/// diff itself.
struct config_diff {
  boost::container::small_vector<change, 1> changes;

  bool empty() const noexcept { return changes.empty(); }
  std::size_t size() const noexcept { return changes.size(); }
  auto begin() const { return changes.begin(); }
  auto end() const { return changes.end(); }
  change const& operator[](std::size_t i) const { return changes[i]; }
};

/// One change a line: `backbone.depths[2]: 6 -> 23`, `backbone: ResNetConfig -> ViTConfig`.
std::ostream& operator<<(std::ostream& os, config_diff const& diff);
std::string to_string(config_diff const& diff);
/// `[{"path": ..., "before": ..., "after": ...}, ...]`, with "before_type" and
/// "after_type" for type changes.
boost::json::value to_json(config_diff const& diff);

/// The changes from `before` to `after`; empty when they are equal.
template <class T> config_diff diff(T const& before, T const& after) {
  config_diff out;
  detail::differ d{out};
  detail::diff_value(d, nullptr, before, after);
  return out;
}

/// Only the values that differ from T's defaults, like HF's `to_diff_dict`.
template <class T> config_diff diff_from_defaults(T const& config) { return diff(T{}, config); }

}  // namespace glasses

#endif
