// The library's classifier config: any backbone, any head, and the number of classes.
#ifndef GLASSES_MODELS_IMAGE_CLASSIFIER_HPP
#define GLASSES_MODELS_IMAGE_CLASSIFIER_HPP

#include <glasses/config.hpp>
#include <glasses/models/bounds.hpp>
#include <glasses/models/heads.hpp>
#include <glasses/models/resnet.hpp>
#include <glasses/nn/image_classifier.hpp>

namespace glasses::models {

/// Each field's doc and constraints are in GLASSES_FIELDS, after the struct.
struct ImageClassifierConfig {
  any_config<nn::Backbone()> backbone = ResNetConfig{};
  any_config<nn::Head(int64_t in_channels, int64_t num_classes)> head = PooledLinearHeadConfig{};
  int64_t num_classes = 1000;

  nn::ImageClassifier build() const;
  /// Neither slot is empty.
  void validate(std::vector<issue>& problems) const;
};
BOOST_DESCRIBE_STRUCT(ImageClassifierConfig, (), (backbone, head, num_classes))
GLASSES_FIELDS(ImageClassifierConfig,
               field(&ImageClassifierConfig::backbone, "the network that gives features, one tensor per stage"),
               field(&ImageClassifierConfig::head,
                     "maps the backbone's last stage to logits; built with that stage's width and num_classes, "
                     "so that no config repeats them"),
               field(&ImageClassifierConfig::num_classes, "classes the head predicts", at_least(1),
                     at_most(bounds::classes)));

}  // namespace glasses::models

#endif
