#include "config_rules.hpp"
#include "conv_layers.hpp"

#include <glasses/models/regnet.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace glasses::models {
namespace {

/// torchvision's `int(round(channels * ratio))`: to the nearest, ties to even.
int64_t rounded(double channels, double ratio) { return static_cast<int64_t>(std::nearbyint(channels * ratio)); }

bool within(double value, double bound) { return value > 0.0 && value <= bound; }

/// torchvision's ResBottleneckBlock: `proj` (a 1x1 convolution with the stride, where the
/// shape changes) or the input, plus `f` (`a` 1x1, `b` grouped 3x3 with the stride, `se`,
/// `c` 1x1), then ReLU.
class BottleneckBlockImpl : public torch::nn::Module {
 public:
  BottleneckBlockImpl(int64_t in, int64_t out, int64_t stride, int64_t group_width, double multiplier,
                      RegNetConfig const& c) {
    using detail::activation;
    detail::norm_options const norm{c.norm_eps, c.norm_momentum};
    if (in != out || stride != 1)
      proj = register_module("proj", detail::ConvNormActivation(in, out, 1, stride, 1, norm, activation::none));
    int64_t const width = rounded(static_cast<double>(out), multiplier);
    torch::nn::Sequential layers;
    layers->push_back("a", detail::ConvNormActivation(in, width, 1, 1, 1, norm, activation::relu));
    layers->push_back("b", detail::ConvNormActivation(width, width, 3, stride, width / group_width, norm,
                                                      activation::relu));
    if (c.se_ratio > 0.0)
      layers->push_back("se", detail::SqueezeExcitation(width, rounded(static_cast<double>(in), c.se_ratio),
                                                        activation::relu, activation::sigmoid));
    layers->push_back("c", detail::ConvNormActivation(width, out, 1, 1, 1, norm, activation::none));
    f = register_module("f", layers);
  }
  torch::Tensor forward(torch::Tensor x) {
    auto branch = f->forward(x);
    return torch::relu((proj.is_empty() ? x : proj(x)) + branch);
  }

  detail::ConvNormActivation proj{nullptr};
  torch::nn::Sequential f{nullptr};
};
TORCH_MODULE(BottleneckBlock);

/// Each block's width by torchvision's rule, in float32 as its tensors compute it, so that
/// the rounding is the same.
std::vector<int64_t> block_widths(int64_t depth, int64_t w_0, double w_a, double w_m) {
  auto const start = static_cast<float>(w_0);
  float const log_step = static_cast<float>(std::log(w_m));
  std::vector<int64_t> widths;
  for (int64_t j = 0; j < depth; ++j) {
    float const continuous = static_cast<float>(j) * static_cast<float>(w_a) + start;
    float const capacity = std::nearbyint(std::log(continuous / start) / log_step);
    float const width = start * std::pow(static_cast<float>(w_m), capacity);
    widths.push_back(static_cast<int64_t>(std::nearbyint(width / 8.0F)) * 8);
  }
  return widths;
}

}  // namespace

RegNetConfig RegNetConfig::from_init_params(int64_t depth, int64_t w_0, double w_a, double w_m, int64_t group_width,
                                            double se_ratio) {
  if (depth < 1 || depth > bounds::width || w_a < 0 || w_0 <= 0 || w_0 % 8 != 0 || !(w_m > 1) || group_width < 1)
    throw std::invalid_argument("RegNetConfig::from_init_params: expected depth >= 1, w_a >= 0, w_0 > 0 a multiple "
                                "of 8, w_m > 1 and group_width >= 1");
  RegNetConfig c{.depths = {}, .widths = {}, .group_widths = {}, .bottleneck_multipliers = {}, .se_ratio = se_ratio};
  // Blocks of one width make a stage.
  for (int64_t width : block_widths(depth, w_0, w_a, w_m)) {
    if (!c.widths.empty() && c.widths.back() == width) {
      ++c.depths.back();
      continue;
    }
    c.depths.push_back(1);
    c.widths.push_back(width);
  }
  // torchvision's _adjust_widths_groups_compatibilty, with a bottleneck multiplier of 1.
  for (auto& width : c.widths) {
    c.group_widths.push_back(std::min(group_width, width));
    width = detail::make_divisible(static_cast<double>(width), c.group_widths.back());
    c.bottleneck_multipliers.push_back(1.0);
  }
  return c;
}

RegNet RegNetConfig::build() const { return RegNet(*this); }

void RegNetConfig::validate(std::vector<issue>& problems) const {
  detail::one_entry_per const one_per_stage{problems, "stage", "depths", depths.size()};
  one_per_stage("widths", widths.size());
  one_per_stage("group_widths", group_widths.size());
  one_per_stage("bottleneck_multipliers", bottleneck_multipliers.size());
  auto const bound = static_cast<double>(bounds::width);
  std::size_t const stages = std::min({widths.size(), group_widths.size(), bottleneck_multipliers.size()});
  for (std::size_t i = 0; i < stages; ++i) {
    auto const width = static_cast<double>(widths[i]);
    if (!within(width, bound) || !within(bottleneck_multipliers[i], 1024.0) || group_widths[i] < 1) continue;
    int64_t const bottleneck = rounded(width, bottleneck_multipliers[i]);
    std::string const made = "widths[" + std::to_string(i) + "] times bottleneck_multipliers[" + std::to_string(i) +
                             "] (" + std::to_string(bottleneck) + ")";
    if (bottleneck < 1 || bottleneck > bounds::width)
      problems.push_back({detail::element("bottleneck_multipliers", i),
                          "makes a bottleneck of " + std::to_string(bottleneck) + " channels, expected 1 to " +
                              std::to_string(bounds::width)});
    else if (bottleneck % group_widths[i] != 0)
      problems.push_back({detail::element("group_widths", i), "must divide the bottleneck width, " + made + ", got " +
                                                                  std::to_string(group_widths[i])});
  }
  if (!within(se_ratio, 1.0)) return;
  // The narrowest block input: the stem's, or a stage's.
  int64_t narrowest = stem_width;
  for (int64_t width : widths) narrowest = std::min(narrowest, width);
  if (narrowest >= 1 && rounded(static_cast<double>(narrowest), se_ratio) < 1)
    problems.push_back({"se_ratio", "leaves blocks of " + std::to_string(narrowest) +
                                        " input channels no squeeze-and-excitation channel; set 0 for none, or more"});
}

RegNetImpl::RegNetImpl(RegNetConfig const& c) {
  ensure_valid(c, "RegNetConfig");
  detail::norm_options const norm{c.norm_eps, c.norm_momentum};
  stem = register_module("stem", then(detail::ConvNormActivation(c.in_channels, c.stem_width, 3, 2, 1, norm,
                                                                 detail::activation::relu),
                                      2, c.stem_width));
  trunk_output = register_module("trunk_output", std::make_shared<torch::nn::Module>());
  int64_t in = c.stem_width;
  for (std::size_t stage = 0; stage < c.depths.size(); ++stage) {
    std::string const name = "block" + std::to_string(stage + 1);
    torch::nn::Sequential blocks;
    for (int64_t j = 0; j < c.depths[stage]; ++j)
      blocks->push_back(name + "-" + std::to_string(j),
                        BottleneckBlock(j == 0 ? in : c.widths[stage], c.widths[stage], j == 0 ? 2 : 1,
                                        c.group_widths[stage], c.bottleneck_multipliers[stage], c));
    trunk_output->register_module(name, then(blocks, 2, c.widths[stage]));
    in = c.widths[stage];
  }
  end_stages("RegNetConfig", c.in_channels);
  detail::init_convolutions_and_norms(*this, /*keep_biases=*/true);
}

}  // namespace glasses::models
