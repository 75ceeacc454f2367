// The ResNet-50 classifier config of the benchmarks: a backbone of 10 fields nested in a
// classifier with 3 more, once by value and once with the backbone in an any_config.
#ifndef GLASSES_BENCH_CONFIGS_HPP
#define GLASSES_BENCH_CONFIGS_HPP

#include <glasses/config.hpp>

namespace bench {

struct Backbone {
  virtual ~Backbone() = default;
};

struct ResNetConfig {
  std::vector<int> depths = {3, 4, 6, 3};
  std::vector<int> widths = {256, 512, 1024, 2048};
  std::string block = "bottleneck";
  double drop_path = 0.1;
  bool zero_init_residual = false;
  bool deep_stem = false;
  int64_t in_channels = 3;
  int64_t stem_width = 64;
  int64_t groups = 1;
  int64_t width_per_group = 64;
  std::shared_ptr<Backbone> build() const { return std::make_shared<Backbone>(); }
};
BOOST_DESCRIBE_STRUCT(ResNetConfig, (),
                      (depths, widths, block, drop_path, zero_init_residual, deep_stem, in_channels, stem_width,
                       groups, width_per_group))
GLASSES_REGISTER_CONFIG(ResNetConfig, "resnet");

struct ClassifierConfig {
  ResNetConfig backbone;
  int64_t num_classes = 1000;
  double dropout = 0.2;
  std::string head = "linear";
};
BOOST_DESCRIBE_STRUCT(ClassifierConfig, (), (backbone, num_classes, dropout, head))

struct SlotClassifierConfig {
  glasses::any_config<std::shared_ptr<Backbone>()> backbone = ResNetConfig{};
  int64_t num_classes = 1000;
  double dropout = 0.2;
  std::string head = "linear";
};
BOOST_DESCRIBE_STRUCT(SlotClassifierConfig, (), (backbone, num_classes, dropout, head))

}  // namespace bench

#endif
