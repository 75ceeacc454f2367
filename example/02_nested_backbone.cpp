// The resnet50 preset end to end (scripts/main.sh runs this): its config shown and
// round-tripped through JSON, the model built with its parameter count, and the backbone
// swapped for a ViT.
#include <glasses/models.hpp>

#include <chrono>
#include <iostream>

using glasses::models::ImageClassifierConfig;

int main() {
  auto config = glasses::preset<ImageClassifierConfig>("resnet50");
  std::cout << "The resnet50 preset:\n" << glasses::to_tree(config) << "\n\n";

  std::string json = glasses::dump(config, {.indent = 2});
  auto back = glasses::parse<ImageClassifierConfig>(json);
  std::cout << "As JSON (" << json.size() << " bytes), fingerprint " << glasses::fingerprint(config)
            << "; read back equal: " << std::boolalpha << glasses::equal(config, back) << "\n\n";

  auto start = std::chrono::steady_clock::now();
  auto model = back.build();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int64_t parameters = glasses::nn::parameter_count(*model);
  std::cout << "Built ImageClassifier in " << seconds << " s: " << parameters << " parameters (torchvision: 25557032)\n";
  {
    torch::NoGradGuard no_grad;
    model->eval();
    std::cout << "Logits for one 3x224x224 image: " << model(torch::randn({1, 3, 224, 224})).sizes() << "\n\n";
  }

  // A change of plan: another backbone, eight classes.
  auto vit = config;
  glasses::apply_overrides(vit, {"backbone=vit", "backbone.patch_size=32", "head=class_token", "num_classes=8"});
  std::cout << "Swapped to a ViT:\n" << glasses::diff(config, vit) << "\n";
  std::cout << "which builds " << glasses::nn::parameter_count(*vit.build()) << " parameters\n";
  return parameters == 25557032 && glasses::equal(config, back) ? 0 : 1;
}
