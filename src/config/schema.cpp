#include <glasses/config/schema.hpp>

#include <algorithm>

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

namespace glasses::detail {

namespace {

// Whether the bound `keyword: candidate` is tighter than `keyword: current`.
bool tighter(std::string_view keyword, boost::json::value const& candidate, boost::json::value const& current) {
  double a = candidate.to_number<double>(), b = current.to_number<double>();
  return keyword == "minimum" || keyword == "exclusiveMinimum" ? a > b : a < b;
}

}  // namespace

void schema_form::bound(std::string_view keyword, boost::json::value bound) {
  boost::json::object* target = &schema_;
  if (shape_ == shape::floating) {
    // A float is `anyOf` a number and the names "inf", "-inf", "nan": the bound goes to the
    // number, and the names that break it go.
    boost::json::array& alternatives = schema_["anyOf"].as_array();
    target = &alternatives.at(0).as_object();
    bool const lower = keyword == "minimum" || keyword == "exclusiveMinimum";
    boost::json::array& names = alternatives.at(1).as_object()["enum"].as_array();
    boost::json::string_view kept = lower ? "inf" : "-inf";
    names.erase(std::remove_if(names.begin(), names.end(), [&](boost::json::value const& name) { return name != kept; }),
                names.end());
  }
  if (auto* current = target->if_contains(keyword); current && !tighter(keyword, bound, *current)) return;
  (*target)[keyword] = std::move(bound);
}

void schema_form::number(std::string_view keyword, std::int64_t bound) { this->bound(keyword, bound); }
void schema_form::number(std::string_view keyword, std::uint64_t bound) { this->bound(keyword, bound); }
void schema_form::number(std::string_view keyword, double bound) { this->bound(keyword, bound); }

void schema_form::min_size(std::uint64_t size) {
  schema_[shape_ == shape::string ? "minLength" : shape_ == shape::array ? "minItems" : "minProperties"] = size;
}

void schema_form::max_size(std::uint64_t size) {
  schema_[shape_ == shape::string ? "maxLength" : shape_ == shape::array ? "maxItems" : "maxProperties"] = size;
}

void schema_form::choices(std::string_view const* names, std::size_t count) {
  schema_["enum"] = boost::json::array(names, names + count);
}

void schema_form::pattern(std::string_view pattern) { schema_["pattern"] = pattern; }

boost::json::object& schema_form::elements() {
  return schema_[shape_ == shape::array ? "items" : "additionalProperties"].as_object();
}

boost::json::object& schema_form::non_null(boost::json::object& schema) {
  return schema["anyOf"].as_array().at(0).as_object();
}

}  // namespace glasses::detail
