// YAML configs: the JSON reader's rules and messages with YAML positions, the YAML 1.2 core
// schema, aliases and hostile input, the writer's round trip, and the fast scanner held to
// yaml-cpp's records on every text here and on generated and mutated ones.
#include "test_configs.hpp"

#include <glasses/config/yaml.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <string>

// A config shaped like the zoo's: an image classifier with a backbone slot, a head slot and
// an optimizer variant, each field documented.
namespace zoo {

struct Backbone {
  virtual ~Backbone() = default;
};
struct Head {
  virtual ~Head() = default;
};
using backbone_ptr = std::shared_ptr<Backbone>;
using head_ptr = std::shared_ptr<Head>;

struct ResNetConfig {
  std::vector<int64_t> depths = {3, 4, 6, 3};
  std::vector<int64_t> widths = {256, 512, 1024, 2048};
  std::string block = "bottleneck";
  int64_t groups = 1;
  bool zero_init_residual = false;
  backbone_ptr build() const { return std::make_shared<Backbone>(); }
};
BOOST_DESCRIBE_STRUCT(ResNetConfig, (), (depths, widths, block, groups, zero_init_residual))
GLASSES_FIELDS(ResNetConfig, field(&ResNetConfig::depths, "blocks in each stage", each(at_least(int64_t{1}))),
               field(&ResNetConfig::block, "the residual block", one_of("basic", "bottleneck")),
               field(&ResNetConfig::groups, "convolution groups", at_least(int64_t{1})));
GLASSES_REGISTER_CONFIG(ResNetConfig, "resnet");

struct ViTConfig {
  int64_t image_size = 224;
  int64_t patch_size = 16;
  double dropout = 0.0;
  backbone_ptr build() const { return std::make_shared<Backbone>(); }
};
BOOST_DESCRIBE_STRUCT(ViTConfig, (), (image_size, patch_size, dropout))
GLASSES_FIELDS(ViTConfig, field(&ViTConfig::patch_size, "side of a square patch, in pixels", greater_than(int64_t{0})));
GLASSES_REGISTER_CONFIG(ViTConfig, "vit");

struct PooledLinearHeadConfig {
  double dropout = 0.0;
  head_ptr build() const { return std::make_shared<Head>(); }
};
BOOST_DESCRIBE_STRUCT(PooledLinearHeadConfig, (), (dropout))
GLASSES_FIELDS(PooledLinearHeadConfig, field(&PooledLinearHeadConfig::dropout, "dropout before the linear layer",
                                             at_least(0.0), less_than(1.0)));
GLASSES_REGISTER_CONFIG(PooledLinearHeadConfig, "pooled_linear");

struct SGDConfig {
  double lr = 0.1;
  double momentum = 0.9;
};
BOOST_DESCRIBE_STRUCT(SGDConfig, (), (lr, momentum))
GLASSES_FIELDS(SGDConfig, field(&SGDConfig::lr, "learning rate", greater_than(0.0)));
GLASSES_REGISTER_CONFIG(SGDConfig, "sgd");

struct AdamWConfig {
  double lr = 3e-4;
  double weight_decay = 0.05;
};
BOOST_DESCRIBE_STRUCT(AdamWConfig, (), (lr, weight_decay))
GLASSES_REGISTER_CONFIG(AdamWConfig, "adamw");

struct ImageClassifierConfig {
  glasses::any_config<backbone_ptr()> backbone = ResNetConfig{};
  glasses::any_config<head_ptr()> head = PooledLinearHeadConfig{};
  int64_t num_classes = 1000;
  std::variant<SGDConfig, AdamWConfig> optimizer = SGDConfig{};
  std::map<std::string, double> loss_weights;
  std::optional<std::string> checkpoint;
};
BOOST_DESCRIBE_STRUCT(ImageClassifierConfig, (), (backbone, head, num_classes, optimizer, loss_weights, checkpoint))
GLASSES_FIELDS(ImageClassifierConfig, field(&ImageClassifierConfig::backbone, "the feature extractor"),
               field(&ImageClassifierConfig::num_classes, "classes the head predicts", at_least(int64_t{1})));

}  // namespace zoo

namespace {

// How many texts the fast scanner read itself, and how many it left to yaml-cpp.
std::size_t scanned = 0, declined = 0;

/// The fast scanner either declines `text` or records exactly what yaml-cpp does: the
/// same nodes, values, texts and offsets (and never accepts what yaml-cpp refuses).
void expect_the_scanner_agrees(std::string_view text) {
  auto const check = glasses::detail::check_yaml_scanner(text);
  ++(check.declined ? declined : scanned);
  BOOST_TEST(check.same, "the fast scanner and yaml-cpp differ on " << glasses::detail::quoted(text, 2000)
                                                                    << "\nfast:\n" << check.fast << "yaml-cpp:\n"
                                                                    << check.full);
}

/// glasses::parse_yaml, after checking the fast scanner on the text: every YAML text of this
/// file goes through here (or through yaml_issues), so each is one more differential case.
template <class T> T parse_yaml(std::string_view text, glasses::load_options options = {}, std::string source = {}) {
  expect_the_scanner_agrees(text);
  return glasses::parse_yaml<T>(text, options, std::move(source));
}

template <class T> std::vector<glasses::issue> yaml_issues(std::string_view text, glasses::load_options options = {}) {
  expect_the_scanner_agrees(text);
  return test::issues_of([&] { glasses::parse_yaml<T>(text, options); });
}

template <class T> glasses::issue single_issue(std::string_view text, glasses::load_options options = {}) {
  auto issues = yaml_issues<T>(text, options);
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  return issues[0];
}

/// Whether the issue is located at this line and column.
bool at(glasses::issue const& i, std::size_t line, std::size_t column) { return i.line == line && i.column == column; }

template <class T> glasses::issue single_json_issue(std::string_view text) {
  auto issues = test::issues_of([&] { glasses::parse<T>(text); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  return issues[0];
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_hydra_style_file_of_the_zoo_config_loads) {
  auto config = parse_yaml<zoo::ImageClassifierConfig>(R"(# ResNet-101 on a 10-class dataset.
backbone:
  depths: &deep [3, 4, 23, 3]   # ResNet-101
  block: bottleneck
  type: resnet                  # after the other keys: read all the same
head:
  type: pooled_linear
  dropout: 0.2
num_classes: 10
optimizer: {type: adamw, lr: 1.0e-3, weight_decay: .05}
loss_weights:
  main: 1
  "aux": 0.4
checkpoint: ~
)");
  auto const& backbone = config.backbone.as<zoo::ResNetConfig>();
  BOOST_TEST(backbone.depths == (std::vector<int64_t>{3, 4, 23, 3}), boost::test_tools::per_element());
  BOOST_TEST(backbone.block == "bottleneck");
  BOOST_TEST(backbone.widths == (std::vector<int64_t>{256, 512, 1024, 2048}), boost::test_tools::per_element());
  BOOST_TEST(config.head.as<zoo::PooledLinearHeadConfig>().dropout == 0.2);
  BOOST_TEST(config.num_classes == 10);
  BOOST_TEST(std::get<zoo::AdamWConfig>(config.optimizer).lr == 1.0e-3);
  BOOST_TEST(std::get<zoo::AdamWConfig>(config.optimizer).weight_decay == 0.05);
  BOOST_TEST(config.loss_weights.at("main") == 1.0);
  BOOST_TEST(config.loss_weights.at("aux") == 0.4);
  BOOST_TEST(!config.checkpoint.has_value());
  // One config, one fingerprint, whatever the text it came from.
  auto const json = glasses::parse<zoo::ImageClassifierConfig>(glasses::dump(config));
  BOOST_TEST(glasses::fingerprint(json) == glasses::fingerprint(config));
  BOOST_TEST(glasses::dump(json) == glasses::dump(config));
}

BOOST_AUTO_TEST_CASE(errors_carry_the_path_and_the_yaml_line_and_column) {
  auto e = test::issues_of([] {
    parse_yaml<zoo::ImageClassifierConfig>("num_classes: 10\noptimizer:\n  type: sgd\n  lr: fast\n", {}, "run.yaml");
  });
  BOOST_TEST_REQUIRE(e.size() == 1u);
  BOOST_TEST(e[0].path == "optimizer.lr");
  BOOST_TEST(e[0].message == R"(expected a number, got the string "fast")");
  BOOST_TEST(e[0].line == 4u);
  BOOST_TEST(e[0].column == 7u);
  try {
    parse_yaml<zoo::ImageClassifierConfig>("num_classes: 10\noptimizer:\n  type: sgd\n  lr: fast\n", {}, "run.yaml");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& error) {
    // As a compiler says it: the file, line and column, the path, the message.
    BOOST_TEST(std::string(error.what()) == "run.yaml:4:7: optimizer.lr: expected a number, got the string \"fast\"");
    BOOST_TEST(error.source() == "run.yaml");
  }
}

BOOST_AUTO_TEST_CASE(a_report_of_yaml_errors_is_one_located_line_an_error) {
  std::string const text = "num_classes: 0\noptimizer:\n  type: sgd\n  lr: fast\n";
  try {
    parse_yaml<zoo::ImageClassifierConfig>(text, {}, "run.yaml");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& error) {
    BOOST_TEST_REQUIRE(error.issues().size() == 2u);
    BOOST_TEST(error.issues()[0] ==
               (glasses::issue{"optimizer.lr", R"(expected a number, got the string "fast")", 4, 7}));
    BOOST_TEST(error.issues()[1] == (glasses::issue{"num_classes", "must be at least 1, got 0", 1, 14}));
    BOOST_TEST(std::string(error.what()) == "run.yaml:4:7: optimizer.lr: expected a number, got the string \"fast\"\n"
                                            "run.yaml:1:14: num_classes: must be at least 1, got 0");
  }
  // A missing key at the top is placed at the document's mapping, after a comment; one of
  // the text itself has no path; without a source, the text is "config".
  try {
    parse_yaml<test::WithRequired>("# the run\nepochs: x\n", {}, "run.yaml");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& error) {
    BOOST_TEST_REQUIRE(error.issues().size() == 2u);
    BOOST_TEST(std::string(error.what()) == "run.yaml:2:9: epochs: " + error.issues()[0].message + "\nrun.yaml:2:1: " +
                                                error.issues()[1].path + ": " + error.issues()[1].message);
  }
  try {
    parse_yaml<test::Level3>("tag: a: b\n");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& error) {
    BOOST_TEST(std::string(error.what()) == "config:1:7: invalid YAML (illegal map value)");
  }
  // A document that is not a mapping is placed where its value is: here, after `---`.
  try {
    parse_yaml<test::Level3>("---\n", {}, "run.yaml");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& error) {
    BOOST_TEST(std::string(error.what()) == "run.yaml:2:1: expected an object (Level3), got null");
  }
  BOOST_TEST(glasses::format_issue({"a.b", "bad", 3, 9}, "x.yaml") == "x.yaml:3:9: a.b: bad");
  BOOST_TEST(glasses::format_issue({"", "bad", 3, 9}, "x.yaml") == "x.yaml:3:9: bad");
  BOOST_TEST(glasses::format_issue({"a.b", "bad"}, "x.yaml") == "x.yaml: a.b: bad");
  BOOST_TEST(glasses::format_issue({"a.b", "bad", 3, 9}) == "3:9: a.b: bad");
  BOOST_TEST(glasses::format_issue({"", "bad"}) == "bad");
}

BOOST_AUTO_TEST_CASE(json_reports_are_written_as_yaml_reports) {
  try {
    glasses::parse<zoo::ImageClassifierConfig>("{\"num_classes\": 0,\n \"optimizer\": {\"type\": \"sgd\", \"lr\": \"fast\"}}",
                                               {}, "run.json");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& error) {
    BOOST_TEST(std::string(error.what()) == "run.json:2:37: optimizer.lr: expected a number, got the string \"fast\"\n"
                                            "run.json:1:17: num_classes: must be at least 1, got 0");
  }
  // A syntax error is at its line and column, as YAML's are.
  auto syntax = single_json_issue<test::Level3>("{\"tag\": }");
  BOOST_TEST(syntax.message.starts_with("invalid JSON"));
  BOOST_TEST(syntax.line == 1u);
  BOOST_TEST(syntax.column == 9u);
}

BOOST_AUTO_TEST_CASE(every_message_is_the_json_readers_with_a_position) {
  struct example {
    char const* yaml;
    char const* json;
    std::size_t line;
    std::size_t column;
    std::size_t json_column;  // every JSON text is one line
  };
  example const examples[] = {
      {"backbone:\n  type: resnet\n  dpeths: [1]\n", R"({"backbone":{"type":"resnet","dpeths":[1]}})", 3, 11, 39},
      {"backbone:\n  type: resnet\n  groups: 0\n", R"({"backbone":{"type":"resnet","groups":0}})", 3, 11, 39},
      {"backbone:\n  type: resnet\n  depths: [3, 0]\n", R"({"backbone":{"type":"resnet","depths":[3,0]}})",
       3, 15, 42},
      {"backbone: {type: resnt}\n", R"({"backbone":{"type":"resnt"}})", 1, 18, 21},
      {"backbone: {groups: 0}\n", R"({"backbone":{"groups":0}})", 1, 20, 23},  // no type: the one held
      {"num_classes: 99999999999999999999\n", R"({"num_classes":99999999999999999999})", 1, 14, 16},
      {"num_classes: 1.5\n", R"({"num_classes":1.5})", 1, 14, 16},
      {"num_classes: [1]\n", R"({"num_classes":[1]})", 1, 14, 16},
      {"optimizer: {type: sgd, lr: -1}\n", R"({"optimizer":{"type":"sgd","lr":-1}})", 1, 28, 33},
      {"optimizer: {lr: 1, lr: 2, type: sgd}\n", R"({"optimizer":{"type":"sgd","lr":1,"lr":2}})",
       1, 24, 40},
      {"head: {type: pooled_linear, dropout: 1}\n", R"({"head":{"type":"pooled_linear","dropout":1}})",
       1, 38, 43},
      {"loss_weights: {a: x}\n", R"({"loss_weights":{"a":"x"}})", 1, 19, 22},
  };
  for (example const& e : examples) {
    BOOST_TEST_CONTEXT(e.yaml) {
      auto const yaml = single_issue<zoo::ImageClassifierConfig>(e.yaml);
      auto const json = single_json_issue<zoo::ImageClassifierConfig>(e.json);
      BOOST_TEST(yaml.path == json.path);
      BOOST_TEST(yaml.message == json.message);
      BOOST_TEST(json.line == 1u);
      BOOST_TEST(json.column == e.json_column);
      BOOST_TEST(yaml.line == e.line);
      BOOST_TEST(yaml.column == e.column);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_at_once_each_with_its_position) {
  auto issues = yaml_issues<test::Everything>("tiny: 300\nflag: yes\nact: swish\ndepths: [1, two]\n");
  BOOST_TEST_REQUIRE(issues.size() == 4u);
  BOOST_TEST(issues[0] == (glasses::issue{"tiny", "expected an integer in [-128, 127] (int8_t), got 300", 1, 7}));
  BOOST_TEST(issues[1] == (glasses::issue{"flag", R"(expected true or false, got the string "yes")", 2, 7}));
  BOOST_TEST(issues[2].path == "act");
  BOOST_TEST(issues[2].message.starts_with(R"(expected one of "relu", "gelu", "silu", got the string "swish")"));
  BOOST_TEST(at(issues[2], 3, 6));
  BOOST_TEST(issues[3] == (glasses::issue{"depths[1]", R"(expected an integer, got the string "two")", 4, 13}));
}

BOOST_AUTO_TEST_CASE(a_missing_key_is_located_at_its_mapping) {
  auto i = single_issue<test::WithRequired>("epochs: 3\n");
  BOOST_TEST(i.path == "dataset");
  BOOST_TEST(at(i, 1, 1));  // the document's own mapping
  BOOST_TEST(i.message == single_json_issue<test::WithRequired>(R"({"epochs":3})").message);
  auto nested = single_issue<test::Level1>("middle:\n  leaf: {ratio: 1, tag: x, extra: 2}\n");
  BOOST_TEST(nested.path == "middle.leaf.extra");
  BOOST_TEST(nested.message == R"(unknown key in Level3; its keys are "ratio", "tag")");
  BOOST_TEST(at(nested, 2, 35));
}

BOOST_AUTO_TEST_CASE(columns_count_characters) {
  auto i = single_issue<test::Level3>("tag: \"\xc3\xa9\xc3\xa9\"\nratio: {\xc3\xa9: 1}\n");
  BOOST_TEST(i.path == "ratio");
  BOOST_TEST(i.message == "expected a number, got an object");
  BOOST_TEST(at(i, 2, 8));
}

BOOST_AUTO_TEST_CASE(plain_scalars_follow_the_yaml_1_2_core_schema) {
  auto e = parse_yaml<test::Everything>(R"(
flag: False
tiny: 0o10
big: 0xFFFFFFFFFFFFFFFF
negative: +12
rate: .inf
infinite: -.Inf
ratio: 1e3
named: null
maybe: 0x10
text: 010
depths: [+1, 0o7, 0x1f, -0]
)");
  BOOST_TEST(!e.flag);
  BOOST_TEST(e.tiny == 8);
  BOOST_TEST(e.depths == (std::vector<int>{1, 7, 31, 0}), boost::test_tools::per_element());
  BOOST_TEST(e.big == 18446744073709551615ull);
  BOOST_TEST(e.negative == 12);
  BOOST_TEST(std::isinf(e.rate));
  BOOST_TEST(e.rate > 0);
  BOOST_TEST(e.infinite < 0);
  BOOST_TEST(e.ratio == 1000.0f);
  BOOST_TEST(!e.named.has_value());
  BOOST_TEST(e.maybe.value() == 16);
  BOOST_TEST(e.text == "010");  // a string: YAML 1.1 would read the octal 8, YAML 1.2 the decimal 10
}

BOOST_AUTO_TEST_CASE(yaml_1_1_surprises_are_strings_never_booleans_or_octal) {
  for (char const* word : {"yes", "no", "on", "off", "y", "n", "Yes", "NO"}) {
    BOOST_TEST_CONTEXT(word) {
      auto i = single_issue<test::Everything>(std::string("flag: ") + word);
      BOOST_TEST(i.message == "expected true or false, got the string \"" + std::string(word) + "\"");
      BOOST_TEST(at(i, 1, 7));
      BOOST_TEST(parse_yaml<test::Everything>(std::string("text: ") + word).text == word);
    }
  }
  auto octal = single_issue<test::Everything>("tiny: 010");
  BOOST_TEST(octal.message == R"(expected an integer, got the string "010")");
  BOOST_TEST(at(octal, 1, 7));
  auto quoted = single_issue<test::Everything>("tiny: \"5\"");
  BOOST_TEST(quoted.message == R"(expected an integer, got the string "5")");
  BOOST_TEST(at(quoted, 1, 7));
  BOOST_TEST(parse_yaml<test::Everything>("text: 'true'").text == "true");
  BOOST_TEST(parse_yaml<test::Everything>("text: .5e").text == ".5e");
}

BOOST_AUTO_TEST_CASE(a_number_or_a_boolean_for_text_says_to_quote_it) {
  auto version = single_issue<test::Everything>("text: 1.10");
  BOOST_TEST(version.message == "expected a string, got 1.10; YAML reads it unquoted as a number: quote it to mean the text");
  BOOST_TEST(at(version, 1, 7));
  auto hex = single_issue<test::Everything>("text: 0x1F");
  BOOST_TEST(hex.message == "expected a string, got 31; YAML reads it unquoted as a number: quote it to mean the text");
  auto boolean = single_issue<test::Everything>("text: True");
  BOOST_TEST(boolean.message ==
             "expected a string, got true; YAML reads an unquoted true or false as a boolean: quote it to mean the text");
  BOOST_TEST(single_issue<test::Everything>("text:").message == "expected a string, got null");
  BOOST_TEST(parse_yaml<test::Everything>("text: '1.10'").text == "1.10");
}

BOOST_AUTO_TEST_CASE(core_tags_keep_their_meaning_and_other_tags_are_refused) {
  auto e = parse_yaml<test::Everything>("text: !!str 5\nrate: !!float 2\ntiny: !!int 7\nflag: !!bool true\n"
                                                 "named: !!null ~\ndepths: !!seq [1]\nnested: !!map {name: x}\n");
  BOOST_TEST(e.text == "5");
  BOOST_TEST(e.rate == 2.0);
  BOOST_TEST(e.tiny == 7);
  BOOST_TEST(!e.named.has_value());
  BOOST_TEST(e.depths == std::vector<int>{1}, boost::test_tools::per_element());
  BOOST_TEST(e.nested.name == "x");
  auto python = single_issue<test::Everything>("nested: !!python/object:os.system {}\n");
  BOOST_TEST(python.path == "");
  BOOST_TEST(python.message ==
             "the tag !!python/object:os.system is not supported; a config uses only the YAML "
             "core schema's tags (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq)");
  auto local = single_issue<test::Everything>("text: !shout hello\n");
  BOOST_TEST(at(python, 1, 9));
  BOOST_TEST(local.message.starts_with("the tag !shout is not supported"));
  BOOST_TEST(at(local, 1, 7));
  // A core tag on a node of another kind was "not supported", naming itself among the supported.
  auto on_a_sequence = single_issue<test::Everything>("depths: !!str [1]\n");
  BOOST_TEST(on_a_sequence.message ==
             "the tag !!str does not go with a sequence (a scalar takes !!str, !!int, !!float, !!bool or !!null, a "
             "mapping !!map, a sequence !!seq); remove the tag, or write the value it names");
  BOOST_TEST(at(on_a_sequence, 1, 9));
  BOOST_TEST(single_issue<test::Everything>("text: !!map x\n").message.starts_with(
      "the tag !!map does not go with a scalar"));
  auto misfit = single_issue<test::Everything>("tiny: !!int five\n");
  BOOST_TEST(misfit.message == R"(the tag !!int does not fit "five")");
  BOOST_TEST(at(misfit, 1, 7));
  auto leading_zero = single_issue<test::Everything>("tiny: !!int 010\n");
  BOOST_TEST(at(leading_zero, 1, 7));
  BOOST_TEST(leading_zero.message == "the tag !!int does not fit \"010\"; a leading zero is octal in "
                                     "YAML 1.1 and decimal in YAML 1.2, so write the number without it");
}

BOOST_AUTO_TEST_CASE(anchors_and_aliases_expand) {
  auto e = parse_yaml<test::Everything>(
      "nested: &n {name: a, middle: {width: 3}}\nlayers: [&leaf {tag: x}, *leaf]\ndepths: &d [1, 2]\n"
      "weights: {a: &w 2.5, b: *w}\n");
  BOOST_TEST(e.nested.name == "a");
  BOOST_TEST(e.layers.size() == 2u);
  BOOST_TEST(e.layers[1].tag == "x");
  BOOST_TEST(e.weights.at("b") == 2.5);
  // A problem inside an alias is located where the alias is written.
  auto i = yaml_issues<test::Everything>("text: &t [1]\nnamed: *t\n");
  BOOST_TEST_REQUIRE(i.size() == 2u);
  BOOST_TEST(i[0] == (glasses::issue{"text", "expected a string, got an array", 1, 7}));
  BOOST_TEST(i[1] == (glasses::issue{"named", "expected a string, got an array", 2, 8}));
  auto j = single_issue<test::Everything>("x: &word five\ntiny: *word\n", {.allow_unknown_keys = true});
  BOOST_TEST(j == (glasses::issue{"tiny", R"(expected an integer, got the string "five")", 2, 7}));
}

BOOST_AUTO_TEST_CASE(an_alias_key_to_a_value_that_is_not_a_string_is_refused) {
  for (std::string anchored : {"0x10", "true", "~", "1.5"}) {
    auto i = single_issue<test::Everything>("depths: [1]\ntext: &k " + anchored + "\nweights: {*k : 1}\n");
    BOOST_TEST(i.message == "the alias *k is a mapping key but refers to a value that is not a string; keys are "
                            "strings, so quote the anchored value (&a \"0x10\")");
    BOOST_TEST(at(i, 3, 11));
  }
  BOOST_TEST(parse_yaml<test::Everything>("text: &k \"0x10\"\nweights: {*k : 1}\n").weights.at("0x10") == 1.0);
}

BOOST_AUTO_TEST_CASE(a_billion_laughs_is_refused) {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    std::string const previous = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", " : "") + previous;
    text += "]\n";
  }
  auto i = single_issue<test::Everything>(text, {.allow_unknown_keys = true});
  BOOST_TEST(i.path == "");
  BOOST_TEST(at(i, 5, 15));
  BOOST_TEST(i.message == "the aliases expand the document to more than ten times its size (a "
                          "\"billion laughs\" document?); write the repeated values out, or repeat them less");
}

BOOST_AUTO_TEST_CASE(an_alias_inside_its_own_anchor_is_refused) {
  auto i = single_issue<test::Everything>("depths: &loop [1, *loop]\n");
  BOOST_TEST(at(i, 1, 19));
  BOOST_TEST(i.message == "the alias *loop is inside the node it refers to, which would repeat "
                          "forever; an alias may refer only to a node that has ended");
  auto undefined = single_issue<test::Everything>("depths: *nowhere\n");
  BOOST_TEST(undefined == (glasses::issue{"", "invalid YAML (the referenced anchor is not defined)", 1, 9}));
}

BOOST_AUTO_TEST_CASE(one_document_and_never_an_empty_one) {
  auto two = single_issue<test::Level3>("tag: a\n---\ntag: b\n");
  BOOST_TEST(at(two, 2, 1));
  BOOST_TEST(two.message == "a second YAML document starts here; a config is one document (remove "
                            "the \"---\" line and what follows it, or make each document a file of its own)");
  for (char const* empty : {"", "# only a comment\n", "\n\n"}) {
    auto none = single_issue<test::Level3>(empty);
    BOOST_TEST(at(none, 1, 1));
    BOOST_TEST(none.message == "the YAML text holds no document; is the file empty? A config that "
                               "keeps every default is {}");
  }
  auto null_document = single_issue<test::Level3>("---\n");
  // A problem of the whole document has no path, and no position, as in JSON.
  BOOST_TEST(null_document.message == single_json_issue<test::Level3>("null").message);
  BOOST_TEST(parse_yaml<test::Level3>("{}").tag == test::Level3{}.tag);
}

BOOST_AUTO_TEST_CASE(syntax_errors_and_keys_that_are_not_strings) {
  auto syntax = single_issue<test::Level3>("tag: a: b\n");
  BOOST_TEST(syntax == (glasses::issue{"", "invalid YAML (illegal map value)", 1, 7}));
  auto unclosed = single_issue<test::Everything>("depths: [1, 2\n");
  BOOST_TEST(unclosed.line > 0u);
  BOOST_TEST(unclosed.message.find("invalid YAML (") != std::string::npos);
  auto sequence_key = single_issue<test::Everything>("? [a]\n: 1\n");
  BOOST_TEST(sequence_key == (glasses::issue{"", "a mapping key is a sequence; keys are strings", 1, 3}));
  auto null_key = single_issue<test::Everything>("~: 1\n");
  BOOST_TEST(at(null_key, 1, 1));
  BOOST_TEST(null_key.message == "a mapping key is empty or null; keys are strings (quote \"null\" or "
                                 "\"~\" to use it as a key)");
  auto numeric_key = parse_yaml<test::Everything>("weights: {1: 2, true: 3}\n");
  BOOST_TEST(numeric_key.weights.at("1") == 2.0);
  BOOST_TEST(numeric_key.weights.at("true") == 3.0);
  auto not_utf8 = single_issue<test::Everything>("text: caf\xe9\n");
  BOOST_TEST(not_utf8.message.starts_with("the text is not UTF-8 ("));
  BOOST_TEST(at(not_utf8, 1, 7));
}

BOOST_AUTO_TEST_CASE(a_quote_left_open_is_an_error_not_the_rest_of_the_file) {
  std::string const message = ", so the rest of the file would be read into it; close the quote";
  BOOST_TEST(single_issue<test::Everything>("text: \"abc\ntiny: 3\n") ==
             (glasses::issue{"", "this quoted string has no closing \"" + message, 1, 7}));
  BOOST_TEST(single_issue<test::Everything>("flag: true\ntext: 'abc\n") ==
             (glasses::issue{"", "this quoted string has no closing '" + message, 2, 7}));
  BOOST_TEST(single_issue<test::Everything>("text: \"abc\\\"\n").message.starts_with("this quoted string has no closing"));
  // A backslash as the text's last byte: yaml-cpp names no character and no place for it.
  BOOST_TEST(single_issue<test::Everything>("flag: true\ntext: \"abc\\") ==
             (glasses::issue{"", "the text ends with a backslash, which escapes nothing; end the quoted string with its quote",
                             2, 11}));
  // Closed quotes, with the escapes of each style, read as before.
  BOOST_TEST(parse_yaml<test::Everything>("text: 'it''s'\n").text == "it's");
  BOOST_TEST(parse_yaml<test::Everything>("text: \"say \\\"hi\\\"\"\n").text == "say \"hi\"");
}

BOOST_AUTO_TEST_CASE(a_carriage_return_without_a_line_feed_is_refused_where_it_is) {
  // YAML breaks lines there, yaml-cpp did not: "0.5" was read into the comment, silently.
  auto const lone = single_issue<test::Everything>("flag: true  # on\rrate: 0.5\r");
  BOOST_TEST(lone == (glasses::issue{"",
                                     "a carriage return without a line feed (an old Mac line ending), which glasses "
                                     "does not read as a line break; save the file with \\n or \\r\\n line endings, "
                                     "e.g. with tr '\\r' '\\n'",
                                     1, 17}));
  BOOST_TEST(parse_yaml<test::Everything>("flag: true  # on\r\nrate: 0.5\r\n").rate == 0.5);
}

BOOST_AUTO_TEST_CASE(a_control_character_is_refused_where_it_is) {
  // yaml-cpp read "a\0b" as the bytes 61 08 20, silently.
  auto const nul = single_issue<test::Everything>(std::string("text: a\0b\n", 10));
  BOOST_TEST(nul == (glasses::issue{"",
                                    "a control character, U+0000, which YAML does not allow in a text; remove it, or "
                                    "write it as an escape inside double quotes (\"\\x00\")",
                                    1, 8}));
  BOOST_TEST(single_issue<test::Everything>("rate: 0.5\ntext: \"a\x7f\"\n").column == 9u);
  BOOST_TEST(parse_yaml<test::Everything>("text: \"a\\x00b\"\n").text == std::string("a\0b", 3));
}

BOOST_AUTO_TEST_CASE(the_escapes_of_next_line_and_no_break_space_read_as_utf8) {
  // PyYAML writes U+00A0 as \_ without allow_unicode; yaml-cpp gave the lone byte 0xA0,
  // which was then refused as a file that is not UTF-8.
  BOOST_TEST(parse_yaml<test::Everything>("text: \"a\\_b\\Nc\"\n").text == "a\u00a0b\u0085c");
  BOOST_TEST(parse_yaml<test::Everything>("text: \"\\_\"\n").text == "\u00a0");
  BOOST_TEST(parse_yaml<test::Everything>("text: \"\u00e0\\_\"\n").text == "\u00e0\u00a0");
}

BOOST_AUTO_TEST_CASE(a_utf16_surrogate_pair_as_json_writes_it_says_the_escape_to_write) {
  // yaml-cpp said "invalid unicode: 55357".
  auto pair = single_issue<test::Everything>("text: \"a\\ud83d\\ude00\"\n");
  BOOST_TEST(pair.message == "\\ud83d\\ude00 is a UTF-16 surrogate pair, as JSON writes character U+1F600; YAML's \\u "
                             "takes one of 4 hex digits: write \\U0001F600, or the character itself");
  BOOST_TEST(at(pair, 1, 9));
  BOOST_TEST(parse_yaml<test::Everything>("text: \"a\\U0001F600\"\n").text == "a\U0001F600");
  for (char const* half : {"text: \"\\udbff\"\n", "text: \"\\udc00x\"\n"}) {
    auto lone = single_issue<test::Everything>(half);
    BOOST_TEST(lone.message == std::string(half).substr(7, 6) + " is half of a UTF-16 surrogate pair, which is no "
                                                                "character on its own; write the character itself, or "
                                                                "\\U and its 8 hex digits");
    BOOST_TEST(at(lone, 1, 8));
  }
}

BOOST_AUTO_TEST_CASE(an_integer_tagged_as_a_float_says_so) {
  // "expected an integer, got 12" named no reason.
  auto tagged = single_issue<test::Everything>("tiny: !!float 12\n");
  BOOST_TEST(tagged.message == "expected an integer, got 12, a float by its !!float tag");
  BOOST_TEST(parse_yaml<test::Everything>("rate: !!float 12\n").rate == 12.0);
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_moves_no_position) {
  auto issue = single_issue<test::Everything>("\xEF\xBB\xBF" "depths:\n- 1\n- x\n");
  BOOST_TEST(at(issue, 3, 3));
  BOOST_TEST(issue.path == "depths[1]");
}

BOOST_AUTO_TEST_CASE(a_number_with_an_exponent_is_written_with_a_dot_for_yaml_1_1_readers) {
  test::Everything e;
  e.ratio = 3e-4f;
  std::string const text = glasses::dump_yaml(e);
  BOOST_TEST(text.find("\nratio: 3.0e-04\n") != std::string::npos);
  BOOST_TEST(parse_yaml<test::Everything>(text).ratio == 3e-4f);
}

BOOST_AUTO_TEST_CASE(deep_nesting_stops_at_max_depth_as_json_does) {
  // Three levels (the mapping and two lists) are allowed, a fourth is not, in both formats.
  auto three = single_issue<test::Everything>("depths: [[]]", {.max_depth = 3});
  BOOST_TEST(at(three, 1, 10));
  BOOST_TEST(three.message ==
                                  single_json_issue<test::Everything>(R"({"depths":[[]]})").message);
  BOOST_TEST(test::issues_of([] { glasses::parse<test::Everything>(R"({"depths":[[]]})", {.max_depth = 3}); }).size() == 1u);
  auto four = single_issue<test::Everything>("depths: [[[]]]", {.max_depth = 3});
  BOOST_TEST(four == (glasses::issue{"", glasses::detail::too_deep_message(3), 1, 11}));
  auto json_four = test::issues_of([] { glasses::parse<test::Everything>(R"({"depths":[[[]]]})", {.max_depth = 3}); });
  BOOST_TEST(json_four.back() == (glasses::issue{"", glasses::detail::too_deep_message(3), 1, 13}));
  // Aliases count their expanded depth.
  auto aliased = single_issue<test::Everything>("x: &deep [[1]]\ndepths: [*deep]\n",
                                                {.allow_unknown_keys = true, .max_depth = 3});
  BOOST_TEST(aliased == (glasses::issue{"", glasses::detail::too_deep_message(3), 2, 10}));
  auto very_deep = single_issue<test::Everything>("depths: " + std::string(100000, '[') + std::string(100000, ']'));
  BOOST_TEST(very_deep == (glasses::issue{"", glasses::detail::too_deep_message(128), 1, 136}));
  auto unclosed = single_issue<test::Everything>(std::string(100000, '['));
  BOOST_TEST(unclosed == (glasses::issue{"", "a mapping key is a sequence; keys are strings", 1, 1}));
}

BOOST_AUTO_TEST_CASE(a_union_without_type_and_unknown_key_warnings) {
  // Without "type", an object sets fields of the config held; an empty slot holds none.
  BOOST_TEST(std::get<test::AttentionConfig>(parse_yaml<test::Everything>("choice: {heads: 2}\n").choice).heads == 2);
  auto untyped = single_issue<test::Everything>("empty_slot: {heads: 2}\n");
  BOOST_TEST(untyped.path == "empty_slot");
  BOOST_TEST(untyped.message == single_json_issue<test::Everything>(R"({"empty_slot":{"heads":2}})").message);
  BOOST_TEST(at(untyped, 1, 13));
  std::vector<glasses::issue> warnings;
  auto leaf = parse_yaml<test::Level3>("tag: a\ncolour: red\n", {.allow_unknown_keys = true, .warnings = &warnings});
  BOOST_TEST(leaf.tag == "a");
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].path == "colour");
  BOOST_TEST(warnings[0].message.starts_with("unknown key in Level3"));
  BOOST_TEST(at(warnings[0], 2, 9));
}

BOOST_AUTO_TEST_CASE(dump_yaml_writes_block_yaml_with_docs) {
  zoo::ImageClassifierConfig config;
  config.loss_weights = {{"main", 1}, {"needs quotes: yes", 0.5}};
  config.checkpoint = "no";
  BOOST_TEST(glasses::dump_yaml(config) == R"(# the feature extractor
backbone:
  type: resnet
  # blocks in each stage
  depths: [3, 4, 6, 3]
  widths: [256, 512, 1024, 2048]
  # the residual block
  block: bottleneck
  # convolution groups
  groups: 1
  zero_init_residual: false
head:
  type: pooled_linear
  # dropout before the linear layer
  dropout: 0
# classes the head predicts
num_classes: 1000
optimizer:
  type: sgd
  # learning rate
  lr: 0.1
  momentum: 0.9
loss_weights:
  main: 1
  "needs quotes: yes": 0.5
checkpoint: "no"
)");
  BOOST_TEST(glasses::dump_yaml(config, {.docs = false}).find('#') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(lists_of_records_and_slots_are_written_as_block_sequences) {
  test::Everything e;
  e.layers = {test::Level3{0.5, "a"}};
  e.extras = {test::ConvConfig{}};
  std::string const yaml = glasses::dump_yaml(e);
  BOOST_TEST(yaml.find("layers:\n  - ratio: 0.5\n    tag: a\n") != std::string::npos, yaml);
  BOOST_TEST(yaml.find("extras:\n  - type: conv\n    channels: 64\n    kernel: [3, 3]\n") != std::string::npos, yaml);
  BOOST_TEST(yaml.find("empty_slot: null\n") != std::string::npos, yaml);
  BOOST_TEST(yaml.find("infinite: inf\n") != std::string::npos, yaml);
  BOOST_TEST(yaml.find("text: \"line\\n\\\"quoted\\\" \\\\ tab\\t \xc3\xa9\"\n") != std::string::npos, yaml);
}

BOOST_AUTO_TEST_CASE(strings_that_a_reader_could_take_for_another_type_are_quoted) {
  for (std::string text : {"true", "False", "yes", "on", "~", "null", "", " lead", "trail ", "1", "010", "0x1f", "1e3",
                           ".inf", "-inf", "a: b", "a #b", "[x]", "{x}", "- x", "*x", "&x", "!x", "%x", "@x", "`x",
                           "'x'", "\"x\"", "x\ny", "\x7f", "\xc2\x85", "\xe2\x80\xa8", "\xef\xbb\xbf", "a,b", "?x",
                           "|x", ">x", "#x"}) {
    BOOST_TEST_CONTEXT(glasses::detail::quoted(text)) {
      test::Level3 leaf{.ratio = 1, .tag = text};
      std::string const yaml = glasses::dump_yaml(leaf);
      BOOST_TEST(yaml.find("tag: \"") != std::string::npos, yaml);
      BOOST_TEST(parse_yaml<test::Level3>(yaml).tag == text);
    }
  }
  for (std::string text : {"relu", "resnet50", "data/imagenet", "a b", "caf\xc3\xa9", "inf", "x-y.z"}) {
    test::Level3 leaf{.ratio = 1, .tag = text};
    BOOST_TEST(glasses::dump_yaml(leaf) == "ratio: 1\ntag: " + text + "\n");
  }
}

BOOST_AUTO_TEST_CASE(a_key_too_long_for_an_implicit_key_is_written_as_an_explicit_one) {
  // YAML lets readers refuse implicit keys beyond 1024 characters, and yaml-cpp does.
  for (std::size_t size : {1000u, 1001u, 1030u, 5000u}) {
    test::Everything e;
    e.weights = {{std::string(size, 'k'), 1.5}, {std::string(size / 6, '\x01'), 2}, {"short", 3}};
    e.layers.clear();
    std::string const yaml = glasses::dump_yaml(e, {.docs = false});
    BOOST_TEST((yaml.find("? ") != std::string::npos) == (size > 1000), yaml);
    BOOST_TEST(glasses::equal(parse_yaml<test::Everything>(yaml), e), yaml);
  }
  test::Everything e;
  e.weights = {{std::string(2000, 'w'), 1}};
  BOOST_TEST(glasses::dump_yaml(e, {.docs = false}).find("weights:\n  ? " + std::string(2000, 'w') + "\n  : 1\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_round_trip_is_exact_for_random_configs) {
  std::mt19937_64 random(20240611);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  std::string const alphabet[] = {"a", "Z", "_", " ", "0", "9", ".", "-", ":", "#", "'", "\"", "\\", "\n", "\t",
                                  "\x01", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc2\x85", "[",
                                  "{", ",", "*", "&", "!", "|", ">", "%", "@", "?", "~", "y", "e", "+"};
  auto random_text = [&] {
    std::string out;
    for (std::size_t n = pick(8); n > 0; --n) out += alphabet[pick(std::size(alphabet))];
    return out;
  };
  auto random_double = [&] {
    std::uint64_t bits = random();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return std::isnan(value) ? 0.0 : value;
  };
  for (int round = 0; round < 2000; ++round) {
    test::Everything e;
    e.flag = random() & 1;
    e.tiny = static_cast<int8_t>(random());
    e.big = random();
    e.negative = static_cast<int64_t>(random());
    e.ratio = static_cast<float>(random_double());
    if (!std::isfinite(e.ratio)) e.ratio = -0.0f;
    e.rate = random_double();
    e.text = random_text();
    e.act = static_cast<test::activation>(pick(3));
    if (random() & 1) e.maybe = static_cast<int>(random());
    e.named = random() & 1 ? std::optional<std::string>(random_text()) : std::nullopt;
    e.depths.assign(pick(4), static_cast<int>(random()));
    e.weights.clear();
    for (std::size_t n = pick(3); n > 0; --n) e.weights[random_text()] = random_double();
    e.nested.name = random_text();
    e.layers.resize(pick(3));
    for (auto& layer : e.layers) layer.tag = random_text(), layer.ratio = random_double();
    if (random() & 1) e.choice = test::ConvConfig{.channels = static_cast<int64_t>(random()), .kernel = {}};
    if (random() & 1) e.slot = test::AttentionConfig{.heads = 2, .dropout = random_double()};
    e.extras.resize(pick(3));
    std::string const yaml = glasses::dump_yaml(e);
    auto const back = parse_yaml<test::Everything>(yaml);
    BOOST_TEST_REQUIRE(glasses::equal(back, e), yaml);
  }
}

// --- the fast scanner against yaml-cpp ---------------------------------------------------

namespace {

/// Texts at the edges of the scanner's subset, each of which it must read as yaml-cpp does,
/// or decline.
std::vector<std::string> const edge_texts = {
    "a: 1\nb:\nc: ~\nd: \"x\"\ne: [1, 2]\nf: {x: 1}\ng:\n  - 1\n  - h: 2\n    i: 3\n",
    "- \n- 1\n", "-\n", "- a:\n- b\n", "- - 1\n  - 2\n- 3\n", "---\na: 1\n", "--- # c\na: 1\n", "---", "--- a\n",
    "a:", "a: # c", "a:  ", "a:\n  ", "- a: 1\n  b: 2\n-   c: 3\n", "\"a\": 1\n", "'a' : 1\n", "a :  1\n",
    "a: 'it''s'\nb: 'x''''y'''\nc: ''\nd: \"\"\n", "a: \"\\u00e9\\x41\\t\\\"\\\\\\/ \\U0001F600 \\L\\P\\0\\a\\b\\e\\f\\r\\v\\ \"\n",
    "a: \"\\N\"\n", "a: \"\\_\"\n", "a: \"\\ud800\"\n", "a: \"\\U00110000\"\n", "a: \"\\xZZ\"\n", "a: \"\\q\"\n",
    "a: \"x\n  y\"\n", "a: 'x\n  y'\n", "a: x # c\nb: x#c\nc: http://x.com/a?b=c#d\nd: x:y\ne: a  b   \n",
    "a: x\n  # c\nb: 1\n", "a: 1\n   # c\nb: 2\n", "a: x\n  y\n", "a: x\n\n  y\n", "a:\n  x\n  y\n", "- x\n  y\n",
    "x:\n- 1\n- 2\ny: 3\n", "x:\n  - 1\n  y: 3\n", "x:\n- 1\n  - 2\n", "a: [ 1 ,2 ]\nb: [[1, 2], [], {}, {a: [x, y]}]\n",
    "c: {a: \"b\", 'c': d}\n", "a: [1, 2, ]\n", "a: [1,,2]\n", "a: [1, 2\n", "a: [1,\n  2]\n", "a: {b: }\n",
    "a: {b}\n", "a: {b:1}\n", "a: {\"b\":1}\n", "a: [b: 1]\n", "a: [x:y]\n", "a: [a?b]\n", "a: [-1, -x, - x]\n",
    "a: [a #b]\n", "a: [a#b]\n", "a: {? b: 1}\n", "a:\n  b:\nc: 1\n", "a:\n  b:\n\n# x\n", "  a: 1\n  b: 2\n",
    "  a: 1\nb: 2\n", "a: 1\n  b: 2\n", "a:\n    b: 1\n  c: 2\n", "hello\n", "[1, 2]\n", "{a: 1}\n", "- 1\nb: 2\n",
    "a: 1\n- 2\n", "a: - 1\n", "a: b: c\n", "a: -1\nb: -.inf\nc: .5e\nd: 0o17\ne: 0x1F\nf: 1e3\ng: True\nh: yes\n",
    "a: 99999999999999999999\n", "a: 0x1FFFFFFFFFFFFFFFFF\n", "1: x\ntrue: y\n", "null: z\n", "~: 1\n",
    "\"null\": 1\n", "caf\xc3\xa9: 1\n\xc3\xa9: \"\xc3\xa9\"\n", "<<: 1\na: x|y>z!w&v*u\n", "a: &x 1\nb: *x\n",
    "a: !!str 1\n", "a: |\n  x\n", "a: >\n  x\n", "%YAML 1.2\n---\na: 1\n", "a: 1\n...\n", "a: 1\n---\nb: 2\n",
    "a:\t1\n", "a: 1\r\nb: 2\r\n", "\xef\xbb\xbf" "a: 1\n", "a: \xc2\x85\n", "a: \xff\n", "a: \"\xff\"\n", "a: \x01\n",
    "? a\n: 1\n", "[a]: 1\n", "{a: 1}: 2\n", "\"a\"x: 1\n", "a: \"b\"c\n", "a: \"b\"#c\n", "a: [1]#c\n", "a: [1] #c\n",
    "a: 'b' # c\n", "-a: 1\n", "- -a\n", "a: ---\n", "---a: 1\n", "a: ...\n", "a: -\n", "a: ?x\n", "a: :x\n",
    "a: x:\n", "a: x: \n", "a: x :y\n", "a:b: 1\n", "a:b\n", "a: 'x'y\n", std::string(3000, 'k') + ": 1\n",
    "a: " + std::string(5000, 'v') + "\n", "a: " + std::string(300, '[') + std::string(300, ']') + "\n",
    std::string(300, '-') + "\n", [] {
      std::string deep;
      for (int i = 0; i < 300; ++i) deep += std::string(2 * static_cast<std::size_t>(i), ' ') + "- \n";
      return deep;
    }(),
    "", "\n", "# c\n", " ", "a", "a\n#", "- ", "\"", "'", "[", "{", "]", "#", "&", "*", ":", "-", "?"};

/// One to three random edits of `text`: a fragment inserted or put in place of a few bytes,
/// bytes deleted, or a line re-indented, repeated, deleted or moved.
std::string mutated(std::string text, std::mt19937_64& random) {
  static std::string const fragments[] = {
      " ", "  ", "\n", "- ", "-", ":", ": ", "#", " #", "'", "\"", "''", "[", "]", "{", "}", ",", ", ", "?", "? ",
      "&a ", "*a", "!", "!!str ", "|", ">", "%", "@", "`", "~", "null", "\\", "\\n", "\\x41", "\\u00e9", "\\ud800",
      "\\U0001F600", "a", "1", "0x1F", ".", "e", "\t", "\r", "\r\n", "\xc3\xa9", "\xc2\x85", "\xe2\x80\xa8",
      "\xef\xbb\xbf", "\x01", "\x7f", "\xff", "---", "...", "--- ", "type: ", "<<: ", "0", "-1", ".inf", "true",
      "yes", "{}", "[]", "\"a\": ", "'b': ", "x: 1\n", "- x\n", "  - ", "\n  ", "[1, 2]", "{a: b}", "{a : 1}",
      "[a , b]", "\xc2\xa0", "\xf0\x9f\x98\x80", "\xe3\x80\x80", std::string(1, '\0')};
  auto pick = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(random() % n); };
  for (std::size_t edits = 1 + pick(3); edits > 0; --edits) {
    std::size_t const at = pick(text.size() + 1);
    switch (pick(5)) {
      case 0: text.insert(at, fragments[pick(std::size(fragments))]); break;
      case 1: text.replace(at, pick(3), fragments[pick(std::size(fragments))]); break;
      case 2: text.erase(at, 1 + pick(3)); break;
      default: {  // a line
        std::vector<std::string> lines;
        for (std::size_t start = 0; start <= text.size();) {
          std::size_t end = text.find('\n', start);
          if (end == std::string::npos) end = text.size();
          lines.push_back(text.substr(start, end - start));
          start = end + 1;
        }
        std::size_t const i = pick(lines.size()), j = pick(lines.size());
        switch (pick(6)) {
          case 0: lines[i].insert(0, 1 + pick(2), ' '); break;
          case 1: lines[i].erase(0, std::min<std::size_t>(1 + pick(2), lines[i].find_first_not_of(' '))); break;
          case 2: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(j), lines[i]); break;
          case 3: lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i)); break;
          case 4: std::swap(lines[i], lines[j]); break;
          default: lines[i] += fragments[pick(std::size(fragments))]; break;
        }
        text.clear();
        for (std::size_t k = 0; k < lines.size(); ++k) text += (k ? "\n" : "") + lines[k];
      }
    }
  }
  return text;
}

/// A random config of test::Everything, as the round-trip test makes them.
test::Everything random_everything(std::mt19937_64& random) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  static std::string const alphabet[] = {"a", "Z", "_", " ", "0", "9", ".", "-", ":", "#", "'", "\"", "\\", "\n",
                                         "\t", "\x01", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                         "\xc2\x85", "[", "{", ",", "*", "&", "!", "|", ">", "%", "@", "?", "~",
                                         "y", "e", "+", "null", "true", "1", "0x", " #", ": ", "- "};
  auto random_text = [&] {
    std::string out;
    for (std::size_t n = pick(8); n > 0; --n) out += alphabet[pick(std::size(alphabet))];
    return out;
  };
  test::Everything e;
  e.flag = random() & 1;
  e.tiny = static_cast<int8_t>(random());
  e.big = random();
  e.negative = static_cast<int64_t>(random());
  e.rate = static_cast<double>(static_cast<int64_t>(random() % 2000001) - 1000000) / 1024.0;
  e.text = random_text();
  e.act = static_cast<test::activation>(pick(3));
  if (random() & 1) e.maybe = static_cast<int>(random());
  e.named = random() & 1 ? std::optional<std::string>(random_text()) : std::nullopt;
  e.depths.assign(pick(5), static_cast<int>(random() % 100));
  e.weights.clear();
  for (std::size_t n = pick(4); n > 0; --n) e.weights[random_text()] = static_cast<double>(pick(100)) / 4;
  e.nested.name = random_text();
  e.nested.middle.leaf.tag = random_text();
  e.layers.resize(pick(4));
  for (auto& layer : e.layers) layer.tag = random_text(), layer.ratio = static_cast<double>(pick(8)) / 8;
  if (random() & 1) e.choice = test::ConvConfig{.channels = static_cast<int64_t>(pick(512)), .kernel = {}};
  if (random() & 1) e.slot = test::AttentionConfig{.heads = 2, .dropout = 0.5};
  if (random() & 1) e.empty_slot = test::ConvConfig{};
  e.extras.resize(pick(4));
  return e;
}

/// A random zoo config: either backbone, either optimizer, loss weights and a checkpoint.
zoo::ImageClassifierConfig random_classifier(std::mt19937_64& random) {
  zoo::ImageClassifierConfig c;
  if (random() & 1) c.backbone = zoo::ViTConfig{.image_size = 384, .patch_size = 32, .dropout = 0.1};
  else c.backbone = zoo::ResNetConfig{.depths = {3, 4, 23, 3}, .block = random() & 1 ? "basic" : "bottleneck"};
  if (random() & 1) c.optimizer = zoo::AdamWConfig{.lr = 1e-3, .weight_decay = 0.05};
  c.num_classes = static_cast<int64_t>(random() % 100000);
  if (random() & 1) c.loss_weights = {{"main", 1}, {"aux head", 0.4}, {"yes", 2}};
  if (random() & 1) c.checkpoint = random() & 1 ? "runs/a b/last.safetensors" : "";
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_fast_scanner_records_what_yaml_cpp_records_or_declines) {
  for (std::string const& text : edge_texts) expect_the_scanner_agrees(text);
  std::mt19937_64 random(20261201);
  std::size_t dumps_declined = 0;
  std::vector<std::string> dumps;
  for (int round = 0; round < 300; ++round) {
    bool const docs = round % 2 == 0;
    dumps.push_back(round % 3 == 0 ? glasses::dump_yaml(random_classifier(random), {.docs = docs})
                                   : glasses::dump_yaml(random_everything(random), {.docs = docs}));
  }
  dumps.push_back(glasses::dump_yaml(test::Everything{}));
  dumps.push_back(glasses::dump_yaml(zoo::ImageClassifierConfig{}));
  for (std::string const& text : dumps) {
    // What dump_yaml writes is the scanner's to read: the fast path is the common path.
    auto const check = glasses::detail::check_yaml_scanner(text);
    dumps_declined += check.declined;
    BOOST_TEST(!check.declined, "the fast scanner declines what dump_yaml wrote:\n" << text);
    expect_the_scanner_agrees(text);
    for (int variant = 0; variant < 30; ++variant) expect_the_scanner_agrees(mutated(text, random));
  }
  for (std::string const& text : edge_texts)
    for (int variant = 0; variant < 20; ++variant) expect_the_scanner_agrees(mutated(text, random));
  BOOST_TEST(dumps_declined == 0u);
  BOOST_TEST_MESSAGE("the fast scanner read " << scanned << " texts and left " << declined << " to yaml-cpp");
  // The mutations keep many texts within the subset, so that the agreement says something.
  BOOST_TEST(scanned > 3000u);
}
