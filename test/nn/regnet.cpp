// RegNet: torchvision's rule from depth, w_0, w_a, w_m and group width to the stages, stages
// per resolution, its layout and initialisation, RegNetX without squeeze-and-excitation, and
// configs that cannot build, each issue naming its field.
#include "backbone_checks.hpp"

#include <cmath>
#include <stdexcept>

using glasses::models::ImageClassifierConfig;
using glasses::models::RegNetConfig;

using namespace test;  // backbone_checks.hpp

namespace {

/// A three-stage RegNetY for quick checks.
RegNetConfig tiny() {
  return {.depths = {1, 2, 1}, .widths = {8, 16, 32}, .group_widths = {8, 8, 16}, .bottleneck_multipliers = {1, 1, 1},
          .stem_width = 8};
}

RegNetConfig random_regnet(std::mt19937& rng) {
  RegNetConfig c;
  int const stages = draw(rng, {1, 2, 3}, {0});
  auto sized = [&] { return static_cast<std::size_t>(draw(rng, {stages}, {stages + 1})); };
  c.depths.resize(static_cast<std::size_t>(stages));
  for (auto& v : c.depths) v = draw<int64_t>(rng, {1, 2}, {0, huge});
  c.widths.resize(sized());
  for (auto& v : c.widths) v = draw<int64_t>(rng, {8, 16, 24}, {0, huge});
  c.group_widths.resize(sized());
  for (auto& v : c.group_widths) v = draw<int64_t>(rng, {4, 8}, {0, huge, 3});
  c.bottleneck_multipliers.resize(sized());
  for (auto& v : c.bottleneck_multipliers) v = draw(rng, {1.0, 0.5}, {0.0, not_a_number, 0.01});
  c.se_ratio = draw(rng, {0.0, 0.25}, {-1.0, 0.01});
  c.stem_width = draw<int64_t>(rng, {8, 16}, {0, huge});
  c.in_channels = draw<int64_t>(rng, {1, 3}, {0, huge});
  c.norm_eps = draw(rng, {1e-5, 1e-3}, {0.0, not_a_number});
  c.norm_momentum = draw(rng, {0.01, 0.1}, {-1.0, not_a_number});
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(regnet)

BOOST_AUTO_TEST_CASE(presets_follow_torchvisions_block_params) {
  // torchvision 0.14's BlockParams.from_init_params(...) of these presets: depths, widths
  // and group widths (regnet_x_8gf's first stage is narrower than its group width).
  auto y400 = test::backbone_of<RegNetConfig>("regnet_y_400mf");
  BOOST_TEST((y400.depths == std::vector<int64_t>{1, 3, 6, 6}));
  BOOST_TEST((y400.widths == std::vector<int64_t>{48, 104, 208, 440}));
  BOOST_TEST((y400.group_widths == std::vector<int64_t>{8, 8, 8, 8}));
  BOOST_TEST(y400.se_ratio == 0.25);
  BOOST_TEST(glasses::equal(y400, RegNetConfig{}));
  auto x8 = test::backbone_of<RegNetConfig>("regnet_x_8gf");
  BOOST_TEST((x8.depths == std::vector<int64_t>{2, 5, 15, 1}));
  BOOST_TEST((x8.widths == std::vector<int64_t>{80, 240, 720, 1920}));
  BOOST_TEST((x8.group_widths == std::vector<int64_t>{80, 120, 120, 120}));
  BOOST_TEST(x8.se_ratio == 0.0);
  auto y128 = test::backbone_of<RegNetConfig>("regnet_y_128gf");
  BOOST_TEST((y128.depths == std::vector<int64_t>{2, 7, 17, 1}));
  BOOST_TEST((y128.widths == std::vector<int64_t>{528, 1056, 2904, 7392}));
  auto x400 = test::backbone_of<RegNetConfig>("regnet_x_400mf");
  BOOST_TEST((x400.depths == std::vector<int64_t>{1, 2, 7, 12}));
  BOOST_TEST((x400.widths == std::vector<int64_t>{32, 64, 160, 400}));
}

BOOST_AUTO_TEST_CASE(the_rule_refuses_what_torchvision_refuses) {
  BOOST_CHECK_EXCEPTION(RegNetConfig::from_init_params(16, 50, 27.89, 2.09, 8, 0.25), std::invalid_argument,
                        [](std::invalid_argument const& e) {
                          return std::string(e.what()) ==
                                 "RegNetConfig::from_init_params: expected depth >= 1, w_a >= 0, w_0 > 0 a multiple "
                                 "of 8, w_m > 1 and group_width >= 1";
                        });
  BOOST_CHECK_THROW(RegNetConfig::from_init_params(16, 48, 27.89, 1.0, 8, 0.25), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_stage_ends_at_each_resolution) {
  test::check_stages(tiny(), {8, 8, 16, 32},
                     {{1, 8, 32, 32}, {1, 8, 16, 16}, {1, 16, 8, 8}, {1, 32, 4, 4}});
}

BOOST_AUTO_TEST_CASE(the_layout_follows_torchvision) {
  auto net = RegNetConfig{}.build();
  auto params = net->named_parameters();
  auto shape = [&](std::string const& name) { return params[name].sizes().vec(); };
  std::string const first = "trunk_output.block1.block1-0.";
  BOOST_TEST((shape("stem.0.weight") == std::vector<int64_t>{32, 3, 3, 3}));
  BOOST_TEST((shape(first + "proj.0.weight") == std::vector<int64_t>{48, 32, 1, 1}));
  BOOST_TEST((shape(first + "f.a.0.weight") == std::vector<int64_t>{48, 32, 1, 1}));
  // Groups of 8 channels; squeeze-and-excitation a quarter of the block's input channels.
  BOOST_TEST((shape(first + "f.b.0.weight") == std::vector<int64_t>{48, 8, 3, 3}));
  BOOST_TEST((shape(first + "f.se.fc1.weight") == std::vector<int64_t>{8, 48, 1, 1}));
  BOOST_TEST((shape(first + "f.c.1.weight") == std::vector<int64_t>{48}));
  BOOST_TEST((shape("trunk_output.block4.block4-5.f.se.fc2.bias") == std::vector<int64_t>{440}));
  BOOST_TEST(!params.contains("trunk_output.block2.block2-1.proj.0.weight"));
  BOOST_TEST(params.size() == 225u - 2u);  // torchvision's 225, less the head's 2
  auto x = test::backbone_of<RegNetConfig>("regnet_x_400mf").build();
  BOOST_TEST(!x->named_parameters().contains(first + "f.se.fc1.weight"));
}

BOOST_AUTO_TEST_CASE(initialisation_follows_torchvision) {
  torch::manual_seed(0);
  auto params = glasses::preset<ImageClassifierConfig>("regnet_y_400mf").build()->named_parameters();
  // Normal with std sqrt(2 / fan_out), fan_out = out_channels * kernel area.
  auto const& c = params["backbone.trunk_output.block4.block4-0.f.c.0.weight"];
  BOOST_TEST(std::abs(c.std().item<double>() / std::sqrt(2.0 / 440) - 1) < 0.02);
  // The squeeze-and-excitation biases keep PyTorch's uniform start; batch norms start at 1 and 0.
  BOOST_TEST(!params["backbone.trunk_output.block1.block1-0.f.se.fc1.bias"].eq(0).all().item<bool>());
  BOOST_TEST(params["backbone.stem.1.weight"].eq(1).all().item<bool>());
  BOOST_TEST(params["backbone.stem.1.bias"].eq(0).all().item<bool>());
  BOOST_TEST(std::abs(params["head.fc.weight"].std().item<double>() / 0.01 - 1) < 0.02);
  BOOST_TEST(params["head.fc.bias"].eq(0).all().item<bool>());
}

BOOST_AUTO_TEST_CASE(a_classifier_gives_logits_with_a_new_class_count) {
  ImageClassifierConfig const config{
      .backbone = tiny(), .head = glasses::models::NormalLinearHeadConfig{}, .num_classes = 7};
  auto model = config.build();
  BOOST_TEST((model->named_parameters()["head.fc.weight"].sizes().vec() == std::vector<int64_t>{7, 32}));
  auto logits = model(torch::randn({3, 3, 32, 32}));
  BOOST_TEST((logits.sizes().vec() == std::vector<int64_t>{3, 7}));
  logits.sum().backward();
  for (auto const& p : model->named_parameters()) BOOST_TEST(p.value().grad().defined(), p.key());
}

BOOST_AUTO_TEST_CASE(bad_configs_name_the_field) {
  auto c = tiny();
  c.group_widths = {8, 8};
  c.bottleneck_multipliers.push_back(1);
  BOOST_TEST(build_issues(c) ==
                 (issues_t{{"group_widths", "must have one entry per stage, as many as depths has (3), got 2"},
                           {"bottleneck_multipliers",
                            "must have one entry per stage, as many as depths has (3), got 4"}}),
             boost::test_tools::per_element());
  c = tiny();
  c.group_widths[1] = 6;
  c.bottleneck_multipliers[2] = 1e-3;
  c.depths[0] = 0;
  BOOST_TEST(build_issues(c) ==
                 (issues_t{{"depths[0]", "must be at least 1, got 0"},
                           {"group_widths[1]",
                            "must divide the bottleneck width, widths[1] times bottleneck_multipliers[1] (16), got 6"},
                           {"bottleneck_multipliers[2]", "makes a bottleneck of 0 channels, expected 1 to 1048576"}}),
             boost::test_tools::per_element());
  c = tiny();
  c.se_ratio = 0.05;
  BOOST_TEST(build_issues(c) == (issues_t{{"se_ratio", "leaves blocks of 8 input channels no squeeze-and-excitation "
                                                       "channel; set 0 for none, or more"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_random_config_that_validates_builds_and_runs_and_one_that_does_not_is_refused) {
  test::check_random_configs(31, random_regnet);
}

BOOST_AUTO_TEST_CASE(the_schema_documents_every_field) { test::check_schema_documents({"regnet", "normal_linear"}); }

BOOST_AUTO_TEST_SUITE_END()
