#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

namespace json = boost::json;

BOOST_AUTO_TEST_CASE(the_root_is_a_closed_object_with_defaults) {
  json::value schema = glasses::json_schema<test::DerivedConfig>();
  BOOST_TEST(schema.at("$schema").as_string() == "https://json-schema.org/draft/2020-12/schema");
  BOOST_TEST(schema.at("type").as_string() == "object");
  BOOST_TEST(schema.at("title").as_string() == "DerivedConfig");
  BOOST_TEST(schema.at("additionalProperties").as_bool() == false);
  BOOST_TEST(glasses::dump(schema.at("properties")) ==
             R"({"seed":{"type":"integer","minimum":-9223372036854775808,"maximum":9223372036854775807,"default":0},)"
             R"("run":{"type":"string","default":"baseline"},)"
             R"("epochs":{"type":"integer","minimum":-2147483648,"maximum":2147483647,"default":10}})");
}

BOOST_AUTO_TEST_CASE(kinds_map_to_schema_types) {
  json::value schema = glasses::json_schema<test::Everything>();
  auto const& p = schema.at("properties");
  BOOST_TEST(glasses::dump(p.at("tiny")) == R"({"type":"integer","minimum":-128,"maximum":127,"default":-3})");
  BOOST_TEST(glasses::dump(p.at("act")) == R"({"enum":["relu","gelu","silu"],"default":"gelu"})");
  BOOST_TEST(glasses::dump(p.at("maybe")) ==
             R"({"anyOf":[{"type":"integer","minimum":-2147483648,"maximum":2147483647},{"type":"null"}],"default":null})");
  BOOST_TEST(p.at("mean").at("minItems").as_uint64() == 3u);
  BOOST_TEST(p.at("mean").at("maxItems").as_uint64() == 3u);
  BOOST_TEST(glasses::dump(p.at("infinite").at("anyOf")) == R"([{"type":"number"},{"enum":["inf","-inf","nan"]}])");
  BOOST_TEST(p.at("weights").at("additionalProperties").at("anyOf").is_array());
  BOOST_TEST(p.at("nested").at("properties").at("middle").at("properties").at("leaf").at("title").as_string() ==
             "Level3");
}

BOOST_AUTO_TEST_CASE(slots_are_one_of_the_registered_types_that_fit) {
  json::value schema = glasses::json_schema<test::Everything>();
  auto const& slot = schema.at("properties").at("slot");
  BOOST_TEST(glasses::dump(slot.at("oneOf")) ==
             R"([{"$ref":"#/$defs/attention"},{"$ref":"#/$defs/conv"},{"enum":["attention","conv"]},{"type":"null"}])");
  BOOST_TEST(slot.at("discriminator").at("propertyName").as_string() == "type");
  auto const& conv = schema.at("$defs").at("conv");
  BOOST_TEST(glasses::dump(conv.at("properties").at("type")) == R"({"const":"conv"})");
  BOOST_TEST(glasses::dump(conv.at("required")) == R"(["type"])");
  BOOST_TEST(!schema.at("$defs").as_object().contains("tokenizer"));
}

BOOST_AUTO_TEST_CASE(required_fields_are_listed) {
  json::value schema = glasses::json_schema<test::WithRequired>();
  BOOST_TEST(glasses::dump(schema.at("required")) == R"(["dataset","epochs"])");
  BOOST_TEST(!schema.at("properties").at("dataset").as_object().contains("default"));
}

namespace {
// The enclosing config's default fills a required field: a file may leave it out.
struct Filled {
  test::WithRequired data{.dataset = std::string("cifar10"), .epochs = {}, .batch = 32};
};
BOOST_DESCRIBE_STRUCT(Filled, (), (data))
}  // namespace

BOOST_AUTO_TEST_CASE(a_required_field_that_the_enclosing_default_fills_is_not_required_there) {
  json::value schema = glasses::json_schema<Filled>();
  auto const& data = schema.at("properties").at("data");
  BOOST_TEST(glasses::dump(data.at("required")) == R"(["epochs"])");
  BOOST_TEST(glasses::dump(data.at("properties").at("dataset").at("default")) == R"("cifar10")");
  BOOST_TEST(glasses::parse<Filled>(R"({"data": {"epochs": 3}})").data.dataset.value() == "cifar10");
}
