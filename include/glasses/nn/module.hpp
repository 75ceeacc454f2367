// The interfaces that configs build against: a backbone gives one feature tensor per
// stage and says how many channels each has; a head maps those features to logits.
#ifndef GLASSES_NN_MODULE_HPP
#define GLASSES_NN_MODULE_HPP

#include <glasses/config/any_config.hpp>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/bind.hpp>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <concepts>
#include <cstdint>
#include <string_view>
#include <vector>

namespace glasses::nn {

/// How a stage's features are laid out: feature maps, or a sequence of tokens.
enum class features_layout { spatial, tokens };
/// `[batch, channels, height, width]` or `[batch, tokens, width]`, for messages.
constexpr std::string_view shape_of(features_layout layout) {
  return layout == features_layout::spatial ? "[batch, channels, height, width]" : "[batch, tokens, width]";
}

namespace detail {
/// Throws config_error from `config`, naming its in_channels where they are at fault, when
/// `images` is not [batch, in_channels, height, width] with sides of `min_side` pixels at
/// least. What a backbone's forward checks first: LibTorch's own message names a weight's
/// shape and no field.
void check_images(char const* config, torch::Tensor const& images, int64_t in_channels, int64_t min_side);
}  // namespace detail

/// A feature extractor: one feature tensor per stage, shallow to deep.
class BackboneImpl : public torch::nn::Module {
 public:
  virtual std::vector<torch::Tensor> forward(torch::Tensor images) = 0;
  /// The channels (or width) of each stage's features, as forward returns them.
  virtual std::vector<int64_t> stage_channels() const = 0;
  /// The layout of the last stage's features.
  virtual features_layout layout() const { return features_layout::spatial; }
};

/// Maps a backbone's features to logits.
class HeadImpl : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(std::vector<torch::Tensor> const& features) = 0;
  /// The layout of the features it takes from the last stage.
  virtual features_layout takes() const { return features_layout::spatial; }
};

namespace detail {
/// A module holder of any module derived from Base converts to the holder of Base. (The
/// pointer is converted first: ModuleHolder would otherwise try to construct a Base from it.)
template <class Base> class interface_holder : public torch::nn::ModuleHolder<Base> {
 public:
  using torch::nn::ModuleHolder<Base>::ModuleHolder;
  template <class Derived>
    requires std::derived_from<Derived, Base>
  interface_holder(torch::nn::ModuleHolder<Derived> const& module)  // NOLINT: implicit, like a pointer upcast
      : torch::nn::ModuleHolder<Base>(std::shared_ptr<Base>(module.ptr())) {}
  template <class Derived>
    requires std::derived_from<Derived, Base>
  interface_holder(std::shared_ptr<Derived> module)  // NOLINT
      : torch::nn::ModuleHolder<Base>(std::shared_ptr<Base>(std::move(module))) {}
};
}  // namespace detail

class Backbone : public detail::interface_holder<BackboneImpl> {
 public:
  using interface_holder::interface_holder;
};

class Head : public detail::interface_holder<HeadImpl> {
 public:
  using interface_holder::interface_holder;
};

/// The number of parameters (elements, not tensors) of a module and its children.
inline int64_t parameter_count(torch::nn::Module const& module) {
  int64_t total = 0;
  for (auto const& p : module.parameters()) total += p.numel();
  return total;
}

template <class T>
concept module_holder = requires { typename T::ContainedType; } &&
                        std::derived_from<T, torch::nn::ModuleHolder<typename T::ContainedType>>;

}  // namespace glasses::nn

/// A config whose build() gives a module holder of a backbone (or head) fits
/// `any_config<nn::Backbone(...)>` (or `nn::Head`) slots.
template <glasses::nn::module_holder R>
  requires(!std::same_as<R, glasses::nn::Backbone> && !std::same_as<R, glasses::nn::Head>)
struct glasses::build_result_interfaces<R> {
  using type = boost::mp11::mp_copy_if_q<boost::mp11::mp_list<glasses::nn::Backbone, glasses::nn::Head>,
                                         boost::mp11::mp_bind_front<std::is_convertible, R>>;
};

#endif
