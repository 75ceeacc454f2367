// EfficientNet B0-B7 (Tan and Le 2019), laid out as torchvision 0.14 lays it out, so that
// state dicts map 1:1: `features.0` the stem, `features.1` ... one stage each (`features.<i>.<j>`
// its blocks, `features.<i>.<j>.block.<k>` their layers), then the last 1x1 convolution.
#ifndef GLASSES_MODELS_EFFICIENTNET_HPP
#define GLASSES_MODELS_EFFICIENTNET_HPP

#include <glasses/config.hpp>
#include <glasses/models/bounds.hpp>
#include <glasses/models/staged_backbone.hpp>

#include <torch/nn/modules/container/modulelist.h>

#include <cstdint>
#include <vector>

namespace glasses::models {

class EfficientNet;

/// One entry per stage in each list, before the width and depth multipliers, as torchvision's
/// MBConvConfig takes them; the defaults are efficientnet_b0's, and b1 to b7 change
/// width_mult, depth_mult and the batch norms. Each field's doc and constraints are in
/// GLASSES_FIELDS, after the struct.
struct EfficientNetConfig {
  std::vector<double> expand_ratios = {1, 6, 6, 6, 6, 6, 6};
  std::vector<int64_t> kernels = {3, 3, 5, 3, 5, 5, 3};
  std::vector<int64_t> strides = {1, 2, 2, 2, 1, 2, 1};
  std::vector<int64_t> widths = {16, 24, 40, 80, 112, 192, 320};
  std::vector<int64_t> depths = {1, 2, 2, 3, 3, 4, 1};
  int64_t stem_width = 32;
  double width_mult = 1.0;
  double depth_mult = 1.0;
  int64_t last_conv_channels = 0;
  double stochastic_depth_prob = 0.2;
  int64_t in_channels = 3;
  double norm_eps = 1e-5;
  double norm_momentum = 0.1;

  EfficientNet build() const;
  /// The rules between fields: every per-stage list has one entry per stage, as many as
  /// depths has; the channels and blocks that width_mult, depth_mult and expand_ratios make
  /// stay within the bounds.
  void validate(std::vector<issue>& problems) const;

  /// torchvision's rounding: `channels * width_mult` to the nearest multiple of 8 (at least
  /// 8, and at least 90% of it).
  int64_t scaled_width(int64_t channels) const;
  /// torchvision's rule: `ceil(blocks * depth_mult)`.
  int64_t scaled_depth(int64_t blocks) const;
};
BOOST_DESCRIBE_STRUCT(EfficientNetConfig, (),
                      (expand_ratios, kernels, strides, widths, depths, stem_width, width_mult, depth_mult,
                       last_conv_channels, stochastic_depth_prob, in_channels, norm_eps, norm_momentum))

GLASSES_FIELDS(EfficientNetConfig,
               field(&EfficientNetConfig::expand_ratios,
                     "expansion of each stage's blocks: the depthwise convolution has the input's channels times "
                     "this, rounded to a multiple of 8",
                     each(greater_than(0.0), at_most(1024.0))),
               field(&EfficientNetConfig::kernels, "kernel size of each stage's depthwise convolutions",
                     each(at_least(1), at_most(bounds::kernel_size),
                          satisfies([](int64_t k) { return k % 2 != 0; }, "odd"))),
               field(&EfficientNetConfig::strides, "stride of each stage's first block", each(at_least(1), at_most(2))),
               field(&EfficientNetConfig::widths, "output channels of each stage, before width_mult",
                     each(at_least(1), at_most(bounds::width))),
               field(&EfficientNetConfig::depths, "blocks of each stage, before depth_mult", not_empty(),
                     max_length(bounds::stages), each(at_least(1), at_most(bounds::blocks))),
               field(&EfficientNetConfig::stem_width, "output channels of the stem's 3x3 convolution (stride 2), "
                                                      "before width_mult",
                     at_least(1), at_most(bounds::width)),
               field(&EfficientNetConfig::width_mult,
                     "scales every width, rounded to a multiple of 8 (B0 1.0 ... B7 2.0)", greater_than(0.0),
                     at_most(1024.0)),
               field(&EfficientNetConfig::depth_mult, "scales every stage's blocks, rounded up (B0 1.0 ... B7 3.1)",
                     greater_than(0.0), at_most(1024.0)),
               field(&EfficientNetConfig::last_conv_channels,
                     "output channels of the last 1x1 convolution, the last stage's; 0: 4 times the last "
                     "stage's width, as torchvision's B0-B7 have them",
                     at_least(0), at_most(bounds::width)),
               field(&EfficientNetConfig::stochastic_depth_prob,
                     "probability of dropping the last block's residual branch in training, growing linearly from "
                     "0 at the first block; none in eval",
                     at_least(0.0), at_most(1.0)),
               field(&EfficientNetConfig::in_channels, "channels of the input images", at_least(1),
                     at_most(bounds::in_channels)),
               field(&EfficientNetConfig::norm_eps, "epsilon of every batch norm (B5-B7: 0.001)",
                     at_least(bounds::norm_eps), less_than(1.0)),
               field(&EfficientNetConfig::norm_momentum,
                     "momentum of every batch norm's running statistics (B5-B7: 0.01)", at_least(0.0),
                     at_most(1.0)));
GLASSES_REGISTER_CONFIG(EfficientNetConfig, "efficientnet");

/// `features`: the stem (3x3, stride 2, SiLU), one stage of MBConv blocks (inverted
/// residuals with squeeze-and-excitation and stochastic depth) per entry of depths, and
/// the last 1x1 convolution (SiLU). Forward returns a stage at each resolution: the
/// features before each stage that downsamples, and the last convolution's output.
class EfficientNetImpl : public StagedBackboneImpl {
 public:
  explicit EfficientNetImpl(EfficientNetConfig const& config);

  torch::nn::ModuleList features{nullptr};
};
TORCH_MODULE(EfficientNet);

}  // namespace glasses::models

#endif
