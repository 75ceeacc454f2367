// What ConvNeXt's backbone and its head share: torchvision's LayerNorm2d and its
// truncated-normal initialisation. Private to src/models.
#ifndef GLASSES_SRC_MODELS_CONVNEXT_LAYERS_HPP
#define GLASSES_SRC_MODELS_CONVNEXT_LAYERS_HPP

#include "truncated_normal.hpp"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cmath>
#include <cstdint>

namespace glasses::models::detail {

/// A layer norm over the channels of [batch, channels, height, width] maps, with `weight`
/// and `bias` as torchvision's LayerNorm2d has them.
class LayerNorm2dImpl : public torch::nn::Module {
 public:
  LayerNorm2dImpl(int64_t channels, double eps)
      : weight(register_parameter("weight", torch::ones({channels}))),
        bias(register_parameter("bias", torch::zeros({channels}))),
        eps_(eps) {}
  torch::Tensor forward(torch::Tensor x) {
    return torch::layer_norm(x.permute({0, 2, 3, 1}), {weight.size(0)}, weight, bias, eps_).permute({0, 3, 1, 2});
  }

  torch::Tensor weight;
  torch::Tensor bias;

 private:
  double eps_;
};
TORCH_MODULE(LayerNorm2d);

/// torch.nn.init.trunc_normal_(weight, std=std): cut at +-2, a hundred std for ConvNeXt's 0.02.
inline void trunc_normal_(torch::Tensor weight, double std) { truncated_normal_(weight, 0.0, std, -2.0, 2.0); }

}  // namespace glasses::models::detail

#endif
