// Field metadata (GLASSES_FIELDS): docs, constraints, former names and cross-field rules,
// checked wherever a config is made from text, and exported to the schema and the tree.
#define BOOST_TEST_MODULE fields
#include <boost/test/unit_test.hpp>

#include "issues_of.hpp"

#include <glasses/config.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace rules_test {

constexpr bool is_power_of_two(int n) { return n > 0 && (n & (n - 1)) == 0; }

struct Schedule {
  double lr = 0.1;
  double min_lr = 0.0;
  int warmup = 0;

  double build() const { return lr; }
  void validate(std::vector<glasses::issue>& problems) const {
    if (min_lr > lr) problems.push_back({"min_lr", "must be at most lr (" + std::to_string(lr) + ")"});
  }
};
BOOST_DESCRIBE_STRUCT(Schedule, (), (lr, min_lr, warmup))
GLASSES_FIELDS(Schedule, field(&Schedule::lr, "peak learning rate", greater_than(0.0), at_most(10)),
               field(&Schedule::min_lr, "learning rate at the end", at_least(0.0)),
               field(&Schedule::warmup, "steps of linear warm-up", at_least(0), former_name("warmup_steps")));
GLASSES_REGISTER_CONFIG(Schedule, "schedule");

struct Train {
  int batch_size = 32;
  std::string run = "baseline";
  std::string activation = "relu";
  std::vector<int> widths{64, 128};
  std::map<std::string, double> weights{{"a", 1.0}};
  std::optional<int> seed;
  std::vector<std::string> tags;
  Schedule schedule;
  std::vector<Schedule> phases;
  float dropout = 0.1f;
  std::uint8_t bits = 8;
};
BOOST_DESCRIBE_STRUCT(Train, (),
                      (batch_size, run, activation, widths, weights, seed, tags, schedule, phases, dropout, bits))
GLASSES_FIELDS(Train,
               field(&Train::batch_size, "examples per step", at_least(1),
                     satisfies(is_power_of_two, "a power of two")),
               field(&Train::run, "name of the run folder", not_empty(), max_length(8), matches("^[a-z_]+$"),
                     former_name("name"), former_name("run_name")),
               field(&Train::activation, "the nonlinearity", one_of("relu", "gelu", "silu")),
               field(&Train::widths, "channels per stage", min_length(1), max_length(4), each(at_least(1))),
               field(&Train::weights, "loss weights", each(at_least(0.0), less_than(100))),
               field(&Train::seed, "random seed; null draws one", at_least(0)),
               field(&Train::tags, "labels", each(not_empty())),
               field(&Train::dropout, "", at_least(0), less_than(1)),
               field(&Train::bits, "bits per weight", at_least(2)));

struct BadPattern {
  std::string text = "a";
};
BOOST_DESCRIBE_STRUCT(BadPattern, (), (text))
GLASSES_FIELDS(BadPattern, field(&BadPattern::text, "", matches("(")));

struct Holder {
  glasses::any_config<double()> slot = Schedule{};
  std::variant<Schedule> variant;
};
BOOST_DESCRIBE_STRUCT(Holder, (), (slot, variant))

struct Outer {
  Schedule schedule;
};
BOOST_DESCRIBE_STRUCT(Outer, (), (schedule))

// No metadata at all: works as before.
struct Plain {
  int a = -5;
};
BOOST_DESCRIBE_STRUCT(Plain, (), (a))

// A base's entries hold in every config derived from it, unless the derived config gives
// the member an entry of its own.
struct Run {
  int seed = 0;
  int workers = 4;
};
BOOST_DESCRIBE_STRUCT(Run, (), (seed, workers))
GLASSES_FIELDS(Run, field(&Run::seed, "random seed", at_least(0), former_name("old_seed")),
               field(&Run::workers, "data loader workers", at_least(0)));
struct Experiment : Run {
  int epochs = 1;
};
BOOST_DESCRIBE_STRUCT(Experiment, (Run), (epochs))
GLASSES_FIELDS(Experiment, field(&Experiment::epochs, "passes over the data", at_least(1)),
               field(&Experiment::workers, "loader processes", at_most(8)));
struct Sweep : Experiment {};
BOOST_DESCRIBE_STRUCT(Sweep, (Experiment), ())

struct Half {
  float dropout = 0.1f;
};
BOOST_DESCRIBE_STRUCT(Half, (), (dropout))
GLASSES_FIELDS(Half, field(&Half::dropout, "dropout probability", at_most(0.1), greater_than(0.0)));

// A slot that a file must fill, beside one that may stay empty.
struct Slotted {
  glasses::any_config<double()> schedule;
  glasses::any_config<double()> fallback;
};
BOOST_DESCRIBE_STRUCT(Slotted, (), (schedule, fallback))
GLASSES_FIELDS(Slotted, field(&Slotted::schedule, "the learning rate schedule", not_empty()));

// Defaults that glasses refuses: a required field left unset within a record and a
// variant, and a rule that the default breaks.
struct Data {
  glasses::required<std::string> path;
  int workers = 2;
};
BOOST_DESCRIBE_STRUCT(Data, (), (path, workers))
GLASSES_REGISTER_CONFIG(Data, "data");
struct Job {
  Data data;
  int retries = 0;
  std::variant<Data> source;
  Schedule schedule;
};
BOOST_DESCRIBE_STRUCT(Job, (), (data, retries, source, schedule))
GLASSES_FIELDS(Job, field(&Job::retries, "", at_least(1)));

// A data member named validate is a field like any other, not a rule.
struct Flags {
  bool validate = true;
};
BOOST_DESCRIBE_STRUCT(Flags, (), (validate))

// What the checks for left-out members and uncallable rules must let through: an empty
// tag base, which holds nothing, and a rule beside an overload of another signature.
struct Tag {};
struct Tagged : Tag {
  int a = 1;
  void validate(std::vector<glasses::issue>& problems) const {
    if (a < 0) problems.push_back({"a", "must not be negative"});
  }
  void validate(std::vector<glasses::issue>& problems, int) const { validate(problems); }
};
BOOST_DESCRIBE_STRUCT(Tagged, (), (a))

}  // namespace rules_test

using glasses::issue;
using rules_test::Train;
using test::issues_of;

BOOST_AUTO_TEST_CASE(a_config_without_metadata_validates_and_parses_as_before) {
  BOOST_TEST(glasses::validate(rules_test::Plain{}).empty());
  BOOST_TEST(glasses::parse<rules_test::Plain>(R"({"a": -7})").a == -7);
  BOOST_TEST(glasses::detail::sink_for<rules_test::Plain>.validator == nullptr);
}

BOOST_AUTO_TEST_CASE(a_bases_entries_hold_in_derived_configs) {
  using rules_test::Experiment;
  using rules_test::Sweep;
  // Before, a derived config read {"seed": -1} without a word, and refused the former name.
  BOOST_TEST(issues_of([] { glasses::parse<Experiment>(R"({"seed": -1, "workers": 9, "epochs": 0})"); }) ==
                 (std::vector<issue>{{"seed", "must be at least 0, got -1", 1, 10},
                                     {"workers", "must be at most 8, got 9", 1, 25},
                                     {"epochs", "must be at least 1, got 0", 1, 38}}),
             boost::test_tools::per_element());
  // Two levels down; the derived entry for workers replaces the base's at_least(0).
  BOOST_TEST(issues_of([] { glasses::parse<Sweep>(R"({"seed": -2, "workers": -1})"); }) ==
                 (std::vector<issue>{{"seed", "must be at least 0, got -2", 1, 10}}),
             boost::test_tools::per_element());
  std::vector<issue> warnings;
  BOOST_TEST(glasses::parse<Sweep>(R"({"old_seed": 7})", {.warnings = &warnings}).seed == 7);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].path == "old_seed");
  Sweep bad;
  bad.seed = -3;
  BOOST_TEST(glasses::validate(bad) == (std::vector<issue>{{"seed", "must be at least 0, got -3"}}),
             boost::test_tools::per_element());
  auto const schema = glasses::json_schema<Sweep>().as_object().at("properties").as_object();
  BOOST_TEST(schema.at("seed").as_object().at("description").as_string() == "random seed");
  BOOST_TEST(schema.at("seed").as_object().at("minimum").as_int64() == 0);
  BOOST_TEST(schema.at("workers").as_object().at("description").as_string() == "loader processes");
  BOOST_TEST(glasses::to_tree(Sweep{}, {.docs = true}).find("seed: 0  # random seed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_key_to_quote_has_one_path_whatever_found_its_problem) {
  // The reader wrote weights["a\u000ab"] where validation wrote weights["a\nb"], and the
  // rule's problem was then placed at the map, not at its value.
  BOOST_TEST(issues_of([] { glasses::parse<Train>(R"({"weights": {"a\nb": "x"}})"); }) ==
                 (std::vector<issue>{{R"(weights["a\nb"])", "expected a number, got the string \"x\"", 1, 22}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues_of([] { glasses::parse<Train>(R"({"weights": {"a\nb": 200}})"); }) ==
                 (std::vector<issue>{{R"(weights["a\nb"])", "must be less than 100, got 200", 1, 22}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_float_field_meets_a_double_bound_in_float) {
  // Before, its own default failed: "must be at most 0.1, got 0.1".
  BOOST_TEST(glasses::validate(rules_test::Half{}).empty());
  BOOST_TEST(glasses::parse<rules_test::Half>(R"({"dropout": 0.1})").dropout == 0.1f);
  BOOST_TEST(issues_of([] { glasses::parse<rules_test::Half>(R"({"dropout": 0.10000001})"); }) ==
                 (std::vector<issue>{{"dropout", "must be at most 0.1, got 0.10000001", 1, 13}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_report_stops_after_100_problems_as_the_readers_does) {
  // Before, 200,000 bad elements made 200,000 lines, found in minutes.
  std::string text = R"({"widths": [0)";
  for (int i = 1; i < 300; ++i) text += ",0";
  text += "]}";
  auto const issues = issues_of([&] { glasses::parse<Train>(text); });
  BOOST_TEST_REQUIRE(issues.size() == 101u);
  BOOST_TEST(issues[0].path == "widths");
  BOOST_TEST(issues[99].path == "widths[98]");
  BOOST_TEST(issues[100] == (issue{"", "stopped after 100 errors; fix these and try again"}));
  Train wide;
  wide.widths.assign(300, 0);
  BOOST_TEST(glasses::validate(wide).size() == 101u);
}

BOOST_AUTO_TEST_CASE(the_defaults_are_valid) { BOOST_TEST(glasses::validate(Train{}).empty()); }

BOOST_AUTO_TEST_CASE(every_broken_rule_is_reported_with_its_path_and_prose) {
  Train t;
  t.batch_size = 6;
  t.run = "Run-1";
  t.activation = "rellu";
  t.widths = {64, 0, 32, 16, 8};
  t.weights = {{"a", -1.0}, {"b", 100.0}, {"loss x", -2.0}};
  t.seed = -3;
  t.tags = {"ok", ""};
  t.schedule.lr = 0;
  t.schedule.min_lr = 0.5;
  t.phases = {rules_test::Schedule{}, rules_test::Schedule{.lr = 20, .min_lr = 0, .warmup = -1}};
  t.dropout = 1.0f;
  t.bits = 1;
  std::vector<issue> expected{
      {"batch_size", "must be a power of two, got 6"},
      {"run", "must match the pattern \"^[a-z_]+$\", got \"Run-1\""},
      {"activation", "must be one of \"relu\", \"gelu\", \"silu\", got \"rellu\"; did you mean \"relu\"?"},
      {"widths", "must have at most 4 elements, got 5"},
      {"widths[1]", "must be at least 1, got 0"},
      {"weights.a", "must be at least 0, got -1"},
      {"weights.b", "must be less than 100, got 100"},
      {"weights[\"loss x\"]", "must be at least 0, got -2"},
      {"seed", "must be at least 0, got -3"},
      {"tags[1]", "must not be empty"},
      {"schedule.lr", "must be greater than 0, got 0"},
      {"schedule.min_lr", "must be at most lr (0.000000)"},
      {"phases[1].lr", "must be at most 10, got 20"},
      {"phases[1].warmup", "must be at least 0, got -1"},
      {"dropout", "must be less than 1, got 1"},
      {"bits", "must be at least 2, got 1"},
  };
  BOOST_TEST(glasses::validate(t) == expected, boost::test_tools::per_element());
  auto thrown = issues_of([&] { glasses::ensure_valid(t, "run.json"); });
  BOOST_TEST(thrown == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sizes_count_characters_not_bytes) {
  Train t;
  t.run = "\xc3\xa9\xc3\xa9\xc3\xa9";  // three characters, six bytes: within max_length(8)
  auto problems = glasses::validate(t);
  BOOST_TEST(problems.size() == 1u);
  BOOST_TEST(problems.at(0).path == "run");  // only the pattern, not the length
  t.run = "abcdefghi";
  BOOST_TEST(glasses::validate(t).at(0).message == "must have at most 8 characters, got 9");
  t.run = "";
  BOOST_TEST(glasses::validate(t).at(0).message == "must not be empty");
  t.widths.clear();
  BOOST_TEST(glasses::validate(t).at(2).message == "must not be empty");  // min_length(1) says so too
  t.run = "ok";
  t.widths = {1, 2, 3, 4, 5};
  BOOST_TEST(glasses::validate(t) == (std::vector<issue>{{"widths", "must have at most 4 elements, got 5"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(nan_meets_no_bound_and_infinity_only_lower_ones) {
  Train t;
  t.weights = {{"nan", std::nan("")}, {"inf", std::numeric_limits<double>::infinity()}};
  std::vector<issue> expected{{"weights.inf", "must be less than 100, got inf"},
                              {"weights.nan", "must be at least 0, got nan"},
                              {"weights.nan", "must be less than 100, got nan"}};
  BOOST_TEST(glasses::validate(t) == expected, boost::test_tools::per_element());
}

struct Counted {
  int64_t steps = 0;
  uint64_t seen = 0;
  int small = 0;
};
BOOST_DESCRIBE_STRUCT(Counted, (), (steps, seen, small))
GLASSES_FIELDS(Counted, field(&Counted::steps, "steps", at_most(1e18), greater_than(-0.5)),
               field(&Counted::seen, "seen", less_than(1.8446744073709552e19)),
               field(&Counted::small, "small", at_least(1.5), less_than(4.0)));

BOOST_AUTO_TEST_CASE(an_integer_meets_a_fractional_bound_exactly_as_json_schema_judges_it) {
  // 10^18 + 64 rounds to 10^18 as a double; compared exactly, it is past the bound.
  BOOST_TEST(glasses::validate(Counted{.steps = 1000000000000000000, .small = 2}).empty());
  BOOST_TEST(glasses::validate(Counted{.steps = 1000000000000000064, .small = 2}) ==
                 (std::vector<issue>{{"steps", "must be at most 1e+18, got 1000000000000000064"}}),
             boost::test_tools::per_element());
  BOOST_TEST(glasses::validate(Counted{.steps = -1, .small = 2}).at(0).message == "must be greater than -0.5, got -1");
  // 2^64 - 1 is below 2^64, the bound's double, though it rounds to it.
  BOOST_TEST(glasses::validate(Counted{.seen = 18446744073709551615u, .small = 2}).empty());
  std::vector<issue> small{{"small", "must be at least 1.5, got 1"}};
  BOOST_TEST(glasses::validate(Counted{.small = 1}) == small, boost::test_tools::per_element());
  BOOST_TEST(glasses::validate(Counted{.small = 4}).at(0).message == "must be less than 4, got 4");
  BOOST_TEST(glasses::validate(Counted{.small = 3}).empty());
}

BOOST_AUTO_TEST_CASE(parse_reports_type_errors_and_rules_together) {
  auto issues = issues_of([] {
    glasses::parse<Train>(R"({"batch_size": 3, "widths": [1, "two"], "schedule": {"lr": -1}})", {}, "run.json");
  });
  // widths[1] failed to read, so no rule judges it again.
  // Each at its value in the text, or at the object that holds what the text left out.
  std::vector<issue> expected{{"widths[1]", "expected an integer, got the string \"two\"", 1, 33},
                              {"batch_size", "must be a power of two, got 3", 1, 16},
                              {"schedule.lr", "must be greater than 0, got -1", 1, 60},
                              {"schedule.min_lr", "must be at most lr (-1.000000)", 1, 53}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_rule_between_fields_does_not_judge_a_config_with_a_field_that_failed_to_read) {
  // lr failed to read and kept its default, 0.1: "min_lr: must be at most lr (0.100000)"
  // blamed a field that was fine. A field's own rule still judges it.
  auto issues =
      issues_of([] { glasses::parse<Train>(R"({"schedule": {"lr": "fast", "min_lr": 0.5, "warmup": -1}})"); });
  std::vector<issue> expected{{"schedule.lr", "expected a number, got the string \"fast\"", 1, 21},
                              {"schedule.warmup", "must be at least 0, got -1", 1, 54}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_error_names_the_source_and_the_place_of_every_problem) {
  try {
    glasses::parse<Train>(R"({"batch_size": 0})", {}, "run.json");
    BOOST_FAIL("no error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) ==
               "run.json:1:16: batch_size: must be at least 1, got 0\nrun.json:1:16: batch_size: must be a power of "
               "two, got 0");
  }
  // A config given as C++ has no text to point into: the problems are counted under "config".
  Train zero;
  zero.batch_size = 0;
  try {
    glasses::ensure_valid(zero);
    BOOST_FAIL("no error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) ==
               "config: 2 errors\n  batch_size: must be at least 1, got 0\n  batch_size: must be a power of two, got 0");
  }
}

BOOST_AUTO_TEST_CASE(from_json_set_overrides_and_sweeps_check_rules) {
  auto from_json = issues_of([] { glasses::from_json<Train>(boost::json::parse(R"({"bits": 0})")); });
  BOOST_TEST(from_json == (std::vector<issue>{{"bits", "must be at least 2, got 0"}}), boost::test_tools::per_element());

  Train t;
  auto set = issues_of([&] { glasses::set(t, "widths[0]", "-4"); });
  BOOST_TEST(set == (std::vector<issue>{{"widths[0]", "must be at least 1, got -4"}}), boost::test_tools::per_element());
  BOOST_TEST(t.widths[0] == 64);  // unchanged

  // A rule between fields is judged once all overrides are in.
  glasses::apply_overrides(t, {"schedule.min_lr=0.2", "schedule.lr=0.3"});
  BOOST_TEST(t.schedule.min_lr == 0.2);
  auto overrides = issues_of([&] { glasses::apply_overrides(t, {"schedule.lr=0.1", "seed=-1"}); });
  std::vector<issue> expected{{"seed", "must be at least 0, got -1"},
                              {"schedule.min_lr", "must be at most lr (0.100000)"}};
  BOOST_TEST(overrides == expected, boost::test_tools::per_element());

  auto points = glasses::sweep(Train{}, {"batch_size=8,12"});
  BOOST_TEST(points[0].config.batch_size == 8);
  auto sweep = issues_of([&] { (void)points[1]; });
  BOOST_TEST(sweep.back().path == "batch_size");
  BOOST_TEST(sweep.back().message == "must be a power of two, got 12");
}

BOOST_AUTO_TEST_CASE(validation_can_be_turned_off_for_reading_old_configs) {
  Train t = glasses::parse<Train>(R"({"batch_size": 3})", {.validate = false});
  BOOST_TEST(t.batch_size == 3);
}

BOOST_AUTO_TEST_CASE(slots_and_variants_are_validated_with_their_full_path) {
  auto issues =
      issues_of([] { glasses::parse<rules_test::Holder>(R"({"slot": {"type": "schedule", "lr": 0}, "variant": {"type": "schedule", "lr": 11}})"); });
  std::vector<issue> expected{{"slot.lr", "must be greater than 0, got 0", 1, 37},
                              {"variant.lr", "must be at most 10, got 11", 1, 79}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_former_name_is_read_with_a_warning_and_written_as_the_current_one) {
  std::vector<issue> warnings;
  Train t = glasses::parse<Train>(R"({"name": "old_run", "schedule": {"warmup_steps": 5}})", {.warnings = &warnings});
  BOOST_TEST(t.run == "old_run");
  BOOST_TEST(t.schedule.warmup == 5);
  std::vector<issue> expected{
      {"name", "\"name\" is the former name of \"run\"; it is read as \"run\", which is what glasses writes", 1, 10},
      {"schedule.warmup_steps",
       "\"warmup_steps\" is the former name of \"warmup\"; it is read as \"warmup\", which is what glasses writes", 1,
       50}};
  BOOST_TEST(warnings == expected, boost::test_tools::per_element());
  BOOST_TEST(glasses::dump(t).find("\"run\":\"old_run\"") != std::string::npos);
  BOOST_TEST(glasses::dump(t).find("\"name\"") == std::string::npos);
  // Errors inside say the key as the document wrote it.
  auto issues = issues_of([] { glasses::parse<Train>(R"({"run_name": 5})"); });
  BOOST_TEST(issues.at(0).path == "run_name");
  BOOST_TEST(issues.at(0).message == "expected a string, got 5");
  // Override paths written for the earlier version work too.
  glasses::set(t, "schedule.warmup_steps", "7");
  BOOST_TEST(t.schedule.warmup == 7);
}

BOOST_AUTO_TEST_CASE(a_former_name_and_the_current_one_in_one_object_is_an_error) {
  auto issues = issues_of([] { glasses::parse<Train>(R"({"run": "a", "name": "b"})"); });
  std::vector<issue> expected{{"name", "duplicate key; this object sets \"run\" already, by that name or its former "
                                       "names \"name\", \"run_name\", which are one field; keep one of them, named "
                                       "\"run\"",
                               1, 22}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
  // The current name second: the first may have been either, and the message says so
  // without blaming a former name that the text may never have written.
  std::string const current_second = "duplicate key; this object sets \"run\" already (by that name, or its former "
                                     "names \"name\", \"run_name\", which name the same field); keep one of them";
  auto reversed = issues_of([] { glasses::parse<Train>(R"({"run_name": "a", "run": "b"})"); });
  BOOST_TEST(reversed == (std::vector<issue>{{"run", current_second, 1, 26}}), boost::test_tools::per_element());
  auto twice = issues_of([] { glasses::parse<Train>(R"({"run": "a", "run": "b"})"); });
  BOOST_TEST(twice == (std::vector<issue>{{"run", current_second, 1, 21}}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(overrides_by_a_former_name_and_the_current_one_are_one_path_given_twice) {
  Train t;
  auto issues = issues_of([&] { glasses::apply_overrides(t, {"schedule.warmup_steps=1", "schedule.warmup=2"}); });
  std::vector<issue> expected{{"schedule.warmup", "this path is also set by override 1 (\"schedule.warmup_steps=1\"); "
                                                  "give each path once"}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
  BOOST_TEST(t.schedule.warmup == 0);
  // Each point of such a sweep is refused, so no point quietly runs another's config.
  auto points = glasses::sweep(Train{}, {"name=a,b", "run=c"});
  auto sweep = issues_of([&] { (void)points[1]; });
  BOOST_TEST(sweep.at(0).path == "run");
  // An object names a field by its former name too.
  auto object = issues_of([&] { glasses::apply_overrides(t, {"schedule.warmup=3", R"(schedule={"warmup_steps":4})"}); });
  BOOST_TEST(object.at(0).path == "schedule");
  // A former name's own error names the field as it is called now.
  auto negative = issues_of([&] { glasses::set(t, "schedule.warmup_steps", "-1"); });
  BOOST_TEST(negative.at(0).path == "schedule.warmup");
}

BOOST_AUTO_TEST_CASE(an_override_by_a_former_name_is_applied_with_a_warning) {
  // A file's former key was said and an override's was not: a command line kept working
  // with names the config had dropped, and nobody learned to update it.
  Train t;
  std::vector<issue> issues, warnings;
  glasses::detail::apply_overrides_to(glasses::detail::sink_for<Train>, &t,
                                      {"schedule.warmup_steps=3", "run_name=old", R"(schedule={"warmup_steps": 4})"},
                                      issues, &warnings);
  std::vector<issue> expected_issues{
      {"schedule", "this sets the value whole after override 1 (\"schedule.warmup_steps=3\") set schedule.warmup "
                   "within it, which it would undo; give schedule first"}};
  BOOST_TEST(issues == expected_issues, boost::test_tools::per_element());
  std::vector<issue> expected{
      {"schedule.warmup", "\"warmup_steps\" is the former name of \"warmup\"; it sets \"warmup\""},
      {"run", "\"run_name\" is the former name of \"run\"; it sets \"run\""}};
  BOOST_TEST(warnings == expected, boost::test_tools::per_element());

  // A key of an object value by a former name is said at its path as written.
  warnings.clear();
  issues.clear();
  glasses::detail::apply_overrides_to(glasses::detail::sink_for<Train>, &t, {R"(schedule={"warmup_steps": 4})"},
                                      issues, &warnings);
  BOOST_TEST(issues.empty());
  BOOST_TEST(t.schedule.warmup == 4);
  std::vector<issue> in_object{
      {"schedule.warmup_steps",
       "\"warmup_steps\" is the former name of \"warmup\"; it is read as \"warmup\", which is what glasses writes"}};
  BOOST_TEST(warnings == in_object, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_schema_carries_docs_and_every_constraint_with_a_schema_form) {
  auto schema = glasses::json_schema<Train>();
  auto const& p = schema.at("properties").as_object();
  auto field = [&](char const* name) { return boost::json::serialize(p.at(name)); };
  BOOST_TEST(p.at("batch_size").at("description") == "examples per step");
  BOOST_TEST(p.at("batch_size").at("minimum") == 1);
  BOOST_TEST(field("run") == R"({"type":"string","default":"baseline","description":"name of the run folder",)"
                             R"("minLength":1,"maxLength":8,"pattern":"^[a-z_]+$"})");
  BOOST_TEST(field("activation") ==
             R"({"type":"string","default":"relu","description":"the nonlinearity","enum":["relu","gelu","silu"]})");
  BOOST_TEST(boost::json::serialize(p.at("widths").at("items")) ==
             R"({"type":"integer","minimum":1,"maximum":2147483647})");
  BOOST_TEST(p.at("widths").at("minItems") == 1u);
  BOOST_TEST(p.at("widths").at("maxItems") == 4u);
  // Bounded both ways, a float is a number: none of "inf", "-inf" and "nan" is left to name.
  BOOST_TEST(boost::json::serialize(p.at("weights").at("additionalProperties")) ==
             R"({"type":"number","minimum":0E0,"exclusiveMaximum":100})");
  BOOST_TEST(!p.at("dropout").as_object().contains("anyOf"));
  BOOST_TEST(p.at("dropout").at("exclusiveMaximum") == 1);
  BOOST_TEST(boost::json::serialize(p.at("seed").at("anyOf").at(0)) ==
             R"({"type":"integer","minimum":0,"maximum":2147483647})");
  BOOST_TEST(boost::json::serialize(p.at("tags").at("items")) == R"({"type":"string","minLength":1})");
  BOOST_TEST(p.at("bits").at("minimum") == 2);
  BOOST_TEST(p.at("bits").at("maximum") == 255u);
  BOOST_TEST(!p.at("dropout").as_object().contains("description"));  // an empty doc says nothing
  // Former names: accepted alone, refused next to the current name.
  BOOST_TEST(p.at("name").at("deprecated") == true);
  BOOST_TEST(p.at("name").at("description") == "the former name of \"run\"");
  BOOST_TEST(boost::json::serialize(schema.at("dependentSchemas")) ==
             R"({"name":{"not":{"required":["run"]}},"run_name":{"not":{"required":["run"]}}})");
}

BOOST_AUTO_TEST_CASE(the_tree_shows_docs_as_comments_when_asked) {
  rules_test::Schedule s;
  BOOST_TEST(glasses::to_tree(s) == "Schedule\n  lr: 0.1\n  min_lr: 0\n  warmup: 0");
  BOOST_TEST(glasses::to_tree(s, {.docs = true}) ==
             "Schedule\n  lr: 0.1  # peak learning rate\n  min_lr: 0  # learning rate at the end\n"
             "  warmup: 0  # steps of linear warm-up");
  BOOST_TEST(glasses::to_tree(rules_test::Outer{}, {.docs = true}) ==
             "Outer\n  schedule: Schedule\n    lr: 0.1  # peak learning rate\n"
             "    min_lr: 0  # learning rate at the end\n    warmup: 0  # steps of linear warm-up");
}

BOOST_AUTO_TEST_CASE(a_bad_pattern_and_a_long_string_are_problems_not_crashes) {
  auto bad = glasses::validate(rules_test::BadPattern{});
  BOOST_TEST(bad.at(0).path == "text");
  BOOST_TEST(bad.at(0).message.starts_with("cannot be checked: the pattern \"(\" in this field's GLASSES_FIELDS entry "
                                           "is not a valid regular expression ("));
  Train t;
  t.run = std::string(5000, 'a');
  auto problems = glasses::validate(t);
  BOOST_TEST(problems.at(1).message ==
             "is too long to check against the pattern \"^[a-z_]+$\" (5000 bytes; patterns are checked on strings "
             "of at most 4096)");
}

BOOST_AUTO_TEST_CASE(not_empty_makes_a_slot_hold_a_config) {
  std::string const empty = "must hold a config, and the slot is empty: give it one of \"schedule\" by its \"type\"";
  BOOST_TEST(issues_of([] { glasses::parse<rules_test::Slotted>("{}"); }) ==
                 (std::vector<issue>{{"schedule", empty, 1, 1}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues_of([] { glasses::parse<rules_test::Slotted>(R"({"schedule": null})"); }) ==
                 (std::vector<issue>{{"schedule", empty, 1, 14}}),
             boost::test_tools::per_element());
  auto const filled = glasses::parse<rules_test::Slotted>(R"({"schedule": {"type": "schedule", "lr": 0.5}})");
  BOOST_TEST(filled.schedule.build() == 0.5);
  BOOST_TEST(!filled.fallback.has_value());  // no rule: it may stay empty
  auto emptied = filled;
  BOOST_TEST(issues_of([&] { glasses::apply_overrides(emptied, {"~schedule"}); }) ==
                 (std::vector<issue>{{"schedule", empty}}),
             boost::test_tools::per_element());
  // The schema refuses its null, and requires its key, which glasses cannot do without.
  auto const schema = glasses::json_schema<rules_test::Slotted>();
  BOOST_TEST(boost::json::serialize(schema.at("properties").at("schedule").at("oneOf")) ==
             R"([{"$ref":"#/$defs/schedule"},{"enum":["schedule"]}])");
  BOOST_TEST(boost::json::serialize(schema.at("properties").at("fallback").at("oneOf").at(2)) == R"({"type":"null"})");
  BOOST_TEST(boost::json::serialize(schema.at("required")) == R"(["schedule"])");
}

BOOST_AUTO_TEST_CASE(the_schema_requires_a_key_whose_default_glasses_refuses) {
  // Without the key, glasses reads the default and refuses it (data.path unset, retries
  // below 1): a validator, which judges no default, must refuse the text as well.
  BOOST_TEST(issues_of([] { glasses::parse<rules_test::Job>("{}"); }).size() == 3u);
  auto const schema = glasses::json_schema<rules_test::Job>();
  BOOST_TEST(boost::json::serialize(schema.at("required")) == R"(["data","retries","source"])");
  BOOST_TEST(boost::json::serialize(schema.at("properties").at("data").at("required")) == R"(["path"])");
}

BOOST_AUTO_TEST_CASE(a_data_member_named_validate_is_a_field) {
  auto const flags = glasses::parse<rules_test::Flags>(R"({"validate": false})");
  BOOST_TEST(!flags.validate);
  BOOST_TEST(glasses::dump(flags) == R"({"validate":false})");
}

BOOST_AUTO_TEST_CASE(an_empty_base_and_an_overloaded_rule_are_a_config_as_any) {
  BOOST_TEST(glasses::parse<rules_test::Tagged>(R"({"a": 2})").a == 2);
  BOOST_TEST(issues_of([] { glasses::parse<rules_test::Tagged>(R"({"a": -1})"); }) ==
                 (std::vector<issue>{{"a", "must not be negative", 1, 7}}),
             boost::test_tools::per_element());
}
