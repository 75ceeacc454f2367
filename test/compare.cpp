// compare: the paths that differ across N configs, with every run's value.
#define BOOST_TEST_MODULE compare
#include <boost/test/unit_test.hpp>

#include <glasses/config.hpp>
#include <glasses/config/compare.hpp>

#include <boost/json/serialize.hpp>

#include <map>
#include <variant>

namespace compare_test {

struct SGD {
  double lr = 0.1;
  double momentum = 0.9;
};
BOOST_DESCRIBE_STRUCT(SGD, (), (lr, momentum))
GLASSES_REGISTER_CONFIG(SGD, "sgd");

struct AdamW {
  double lr = 1e-3;
  double weight_decay = 0.05;
};
BOOST_DESCRIBE_STRUCT(AdamW, (), (lr, weight_decay))
GLASSES_REGISTER_CONFIG(AdamW, "adamw");

struct Run {
  std::variant<SGD, AdamW> optimizer;
  std::vector<int> depths{2, 2};
  std::vector<std::string> tags;
  int epochs = 10;
  std::string name = "base";
};
BOOST_DESCRIBE_STRUCT(Run, (), (optimizer, depths, tags, epochs, name))

}  // namespace compare_test

using compare_test::Run;

std::vector<Run> runs() {
  std::vector<Run> out(3);
  out[1].optimizer = compare_test::AdamW{};
  out[1].depths = {2, 3};
  out[2].optimizer = compare_test::SGD{.lr = 0.01};
  out[2].tags = {"a"};
  return out;
}

BOOST_AUTO_TEST_CASE(only_differing_paths_with_every_runs_value_absent_where_the_type_has_none) {
  auto all = runs();
  auto c = glasses::compare(std::span<Run const>(all), {"base", "adamw", "slow"});
  BOOST_TEST(c.runs == (std::vector<std::string>{"base", "adamw", "slow"}), boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(c.varying.size() == 6u);
  std::vector<std::string> paths;
  for (auto const& v : c.varying) paths.push_back(v.path);
  // Declaration order; a path of one run only sits right after the path before it there.
  BOOST_TEST(paths == (std::vector<std::string>{"optimizer.type", "optimizer.lr", "optimizer.weight_decay",
                                                "optimizer.momentum", "depths[1]", "tags"}),
             boost::test_tools::per_element());
  BOOST_TEST(!c.varying[3].values[1].has_value());  // AdamW has no momentum
  BOOST_TEST(*c.varying[3].values[0] == 0.9);
  BOOST_TEST(*c.varying[1].values[2] == 0.01);
  BOOST_TEST(c.constant == 3u);  // depths[0], epochs, name
}

struct Weighted {
  std::map<std::string, int> weights;
};
BOOST_DESCRIBE_STRUCT(Weighted, (), (weights))

BOOST_AUTO_TEST_CASE(map_keys_alike_in_their_first_61_characters_are_two_rows) {
  std::string const stem(61, 'k');
  std::vector<Weighted> all(2);
  all[0].weights = {{stem + "A", 1}, {stem + "B", 1}};
  all[1].weights = {{stem + "A", 9}, {stem + "B", 1}};
  auto c = glasses::compare(std::span<Weighted const>(all));
  BOOST_TEST_REQUIRE(c.varying.size() == 1u);
  BOOST_TEST(c.varying[0].path == "weights." + stem + "A");
  BOOST_TEST(c.constant == 1u);
}

BOOST_AUTO_TEST_CASE(an_empty_map_in_one_run_is_compared_with_the_map_another_run_holds) {
  std::vector<Weighted> all(2);
  all[1].weights = {{"a", 2}};
  auto c = glasses::compare(std::span<Weighted const>(all));
  BOOST_TEST(glasses::to_string(c) == "path       0  1\n"
                                      "weights.a  -  2\n"
                                      "1 path differs, 0 the same in all 2 runs\n");
  // Columns line up by characters: "é" is one column.
  all[0].weights = {{"\xc3\xa9", 1}};
  all[1].weights = {{"\xc3\xa9", 2}};
  BOOST_TEST(glasses::to_string(glasses::compare(std::span<Weighted const>(all))) ==
             "path          0  1\n"
             "weights[\"\xc3\xa9\"]  1  2\n"
             "1 path differs, 0 the same in all 2 runs\n");
}

struct Maps {
  std::map<std::string, std::vector<int>> lists;
  std::map<std::string, int> weights;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(Maps, (), (lists, weights, name))

BOOST_AUTO_TEST_CASE(keys_of_maps_empty_in_some_runs_are_rows_in_declaration_order) {
  std::vector<Maps> all(3);
  all[1].weights = {{"k", 1}};
  all[2].weights = {{"j", 2}, {"k", 1}};
  all[2].lists = {{"x", {1}}};
  auto c = glasses::compare(std::span<Maps const>(all));
  BOOST_TEST(glasses::to_string(c) == "path       0  1  2\n"
                                      "lists.x    -  -  [1]\n"
                                      "weights.j  -  -  2\n"
                                      "weights.k  -  1  1\n"
                                      "3 paths differ, 1 the same in all 3 runs\n");
}

BOOST_AUTO_TEST_CASE(lists_of_different_lengths_compare_whole) {
  std::vector<Run> all(2);
  all[1].depths = {1, 2, 3};
  auto c = glasses::compare(std::span<Run const>(all));
  BOOST_TEST(c.runs == (std::vector<std::string>{"0", "1"}), boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(c.varying.size() == 1u);
  BOOST_TEST(c.varying[0].path == "depths");
  BOOST_TEST(boost::json::serialize(*c.varying[0].values[1]) == "[1,2,3]");
}

BOOST_AUTO_TEST_CASE(the_table_json_and_csv_forms) {
  auto all = runs();
  auto c = glasses::compare(std::span<Run const>(all), {"base", "adamw", "slow"});
  BOOST_TEST(glasses::to_string(c) ==
             "path                    base   adamw    slow\n"
             "optimizer.type          \"sgd\"  \"adamw\"  \"sgd\"\n"
             "optimizer.lr            0.1    0.001    0.01\n"
             "optimizer.weight_decay  -      0.05     -\n"
             "optimizer.momentum      0.9    -        0.9\n"
             "depths[1]               2      3        2\n"
             "tags                    []     []       [\"a\"]\n"
             "6 paths differ, 3 the same in all 3 runs\n");
  BOOST_TEST(glasses::dump(glasses::to_json(c)) ==
             R"({"runs":["base","adamw","slow"],"varying":[{"path":"optimizer.type","values":["sgd","adamw","sgd"]},)"
             R"({"path":"optimizer.lr","values":[0.1,0.001,0.01]},{"path":"optimizer.weight_decay","values":[null,0.05,null],"absent":[0,2]},)"
             R"({"path":"optimizer.momentum","values":[0.9,null,0.9],"absent":[1]},{"path":"depths[1]","values":[2,3,2]},)"
             R"({"path":"tags","values":[[],[],["a"]]}],"constant":3})");
  BOOST_TEST(glasses::to_csv(c) ==
             "path,base,adamw,slow\n"
             "optimizer.type,\"\"\"sgd\"\"\",\"\"\"adamw\"\"\",\"\"\"sgd\"\"\"\n"
             "optimizer.lr,0.1,0.001,0.01\n"
             "optimizer.weight_decay,,0.05,\n"
             "optimizer.momentum,0.9,,0.9\n"
             "depths[1],2,3,2\n"
             "tags,[],[],\"[\"\"a\"\"]\"\n");
}

BOOST_AUTO_TEST_CASE(equal_configs_have_nothing_varying) {
  std::vector<Run> all(4);
  auto c = glasses::compare(std::span<Run const>(all));
  BOOST_TEST(c.varying.empty());
  BOOST_TEST(c.constant == 7u);  // optimizer.type, lr, momentum, depths[0..1] as one list, tags, epochs, name
}

BOOST_AUTO_TEST_CASE(names_not_one_a_config_are_refused) {
  // Before, one name for three runs made a header of one column over three.
  std::vector<Run> all(3);
  try {
    glasses::compare(std::span<Run const>(all), {"a"});
    BOOST_FAIL("expected std::invalid_argument");
  } catch (std::invalid_argument const& e) {
    BOOST_TEST(std::string(e.what()) == "glasses::compare: 1 name for 3 configs; give one name a config, or none");
  }
}

// Texts of one shape are matched leaf by leaf without paths; any other text, by its paths:
// one with an object where the first had a number (whose value the row of the number shows
// too, before the object's own rows), keys in another order, or other spacing.
BOOST_AUTO_TEST_CASE(texts_of_other_shapes_are_matched_by_path) {
  std::vector<std::string> texts{R"({"a":1,"b":{"c":2}})", R"({"a":1,"b":{"c":3}})", R"({"a":{"x":1},"b":{"c":2}})",
                                 R"({"b":{"c":2},"a":1})", R"( {"a": 1, "b": {"c": 2}})"};
  auto c = glasses::compare_texts(texts, {"0", "1", "2", "3", "4"});
  BOOST_TEST(glasses::to_string(c) ==
             "path  0  1  2        3  4\n"
             "a     1  1  {\"x\":1}  1  1\n"
             "a.x   -  -  1        -  -\n"
             "b.c   2  3  2        2  2\n"
             "3 paths differ, 0 the same in all 5 runs\n");
}

// A run that repeats the first run's text up to a value is read without a scan there: a
// value that only begins like the first run's, or grows past it, must still be told apart.
BOOST_AUTO_TEST_CASE(values_that_share_a_beginning_with_the_first_runs_still_differ) {
  std::vector<Run> all(5);
  all[1].epochs = 100;         // "10" then "100"
  all[2].name = "base_line";   // "base" then "base_line"
  all[3].depths = {2, 20};     // "2" then "20", as an element
  all[4].epochs = 1;           // "10" then "1"
  auto c = glasses::compare(std::span<Run const>(all));
  BOOST_TEST_REQUIRE(c.varying.size() == 3u);
  BOOST_TEST(c.varying[0].path == "depths[1]");
  BOOST_TEST(c.varying[1].path == "epochs");
  BOOST_TEST(c.varying[2].path == "name");
  BOOST_TEST(glasses::to_csv(c) ==
             "path,0,1,2,3,4\n"
             "depths[1],2,2,2,20,2\n"
             "epochs,10,100,10,10,1\n"
             "name,\"\"\"base\"\"\",\"\"\"base\"\"\",\"\"\"base_line\"\"\",\"\"\"base\"\"\",\"\"\"base\"\"\"\n");
  BOOST_TEST(c.constant == 5u);  // optimizer.type, optimizer.lr, optimizer.momentum, depths[0], tags
}

// A row's values are parsed as one array: a value as deep as a text may be still compares.
BOOST_AUTO_TEST_CASE(values_as_deep_as_a_text_may_be_compare) {
  auto nest = [](int depth, std::string_view inside) {
    return std::string(static_cast<std::size_t>(depth), '[') + std::string(inside) + std::string(static_cast<std::size_t>(depth), ']');
  };
  auto c = glasses::compare_texts({R"({"a":)" + nest(32, "1") + "}", R"({"a":)" + nest(32, "2") + R"(,"b":0})"}, {"x", "y"});
  BOOST_TEST_REQUIRE(c.varying.size() == 2u);
  BOOST_TEST(c.varying[0].path == "a[0]");
  BOOST_TEST(boost::json::serialize(*c.varying[0].values[1]) == nest(31, "2"));
  BOOST_TEST(c.varying[1].path == "b");
  BOOST_TEST(!c.varying[1].values[0].has_value());
}
