// Classification heads. Their input width comes from the backbone (ImageClassifierConfig
// passes it to build), so no config repeats it.
#ifndef GLASSES_MODELS_HEADS_HPP
#define GLASSES_MODELS_HEADS_HPP

#include <glasses/config.hpp>
#include <glasses/nn/module.hpp>

#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

namespace glasses::models {

/// Global average pooling of the last feature map, then a linear layer `fc` (ResNet's head).
class PooledLinearHeadImpl : public nn::HeadImpl {
 public:
  PooledLinearHeadImpl(int64_t in_channels, int64_t num_classes, double dropout);
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

  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(ClassTokenHead);

struct ClassTokenHeadConfig {
  ClassTokenHead build(int64_t in_channels, int64_t num_classes) const;
};
BOOST_DESCRIBE_STRUCT(ClassTokenHeadConfig, (), ())
GLASSES_REGISTER_CONFIG(ClassTokenHeadConfig, "class_token");

}  // namespace glasses::models

#endif
