// Scalars by the YAML 1.2 core schema, read (plain and core-tagged) and written (quoted
// where a reader could take them for another type); see yaml_parts.hpp.
#include "yaml_parts.hpp"

#include <glasses/config/detail/text_writer.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace glasses::detail::yaml_scalar {

std::string tag_text(std::string const& tag) {
  if (tag.starts_with(core_tag_prefix)) return "!!" + tag.substr(core_tag_prefix.size());
  return tag;
}

bool is_null_word(std::string_view v) { return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL"; }

bool read_bool(std::string_view v, scalar_event& e) {
  if (v == "true" || v == "True" || v == "TRUE") e.boolean = true;
  else if (v == "false" || v == "False" || v == "FALSE") e.boolean = false;
  else return false;
  e.kind = scalar_event::type::boolean;
  return true;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/// Whether `v` is not empty and each of its characters passes `test` (all_of, without a
/// search for each character).
template <class Test> bool all(std::string_view v, Test test) {
  if (v.empty()) return false;
  for (char c : v)
    if (!test(c)) return false;
  return true;
}

}  // namespace

// The core schema's integers: decimal (a sign allowed), 0o octal and 0x hexadecimal. A
// decimal with a leading zero is left out: YAML 1.1 reads 010 as 8, YAML 1.2 as 10.
number_form read_integer(std::string_view v, std::string& literal, scalar_event& e) {
  int base = 10;
  std::string_view digits = v;
  if (v.starts_with("0o") && all(v.substr(2), is_octal)) base = 8, digits = v.substr(2);
  else if (v.starts_with("0x") && all(v.substr(2), is_hex)) base = 16, digits = v.substr(2);
  bool const negative = base == 10 && v.starts_with('-');
  if (base == 10 && (v.starts_with('-') || v.starts_with('+'))) digits = v.substr(1);
  if (base == 10 && !all(digits, is_digit)) return number_form::none;
  if (base == 10 && digits.size() > 1 && digits[0] == '0') return number_form::leading_zero;
  std::uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  bool const fits = ec == std::errc() && (!negative || magnitude <= std::uint64_t(1) << 63);
  if (!fits && base != 10) return number_form::too_large;
  // The JSON reader's literal: no '+'; octal and hexadecimal have none, and show as decimal.
  literal.clear();
  if (base == 10) literal.append(negative ? "-" : "").append(digits);
  if (!fits) {  // as Boost.JSON does with an integer beyond 64 bits: a double
    e.kind = scalar_event::type::floating;
    std::from_chars(literal.data(), literal.data() + literal.size(), e.floating);
  } else if (negative) {
    e.kind = scalar_event::type::int64;
    e.int64 = static_cast<std::int64_t>(0 - magnitude);
  } else if (magnitude <= std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
    e.kind = scalar_event::type::int64;
    e.int64 = static_cast<std::int64_t>(magnitude);
  } else {
    e.kind = scalar_event::type::uint64;
    e.uint64 = magnitude;
  }
  return number_form::number;
}

// The core schema's floats: [-+]?(.digits|digits(.digits?)?)([eE][-+]?digits)?, .inf, .nan.
bool read_float(std::string_view v, std::string& literal, scalar_event& e) {
  std::string_view body = v;
  std::string sign;
  if (body.starts_with('-') || body.starts_with('+')) sign = body[0] == '-' ? "-" : "", body.remove_prefix(1);
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    literal = sign + "inf";
  } else if (v == ".nan" || v == ".NaN" || v == ".NAN") {
    literal = "nan";
  } else {
    std::size_t i = 0, digits = 0;
    auto digit_run = [&] {
      std::size_t start = i;
      while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i;
      return i - start;
    };
    digits += digit_run();
    if (i < body.size() && body[i] == '.') ++i, digits += digit_run();
    if (digits == 0) return false;
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
      ++i;
      if (i < body.size() && (body[i] == '-' || body[i] == '+')) ++i;
      if (digit_run() == 0) return false;
    }
    if (i != body.size()) return false;
    literal.assign(sign).append(body);
  }
  e.kind = scalar_event::type::floating;
  // The reader converts the literal again for a float field; out of range, it says so.
  auto [end, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), e.floating);
  if (ec == std::errc::result_out_of_range) e.floating = sign.empty() ? HUGE_VAL : -HUGE_VAL;
  return true;
}

// Characters that YAML does not allow in its text, or reads as line breaks: written escaped.
bool needs_escape(std::uint32_t c) {
  return c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff || c == 0xfffe ||
         c == 0xffff;
}

// The code point at `text[i]` (valid UTF-8, which dump guarantees) and its length.
std::uint32_t code_point(std::string_view text, std::size_t i, std::size_t& length) {
  auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(text[k])); };
  length = utf8_sequence_length(text, i);
  if (length <= 1) return byte(i);
  std::uint32_t c = byte(i) & (0xff >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) c = c << 6 | (byte(i + k) & 0x3f);
  return c;
}

bool is_word_of_another_type(std::string_view s) {
  // YAML 1.2's null and booleans, and YAML 1.1's, which readers of 1.1 (PyYAML) still use.
  static constexpr std::string_view words[] = {
      "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y", "Y", "yes", "Yes", "YES",
      "n",    "N",    "no",   "No",   "NO",   "on",   "On",    "ON",    "off",   "Off", "OFF"};
  for (std::string_view w : words)
    if (s == w) return true;
  return false;
}

/// Whether `s` reads back as this string when written without quotes, by any YAML reader:
/// words and paths, never anything that looks like a number, a boolean, null or syntax.
bool plain_is_safe(std::string_view s) {
  if (s.empty() || s.back() == ' ' || is_word_of_another_type(s)) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(s[0]) && static_cast<unsigned char>(s[0]) < 0x80) return false;
  for (std::size_t i = 0; i < s.size();) {
    char const c = s[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      std::size_t length = 0;
      if (needs_escape(code_point(s, i, length)) || length == 0) return false;
      i += length;
      continue;
    }
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.' && c != '/' && c != ' ') return false;
    ++i;
  }
  return true;
}

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  std::size_t run = 0;  // the start of text that JSON's escapes cover
  for (std::size_t i = 0; i < s.size();) {
    std::size_t length = 1;
    std::uint32_t const c = static_cast<unsigned char>(s[i]) < 0x7f ? 0 : code_point(s, i, length);
    if (length == 0) length = 1;
    if (needs_escape(c)) {
      append_escaped(out, s.substr(run, i - run));
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
      out += escape;
      run = i + length;
    }
    i += length;
  }
  // JSON's escapes (\", \\, \n, \t, \u0001, ...) are YAML's too.
  append_escaped(out, s.substr(run));
  out += '"';
}

}  // namespace glasses::detail::yaml_scalar
