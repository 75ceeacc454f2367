#include "command.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace glasses::cli {

ImageClassifierConfig load_config(std::string const& argument) {
  if (argument == "-") {
    std::stringstream text;
    text << std::cin.rdbuf();
    return parse<ImageClassifierConfig>(text.str(), {}, "<stdin>");
  }
  if (argument.ends_with(".safetensors")) {
    nn::detail::checkpoint file(argument);
    return parse<ImageClassifierConfig>(file.metadata("glasses_config"), {},
                                        argument + " (__metadata__.glasses_config)");
  }
  std::error_code ec;
  if (std::filesystem::exists(argument, ec)) return load<ImageClassifierConfig>(argument);
  auto names = preset_names<ImageClassifierConfig>();
  if (std::find(names.begin(), names.end(), argument) != names.end()) return preset<ImageClassifierConfig>(argument);
  bool looks_like_path = argument.find('/') != std::string::npos || argument.ends_with(".json");
  if (looks_like_path) throw usage_error("cannot open " + detail::quoted(argument) + ": no such file");
  throw usage_error("no preset or file named " + detail::quoted(argument) + detail::did_you_mean(argument, names) +
                    "; `glasses presets` lists the presets");
}

void add_config_argument(CLI::App& sub, std::string& into, std::string const& name) {
  sub.add_option(name, into, "preset, file or -")->required();
}

void add_json_flag(CLI::App& sub, bool& into) { sub.add_flag("--json", into, "output JSON for scripts"); }

void print_json(boost::json::value const& json) { std::cout << dump(json, {.indent = 2}) << '\n'; }

}  // namespace glasses::cli
