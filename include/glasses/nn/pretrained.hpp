// Checkpoints: weights in one safetensors file with the config inside, partial loading
// with a report, and torchvision's weights through the same door.
#ifndef GLASSES_NN_PRETRAINED_HPP
#define GLASSES_NN_PRETRAINED_HPP

#include <glasses/config.hpp>
#include <glasses/safetensors.hpp>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace glasses::nn {

/// A tensor whose shape differs between the model and the file.
struct shape_mismatch {
  std::string name;
  std::vector<int64_t> expected;  // the model's
  std::vector<int64_t> found;     // the file's
};

/// What load_weights did: every tensor of the model and of the file is in exactly one list.
struct load_report {
  std::vector<std::string> loaded;
  std::vector<std::string> missing;     // in the model, not in the file: left as built
  std::vector<std::string> unexpected;  // in the file, not in the model: ignored
  std::vector<shape_mismatch> mismatched;  // in both, with other shapes: left as built

  /// Every tensor of the model was loaded and the file had nothing else.
  bool complete() const noexcept { return missing.empty() && unexpected.empty() && mismatched.empty(); }
};
std::ostream& operator<<(std::ostream& os, load_report const& report);
std::string to_string(load_report const& report);

struct weights_options {
  /// Throw a config_error, with the report, unless the load is complete.
  bool strict = false;
  /// Renames the file's keys to the model's, e.g. glasses::models::from_torchvision_key for
  /// a file with torchvision's names. (A function, so that nn knows no model family.)
  std::string (*rename)(std::string_view file_key) = nullptr;
};

namespace detail {

/// A safetensors file mapped into memory, its header validated.
class checkpoint {
 public:
  explicit checkpoint(std::string path);
  ~checkpoint();
  checkpoint(checkpoint const&) = delete;
  checkpoint& operator=(checkpoint const&) = delete;

  safetensors::header const& header() const { return header_; }
  std::string const& path() const { return path_; }
  char const* data(safetensors::tensor_entry const& t) const { return bytes_ + header_.data_offset + t.begin; }
  /// Gives the pages of a tensor already copied back to the system, so that loading holds
  /// the model and little more, rather than the model and the whole file.
  void release(safetensors::tensor_entry const& t) const;
  /// The metadata value, or a config_error that says the file lacks it.
  std::string const& metadata(std::string const& key) const;

 private:
  std::string path_;
  char const* bytes_ = nullptr;
  std::size_t size_ = 0;
  safetensors::header header_;
};

load_report load_into(torch::nn::Module& module, checkpoint const& file, weights_options options);
void save_tensors(torch::nn::Module const& module, std::string const& path, std::map<std::string, std::string> metadata);

template <class M> torch::nn::Module& module_of(M& model) {
  if constexpr (std::is_base_of_v<torch::nn::Module, M>) return model;
  else return *model.ptr();
}

}  // namespace detail

/// Loads the tensors of a safetensors file into the module's parameters and buffers, by
/// name, converting dtypes. Shapes must match; what does not fit is reported.
load_report load_weights(torch::nn::Module& module, std::string const& path, weights_options options = {});
template <class Holder>
  requires requires(Holder h) { h.ptr(); }
load_report load_weights(Holder& model, std::string const& path, weights_options options = {}) {
  return load_weights(*model.ptr(), path, options);
}

/// Writes the model's tensors and, in the metadata, the config's JSON and fingerprint.
/// The write is atomic: a failure leaves any previous file intact. A tensor of a dtype
/// that safetensors cannot hold (a complex one) is a config_error naming it.
template <class Model, class Config>
void save_pretrained(Model const& model, Config const& config, std::string const& path) {
  detail::save_tensors(detail::module_of(const_cast<Model&>(model)), path,
                       {{"format", "pt"}, {"glasses_config", dump(config)}, {"glasses_fingerprint", fingerprint(config)}});
}

template <class Config> using model_of = decltype(std::declval<Config const&>().build());

template <class Config> struct pretrained {
  Config config;
  model_of<Config> model;
};

/// The config stored in the file and its model with every weight loaded (strictly).
template <class Config> pretrained<Config> from_pretrained(std::string const& path) {
  detail::checkpoint file(path);
  Config config = parse<Config>(file.metadata("glasses_config"), {}, path + " (__metadata__.glasses_config)");
  auto model = config.build();
  detail::load_into(detail::module_of(model), file, {.strict = true});
  return {std::move(config), std::move(model)};
}

/// A changed config (say num_classes = 8) built and given every weight of the file that
/// fits; `report` says which did not.
template <class Config>
pretrained<Config> from_pretrained(std::string const& path, Config changed, load_report* report = nullptr) {
  detail::checkpoint file(path);
  auto model = changed.build();
  load_report r = detail::load_into(detail::module_of(model), file, {});
  if (report) *report = std::move(r);
  return {std::move(changed), std::move(model)};
}

}  // namespace glasses::nn

#endif
