#include "backbone_checks.hpp"
#include "../issues_of.hpp"

#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

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
  auto issues = [](ResNetConfig const& c) { return test::issues_of([&] { c.build(); }); };
  using issues_t = std::vector<glasses::issue>;
  BOOST_TEST(issues({.depths = {1, 1, 1}}) ==
                 (issues_t{{"widths", "must have one width per stage, as many as depths has (3), got 4"}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues({.depths = {1, 0, 1, 1}}) == (issues_t{{"depths[1]", "must be at least 1, got 0"}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues({.depths = {}, .widths = {}}) == (issues_t{{"depths", "must not be empty"}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues({.block = ResNetBlock::basic, .groups = 32, .width_per_group = 4}) ==
                 (issues_t{{"groups", "must be 1 for a basic block, got 32; use block=bottleneck for ResNeXt or Wide "
                                      "ResNet"},
                           {"width_per_group", "must be 64 for a basic block, got 4; use block=bottleneck for ResNeXt "
                                               "or Wide ResNet"}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues({.groups = 0, .in_channels = -3}) ==
                 (issues_t{{"groups", "must be at least 1, got 0"}, {"in_channels", "must be at least 1, got -3"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_bottleneck_needs_a_channel_per_group_and_no_more_than_the_bound) {
  auto issues = [](ResNetConfig const& c) { return test::issues_of([&] { c.build(); }); };
  using issues_t = std::vector<glasses::issue>;
  BOOST_TEST(issues({.depths = {1, 1}, .widths = {1, 2}, .width_per_group = 32}) ==
                 (issues_t{{"widths[0]", "must be at least 2 for a bottleneck with width_per_group=32, whose 3x3 "
                                         "convolution has width * width_per_group / 64 channels per group, got 1; or "
                                         "raise width_per_group"}}),
             boost::test_tools::per_element());
  BOOST_TEST(issues({.depths = {1}, .widths = {1 << 16}, .groups = 32}) ==
                 (issues_t{{"widths[0]", "makes the bottleneck's 3x3 convolution 2097152 channels wide (width * "
                                         "width_per_group / 64 * groups), more than 1048576; lower the width, "
                                         "width_per_group or groups"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sizes_that_would_overflow_are_refused_before_anything_is_allocated) {
  constexpr int64_t huge = std::numeric_limits<int64_t>::max();
  auto issues = test::issues_of([] {
    ResNetConfig{.depths = {1, 1}, .widths = {huge, 64}, .groups = huge, .width_per_group = huge, .stem_width = huge}
        .build();
  });
  std::vector<glasses::issue> expected{{"widths[0]", "must be at most 1048576, got 9223372036854775807"},
                                       {"groups", "must be at most 1048576, got 9223372036854775807"},
                                       {"width_per_group", "must be at most 1048576, got 9223372036854775807"},
                                       {"stem_width", "must be at most 1048576, got 9223372036854775807"}};
  BOOST_TEST(issues == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(blocks_and_stages_are_bounded_as_memory_runs_out_long_before_int64_overflows) {
  // A billion blocks of width 1 validated, then took 30 s to run out of memory.
  auto issues = test::issues_of([] { ResNetConfig{.depths = {1000000000, 1, 1, 1}}.build(); });
  BOOST_TEST(issues == (std::vector<glasses::issue>{{"depths[0]", "must be at most 1024, got 1000000000"}}),
             boost::test_tools::per_element());
  auto stages = test::issues_of([] {
    ResNetConfig{.depths = std::vector<int64_t>(17, 1), .widths = std::vector<int64_t>(17, 1)}.build();
  });
  BOOST_TEST(stages == (std::vector<glasses::issue>{{"depths", "must have at most 16 elements, got 17"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(images_of_other_channels_name_the_field) {
  torch::NoGradGuard no_grad;
  auto net = ResNetConfig{.block = ResNetBlock::basic, .depths = {1, 1}, .widths = {8, 16}, .stem_width = 8}.build();
  BOOST_TEST(test::message_of([&] { net->forward(torch::zeros({1, 4, 32, 32})); }) ==
             "ResNetConfig: 1 error\n  in_channels: the model takes images of shape [batch, 3, height, width], got "
             "[1, 4, 32, 32]; set in_channels to the images' channels");
}
