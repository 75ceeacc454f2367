#include "owned_config.hpp"

#include <glasses/config/file.hpp>
#include <glasses/config/yaml.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>

namespace glasses::app_detail {

owned_config parse_config(detail::app_model const& model, std::string_view text, std::string source,
                          std::vector<issue>& warnings) {
  owned_config config = make_config(model, "");
  // No file name tells the format: JSON when the text is JSON, else YAML (`glasses show
  // resnet50 --yaml | glasses validate -`, and YAML's flow style, `{num_classes: 5}`). Text
  // that is neither gets JSON's message when it opens as JSON does.
  std::string_view rest = text.starts_with(detail::byte_order_mark) ? text.substr(detail::byte_order_mark.size()) : text;
  std::size_t const first = rest.find_first_not_of(" \t\r\n");
  // Binary (a NUL byte: a checkpoint's header length) goes to JSON's reader too, which says what it is.
  bool const opens_as_json = first == std::string_view::npos || rest[first] == '{' || rest[first] == '[' ||
                             rest.substr(0, 8).find('\0') != std::string_view::npos;
  load_options const options{.warnings = &warnings};
  if (!opens_as_json) {
    detail::parse_yaml_into(text, *model.root, config.get(), options, std::move(source));
    return config;
  }
  std::size_t const warnings_before = warnings.size();
  try {
    detail::parse_into(text, *model.root, config.get(), options, source);
    return config;
  } catch (config_error const& json_error) {
    boost::json::error_code ec;
    boost::json::parse(rest, ec);
    if (!ec) throw;  // JSON, whose values are wrong
    // Into a config of its own: the JSON reader may have set values before it stopped, and
    // warned of what it read.
    warnings.resize(warnings_before);
    owned_config yaml = make_config(model, "");
    try {
      detail::parse_yaml_into(text, *model.root, yaml.get(), options, std::move(source));
    } catch (config_error const& yaml_error) {
      // A problem at a path: YAML read the text. Only syntax errors: JSON's message says more.
      auto const& issues = yaml_error.issues();
      if (std::any_of(issues.begin(), issues.end(), [](issue const& i) { return !i.path.empty(); })) throw;
      throw json_error;
    }
    return yaml;
  }
}

std::string warning_line(issue const& warning, std::string_view source) {
  return format_issue({warning.path, "warning: " + warning.message, warning.line, warning.column}, source);
}

owned_config load_config(detail::app_model const& model, std::string const& path, std::vector<issue>& warnings) {
  owned_config config = make_config(model, "");
  detail::parse_file_into(path, *model.root, config.get(), {.warnings = &warnings});  // YAML or JSON, by extension
  return config;
}

}  // namespace glasses::app_detail
