#include "test_configs.hpp"

#include <glasses/config/overrides.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>

BOOST_AUTO_TEST_CASE(equal_configs_give_an_empty_diff) {
  BOOST_TEST(glasses::diff(test::Everything{}, test::Everything{}).empty());
  BOOST_TEST(glasses::diff_from_defaults(test::Everything{}).empty());
}

BOOST_AUTO_TEST_CASE(changes_carry_paths_and_values_one_a_line) {
  test::Everything before, after;
  after.depths[2] = 23;
  after.nested.middle.leaf.tag = "shallow";
  after.act = test::activation::silu;
  after.extras[1].as<test::AttentionConfig>().heads = 16;
  after.slot.as<test::ConvConfig>().kernel = {5};
  auto d = glasses::diff(before, after);
  BOOST_TEST_REQUIRE(d.size() == 5u);
  BOOST_TEST(d[0].path == "act");
  BOOST_TEST(d[1].path == "depths[2]");
  BOOST_TEST(d[1].before.as_int64() == 6);
  BOOST_TEST(d[1].after.as_int64() == 23);
  std::ostringstream os;
  os << d;
  BOOST_TEST(os.str() ==
             "act: \"gelu\" -> \"silu\"\n"
             "depths[2]: 6 -> 23\n"
             "nested.middle.leaf.tag: \"deep\" -> \"shallow\"\n"
             "slot.kernel: [3,3] -> [5]\n"
             "extras[1].heads: 2 -> 16");
}

// Numbers and booleans reach a change by value, not through a writer: each keeps its JSON
// kind, a float its value as a double, and a double that is not finite its string.
BOOST_AUTO_TEST_CASE(numbers_and_booleans_keep_their_json_kind_in_a_change) {
  test::Everything before, after;
  after.flag = false;
  after.tiny = -128;
  after.big = 7;
  after.negative = std::numeric_limits<std::int64_t>::min();
  after.ratio = 0.25f;
  after.rate = -std::numeric_limits<double>::infinity();
  after.infinite = std::nan("");
  auto d = glasses::diff(before, after);
  BOOST_TEST_REQUIRE(d.size() == 7u);
  BOOST_TEST(d[0].path == "flag");
  BOOST_TEST(d[0].before.as_bool() == true);
  BOOST_TEST(d[0].after.as_bool() == false);
  BOOST_TEST(d[1].before.as_int64() == -3);
  BOOST_TEST(d[1].after.as_int64() == -128);
  BOOST_TEST(d[2].before.as_uint64() == std::numeric_limits<std::uint64_t>::max());
  BOOST_TEST(d[2].after.as_uint64() == 7u);
  BOOST_TEST(d[3].after.as_int64() == std::numeric_limits<std::int64_t>::min());
  // A float's value is the double its shortest text reads as, as dump and to_json write it.
  BOOST_TEST(d[4].before.as_double() == 0.1);
  BOOST_TEST(d[4].after.as_double() == 0.25);
  BOOST_TEST(d[5].before.as_double() == 0.1);
  BOOST_TEST(d[5].after.as_string() == "-inf");
  BOOST_TEST(d[6].before.as_string() == "inf");
  BOOST_TEST(d[6].after.as_string() == "nan");
  BOOST_TEST(glasses::to_string(d) ==
             "flag: true -> false\n"
             "tiny: -3 -> -128\n"
             "big: 18446744073709551615 -> 7\n"
             "negative: -9007199254740993 -> -9223372036854775808\n"
             "ratio: 0.1 -> 0.25\n"
             "rate: 0.1 -> \"-inf\"\n"
             "infinite: \"inf\" -> \"nan\"");
}

BOOST_AUTO_TEST_CASE(paths_hold_every_digit_of_an_index_and_each_kind_of_step) {
  test::Everything before, after;
  before.layers.resize(12);
  after.layers.resize(12);
  after.layers[11].tag = "last";
  after.layers[10].ratio = 2;
  after.weights["b.c"] = 3;
  auto d = glasses::diff(before, after);
  BOOST_TEST_REQUIRE(d.size() == 3u);
  BOOST_TEST(d[0].path == R"(weights["b.c"])");
  BOOST_TEST(d[1].path == "layers[10].ratio");
  BOOST_TEST(d[2].path == "layers[11].tag");
}

BOOST_AUTO_TEST_CASE(another_type_in_a_slot_is_a_change_naming_both_types_then_what_the_new_value_sets) {
  test::Everything before, after;
  after.slot = test::AttentionConfig{};
  after.choice = test::ConvConfig{};
  after.empty_slot = test::ConvConfig{.channels = 1};
  auto d = glasses::diff(before, after);
  // The new values at their defaults say nothing more; a field set away from the new type's
  // default is listed after the type line.
  BOOST_TEST(glasses::to_string(d) ==
             "choice: AttentionConfig -> ConvConfig\n"
             "slot: ConvConfig -> AttentionConfig\n"
             "empty_slot: null -> ConvConfig\n"
             "empty_slot.channels: 64 -> 1");
  BOOST_TEST((d[1].what == glasses::change::kind::retyped));
  BOOST_TEST(d[1].after.at("type").as_string() == "attention");
}

namespace retype_test {
struct SGD {
  double lr = 0.1;
  double momentum = 0.9;
};
BOOST_DESCRIBE_STRUCT(SGD, (), (lr, momentum))
GLASSES_REGISTER_CONFIG(SGD, "retype_sgd");
struct AdamW {
  double lr = 1e-3;
  double weight_decay = 0.05;
};
BOOST_DESCRIBE_STRUCT(AdamW, (), (lr, weight_decay))
GLASSES_REGISTER_CONFIG(AdamW, "retype_adamw");
struct Run {
  std::variant<SGD, AdamW> optimizer;
};
BOOST_DESCRIBE_STRUCT(Run, (), (optimizer))
}  // namespace retype_test

BOOST_AUTO_TEST_CASE(a_changed_type_lists_fields_against_the_old_value_or_the_new_defaults) {
  retype_test::Run before, after;
  after.optimizer = retype_test::AdamW{.lr = 0.1, .weight_decay = 0.2};
  auto d = glasses::diff(before, after);
  // lr equals the old lr, but not AdamW's default, which naming the type starts from: it is
  // listed, from that default. weight_decay, which SGD lacks, is from AdamW's default too.
  BOOST_TEST(glasses::to_string(d) ==
             "optimizer: SGD -> AdamW\noptimizer.lr: 0.001 -> 0.1\noptimizer.weight_decay: 0.05 -> 0.2");
  // So the changes, pasted as overrides, turn `before` into `after`.
  std::vector<std::string> overrides{"optimizer=retype_adamw"};
  for (auto const& c : d)
    if (c.what == glasses::change::kind::changed) overrides.push_back(c.path.str() + "=" + glasses::dump(c.after));
  auto replayed = before;
  glasses::apply_overrides(replayed, overrides);
  BOOST_TEST(glasses::equal(replayed, after));
  after.optimizer = retype_test::AdamW{.lr = 3e-4};
  BOOST_TEST(glasses::to_string(glasses::diff(before, after)) == "optimizer: SGD -> AdamW\noptimizer.lr: 0.1 -> 3e-04");
  BOOST_TEST(glasses::dump(glasses::to_json(glasses::diff(before, after)).as_array().at(1)) ==
             R"({"path":"optimizer.lr","change":"changed","before":0.1,"after":3e-04})");
  BOOST_TEST(glasses::to_string(glasses::diff_from_defaults(after)) ==
             "optimizer: SGD -> AdamW\noptimizer.lr: 0.1 -> 3e-04");
}

namespace retype_maps {
struct Plain {
  int n = 1;
};
BOOST_DESCRIBE_STRUCT(Plain, (), (n))
GLASSES_REGISTER_CONFIG(Plain, "retype_plain");
struct Keyed {
  std::map<std::string, int> m = {{"a", 1}, {"b", 2}};
};
BOOST_DESCRIBE_STRUCT(Keyed, (), (m))
GLASSES_REGISTER_CONFIG(Keyed, "retype_keyed");
struct Run {
  std::variant<Plain, Keyed> v;
};
BOOST_DESCRIBE_STRUCT(Run, (), (v))
}  // namespace retype_maps

BOOST_AUTO_TEST_CASE(a_changed_type_lists_the_keys_of_its_defaults_maps_that_the_new_value_lacks) {
  retype_maps::Run before, after;
  after.v = retype_maps::Keyed{.m = {{"a", 1}, {"c", 3}}};
  auto d = glasses::diff(before, after);
  BOOST_TEST(glasses::to_string(d) == "v: Plain -> Keyed\nv.m.c: (absent) -> 3\nv.m.b: 2 -> (absent)");
  std::vector<std::string> overrides{"v=retype_keyed"};
  for (auto const& c : d) {
    if (c.what == glasses::change::kind::removed) overrides.push_back("~" + c.path.str());
    else if (c.what != glasses::change::kind::retyped) overrides.push_back(c.path.str() + "=" + glasses::dump(c.after));
  }
  auto replayed = before;
  glasses::apply_overrides(replayed, overrides);
  BOOST_TEST(glasses::equal(replayed, after));
}

BOOST_AUTO_TEST_CASE(vectors_of_another_length_change_whole) {
  test::Everything before, after;
  after.depths = {2, 2};
  after.switches = {true};
  auto d = glasses::diff(before, after);
  BOOST_TEST(glasses::to_string(d) == "depths: [3,4,6,3] -> [2,2]\nswitches: [true,false,true] -> [true]");
}

BOOST_AUTO_TEST_CASE(maps_report_added_removed_and_changed_keys) {
  test::Everything before, after;
  after.weights.erase("a");
  after.weights["b.c"] = 4;
  after.weights["z"] = 0.5;
  auto d = glasses::diff(before, after);
  BOOST_TEST(glasses::to_string(d) ==
             "weights.a: 1.5 -> (absent)\n"
             "weights[\"b.c\"]: -2 -> 4\n"
             "weights.z: (absent) -> 0.5");
  BOOST_TEST((d[0].what == glasses::change::kind::removed));
  BOOST_TEST((d[2].what == glasses::change::kind::added));
  // As overrides, a removed key is Hydra's ~path: the changes turn `before` into `after`.
  std::vector<std::string> overrides;
  for (auto const& c : d)
    overrides.push_back(c.what == glasses::change::kind::removed ? "~" + c.path.str()
                                                                 : c.path.str() + "=" + glasses::dump(c.after));
  BOOST_TEST((overrides == std::vector<std::string>{"~weights.a", R"(weights["b.c"]=4)", "weights.z=0.5"}));
  glasses::apply_overrides(before, overrides);
  BOOST_TEST(glasses::equal(before, after));
}

BOOST_AUTO_TEST_CASE(optionals_change_between_null_and_a_value) {
  test::Everything before, after;
  after.maybe = 3;
  after.named.reset();
  BOOST_TEST(glasses::to_string(glasses::diff(before, after)) == "maybe: null -> 3\nnamed: \"x\" -> null");
}

BOOST_AUTO_TEST_CASE(the_json_form_lists_each_change) {
  test::Everything before, after;
  after.rate = 0.25;
  after.weights.erase("a");
  after.slot = test::AttentionConfig{};
  BOOST_TEST(glasses::dump(glasses::to_json(glasses::diff(before, after))) ==
             R"([{"path":"rate","change":"changed","before":0.1,"after":0.25},)"
             R"({"path":"weights.a","change":"removed","before":1.5},)"
             R"({"path":"slot","change":"retyped","before":{"type":"conv","channels":64,"kernel":[3,3]},)"
             R"("after":{"type":"attention","heads":8,"dropout":0.1},"before_type":"ConvConfig",)"
             R"("after_type":"AttentionConfig"}])");
}

BOOST_AUTO_TEST_CASE(diff_from_defaults_lists_only_what_was_changed) {
  test::DerivedConfig config;
  config.seed = 7;
  BOOST_TEST(glasses::to_string(glasses::diff_from_defaults(config)) == "seed: 0 -> 7");
}

BOOST_AUTO_TEST_CASE(an_empty_map_key_is_a_quoted_key_not_an_index) {
  test::Everything before, after;
  after.weights[""] = 2;
  auto d = glasses::diff(before, after);
  BOOST_TEST(glasses::to_string(d) == "weights[\"\"]: (absent) -> 2");
}

BOOST_AUTO_TEST_CASE(a_key_path_is_whole_and_leads_back_to_its_value) {
  // Keys alike in their first 61 characters, and keys with characters JSON escapes.
  std::string const stem(61, 'k');
  test::Everything before;
  before.weights = {{stem + "A", 1}, {stem + "B", 1}, {"a\nb", 1}, {"a\tb", 1}, {"say \"hi\"", 1}};
  test::Everything after = before;
  for (auto& [key, value] : after.weights) value = 2;
  auto const d = glasses::diff(before, after);
  BOOST_TEST_REQUIRE(d.size() == 5u);
  std::vector<std::string> paths;
  for (auto const& c : d) paths.push_back(c.path.str());
  std::vector<std::string> expected{R"(weights["a\tb"])", R"(weights["a\nb"])", "weights." + stem + "A",
                                    "weights." + stem + "B", R"(weights["say \"hi\""])"};
  BOOST_TEST(paths == expected, boost::test_tools::per_element());
  // Each path, set back to the value before, undoes its change and touches no other key.
  for (auto const& path : paths) glasses::set(after, path, "1");
  BOOST_TEST(glasses::equal(before, after));
}

namespace path_test {
// Names of each length where copying one changes its way, and paths on both sides of the
// 40 characters a change holds in itself.
struct Leaf {
  int a = 0;
  int abc = 0;
  int abcd = 0;
  int abcdefg = 0;
  int abcdefgh = 0;
  int abcdefghijklmno = 0;
  int abcdefghijklmnop = 0;
  int abcdefghijklmnopqrstuvwxyz12345 = 0;
  int abcdefghijklmnopqrstuvwxyz123456 = 0;
  int abcdefghijklmnopqrstuvwxyz1234567 = 0;
  int abcdefghijklmnopqrstuvwxyz123456789012 = 0;
  int abcdefghijklmnopqrstuvwxyz1234567890123 = 0;
};
BOOST_DESCRIBE_STRUCT(Leaf, (),
                      (a, abc, abcd, abcdefg, abcdefgh, abcdefghijklmno, abcdefghijklmnop,
                       abcdefghijklmnopqrstuvwxyz12345, abcdefghijklmnopqrstuvwxyz123456,
                       abcdefghijklmnopqrstuvwxyz1234567, abcdefghijklmnopqrstuvwxyz123456789012,
                       abcdefghijklmnopqrstuvwxyz1234567890123))
struct Outer {
  Leaf l;
  std::vector<Leaf> layers = std::vector<Leaf>(12);
};
BOOST_DESCRIBE_STRUCT(Outer, (), (l, layers))
}  // namespace path_test

BOOST_AUTO_TEST_CASE(paths_of_every_name_length_and_either_side_of_the_inline_capacity) {
  path_test::Outer before, after;
  std::vector<std::string> names;
  boost::mp11::mp_for_each<boost::describe::describe_members<path_test::Leaf, boost::describe::mod_public>>(
      [&](auto f) {
        after.l.*f.pointer = 1;
        after.layers[11].*f.pointer = 2;
        names.push_back(f.name);
      });
  auto d = glasses::diff(before, after);
  BOOST_TEST_REQUIRE(d.size() == 2 * names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    BOOST_TEST(d[i].path == "l." + names[i]);
    BOOST_TEST(d[names.size() + i].path == "layers[11]." + names[i]);
    BOOST_TEST(d[names.size() + i].after.as_int64() == 2);
  }
  // "l." and 38 characters is 40, held in place; with 39 it is 41, on the heap.
  BOOST_TEST(d[names.size() - 2].path.size() == 40u);
  BOOST_TEST(d[names.size() - 1].path.size() == 41u);
  auto const copy = d;
  auto const moved = std::move(d);
  for (std::size_t i = 0; i < names.size(); ++i) {
    BOOST_TEST(copy[i].path == moved[i].path);
    BOOST_TEST(moved[names.size() + i].path == "layers[11]." + names[i]);
  }
}

BOOST_AUTO_TEST_CASE(a_diff_of_one_change_keeps_it_through_copies_and_moves) {
  path_test::Outer before, after;
  after.layers[3].abcdefghijklmnopqrstuvwxyz1234567890123 = 5;
  after.l.abc = 9;
  auto d = glasses::diff(before, after);
  auto const expected = "l.abc: 0 -> 9\nlayers[3].abcdefghijklmnopqrstuvwxyz1234567890123: 0 -> 5";
  BOOST_TEST(glasses::to_string(d) == expected);
  auto copy = d;
  auto moved = std::move(d);
  BOOST_TEST(glasses::to_string(copy) == expected);
  BOOST_TEST(glasses::to_string(moved) == expected);
  after.layers[3] = {};
  auto one = glasses::diff(before, after);
  BOOST_TEST(glasses::to_string(one) == "l.abc: 0 -> 9");
  copy = one;
  moved = std::move(one);
  BOOST_TEST(glasses::to_string(copy) == "l.abc: 0 -> 9");
  BOOST_TEST(glasses::to_string(moved) == "l.abc: 0 -> 9");
}

BOOST_AUTO_TEST_CASE(text_that_is_not_utf8_in_a_change_is_an_error_not_a_half_made_change) {
  test::Everything before, after;
  after.text = "caf\xe9";
  try {
    (void)glasses::diff(before, after);
    BOOST_FAIL("diff wrote text that is not UTF-8");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.what() == std::string("diff: 1 error\n  text: cannot write the string \"caf\\xe9\": it is not UTF-8 "
                                       "(byte 0xe9 at offset 3), and JSON holds UTF-8 text only; store text as UTF-8"));
  }
  // Inside a value: the path goes on to the string's place within it.
  after.text = before.text;
  after.layers.push_back({0.5, "\xff"});
  try {
    (void)glasses::diff(before, after);
    BOOST_FAIL("diff wrote text that is not UTF-8");
  } catch (glasses::config_error const& e) {
    BOOST_TEST_REQUIRE(e.issues().size() == 1u);
    BOOST_TEST(e.issues()[0].path == "layers[2].tag");
  }
  // A map key, as dump refuses it, its bytes in the path as \xNN.
  after = before;
  after.weights["k\xff\"x"] = 1;
  try {
    (void)glasses::diff(before, after);
    BOOST_FAIL("diff wrote a key that is not UTF-8");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.what() == std::string(R"(diff: 1 error
  weights["k\xff\"x"]: cannot write the key "k\xff\"x": it is not UTF-8 (byte 0xff at offset 1), and JSON holds )"
                                       "UTF-8 text only; store text as UTF-8"));
  }
}

BOOST_AUTO_TEST_CASE(an_enum_value_without_a_name_in_a_change_is_an_error_at_its_path) {
  test::Everything before, after;
  after.act = static_cast<test::activation>(9);
  auto issues = test::issues_of([&] { (void)glasses::diff(before, after); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].path == "act");
  BOOST_TEST(issues[0].message.starts_with("holds 9, which is no value of enum activation (\"relu\", \"gelu\", \"silu\")"));
}
