// libFuzzer: arbitrary lines as overrides and sweeps. Each is applied or refused with a
// config_error; a refused apply_overrides leaves the config as it was, and an applied one
// gives a config that dumps, and reads back equal (whatever bytes the overrides held).
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
    std::string const written = glasses::dump(config);  // never refuses what overrides accepted
    auto back = glasses::parse<test::Everything>(written);
    if (!glasses::equal(config, back) || glasses::dump(back) != written) std::abort();
    if (glasses::equal(config, before) != (written == glasses::dump(before))) std::abort();
  } catch (glasses::config_error const&) {
    if (!glasses::equal(config, before)) std::abort();  // all or nothing
  }
  try {
    auto points = glasses::sweep(before, lines);
    for (std::size_t i = 0; i < points.size() && i < 16; ++i) (void)points[i];
  } catch (glasses::config_error const&) {
  }
  return 0;
}
