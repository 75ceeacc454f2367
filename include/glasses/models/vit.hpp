// The Vision Transformer (Dosovitskiy et al. 2021), laid out as torchvision lays it out.
#ifndef GLASSES_MODELS_VIT_HPP
#define GLASSES_MODELS_VIT_HPP

#include <glasses/config.hpp>
#include <glasses/nn/module.hpp>

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/normalization.h>

#include <cstdint>

namespace glasses::models {

class VisionTransformer;

struct ViTConfig {
  int64_t image_size = 224;
  int64_t patch_size = 16;
  int64_t hidden_dim = 768;
  int64_t num_layers = 12;
  int64_t num_heads = 12;
  int64_t mlp_dim = 3072;
  double dropout = 0.0;
  double attention_dropout = 0.0;
  int64_t in_channels = 3;

  VisionTransformer build() const;
};
BOOST_DESCRIBE_STRUCT(ViTConfig, (),
                      (image_size, patch_size, hidden_dim, num_layers, num_heads, mlp_dim, dropout, attention_dropout,
                       in_channels))
GLASSES_REGISTER_CONFIG(ViTConfig, "vit");

/// The transformer encoder: position embeddings, `layers` (encoder_layer_0, ...), `ln`.
class ViTEncoderImpl : public torch::nn::Module {
 public:
  explicit ViTEncoderImpl(ViTConfig const& config);
  torch::Tensor forward(torch::Tensor tokens);

  torch::Tensor pos_embedding;
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Sequential layers{nullptr};
  torch::nn::LayerNorm ln{nullptr};
};
TORCH_MODULE(ViTEncoder);

/// Patchifies with `conv_proj`, prepends `class_token`, and encodes. Its one stage is the
/// encoded token sequence, [batch, 1 + patches, hidden_dim]; the class token comes first.
class VisionTransformerImpl : public nn::BackboneImpl {
 public:
  explicit VisionTransformerImpl(ViTConfig const& config);
  std::vector<torch::Tensor> forward(torch::Tensor images) override;
  std::vector<int64_t> stage_channels() const override { return {config_.hidden_dim}; }

  torch::nn::Conv2d conv_proj{nullptr};
  torch::Tensor class_token;
  ViTEncoder encoder{nullptr};

 private:
  ViTConfig config_;
};
TORCH_MODULE(VisionTransformer);

}  // namespace glasses::models

#endif
