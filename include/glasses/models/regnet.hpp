// RegNetX and RegNetY (Radosavovic et al. 2020), laid out as torchvision 0.14 lays them out,
// so that state dicts map 1:1: `stem` (3x3 convolution of stride 2), then
// `trunk_output.block<s>` one stage each, whose blocks are `trunk_output.block<s>.block<s>-<j>`
// (`proj` the projection shortcut where the shape changes, `f.a`, `f.b`, `f.se`, `f.c` the
// bottleneck).
//
// The config holds each stage's settings as lists, not the rule that torchvision's
// BlockParams.from_init_params derives them with (depth, w_0, w_a, w_m, group width): the
// lists are what the network is, so that a config file shows each stage and a change to one
// stage is one field. RegNetConfig::from_init_params is that rule, and the presets are
// built by it.
#ifndef GLASSES_MODELS_REGNET_HPP
#define GLASSES_MODELS_REGNET_HPP

#include <glasses/config.hpp>
#include <glasses/models/bounds.hpp>
#include <glasses/models/staged_backbone.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace glasses::models {

class RegNet;

/// One entry per stage in each list; the defaults are regnet_y_400mf's. Each field's doc and
/// constraints are in GLASSES_FIELDS, after the struct.
struct RegNetConfig {
  std::vector<int64_t> depths = {1, 3, 6, 6};
  std::vector<int64_t> widths = {48, 104, 208, 440};
  std::vector<int64_t> group_widths = {8, 8, 8, 8};
  std::vector<double> bottleneck_multipliers = {1, 1, 1, 1};
  double se_ratio = 0.25;
  int64_t stem_width = 32;
  int64_t in_channels = 3;
  double norm_eps = 1e-5;
  double norm_momentum = 0.1;

  RegNet build() const;
  /// The rules between fields: every per-stage list has one entry per stage, as many as
  /// depths has; each stage's bottleneck width is a multiple of its group width; squeeze-
  /// and-excitation keeps at least one channel.
  void validate(std::vector<issue>& problems) const;

  /// torchvision's BlockParams.from_init_params: block j of `depth` is `w_0 + j * w_a` wide,
  /// quantized to `w_0 * w_m^k` and to a multiple of 8; blocks of one width make a stage, and
  /// the group widths and widths are made to fit (bottleneck multiplier 1). Throws
  /// std::invalid_argument, as torchvision refuses them, unless w_a >= 0, w_0 > 0, w_m > 1
  /// and w_0 a multiple of 8.
  static RegNetConfig from_init_params(int64_t depth, int64_t w_0, double w_a, double w_m, int64_t group_width,
                                       double se_ratio);
};
BOOST_DESCRIBE_STRUCT(RegNetConfig, (),
                      (depths, widths, group_widths, bottleneck_multipliers, se_ratio, stem_width, in_channels,
                       norm_eps, norm_momentum))

GLASSES_FIELDS(RegNetConfig,
               field(&RegNetConfig::depths, "blocks of each stage; each stage's first block has stride 2",
                     not_empty(), max_length(bounds::stages), each(at_least(1), at_most(bounds::blocks))),
               field(&RegNetConfig::widths, "output channels of each stage", each(at_least(1), at_most(bounds::width))),
               field(&RegNetConfig::group_widths,
                     "channels per group of each stage's 3x3 convolutions; they divide the bottleneck width",
                     each(at_least(1), at_most(bounds::width))),
               field(&RegNetConfig::bottleneck_multipliers,
                     "each stage's bottleneck width over its width (rounded); torchvision's presets: 1",
                     each(greater_than(0.0), at_most(1024.0))),
               field(&RegNetConfig::se_ratio,
                     "squeeze-and-excitation's width over each block's input channels (rounded); 0: none "
                     "(RegNetY: 0.25, RegNetX: 0)",
                     at_least(0.0), at_most(1.0)),
               field(&RegNetConfig::stem_width, "output channels of the stem's 3x3 convolution (stride 2)",
                     at_least(1), at_most(bounds::width)),
               field(&RegNetConfig::in_channels, "channels of the input images", at_least(1),
                     at_most(bounds::in_channels)),
               field(&RegNetConfig::norm_eps, "epsilon of every batch norm", at_least(bounds::norm_eps),
                     less_than(1.0)),
               field(&RegNetConfig::norm_momentum, "momentum of every batch norm's running statistics",
                     at_least(0.0), at_most(1.0)));
GLASSES_REGISTER_CONFIG(RegNetConfig, "regnet");

/// `stem` and `trunk_output`, the stages of residual bottleneck blocks (1x1, grouped 3x3 with
/// the stride, squeeze-and-excitation with ReLU and sigmoid, 1x1; ReLU after the sum).
/// Forward returns the stem's output and each stage's.
class RegNetImpl : public StagedBackboneImpl {
 public:
  explicit RegNetImpl(RegNetConfig const& config);

  std::shared_ptr<torch::nn::Module> stem;          // a convolution (`0`), a batch norm (`1`), ReLU
  std::shared_ptr<torch::nn::Module> trunk_output;  // `block1` ... one stage each
};
TORCH_MODULE(RegNet);

}  // namespace glasses::models

#endif
