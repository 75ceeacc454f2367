#include <glasses/models/image_classifier.hpp>

namespace glasses::models {

nn::ImageClassifier ImageClassifierConfig::build() const {
  std::vector<issue> issues;
  if (!backbone.has_value()) issues.push_back({"backbone", "the slot is empty; choose a backbone, e.g. backbone=resnet"});
  if (!head.has_value()) issues.push_back({"head", "the slot is empty; choose a head, e.g. head=pooled_linear"});
  if (num_classes < 1) issues.push_back({"num_classes", "expected a positive number of classes, got " + std::to_string(num_classes)});
  if (!issues.empty()) throw config_error("ImageClassifierConfig", std::move(issues));
  nn::Backbone features = backbone.build();
  int64_t width = features->stage_channels().back();
  return nn::ImageClassifier(features, head.build(width, num_classes));
}

}  // namespace glasses::models
