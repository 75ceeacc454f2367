// JSON Schema (draft 2020-12) of a config type, so that editors can complete and check
// config files: types, defaults, integer ranges, enum names, required keys, no unknown
// keys, and slots as `oneOf` over the registered types that fit them.
#ifndef GLASSES_CONFIG_SCHEMA_HPP
#define GLASSES_CONFIG_SCHEMA_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/fields.hpp>
#include <glasses/config/json_value.hpp>
#include <glasses/config/kinds.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/json/value.hpp>

#include <limits>
#include <memory>
#include <string_view>
#include <variant>
#include <vector>

namespace glasses {
namespace detail {

/// Collects the `$defs` of registered configs, each once, so that recursive slots end.
class schema_builder {
 public:
  /// `{"$ref": "#/$defs/<name>"}`, adding the config's schema to `$defs` the first time.
  boost::json::value ref(config_ops const& ops);
  boost::json::object& defs() { return defs_; }

 private:
  boost::json::object defs_;
};

boost::json::value floating_schema();
boost::json::value typed_union_schema(std::vector<boost::json::value> alternatives,
                                      std::vector<std::string_view> const& names, bool nullable);
/// The alternatives of a slot: every registered config whose build fits `signature`.
std::vector<boost::json::value> slot_alternatives(schema_builder& b, std::type_index signature);

template <class T> boost::json::value schema_of(schema_builder& b, T const& defaults);

/// A record as an object schema; one in a slot or variant also requires its "type", `name`.
template <class C> boost::json::value record_schema(schema_builder& b, C const& defaults, std::string_view name) {
  boost::json::object properties;
  boost::json::array required;
  if (!name.empty()) {
    properties["type"] = boost::json::object{{"const", name}};
    required.emplace_back("type");
  }
  boost::json::object renamed;  // former name -> the schema that refuses it next to the current name
  boost::mp11::mp_for_each<described_fields<C>>([&](auto f) {
    using D = decltype(f);
    using F = std::remove_cvref_t<decltype(defaults.*f.pointer)>;
    boost::json::value property = schema_of(b, defaults.*f.pointer);
    boost::json::object& object = property.as_object();
    if constexpr (kind_of<F> == kind::required) {
      required.emplace_back(f.name);
    } else {
      object["default"] = to_json(defaults.*f.pointer);
    }
    if constexpr (constexpr std::string_view doc = doc_of<C, D>(); !doc.empty()) object["description"] = doc;
    if constexpr (has_rules<C, D>()) {
      schema_form form = form_for<F>(object);
      entry_for<C, D>().parts.for_each([&](auto const& part) {
        if constexpr (!is_former_name<std::remove_cvref_t<decltype(part)>>) part.template schema<unwrapped_t<F>>(form);
      });
    }
    for (former_entry const& former_name : former_names_of<C>) {
      if (former_name.member != boost::mp11::mp_find<described_fields<C>, D>::value) continue;
      std::string_view former = former_name.name;
      boost::json::object old = object;
      old["deprecated"] = true;
      old["description"] = "the former name of \"" + std::string(f.name) + "\"";
      properties[former] = std::move(old);
      renamed[former] = boost::json::object{{"not", boost::json::object{{"required", boost::json::array{f.name}}}}};
    }
    properties[f.name] = std::move(property);
  });
  boost::json::object out{{"type", "object"}, {"title", type_name<C>()}};
  out["properties"] = std::move(properties);
  out["additionalProperties"] = false;
  if (!required.empty()) out["required"] = std::move(required);
  if (!renamed.empty()) out["dependentSchemas"] = std::move(renamed);
  return out;
}

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

template <class T> boost::json::value schema_of(schema_builder& b, T const& defaults) {
  constexpr kind k = kind_of<T>;
  using object = boost::json::object;
  if constexpr (k == kind::boolean) {
    return object{{"type", "boolean"}};
  } else if constexpr (k == kind::integer) {
    return object{{"type", "integer"},
                  {"minimum", static_cast<std::int64_t>(std::numeric_limits<T>::min())},
                  {"maximum", static_cast<std::uint64_t>(std::numeric_limits<T>::max())}};
  } else if constexpr (k == kind::floating) {
    return floating_schema();
  } else if constexpr (k == kind::string) {
    return object{{"type", "string"}};
  } else if constexpr (k == kind::enumeration) {
    boost::json::array names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) { names.emplace_back(e.name); });
    return object{{"enum", std::move(names)}};
  } else if constexpr (k == kind::optional) {
    typename T::value_type value = defaults ? *defaults : typename T::value_type{};
    return object{{"anyOf", boost::json::array{schema_of(b, value), object{{"type", "null"}}}}};
  } else if constexpr (k == kind::required) {
    typename T::value_type value = defaults ? *defaults : typename T::value_type{};
    return schema_of(b, value);
  } else if constexpr (k == kind::sequence) {
    object out{{"type", "array"}, {"items", schema_of(b, typename T::value_type{})}};
    if constexpr (is_std_array<T>::value) out["minItems"] = out["maxItems"] = std::tuple_size_v<T>;
    return out;
  } else if constexpr (k == kind::map) {
    return object{{"type", "object"}, {"additionalProperties", schema_of(b, typename T::mapped_type{})}};
  } else if constexpr (k == kind::record) {
    return record_schema(b, defaults, {});
  } else if constexpr (k == kind::closed_union) {
    return [&]<class... Cs>(std::variant<Cs...>*) {
      return typed_union_schema({record_schema(b, Cs{}, config_name<Cs>())...}, {config_name<Cs>()...}, false);
    }(static_cast<T*>(nullptr));
  } else if constexpr (k == kind::open_slot) {
    using signature = typename T::glasses_slot_signature;
    return typed_union_schema(slot_alternatives(b, typeid(signature)), slot_names(typeid(signature)), true);
  } else {
    return check_kind<T>(), boost::json::value();
  }
}

}  // namespace detail

/// The JSON Schema (draft 2020-12) of T's JSON form, with T's defaults.
template <class T> boost::json::value json_schema() {
  detail::schema_builder b;
  // On the heap: g++ 12 at -O3 warns falsely about a large config's strings on the stack.
  auto defaults = std::make_unique<T const>();
  boost::json::value root = detail::record_schema(b, *defaults, {});
  auto& object = root.as_object();
  object.emplace("$schema", "https://json-schema.org/draft/2020-12/schema");
  if (!b.defs().empty()) object["$defs"] = std::move(b.defs());
  return root;
}

}  // namespace glasses

#endif
