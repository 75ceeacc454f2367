// libFuzzer: arbitrary lines as overrides and sweeps. Each is applied or refused with a
// config_error, and a refused apply_overrides leaves the config as it was.
#include "../test_configs.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  std::string text(reinterpret_cast<char const*>(data), size);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  test::Everything config;
  test::Everything const before = config;
  try {
    glasses::apply_overrides(config, lines);
  } catch (glasses::config_error const&) {
    if (!glasses::equal(config, before)) std::abort();  // all or nothing
  }
  try {
    auto grid = glasses::detail::expand_sweep(lines);
    if (grid.size() <= 16) (void)glasses::sweep(before, lines);
  } catch (glasses::config_error const&) {
  }
  return 0;
}
