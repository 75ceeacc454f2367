#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>

using glasses::models::ResNetBlock;
using glasses::models::ResNetConfig;

namespace {

std::vector<std::vector<int64_t>> shapes(std::vector<torch::Tensor> const& features) {
  std::vector<std::vector<int64_t>> out;
  for (auto const& f : features) out.emplace_back(f.sizes().begin(), f.sizes().end());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resnet)

BOOST_AUTO_TEST_CASE(features_per_stage_have_the_reported_channels_and_strides) {
  torch::manual_seed(0);
  auto net = ResNetConfig{.block = ResNetBlock::basic, .depths = {1, 1, 1, 1}}.build();
  auto features = net->forward(torch::randn({2, 3, 64, 64}));
  BOOST_TEST((shapes(features) == std::vector<std::vector<int64_t>>{
                                      {2, 64, 16, 16}, {2, 128, 8, 8}, {2, 256, 4, 4}, {2, 512, 2, 2}}));
  BOOST_TEST((net->stage_channels() == std::vector<int64_t>{64, 128, 256, 512}));
  auto bottleneck = ResNetConfig{.depths = {1, 1}, .widths = {8, 16}, .stem_width = 8}.build();
  BOOST_TEST((bottleneck->stage_channels() == std::vector<int64_t>{32, 64}));
  BOOST_TEST((shapes(bottleneck->forward(torch::randn({1, 3, 32, 32}))) ==
              std::vector<std::vector<int64_t>>{{1, 32, 8, 8}, {1, 64, 4, 4}}));
}

BOOST_AUTO_TEST_CASE(the_layout_follows_torchvision) {
  auto net = ResNetConfig{.depths = {1, 2}, .widths = {8, 16}, .stem_width = 8}.build();
  std::vector<std::string> names;
  for (auto const& p : net->named_parameters()) names.push_back(p.key());
  BOOST_TEST(names.front() == "conv1.weight");
  BOOST_TEST(std::count(names.begin(), names.end(), "layer1.0.downsample.0.weight") == 1);
  BOOST_TEST(std::count(names.begin(), names.end(), "layer2.1.conv3.weight") == 1);
  BOOST_TEST(std::count(names.begin(), names.end(), "layer2.1.downsample.0.weight") == 0);
  auto buffers = net->named_buffers();
  BOOST_TEST(buffers.contains("bn1.running_mean"));
  BOOST_TEST(buffers.contains("layer1.0.bn3.num_batches_tracked"));
}

BOOST_AUTO_TEST_CASE(initialisation_follows_torchvision) {
  torch::manual_seed(0);
  auto net = ResNetConfig{.block = ResNetBlock::basic, .depths = {1, 1, 1, 1}, .zero_init_residual = true}.build();
  auto params = net->named_parameters();
  // He-normal with fan-out: std = sqrt(2 / (out_channels * k * k)).
  auto conv = params["layer4.0.conv2.weight"];
  double expected_std = std::sqrt(2.0 / (512 * 3 * 3));
  BOOST_TEST(std::abs(conv.std().item<double>() / expected_std - 1) < 0.02);
  BOOST_TEST(params["bn1.weight"].eq(1).all().item<bool>());
  BOOST_TEST(params["bn1.bias"].eq(0).all().item<bool>());
  BOOST_TEST(params["layer1.0.bn2.weight"].eq(0).all().item<bool>());  // zero_init_residual
  BOOST_TEST(params["layer1.0.bn1.weight"].eq(1).all().item<bool>());
}

BOOST_AUTO_TEST_CASE(bad_configs_name_the_field) {
  auto issue_of = [](ResNetConfig const& c) {
    try {
      c.build();
    } catch (glasses::config_error const& e) {
      return e.issues().at(0);
    }
    return glasses::issue{"", "no error"};
  };
  auto widths = issue_of({.depths = {1, 1, 1}});
  BOOST_TEST(widths.path == "widths");
  BOOST_TEST(widths.message == "expected one width per stage (3), got 4");
  auto depth = issue_of({.depths = {1, 0, 1, 1}});
  BOOST_TEST(depth.path == "depths[1]");
  BOOST_TEST(depth.message == "expected at least 1 block, got 0");
  auto groups = issue_of({.block = ResNetBlock::basic, .groups = 32});
  BOOST_TEST(groups.path == "groups");
  BOOST_TEST(groups.message ==
             "a basic block supports only groups=1 and width_per_group=64; use block=bottleneck for ResNeXt or Wide "
             "ResNet");
}

BOOST_AUTO_TEST_SUITE_END()
