// Names of an ImageClassifier's state dict in torchvision's form, and back.
//
// The backbones lay their modules out as torchvision does, so the map only moves the
// classifier's two top-level parts:
//
// | glasses                   | torchvision                                                |
// |---------------------------|------------------------------------------------------------|
// | `backbone.<name>`         | `<name>`                                                   |
// | `head.fc.<param>`         | `fc.<param>` (ResNet, RegNet)                              |
// | `head.head.<param>`       | `heads.head.<param>` (ViT)                                 |
// | `head.classifier.<param>` | `classifier.<param>` (MobileNetV3, EfficientNet, ConvNeXt) |
//
// For example `backbone.layer1.0.conv1.weight` is torchvision's `layer1.0.conv1.weight`,
// and `backbone.encoder.layers.encoder_layer_0.mlp.0.weight` is
// `encoder.layers.encoder_layer_0.mlp.0.weight`; MobileNetV3's
// `backbone.features.1.block.0.0.weight` is `features.1.block.0.0.weight` and its
// `head.classifier.3.weight` is `classifier.3.weight`; RegNet's
// `backbone.trunk_output.block1.block1-0.f.a.0.weight` is
// `trunk_output.block1.block1-0.f.a.0.weight`.
#ifndef GLASSES_MODELS_TORCHVISION_HPP
#define GLASSES_MODELS_TORCHVISION_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace torch::nn {
class Module;
}

namespace glasses::models {

/// The torchvision name of an ImageClassifier state-dict key.
std::string to_torchvision_key(std::string_view glasses_key);
/// The ImageClassifier name of a torchvision ResNet, ViT, MobileNetV3, EfficientNet, ConvNeXt or RegNet
/// state-dict key.
std::string from_torchvision_key(std::string_view torchvision_key);

/// One tensor of a state dict: its name in glasses and in torchvision, and its shape.
struct state_dict_key {
  std::string glasses;
  std::string torchvision;
  std::vector<int64_t> shape;
};

/// Every parameter and buffer of a model (an ImageClassifier) in both names, in the order
/// of a state dict: module by module, depth first, each module's parameters before its
/// buffers. `glasses keys MODEL --json` prints it; scripts/export_torchvision.py reads it.
std::vector<state_dict_key> torchvision_keys(torch::nn::Module const& model);

}  // namespace glasses::models

#endif
