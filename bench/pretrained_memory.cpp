// Peak memory of from_pretrained on resnet50, against building the same model from the
// same file's config without loading it, each in a fresh process. Loading reads each
// tensor into its parameter, so it may add at most the model's largest tensor (the buffer
// of a dtype conversion) to the build's peak, never the file. The same holds for
// from_pretrained with {.dtype = torch::kBFloat16}, which converts the built model tensor by
// tensor and reads each F32 tensor of the file through that buffer. Prints the figures;
// exits 1 when either bound is exceeded.
#include <glasses/models.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sys/resource.h>

namespace {

using glasses::models::ImageClassifierConfig;

double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double mib(torch::Tensor const& t) { return static_cast<double>(t.numel() * t.element_size()) / (1024.0 * 1024.0); }

// The growth of the peak that `mode` gives in a fresh process, so that neither run inherits
// the other's high-water mark.
double measured(std::string const& self, std::string const& path, char const* mode) {
  FILE* child = ::popen((self + " " + path + " " + mode).c_str(), "r");
  double peak = -1;
  if (!child || std::fscanf(child, "%lf", &peak) != 1) peak = -1;
  if (child) ::pclose(child);
  return peak;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "memory_resnet50.safetensors";
  if (argc > 2) {  // a measured run: prints the growth of the peak
    std::string mode = argv[2];
    double before = peak_mib();
    if (mode == "build") {
      glasses::nn::detail::checkpoint file(path);
      auto model = glasses::parse<ImageClassifierConfig>(file.metadata("glasses_config")).build();
    } else if (mode == "bfloat16") {
      auto loaded = glasses::nn::from_pretrained<ImageClassifierConfig>(path, {.dtype = torch::kBFloat16});
    } else {
      auto loaded = glasses::nn::from_pretrained<ImageClassifierConfig>(path);
    }
    std::cout << peak_mib() - before << "\n";
    return 0;
  }
  auto config = glasses::preset<ImageClassifierConfig>("resnet50");
  auto model = config.build();
  glasses::nn::save_pretrained(model, config, path);
  double model_mib = 0, largest = 0;
  for (auto const& t : model->parameters()) model_mib += mib(t), largest = std::max(largest, mib(t));
  for (auto const& t : model->buffers()) model_mib += mib(t), largest = std::max(largest, mib(t));
  double file = static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0);

  double build = measured(argv[0], path, "build");
  double load = measured(argv[0], path, "load");
  double bfloat16 = measured(argv[0], path, "bfloat16");
  if (build < 0 || load < 0 || bfloat16 < 0) {
    std::cerr << "a measured run failed\n";
    return 1;
  }
  std::cout << "resnet50: model " << model_mib << " MiB, largest tensor " << largest << " MiB, file " << file
            << " MiB\n"
            << "peak above the start: build alone " << build << " MiB, from_pretrained " << load << " MiB; ratio "
            << load / build << "; loading adds " << load - build << " MiB\n"
            << "from_pretrained vs model + file: ratio " << load / (model_mib + file) << "\n"
            << "from_pretrained as BFloat16: " << bfloat16 << " MiB; ratio to the build " << bfloat16 / build
            << "; adds " << bfloat16 - build << " MiB\n";
  return load <= build + largest && bfloat16 <= build + largest ? 0 : 1;
}
