#include "owned_config.hpp"

#include <glasses/config/file.hpp>

namespace glasses::app_detail {

owned_config parse_config(detail::app_model const& model, std::string_view text, std::string source) {
  owned_config config = make_config(model, "");
  detail::parse_into(text, *model.root, config.get(), {}, std::move(source));
  return config;
}

owned_config load_config(detail::app_model const& model, std::string const& path) {
  owned_config config = make_config(model, "");
  detail::parse_file_into(path, *model.root, config.get(), {});  // YAML or JSON, by extension
  return config;
}

}  // namespace glasses::app_detail
