// The field docs of a config type (GLASSES_FIELDS), as a table that the YAML writer walks
// beside the config's JSON text to write each doc as a `#` comment. Made at compile time
// without Boost.JSON's DOM, so that save() stays cheap to include; a slot's content is
// known only at run time, and its docs come from its registered schema (yaml_write.cpp).
#ifndef GLASSES_CONFIG_DETAIL_YAML_DOCS_HPP
#define GLASSES_CONFIG_DETAIL_YAML_DOCS_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/fields.hpp>
#include <glasses/config/kinds.hpp>

#include <boost/mp11/algorithm.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <variant>

namespace glasses::detail {

struct yaml_docs;

struct yaml_field_doc {
  std::string_view name;  // a field's name, or a variant alternative's registered name
  std::string_view doc;
  yaml_docs const* value;
};

struct yaml_docs {
  enum class shape : unsigned char {
    leaf,       // a scalar: nothing inside has docs
    record,     // `entries` are its fields
    container,  // a list or map: `element` describes each value
    wrapper,    // an optional or required: `element` describes the value
    variant,    // `entries` are its alternatives by registered name
    slot        // an any_config: looked up by its "type" when written
  };
  shape what = shape::leaf;
  yaml_field_doc const* entries = nullptr;
  std::size_t size = 0;
  yaml_docs const* element = nullptr;
};

template <class T> struct yaml_docs_of_type;
template <class T> inline constexpr yaml_docs yaml_docs_for = yaml_docs_of_type<T>::make();

template <class T> struct yaml_record_docs {
  static constexpr auto entries = [] {
    std::array<yaml_field_doc, field_count<T>> table{};
    std::size_t i = 0;
    boost::mp11::mp_for_each<described_fields<T>>([&](auto d) {
      using D = decltype(d);
      using F = std::remove_cvref_t<decltype(std::declval<T&>().*D::pointer)>;
      table[i++] = yaml_field_doc{D::name, doc_of<T, D>(), &yaml_docs_for<F>};
    });
    return table;
  }();
};

template <class V> struct yaml_variant_docs;
template <class... Cs> struct yaml_variant_docs<std::variant<Cs...>> {
  static constexpr std::array<yaml_field_doc, sizeof...(Cs)> entries{
      yaml_field_doc{config_name<Cs>(), {}, &yaml_docs_for<Cs>}...};
};

template <class T> struct yaml_docs_of_type {
  static constexpr yaml_docs make() {
    constexpr kind k = kind_of<T>;
    using shape = yaml_docs::shape;
    if constexpr (k == kind::record) {
      auto const& entries = yaml_record_docs<T>::entries;
      return {shape::record, entries.data(), entries.size(), nullptr};
    } else if constexpr (k == kind::sequence || k == kind::map) {
      return {shape::container, nullptr, 0, &yaml_docs_for<element_t<T>>};
    } else if constexpr (k == kind::optional || k == kind::required) {
      return {shape::wrapper, nullptr, 0, &yaml_docs_for<element_t<T>>};
    } else if constexpr (k == kind::closed_union) {
      auto const& entries = yaml_variant_docs<T>::entries;
      return {shape::variant, entries.data(), entries.size(), nullptr};
    } else if constexpr (k == kind::open_slot) {
      return {shape::slot, nullptr, 0, nullptr};
    } else {
      return {};
    }
  }
};

}  // namespace glasses::detail

#endif
