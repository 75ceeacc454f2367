// The library's classifier config: any backbone, any head, and the number of classes.
#ifndef GLASSES_MODELS_IMAGE_CLASSIFIER_HPP
#define GLASSES_MODELS_IMAGE_CLASSIFIER_HPP

#include <glasses/config.hpp>
#include <glasses/models/heads.hpp>
#include <glasses/models/resnet.hpp>
#include <glasses/nn/image_classifier.hpp>

namespace glasses::models {

struct ImageClassifierConfig {
  any_config<nn::Backbone()> backbone = ResNetConfig{};
  /// Built with the backbone's last stage width and num_classes: no config repeats them.
  any_config<nn::Head(int64_t in_channels, int64_t num_classes)> head = PooledLinearHeadConfig{};
  int64_t num_classes = 1000;

  nn::ImageClassifier build() const;
};
BOOST_DESCRIBE_STRUCT(ImageClassifierConfig, (), (backbone, head, num_classes))

}  // namespace glasses::models

#endif
