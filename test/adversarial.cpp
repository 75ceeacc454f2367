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
  BOOST_TEST(huge.message == "expected an integer in [0, 18446744073709551615] (uint64_t), got 99999999999999999999999");
  auto negative = single_issue(R"({"big":-1})");
  BOOST_TEST(negative.message == "expected an integer in [0, 18446744073709551615] (uint64_t), got -1");
  auto below = single_issue(R"({"negative":-9223372036854775809})");
  BOOST_TEST(below.message ==
             "expected an integer in [-9223372036854775808, 9223372036854775807] (int64_t), got -9223372036854775809");
  BOOST_TEST(single_issue(R"({"big":1.5})").message == "expected an integer, got 1.5");
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
  BOOST_TEST(overflow.message ==
             R"(expected a number within the range of double, got 1e400; write "inf" or "-inf" for infinities)");
}

BOOST_AUTO_TEST_CASE(a_number_too_small_for_its_type_says_so) {
  auto tiny = single_issue(R"({"ratio":1e-50})");
  BOOST_TEST(tiny.path == "ratio");
  BOOST_TEST(tiny.message == "expected a number within the range of float, got 1e-50, which is closer to zero than "
                             "the smallest float (1.4e-45); write 0 if zero is meant, or make the field a double");
  BOOST_TEST(single_issue(R"({"rate":-0.000001e-400})").message ==
             "expected a number within the range of double, got -0.000001e-400, which is closer to zero than the "
             "smallest double (4.9e-324); write 0 if zero is meant");
  // A subnormal is in range, as strtof has it.
  BOOST_TEST(glasses::parse<test::Everything>(R"({"ratio":1e-40})").ratio > 0);
  BOOST_TEST(single_issue(R"({"ratio":1e39})").message ==
             R"(expected a number within the range of float, got 1e39; write "inf" or "-inf" for infinities)");
}

BOOST_AUTO_TEST_CASE(messages_are_utf8_and_bounded_whatever_the_input) {
  std::string const long_number(5000, '9');
  auto number = single_issue(R"({"tiny":)" + long_number + "}");
  BOOST_TEST(number.message ==
             "expected an integer in [-128, 127] (int8_t), got 99999999999999999999... (a number of 5000 characters)");
  std::string accents;
  for (int i = 0; i < 100; ++i) accents += "\xc3\xa9";
  auto text = single_issue(R"({"tiny":")" + accents + R"("})");
  BOOST_TEST(glasses::detail::invalid_utf8_at(text.message) == std::string::npos);
  BOOST_TEST(text.message.ends_with("\xc3\xa9...\" (200 bytes)"));
  auto key = single_issue(R"({")" + std::string(1000, 'k') + R"(":1})");
  BOOST_TEST(key.path == R"([")" + std::string(60, 'k') + R"(..." (1000 bytes)])");
  std::string euros;
  for (int i = 0; i < 12; ++i) euros += "\xe2\x82\xac";
  auto syntax = single_issue(R"({"tiny": )" + euros + "}");
  BOOST_TEST(glasses::format_issue(syntax) == "1:10: invalid JSON (syntax error) at \"" + euros + "}\"");
  glasses::config_error named("caf\xe9.json", {{"", "x"}});
  BOOST_TEST(std::string(named.what()) == "caf\\xe9.json: 1 error\n  x");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_a_syntax_error) {
  auto i = single_issue("{\"text\":\"caf\xc3\x28\"}");
  BOOST_TEST(i.path == "");
  BOOST_TEST(i.line == 1u);
  BOOST_TEST(i.message.starts_with("invalid JSON"));
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
