// The Vision Transformer (Dosovitskiy et al. 2021), laid out as torchvision lays it out.
#ifndef GLASSES_MODELS_VIT_HPP
#define GLASSES_MODELS_VIT_HPP

#include <glasses/config.hpp>
#include <glasses/models/bounds.hpp>
#include <glasses/nn/module.hpp>

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/normalization.h>

#include <cstdint>
#include <vector>

namespace glasses::models {

class VisionTransformer;

/// Each field's doc and constraints are in GLASSES_FIELDS, after the struct.
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
  /// The rules between fields: patch_size divides image_size, num_heads divides hidden_dim.
  void validate(std::vector<issue>& problems) const;
};
BOOST_DESCRIBE_STRUCT(ViTConfig, (),
                      (image_size, patch_size, hidden_dim, num_layers, num_heads, mlp_dim, dropout, attention_dropout,
                       in_channels))
GLASSES_FIELDS(ViTConfig,
               field(&ViTConfig::image_size, "height and width of the input images, in pixels", at_least(1),
                     at_most(bounds::image_size)),
               field(&ViTConfig::patch_size, "height and width of the square patches; must divide image_size",
                     at_least(1), at_most(bounds::patch_size)),
               field(&ViTConfig::hidden_dim, "width of each token; num_heads must divide it", at_least(1),
                     at_most(bounds::width)),
               field(&ViTConfig::num_layers, "encoder blocks", at_least(1), at_most(bounds::blocks)),
               field(&ViTConfig::num_heads, "attention heads of each encoder block", at_least(1),
                     at_most(bounds::width)),
               field(&ViTConfig::mlp_dim, "hidden width of each encoder block's MLP", at_least(1),
                     at_most(bounds::width)),
               field(&ViTConfig::dropout, "dropout probability after the position embedding, attention and MLP layers",
                     at_least(0.0), less_than(1.0)),
               field(&ViTConfig::attention_dropout, "dropout probability of the attention weights", at_least(0.0),
                     less_than(1.0)),
               field(&ViTConfig::in_channels, "channels of the input images", at_least(1),
                     at_most(bounds::in_channels)));
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
  nn::features_layout layout() const override { return nn::features_layout::tokens; }

  torch::nn::Conv2d conv_proj{nullptr};
  torch::Tensor class_token;
  ViTEncoder encoder{nullptr};

 private:
  ViTConfig config_;
};
TORCH_MODULE(VisionTransformer);

}  // namespace glasses::models

#endif
