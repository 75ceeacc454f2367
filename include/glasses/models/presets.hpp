// The model zoo: named ImageClassifierConfig presets whose parameter counts equal
// torchvision 0.14's (test/nn/zoo.cpp pins them).
#ifndef GLASSES_MODELS_PRESETS_HPP
#define GLASSES_MODELS_PRESETS_HPP

#include <glasses/models/convnext.hpp>
#include <glasses/models/efficientnet.hpp>
#include <glasses/models/heads.hpp>
#include <glasses/models/image_classifier.hpp>
#include <glasses/models/mobilenet_v3.hpp>
#include <glasses/models/regnet.hpp>
#include <glasses/models/resnet.hpp>
#include <glasses/models/vit.hpp>

namespace glasses::models::presets {

inline ImageClassifierConfig resnet(ResNetBlock block, std::vector<int64_t> depths, int64_t groups = 1,
                                    int64_t width_per_group = 64) {
  return {.backbone = ResNetConfig{.block = block, .depths = std::move(depths), .groups = groups,
                                   .width_per_group = width_per_group}};
}

inline ImageClassifierConfig vit(int64_t patch_size, int64_t hidden_dim, int64_t num_layers, int64_t num_heads,
                                 int64_t mlp_dim) {
  return {.backbone = ViTConfig{.patch_size = patch_size, .hidden_dim = hidden_dim, .num_layers = num_layers,
                                .num_heads = num_heads, .mlp_dim = mlp_dim},
          .head = ClassTokenHeadConfig{}};
}

/// torchvision's mobilenet_v3_small (MobileNetV3Config's defaults are mobilenet_v3_large's).
inline ImageClassifierConfig mobilenet_v3_small() {
  using enum MobileNetV3Activation;
  return {.backbone = MobileNetV3Config{.kernels = {3, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5},
                                        .expanded_channels = {16, 72, 88, 96, 240, 240, 120, 144, 288, 576, 576},
                                        .out_channels = {16, 24, 24, 40, 40, 40, 48, 48, 96, 96, 96},
                                        .squeeze_excitation = {true, false, false, true, true, true, true, true, true,
                                                               true, true},
                                        .activations = {relu, relu, relu, hardswish, hardswish, hardswish, hardswish,
                                                        hardswish, hardswish, hardswish, hardswish},
                                        .strides = {2, 2, 1, 2, 1, 1, 1, 1, 2, 1, 1},
                                        .last_conv_channels = 576},
          .head = TwoLayerHeadConfig{.hidden_width = 1024}};
}

inline ImageClassifierConfig mobilenet_v3_large() {
  return {.backbone = MobileNetV3Config{}, .head = TwoLayerHeadConfig{.hidden_width = 1280}};
}

/// torchvision's efficientnet_b0 ... b7: the multipliers, the head's dropout, and from B5 on
/// batch norms with eps 0.001 and momentum 0.01.
inline ImageClassifierConfig efficientnet(double width_mult, double depth_mult, double dropout,
                                          bool slow_norms = false) {
  EfficientNetConfig backbone{.width_mult = width_mult, .depth_mult = depth_mult};
  if (slow_norms) backbone.norm_eps = 0.001, backbone.norm_momentum = 0.01;
  return {.backbone = std::move(backbone), .head = DropoutLinearHeadConfig{.dropout = dropout}};
}

/// torchvision's convnext_tiny ... large: the stages' widths and depths, and stochastic depth.
inline ImageClassifierConfig convnext(std::vector<int64_t> widths, std::vector<int64_t> depths,
                                      double stochastic_depth_prob) {
  return {.backbone = ConvNeXtConfig{.widths = std::move(widths), .depths = std::move(depths),
                                     .stochastic_depth_prob = stochastic_depth_prob},
          .head = LayerNormLinearHeadConfig{}};
}

/// torchvision's regnet_y_* and regnet_x_*: their stages by BlockParams.from_init_params's
/// rule (RegNetY with squeeze-and-excitation of ratio 0.25, RegNetX without).
inline ImageClassifierConfig regnet(int64_t depth, int64_t w_0, double w_a, double w_m, int64_t group_width,
                                    double se_ratio = 0.0) {
  return {.backbone = RegNetConfig::from_init_params(depth, w_0, w_a, w_m, group_width, se_ratio),
          .head = NormalLinearHeadConfig{}};
}

using enum ResNetBlock;
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet18", [] { return resnet(basic, {2, 2, 2, 2}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet34", [] { return resnet(basic, {3, 4, 6, 3}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet50", [] { return resnet(bottleneck, {3, 4, 6, 3}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet101", [] { return resnet(bottleneck, {3, 4, 23, 3}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet152", [] { return resnet(bottleneck, {3, 8, 36, 3}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnext50_32x4d", [] { return resnet(bottleneck, {3, 4, 6, 3}, 32, 4); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnext101_32x8d", [] { return resnet(bottleneck, {3, 4, 23, 3}, 32, 8); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnext101_64x4d", [] { return resnet(bottleneck, {3, 4, 23, 3}, 64, 4); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "wide_resnet50_2", [] { return resnet(bottleneck, {3, 4, 6, 3}, 1, 128); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "wide_resnet101_2", [] { return resnet(bottleneck, {3, 4, 23, 3}, 1, 128); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "vit_b_16", [] { return vit(16, 768, 12, 12, 3072); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "vit_b_32", [] { return vit(32, 768, 12, 12, 3072); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "vit_l_16", [] { return vit(16, 1024, 24, 16, 4096); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "vit_l_32", [] { return vit(32, 1024, 24, 16, 4096); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "vit_h_14", [] { return vit(14, 1280, 32, 16, 5120); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "mobilenet_v3_small", [] { return mobilenet_v3_small(); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "mobilenet_v3_large", [] { return mobilenet_v3_large(); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "efficientnet_b0", [] { return efficientnet(1.0, 1.0, 0.2); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "efficientnet_b1", [] { return efficientnet(1.0, 1.1, 0.2); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "efficientnet_b2", [] { return efficientnet(1.1, 1.2, 0.3); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "efficientnet_b3", [] { return efficientnet(1.2, 1.4, 0.3); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "efficientnet_b4", [] { return efficientnet(1.4, 1.8, 0.4); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "efficientnet_b5", [] { return efficientnet(1.6, 2.2, 0.4, true); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "efficientnet_b6", [] { return efficientnet(1.8, 2.6, 0.5, true); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "efficientnet_b7", [] { return efficientnet(2.0, 3.1, 0.5, true); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "convnext_tiny", [] { return convnext({96, 192, 384, 768}, {3, 3, 9, 3}, 0.1); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "convnext_small", [] { return convnext({96, 192, 384, 768}, {3, 3, 27, 3}, 0.4); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "convnext_base", [] { return convnext({128, 256, 512, 1024}, {3, 3, 27, 3}, 0.5); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "convnext_large", [] { return convnext({192, 384, 768, 1536}, {3, 3, 27, 3}, 0.5); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_y_400mf", [] { return regnet(16, 48, 27.89, 2.09, 8, 0.25); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_y_800mf", [] { return regnet(14, 56, 38.84, 2.4, 16, 0.25); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_y_1_6gf", [] { return regnet(27, 48, 20.71, 2.65, 24, 0.25); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_y_3_2gf", [] { return regnet(21, 80, 42.63, 2.66, 24, 0.25); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_y_8gf", [] { return regnet(17, 192, 76.82, 2.19, 56, 0.25); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_y_16gf", [] { return regnet(18, 200, 106.23, 2.48, 112, 0.25); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_y_32gf", [] { return regnet(20, 232, 115.89, 2.53, 232, 0.25); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_y_128gf", [] { return regnet(27, 456, 160.83, 2.52, 264, 0.25); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_x_400mf", [] { return regnet(22, 24, 24.48, 2.54, 16); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_x_800mf", [] { return regnet(16, 56, 35.73, 2.28, 16); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_x_1_6gf", [] { return regnet(18, 80, 34.01, 2.25, 24); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_x_3_2gf", [] { return regnet(25, 88, 26.31, 2.25, 48); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_x_8gf", [] { return regnet(23, 80, 49.56, 2.88, 120); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_x_16gf", [] { return regnet(22, 216, 55.59, 2.1, 128); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "regnet_x_32gf", [] { return regnet(23, 320, 69.86, 2.0, 168); });

}  // namespace glasses::models::presets

#endif
