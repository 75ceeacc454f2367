// YAML configs: the JSON reader's rules and messages with YAML positions, the YAML 1.2 core
// schema, aliases and hostile input, and the writer's round trip.
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

template <class T> std::vector<glasses::issue> yaml_issues(std::string_view text, glasses::load_options options = {}) {
  return test::issues_of([&] { glasses::parse_yaml<T>(text, options); });
}

template <class T> glasses::issue single_issue(std::string_view text, glasses::load_options options = {}) {
  auto issues = yaml_issues<T>(text, options);
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  return issues[0];
}

template <class T> glasses::issue single_json_issue(std::string_view text) {
  auto issues = test::issues_of([&] { glasses::parse<T>(text); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  return issues[0];
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_hydra_style_file_of_the_zoo_config_loads) {
  auto config = glasses::parse_yaml<zoo::ImageClassifierConfig>(R"(# ResNet-101 on a 10-class dataset.
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
    glasses::parse_yaml<zoo::ImageClassifierConfig>("num_classes: 10\noptimizer:\n  type: sgd\n  lr: fast\n", {},
                                                    "run.yaml");
  });
  BOOST_TEST_REQUIRE(e.size() == 1u);
  BOOST_TEST(e[0].path == "optimizer.lr");
  BOOST_TEST(e[0].message == R"(line 4, column 7: expected a number, got the string "fast")");
  try {
    glasses::parse_yaml<zoo::ImageClassifierConfig>("num_classes: 10\noptimizer:\n  type: sgd\n  lr: fast\n", {},
                                                    "run.yaml");
  } catch (glasses::config_error const& error) {
    BOOST_TEST(std::string(error.what()) ==
               "run.yaml: 1 error\n  optimizer.lr: line 4, column 7: expected a number, got the string \"fast\"");
    BOOST_TEST(error.source() == "run.yaml");
  }
}

BOOST_AUTO_TEST_CASE(every_message_is_the_json_readers_with_a_position) {
  struct example {
    char const* yaml;
    char const* json;
    char const* position;
  };
  example const examples[] = {
      {"backbone:\n  type: resnet\n  dpeths: [1]\n", R"({"backbone":{"type":"resnet","dpeths":[1]}})", "line 3, column 11: "},
      {"backbone:\n  type: resnet\n  groups: 0\n", R"({"backbone":{"type":"resnet","groups":0}})", "line 3, column 11: "},
      {"backbone:\n  type: resnet\n  depths: [3, 0]\n", R"({"backbone":{"type":"resnet","depths":[3,0]}})",
       "line 3, column 15: "},
      {"backbone: {type: resnt}\n", R"({"backbone":{"type":"resnt"}})", "line 1, column 18: "},
      {"backbone: {depths: [1]}\n", R"({"backbone":{"depths":[1]}})", "line 1, column 11: "},
      {"num_classes: 99999999999999999999\n", R"({"num_classes":99999999999999999999})", "line 1, column 14: "},
      {"num_classes: 1.5\n", R"({"num_classes":1.5})", "line 1, column 14: "},
      {"num_classes: [1]\n", R"({"num_classes":[1]})", "line 1, column 14: "},
      {"optimizer: {type: sgd, lr: -1}\n", R"({"optimizer":{"type":"sgd","lr":-1}})", "line 1, column 28: "},
      {"optimizer: {lr: 1, lr: 2, type: sgd}\n", R"({"optimizer":{"type":"sgd","lr":1,"lr":2}})",
       "line 1, column 24: "},
      {"head: {type: pooled_linear, dropout: 1}\n", R"({"head":{"type":"pooled_linear","dropout":1}})",
       "line 1, column 38: "},
      {"loss_weights: {a: x}\n", R"({"loss_weights":{"a":"x"}})", "line 1, column 19: "},
  };
  for (example const& e : examples) {
    BOOST_TEST_CONTEXT(e.yaml) {
      auto const yaml = single_issue<zoo::ImageClassifierConfig>(e.yaml);
      auto const json = single_json_issue<zoo::ImageClassifierConfig>(e.json);
      BOOST_TEST(yaml.path == json.path);
      BOOST_TEST(yaml.message == e.position + json.message);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_at_once_each_with_its_position) {
  auto issues = yaml_issues<test::Everything>("tiny: 300\nflag: yes\nact: swish\ndepths: [1, two]\n");
  BOOST_TEST_REQUIRE(issues.size() == 4u);
  BOOST_TEST(issues[0] == (glasses::issue{"tiny", "line 1, column 7: expected an integer in [-128, 127] (int8_t), got 300"}));
  BOOST_TEST(issues[1] == (glasses::issue{"flag", R"(line 2, column 7: expected true or false, got the string "yes")"}));
  BOOST_TEST(issues[2].path == "act");
  BOOST_TEST(issues[2].message.starts_with(R"(line 3, column 6: expected one of "relu", "gelu", "silu", got the string "swish")"));
  BOOST_TEST(issues[3] == (glasses::issue{"depths[1]", R"(line 4, column 13: expected an integer, got the string "two")"}));
}

BOOST_AUTO_TEST_CASE(a_missing_key_is_located_at_its_mapping) {
  auto i = single_issue<test::WithRequired>("epochs: 3\n");
  BOOST_TEST(i.path == "dataset");
  BOOST_TEST(i.message == single_json_issue<test::WithRequired>(R"({"epochs":3})").message);
  auto nested = single_issue<test::Level1>("middle:\n  leaf: {ratio: 1, tag: x, extra: 2}\n");
  BOOST_TEST(nested.path == "middle.leaf.extra");
  BOOST_TEST(nested.message == R"(line 2, column 35: unknown key in Level3; its keys are "ratio", "tag")");
}

BOOST_AUTO_TEST_CASE(columns_count_characters) {
  auto i = single_issue<test::Level3>("tag: \"\xc3\xa9\xc3\xa9\"\nratio: {\xc3\xa9: 1}\n");
  BOOST_TEST(i.path == "ratio");
  BOOST_TEST(i.message == "line 2, column 8: expected a number, got an object");
}

BOOST_AUTO_TEST_CASE(plain_scalars_follow_the_yaml_1_2_core_schema) {
  auto e = glasses::parse_yaml<test::Everything>(R"(
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
      BOOST_TEST(i.message == "line 1, column 7: expected true or false, got the string \"" + std::string(word) + "\"");
      BOOST_TEST(glasses::parse_yaml<test::Everything>(std::string("text: ") + word).text == word);
    }
  }
  auto octal = single_issue<test::Everything>("tiny: 010");
  BOOST_TEST(octal.message == R"(line 1, column 7: expected an integer, got the string "010")");
  auto quoted = single_issue<test::Everything>("tiny: \"5\"");
  BOOST_TEST(quoted.message == R"(line 1, column 7: expected an integer, got the string "5")");
  BOOST_TEST(glasses::parse_yaml<test::Everything>("text: 'true'").text == "true");
  BOOST_TEST(glasses::parse_yaml<test::Everything>("text: .5e").text == ".5e");
}

BOOST_AUTO_TEST_CASE(core_tags_keep_their_meaning_and_other_tags_are_refused) {
  auto e = glasses::parse_yaml<test::Everything>("text: !!str 5\nrate: !!float 2\ntiny: !!int 7\nflag: !!bool true\n"
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
             "line 1, column 9: the tag !!python/object:os.system is not supported; a config uses only the YAML "
             "core schema's tags (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq)");
  auto local = single_issue<test::Everything>("text: !shout hello\n");
  BOOST_TEST(local.message.starts_with("line 1, column 7: the tag !shout is not supported"));
  auto misfit = single_issue<test::Everything>("tiny: !!int five\n");
  BOOST_TEST(misfit.message == R"(line 1, column 7: the tag !!int does not fit "five")");
  auto leading_zero = single_issue<test::Everything>("tiny: !!int 010\n");
  BOOST_TEST(leading_zero.message == "line 1, column 7: the tag !!int does not fit \"010\"; a leading zero is octal in "
                                     "YAML 1.1 and decimal in YAML 1.2, so write the number without it");
}

BOOST_AUTO_TEST_CASE(anchors_and_aliases_expand) {
  auto e = glasses::parse_yaml<test::Everything>(
      "nested: &n {name: a, middle: {width: 3}}\nlayers: [&leaf {tag: x}, *leaf]\ndepths: &d [1, 2]\n"
      "weights: {a: &w 2.5, b: *w}\n");
  BOOST_TEST(e.nested.name == "a");
  BOOST_TEST(e.layers.size() == 2u);
  BOOST_TEST(e.layers[1].tag == "x");
  BOOST_TEST(e.weights.at("b") == 2.5);
  // A problem inside an alias is located where the alias is written.
  auto i = yaml_issues<test::Everything>("text: &t [1]\nnamed: *t\n");
  BOOST_TEST_REQUIRE(i.size() == 2u);
  BOOST_TEST(i[0] == (glasses::issue{"text", "line 1, column 7: expected a string, got an array"}));
  BOOST_TEST(i[1] == (glasses::issue{"named", "line 2, column 8: expected a string, got an array"}));
  auto j = single_issue<test::Everything>("x: &word five\ntiny: *word\n", {.allow_unknown_keys = true});
  BOOST_TEST(j == (glasses::issue{"tiny", R"(line 2, column 7: expected an integer, got the string "five")"}));
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
  BOOST_TEST(i.message == "line 5, column 15: the aliases expand the document to more than ten times its size (a "
                          "\"billion laughs\" document?); write the repeated values out, or repeat them less");
}

BOOST_AUTO_TEST_CASE(an_alias_inside_its_own_anchor_is_refused) {
  auto i = single_issue<test::Everything>("depths: &loop [1, *loop]\n");
  BOOST_TEST(i.message == "line 1, column 19: the alias *loop is inside the node it refers to, which would repeat "
                          "forever; an alias may refer only to a node that has ended");
  auto undefined = single_issue<test::Everything>("depths: *nowhere\n");
  BOOST_TEST(undefined.message == "line 1, column 9: invalid YAML (the referenced anchor is not defined)");
}

BOOST_AUTO_TEST_CASE(one_document_and_never_an_empty_one) {
  auto two = single_issue<test::Level3>("tag: a\n---\ntag: b\n");
  BOOST_TEST(two.message == "line 2, column 1: a second YAML document starts here; a config is one document (remove "
                            "the \"---\" line and what follows it, or make each document a file of its own)");
  for (char const* empty : {"", "# only a comment\n", "\n\n"}) {
    auto none = single_issue<test::Level3>(empty);
    BOOST_TEST(none.message == "line 1, column 1: the YAML text holds no document; is the file empty? A config that "
                               "keeps every default is {}");
  }
  auto null_document = single_issue<test::Level3>("---\n");
  // A problem of the whole document has no path, and no position, as in JSON.
  BOOST_TEST(null_document.message == single_json_issue<test::Level3>("null").message);
  BOOST_TEST(glasses::parse_yaml<test::Level3>("{}").tag == test::Level3{}.tag);
}

BOOST_AUTO_TEST_CASE(syntax_errors_and_keys_that_are_not_strings) {
  auto syntax = single_issue<test::Level3>("tag: a: b\n");
  BOOST_TEST(syntax.message == "line 1, column 7: invalid YAML (illegal map value)");
  auto unclosed = single_issue<test::Everything>("depths: [1, 2\n");
  BOOST_TEST(unclosed.message.starts_with("line "));
  BOOST_TEST(unclosed.message.find("invalid YAML (") != std::string::npos);
  auto sequence_key = single_issue<test::Everything>("? [a]\n: 1\n");
  BOOST_TEST(sequence_key.message == "line 1, column 3: a mapping key is a sequence; keys are strings");
  auto null_key = single_issue<test::Everything>("~: 1\n");
  BOOST_TEST(null_key.message == "line 1, column 1: a mapping key is empty or null; keys are strings (quote \"null\" or "
                                 "\"~\" to use it as a key)");
  auto numeric_key = glasses::parse_yaml<test::Everything>("weights: {1: 2, true: 3}\n");
  BOOST_TEST(numeric_key.weights.at("1") == 2.0);
  BOOST_TEST(numeric_key.weights.at("true") == 3.0);
  auto not_utf8 = single_issue<test::Everything>("text: caf\xe9\n");
  BOOST_TEST(not_utf8.message.starts_with("line 1, column 7: the text is not UTF-8 ("));
}

BOOST_AUTO_TEST_CASE(deep_nesting_stops_at_max_depth_as_json_does) {
  // Three levels (the mapping and two lists) are allowed, a fourth is not, in both formats.
  auto three = single_issue<test::Everything>("depths: [[]]", {.max_depth = 3});
  BOOST_TEST(three.message == "line 1, column 10: " +
                                  single_json_issue<test::Everything>(R"({"depths":[[]]})").message);
  BOOST_TEST(test::issues_of([] { glasses::parse<test::Everything>(R"({"depths":[[]]})", {.max_depth = 3}); }).size() == 1u);
  auto four = single_issue<test::Everything>("depths: [[[]]]", {.max_depth = 3});
  BOOST_TEST(four.message == "line 1, column 11: " + glasses::detail::too_deep_message(3));
  auto json_four = test::issues_of([] { glasses::parse<test::Everything>(R"({"depths":[[[]]]})", {.max_depth = 3}); });
  BOOST_TEST(json_four.back().message == "line 1, column 13: " + glasses::detail::too_deep_message(3));
  // Aliases count their expanded depth.
  auto aliased = single_issue<test::Everything>("x: &deep [[1]]\ndepths: [*deep]\n",
                                                {.allow_unknown_keys = true, .max_depth = 3});
  BOOST_TEST(aliased.message == "line 2, column 10: " + glasses::detail::too_deep_message(3));
  auto very_deep = single_issue<test::Everything>("depths: " + std::string(100000, '[') + std::string(100000, ']'));
  BOOST_TEST(very_deep.message == "line 1, column 136: " + glasses::detail::too_deep_message(128));
  auto unclosed = single_issue<test::Everything>(std::string(100000, '['));
  BOOST_TEST(unclosed.message == "line 1, column 1: a mapping key is a sequence; keys are strings");
}

BOOST_AUTO_TEST_CASE(a_union_without_type_and_unknown_key_warnings) {
  auto untyped = single_issue<test::Everything>("choice: {heads: 2}\n");
  BOOST_TEST(untyped.path == "choice");
  BOOST_TEST(untyped.message == "line 1, column 9: " + single_json_issue<test::Everything>(R"({"choice":{"heads":2}})").message);
  std::vector<glasses::issue> warnings;
  auto leaf = glasses::parse_yaml<test::Level3>("tag: a\ncolour: red\n", {.allow_unknown_keys = true, .warnings = &warnings});
  BOOST_TEST(leaf.tag == "a");
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].path == "colour");
  BOOST_TEST(warnings[0].message.starts_with("line 2, column 9: unknown key in Level3"));
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
      BOOST_TEST(glasses::parse_yaml<test::Level3>(yaml).tag == text);
    }
  }
  for (std::string text : {"relu", "resnet50", "data/imagenet", "a b", "caf\xc3\xa9", "inf", "x-y.z"}) {
    test::Level3 leaf{.ratio = 1, .tag = text};
    BOOST_TEST(glasses::dump_yaml(leaf) == "ratio: 1\ntag: " + text + "\n");
  }
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
    auto const back = glasses::parse_yaml<test::Everything>(yaml);
    BOOST_TEST_REQUIRE(glasses::equal(back, e), yaml);
  }
}
