// ResNet, ResNeXt and Wide ResNet (He et al. 2016; Xie et al. 2017; Zagoruyko and
// Komodakis 2016), laid out as torchvision lays them out, so that state dicts map 1:1.
#ifndef GLASSES_MODELS_RESNET_HPP
#define GLASSES_MODELS_RESNET_HPP

#include <glasses/config.hpp>
#include <glasses/models/bounds.hpp>
#include <glasses/nn/module.hpp>

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/pooling.h>

#include <cstdint>
#include <vector>

namespace glasses::models {

enum class ResNetBlock { basic, bottleneck };
BOOST_DESCRIBE_ENUM(ResNetBlock, basic, bottleneck)

class ResNetImpl;
class ResNet;

/// Each field's doc and constraints are in GLASSES_FIELDS, after the struct.
struct ResNetConfig {
  ResNetBlock block = ResNetBlock::bottleneck;
  std::vector<int64_t> depths = {3, 4, 6, 3};
  std::vector<int64_t> widths = {64, 128, 256, 512};
  int64_t groups = 1;
  int64_t width_per_group = 64;
  int64_t in_channels = 3;
  int64_t stem_width = 64;
  bool zero_init_residual = false;

  ResNet build() const;
  /// The rules between fields: one width per stage; a basic block only with groups=1 and
  /// width_per_group=64; a bottleneck's 3x3 convolution between 1 channel per group and
  /// bounds::width channels.
  void validate(std::vector<issue>& problems) const;
};
BOOST_DESCRIBE_STRUCT(ResNetConfig, (),
                      (block, depths, widths, groups, width_per_group, in_channels, stem_width, zero_init_residual))
GLASSES_FIELDS(ResNetConfig,
               field(&ResNetConfig::block,
                     "basic (two 3x3 convolutions, resnet18/34) or bottleneck (1x1, 3x3, 1x1, expansion 4)"),
               field(&ResNetConfig::depths, "blocks per stage", not_empty(), max_length(bounds::stages),
                     each(at_least(1), at_most(bounds::blocks))),
               field(&ResNetConfig::widths, "planes of each stage; a bottleneck stage outputs 4 times as many channels",
                     each(at_least(1), at_most(bounds::width))),
               field(&ResNetConfig::groups, "groups of the 3x3 convolution (ResNeXt's cardinality)", at_least(1),
                     at_most(bounds::width)),
               field(&ResNetConfig::width_per_group,
                     "channels per group of a bottleneck's 3x3 convolution at 64 planes (Wide ResNet: 128)",
                     at_least(1), at_most(bounds::width)),
               field(&ResNetConfig::in_channels, "channels of the input images", at_least(1),
                     at_most(bounds::in_channels)),
               field(&ResNetConfig::stem_width, "output channels of the stem's 7x7 convolution", at_least(1),
                     at_most(bounds::width)),
               field(&ResNetConfig::zero_init_residual,
                     "start each residual branch's last batch norm at zero, so that blocks begin as identities"));
GLASSES_REGISTER_CONFIG(ResNetConfig, "resnet");

/// The stem (conv1, bn1, maxpool) and four stages `layer1`..`layer4`; forward returns the
/// output of each stage.
class ResNetImpl : public nn::BackboneImpl {
 public:
  explicit ResNetImpl(ResNetConfig const& config);
  std::vector<torch::Tensor> forward(torch::Tensor images) override;
  std::vector<int64_t> stage_channels() const override { return channels_; }

 private:
  void init_weights(bool zero_init_residual);

  torch::nn::Conv2d conv1{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr};
  torch::nn::MaxPool2d maxpool{nullptr};
  std::vector<torch::nn::Sequential> stages_;
  std::vector<int64_t> channels_;
};
TORCH_MODULE(ResNet);

}  // namespace glasses::models

#endif
