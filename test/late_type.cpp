// Unions and slots whose "type" comes after other keys, as hand-written JSON may put it:
// read exactly as when it comes first, in memory proportional to the text.
#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <sys/resource.h>

namespace test {

struct node {};
using node_ptr = std::shared_ptr<node>;

struct NodeConfig {
  std::string payload;
  glasses::any_config<node_ptr> child;
  node_ptr build() const { return std::make_shared<node>(); }
};
BOOST_DESCRIBE_STRUCT(NodeConfig, (), (payload, child))
GLASSES_REGISTER_CONFIG(NodeConfig, "node");

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace test

// First in this file, so that the process's peak is still this test's to measure.
BOOST_AUTO_TEST_CASE(memory_stays_proportional_to_the_text_whatever_the_key_order) {
  // 120 slots deep, each with 16 KiB of text before its "type": about 2 MB. Buffering each
  // union's members until its type arrives took over 10 GB here; a pass that finds the
  // types first needs about the text again.
  constexpr int depth = 120;
  std::string const payload(16 * 1024, 'x');
  std::string text;
  for (int i = 0; i < depth; ++i) text += R"({"payload":")" + payload + R"(","child":)";
  text += "null";
  for (int i = 0; i < depth; ++i) text += R"(,"type":"node"})";
  glasses::load_options options;
  options.max_depth = 2 * depth + 8;
  long const before = test::peak_rss_kib();
  auto root = glasses::parse<glasses::any_config<test::node_ptr>>(text, options);
  long const grown_kib = test::peak_rss_kib() - before;
  BOOST_TEST_MESSAGE("peak memory grew by " << grown_kib << " KiB reading " << text.size() / 1024 << " KiB");
  BOOST_TEST(grown_kib < static_cast<long>(16 * text.size() / 1024));
  int levels = 0;
  for (auto const* n = &root; n->has_value(); n = &n->as<test::NodeConfig>().child) {
    BOOST_TEST_REQUIRE(n->as<test::NodeConfig>().payload.size() == payload.size());
    ++levels;
  }
  BOOST_TEST(levels == depth);
}

BOOST_AUTO_TEST_CASE(a_late_type_reads_as_a_first_one) {
  auto late = glasses::parse<test::Everything>(
      R"({"slot":{"heads":2,"dropout":0.5,"type":"attention"},"choice":{"channels":5,"kernel":[1],"type":"conv"},
          "extras":[{"channels":7,"type":"conv"}]})");
  auto first = glasses::parse<test::Everything>(
      R"({"slot":{"type":"attention","heads":2,"dropout":0.5},"choice":{"type":"conv","channels":5,"kernel":[1]},
          "extras":[{"type":"conv","channels":7}]})");
  BOOST_TEST(glasses::dump(late) == glasses::dump(first));
  BOOST_TEST(late.slot.as<test::AttentionConfig>().heads == 2);
  BOOST_TEST(std::get<test::ConvConfig>(late.choice).channels == 5);
}

BOOST_AUTO_TEST_CASE(a_late_type_is_checked_like_a_first_one) {
  // No "type" at all: the object sets fields of the config held (a conv block).
  auto missing = test::issues_of([] { glasses::parse<test::Everything>(R"({"slot":{"heads":2}})"); });
  BOOST_TEST_REQUIRE(missing.size() == 1u);
  BOOST_TEST(missing[0].path == "slot.heads");
  BOOST_TEST(missing[0].message.starts_with("unknown key in ConvConfig"));
  auto empty = test::issues_of([] { glasses::parse<test::Everything>(R"({"empty_slot":{"heads":2}})"); });
  BOOST_TEST_REQUIRE(empty.size() == 1u);
  BOOST_TEST(empty[0].path == "empty_slot");
  BOOST_TEST(empty[0].message.ends_with(R"(got an object without "type")"));
  auto number = test::issues_of([] { glasses::parse<test::Everything>(R"({"choice":{"heads":2,"type":5}})"); });
  BOOST_TEST(number.at(0).path == "choice.type");
  BOOST_TEST(number.at(0).message == "expected the name of a registered config (a string), got 5");
  auto twice = test::issues_of(
      [] { glasses::parse<test::Everything>(R"({"slot":{"heads":2,"type":"attention","type":"attention"}})"); });
  BOOST_TEST(twice.at(0).path == "slot.type");
  BOOST_TEST(twice.at(0).message == "duplicate key; each key may appear once in an object");
  auto member = test::issues_of(
      [] { glasses::parse<test::Everything>(R"({"slot":{"heads":"two","type":"attention"},"tiny":1000})"); });
  BOOST_TEST_REQUIRE(member.size() == 2u);
  BOOST_TEST(member[0].path == "slot.heads");
  BOOST_TEST(member[1].path == "tiny");
}

BOOST_AUTO_TEST_CASE(warnings_of_a_late_type_document_are_reported_once) {
  std::vector<glasses::issue> warnings;
  glasses::load_options options;
  options.allow_unknown_keys = true;
  options.warnings = &warnings;
  glasses::parse<test::Everything>(R"({"unknown":1,"slot":{"heads":2,"type":"attention"}})", options);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].path == "unknown");
}
