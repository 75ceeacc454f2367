// libFuzzer: arbitrary bytes as a YAML config with every field kind and slots. A load either
// succeeds or throws config_error, never a yaml-cpp exception. The oracles: on the input and
// on what dump_yaml writes, the fast scanner either declines the text or records exactly
// what yaml-cpp records (the differential check of test/yaml.cpp; a difference aborts);
// what loads survives dump_yaml and parse_yaml unchanged, and reads the same from its JSON.
#include "../test_configs.hpp"

#include <glasses/config/yaml.hpp>

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  std::string_view text(reinterpret_cast<char const*>(data), size);
  auto differ = [](glasses::detail::yaml_scanner_check const& check) {
    if (check.same) return;
    std::fprintf(stderr, "the fast scanner and yaml-cpp differ\nfast:\n%s\nyaml-cpp:\n%s\n", check.fast.c_str(),
                 check.full.c_str());
    std::abort();
  };
  differ(glasses::detail::check_yaml_scanner(text));
  test::Everything config;
  try {
    config = glasses::parse_yaml<test::Everything>(text);
  } catch (glasses::config_error const& e) {
    for (auto const& problem : e.issues())
      if (problem.message.empty()) std::abort();
    return 0;
  }
  // What loads is written, and read back equal: a config_error here is a bug, not bad input.
  try {
    std::string const written = glasses::dump_yaml(config);
    differ(glasses::detail::check_yaml_scanner(written));
    if (!glasses::equal(config, glasses::parse_yaml<test::Everything>(written))) std::abort();
    if (!glasses::equal(config, glasses::parse<test::Everything>(glasses::dump(config)))) std::abort();
  } catch (glasses::config_error const& e) {
    std::fprintf(stderr, "the round trip failed: %s\n", e.what());
    std::abort();
  }
  return 0;
}
