// libFuzzer: arbitrary bytes as a config with every field kind and slots. A load either
// succeeds or throws config_error. The oracle: what loads survives a round trip unchanged
// (parse(dump(x)) == x, through text and values), equal() agrees with the JSON, and parse
// (its fast path, then the event reader) reads what the event reader alone reads.
#include "../test_configs.hpp"

#include <cstdlib>

namespace {

// The config's JSON, or the error's paths and messages: parse also skips a byte order mark
// and finds where each problem is, which the event reader alone leaves to it.
std::string outcome(std::string_view text, bool events_only) {
  if (events_only && text.starts_with(glasses::detail::byte_order_mark))
    text.remove_prefix(glasses::detail::byte_order_mark.size());
  try {
    test::Everything config{};
    if (events_only) glasses::detail::parse_events(text, glasses::detail::sink_for<test::Everything>, &config, {}, "");
    else config = glasses::parse<test::Everything>(text);
    return glasses::dump(config);
  } catch (glasses::config_error const& e) {
    std::string out = "error:";
    for (auto const& i : e.issues()) out += "\n" + i.path + ": " + i.message;
    return out;
  }
}

void check_one_equivalence(test::Everything const& a, test::Everything const& b) {
  if (glasses::equal(a, b) != (glasses::dump(a) == glasses::dump(b))) std::abort();
  if (glasses::diff(a, b).empty() != glasses::equal(a, b)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  std::string_view text(reinterpret_cast<char const*>(data), size);
  if (outcome(text, false) != outcome(text, true)) std::abort();
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
