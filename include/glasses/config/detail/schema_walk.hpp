// The walk behind json_schema: templates that visit a config's type and hand each piece of
// its schema to out-of-line builders (src/config/schema.cpp), holding the schema only by
// reference, so that registering a config, which instantiates this walk for it, needs no
// Boost.JSON DOM header. json_schema() itself is in schema.hpp.
#ifndef GLASSES_CONFIG_DETAIL_SCHEMA_WALK_HPP
#define GLASSES_CONFIG_DETAIL_SCHEMA_WALK_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/detail/value_writer.hpp>
#include <glasses/config/detail/write_json.hpp>
#include <glasses/config/fields.hpp>
#include <glasses/config/kinds.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/json/fwd.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <typeindex>
#include <variant>
#include <vector>

namespace glasses::detail {

/// Collects the `$defs` of registered configs, each once, so that recursive slots end.
class schema_builder {
 public:
  schema_builder();
  ~schema_builder();
  schema_builder(schema_builder const&) = delete;
  schema_builder& operator=(schema_builder const&) = delete;

  /// Makes `out` `{"$ref": "#/$defs/<name>"}`, adding the config's schema to `$defs` the
  /// first time.
  void ref(config_ops const& ops, boost::json::value& out);
  boost::json::object& defs();

 private:
  boost::json::object* defs_;  // owned; a raw pointer, so that this header needs no DOM
};

// Each makes `out` the schema of one kind of value.
void boolean_schema(boost::json::value& out);
void integer_schema(boost::json::value& out, std::int64_t minimum, std::uint64_t maximum);
void floating_schema(boost::json::value& out);
void string_schema(boost::json::value& out);
void enum_schema(boost::json::value& out, std::string_view const* names, std::size_t count);
/// Makes `out` `anyOf` a value and null; returns the value's schema, to fill.
boost::json::value& nullable_schema(boost::json::value& out);
/// Makes `out` an array schema, of exactly `size` items unless it is `unsized`; returns the
/// items' schema, to fill.
inline constexpr std::size_t unsized = std::size_t(-1);
boost::json::value& array_schema(boost::json::value& out, std::size_t size);
/// Makes `out` an object schema of any keys; returns the values' schema, to fill.
boost::json::value& map_schema(boost::json::value& out);
/// A slot: `oneOf` every registered config whose build fits `signature`, their names, null.
void slot_schema(schema_builder& b, boost::json::value& out, std::type_index signature);
/// A std::variant: `oneOf` the alternatives added, then their names.
boost::json::value& add_union_alternative(boost::json::value& out);
void finish_union_schema(boost::json::value& out, std::string_view const* names, std::size_t count);

/// A record's object schema, one property at a time: property() gives the current
/// property's schema to fill, then its default, doc and former names, then end_property().
class record_schema_writer {
 public:
  /// A record in a slot or variant (`name` not empty) also requires its "type", `name`.
  record_schema_writer(boost::json::value& out, std::string_view title, std::string_view name);
  ~record_schema_writer();
  record_schema_writer(record_schema_writer const&) = delete;
  record_schema_writer& operator=(record_schema_writer const&) = delete;

  boost::json::value& property();
  boost::json::object& property_object();
  void required(std::string_view field);
  /// Takes the default from `w`; throws config_error as dump does for text that is not UTF-8.
  void default_value(json_value_writer& w);
  void doc(std::string_view text);
  /// The current property again under a former name, deprecated, and refused next to it.
  void former_name(std::string_view former, std::string_view field);
  void end_property(std::string_view field);
  /// Writes what was collected into `out`.
  void finish();

 private:
  struct state;
  state* state_;  // owned
};

template <class T> void schema_of(schema_builder& b, T const& defaults, boost::json::value& out);

/// The schema of a value of type V inside `schema`: optionals are `anyOf` their value and
/// null, and constraints go to the value.
template <class V> schema_form form_for(boost::json::object& schema) {
  if constexpr (kind_of<V> == kind::optional) {
    return form_for<typename V::value_type>(schema_form::non_null(schema));
  } else if constexpr (kind_of<V> == kind::required) {
    return form_for<typename V::value_type>(schema);
  } else {
    constexpr kind k = kind_of<V>;
    using shape = schema_form::shape;
    return schema_form(schema, k == kind::string     ? shape::string
                               : k == kind::sequence ? shape::array
                               : k == kind::map      ? shape::object
                               : k == kind::floating ? shape::floating
                                                     : shape::other);
  }
}

template <class T> bool refuses_default(T const& value);

/// Whether glasses refuses member D of C when a text leaves it out, so that the schema must
/// require its key (a validator does not judge defaults): its default breaks its own rules,
/// or holds a required field left unset or a value whose rules it breaks.
template <class C, class D, class F> bool refuses_field_default(F const& value) {
  if (refuses_default(value)) return true;
  if constexpr (has_rules<C, D>()) {
    std::vector<issue> problems;
    validation v(problems);
    entry_for<C, D>().parts.check(value, v);
    return !problems.empty();
  }
  return false;
}

template <class T> bool refuses_default(T const& value) {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::required) {
    return !value.has_value();
  } else if constexpr (k == kind::closed_union) {
    return std::visit([](auto const& held) { return refuses_default(held); }, value);
  } else if constexpr (k == kind::record) {
    bool refused = false;
    boost::mp11::mp_for_each<described_fields<T>>([&](auto f) {
      refused = refused || refuses_field_default<T, decltype(f)>(value.*f.pointer);
    });
    return refused;
  } else {
    return false;
  }
}

template <class C>
void record_schema(schema_builder& b, C const& defaults, std::string_view name, boost::json::value& out) {
  record_schema_writer record(out, type_name<C>(), name);
  boost::mp11::mp_for_each<described_fields<C>>([&](auto f) {
    using D = decltype(f);
    using F = std::remove_cvref_t<decltype(defaults.*f.pointer)>;
    schema_of(b, defaults.*f.pointer, record.property());
    // A required field that the enclosing config's default fills is left out of a file
    // as any other field is: it is required where nothing fills it.
    bool const unfilled = [&] {
      if constexpr (kind_of<F> == kind::required) return !(defaults.*f.pointer).has_value();
      else return false;
    }();
    if (unfilled) {
      record.required(f.name);
    } else {
      json_value_writer w;
      write_json(w, defaults.*f.pointer);
      record.default_value(w);
      if (refuses_field_default<C, D>(defaults.*f.pointer)) record.required(f.name);
    }
    if constexpr (constexpr std::string_view doc = doc_of<C, D>(); !doc.empty()) record.doc(doc);
    if constexpr (has_rules<C, D>()) {
      schema_form form = form_for<F>(record.property_object());
      entry_for<C, D>().parts.for_each([&](auto const& part) {
        if constexpr (!is_former_name<std::remove_cvref_t<decltype(part)>>) part.template schema<unwrapped_t<F>>(form);
      });
    }
    for (former_entry const& former : former_names_of<C>)
      if (former.member == boost::mp11::mp_find<described_fields<C>, D>::value) record.former_name(former.name, f.name);
    record.end_property(f.name);
  });
  record.finish();
}

template <class T> void schema_of(schema_builder& b, T const& defaults, boost::json::value& out) {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::boolean) {
    boolean_schema(out);
  } else if constexpr (k == kind::integer) {
    integer_schema(out, static_cast<std::int64_t>(std::numeric_limits<T>::min()),
                   static_cast<std::uint64_t>(std::numeric_limits<T>::max()));
  } else if constexpr (k == kind::floating) {
    floating_schema(out);
  } else if constexpr (k == kind::string) {
    string_schema(out);
  } else if constexpr (k == kind::enumeration) {
    using enumerators = boost::describe::describe_enumerators<T>;
    std::array<std::string_view, boost::mp11::mp_size<enumerators>::value> names{};
    std::size_t i = 0;
    boost::mp11::mp_for_each<enumerators>([&](auto e) { names[i++] = e.name; });
    enum_schema(out, names.data(), names.size());
  } else if constexpr (k == kind::optional) {
    typename T::value_type value = defaults ? *defaults : typename T::value_type{};
    schema_of(b, value, nullable_schema(out));
  } else if constexpr (k == kind::required) {
    typename T::value_type value = defaults ? *defaults : typename T::value_type{};
    schema_of(b, value, out);
  } else if constexpr (k == kind::sequence) {
    std::size_t size = unsized;
    if constexpr (is_std_array<T>::value) size = std::tuple_size_v<T>;
    schema_of(b, typename T::value_type{}, array_schema(out, size));
  } else if constexpr (k == kind::map) {
    schema_of(b, typename T::mapped_type{}, map_schema(out));
  } else if constexpr (k == kind::record) {
    record_schema(b, defaults, {}, out);
  } else if constexpr (k == kind::closed_union) {
    [&]<class... Cs>(std::variant<Cs...>*) {
      (record_schema(b, Cs{}, config_name<Cs>(), add_union_alternative(out)), ...);
      std::array<std::string_view, sizeof...(Cs)> names{config_name<Cs>()...};
      finish_union_schema(out, names.data(), names.size());
    }(static_cast<T*>(nullptr));
  } else if constexpr (k == kind::open_slot) {
    slot_schema(b, out, typeid(typename T::glasses_slot_signature));
  } else {
    check_kind<T>();
  }
}

}  // namespace glasses::detail

#endif
