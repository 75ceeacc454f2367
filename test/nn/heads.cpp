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

BOOST_AUTO_TEST_CASE(a_resnet_backbone_with_a_class_token_head_is_refused_when_run) {
  auto config = glasses::parse<glasses::models::ImageClassifierConfig>(
      R"({"backbone": {"type": "resnet", "block": "basic", "depths": [1], "widths": [8], "stem_width": 8},
          "head": "class_token", "num_classes": 2})");
  auto model = config.build();
  torch::NoGradGuard no_grad;
  BOOST_TEST(error_of([&] { model(torch::zeros({1, 3, 16, 16})); }) ==
             "ClassTokenHead: 1 error\n  expected [batch, tokens, width] features, got [1, 8, 4, 4]");
}

BOOST_AUTO_TEST_CASE(a_dropout_that_is_no_probability_is_a_config_error) {
  BOOST_TEST(error_of([] { PooledLinearHeadConfig{.dropout = 1.5}.build(8, 3); }) ==
             "PooledLinearHeadConfig: 1 error\n  dropout: must be less than 1, got 1.5");
  BOOST_TEST(error_of([] { PooledLinearHeadConfig{.dropout = std::nan("")}.build(8, 3); }) ==
             "PooledLinearHeadConfig: 2 errors\n  dropout: must be at least 0, got nan\n  dropout: must be less than "
             "1, got nan");
}

BOOST_AUTO_TEST_SUITE_END()
