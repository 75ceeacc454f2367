// libFuzzer: arbitrary bytes as a config with every field kind and slots. A load either
// succeeds or throws config_error. The oracle: what loads survives a round trip unchanged
// (parse(dump(x)) == x, through text and values), and equal() agrees with the JSON.
#include "../test_configs.hpp"

#include <cstdlib>

namespace {

void check_one_equivalence(test::Everything const& a, test::Everything const& b) {
  if (glasses::equal(a, b) != (glasses::dump(a) == glasses::dump(b))) std::abort();
  if (glasses::diff(a, b).empty() != glasses::equal(a, b)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  std::string_view text(reinterpret_cast<char const*>(data), size);
  try {
    auto config = glasses::parse<test::Everything>(text);
    auto again = glasses::parse<test::Everything>(glasses::dump(config));
    if (!glasses::equal(config, again) || glasses::dump(config) != glasses::dump(again)) std::abort();
    auto from_value = glasses::from_json<test::Everything>(glasses::to_json(config));
    if (!glasses::equal(config, from_value)) std::abort();
    check_one_equivalence(config, test::Everything{});
    check_one_equivalence(config, again);
    (void)glasses::to_tree(config);
  } catch (glasses::config_error const&) {
  }
  return 0;
}
