// Every error path of loading: each test checks the exact path and message.
#include "test_configs.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace {

template <class T> std::vector<glasses::issue> parse_issues(std::string_view text) {
  return test::issues_of([&] { glasses::parse<T>(text); });
}

template <class T> glasses::issue single_issue(std::string_view text) {
  auto issues = parse_issues<T>(text);
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  return issues[0];
}

}  // namespace

BOOST_AUTO_TEST_CASE(missing_keys_keep_their_defaults) {
  auto leaf = glasses::parse<test::Level3>(R"({"tag":"x"})");
  BOOST_TEST(leaf.ratio == 0.5);
  BOOST_TEST(leaf.tag == "x");
  auto derived = glasses::parse<test::DerivedConfig>(R"({"epochs":3,"seed":7})");
  BOOST_TEST(derived.seed == 7);
  BOOST_TEST(derived.run == "baseline");
  BOOST_TEST(derived.epochs == 3);
}

BOOST_AUTO_TEST_CASE(three_levels_of_nesting_report_the_full_path) {
  auto i = single_issue<test::Level1>(R"({"middle":{"leaf":{"ratio":"big"}}})");
  BOOST_TEST(i.path == "middle.leaf.ratio");
  BOOST_TEST(i.message == R"(expected a number, got the string "big")");
}

BOOST_AUTO_TEST_CASE(array_of_the_wrong_length) {
  auto i = single_issue<test::Everything>(R"({"mean":[0.5,0.5]})");
  BOOST_TEST(i.path == "mean");
  BOOST_TEST(i.message == "expected an array of 3 elements, got 2");
  auto extra = single_issue<test::Everything>(R"({"mean":[1,2,3,4,5]})");
  BOOST_TEST(extra.message == "expected an array of 3 elements, got 5");
}

BOOST_AUTO_TEST_CASE(integers_are_range_checked_for_the_target_type) {
  auto i = single_issue<test::NarrowInts>(R"({"small":300})");
  BOOST_TEST(i.path == "small");
  BOOST_TEST(i.message == "expected an integer in [-128, 127] (int8_t), got 300");
  auto u = single_issue<test::NarrowInts>(R"({"count":-1})");
  BOOST_TEST(u.path == "count");
  BOOST_TEST(u.message == "expected an integer in [0, 4294967295] (uint32_t), got -1");
  auto port = single_issue<test::NarrowInts>(R"({"port":65536})");
  BOOST_TEST(port.message == "expected an integer in [0, 65535] (uint16_t), got 65536");
  auto huge = single_issue<test::NarrowInts>(R"({"number":18446744073709551615})");
  BOOST_TEST(huge.message == "expected an integer in [-2147483648, 2147483647] (int32_t), got 18446744073709551615");
}

BOOST_AUTO_TEST_CASE(integers_reject_fractions_and_strings) {
  auto fraction = single_issue<test::NarrowInts>(R"({"number":1.5})");
  BOOST_TEST(fraction.path == "number");
  BOOST_TEST(fraction.message == "expected an integer, got 1.5");
  auto word = single_issue<test::NarrowInts>(R"({"number":"six"})");
  BOOST_TEST(word.message == R"(expected an integer, got the string "six")");
  auto boolean = single_issue<test::NarrowInts>(R"({"number":true})");
  BOOST_TEST(boolean.message == "expected an integer, got true");
}

BOOST_AUTO_TEST_CASE(unknown_key_suggests_the_closest_field) {
  auto i = single_issue<test::ConvConfig>(R"({"chanels":3})");
  BOOST_TEST(i.path == "chanels");
  BOOST_TEST(i.message == R"(unknown key in ConvConfig; did you mean "channels"?)");
  auto far = single_issue<test::ConvConfig>(R"({"zzz":3})");
  BOOST_TEST(far.message == R"(unknown key in ConvConfig; its keys are "channels", "kernel")");
}

BOOST_AUTO_TEST_CASE(an_unknown_key_that_a_hydra_file_would_write_says_what_to_write) {
  // OmegaConf reads a dotted key as a path; here it is one key, which the message says.
  auto dotted = single_issue<test::Level2>(R"({"leaf.ratio": 0.25})");
  BOOST_TEST(dotted.path == R"(["leaf.ratio"])");
  BOOST_TEST(dotted.message ==
             R"(unknown key in Level2; a key with a dot is one key, not a path: nest it, "leaf": {"ratio": ...})");
  auto merge = single_issue<test::Level2>(R"({"<<": {"width": 2}})");
  BOOST_TEST(merge.message == "unknown key in Level2; YAML's merge key << is not read: write the keys themselves, "
                              "or an alias (*name) for the whole value");
  // A dot after a name that is no field, or a field with no fields, is an unknown key like any other.
  auto other = single_issue<test::Level2>(R"({"zzz.ratio": 1})");
  BOOST_TEST(other.message == R"(unknown key in Level2; its keys are "width", "leaf")");
  auto scalar = single_issue<test::Level2>(R"({"width.x": 1})");
  BOOST_TEST(scalar.message == R"(unknown key in Level2; did you mean "width"?)");
}

BOOST_AUTO_TEST_CASE(unknown_keys_can_be_warnings) {
  std::vector<glasses::issue> warnings;
  auto conv = glasses::parse<test::ConvConfig>(R"({"chanels":3,"channels":5,"extra":{"a":[1]}})",
                                               {.allow_unknown_keys = true, .warnings = &warnings});
  BOOST_TEST(conv.channels == 5);
  BOOST_TEST_REQUIRE(warnings.size() == 2u);
  BOOST_TEST(warnings[0].path == "chanels");
  BOOST_TEST(warnings[1].path == "extra");
}

BOOST_AUTO_TEST_CASE(five_errors_in_one_document_are_all_reported) {
  auto issues = parse_issues<test::Everything>(R"({
    "flag": 1,
    "depths": [3, 4, "six", 3],
    "nested": {"middle": {"wdith": 2}},
    "act": "rleu",
    "weights": {"a": "heavy"}
  })");
  BOOST_TEST_REQUIRE(issues.size() == 5u);
  BOOST_TEST(issues[0].path == "flag");
  BOOST_TEST(issues[0].message == "expected true or false, got 1");
  BOOST_TEST(issues[1].path == "depths[2]");
  BOOST_TEST(issues[1].message == R"(expected an integer, got the string "six")");
  BOOST_TEST(issues[2].path == "nested.middle.wdith");
  BOOST_TEST(issues[2].message == R"(unknown key in Level2; did you mean "width"?)");
  BOOST_TEST(issues[3].path == "act");
  BOOST_TEST(issues[3].message ==
             R"(expected one of "relu", "gelu", "silu", got the string "rleu"; did you mean "relu"?)");
  BOOST_TEST(issues[4].path == "weights.a");
  BOOST_TEST(issues[4].message == R"(expected a number, got the string "heavy")");
}

BOOST_AUTO_TEST_CASE(each_problem_is_at_the_line_and_column_of_its_value) {
  // Columns count characters ("é" is one), keys are matched as the text spells them after
  // their escapes, and a key given twice is at its second value.
  auto issues = parse_issues<test::Everything>("{\n"
                                               "  \"depths\": [3, 4, \"six\"],\n"
                                               "  \"weights\": {\"caf\\u00e9 au lait\": \"heavy\", \"é\": \"x\"},\n"
                                               "  \"nested\": {\"middle\": {\"width\": 1, \"width\": 2}}\n"
                                               "}");
  std::vector<glasses::issue> const expected{
      {"depths[2]", "expected an integer, got the string \"six\"", 2, 20},
      {R"(weights["café au lait"])", "expected a number, got the string \"heavy\"", 3, 36},
      {R"(weights["é"])", "expected a number, got the string \"x\"", 3, 50},
      {"nested.middle.width", "duplicate key; each key may appear once in an object", 4, 46}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
  // A problem of a value is at the first occurrence of its key, the one the reader kept.
  BOOST_TEST(parse_issues<test::Level3>("{\"tag\": 1,\n \"tag\": \"x\"}") ==
                 (std::vector<glasses::issue>{{"tag", "expected a string, got 1", 1, 9},
                                              {"tag", "duplicate key; each key may appear once in an object", 2, 9}}),
             boost::test_tools::per_element());
  // A syntax error's column counts characters too.
  BOOST_TEST(glasses::format_issue(single_issue<test::Level3>("{\"tag\": \"é€\", \"ratio\": x}")).starts_with("1:24: "));
  // Read from a DOM, the same problems have no text to be in.
  BOOST_TEST(test::issues_of([&] { glasses::from_json<test::Everything>(boost::json::parse(R"({"depths":["six"]})")); })
                 .at(0)
                 .line == 0u);
}

BOOST_AUTO_TEST_CASE(the_report_gives_every_issue_its_source_and_the_position_of_its_value) {
  try {
    glasses::parse<test::Level3>(R"({"ratio":"x",)" "\n" R"( "tag":1})", {}, "run.json");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) ==
               "run.json:1:10: ratio: expected a number, got the string \"x\"\n"
               "run.json:2:8: tag: expected a string, got 1");
    BOOST_TEST(e.source() == "run.json");
  }
}

BOOST_AUTO_TEST_CASE(truncated_text_reports_line_and_column) {
  auto i = single_issue<test::Level3>("{\n  \"ratio\": 0.5,\n  \"tag\": \"de");
  BOOST_TEST(i.path == "");
  BOOST_TEST(glasses::format_issue(i) == "3:13: the JSON text ends too early (a bracket, brace or quote left open, or a "
                          "file cut short)");
  auto syntax = single_issue<test::Level3>("{\n  \"ratio\" 0.5}");
  BOOST_TEST(glasses::format_issue(syntax) == "2:11: invalid JSON (syntax error) at \"0.5}\"");
  auto trailing = single_issue<test::Level3>("{} x");
  BOOST_TEST(glasses::format_issue(trailing) == "1:4: unexpected text after the JSON document: \"x\"");
  for (char const* empty : {"", " \n\t"})
    BOOST_TEST(single_issue<test::Level3>(empty).message ==
               "the text is empty, or only white space: a JSON config is an object, {} at the least");
}

BOOST_AUTO_TEST_CASE(a_utf16_text_says_to_save_it_as_utf8) {
  // Before, it got "a JSON config is an object" and YAML's file names.
  auto const utf16 = single_issue<test::Level3>(std::string("\xFF\xFE{\0}\0", 6));
  BOOST_TEST(utf16.message.ends_with("; the text is UTF-16 or UTF-32, and JSON configs are UTF-8: save it as UTF-8 "
                                     "(e.g. iconv -f UTF-16 -t UTF-8)"));
}

BOOST_AUTO_TEST_CASE(a_checkpoint_read_as_a_config_says_what_it_is) {
  // Before, it was taken for UTF-16 text, and told to convert it with iconv.
  std::string checkpoint("\x10\0\0\0\0\0\0\0{\"__metadata__\":{}}", 24);
  checkpoint.append(8, '\0');
  BOOST_TEST(single_issue<test::Level3>(checkpoint).message.ends_with(
      "; this is a safetensors checkpoint (8 bytes of header length, then its header), not a config: a program that "
      "reads checkpoints takes it named *.safetensors"));
}

BOOST_AUTO_TEST_CASE(a_syntax_error_from_another_tools_habits_says_what_to_write) {
  std::string const no_infinity = "; JSON has no Infinity or NaN (Python's json.dump writes them): write the string "
                                  "\"inf\", \"-inf\" or \"nan\", which number fields read";
  BOOST_TEST(glasses::format_issue(single_issue<test::Level3>(R"({"ratio": NaN})")) ==
             "1:11: invalid JSON (syntax error) at \"NaN}\"" + no_infinity);
  BOOST_TEST(glasses::format_issue(single_issue<test::Level3>(R"({"ratio": -Infinity})")) ==
             "1:12: invalid JSON (syntax error) at \"Infinity}\"" + no_infinity);
  BOOST_TEST(glasses::parse<test::Level3>(R"({"ratio": "-inf"})").ratio == -std::numeric_limits<double>::infinity());
  BOOST_TEST(glasses::format_issue(single_issue<test::Level3>("{\"tag\": \"a\tb\"}")) ==
             "1:11: invalid JSON (syntax error) at \"\\u0009b\\\"}\"; a string cannot hold a raw tab or "
             "line break: write it as \\t or \\n");
  BOOST_TEST(glasses::format_issue(single_issue<test::Level3>("{\"tag\": \"a\x01\"}")) ==
             "1:11: invalid JSON (syntax error) at \"\\u0001\\\"}\"; JSON holds a control character "
             "only escaped inside a string, as \\u0001");
  BOOST_TEST(glasses::format_issue(single_issue<test::Level3>("# run\nratio: 0.5\n")) ==
             "1:1: invalid JSON (syntax error) at \"# run\"; a JSON config is an object, {...}; YAML is "
             "read from files named *.yaml or *.yml");
  std::string const half = " is the first half of a UTF-16 surrogate pair, which only a second half, \\udc00 to "
                           "\\udfff, may follow: write both halves, or the character itself";
  BOOST_TEST(glasses::format_issue(single_issue<test::Level3>(R"({"tag": "\ud83d"})")) ==
             "1:16: invalid JSON (syntax error) at \"\\\"}\"; \\ud83d" + half);
  BOOST_TEST(glasses::format_issue(single_issue<test::Level3>(R"({"tag": "\uD83D\u0041"})")) ==
             "1:18: invalid JSON (illegal trailing surrogate) at \"0041\\\"}\"; \\uD83D" + half);
  BOOST_TEST(glasses::parse<test::Level3>(R"({"tag": "\ud83d\ude00"})").tag == "\xf0\x9f\x98\x80");
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_is_not_part_of_the_config) {
  // Notepad writes one; positions count from after it, as editors show them.
  BOOST_TEST(glasses::parse<test::Level3>("\xEF\xBB\xBF{\"ratio\": 0.25}").ratio == 0.25);
  auto i = single_issue<test::Level3>("\xEF\xBB\xBF{\"ratio\": \"x\"}");
  BOOST_TEST((i.line == 1u && i.column == 11u));
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_a_clear_error_not_a_crash) {
  std::string deep = R"({"tag":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto issues = parse_issues<test::Level3>(deep);
  BOOST_TEST_REQUIRE(issues.size() == 2u);
  BOOST_TEST(issues[0].path == "tag");
  BOOST_TEST(issues[0].message == "expected a string, got an array");
  // Before the syntax error, a value is found where it is.
  BOOST_TEST(glasses::format_issue(issues[0]) == "1:8: tag: expected a string, got an array");
  BOOST_TEST(issues[1].path == "");
  BOOST_TEST(glasses::format_issue(issues[1]) ==
             "1:135: the document nests deeper than 128 levels, deeper than any config nests: is this "
             "the right file? (A program meant to read one this deep raises load_options::max_depth.)");

  boost::json::value dom = boost::json::array();
  boost::json::value* inner = &dom;
  for (int level = 0; level < 1000; ++level) inner = &inner->as_array().emplace_back(boost::json::array());
  auto from_dom = test::issues_of([&] { glasses::from_json<std::vector<int>>(dom); });
  BOOST_TEST_REQUIRE(from_dom.size() == 2u);
  BOOST_TEST(from_dom[0].message == "expected an integer, got an array");
  BOOST_TEST(from_dom[1].message.find("nests deeper than 128 levels") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_text_that_is_not_an_object_is_placed_where_its_value_starts) {
  auto issues = parse_issues<test::Level3>("\n  [1]");
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(glasses::format_issue(issues[0]) == "2:3: expected an object (Level3), got an array");
}

BOOST_AUTO_TEST_CASE(a_max_depth_past_what_the_reader_supports_is_a_config_error) {
  std::string const message = "load_options::max_depth is 18446744073709551615; at most 100000 levels are supported, "
                              "which is deeper than any config nests";
  glasses::load_options const unlimited{.max_depth = std::size_t(-1)};
  for (std::string text : {R"({"tag":"plain"})", R"({"tag":"caf\u00e9"})"})
    BOOST_TEST(test::issues_of([&] { glasses::parse<test::Level3>(text, unlimited); }).at(0).message == message);
  BOOST_TEST(test::issues_of([&] {
               glasses::from_json<test::Level3>(boost::json::parse(R"({"tag":"x"})"), unlimited);
             }).at(0).message == message);
  BOOST_TEST(glasses::parse<test::Level3>(R"({"tag":"x"})", {.max_depth = 100000}).tag == "x");
}

BOOST_AUTO_TEST_CASE(a_float_written_as_its_shortest_double_reads_back_from_a_dom_too) {
  struct example {
    double given;
    bool fits;
  };
  // FLT_MAX as dump writes it is a little above FLT_MAX as a double, and rounds down to it.
  for (auto [given, fits] : {example{3.4028235e38, true}, example{-3.4028235e38, true},
                             example{0x1.fffffefp127, true}, example{0x1.ffffffp127, false}, example{1e39, false}}) {
    boost::json::value const json = {{"ratio", given}};
    if (fits)
      BOOST_TEST(std::abs(glasses::from_json<test::Everything>(json).ratio) == std::numeric_limits<float>::max());
    else
      BOOST_TEST(test::issues_of([&] { glasses::from_json<test::Everything>(json); }).at(0).path == "ratio");
  }
}

BOOST_AUTO_TEST_CASE(required_fields_must_be_given) {
  auto issues = parse_issues<test::WithRequired>(R"({"batch":8})");
  BOOST_TEST_REQUIRE(issues.size() == 2u);
  BOOST_TEST(issues[0].path == "dataset");
  BOOST_TEST(issues[0].message == "missing required key; this field has no default, so the config must set it");
  BOOST_TEST(issues[1].path == "epochs");
  auto null = single_issue<test::WithRequired>(R"({"dataset":null,"epochs":1})");
  BOOST_TEST(null.message == "expected a string, got null; this field is required");
  auto ok = glasses::parse<test::WithRequired>(R"({"dataset":"imagenet","epochs":90})");
  BOOST_TEST(*ok.dataset == "imagenet");
  BOOST_TEST(*ok.epochs == 90);
}

BOOST_AUTO_TEST_CASE(a_required_value_set_by_an_earlier_layer_need_not_be_given_again) {
  auto config = glasses::parse<test::WithRequired>(R"({"dataset":"imagenet","epochs":90})");
  glasses::merge(config, boost::json::parse(R"({"batch":8})"));
  BOOST_TEST(*config.dataset == "imagenet");
  BOOST_TEST(config.batch == 8);
  // The same through the text reader's fast path and its event reader (an escape).
  glasses::detail::parse_into(R"({"batch":9})", glasses::detail::sink_for<test::WithRequired>, &config, {}, "");
  glasses::detail::parse_into(R"({"batch":10,"dataset":"café"})", glasses::detail::sink_for<test::WithRequired>,
                              &config, {}, "");
  BOOST_TEST(config.batch == 10);
  BOOST_TEST(*config.dataset == "caf\xc3\xa9");
  BOOST_TEST(*config.epochs == 90);
}

struct HoldsRequired {
  test::WithRequired inner;
  int x = 0;
};
BOOST_DESCRIBE_STRUCT(HoldsRequired, (), (inner, x))

BOOST_AUTO_TEST_CASE(a_required_value_in_a_record_left_out_is_missing_too) {
  auto issues = parse_issues<HoldsRequired>(R"({"x":1})");
  std::vector<glasses::issue> expected{
      {"inner.dataset", "missing required key; this field has no default, so the config must set it"},
      {"inner.epochs", "missing required key; this field has no default, so the config must set it"}};
  // Where the record would be: the object that lacks it.
  for (auto const& i : issues) BOOST_TEST((i.line == 1u && i.column == 1u));
  BOOST_TEST(test::without_positions(issues) == expected, boost::test_tools::per_element());
  BOOST_TEST(test::issues_of([] { glasses::from_json<HoldsRequired>(boost::json::parse(R"({"x":1})")); }) == expected,
             boost::test_tools::per_element());
  BOOST_TEST(test::issues_of([] { glasses::ensure_valid(HoldsRequired{}); }) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_slot_or_variant_without_type_reads_alike_from_text_and_from_a_dom) {
  // It sets fields of the config held; an empty slot holds none, which is an error.
  std::string const merged_text = R"({"slot":{"channels":3},"choice":{"heads":5}})";
  auto from_text = glasses::parse<test::Everything>(merged_text);
  BOOST_TEST(from_text.slot.as<test::ConvConfig>().channels == 3);
  BOOST_TEST(std::get<test::AttentionConfig>(from_text.choice).heads == 5);
  BOOST_TEST(glasses::equal(glasses::from_json<test::Everything>(boost::json::parse(merged_text)), from_text));
  std::string const text = R"({"empty_slot":{"channels":3}})";
  auto issues = parse_issues<test::Everything>(text);
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].column == text.find(":{") + 2);  // the object that lacks it
  issues = test::without_positions(issues);
  BOOST_TEST(issues[0].message.ends_with("got an object without \"type\""));
  BOOST_TEST(test::issues_of([&] { glasses::from_json<test::Everything>(boost::json::parse(text)); }) == issues,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors) {
  auto i = single_issue<test::Level3>(R"({"tag":"a","tag":"b"})");
  BOOST_TEST(i.path == "tag");
  BOOST_TEST(i.message == "duplicate key; each key may appear once in an object");
  auto map = single_issue<test::Everything>(R"({"weights":{"x":1,"x":2}})");
  BOOST_TEST(map.path == "weights.x");
}

BOOST_AUTO_TEST_CASE(wrong_container_types_are_skipped_whole) {
  auto issues = parse_issues<test::Everything>(R"({"depths":{"a":[1,{"b":2}]},"nested":[1,[2]],"flag":false})");
  BOOST_TEST_REQUIRE(issues.size() == 2u);
  BOOST_TEST(issues[0].path == "depths");
  BOOST_TEST(issues[0].message == "expected an array of elements (each an integer), got an object");
  BOOST_TEST(issues[1].path == "nested");
  BOOST_TEST(issues[1].message == "expected an object (Level1), got an array");
}

BOOST_AUTO_TEST_CASE(floating_fields_accept_integers_and_special_strings) {
  auto leaf = glasses::parse<test::Level3>(R"({"ratio":2})");
  BOOST_TEST(leaf.ratio == 2.0);
  BOOST_TEST(std::isinf(glasses::parse<test::Level3>(R"({"ratio":"-inf"})").ratio));
  BOOST_TEST(std::isnan(glasses::parse<test::Level3>(R"({"ratio":"nan"})").ratio));
  auto bad = single_issue<test::Level3>(R"({"ratio":"infinity"})");
  BOOST_TEST(bad.message == R"(expected a number, got the string "infinity")");
  auto narrow = single_issue<test::Everything>(R"({"ratio":1e39})");
  BOOST_TEST(narrow.path == "ratio");
  BOOST_TEST(narrow.message ==
             R"(expected a number within the range of float, got 1e39; write "inf" or "-inf" for infinities)");
}

BOOST_AUTO_TEST_CASE(from_json_reports_like_parse) {
  auto issues = test::issues_of([] {
    glasses::from_json<test::Level1>(boost::json::parse(R"({"middle":{"leaf":{"ratio":"big"}},"nmae":"x"})"));
  });
  BOOST_TEST_REQUIRE(issues.size() == 2u);
  BOOST_TEST(issues[0].path == "middle.leaf.ratio");
  BOOST_TEST(issues[1].path == "nmae");
  BOOST_TEST(issues[1].message == R"(unknown key in Level1; did you mean "name"?)");
}

BOOST_AUTO_TEST_CASE(map_keys_that_are_not_identifiers_are_quoted_in_paths) {
  auto i = single_issue<test::Everything>(R"({"weights":{"b.c":"x"}})");
  BOOST_TEST(i.path == R"(weights["b.c"])");
}
