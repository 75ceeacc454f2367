#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/error.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>

namespace glasses::detail {
namespace {

constexpr double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// "00" to "99": two digits a step.
constexpr auto digit_pairs = [] {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) pairs[2 * i] = static_cast<char>('0' + i / 10), pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  return pairs;
}();

// Integers in configs are nearly all below 10,000 (depths, widths, classes, seeds are the
// exceptions): those take a comparison or two and at most two pair copies, where
// std::to_chars first counts the digits in a loop.
[[gnu::always_inline]] inline char* write_unsigned(char* out, std::uint64_t value) {
  if (value < 100) {
    if (value < 10) return *out = static_cast<char>('0' + value), out + 1;
    std::memcpy(out, &digit_pairs[2 * value], 2);
    return out + 2;
  }
  if (value < 10'000) {
    auto const high = value / 100, low = value % 100;
    if (high < 10) *out++ = static_cast<char>('0' + high);
    else std::memcpy(out, &digit_pairs[2 * high], 2), out += 2;
    std::memcpy(out, &digit_pairs[2 * low], 2);
    return out + 2;
  }
  return std::to_chars(out, out + 20, value).ptr;
}

[[gnu::always_inline]] inline char* write_signed(char* out, std::int64_t value) {
  if (value >= 0) return write_unsigned(out, static_cast<std::uint64_t>(value));
  *out++ = '-';
  return write_unsigned(out, ~static_cast<std::uint64_t>(value) + 1);  // also for the lowest value
}

// `digits` (below 10^15, no trailing zero) times 10^exponent as to_chars writes it: fixed
// notation unless scientific is shorter, and the exponent with at least two digits. The
// digits go in 16-byte moves, past what is kept: `out` has number_room bytes.
char* write_decimal(char* out, std::uint64_t digits, int exponent) {
  char text[32] = {};  // the digits, and room for a 16-byte move from any of them
  int const count = static_cast<int>(write_unsigned(text, digits) - text);
  int const point = count + exponent;  // digits before the decimal point
  int const fixed = point >= count ? point : point > 0 ? count + 1 : 2 - point + count;
  int const scientific_exponent = point - 1;
  int const exponent_digits = std::abs(scientific_exponent) >= 100 ? 3 : 2;
  int const scientific = count + (count > 1) + 2 + exponent_digits;
  if (fixed <= scientific) {
    // Fixed is chosen only while it is short: at most 5 zeros after the digits, 3 before.
    if (point >= count) {
      std::memcpy(out, text, 16);
      std::memset(out + count, '0', 8);
      return out + point;
    }
    if (point > 0) {
      std::memcpy(out, text, 16);
      out[point] = '.';
      std::memcpy(out + point + 1, text + point, 16);
      return out + count + 1;
    }
    std::memcpy(out, "0.000000", 8);
    std::memcpy(out + 2 - point, text, 16);
    return out + 2 - point + count;
  }
  *out++ = text[0];
  if (count > 1) {
    *out++ = '.';
    std::memcpy(out, text + 1, 16);
    out += count - 1;
  }
  *out++ = 'e', *out++ = scientific_exponent < 0 ? '-' : '+';
  int const e = std::abs(scientific_exponent);
  if (exponent_digits == 3) *out++ = static_cast<char>('0' + e / 100);
  *out++ = static_cast<char>('0' + e / 10 % 10);
  *out++ = static_cast<char>('0' + e % 10);
  return out;
}

// Most values in configs are short decimals (0.1, 3e-4, 224): found by scaling with a power
// of ten until an integer appears whose quotient by that power gives the value back. Such
// an integer below 10^15 has at most 15 digits, and at most one decimal of 15 digits or
// fewer rounds to a given double (DBL_DIG), so it is the shortest one: the same digits
// std::to_chars finds, at a fraction of its cost. Anything else goes to std::to_chars.
char* write_short_decimal(char* out, double value) {
  double const magnitude = std::abs(value);
  if (!(magnitude >= 1e-300) || magnitude >= 1e15) return nullptr;
  for (int k = 0; k < 23; ++k) {
    double const scaled = magnitude * powers_of_ten[k];
    if (scaled >= 1e15) return nullptr;
    // A conversion, not std::floor, which is a call to libm on x86-64 without SSE4.1.
    auto digits = static_cast<std::uint64_t>(scaled);
    if (static_cast<double>(digits) != scaled || scaled / powers_of_ten[k] != magnitude) continue;
    int exponent = -k;
    while (digits % 10 == 0) digits /= 10, ++exponent;
    if (value < 0) *out++ = '-';
    return write_decimal(out, digits, exponent);
  }
  return nullptr;
}

template <class F> char* shortest(char* out, F value) {
  if constexpr (std::is_same_v<F, double>)
    if (char* end = write_short_decimal(out, value)) return end;
  char* end = std::to_chars(out, out + 32, value).ptr;
  // "-0" would read back as the integer 0 and lose its sign.
  if (value == 0 && std::signbit(value)) *end++ = '.', *end++ = '0';
  return end;
}

}  // namespace

char const* special_name(double value) {
  if (std::isnan(value)) return "nan";
  return value > 0 ? "inf" : "-inf";
}

namespace {

// The bytes a JSON string cannot hold as they are (controls, '"', '\\'), and those that
// begin a multi-byte UTF-8 sequence, which is checked.
constexpr auto needs_care = [] {
  std::array<bool, 256> care{};
  for (int c = 0; c < 256; ++c) care[static_cast<std::size_t>(c)] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
  return care;
}();

}  // namespace

char* write_escaped(char* out, std::string_view text, bool& invalid) {
  static constexpr char hex[] = "0123456789abcdef";
  // Most strings in configs are plain ASCII: found so in one scan and copied in one go.
  std::size_t plain = 0;
  while (plain < text.size() && !needs_care[static_cast<unsigned char>(text[plain])]) ++plain;
  if (plain != 0) std::memcpy(out, text.data(), plain);  // an empty view's data may be null
  out += plain;
  for (std::size_t i = plain; i < text.size(); ++i) {
    char const ch = text[i];
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) invalid = true, length = 1;
      std::memcpy(out, text.data() + i, length);
      out += length;
      i += length - 1;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      *out++ = ch;
      continue;
    }
    *out++ = '\\';
    switch (c) {
      case '"': *out++ = '"'; break;
      case '\\': *out++ = '\\'; break;
      case '\n': *out++ = 'n'; break;
      case '\t': *out++ = 't'; break;
      case '\r': *out++ = 'r'; break;
      case '\b': *out++ = 'b'; break;
      case '\f': *out++ = 'f'; break;
      default:
        *out++ = 'u', *out++ = '0', *out++ = '0';
        *out++ = hex[c >> 4];
        *out++ = hex[c & 15];
    }
  }
  return out;
}

[[gnu::noinline]] char* write_shortest(char* out, double value) { return shortest(out, value); }
[[gnu::noinline]] char* write_shortest(char* out, float value) { return shortest(out, value); }

namespace {

// The thread's buffer for text writers, parked here between dumps. It keeps its memory up
// to a bound, so that neither small dumps after a large one nor the results carry its size.
// A writer takes it when it is parked and makes its own otherwise (a writer inside a writer).
struct scratch_buffer {
  static constexpr std::size_t kept = 256 * 1024;
  std::unique_ptr<char[]> data;
  std::size_t capacity = 0;
};
thread_local scratch_buffer scratch;

}  // namespace

json_text_writer::json_text_writer(int indent) : indent_(indent) {
  std::size_t capacity = 512;
  if (scratch.data) {
    capacity = scratch.capacity;
    data_ = scratch.data.release();
  } else {
    data_ = new char[capacity];
  }
  end_ = data_ + capacity;
}

json_text_writer::~json_text_writer() {
  auto const capacity = static_cast<std::size_t>(end_ - data_);
  if (!scratch.data && capacity <= scratch_buffer::kept) {
    scratch.data.reset(data_);
    scratch.capacity = capacity;
  } else {
    delete[] data_;
  }
}

char* json_text_writer::grow(char* at, std::size_t n) {
  auto const size = static_cast<std::size_t>(at - data_);
  std::size_t const capacity = std::max(2 * static_cast<std::size_t>(end_ - data_), size + n);
  char* data = new char[capacity];
  std::memcpy(data, data_, size);
  delete[] data_;
  data_ = data;
  end_ = data + capacity;
  return data + size;
}

// Compact text needs no depth: only pretty text keeps one.
inline char* json_text_writer::open(char* at, lead before, char bracket, bool inline_items) {
  char* p = value_start(at, before, 1);
  *p++ = bracket;
  if (indent_ > 0) {
    ++depth_;
    if (inline_items || inline_depth_ > 0) ++inline_depth_;
  }
  return p;
}

inline char* json_text_writer::close(char* at, bool empty, char bracket) {
  if (indent_ > 0 || at == end_) [[unlikely]]
    return close_slowly(at, empty, bracket);
  *at = bracket;
  return at + 1;
}

char* json_text_writer::close_slowly(char* at, bool empty, char bracket) {
  if (indent_ > 0) {
    --depth_;
    if (inline_depth_ > 0) --inline_depth_;
    else if (!empty) at = newline(at);
  }
  at = room(at, 1);
  *at++ = bracket;
  return at;
}

char* json_text_writer::begin_object(char* at, lead before) { return open(at, before, '{', false); }
char* json_text_writer::end_object(char* at, bool empty) { return close(at, empty, '}'); }
char* json_text_writer::begin_array(char* at, lead before, bool scalars) {
  return open(at, before, '[', scalars && indent_ > 0);
}
char* json_text_writer::end_array(char* at, bool empty) { return close(at, empty, ']'); }

char* json_text_writer::key(char* at, lead before, std::string_view name) {
  char* p = value_start(at, before, 6 * name.size() + 4);
  *p++ = '"';
  p = write_escaped(p, name, refused_);
  *p++ = '"';
  *p++ = ':';
  if (indent_ > 0) *p++ = ' ';
  return p;
}

namespace {

char* copy(char* out, std::string_view text) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

// JSON has no infinities or NaN: they are the strings "inf", "-inf" and "nan".
char* write_special(char* out, double value) {
  *out++ = '"';
  out = copy(out, special_name(value));
  *out++ = '"';
  return out;
}

}  // namespace

char* json_text_writer::null(char* at, lead before) {
  char* p = value_start(at, before, 4);
  std::memcpy(p, "null", 4);
  return p + 4;
}
char* json_text_writer::boolean(char* at, lead before, bool b) {
  char* p = value_start(at, before, 5);
  std::memcpy(p, b ? "true" : "false", 5);
  return p + 5 - b;
}
char* json_text_writer::integer(char* at, lead before, std::int64_t i) {
  return write_signed(value_start(at, before, 24), i);
}
char* json_text_writer::unsigned_integer(char* at, lead before, std::uint64_t u) {
  return write_unsigned(value_start(at, before, 24), u);
}

// The number is written by a call, not inlined: inlined, its registers are saved on every
// call and a dump took 7% longer.
char* json_text_writer::floating(char* at, lead before, double d) {
  char* p = value_start(at, before, number_room);
  return std::isfinite(d) ? write_shortest(p, d) : write_special(p, d);
}

char* json_text_writer::floating(char* at, lead before, float f) {
  char* p = value_start(at, before, number_room);
  return std::isfinite(f) ? write_shortest(p, f) : write_special(p, f);
}

char* json_text_writer::string(char* at, lead before, std::string_view s) {
  char* p = value_start(at, before, 6 * s.size() + 2);
  *p++ = '"';
  p = write_escaped(p, s, refused_);
  *p++ = '"';
  return p;
}

template <class I> char* json_text_writer::write_integers(char* at, lead before, I const* values, std::size_t count) {
  if (indent_ > 0) {
    at = begin_array(at, before, true);
    for (std::size_t i = 0; i < count; ++i) at = integer(at, lead::element(i == 0), values[i]);
    return end_array(at, count == 0);
  }
  constexpr std::size_t widest = std::numeric_limits<I>::digits10 + 3;  // sign, digits, comma
  char* p = value_start(at, before, count * widest + 2);
  *p++ = '[';
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) *p++ = ',';
    p = write_signed(p, values[i]);
  }
  *p++ = ']';
  return p;
}

char* json_text_writer::integers(char* at, lead before, int const* values, std::size_t count) {
  return write_integers(at, before, values, count);
}
char* json_text_writer::integers(char* at, lead before, std::int64_t const* values, std::size_t count) {
  return write_integers(at, before, values, count);
}

char* json_text_writer::value_start_slowly(char* at, lead before, std::size_t n) {
  if (indent_ > 0) return pretty_value_start(at, before, n);
  return compact_lead(room(at, before.size + 36 + n), before);
}

// Items go on lines of their own, indented by depth, unless they are inside an array of
// scalars: those stay on the array's line, a space after each comma.
char* json_text_writer::pretty_value_start(char* at, lead before, std::size_t n) {
  at = room(at, 2);
  if (before.at == lead::place::next) *at++ = ',';
  if (before.at != lead::place::alone) {
    if (inline_depth_ == 0) at = newline(at);
    else if (before.at == lead::place::next) *at++ = ' ';
  }
  at = room(at, before.size + 5 + n);
  if (!before.name) return at;
  *at++ = '"';
  at = copy(at, {before.name, before.size});
  *at++ = '"';
  *at++ = ':';
  *at++ = ' ';
  return at;
}

char* json_text_writer::newline(char* at) {
  auto const n = static_cast<std::size_t>(depth_ * indent_);
  at = room(at, n + 1);
  *at++ = '\n';
  std::memset(at, ' ', n);
  return at + n;
}

void append_escaped(std::string& out, std::string_view text) {
  std::size_t size = out.size();
  bool invalid = false;  // printing shows what the config holds
  out.resize(size + 6 * text.size());
  out.resize(static_cast<std::size_t>(write_escaped(out.data() + size, text, invalid) - out.data()));
}

}  // namespace glasses::detail
