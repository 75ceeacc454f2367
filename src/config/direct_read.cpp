// The tokens of parse's fast path, and the members of a record. Each function works on a
// copy of the position and stores it once: through the cursor, it would be stored and
// loaded again for every character.
#include <glasses/config/detail/direct_read.hpp>
#include <glasses/config/detail/reader.hpp>

#include <bit>
#include <charconv>
#include <cstring>
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

template <class F> bool floating_as(direct_cursor& c, F& out) {
  char const* first = skip_space(c.p, c.end);
  char const* last = number_end(first, c.end);
  if (!last) return false;
  auto [stop, error] = std::from_chars(first, last, out);
  if (error != std::errc() || stop != last) return false;
  c.p = last;
  return true;
}

bool literal(direct_cursor& c, std::string_view word) {
  char const* p = skip_space(c.p, c.end);
  if (static_cast<std::size_t>(c.end - p) < word.size() || std::string_view(p, word.size()) != word) return false;
  c.p = p + word.size();
  return true;
}

// Field names are short: compared by two overlapping words rather than by a call to memcmp.
bool same_name(std::string_view name, std::string_view key) {
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

bool all_required_seen(record_info const& record, std::uint64_t seen) {
  for (std::size_t i = 0; i < record.size; ++i)
    if (record.fields[i].required && !(seen & (std::uint64_t{1} << i))) return false;
  return true;
}

}  // namespace

bool direct_expected_key(direct_cursor& c, std::string_view name) {
  char const* p = skip_space(c.p, c.end);
  std::size_t const n = name.size();
  if (static_cast<std::size_t>(c.end - p) < n + 2 || *p != '"' || p[n + 1] != '"' ||
      !same_name(name, std::string_view(p + 1, n)))
    return false;
  p = skip_space(p + n + 2, c.end);
  if (p == c.end || *p != ':') return false;
  c.p = p + 1;
  return true;
}

char direct_peek(direct_cursor& c) {
  c.p = skip_space(c.p, c.end);
  return c.p == c.end ? '\0' : *c.p;
}

bool direct_open(direct_cursor& c, char bracket) {
  char const* p = skip_space(c.p, c.end);
  if (p == c.end || *p != bracket || c.depth == c.max_depth) return false;
  c.p = p + 1;
  ++c.depth;
  return true;
}

bool direct_close_empty(direct_cursor& c, char bracket) {
  char const* p = skip_space(c.p, c.end);
  if (p == c.end || *p != bracket) return false;
  c.p = p + 1;
  --c.depth;
  return true;
}

direct_next direct_after_item(direct_cursor& c, char bracket) {
  char const* p = skip_space(c.p, c.end);
  if (p == c.end) return direct_next::other;
  c.p = p + 1;
  if (*p == ',') return direct_next::item;
  if (*p != bracket) return direct_next::other;
  --c.depth;
  return direct_next::closed;
}

bool direct_string(direct_cursor& c, std::string_view& out) {
  char const* p = skip_space(c.p, c.end);
  char const* const end = c.end;
  if (p == end || *p != '"') return false;
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
  if (p == end || *p != '"') return false;
  out = std::string_view(first, static_cast<std::size_t>(p - first));
  c.p = p + 1;
  return true;
}

bool direct_key(direct_cursor& c, std::string_view& out) {
  if (!direct_string(c, out)) return false;
  char const* p = skip_space(c.p, c.end);
  if (p == c.end || *p != ':') return false;
  c.p = p + 1;
  return true;
}

bool direct_null(direct_cursor& c) { return literal(c, "null"); }

bool direct_bool(direct_cursor& c, bool& out) {
  if (literal(c, "true")) return out = true, true;
  if (literal(c, "false")) return out = false, true;
  return false;
}

bool direct_integer(direct_cursor& c, std::int64_t low, std::uint64_t high, std::uint64_t& bits) {
  char const* p = skip_space(c.p, c.end);
  char const* const end = c.end;
  bool const negative = p != end && *p == '-';
  p += negative;
  char const* const digits = p;
  std::uint64_t magnitude = 0;
  for (; p != end && is_digit(*p); ++p) magnitude = magnitude * 10 + static_cast<std::uint64_t>(*p - '0');
  auto const count = p - digits;
  // At least one digit, no leading zero, and neither a fraction nor an exponent.
  if (count == 0 || (*digits == '0' && count > 1)) return false;
  if (p != end && (*p == '.' || *p == 'e' || *p == 'E')) return false;
  // Nineteen digits cannot overflow 64 bits; more may have.
  if (count > 19 && !fits_64_bits(std::string_view(digits, static_cast<std::size_t>(count)))) return false;
  if (negative) {
    // -0 is the integer 0, as JSON readers have it.
    auto const lowest = static_cast<std::uint64_t>(-(low + 1)) + 1;  // |low|, without overflow
    if (magnitude > lowest) return false;
    bits = 0 - magnitude;
  } else {
    if (magnitude > high) return false;
    bits = magnitude;
  }
  c.p = p;
  return true;
}

bool direct_floating(direct_cursor& c, double& out) { return floating_as(c, out); }
bool direct_floating(direct_cursor& c, float& out) { return floating_as(c, out); }

bool direct_members(direct_cursor& c, void* target, record_info const& record, bool after_type) {
  std::uint64_t seen = 0;
  direct_next next = direct_next::item;
  if (after_type) next = direct_after_item(c, '}');
  else if (direct_close_empty(c, '}')) next = direct_next::closed;
  while (next == direct_next::item) {
    // Keys mostly come in declaration order, as glasses writes them: the text is compared
    // with the name of the field after the last one read, and only scanned when it differs.
    std::size_t i = static_cast<std::size_t>(std::bit_width(seen));
    std::string_view key;
    // A field's name is a C++ identifier: the text has it as it is.
    if (i < record.size && direct_expected_key(c, record.fields[i].name)) {
      key = record.fields[i].name;
    } else {
      if (!direct_key(c, key)) return false;
      for (i = 0; i < record.size && !same_name(record.fields[i].name, key);) ++i;
    }
    // An unknown key, a former name, a repeated key, or a union's "type" again.
    if (i == record.size || (after_type && key == "type")) return false;
    std::uint64_t const bit = std::uint64_t{1} << i;
    if (seen & bit) return false;
    seen |= bit;
    field_entry const& field = record.fields[i];
    if (!field.ops->read_direct(c, field.address(target))) return false;
    next = direct_after_item(c, '}');
  }
  return next == direct_next::closed && all_required_seen(record, seen);
}

}  // namespace glasses::detail
