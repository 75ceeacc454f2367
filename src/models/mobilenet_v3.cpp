#include "config_rules.hpp"
#include "inverted_residual.hpp"

#include <glasses/models/mobilenet_v3.hpp>

namespace glasses::models {

MobileNetV3 MobileNetV3Config::build() const { return MobileNetV3(*this); }

void MobileNetV3Config::validate(std::vector<issue>& problems) const {
  detail::one_entry_per const one_per_block{problems, "block", "out_channels", out_channels.size()};
  one_per_block("kernels", kernels.size());
  one_per_block("expanded_channels", expanded_channels.size());
  one_per_block("squeeze_excitation", squeeze_excitation.size());
  one_per_block("activations", activations.size());
  one_per_block("strides", strides.size());
}

MobileNetV3Impl::MobileNetV3Impl(MobileNetV3Config const& c) {
  ensure_valid(c, "MobileNetV3Config");
  using detail::activation;
  detail::norm_options const norm{c.norm_eps, c.norm_momentum};
  features = register_module("features", torch::nn::ModuleList());
  auto add = [&](auto module, int64_t stride, int64_t out) { features->push_back(then(module, stride, out)); };
  add(detail::ConvNormActivation(c.in_channels, c.stem_width, 3, 2, 1, norm, activation::hardswish), 2, c.stem_width);
  int64_t in = c.stem_width;
  for (std::size_t i = 0; i < c.out_channels.size(); ++i) {
    activation const act =
        c.activations[i] == MobileNetV3Activation::hardswish ? activation::hardswish : activation::relu;
    int64_t const expanded = c.expanded_channels[i];
    add(detail::InvertedResidual(detail::inverted_residual_settings{
            .in = in,
            .expanded = expanded,
            .out = c.out_channels[i],
            .kernel = c.kernels[i],
            .stride = c.strides[i],
            .act = act,
            .squeeze = c.squeeze_excitation[i] ? detail::make_divisible(static_cast<double>(expanded / 4)) : 0,
            .squeeze_activation = activation::relu,
            .squeeze_scale = activation::hardsigmoid,
            .norm = norm}),
        c.strides[i], c.out_channels[i]);
    in = c.out_channels[i];
  }
  add(detail::ConvNormActivation(in, c.last_conv_channels, 1, 1, 1, norm, activation::hardswish), 1,
      c.last_conv_channels);
  end_stages("MobileNetV3Config", c.in_channels);
  detail::init_convolutions_and_norms(*this);
}

}  // namespace glasses::models
