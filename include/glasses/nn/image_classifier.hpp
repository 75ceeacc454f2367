// A backbone and a head: the model that ImageClassifierConfig builds.
#ifndef GLASSES_NN_IMAGE_CLASSIFIER_HPP
#define GLASSES_NN_IMAGE_CLASSIFIER_HPP

#include <glasses/nn/module.hpp>

namespace glasses::nn {

class ImageClassifierImpl : public torch::nn::Module {
 public:
  ImageClassifierImpl(Backbone backbone, Head head);
  torch::Tensor forward(torch::Tensor images);

  Backbone backbone;
  Head head;
};
TORCH_MODULE(ImageClassifier);

}  // namespace glasses::nn

#endif
