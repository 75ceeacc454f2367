// Building and running zoo models at one thread, for bench/python_peers.py to set against
// torchvision in the same run.
#include <glasses/models.hpp>

#include <benchmark/benchmark.h>

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

}  // namespace

BENCHMARK(build_resnet50)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(resnet18_forward)->Unit(benchmark::kMillisecond)->MinTime(2.0);

BENCHMARK_MAIN();
