#include <glasses/models/heads.hpp>

#include <torch/nn/init.h>

namespace glasses::models {
namespace {

torch::Tensor last(std::vector<torch::Tensor> const& features, char const* head) {
  if (features.empty()) throw std::invalid_argument(std::string(head) + ": the backbone gave no features");
  return features.back();
}

}  // namespace

PooledLinearHeadImpl::PooledLinearHeadImpl(int64_t in_channels, int64_t num_classes, double p)
    : dropout(register_module("dropout", torch::nn::Dropout(p))),
      fc(register_module("fc", torch::nn::Linear(in_channels, num_classes))) {}

torch::Tensor PooledLinearHeadImpl::forward(std::vector<torch::Tensor> const& features) {
  auto x = last(features, "PooledLinearHead");
  if (x.dim() != 4) throw std::invalid_argument("PooledLinearHead: expected [batch, channels, height, width] features, got " + c10::str(x.sizes()));
  return fc(dropout(x.mean({2, 3})));
}

PooledLinearHead PooledLinearHeadConfig::build(int64_t in_channels, int64_t num_classes) const {
  if (!(dropout >= 0 && dropout < 1))
    throw config_error("PooledLinearHeadConfig", {{"dropout", "expected a probability in [0, 1), got " + std::to_string(dropout)}});
  return PooledLinearHead(in_channels, num_classes, dropout);
}

ClassTokenHeadImpl::ClassTokenHeadImpl(int64_t in_channels, int64_t num_classes)
    : head(register_module("head", torch::nn::Linear(in_channels, num_classes))) {
  // torchvision starts ViT's head at zero.
  torch::NoGradGuard no_grad;
  torch::nn::init::zeros_(head->weight);
  torch::nn::init::zeros_(head->bias);
}

torch::Tensor ClassTokenHeadImpl::forward(std::vector<torch::Tensor> const& features) {
  auto x = last(features, "ClassTokenHead");
  if (x.dim() != 3) throw std::invalid_argument("ClassTokenHead: expected [batch, tokens, width] features, got " + c10::str(x.sizes()));
  return head(x.select(1, 0));
}

ClassTokenHead ClassTokenHeadConfig::build(int64_t in_channels, int64_t num_classes) const {
  return ClassTokenHead(in_channels, num_classes);
}

}  // namespace glasses::models
