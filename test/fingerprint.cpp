#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_CASE(xxh64_matches_the_published_values) {
  BOOST_TEST(glasses::detail::hex64(glasses::detail::xxh64("")) == "ef46db3751d8e999");
  BOOST_TEST(glasses::detail::hex64(glasses::detail::xxh64("abc")) == "44bc2cf5ad770999");
  BOOST_TEST(glasses::detail::hex64(glasses::detail::xxh64("Nobody inspects the spammish repetition")) ==
             "fbcea83c8a378bf1");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  BOOST_TEST(glasses::detail::hex64(glasses::detail::xxh64(bytes)) == "1facbe8406cd904b");
  BOOST_TEST(glasses::detail::hex64(glasses::detail::xxh64("abc", 0x9E3779B1)) == "1318df30094a85fd");
}

BOOST_AUTO_TEST_CASE(a_fixed_config_has_a_pinned_fingerprint) {
  // A change of this literal means every saved fingerprint changes: a format change.
  BOOST_TEST(glasses::dump(test::Level1{}) ==
             R"({"name":"top","middle":{"width":4,"leaf":{"ratio":0.5,"tag":"deep"}}})");
  BOOST_TEST(glasses::fingerprint(test::Level1{}) == "815fe773fca4566a");
}

BOOST_AUTO_TEST_CASE(equal_configs_share_a_fingerprint_and_different_ones_do_not) {
  test::Everything a, b;
  BOOST_TEST(glasses::fingerprint(a) == glasses::fingerprint(b));
  BOOST_TEST(glasses::fingerprint(a).size() == 16u);
  b.extras[0].as<test::ConvConfig>().channels = 65;
  BOOST_TEST(glasses::fingerprint(a) != glasses::fingerprint(b));
  auto back = glasses::parse<test::Everything>(glasses::dump(b));
  BOOST_TEST(glasses::fingerprint(back) == glasses::fingerprint(b));
}
