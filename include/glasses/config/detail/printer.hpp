// The traversal behind to_string and to_tree; the layout is out of line (src/config/print.cpp).
#ifndef GLASSES_CONFIG_DETAIL_PRINTER_HPP
#define GLASSES_CONFIG_DETAIL_PRINTER_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/fields.hpp>
#include <glasses/config/kinds.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace glasses::detail {

/// Lays out printed configs; the layout lives out of line (src/config/json_text.cpp), so
/// each printed type adds little code.
class printer {
 public:
  /// `docs`: the tree form ends each field's first line with its doc as a `#` comment.
  printer(std::string& out, bool tree, bool docs = false) : out_(out), tree_(tree), docs_(docs) {}

  std::string& out() { return out_; }
  bool tree() const { return tree_; }

  void begin_record(std::string_view type);
  /// `own_lines`: the value is a container whose elements go on lines of their own.
  void field(std::string_view name, bool own_lines, std::string_view doc = {});
  /// Writes what is still pending (the last field's doc).
  void finish();
  void end_record();
  void begin_list(bool is_map, bool own_lines, bool empty);
  /// A list element: `[2]: ` on a line of its own, or a separator in one line.
  void element(std::size_t index, bool own_lines);
  /// A map entry: `"key": ` on a line of its own, or after a separator in one line.
  void entry(std::string_view key, bool own_lines);
  void end_list(bool is_map, bool own_lines);
  void integer(std::int64_t value);
  void unsigned_integer(std::uint64_t value);
  void floating(double value);
  void floating(float value);
  void string(std::string_view value);
  void word(std::string_view value) { out_ += value; }

 private:
  void line(std::string_view label);

  std::string& out_;
  bool tree_;
  bool docs_;
  std::string_view pending_doc_;
  bool first_ = true;
  int depth_ = 0;
};

template <class T> void print_value(printer& p, T const& value);

/// Whether the tree form gives a value lines of its own (records, and containers of them).
template <class T> constexpr bool has_nested_lines() {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::record || k == kind::closed_union || k == kind::open_slot) return true;
  else if constexpr (k == kind::sequence || k == kind::map || k == kind::optional || k == kind::required)
    return has_nested_lines<element_t<T>>();
  else return false;
}

template <class T> constexpr bool is_container_of_records() {
  return (kind_of<T> == kind::sequence || kind_of<T> == kind::map) && has_nested_lines<T>();
}

template <class C> void print_record(printer& p, C const& config) {
  p.begin_record(type_name<C>());
  boost::mp11::mp_for_each<described_fields<C>>([&](auto d) {
    using D = decltype(d);
    auto const& field = config.*D::pointer;
    p.field(D::name, is_container_of_records<std::remove_cvref_t<decltype(field)>>(), doc_of<C, D>());
    print_value(p, field);
  });
  p.end_record();
}

template <class T> void print_value(printer& p, T const& value) {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::boolean) {
    p.word(value ? "true" : "false");
  } else if constexpr (k == kind::integer) {
    if constexpr (std::is_signed_v<T>) p.integer(value);
    else p.unsigned_integer(value);
  } else if constexpr (k == kind::floating) {
    p.floating(value);
  } else if constexpr (k == kind::string) {
    p.string(value);
  } else if constexpr (k == kind::enumeration) {
    if (char const* name = boost::describe::enum_to_string(value, nullptr)) p.word(name);
    else p.integer(static_cast<std::int64_t>(value));
  } else if constexpr (k == kind::optional || k == kind::required) {
    if (value.has_value()) print_value(p, *value);
    else p.word("null");
  } else if constexpr (k == kind::sequence || k == kind::map) {
    constexpr bool is_map = k == kind::map;
    constexpr bool own_lines = is_container_of_records<T>();
    p.begin_list(is_map, own_lines, value.empty());
    std::size_t index = 0;
    for (auto const& element : value) {
      if constexpr (is_map) {
        p.entry(element.first, own_lines);
        print_value(p, element.second);
      } else {
        p.element(index++, own_lines);
        print_value(p, static_cast<typename T::value_type const&>(element));
      }
    }
    p.end_list(is_map, own_lines);
  } else if constexpr (k == kind::record) {
    print_record(p, value);
  } else if constexpr (k == kind::closed_union) {
    std::visit([&](auto const& alternative) { print_record(p, alternative); }, value);
  } else if constexpr (k == kind::open_slot) {
    if (value.has_value()) value.ops()->print(p, value.get());
    else p.word("null");
  } else {
    check_kind<T>();
  }
}

}  // namespace glasses::detail

#endif
