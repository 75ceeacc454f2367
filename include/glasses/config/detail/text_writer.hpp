// The JSON text writer behind dump, and the escaping and number formatting it shares with
// printing (src/config/text_writer.cpp).
#ifndef GLASSES_CONFIG_DETAIL_TEXT_WRITER_HPP
#define GLASSES_CONFIG_DETAIL_TEXT_WRITER_HPP


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

/// What a writer puts before a value: nothing (the root, or a map's value after its key),
/// or a comma unless the value comes first in its container, and a described field's name.
/// The walk knows each of them where it stands, so writers keep no state between values;
/// it is two words, passed in registers.
struct lead {
  enum class place : unsigned char { alone, first, next };
  // A described field's name: a C++ identifier, written as is. At least 32 bytes can be
  // read from where it starts (field_names in write_json.hpp), so that the text writer
  // copies it in two fixed-size moves: copies that branch on its length mispredicted, at
  // about 15% of a dump's time.
  char const* name = nullptr;
  std::uint32_t size = 0;
  place at = place::alone;

  static lead field(char const* name, std::size_t size, bool first) {
    return {name, static_cast<std::uint32_t>(size), first ? place::first : place::next};
  }
  static lead element(bool first) { return {nullptr, 0, first ? place::first : place::next}; }
};

/// Writes JSON text into a buffer of its thread that is reused from one dump to the next,
/// so that a dump costs one allocation, of the exact size, whatever sizes came before.
/// Arrays of scalars stay on one line in pretty output.
///
/// Each call takes where to write and returns where it stopped. The position lives in a
/// register from one call to the next: kept in the writer, it was a chain of stores and
/// loads of one member, call after call, at about 6% of a dump's time.
class json_text_writer {
 public:
  using cursor = char*;

  explicit json_text_writer(int indent = 0);
  ~json_text_writer();
  json_text_writer(json_text_writer const&) = delete;
  json_text_writer& operator=(json_text_writer const&) = delete;

  char* start() const noexcept { return data_; }
  std::string text(char const* end) const { return std::string(data_, static_cast<std::size_t>(end - data_)); }
  /// Whether a value JSON cannot carry was met: text that is not UTF-8, or one refused.
  /// The text is then never handed out; json_value_writer finds each such value's path.
  bool refused_a_value() const { return refused_; }

  // Out of line: each config's writer is then a short list of calls, which keeps the
  // compile time of units that dump many configs low, at about a nanosecond a value.
  char* begin_object(char* at, lead before);
  char* end_object(char* at, bool empty);
  char* begin_array(char* at, lead before, bool scalars);
  char* end_array(char* at, bool empty);
  /// A map's key; its value follows with an empty lead.
  char* key(char* at, lead before, std::string_view name);
  char* null(char* at, lead before);
  char* boolean(char* at, lead before, bool b);
  char* integer(char* at, lead before, std::int64_t i);
  char* unsigned_integer(char* at, lead before, std::uint64_t u);
  char* floating(char* at, lead before, double d);
  char* floating(char* at, lead before, float f);
  char* string(char* at, lead before, std::string_view s);
  /// A value that cannot be written, for the reason `problem`.
  char* refuse(char* at, lead, std::string const&) { return refused_ = true, at; }
  /// A whole list of integers in one call, the commonest list in configs (depths,
  /// channels, strides): a tight loop instead of a call, a comma and a check an element.
  char* integers(char* at, lead before, int const* values, std::size_t count);
  char* integers(char* at, lead before, std::int64_t const* values, std::size_t count);

 private:
  template <class I> char* write_integers(char* at, lead before, I const* values, std::size_t count);
  // The helpers below are inlined into every writer call (text_writer.cpp) whatever GCC's
  // size estimate says: called instead, they cost 8% of a dump's instructions.
  [[gnu::always_inline]] char* room(char* at, std::size_t n) {
    if (static_cast<std::size_t>(end_ - at) < n) at = grow(at, n);
    return at;
  }
  char* grow(char* at, std::size_t n);
  // Where a value starts, after what goes before it, with room for n more bytes. Compact
  // text with room to spare, the common case, takes no call, so that the writer calls need
  // not save registers for one.
  [[gnu::always_inline]] char* value_start(char* at, lead before, std::size_t n) {
    if (indent_ > 0 || static_cast<std::size_t>(end_ - at) < before.size + 36 + n) [[unlikely]]
      return value_start_slowly(at, before, n);
    return compact_lead(at, before);
  }
  char* value_start_slowly(char* at, lead before, std::size_t n);
  // A comma unless the value comes first, and a field's name, where 32 + 4 bytes are free: a
  // name's moves write 32 bytes whatever its size.
  [[gnu::always_inline]] static char* compact_lead(char* at, lead before) {
    *at = ',';
    at += before.at == lead::place::next;
    if (!before.name) return at;
    *at++ = '"';
    if (before.size <= 32) {
      std::memcpy(at, before.name, 16);
      std::memcpy(at + 16, before.name + 16, 16);
    } else {
      std::memcpy(at, before.name, before.size);
    }
    at += before.size;
    *at++ = '"';
    *at++ = ':';
    return at;
  }
  // Pretty output is the rare case: its layout stays out of line.
  char* pretty_value_start(char* at, lead before, std::size_t n);
  // Inlined into begin_object, end_object and the others (text_writer.cpp): a second call
  // an object.
  [[gnu::always_inline]] char* open(char* at, lead before, char bracket, bool inline_items);
  [[gnu::always_inline]] char* close(char* at, bool empty, char bracket);
  char* close_slowly(char* at, bool empty, char bracket);
  char* newline(char* at);

  char* data_;
  char* end_;
  int indent_;
  int depth_ = 0;
  int inline_depth_ = 0;
  bool refused_ = false;
};

}  // namespace glasses::detail

#endif
