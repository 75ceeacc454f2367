// MobileNetV3 (Howard et al. 2019), laid out as torchvision 0.14 lays it out, so that state
// dicts map 1:1: `features.0` the stem, `features.1` ... one inverted residual a block
// (`features.<i>.block.<j>`), then the last 1x1 convolution.
#ifndef GLASSES_MODELS_MOBILENET_V3_HPP
#define GLASSES_MODELS_MOBILENET_V3_HPP

#include <glasses/config.hpp>
#include <glasses/models/bounds.hpp>
#include <glasses/models/staged_backbone.hpp>

#include <torch/nn/modules/container/modulelist.h>

#include <cstdint>
#include <vector>

namespace glasses::models {

/// The nonlinearity of a MobileNetV3 block: ReLU ("RE" in the paper) or hard swish ("HS").
enum class MobileNetV3Activation { relu, hardswish };
BOOST_DESCRIBE_ENUM(MobileNetV3Activation, relu, hardswish)

class MobileNetV3;

/// One entry per block in each list, as torchvision's inverted_residual_setting has them;
/// the defaults are mobilenet_v3_large's. Each field's doc and constraints are in
/// GLASSES_FIELDS, after the struct.
struct MobileNetV3Config {
  std::vector<int64_t> kernels = {3, 3, 3, 5, 5, 5, 3, 3, 3, 3, 3, 3, 5, 5, 5};
  std::vector<int64_t> expanded_channels = {16, 64, 72, 72, 120, 120, 240, 200, 184, 184, 480, 672, 672, 960, 960};
  std::vector<int64_t> out_channels = {16, 24, 24, 40, 40, 40, 80, 80, 80, 80, 112, 112, 160, 160, 160};
  std::vector<bool> squeeze_excitation = {false, false, false, true,  true,  true,  false, false,
                                          false, false, true,  true,  true,  true,  true};
  std::vector<MobileNetV3Activation> activations = {
      MobileNetV3Activation::relu,      MobileNetV3Activation::relu,      MobileNetV3Activation::relu,
      MobileNetV3Activation::relu,      MobileNetV3Activation::relu,      MobileNetV3Activation::relu,
      MobileNetV3Activation::hardswish, MobileNetV3Activation::hardswish, MobileNetV3Activation::hardswish,
      MobileNetV3Activation::hardswish, MobileNetV3Activation::hardswish, MobileNetV3Activation::hardswish,
      MobileNetV3Activation::hardswish, MobileNetV3Activation::hardswish, MobileNetV3Activation::hardswish};
  std::vector<int64_t> strides = {1, 2, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 2, 1, 1};
  int64_t stem_width = 16;
  int64_t last_conv_channels = 960;
  int64_t in_channels = 3;
  double norm_eps = 0.001;
  double norm_momentum = 0.01;

  MobileNetV3 build() const;
  /// The rule between fields: every per-block list has one entry per block, as many as
  /// out_channels has.
  void validate(std::vector<issue>& problems) const;
};
BOOST_DESCRIBE_STRUCT(MobileNetV3Config, (),
                      (kernels, expanded_channels, out_channels, squeeze_excitation, activations, strides, stem_width,
                       last_conv_channels, in_channels, norm_eps, norm_momentum))

GLASSES_FIELDS(MobileNetV3Config,
               field(&MobileNetV3Config::kernels, "kernel size of each block's depthwise convolution",
                     each(at_least(1), at_most(bounds::kernel_size),
                          satisfies([](int64_t k) { return k % 2 != 0; }, "odd"))),
               field(&MobileNetV3Config::expanded_channels,
                     "channels of each block's depthwise convolution; a block expands with a 1x1 convolution "
                     "when they differ from its input's",
                     each(at_least(1), at_most(bounds::width))),
               field(&MobileNetV3Config::out_channels,
                     "channels each block outputs; its list gives the number of blocks", not_empty(),
                     max_length(bounds::blocks), each(at_least(1), at_most(bounds::width))),
               field(&MobileNetV3Config::squeeze_excitation,
                     "whether each block has squeeze-and-excitation (a quarter of the expanded channels, rounded "
                     "to a multiple of 8, and a hard sigmoid)"),
               field(&MobileNetV3Config::activations, "the nonlinearity of each block: relu or hardswish"),
               field(&MobileNetV3Config::strides, "stride of each block's depthwise convolution; a block has a "
                                                  "residual connection when it is 1 and the channels stay",
                     each(at_least(1), at_most(2))),
               field(&MobileNetV3Config::stem_width, "output channels of the stem's 3x3 convolution (stride 2)",
                     at_least(1), at_most(bounds::width)),
               field(&MobileNetV3Config::last_conv_channels,
                     "output channels of the last 1x1 convolution, the last stage's (torchvision: 6 times the "
                     "last block's)",
                     at_least(1), at_most(bounds::width)),
               field(&MobileNetV3Config::in_channels, "channels of the input images", at_least(1),
                     at_most(bounds::in_channels)),
               field(&MobileNetV3Config::norm_eps, "epsilon of every batch norm", at_least(bounds::norm_eps),
                     less_than(1.0)),
               field(&MobileNetV3Config::norm_momentum, "momentum of every batch norm's running statistics",
                     at_least(0.0), at_most(1.0)));
GLASSES_REGISTER_CONFIG(MobileNetV3Config, "mobilenet_v3");

/// `features`: the stem (3x3, stride 2, hard swish), one inverted residual a block, and the
/// last 1x1 convolution (hard swish). Forward returns a stage at each resolution: the
/// features before each block that downsamples, and the last convolution's output.
class MobileNetV3Impl : public StagedBackboneImpl {
 public:
  explicit MobileNetV3Impl(MobileNetV3Config const& config);

  torch::nn::ModuleList features{nullptr};
};
TORCH_MODULE(MobileNetV3);

}  // namespace glasses::models

#endif
