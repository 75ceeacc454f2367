#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>

BOOST_AUTO_TEST_CASE(set_reaches_nested_fields_indices_and_slots) {
  test::Everything e;
  glasses::set(e, "depths[2]", "23");
  glasses::set(e, "nested.middle.leaf.tag", "shallow");
  glasses::set(e, "slot.channels", "8");
  glasses::set(e, "extras[1].heads", "4");
  glasses::set(e, "weights[\"b.c\"]", "7");
  glasses::set(e, "weights.new", "1e-3");
  BOOST_TEST(e.depths[2] == 23);
  BOOST_TEST(e.nested.middle.leaf.tag == "shallow");
  BOOST_TEST(e.slot.as<test::ConvConfig>().channels == 8);
  BOOST_TEST(e.extras[1].as<test::AttentionConfig>().heads == 4);
  BOOST_TEST(e.weights.at("b.c") == 7.0);
  BOOST_TEST(e.weights.at("new") == 0.001);
}

BOOST_AUTO_TEST_CASE(a_key_that_a_name_cannot_hold_is_shown_in_brackets) {
  test::Everything e;
  auto issues = test::issues_of([&] { glasses::set(e, "weights.h\u00e9llo-x.y", "1"); });
  std::vector<glasses::issue> expected{
      {"weights.h\u00e9llo-x.y",
       "invalid path: expected '.' or '[' after \"weights.h\"; a key with other characters than letters, digits and _ "
       "goes in brackets and quotes: weights[\"h\u00e9llo-x\"].y"}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
  glasses::set(e, "weights[\"h\u00e9llo-x\"]", "1");  // which works
  BOOST_TEST(e.weights.at("h\u00e9llo-x") == 1.0);
  // A dot escaped with a backslash, as some tools write one in a key, is the key's.
  auto escaped = test::issues_of([&] { glasses::set(e, R"(weights.a\.b)", "1"); });
  BOOST_TEST_REQUIRE(escaped.size() == 1u);
  BOOST_TEST(escaped[0].message.ends_with(R"(goes in brackets and quotes: weights["a.b"])"), escaped[0].message);
}

BOOST_AUTO_TEST_CASE(values_are_json_and_bare_words_are_strings) {
  test::Everything e;
  glasses::set(e, "depths", "[3,4,6,3,2]");
  glasses::set(e, "text", "hello");
  glasses::set(e, "act", "silu");
  glasses::set(e, "named", "null");
  glasses::set(e, "maybe", "5");
  glasses::set(e, "flag", "false");
  glasses::set(e, "nested", R"({"name":"n"})");
  BOOST_TEST(e.depths.size() == 5u);
  BOOST_TEST(e.text == "hello");
  BOOST_TEST((e.act == test::activation::silu));
  BOOST_TEST(!e.named.has_value());
  BOOST_TEST(*e.maybe == 5);
  BOOST_TEST(!e.flag);
  BOOST_TEST(e.nested.name == "n");
  BOOST_TEST(e.nested.middle.width == 4);  // missing keys keep their defaults
}

BOOST_AUTO_TEST_CASE(single_quotes_and_string_fields_read_values_as_hydra_does) {
  test::Everything e;
  glasses::set(e, "text", "'/a b'");  // was the text "'/a b'", quotes included
  BOOST_TEST(e.text == "/a b");
  glasses::set(e, "text", R"('it\'s \\ here')");
  BOOST_TEST(e.text == R"(it's \ here)");
  glasses::set(e, "text", "1e5");  // a string field takes the number as written
  BOOST_TEST(e.text == "1e5");
  glasses::set(e, "named", "true");
  BOOST_TEST(*e.named == "true");
  glasses::set(e, "named", "null");
  BOOST_TEST(!e.named.has_value());
  auto open = test::issues_of([&] { glasses::set(e, "text", "'a b"); });
  BOOST_TEST(open == (std::vector<glasses::issue>{{"text", "a value in single quotes must end with the closing quote, "
                                                           "got \"'a b\"; write a quote inside it as \\'"}}),
             boost::test_tools::per_element());
  // A bare word in a list is a string, as in Hydra (lists_and_dicts_read_... below).
  auto list = test::issues_of([&] { glasses::set(e, "depths", "[a,b]"); });
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].path == "depths[0]");
  BOOST_TEST(list[0].message == R"(expected an integer, got the string "a")");
}

BOOST_AUTO_TEST_CASE(numbers_and_blanks_read_as_hydra_reads_them) {
  // Hydra's numbers beyond JSON's, and the blanks around a value left out; they were
  // "expected a number, got the string \".5\"" and the text " a b ".
  test::Everything e;
  glasses::apply_overrides(e, {"rate=.5", "depths[0]=+7", "depths[1]=1_000", "text= a b ", "maybe=  3"});
  BOOST_TEST(e.rate == 0.5);
  BOOST_TEST(e.depths[0] == 7);
  BOOST_TEST(e.depths[1] == 1000);
  BOOST_TEST(e.text == "a b");
  BOOST_TEST(*e.maybe == 3);
  for (auto [value, expected] : {std::pair{"5.", 5.0}, {"-.25e1", -2.5}, {"+1_0.5_0", 10.5}, {"\t0.\t", 0.0}}) {
    glasses::set(e, "rate", value);
    BOOST_TEST(e.rate == expected);
  }
  for (auto [value, expected] : {std::pair{"+inf", INFINITY}, {"INF", INFINITY}, {"-Infinity", -INFINITY}}) {
    glasses::set(e, "rate", value);
    BOOST_TEST(e.rate == expected);
  }
  glasses::set(e, "rate", "NaN");
  BOOST_TEST(std::isnan(e.rate));
  // Blanks alone are the empty string (an empty view's data may be null: the fuzzer's UBSan find).
  for (std::string_view blank : {std::string_view("  \t"), std::string_view()})
    BOOST_TEST((glasses::set(e, "text", blank), e.text).empty());
  // Quotes keep their blanks, and a string field takes the text as written.
  for (auto [value, expected] : {std::pair{"' a '", " a "}, {"+7", "+7"}, {".5", ".5"}, {"1_000", "1_000"}})
    BOOST_TEST((glasses::set(e, "text", value), e.text) == expected);
  for (char const* value : {"007", "1__0", "_1", "1_", "+", ".", "-", "5.e", "+-1", "0x10"}) {
    auto issues = test::issues_of([&] { glasses::set(e, "maybe", value); });
    BOOST_TEST(issues == (std::vector<glasses::issue>{{"maybe", "expected an integer, got the string \"" +
                                                                   std::string(value) + "\""}}),
               boost::test_tools::per_element());
  }
  auto points = glasses::sweep(e, {"depths[0]=1, +2", "text= 'a,b' , c"});
  BOOST_TEST_REQUIRE(points.size() == 4u);
  BOOST_TEST(points[0].config.depths[0] == 1);
  BOOST_TEST(points[0].config.text == "a,b");
  BOOST_TEST(points[3].config.depths[0] == 2);
  BOOST_TEST(points[3].config.text == "c");
}

BOOST_AUTO_TEST_CASE(lists_and_dicts_read_hydras_bare_words_numbers_and_booleans) {
  test::Everything e;
  glasses::apply_overrides(e, {"depths=[1_0, +3 ,4]", "mean=[.5, 5., -inf]", "switches=[True, FALSE]",
                               R"(weights={a: .5, 'b c': 2, "d,e": 1})", "layers=[{ratio: .25, tag: x y}, {tag: 'x, y'}]",
                               "flag=False"});
  BOOST_TEST(e.depths == (std::vector<int>{10, 3, 4}), boost::test_tools::per_element());
  BOOST_TEST(e.mean[0] == 0.5);
  BOOST_TEST(e.mean[1] == 5.0);
  BOOST_TEST(e.mean[2] == -std::numeric_limits<double>::infinity());
  BOOST_TEST(e.switches == (std::vector<bool>{true, false}), boost::test_tools::per_element());
  BOOST_TEST((e.weights == std::map<std::string, double>{{"a", 0.5}, {"b c", 2}, {"d,e", 1}}));
  BOOST_TEST_REQUIRE(e.layers.size() == 2u);
  BOOST_TEST(e.layers[0].ratio == 0.25);
  BOOST_TEST(e.layers[0].tag == "x y");
  BOOST_TEST(e.layers[1].tag == "x, y");
  BOOST_TEST(!e.flag);
  // A bare word in a list of numbers is a string, which the field refuses with its path.
  auto word = test::issues_of([&] { glasses::set(e, "depths", "[1, two]"); });
  BOOST_TEST(word == (std::vector<glasses::issue>{{"depths[1]", R"(expected an integer, got the string "two")"}}),
             boost::test_tools::per_element());
  // What neither JSON nor Hydra reads is reported in the text as written.
  auto empty = test::issues_of([&] { glasses::set(e, "depths", "[1,,2]"); });
  BOOST_TEST(empty == (std::vector<glasses::issue>{{"depths", R"(line 1, column 4: invalid JSON (syntax error) at ",2]"; )"
                                                              "write a list as [a, b] and a dict as {key: value}, "
                                                              "closing each bracket and quote"}}),
             boost::test_tools::per_element());
  auto open = test::issues_of([&] { glasses::set(e, "depths", "[1, 'a]"); });
  BOOST_TEST_REQUIRE(open.size() == 1u);
  BOOST_TEST(open[0].message.ends_with("closing each bracket and quote"));
  // Only the syntax: a field of text is not told that it got a list, which is not there.
  auto text = test::issues_of([&] { glasses::set(e, "text", "[a"); });
  BOOST_TEST(text == (std::vector<glasses::issue>{{"text", "line 1, column 2: invalid JSON (syntax error) at \"a\"; "
                                                           "write a list as [a, b] and a dict as {key: value}, closing "
                                                           "each bracket and quote, or the text in single quotes: '[a'"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_sweeps_value_given_to_one_run_is_refused_as_hydra_does) {
  test::Everything e;
  auto issues = test::issues_of([&] { glasses::apply_overrides(e, {"text=a,b", "tiny=range(1,3)", "depths=1,2"}); });
  // What it suggests fits the field: quotes for text, brackets for a list, a sweep for a number.
  BOOST_TEST(issues == (std::vector<glasses::issue>{
                           {"text", R"x("a,b" are a sweep's choices, which one run cannot take; sweep them (-m, or )x"
                                    R"x(a tool's sweep subcommand), or write the text in single quotes: 'a,b')x"},
                           {"tiny", R"x("range(1,3)" is a sweep, which one run cannot take; sweep it (-m, or a )x"
                                    R"x(tool's sweep subcommand))x"},
                           {"depths", R"x("1,2" are a sweep's choices, which one run cannot take; sweep them (-m, or )x"
                                      R"x(a tool's sweep subcommand), or write a list in brackets: [1,2])x"}}),
             boost::test_tools::per_element());
  // A call of a function that glasses does not know is refused, not taken as text: a typo
  // of choice() would otherwise run once with the text.
  auto typo = test::issues_of([&] { glasses::apply_overrides(e, {R"(text=choise(a, b\'))"}); });
  BOOST_TEST(typo == (std::vector<glasses::issue>{
                         {"text", R"x("choise(a, b\\')" reads as a call of choise(), which glasses does not know (a )x"
                                  R"x(sweep takes choice(a, b) and range(start, stop, step)); write the text in single )x"
                                  R"x(quotes: 'choise(a, b\\\')')x"}}),
             boost::test_tools::per_element());
  // Quoted, the commas are text; set() takes one value as it is.
  glasses::apply_overrides(e, {"text='a,b'"});
  BOOST_TEST(e.text == "a,b");
  glasses::set(e, "text", "c,d");
  BOOST_TEST(e.text == "c,d");
}

BOOST_AUTO_TEST_CASE(sweeps_expand_hydras_choice_and_range) {
  test::Everything base;
  auto values = [](auto const& points, auto field) {
    std::vector<std::remove_cvref_t<decltype(points[0].config.*field)>> out;
    for (auto const& point : points) out.push_back(point.config.*field);
    return out;
  };
  BOOST_TEST(values(glasses::sweep(base, {"text=choice(a, 'b,c', \"d,e\")"}), &test::Everything::text) ==
                 (std::vector<std::string>{"a", "b,c", "d,e"}),
             boost::test_tools::per_element());
  BOOST_TEST(values(glasses::sweep(base, {"tiny=range(3)"}), &test::Everything::tiny) ==
                 (std::vector<std::int8_t>{0, 1, 2}), boost::test_tools::per_element());
  BOOST_TEST(values(glasses::sweep(base, {"tiny=range(5, -1, -2)"}), &test::Everything::tiny) ==
                 (std::vector<std::int8_t>{5, 3, 1}), boost::test_tools::per_element());
  // Rounded to the digits the arguments were written with: 0.3, not 0.30000000000000004.
  auto rates = glasses::sweep(base, {"rate=range(0.1, 0.4, 0.1)"});
  BOOST_TEST(values(rates, &test::Everything::rate) == (std::vector<double>{0.1, 0.2, 0.3}), boost::test_tools::per_element());
  BOOST_TEST(rates[2].overrides.at(0) == "rate=0.3");
  BOOST_TEST(glasses::sweep(base, {"rate=range(0, 1, 0.25)"})[0].overrides.at(0) == "rate=0.0");
  auto error_of = [&](std::string value) {
    auto issues = test::issues_of([&] { glasses::sweep(base, {"tiny=" + value}); });
    BOOST_TEST_REQUIRE(issues.size() == 1u);
    BOOST_TEST(issues[0].path == "tiny");
    return issues[0].message;
  };
  BOOST_TEST(error_of("range(5,1)") == "range(5,1) has no values: start must be below stop");
  BOOST_TEST(error_of("range(1,5,-1)") == "range(1,5,-1) has no values: with a negative step, start must be above stop");
  BOOST_TEST(error_of("range(1,5,0)") == "range(1,5,0): the step is 0, which never reaches the stop");
  BOOST_TEST(error_of("range(18446744073709551613, 18446744073709551615)") ==
             "range(18446744073709551613, 18446744073709551615): 18446744073709551613 is beyond the integers range() "
             "counts in, -2^63 to 2^63-1; give the values as choices instead: a,b,c");
  BOOST_TEST(error_of("range(0,1e9)") ==
             "range(0,1e9) has more than 10000 values; split the sweep or use a larger step");
  BOOST_TEST(error_of("range(a)") == R"(range(a): expected a finite number, got "a")");
  BOOST_TEST(error_of("range()") == "range() takes range(stop), range(start, stop) or range(start, stop, step)");
  BOOST_TEST(error_of("choice()") == "choice() has no values; give them: choice(a, b)");
  BOOST_TEST(error_of("glob(*)") ==
             "glasses does not expand Hydra's glob(); write the choices as a,b, choice(a, b) or range(start, stop, step)");
  BOOST_TEST(error_of("CHOICE(1,2)").starts_with(R"x("CHOICE(1,2)" reads as a call of CHOICE(), which glasses does not know)x"));
  BOOST_TEST(error_of("1,") == R"(choice 2 of "1," is empty: a comma too many? Write '' for the empty text)");
  BOOST_TEST(error_of("range(1,3),5") == R"x(choice 1 of "range(1,3),5", "range(1,3)", reads as a function call, )x"
                                         R"x(which is a whole sweep or else text in single quotes: 'range(1,3)')x");
  // A single empty choice is the empty text, as in one override.
  BOOST_TEST(values(glasses::sweep(base, {"text="}), &test::Everything::text) == (std::vector<std::string>{""}),
             boost::test_tools::per_element());
  // Commas within parentheses belong to their choice.
  BOOST_TEST(values(glasses::sweep(base, {"text='f(x,y)',g"}), &test::Everything::text) ==
                 (std::vector<std::string>{"f(x,y)", "g"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_object_without_its_type_sets_fields_of_the_config_held) {
  test::Everything e;
  glasses::set(e, "slot", "{channels: 3}");
  BOOST_TEST(e.slot.as<test::ConvConfig>().channels == 3);
  auto issues = test::issues_of([&] { glasses::set(e, "empty_slot", "{channels: 3}"); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].path == "empty_slot");
  BOOST_TEST(issues[0].message.ends_with(R"(got an object without "type"; the slot is empty: name the type in the )"
                                         R"(object, {type: NAME, ...}, or choose it first, empty_slot=NAME)"));
}

BOOST_AUTO_TEST_CASE(ranges_are_exact_past_two_to_the_53_and_write_what_was_meant) {
  test::Everything base;
  auto texts = [&](std::string value) {
    std::vector<std::string> out;
    for (auto const& axis : glasses::detail::sweep_axes({"big=" + value}))
      for (auto const& choice : axis.choices) out.push_back(choice);
    return out;
  };
  // In doubles these counted 2 points; Python's range gives 3.
  BOOST_TEST(texts("range(0, 9007199254740993, 4503599627370496)") ==
                 (std::vector<std::string>{"0", "4503599627370496", "9007199254740992"}), boost::test_tools::per_element());
  BOOST_TEST(texts("range(-9223372036854775808, 9223372036854775807, 9223372036854775807)") ==
                 (std::vector<std::string>{"-9223372036854775808", "-1", "9223372036854775806"}),
             boost::test_tools::per_element());
  // Integers when start and step are, whatever the stop; no -0.0; an exponent's digits count.
  BOOST_TEST(texts("range(1, 3e0)") == (std::vector<std::string>{"1", "2"}), boost::test_tools::per_element());
  BOOST_TEST(texts("range(0.3, -0.1, -0.1)") == (std::vector<std::string>{"0.3", "0.2", "0.1", "0.0"}),
             boost::test_tools::per_element());
  BOOST_TEST(texts("range(0, 0.5, 1e-1)") == (std::vector<std::string>{"0.0", "0.1", "0.2", "0.3", "0.4"}),
             boost::test_tools::per_element());
  // Arguments whose difference overflows a double are counted in halves.
  BOOST_TEST(texts("range(-1e308, 1e308, 1e307)").size() == 20u);
}

BOOST_AUTO_TEST_CASE(hydra_dicts_take_colons_in_values_and_null_in_any_case) {
  test::Everything e;
  glasses::apply_overrides(e, {"weights={a: 1, 'b:c': 2}", "named=NULL"});
  BOOST_TEST((e.weights == std::map<std::string, double>{{"a", 1}, {"b:c", 2}}));
  BOOST_TEST(!e.named.has_value());
  glasses::apply_overrides(e, {"layers=[{tag: http://x:80/a, ratio: 1}, {tag: 12:30}]"});
  BOOST_TEST_REQUIRE(e.layers.size() == 2u);
  BOOST_TEST(e.layers[0].tag == "http://x:80/a");
  BOOST_TEST(e.layers[1].tag == "12:30");
  // A bare number in a list or dict is a number; a field of text says to quote it.
  auto number = test::issues_of([&] { glasses::set(e, "layers", "[{tag: 8080}]"); });
  BOOST_TEST(number == (std::vector<glasses::issue>{{"layers[0].tag", "expected a string, got 8080; quote it to mean "
                                                                      "the text: '8080'"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_bare_type_name_swaps_a_slot_to_that_type_with_its_defaults) {
  test::Everything e;
  glasses::set(e, "slot", "attention");
  BOOST_TEST(e.slot.as<test::AttentionConfig>().heads == 8);
  glasses::set(e, "choice", "conv");
  BOOST_TEST(std::get<test::ConvConfig>(e.choice).channels == 64);
  glasses::apply_overrides(e, {"empty_slot=conv", "empty_slot.channels=3"});
  BOOST_TEST(e.empty_slot.as<test::ConvConfig>().channels == 3);
  // The path show and compare write for a type names it too, where it had no field "type".
  glasses::apply_overrides(e, {"slot.heads=2", "slot.type=attention", "choice.type=attention"});
  BOOST_TEST(e.slot.as<test::AttentionConfig>().heads == 2);
  BOOST_TEST(std::get<test::AttentionConfig>(e.choice).heads == 8);
  BOOST_TEST(test::issues_of([&] { glasses::apply_overrides(e, {"slot=conv", "slot.type=attention"}); }) ==
                 (std::vector<glasses::issue>{{"slot", "this path is also set by override 1 (\"slot=conv\"); give "
                                                       "each path once"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(hydras_plus_prefixes_set_the_value) {
  test::Everything e;
  glasses::apply_overrides(e, {"++rate=0.25", "+text=x", "flag =false"});
  BOOST_TEST(e.rate == 0.25);
  BOOST_TEST(e.text == "x");
  BOOST_TEST(!e.flag);
}

BOOST_AUTO_TEST_CASE(hydras_tilde_deletes_a_maps_key_and_empties_an_optional_or_a_slot) {
  test::Everything e;
  glasses::apply_overrides(e, {"~weights.a", "~maybe", "~named", "~slot", "weights.z=3"});
  BOOST_TEST((e.weights == std::map<std::string, double>{{"b.c", -2}, {"z", 3}}));
  BOOST_TEST(!e.named.has_value());
  BOOST_TEST(!e.slot.has_value());
  glasses::apply_overrides(e, {R"(~weights["b.c"])"});
  BOOST_TEST((e.weights == std::map<std::string, double>{{"z", 3}}));
}

BOOST_AUTO_TEST_CASE(a_tilde_that_deletes_nothing_says_why) {
  test::Everything e;
  auto const issues = test::issues_of([&] {
    glasses::apply_overrides(e, {"~weights.zz", "~rate", "~depths[1]", "~rate=0.1", "~", "~nested.nope"});
  });
  BOOST_TEST(issues ==
                 (std::vector<glasses::issue>{
                     {"weights.zz", "no key \"zz\" to delete: the map does not hold it"},
                     {"rate", "~ deletes a map's key or empties an optional, and this is a number, which the config "
                              "always holds; set it instead: rate=VALUE"},
                     {"depths[1]", "~ deletes a map's key or empties an optional, and this is an integer, which the "
                                   "config always holds; set it instead: depths[1]=VALUE"},
                     {"rate", "\"~rate=0.1\": Hydra's ~path=VALUE, which deletes only when the value is VALUE, is not "
                              "supported; write ~rate to delete it"},
                     {"", "expected ~path, the key of a map or an optional to delete, got \"~\""},
                     {"nested.nope", "no field \"nope\" in Level1; its fields are \"name\", \"middle\""}}),
             boost::test_tools::per_element());
  // A key is deleted once, and not set as well: which would win is not obvious.
  BOOST_TEST(test::issues_of([&] { glasses::apply_overrides(e, {"weights.a=2", "~weights.a"}); }) ==
                 (std::vector<glasses::issue>{{"weights.a", "this path is also set by override 1 (\"weights.a=2\"); "
                                                            "give each path once"}}),
             boost::test_tools::per_element());
  BOOST_TEST((e.weights == std::map<std::string, double>{{"a", 1.5}, {"b.c", -2}}));
}

BOOST_AUTO_TEST_CASE(a_sweep_deletes_at_each_point) {
  test::Everything e;
  auto points = glasses::sweep(e, {"~weights.a", "rate=0.5,0.25"});
  BOOST_TEST(points.size() == 2u);
  BOOST_TEST((points[1].overrides == std::vector<std::string>{"~weights.a", "rate=0.25"}));
  BOOST_TEST((points[1].config.weights == std::map<std::string, double>{{"b.c", -2}}));
  BOOST_TEST(points[1].config.rate == 0.25);
}

BOOST_AUTO_TEST_CASE(hydras_escapes_in_a_bare_value_are_the_characters_they_stand_for) {
  test::Everything e;
  glasses::apply_overrides(e, {R"(text=a\ b\,c\=d\[e\]\(f\)\:g\\h)", R"(weights={a\:b: 1, c\,d: 2})"});
  BOOST_TEST(e.text == R"(a b,c=d[e](f):g\h)");
  BOOST_TEST((e.weights == std::map<std::string, double>{{"a:b", 1}, {"c,d", 2}}));
  glasses::set(e, "text", R"(C:\data\new)");  // a backslash before anything else stays
  BOOST_TEST(e.text == R"(C:\data\new)");
  auto const points = glasses::sweep(e, {R"(text=a\,b,c)"});
  BOOST_TEST_REQUIRE(points.size() == 2u);
  BOOST_TEST(points[0].config.text == "a,b");
  BOOST_TEST(points[1].config.text == "c");
}

BOOST_AUTO_TEST_CASE(an_interpolation_is_refused_not_kept_as_text) {
  test::Everything e;
  BOOST_TEST(test::issues_of([&] { glasses::set(e, "text", "${oc.env:HOME}/data"); }) ==
                 (std::vector<glasses::issue>{{"text", "\"${oc.env:HOME}/data\" holds an interpolation, ${...}, which "
                                                       "glasses does not resolve: write the value itself, or the text "
                                                       "in single quotes"}}),
             boost::test_tools::per_element());
  glasses::set(e, "text", "'${oc.env:HOME}'");
  BOOST_TEST(e.text == "${oc.env:HOME}");
  glasses::set(e, "text", R"(\${x})");  // OmegaConf's escape of an interpolation
  BOOST_TEST(e.text == "${x}");
}

namespace {
struct OptionalChoice {
  std::optional<std::variant<test::ConvConfig, test::AttentionConfig>> choice;
};
BOOST_DESCRIBE_STRUCT(OptionalChoice, (), (choice))
}  // namespace

BOOST_AUTO_TEST_CASE(an_optional_variant_chooses_its_type_first_and_by_its_type_path) {
  OptionalChoice c;
  glasses::apply_overrides(c, {"choice.type=attention"});
  BOOST_TEST(std::get<test::AttentionConfig>(*c.choice).heads == 8);
  glasses::apply_overrides(c, {"choice.channels=5", "choice=conv"});
  BOOST_TEST(std::get<test::ConvConfig>(*c.choice).channels == 5);
  glasses::apply_overrides(c, {"choice.channels=7", "choice.type=conv"});
  BOOST_TEST(std::get<test::ConvConfig>(*c.choice).channels == 7);
  glasses::apply_overrides(c, {"~choice"});
  BOOST_TEST(!c.choice.has_value());
}

BOOST_AUTO_TEST_CASE(naming_the_type_already_held_keeps_the_held_value) {
  test::Everything e;
  glasses::apply_overrides(e, {"slot=attention", "slot.heads=2", "choice.dropout=0.5"});
  glasses::set(e, "slot", "attention");
  glasses::set(e, "choice", "attention");
  glasses::set(e, "slot", R"({"type":"attention"})");
  BOOST_TEST(e.slot.as<test::AttentionConfig>().heads == 2);
  BOOST_TEST(std::get<test::AttentionConfig>(e.choice).dropout == 0.5);
}

BOOST_AUTO_TEST_CASE(type_choices_apply_before_field_values_whatever_their_order) {
  test::Everything a, b;
  glasses::apply_overrides(a, {"slot.heads=3", "slot=attention", "choice.channels=5", "choice=conv"});
  glasses::apply_overrides(b, {"slot=attention", "slot.heads=3", "choice=conv", "choice.channels=5"});
  BOOST_TEST(a.slot.as<test::AttentionConfig>().heads == 3);
  BOOST_TEST(std::get<test::ConvConfig>(a.choice).channels == 5);
  BOOST_TEST(glasses::dump(a) == glasses::dump(b));
  // Nested choices: the outer slot's type first, then what lives inside it.
  test::Everything c;
  glasses::apply_overrides(c, {"extras[0].heads=1", "extras[0]=attention"});
  BOOST_TEST(c.extras[0].as<test::AttentionConfig>().heads == 1);
}

BOOST_AUTO_TEST_CASE(the_same_path_given_twice_is_an_error) {
  test::Everything e;
  auto issues = test::issues_of([&] { glasses::apply_overrides(e, {"tiny=1", "weights.a=2", "tiny=3", R"(weights["a"]=4)"}); });
  std::vector<glasses::issue> expected{
      {"tiny", "this path is also set by override 1 (\"tiny=1\"); give each path once"},
      {"weights.a", "this path is also set by override 2 (\"weights.a=2\"); give each path once"}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
  auto sweep = test::issues_of([] { glasses::sweep(test::Everything{}, {"tiny=1,2", "tiny=3"}); });
  BOOST_TEST(sweep.at(0).message == "this path is given twice; give each path once");
}

BOOST_AUTO_TEST_CASE(a_value_set_whole_after_a_change_within_it_is_an_error) {
  test::Everything e;
  auto issues = test::issues_of([&] { glasses::apply_overrides(e, {"depths[0]=7", "depths=[1,2]"}); });
  std::vector<glasses::issue> expected{
      {"depths", "this sets the value whole after override 1 (\"depths[0]=7\") set depths[0] within it, which it "
                 "would undo; give depths first"}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
  auto map = test::issues_of([&] { glasses::apply_overrides(e, {R"(weights["b.c"]=2)", R"(weights={"z":1})"}); });
  BOOST_TEST(map.at(0).path == "weights");
  // An object merges into a record: only the fields it names are set again.
  glasses::apply_overrides(e, {"nested.middle.width=9", R"(nested={"name":"q"})"});
  BOOST_TEST(e.nested.middle.width == 9);
  auto named = test::issues_of([&] { glasses::apply_overrides(e, {"nested.middle.width=3", R"(nested={"middle":{}})"}); });
  BOOST_TEST(named.at(0).path == "nested");
  // The whole value first, then a change within it, is what it says.
  glasses::apply_overrides(e, {"depths=[1,2]", "depths[0]=7", R"(weights={"z":1})", R"(weights["b.c"]=2)"});
  BOOST_TEST(e.depths == (std::vector<int>{7, 2}));
  BOOST_TEST(e.weights.at("b.c") == 2.0);
  BOOST_TEST(e.weights.at("z") == 1.0);
}

BOOST_AUTO_TEST_CASE(a_field_set_before_a_later_type_choice_that_names_it_is_an_error) {
  // The type choice applies first, whatever the order: the field's override would win over
  // the value that comes after it on the command line.
  test::Everything e;
  auto issues = test::issues_of([&] { glasses::apply_overrides(e, {"slot.channels=3", R"(slot={"type":"conv","channels":5})"}); });
  std::vector<glasses::issue> expected{
      {"slot.channels", "this is also set by override 2 (\"slot={\\\"type\\\":\\\"conv\\\",\\\"channels\\\":5}\"), which "
                        "comes later but chooses a type, so applies first; give slot.channels after it, or set it in one place"}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
  // After it, or with a bare type name, the field's value is what the command line says.
  glasses::apply_overrides(e, {R"(slot={"type":"conv","channels":5})", "slot.channels=3"});
  BOOST_TEST(e.slot.as<test::ConvConfig>().channels == 3);
  glasses::apply_overrides(e, {"slot.channels=4", "slot=conv"});
  BOOST_TEST(e.slot.as<test::ConvConfig>().channels == 4);
}

BOOST_AUTO_TEST_CASE(a_quoted_key_may_hold_an_equals_sign_and_long_keys_stay_apart) {
  test::Everything e;
  glasses::apply_overrides(e, {R"(weights["a=b"]=2)"});
  BOOST_TEST(e.weights.at("a=b") == 2.0);
  // Two keys alike in their first 61 characters are two paths, in overrides and sweeps.
  std::string const stem(61, 'k');
  glasses::apply_overrides(e, {"weights." + stem + "A=1", "weights." + stem + "B=2"});
  BOOST_TEST(e.weights.at(stem + "A") == 1.0);
  BOOST_TEST(e.weights.at(stem + "B") == 2.0);
  BOOST_TEST(glasses::sweep(test::Everything{}, {"weights." + stem + "A=1,2", "weights." + stem + "B=3"}).size() == 2u);
  auto open = test::issues_of([&] { glasses::apply_overrides(e, {R"(weights["abc]=1)"}); });
  BOOST_TEST(open.at(0).message == R"(a quoted key is not closed in "weights[\"abc]=1"; end it with "], e.g. weights["a b"]=1)");
}

BOOST_AUTO_TEST_CASE(a_quoted_key_that_is_no_json_string_says_what_in_it_is_wrong) {
  test::Everything e;
  auto message = [&](std::string const& key) {
    return test::issues_of([&] { glasses::apply_overrides(e, {"weights[" + key + "]=1"}); }).at(0).message;
  };
  std::string const lead = "invalid path: the quoted key ";
  BOOST_TEST(message("\"a\tb\"") ==
             lead + R"("\"a\u0009b\"" is not a JSON string: it holds a control character (U+0009) as it is; write it as \u0009)");
  BOOST_TEST(message(R"("a\qb")") == lead + R"("\"a\\qb\"" is not a JSON string: \q is no JSON escape (they are \", \\, \/, \b, \f, \n, \r, \t and \uXXXX))");
  BOOST_TEST(message(R"("a\u12")") == lead + R"("\"a\\u12\"" is not a JSON string: \u takes four hex digits)");
  BOOST_TEST(message(R"("a\ud800")") ==
             lead + R"("\"a\\ud800\"" is not a JSON string: a \u escape is half of a UTF-16 surrogate pair without its other half)");
  // Each of them written as JSON writes it is a key.
  glasses::apply_overrides(e, {R"(weights["a\u0009b\\q\ud83d\ude00"]=1)"});
  BOOST_TEST(e.weights.at("a\tb\\q\xf0\x9f\x98\x80") == 1.0);
}

BOOST_AUTO_TEST_CASE(an_object_merges_into_records_slots_and_variants_alike) {
  test::Everything e;
  glasses::apply_overrides(e, {"nested.middle.width=9", "slot.kernel=[5]", "choice.heads=4"});
  glasses::set(e, "nested", R"({"name":"n"})");
  glasses::set(e, "slot", R"({"type":"conv","channels":1})");
  glasses::set(e, "choice", R"({"dropout":0.25,"type":"attention"})");
  BOOST_TEST(e.nested.middle.width == 9);
  BOOST_TEST(e.slot.as<test::ConvConfig>().kernel == std::vector<int>{5});
  BOOST_TEST(e.slot.as<test::ConvConfig>().channels == 1);
  BOOST_TEST(std::get<test::AttentionConfig>(e.choice).heads == 4);
  BOOST_TEST(std::get<test::AttentionConfig>(e.choice).dropout == 0.25);
  // Another type starts from its defaults.
  glasses::set(e, "slot", R"({"type":"attention","dropout":0})");
  BOOST_TEST(e.slot.as<test::AttentionConfig>().heads == 8);
  // Maps and lists are replaced whole.
  glasses::set(e, "weights", R"({"z":1})");
  glasses::set(e, "depths", "[7]");
  BOOST_TEST(e.weights.size() == 1u);
  BOOST_TEST(e.depths == std::vector<int>{7});
}

BOOST_AUTO_TEST_CASE(a_value_that_is_not_utf8_is_refused_with_its_byte) {
  test::Everything e;
  auto issues = test::issues_of([&] { glasses::set(e, "text", "caf\xe9"); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].path == "text");
  BOOST_TEST(issues[0].message == "the value is not UTF-8 text (byte 0xe9 at offset 3); configs hold UTF-8 text only");
  auto key = test::issues_of([&] { glasses::apply_overrides(e, {std::string("weights[\"a\0\xfd\"]=1", 16)}); });
  BOOST_TEST(key.at(0).message.find("not UTF-8") != std::string::npos);
  BOOST_TEST(glasses::equal(e, test::Everything{}));
}

BOOST_AUTO_TEST_CASE(an_unknown_field_names_the_type_and_suggests) {
  test::Everything e;
  auto issues = test::issues_of([&] { glasses::set(e, "slot.chanels", "3"); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].path == "slot.chanels");
  BOOST_TEST(issues[0].message == R"(no field "chanels" in ConvConfig; did you mean "channels"?)");
  auto far = test::issues_of([&] { glasses::set(e, "nested.zzz", "3"); });
  BOOST_TEST(far[0].message == R"(no field "zzz" in Level1; its fields are "name", "middle")");
}

BOOST_AUTO_TEST_CASE(wrong_steps_and_values_are_explained) {
  test::Everything e;
  auto range = test::issues_of([&] { glasses::set(e, "depths[7]", "1"); });
  BOOST_TEST(range[0].path == "depths[7]");
  BOOST_TEST(range[0].message == "index 7 is out of range; the list has 4 elements");
  // When a later override would make the element, the order is what is wrong.
  auto order = test::issues_of([&] { glasses::apply_overrides(e, {"depths[7]=1", "tiny=2", "depths=[1,2,3,4,5,6,7,8]"}); });
  BOOST_TEST_REQUIRE(order.size() == 1u);
  BOOST_TEST(order[0].message == "index 7 is out of range; the list has 4 elements; override 3 "
                                 "(\"depths=[1,2,3,4,5,6,7,8]\") sets depths whole after this one: give it first");
  auto layer = test::issues_of([&] { glasses::apply_overrides(e, {"layers[5].tag=x", "layers[5]={}"}); });
  BOOST_TEST(layer.at(0).message.ends_with("; override 2 (\"layers[5]={}\") sets layers[5] whole after this one: give it first"));
  // A type choice applies first whatever its place: giving it first would change nothing.
  auto chosen = test::issues_of([&] { glasses::apply_overrides(e, {"extras[0].channels=3", "extras[0]=attention"}); });
  BOOST_TEST_REQUIRE(chosen.size() == 1u);
  BOOST_TEST(chosen[0].message.starts_with(R"(no field "channels" in AttentionConfig)"));
  BOOST_TEST(chosen[0].message.find("give it first") == std::string::npos);
  auto scalar = test::issues_of([&] { glasses::set(e, "tiny.x", "1"); });
  BOOST_TEST(scalar[0].path == "tiny.x");
  BOOST_TEST(scalar[0].message == "tiny is an integer, which has no fields");
  auto value = test::issues_of([&] { glasses::set(e, "depths[1]", "four"); });
  BOOST_TEST(value[0].path == "depths[1]");
  BOOST_TEST(value[0].message == R"(expected an integer, got the string "four")");
  auto nested_value = test::issues_of([&] { glasses::set(e, "nested", R"({"middle":{"width":"w"}})"); });
  BOOST_TEST(nested_value[0].path == "nested.middle.width");
  auto slot_type = test::issues_of([&] { glasses::set(e, "slot", "tokenizer"); });
  BOOST_TEST(slot_type[0].path == "slot.type");
  BOOST_TEST(slot_type[0].message.starts_with(R"(type "tokenizer" (TokenizerConfig) does not fit this slot)"));
  auto empty = test::issues_of([&] { glasses::set(e, "empty_slot.channels", "1"); });
  BOOST_TEST(empty[0].path == "empty_slot.channels");
  BOOST_TEST(empty[0].message == R"(the slot is empty; choose its type first, one of "attention", "conv")");
  auto syntax = test::issues_of([&] { glasses::set(e, "depths", "[1,2"); });
  BOOST_TEST(syntax[0].path == "depths");
  BOOST_TEST(syntax[0].message == "line 1, column 5: the JSON text ends too early (a bracket, brace or quote left open, "
                                  "or a file cut short); write a list as [a, b] and a dict as {key: value}, closing "
                                  "each bracket and quote");
  auto bad_path = test::issues_of([&] { glasses::set(e, "depths[x]", "1"); });
  BOOST_TEST(bad_path[0].message == R"(invalid path: expected [index] with a non-negative integer, or ["key"])");
}

BOOST_AUTO_TEST_CASE(a_failed_apply_overrides_changes_nothing_and_reports_everything) {
  test::Everything e;
  auto issues = test::issues_of([&] { glasses::apply_overrides(e, {"depths[0]=9", "nested.nmae=x", "flag", "tiny=300"}); });
  BOOST_TEST_REQUIRE(issues.size() == 3u);
  BOOST_TEST(issues[0].path == "nested.nmae");
  BOOST_TEST(issues[0].message == R"(no field "nmae" in Level1; did you mean "name"?)");
  BOOST_TEST(issues[1].message == R"(expected path=value, got "flag")");
  BOOST_TEST(issues[2].path == "tiny");
  BOOST_TEST(issues[2].message == "expected an integer in [-128, 127] (int8_t), got 300");
  BOOST_TEST(e.depths[0] == 3);
  BOOST_TEST(glasses::equal(e, test::Everything{}));
}

BOOST_AUTO_TEST_CASE(overrides_apply_in_order) {
  test::Everything e;
  glasses::apply_overrides(e, {"slot=attention", "slot.heads=3", "depths=[1]", "depths[0]=2"});
  BOOST_TEST(e.slot.as<test::AttentionConfig>().heads == 3);
  BOOST_TEST(e.depths == std::vector<int>{2});
}

BOOST_AUTO_TEST_CASE(sweeps_expand_into_the_grid_in_order) {
  test::Everything base;
  auto points = glasses::sweep(base, {"tiny=10,100", "depths=[2,2,2,2],[3,4,6,3]"});
  BOOST_TEST_REQUIRE(points.size() == 4u);
  BOOST_TEST(points[0].overrides == (std::vector<std::string>{"tiny=10", "depths=[2,2,2,2]"}),
             boost::test_tools::per_element());
  BOOST_TEST(points[1].overrides == (std::vector<std::string>{"tiny=10", "depths=[3,4,6,3]"}),
             boost::test_tools::per_element());
  BOOST_TEST(points[3].overrides == (std::vector<std::string>{"tiny=100", "depths=[3,4,6,3]"}),
             boost::test_tools::per_element());
  BOOST_TEST(points[2].config.tiny == 100);
  BOOST_TEST(points[2].config.depths == (std::vector<int>{2, 2, 2, 2}), boost::test_tools::per_element());
  std::size_t count = 0;
  for (auto const& p : points) {
    BOOST_TEST(p.fingerprint == glasses::fingerprint(p.config));
    ++count;
  }
  BOOST_TEST(count == 4u);
  BOOST_TEST(points[0].fingerprint != points[1].fingerprint);
}

BOOST_AUTO_TEST_CASE(sweep_choices_keep_commas_inside_lists_and_strings) {
  test::Everything base;
  auto points = glasses::sweep(base, {R"(text="a,b",c)", R"(nested={"name":"x,y"})"});
  BOOST_TEST_REQUIRE(points.size() == 2u);
  BOOST_TEST(points[0].config.text == "a,b");
  BOOST_TEST(points[1].config.text == "c");
  BOOST_TEST(points[0].config.nested.name == "x,y");
  // A single quote opens a whole choice only: in a word, it is a character.
  auto quoted = glasses::sweep(base, {"text='/x,y',it's,b"});
  BOOST_TEST_REQUIRE(quoted.size() == 3u);
  BOOST_TEST(quoted[0].config.text == "/x,y");
  BOOST_TEST(quoted[1].config.text == "it's");
  BOOST_TEST(quoted[2].config.text == "b");
}

BOOST_AUTO_TEST_CASE(a_sweep_makes_each_point_when_it_is_read) {
  // Point 2 fails and points 1 and 3 do not: the grid is not made up front.
  auto points = glasses::sweep(test::Everything{}, {"tiny=1,1000,2"});
  BOOST_TEST(points.size() == 3u);
  // Past the end is refused; it wrapped round to point 0.
  try {
    (void)points[3];
    BOOST_FAIL("expected std::out_of_range");
  } catch (std::out_of_range const& e) {
    BOOST_TEST(std::string(e.what()) == "glasses::sweep: point 3 of a sweep of 3 points, which are 0 to 2");
  }
  BOOST_TEST(points[2].config.tiny == 2);
  try {
    (void)points[1];
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.source() == "sweep point 2 of 3 (tiny=1000)");
    BOOST_TEST(e.issues().at(0).path == "tiny");
  }
  auto malformed = test::issues_of([] { glasses::sweep(test::Everything{}, {"tiny"}); });
  BOOST_TEST(malformed.at(0).message == R"(expected path=value[,value...], got "tiny")");
}

BOOST_AUTO_TEST_CASE(a_sweep_past_ten_thousand_points_is_refused) {
  std::vector<std::string> overrides;  // 3^9 = 19683 points
  for (auto path : {"tiny", "big", "negative", "rate", "ratio", "depths[0]", "depths[1]", "depths[2]", "depths[3]"})
    overrides.push_back(std::string(path) + "=1,2,3");
  auto issues = test::issues_of([&] { glasses::sweep(test::Everything{}, overrides); });
  BOOST_TEST(issues.at(0).path == "depths[3]");
  BOOST_TEST(issues.at(0).message == "the sweep would have more than 10000 points; split it into smaller sweeps");
}
