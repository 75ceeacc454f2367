// Writes a schema and config files for test/schema/validate.py to check with python3-jsonschema.
#include "../test_configs.hpp"

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: schema_fixture FOLDER\n";
    return 2;
  }
  std::string folder = argv[1];
  auto write = [&](std::string const& name, std::string const& text) { std::ofstream(folder + "/" + name) << text; };
  write("schema.json", glasses::dump(glasses::json_schema<test::Everything>(), {2}));
  glasses::save(test::Everything{}, folder + "/valid_defaults.json");
  test::Everything changed;
  glasses::apply_overrides(changed, {"slot=attention", "empty_slot=conv", "maybe=3", "choice=conv", "rate=nan"});
  glasses::save(changed, folder + "/valid_changed.json");
  write("invalid_unknown_key.json", R"({"flag": true, "flga": false})");
  write("invalid_wrong_type.json", R"({"depths": [3, "four"]})");
  write("invalid_slot_type.json", R"({"slot": {"type": "tokenizer", "vocabulary": "bpe"}})");
  write("invalid_range.json", R"({"tiny": 300})");
  write("invalid_slot_field.json", R"({"slot": {"type": "conv", "heads": 2}})");
  return 0;
}
