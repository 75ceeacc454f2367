// The docs that dump_yaml writes above each field (yaml_write_docs.hpp): found in the
// type's compile-time table until a slot, then in the JSON Schema of the config registered
// under the slot's "type", which is built once per name.
#include "yaml_write_docs.hpp"

#include <glasses/config/schema.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace glasses::detail {

docs_cursor yaml_docs_finder::unwrap(docs_cursor d) {
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

docs_cursor yaml_docs_finder::registered(std::string_view name) {
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

docs_cursor yaml_docs_finder::resolve_ref(docs_cursor d) {
  if (!d.schema) return d;
  if (auto const* ref = d.schema->if_contains("$ref"); ref && ref->is_string()) {
    std::string_view path = ref->as_string();
    constexpr std::string_view prefix = "#/$defs/";
    return path.starts_with(prefix) ? registered(path.substr(prefix.size())) : docs_cursor{};
  }
  return d;
}

docs_cursor yaml_docs_finder::record_docs(docs_cursor d, std::string_view type) {
  d = resolve_ref(unwrap(d));
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

std::pair<std::string_view, docs_cursor> yaml_docs_finder::field_docs(docs_cursor d, std::string_view key) {
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

docs_cursor yaml_docs_finder::element_docs(docs_cursor d) {
  d = resolve_ref(unwrap(d));
  if (d.table) return d.table->what == yaml_docs::shape::container ? docs_cursor{d.table->element, nullptr} : docs_cursor{};
  if (!d.schema) return d;
  auto const* items = d.schema->if_contains("items");
  return items && items->is_object() ? docs_cursor{nullptr, &items->as_object()} : docs_cursor{};
}

}  // namespace glasses::detail
