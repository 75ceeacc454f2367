// The block that MobileNetV3 and EfficientNet share, laid out as torchvision 0.14 lays it
// out so that state dicts map 1:1: the inverted residual (`block`: expand, depthwise,
// squeeze-and-excitation, project). Private to src/models.
#ifndef GLASSES_SRC_MODELS_INVERTED_RESIDUAL_HPP
#define GLASSES_SRC_MODELS_INVERTED_RESIDUAL_HPP

#include "conv_layers.hpp"

#include <torch/nn/modules/container/sequential.h>

#include <cstdint>

namespace glasses::models::detail {

/// One inverted residual's settings, as torchvision's block configs give them.
struct inverted_residual_settings {
  int64_t in = 0;
  int64_t expanded = 0;
  int64_t out = 0;
  int64_t kernel = 3;
  int64_t stride = 1;
  activation act = activation::relu;
  int64_t squeeze = 0;  ///< squeeze-and-excitation's width; 0: none
  activation squeeze_activation = activation::relu;
  activation squeeze_scale = activation::hardsigmoid;
  norm_options norm;
  double stochastic_depth = 0.0;  ///< probability of dropping the residual branch of a row
};

/// `block`, the expand (when expanded != in), depthwise, squeeze-and-excitation (when
/// squeeze > 0) and project layers; a residual connection when the stride is 1 and the
/// width stays, whose branch stochastic depth drops in training (identity in eval).
class InvertedResidualImpl : public torch::nn::Module {
 public:
  explicit InvertedResidualImpl(inverted_residual_settings const& s)
      : residual_(s.stride == 1 && s.in == s.out), stochastic_depth_(s.stochastic_depth) {
    torch::nn::Sequential layers;
    if (s.expanded != s.in) layers->push_back(ConvNormActivation(s.in, s.expanded, 1, 1, 1, s.norm, s.act));
    layers->push_back(ConvNormActivation(s.expanded, s.expanded, s.kernel, s.stride, s.expanded, s.norm, s.act));
    if (s.squeeze > 0)
      layers->push_back(SqueezeExcitation(s.expanded, s.squeeze, s.squeeze_activation, s.squeeze_scale));
    layers->push_back(ConvNormActivation(s.expanded, s.out, 1, 1, 1, s.norm, activation::none));
    block = register_module("block", layers);
  }
  torch::Tensor forward(torch::Tensor x) {
    auto y = block->forward(x);
    if (!residual_) return y;
    return drop_rows(y, stochastic_depth_, is_training()) + x;
  }

  torch::nn::Sequential block{nullptr};

 private:
  bool residual_;
  double stochastic_depth_;
};
TORCH_MODULE(InvertedResidual);

}  // namespace glasses::models::detail

#endif
