// JSON Schema (draft 2020-12) of a config type, so that editors can complete and check
// config files: types, defaults, integer ranges, enum names, required keys, no unknown
// keys, and slots as `oneOf` over the registered types that fit them.
#ifndef GLASSES_CONFIG_SCHEMA_HPP
#define GLASSES_CONFIG_SCHEMA_HPP

#include <glasses/config/detail/schema_walk.hpp>

#include <boost/json/value.hpp>

#include <memory>

namespace glasses {

/// The JSON Schema (draft 2020-12) of T's JSON form, with T's defaults.
template <class T> boost::json::value json_schema() {
  detail::schema_builder b;
  // On the heap: g++ 12 at -O3 warns falsely about a large config's strings on the stack.
  auto defaults = std::make_unique<T const>();
  boost::json::value root;
  detail::record_schema(b, *defaults, {}, root);
  auto& object = root.as_object();
  object.emplace("$schema", "https://json-schema.org/draft/2020-12/schema");
  if (!b.defs().empty()) object["$defs"] = std::move(b.defs());
  return root;
}

}  // namespace glasses

#endif
