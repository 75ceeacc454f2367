// The walk behind diff: two configs side by side, each change handed out of line with its
// values still C++ (src/config/diff.cpp makes them JSON), so that registering a config,
// which instantiates this walk for it, needs no Boost.JSON DOM header.
#ifndef GLASSES_CONFIG_DETAIL_DIFF_WALK_HPP
#define GLASSES_CONFIG_DETAIL_DIFF_WALK_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/detail/write_json.hpp>
#include <glasses/config/equal.hpp>
#include <glasses/config/error.hpp>
#include <glasses/config/kinds.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace glasses {

struct config_diff;

namespace detail {

enum class change_kind { changed, added, removed, retyped };

/// A value to write as JSON only if it is needed. Numbers and booleans, the commonest
/// changes, travel as their bits and become JSON without a writer; other values are
/// written by `write` from where they are.
struct deferred_json {
  enum class held : unsigned char {
    nothing, signed_number, unsigned_number, real_number, float_number, boolean, written
  };
  held what = held::nothing;  // nothing is JSON's null
  std::uint64_t bits = 0;
  void const* value = nullptr;
  void (*write)(json_value_writer&, void const*) = nullptr;
};
template <class T> void write_deferred(json_value_writer& w, void const* value) {
  write_json(w, *static_cast<T const*>(value));
}
template <class T> deferred_json defer(T const& value) {
  using held = deferred_json::held;
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::boolean) return {held::boolean, value};
  else if constexpr (k == kind::integer && std::is_signed_v<T>)
    return {held::signed_number, std::bit_cast<std::uint64_t>(static_cast<std::int64_t>(value))};
  else if constexpr (k == kind::integer) return {held::unsigned_number, value};
  // A float keeps its own type, to become the double its shortest text reads as, as dump writes it.
  else if constexpr (std::is_same_v<T, float>) return {held::float_number, std::bit_cast<std::uint32_t>(value)};
  else if constexpr (k == kind::floating) return {held::real_number, std::bit_cast<std::uint64_t>(static_cast<double>(value))};
  else return {held::written, 0, &value, &write_deferred<T>};
}

struct differ {
  config_diff& out;
  void add(path_step const* at, change_kind what, deferred_json before, deferred_json after);
  void add_type_change(path_step const* at, deferred_json before, deferred_json after, std::string_view before_type,
                       std::string_view after_type);
};

template <class T> void diff_value(differ& d, path_step const* at, T const& a, T const& b);

/// The kinds whose diff looks into their parts, each compared once on the way.
template <class T> constexpr bool diff_walks_into =
    kind_of<T> == kind::record || kind_of<T> == kind::closed_union || kind_of<T> == kind::open_slot ||
    kind_of<T> == kind::optional || kind_of<T> == kind::required;

template <class C> void diff_record(differ& d, path_step const* at, C const& a, C const& b) {
  boost::mp11::mp_for_each<described_fields<C>>([&](auto f) {
    // Most fields are equal: equal() passes a value by faster than a walk that keeps a path.
    // A config within is walked once, by diff_value; equal() first would walk a changed one twice.
    using field = std::remove_cvref_t<decltype(a.*f.pointer)>;
    if constexpr (!diff_walks_into<field>)
      if (equal(a.*f.pointer, b.*f.pointer)) return;
    path_step step{at, path_step::place::field, f.name};
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
      return d.add(at, change_kind::changed, defer(a), defer(b));
    for (std::size_t i = 0; i < a.size(); ++i) {
      path_step step{at, path_step::place::index, {}, i};
      diff_value<typename T::value_type>(d, &step, a[i], b[i]);
    }
  } else if constexpr (k == kind::map) {
    // Both maps are sorted: one merge walk finds changed, added and removed keys.
    auto ia = a.begin(), ib = b.begin();
    while (ia != a.end() || ib != b.end()) {
      if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
        path_step step{at, path_step::place::key, ia->first};
        d.add(&step, change_kind::removed, defer(ia->second), {});
        ++ia;
      } else if (ia == a.end() || ib->first < ia->first) {
        path_step step{at, path_step::place::key, ib->first};
        d.add(&step, change_kind::added, {}, defer(ib->second));
        ++ib;
      } else {
        path_step step{at, path_step::place::key, ia->first};
        diff_value(d, &step, ia->second, ib->second);
        ++ia, ++ib;
      }
    }
  } else if constexpr (k == kind::optional || k == kind::required) {
    if (a.has_value() && b.has_value()) diff_value(d, at, *a, *b);
    else if (a.has_value() != b.has_value()) d.add(at, change_kind::changed, defer(a), defer(b));
  } else if constexpr (k == kind::closed_union) {
    if (a.index() != b.index()) {
      auto name = [](T const& v) { return std::visit([](auto const& c) { return type_name<std::remove_cvref_t<decltype(c)>>(); }, v); };
      return d.add_type_change(at, defer(a), defer(b), name(a), name(b));
    }
    std::visit([&](auto const& alternative) {
      diff_record(d, at, alternative, std::get<std::remove_cvref_t<decltype(alternative)>>(b));
    }, a);
  } else if constexpr (k == kind::open_slot) {
    if (a.has_value() && b.has_value() && a.type() == b.type()) return a.ops()->diff(d, at, a.get(), b.get());
    if (a.has_value() || b.has_value())
      d.add_type_change(at, defer(a), defer(b), a.has_value() ? a.ops()->cpp_name : "null",
                        b.has_value() ? b.ops()->cpp_name : "null");
  } else if constexpr (check_kind<T>()) {
    if (!equal(a, b)) d.add(at, change_kind::changed, defer(a), defer(b));
  }
}

}  // namespace detail
}  // namespace glasses

#endif
