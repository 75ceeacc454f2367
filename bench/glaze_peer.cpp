// glasses against glaze 5.5 (C++23, reflection of aggregates), the fastest JSON peer, on
// the ResNet-50 classifier config with values that are not its defaults. Each pair's
// outputs are checked equal before anything is timed, so that a side that ignored its input
// could not look fast. Run it with --benchmark_enable_random_interleaving=true so that the
// two sides alternate (bench/ratios.py --glaze does).
#include "bench_configs.hpp"

#include <glaze/glaze.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

namespace bench {
namespace {

ClassifierConfig trained() {
  ClassifierConfig c;
  c.backbone.depths = {3, 4, 23, 3};
  c.backbone.widths = {128, 256, 512, 1024};
  c.backbone.block = "basic";
  c.backbone.drop_path = 0.05;
  c.backbone.deep_stem = true;
  c.backbone.groups = 32;
  c.backbone.width_per_group = 8;
  c.num_classes = 10;
  c.dropout = 0.5;
  c.head = "mlp";
  return c;
}

ClassifierConfig const config = trained();
std::string const text = glasses::dump(config);

[[noreturn]] void refuse(char const* why) {
  std::cerr << "bench_glaze: " << why << "; nothing was timed\n";
  std::exit(1);
}

// Both sides read and write the same text, and what they read is the config it came from.
bool checked = [] {
  auto glaze_text = glz::write_json(config);
  if (!glaze_text || *glaze_text != text) refuse("glaze writes other text than glasses::dump");
  auto glaze_back = glz::read_json<ClassifierConfig>(text);
  if (!glaze_back || !glasses::equal(*glaze_back, config)) refuse("glaze reads another config back");
  if (!glasses::equal(glasses::parse<ClassifierConfig>(text), config)) refuse("glasses reads another config back");
  return true;
}();

}  // namespace
}  // namespace bench

using namespace bench;

static void dump_glasses_vs_glaze(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(glasses::dump(config));
}
static void dump_glaze(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(glz::write_json(config));
}
static void parse_glasses_vs_glaze(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(glasses::parse<ClassifierConfig>(text));
}
static void parse_glaze(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(glz::read_json<ClassifierConfig>(text));
}

BENCHMARK(dump_glasses_vs_glaze);
BENCHMARK(dump_glaze);
BENCHMARK(parse_glasses_vs_glaze);
BENCHMARK(parse_glaze);

BENCHMARK_MAIN();
