#include "convnext_layers.hpp"
#include "invalid_field.hpp"

#include <glasses/models/bounds.hpp>
#include <glasses/models/heads.hpp>
#include <glasses/nn/init.hpp>

#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/functional.h>

#include <cmath>

namespace glasses::models {
namespace {

/// The last stage's features, which `head` takes laid out as `layout`.
torch::Tensor last_stage(std::vector<torch::Tensor> const& features, char const* head, nn::features_layout layout) {
  detail::invalid_field const invalid{head};
  if (features.empty()) invalid("", "the backbone gave no features");
  if (features.back().dim() != (layout == nn::features_layout::spatial ? 4 : 3)) {
    // Appended, not chained with +: g++ 12 warns (-Warray-bounds) on the chained form.
    std::string expected = "expected ";
    expected.append(nn::shape_of(layout)).append(" features, got ").append(c10::str(features.back().sizes()));
    invalid("", expected);
  }
  return features.back();
}

/// A head's sizes come from the backbone and the classifier, not from its config, so no
/// field rule saw them: check them as the rules would (bounds.hpp).
void check_sizes(char const* head, int64_t in_channels, int64_t num_classes) {
  detail::invalid_field const invalid{head};
  if (in_channels < 1 || in_channels > bounds::width)
    invalid("in_channels", "expected 1 to " + std::to_string(bounds::width) +
                               " channels from the backbone's last stage, got " + std::to_string(in_channels) +
                               "; check what the backbone's stage_channels() returns");
  if (num_classes < 1 || num_classes > bounds::classes)
    invalid("num_classes",
            "expected 1 to " + std::to_string(bounds::classes) + " classes, got " + std::to_string(num_classes));
}

/// The last stage's feature map of `head`'s input, pooled to [batch, channels] (or, with
/// keep_dims, [batch, channels, 1, 1]).
torch::Tensor pooled(std::vector<torch::Tensor> const& features, char const* head, bool keep_dims = false) {
  return last_stage(features, head, nn::features_layout::spatial).mean({2, 3}, keep_dims);
}

/// A head of `config` (named `name` in errors), once its fields and the sizes that the
/// backbone and the classifier give pass their rules.
template <class Head, class Config, class... Settings>
Head checked_build(Config const& config, char const* name, int64_t in_channels, int64_t num_classes,
                   Settings... settings) {
  ensure_valid(config, name);
  check_sizes(name, in_channels, num_classes);
  return Head(in_channels, num_classes, settings...);
}

}  // namespace

PooledLinearHeadImpl::PooledLinearHeadImpl(int64_t in_channels, int64_t num_classes, double p,
                                           nn::weight_init fc_weight)
    : dropout(register_module("dropout", torch::nn::Dropout(p))),
      fc(register_module("fc", nn::make_linear(torch::nn::LinearOptions(in_channels, num_classes), fc_weight))) {}

torch::Tensor PooledLinearHeadImpl::forward(std::vector<torch::Tensor> const& features) {
  return fc(dropout(pooled(features, "PooledLinearHead")));
}

PooledLinearHead PooledLinearHeadConfig::build(int64_t in_channels, int64_t num_classes) const {
  return checked_build<PooledLinearHead>(*this, "PooledLinearHeadConfig", in_channels, num_classes, dropout);
}

ClassTokenHeadImpl::ClassTokenHeadImpl(int64_t in_channels, int64_t num_classes)
    : head(register_module(
          "head", nn::make_linear(torch::nn::LinearOptions(in_channels, num_classes), nn::weight_init::by_model))) {
  // torchvision starts ViT's head at zero.
  nn::initialise([this] {
    torch::NoGradGuard no_grad;
    torch::nn::init::zeros_(head->weight);
    torch::nn::init::zeros_(head->bias);
  });
}

torch::Tensor ClassTokenHeadImpl::forward(std::vector<torch::Tensor> const& features) {
  auto x = last_stage(features, "ClassTokenHead", nn::features_layout::tokens);
  return head(x.select(1, 0));
}

ClassTokenHead ClassTokenHeadConfig::build(int64_t in_channels, int64_t num_classes) const {
  check_sizes("ClassTokenHeadConfig", in_channels, num_classes);
  return ClassTokenHead(in_channels, num_classes);
}

DropoutLinearHeadImpl::DropoutLinearHeadImpl(int64_t in_channels, int64_t num_classes, double p)
    : classifier(register_module(
          "classifier", torch::nn::Sequential(torch::nn::Dropout(p), nn::make_linear({in_channels, num_classes},
                                                                                     nn::weight_init::by_model)))) {
  nn::initialise([this, num_classes] {
    torch::NoGradGuard no_grad;
    auto* linear = classifier[1]->as<torch::nn::Linear>();
    double const range = 1.0 / std::sqrt(static_cast<double>(num_classes));
    torch::nn::init::uniform_(linear->weight, -range, range);
    torch::nn::init::zeros_(linear->bias);
  });
}

torch::Tensor DropoutLinearHeadImpl::forward(std::vector<torch::Tensor> const& features) {
  return classifier->forward(pooled(features, "DropoutLinearHead"));
}

DropoutLinearHead DropoutLinearHeadConfig::build(int64_t in_channels, int64_t num_classes) const {
  return checked_build<DropoutLinearHead>(*this, "DropoutLinearHeadConfig", in_channels, num_classes, dropout);
}

TwoLayerHeadImpl::TwoLayerHeadImpl(int64_t in_channels, int64_t num_classes, int64_t hidden_width, double p)
    : classifier(register_module(
          "classifier",
          torch::nn::Sequential(nn::make_linear({in_channels, hidden_width}, nn::weight_init::by_model),
                                torch::nn::Functional([](torch::Tensor x) { return torch::hardswish(x); }),
                                torch::nn::Dropout(p),
                                nn::make_linear({hidden_width, num_classes}, nn::weight_init::by_model)))) {
  nn::initialise([this] {
    torch::NoGradGuard no_grad;
    for (auto& module : classifier->children())
      if (auto* linear = module->as<torch::nn::Linear>()) {
        torch::nn::init::normal_(linear->weight, 0.0, 0.01);
        torch::nn::init::zeros_(linear->bias);
      }
  });
}

torch::Tensor TwoLayerHeadImpl::forward(std::vector<torch::Tensor> const& features) {
  return classifier->forward(pooled(features, "TwoLayerHead"));
}

TwoLayerHead TwoLayerHeadConfig::build(int64_t in_channels, int64_t num_classes) const {
  return checked_build<TwoLayerHead>(*this, "TwoLayerHeadConfig", in_channels, num_classes, hidden_width, dropout);
}

LayerNormLinearHeadImpl::LayerNormLinearHeadImpl(int64_t in_channels, int64_t num_classes, double norm_eps)
    : classifier(register_module(
          "classifier",
          torch::nn::Sequential(detail::LayerNorm2d(in_channels, norm_eps), torch::nn::Flatten(),
                                nn::make_linear({in_channels, num_classes}, nn::weight_init::by_model)))) {
  nn::initialise([this] {
    auto* linear = classifier[2]->as<torch::nn::Linear>();
    detail::trunc_normal_(linear->weight, 0.02);
    torch::NoGradGuard no_grad;
    torch::nn::init::zeros_(linear->bias);
  });
}

torch::Tensor LayerNormLinearHeadImpl::forward(std::vector<torch::Tensor> const& features) {
  return classifier->forward(pooled(features, "LayerNormLinearHead", /*keep_dims=*/true));
}

LayerNormLinearHead LayerNormLinearHeadConfig::build(int64_t in_channels, int64_t num_classes) const {
  return checked_build<LayerNormLinearHead>(*this, "LayerNormLinearHeadConfig", in_channels, num_classes, norm_eps);
}

PooledLinearHead NormalLinearHeadConfig::build(int64_t in_channels, int64_t num_classes) const {
  auto head = checked_build<PooledLinearHead>(*this, "NormalLinearHeadConfig", in_channels, num_classes, dropout,
                                              nn::weight_init::by_model);
  nn::initialise([fc = head->fc, std = init_std] {
    torch::NoGradGuard no_grad;
    torch::nn::init::normal_(fc->weight, 0.0, std);
    torch::nn::init::zeros_(fc->bias);
  });
  return head;
}

}  // namespace glasses::models
