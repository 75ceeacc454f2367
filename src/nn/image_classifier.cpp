#include <glasses/nn/image_classifier.hpp>

namespace glasses::nn {

ImageClassifierImpl::ImageClassifierImpl(Backbone backbone_, Head head_)
    : backbone(register_module("backbone", std::move(backbone_))), head(register_module("head", std::move(head_))) {}

torch::Tensor ImageClassifierImpl::forward(torch::Tensor images) { return head->forward(backbone->forward(images)); }

}  // namespace glasses::nn
