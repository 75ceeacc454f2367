// The zoo's field rules: a config that validates builds and runs, one that does not is
// refused by build with the same issues, each with its full path; the schema carries every
// zoo field's doc and bounds.
#include "../issues_of.hpp"

#include <glasses/models.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <random>

using glasses::issue;
using glasses::models::ClassTokenHeadConfig;
using glasses::models::ImageClassifierConfig;
using glasses::models::PooledLinearHeadConfig;
using glasses::models::ResNetBlock;
using glasses::models::ResNetConfig;
using glasses::models::ViTConfig;

namespace {

constexpr int64_t huge = std::numeric_limits<int64_t>::max();
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// One of `good`, or one time in 10 one of `bad`: random configs are then valid a third to
/// half of the time, and otherwise broken in a field or two, or between fields.
template <class T> T draw(std::mt19937& rng, std::initializer_list<T> good, std::initializer_list<T> bad) {
  bool const broken = std::uniform_int_distribution<int>(0, 9)(rng) == 0;
  auto const& pool = broken ? bad : good;
  return pool.begin()[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
}

/// The property for one config: it validates and builds a model that `run` runs, or it does
/// not, and build throws config_error with exactly validate's issues. Counts the valid ones.
template <class Config, class Run> void check_property(Config const& config, Run run, int& valid) {
  std::vector<issue> problems = glasses::validate(config);
  BOOST_TEST_CONTEXT(glasses::dump(config)) {
    if (problems.empty()) {
      ++valid;
      try {
        run(config.build());
      } catch (std::exception const& e) {
        std::string const what = e.what();  // LibTorch's errors go on with a backtrace
        BOOST_ERROR("validates, but does not build and run: " << what.substr(0, what.find('\n')));
      }
    } else {
      try {
        BOOST_TEST(test::issues_of([&] { config.build(); }) == problems, boost::test_tools::per_element());
      } catch (std::exception const& e) {
        BOOST_ERROR("does not validate, but build throws no config_error: " << e.what());
      }
    }
  }
}

ResNetConfig random_resnet(std::mt19937& rng) {
  ResNetConfig c;
  c.block = std::bernoulli_distribution(0.5)(rng) ? ResNetBlock::basic : ResNetBlock::bottleneck;
  int const stages = draw(rng, {1, 2, 3}, {0});
  c.depths.clear();
  for (int i = 0; i < stages; ++i) c.depths.push_back(draw<int64_t>(rng, {1, 2}, {0, -1}));
  int const widths = draw(rng, {stages}, {stages + 1, std::max(stages - 1, 0)});
  c.widths.clear();
  // A width of 1 breaks a bottleneck with width_per_group below 64 only.
  for (int i = 0; i < widths; ++i) c.widths.push_back(draw<int64_t>(rng, {1, 4, 8, 16}, {0, huge}));
  if (c.block == ResNetBlock::basic) {
    c.groups = draw<int64_t>(rng, {1}, {2, 0});
    c.width_per_group = draw<int64_t>(rng, {64}, {32});
  } else {
    c.groups = draw<int64_t>(rng, {1, 2, 4}, {0, huge});
    c.width_per_group = draw<int64_t>(rng, {16, 64, 128}, {0, huge});
  }
  c.in_channels = draw<int64_t>(rng, {1, 3}, {0, huge});
  c.stem_width = draw<int64_t>(rng, {4, 8}, {0, huge});
  c.zero_init_residual = std::bernoulli_distribution(0.5)(rng);
  return c;
}

ViTConfig random_vit(std::mt19937& rng) {
  ViTConfig c;
  c.image_size = draw<int64_t>(rng, {8, 12, 16}, {0, huge});
  c.patch_size = draw<int64_t>(rng, {2, 4}, {0, 3, 5, huge});
  c.hidden_dim = draw<int64_t>(rng, {8, 12, 16}, {0, huge});
  c.num_layers = draw<int64_t>(rng, {1, 2}, {0, -1, huge});
  c.num_heads = draw<int64_t>(rng, {1, 2, 4}, {0, 3, 5});
  c.mlp_dim = draw<int64_t>(rng, {8, 16}, {0, huge});
  c.dropout = draw(rng, {0.0, 0.1}, {1.0, -0.1, not_a_number});
  c.attention_dropout = draw(rng, {0.0, 0.1}, {1.0, -0.1, not_a_number});
  c.in_channels = draw<int64_t>(rng, {1, 3}, {0, huge});
  return c;
}

int64_t random_classes(std::mt19937& rng) { return draw<int64_t>(rng, {1, 3}, {0, huge}); }

/// The logits of an image classifier for one image of `channels` x `size` x `size`.
torch::Tensor logits(glasses::nn::ImageClassifier model, int64_t channels, int64_t size) {
  model->eval();
  torch::NoGradGuard no_grad;
  return model(torch::randn({1, channels, size, size}));
}

constexpr int samples = 50;

}  // namespace

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(a_random_resnet_that_validates_builds_and_runs_and_one_that_does_not_is_refused) {
  torch::manual_seed(0);
  std::mt19937 rng(13);
  int valid_backbones = 0, valid_classifiers = 0;
  for (int i = 0; i < samples; ++i) {
    ResNetConfig const backbone = random_resnet(rng);
    check_property(
        backbone,
        [&](glasses::models::ResNet net) {
          net->eval();
          torch::NoGradGuard no_grad;
          auto features = net->forward(torch::randn({1, backbone.in_channels, 8, 8}));
          BOOST_TEST_REQUIRE(features.size() == backbone.depths.size());
          for (std::size_t s = 0; s < features.size(); ++s)
            BOOST_TEST(features[s].size(1) == net->stage_channels().at(s));
        },
        valid_backbones);
    ImageClassifierConfig const classifier{
        .backbone = backbone,
        .head = PooledLinearHeadConfig{.dropout = draw(rng, {0.0, 0.5}, {1.0, -0.1, not_a_number})},
        .num_classes = random_classes(rng)};
    check_property(
        classifier,
        [&](glasses::nn::ImageClassifier model) {
          BOOST_TEST((logits(model, backbone.in_channels, 8).sizes().vec() ==
                      std::vector<int64_t>{1, classifier.num_classes}));
        },
        valid_classifiers);
  }
  // Both sides of the property are exercised.
  BOOST_TEST_MESSAGE("valid: " << valid_backbones << " ResNets, " << valid_classifiers << " classifiers of "
                                << samples);
  BOOST_TEST(valid_backbones >= 10);
  BOOST_TEST(valid_backbones <= samples - 10);
  BOOST_TEST(valid_classifiers >= 10);
}

BOOST_AUTO_TEST_CASE(a_random_vit_that_validates_builds_and_runs_and_one_that_does_not_is_refused) {
  torch::manual_seed(0);
  std::mt19937 rng(13);
  int valid_backbones = 0, valid_classifiers = 0;
  for (int i = 0; i < samples; ++i) {
    ViTConfig const backbone = random_vit(rng);
    check_property(
        backbone,
        [&](glasses::models::VisionTransformer net) {
          net->eval();
          torch::NoGradGuard no_grad;
          auto features =
              net->forward(torch::randn({1, backbone.in_channels, backbone.image_size, backbone.image_size}));
          int64_t const side = backbone.image_size / backbone.patch_size;
          BOOST_TEST_REQUIRE(features.size() == 1u);
          BOOST_TEST((features[0].sizes().vec() == std::vector<int64_t>{1, 1 + side * side, backbone.hidden_dim}));
        },
        valid_backbones);
    ImageClassifierConfig const classifier{
        .backbone = backbone, .head = ClassTokenHeadConfig{}, .num_classes = random_classes(rng)};
    check_property(
        classifier,
        [&](glasses::nn::ImageClassifier model) {
          BOOST_TEST((logits(model, backbone.in_channels, backbone.image_size).sizes().vec() ==
                      std::vector<int64_t>{1, classifier.num_classes}));
        },
        valid_classifiers);
  }
  BOOST_TEST_MESSAGE("valid: " << valid_backbones << " ViTs, " << valid_classifiers << " classifiers of " << samples);
  BOOST_TEST(valid_backbones >= 10);
  BOOST_TEST(valid_backbones <= samples - 10);
  BOOST_TEST(valid_classifiers >= 10);
}

BOOST_AUTO_TEST_CASE(a_zero_depth_is_reported_with_its_full_path) {
  ImageClassifierConfig const config{.backbone = ResNetConfig{.depths = {1, 0}, .widths = {64, 128}}};
  std::vector<issue> const expected{{"backbone.depths[1]", "must be at least 1, got 0"}};
  BOOST_TEST(glasses::validate(config) == expected, boost::test_tools::per_element());
  BOOST_TEST(test::issues_of([&] { config.build(); }) == expected, boost::test_tools::per_element());
  auto parsed = test::issues_of([] {
    glasses::parse<ImageClassifierConfig>(R"({"backbone": {"type": "resnet", "depths": [1, 0], "widths": [64, 128]}})");
  });
  BOOST_TEST(parsed == (std::vector<issue>{{expected[0].path, expected[0].message, 1, 47}}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_norm_epsilon_that_float32_rounds_to_zero_is_refused) {
  // With 1e-300 the layer norms of an image of zeros computed 0/0: the logits were NaN.
  auto tiny = [](double eps) {
    return ImageClassifierConfig{
        .backbone = glasses::models::ConvNeXtConfig{.widths = {8}, .depths = {1}, .norm_eps = eps},
        .head = glasses::models::LayerNormLinearHeadConfig{.norm_eps = eps},
        .num_classes = 2};
  };
  BOOST_TEST(glasses::validate(tiny(1e-300)) ==
                 (std::vector<issue>{{"backbone.norm_eps", "must be at least 1e-30, got 1e-300"},
                                     {"head.norm_eps", "must be at least 1e-30, got 1e-300"}}),
             boost::test_tools::per_element());
  auto model = tiny(1e-30).build();
  torch::NoGradGuard no_grad;
  BOOST_TEST(model(torch::zeros({1, 3, 32, 32})).isfinite().all().item<bool>());
}

BOOST_AUTO_TEST_CASE(a_head_refuses_sizes_that_no_rule_of_its_config_saw) {
  // in_channels comes from the backbone's stage_channels(), which a user's backbone writes.
  BOOST_TEST(test::issues_of([] { PooledLinearHeadConfig{}.build(0, 10); }) ==
                 (std::vector<issue>{{"in_channels", "expected 1 to 1048576 channels from the backbone's last stage, "
                                                     "got 0; check what the backbone's stage_channels() returns"}}),
             boost::test_tools::per_element());
  BOOST_TEST(test::issues_of([] { ClassTokenHeadConfig{}.build(huge, 10); }) ==
                 (std::vector<issue>{{"in_channels", "expected 1 to 1048576 channels from the backbone's last stage, "
                                                     "got 9223372036854775807; check what the backbone's "
                                                     "stage_channels() returns"}}),
             boost::test_tools::per_element());
  BOOST_TEST(test::issues_of([] { ClassTokenHeadConfig{}.build(8, -1); }) ==
                 (std::vector<issue>{{"num_classes", "expected 1 to 16777216 classes, got -1"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(overrides_are_checked_against_the_zoo_rules) {
  auto config = glasses::preset<ImageClassifierConfig>("vit_b_16");
  auto issues = test::issues_of([&] { glasses::apply_overrides(config, {"backbone.num_heads=7", "num_classes=0"}); });
  std::vector<issue> const expected{
      {"backbone.num_heads", "must divide hidden_dim (768), got 7; the nearest divisors are 6 and 8"},
      {"num_classes", "must be at least 1, got 0"}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_schema_documents_every_zoo_field_and_bounds_its_sizes) {
  auto const schema = glasses::json_schema<ImageClassifierConfig>();
  auto const& defs = schema.at("$defs").as_object();
  auto every_field_is_described = [](boost::json::value const& record) {
    for (auto const& property : record.at("properties").as_object())
      if (property.key() != "type")  // a slot's discriminator, not a field
        BOOST_TEST(property.value().as_object().contains("description"), property.key());
  };
  every_field_is_described(schema);
  for (char const* name : {"resnet", "vit", "pooled_linear", "class_token"})
    BOOST_TEST_CONTEXT(name) every_field_is_described(defs.at(name));
  BOOST_TEST(schema.at("properties").at("num_classes").at("description") == "classes the head predicts");
  BOOST_TEST(boost::json::serialize(defs.at("resnet").at("properties").at("widths").at("items")) ==
             R"({"type":"integer","minimum":1,"maximum":1048576})");
  BOOST_TEST(defs.at("resnet").at("properties").at("depths").at("minItems") == 1u);
  BOOST_TEST(boost::json::serialize(defs.at("vit").at("properties").at("patch_size")) ==
             R"({"type":"integer","minimum":1,"maximum":1024,"default":16,"description":"height and width of the )"
             R"(square patches; must divide image_size"})");
  // Bounded both ways, a float is a number, none of "inf", "-inf" and "nan".
  auto const& dropout = defs.at("vit").at("properties").at("dropout");
  BOOST_TEST(!dropout.as_object().contains("anyOf"));
  BOOST_TEST(dropout.at("type") == "number");
  BOOST_TEST(dropout.at("minimum") == 0.0);
  BOOST_TEST(dropout.at("exclusiveMaximum") == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
