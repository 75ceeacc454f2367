#include <glasses/config/json_write.hpp>
#include <glasses/config/print.hpp>

#include <charconv>
#include <cmath>

namespace glasses::detail {
namespace {

char const* special_name(double value) {
  if (std::isnan(value)) return "nan";
  return value > 0 ? "inf" : "-inf";
}

template <class F> char* shortest(char* out, F value) {
  char* end = std::to_chars(out, out + 32, value).ptr;
  // "-0" would read back as the integer 0 and lose its sign.
  if (value == 0 && std::signbit(value)) *end++ = '.', *end++ = '0';
  return end;
}

template <class F> void print_number(std::string& out, F value) {
  if (!std::isfinite(value)) {
    out += special_name(value);
    return;
  }
  char buffer[32];
  out.append(buffer, shortest(buffer, value));
}

}  // namespace

char* write_escaped(char* out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
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

char* write_shortest(char* out, double value) { return shortest(out, value); }
char* write_shortest(char* out, float value) { return shortest(out, value); }

void json_text_writer::separate_pretty() {
  if (need_comma_) put(',');
  if (depth_ > 0) {
    if (inline_depth_ == 0) newline();
    else if (need_comma_) put(' ');
  }
  need_comma_ = true;
}

void json_text_writer::close_pretty() {
  if (inline_depth_ > 0) --inline_depth_;
  else if (need_comma_) newline();  // a comma was due: the container is not empty
}

void json_text_writer::newline() {
  std::size_t n = static_cast<std::size_t>(depth_ * indent_);
  char* p = room(n + 1);
  *p++ = '\n';
  std::memset(p, ' ', n);
  commit(p + n);
}

void append_escaped(std::string& out, std::string_view text) {
  std::size_t size = out.size();
  out.resize(size + 6 * text.size());
  out.resize(static_cast<std::size_t>(write_escaped(out.data() + size, text) - out.data()));
}

void printer::line(std::string_view label) {
  out_ += '\n';
  out_.append(static_cast<std::size_t>(2 * depth_), ' ');
  out_ += label;
}

void printer::begin_record(std::string_view type) {
  out_ += type;
  if (tree_) ++depth_;
  else out_ += '(';
  first_ = true;
}

void printer::field(std::string_view name, bool own_lines) {
  if (tree_) {
    line(name);
    out_ += own_lines ? ":" : ": ";
  } else {
    if (!first_) out_ += ", ";
    out_ += name;
    out_ += '=';
  }
  first_ = false;
}

void printer::end_record() {
  if (tree_) --depth_;
  else out_ += ')';
  first_ = false;
}

void printer::begin_list(bool is_map, bool own_lines, bool empty) {
  if (tree_ && own_lines) {
    if (empty) out_ += is_map ? " {}" : " []";
    ++depth_;
  } else {
    out_ += is_map ? '{' : '[';
  }
  first_ = true;
}

void printer::element(std::size_t index, bool own_lines) {
  if (tree_ && own_lines) {
    // A list of records in the tree form: each element gets a labelled line.
    line("[");
    out_ += std::to_string(index);
    out_ += "]: ";
    return;
  }
  if (!first_) out_ += ", ";
  first_ = false;
}

void printer::entry(std::string_view key, bool own_lines) {
  if (tree_ && own_lines) {
    line("\"");
  } else {
    if (!first_) out_ += ", ";
    first_ = false;
    out_ += '"';
  }
  append_escaped(out_, key);
  out_ += "\": ";
}

void printer::end_list(bool is_map, bool own_lines) {
  if (tree_ && own_lines) --depth_;
  else out_ += is_map ? '}' : ']';
  first_ = false;
}

void printer::integer(std::int64_t value) { out_ += std::to_string(value); }
void printer::unsigned_integer(std::uint64_t value) { out_ += std::to_string(value); }
void printer::floating(double value) { print_number(out_, value); }
void printer::floating(float value) { print_number(out_, value); }

void printer::string(std::string_view value) {
  out_ += '"';
  append_escaped(out_, value);
  out_ += '"';
}

// JSON has no infinities or NaN: they are the strings "inf", "-inf" and "nan", as in text.
void json_value_writer::floating(double d) {
  if (std::isfinite(d)) place() = d;
  else place() = special_name(d);
}

boost::json::value& json_value_writer::place() {
  if (stack_.empty()) return root_;
  boost::json::value& top = *stack_.back();
  if (top.is_object()) return top.as_object()[key_];
  return top.as_array().emplace_back(nullptr);
}

}  // namespace glasses::detail
