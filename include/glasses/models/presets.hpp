// The model zoo: named ImageClassifierConfig presets whose parameter counts equal
// torchvision 0.14's (test/nn/zoo.cpp pins them).
#ifndef GLASSES_MODELS_PRESETS_HPP
#define GLASSES_MODELS_PRESETS_HPP

#include <glasses/models/heads.hpp>
#include <glasses/models/image_classifier.hpp>
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

using enum ResNetBlock;
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet18", [] { return resnet(basic, {2, 2, 2, 2}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet34", [] { return resnet(basic, {3, 4, 6, 3}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet50", [] { return resnet(bottleneck, {3, 4, 6, 3}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet101", [] { return resnet(bottleneck, {3, 4, 23, 3}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet152", [] { return resnet(bottleneck, {3, 8, 36, 3}); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnext50_32x4d", [] { return resnet(bottleneck, {3, 4, 6, 3}, 32, 4); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnext101_32x8d", [] { return resnet(bottleneck, {3, 4, 23, 3}, 32, 8); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "wide_resnet50_2", [] { return resnet(bottleneck, {3, 4, 6, 3}, 1, 128); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "wide_resnet101_2", [] { return resnet(bottleneck, {3, 4, 23, 3}, 1, 128); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "vit_b_16", [] { return vit(16, 768, 12, 12, 3072); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "vit_b_32", [] { return vit(32, 768, 12, 12, 3072); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "vit_l_16", [] { return vit(16, 1024, 24, 16, 4096); });
GLASSES_REGISTER_PRESET(ImageClassifierConfig, "vit_l_32", [] { return vit(32, 1024, 24, 16, 4096); });

}  // namespace glasses::models::presets

#endif
