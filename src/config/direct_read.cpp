// The tokens of parse's fast path, and the members of a record.
#include <glasses/config/detail/direct_read.hpp>
#include <glasses/config/detail/reader.hpp>

#include <array>
#include <bit>
#include <cfloat>
#include <charconv>
#include <cstring>
#include <limits>
#include <type_traits>
#include <system_error>

namespace glasses::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

char const* skip_space(char const* p, char const* end) {
  // Most tokens follow another directly: one comparison tells.
  while (p != end && static_cast<unsigned char>(*p) <= ' ' && is_space(*p)) ++p;
  return p;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char const* skip_digits(char const* p, char const* end) {
  while (p != end && is_digit(*p)) ++p;
  return p;
}

/// The end of the number literal at p, checked against JSON's grammar; null when there is
/// none.
char const* number_end(char const* p, char const* end) {
  if (p != end && *p == '-') ++p;
  if (p == end || !is_digit(*p)) return nullptr;
  p = *p == '0' ? p + 1 : skip_digits(p, end);
  if (p != end && *p == '.') {
    if (++p == end || !is_digit(*p)) return nullptr;
    p = skip_digits(p, end);
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    if (++p != end && (*p == '+' || *p == '-')) ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    p = skip_digits(p, end);
  }
  return p;
}

// Powers of ten that F holds exactly.
template <class F> constexpr auto exact_powers_of_ten = [] {
  std::array<F, std::is_same_v<F, double> ? 23 : 11> powers{};
  F power = 1;
  for (F& p : powers) p = power, power *= 10;
  return powers;
}();

/// A decimal whose digits, as an integer, and whose power of ten F both holds exactly: one
/// multiplication or division of the two, correctly rounded, is the nearest F, as from_chars
/// finds it (Clinger's fast path). Needs arithmetic in F's own precision (FLT_EVAL_METHOD 0,
/// as on x86-64 and ARM64). False for other literals: from_chars reads those.
template <class F> bool exact_decimal(char const* p, char const* last, F& out) {
  if constexpr (FLT_EVAL_METHOD != 0) {
    return false;
  } else {
    constexpr std::uint64_t exact_integers = std::uint64_t{1} << std::numeric_limits<F>::digits;
    constexpr int largest_power = static_cast<int>(exact_powers_of_ten<F>.size()) - 1;
    bool const negative = *p == '-';
    p += negative;
    std::uint64_t digits = 0;
    int count = 0, exponent = 0;
    for (; p != last && is_digit(*p); ++p, ++count) digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
    if (p != last && *p == '.')
      for (++p; p != last && is_digit(*p); ++p, ++count, --exponent) digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
    if (p != last) {  // an exponent: e, an optional sign, digits
      bool const below = *++p == '-';
      p += *p == '-' || *p == '+';
      int written = 0;
      for (; p != last && written < 1000; ++p) written = written * 10 + (*p - '0');
      if (p != last) return false;
      exponent += below ? -written : written;
    }
    // Nineteen digits cannot overflow 64 bits.
    if (count > 19 || digits > exact_integers || exponent < -largest_power || exponent > largest_power) return false;
    F const value = exponent < 0 ? static_cast<F>(digits) / exact_powers_of_ten<F>[-exponent]
                                 : static_cast<F>(digits) * exact_powers_of_ten<F>[exponent];
    out = negative ? -value : value;
    return true;
  }
}

template <class F> char const* floating_as(char const* p, direct_text const& t, F& out) {
  p = skip_space(p, t.end);
  char const* last = number_end(p, t.end);
  if (!last) return nullptr;
  if (!exact_decimal(p, last, out)) {
    auto [stop, error] = std::from_chars(p, last, out);
    if (error != std::errc() || stop != last) return nullptr;
  }
  return last;
}

// null, true and false: their first four letters compared as one word, not by a call to memcmp.
template <std::size_t N> char const* literal(char const* p, direct_text const& t, char const (&word)[N]) {
  constexpr std::size_t size = N - 1;
  static_assert(size == 4 || size == 5);
  p = skip_space(p, t.end);
  if (static_cast<std::size_t>(t.end - p) < size) return nullptr;
  std::uint32_t text, expected;
  std::memcpy(&text, p, 4);
  std::memcpy(&expected, word, 4);
  if (text != expected || (size == 5 && p[4] != word[4])) return nullptr;
  return p + size;
}

// Field names are short: compared by two overlapping words rather than by a call to memcmp.
[[gnu::always_inline]] inline bool same_name(std::string_view name, std::string_view key) {
  std::size_t const n = name.size();
  if (n != key.size()) return false;
  auto const same = [&](std::size_t at, auto word) {
    decltype(word) a, b;
    std::memcpy(&a, name.data() + at, sizeof a);
    std::memcpy(&b, key.data() + at, sizeof b);
    return a == b;
  };
  if (n >= 8 && n <= 16) return same(0, std::uint64_t{}) && same(n - 8, std::uint64_t{});
  if (n >= 4 && n < 8) return same(0, std::uint32_t{}) && same(n - 4, std::uint32_t{});
  return name == key;
}

bool fits_64_bits(std::string_view digits) {
  std::uint64_t value = 0;
  for (char d : digits) {
    auto const digit = static_cast<std::uint64_t>(d - '0');
    if (value > (UINT64_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  return true;
}

// Texts glasses writes have every field: then no field is missing, required or not. A
// required key left out is read again by the event reader, which reports it, unless an
// earlier layer set the value.
bool all_required_set(record_info const& record, std::uint64_t seen, void* target) {
  std::uint64_t const every_field = record.size == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << record.size) - 1;
  if (seen == every_field) return true;
  for (std::size_t i = 0; i < record.size; ++i) {
    field_entry const& field = record.fields[i];
    if (field.unset && !(seen & (std::uint64_t{1} << i)) && field.unset(field.address(target))) return false;
  }
  return true;
}

// The colon after a key.
char const* past_colon(char const* p, char const* end) {
  p = skip_space(p, end);
  return p != end && *p == ':' ? p + 1 : nullptr;
}

}  // namespace

char const* direct_space(char const* p, direct_text const& t) { return skip_space(p, t.end); }

char const* direct_expected_key(char const* p, direct_text const& t, std::string_view name) {
  p = skip_space(p, t.end);
  std::size_t const n = name.size();
  if (static_cast<std::size_t>(t.end - p) < n + 2 || *p != '"' || p[n + 1] != '"' ||
      !same_name(name, std::string_view(p + 1, n)))
    return nullptr;
  return past_colon(p + n + 2, t.end);
}

direct_after direct_open(char const* p, direct_text const& t, std::size_t depth, char bracket) {
  p = skip_space(p, t.end);
  if (p == t.end || *p != bracket || depth == t.max_depth) return {nullptr, direct_next::other};
  p = skip_space(p + 1, t.end);
  char const closing = bracket == '{' ? '}' : ']';
  if (p != t.end && *p == closing) return {p + 1, direct_next::closed};
  return {p, direct_next::item};
}

direct_after direct_after_item(char const* p, direct_text const& t, char bracket) {
  p = skip_space(p, t.end);
  if (p == t.end) return {nullptr, direct_next::other};
  if (*p == ',') return {p + 1, direct_next::item};
  if (*p == bracket) return {p + 1, direct_next::closed};
  return {nullptr, direct_next::other};
}

char const* direct_string(char const* p, direct_text const& t, std::string_view& out) {
  char const* const end = t.end;
  p = skip_space(p, end);
  if (p == end || *p != '"') return nullptr;
  char const* const first = ++p;
  // Printable ASCII but the quote and the backslash, eight bytes at a time while eight
  // remain: a byte that is anything else sets its high bit in `special`.
  constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  auto const has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    std::uint64_t const special =
        (has_zero(word ^ (ones * '"')) | has_zero(word ^ (ones * '\\')) | ((word - ones * 0x20) & ~word) | word) & highs;
    if (special) {
      if constexpr (std::endian::native == std::endian::little) p += std::countr_zero(special) / 8;
      break;
    }
    p += 8;
  }
  while (p != end && static_cast<unsigned char>(*p) >= 0x20 && static_cast<unsigned char>(*p) < 0x80 && *p != '"' &&
         *p != '\\')
    ++p;
  // Anything but the closing quote, an escape or a byte above 0x7F, is the event reader's.
  if (p == end || *p != '"') return nullptr;
  out = std::string_view(first, static_cast<std::size_t>(p - first));
  return p + 1;
}

char const* direct_key(char const* p, direct_text const& t, std::string_view& out) {
  p = direct_string(p, t, out);
  return p ? past_colon(p, t.end) : nullptr;
}

char const* direct_null(char const* p, direct_text const& t) { return literal(p, t, "null"); }

char const* direct_bool(char const* p, direct_text const& t, bool& out) {
  if (char const* after = literal(p, t, "true")) return out = true, after;
  if (char const* after = literal(p, t, "false")) return out = false, after;
  return nullptr;
}

char const* direct_integer(char const* p, direct_text const& t, std::int64_t low, std::uint64_t high,
                           std::uint64_t& bits) {
  char const* const end = t.end;
  p = skip_space(p, end);
  bool const negative = p != end && *p == '-';
  p += negative;
  char const* const digits = p;
  std::uint64_t magnitude = 0;
  for (; p != end && is_digit(*p); ++p) magnitude = magnitude * 10 + static_cast<std::uint64_t>(*p - '0');
  auto const count = p - digits;
  // At least one digit, no leading zero, and neither a fraction nor an exponent.
  if (count == 0 || (*digits == '0' && count > 1)) return nullptr;
  if (p != end && (*p == '.' || *p == 'e' || *p == 'E')) return nullptr;
  // Nineteen digits cannot overflow 64 bits; more may have.
  if (count > 19 && !fits_64_bits(std::string_view(digits, static_cast<std::size_t>(count)))) return nullptr;
  if (negative) {
    // -0 is the integer 0, as JSON readers have it.
    auto const lowest = static_cast<std::uint64_t>(-(low + 1)) + 1;  // |low|, without overflow
    if (magnitude > lowest) return nullptr;
    bits = 0 - magnitude;
  } else {
    if (magnitude > high) return nullptr;
    bits = magnitude;
  }
  return p;
}

char const* direct_floating(char const* p, direct_text const& t, double& out) { return floating_as(p, t, out); }
char const* direct_floating(char const* p, direct_text const& t, float& out) { return floating_as(p, t, out); }

char const* direct_members(char const* p, direct_text const& t, std::size_t depth, void* target,
                           record_info const& record, bool after_type) {
  std::uint64_t seen = 0;
  direct_after after = after_type ? direct_after_item(p, t, '}') : direct_open(p, t, depth, '{');
  ++depth;
  while (after.next == direct_next::item) {
    p = after.p;
    // Keys mostly come in declaration order, as glasses writes them: the text is compared
    // with the name of the field after the last one read, and only scanned when it differs.
    std::size_t i = static_cast<std::size_t>(std::bit_width(seen));
    std::string_view key;
    // A field's name is a C++ identifier: the text has it as it is.
    if (char const* value = i < record.size ? direct_expected_key(p, t, record.fields[i].name) : nullptr) {
      key = record.fields[i].name;
      p = value;
    } else {
      if (!(p = direct_key(p, t, key))) return nullptr;
      for (i = 0; i < record.size && !same_name(record.fields[i].name, key);) ++i;
    }
    // An unknown key, a former name, a repeated key, or a union's "type" again.
    if (i == record.size || (after_type && key == "type")) return nullptr;
    std::uint64_t const bit = std::uint64_t{1} << i;
    if (seen & bit) return nullptr;
    seen |= bit;
    field_entry const& field = record.fields[i];
    if (!(p = field.ops->read_direct(p, t, depth, field.address(target)))) return nullptr;
    after = direct_after_item(p, t, '}');
  }
  if (after.next != direct_next::closed || !all_required_set(record, seen, target)) return nullptr;
  return after.p;
}

}  // namespace glasses::detail
