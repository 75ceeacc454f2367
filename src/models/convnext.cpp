#include "config_rules.hpp"
#include "conv_layers.hpp"
#include "convnext_layers.hpp"

#include <glasses/models/convnext.hpp>

#include <torch/nn/modules/container/functional.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

namespace glasses::models {
namespace {

/// torchvision's CNBlock: `block` (7x7 depthwise convolution, channels last, layer norm, the
/// MLP with GELU, channels first) scaled per channel by `layer_scale`, dropped by stochastic
/// depth in training, plus the input.
class BlockImpl : public torch::nn::Module {
 public:
  BlockImpl(int64_t channels, ConvNeXtConfig const& c, double stochastic_depth)
      : layer_scale(register_parameter("layer_scale", torch::full({channels, 1, 1}, c.layer_scale))),
        stochastic_depth_(stochastic_depth) {
    auto permute = [](std::vector<int64_t> order) {
      return torch::nn::Functional([order](torch::Tensor x) { return x.permute(order); });
    };
    block = register_module(
        "block",
        torch::nn::Sequential(
            nn::make_conv2d(torch::nn::Conv2dOptions(channels, channels, 7).padding(3).groups(channels),
                            nn::weight_init::by_model),
            permute({0, 2, 3, 1}), torch::nn::LayerNorm(torch::nn::LayerNormOptions({channels}).eps(c.norm_eps)),
            nn::make_linear({channels, 4 * channels}, nn::weight_init::by_model),
            torch::nn::Functional([](torch::Tensor x) { return torch::gelu(x); }),
            nn::make_linear({4 * channels, channels}, nn::weight_init::by_model), permute({0, 3, 1, 2})));
  }
  torch::Tensor forward(torch::Tensor x) {
    return detail::drop_rows(layer_scale * block->forward(x), stochastic_depth_, is_training()) + x;
  }

  torch::Tensor layer_scale;
  torch::nn::Sequential block{nullptr};

 private:
  double stochastic_depth_;
};
TORCH_MODULE(Block);

/// torchvision's initialisation: truncated normal (std 0.02) weights of every convolution
/// and linear layer, zero biases; through nn::initialise, as from_pretrained may skip it.
void init_weights(torch::nn::Module& model) {
  nn::initialise([&model] {
    torch::NoGradGuard no_grad;
    auto init = [](torch::Tensor& weight, torch::Tensor& bias) {
      detail::trunc_normal_(weight, 0.02);
      bias.zero_();
    };
    for (auto& module : model.modules(/*include_self=*/false)) {
      if (auto* convolution = module->as<torch::nn::Conv2d>()) init(convolution->weight, convolution->bias);
      if (auto* linear = module->as<torch::nn::Linear>()) init(linear->weight, linear->bias);
    }
  });
}

}  // namespace

ConvNeXt ConvNeXtConfig::build() const { return ConvNeXt(*this); }

void ConvNeXtConfig::validate(std::vector<issue>& problems) const {
  detail::one_entry_per{problems, "stage", "depths", depths.size()}("widths", widths.size());
  // The stem downsamples by 4 and each later stage by 2, without padding: 16 stages need
  // images of 2^17 pixels a side, more than any glasses takes.
  if (int64_t side = 4; !depths.empty()) {
    for (std::size_t stage = 1; stage < depths.size(); ++stage) side *= 2;
    if (side > bounds::image_size)
      problems.push_back({"depths", std::to_string(depths.size()) + " stages downsample images by " +
                                        std::to_string(side) + " without padding, more than the " +
                                        std::to_string(bounds::image_size) +
                                        " pixels a side an image may have; use at most 15 stages"});
  }
}

ConvNeXtImpl::ConvNeXtImpl(ConvNeXtConfig const& c) {
  ensure_valid(c, "ConvNeXtConfig");
  features = register_module("features", torch::nn::ModuleList());
  auto add = [&](auto module, int64_t stride, int64_t out) { features->push_back(then(module, stride, out)); };
  add(torch::nn::Sequential(
          nn::make_conv2d(torch::nn::Conv2dOptions(c.in_channels, c.widths[0], 4).stride(4), nn::weight_init::by_model),
          detail::LayerNorm2d(c.widths[0], c.norm_eps)),
      4, c.widths[0]);
  int64_t total_blocks = 0;
  for (int64_t depth : c.depths) total_blocks += depth;
  // torchvision's rule: from 0 at the first block to stochastic_depth_prob at the last.
  double const step = total_blocks > 1 ? c.stochastic_depth_prob / static_cast<double>(total_blocks - 1) : 0.0;
  int64_t block_index = 0;
  for (std::size_t stage = 0; stage < c.depths.size(); ++stage) {
    int64_t const width = c.widths[stage];
    if (stage > 0)
      add(torch::nn::Sequential(detail::LayerNorm2d(c.widths[stage - 1], c.norm_eps),
                                nn::make_conv2d(torch::nn::Conv2dOptions(c.widths[stage - 1], width, 2).stride(2),
                                                nn::weight_init::by_model)),
          2, width);
    torch::nn::Sequential blocks;
    for (int64_t i = 0; i < c.depths[stage]; ++i, ++block_index)
      blocks->push_back(Block(width, c, step * static_cast<double>(block_index)));
    add(blocks, 1, width);
  }
  end_stages("ConvNeXtConfig", c.in_channels, downsampling());
  init_weights(*this);
}

}  // namespace glasses::models
