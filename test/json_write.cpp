#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>
#include <limits>
#include <map>

BOOST_AUTO_TEST_CASE(compact_text_in_declaration_order) {
  BOOST_TEST(glasses::dump(test::DerivedConfig{}) == R"({"seed":0,"run":"baseline","epochs":10})");
  BOOST_TEST(glasses::dump(test::Level1{}) ==
             R"({"name":"top","middle":{"width":4,"leaf":{"ratio":0.5,"tag":"deep"}}})");
}

BOOST_AUTO_TEST_CASE(doubles_use_the_shortest_form_that_round_trips) {
  auto text = [](double d) { return glasses::dump(test::Level3{.ratio = d, .tag = ""}); };
  BOOST_TEST(text(0.1) == R"({"ratio":0.1,"tag":""})");
  BOOST_TEST(text(1e-7) == R"({"ratio":1e-07,"tag":""})");
  BOOST_TEST(text(3) == R"({"ratio":3,"tag":""})");
  BOOST_TEST(text(-0.0) == R"({"ratio":-0.0,"tag":""})");
  BOOST_TEST(text(1e300) == R"({"ratio":1e+300,"tag":""})");
  BOOST_TEST(text(std::numeric_limits<double>::infinity()) == R"({"ratio":"inf","tag":""})");
  BOOST_TEST(text(-std::numeric_limits<double>::infinity()) == R"({"ratio":"-inf","tag":""})");
  BOOST_TEST(text(std::nan("")) == R"({"ratio":"nan","tag":""})");
}

// Short decimals take a fast path of their own; every double must still read as
// std::to_chars writes it: the fingerprint of a config is a hash of this text.
BOOST_AUTO_TEST_CASE(doubles_are_written_as_std_to_chars_writes_them) {
  std::mt19937_64 random(20261130);
  auto check = [&](double d) {
    if (!std::isfinite(d) || d == 0) return;
    char expected[32];
    std::string const written = glasses::dump(std::vector<double>{d});
    std::string_view const want(expected, static_cast<std::size_t>(std::to_chars(expected, expected + 32, d).ptr - expected));
    if (written.substr(1, written.size() - 2) != want) BOOST_ERROR(written << " != [" << want << "] for " << d);
  };
  for (int e = -30; e <= 30; ++e) {
    for (int digits = 1; digits <= 17; ++digits) {
      std::uint64_t const bound = static_cast<std::uint64_t>(std::pow(10.0, digits));
      for (int i = 0; i < 100; ++i) {
        double const d = static_cast<double>(random() % bound) * std::pow(10.0, e);
        check(d), check(-d), check(std::nextafter(d, 0.0)), check(std::nextafter(d, 1e308));
      }
    }
  }
  for (int i = 0; i < 100000; ++i) {
    std::uint64_t bits = random();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    check(d);
  }
  for (double d : {1e14, 1e15, 123456789012345.0, 999999999999999.0, 1e-5, 1.5e-5, 0.3, 2.5e-300, 1e-300, 5e-324})
    check(d);
}

// Integers take a writer of their own, and lists of int and int64_t a loop of their own;
// every one must still read as std::to_chars writes it.
BOOST_AUTO_TEST_CASE(integers_are_written_as_std_to_chars_writes_them) {
  std::mt19937_64 random(20261201);
  std::vector<std::int64_t> wide = {0,     1,      9,      10,     99,    100,   999,  1000,
                                    9999,  10000,  -1,     -9,     -10,   -99,   -100, -9999,
                                    -10000, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
  for (int i = 0; i < 2000; ++i) wide.push_back(static_cast<std::int64_t>(random()) >> (random() % 64));
  std::vector<int> narrow;
  for (std::int64_t w : wide) narrow.push_back(static_cast<int>(w));
  narrow.push_back(std::numeric_limits<int>::min());
  std::vector<std::uint64_t> unsigned_wide = {0, 9, 10, 9999, 10000, std::numeric_limits<std::uint64_t>::max()};
  for (int i = 0; i < 2000; ++i) unsigned_wide.push_back(random() >> (random() % 64));
  auto expected = [](auto const& values) {
    std::string text = "[";
    for (auto value : values) {
      char digits[24];
      if (text.size() > 1) text += ',';
      text.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
    }
    return text + "]";
  };
  BOOST_TEST(glasses::dump(wide) == expected(wide));
  BOOST_TEST(glasses::dump(narrow) == expected(narrow));
  BOOST_TEST(glasses::dump(unsigned_wide) == expected(unsigned_wide));
  BOOST_TEST(glasses::dump(test::Everything{}).find(R"("big":18446744073709551615,"negative":-9007199254740993,)") !=
             std::string::npos);
}

// The loop for lists of integers writes its own separators: after a key, as an item of a
// list, empty, and in pretty output.
BOOST_AUTO_TEST_CASE(lists_of_integers_take_their_place_in_any_container) {
  BOOST_TEST(glasses::dump(std::vector<std::vector<int>>{{1, -2}, {}, {300}}) == "[[1,-2],[],[300]]");
  BOOST_TEST(glasses::dump(std::map<std::string, std::vector<std::int64_t>>{{"a", {7}}, {"b", {}}}) ==
             R"({"a":[7],"b":[]})");
  BOOST_TEST(glasses::dump(std::vector<int>{1, -2, 300}, {.indent = 2}) == "[1, -2, 300]");
  BOOST_TEST(glasses::dump(std::array<int, 2>{4, 5}) == "[4,5]");
  BOOST_TEST(glasses::dump(std::vector<std::vector<int>>{{1, 2}, {3}}, {.indent = 2}) == "[\n  [1, 2],\n  [3]\n]");
}

namespace {
// Names up to 32 characters are copied in two fixed 16-byte moves, longer ones as they are.
struct NamesOfManyLengths {
  int a = 1;
  int abcdefg = 7;
  int abcdefghijklmnop = 16;
  int abcdefghijklmnopq = 17;
  int abcdefghijklmnopqrstuvwxyz_12345 = 32;
  int abcdefghijklmnopqrstuvwxyz_123456 = 33;
  std::map<std::string, int> after_them = {{"k", 0}};
};
BOOST_DESCRIBE_STRUCT(NamesOfManyLengths, (),
                      (a, abcdefg, abcdefghijklmnop, abcdefghijklmnopq, abcdefghijklmnopqrstuvwxyz_12345,
                       abcdefghijklmnopqrstuvwxyz_123456, after_them))
struct Empty {};
BOOST_DESCRIBE_STRUCT(Empty, (), ())
struct HoldsEmpty {
  Empty nothing;
  std::vector<Empty> nothings = {{}, {}};
  std::map<std::string, Empty> by_name;
};
BOOST_DESCRIBE_STRUCT(HoldsEmpty, (), (nothing, nothings, by_name))
}  // namespace

BOOST_AUTO_TEST_CASE(field_names_of_any_length_are_written_whole) {
  NamesOfManyLengths names;
  BOOST_TEST(glasses::dump(names) ==
             R"({"a":1,"abcdefg":7,"abcdefghijklmnop":16,"abcdefghijklmnopq":17,)"
             R"("abcdefghijklmnopqrstuvwxyz_12345":32,"abcdefghijklmnopqrstuvwxyz_123456":33,"after_them":{"k":0}})");
  BOOST_TEST(glasses::dump(names, {.indent = 2}) ==
             "{\n  \"a\": 1,\n  \"abcdefg\": 7,\n  \"abcdefghijklmnop\": 16,\n  \"abcdefghijklmnopq\": 17,\n"
             "  \"abcdefghijklmnopqrstuvwxyz_12345\": 32,\n  \"abcdefghijklmnopqrstuvwxyz_123456\": 33,\n"
             "  \"after_them\": {\n    \"k\": 0\n  }\n}");
  BOOST_TEST(glasses::dump(glasses::to_json(names)) == glasses::dump(names));
}

BOOST_AUTO_TEST_CASE(empty_records_and_containers_close_where_they_open) {
  BOOST_TEST(glasses::dump(HoldsEmpty{}) == R"({"nothing":{},"nothings":[{},{}],"by_name":{}})");
  BOOST_TEST(glasses::dump(HoldsEmpty{}, {.indent = 2}) ==
             "{\n  \"nothing\": {},\n  \"nothings\": [\n    {},\n    {}\n  ],\n  \"by_name\": {}\n}");
}

BOOST_AUTO_TEST_CASE(a_key_or_a_path_into_a_record_without_fields_says_it_has_none) {
  // It said "its keys are (none registered)", as if a registry were missing something.
  auto read = test::issues_of([] { glasses::parse<HoldsEmpty>(R"({"nothing":{"size":1}})"); });
  BOOST_TEST(read == (std::vector<glasses::issue>{
                         {"nothing.size", "unknown key in Empty; it has no fields, so {} is all it reads", 1, 20}}),
             boost::test_tools::per_element());
  HoldsEmpty holds;
  auto set = test::issues_of([&] { glasses::set(holds, "nothing.size", "1"); });
  BOOST_TEST(set == (std::vector<glasses::issue>{{"nothing.size", "no field \"size\" in Empty; it has no fields"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(floats_are_written_as_floats) {
  {
    test::Everything e;
    e.ratio = 0.1f;
    BOOST_TEST(glasses::dump(e).find(R"("ratio":0.1,)") != std::string::npos);
    // The DOM holds what the text says, 0.1 where it held 0.10000000149011612, and reads back.
    boost::json::value const dom = glasses::to_json(e);
    BOOST_TEST(dom.at("ratio").as_double() == 0.1);
    BOOST_TEST(glasses::dump(dom) == glasses::dump(e));
    BOOST_TEST(glasses::from_json<test::Everything>(dom).ratio == 0.1f);
  }
}

BOOST_AUTO_TEST_CASE(strings_are_escaped) {
  test::Level3 leaf{.ratio = 1, .tag = std::string("a\"b\\c\n\x01", 7)};
  BOOST_TEST(glasses::dump(leaf) == R"({"ratio":1,"tag":"a\"b\\c\n\u0001"})");
}

BOOST_AUTO_TEST_CASE(slots_and_variants_write_type_first) {
  test::Everything e;
  std::string text = glasses::dump(e);
  BOOST_TEST(text.find(R"("choice":{"type":"attention","heads":8,"dropout":0.1})") != std::string::npos);
  BOOST_TEST(text.find(R"("slot":{"type":"conv","channels":64,"kernel":[3,3]},"empty_slot":null)") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(pretty_output_indents_by_two_and_keeps_scalar_arrays_on_one_line) {
  test::ConvConfig conv;
  BOOST_TEST(glasses::dump(conv, {.indent = 2}) == "{\n  \"channels\": 64,\n  \"kernel\": [3, 3]\n}");
  {
    test::ConvConfig empty{.channels = 1, .kernel = {}};
    BOOST_TEST(glasses::dump(empty, {.indent = 2}) == "{\n  \"channels\": 1,\n  \"kernel\": []\n}");
  }
}

BOOST_AUTO_TEST_CASE(writing_is_deterministic) {
  test::Everything a, b;
  BOOST_TEST(glasses::dump(a) == glasses::dump(b));
  BOOST_TEST(glasses::dump(a, {2}) == glasses::dump(b, {2}));
}

BOOST_AUTO_TEST_CASE(to_json_builds_the_same_document) {
  test::Everything e;
  boost::json::value json = glasses::to_json(e);
  BOOST_TEST(json.at("infinite").as_string() == "inf");
  BOOST_TEST(json.at("slot").at("type").as_string() == "conv");
  BOOST_TEST(json.at("depths").as_array().size() == 4u);
  BOOST_TEST(json.at("big").as_uint64() == 18446744073709551615ull);
  BOOST_TEST(json.at("extras").at(1).at("dropout").as_double() == 0.0);
}

BOOST_AUTO_TEST_CASE(text_that_is_not_utf8_is_refused_with_its_path_before_anything_is_written) {
  // JSON carries UTF-8 only: such text would be written as a file no reader accepts.
  test::Everything e;
  e.text = "caf\xe9";
  e.weights[std::string("a\0\0\0\xfd", 5)] = 1;
  auto issues = test::issues_of([&] { (void)glasses::dump(e); });
  BOOST_TEST_REQUIRE(issues.size() == 2u);
  BOOST_TEST(issues[0].path == "text");
  BOOST_TEST(issues[0].message == R"(cannot write the string "caf\xe9": it is not UTF-8 (byte 0xe9 at offset 3), )"
                                  "and JSON holds UTF-8 text only; store text as UTF-8");
  BOOST_TEST(issues[1].path == R"(weights["a\u0000\u0000\u0000\xfd"])");
  BOOST_TEST(issues[1].message.starts_with(R"(cannot write the key "a\u0000\u0000\u0000\xfd": it is not UTF-8 (byte 0xfd)"));
  BOOST_TEST((test::issues_of([&] { (void)glasses::to_json(e); }) == issues));
  std::string const file = "not_utf8.json";
  std::remove(file.c_str());
  BOOST_TEST(test::issues_of([&] { glasses::save(e, file); }).size() == 2u);
  BOOST_TEST(std::fopen(file.c_str(), "r") == nullptr);
}

namespace {
struct Activations {
  test::activation act = test::activation::relu;
  std::vector<test::activation> per_stage = {test::activation::gelu, test::activation::gelu};
  std::map<std::string, test::activation> by_layer = {{"head out", test::activation::silu}};
};
BOOST_DESCRIBE_STRUCT(Activations, (), (act, per_stage, by_layer))
}  // namespace

BOOST_AUTO_TEST_CASE(an_enum_value_without_a_name_is_refused_with_its_path_as_text_could_not_carry_it) {
  // Code can cast any number to an enum; JSON writes enums by name, and parse reads names only.
  Activations a;
  a.per_stage[1] = static_cast<test::activation>(7);
  a.by_layer["head out"] = static_cast<test::activation>(-1);
  std::string const message =
      "holds 7, which is no value of enum activation (\"relu\", \"gelu\", \"silu\"); JSON writes an enum by "
      "its name, so this could not be read back: set one of those";
  auto issues = test::issues_of([&] { (void)glasses::dump(a); });
  BOOST_TEST_REQUIRE(issues.size() == 2u);
  BOOST_TEST(issues[0].path == "per_stage[1]");
  BOOST_TEST(issues[0].message == message);
  BOOST_TEST(issues[1].path == R"(by_layer["head out"])");
  BOOST_TEST(issues[1].message.starts_with("holds -1, which is no value of enum activation"));
  BOOST_TEST((test::issues_of([&] { (void)glasses::to_json(a); }) == issues));
  BOOST_TEST((test::issues_of([&] { (void)glasses::fingerprint(a); }) == issues));
  // validate finds the same, for configs made in code that are checked before use.
  BOOST_TEST((glasses::validate(a) == issues));
  // Through a slot and a variant, the path goes on inside them.
  test::Everything e;
  e.act = static_cast<test::activation>(3);
  auto in_everything = test::issues_of([&] { (void)glasses::dump(e); });
  BOOST_TEST_REQUIRE(in_everything.size() == 1u);
  BOOST_TEST(in_everything[0].path == "act");
  std::string const file = "unnamed_enum.json";
  std::remove(file.c_str());
  BOOST_TEST(test::issues_of([&] { glasses::save(e, file); }).size() == 1u);
  BOOST_TEST(std::fopen(file.c_str(), "r") == nullptr);
  // Named values write as before.
  a = {};
  BOOST_TEST(glasses::dump(a) == R"({"act":"relu","per_stage":["gelu","gelu"],"by_layer":{"head out":"silu"}})");
  BOOST_TEST(glasses::validate(a).empty());
}

BOOST_AUTO_TEST_CASE(a_dump_holds_no_spare_memory_whatever_came_before) {
  test::Everything large;
  large.depths.assign(1 << 20, 7);
  std::string big = glasses::dump(large);
  BOOST_TEST(big.capacity() < big.size() + 32);
  std::string small = glasses::dump(test::Level3{});
  BOOST_TEST(small == R"({"ratio":0.5,"tag":"deep"})");
  BOOST_TEST(small.capacity() < small.size() + 32);
}
