// Initialisers that from_pretrained records: skipped when the file fills every tensor, run
// in a plain build's order when it does not, so that a seed gives the same weights.
#include "checkpoint_files.hpp"

#include <glasses/nn/init.hpp>
#include <glasses/nn/pretrained.hpp>

#include <boost/test/unit_test.hpp>

#include <sstream>

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
  for (auto const& item : expected.named_buffers()) {
    BOOST_TEST_CONTEXT(item.key()) { BOOST_TEST(torch::equal(item.value(), *actual.named_buffers().find(item.key()))); }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(init)

BOOST_AUTO_TEST_CASE(initialise_runs_at_once_outside_from_pretrained) {
  int runs = 0;
  glasses::nn::initialise([&] { ++runs; });
  BOOST_TEST(runs == 1);
}

BOOST_AUTO_TEST_CASE(a_recorded_convolution_is_torchs_with_the_same_draws) {
  auto options = torch::nn::Conv2dOptions(8, 16, {3, 5}).stride(2).padding({1, 2}).groups(4);
  torch::manual_seed(11);
  torch::nn::Conv2d plain(options);
  torch::manual_seed(11);
  glasses::nn::detail::recorded_initialisers initialisers;
  auto recorded = glasses::nn::make_conv2d(options);
  initialisers.stop();
  BOOST_TEST(printed(*recorded) == printed(*plain));
  BOOST_TEST(recorded->weight.sizes() == plain->weight.sizes());
  BOOST_TEST(recorded->bias.sizes() == plain->bias.sizes());
  initialisers.run();
  check_same_state(*plain, *recorded);
  auto x = torch::randn({2, 8, 9, 9});
  BOOST_TEST(torch::equal(plain(x), recorded(x)));
}

BOOST_AUTO_TEST_CASE(a_recorded_linear_layer_is_torchs_with_the_same_draws) {
  auto options = torch::nn::LinearOptions(6, 5).bias(false);
  torch::manual_seed(3);
  torch::nn::Linear plain(options);
  torch::manual_seed(3);
  glasses::nn::detail::recorded_initialisers initialisers;
  auto recorded = glasses::nn::make_linear(options);
  initialisers.stop();
  BOOST_TEST(printed(*recorded) == printed(*plain));
  BOOST_TEST(!recorded->bias.defined());
  initialisers.run();
  check_same_state(*plain, *recorded);
}

BOOST_AUTO_TEST_CASE(a_recorded_model_initialises_as_a_plain_build) {
  auto config = checkpoint_files::small_resnet();
  torch::manual_seed(7);
  auto plain = config.build();
  torch::manual_seed(7);
  glasses::nn::detail::recorded_initialisers initialisers;
  auto recorded = config.build();
  initialisers.stop();
  initialisers.run();
  check_same_state(*plain, *recorded);
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
