// Printing configs for people: one line like a Python dataclass (to_string), or an
// indented tree with one field a line (to_tree). operator<< prints the one-line form.
#ifndef GLASSES_CONFIG_PRINT_HPP
#define GLASSES_CONFIG_PRINT_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/json_write.hpp>
#include <glasses/config/kinds.hpp>

#include <ostream>
#include <string>
#include <variant>

namespace glasses {
namespace detail {

class printer {
 public:
  printer(std::string& out, bool tree) : out_(out), tree_(tree) {}

  std::string& out() { return out_; }
  bool tree() const { return tree_; }
  int depth() const { return depth_; }

  /// Starts a nested line in tree mode: newline, indentation, label.
  void line(std::string_view label) {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(2 * depth_), ' ');
    out_ += label;
  }
  void indent() { ++depth_; }
  void dedent() { --depth_; }

 private:
  std::string& out_;
  bool tree_;
  int depth_ = 0;
};

void print_double(std::string& out, double value);
void print_float(std::string& out, float value);
void print_map_key(std::string& out, std::string_view key);

template <class T> void print_value(printer& p, T const& value);

/// Whether the tree form gives a value lines of its own (records, and containers of them).
template <class T> constexpr bool has_nested_lines() {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::record || k == kind::closed_union || k == kind::open_slot) return true;
  else if constexpr (k == kind::sequence || k == kind::map || k == kind::optional || k == kind::required)
    return has_nested_lines<element_t<T>>();
  else return false;
}

template <class C> void print_record(printer& p, C const& config) {
  std::string& out = p.out();
  out += type_name<C>();
  if (p.tree()) {
    p.indent();
    for_each_field(config, [&](std::string_view name, auto const& field) {
      p.line(name);
      out += ':';
      // Containers of records put their elements on lines of their own.
      using F = std::remove_cvref_t<decltype(field)>;
      constexpr kind k = kind_of<F>;
      if constexpr (!(has_nested_lines<F>() && (k == kind::sequence || k == kind::map))) out += ' ';
      print_value(p, field);
    });
    p.dedent();
    return;
  }
  out += '(';
  bool first = true;
  for_each_field(config, [&](std::string_view name, auto const& field) {
    if (!first) out += ", ";
    first = false;
    out += name;
    out += '=';
    print_value(p, field);
  });
  out += ')';
}

template <class T> void print_value(printer& p, T const& value) {
  constexpr kind k = kind_of<T>;
  std::string& out = p.out();
  if constexpr (k == kind::boolean) {
    out += value ? "true" : "false";
  } else if constexpr (k == kind::integer) {
    out += std::to_string(value);
  } else if constexpr (k == kind::floating) {
    if constexpr (std::is_same_v<T, float>) print_float(out, value);
    else print_double(out, value);
  } else if constexpr (k == kind::string) {
    out += '"';
    append_escaped(out, value);
    out += '"';
  } else if constexpr (k == kind::enumeration) {
    if (char const* name = boost::describe::enum_to_string(value, nullptr)) out += name;
    else out += std::to_string(static_cast<std::underlying_type_t<T>>(value));
  } else if constexpr (k == kind::optional || k == kind::required) {
    if (value.has_value()) print_value(p, *value);
    else out += "null";
  } else if constexpr (k == kind::sequence || k == kind::map) {
    constexpr bool is_map = k == kind::map;
    if constexpr (has_nested_lines<T>()) {
      if (p.tree()) {
        if (value.empty()) out += is_map ? " {}" : " []";
        p.indent();
        std::size_t index = 0;
        for (auto const& element : value) {
          std::string label;
          if constexpr (is_map) print_map_key(label, element.first);
          else label = '[' + std::to_string(index++) + ']';
          p.line(label);
          out += ": ";
          if constexpr (is_map) print_value(p, element.second);
          else print_value(p, element);
        }
        p.dedent();
        return;
      }
    }
    out += is_map ? '{' : '[';
    bool first = true;
    for (auto const& element : value) {
      if (!first) out += ", ";
      first = false;
      if constexpr (is_map) {
        out += '"';
        append_escaped(out, element.first);
        out += "\": ";
        print_value(p, element.second);
      } else {
        print_value(p, static_cast<typename T::value_type const&>(element));
      }
    }
    out += is_map ? '}' : ']';
  } else if constexpr (k == kind::record) {
    print_record(p, value);
  } else if constexpr (k == kind::closed_union) {
    std::visit([&](auto const& alternative) { print_record(p, alternative); }, value);
  } else if constexpr (k == kind::open_slot) {
    if (value.has_value()) value.ops()->print(p, value.get());
    else out += "null";
  } else {
    check_kind<T>();
  }
}

}  // namespace detail

/// One line in the style of a Python dataclass:
/// `ResNetConfig(depths=[3, 4, 6, 3], activation="relu", drop_path=0.1)`.
template <class T> std::string to_string(T const& config) {
  std::string out;
  detail::printer p(out, false);
  detail::print_value(p, config);
  return out;
}

/// An indented tree, one field a line; nested configs are indented by two spaces.
template <class T> std::string to_tree(T const& config) {
  std::string out;
  detail::printer p(out, true);
  detail::print_value(p, config);
  return out;
}

namespace detail {
template <class T>
concept printable_config = kind_of<T> == kind::record || kind_of<T> == kind::open_slot;
}

/// Any described config prints its one-line form.
template <class T>
  requires detail::printable_config<T>
std::ostream& operator<<(std::ostream& os, T const& config) {
  return os << to_string(config);
}

}  // namespace glasses

// Argument-dependent lookup only searches a config's own namespace, so the operator is
// also made visible to unqualified lookup from the global namespace. Configs in other
// namespaces add `using glasses::operator<<;` there (glasses::models does).
using glasses::operator<<;

#endif
