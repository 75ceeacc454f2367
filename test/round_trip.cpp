#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <random>

BOOST_AUTO_TEST_CASE(every_kind_round_trips_through_text) {
  test::Everything original;
  original.maybe = 7;
  original.named.reset();
  auto back = glasses::parse<test::Everything>(glasses::dump(original));
  BOOST_TEST(glasses::equal(original, back));
  BOOST_TEST(glasses::dump(back) == glasses::dump(original));
  BOOST_TEST(back.slot.as<test::ConvConfig>().channels == 64);
  BOOST_TEST(back.extras[1].as<test::AttentionConfig>().heads == 2);
  BOOST_TEST(std::get<test::AttentionConfig>(back.choice).heads == 8);
  BOOST_TEST(!back.empty_slot.has_value());
  BOOST_TEST(back.big == 18446744073709551615ull);
  BOOST_TEST(back.negative == -9007199254740993);
  BOOST_TEST(back.ratio == 0.1f);
}

BOOST_AUTO_TEST_CASE(every_kind_round_trips_through_pretty_text_and_values) {
  test::Everything original;
  BOOST_TEST(glasses::equal(original, glasses::parse<test::Everything>(glasses::dump(original, {2}))));
  BOOST_TEST(glasses::equal(original, glasses::from_json<test::Everything>(glasses::to_json(original))));
}

BOOST_AUTO_TEST_CASE(bases_and_nesting_round_trip) {
  test::DerivedConfig derived;
  derived.seed = 42;
  derived.epochs = 1;
  BOOST_TEST(glasses::equal(derived, glasses::parse<test::DerivedConfig>(glasses::dump(derived))));
  test::Level1 nested;
  nested.middle.leaf.tag = "changed";
  BOOST_TEST(glasses::equal(nested, glasses::parse<test::Level1>(glasses::dump(nested))));
}

BOOST_AUTO_TEST_CASE(doubles_round_trip_bit_for_bit) {
  std::mt19937_64 bits(12345);
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t pattern = bits();
    double value;
    std::memcpy(&value, &pattern, sizeof value);
    if (!std::isfinite(value)) continue;
    test::Level3 leaf{.ratio = value, .tag = ""};
    double back = glasses::parse<test::Level3>(glasses::dump(leaf)).ratio;
    BOOST_TEST_REQUIRE(std::memcmp(&back, &value, sizeof value) == 0, "mismatch for " << glasses::dump(leaf));
  }
}

BOOST_AUTO_TEST_CASE(negative_zero_keeps_its_sign) {
  test::Level3 leaf{.ratio = -0.0, .tag = ""};
  BOOST_TEST(std::signbit(glasses::parse<test::Level3>(glasses::dump(leaf)).ratio));
}

BOOST_AUTO_TEST_CASE(required_fields_round_trip) {
  test::WithRequired config{.dataset = "imagenet", .epochs = 90, .batch = 64};
  BOOST_TEST(glasses::dump(config) == R"({"dataset":"imagenet","epochs":90,"batch":64})");
  BOOST_TEST(glasses::equal(config, glasses::parse<test::WithRequired>(glasses::dump(config))));
  BOOST_TEST(glasses::to_string(test::WithRequired{}) == "WithRequired(dataset=null, epochs=null, batch=32)");
}
