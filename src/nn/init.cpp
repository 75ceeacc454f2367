#include <glasses/nn/init.hpp>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/init.h>
#include <torch/utils.h>

#include <cmath>
#include <mutex>
#include <tuple>
#include <utility>

namespace glasses::nn {
namespace {

thread_local detail::recorded_initialisers* recording = nullptr;

// The module of `small` options (a weight of a few elements), with its draws from the
// default generator undone: recorded initialisers, if they run, then draw what a plain
// build would have drawn.
template <class Module, class Options> Module built_without_draws(Options const& small) {
  auto generator = at::detail::getDefaultCPUGenerator();
  torch::Tensor state;
  {
    std::lock_guard<std::mutex> lock(generator.mutex());
    state = generator.get_state();
  }
  Module module(small);
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
  return module;
}

// LibTorch's default bias of a convolution or linear layer: uniform within 1/sqrt(fan in).
void default_bias(torch::Tensor const& weight, torch::Tensor& bias) {
  auto const fan_in = std::get<0>(torch::nn::init::_calculate_fan_in_and_fan_out(weight));
  double const bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
  torch::nn::init::uniform_(bias, -bound, bound);
}

// Gives the module tensors of its real shapes, unfilled, and initialises them through
// initialise(): its own reset_parameters, or the default bias alone when the model fills the
// weight.
template <class Module>
void allocate_unfilled(Module& module, std::vector<int64_t> const& weight_shape, int64_t out, weight_init weight) {
  torch::NoGradGuard no_grad;
  module->weight.set_data(torch::empty(weight_shape));
  if (module->bias.defined()) module->bias.set_data(torch::empty({out}));
  if (weight == weight_init::layer_default) {
    initialise([module]() mutable { module->reset_parameters(); });
  } else if (module->bias.defined()) {
    initialise([module]() mutable {
      torch::NoGradGuard no_grad;
      default_bias(module->weight, module->bias);
    });
  }
}

}  // namespace

void initialise(std::function<void()> initialiser) {
  if (recording) recording->recorded_.push_back(std::move(initialiser));
  else initialiser();
}

torch::nn::Conv2d make_conv2d(torch::nn::Conv2dOptions const& options, weight_init weight) {
  if (!recording && weight == weight_init::layer_default) return torch::nn::Conv2d(options);
  // One channel a group keeps every check and the padding that reset() derives.
  auto small = options;
  small.in_channels(options.groups()).out_channels(options.groups());
  auto conv = built_without_draws<torch::nn::Conv2d>(small);
  conv->options.in_channels(options.in_channels()).out_channels(options.out_channels());
  std::vector<int64_t> shape{options.out_channels(), options.in_channels() / options.groups()};
  shape.insert(shape.end(), options.kernel_size()->begin(), options.kernel_size()->end());
  allocate_unfilled(conv, shape, options.out_channels(), weight);
  return conv;
}

torch::nn::Linear make_linear(torch::nn::LinearOptions const& options, weight_init weight) {
  if (!recording && weight == weight_init::layer_default) return torch::nn::Linear(options);
  auto small = options;
  small.in_features(1).out_features(1);
  auto linear = built_without_draws<torch::nn::Linear>(small);
  linear->options = options;
  allocate_unfilled(linear, {options.out_features(), options.in_features()}, options.out_features(), weight);
  return linear;
}

namespace detail {

recorded_initialisers::recorded_initialisers() : outer_(recording) { recording = this; }
recorded_initialisers::~recorded_initialisers() { stop(); }

void recorded_initialisers::stop() noexcept {
  if (!recording_) return;
  recording_ = false;
  recording = outer_;
}

void recorded_initialisers::run() {
  auto initialisers = std::move(recorded_);
  recorded_.clear();
  for (auto& initialiser : initialisers) initialiser();
}

}  // namespace detail
}  // namespace glasses::nn
