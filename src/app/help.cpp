// `--help`: the fields of the config, drawn from its JSON Schema, so that what the help
// says is what the schema and the reader check.
#include "layers.hpp"

#include <glasses/config/error.hpp>
#include <glasses/config/json_write.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace glasses::app_detail {
namespace {

namespace json = boost::json;

struct row {
  std::string path;
  std::string type;
  std::string default_value;
  std::string doc;
  std::string renamed_to = {};  // a former name's row, not listed: the path it reads as now
};

// Bounds that only say the width of a 32- or 64-bit integer type are not worth a reader's
// time; an 8- or 16-bit type's are within reach (a uint16_t refuses 70000), and shown.
bool is_type_limit(json::value const& bound) {
  using std::numeric_limits;
  constexpr std::int64_t limits[] = {numeric_limits<std::int32_t>::min(), numeric_limits<std::int32_t>::max(),
                                     numeric_limits<std::uint32_t>::max(), numeric_limits<std::int64_t>::min(),
                                     numeric_limits<std::int64_t>::max()};
  std::int64_t value = 0;
  if (bound.is_uint64()) {
    if (bound.as_uint64() > static_cast<std::uint64_t>(numeric_limits<std::int64_t>::max())) return true;
    value = static_cast<std::int64_t>(bound.as_uint64());
  } else if (bound.is_int64()) {
    value = bound.as_int64();
  } else {
    return false;
  }
  return std::find(std::begin(limits), std::end(limits), value) != std::end(limits);
}

std::string bounds(json::object const& schema) {
  std::string out;
  for (auto [keyword, word] : {std::pair{"minimum", ">= "}, std::pair{"exclusiveMinimum", "> "},
                               std::pair{"maximum", "<= "}, std::pair{"exclusiveMaximum", "< "}})
    if (auto const* bound = schema.if_contains(keyword); bound && !is_type_limit(*bound))
      out += (out.empty() ? " " : ", ") + std::string(word) + dump(*bound);
  return out;
}

// A string's or a list's size bounds: ` (1 to 20 characters)`, ` (3 elements)`.
std::string sizes(json::object const& schema, char const* min, char const* max, std::string_view unit) {
  auto const* low = schema.if_contains(min);
  auto const* high = schema.if_contains(max);
  if (!low && !high) return {};
  std::string out = " (";
  if (low && high && *low == *high) out += dump(*low);
  else if (low && high) out += dump(*low) + " to " + dump(*high);
  else if (low) out += "at least " + dump(*low);
  else out += "at most " + dump(*high);
  bool const one = (high ? *high : *low) == json::value(1);
  return out + " " + std::string(unit.substr(0, unit.size() - one)) + ")";
}

std::string names(json::array const& values) {
  std::string out;
  for (auto const& value : values) out += (out.empty() ? "" : ", ") + dump(value);
  return out;
}

std::string describe(json::object const& schema);

// The alternatives of a slot or variant: the names its bare-name form accepts.
std::string choices(json::array const& alternatives) {
  bool nullable = false;
  std::string listed;
  for (auto const& alternative : alternatives) {
    auto const& object = alternative.as_object();
    if (auto const* values = object.if_contains("enum")) listed = names(values->as_array());
    if (object.contains("type") && object.at("type") == "null") nullable = true;
  }
  return "one of " + listed + (nullable ? " or null" : "");
}

std::string describe(json::object const& schema) {
  if (auto const* alternatives = schema.if_contains("oneOf")) return choices(alternatives->as_array());
  if (auto const* values = schema.if_contains("enum")) return "one of " + names(values->as_array());
  if (auto const* any = schema.if_contains("anyOf")) {
    auto const& parts = any->as_array();
    auto const& first = parts.at(0).as_object();
    if (parts.at(1).as_object().contains("enum")) return "number" + bounds(first);  // a float
    return describe(first) + " or null";
  }
  std::string type = schema.contains("type") ? std::string(schema.at("type").as_string()) : "value";
  if (type == "object" && schema.contains("properties") && schema.contains("title"))
    return std::string(schema.at("title").as_string());  // a record, by its type's name
  // An element that may be null is in parentheses: `list of (integer or null)` is a list.
  auto element = [](json::object const& of) {
    std::string text = describe(of);
    return text.ends_with(" or null") ? "(" + text + ")" : text;
  };
  if (type == "array")
    return "list of " + element(schema.at("items").as_object()) + sizes(schema, "minItems", "maxItems", "elements");
  if (type == "object" && schema.contains("additionalProperties") && schema.at("additionalProperties").is_object())
    return "map of " + element(schema.at("additionalProperties").as_object()) +
           sizes(schema, "minProperties", "maxProperties", "keys");
  // A float bounded both ways is a plain number (nan and the infinities are out of range).
  if (type == "integer" || type == "number") return type + bounds(schema);
  std::string const length = sizes(schema, "minLength", "maxLength", "characters");
  if (auto const* pattern = schema.if_contains("pattern")) return "string matching " + dump(*pattern) + length;
  if (type == "string") return type + length;
  return type;
}

// A schema itself, or the one in $defs that its $ref names.
json::object const& resolved(json::object const& root, json::object const& schema) {
  auto const* ref = schema.if_contains("$ref");
  if (!ref) return schema;
  std::string_view target = ref->as_string();
  return root.at("$defs").at(target.substr(target.rfind('/') + 1)).as_object();
}

// The type name of a slot's or variant's alternative, or empty (null, the empty slot).
std::string_view type_of_alternative(json::object const& alternative) {
  auto const* properties = alternative.if_contains("properties");
  if (!properties || !properties->as_object().contains("type")) return {};
  return properties->as_object().at("type").at("const").as_string();
}

void collect(json::object const& root, json::object const& record, std::string const& prefix, std::vector<row>& rows);

// The fields of each alternative of a slot or variant: the held type's first, then those
// that only the others have, their doc led by the type that has them. A field that another
// type has with another type or default says so in its doc: `(adamw: default 0.001)`.
void collect_alternatives(json::object const& root, json::array const& alternatives, std::string_view held,
                          std::string const& path, std::vector<row>& rows) {
  for (auto const& alternative : alternatives)
    if (auto const& object = resolved(root, alternative.as_object()); type_of_alternative(object) == held && !held.empty())
      collect(root, object, path, rows);
  for (auto const& alternative : alternatives) {
    auto const& object = resolved(root, alternative.as_object());
    std::string_view const type = type_of_alternative(object);
    if (type.empty() || type == held) continue;
    std::vector<row> others;
    collect(root, object, path, others);
    for (auto& other : others) {
      if (!other.renamed_to.empty()) {
        rows.push_back(std::move(other));
        continue;
      }
      if (auto same = std::find_if(rows.begin(), rows.end(), [&](row const& r) { return r.path == other.path; });
          same != rows.end()) {
        if (same->type == other.type && same->default_value == other.default_value) continue;
        std::string note = "(";
        note.append(type).append(": ");
        if (same->type != other.type) note.append(other.type).append(", ");
        note.append(other.default_value.empty() ? "no default" : "default " + other.default_value).append(")");
        same->doc.append(same->doc.empty() ? "" : " ").append(note);
        continue;
      }
      std::string led = "(";
      led.append(type).append(")");
      if (!other.doc.empty()) led.append(" ").append(other.doc);
      other.doc = std::move(led);
      rows.push_back(std::move(other));
    }
  }
}

// The fields of every element of a list or map (`stages[*].depth`, `by_name.*.depth`):
// of a record, or of each type a slot may hold.
void collect_elements(json::object const& root, json::object const& container, std::string const& path,
                      std::vector<row>& rows) {
  json::value const* element = container.if_contains("items");
  std::string element_path = path + "[*]";
  if (!element) {
    element = container.if_contains("additionalProperties");
    element_path = path + ".*";
  }
  if (!element || !element->is_object()) return;
  auto const& schema = resolved(root, element->as_object());
  if (schema.contains("properties")) collect(root, schema, element_path, rows);
  else if (auto const* alternatives = schema.if_contains("oneOf"))
    collect_alternatives(root, alternatives->as_array(), {}, element_path, rows);
  else if (schema.contains("items") || schema.contains("additionalProperties"))
    collect_elements(root, schema, element_path, rows);
}

void collect(json::object const& root, json::object const& record, std::string const& prefix, std::vector<row>& rows) {
  for (auto const& [key, property] : record.at("properties").as_object()) {
    if (key == "type" && !prefix.empty()) continue;  // a slot's own discriminator
    auto const& schema = property.as_object();
    std::string path = prefix;
    detail::append_path_key(path, key);
    if (schema.contains("deprecated")) {  // former names are for old files, and --help PATH
      std::string current = prefix;
      detail::append_path_key(current, record.at("dependentSchemas").at(key).at("not").at("required").at(0).as_string());
      rows.push_back({path, {}, {}, {}, std::move(current)});
      continue;
    }
    std::string doc = schema.contains("description") ? std::string(schema.at("description").as_string()) : "";
    // A glasses::required field, which no default sets: every layer may leave it, but not all.
    if (auto const* required = record.if_contains("required");
        required && std::find(required->as_array().begin(), required->as_array().end(), json::value(key)) !=
                        required->as_array().end())
      doc = doc.empty() ? "(required)" : "(required) " + doc;
    if (schema.contains("properties")) {
      collect(root, schema, path, rows);
      continue;
    }
    std::string default_value;
    json::value const* defaults = schema.if_contains("default");
    if (defaults && !(defaults->is_object() && schema.contains("oneOf"))) default_value = dump(*defaults);
    if (auto const* alternatives = schema.if_contains("oneOf")) {
      std::string held = defaults && defaults->is_object() ? std::string(defaults->at("type").as_string()) : "";
      rows.push_back({path, describe(schema), held.empty() ? "null" : dump(json::value(held)), doc});
      collect_alternatives(root, alternatives->as_array(), held, path, rows);
      continue;
    }
    rows.push_back({path, describe(schema), default_value, doc});
    collect_elements(root, schema, path, rows);
    // An optional record: its fields, set once it holds one.
    if (auto const* any = schema.if_contains("anyOf"))
      if (auto const& first = resolved(root, any->as_array().at(0).as_object()); first.contains("properties"))
        collect(root, first, path, rows);
  }
}

// What the placeholders of element paths stand for, with a path to set as the example.
std::string placeholder_note(std::vector<row> const& rows) {
  auto example = [&](std::string_view placeholder, std::string_view instance) -> std::string {
    for (auto const& r : rows)
      if (std::size_t at = r.path.find(placeholder); at != std::string::npos)
        return std::string(r.path).replace(at, placeholder.size(), instance) + "=VALUE";
    return {};
  };
  std::string const list = example("[*]", "[0]"), map = example(".*", ".NAME");
  if (list.empty() && map.empty()) return {};
  std::string note = "\n";
  if (!list.empty()) note += "PATH[*] is each element of a list";
  if (!map.empty()) note += std::string(list.empty() ? "" : ", ") + "PATH.* each value of a map";
  note += ": set one as " + list + (list.empty() || map.empty() ? "" : " or ") + map + "\n";
  return note;
}

/// A path's steps as written: `.name` (or `name` first), `[3]`, `["a b"]`, `[*]` and `.*`.
std::vector<std::string_view> steps_of(std::string_view path) {
  std::vector<std::string_view> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t end = i + 1;
    if (path.substr(i, 2) == "[\"") {
      for (end = i + 2; end < path.size() && path[end] != '"'; ++end)
        if (path[end] == '\\') ++end;
      end = std::min(path.size(), end + 2);  // the quote and the bracket
    } else if (path[i] == '[') {
      end = std::min(path.size(), path.find(']', i) + 1);
    } else {
      end = std::min(path.find_first_of(".[", i + 1), path.size());
    }
    steps.push_back(path.substr(i, end - i));
    i = end;
  }
  return steps;
}

/// Whether the field path `pattern` (with `[*]` and `.*`) lies within `asked`, a path that
/// names an element or a key (`stages[0]`, `heads.a`), as an override writes them.
bool lies_within(std::string_view pattern, std::string_view asked) {
  std::vector<std::string_view> const fields = steps_of(pattern), steps = steps_of(asked);
  if (steps.size() > fields.size()) return false;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::string_view const field = fields[i], step = steps[i];
    bool const index = step.starts_with('[') && !step.starts_with("[\"");
    bool const key = !index && (i > 0 || step.starts_with("[\""));
    if (field == step || (field == "[*]" && index) || (field == ".*" && key)) continue;
    return false;
  }
  return true;
}

}  // namespace

std::string help_text(json::value const& schema, std::string_view only) {
  std::vector<row> all;
  collect(schema.as_object(), schema.as_object(), "", all);
  // A path by a former name, as overrides read it: `num_epochs` is `epochs`.
  std::string const asked(only);
  std::string renamed;
  for (auto const& r : all)
    if (!r.renamed_to.empty() && detail::path_within(only, r.path)) {
      renamed = r.renamed_to + std::string(only.substr(r.path.size()));
      only = renamed;
    }
  std::erase_if(all, [](row const& r) { return !r.renamed_to.empty(); });
  std::vector<row> rows = all;
  std::erase_if(rows, [&](row const& r) { return !lies_within(r.path, only); });
  if (rows.empty()) {
    std::vector<std::string_view> paths;
    for (auto const& r : all) paths.push_back(r.path);
    std::string const hint = detail::did_you_mean(only, paths);
    throw config_error("--help", {{"", "no field path " + detail::quoted(only) +
                                           (hint.empty() ? "; --help alone lists them all" : hint)}});
  }
  std::size_t path_width = 4, type_width = 4, default_width = 7;
  for (auto const& r : rows) {
    path_width = std::max(path_width, r.path.size());
    type_width = std::max(type_width, r.type.size());
    default_width = std::max(default_width, r.default_value.size());
  }
  auto pad = [](std::string text, std::size_t width) { return text + std::string(width - text.size() + 2, ' '); };
  std::string out = "  " + pad("PATH", path_width) + pad("TYPE", type_width) + pad("DEFAULT", default_width) + "DOC\n";
  for (auto const& r : rows) {
    std::string line = "  " + pad(r.path, path_width) + pad(r.type, type_width) + pad(r.default_value, default_width) + r.doc;
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + '\n';
  }
  if (!renamed.empty()) out += "\n" + asked + " is a former name: it reads as " + renamed + "\n";
  return out + placeholder_note(rows);
}

}  // namespace glasses::app_detail
