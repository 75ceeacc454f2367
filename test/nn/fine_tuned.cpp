// A torchvision model with a fine-tuned head (10 classes), exported from its state dict by
// scripts/export_torchvision.py --weights, loads with its class count and gives
// torchvision's outputs (the files come from test/nn/interop.py, which CTest runs first).
#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <fstream>

using glasses::models::ImageClassifierConfig;

namespace {

/// One tensor of a safetensors file, by name.
torch::Tensor tensor_from(std::string const& path, std::string const& name) {
  std::ifstream in(path, std::ios::binary);
  auto header = glasses::safetensors::parse_header(std::string(std::istreambuf_iterator<char>(in), {}), path);
  torch::nn::Module holder;
  for (auto const& t : header.tensors)
    if (t.name == name) holder.register_buffer(name, torch::empty(t.shape));
  glasses::nn::load_weights(holder, path);
  return holder.named_buffers()[name];
}

}  // namespace

// Disabled unless named: CTest runs it after test/nn/interop.py has written its files.
BOOST_AUTO_TEST_SUITE(fine_tuned, *boost::unit_test::disabled())

BOOST_AUTO_TEST_CASE(a_resnet18_with_10_classes_keeps_them_and_gives_torchvisions_outputs) {
  auto [config, model] = glasses::nn::from_pretrained<ImageClassifierConfig>("interop/resnet18_10.safetensors");
  BOOST_TEST(config.num_classes == 10);
  auto expected = glasses::preset<ImageClassifierConfig>("resnet18");
  expected.num_classes = 10;
  BOOST_TEST(glasses::equal(config, expected));
  model->eval();
  torch::NoGradGuard no_grad;
  std::string io = "interop/resnet18_10_io.safetensors";
  auto logits = model(tensor_from(io, "images"));
  BOOST_TEST((logits.sizes() == c10::IntArrayRef{2, 10}));
  auto difference = (logits - tensor_from(io, "logits")).abs().max().item<double>();
  BOOST_TEST_MESSAGE("resnet18 with 10 classes: max abs difference from torchvision " << difference);
  BOOST_TEST(difference <= 1e-4, "differs from torchvision by " << difference);
}

BOOST_AUTO_TEST_SUITE_END()
