// The heads: their layout, and features that do not fit them, each a config_error naming
// the head.
#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>

using glasses::models::ClassTokenHeadConfig;
using glasses::models::PooledLinearHeadConfig;

namespace {

/// The report of the config_error that `f` throws.
template <class F> std::string error_of(F f) {
  try {
    f();
  } catch (glasses::config_error const& e) {
    return e.what();
  }
  return "no config_error";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(heads)

BOOST_AUTO_TEST_CASE(each_head_maps_its_features_to_logits) {
  torch::NoGradGuard no_grad;
  auto pooled = PooledLinearHeadConfig{}.build(8, 3);
  BOOST_TEST((pooled->forward({torch::randn({2, 8, 4, 4})}).sizes().vec() == std::vector<int64_t>{2, 3}));
  auto token = ClassTokenHeadConfig{}.build(8, 3);
  BOOST_TEST((token->forward({torch::randn({2, 5, 8})}).sizes().vec() == std::vector<int64_t>{2, 3}));
}

BOOST_AUTO_TEST_CASE(features_of_the_wrong_kind_are_config_errors) {
  torch::NoGradGuard no_grad;
  auto pooled = PooledLinearHeadConfig{}.build(8, 3);
  auto token = ClassTokenHeadConfig{}.build(8, 3);
  BOOST_TEST(error_of([&] { pooled->forward({torch::randn({2, 5, 8})}); }) ==
             "PooledLinearHead: 1 error\n  expected [batch, channels, height, width] features, got [2, 5, 8]");
  BOOST_TEST(error_of([&] { token->forward({torch::randn({2, 8, 4, 4})}); }) ==
             "ClassTokenHead: 1 error\n  expected [batch, tokens, width] features, got [2, 8, 4, 4]");
  BOOST_TEST(error_of([&] { pooled->forward({}); }) == "PooledLinearHead: 1 error\n  the backbone gave no features");
  BOOST_TEST(error_of([&] { token->forward({}); }) == "ClassTokenHead: 1 error\n  the backbone gave no features");
}

BOOST_AUTO_TEST_CASE(a_head_that_cannot_take_the_backbones_features_is_refused_when_read) {
  // Before, the first forward pass failed, with a message about the input's shape; then
  // build, after set and validate had said the file was fine.
  using glasses::models::ImageClassifierConfig;
  BOOST_TEST(error_of([] {
               glasses::parse<ImageClassifierConfig>(
                   R"({"backbone": {"type": "resnet", "block": "basic", "depths": [1], "widths": [8], "stem_width": 8},
                       "head": "class_token", "num_classes": 2})");
             }) ==
             "config:2:32: head: the head \"class_token\" takes [batch, tokens, width] features, but the "
             "backbone \"resnet\" gives [batch, channels, height, width]; choose a head that takes them, e.g. "
             "head=pooled_linear");
  ImageClassifierConfig vit_with_pooled_head{
      .backbone = glasses::models::ViTConfig{.image_size = 16, .patch_size = 8, .hidden_dim = 8, .num_layers = 1,
                                             .num_heads = 2, .mlp_dim = 16},
      .head = glasses::models::LayerNormLinearHeadConfig{},
      .num_classes = 2};
  std::string const expected =
      "head: the head \"layer_norm_linear\" takes [batch, channels, height, width] features, but the backbone "
      "\"vit\" gives [batch, tokens, width]; choose a head that takes them, e.g. head=class_token";
  auto const problems = glasses::validate(vit_with_pooled_head);
  BOOST_TEST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].path + ": " + problems[0].message == expected);
  BOOST_TEST(error_of([&] { vit_with_pooled_head.build(); }) == "ImageClassifierConfig: 1 error\n  " + expected);
  // Each of the zoo's spatial heads fits a ResNet.
  for (std::string head : {"pooled_linear", "dropout_linear", "two_layer", "layer_norm_linear", "normal_linear"}) {
    ImageClassifierConfig config;
    glasses::set(config, "head", head);
    BOOST_TEST(glasses::validate(config).empty(), head);
  }
}

BOOST_AUTO_TEST_CASE(a_dropout_that_is_no_probability_is_a_config_error) {
  BOOST_TEST(error_of([] { PooledLinearHeadConfig{.dropout = 1.5}.build(8, 3); }) ==
             "PooledLinearHeadConfig: 1 error\n  dropout: must be less than 1, got 1.5");
  BOOST_TEST(error_of([] { PooledLinearHeadConfig{.dropout = std::nan("")}.build(8, 3); }) ==
             "PooledLinearHeadConfig: 2 errors\n  dropout: must be at least 0, got nan\n  dropout: must be less than "
             "1, got nan");
}

BOOST_AUTO_TEST_SUITE_END()
