#include <glasses/models/resnet.hpp>
#include <glasses/nn/init.hpp>

#include <torch/nn/init.h>
#include <torch/nn/functional/activation.h>

namespace glasses::models {
namespace {

using torch::nn::BatchNorm2d;
using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;

Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t groups = 1) {
  return glasses::nn::make_conv2d(
      Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).groups(groups).bias(false),
      glasses::nn::weight_init::by_model);
}

/// Channels per group of a bottleneck's 3x3 convolution, as torchvision computes them.
int64_t bottleneck_group_width(int64_t planes, int64_t width_per_group) { return planes * width_per_group / 64; }

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
      : width_(bottleneck_group_width(planes, width_per_group) * groups),
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

}  // namespace

ResNet ResNetConfig::build() const { return ResNet(*this); }

void ResNetConfig::validate(std::vector<issue>& problems) const {
  if (widths.size() != depths.size())
    problems.push_back({"widths", "must have one width per stage, as many as depths has (" +
                                      std::to_string(depths.size()) + "), got " + std::to_string(widths.size())});
  if (block == ResNetBlock::basic) {
    std::string const instead = "; use block=bottleneck for ResNeXt or Wide ResNet";
    if (groups != 1)
      problems.push_back({"groups", "must be 1 for a basic block, got " + std::to_string(groups) + instead});
    if (width_per_group != 64)
      problems.push_back(
          {"width_per_group", "must be 64 for a basic block, got " + std::to_string(width_per_group) + instead});
    return;
  }
  // The products below fit int64_t only for factors within their bounds; the field rules
  // report the others.
  auto within = [](int64_t size) { return size >= 1 && size <= bounds::width; };
  if (!within(groups) || !within(width_per_group)) return;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (!within(widths[i])) continue;
    std::string path = "widths[" + std::to_string(i) + "]";
    int64_t const per_group = bottleneck_group_width(widths[i], width_per_group);
    if (per_group < 1) {
      int64_t const least = (64 + width_per_group - 1) / width_per_group;
      problems.push_back({std::move(path), "must be at least " + std::to_string(least) +
                                               " for a bottleneck with width_per_group=" +
                                               std::to_string(width_per_group) +
                                               ", whose 3x3 convolution has width * width_per_group / 64 channels "
                                               "per group, got " +
                                               std::to_string(widths[i]) + "; or raise width_per_group"});
    } else if (per_group * groups > bounds::width) {
      problems.push_back({std::move(path), "makes the bottleneck's 3x3 convolution " +
                                               std::to_string(per_group * groups) +
                                               " channels wide (width * width_per_group / 64 * groups), more than " +
                                               std::to_string(bounds::width) +
                                               "; lower the width, width_per_group or groups"});
    }
  }
}

ResNetImpl::ResNetImpl(ResNetConfig const& c) {
  ensure_valid(c, "ResNetConfig");
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

  glasses::nn::initialise([this, zero_init_residual = c.zero_init_residual] { init_weights(zero_init_residual); });
}

// torchvision's initialisation: He-normal convolutions (fan out), unit batch norms.
void ResNetImpl::init_weights(bool zero_init_residual) {
  torch::NoGradGuard no_grad;
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* convolution = module->as<torch::nn::Conv2d>())
      torch::nn::init::kaiming_normal_(convolution->weight, 0.0, torch::kFanOut, torch::kReLU);
    else if (auto* norm = module->as<torch::nn::BatchNorm2d>())
      torch::nn::init::ones_(norm->weight), torch::nn::init::zeros_(norm->bias);
  }
  if (zero_init_residual)
    for (auto& stage : stages_)
      for (auto& block : *stage) {
        if (auto* b = block.ptr()->as<BottleneckImpl>()) torch::nn::init::zeros_(b->last_norm()->weight);
        else if (auto* basic = block.ptr()->as<BasicBlockImpl>()) torch::nn::init::zeros_(basic->last_norm()->weight);
      }
}

std::vector<torch::Tensor> ResNetImpl::forward(torch::Tensor images) {
  nn::detail::check_images("ResNetConfig", images, conv1->options.in_channels(), 1);
  auto x = maxpool(torch::relu(bn1(conv1(images))));
  std::vector<torch::Tensor> features;
  features.reserve(stages_.size());
  for (auto& stage : stages_) features.push_back(x = stage->forward(x));
  return features;
}

}  // namespace glasses::models
