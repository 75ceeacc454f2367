#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/error.hpp>
#include <glasses/config/print.hpp>

#include <cmath>

namespace glasses::detail {
namespace {

template <class F> void print_number(std::string& out, F value) {
  if (!std::isfinite(value)) {
    out += special_name(value);
    return;
  }
  char buffer[number_room];
  out.append(buffer, write_shortest(buffer, value));
}

}  // namespace

void printer::finish() {
  if (pending_doc_.empty()) return;
  out_ += "  # ";
  out_ += pending_doc_;
  pending_doc_ = {};
}

void printer::line(std::string_view label) {
  finish();
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

void printer::field(std::string_view name, bool own_lines, std::string_view doc) {
  if (tree_) {
    line(name);
    if (docs_) pending_doc_ = doc;
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
  append_escaped_visibly(out_, key);
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
  append_escaped_visibly(out_, value);
  out_ += '"';
}

}  // namespace glasses::detail
