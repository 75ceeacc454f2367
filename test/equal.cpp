#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

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
