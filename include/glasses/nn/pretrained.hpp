// Checkpoints: weights in one safetensors file with the config inside, partial loading
// with a report, and torchvision's weights through the same door.
#ifndef GLASSES_NN_PRETRAINED_HPP
#define GLASSES_NN_PRETRAINED_HPP

#include <glasses/config.hpp>
#include <glasses/nn/init.hpp>
#include <glasses/safetensors.hpp>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
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
  /// a file with torchvision's names. (A function, so that nn knows no model family.) Two
  /// file keys renamed to one name are a config_error, raised before anything is loaded.
  std::string (*rename)(std::string_view file_key) = nullptr;
  /// The device the module's parameters and buffers move to before loading (the module's
  /// own `to`), e.g. torch::kCUDA. Unset: they stay where they are.
  std::optional<torch::Device> device = std::nullopt;
  /// The dtype the module's floating-point parameters and buffers take before loading:
  /// Float, Double, Half or BFloat16. Integer and bool buffers (a batch norm's
  /// num_batches_tracked) keep theirs, as with Python's `module.to(dtype)`. Unset: each
  /// keeps its dtype. Each file tensor is then read into a host buffer and copied,
  /// converted, into its destination: loading adds the largest tensor to the host's memory,
  /// never the file. An unavailable device or another dtype is a config_error (path
  /// `options.device` or `options.dtype`), raised before the module changes.
  std::optional<torch::Dtype> dtype = std::nullopt;
};

struct pretrained_options {
  /// Refuse a file whose stored fingerprint is not that of its stored config: the config
  /// was edited after saving, or the config type has gained or lost fields since. Files
  /// without a fingerprint (other tools' files; save_pretrained and
  /// scripts/export_torchvision.py write one) have nothing to check against.
  bool check_fingerprint = true;
  /// Where the model goes and in which floating-point dtype, as weights_options' fields:
  /// the model is built on the host, converted to `dtype` there, moved to `device`, then
  /// loaded, so that it is never on the host twice. Checked before the model is built.
  std::optional<torch::Device> device = std::nullopt;
  std::optional<torch::Dtype> dtype = std::nullopt;
};

namespace detail {

/// A safetensors file open for reading, its header validated. Tensors are read with pread,
/// not mapped: a file truncated or rewritten while it loads is then a config_error, where
/// a mapping would kill the process with SIGBUS.
class checkpoint {
 public:
  explicit checkpoint(std::string path);
  ~checkpoint();
  checkpoint(checkpoint const&) = delete;
  checkpoint& operator=(checkpoint const&) = delete;

  safetensors::header const& header() const { return header_; }
  std::string const& path() const { return path_; }
  /// Reads the tensor's t.end - t.begin bytes into `to`; a config_error naming the tensor
  /// when the file ends before them or cannot be read.
  void read(safetensors::tensor_entry const& t, void* to) const;
  /// A config_error when the file's size or modification time differs from when it was
  /// opened: what was read may then mix two versions of the file.
  void check_unchanged() const;
  /// The metadata value, or a config_error that says the file lacks it.
  std::string const& metadata(std::string const& key) const;

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;      // when opened
  std::int64_t modified_ = 0;   // when opened: nanoseconds since the epoch
  safetensors::header header_;
};

/// A config_error when the file's stored fingerprint is not `computed`, that of its stored
/// config; nothing when the file stores none.
void check_fingerprint(checkpoint const& file, std::string const& computed);

/// A config_error, with `source` and an issue for each, when `device` cannot hold tensors
/// here (CUDA without a GPU, an index past the last GPU, the meta device) or `dtype` is not
/// Float, Double, Half or BFloat16.
void check_placement(std::optional<torch::Device> device, std::optional<torch::Dtype> dtype,
                     std::string const& source);
/// Converts the module's floating-point parameters and buffers to `dtype`, then moves the
/// module to `device`; each unset is left alone. Call check_placement first.
void place(torch::nn::Module& module, std::optional<torch::Device> device, std::optional<torch::Dtype> dtype);

/// Checks and applies the options' placement, then loads the file's tensors. A model built
/// while `initialisers` recorded gets them run first, unless the file fills every tensor.
load_report load_into(torch::nn::Module& module, checkpoint const& file, weights_options options,
                      recorded_initialisers* initialisers = nullptr);
void save_tensors(torch::nn::Module const& module, std::string const& path, std::map<std::string, std::string> metadata);

template <class M> torch::nn::Module& module_of(M& model) {
  if constexpr (std::is_base_of_v<torch::nn::Module, M>) return model;
  else return *model.ptr();
}

}  // namespace detail

/// Loads the tensors of a safetensors file into the module's parameters and buffers, by
/// name, converting dtypes. Shapes must match; what does not fit is reported. A file
/// truncated or rewritten while it loads is a config_error, after which the module may hold
/// some of its tensors. With options.device or options.dtype the module is first moved or
/// converted there, e.g. `load_weights(model, path, {.device = torch::kCUDA, .dtype =
/// torch::kBFloat16})`.
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

/// The config stored in the file and its model with every weight loaded (strictly). The
/// stored fingerprint must be the stored config's, unless options say not to check it.
/// With a device or dtype in the options, the model is built, converted and moved there
/// before any weight is read (see pretrained_options). The build runs no initialiser that
/// goes through nn::initialise (the zoo's all do): the file fills every tensor.
template <class Config>
pretrained<Config> from_pretrained(std::string const& path, pretrained_options options = {}) {
  detail::check_placement(options.device, options.dtype, path);
  detail::checkpoint file(path);
  Config config = parse<Config>(file.metadata("glasses_config"), {}, path + " (__metadata__.glasses_config)");
  if (options.check_fingerprint) detail::check_fingerprint(file, fingerprint(config));
  detail::recorded_initialisers initialisers;
  auto model = config.build();
  initialisers.stop();
  detail::load_into(detail::module_of(model), file, {.strict = true, .device = options.device, .dtype = options.dtype},
                    &initialisers);
  return {std::move(config), std::move(model)};
}

/// A changed config (say num_classes = 8) built, placed on the options' device and dtype
/// (their check_fingerprint does not apply: the stored config is not read), and given every
/// weight of the file that fits; `report` says which did not. When a tensor does not fit,
/// the model is first initialised as a plain build would initialise it, seed for seed.
template <class Config>
pretrained<Config> from_pretrained(std::string const& path, Config changed, pretrained_options options,
                                   load_report* report = nullptr) {
  detail::check_placement(options.device, options.dtype, path);
  detail::checkpoint file(path);
  detail::recorded_initialisers initialisers;
  auto model = changed.build();
  initialisers.stop();
  load_report r = detail::load_into(detail::module_of(model), file, {.device = options.device, .dtype = options.dtype},
                                    &initialisers);
  if (report) *report = std::move(r);
  return {std::move(changed), std::move(model)};
}
template <class Config>
pretrained<Config> from_pretrained(std::string const& path, Config changed, load_report* report = nullptr) {
  return from_pretrained(path, std::move(changed), pretrained_options{}, report);
}

}  // namespace glasses::nn

#endif
