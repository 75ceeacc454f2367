// Configs of an app_model's type, owned, and read from text and files: what the app and
// the tools share.
#ifndef GLASSES_SRC_APP_OWNED_CONFIG_HPP
#define GLASSES_SRC_APP_OWNED_CONFIG_HPP

#include <glasses/app.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glasses::app_detail {

/// A config of the model's type; it takes the pointer that make, copy or a reader returned.
class owned_config {
 public:
  owned_config(detail::app_model const& model, void* config) noexcept : model_(&model), config_(config) {}
  owned_config(owned_config&& other) noexcept : model_(other.model_), config_(std::exchange(other.config_, nullptr)) {}
  owned_config& operator=(owned_config&&) = delete;
  ~owned_config() {
    if (config_) model_->destroy(config_);
  }

  void* get() const noexcept { return config_; }
  /// The config, no longer owned: the caller destroys it.
  void* release() noexcept { return std::exchange(config_, nullptr); }

 private:
  detail::app_model const* model_;
  void* config_;
};

/// T{} or a preset of it; throws config_error for an unknown preset.
inline owned_config make_config(detail::app_model const& model, std::string_view preset) {
  return {model, model.make(preset)};
}

/// A config read from text without a file name (stdin): JSON when it opens with { or [, else
/// YAML; `source` prefixes the messages. The reader's warnings (a key read by a former
/// name) are appended to `warnings`.
owned_config parse_config(detail::app_model const& model, std::string_view text, std::string source,
                          std::vector<issue>& warnings);
/// A warning of the reader as a line, as a compiler writes one: `exp.yaml:3:1: bs: warning: ...`.
std::string warning_line(issue const& warning, std::string_view source);
/// A config file read as `load` reads it, with the reader's warnings.
owned_config load_config(detail::app_model const& model, std::string const& path, std::vector<issue>& warnings);

}  // namespace glasses::app_detail

#endif
