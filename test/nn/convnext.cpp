// ConvNeXt: stages per resolution, torchvision's layout and initialisation, layer scale and
// stochastic depth (identity in eval), the layer-norm-linear head with a new class count and
// partial loading, and configs that cannot build, each issue naming its field.
#include "backbone_checks.hpp"
#include "checkpoint_files.hpp"

#include <algorithm>
#include <cmath>

using glasses::models::ConvNeXtConfig;
using glasses::models::ImageClassifierConfig;
using glasses::models::LayerNormLinearHeadConfig;

using namespace test;  // backbone_checks.hpp

namespace {

/// A four-stage ConvNeXt for quick checks.
ConvNeXtConfig tiny() { return {.widths = {16, 32, 48, 64}, .depths = {1, 1, 2, 1}}; }

ImageClassifierConfig tiny_classifier(int64_t num_classes) {
  return {.backbone = tiny(), .head = LayerNormLinearHeadConfig{}, .num_classes = num_classes};
}

ConvNeXtConfig random_convnext(std::mt19937& rng) {
  ConvNeXtConfig c;
  int const stages = draw(rng, {1, 2, 3}, {0});
  c.depths.resize(static_cast<std::size_t>(stages));
  for (auto& v : c.depths) v = draw<int64_t>(rng, {1, 2}, {0, huge});
  c.widths.resize(static_cast<std::size_t>(draw(rng, {stages}, {stages + 1})));
  for (auto& v : c.widths) v = draw<int64_t>(rng, {4, 8, 16}, {0, huge});
  c.layer_scale = draw(rng, {1e-6, 1.0}, {-1.0, not_a_number});
  c.stochastic_depth_prob = draw(rng, {0.0, 0.5}, {1.5, not_a_number});
  c.norm_eps = draw(rng, {1e-6, 1e-5}, {0.0, 1.0});
  c.in_channels = draw<int64_t>(rng, {1, 3}, {0, huge});
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(convnext)

BOOST_AUTO_TEST_CASE(a_stage_ends_at_each_resolution) {
  test::check_stages(tiny(), {16, 32, 48, 64},
                     {{1, 16, 16, 16}, {1, 32, 8, 8}, {1, 48, 4, 4}, {1, 64, 2, 2}});
}

BOOST_AUTO_TEST_CASE(the_layout_follows_torchvision) {
  auto net = ConvNeXtConfig{}.build();
  auto params = net->named_parameters();
  auto shape = [&](std::string const& name) { return params[name].sizes().vec(); };
  BOOST_TEST((shape("features.0.0.weight") == std::vector<int64_t>{96, 3, 4, 4}));
  BOOST_TEST((shape("features.0.1.weight") == std::vector<int64_t>{96}));
  BOOST_TEST((shape("features.1.0.layer_scale") == std::vector<int64_t>{96, 1, 1}));
  BOOST_TEST((shape("features.1.0.block.0.weight") == std::vector<int64_t>{96, 1, 7, 7}));
  BOOST_TEST((shape("features.1.0.block.2.bias") == std::vector<int64_t>{96}));
  BOOST_TEST((shape("features.1.0.block.3.weight") == std::vector<int64_t>{384, 96}));
  BOOST_TEST((shape("features.1.0.block.5.weight") == std::vector<int64_t>{96, 384}));
  BOOST_TEST((shape("features.2.0.weight") == std::vector<int64_t>{96}));
  BOOST_TEST((shape("features.2.1.weight") == std::vector<int64_t>{192, 96, 2, 2}));
  BOOST_TEST((shape("features.7.2.block.5.bias") == std::vector<int64_t>{768}));
  BOOST_TEST(params.size() == 182u - 4u);  // torchvision's 182, less the head's 4
  BOOST_TEST(net->named_buffers().is_empty());
}

BOOST_AUTO_TEST_CASE(initialisation_follows_torchvision) {
  torch::manual_seed(0);
  auto config = tiny_classifier(1000);
  glasses::set(config, "backbone.layer_scale", "0.5");
  auto params = config.build()->named_parameters();
  // Truncated normal with std 0.02, cut at +-2: no cut at all in practice.
  for (char const* name : {"backbone.features.3.0.block.3.weight", "head.classifier.2.weight"})
    BOOST_TEST(std::abs(params[name].std().item<double>() / 0.02 - 1) < 0.02, name);
  BOOST_TEST(params["backbone.features.0.0.bias"].eq(0).all().item<bool>());
  BOOST_TEST(params["backbone.features.2.1.bias"].eq(0).all().item<bool>());
  BOOST_TEST(params["head.classifier.2.bias"].eq(0).all().item<bool>());
  BOOST_TEST(params["backbone.features.1.0.layer_scale"].eq(0.5).all().item<bool>());
  BOOST_TEST(params["backbone.features.1.0.block.2.weight"].eq(1).all().item<bool>());
  BOOST_TEST(params["head.classifier.0.weight"].eq(1).all().item<bool>());
}

BOOST_AUTO_TEST_CASE(stochastic_depth_drops_residual_branches_in_training_and_none_in_eval) {
  auto c = tiny();
  c.layer_scale = 1.0;  // 1e-6 would leave too little of each branch to tell
  test::check_stochastic_depth(c);
}

BOOST_AUTO_TEST_CASE(a_new_class_count_changes_the_linear_layer_and_loads_the_rest) {
  checkpoint_files::folder const dir("convnext");
  auto const config = tiny_classifier(5);
  glasses::nn::save_pretrained(config.build(), config, dir.file("run.safetensors"));
  auto changed = config;
  changed.num_classes = 10;
  glasses::nn::load_report report;
  glasses::nn::from_pretrained(dir.file("run.safetensors"), changed, &report);
  std::vector<std::string> mismatched;
  for (auto const& m : report.mismatched)
    mismatched.push_back(m.name + " " + c10::str(c10::IntArrayRef(m.expected)) + " " +
                         c10::str(c10::IntArrayRef(m.found)));
  BOOST_TEST(mismatched == (std::vector<std::string>{"head.classifier.2.weight [10, 64] [5, 64]",
                                                     "head.classifier.2.bias [10] [5]"}),
             boost::test_tools::per_element());
  BOOST_TEST(report.missing.size() + report.unexpected.size() == 0u);
  // The head's layer norm has no class count: it loads.
  BOOST_TEST(std::count(report.loaded.begin(), report.loaded.end(), "head.classifier.0.weight") == 1);
  BOOST_TEST((test::logits_shape(changed) == std::vector<int64_t>{2, 10}));
}

BOOST_AUTO_TEST_CASE(bad_configs_name_the_field) {
  auto c = tiny();
  c.widths.pop_back();
  BOOST_TEST(build_issues(c) ==
                 (issues_t{{"widths", "must have one entry per stage, as many as depths has (4), got 3"}}),
             boost::test_tools::per_element());
  c = tiny();
  c.depths[1] = 0;
  c.layer_scale = -1;
  c.stochastic_depth_prob = 1.5;
  c.norm_eps = 0;
  BOOST_TEST(build_issues(c) == (issues_t{{"depths[1]", "must be at least 1, got 0"},
                                          {"layer_scale", "must be at least 0, got -1"},
                                          {"stochastic_depth_prob", "must be at most 1, got 1.5"},
                                          {"norm_eps", "must be at least 1e-30, got 0"}}),
             boost::test_tools::per_element());
  BOOST_TEST(build_issues(ConvNeXtConfig{.widths = {}, .depths = {}}) == (issues_t{{"depths", "must not be empty"}}),
             boost::test_tools::per_element());
  // Valid field by field, but no image could pass through it: it passed validate before.
  ConvNeXtConfig const deep{.widths = std::vector<int64_t>(16, 8), .depths = std::vector<int64_t>(16, 1)};
  BOOST_TEST(glasses::validate(deep) ==
                 (issues_t{{"depths", "16 stages downsample images by 131072 without padding, more than the 65536 "
                                      "pixels a side an image may have; use at most 15 stages"}}),
             boost::test_tools::per_element());
  BOOST_TEST(glasses::validate(ConvNeXtConfig{.widths = std::vector<int64_t>(15, 8),
                                              .depths = std::vector<int64_t>(15, 1)})
                 .empty());
  ImageClassifierConfig const classifier{.backbone = tiny(), .head = LayerNormLinearHeadConfig{.norm_eps = 2}};
  BOOST_TEST(build_issues(classifier) == (issues_t{{"head.norm_eps", "must be less than 1, got 2"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_random_config_that_validates_builds_and_runs_and_one_that_does_not_is_refused) {
  test::check_random_configs(29, random_convnext);
}

BOOST_AUTO_TEST_CASE(the_schema_documents_every_field) {
  test::check_schema_documents({"convnext", "layer_norm_linear"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(images_that_do_not_fit_the_stem_name_the_field) {
  // LibTorch said "Kernel size can't be greater than actual input size" and "weight of size
  // [16, 3, 4, 4], expected input[1, 4, 64, 64] to have 3 channels", naming no field.
  torch::NoGradGuard no_grad;
  auto net = tiny().build();
  BOOST_TEST(message_of([&] { net->forward(torch::zeros({1, 3, 16, 40})); }) ==
             "ConvNeXtConfig: 1 error\n  expected images of 32 x 32 pixels at least (the model downsamples them by 32 "
             "without padding), got [1, 3, 16, 40]");
  BOOST_TEST(message_of([&] { net->forward(torch::zeros({1, 4, 64, 64})); }) ==
             "ConvNeXtConfig: 1 error\n  in_channels: the model takes images of shape [batch, 3, height, width], got "
             "[1, 4, 64, 64]; set in_channels to the images' channels");
  BOOST_TEST(message_of([&] { net->forward(torch::zeros({3, 64, 64})); }) ==
             "ConvNeXtConfig: 1 error\n  expected images of shape [batch, 3, height, width], got [3, 64, 64]");
  BOOST_TEST(shapes(net->forward(torch::zeros({1, 3, 32, 32}))).back() == (std::vector<int64_t>{1, 64, 1, 1}),
             boost::test_tools::per_element());
}
