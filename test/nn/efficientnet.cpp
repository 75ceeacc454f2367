// EfficientNet: torchvision's width and depth rules, stages per resolution, its layout,
// initialisation and batch norms, stochastic depth (identity in eval), the dropout-linear
// head, and configs that cannot build, each issue naming its field.
#include "backbone_checks.hpp"

#include <cmath>
#include <limits>

using glasses::models::EfficientNetConfig;
using glasses::models::ImageClassifierConfig;

using namespace test;  // backbone_checks.hpp

namespace {

EfficientNetConfig backbone_of(std::string_view preset) { return test::backbone_of<EfficientNetConfig>(preset); }

EfficientNetConfig random_efficientnet(std::mt19937& rng) {
  EfficientNetConfig c;
  int const stages = draw(rng, {1, 2, 3}, {0});
  auto sized = [&] { return static_cast<std::size_t>(draw(rng, {stages}, {stages + 1})); };
  c.depths.resize(static_cast<std::size_t>(stages));
  for (auto& v : c.depths) v = draw<int64_t>(rng, {1, 2}, {0, huge});
  c.expand_ratios.resize(sized());
  for (auto& v : c.expand_ratios) v = draw(rng, {1.0, 2.5, 4.0}, {0.0, not_a_number, 2048.0});
  c.kernels.resize(sized());
  for (auto& v : c.kernels) v = draw<int64_t>(rng, {1, 3, 5}, {2, huge});
  c.strides.resize(sized());
  for (auto& v : c.strides) v = draw<int64_t>(rng, {1, 2}, {0, 3});
  c.widths.resize(sized());
  for (auto& v : c.widths) v = draw<int64_t>(rng, {4, 8, 16}, {0, huge, 1 << 20});
  c.stem_width = draw<int64_t>(rng, {4, 8}, {0, huge});
  c.width_mult = draw(rng, {0.5, 1.0, 1.3}, {0.0, not_a_number, 2048.0});
  c.depth_mult = draw(rng, {0.5, 1.0, 1.5}, {0.0, std::numeric_limits<double>::infinity()});
  c.last_conv_channels = draw<int64_t>(rng, {0, 16}, {-1, huge});
  c.stochastic_depth_prob = draw(rng, {0.0, 0.5}, {1.5, not_a_number});
  c.in_channels = draw<int64_t>(rng, {1, 3}, {0, huge});
  c.norm_eps = draw(rng, {1e-5, 1e-3}, {0.0, not_a_number});
  c.norm_momentum = draw(rng, {0.01, 0.1}, {-1.0, not_a_number});
  return c;
}

/// A three-stage EfficientNet for quick checks.
EfficientNetConfig tiny() {
  return {.expand_ratios = {1, 4, 4}, .kernels = {3, 3, 5}, .strides = {1, 2, 2}, .widths = {8, 16, 24},
          .depths = {1, 2, 2}, .stem_width = 8};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(efficientnet)

BOOST_AUTO_TEST_CASE(widths_and_depths_scale_as_torchvision_rounds_them) {
  auto b3 = backbone_of("efficientnet_b3");
  BOOST_TEST(b3.scaled_width(32) == 40);  // 38.4 to the nearest multiple of 8
  std::vector<int64_t> widths, depths;
  for (auto w : b3.widths) widths.push_back(b3.scaled_width(w));
  for (auto d : b3.depths) depths.push_back(b3.scaled_depth(d));
  BOOST_TEST((widths == std::vector<int64_t>{24, 32, 48, 96, 136, 232, 384}));
  BOOST_TEST((depths == std::vector<int64_t>{2, 3, 3, 5, 5, 6, 2}));
  auto b7 = backbone_of("efficientnet_b7");
  depths.clear();
  for (auto d : b7.depths) depths.push_back(b7.scaled_depth(d));
  BOOST_TEST((depths == std::vector<int64_t>{4, 7, 7, 10, 10, 13, 4}));
  BOOST_TEST(b7.norm_eps == 0.001);
  BOOST_TEST(backbone_of("efficientnet_b4").norm_eps == 1e-5);
}

BOOST_AUTO_TEST_CASE(a_stage_ends_at_each_resolution) {
  test::check_stages(EfficientNetConfig{}, {16, 24, 40, 112, 1280},
                     {{1, 16, 32, 32}, {1, 24, 16, 16}, {1, 40, 8, 8}, {1, 112, 4, 4}, {1, 1280, 2, 2}});
}

BOOST_AUTO_TEST_CASE(the_layout_follows_torchvision) {
  auto net = EfficientNetConfig{}.build();
  auto params = net->named_parameters();
  auto shape = [&](std::string const& name) { return params[name].sizes().vec(); };
  BOOST_TEST((shape("features.0.0.weight") == std::vector<int64_t>{32, 3, 3, 3}));
  // Stage 1 does not expand (ratio 1): block.0 is the depthwise convolution.
  BOOST_TEST((shape("features.1.0.block.0.0.weight") == std::vector<int64_t>{32, 1, 3, 3}));
  BOOST_TEST((shape("features.1.0.block.1.fc1.weight") == std::vector<int64_t>{8, 32, 1, 1}));
  BOOST_TEST((shape("features.1.0.block.2.0.weight") == std::vector<int64_t>{16, 32, 1, 1}));
  BOOST_TEST((shape("features.2.0.block.0.0.weight") == std::vector<int64_t>{96, 16, 1, 1}));
  // Squeeze-and-excitation takes a quarter of the block's input channels.
  BOOST_TEST((shape("features.2.1.block.2.fc1.weight") == std::vector<int64_t>{6, 144, 1, 1}));
  BOOST_TEST((shape("features.6.3.block.1.0.weight") == std::vector<int64_t>{1152, 1, 5, 5}));
  BOOST_TEST((shape("features.8.0.weight") == std::vector<int64_t>{1280, 320, 1, 1}));
  BOOST_TEST(params.size() == 213u - 2u);  // torchvision's 213, less the head's 2
}

BOOST_AUTO_TEST_CASE(initialisation_and_batch_norms_follow_torchvision) {
  torch::manual_seed(0);
  auto model = glasses::preset<ImageClassifierConfig>("efficientnet_b0").build();
  auto params = model->named_parameters();
  double const expected_std = std::sqrt(2.0 / 1280);
  BOOST_TEST(std::abs(params["backbone.features.8.0.weight"].std().item<double>() / expected_std - 1) < 0.02);
  BOOST_TEST(params["backbone.features.3.1.block.2.fc2.bias"].eq(0).all().item<bool>());
  BOOST_TEST(params["backbone.features.8.1.weight"].eq(1).all().item<bool>());
  auto const& fc = params["head.classifier.1.weight"];
  double const range = 1 / std::sqrt(1000.0);
  BOOST_TEST(fc.abs().max().item<double>() <= range);
  BOOST_TEST(fc.abs().max().item<double>() > 0.99 * range);
  BOOST_TEST(params["head.classifier.1.bias"].eq(0).all().item<bool>());
  auto b5 = glasses::preset<ImageClassifierConfig>("efficientnet_b5");
  glasses::set(b5, "backbone.depths", "[1, 1, 1, 1, 1, 1, 1]");
  glasses::set(b5, "backbone.depth_mult", "1");
  auto* norm = b5.build()->backbone->named_modules()["features.0.1"]->as<torch::nn::BatchNorm2d>();
  BOOST_TEST_REQUIRE(norm != nullptr);
  BOOST_TEST(norm->options.eps() == 0.001);
  BOOST_TEST(norm->options.momentum().value() == 0.01);
}

BOOST_AUTO_TEST_CASE(stochastic_depth_drops_residual_branches_in_training_and_none_in_eval) {
  test::check_stochastic_depth(tiny());
}

BOOST_AUTO_TEST_CASE(a_new_class_count_changes_the_linear_layer) {
  auto config = glasses::preset<ImageClassifierConfig>("efficientnet_b0");
  config.num_classes = 10;
  glasses::set(config, "head.dropout", "0.5");
  auto params = config.build()->named_parameters();
  BOOST_TEST((params["head.classifier.1.weight"].sizes().vec() == std::vector<int64_t>{10, 1280}));
  BOOST_TEST((test::logits_shape(config) == std::vector<int64_t>{2, 10}));
}

BOOST_AUTO_TEST_CASE(bad_configs_name_the_field) {
  auto c = tiny();
  c.kernels = {3, 3};
  c.widths.push_back(32);
  BOOST_TEST(build_issues(c) ==
                 (issues_t{{"kernels", "must have one entry per stage, as many as depths has (3), got 2"},
                           {"widths", "must have one entry per stage, as many as depths has (3), got 4"}}),
             boost::test_tools::per_element());
  c = tiny();
  c.expand_ratios[1] = 0;
  c.kernels[2] = 2;
  c.width_mult = -1;
  c.stochastic_depth_prob = 1.5;
  BOOST_TEST(build_issues(c) == (issues_t{{"expand_ratios[1]", "must be greater than 0, got 0"},
                                          {"kernels[2]", "must be odd, got 2"},
                                          {"width_mult", "must be greater than 0, got -1"},
                                          {"stochastic_depth_prob", "must be at most 1, got 1.5"}}),
             boost::test_tools::per_element());
  EfficientNetConfig const empty{.expand_ratios = {}, .kernels = {}, .strides = {}, .widths = {}, .depths = {}};
  BOOST_TEST(build_issues(empty) ==
                 (issues_t{{"depths", "must not be empty"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(multipliers_that_would_leave_the_bounds_are_refused_before_anything_is_allocated) {
  auto c = tiny();
  c.width_mult = 1024;
  c.widths = {8, 16, 1025};
  c.depth_mult = 1024;
  c.depths = {1, 1, 2};
  BOOST_TEST(build_issues(c) ==
                 (issues_t{{"depths[2]", "makes 2048 blocks with depth_mult, more than 1024; lower it or "
                                         "depth_mult"},
                           {"widths[2]", "makes 1049600 channels with width_mult, more than 1048576; lower it or "
                                         "width_mult"}}),
             boost::test_tools::per_element());
  c = tiny();
  c.width_mult = std::numeric_limits<double>::quiet_NaN();
  c.depth_mult = std::numeric_limits<double>::infinity();
  c.expand_ratios[0] = 1024;
  // Only the field rules speak: no product is taken of a multiplier out of its bounds.
  std::vector<std::string> paths;
  for (auto const& i : build_issues(c)) paths.push_back(i.path);
  BOOST_TEST((paths == std::vector<std::string>{"width_mult", "width_mult", "depth_mult"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_random_config_that_validates_builds_and_runs_and_one_that_does_not_is_refused) {
  test::check_random_configs(23, random_efficientnet);
}

BOOST_AUTO_TEST_CASE(the_schema_documents_every_field) { test::check_schema_documents({"efficientnet", "dropout_linear"}); }

BOOST_AUTO_TEST_SUITE_END()
