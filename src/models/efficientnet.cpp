#include "config_rules.hpp"
#include "inverted_residual.hpp"

#include <glasses/models/efficientnet.hpp>

#include <cmath>
#include <numeric>

namespace glasses::models {
namespace {

bool within(double factor, double bound) { return factor > 0.0 && factor <= bound; }

}  // namespace

int64_t EfficientNetConfig::scaled_width(int64_t channels) const {
  return detail::make_divisible(static_cast<double>(channels) * width_mult);
}

int64_t EfficientNetConfig::scaled_depth(int64_t blocks) const {
  return static_cast<int64_t>(std::ceil(static_cast<double>(blocks) * depth_mult));
}

EfficientNet EfficientNetConfig::build() const { return EfficientNet(*this); }

void EfficientNetConfig::validate(std::vector<issue>& problems) const {
  auto const stages = depths.size();
  detail::one_entry_per const one_per_stage{problems, "stage", "depths", stages};
  one_per_stage("expand_ratios", expand_ratios.size());
  one_per_stage("kernels", kernels.size());
  one_per_stage("strides", strides.size());
  one_per_stage("widths", widths.size());
  // The products below fit int64_t only for factors within their bounds (at most 2^20
  // channels or blocks times 2^10); the field rules report the others.
  auto const bound = static_cast<double>(bounds::width);
  auto too_many = [&](std::string path, int64_t made, char const* what, char const* lower,
                      int64_t limit = bounds::width) {
    problems.push_back({std::move(path), "makes " + std::to_string(made) + " " + what + ", more than " +
                                             std::to_string(limit) + "; lower it or " + lower});
  };
  if (within(depth_mult, 1024.0))
    for (std::size_t i = 0; i < stages; ++i)
      if (within(static_cast<double>(depths[i]), bound) && scaled_depth(depths[i]) > bounds::blocks)
        too_many(detail::element("depths", i), scaled_depth(depths[i]), "blocks with depth_mult", "depth_mult",
                 bounds::blocks);
  if (!within(width_mult, 1024.0)) return;
  auto scaled = [&](int64_t channels) {
    return within(static_cast<double>(channels), bound) ? scaled_width(channels) : 0;
  };
  int64_t in = scaled(stem_width);
  if (in > bounds::width) too_many("stem_width", in, "channels with width_mult", "width_mult");
  for (std::size_t i = 0; i < std::min(stages, widths.size()); ++i) {
    int64_t const out = scaled(widths[i]);
    if (out > bounds::width) too_many(detail::element("widths", i), out, "channels with width_mult", "width_mult");
    if (i < expand_ratios.size() && within(expand_ratios[i], 1024.0) && in >= 1 && in <= bounds::width) {
      // The widest expansion is the first block's or the others', whichever input is wider.
      int64_t const widest = std::max(in, out <= bounds::width ? out : 0);
      int64_t const expanded = detail::make_divisible(static_cast<double>(widest) * expand_ratios[i]);
      if (expanded > bounds::width) too_many(detail::element("expand_ratios", i), expanded, "channels", "the widths");
    }
    in = out;
  }
  if (last_conv_channels == 0 && !widths.empty() && in >= 1 && in <= bounds::width && 4 * in > bounds::width)
    problems.push_back({"last_conv_channels", "0 makes 4 times the last stage's width, " + std::to_string(4 * in) +
                                                  " channels, more than " + std::to_string(bounds::width) +
                                                  "; set it to a number of channels"});
}

EfficientNetImpl::EfficientNetImpl(EfficientNetConfig const& c) {
  ensure_valid(c, "EfficientNetConfig");
  using detail::activation;
  detail::norm_options const norm{c.norm_eps, c.norm_momentum};
  features = register_module("features", torch::nn::ModuleList());
  auto add = [&](auto module, int64_t stride, int64_t out) { features->push_back(then(module, stride, out)); };
  int64_t in = c.scaled_width(c.stem_width);
  add(detail::ConvNormActivation(c.in_channels, in, 3, 2, 1, norm, activation::silu), 2, in);
  int64_t total_blocks = 0;
  for (int64_t depth : c.depths) total_blocks += c.scaled_depth(depth);
  int64_t block_index = 0;
  for (std::size_t stage = 0; stage < c.depths.size(); ++stage) {
    int64_t const out = c.scaled_width(c.widths[stage]);
    torch::nn::Sequential blocks;
    for (int64_t i = 0; i < c.scaled_depth(c.depths[stage]); ++i, ++block_index) {
      int64_t const block_in = i == 0 ? in : out;
      blocks->push_back(detail::InvertedResidual(detail::inverted_residual_settings{
          .in = block_in,
          .expanded = detail::make_divisible(static_cast<double>(block_in) * c.expand_ratios[stage]),
          .out = out,
          .kernel = c.kernels[stage],
          .stride = i == 0 ? c.strides[stage] : 1,
          .act = activation::silu,
          .squeeze = std::max<int64_t>(1, block_in / 4),
          .squeeze_activation = activation::silu,
          .squeeze_scale = activation::sigmoid,
          .norm = norm,
          .stochastic_depth =
              c.stochastic_depth_prob * static_cast<double>(block_index) / static_cast<double>(total_blocks)}));
    }
    add(blocks, c.strides[stage], out);
    in = out;
  }
  int64_t const last = c.last_conv_channels > 0 ? c.last_conv_channels : 4 * in;
  add(detail::ConvNormActivation(in, last, 1, 1, 1, norm, activation::silu), 1, last);
  end_stages("EfficientNetConfig", c.in_channels);
  detail::init_convolutions_and_norms(*this);
}

}  // namespace glasses::models
