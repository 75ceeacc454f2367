// ResNet, ResNeXt and Wide ResNet (He et al. 2016; Xie et al. 2017; Zagoruyko and
// Komodakis 2016), laid out as torchvision lays them out, so that state dicts map 1:1.
#ifndef GLASSES_MODELS_RESNET_HPP
#define GLASSES_MODELS_RESNET_HPP

#include <glasses/config.hpp>
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

struct ResNetConfig {
  /// `basic` (two 3x3 convolutions, resnet18/34) or `bottleneck` (1x1, 3x3, 1x1, expansion 4).
  ResNetBlock block = ResNetBlock::bottleneck;
  /// Blocks per stage.
  std::vector<int64_t> depths = {3, 4, 6, 3};
  /// The planes of each stage; a bottleneck stage outputs 4 times as many channels.
  std::vector<int64_t> widths = {64, 128, 256, 512};
  /// Groups of the 3x3 convolution (ResNeXt's cardinality).
  int64_t groups = 1;
  /// Channels per group of a bottleneck's 3x3 convolution at 64 planes (Wide ResNet: 128).
  int64_t width_per_group = 64;
  int64_t in_channels = 3;
  int64_t stem_width = 64;
  /// Starts each residual branch's last batch norm at zero, so that blocks begin as identities.
  bool zero_init_residual = false;

  ResNet build() const;
};
BOOST_DESCRIBE_STRUCT(ResNetConfig, (),
                      (block, depths, widths, groups, width_per_group, in_channels, stem_width, zero_init_residual))
GLASSES_REGISTER_CONFIG(ResNetConfig, "resnet");

/// The stem (conv1, bn1, maxpool) and four stages `layer1`..`layer4`; forward returns the
/// output of each stage.
class ResNetImpl : public nn::BackboneImpl {
 public:
  explicit ResNetImpl(ResNetConfig const& config);
  std::vector<torch::Tensor> forward(torch::Tensor images) override;
  std::vector<int64_t> stage_channels() const override { return channels_; }

 private:
  torch::nn::Conv2d conv1{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr};
  torch::nn::MaxPool2d maxpool{nullptr};
  std::vector<torch::nn::Sequential> stages_;
  std::vector<int64_t> channels_;
};
TORCH_MODULE(ResNet);

}  // namespace glasses::models

#endif
