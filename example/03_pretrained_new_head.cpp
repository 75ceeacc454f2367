// Pretrained weights for a new task: a trained model saved with its config, then rebuilt
// with eight classes, keeping every weight that still fits.
#include <glasses/models.hpp>

#include <iostream>

using glasses::models::ImageClassifierConfig;

int run() {
  torch::manual_seed(0);
  auto config = glasses::preset<ImageClassifierConfig>("resnet18");
  auto model = config.build();
  // ... training would happen here ...
  glasses::nn::save_pretrained(model, config, "resnet18_run.safetensors");
  std::cout << "saved resnet18_run.safetensors, config fingerprint " << glasses::fingerprint(config) << "\n\n";

  // Later, or elsewhere: the same model back, exactly.
  auto [same_config, same_model] = glasses::nn::from_pretrained<ImageClassifierConfig>("resnet18_run.safetensors");
  std::cout << "from_pretrained gives back the config: " << std::boolalpha << glasses::equal(config, same_config)
            << "\n\n";

  // A new task with 8 classes: everything but the head loads.
  auto new_task = config;
  new_task.num_classes = 8;
  glasses::nn::load_report report;
  auto [new_config, new_model] = glasses::nn::from_pretrained("resnet18_run.safetensors", new_task, &report);
  std::cout << "with num_classes = 8:\n" << report << "\n\n";

  model->eval(), new_model->eval();
  torch::NoGradGuard no_grad;
  auto images = torch::randn({1, 3, 64, 64});
  bool same_features = torch::equal(model->backbone->forward(images).back(), new_model->backbone->forward(images).back());
  std::cout << "the backbone's features are unchanged: " << same_features << '\n';
  std::cout << "the new head gives " << new_model(images).sizes() << " logits\n";
  return same_features && report.mismatched.size() == 2 ? 0 : 1;
}

int main() {
  try {
    return run();
  } catch (glasses::config_error const& e) {  // a checkpoint that cannot be written or read: what and where
    std::cerr << e.what() << '\n';
    return 1;
  }
}
