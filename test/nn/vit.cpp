#include "../issues_of.hpp"
#include "backbone_checks.hpp"

#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <limits>

using glasses::models::ViTConfig;

namespace {
ViTConfig tiny() {
  return {.image_size = 32, .patch_size = 8, .hidden_dim = 32, .num_layers = 2, .num_heads = 4, .mlp_dim = 64};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(vit)

BOOST_AUTO_TEST_CASE(one_stage_of_tokens_with_the_class_token_first) {
  torch::manual_seed(0);
  auto net = tiny().build();
  auto features = net->forward(torch::randn({2, 3, 32, 32}));
  BOOST_TEST_REQUIRE(features.size() == 1u);
  BOOST_TEST((features[0].sizes().vec() == std::vector<int64_t>{2, 17, 32}));
  BOOST_TEST((net->stage_channels() == std::vector<int64_t>{32}));
}

BOOST_AUTO_TEST_CASE(the_layout_follows_torchvision) {
  auto net = tiny().build();
  auto params = net->named_parameters();
  for (char const* name : {"class_token", "conv_proj.weight", "conv_proj.bias", "encoder.pos_embedding",
                           "encoder.layers.encoder_layer_1.ln_1.weight",
                           "encoder.layers.encoder_layer_0.self_attention.in_proj_weight",
                           "encoder.layers.encoder_layer_0.self_attention.out_proj.bias",
                           "encoder.layers.encoder_layer_0.mlp.0.weight", "encoder.layers.encoder_layer_0.mlp.3.bias",
                           "encoder.ln.weight"})
    BOOST_TEST(params.contains(name), name);
  BOOST_TEST((params["encoder.pos_embedding"].sizes().vec() == std::vector<int64_t>{1, 17, 32}));
  BOOST_TEST((params["encoder.layers.encoder_layer_0.self_attention.in_proj_weight"].sizes().vec() ==
              std::vector<int64_t>{96, 32}));
}

// Attention dropout acts in training only: the fused kernel of LibTorch 2 and the two
// products of 1.13 both take it as an argument, not as a module of their own.
BOOST_AUTO_TEST_CASE(attention_dropout_acts_in_training_only) {
  torch::manual_seed(0);
  auto config = tiny();
  config.attention_dropout = 0.5;
  auto net = config.build();
  auto images = torch::randn({2, 3, 32, 32});
  torch::NoGradGuard no_grad;
  net->train();
  auto first = net->forward(images)[0], second = net->forward(images)[0];
  BOOST_TEST(!torch::equal(first, second));
  net->eval();
  auto evaluated = net->forward(images)[0];
  BOOST_TEST(torch::equal(evaluated, net->forward(images)[0]));
  BOOST_TEST(!torch::equal(evaluated, first));
  // Without dropout, training and evaluation give the same tokens.
  config.attention_dropout = 0.0;
  torch::manual_seed(0);
  auto plain = config.build();
  plain->train();
  auto trained = plain->forward(images)[0];
  plain->eval();
  BOOST_TEST(torch::allclose(trained, plain->forward(images)[0]));
}

BOOST_AUTO_TEST_CASE(initialisation_follows_torchvision) {
  torch::manual_seed(0);
  auto net = ViTConfig{}.build();
  auto params = net->named_parameters();
  BOOST_TEST(params["class_token"].eq(0).all().item<bool>());
  BOOST_TEST(std::abs(params["encoder.pos_embedding"].std().item<double>() - 0.02) < 0.001);
  BOOST_TEST(params["conv_proj.bias"].eq(0).all().item<bool>());
  double fan_in_std = std::sqrt(1.0 / (3 * 16 * 16));
  BOOST_TEST(std::abs(params["conv_proj.weight"].std().item<double>() / fan_in_std - 1) < 0.02);
  BOOST_TEST(params["encoder.layers.encoder_layer_0.mlp.0.bias"].abs().max().item<double>() < 1e-5);
  auto head = glasses::models::ClassTokenHeadConfig{}.build(768, 10);
  BOOST_TEST(head->head->weight.eq(0).all().item<bool>());
}

BOOST_AUTO_TEST_CASE(a_wrong_image_size_is_explained) {
  auto net = tiny().build();
  try {
    net->forward(torch::randn({1, 3, 64, 64}));
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) ==
               "VisionTransformer: 1 error\n  expected images of shape [batch, 3, 32, 32], got [1, 3, 64, 64]; set "
               "image_size in ViTConfig to the input's size");
  }
}

BOOST_AUTO_TEST_CASE(images_of_other_channels_name_the_field) {
  auto net = tiny().build();
  BOOST_TEST(test::message_of([&] { net->forward(torch::randn({1, 4, 32, 32})); }) ==
             "ViTConfig: 1 error\n  in_channels: the model takes images of shape [batch, 3, height, width], got "
             "[1, 4, 32, 32]; set in_channels to the images' channels");
}

BOOST_AUTO_TEST_CASE(bad_configs_name_the_field) {
  using issues_t = std::vector<glasses::issue>;
  auto issues = [](ViTConfig const& c) { return test::issues_of([&] { c.build(); }); };
  BOOST_TEST(issues({.hidden_dim = 100, .num_heads = 12}) ==
                 (issues_t{{"num_heads", "must divide hidden_dim (100), got 12; the nearest divisors are 10 and 20"}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues({.image_size = 32, .patch_size = 48}) ==
                 (issues_t{{"patch_size", "must divide image_size (32), got 48; the largest divisor is 32"}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues({.num_layers = 0, .dropout = 1.0, .attention_dropout = -0.5}) ==
                 (issues_t{{"num_layers", "must be at least 1, got 0"},
                           {"dropout", "must be less than 1, got 1"},
                           {"attention_dropout", "must be at least 0, got -0.5"}}),
             boost::test_tools::per_element());
  // A zero divisor is the field rule's to report: no division by zero.
  BOOST_TEST(issues({.patch_size = 0, .num_heads = 0}) ==
                 (issues_t{{"patch_size", "must be at least 1, got 0"}, {"num_heads", "must be at least 1, got 0"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sizes_that_would_overflow_are_refused_before_anything_is_allocated) {
  constexpr int64_t huge = std::numeric_limits<int64_t>::max();
  auto issues = test::issues_of([] {
    ViTConfig{.image_size = huge, .patch_size = 1, .hidden_dim = huge - 1, .num_heads = 7, .mlp_dim = huge,
              .in_channels = huge}
        .build();
  });
  // hidden_dim is beyond its bound, so no divisor is suggested: the search would take its value in steps.
  std::vector<glasses::issue> expected{
      {"image_size", "must be at most 65536, got 9223372036854775807"},
      {"hidden_dim", "must be at most 1048576, got 9223372036854775806"},
      {"mlp_dim", "must be at most 1048576, got 9223372036854775807"},
      {"in_channels", "must be at most 65536, got 9223372036854775807"},
      {"num_heads", "must divide hidden_dim (9223372036854775806), got 7"}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
