// Every preset's parameter count equals torchvision 0.14's (read from python3-torchvision).
// ConvNeXt's and RegNet's are counted from their configs, which the counts of built small
// presets check: building convnext_large takes some 10 s, regnet_y_128gf some 20 s.
#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>

using glasses::models::ImageClassifierConfig;

namespace {

int64_t preset_parameters(std::string_view name) {
  torch::NoGradGuard no_grad;
  auto model = glasses::preset<ImageClassifierConfig>(name).build();
  return glasses::nn::parameter_count(*model);
}

/// A ConvNeXt classifier's parameters, layer by layer as torchvision has them.
int64_t convnext_parameters(ImageClassifierConfig const& config) {
  auto const& c = config.backbone.as<glasses::models::ConvNeXtConfig>();
  int64_t n = c.in_channels * c.widths[0] * 16 + 3 * c.widths[0];  // stem: convolution, bias, norm
  for (std::size_t s = 0; s < c.widths.size(); ++s) {
    int64_t const d = c.widths[s];
    if (s > 0) n += 2 * c.widths[s - 1] + c.widths[s - 1] * d * 4 + d;  // downsampling: norm, 2x2 convolution
    n += c.depths[s] * (49 * d + d + 2 * d + 8 * d * d + 4 * d + d + d);  // depthwise, norm, MLP, layer scale
  }
  return n + 2 * c.widths.back() + (c.widths.back() + 1) * config.num_classes;  // head: norm, linear
}

/// A ViT classifier's parameters, layer by layer as torchvision has them.
int64_t vit_parameters(ImageClassifierConfig const& config) {
  auto const& c = config.backbone.as<glasses::models::ViTConfig>();
  int64_t const d = c.hidden_dim, patches = (c.image_size / c.patch_size) * (c.image_size / c.patch_size);
  int64_t n = c.in_channels * c.patch_size * c.patch_size * d + d + d + (patches + 1) * d;  // patches, class, position
  // Each layer: two norms, the attention's input and output projections, the MLP.
  n += c.num_layers * (4 * d + 3 * d * d + 3 * d + d * d + d + 2 * d * c.mlp_dim + c.mlp_dim + d);
  return n + 2 * d + (d + 1) * config.num_classes;  // final norm, head
}

/// A RegNet classifier's parameters, layer by layer as torchvision has them (batch norms: 2
/// per channel).
int64_t regnet_parameters(ImageClassifierConfig const& config) {
  auto const& c = config.backbone.as<glasses::models::RegNetConfig>();
  int64_t in = c.stem_width;
  int64_t n = c.in_channels * in * 9 + 2 * in;
  for (std::size_t s = 0; s < c.depths.size(); ++s)
    for (int64_t j = 0; j < c.depths[s]; ++j, in = c.widths[s]) {
      int64_t const out = c.widths[s];
      auto const w = static_cast<int64_t>(std::nearbyint(static_cast<double>(out) * c.bottleneck_multipliers[s]));
      auto const squeeze = static_cast<int64_t>(std::nearbyint(static_cast<double>(in) * c.se_ratio));
      if (j == 0) n += in * out + 2 * out;                        // proj
      n += in * w + 2 * w + w * c.group_widths[s] * 9 + 2 * w;  // a, b
      if (squeeze > 0) n += 2 * w * squeeze + squeeze + w;       // se
      n += w * out + 2 * out;                                   // c
    }
  return n + (in + 1) * config.num_classes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(zoo)

BOOST_AUTO_TEST_CASE(every_model_of_the_zoo_is_a_preset) {
  std::vector<std::string_view> const names{
    "convnext_base", "convnext_large", "convnext_small", "convnext_tiny", "efficientnet_b0", "efficientnet_b1",
    "efficientnet_b2", "efficientnet_b3", "efficientnet_b4", "efficientnet_b5", "efficientnet_b6", "efficientnet_b7",
    "mobilenet_v3_large", "mobilenet_v3_small", "regnet_x_16gf", "regnet_x_1_6gf", "regnet_x_32gf", "regnet_x_3_2gf",
    "regnet_x_400mf", "regnet_x_800mf", "regnet_x_8gf", "regnet_y_128gf", "regnet_y_16gf", "regnet_y_1_6gf",
    "regnet_y_32gf", "regnet_y_3_2gf", "regnet_y_400mf", "regnet_y_800mf", "regnet_y_8gf", "resnet101", "resnet152",
    "resnet18", "resnet34", "resnet50", "resnext101_32x8d", "resnext101_64x4d", "resnext50_32x4d", "vit_b_16",
    "vit_b_32", "vit_h_14", "vit_l_16", "vit_l_32", "wide_resnet101_2", "wide_resnet50_2"};
  BOOST_TEST(glasses::preset_names<ImageClassifierConfig>() == names, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_preset_meets_the_field_rules) {
  for (auto name : glasses::preset_names<ImageClassifierConfig>())
    BOOST_TEST(glasses::validate(glasses::preset<ImageClassifierConfig>(name)).empty(), name);
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
  BOOST_TEST(preset_parameters("resnext101_64x4d") == 83455272);
  BOOST_TEST(preset_parameters("wide_resnet50_2") == 68883240);
  BOOST_TEST(preset_parameters("wide_resnet101_2") == 126886696);
}

BOOST_AUTO_TEST_CASE(vit_parameter_counts_match_torchvision) {
  BOOST_TEST(preset_parameters("vit_b_16") == 86567656);
  BOOST_TEST(preset_parameters("vit_b_32") == 88224232);
  BOOST_TEST(preset_parameters("vit_l_16") == 304326632);
  BOOST_TEST(preset_parameters("vit_l_32") == 306535400);
  // Counted, as built above for the others: built, vit_h_14 would take 2.5 GB.
  BOOST_TEST(vit_parameters(glasses::preset<ImageClassifierConfig>("vit_h_14")) == 632045800);
  for (auto name : {"vit_b_16", "vit_b_32"})
    BOOST_TEST(vit_parameters(glasses::preset<ImageClassifierConfig>(name)) == preset_parameters(name), name);
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

BOOST_AUTO_TEST_CASE(convnext_and_regnet_parameters_count_from_their_configs_as_they_build) {
  for (auto name : {"convnext_tiny", "regnet_y_400mf", "regnet_x_400mf", "regnet_x_8gf"}) {
    auto const config = glasses::preset<ImageClassifierConfig>(name);
    auto const counted = name[0] == 'c' ? convnext_parameters(config) : regnet_parameters(config);
    BOOST_TEST(counted == preset_parameters(name), name);
  }
}

BOOST_AUTO_TEST_CASE(convnext_parameter_counts_match_torchvision) {
  auto count = [](std::string_view name) { return convnext_parameters(glasses::preset<ImageClassifierConfig>(name)); };
  BOOST_TEST(count("convnext_tiny") == 28589128);
  BOOST_TEST(count("convnext_small") == 50223688);
  BOOST_TEST(count("convnext_base") == 88591464);
  BOOST_TEST(count("convnext_large") == 197767336);
}

BOOST_AUTO_TEST_CASE(regnet_parameter_counts_match_torchvision) {
  auto count = [](std::string_view name) { return regnet_parameters(glasses::preset<ImageClassifierConfig>(name)); };
  BOOST_TEST(count("regnet_y_400mf") == 4344144);
  BOOST_TEST(count("regnet_y_800mf") == 6432512);
  BOOST_TEST(count("regnet_y_1_6gf") == 11202430);
  BOOST_TEST(count("regnet_y_3_2gf") == 19436338);
  BOOST_TEST(count("regnet_y_8gf") == 39381472);
  BOOST_TEST(count("regnet_y_16gf") == 83590140);
  BOOST_TEST(count("regnet_y_32gf") == 145046770);
  BOOST_TEST(count("regnet_y_128gf") == 644812894);
  BOOST_TEST(count("regnet_x_400mf") == 5495976);
  BOOST_TEST(count("regnet_x_800mf") == 7259656);
  BOOST_TEST(count("regnet_x_1_6gf") == 9190136);
  BOOST_TEST(count("regnet_x_3_2gf") == 15296552);
  BOOST_TEST(count("regnet_x_8gf") == 39572648);
  BOOST_TEST(count("regnet_x_16gf") == 54278536);
  BOOST_TEST(count("regnet_x_32gf") == 107811560);
}

BOOST_AUTO_TEST_SUITE_END()
