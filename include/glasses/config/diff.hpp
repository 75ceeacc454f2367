// What changed between two configs, field by field, through slots and variants.
#ifndef GLASSES_CONFIG_DIFF_HPP
#define GLASSES_CONFIG_DIFF_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/equal.hpp>
#include <glasses/config/json_value.hpp>
#include <glasses/config/kinds.hpp>

#include <boost/json/value.hpp>

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace glasses {

/// One difference. `before` and `after` are the values as JSON. A map key that was added
/// has no `before` (null), one that was removed no `after`. When a slot or variant holds
/// another type, `before_type` and `after_type` name the C++ types ("null" for an empty
/// slot) and the values are the whole configs.
struct change {
  enum class kind { changed, added, removed, retyped };
  std::string path;
  kind what = kind::changed;
  boost::json::value before;
  boost::json::value after;
  std::string before_type;
  std::string after_type;
};

/// The changes from one config to another, in declaration order.
struct config_diff {
  std::vector<change> changes;

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

namespace detail {

/// A path built only when a change is found: each level holds its step on the stack.
struct path_step {
  path_step const* parent;
  std::string_view name;  // field or map key; empty for an index
  std::size_t index;
};
std::string render_path(path_step const* step);

struct differ {
  config_diff& out;
  void add(path_step const* at, change::kind what, boost::json::value before, boost::json::value after);
  void add_type_change(path_step const* at, boost::json::value before, boost::json::value after,
                       std::string_view before_type, std::string_view after_type);
};

template <class T> void diff_value(differ& d, path_step const* at, T const& a, T const& b);

template <class C> void diff_record(differ& d, path_step const* at, C const& a, C const& b) {
  boost::mp11::mp_for_each<described_fields<C>>([&](auto f) {
    path_step step{at, f.name, 0};
    diff_value(d, &step, a.*f.pointer, b.*f.pointer);
  });
}

template <class T> void diff_value(differ& d, path_step const* at, T const& a, T const& b) {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::record) {
    diff_record(d, at, a, b);
  } else if constexpr (k == kind::sequence) {
    if (equal(a, b)) return;
    if (a.size() != b.size() || std::is_same_v<typename T::value_type, bool>)
      return d.add(at, change::kind::changed, to_json(a), to_json(b));
    for (std::size_t i = 0; i < a.size(); ++i) {
      path_step step{at, {}, i};
      diff_value<typename T::value_type>(d, &step, a[i], b[i]);
    }
  } else if constexpr (k == kind::map) {
    // Both maps are sorted: one merge walk finds changed, added and removed keys.
    auto ia = a.begin(), ib = b.begin();
    while (ia != a.end() || ib != b.end()) {
      if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
        path_step step{at, ia->first, 0};
        d.add(&step, change::kind::removed, to_json(ia->second), nullptr);
        ++ia;
      } else if (ia == a.end() || ib->first < ia->first) {
        path_step step{at, ib->first, 0};
        d.add(&step, change::kind::added, nullptr, to_json(ib->second));
        ++ib;
      } else {
        path_step step{at, ia->first, 0};
        diff_value(d, &step, ia->second, ib->second);
        ++ia, ++ib;
      }
    }
  } else if constexpr (k == kind::optional || k == kind::required) {
    if (a.has_value() && b.has_value()) diff_value(d, at, *a, *b);
    else if (a.has_value() != b.has_value()) d.add(at, change::kind::changed, to_json(a), to_json(b));
  } else if constexpr (k == kind::closed_union) {
    if (a.index() != b.index()) {
      auto name = [](T const& v) { return std::visit([](auto const& c) { return type_name<std::remove_cvref_t<decltype(c)>>(); }, v); };
      return d.add_type_change(at, to_json(a), to_json(b), name(a), name(b));
    }
    std::visit([&](auto const& alternative) {
      diff_record(d, at, alternative, std::get<std::remove_cvref_t<decltype(alternative)>>(b));
    }, a);
  } else if constexpr (k == kind::open_slot) {
    if (a.has_value() && b.has_value() && a.type() == b.type()) return a.ops()->diff(d, at, a.get(), b.get());
    if (a.has_value() || b.has_value())
      d.add_type_change(at, to_json(a), to_json(b), a.has_value() ? a.ops()->cpp_name : "null",
                        b.has_value() ? b.ops()->cpp_name : "null");
  } else if constexpr (check_kind<T>()) {
    if (!equal(a, b)) d.add(at, change::kind::changed, to_json(a), to_json(b));
  }
}

}  // namespace detail

/// The changes from `before` to `after`; empty when they are equal.
template <class T> config_diff diff(T const& before, T const& after) {
  config_diff out;
  // Most diffs in a sweep's bookkeeping are of equal configs: equal() answers those fastest.
  if (equal(before, after)) return out;
  detail::differ d{out};
  detail::diff_value(d, nullptr, before, after);
  return out;
}

/// Only the values that differ from T's defaults, like HF's `to_diff_dict`.
template <class T> config_diff diff_from_defaults(T const& config) { return diff(T{}, config); }

}  // namespace glasses

#endif
