#include <glasses/config/detail/schema_walk.hpp>
#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/schema.hpp>

#include <algorithm>

namespace glasses::detail {

schema_builder::schema_builder() : defs_(new boost::json::object()) {}
schema_builder::~schema_builder() { delete defs_; }
boost::json::object& schema_builder::defs() { return *defs_; }

void schema_builder::ref(config_ops const& ops, boost::json::value& out) {
  std::string name(ops.json_name);
  if (!defs_->contains(name)) {
    (*defs_)[name] = boost::json::object();  // a placeholder, so that a slot holding itself ends
    boost::json::value schema;
    ops.schema(*this, schema);
    (*defs_)[name] = std::move(schema);
  }
  out = boost::json::object{{"$ref", "#/$defs/" + name}};
}

void boolean_schema(boost::json::value& out) { out = boost::json::object{{"type", "boolean"}}; }

void integer_schema(boost::json::value& out, std::int64_t minimum, std::uint64_t maximum) {
  out = boost::json::object{{"type", "integer"}, {"minimum", minimum}, {"maximum", maximum}};
}

void floating_schema(boost::json::value& out) {
  // JSON has no infinities or NaN: glasses writes them as strings.
  out = boost::json::object{
      {"anyOf", boost::json::array{boost::json::object{{"type", "number"}},
                                   boost::json::object{{"enum", boost::json::array{"inf", "-inf", "nan"}}}}}};
}

void string_schema(boost::json::value& out) { out = boost::json::object{{"type", "string"}}; }

void enum_schema(boost::json::value& out, std::string_view const* names, std::size_t count) {
  out = boost::json::object{{"enum", boost::json::array(names, names + count)}};
}

boost::json::value& nullable_schema(boost::json::value& out) {
  out = boost::json::object{{"anyOf", boost::json::array{boost::json::value(), boost::json::object{{"type", "null"}}}}};
  return out.as_object()["anyOf"].as_array()[0];
}

boost::json::value& array_schema(boost::json::value& out, std::size_t size) {
  out = boost::json::object{{"type", "array"}, {"items", nullptr}};
  if (size != unsized) out.as_object()["minItems"] = out.as_object()["maxItems"] = size;
  return out.as_object()["items"];
}

boost::json::value& map_schema(boost::json::value& out) {
  out = boost::json::object{{"type", "object"}, {"additionalProperties", nullptr}};
  return out.as_object()["additionalProperties"];
}

namespace {

// `oneOf` the alternatives already in `out`, then a bare name (that type with its
// defaults), then null if allowed, with "type" as the discriminator.
void finish_one_of(boost::json::value& out, std::string_view const* names, std::size_t count, bool nullable) {
  if (!out.is_object()) out = boost::json::object{{"oneOf", boost::json::array()}};
  boost::json::array& one_of = out.as_object()["oneOf"].as_array();
  one_of.push_back(boost::json::object{{"enum", boost::json::array(names, names + count)}});
  if (nullable) one_of.push_back(boost::json::object{{"type", "null"}});
  out.as_object()["discriminator"] = boost::json::object{{"propertyName", "type"}};
}

}  // namespace

boost::json::value& add_union_alternative(boost::json::value& out) {
  if (!out.is_object()) out = boost::json::object{{"oneOf", boost::json::array()}};
  return out.as_object()["oneOf"].as_array().emplace_back(nullptr);
}

void finish_union_schema(boost::json::value& out, std::string_view const* names, std::size_t count) {
  finish_one_of(out, names, count, false);
}

void slot_schema(schema_builder& b, boost::json::value& out, std::type_index signature) {
  std::vector<std::string_view> names = slot_names(signature);
  for (auto name : names)
    if (config_ops const* ops = find_config(name)) b.ref(*ops, add_union_alternative(out));
  finish_one_of(out, names.data(), names.size(), true);
}

struct record_schema_writer::state {
  boost::json::value& out;
  boost::json::object properties;
  boost::json::array required;
  boost::json::object renamed;  // former name -> the schema that refuses it next to the current name
  boost::json::value property;
  std::string_view title;
};

record_schema_writer::record_schema_writer(boost::json::value& out, std::string_view title, std::string_view name)
    : state_(new state{out, {}, {}, {}, {}, title}) {
  if (!name.empty()) {
    state_->properties["type"] = boost::json::object{{"const", name}};
    state_->required.emplace_back("type");
  }
}

record_schema_writer::~record_schema_writer() { delete state_; }

boost::json::value& record_schema_writer::property() {
  state_->property = nullptr;
  return state_->property;
}

boost::json::object& record_schema_writer::property_object() { return state_->property.as_object(); }

void record_schema_writer::required(std::string_view field) { state_->required.emplace_back(field); }

void record_schema_writer::default_value(json_value_writer& w) {
  property_object()["default"] = w.take();
}

void record_schema_writer::doc(std::string_view text) { property_object()["description"] = text; }

void record_schema_writer::former_name(std::string_view former, std::string_view field) {
  boost::json::object old = property_object();
  old["deprecated"] = true;
  old["description"] = "the former name of \"" + std::string(field) + "\"";
  state_->properties[former] = std::move(old);
  state_->renamed[former] =
      boost::json::object{{"not", boost::json::object{{"required", boost::json::array{field}}}}};
}

void record_schema_writer::end_property(std::string_view field) {
  state_->properties[field] = std::move(state_->property);
}

void record_schema_writer::finish() {
  boost::json::object out{{"type", "object"}, {"title", state_->title}};
  out["properties"] = std::move(state_->properties);
  out["additionalProperties"] = false;
  if (!state_->required.empty()) out["required"] = std::move(state_->required);
  if (!state_->renamed.empty()) out["dependentSchemas"] = std::move(state_->renamed);
  state_->out = std::move(out);
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
  if (boost::json::value* any_of = schema_.if_contains("anyOf"); shape_ == shape::floating && any_of) {
    // A float is `anyOf` a number and the names "inf", "-inf", "nan": the bound goes to the
    // number, and the names that break it go; bounded both ways, it is the number alone.
    boost::json::array& alternatives = any_of->as_array();
    target = &alternatives.at(0).as_object();
    bool const lower = keyword == "minimum" || keyword == "exclusiveMinimum";
    boost::json::array& names = alternatives.at(1).as_object()["enum"].as_array();
    boost::json::string_view kept = lower ? "inf" : "-inf";
    names.erase(std::remove_if(names.begin(), names.end(), [&](boost::json::value const& name) { return name != kept; }),
                names.end());
    if (names.empty()) {
      boost::json::object number = std::move(*target);
      schema_.erase("anyOf");
      for (auto& [key, value] : number) schema_[key] = std::move(value);
      target = &schema_;
    }
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

void schema_form::not_null() {
  boost::json::array& alternatives = schema_["oneOf"].as_array();
  boost::json::value const null_type = boost::json::object{{"type", "null"}};
  alternatives.erase(std::remove(alternatives.begin(), alternatives.end(), null_type), alternatives.end());
}

boost::json::object& schema_form::elements() {
  return schema_[shape_ == shape::array ? "items" : "additionalProperties"].as_object();
}

boost::json::object& schema_form::non_null(boost::json::object& schema) {
  return schema["anyOf"].as_array().at(0).as_object();
}

}  // namespace glasses::detail
