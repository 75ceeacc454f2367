// Hostile input for the loader and the overrides: each case is a clear error or a defined
// result, never a crash (the sanitizer build runs this too). Deep nesting, duplicate keys,
// an empty "type" and a slot nested in itself are in json_read.cpp and any_config.cpp.
#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

namespace {

glasses::issue single_issue(std::string_view text) {
  auto issues = test::issues_of([&] { glasses::parse<test::Everything>(text); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  return issues[0];
}

}  // namespace

BOOST_AUTO_TEST_CASE(huge_and_negative_integers) {
  auto huge = single_issue(R"({"big":99999999999999999999999})");
  BOOST_TEST(huge.path == "big");
  BOOST_TEST(huge.message == "expected an integer, got 99999999999999999999999");
  auto negative = single_issue(R"({"big":-1})");
  BOOST_TEST(negative.message == "expected an integer in [0, 18446744073709551615] (uint64_t), got -1");
  auto below = single_issue(R"({"negative":-9223372036854775809})");
  BOOST_TEST(below.message == "expected an integer, got -9223372036854775809");
  BOOST_TEST(glasses::parse<test::Everything>(R"({"negative":-9223372036854775808})").negative ==
             std::numeric_limits<int64_t>::min());
}

BOOST_AUTO_TEST_CASE(negative_zero) {
  auto e = glasses::parse<test::Everything>(R"({"tiny":-0,"rate":-0,"ratio":-0.0})");
  BOOST_TEST(e.tiny == 0);
  BOOST_TEST(std::signbit(e.rate));  // "-0" is read again as a double, keeping its sign
  BOOST_TEST(std::signbit(e.ratio));
}

BOOST_AUTO_TEST_CASE(numbers_beyond_double) {
  auto overflow = single_issue(R"({"rate":1e400})");
  BOOST_TEST((overflow.message.find("exponent") != std::string::npos || overflow.message.find("range") != std::string::npos),
             overflow.message);
  auto tiny = test::issues_of([] { glasses::parse<test::Everything>(R"({"ratio":1e-50})"); });
  BOOST_TEST(tiny.at(0).path == "ratio");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_a_syntax_error) {
  auto i = single_issue("{\"text\":\"caf\xc3\x28\"}");
  BOOST_TEST(i.path == "");
  BOOST_TEST(i.message.starts_with("line 1, column "));
  BOOST_TEST(i.message.find("invalid JSON") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(nul_bytes_in_keys_and_values) {
  auto key = single_issue(R"({"fl\u0000ag":true})");
  BOOST_TEST(key.path == R"(["fl\u0000ag"])");
  BOOST_TEST(key.message.starts_with("unknown key in Everything"));
  auto e = glasses::parse<test::Everything>(R"({"text":"a\u0000b"})");
  BOOST_TEST(e.text == std::string("a\0b", 3));
  BOOST_TEST(glasses::dump(e).find(R"("text":"a\u0000b")") != std::string::npos);
  auto raw = single_issue(std::string("{\"text\":\"a\0b\"}", 13));
  BOOST_TEST(raw.message.find("invalid JSON") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_100_mb_string) {
  std::string text = "{\"text\":\"" + std::string(100'000'000, 'x') + "\"}";
  auto e = glasses::parse<test::Everything>(text);
  BOOST_TEST(e.text.size() == 100'000'000u);
  auto wrong = single_issue("{\"flag\":\"" + std::string(100'000'000, 'y') + "\"}");
  BOOST_TEST(wrong.message == "expected true or false, got the string \"" + std::string(60, 'y') +
                                  "...\" (100000000 bytes)");
}

BOOST_AUTO_TEST_CASE(hostile_override_paths_and_values) {
  test::Everything e;
  for (std::string path : std::vector<std::string>{"", ".", "[", "]", "a..b", "depths[", "depths[-1]", "depths[99999999999999999999]",
                           "weights[\"unterminated", std::string(10'000, '.')}) {
    auto issues = test::issues_of([&] { glasses::set(e, path, "1"); });
    BOOST_TEST(!issues.empty(), path.substr(0, 40));
  }
  auto deep = test::issues_of([&] { glasses::set(e, "nested", std::string(100'000, '[')); });
  BOOST_TEST(deep.at(0).path == "nested");
  BOOST_TEST(glasses::equal(e, test::Everything{}));
}
