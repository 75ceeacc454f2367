// Writing configs as JSON: straight to text (dump), or to a boost::json::value (to_json).
// One traversal, `write_json`, drives either writer.
#ifndef GLASSES_CONFIG_JSON_WRITE_HPP
#define GLASSES_CONFIG_JSON_WRITE_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/kinds.hpp>
#include <glasses/config/required.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
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
// 32 bytes a number. They return the end of what they wrote.
char* write_escaped(char* out, std::string_view text);
char* write_shortest(char* out, double value);
char* write_shortest(char* out, float value);
/// Appends `text` with JSON escapes (for messages and printing).
void append_escaped(std::string& out, std::string_view text);

/// Writes JSON text. Arrays of scalars stay on one line in pretty output. The writer owns
/// the string's spare capacity while it works and trims it when destroyed.
class json_text_writer {
 public:
  explicit json_text_writer(std::string& out, int indent = 0)
      : out_(out), size_(out.size()), indent_(indent) {
    out_.resize(std::max(out_.capacity(), size_ + 64));
  }
  ~json_text_writer() { out_.resize(size_); }
  json_text_writer(json_text_writer const&) = delete;
  json_text_writer& operator=(json_text_writer const&) = delete;

  void begin_object() { open('{', false); }
  void end_object() { close('}'); }
  void begin_array(bool scalars) { open('[', scalars && indent_ > 0); }
  void end_array() { close(']'); }
  void key(std::string_view name) {
    separate();
    char* p = room(6 * name.size() + 4);
    *p++ = '"';
    close_key(write_escaped(p, name));
  }
  /// A described field's name: a C++ identifier, which never needs escaping.
  void field(std::string_view name) {
    separate();
    char* p = room(name.size() + 4);
    *p++ = '"';
    std::memcpy(p, name.data(), name.size());
    close_key(p + name.size());
  }
  void null() { value_start(), put("null"); }
  void boolean(bool b) { value_start(), put(b ? std::string_view("true") : std::string_view("false")); }
  void integer(std::int64_t i) { value_start(), put_integer(i); }
  void unsigned_integer(std::uint64_t u) { value_start(), put_integer(u); }
  void floating(double d) { value_start(), put_floating(d); }
  void floating(float f) { value_start(), put_floating(f); }
  void string(std::string_view s) {
    value_start();
    char* p = room(6 * s.size() + 2);
    *p++ = '"';
    p = write_escaped(p, s);
    *p++ = '"';
    commit(p);
  }

 private:
  char* room(std::size_t n) {
    if (out_.size() - size_ < n) out_.resize(2 * out_.size() + n);
    return out_.data() + size_;
  }
  void commit(char* end) { size_ = static_cast<std::size_t>(end - out_.data()); }
  void put(char c) { *room(1) = c, ++size_; }
  void put(std::string_view s) {
    std::memcpy(room(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  template <class I> void put_integer(I i) {
    char* p = room(24);
    commit(std::to_chars(p, p + 24, i).ptr);
  }
  template <class F> void put_floating(F f) {
    if (std::isfinite(f)) return commit(write_shortest(room(32), f));
    // JSON has no infinities or NaN: they are the strings "inf", "-inf" and "nan".
    put(std::isnan(f) ? std::string_view("\"nan\"") : f > 0 ? std::string_view("\"inf\"") : std::string_view("\"-inf\""));
  }
  void close_key(char* p) {
    *p++ = '"';
    *p++ = ':';
    if (indent_ > 0) *p++ = ' ';
    commit(p);
    after_key_ = true;
  }
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
  void open(char bracket, bool inline_items) {
    value_start();
    put(bracket);
    ++depth_;
    if (inline_items || inline_depth_ > 0) ++inline_depth_;
    need_comma_ = false;
  }
  void close(char bracket) {
    --depth_;
    if (indent_ > 0) close_pretty();
    put(bracket);
    need_comma_ = true;
  }
  // Pretty output is the rare case: its layout stays out of line.
  void close_pretty();
  void newline();

  std::string& out_;
  std::size_t size_;
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
  void field(std::string_view name) { key_ = name; }
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
/// declaration order and the same config always gives the same bytes.
template <class T> std::string dump(T const& config, dump_options options = {}) {
  // Configs of one type dump to similar sizes: one allocation, sized by the last dump.
  thread_local std::size_t expected_size = 256;
  std::string out;
  out.reserve(expected_size);
  {
    detail::json_text_writer w(out, options.indent);
    detail::write_json(w, config);
  }
  expected_size = std::max(expected_size, out.size() + out.size() / 8);
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
