// torchvision's weights through from_pretrained give torchvision's outputs (the files come
// from test/nn/interop.py, which CTest runs first).
#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

using glasses::models::ImageClassifierConfig;

namespace {

torch::Tensor tensor_from(std::string const& path, std::string const& name) {
  torch::nn::Module holder;
  auto header = glasses::safetensors::parse_header(
      [&] {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
      }(),
      path);
  for (auto const& t : header.tensors)
    if (t.name == name) holder.register_buffer(name, torch::empty(t.shape));
  glasses::nn::load_weights(holder, path);
  return holder.named_buffers()[name];
}

void check_outputs_match(std::string const& model_name) {
  auto [config, model] = glasses::nn::from_pretrained<ImageClassifierConfig>("interop/" + model_name + ".safetensors");
  BOOST_TEST(glasses::equal(config.backbone, glasses::preset<ImageClassifierConfig>(model_name).backbone));
  model->eval();
  torch::NoGradGuard no_grad;
  std::string io = "interop/" + model_name + "_io.safetensors";
  auto difference = (model(tensor_from(io, "images")) - tensor_from(io, "logits")).abs().max().item<double>();
  BOOST_TEST_MESSAGE(model_name << ": max abs difference from torchvision " << difference);
  BOOST_TEST(difference <= 1e-4, model_name << " differs from torchvision by " << difference);
}

}  // namespace

// Disabled unless named: CTest runs it after test/nn/interop.py has written its files.
BOOST_AUTO_TEST_SUITE(interop, *boost::unit_test::disabled())

BOOST_AUTO_TEST_CASE(the_exporters_configs_are_the_presets) {
  for (auto name : glasses::preset_names<ImageClassifierConfig>()) {
    auto path = "interop/presets/" + std::string(name) + ".json";
    BOOST_TEST(glasses::equal(glasses::load<ImageClassifierConfig>(path), glasses::preset<ImageClassifierConfig>(name)),
               name);
  }
}

BOOST_AUTO_TEST_CASE(resnet18_from_torchvision_gives_its_outputs) { check_outputs_match("resnet18"); }

BOOST_AUTO_TEST_CASE(vit_b_16_from_torchvision_gives_its_outputs) { check_outputs_match("vit_b_16"); }

BOOST_AUTO_TEST_CASE(mobilenet_v3_small_from_torchvision_gives_its_outputs) {
  check_outputs_match("mobilenet_v3_small");
}

BOOST_AUTO_TEST_CASE(efficientnet_b0_from_torchvision_gives_its_outputs) { check_outputs_match("efficientnet_b0"); }

BOOST_AUTO_TEST_CASE(convnext_tiny_from_torchvision_gives_its_outputs) { check_outputs_match("convnext_tiny"); }

BOOST_AUTO_TEST_CASE(regnet_y_400mf_from_torchvision_gives_its_outputs) { check_outputs_match("regnet_y_400mf"); }

BOOST_AUTO_TEST_SUITE_END()
