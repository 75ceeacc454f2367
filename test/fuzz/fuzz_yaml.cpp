// libFuzzer: arbitrary bytes as a YAML config with every field kind and slots. A load either
// succeeds or throws config_error, never a yaml-cpp exception. The oracle: what loads
// survives dump_yaml and parse_yaml unchanged, and reads the same from its JSON.
#include "../test_configs.hpp"

#include <glasses/config/yaml.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  std::string_view text(reinterpret_cast<char const*>(data), size);
  try {
    auto config = glasses::parse_yaml<test::Everything>(text);
    auto again = glasses::parse_yaml<test::Everything>(glasses::dump_yaml(config));
    if (!glasses::equal(config, again)) std::abort();
    if (!glasses::equal(config, glasses::parse<test::Everything>(glasses::dump(config)))) std::abort();
  } catch (glasses::config_error const& e) {
    for (auto const& problem : e.issues())
      if (problem.message.empty()) std::abort();
  }
  return 0;
}
