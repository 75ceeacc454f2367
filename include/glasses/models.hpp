// glasses' model zoo: ResNet, ViT, MobileNetV3, EfficientNet, ConvNeXt and RegNet configs,
// heads, and the ImageClassifierConfig presets.
#ifndef GLASSES_MODELS_HPP
#define GLASSES_MODELS_HPP

#include <glasses/config/iostream.hpp>
#include <glasses/models/convnext.hpp>
#include <glasses/models/efficientnet.hpp>
#include <glasses/models/heads.hpp>
#include <glasses/models/image_classifier.hpp>
#include <glasses/models/mobilenet_v3.hpp>
#include <glasses/models/presets.hpp>
#include <glasses/models/regnet.hpp>
#include <glasses/models/resnet.hpp>
#include <glasses/models/torchvision.hpp>
#include <glasses/models/vit.hpp>
#include <glasses/nn.hpp>

// Configs in glasses::models print with std::cout << config.
namespace glasses::models {
using glasses::operator<<;
}

#endif
