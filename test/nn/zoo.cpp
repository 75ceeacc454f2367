// Every preset's parameter count equals torchvision 0.14's (read from python3-torchvision).
#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

namespace {

int64_t preset_parameters(std::string_view name) {
  torch::NoGradGuard no_grad;
  auto model = glasses::preset<glasses::models::ImageClassifierConfig>(name).build();
  return glasses::nn::parameter_count(*model);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(zoo)

BOOST_AUTO_TEST_CASE(every_model_of_the_zoo_is_a_preset) {
  BOOST_TEST(glasses::preset_names<glasses::models::ImageClassifierConfig>() ==
                 (std::vector<std::string_view>{"efficientnet_b0", "efficientnet_b1", "efficientnet_b2",
                                                "efficientnet_b3", "efficientnet_b4", "efficientnet_b5",
                                                "efficientnet_b6", "efficientnet_b7", "mobilenet_v3_large",
                                                "mobilenet_v3_small", "resnet101", "resnet152", "resnet18", "resnet34",
                                                "resnet50",
                                                "resnext101_32x8d", "resnext50_32x4d", "vit_b_16", "vit_b_32",
                                                "vit_l_16", "vit_l_32", "wide_resnet101_2", "wide_resnet50_2"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_preset_meets_the_field_rules) {
  for (auto name : glasses::preset_names<glasses::models::ImageClassifierConfig>())
    BOOST_TEST(glasses::validate(glasses::preset<glasses::models::ImageClassifierConfig>(name)).empty(), name);
}

BOOST_AUTO_TEST_CASE(resnet_parameter_counts_match_torchvision) {
  BOOST_TEST(preset_parameters("resnet18") == 11689512);
  BOOST_TEST(preset_parameters("resnet34") == 21797672);
  BOOST_TEST(preset_parameters("resnet50") == 25557032);
  BOOST_TEST(preset_parameters("resnet101") == 44549160);
  BOOST_TEST(preset_parameters("resnet152") == 60192808);
}

BOOST_AUTO_TEST_CASE(resnext_and_wide_resnet_parameter_counts_match_torchvision) {
  BOOST_TEST(preset_parameters("resnext50_32x4d") == 25028904);
  BOOST_TEST(preset_parameters("resnext101_32x8d") == 88791336);
  BOOST_TEST(preset_parameters("wide_resnet50_2") == 68883240);
  BOOST_TEST(preset_parameters("wide_resnet101_2") == 126886696);
}

BOOST_AUTO_TEST_CASE(vit_parameter_counts_match_torchvision) {
  BOOST_TEST(preset_parameters("vit_b_16") == 86567656);
  BOOST_TEST(preset_parameters("vit_b_32") == 88224232);
  BOOST_TEST(preset_parameters("vit_l_16") == 304326632);
  BOOST_TEST(preset_parameters("vit_l_32") == 306535400);
}

BOOST_AUTO_TEST_CASE(mobilenet_v3_parameter_counts_match_torchvision) {
  BOOST_TEST(preset_parameters("mobilenet_v3_small") == 2542856);
  BOOST_TEST(preset_parameters("mobilenet_v3_large") == 5483032);
}

BOOST_AUTO_TEST_CASE(efficientnet_parameter_counts_match_torchvision) {
  BOOST_TEST(preset_parameters("efficientnet_b0") == 5288548);
  BOOST_TEST(preset_parameters("efficientnet_b1") == 7794184);
  BOOST_TEST(preset_parameters("efficientnet_b2") == 9109994);
  BOOST_TEST(preset_parameters("efficientnet_b3") == 12233232);
  BOOST_TEST(preset_parameters("efficientnet_b4") == 19341616);
  BOOST_TEST(preset_parameters("efficientnet_b5") == 30389784);
  BOOST_TEST(preset_parameters("efficientnet_b6") == 43040704);
  BOOST_TEST(preset_parameters("efficientnet_b7") == 66347960);
}

BOOST_AUTO_TEST_SUITE_END()
