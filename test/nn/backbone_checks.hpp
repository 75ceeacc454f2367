// What the zoo's backbone suites (MobileNetV3, EfficientNet, ConvNeXt, RegNet) check alike:
// random configs that build exactly when they validate, feature shapes, documented fields.
#ifndef GLASSES_TEST_NN_BACKBONE_CHECKS_HPP
#define GLASSES_TEST_NN_BACKBONE_CHECKS_HPP

#include "../issues_of.hpp"

#include <glasses/models.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>

namespace test {

inline constexpr int64_t huge = std::numeric_limits<int64_t>::max();
inline constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

inline std::vector<std::vector<int64_t>> shapes(std::vector<torch::Tensor> const& features) {
  std::vector<std::vector<int64_t>> out;
  for (auto const& f : features) out.emplace_back(f.sizes().begin(), f.sizes().end());
  return out;
}

using issues_t = std::vector<glasses::issue>;

/// What the config_error that `action` throws says, whole; "no error" when it throws none.
template <class Action> std::string message_of(Action&& action) {
  try {
    action();
  } catch (glasses::config_error const& e) {
    return e.what();
  }
  return "no error";
}

/// The issues that building `config` throws with.
template <class Config> issues_t build_issues(Config const& config) {
  return issues_of([&] { config.build(); });
}

/// A backbone of `config` in eval mode has stages of these channels, and these shapes for a
/// 1x3x64x64 input.
template <class Config>
void check_stages(Config const& config, std::vector<int64_t> const& channels,
                  std::vector<std::vector<int64_t>> const& expected_shapes) {
  torch::NoGradGuard no_grad;
  auto net = config.build();
  net->eval();
  BOOST_TEST(net->stage_channels() == channels, boost::test_tools::per_element());
  BOOST_TEST((shapes(net->forward(torch::randn({1, 3, 64, 64}))) == expected_shapes));
}

/// The shape of the logits of `config`'s classifier, in eval mode, for 2 images of 32x32.
inline std::vector<int64_t> logits_shape(glasses::models::ImageClassifierConfig const& config) {
  torch::NoGradGuard no_grad;
  auto model = config.build();
  model->eval();
  return model(torch::randn({2, 3, 32, 32})).sizes().vec();
}

/// The backbone config of a preset.
/// With stochastic depth at 1, training forwards differ from one another and eval ones do
/// not; without it, nothing else in the backbone is random in training (batch norms use
/// the batch's statistics).
template <class Config> void check_stochastic_depth(Config c) {
  auto images = torch::randn({4, 3, 32, 32});
  auto forward_twice = [&](auto& net) {
    torch::manual_seed(1);
    auto first = net->forward(images).back();
    torch::manual_seed(2);
    return std::pair{first, net->forward(images).back()};
  };
  torch::NoGradGuard no_grad;
  c.stochastic_depth_prob = 1.0;
  auto net = c.build();
  auto [first, second] = forward_twice(net);
  BOOST_TEST(!torch::equal(first, second));
  net->eval();
  BOOST_TEST(torch::equal(net->forward(images).back(), net->forward(images).back()));
  c.stochastic_depth_prob = 0.0;
  auto plain = c.build();
  auto [a, b] = forward_twice(plain);
  BOOST_TEST(torch::equal(a, b));
}

template <class Config> Config backbone_of(std::string_view preset) {
  return glasses::preset<glasses::models::ImageClassifierConfig>(preset).backbone.template as<Config>();
}

/// One of `good`, or one time in 30 one of `bad`: with some 30 draws a config, about a
/// third of the configs are valid.
template <class T> T draw(std::mt19937& rng, std::initializer_list<T> good, std::initializer_list<T> bad) {
  bool const broken = std::uniform_int_distribution<int>(0, 29)(rng) == 0;
  auto const& pool = broken ? bad : good;
  return pool.begin()[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
}

/// A config that validates builds a backbone whose stages have the channels it reports; one
/// that does not is refused by build with exactly validate's issues. Counts the valid ones.
template <class Config> void check_property(Config const& config, int64_t in_channels, int& valid) {
  std::vector<glasses::issue> problems = glasses::validate(config);
  BOOST_TEST_CONTEXT(glasses::dump(config)) {
    if (!problems.empty()) {
      BOOST_TEST(issues_of([&] { config.build(); }) == problems, boost::test_tools::per_element());
      return;
    }
    ++valid;
    auto net = config.build();
    net->eval();
    torch::NoGradGuard no_grad;
    auto features = net->forward(torch::randn({1, in_channels, 32, 32}));
    BOOST_TEST_REQUIRE(features.size() == net->stage_channels().size());
    for (std::size_t s = 0; s < features.size(); ++s) BOOST_TEST(features[s].size(1) == net->stage_channels()[s]);
  }
}

/// check_property on 40 configs from `random(rng)`, of which 8 to 32 validate.
template <class Random> void check_random_configs(unsigned seed, Random random) {
  torch::manual_seed(0);
  std::mt19937 rng(seed);
  int valid = 0;
  int const samples = 40;
  for (int i = 0; i < samples; ++i) {
    auto const c = random(rng);
    check_property(c, c.in_channels, valid);
  }
  BOOST_TEST_MESSAGE("valid: " << valid << " of " << samples);
  BOOST_TEST(valid >= 8);
  BOOST_TEST(valid <= samples - 8);
}

/// Every field of these configs (by their registered names) has a description in the schema.
inline void check_schema_documents(std::initializer_list<char const*> names) {
  auto const schema = glasses::json_schema<glasses::models::ImageClassifierConfig>();
  auto const& defs = schema.at("$defs").as_object();
  for (char const* name : names)
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST_REQUIRE(defs.contains(name));
      for (auto const& property : defs.at(name).at("properties").as_object())
        if (property.key() != "type")
          BOOST_TEST(property.value().as_object().contains("description"), property.key());
    }
}

}  // namespace test

#endif
