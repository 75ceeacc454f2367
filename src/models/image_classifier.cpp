#include <glasses/models/image_classifier.hpp>

namespace glasses::models {

void ImageClassifierConfig::validate(std::vector<issue>& problems) const {
  if (!backbone.has_value())
    problems.push_back({"backbone", "the slot is empty; choose a backbone, e.g. backbone=resnet"});
  if (!head.has_value()) problems.push_back({"head", "the slot is empty; choose a head, e.g. head=pooled_linear"});
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
  // Found here, not at the first forward pass, where it looked like a wrong input shape.
  if (classifier_head->takes() != features->layout())
    throw config_error(
        "ImageClassifierConfig",
        {{"head", "the head " + detail::quoted(head.json_name()) + " takes " +
                      std::string(nn::shape_of(classifier_head->takes())) + " features, but the backbone " +
                      detail::quoted(backbone.json_name()) + " gives " + std::string(nn::shape_of(features->layout())) +
                      "; choose a head that takes them, e.g. head=" +
                      (features->layout() == nn::features_layout::tokens ? "class_token" : "pooled_linear")}});
  return nn::ImageClassifier(features, classifier_head);
}

}  // namespace glasses::models
