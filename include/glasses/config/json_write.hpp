// Writing configs as JSON: straight to text (dump), or to a boost::json::value (to_json).
// One traversal, `write_json`, drives either writer.
#ifndef GLASSES_CONFIG_JSON_WRITE_HPP
#define GLASSES_CONFIG_JSON_WRITE_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/kinds.hpp>
#include <glasses/config/required.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace glasses {

/// How `dump` and `save` lay out text. The default is compact; `save` uses `indent = 2`.
struct dump_options {
  int indent = 0;
};

namespace detail {

void append_escaped(std::string& out, std::string_view text);
void append_double(std::string& out, double value);
void append_float(std::string& out, float value);

/// Writes JSON text. Arrays of scalars stay on one line in pretty output.
class json_text_writer {
 public:
  explicit json_text_writer(std::string& out, int indent = 0) : out_(out), indent_(indent) {}

  void begin_object() { open('{', false); }
  void end_object() { close('}'); }
  void begin_array(bool scalars) { open('[', scalars && indent_ > 0); }
  void end_array() { close(']'); }
  void key(std::string_view name) {
    separate();
    out_ += '"';
    append_escaped(out_, name);
    out_ += indent_ > 0 ? "\": " : "\":";
    after_key_ = true;
  }
  void null() { value_start(), out_ += "null"; }
  void boolean(bool b) { value_start(), out_ += b ? "true" : "false"; }
  void integer(std::int64_t i) { value_start(), append_integer(i); }
  void unsigned_integer(std::uint64_t u) { value_start(), append_integer(u); }
  void floating(double d) { value_start(), append_double(out_, d); }
  void floating(float f) { value_start(), append_float(out_, f); }
  void string(std::string_view s) {
    value_start();
    out_ += '"';
    append_escaped(out_, s);
    out_ += '"';
  }

 private:
  template <class I> void append_integer(I i) {
    char buffer[24];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, i).ptr;
    out_.append(buffer, end);
  }
  void value_start() {
    if (after_key_) after_key_ = false;
    else separate();
  }
  void separate() {
    if (need_comma_) out_ += ',';
    if (indent_ > 0 && depth_ > 0) {
      if (inline_depth_ > 0) {
        if (need_comma_) out_ += ' ';
      } else {
        newline();
      }
    }
    need_comma_ = true;
  }
  void open(char bracket, bool inline_items) {
    value_start();
    out_ += bracket;
    ++depth_;
    if (inline_items || inline_depth_ > 0) ++inline_depth_;
    need_comma_ = false;
  }
  void close(char bracket) {
    bool empty = !need_comma_;
    --depth_;
    if (inline_depth_ > 0) --inline_depth_;
    else if (indent_ > 0 && !empty) newline();
    out_ += bracket;
    need_comma_ = true;
  }
  void newline() {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth_ * indent_), ' ');
  }

  std::string& out_;
  int indent_;
  int depth_ = 0;
  int inline_depth_ = 0;
  bool need_comma_ = false;
  bool after_key_ = false;
};

/// Builds a boost::json::value with the same structure as the text writer.
class json_value_writer {
 public:
  boost::json::value& result() { return root_; }

  void begin_object() { stack_.push_back(&(place() = boost::json::object())); }
  void end_object() { stack_.pop_back(); }
  void begin_array(bool) { stack_.push_back(&(place() = boost::json::array())); }
  void end_array() { stack_.pop_back(); }
  void key(std::string_view name) { key_ = name; }
  void null() { place() = nullptr; }
  void boolean(bool b) { place() = b; }
  void integer(std::int64_t i) { place() = i; }
  void unsigned_integer(std::uint64_t u) { place() = u; }
  void floating(double d);
  void floating(float f) { floating(static_cast<double>(f)); }
  void string(std::string_view s) { place() = boost::json::string(s); }

 private:
  boost::json::value& place();

  boost::json::value root_;
  std::vector<boost::json::value*> stack_;
  std::string_view key_;
};

template <class W, class T> void write_json(W& w, T const& value);

template <class W, class T> void write_fields(W& w, T const& record) {
  for_each_field(record, [&](std::string_view name, auto const& field) {
    w.key(name);
    write_json(w, field);
  });
}

/// A registered config as an object with "type" first.
template <class W, class C> void write_typed_record(W& w, C const& config) {
  w.begin_object();
  w.key("type");
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
    w.begin_array(is_scalar_kind<typename T::value_type>());
    for (auto const& element : value) write_json(w, static_cast<typename T::value_type const&>(element));
    w.end_array();
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

}  // namespace detail

/// The config as compact JSON text (or indented, with `options.indent`). Keys follow
/// declaration order and the same config always gives the same bytes.
template <class T> std::string dump(T const& config, dump_options options = {}) {
  std::string out;
  out.reserve(256);
  detail::json_text_writer w(out, options.indent);
  detail::write_json(w, config);
  return out;
}

/// The config as a boost::json::value.
template <class T> boost::json::value to_json(T const& config) {
  detail::json_value_writer w;
  detail::write_json(w, config);
  return std::move(w.result());
}

}  // namespace glasses

#endif
