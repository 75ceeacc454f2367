// The JSON text writer behind dump, and the escaping and number formatting it shares with
// printing (src/config/text_writer.cpp).
#ifndef GLASSES_CONFIG_DETAIL_TEXT_WRITER_HPP
#define GLASSES_CONFIG_DETAIL_TEXT_WRITER_HPP

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace glasses::detail {


/// The room a number needs in the buffer it is written to: its text is at most 24 bytes,
/// but writers move digits 16 bytes at a time.
inline constexpr std::size_t number_room = 48;

// Writers into a buffer with room for the worst case: 6 bytes a character when escaping,
// number_room bytes a number. They return the end of what they wrote. write_escaped copies
// UTF-8 as it is and sets `invalid` when `text` is not UTF-8.
char* write_escaped(char* out, std::string_view text, bool& invalid);
/// "inf", "-inf" or "nan": how JSON text writes a double that is not finite, as a string.
char const* special_name(double value);
char* write_shortest(char* out, double value);
char* write_shortest(char* out, float value);
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

  std::string text() const { return std::string(data_, cursor_); }
  bool wrote_invalid_utf8() const { return invalid_utf8_; }

  // Out of line: each config's writer is then a short list of calls, which keeps the
  // compile time of units that dump many configs low, at about a nanosecond a value.
  void begin_object();
  void end_object();
  void begin_array(bool scalars);
  void end_array();
  void key(std::string_view name);
  /// A described field's name: a C++ identifier, which never needs escaping. It is written
  /// with the value that follows, in one call.
  void field(std::string_view name) { field_ = name; }
  void null();
  void boolean(bool b);
  void integer(std::int64_t i);
  void unsigned_integer(std::uint64_t u);
  void floating(double d);
  void floating(float f);
  void string(std::string_view s);
  /// A whole list of integers in one call, the commonest list in configs (depths,
  /// channels, strides): a tight loop instead of a call, a comma and a check an element.
  void integers(int const* values, std::size_t count);
  void integers(std::int64_t const* values, std::size_t count);

 private:
  template <class I> void write_integers(I const* values, std::size_t count);
  // Each call reads the cursor once and stores it once: a chain of stores and loads of one
  // member, call after call, was most of a dump's time. The helpers below are inlined into
  // every writer call (text_writer.cpp) whatever GCC's size estimate says: called instead,
  // they cost 8% of a dump's instructions.
  [[gnu::always_inline]] char* room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - cursor_) < n) grow(n);
    return cursor_;
  }
  void grow(std::size_t n);
  // Where an array element or object member starts, after its separator, with room for n
  // more bytes.
  [[gnu::always_inline]] char* item(std::size_t n) {
    if (indent_ > 0) return separate_pretty(), room(n);
    char* p = room(n + 1);
    *p = ',';
    p += need_comma_;
    need_comma_ = true;
    return p;
  }
  // Where a value starts, with room for n bytes: after its field's name, right after its
  // key, or as an item.
  [[gnu::always_inline]] char* value_start(std::size_t n) {
    if (field_.data()) return after_field(n);
    if (!after_key_) return item(n);
    after_key_ = false;
    return room(n);
  }
  [[gnu::always_inline]] char* after_field(std::size_t n) {
    char* p = item(field_.size() + 4 + n);
    *p++ = '"';
    p = copy_name(p, field_);
    field_ = {};
    return end_key(p);
  }
  // Field names are short: two overlapping fixed-size moves each, not a call to memcpy.
  [[gnu::always_inline]] static char* copy_name(char* out, std::string_view name) {
    char const* in = name.data();
    std::size_t const n = name.size();
    if (n > 16 && n <= 32) {
      std::memcpy(out, in, 16);
      std::memcpy(out + n - 16, in + n - 16, 16);
    } else if (n >= 8 && n <= 16) {
      std::memcpy(out, in, 8);
      std::memcpy(out + n - 8, in + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(out, in, 4);
      std::memcpy(out + n - 4, in + n - 4, 4);
    } else {
      std::memcpy(out, in, n);
    }
    return out + n;
  }
  void put(char c) { *room(1) = c, ++cursor_; }
  // After a key's text: its closing quote and colon.
  char* end_key(char* p) {
    *p++ = '"';
    *p++ = ':';
    if (indent_ > 0) *p++ = ' ';
    return p;
  }
  void close_key(char* p) {
    cursor_ = end_key(p);
    after_key_ = true;
  }
  void separate_pretty();
  void open(char bracket, bool inline_items);
  void close(char bracket);
  // Pretty output is the rare case: its layout stays out of line.
  void close_pretty();
  void newline();

  char* data_;
  char* cursor_;
  char* end_;
  std::string_view field_;  // the name of the field whose value comes next
  int indent_;
  int depth_ = 0;
  int inline_depth_ = 0;
  bool need_comma_ = false;
  bool after_key_ = false;
  bool invalid_utf8_ = false;
};

}  // namespace glasses::detail

#endif
