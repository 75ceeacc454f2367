// The blocks that MobileNetV3 and EfficientNet share, laid out as torchvision 0.14 lays
// them out so that state dicts map 1:1: Conv2dNormActivation (`0` the convolution, `1` the
// batch norm; the activation has no parameters), SqueezeExcitation (`fc1`, `fc2`), and the
// inverted residual (`block`: expand, depthwise, squeeze-and-excitation, project).
// Private to src/models.
#ifndef GLASSES_SRC_MODELS_INVERTED_RESIDUAL_HPP
#define GLASSES_SRC_MODELS_INVERTED_RESIDUAL_HPP

#include <torch/nn/init.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace glasses::models::detail {

enum class activation { none, relu, hardswish, silu, sigmoid, hardsigmoid };

inline torch::Tensor activate(activation a, torch::Tensor x) {
  switch (a) {
    case activation::none: return x;
    case activation::relu: return torch::relu(x);
    case activation::hardswish: return torch::hardswish(x);
    case activation::silu: return torch::silu(x);
    case activation::sigmoid: return torch::sigmoid(x);
    case activation::hardsigmoid: return torch::hardsigmoid(x);
  }
  return x;
}

/// The batch norms' options (torchvision's EfficientNet-B5..B7 and MobileNetV3 change them).
struct norm_options {
  double eps = 1e-5;
  double momentum = 0.1;
};

/// A convolution without bias (padding (kernel - 1) / 2), a batch norm, an activation.
class ConvNormActivationImpl : public torch::nn::Module {
 public:
  ConvNormActivationImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t groups, norm_options n,
                         activation a)
      : conv(register_module("0", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                                        .stride(stride)
                                                        .padding((kernel - 1) / 2)
                                                        .groups(groups)
                                                        .bias(false)))),
        norm(register_module("1", torch::nn::BatchNorm2d(
                                      torch::nn::BatchNorm2dOptions(out).eps(n.eps).momentum(n.momentum)))),
        activation_(a) {}
  torch::Tensor forward(torch::Tensor x) { return activate(activation_, norm(conv(x))); }

  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d norm;

 private:
  activation activation_;
};
TORCH_MODULE(ConvNormActivation);

/// Squeeze-and-excitation (Hu et al. 2018): pool, `fc1` (1x1), activation, `fc2` (1x1),
/// scale activation, times the input.
class SqueezeExcitationImpl : public torch::nn::Module {
 public:
  SqueezeExcitationImpl(int64_t channels, int64_t squeeze, activation a, activation scale)
      : fc1(register_module("fc1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, squeeze, 1)))),
        fc2(register_module("fc2", torch::nn::Conv2d(torch::nn::Conv2dOptions(squeeze, channels, 1)))),
        activation_(a),
        scale_(scale) {}
  torch::Tensor forward(torch::Tensor x) {
    auto s = torch::adaptive_avg_pool2d(x, {1, 1});
    return activate(scale_, fc2(activate(activation_, fc1(s)))) * x;
  }

  torch::nn::Conv2d fc1;
  torch::nn::Conv2d fc2;

 private:
  activation activation_;
  activation scale_;
};
TORCH_MODULE(SqueezeExcitation);

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
    if (is_training() && stochastic_depth_ > 0.0) {
      // torchvision's StochasticDepth(p, "row"): drop the branch of whole rows of the batch.
      double const survival = 1.0 - stochastic_depth_;
      auto keep = torch::empty({y.size(0), 1, 1, 1}, y.options()).bernoulli_(survival);
      if (survival > 0.0) keep.div_(survival);
      y = y * keep;
    }
    return y + x;
  }

  torch::nn::Sequential block{nullptr};

 private:
  bool residual_;
  double stochastic_depth_;
};
TORCH_MODULE(InvertedResidual);

/// torchvision's _make_divisible(value, 8): the nearest multiple of 8, at least 8 and at
/// least 90% of value.
inline int64_t make_divisible(double value, int64_t divisor = 8) {
  int64_t const nearest = static_cast<int64_t>(value + static_cast<double>(divisor) / 2) / divisor * divisor;
  int64_t rounded = std::max(divisor, nearest);
  if (static_cast<double>(rounded) < 0.9 * value) rounded += divisor;
  return rounded;
}

/// torchvision's initialisation of both families' convolutions and batch norms: He-normal
/// (fan out) weights and zero biases, unit batch norms.
inline void init_convolutions_and_norms(torch::nn::Module& model) {
  torch::NoGradGuard no_grad;
  for (auto& module : model.modules(/*include_self=*/false)) {
    if (auto* convolution = module->as<torch::nn::Conv2d>()) {
      torch::nn::init::kaiming_normal_(convolution->weight, 0.0, torch::kFanOut, torch::kReLU);
      if (convolution->bias.defined()) torch::nn::init::zeros_(convolution->bias);
    } else if (auto* norm = module->as<torch::nn::BatchNorm2d>()) {
      torch::nn::init::ones_(norm->weight);
      torch::nn::init::zeros_(norm->bias);
    }
  }
}

/// Which modules of `features` (the stem, the blocks or stages, the last convolution) end a
/// stage, given each module's stride: each module before one that downsamples, and the
/// last. Stages then end at each resolution, as feature pyramids take them.
inline std::vector<bool> stage_ends(std::vector<int64_t> const& strides) {
  std::vector<bool> ends(strides.size(), false);
  for (std::size_t i = 1; i < strides.size(); ++i)
    if (strides[i] > 1) ends[i - 1] = true;
  if (!ends.empty()) ends.back() = true;
  return ends;
}

/// The channels of each stage that `ends` (from stage_ends) ends, given each module's.
inline std::vector<int64_t> stage_channels(std::vector<int64_t> const& channels, std::vector<bool> const& ends) {
  std::vector<int64_t> stages;
  for (std::size_t i = 0; i < ends.size(); ++i)
    if (ends[i]) stages.push_back(channels[i]);
  return stages;
}

}  // namespace glasses::models::detail

#endif
