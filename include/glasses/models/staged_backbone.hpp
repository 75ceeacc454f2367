// What the zoo's convolutional backbones (MobileNetV3, EfficientNet, ConvNeXt, RegNet) share:
// their top-level modules run one after the other, and a stage ends at each resolution, so
// that forward gives the feature maps that feature pyramids take. Each backbone registers
// its modules where torchvision has them; this base only keeps the order.
#ifndef GLASSES_MODELS_STAGED_BACKBONE_HPP
#define GLASSES_MODELS_STAGED_BACKBONE_HPP

#include <glasses/nn/module.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace glasses::models {

/// A backbone whose modules run in a row; a stage ends at each module before one that
/// downsamples, and at the last.
class StagedBackboneImpl : public nn::BackboneImpl {
 public:
  std::vector<torch::Tensor> forward(torch::Tensor images) override {
    nn::detail::check_images(config_, images, in_channels_, min_side_);
    std::vector<torch::Tensor> stages;
    stages.reserve(channels_.size());
    auto x = std::move(images);
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      x = steps_[i](x);
      if (ends_[i]) stages.push_back(x);
    }
    return stages;
  }
  std::vector<int64_t> stage_channels() const override { return channels_; }

 protected:
  /// Runs `module` after the modules added before it; `stride` is how much it downsamples,
  /// `channels` how many it outputs. Returns the module, for the caller to register.
  template <class Module> Module then(Module module, int64_t stride, int64_t channels) {
    steps_.emplace_back([module](torch::Tensor x) mutable { return module->forward(std::move(x)); });
    downsampling_ *= stride;
    ends_.push_back(false);
    if (stride > 1 && ends_.size() > 1) ends_[ends_.size() - 2] = true;
    channels_of_.push_back(channels);
    return module;
  }
  /// How much the modules so far downsample, all together.
  int64_t downsampling() const { return downsampling_; }
  /// After the last `then`: the last module ends a stage too, and forward takes images of
  /// `in_channels` channels and sides of `min_side` pixels at least, as `config` says.
  void end_stages(char const* config, int64_t in_channels, int64_t min_side = 1) {
    config_ = config;
    in_channels_ = in_channels;
    min_side_ = min_side;
    if (!ends_.empty()) ends_.back() = true;
    channels_.clear();
    for (std::size_t i = 0; i < ends_.size(); ++i)
      if (ends_[i]) channels_.push_back(channels_of_[i]);
  }

 private:
  std::vector<std::function<torch::Tensor(torch::Tensor)>> steps_;
  std::vector<bool> ends_;             // which steps end a stage
  std::vector<int64_t> channels_of_;   // each step's output channels
  std::vector<int64_t> channels_;      // each stage's
  int64_t downsampling_ = 1;
  char const* config_ = "";
  int64_t in_channels_ = 0;
  int64_t min_side_ = 1;
};

}  // namespace glasses::models

#endif
