// One traversal of a config, by kind, that drives either writer: text (dump) or a
// boost::json::value (to_json). Slots reach their content through its config_ops.
#ifndef GLASSES_CONFIG_DETAIL_WRITE_JSON_HPP
#define GLASSES_CONFIG_DETAIL_WRITE_JSON_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/detail/value_writer.hpp>
#include <glasses/config/error.hpp>
#include <glasses/config/kinds.hpp>
#include <glasses/config/required.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <array>
#include <string>
#include <type_traits>
#include <variant>

namespace glasses::detail {

// Each writer call takes the writer's cursor and returns it moved on: see json_text_writer.
template <class W> using cursor_of = typename W::cursor;

template <class W, class T> cursor_of<W> write_json(W& w, cursor_of<W> at, lead before, T const& value);

/// The names of the fields one after another, and 32 bytes after the last: what a lead
/// needs (text_writer.hpp).
template <class... Fields> struct field_names {
  static constexpr std::size_t size = (std::char_traits<char>::length(Fields::name) + ... + 0);
  static constexpr std::array<char, size + 32> text = [] {
    std::array<char, size + 32> out{};
    [[maybe_unused]] std::size_t at = 0;
    ([&] { for (char const* c = Fields::name; *c; ++c) out[at++] = *c; }(), ...);
    return out;
  }();
};
inline constexpr char type_field[32] = "type";

// A fold, not mp_for_each: GCC does not inline a lambda walk over ten fields, and the
// cursor it captures then goes through memory between calls.
template <class W, class T, template <class...> class List, class... Fields>
cursor_of<W> write_described(W& w, cursor_of<W> at, T const& record, [[maybe_unused]] bool first, List<Fields...>) {
  [[maybe_unused]] char const* name = field_names<Fields...>::text.data();
  ((at = write_json(w, at, lead::field(name, std::char_traits<char>::length(Fields::name), first), record.*Fields::pointer),
    name += std::char_traits<char>::length(Fields::name), first = false),
   ...);
  return at;
}

template <class W, class T> cursor_of<W> write_fields(W& w, cursor_of<W> at, T const& record, bool first) {
  return write_described(w, at, record, first, described_fields<T>{});
}

/// A registered config as an object with "type" first.
template <class W, class C> cursor_of<W> write_typed_record(W& w, cursor_of<W> at, lead before, C const& config) {
  at = w.begin_object(at, before);
  at = w.string(at, lead::field(type_field, 4, true), config_name<C>());
  return w.end_object(write_fields(w, at, config, false), false);
}

template <class T> constexpr bool is_scalar_kind() {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::optional || k == kind::required) return is_scalar_kind<typename T::value_type>();
  else return k == kind::boolean || k == kind::integer || k == kind::floating || k == kind::string ||
              k == kind::enumeration;
}

template <class W, class T> cursor_of<W> write_json(W& w, cursor_of<W> at, lead before, T const& value) {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::boolean) {
    return w.boolean(at, before, value);
  } else if constexpr (k == kind::integer) {
    if constexpr (std::is_signed_v<T>) return w.integer(at, before, static_cast<std::int64_t>(value));
    else return w.unsigned_integer(at, before, static_cast<std::uint64_t>(value));
  } else if constexpr (k == kind::floating) {
    return w.floating(at, before, value);
  } else if constexpr (k == kind::string) {
    return w.string(at, before, value);
  } else if constexpr (k == kind::enumeration) {
    if (char const* name = boost::describe::enum_to_string(value, nullptr)) return w.string(at, before, name);
    return w.refuse(at, before, unnamed_enumerator_message(type_name<T>(), enumerator_number(value), enumerator_names<T>()));
  } else if constexpr (k == kind::optional || k == kind::required) {
    if (value.has_value()) return write_json(w, at, before, *value);
    return w.null(at, before);
  } else if constexpr (k == kind::sequence) {
    using element = typename T::value_type;
    if constexpr (requires { w.integers(at, before, value.data(), value.size()); }) {
      return w.integers(at, before, value.data(), value.size());
    } else {
      at = w.begin_array(at, before, is_scalar_kind<element>());
      bool first = true;
      for (auto const& item : value) {
        at = write_json(w, at, lead::element(first), static_cast<element const&>(item));
        first = false;
      }
      return w.end_array(at, first);
    }
  } else if constexpr (k == kind::map) {
    at = w.begin_object(at, before);
    bool first = true;
    for (auto const& [key, element] : value) {
      at = write_json(w, w.key(at, lead::element(first), key), {}, element);
      first = false;
    }
    return w.end_object(at, first);
  } else if constexpr (k == kind::record) {
    at = w.begin_object(at, before);
    return w.end_object(write_fields(w, at, value, true), field_count<T> == 0);
  } else if constexpr (k == kind::closed_union) {
    return std::visit([&](auto const& alternative) { return write_typed_record(w, at, before, alternative); }, value);
  } else if constexpr (k == kind::open_slot) {
    if (!value.has_value()) return w.null(at, before);
    if constexpr (std::is_same_v<W, json_text_writer>) return value.ops()->write_text(w, at, before, value.get());
    else return value.ops()->write_value(w, before, value.get()), at;
  } else {
    check_kind<T>();
    return at;
  }
}

/// The whole of `value`, from the writer's start; returns where it ended.
template <class W, class T> cursor_of<W> write_json(W& w, T const& value) {
  return write_json(w, w.start(), {}, value);
}

}  // namespace glasses::detail

#endif
