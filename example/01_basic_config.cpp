// First steps with a plain config: describe it, print it, copy and change it,
// save it as JSON and load it back. Only the torch-free core is needed.
#include <glasses/config.hpp>

#include <iostream>

namespace example {

enum class activation { relu, gelu };
BOOST_DESCRIBE_ENUM(activation, relu, gelu)

struct StemConfig {
  int64_t in_channels = 3;
  int64_t out_channels = 64;
  int kernel_size = 7;
};
BOOST_DESCRIBE_STRUCT(StemConfig, (), (in_channels, out_channels, kernel_size))

struct TrainConfig {
  StemConfig stem;
  std::vector<int> depths = {3, 4, 6, 3};
  activation act = activation::relu;
  double drop_path = 0.1;
  int64_t num_classes = 1000;
};
BOOST_DESCRIBE_STRUCT(TrainConfig, (), (stem, depths, act, drop_path, num_classes))

}  // namespace example

int main() {
  example::TrainConfig config;
  std::cout << "The default config:\n" << glasses::to_tree(config) << "\n\n";

  example::TrainConfig copy = config;  // a deep copy
  copy.num_classes = 8;
  copy.stem.out_channels = 32;
  std::cout << "A changed copy:  " << glasses::to_string(copy) << '\n';
  std::cout << "The original:    " << glasses::to_string(config) << "\n\n";

  glasses::save(copy, "train.json");
  auto back = glasses::load<example::TrainConfig>("train.json");
  std::cout << "train.json:\n" << glasses::dump(back, {.indent = 2}) << "\n";
  std::cout << "round trip equal: " << std::boolalpha << glasses::equal(copy, back) << "\n\n";

  try {
    glasses::parse<example::TrainConfig>(R"({"stem": {"out_chanels": 32}, "depths": [3, 4, "six", 3]})", {},
                                         "broken.json");
  } catch (glasses::config_error const& e) {
    std::cout << "A broken file is reported in full:\n" << e.what() << '\n';
  }
  return glasses::equal(copy, back) ? 0 : 1;
}
