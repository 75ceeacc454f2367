// ConvNeXt (Liu et al. 2022), laid out as torchvision 0.14 lays it out, so that state dicts
// map 1:1: `features.0` the stem (`0` a 4x4 convolution of stride 4, `1` a LayerNorm2d), then
// one stage of blocks a stage (`features.<i>.<j>`: `layer_scale`, and `block.0` the 7x7
// depthwise convolution, `block.2` the layer norm, `block.3` and `block.5` the MLP) with a
// downsampling layer between two stages (`0` a LayerNorm2d, `1` a 2x2 convolution of stride 2).
#ifndef GLASSES_MODELS_CONVNEXT_HPP
#define GLASSES_MODELS_CONVNEXT_HPP

#include <glasses/config.hpp>
#include <glasses/models/bounds.hpp>
#include <glasses/models/staged_backbone.hpp>

#include <torch/nn/modules/container/modulelist.h>

#include <cstdint>
#include <vector>

namespace glasses::models {

class ConvNeXt;

/// One entry per stage in each list, as torchvision's CNBlockConfig gives them; the defaults
/// are convnext_tiny's. Each field's doc and constraints are in GLASSES_FIELDS, after the
/// struct.
struct ConvNeXtConfig {
  std::vector<int64_t> widths = {96, 192, 384, 768};
  std::vector<int64_t> depths = {3, 3, 9, 3};
  double layer_scale = 1e-6;
  double stochastic_depth_prob = 0.1;
  double norm_eps = 1e-6;
  int64_t in_channels = 3;

  ConvNeXt build() const;
  /// The rule between fields: widths has one entry per stage, as many as depths has.
  void validate(std::vector<issue>& problems) const;
};
BOOST_DESCRIBE_STRUCT(ConvNeXtConfig, (),
                      (widths, depths, layer_scale, stochastic_depth_prob, norm_eps, in_channels))

GLASSES_FIELDS(ConvNeXtConfig,
               field(&ConvNeXtConfig::widths,
                     "channels of each stage's blocks; the stem gives the first, a downsampling layer each next one "
                     "(the blocks' MLPs are 4 times as wide)",
                     each(at_least(1), at_most(bounds::width))),
               field(&ConvNeXtConfig::depths, "blocks of each stage", not_empty(), max_length(bounds::stages),
                     each(at_least(1), at_most(bounds::blocks))),
               field(&ConvNeXtConfig::layer_scale,
                     "initial value of each block's per-channel scale of its residual branch", at_least(0.0),
                     at_most(1024.0)),
               field(&ConvNeXtConfig::stochastic_depth_prob,
                     "probability of dropping the last block's residual branch in training, growing linearly from "
                     "0 at the first block; none in eval (convnext_tiny: 0.1, small: 0.4, base and large: 0.5)",
                     at_least(0.0), at_most(1.0)),
               field(&ConvNeXtConfig::norm_eps, "epsilon of every layer norm", at_least(bounds::norm_eps),
                     less_than(1.0)),
               field(&ConvNeXtConfig::in_channels, "channels of the input images", at_least(1),
                     at_most(bounds::in_channels)));
GLASSES_REGISTER_CONFIG(ConvNeXtConfig, "convnext");

/// `features`: the stem, the stages and the downsampling layers between them. Forward
/// returns each stage's output. torchvision starts every convolution and linear layer
/// truncated normal with std 0.02 and zero bias, and each layer scale at layer_scale.
class ConvNeXtImpl : public StagedBackboneImpl {
 public:
  explicit ConvNeXtImpl(ConvNeXtConfig const& config);

  torch::nn::ModuleList features{nullptr};
};
TORCH_MODULE(ConvNeXt);

}  // namespace glasses::models

#endif
