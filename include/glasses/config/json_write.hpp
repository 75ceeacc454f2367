// Writing configs as JSON: straight to text (dump), or to a boost::json::value (to_json).
// One traversal, `write_json`, drives either writer.
#ifndef GLASSES_CONFIG_JSON_WRITE_HPP
#define GLASSES_CONFIG_JSON_WRITE_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/kinds.hpp>
#include <glasses/config/required.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/value.hpp>

#include <cstring>
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

// Writers into a buffer with room for the worst case: 6 bytes a character when escaping,
// 32 bytes a number. They return the end of what they wrote. write_escaped copies UTF-8
// as it is and sets `invalid` when `text` is not UTF-8.
char* write_escaped(char* out, std::string_view text, bool& invalid);
char* write_shortest(char* out, double value);
char* write_shortest(char* out, float value);
char* write_integer(char* out, std::int64_t value);
char* write_integer(char* out, std::uint64_t value);
/// Appends `text` with JSON escapes (for messages and printing).
void append_escaped(std::string& out, std::string_view text);
/// Throws the config_error for a value that holds text that is not UTF-8, with the path of
/// each such string or key: JSON could not carry it, so it is never written.
[[noreturn]] void throw_not_utf8(boost::json::value const& written);

/// Writes JSON text into a buffer of its thread that is reused from one dump to the next,
/// so that a dump costs one allocation, of the exact size, whatever sizes came before.
/// Arrays of scalars stay on one line in pretty output.
class json_text_writer {
 public:
  explicit json_text_writer(int indent = 0);
  ~json_text_writer();
  json_text_writer(json_text_writer const&) = delete;
  json_text_writer& operator=(json_text_writer const&) = delete;

  std::string text() const { return std::string(data_, size_); }
  bool wrote_invalid_utf8() const { return invalid_utf8_; }

  // Out of line: each config's writer is then a short list of calls, which keeps the
  // compile time of units that dump many configs low, at about a nanosecond a value.
  void begin_object();
  void end_object();
  void begin_array(bool scalars);
  void end_array();
  void key(std::string_view name);
  /// A described field's name: a C++ identifier, which never needs escaping.
  void field(std::string_view name);
  void null();
  void boolean(bool b);
  void integer(std::int64_t i);
  void unsigned_integer(std::uint64_t u);
  void floating(double d);
  void floating(float f);
  void string(std::string_view s);

 private:
  char* room(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    return data_ + size_;
  }
  void grow(std::size_t n);
  void commit(char* end) { size_ = static_cast<std::size_t>(end - data_); }
  void put(char c) { *room(1) = c, ++size_; }
  void put(std::string_view s) {
    std::memcpy(room(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  void special(double f);
  void close_key(char* p);
  void value_start() {
    if (after_key_) after_key_ = false;
    else separate();
  }
  void separate() {
    if (indent_ > 0) return separate_pretty();
    if (need_comma_) put(',');
    need_comma_ = true;
  }
  void separate_pretty();
  void open(char bracket, bool inline_items);
  void close(char bracket);
  // Pretty output is the rare case: its layout stays out of line.
  void close_pretty();
  void newline();

  char* data_;
  std::size_t size_ = 0;
  std::size_t capacity_;
  int indent_;
  int depth_ = 0;
  int inline_depth_ = 0;
  bool need_comma_ = false;
  bool after_key_ = false;
  bool invalid_utf8_ = false;
};

/// Builds a boost::json::value with the same structure as the text writer.
class json_value_writer {
 public:
  boost::json::value& result() { return root_; }

  void begin_object() { stack_.push_back(&(place() = boost::json::object())); }
  void end_object() { stack_.pop_back(); }
  void begin_array(bool) { stack_.push_back(&(place() = boost::json::array())); }
  void end_array() { stack_.pop_back(); }
  bool wrote_invalid_utf8() const { return invalid_utf8_; }

  void key(std::string_view name);
  void field(std::string_view name) { key_ = name; }
  void null() { place() = nullptr; }
  void boolean(bool b) { place() = b; }
  void integer(std::int64_t i) { place() = i; }
  void unsigned_integer(std::uint64_t u) { place() = u; }
  void floating(double d);
  void floating(float f) { floating(static_cast<double>(f)); }
  void string(std::string_view s);

 private:
  boost::json::value& place();

  boost::json::value root_;
  std::vector<boost::json::value*> stack_;
  std::string_view key_;
  bool invalid_utf8_ = false;
};

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
/// declaration order and the same config always gives the same bytes. Throws config_error,
/// naming each path, for a string or map key that is not UTF-8: it could not be read back.
template <class T> std::string dump(T const& config, dump_options options = {}) {
  detail::json_text_writer w(options.indent);
  detail::write_json(w, config);
  if (w.wrote_invalid_utf8()) {
    detail::json_value_writer paths;
    detail::write_json(paths, config);
    detail::throw_not_utf8(paths.result());
  }
  return w.text();
}

/// A JSON value as text, with the shortest doubles and the layout of the config overload.
std::string dump(boost::json::value const& json, dump_options options = {});

/// The config as a boost::json::value. Throws config_error as dump does for text that is
/// not UTF-8.
template <class T> boost::json::value to_json(T const& config) {
  detail::json_value_writer w;
  detail::write_json(w, config);
  if (w.wrote_invalid_utf8()) detail::throw_not_utf8(w.result());
  return std::move(w.result());
}

}  // namespace glasses

#endif
