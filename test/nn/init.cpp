// Initialisers that from_pretrained records: skipped when the file fills every tensor, run
// in a plain build's order when it does not, so that a seed gives the same weights.
#include "checkpoint_files.hpp"

#include <glasses/nn/init.hpp>
#include <glasses/nn/pretrained.hpp>

#include <ATen/CPUGeneratorImpl.h>
#include <boost/test/unit_test.hpp>

#include <malloc.h>

#include <cmath>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

namespace {

int initialiser_runs = 0;

// A model of the user's own that initialises through glasses::nn: a linear layer and an
// initialiser that counts its runs and fills the bias with a constant.
struct CountedLinearConfig {
  int64_t in = 4;
  int64_t out = 3;
  torch::nn::Linear build() const {
    auto linear = glasses::nn::make_linear(torch::nn::LinearOptions(in, out));
    glasses::nn::initialise([linear]() mutable {
      ++initialiser_runs;
      torch::NoGradGuard no_grad;
      linear->bias.fill_(0.25);
    });
    return linear;
  }
};
BOOST_DESCRIBE_STRUCT(CountedLinearConfig, (), (in, out))

std::string printed(torch::nn::Module const& module) {
  std::ostringstream os;
  module.pretty_print(os);
  return os.str();
}

void check_same_state(torch::nn::Module const& expected, torch::nn::Module const& actual) {
  auto want = expected.named_parameters(), got = actual.named_parameters();
  BOOST_REQUIRE_EQUAL(want.size(), got.size());
  for (auto const& item : want) {
    BOOST_TEST_CONTEXT(item.key()) { BOOST_TEST(torch::equal(item.value(), got[item.key()])); }
  }
  auto buffers = actual.named_buffers();
  BOOST_REQUIRE_EQUAL(expected.named_buffers().size(), buffers.size());
  for (auto const& item : expected.named_buffers()) {
    BOOST_TEST_CONTEXT(item.key()) { BOOST_TEST(torch::equal(item.value(), buffers[item.key()])); }
  }
}

// A LibTorch module built plainly and the same built while recording, whose initialisers
// then run: from one seed, they print and hold the same.
template <class Module, class Options>
std::pair<Module, Module> plain_and_recorded(Options const& options,
                                             Module (*make)(Options const&, glasses::nn::weight_init)) {
  torch::manual_seed(11);
  Module plain(options);
  torch::manual_seed(11);
  glasses::nn::detail::recorded_initialisers initialisers;
  Module recorded = make(options, glasses::nn::weight_init::layer_default);
  initialisers.stop();
  BOOST_TEST(printed(*recorded) == printed(*plain));
  initialisers.run();
  check_same_state(*plain, *recorded);
  return {plain, recorded};
}

// A small classifier of each convolutional family of the zoo.
std::vector<glasses::models::ImageClassifierConfig> small_convolutional_classifiers() {
  char const* const classifiers[] = {
      R"({"backbone": {"type": "convnext", "widths": [8, 16], "depths": [1, 1]}, "head": {"type": "layer_norm_linear"}})",
      R"({"backbone": {"type": "regnet", "depths": [1, 1], "widths": [8, 16], "group_widths": [8, 8],
                       "bottleneck_multipliers": [1, 1], "stem_width": 8}, "head": {"type": "normal_linear"}})",
      R"({"backbone": {"type": "mobilenet_v3", "kernels": [3], "expanded_channels": [16], "out_channels": [8],
                       "squeeze_excitation": [true], "activations": ["hardswish"], "strides": [2]},
          "head": {"type": "two_layer", "hidden_width": 32}})",
      R"({"backbone": {"type": "efficientnet", "width_mult": 0.25, "depth_mult": 0.1}, "head": {"type": "dropout_linear"}})",
  };
  std::vector<glasses::models::ImageClassifierConfig> configs{checkpoint_files::small_resnet()};
  for (char const* text : classifiers) configs.push_back(glasses::parse<glasses::models::ImageClassifierConfig>(text));
  return configs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(init)

BOOST_AUTO_TEST_CASE(initialise_runs_at_once_outside_from_pretrained) {
  int runs = 0;
  glasses::nn::initialise([&] { ++runs; });
  BOOST_TEST(runs == 1);
}

BOOST_AUTO_TEST_CASE(a_recorded_convolution_is_torchs_with_the_same_draws) {
  auto [plain, recorded] = plain_and_recorded(torch::nn::Conv2dOptions(8, 16, {3, 5}).stride(2).padding({1, 2}).groups(4),
                                              glasses::nn::make_conv2d);
  BOOST_TEST(recorded->weight.sizes() == plain->weight.sizes());
  BOOST_TEST(recorded->bias.sizes() == plain->bias.sizes());
  auto x = torch::randn({2, 8, 9, 9});
  BOOST_TEST(torch::equal(plain(x), recorded(x)));
}

BOOST_AUTO_TEST_CASE(a_recorded_linear_layer_is_torchs_with_the_same_draws) {
  auto [plain, recorded] = plain_and_recorded(torch::nn::LinearOptions(6, 5).bias(false), glasses::nn::make_linear);
  BOOST_TEST(!recorded->bias.defined());
}

// Every convolutional family of the zoo draws only through recorded initialisers: a recorded
// build draws nothing, and one whose file leaves a tensor unfilled gets, seed for seed, the
// weights of a plain build. (ViT's attention initialises as LibTorch builds it.)
BOOST_AUTO_TEST_CASE(a_recorded_model_of_each_family_initialises_as_a_plain_build) {
  for (auto const& config : small_convolutional_classifiers()) {
    BOOST_TEST_CONTEXT(glasses::dump(config)) {
      torch::manual_seed(7);
      auto plain = config.build();
      torch::manual_seed(7);
      auto const seeded = at::detail::getDefaultCPUGenerator().get_state();
      glasses::nn::detail::recorded_initialisers initialisers;
      auto recorded = config.build();
      initialisers.stop();
      // Nothing was drawn: all the random work waits for the initialisers.
      BOOST_TEST(torch::equal(at::detail::getDefaultCPUGenerator().get_state(), seeded));
      initialisers.run();
      check_same_state(*plain, *recorded);
    }
  }
}

// The zoo's layers leave their weights to the model's initialisation (weight_init::by_model).
// One it forgot would hold what the allocator gave: with glibc's perturbation on, that reads
// 3.4e38, far beyond any initialiser's values.
BOOST_AUTO_TEST_CASE(the_model_fills_every_weight_its_layers_leave_unfilled) {
  struct perturbed_allocations {
    perturbed_allocations() { BOOST_REQUIRE(mallopt(M_PERTURB, 0x80) == 1); }
    ~perturbed_allocations() { mallopt(M_PERTURB, 0); }
  } perturbed;
  auto configs = small_convolutional_classifiers();
  configs.push_back(glasses::parse<glasses::models::ImageClassifierConfig>(
      R"({"backbone": {"type": "vit", "image_size": 16, "patch_size": 8, "hidden_dim": 8, "num_layers": 1,
                       "num_heads": 2, "mlp_dim": 16}, "head": {"type": "class_token"}})"));
  for (auto const& config : configs) {
    BOOST_TEST_CONTEXT(glasses::dump(config)) {
      auto model = config.build();
      for (auto const& item : model->named_parameters()) {
        BOOST_TEST_CONTEXT(item.key()) { BOOST_TEST(item.value().abs().max().item<double>() < 1e3); }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_layer_whose_weight_the_model_fills_draws_its_bias_alone) {
  using glasses::nn::weight_init;
  auto const options = torch::nn::Conv2dOptions(8, 16, 3).groups(2);
  double const bound = 1.0 / std::sqrt(4.0 * 3.0 * 3.0);  // LibTorch's: 1 / sqrt(fan in)
  torch::manual_seed(3);
  auto const bias = torch::empty({16}).uniform_(-bound, bound);
  auto const after_bias = at::detail::getDefaultCPUGenerator().get_state();
  for (bool const recording : {false, true}) {
    BOOST_TEST_CONTEXT("recording: " << recording) {
      torch::manual_seed(3);
      std::optional<glasses::nn::detail::recorded_initialisers> initialisers;
      if (recording) initialisers.emplace();
      auto conv = glasses::nn::make_conv2d(options, weight_init::by_model);
      if (recording) initialisers->stop(), initialisers->run();
      BOOST_TEST(conv->weight.sizes() == torch::IntArrayRef({16, 4, 3, 3}));
      BOOST_TEST(torch::equal(conv->bias, bias));
      BOOST_TEST(torch::equal(at::detail::getDefaultCPUGenerator().get_state(), after_bias));
    }
  }
  torch::manual_seed(3);
  auto const seeded = at::detail::getDefaultCPUGenerator().get_state();
  auto linear = glasses::nn::make_linear(torch::nn::LinearOptions(6, 5).bias(false), weight_init::by_model);
  BOOST_TEST(linear->weight.sizes() == torch::IntArrayRef({5, 6}));
  BOOST_TEST(torch::equal(at::detail::getDefaultCPUGenerator().get_state(), seeded));
}

BOOST_AUTO_TEST_CASE(from_pretrained_skips_initialisers_when_the_file_fills_every_tensor) {
  checkpoint_files::folder dir("init");
  CountedLinearConfig config;
  auto saved = config.build();
  torch::NoGradGuard no_grad;
  saved->bias.fill_(-1.0);
  glasses::nn::save_pretrained(saved, config, dir.file("linear.safetensors"));

  initialiser_runs = 0;
  auto loaded = glasses::nn::from_pretrained<CountedLinearConfig>(dir.file("linear.safetensors"));
  BOOST_TEST(initialiser_runs == 0);
  check_same_state(*saved, *loaded.model);
}

BOOST_AUTO_TEST_CASE(from_pretrained_initialises_what_the_file_leaves_as_a_plain_build) {
  checkpoint_files::folder dir("init");
  CountedLinearConfig config;
  glasses::nn::save_pretrained(config.build(), config, dir.file("linear.safetensors"));

  CountedLinearConfig changed{.in = 4, .out = 2};
  torch::manual_seed(5);
  auto plain = changed.build();
  initialiser_runs = 0;
  torch::manual_seed(5);
  glasses::nn::load_report report;
  auto loaded = glasses::nn::from_pretrained(dir.file("linear.safetensors"), changed, &report);
  BOOST_TEST(initialiser_runs == 1);
  BOOST_TEST(report.loaded.empty());
  BOOST_REQUIRE_EQUAL(report.mismatched.size(), 2u);
  check_same_state(*plain, *loaded.model);
  BOOST_TEST(loaded.model->bias[0].item<float>() == 0.25f);
}

BOOST_AUTO_TEST_SUITE_END()
