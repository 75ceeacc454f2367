#include <glasses/models.hpp>

#include <iostream>

int main() {
  auto config = glasses::preset<glasses::models::ImageClassifierConfig>("resnet18");
  config.num_classes = 3;
  auto model = config.build();
  model->eval();
  torch::NoGradGuard no_grad;
  auto logits = model(torch::zeros({1, 3, 32, 32}));
  std::cout << "consumer_nn: logits " << logits.sizes() << '\n';
  return logits.size(1) == 3 ? 0 : 1;
}
