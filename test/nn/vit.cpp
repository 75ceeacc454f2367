#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_CASE(bad_configs_name_the_field) {
  try {
    ViTConfig{.hidden_dim = 100, .num_heads = 12}.build();
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.issues().at(0).path == "num_heads");
    BOOST_TEST(e.issues().at(0).message == "expected a divisor of hidden_dim (100), got 12");
  }
}

BOOST_AUTO_TEST_SUITE_END()
