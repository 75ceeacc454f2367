// The layers that the zoo's convolutional families share (MobileNetV3, EfficientNet, RegNet;
// ConvNeXt takes stochastic depth), laid out as torchvision 0.14 lays them out so that state
// dicts map 1:1: Conv2dNormActivation (`0` the convolution, `1` the batch norm; the
// activation has no parameters) and SqueezeExcitation (`fc1`, `fc2`). Private to src/models.
#ifndef GLASSES_SRC_MODELS_CONV_LAYERS_HPP
#define GLASSES_SRC_MODELS_CONV_LAYERS_HPP

#include <glasses/nn/init.hpp>

#include <torch/nn/init.h>
#include <torch/nn/modules/batchnorm.h>
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
      : conv(register_module("0", nn::make_conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                                      .stride(stride)
                                                      .padding((kernel - 1) / 2)
                                                      .groups(groups)
                                                      .bias(false),
                                                  nn::weight_init::by_model))),
        norm(register_module(
            "1", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(out).eps(n.eps).momentum(n.momentum)))),
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
      : fc1(register_module(
            "fc1", nn::make_conv2d(torch::nn::Conv2dOptions(channels, squeeze, 1), nn::weight_init::by_model))),
        fc2(register_module(
            "fc2", nn::make_conv2d(torch::nn::Conv2dOptions(squeeze, channels, 1), nn::weight_init::by_model))),
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

/// torchvision's _make_divisible(value, divisor): the nearest multiple of divisor, at least
/// divisor and at least 90% of value.
inline int64_t make_divisible(double value, int64_t divisor = 8) {
  int64_t const nearest = static_cast<int64_t>(value + static_cast<double>(divisor) / 2) / divisor * divisor;
  int64_t rounded = std::max(divisor, nearest);
  if (static_cast<double>(rounded) < 0.9 * value) rounded += divisor;
  return rounded;
}

/// torchvision's initialisation of these families' convolutions and batch norms: He-normal
/// (fan out) weights, unit batch norms, and zero convolution biases unless `keep_biases`
/// (RegNet's initialisation leaves its squeeze-and-excitation biases as PyTorch starts them).
/// Through nn::initialise: from_pretrained runs it only if the file leaves a tensor unfilled.
inline void init_convolutions_and_norms(torch::nn::Module& model, bool keep_biases = false) {
  nn::initialise([&model, keep_biases] {
    torch::NoGradGuard no_grad;
    for (auto& module : model.modules(/*include_self=*/false)) {
      if (auto* convolution = module->as<torch::nn::Conv2d>()) {
        torch::nn::init::kaiming_normal_(convolution->weight, 0.0, torch::kFanOut, torch::kReLU);
        if (convolution->bias.defined() && !keep_biases) torch::nn::init::zeros_(convolution->bias);
      } else if (auto* norm = module->as<torch::nn::BatchNorm2d>()) {
        torch::nn::init::ones_(norm->weight);
        torch::nn::init::zeros_(norm->bias);
      }
    }
  });
}

/// torchvision's StochasticDepth(p, "row") on a residual branch: in training, drops the
/// branch of whole rows of the batch with probability p and scales the others up; in eval,
/// the branch as it is.
inline torch::Tensor drop_rows(torch::Tensor branch, double p, bool training) {
  if (!training || p <= 0.0) return branch;
  double const survival = 1.0 - p;
  std::vector<int64_t> shape(static_cast<std::size_t>(branch.dim()), 1);
  shape[0] = branch.size(0);
  auto keep = torch::empty(shape, branch.options()).bernoulli_(survival);
  if (survival > 0.0) keep.div_(survival);
  return branch * keep;
}

}  // namespace glasses::models::detail

#endif
