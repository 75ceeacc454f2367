// A glasses::app whose config holds records in a list, a map and an optional, and slots in
// a list: what --help lists of the fields of their elements.
#include <glasses/app.hpp>
#include <glasses/config.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct Stage {
  int depth = 2;
  double drop = 0.1;
};
BOOST_DESCRIBE_STRUCT(Stage, (), (depth, drop))
GLASSES_FIELDS(Stage, field(&Stage::depth, "blocks in the stage", at_least(1)));

struct Flip {
  double p = 0.5;
  int build() const { return 0; }
};
BOOST_DESCRIBE_STRUCT(Flip, (), (p))
GLASSES_REGISTER_CONFIG(Flip, "flip");

struct Crop {
  int size = 224;
  int build() const { return 1; }
};
BOOST_DESCRIBE_STRUCT(Crop, (), (size))
GLASSES_REGISTER_CONFIG(Crop, "crop");

struct HelpConfig {
  std::vector<Stage> stages = {Stage{}, Stage{.depth = 4}};
  std::map<std::string, Stage> heads;
  std::optional<Stage> extra;
  std::vector<glasses::any_config<int()>> augment = {Flip{}};
  std::map<std::string, std::vector<int>> sizes;
  std::uint16_t port = 8080;
};
BOOST_DESCRIBE_STRUCT(HelpConfig, (), (stages, heads, extra, augment, sizes, port))

int main(int argc, char** argv) {
  return glasses::app<HelpConfig>(argc, argv, [](HelpConfig const&, glasses::run_info const&) {});
}
