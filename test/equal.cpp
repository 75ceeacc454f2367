#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <random>

BOOST_AUTO_TEST_CASE(equal_configs_compare_equal) {
  BOOST_TEST(glasses::equal(test::Everything{}, test::Everything{}));
}

BOOST_AUTO_TEST_CASE(any_difference_is_found) {
  test::Everything base;
  auto differs = [&](auto change) {
    test::Everything other = base;
    change(other);
    return !glasses::equal(base, other);
  };
  BOOST_TEST(differs([](test::Everything& e) { e.flag = false; }));
  BOOST_TEST(differs([](test::Everything& e) { e.nested.middle.leaf.tag = "x"; }));
  BOOST_TEST(differs([](test::Everything& e) { e.depths.push_back(1); }));
  BOOST_TEST(differs([](test::Everything& e) { e.weights["z"] = 0; }));
  BOOST_TEST(differs([](test::Everything& e) { e.maybe = 0; }));
  BOOST_TEST(differs([](test::Everything& e) { e.choice = test::ConvConfig{}; }));
  BOOST_TEST(differs([](test::Everything& e) { e.slot = test::AttentionConfig{}; }));
  BOOST_TEST(differs([](test::Everything& e) { e.slot.as<test::ConvConfig>().kernel[1] = 5; }));
  BOOST_TEST(differs([](test::Everything& e) { e.empty_slot = test::ConvConfig{}; }));
  BOOST_TEST(differs([](test::Everything& e) { e.extras[1].as<test::AttentionConfig>().heads = 3; }));
  BOOST_TEST(differs([](test::Everything& e) { e.act = test::activation::relu; }));
}

BOOST_AUTO_TEST_CASE(nan_equals_nan_so_round_trips_stay_equal) {
  test::Level3 a{.ratio = std::nan(""), .tag = "t"};
  test::Level3 b = a;
  BOOST_TEST(glasses::equal(a, b));
  b.ratio = 1;
  BOOST_TEST(!glasses::equal(a, b));
}

BOOST_AUTO_TEST_CASE(equal_exactly_when_the_json_is_the_same) {
  // One equivalence for the library: equal, an empty diff and the same fingerprint all
  // mean the same dump. Random configs drawn from small pools, so that many pairs are equal.
  double const numbers[] = {0.0, -0.0, std::nan(""), -std::nan(""), 0.1};
  std::mt19937 random(7);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  auto make = [&] {
    test::Everything e;
    e.rate = numbers[pick(5)];
    e.ratio = static_cast<float>(numbers[pick(5)]);
    if (pick(2)) e.weights["a"] = numbers[pick(5)];
    if (pick(4) == 0) e.slot = test::AttentionConfig{.heads = 8, .dropout = numbers[pick(5)]};
    if (pick(4) == 0) e.maybe = 0;
    return e;
  };
  int equal_pairs = 0;
  for (int i = 0; i < 2000; ++i) {
    test::Everything a = make(), b = make();
    bool const same_json = glasses::dump(a) == glasses::dump(b);
    BOOST_TEST_REQUIRE(glasses::equal(a, b) == same_json);
    BOOST_TEST_REQUIRE(glasses::diff(a, b).empty() == same_json);
    BOOST_TEST_REQUIRE((glasses::fingerprint(a) == glasses::fingerprint(b)) == same_json);
    equal_pairs += same_json;
  }
  BOOST_TEST(equal_pairs > 0);  // the pools are small enough to draw equal configs
}

BOOST_AUTO_TEST_CASE(zero_and_negative_zero_differ_as_their_json_does) {
  test::Level3 a{.ratio = 0.0}, b{.ratio = -0.0};
  BOOST_TEST(!glasses::equal(a, b));
  BOOST_TEST(glasses::to_string(glasses::diff(a, b)) == "ratio: 0 -> -0.0");
}
