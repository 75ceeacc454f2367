#include "invalid_field.hpp"

#include <glasses/models/resnet.hpp>

#include <torch/nn/init.h>
#include <torch/nn/functional/activation.h>

namespace glasses::models {
namespace {

using torch::nn::BatchNorm2d;
using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;

Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t groups = 1) {
  return Conv2d(Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).groups(groups).bias(false));
}

/// Two 3x3 convolutions (resnet18 and resnet34).
class BasicBlockImpl : public torch::nn::Module {
 public:
  static constexpr int64_t expansion = 1;
  BasicBlockImpl(int64_t in, int64_t planes, int64_t stride, torch::nn::Sequential downsample)
      : conv1(register_module("conv1", conv(in, planes, 3, stride))),
        bn1(register_module("bn1", BatchNorm2d(planes))),
        conv2(register_module("conv2", conv(planes, planes, 3))),
        bn2(register_module("bn2", BatchNorm2d(planes))),
        downsample(downsample ? register_module("downsample", downsample) : nullptr) {}
  torch::Tensor forward(torch::Tensor x) {
    auto out = torch::relu(bn1(conv1(x)));
    out = bn2(conv2(out));
    return torch::relu(out + (downsample ? downsample->forward(x) : x));
  }
  BatchNorm2d last_norm() const { return bn2; }

  Conv2d conv1;
  BatchNorm2d bn1;
  Conv2d conv2;
  BatchNorm2d bn2;
  torch::nn::Sequential downsample;
};
TORCH_MODULE(BasicBlock);

/// 1x1 reduce, 3x3 (grouped for ResNeXt), 1x1 expand by 4.
class BottleneckImpl : public torch::nn::Module {
 public:
  static constexpr int64_t expansion = 4;
  BottleneckImpl(int64_t in, int64_t planes, int64_t stride, torch::nn::Sequential downsample, int64_t groups,
                 int64_t width_per_group)
      : width_(planes * width_per_group / 64 * groups),
        conv1(register_module("conv1", conv(in, width_, 1))),
        bn1(register_module("bn1", BatchNorm2d(width_))),
        conv2(register_module("conv2", conv(width_, width_, 3, stride, groups))),
        bn2(register_module("bn2", BatchNorm2d(width_))),
        conv3(register_module("conv3", conv(width_, planes * expansion, 1))),
        bn3(register_module("bn3", BatchNorm2d(planes * expansion))),
        downsample(downsample ? register_module("downsample", downsample) : nullptr) {}
  torch::Tensor forward(torch::Tensor x) {
    auto out = torch::relu(bn1(conv1(x)));
    out = torch::relu(bn2(conv2(out)));
    out = bn3(conv3(out));
    return torch::relu(out + (downsample ? downsample->forward(x) : x));
  }
  BatchNorm2d last_norm() const { return bn3; }

 private:
  int64_t width_;

 public:
  Conv2d conv1;
  BatchNorm2d bn1;
  Conv2d conv2;
  BatchNorm2d bn2;
  Conv2d conv3;
  BatchNorm2d bn3;
  torch::nn::Sequential downsample;
};
TORCH_MODULE(Bottleneck);

constexpr detail::invalid_field invalid{"ResNetConfig"};

void validate(ResNetConfig const& c) {
  if (c.depths.empty()) invalid("depths", "expected at least one stage, got an empty list");
  if (c.widths.size() != c.depths.size())
    invalid("widths", "expected one width per stage (" + std::to_string(c.depths.size()) + "), got " +
                          std::to_string(c.widths.size()));
  for (std::size_t i = 0; i < c.depths.size(); ++i) {
    if (c.depths[i] < 1) invalid("depths[" + std::to_string(i) + "]", "expected at least 1 block, got " + std::to_string(c.depths[i]));
    if (c.widths[i] < 1) invalid("widths[" + std::to_string(i) + "]", "expected a positive width, got " + std::to_string(c.widths[i]));
  }
  if (c.groups < 1) invalid("groups", "expected a positive number of groups, got " + std::to_string(c.groups));
  if (c.width_per_group < 1)
    invalid("width_per_group", "expected a positive width, got " + std::to_string(c.width_per_group));
  if (c.in_channels < 1) invalid("in_channels", "expected a positive number of channels, got " + std::to_string(c.in_channels));
  if (c.stem_width < 1) invalid("stem_width", "expected a positive width, got " + std::to_string(c.stem_width));
  if (c.block == ResNetBlock::basic && (c.groups != 1 || c.width_per_group != 64))
    invalid(c.groups != 1 ? "groups" : "width_per_group",
            "a basic block supports only groups=1 and width_per_group=64; use block=bottleneck for ResNeXt or "
            "Wide ResNet");
}

}  // namespace

ResNet ResNetConfig::build() const { return ResNet(*this); }

ResNetImpl::ResNetImpl(ResNetConfig const& c) {
  validate(c);
  conv1 = register_module("conv1", conv(c.in_channels, c.stem_width, 7, 2));
  bn1 = register_module("bn1", BatchNorm2d(c.stem_width));
  maxpool = register_module("maxpool", torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(2).padding(1)));
  bool const bottleneck = c.block == ResNetBlock::bottleneck;
  int64_t const expansion = bottleneck ? BottleneckImpl::expansion : BasicBlockImpl::expansion;
  int64_t in = c.stem_width;
  for (std::size_t stage = 0; stage < c.depths.size(); ++stage) {
    int64_t planes = c.widths[stage];
    torch::nn::Sequential blocks;
    for (int64_t i = 0; i < c.depths[stage]; ++i) {
      int64_t stride = (i == 0 && stage > 0) ? 2 : 1;
      torch::nn::Sequential downsample{nullptr};
      if (i == 0 && (stride != 1 || in != planes * expansion))
        downsample = torch::nn::Sequential(conv(in, planes * expansion, 1, stride), BatchNorm2d(planes * expansion));
      if (bottleneck) blocks->push_back(Bottleneck(in, planes, stride, downsample, c.groups, c.width_per_group));
      else blocks->push_back(BasicBlock(in, planes, stride, downsample));
      in = planes * expansion;
    }
    stages_.push_back(register_module("layer" + std::to_string(stage + 1), blocks));
    channels_.push_back(in);
  }

  // torchvision's initialisation: He-normal convolutions (fan out), unit batch norms.
  torch::NoGradGuard no_grad;
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* convolution = module->as<torch::nn::Conv2d>())
      torch::nn::init::kaiming_normal_(convolution->weight, 0.0, torch::kFanOut, torch::kReLU);
    else if (auto* norm = module->as<torch::nn::BatchNorm2d>())
      torch::nn::init::ones_(norm->weight), torch::nn::init::zeros_(norm->bias);
  }
  if (c.zero_init_residual)
    for (auto& stage : stages_)
      for (auto& block : *stage) {
        if (auto* b = block.ptr()->as<BottleneckImpl>()) torch::nn::init::zeros_(b->last_norm()->weight);
        else if (auto* basic = block.ptr()->as<BasicBlockImpl>()) torch::nn::init::zeros_(basic->last_norm()->weight);
      }
}

std::vector<torch::Tensor> ResNetImpl::forward(torch::Tensor images) {
  auto x = maxpool(torch::relu(bn1(conv1(images))));
  std::vector<torch::Tensor> features;
  features.reserve(stages_.size());
  for (auto& stage : stages_) features.push_back(x = stage->forward(x));
  return features;
}

}  // namespace glasses::models
