// Where dump_yaml (yaml_write.cpp) finds the doc of each field it writes, private to
// src/config: the type's compile-time table until a slot, then the JSON Schema of the
// config registered under the slot's "type" (yaml_write_docs.cpp).
#ifndef GLASSES_SRC_CONFIG_YAML_WRITE_DOCS_HPP
#define GLASSES_SRC_CONFIG_YAML_WRITE_DOCS_HPP

#include <glasses/config/detail/yaml_docs.hpp>
#include <glasses/config/schema.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace glasses::detail {

/// Where the docs of the value being written are: a compile-time table, or, inside a slot,
/// the JSON Schema of the config it holds; or nowhere.
struct docs_cursor {
  yaml_docs const* table = nullptr;
  boost::json::object const* schema = nullptr;
};

/// Follows the writer down a config: from the docs of a value to those of its fields or
/// elements. Keeps the schema of each registered config it meets.
class yaml_docs_finder {
 public:
  /// The docs of an object's entries: a record's fields, or a slot's or variant's content,
  /// chosen by the object's "type" (empty when it has none).
  docs_cursor record_docs(docs_cursor d, std::string_view type);
  /// A field's doc (none for a map's entry) and the docs of its value.
  std::pair<std::string_view, docs_cursor> field_docs(docs_cursor d, std::string_view key);
  /// The docs of a list's elements.
  docs_cursor element_docs(docs_cursor d);

 private:
  static docs_cursor unwrap(docs_cursor d);
  docs_cursor registered(std::string_view name);
  docs_cursor resolve_ref(docs_cursor d);

  schema_builder builder_;
  std::deque<boost::json::value> owned_;  // schemas of registered configs, at stable addresses
  std::map<std::string, boost::json::object const*, std::less<>> schemas_;
};

}  // namespace glasses::detail

#endif
