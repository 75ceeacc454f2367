#include <glasses/models/convnext.hpp>
#include <glasses/models/efficientnet.hpp>
#include <glasses/models/image_classifier.hpp>
#include <glasses/models/mobilenet_v3.hpp>
#include <glasses/models/regnet.hpp>
#include <glasses/models/vit.hpp>

#include <optional>

namespace glasses::models {
namespace {

/// The layout of the zoo's backbones' last stage, known from the config alone; a backbone
/// of the user's own is known only once built.
std::optional<nn::features_layout> gives(any_config<nn::Backbone()> const& backbone) {
  if (backbone.get_if<ViTConfig>()) return nn::features_layout::tokens;
  if (backbone.get_if<ResNetConfig>() || backbone.get_if<RegNetConfig>() || backbone.get_if<EfficientNetConfig>() ||
      backbone.get_if<MobileNetV3Config>() || backbone.get_if<ConvNeXtConfig>())
    return nn::features_layout::spatial;
  return std::nullopt;
}

/// The layout the zoo's heads take.
std::optional<nn::features_layout> takes(any_config<nn::Head(int64_t, int64_t)> const& head) {
  if (head.get_if<ClassTokenHeadConfig>()) return nn::features_layout::tokens;
  if (head.get_if<PooledLinearHeadConfig>() || head.get_if<DropoutLinearHeadConfig>() ||
      head.get_if<TwoLayerHeadConfig>() || head.get_if<LayerNormLinearHeadConfig>() ||
      head.get_if<NormalLinearHeadConfig>())
    return nn::features_layout::spatial;
  return std::nullopt;
}

issue layout_mismatch(ImageClassifierConfig const& c, nn::features_layout taken, nn::features_layout given) {
  return {"head", "the head " + detail::quoted(c.head.json_name()) + " takes " + std::string(nn::shape_of(taken)) +
                      " features, but the backbone " + detail::quoted(c.backbone.json_name()) + " gives " +
                      std::string(nn::shape_of(given)) + "; choose a head that takes them, e.g. head=" +
                      (given == nn::features_layout::tokens ? "class_token" : "pooled_linear")};
}

}  // namespace

void ImageClassifierConfig::validate(std::vector<issue>& problems) const {
  if (!backbone.has_value())
    problems.push_back({"backbone", "the slot is empty; choose a backbone, e.g. backbone=resnet"});
  if (!head.has_value()) problems.push_back({"head", "the slot is empty; choose a head, e.g. head=pooled_linear"});
  // Found when the config is read, not when `build` makes the model.
  auto const given = gives(backbone);
  auto const taken = takes(head);
  if (given && taken && *given != *taken) problems.push_back(layout_mismatch(*this, *taken, *given));
}

nn::ImageClassifier ImageClassifierConfig::build() const {
  ensure_valid(*this, "ImageClassifierConfig");
  nn::Backbone features = backbone.build();
  // A backbone of the user's own may report no stage, which no rule on its config can see.
  auto channels = features->stage_channels();
  if (channels.empty())
    throw config_error("ImageClassifierConfig",
                       {{"backbone", "the backbone " + detail::quoted(backbone.json_name()) +
                                         " reports no stages (its stage_channels() is empty); the head needs at "
                                         "least one"}});
  nn::Head classifier_head = head.build(channels.back(), num_classes);
  // A backbone or head of the user's own is known only now; before, the first forward pass
  // failed, with a message about the input's shape.
  if (classifier_head->takes() != features->layout())
    throw config_error("ImageClassifierConfig", {layout_mismatch(*this, classifier_head->takes(), features->layout())});
  return nn::ImageClassifier(features, classifier_head);
}

}  // namespace glasses::models
