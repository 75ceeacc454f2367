// Initialisers that a checkpoint makes needless. Random initialisation is most of the time
// a model takes to build, and loading overwrites all of it: from_pretrained builds the model
// while recording its initialisers, and runs them only if the file leaves a tensor unloaded
// (as Hugging Face builds on the meta device). Modules that initialise through these
// functions load fast; others initialise as they build, and load as correctly.
#ifndef GLASSES_NN_INIT_HPP
#define GLASSES_NN_INIT_HPP

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <functional>
#include <vector>

namespace glasses::nn {

/// Runs `initialiser` now, or, while from_pretrained builds a model, records it: recorded
/// initialisers run in their order, all of them, when the checkpoint does not fill every
/// tensor of the model, and not at all when it does. An initialiser writes only tensors of
/// the module that registers it, and the module must outlive the build (it is the model's).
void initialise(std::function<void()> initialiser);

/// Who fills a layer's weight. `layer_default`: LibTorch's default initialisation (kaiming
/// uniform). `by_model`: the model's own initialisation pass, which overwrites it; the layer
/// leaves it unfilled, as drawing a default that is thrown away is most of a build (which
/// torchvision does). A bias gets its default draw either way, as it depends on the shape only.
/// With `by_model`, the model's pass must write the weight, through initialise() so that
/// from_pretrained can skip it: until then the weight holds whatever the memory held.
enum class weight_init { layer_default, by_model };

/// torch::nn::Conv2d and torch::nn::Linear, whose initialisation goes through initialise(): a
/// recorded build allocates their tensors and fills none.
torch::nn::Conv2d make_conv2d(torch::nn::Conv2dOptions const& options, weight_init weight = weight_init::layer_default);
torch::nn::Linear make_linear(torch::nn::LinearOptions const& options, weight_init weight = weight_init::layer_default);

namespace detail {

/// Records this thread's initialise() calls while it is alive; nests.
class recorded_initialisers {
 public:
  recorded_initialisers();
  ~recorded_initialisers();
  recorded_initialisers(recorded_initialisers const&) = delete;
  recorded_initialisers& operator=(recorded_initialisers const&) = delete;

  /// Stops recording: initialise() runs its initialisers at once again.
  void stop() noexcept;
  /// Runs every recorded initialiser, in the order they were recorded, once.
  void run();

 private:
  friend void nn::initialise(std::function<void()> initialiser);
  std::vector<std::function<void()>> recorded_;
  recorded_initialisers* outer_;
  bool recording_ = true;
};

}  // namespace detail
}  // namespace glasses::nn

#endif
