// The torchvision key map: exact renamings, and a model's whole state dict in both names.
// (test/nn/compare_keys.py checks `glasses keys` of four presets against python3-torchvision.)
#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using glasses::models::from_torchvision_key;
using glasses::models::to_torchvision_key;

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
  auto text = [](glasses::models::state_dict_key const& k) {
    return k.glasses + " -> " + k.torchvision + " " + c10::str(c10::IntArrayRef(k.shape));
  };
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

BOOST_AUTO_TEST_SUITE_END()
