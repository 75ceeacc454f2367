// How the model code reports a value that cannot build: one config_error whose source is
// the config (or module) and whose issue names the field. Private to src/models.
#ifndef GLASSES_SRC_MODELS_INVALID_FIELD_HPP
#define GLASSES_SRC_MODELS_INVALID_FIELD_HPP

#include <glasses/config/error.hpp>

#include <string>
#include <utility>

namespace glasses::models::detail {

/// `constexpr invalid_field invalid{"ResNetConfig"};` then `invalid("depths", "expected ...")`
/// throws config_error("ResNetConfig", {{"depths", "expected ..."}}).
struct invalid_field {
  char const* source;
  [[noreturn]] void operator()(std::string path, std::string message) const {
    throw config_error(source, {{std::move(path), std::move(message)}});
  }
};

}  // namespace glasses::models::detail

#endif
