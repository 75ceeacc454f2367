// Peak memory of from_pretrained on resnet50: at most the model plus the file.
// Prints the figures; exits 1 when the peak exceeds that bound.
#include <glasses/models.hpp>

#include <filesystem>
#include <iostream>
#include <sys/resource.h>

namespace {

double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

}  // namespace

int main(int argc, char** argv) {
  using glasses::models::ImageClassifierConfig;
  std::string path = argc > 1 ? argv[1] : "memory_resnet50.safetensors";
  if (argc > 2) {  // the measured run, in a fresh process
    double before = peak_mib();
    auto [config, model] = glasses::nn::from_pretrained<ImageClassifierConfig>(path);
    double peak = peak_mib() - before;
    double file = static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0);
    double model_mib = 0;
    for (auto const& p : model->parameters()) model_mib += static_cast<double>(p.numel() * p.element_size());
    for (auto const& b : model->buffers()) model_mib += static_cast<double>(b.numel() * b.element_size());
    model_mib /= 1024.0 * 1024.0;
    std::cout << "from_pretrained(resnet50): peak " << peak << " MiB above the start; model " << model_mib
              << " MiB + file " << file << " MiB = " << model_mib + file << " MiB; ratio "
              << peak / (model_mib + file) << "\n";
    return peak <= model_mib + file ? 0 : 1;
  }
  auto config = glasses::preset<ImageClassifierConfig>("resnet50");
  glasses::nn::save_pretrained(config.build(), config, path);
  std::string self = argv[0];
  return std::system((self + " " + path + " measure").c_str()) == 0 ? 0 : 1;
}
