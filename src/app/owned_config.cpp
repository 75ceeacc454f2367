#include "owned_config.hpp"

#include <glasses/config/file.hpp>

namespace glasses::app_detail {

owned_config parse_config(detail::app_model const& model, std::string_view text, std::string source) {
  owned_config config = make_config(model, "");
  // No file name tells the format: JSON when the text opens as a JSON config does, else
  // YAML (`glasses show resnet50 --yaml | glasses validate -`).
  std::string_view rest = text.starts_with(detail::byte_order_mark) ? text.substr(detail::byte_order_mark.size()) : text;
  std::size_t const first = rest.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && rest[first] != '{' && rest[first] != '[')
    detail::parse_yaml_into(text, *model.root, config.get(), {}, std::move(source));
  else detail::parse_into(text, *model.root, config.get(), {}, std::move(source));
  return config;
}

owned_config load_config(detail::app_model const& model, std::string const& path) {
  owned_config config = make_config(model, "");
  detail::parse_file_into(path, *model.root, config.get(), {});  // YAML or JSON, by extension
  return config;
}

}  // namespace glasses::app_detail
