// Bounds on the sizes (and a norm's epsilon) in the zoo's configs, which their GLASSES_FIELDS check.
//
// Each is far above any published model's (the zoo's widest layer has 4096 channels, its
// images 224 pixels), and low enough that every size the builders multiply, and every
// tensor they allocate, stays far inside int64_t: a config that validates cannot overflow.
// The largest products are ViT's patch projection, hidden_dim * in_channels * patch_size^2
// <= 2^20 * 2^16 * 2^20 = 2^56 elements, its position embedding, ((image_size /
// patch_size)^2 + 1) * hidden_dim <= 2^52, and ResNet's bottleneck width, widths[i] *
// width_per_group / 64 * groups <= 2^40 / 2^6 * 2^20 = 2^54 before ResNetConfig::validate
// bounds the result by `width` too.
#ifndef GLASSES_MODELS_BOUNDS_HPP
#define GLASSES_MODELS_BOUNDS_HPP

#include <cstdint>

namespace glasses::models::bounds {

/// Channels of a layer, groups, attention heads: 2^20.
inline constexpr int64_t width = int64_t{1} << 20;
/// Channels of the input images: 2^16 (hyperspectral images have hundreds).
inline constexpr int64_t in_channels = int64_t{1} << 16;
/// Pixels per side of a ViT's input images: 2^16.
inline constexpr int64_t image_size = int64_t{1} << 16;
/// Pixels per side of a ViT's patches: 2^10 (published ViTs use 14 to 32).
inline constexpr int64_t patch_size = int64_t{1} << 10;
/// Pixels per side of a convolution's kernel: 2^7 (published depthwise kernels reach 51,
/// SLaK's). A kernel costs its area at every output pixel: at 1023, a 64-pixel image took
/// a minute to run.
inline constexpr int64_t kernel_size = int64_t{1} << 7;
/// Classes of a classifier: 2^24 (extreme classification reaches millions).
inline constexpr int64_t classes = int64_t{1} << 24;
/// Blocks of a stage, of a MobileNet, or of a ViT's encoder: 2^10 (ResNet-1001 has 111 a
/// stage, the largest ViTs 48 layers). Each block is a module with its own tensors, so that
/// their number runs a machine out of memory long before it overflows anything.
inline constexpr int64_t blocks = int64_t{1} << 10;
/// Stages of a backbone: 16. Each halves the feature map, and an image has at most 2^16
/// pixels a side.
inline constexpr int64_t stages = 16;
/// The smallest epsilon of a norm, a lower bound: a float32 model rounds an epsilon under
/// 1.4e-45 to 0, and a channel of constant values then normalises to 0/0 = NaN.
inline constexpr double norm_eps = 1e-30;

}  // namespace glasses::models::bounds

#endif
