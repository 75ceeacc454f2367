// Block YAML from a config's canonical JSON text (dump): the text is read again with
// Boost.JSON's basic_parser into a flat list of values and written out, numbers as dump
// wrote them, each field's doc as a comment above it (yaml_write_docs.hpp finds the docs).
#include "yaml_parts.hpp"
#include "yaml_write_docs.hpp"

#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/yaml.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace glasses::detail {
namespace {

using namespace yaml_scalar;

using error_code = boost::json::error_code;
using json_string_view = boost::json::string_view;

struct json_item {
  enum class type : unsigned char { object, array, string, literal };
  type what;
  std::size_t text = 0;  // a string's content or a literal (number, true, false, null) in `texts`
  std::size_t size = 0;
  std::size_t end = 0;   // an object or array: the index after its last item
};

// Objects hold their keys as string items, each followed by its value.
struct json_items_handler {
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  std::vector<json_item> items;
  std::string texts;
  std::size_t start = 0;  // where the text of the value being read starts
  std::vector<std::size_t> open;

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_comment_part(json_string_view, error_code&) { return true; }
  bool on_comment(json_string_view, error_code&) { return true; }
  bool on_object_begin(error_code&) { return begin(json_item::type::object); }
  bool on_object_end(std::size_t, error_code&) { return end(); }
  bool on_array_begin(error_code&) { return begin(json_item::type::array); }
  bool on_array_end(std::size_t, error_code&) { return end(); }
  bool on_string_part(json_string_view s, std::size_t, error_code&) { return part(s); }
  bool on_key_part(json_string_view s, std::size_t, error_code&) { return part(s); }
  bool on_number_part(json_string_view s, error_code&) { return part(s); }
  bool on_string(json_string_view s, std::size_t, error_code&) { return item(json_item::type::string, s); }
  bool on_key(json_string_view s, std::size_t, error_code&) { return item(json_item::type::string, s); }
  bool on_int64(std::int64_t, json_string_view s, error_code&) { return item(json_item::type::literal, s); }
  bool on_uint64(std::uint64_t, json_string_view s, error_code&) { return item(json_item::type::literal, s); }
  bool on_double(double, json_string_view s, error_code&) { return item(json_item::type::literal, s); }
  bool on_bool(bool b, error_code&) { return item(json_item::type::literal, b ? "true" : "false"); }
  bool on_null(error_code&) { return item(json_item::type::literal, "null"); }

  bool part(json_string_view s) { return texts.append(s.data(), s.size()), true; }
  bool item(json_item::type what, json_string_view last) {
    texts.append(last.data(), last.size());
    items.push_back({what, start, texts.size() - start, 0});
    start = texts.size();
    return true;
  }
  bool begin(json_item::type what) {
    open.push_back(items.size());
    items.push_back({what, 0, 0, 0});
    return true;
  }
  bool end() {
    items[open.back()].end = items.size();
    open.pop_back();
    return true;
  }
};

class yaml_writer {
 public:
  yaml_writer(json_items_handler const& json) : items_(json.items), texts_(json.texts) {}

  std::string write(docs_cursor docs) {
    json_item const& root = items_[0];
    if (is_container(root) && !is_empty(0)) block(0, 0, docs, {});
    else inline_value(0), out_ += '\n';
    return std::move(out_);
  }

 private:
  bool is_container(json_item const& i) const {
    return i.what == json_item::type::object || i.what == json_item::type::array;
  }
  bool is_empty(std::size_t i) const { return items_[i].end == i + 1; }
  std::size_t after(std::size_t i) const { return is_container(items_[i]) ? items_[i].end : i + 1; }
  std::string_view text(std::size_t i) const { return std::string_view(texts_).substr(items_[i].text, items_[i].size); }

  // Written on the line of its key or dash: scalars, empty containers, lists of scalars.
  bool is_inline(std::size_t i) const {
    json_item const& item = items_[i];
    if (!is_container(item) || is_empty(i)) return true;
    if (item.what == json_item::type::object) return false;
    for (std::size_t e = i + 1; e != item.end; e = after(e))
      if (is_container(items_[e])) return false;
    return true;
  }

  // An object's "type", which dump writes first, or nothing.
  std::string_view type_of(std::size_t object) const {
    if (items_[object].end != object + 1 && text(object + 1) == "type" &&
        items_[object + 2].what == json_item::type::string)
      return text(object + 2);
    return {};
  }

  void scalar(std::size_t i) {
    if (items_[i].what == json_item::type::literal) literal(text(i));
    else if (plain_is_safe(text(i))) out_ += text(i);
    else append_quoted(out_, text(i));
  }

  // A number with an exponent gets a dot, 3.0e-04 for 3e-04: YAML 1.1 readers (PyYAML) read
  // a float only with one, and take 3e-04 for a string. YAML 1.2 reads both alike.
  void literal(std::string_view text) {
    bool const is_number = !text.empty() && (text.front() == '-' || (text.front() >= '0' && text.front() <= '9'));
    std::size_t const exponent = text.find_first_of("eE");
    if (!is_number || exponent == std::string_view::npos || text.find('.') != std::string_view::npos) {
      out_ += text;  // true, false, null, an integer, or a number that has its dot
      return;
    }
    out_.append(text.substr(0, exponent)).append(".0").append(text.substr(exponent));
  }

  void inline_value(std::size_t i) {
    json_item const& item = items_[i];
    if (!is_container(item)) return scalar(i);
    if (item.what == json_item::type::object) {
      out_ += "{}";
      return;
    }
    out_ += '[';
    for (std::size_t e = i + 1; e != item.end; e = after(e)) {
      if (e != i + 1) out_ += ", ";
      scalar(e);
    }
    out_ += ']';
  }

  void indent(std::size_t n) { out_.append(n, ' '); }

  static constexpr std::size_t max_implicit_key = 1000;  // bytes, so fewer characters

  void comment(std::string_view doc, std::size_t column) {
    if (doc.empty()) return;
    indent(column);
    out_ += "# ";
    out_ += doc;
    out_ += '\n';
  }

  // A non-empty object or array as lines at `column`; `first_line` starts the first line in
  // place of the indentation (a list item's "- "), its comment going above it.
  void block(std::size_t i, std::size_t column, docs_cursor docs, std::string_view first_line) {
    json_item const& item = items_[i];
    bool first = true;
    auto start_line = [&] {
      if (first && !first_line.empty()) out_ += first_line;
      else indent(column);
      first = false;
    };
    if (item.what == json_item::type::array) {
      docs_cursor const element = finder_.element_docs(docs);
      for (std::size_t e = i + 1; e != item.end; e = after(e)) {
        if (is_inline(e) || items_[e].what == json_item::type::array) {
          start_line();
          out_ += is_inline(e) ? "- " : "-\n";
          if (is_inline(e)) inline_value(e), out_ += '\n';
          else block(e, column + 2, element, {});
        } else {
          std::string dash;
          if (first && !first_line.empty()) dash = first_line;
          else dash.assign(column, ' ');
          first = false;
          dash += "- ";
          block(e, column + 2, element, dash);
        }
      }
      return;
    }
    docs_cursor const record = finder_.record_docs(docs, type_of(i));
    for (std::size_t key = i + 1; key != item.end; key = after(key + 1)) {
      auto [doc, value_docs] = finder_.field_docs(record, text(key));
      std::size_t const value = key + 1;
      comment(doc, first && !first_line.empty() ? column - 2 : column);
      start_line();
      std::size_t const key_start = out_.size();
      scalar(key);
      // YAML lets a reader refuse an implicit key longer than 1024 characters (yaml-cpp
      // does): a longer one is written as an explicit key, `? key` above `: value`.
      if (out_.size() - key_start > max_implicit_key) {
        out_.insert(key_start, "? ");
        out_ += '\n';
        indent(column);
      }
      out_ += ':';
      if (is_inline(value)) {
        out_ += ' ';
        inline_value(value);
        out_ += '\n';
      } else {
        out_ += '\n';
        block(value, column + 2, value_docs, {});
      }
    }
  }

  std::vector<json_item> const& items_;
  std::string const& texts_;
  std::string out_;
  yaml_docs_finder finder_;
};

}  // namespace

std::string yaml_from_json(std::string_view json, yaml_docs const* docs) {
  boost::json::parse_options options;
  options.max_depth = json.size();  // as deep as the config is
  boost::json::basic_parser<json_items_handler> parser(options);
  boost::json::error_code ec;
  parser.write_some(false, json.data(), json.size(), ec);  // dump's own text: valid
  return yaml_writer(parser.handler()).write({docs, nullptr});
}

}  // namespace glasses::detail
