// Models a user writes: a model config holding either of two backbones of its own, and the
// library's classifiers built from JSON text, trained one step.
#include "../issues_of.hpp"

#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

namespace user {

// Two tiny backbones, each with its own config.
class BackboneAImpl : public glasses::nn::BackboneImpl {
 public:
  explicit BackboneAImpl(int64_t width) : conv(register_module("conv", torch::nn::Conv2d(3, width, 3))), width_(width) {}
  std::vector<torch::Tensor> forward(torch::Tensor x) override { return {torch::relu(conv(x))}; }
  std::vector<int64_t> stage_channels() const override { return {width_}; }
  torch::nn::Conv2d conv;

 private:
  int64_t width_;
};
TORCH_MODULE(BackboneA);

class BackboneBImpl : public glasses::nn::BackboneImpl {
 public:
  explicit BackboneBImpl(int64_t depth) {
    for (int64_t i = 0; i < depth; ++i) convs->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(i ? 8 : 3, 8, 3).padding(1)));
    register_module("convs", convs);
  }
  std::vector<torch::Tensor> forward(torch::Tensor x) override {
    std::vector<torch::Tensor> stages;
    for (auto& conv : *convs) stages.push_back(x = torch::relu(conv.forward(x)));
    return stages;
  }
  std::vector<int64_t> stage_channels() const override { return std::vector<int64_t>(convs->size(), 8); }
  torch::nn::Sequential convs;
};
TORCH_MODULE(BackboneB);

struct BackboneAConfig {
  int64_t width = 4;
  BackboneA build() const { return BackboneA(width); }
};
BOOST_DESCRIBE_STRUCT(BackboneAConfig, (), (width))
GLASSES_REGISTER_CONFIG(BackboneAConfig, "backbone_a");

struct BackboneBConfig {
  int64_t depth = 2;
  BackboneB build() const { return BackboneB(depth); }
};
BOOST_DESCRIBE_STRUCT(BackboneBConfig, (), (depth))
GLASSES_REGISTER_CONFIG(BackboneBConfig, "backbone_b");

// A model of the user's own: any backbone and a number of classes.
class MyModelImpl : public torch::nn::Module {
 public:
  MyModelImpl(glasses::nn::Backbone backbone_, int64_t num_classes)
      : backbone(register_module("backbone", backbone_)),
        fc(register_module("fc", torch::nn::Linear(backbone->stage_channels().back(), num_classes))) {}
  torch::Tensor forward(torch::Tensor x) { return fc(backbone->forward(x).back().mean({2, 3})); }
  glasses::nn::Backbone backbone;
  torch::nn::Linear fc;
};
TORCH_MODULE(MyModel);

struct MyConfig {
  glasses::any_config<glasses::nn::Backbone()> backbone = BackboneAConfig{};
  int64_t num_classes = 10;
  MyModel build() const { return MyModel(backbone.build(), num_classes); }
};
BOOST_DESCRIBE_STRUCT(MyConfig, (), (backbone, num_classes))

}  // namespace user

namespace {

/// After one backward pass every parameter has a gradient, as glasses' model tester checks.
void check_every_parameter_learns(torch::nn::Module& model, torch::Tensor output) {
  output.pow(2).mean().backward();
  for (auto const& p : model.named_parameters()) {
    BOOST_TEST_REQUIRE(p.value().grad().defined(), p.key() << " has no gradient");
    BOOST_TEST(p.value().grad().abs().sum().item<double>() > 0.0, p.key() << " has a zero gradient");
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(user_models)

BOOST_AUTO_TEST_CASE(my_model_builds_with_either_backbone) {
  torch::manual_seed(0);
  user::MyConfig a;
  user::MyConfig b{.backbone = user::BackboneBConfig{.depth = 3}, .num_classes = 5};
  auto model_a = a.build();
  auto model_b = glasses::parse<user::MyConfig>(glasses::dump(b)).build();
  auto images = torch::randn({2, 3, 16, 16});
  BOOST_TEST((model_a(images).sizes().vec() == std::vector<int64_t>{2, 10}));
  BOOST_TEST((model_b(images).sizes().vec() == std::vector<int64_t>{2, 5}));
  BOOST_TEST(model_b->backbone->stage_channels().size() == 3u);
  check_every_parameter_learns(*model_b, model_b(images));
}

BOOST_AUTO_TEST_CASE(a_resnet_classifier_from_json_text) {
  torch::manual_seed(0);
  auto config = glasses::parse<glasses::models::ImageClassifierConfig>(R"({
    "backbone": {"type": "resnet", "block": "basic", "depths": [1, 1], "widths": [8, 16], "stem_width": 8},
    "head": {"type": "pooled_linear"},
    "num_classes": 3
  })");
  auto model = config.build();
  // The head's width comes from the backbone: nobody typed 16.
  BOOST_TEST((model->head->named_parameters()["fc.weight"].sizes().vec() == std::vector<int64_t>{3, 16}));
  auto logits = model(torch::randn({2, 3, 32, 32}));
  BOOST_TEST((logits.sizes().vec() == std::vector<int64_t>{2, 3}));
  check_every_parameter_learns(*model, logits);
}

BOOST_AUTO_TEST_CASE(a_vit_classifier_from_json_text) {
  torch::manual_seed(0);
  auto config = glasses::parse<glasses::models::ImageClassifierConfig>(R"({
    "backbone": {"type": "vit", "image_size": 32, "patch_size": 8, "hidden_dim": 32, "num_layers": 2,
                 "num_heads": 4, "mlp_dim": 64},
    "head": "class_token",
    "num_classes": 4
  })");
  auto model = config.build();
  torch::NoGradGuard no_grad;
  auto logits = model(torch::randn({2, 3, 32, 32}));
  BOOST_TEST((logits.sizes().vec() == std::vector<int64_t>{2, 4}));
}

BOOST_AUTO_TEST_CASE(every_vit_parameter_learns_once_the_head_is_not_zero) {
  torch::manual_seed(0);
  auto config = glasses::parse<glasses::models::ImageClassifierConfig>(
      R"({"backbone": {"type": "vit", "image_size": 16, "patch_size": 8, "hidden_dim": 16, "num_layers": 1,
          "num_heads": 2, "mlp_dim": 32}, "head": "class_token", "num_classes": 2})");
  auto model = config.build();
  // torchvision starts the head at zero, which blocks gradients to the backbone on step one.
  torch::NoGradGuard no_grad_scope;
  model->head->named_parameters()["head.weight"].normal_();
  torch::GradMode::set_enabled(true);
  check_every_parameter_learns(*model, model(torch::randn({2, 3, 16, 16})));
}

BOOST_AUTO_TEST_CASE(an_empty_slot_or_a_bad_class_count_is_a_config_error) {
  glasses::models::ImageClassifierConfig config;
  config.backbone.reset();
  config.num_classes = 0;
  // The field rules come first, then the rules between fields, which say the slot is empty.
  std::vector<glasses::issue> expected{
      {"num_classes", "must be at least 1, got 0"},
      {"backbone", "the slot is empty; choose a backbone, e.g. backbone=resnet"}};
  BOOST_TEST(glasses::validate(config) == expected, boost::test_tools::per_element());
  BOOST_TEST(test::issues_of([&] { config.build(); }) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_backbone_without_stages_is_a_config_error) {
  glasses::models::ImageClassifierConfig config{.backbone = user::BackboneBConfig{.depth = 0}};
  try {
    config.build();
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) ==
               "ImageClassifierConfig: 1 error\n  backbone: the backbone \"backbone_b\" reports no stages (its "
               "stage_channels() is empty); the head needs at least one");
  }
}

BOOST_AUTO_TEST_CASE(a_head_that_cannot_take_a_users_backbone_is_refused_when_built) {
  // The zoo's backbones are known from their configs; a user's only once built.
  glasses::models::ImageClassifierConfig config{.backbone = user::BackboneAConfig{},
                                                .head = glasses::models::ClassTokenHeadConfig{}};
  BOOST_TEST(glasses::validate(config).empty());
  try {
    config.build();
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) ==
               "ImageClassifierConfig: 1 error\n  head: the head \"class_token\" takes [batch, tokens, width] "
               "features, but the backbone \"backbone_a\" gives [batch, channels, height, width]; choose a head "
               "that takes them, e.g. head=pooled_linear");
  }
}

BOOST_AUTO_TEST_CASE(a_preset_copy_changes_alone) {
  auto base = glasses::preset<glasses::models::ImageClassifierConfig>("resnet50");
  auto changed = base;
  changed.num_classes = 8;
  glasses::set(changed, "backbone.depths[2]", "23");
  BOOST_TEST(glasses::to_string(glasses::diff(base, changed)) == "backbone.depths[2]: 6 -> 23\nnum_classes: 1000 -> 8");
}

BOOST_AUTO_TEST_SUITE_END()
