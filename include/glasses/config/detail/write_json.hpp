// One traversal of a config, by kind, that drives either writer: text (dump) or a
// boost::json::value (to_json). Slots reach their content through its config_ops.
#ifndef GLASSES_CONFIG_DETAIL_WRITE_JSON_HPP
#define GLASSES_CONFIG_DETAIL_WRITE_JSON_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/detail/value_writer.hpp>
#include <glasses/config/kinds.hpp>
#include <glasses/config/required.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <type_traits>
#include <variant>

namespace glasses::detail {

template <class W, class T> void write_json(W& w, T const& value);

template <class W, class T> void write_fields(W& w, T const& record) {
  for_each_field(record, [&](std::string_view name, auto const& field) {
    w.field(name);
    write_json(w, field);
  });
}

/// A registered config as an object with "type" first.
template <class W, class C> void write_typed_record(W& w, C const& config) {
  w.begin_object();
  w.field("type");
  w.string(config_name<C>());
  write_fields(w, config);
  w.end_object();
}

template <class T> constexpr bool is_scalar_kind() {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::optional || k == kind::required) return is_scalar_kind<typename T::value_type>();
  else return k == kind::boolean || k == kind::integer || k == kind::floating || k == kind::string ||
              k == kind::enumeration;
}

template <class W, class T> void write_json(W& w, T const& value) {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::boolean) {
    w.boolean(value);
  } else if constexpr (k == kind::integer) {
    if constexpr (std::is_signed_v<T>) w.integer(static_cast<std::int64_t>(value));
    else w.unsigned_integer(static_cast<std::uint64_t>(value));
  } else if constexpr (k == kind::floating) {
    w.floating(value);
  } else if constexpr (k == kind::string) {
    w.string(value);
  } else if constexpr (k == kind::enumeration) {
    // An out-of-range enum value is written as its number, so that nothing is lost.
    if (char const* name = boost::describe::enum_to_string(value, nullptr)) w.string(name);
    else w.integer(static_cast<std::int64_t>(value));
  } else if constexpr (k == kind::optional || k == kind::required) {
    if (value.has_value()) write_json(w, *value);
    else w.null();
  } else if constexpr (k == kind::sequence) {
    using element = typename T::value_type;
    if constexpr (requires { w.integers(value.data(), value.size()); }) {
      w.integers(value.data(), value.size());
    } else {
      w.begin_array(is_scalar_kind<element>());
      for (auto const& item : value) write_json(w, static_cast<element const&>(item));
      w.end_array();
    }
  } else if constexpr (k == kind::map) {
    w.begin_object();
    for (auto const& [key, element] : value) {
      w.key(key);
      write_json(w, element);
    }
    w.end_object();
  } else if constexpr (k == kind::record) {
    w.begin_object();
    write_fields(w, value);
    w.end_object();
  } else if constexpr (k == kind::closed_union) {
    std::visit([&](auto const& alternative) { write_typed_record(w, alternative); }, value);
  } else if constexpr (k == kind::open_slot) {
    if (!value.has_value()) w.null();
    else if constexpr (std::is_same_v<W, json_text_writer>) value.ops()->write_text(w, value.get());
    else value.ops()->write_value(w, value.get());
  } else {
    check_kind<T>();
  }
}

}  // namespace glasses::detail

#endif
