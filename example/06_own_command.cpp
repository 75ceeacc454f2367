// A command like `glasses` for a program's own configs, with a backbone of its own in a
// slot: presets, show, diff, compare, validate, set, sweep, schema and hash (glasses::tool).
#include <glasses/config.hpp>
#include <glasses/tool.hpp>

struct Encoder { std::vector<int> widths; };  // what a backbone builds (a model, with LibTorch)

struct ConvConfig {
  std::vector<int> widths = {32, 64};
  int kernel = 3;
  Encoder build() const { return {widths}; }
};
BOOST_DESCRIBE_STRUCT(ConvConfig, (), (widths, kernel))
GLASSES_FIELDS(ConvConfig, field(&ConvConfig::kernel, "kernel size", at_least(1), former_name("kernel_size")));
GLASSES_REGISTER_CONFIG(ConvConfig, "conv");

struct ExperimentConfig {
  glasses::any_config<Encoder()> backbone = ConvConfig{};
  int num_classes = 10;
  double lr = 0.1;
};
BOOST_DESCRIBE_STRUCT(ExperimentConfig, (), (backbone, num_classes, lr))
GLASSES_REGISTER_PRESET(ExperimentConfig, "tiny", [] { return ExperimentConfig{.num_classes = 2}; });

int main(int argc, char** argv) { return glasses::tool<ExperimentConfig>(argc, argv); }
