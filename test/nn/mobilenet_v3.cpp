// MobileNetV3: stages per resolution, torchvision's layout, initialisation and batch norms,
// its two-layer head, and configs that cannot build, each issue naming its field.
#include "backbone_checks.hpp"

#include <cmath>

using glasses::models::ImageClassifierConfig;
using glasses::models::MobileNetV3Activation;
using glasses::models::MobileNetV3Config;

using namespace test;  // backbone_checks.hpp

namespace {

MobileNetV3Config small() { return test::backbone_of<MobileNetV3Config>("mobilenet_v3_small"); }

MobileNetV3Config random_mobilenet_v3(std::mt19937& rng) {
  MobileNetV3Config c;
  int const blocks = draw(rng, {1, 2, 3}, {0});
  auto sized = [&] { return static_cast<std::size_t>(draw(rng, {blocks}, {blocks + 1})); };
  c.out_channels.resize(static_cast<std::size_t>(blocks));
  for (auto& v : c.out_channels) v = draw<int64_t>(rng, {4, 8}, {0, huge});
  c.kernels.resize(sized());
  for (auto& v : c.kernels) v = draw<int64_t>(rng, {1, 3, 5}, {0, 2, huge});
  c.expanded_channels.resize(sized());
  for (auto& v : c.expanded_channels) v = draw<int64_t>(rng, {4, 8, 16}, {0, huge});
  c.squeeze_excitation.resize(sized());
  for (std::size_t i = 0; i < c.squeeze_excitation.size(); ++i) c.squeeze_excitation[i] = rng() % 2 == 0;
  c.activations.resize(sized());
  for (auto& v : c.activations) v = rng() % 2 ? MobileNetV3Activation::relu : MobileNetV3Activation::hardswish;
  c.strides.resize(sized());
  for (auto& v : c.strides) v = draw<int64_t>(rng, {1, 2}, {0, 3});
  c.stem_width = draw<int64_t>(rng, {4, 8}, {0, huge});
  c.last_conv_channels = draw<int64_t>(rng, {8, 16}, {0, huge});
  c.in_channels = draw<int64_t>(rng, {1, 3}, {0, huge});
  c.norm_eps = draw(rng, {1e-5, 1e-3}, {0.0, not_a_number});
  c.norm_momentum = draw(rng, {0.01, 0.1}, {-1.0, not_a_number});
  return c;
}

/// A two-block MobileNetV3 for quick checks.
MobileNetV3Config tiny() {
  return {.kernels = {3, 5},
          .expanded_channels = {8, 32},
          .out_channels = {8, 16},
          .squeeze_excitation = {true, false},
          .activations = {MobileNetV3Activation::relu, MobileNetV3Activation::hardswish},
          .strides = {2, 1},
          .stem_width = 8,
          .last_conv_channels = 32};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mobilenet_v3)

BOOST_AUTO_TEST_CASE(a_stage_ends_at_each_resolution) {
  torch::NoGradGuard no_grad;
  torch::manual_seed(0);
  auto net = small().build();
  net->eval();
  // The stem (stride 2), then before each block that downsamples, then the last convolution.
  BOOST_TEST((net->stage_channels() == std::vector<int64_t>{16, 16, 24, 48, 576}));
  BOOST_TEST((shapes(net->forward(torch::randn({2, 3, 64, 64}))) ==
              std::vector<std::vector<int64_t>>{
                  {2, 16, 32, 32}, {2, 16, 16, 16}, {2, 24, 8, 8}, {2, 48, 4, 4}, {2, 576, 2, 2}}));
  // mobilenet_v3_large's first block keeps the resolution: its first stage ends after it.
  BOOST_TEST((MobileNetV3Config{}.build()->stage_channels() == std::vector<int64_t>{16, 24, 40, 112, 960}));
}

BOOST_AUTO_TEST_CASE(the_layout_follows_torchvision) {
  auto net = small().build();
  auto params = net->named_parameters();
  auto shape = [&](std::string const& name) { return params[name].sizes().vec(); };
  BOOST_TEST((shape("features.0.0.weight") == std::vector<int64_t>{16, 3, 3, 3}));
  // The first block does not expand (16 channels in, 16 expanded): block.0 is the depthwise one.
  BOOST_TEST((shape("features.1.block.0.0.weight") == std::vector<int64_t>{16, 1, 3, 3}));
  BOOST_TEST((shape("features.1.block.1.fc1.weight") == std::vector<int64_t>{8, 16, 1, 1}));
  BOOST_TEST((shape("features.1.block.1.fc2.bias") == std::vector<int64_t>{16}));
  BOOST_TEST((shape("features.1.block.2.0.weight") == std::vector<int64_t>{16, 16, 1, 1}));
  BOOST_TEST((shape("features.2.block.0.0.weight") == std::vector<int64_t>{72, 16, 1, 1}));
  BOOST_TEST((shape("features.4.block.2.fc1.weight") == std::vector<int64_t>{24, 96, 1, 1}));
  BOOST_TEST((shape("features.12.0.weight") == std::vector<int64_t>{576, 96, 1, 1}));
  BOOST_TEST(params.size() == 142u - 4u);  // torchvision's 142, less the head's 4
  BOOST_TEST(net->named_buffers().contains("features.12.1.num_batches_tracked"));
}

BOOST_AUTO_TEST_CASE(initialisation_and_batch_norms_follow_torchvision) {
  torch::manual_seed(0);
  auto model = glasses::preset<ImageClassifierConfig>("mobilenet_v3_large").build();
  auto params = model->named_parameters();
  // He-normal with fan-out: std = sqrt(2 / (out_channels * k * k)).
  double const expected_std = std::sqrt(2.0 / 960);
  BOOST_TEST(std::abs(params["backbone.features.16.0.weight"].std().item<double>() / expected_std - 1) < 0.02);
  BOOST_TEST(params["backbone.features.4.block.2.fc1.bias"].eq(0).all().item<bool>());
  BOOST_TEST(params["backbone.features.0.1.weight"].eq(1).all().item<bool>());
  BOOST_TEST(params["backbone.features.0.1.bias"].eq(0).all().item<bool>());
  BOOST_TEST(std::abs(params["head.classifier.0.weight"].std().item<double>() / 0.01 - 1) < 0.02);
  BOOST_TEST(params["head.classifier.3.bias"].eq(0).all().item<bool>());
  auto* norm = model->backbone->named_modules()["features.0.1"]->as<torch::nn::BatchNorm2d>();
  BOOST_TEST_REQUIRE(norm != nullptr);
  BOOST_TEST(norm->options.eps() == 0.001);
  BOOST_TEST(norm->options.momentum().value() == 0.01);
}

BOOST_AUTO_TEST_CASE(a_new_class_count_changes_the_last_linear_layer_only) {
  auto config = glasses::preset<ImageClassifierConfig>("mobilenet_v3_small");
  config.num_classes = 10;
  auto params = config.build()->named_parameters();
  BOOST_TEST((params["head.classifier.0.weight"].sizes().vec() == std::vector<int64_t>{1024, 576}));
  BOOST_TEST((params["head.classifier.3.weight"].sizes().vec() == std::vector<int64_t>{10, 1024}));
}

BOOST_AUTO_TEST_CASE(a_classifier_gives_logits_in_eval_and_in_training) {
  ImageClassifierConfig const config{
      .backbone = tiny(), .head = glasses::models::TwoLayerHeadConfig{.hidden_width = 16}, .num_classes = 5};
  auto model = config.build();
  auto logits = model(torch::randn({3, 3, 32, 32}));
  BOOST_TEST((logits.sizes().vec() == std::vector<int64_t>{3, 5}));
  logits.sum().backward();
  for (auto const& p : model->named_parameters()) BOOST_TEST(p.value().grad().defined(), p.key());
  torch::NoGradGuard no_grad;
  model->eval();
  auto images = torch::randn({2, 3, 32, 32});
  BOOST_TEST(torch::equal(model(images), model(images)));
}

BOOST_AUTO_TEST_CASE(bad_configs_name_the_field) {
  auto issues = [](MobileNetV3Config const& c) { return test::issues_of([&] { c.build(); }); };
  using issues_t = std::vector<glasses::issue>;
  auto c = tiny();
  c.strides = {2};
  c.activations.push_back(MobileNetV3Activation::relu);
  BOOST_TEST(issues(c) ==
                 (issues_t{{"activations", "must have one entry per block, as many as out_channels has (2), got 3"},
                           {"strides", "must have one entry per block, as many as out_channels has (2), got 1"}}),
             boost::test_tools::per_element());
  c = tiny();
  c.kernels = {4, 3};
  c.strides = {3, 1};
  c.norm_eps = 0;
  BOOST_TEST(issues(c) == (issues_t{{"kernels[0]", "must be odd, got 4"},
                                    {"strides[0]", "must be at most 2, got 3"},
                                    {"norm_eps", "must be at least 1e-30, got 0"}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues({.kernels = {}, .expanded_channels = {}, .out_channels = {}, .squeeze_excitation = {},
                     .activations = {}, .strides = {}}) == (issues_t{{"out_channels", "must not be empty"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_random_config_that_validates_builds_and_runs_and_one_that_does_not_is_refused) {
  test::check_random_configs(19, random_mobilenet_v3);
}

BOOST_AUTO_TEST_CASE(the_config_reads_from_json_with_the_activations_by_name) {
  auto config = glasses::parse<ImageClassifierConfig>(
      R"({"backbone": {"type": "mobilenet_v3", "kernels": [3], "expanded_channels": [16], "out_channels": [8],
                       "squeeze_excitation": [true], "activations": ["hardswish"], "strides": [2]},
          "head": {"type": "two_layer", "hidden_width": 32}, "num_classes": 3})");
  BOOST_TEST((config.backbone.as<MobileNetV3Config>().activations ==
              std::vector<MobileNetV3Activation>{MobileNetV3Activation::hardswish}));
  torch::NoGradGuard no_grad;
  auto model = config.build();
  model->eval();
  BOOST_TEST((model(torch::randn({1, 3, 32, 32})).sizes().vec() == std::vector<int64_t>{1, 3}));
}

BOOST_AUTO_TEST_CASE(the_schema_documents_every_field) { test::check_schema_documents({"mobilenet_v3", "two_layer"}); }

BOOST_AUTO_TEST_SUITE_END()
