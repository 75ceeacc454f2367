#include <glasses/models/image_classifier.hpp>

namespace glasses::models {

nn::ImageClassifier ImageClassifierConfig::build() const {
  std::vector<issue> issues;
  if (!backbone.has_value()) issues.push_back({"backbone", "the slot is empty; choose a backbone, e.g. backbone=resnet"});
  if (!head.has_value()) issues.push_back({"head", "the slot is empty; choose a head, e.g. head=pooled_linear"});
  if (num_classes < 1) issues.push_back({"num_classes", "expected a positive number of classes, got " + std::to_string(num_classes)});
  if (!issues.empty()) throw config_error("ImageClassifierConfig", std::move(issues));
  nn::Backbone features = backbone.build();
  auto channels = features->stage_channels();
  if (channels.empty())
    throw config_error("ImageClassifierConfig", {{"backbone", "the backbone has no stages; the head needs one"}});
  return nn::ImageClassifier(features, head.build(channels.back(), num_classes));
}

}  // namespace glasses::models
