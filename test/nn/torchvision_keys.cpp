// The torchvision key map: exact renamings, and for four presets the whole state dict in
// torchvision's names with shapes, written for test/nn/compare_keys.py to check against
// python3-torchvision.
#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

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

BOOST_AUTO_TEST_CASE(state_dicts_are_written_in_torchvision_names) {
  std::filesystem::create_directories("torchvision_keys");
  torch::NoGradGuard no_grad;
  for (char const* preset : {"resnet18", "resnet50", "resnext50_32x4d", "vit_b_32"}) {
    auto model = glasses::preset<glasses::models::ImageClassifierConfig>(preset).build();
    std::ofstream out(std::string("torchvision_keys/") + preset + ".txt");
    auto write = [&](auto const& items) {
      for (auto const& item : items) {
        out << to_torchvision_key(item.key());
        for (auto size : item.value().sizes()) out << ' ' << size;
        out << '\n';
      }
    };
    write(model->named_parameters());
    write(model->named_buffers());
    BOOST_TEST(out.good());
  }
}

BOOST_AUTO_TEST_SUITE_END()
