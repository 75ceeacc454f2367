// Writes schemas and config files for test/schema/validate.py to check with
// python3-jsonschema, and checks glasses itself on the same files: each valid_* file must
// load and each invalid_* file must be refused, so that the two validators agree.
#include "../test_configs.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

namespace schema_test {

// A constraint of every kind that has a schema form.
struct Rules {
  int count = 4;
  double rate = 0.5;
  float scale = 1.0f;
  std::string name = "run";
  std::string mode = "fast";
  std::vector<int> widths{8, 16};
  std::map<std::string, double> weights{{"a", 1.0}};
  std::optional<int> seed;
  std::vector<std::string> tags{"x"};
};
BOOST_DESCRIBE_STRUCT(Rules, (), (count, rate, scale, name, mode, widths, weights, seed, tags))
GLASSES_FIELDS(Rules, field(&Rules::count, "how many", at_least(1), at_most(10)),
               field(&Rules::rate, "a probability", greater_than(0), less_than(1.0)),
               field(&Rules::scale, "a lower bound only", at_least(0.5)),
               field(&Rules::name, "a short name", not_empty(), max_length(4), matches("^[a-z]+$"),
                     former_name("title")),
               field(&Rules::mode, "a speed", one_of("fast", "slow")),
               field(&Rules::widths, "one to three positive widths", min_length(1), max_length(3), each(at_least(1))),
               field(&Rules::weights, "weights below 10", min_length(1), each(at_most(10))),
               field(&Rules::seed, "null or a natural number", at_least(0)),
               field(&Rules::tags, "non-empty tags", each(not_empty(), max_length(3))));

// Keys that glasses cannot do without although their fields have defaults: a record with
// a required field, and a slot that must hold a config.
struct Source {
  glasses::required<std::string> path;
  int workers = 2;
};
BOOST_DESCRIBE_STRUCT(Source, (), (path, workers))
struct Needs {
  Source data;
  glasses::any_config<test::block_ptr()> block;
};
BOOST_DESCRIBE_STRUCT(Needs, (), (data, block))
GLASSES_FIELDS(Needs, field(&Needs::block, "the block", not_empty()));

}  // namespace schema_test

namespace {

using files = std::map<std::string, std::string>;

// Writes the schema and the files of T into `folder`; returns how many files glasses judged
// otherwise than their name says.
template <class T> int write_case(std::filesystem::path const& folder, files const& cases) {
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "schema.json") << glasses::dump(glasses::json_schema<T>(), {2});
  int wrong = 0;
  for (auto const& [name, text] : cases) {
    std::ofstream(folder / name) << text;
    bool loaded = true;
    try {
      (void)glasses::parse<T>(text);
    } catch (glasses::config_error const& e) {
      loaded = false;
      std::cout << "glasses refused " << name << ": " << e.what() << "\n";
    }
    if (loaded != name.starts_with("valid_")) {
      std::cerr << "FAIL glasses " << (loaded ? "loaded " : "refused ") << (folder / name).string() << "\n";
      ++wrong;
    }
  }
  return wrong;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: schema_fixture FOLDER\n";
    return 2;
  }
  std::filesystem::path folder = argv[1];
  test::Everything changed;
  glasses::apply_overrides(changed, {"slot=attention", "empty_slot=conv", "maybe=3", "choice=conv", "rate=nan"});
  int wrong = write_case<test::Everything>(
      folder / "everything", {{"valid_defaults.json", glasses::dump(test::Everything{})},
                              {"valid_changed.json", glasses::dump(changed)},
                              {"invalid_unknown_key.json", R"({"flag": true, "flga": false})"},
                              {"invalid_wrong_type.json", R"({"depths": [3, "four"]})"},
                              {"invalid_slot_type.json", R"({"slot": {"type": "tokenizer", "vocabulary": "bpe"}})"},
                              {"invalid_range.json", R"({"tiny": 300})"},
                              {"invalid_slot_field.json", R"({"slot": {"type": "conv", "heads": 2}})"}});
  wrong += write_case<schema_test::Rules>(
      folder / "rules",
      {{"valid_defaults.json", glasses::dump(schema_test::Rules{})},
       {"valid_edges.json", R"({"count": 10, "rate": 0.999, "scale": "inf", "name": "abcd", "mode": "slow",
                              "widths": [1, 1, 1], "weights": {"b": 10}, "seed": 0, "tags": ["abc"]})"},
       {"valid_former_name.json", R"({"title": "old"})"},
       {"invalid_below_minimum.json", R"({"count": 0})"},
       {"invalid_above_maximum.json", R"({"count": 11})"},
       {"invalid_exclusive_minimum.json", R"({"rate": 0})"},
       {"invalid_exclusive_maximum.json", R"({"rate": 1})"},
       {"invalid_nan_against_a_bound.json", R"({"rate": "nan"})"},
       {"invalid_minus_infinity_against_a_minimum.json", R"({"scale": "-inf"})"},
       {"invalid_empty_string.json", R"({"name": ""})"},
       {"invalid_long_string.json", R"({"name": "abcde"})"},
       {"invalid_pattern.json", R"({"name": "ab1"})"},
       {"invalid_not_one_of.json", R"({"mode": "medium"})"},
       {"invalid_too_few_items.json", R"({"widths": []})"},
       {"invalid_too_many_items.json", R"({"widths": [1, 2, 3, 4]})"},
       {"invalid_each_item.json", R"({"widths": [1, 0]})"},
       {"invalid_too_few_entries.json", R"({"weights": {}})"},
       {"invalid_each_entry.json", R"({"weights": {"a": 11}})"},
       {"invalid_optional_bound.json", R"({"seed": -1})"},
       {"invalid_each_string.json", R"({"tags": ["abcd"]})"},
       {"invalid_each_empty_string.json", R"({"tags": [""]})"},
       {"invalid_former_and_current_name.json", R"({"title": "old", "name": "new"})"}});
  wrong += write_case<schema_test::Needs>(
      folder / "needs",
      {{"valid_given.json", R"({"data": {"path": "/data"}, "block": {"type": "conv"}})"},
       {"invalid_empty.json", "{}"},
       {"invalid_no_record.json", R"({"block": {"type": "conv"}})"},
       {"invalid_null_slot.json", R"({"data": {"path": "/data"}, "block": null})"},
       {"invalid_no_slot.json", R"({"data": {"path": "/data"}})"}});
  return wrong == 0 ? 0 : 1;
}
