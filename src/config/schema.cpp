#include <glasses/config/schema.hpp>

namespace glasses::detail {

boost::json::value schema_builder::ref(config_ops const& ops) {
  std::string name(ops.json_name);
  if (!defs_.contains(name)) {
    defs_[name] = boost::json::object();  // a placeholder, so that a slot holding itself ends
    boost::json::value schema = ops.schema(*this);
    defs_[name] = std::move(schema);
  }
  return boost::json::object{{"$ref", "#/$defs/" + name}};
}

boost::json::value floating_schema() {
  // JSON has no infinities or NaN: glasses writes them as strings.
  return boost::json::object{
      {"anyOf", boost::json::array{boost::json::object{{"type", "number"}},
                                   boost::json::object{{"enum", boost::json::array{"inf", "-inf", "nan"}}}}}};
}

boost::json::value typed_union_schema(std::vector<boost::json::value> alternatives,
                                      std::vector<std::string_view> const& names, bool nullable) {
  boost::json::array one_of(alternatives.begin(), alternatives.end());
  // A bare name stands for that type with its defaults.
  boost::json::array name_values(names.begin(), names.end());
  one_of.push_back(boost::json::object{{"enum", std::move(name_values)}});
  if (nullable) one_of.push_back(boost::json::object{{"type", "null"}});
  return boost::json::object{{"oneOf", std::move(one_of)},
                             {"discriminator", boost::json::object{{"propertyName", "type"}}}};
}

std::vector<boost::json::value> slot_alternatives(schema_builder& b, std::type_index signature) {
  std::vector<boost::json::value> out;
  for (auto name : slot_names(signature))
    if (config_ops const* ops = find_config(name)) out.push_back(b.ref(*ops));
  return out;
}

}  // namespace glasses::detail
