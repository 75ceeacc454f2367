#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <glasses/config/iostream.hpp>  // the opt-in stream operator

#include <sstream>

BOOST_AUTO_TEST_CASE(one_line_like_a_dataclass) {
  test::Level1 config;
  BOOST_TEST(glasses::to_string(config) ==
             R"(Level1(name="top", middle=Level2(width=4, leaf=Level3(ratio=0.5, tag="deep"))))");
}

BOOST_AUTO_TEST_CASE(one_line_covers_containers_enums_and_slots) {
  test::ConvConfig conv{.channels = 8, .kernel = {1, 3}};
  BOOST_TEST(glasses::to_string(conv) == "ConvConfig(channels=8, kernel=[1, 3])");
  test::Everything e;
  std::string line = glasses::to_string(e);
  BOOST_TEST(line.find(R"(act=gelu, maybe=null, named="x", depths=[3, 4, 6, 3])") != std::string::npos);
  BOOST_TEST(line.find(R"(weights={"a": 1.5, "b.c": -2})") != std::string::npos);
  BOOST_TEST(line.find("infinite=inf") != std::string::npos);
  BOOST_TEST(line.find("slot=ConvConfig(channels=64, kernel=[3, 3]), empty_slot=null") != std::string::npos);
  BOOST_TEST(line.find(R"(text="line\n\"quoted\" \\ tab\t é")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tree_has_one_field_a_line) {
  test::DerivedConfig derived;
  BOOST_TEST(glasses::to_tree(derived) == "DerivedConfig\n  seed: 0\n  run: \"baseline\"\n  epochs: 10");
  test::Level1 nested;
  BOOST_TEST(glasses::to_tree(nested) ==
             "Level1\n"
             "  name: \"top\"\n"
             "  middle: Level2\n"
             "    width: 4\n"
             "    leaf: Level3\n"
             "      ratio: 0.5\n"
             "      tag: \"deep\"");
}

BOOST_AUTO_TEST_CASE(tree_puts_records_in_containers_and_slots_on_their_own_lines) {
  test::Everything e;
  std::string tree = glasses::to_tree(e);
  BOOST_TEST(tree.find("  layers:\n    [0]: Level3\n      ratio: 0.5\n      tag: \"deep\"\n    [1]: Level3\n") !=
             std::string::npos);
  BOOST_TEST(tree.find("  slot: ConvConfig\n    channels: 64\n    kernel: [3, 3]\n  empty_slot: null\n") !=
             std::string::npos);
  BOOST_TEST(tree.find("  depths: [3, 4, 6, 3]\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_opt_in_stream_operator_prints_the_one_line_form) {
  std::ostringstream os;
  os << test::Level3{.ratio = 0.25, .tag = "x"};
  BOOST_TEST(os.str() == R"(Level3(ratio=0.25, tag="x"))");
  std::ostringstream slot;
  slot << glasses::any_config<test::block_ptr>(test::AttentionConfig{.heads = 4});
  BOOST_TEST(slot.str() == "AttentionConfig(heads=4, dropout=0.1)");
}
