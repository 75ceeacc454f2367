// Classification heads. Their input width comes from the backbone (ImageClassifierConfig
// passes it to build), so no config repeats it.
#ifndef GLASSES_MODELS_HEADS_HPP
#define GLASSES_MODELS_HEADS_HPP

#include <glasses/config.hpp>
#include <glasses/models/bounds.hpp>
#include <glasses/nn/init.hpp>
#include <glasses/nn/module.hpp>

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

namespace glasses::models {

/// Global average pooling of the last feature map, then a linear layer `fc` (ResNet's head),
/// whose weight is LibTorch's default unless `fc_weight` says the caller fills it.
class PooledLinearHeadImpl : public nn::HeadImpl {
 public:
  PooledLinearHeadImpl(int64_t in_channels, int64_t num_classes, double dropout,
                       nn::weight_init fc_weight = nn::weight_init::layer_default);
  torch::Tensor forward(std::vector<torch::Tensor> const& features) override;

  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(PooledLinearHead);

struct PooledLinearHeadConfig {
  double dropout = 0.0;
  PooledLinearHead build(int64_t in_channels, int64_t num_classes) const;
};
BOOST_DESCRIBE_STRUCT(PooledLinearHeadConfig, (), (dropout))
GLASSES_FIELDS(PooledLinearHeadConfig, field(&PooledLinearHeadConfig::dropout,
                                             "dropout probability before the linear layer", at_least(0.0),
                                             less_than(1.0)));
GLASSES_REGISTER_CONFIG(PooledLinearHeadConfig, "pooled_linear");

/// The class token of a token sequence, then a linear layer `head` (ViT's head).
class ClassTokenHeadImpl : public nn::HeadImpl {
 public:
  ClassTokenHeadImpl(int64_t in_channels, int64_t num_classes);
  torch::Tensor forward(std::vector<torch::Tensor> const& features) override;
  nn::features_layout takes() const override { return nn::features_layout::tokens; }

  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(ClassTokenHead);

struct ClassTokenHeadConfig {
  ClassTokenHead build(int64_t in_channels, int64_t num_classes) const;
};
BOOST_DESCRIBE_STRUCT(ClassTokenHeadConfig, (), ())
GLASSES_REGISTER_CONFIG(ClassTokenHeadConfig, "class_token");

/// Global average pooling of the last feature map, then `classifier`: dropout (`0`) and a
/// linear layer (`1`) (EfficientNet's head; torchvision starts the linear layer uniform in
/// +-1/sqrt(num_classes), with zero bias).
class DropoutLinearHeadImpl : public nn::HeadImpl {
 public:
  DropoutLinearHeadImpl(int64_t in_channels, int64_t num_classes, double dropout);
  torch::Tensor forward(std::vector<torch::Tensor> const& features) override;

  torch::nn::Sequential classifier{nullptr};
};
TORCH_MODULE(DropoutLinearHead);

struct DropoutLinearHeadConfig {
  double dropout = 0.2;
  DropoutLinearHead build(int64_t in_channels, int64_t num_classes) const;
};
BOOST_DESCRIBE_STRUCT(DropoutLinearHeadConfig, (), (dropout))
GLASSES_FIELDS(DropoutLinearHeadConfig,
               field(&DropoutLinearHeadConfig::dropout,
                     "dropout probability before the linear layer (torchvision's EfficientNet-B0: 0.2 ... B7: 0.5)",
                     at_least(0.0), less_than(1.0)));
GLASSES_REGISTER_CONFIG(DropoutLinearHeadConfig, "dropout_linear");

/// Global average pooling of the last feature map, then `classifier`: a linear layer to
/// hidden_width (`0`), hard swish (`1`), dropout (`2`) and a linear layer (`3`)
/// (MobileNetV3's head; torchvision starts both linear layers normal with std 0.01, with
/// zero biases).
class TwoLayerHeadImpl : public nn::HeadImpl {
 public:
  TwoLayerHeadImpl(int64_t in_channels, int64_t num_classes, int64_t hidden_width, double dropout);
  torch::Tensor forward(std::vector<torch::Tensor> const& features) override;

  torch::nn::Sequential classifier{nullptr};
};
TORCH_MODULE(TwoLayerHead);

struct TwoLayerHeadConfig {
  int64_t hidden_width = 1280;
  double dropout = 0.2;
  TwoLayerHead build(int64_t in_channels, int64_t num_classes) const;
};
BOOST_DESCRIBE_STRUCT(TwoLayerHeadConfig, (), (hidden_width, dropout))
GLASSES_FIELDS(TwoLayerHeadConfig,
               field(&TwoLayerHeadConfig::hidden_width,
                     "output width of the first linear layer (mobilenet_v3_large: 1280, mobilenet_v3_small: 1024)",
                     at_least(1), at_most(bounds::width)),
               field(&TwoLayerHeadConfig::dropout, "dropout probability before the last linear layer",
                     at_least(0.0), less_than(1.0)));
GLASSES_REGISTER_CONFIG(TwoLayerHeadConfig, "two_layer");

/// Global average pooling of the last feature map, then `classifier`: a LayerNorm2d (`0`),
/// flatten (`1`) and a linear layer (`2`) (ConvNeXt's head; torchvision starts the linear
/// layer truncated normal with std 0.02, with zero bias).
class LayerNormLinearHeadImpl : public nn::HeadImpl {
 public:
  LayerNormLinearHeadImpl(int64_t in_channels, int64_t num_classes, double norm_eps);
  torch::Tensor forward(std::vector<torch::Tensor> const& features) override;

  torch::nn::Sequential classifier{nullptr};
};
TORCH_MODULE(LayerNormLinearHead);

struct LayerNormLinearHeadConfig {
  double norm_eps = 1e-6;
  LayerNormLinearHead build(int64_t in_channels, int64_t num_classes) const;
};
BOOST_DESCRIBE_STRUCT(LayerNormLinearHeadConfig, (), (norm_eps))
GLASSES_FIELDS(LayerNormLinearHeadConfig, field(&LayerNormLinearHeadConfig::norm_eps,
                                                "epsilon of the layer norm before the linear layer",
                                                at_least(bounds::norm_eps), less_than(1.0)));
GLASSES_REGISTER_CONFIG(LayerNormLinearHeadConfig, "layer_norm_linear");

/// PooledLinearHead (`fc`) as RegNet starts it: torchvision draws its weights normal with a
/// small std and zeroes its bias, where ResNet keeps PyTorch's default uniform start.
struct NormalLinearHeadConfig {
  double dropout = 0.0;
  double init_std = 0.01;
  PooledLinearHead build(int64_t in_channels, int64_t num_classes) const;
};
BOOST_DESCRIBE_STRUCT(NormalLinearHeadConfig, (), (dropout, init_std))
GLASSES_FIELDS(NormalLinearHeadConfig,
               field(&NormalLinearHeadConfig::dropout, "dropout probability before the linear layer",
                     at_least(0.0), less_than(1.0)),
               field(&NormalLinearHeadConfig::init_std, "std of the linear layer's initial weights",
                     greater_than(0.0), at_most(1024.0)));
GLASSES_REGISTER_CONFIG(NormalLinearHeadConfig, "normal_linear");

}  // namespace glasses::models

#endif
