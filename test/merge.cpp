// Layering: merge and load_into put a JSON object onto an existing config, as the app's
// --config files do: what the layer names changes, the rest stays; all or nothing.
#define BOOST_TEST_MODULE merge
#include <boost/test/unit_test.hpp>

#include "issues_of.hpp"
#include "test_configs.hpp"

#include <boost/json/parse.hpp>

#include <cstdio>
#include <fstream>

using test::issues_of;

BOOST_AUTO_TEST_CASE(a_layer_changes_what_it_names_and_keeps_the_rest) {
  test::Level1 config;
  config.name = "kept";
  glasses::merge(config, boost::json::parse(R"({"middle": {"leaf": {"ratio": 9}}})"));
  BOOST_TEST(config.name == "kept");
  BOOST_TEST(config.middle.leaf.ratio == 9);
}

BOOST_AUTO_TEST_CASE(a_failed_layer_leaves_the_config_unchanged_and_names_its_source) {
  test::Level1 config;
  config.name = "kept";
  auto issues = issues_of([&] {
    glasses::merge(config, boost::json::parse(R"({"name": "changed", "middle": {"leaf": {"ratio": "x"}}})"), {},
                   "exp.json");
  });
  BOOST_TEST(issues.at(0).path == "middle.leaf.ratio");
  BOOST_TEST(config.name == "kept");
  try {
    glasses::merge(config, boost::json::parse(R"({"nmae": 1})"), {}, "exp.json");
    BOOST_FAIL("no error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()).starts_with("exp.json: 1 error\n  nmae: unknown key"));
  }
}

BOOST_AUTO_TEST_CASE(load_into_layers_files_in_order) {
  std::string const first = "merge_first.json", second = "merge_second.json";
  std::ofstream(first) << R"({"name": "first", "middle": {"leaf": {"ratio": 1}}})";
  std::ofstream(second) << R"({"middle": {"leaf": {"ratio": 2}}})";
  test::Level1 config;
  glasses::load_into(config, first);
  glasses::load_into(config, second);
  BOOST_TEST(config.name == "first");
  BOOST_TEST(config.middle.leaf.ratio == 2);
  auto issues = issues_of([&] { glasses::load_into(config, "merge_missing.json"); });
  BOOST_TEST(issues.at(0).message.starts_with("cannot load"));
  std::remove(first.c_str());
  std::remove(second.c_str());
}
