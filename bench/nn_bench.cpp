// Building and running zoo models at one thread, for bench/python_peers.py to set against
// torchvision in the same run.
#include <glasses/models.hpp>

#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace {

glasses::models::ImageClassifierConfig preset(char const* name) {
  return glasses::preset<glasses::models::ImageClassifierConfig>(name);
}

void build_resnet50(benchmark::State& state) {
  at::set_num_threads(1);
  auto config = preset("resnet50");
  for (auto _ : state) benchmark::DoNotOptimize(config.build());
}

void resnet18_forward(benchmark::State& state) {
  at::set_num_threads(1);
  torch::manual_seed(0);
  auto model = preset("resnet18").build();
  model->eval();
  torch::NoGradGuard no_grad;
  auto images = torch::randn({1, 3, 224, 224});
  for (auto _ : state) benchmark::DoNotOptimize(model(images));
}

// In the temporary directory, not the one the benchmark runs from.
std::string const checkpoint_path = (std::filesystem::temp_directory_path() / "glasses_bench_resnet50.safetensors").string();

void write_checkpoint() {
  static bool const written = [] {
    auto config = preset("resnet50");
    glasses::nn::save_pretrained(config.build(), config, checkpoint_path);
    return true;
  }();
  (void)written;
}

// The baseline: the file's bytes into memory with read(2), as any loader must at least read them.
void read_resnet50_file(benchmark::State& state) {
  write_checkpoint();
  std::string bytes(std::filesystem::file_size(checkpoint_path), '\0');
  for (auto _ : state) {
    int fd = ::open(checkpoint_path.c_str(), O_RDONLY);
    for (std::size_t done = 0; done < bytes.size();) {
      ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    benchmark::DoNotOptimize(bytes.data());
  }
}

void load_weights_resnet50(benchmark::State& state) {
  at::set_num_threads(1);
  write_checkpoint();
  auto model = preset("resnet50").build();
  for (auto _ : state) benchmark::DoNotOptimize(glasses::nn::load_weights(model, checkpoint_path, {.strict = true}));
}

// Against build_resnet50: the model comes from its file, with no random initialisation.
void from_pretrained_resnet50(benchmark::State& state) {
  at::set_num_threads(1);
  write_checkpoint();
  for (auto _ : state)
    benchmark::DoNotOptimize(glasses::nn::from_pretrained<glasses::models::ImageClassifierConfig>(checkpoint_path));
}

}  // namespace

BENCHMARK(read_resnet50_file)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(load_weights_resnet50)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(build_resnet50)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(from_pretrained_resnet50)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(resnet18_forward)->Unit(benchmark::kMillisecond)->MinTime(2.0);

BENCHMARK_MAIN();
