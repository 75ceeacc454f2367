#include "invalid_field.hpp"
#include "truncated_normal.hpp"

#include <glasses/models/vit.hpp>
#include <glasses/nn/init.hpp>

#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>

#include <cmath>

// The fused attention of LibTorch 2 (scaled_dot_product_attention), found by its header.
#if __has_include(<ATen/ops/scaled_dot_product_attention.h>)
#include <ATen/ops/scaled_dot_product_attention.h>
#define GLASSES_FUSED_ATTENTION 1
#else
#define GLASSES_FUSED_ATTENTION 0
#endif

namespace glasses::models {
namespace {

/// What to set instead of `d`, which does not divide `n`: "; the nearest divisors are 6
/// and 8". Costs up to n steps, so callers pass n within its bound.
std::string nearest_divisors(int64_t n, int64_t d) {
  if (d > n) return "; the largest divisor is " + std::to_string(n);
  int64_t below = d - 1, above = d + 1;
  while (n % below != 0) --below;
  while (n % above != 0) ++above;
  return "; the nearest divisors are " + std::to_string(below) + " and " + std::to_string(above);
}

/// "must divide image_size (224), got 15; the nearest divisors are 14 and 16", or nothing
/// when `divisor` divides `size`. Sizes below 1 are the field rules' to report.
void require_divisor(std::vector<issue>& problems, char const* field, int64_t divisor, char const* of, int64_t size,
                     int64_t size_bound) {
  if (size < 1 || divisor < 1 || size % divisor == 0) return;
  std::string message =
      "must divide " + std::string(of) + " (" + std::to_string(size) + "), got " + std::to_string(divisor);
  if (size <= size_bound) message += nearest_divisors(size, divisor);
  problems.push_back({field, std::move(message)});
}

/// Pre-norm attention and MLP, each with a residual connection.
class EncoderBlockImpl : public torch::nn::Module {
 public:
  explicit EncoderBlockImpl(ViTConfig const& c)
      : ln_1(register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hidden_dim}).eps(1e-6)))),
        self_attention(register_module(
            "self_attention",
            torch::nn::MultiheadAttention(
                torch::nn::MultiheadAttentionOptions(c.hidden_dim, c.num_heads).dropout(c.attention_dropout)))),
        dropout(register_module("dropout", torch::nn::Dropout(c.dropout))),
        ln_2(register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hidden_dim}).eps(1e-6)))),
        mlp(register_module("mlp",
                            torch::nn::Sequential(nn::make_linear({c.hidden_dim, c.mlp_dim}, nn::weight_init::by_model),
                                                  torch::nn::GELU(), torch::nn::Dropout(c.dropout),
                                                  nn::make_linear({c.mlp_dim, c.hidden_dim}, nn::weight_init::by_model),
                                                  torch::nn::Dropout(c.dropout)))) {
    // torchvision's MLP block: Xavier-uniform weights, near-zero normal biases.
    nn::initialise([this] {
      torch::NoGradGuard no_grad;
      for (auto& module : mlp->children())
        if (auto* linear = module->as<torch::nn::Linear>()) {
          torch::nn::init::xavier_uniform_(linear->weight);
          torch::nn::init::normal_(linear->bias, 0.0, 1e-6);
        }
    });
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + dropout(attend(ln_1(x)));
    return x + mlp->forward(ln_2(x));
  }

  /// Self-attention over [batch, tokens, features], with the weights of `self_attention`
  /// (torchvision's names). LibTorch 2 has a fused kernel for its core; 1.13 has none, and
  /// computes it as its MultiheadAttention does: queries scaled, then two products.
  torch::Tensor attend(torch::Tensor const& x) {
    auto& attention = *self_attention;
    int64_t const batch = x.size(0), tokens = x.size(1), width = x.size(2);
    int64_t const heads = attention.options.num_heads(), head_width = width / heads;
    auto qkv = torch::nn::functional::linear(x, attention.in_proj_weight, attention.in_proj_bias)
                   .view({batch, tokens, 3, heads, head_width})
                   .permute({2, 0, 3, 1, 4});  // [query key value, batch, heads, tokens, head_width]
    double const dropout_p = is_training() ? attention.options.dropout() : 0.0;
#if GLASSES_FUSED_ATTENTION
    auto y = at::scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], {}, dropout_p);
#else
    auto scores = (qkv[0] * (1.0 / std::sqrt(static_cast<double>(head_width)))).matmul(qkv[1].transpose(-2, -1));
    auto y = torch::dropout(scores.softmax(-1), dropout_p, is_training()).matmul(qkv[2]);
#endif
    return attention.out_proj(y.transpose(1, 2).reshape({batch, tokens, width}));
  }

  torch::nn::LayerNorm ln_1;
  torch::nn::MultiheadAttention self_attention;
  torch::nn::Dropout dropout;
  torch::nn::LayerNorm ln_2;
  torch::nn::Sequential mlp;
};
TORCH_MODULE(EncoderBlock);

}  // namespace

ViTEncoderImpl::ViTEncoderImpl(ViTConfig const& c) {
  int64_t patches = (c.image_size / c.patch_size) * (c.image_size / c.patch_size);
  pos_embedding = register_parameter("pos_embedding", torch::empty({1, patches + 1, c.hidden_dim}).normal_(0, 0.02));
  dropout = register_module("dropout", torch::nn::Dropout(c.dropout));
  layers = torch::nn::Sequential();
  for (int64_t i = 0; i < c.num_layers; ++i) layers->push_back("encoder_layer_" + std::to_string(i), EncoderBlock(c));
  layers = register_module("layers", layers);
  ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hidden_dim}).eps(1e-6)));
}

torch::Tensor ViTEncoderImpl::forward(torch::Tensor tokens) {
  return ln(layers->forward(dropout(tokens + pos_embedding)));
}

VisionTransformer ViTConfig::build() const { return VisionTransformer(*this); }

void ViTConfig::validate(std::vector<issue>& problems) const {
  require_divisor(problems, "patch_size", patch_size, "image_size", image_size, bounds::image_size);
  require_divisor(problems, "num_heads", num_heads, "hidden_dim", hidden_dim, bounds::width);
}

VisionTransformerImpl::VisionTransformerImpl(ViTConfig const& c) : config_(c) {
  ensure_valid(c, "ViTConfig");
  conv_proj = register_module(
      "conv_proj",
      nn::make_conv2d(torch::nn::Conv2dOptions(c.in_channels, c.hidden_dim, c.patch_size).stride(c.patch_size),
                      nn::weight_init::by_model));
  class_token = register_parameter("class_token", torch::zeros({1, 1, c.hidden_dim}));
  encoder = register_module("encoder", ViTEncoder(c));
  // torchvision: a truncated normal patch projection scaled by its fan-in, zero bias.
  nn::initialise([this, fan_in = static_cast<double>(c.in_channels * c.patch_size * c.patch_size)] {
    torch::NoGradGuard no_grad;
    detail::truncated_normal_(conv_proj->weight, 0.0, std::sqrt(1.0 / fan_in), -2.0, 2.0);
    torch::nn::init::zeros_(conv_proj->bias);
  });
}

std::vector<torch::Tensor> VisionTransformerImpl::forward(torch::Tensor images) {
  nn::detail::check_images("ViTConfig", images, config_.in_channels, 1);
  if (images.dim() != 4 || images.size(2) != config_.image_size || images.size(3) != config_.image_size)
    detail::invalid_field{"VisionTransformer"}(
        "", "expected images of shape [batch, " + std::to_string(config_.in_channels) + ", " +
                std::to_string(config_.image_size) + ", " + std::to_string(config_.image_size) + "], got " +
                c10::str(images.sizes()) + "; set image_size in ViTConfig to the input's size");
  auto x = conv_proj(images).flatten(2).transpose(1, 2);  // [batch, patches, hidden]
  x = torch::cat({class_token.expand({x.size(0), -1, -1}), x}, 1);
  return {encoder(x)};
}

}  // namespace glasses::models
