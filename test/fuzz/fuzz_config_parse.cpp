// libFuzzer: arbitrary bytes as a config with every field kind and slots. A load either
// succeeds or throws config_error; what loads must survive a round trip unchanged.
#include "../test_configs.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  std::string_view text(reinterpret_cast<char const*>(data), size);
  try {
    auto config = glasses::parse<test::Everything>(text);
    auto again = glasses::parse<test::Everything>(glasses::dump(config));
    if (!glasses::equal(config, again) || glasses::fingerprint(config) != glasses::fingerprint(again)) std::abort();
    auto from_value = glasses::from_json<test::Everything>(glasses::to_json(config));
    if (!glasses::equal(config, from_value)) std::abort();
    (void)glasses::to_tree(config);
    (void)glasses::diff(config, test::Everything{});
  } catch (glasses::config_error const&) {
  }
  return 0;
}
