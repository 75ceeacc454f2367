// The torchvision key map: exact renamings, and a model's whole state dict in both names.
// (test/nn/compare_keys.py checks `glasses keys` of eight presets against python3-torchvision.)
#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using glasses::models::from_torchvision_key;
using glasses::models::to_torchvision_key;

namespace {

/// "glasses name -> torchvision name [shape]"
std::string text(glasses::models::state_dict_key const& k) {
  return k.glasses + " -> " + k.torchvision + " " + c10::str(c10::IntArrayRef(k.shape));
}

std::vector<glasses::models::state_dict_key> keys_of(std::string_view preset) {
  return glasses::models::torchvision_keys(*glasses::preset<glasses::models::ImageClassifierConfig>(preset).build());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(torchvision_keys)

BOOST_AUTO_TEST_CASE(keys_map_both_ways) {
  BOOST_TEST(to_torchvision_key("backbone.layer1.0.conv1.weight") == "layer1.0.conv1.weight");
  BOOST_TEST(to_torchvision_key("head.fc.bias") == "fc.bias");
  BOOST_TEST(to_torchvision_key("head.head.weight") == "heads.head.weight");
  BOOST_TEST(to_torchvision_key("backbone.encoder.pos_embedding") == "encoder.pos_embedding");
  BOOST_TEST(from_torchvision_key("fc.weight") == "head.fc.weight");
  BOOST_TEST(from_torchvision_key("heads.head.bias") == "head.head.bias");
  BOOST_TEST(from_torchvision_key("class_token") == "backbone.class_token");
  BOOST_TEST(from_torchvision_key("layer4.2.bn3.running_var") == "backbone.layer4.2.bn3.running_var");
  // MobileNetV3's and EfficientNet's classifiers.
  BOOST_TEST(to_torchvision_key("head.classifier.3.weight") == "classifier.3.weight");
  BOOST_TEST(to_torchvision_key("backbone.features.1.block.0.0.weight") == "features.1.block.0.0.weight");
  BOOST_TEST(from_torchvision_key("classifier.1.bias") == "head.classifier.1.bias");
  BOOST_TEST(from_torchvision_key("features.2.0.block.1.fc1.weight") == "backbone.features.2.0.block.1.fc1.weight");
}

BOOST_AUTO_TEST_CASE(every_key_of_a_model_round_trips) {
  auto model = glasses::preset<glasses::models::ImageClassifierConfig>("resnet18").build();
  for (auto const& p : model->named_parameters())
    BOOST_TEST(from_torchvision_key(to_torchvision_key(p.key())) == p.key());
}

BOOST_AUTO_TEST_CASE(a_state_dict_in_both_names_follows_torchvisions_order) {
  torch::NoGradGuard no_grad;
  auto model = glasses::preset<glasses::models::ImageClassifierConfig>("resnet18").build();
  auto keys = glasses::models::torchvision_keys(*model);
  // torchvision 0.14's resnet18 state dict: 62 parameters and 60 batch-norm buffers.
  BOOST_TEST_REQUIRE(keys.size() == 122u);
  BOOST_TEST(text(keys[0]) == "backbone.conv1.weight -> conv1.weight [64, 3, 7, 7]");
  BOOST_TEST(text(keys[3]) == "backbone.bn1.running_mean -> bn1.running_mean [64]");
  BOOST_TEST(text(keys[5]) == "backbone.bn1.num_batches_tracked -> bn1.num_batches_tracked []");
  BOOST_TEST(text(keys[121]) == "head.fc.bias -> fc.bias [1000]");
  std::set<std::string> names;
  for (auto const& k : keys) names.insert(k.torchvision);
  BOOST_TEST(names.size() == keys.size());
  BOOST_TEST(keys.size() == model->named_parameters().size() + model->named_buffers().size());
}

BOOST_AUTO_TEST_CASE(a_vits_keys_start_with_its_own_parameter) {
  torch::NoGradGuard no_grad;
  auto config = glasses::preset<glasses::models::ImageClassifierConfig>("vit_b_32");
  glasses::set(config, "backbone.num_layers", "1");
  auto keys = glasses::models::torchvision_keys(*config.build());
  BOOST_TEST_REQUIRE(keys.size() >= 4u);
  BOOST_TEST(keys[0].torchvision == "class_token");
  BOOST_TEST(keys[1].torchvision == "conv_proj.weight");
  BOOST_TEST(keys[3].torchvision == "encoder.pos_embedding");
  BOOST_TEST(keys.back().torchvision == "heads.head.bias");
}

BOOST_AUTO_TEST_CASE(a_mobilenet_v3s_and_an_efficientnets_state_dicts_follow_torchvisions) {
  torch::NoGradGuard no_grad;
  // torchvision 0.14's mobilenet_v3_small: 142 parameters and 102 batch-norm buffers.
  auto small = keys_of("mobilenet_v3_small");
  BOOST_TEST_REQUIRE(small.size() == 244u);
  BOOST_TEST(text(small[0]) == "backbone.features.0.0.weight -> features.0.0.weight [16, 3, 3, 3]");
  BOOST_TEST(text(small[6]) == "backbone.features.1.block.0.0.weight -> features.1.block.0.0.weight [16, 1, 3, 3]");
  BOOST_TEST(text(small[240]) == "head.classifier.0.weight -> classifier.0.weight [1024, 576]");
  BOOST_TEST(text(small[243]) == "head.classifier.3.bias -> classifier.3.bias [1000]");
  // efficientnet_b0: 213 parameters and 147 batch-norm buffers.
  auto b0 = keys_of("efficientnet_b0");
  BOOST_TEST_REQUIRE(b0.size() == 360u);
  BOOST_TEST(text(b0[6]) == "backbone.features.1.0.block.0.0.weight -> features.1.0.block.0.0.weight [32, 1, 3, 3]");
  BOOST_TEST(text(b0[357]) == "backbone.features.8.1.num_batches_tracked -> features.8.1.num_batches_tracked []");
  BOOST_TEST(text(b0[358]) == "head.classifier.1.weight -> classifier.1.weight [1000, 1280]");
}

BOOST_AUTO_TEST_CASE(a_convnexts_and_a_regnets_state_dicts_follow_torchvisions) {
  torch::NoGradGuard no_grad;
  // torchvision 0.14's convnext_tiny: 182 parameters, no buffers; a block's layer scale first.
  auto tiny = keys_of("convnext_tiny");
  BOOST_TEST_REQUIRE(tiny.size() == 182u);
  BOOST_TEST(text(tiny[0]) == "backbone.features.0.0.weight -> features.0.0.weight [96, 3, 4, 4]");
  BOOST_TEST(text(tiny[4]) == "backbone.features.1.0.layer_scale -> features.1.0.layer_scale [96, 1, 1]");
  BOOST_TEST(text(tiny[5]) == "backbone.features.1.0.block.0.weight -> features.1.0.block.0.weight [96, 1, 7, 7]");
  BOOST_TEST(text(tiny[178]) == "head.classifier.0.weight -> classifier.0.weight [768]");
  BOOST_TEST(text(tiny[181]) == "head.classifier.2.bias -> classifier.2.bias [1000]");
  // regnet_y_400mf: 225 parameters and 159 batch-norm buffers; a block's projection first.
  auto y400 = keys_of("regnet_y_400mf");
  BOOST_TEST_REQUIRE(y400.size() == 384u);
  BOOST_TEST(text(y400[0]) == "backbone.stem.0.weight -> stem.0.weight [32, 3, 3, 3]");
  BOOST_TEST(text(y400[6]) ==
             "backbone.trunk_output.block1.block1-0.proj.0.weight -> trunk_output.block1.block1-0.proj.0.weight "
             "[48, 32, 1, 1]");
  BOOST_TEST(text(y400[12]) ==
             "backbone.trunk_output.block1.block1-0.f.a.0.weight -> trunk_output.block1.block1-0.f.a.0.weight "
             "[48, 32, 1, 1]");
  BOOST_TEST(text(y400[382]) == "head.fc.weight -> fc.weight [1000, 440]");
}

BOOST_AUTO_TEST_SUITE_END()
