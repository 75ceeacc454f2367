#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

namespace test {

struct ModelConfig {
  glasses::any_config<block_ptr> backbone = ConvConfig{};
  int64_t num_classes = 1000;
};
BOOST_DESCRIBE_STRUCT(ModelConfig, (), (backbone, num_classes))

ModelConfig small_conv() { return {.backbone = ConvConfig{.channels = 16}, .num_classes = 10}; }

GLASSES_REGISTER_PRESET(ModelConfig, "small_conv", small_conv);
GLASSES_REGISTER_PRESET(ModelConfig, "attention_base", [] {
  return ModelConfig{.backbone = AttentionConfig{.heads = 12}};
});
GLASSES_REGISTER_PRESET(ModelConfig, "clash", [] { return ModelConfig{}; });
GLASSES_REGISTER_PRESET(ModelConfig, "clash", [] { return ModelConfig{.num_classes = 1}; });

}  // namespace test

BOOST_AUTO_TEST_CASE(presets_are_listed_in_order) {
  BOOST_TEST(glasses::preset_names<test::ModelConfig>() ==
                 (std::vector<std::string_view>{"attention_base", "clash", "small_conv"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_same_registration_seen_again_is_harmless) {
  // What a header's registration does in a second translation unit: same place, new lambda.
  glasses::detail::register_preset<test::ModelConfig>("small_conv", [] { return test::ModelConfig{}; },
                                                      glasses::detail::presets<test::ModelConfig>().factories.at("small_conv").where);
  BOOST_TEST(glasses::preset<test::ModelConfig>("small_conv").num_classes == 10);
}

BOOST_AUTO_TEST_CASE(a_preset_is_a_fresh_copy) {
  auto a = glasses::preset<test::ModelConfig>("small_conv");
  BOOST_TEST(a.backbone.as<test::ConvConfig>().channels == 16);
  a.backbone.as<test::ConvConfig>().channels = 1;
  BOOST_TEST(glasses::preset<test::ModelConfig>("small_conv").backbone.as<test::ConvConfig>().channels == 16);
  BOOST_TEST(glasses::preset<test::ModelConfig>("attention_base").backbone.as<test::AttentionConfig>().heads == 12);
}

BOOST_AUTO_TEST_CASE(an_unknown_preset_suggests_the_nearest) {
  try {
    glasses::preset<test::ModelConfig>("small_cnv");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) ==
               "preset: 1 error\n  unknown preset \"small_cnv\" for ModelConfig; did you mean \"small_conv\"?; "
               "the presets are \"attention_base\", \"clash\", \"small_conv\"");
  }
}

BOOST_AUTO_TEST_CASE(two_presets_under_one_name_are_reported) {
  std::string const here = __FILE__;
  auto issues = test::issues_of([] { glasses::preset<test::ModelConfig>("clash"); });
  BOOST_TEST(issues.at(0).message == "preset \"clash\" of ModelConfig is registered twice with different configs, at " +
                                         here + ":19 and at " + here + ":20; rename one of them");
}

BOOST_AUTO_TEST_CASE(the_same_preset_reached_through_two_spellings_is_one_preset) {
  // A header included as "presets.hpp" in one unit and "../test/presets.hpp" in another:
  // its __FILE__ differs, its config does not.
  glasses::detail::register_preset<test::ModelConfig>("small_conv", [] { return test::small_conv(); },
                                                      "../test/presets.cpp:15");
  BOOST_TEST(glasses::preset<test::ModelConfig>("small_conv").num_classes == 10);
  BOOST_TEST(glasses::preset_names<test::ModelConfig>().size() == 3u);
}

namespace other {
struct ConvConfig {
  int64_t channels = 1;
  test::block_ptr build() const { return nullptr; }
};
BOOST_DESCRIBE_STRUCT(ConvConfig, (), (channels))
GLASSES_REGISTER_CONFIG(ConvConfig, "conv");  // clashes with test::ConvConfig
}  // namespace other

BOOST_AUTO_TEST_CASE(two_configs_under_one_name_are_reported_with_both_types) {
  try {
    glasses::parse<test::ModelConfig>(R"({"backbone":{"type":"conv"}})");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.issues().at(0).message ==
               "two configs are registered as \"conv\": test::ConvConfig and other::ConvConfig; give one of them another name in "
               "GLASSES_REGISTER_CONFIG");
  }
}
