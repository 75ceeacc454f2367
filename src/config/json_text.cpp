#include <glasses/config/json_write.hpp>
#include <glasses/config/print.hpp>

#include <charconv>
#include <cmath>

namespace glasses::detail {
namespace {

bool is_special(double value) { return !std::isfinite(value); }

char const* special_name(double value) {
  if (std::isnan(value)) return "nan";
  return value > 0 ? "inf" : "-inf";
}

template <class F> void append_shortest(std::string& out, F value) {
  char buffer[32];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out.append(buffer, end);
  // "-0" would read back as the integer 0 and lose its sign.
  if (value == 0 && std::signbit(value)) out += ".0";
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    out += '\\';
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\n': out += 'n'; break;
      case '\t': out += 't'; break;
      case '\r': out += 'r'; break;
      case '\b': out += 'b'; break;
      case '\f': out += 'f'; break;
      default:
        out += "u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(text.data() + run, text.size() - run);
}

void append_double(std::string& out, double value) {
  if (is_special(value)) {
    out += '"';
    out += special_name(value);
    out += '"';
  } else {
    append_shortest(out, value);
  }
}

void append_float(std::string& out, float value) {
  if (is_special(value)) append_double(out, value);
  else append_shortest(out, value);
}

void print_double(std::string& out, double value) {
  if (is_special(value)) out += special_name(value);
  else append_shortest(out, value);
}

void print_float(std::string& out, float value) {
  if (is_special(value)) out += special_name(value);
  else append_shortest(out, value);
}

void print_map_key(std::string& out, std::string_view key) {
  out += '"';
  append_escaped(out, key);
  out += '"';
}

// JSON has no infinities or NaN: they are the strings "inf", "-inf" and "nan", as in text.
void json_value_writer::floating(double d) {
  if (is_special(d)) place() = special_name(d);
  else place() = d;
}

boost::json::value& json_value_writer::place() {
  if (stack_.empty()) return root_;
  boost::json::value& top = *stack_.back();
  if (top.is_object()) return top.as_object()[key_];
  return top.as_array().emplace_back(nullptr);
}

}  // namespace glasses::detail
