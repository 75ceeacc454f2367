// Block YAML from a config's canonical JSON text (dump): the text is read again with
// Boost.JSON's basic_parser into a flat list of values and written out, numbers as dump
// wrote them. Docs come from the type's table, and inside a slot from the registered
// schema of the config it holds.
#include "yaml_parts.hpp"

#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/schema.hpp>
#include <glasses/config/yaml.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <cstdio>
#include <deque>
#include <map>

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

/// Where the docs of the value being written are: a compile-time table, or, inside a slot,
/// the JSON Schema of the config it holds; or nowhere.
struct docs_cursor {
  yaml_docs const* table = nullptr;
  boost::json::object const* schema = nullptr;
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

  void scalar(std::size_t i) {
    if (items_[i].what == json_item::type::literal) out_ += text(i);
    else if (plain_is_safe(text(i))) out_ += text(i);
    else append_quoted(out_, text(i));
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
      docs_cursor const element = element_docs(docs);
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
    docs_cursor const record = record_docs(docs, i);
    for (std::size_t key = i + 1; key != item.end; key = after(key + 1)) {
      auto [doc, value_docs] = field_docs(record, text(key));
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

  // Docs: the table until a slot, then the schema of the config in the slot.

  static docs_cursor unwrap(docs_cursor d) {
    while (d.table && d.table->what == yaml_docs::shape::wrapper) d.table = d.table->element;
    while (d.schema) {
      if (auto const* any_of = d.schema->if_contains("anyOf"); any_of && any_of->as_array().size() == 2 &&
                                                                 any_of->as_array()[0].is_object()) {
        d.schema = &any_of->as_array()[0].as_object();  // an optional: the value when there is one
      } else {
        break;
      }
    }
    return d;
  }

  docs_cursor registered(std::string_view name) {
    auto found = schemas_.find(name);
    if (found != schemas_.end()) return {nullptr, found->second};
    config_ops const* ops = find_config(name);
    if (!ops) return {};
    boost::json::value& schema = owned_.emplace_back();
    ops->schema(builder_, schema);
    boost::json::object const* record = schema.is_object() ? &schema.as_object() : nullptr;
    schemas_.emplace(std::string(name), record);
    return {nullptr, record};
  }

  docs_cursor resolve_ref(docs_cursor d) {
    if (!d.schema) return d;
    if (auto const* ref = d.schema->if_contains("$ref"); ref && ref->is_string()) {
      std::string_view path = ref->as_string();
      constexpr std::string_view prefix = "#/$defs/";
      return path.starts_with(prefix) ? registered(path.substr(prefix.size())) : docs_cursor{};
    }
    return d;
  }

  // The docs of an object's entries: a record's fields, or a slot's or variant's content,
  // chosen by the object's "type".
  docs_cursor record_docs(docs_cursor d, std::size_t object) {
    d = resolve_ref(unwrap(d));
    std::string_view type;
    if (items_[object].end != object + 1 && text(object + 1) == "type" &&
        items_[object + 2].what == json_item::type::string)
      type = text(object + 2);
    if (d.table) {
      if (d.table->what == yaml_docs::shape::slot) return registered(type);
      if (d.table->what != yaml_docs::shape::variant) return d;
      for (std::size_t k = 0; k < d.table->size; ++k)
        if (d.table->entries[k].name == type) return {d.table->entries[k].value, nullptr};
      return {};
    }
    if (!d.schema) return d;
    if (auto const* one_of = d.schema->if_contains("oneOf")) {
      for (auto const& alternative : one_of->as_array()) {
        if (!alternative.is_object()) continue;
        docs_cursor const candidate = resolve_ref({nullptr, &alternative.as_object()});
        if (!candidate.schema) continue;
        auto const* properties = candidate.schema->if_contains("properties");
        auto const* own_type = properties && properties->is_object() ? properties->as_object().if_contains("type") : nullptr;
        auto const* name = own_type && own_type->is_object() ? own_type->as_object().if_contains("const") : nullptr;
        if (name && name->is_string() && name->as_string() == type) return candidate;
      }
      return {};
    }
    return d;
  }

  std::pair<std::string_view, docs_cursor> field_docs(docs_cursor d, std::string_view key) {
    if (d.table && d.table->what == yaml_docs::shape::record) {
      for (std::size_t k = 0; k < d.table->size; ++k)
        if (d.table->entries[k].name == key) return {d.table->entries[k].doc, {d.table->entries[k].value, nullptr}};
      return {};
    }
    if (d.table && d.table->what == yaml_docs::shape::container) return {{}, {d.table->element, nullptr}};
    if (!d.schema) return {};
    if (auto const* properties = d.schema->if_contains("properties"); properties && properties->is_object()) {
      auto const* property = properties->as_object().if_contains(key);
      if (!property || !property->is_object()) return {};
      std::string_view doc;
      if (auto const* description = property->as_object().if_contains("description"); description && description->is_string())
        doc = description->as_string();
      return {doc, {nullptr, &property->as_object()}};
    }
    if (auto const* values = d.schema->if_contains("additionalProperties"); values && values->is_object())
      return {{}, {nullptr, &values->as_object()}};
    return {};
  }

  docs_cursor element_docs(docs_cursor d) {
    d = resolve_ref(unwrap(d));
    if (d.table) return d.table->what == yaml_docs::shape::container ? docs_cursor{d.table->element, nullptr} : docs_cursor{};
    if (!d.schema) return d;
    auto const* items = d.schema->if_contains("items");
    return items && items->is_object() ? docs_cursor{nullptr, &items->as_object()} : docs_cursor{};
  }

  std::vector<json_item> const& items_;
  std::string const& texts_;
  std::string out_;
  schema_builder builder_;
  std::deque<boost::json::value> owned_;  // schemas of registered configs, at stable addresses
  std::map<std::string, boost::json::object const*, std::less<>> schemas_;
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
