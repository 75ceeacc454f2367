// glasses against hand-written Boost.JSON and nlohmann::json on the same config, in the
// same run. bench/ratios.py turns the output into the ratios of bench/README.md.
#include "bench_configs.hpp"

#include <glasses/config/compare.hpp>
#include <glasses/config/yaml.hpp>

#include <benchmark/benchmark.h>
#include <chrono>
#include <boost/json.hpp>
#include <nlohmann/json.hpp>

namespace bench {

// --- hand-written Boost.JSON: what a user writes without glasses ---------------------
boost::json::value hand_to_value(ClassifierConfig const& c) {
  auto const& b = c.backbone;
  boost::json::object backbone;
  backbone["depths"] = boost::json::value_from(b.depths);
  backbone["widths"] = boost::json::value_from(b.widths);
  backbone["block"] = b.block;
  backbone["drop_path"] = b.drop_path;
  backbone["zero_init_residual"] = b.zero_init_residual;
  backbone["deep_stem"] = b.deep_stem;
  backbone["in_channels"] = b.in_channels;
  backbone["stem_width"] = b.stem_width;
  backbone["groups"] = b.groups;
  backbone["width_per_group"] = b.width_per_group;
  boost::json::object out;
  out["backbone"] = std::move(backbone);
  out["num_classes"] = c.num_classes;
  out["dropout"] = c.dropout;
  out["head"] = c.head;
  return out;
}

ClassifierConfig hand_from_text(std::string_view text) {
  boost::json::value v = boost::json::parse(text);
  auto const& o = v.as_object();
  auto const& b = o.at("backbone").as_object();
  ClassifierConfig c;
  c.backbone.depths = boost::json::value_to<std::vector<int>>(b.at("depths"));
  c.backbone.widths = boost::json::value_to<std::vector<int>>(b.at("widths"));
  c.backbone.block = boost::json::value_to<std::string>(b.at("block"));
  c.backbone.drop_path = boost::json::value_to<double>(b.at("drop_path"));
  c.backbone.zero_init_residual = boost::json::value_to<bool>(b.at("zero_init_residual"));
  c.backbone.deep_stem = boost::json::value_to<bool>(b.at("deep_stem"));
  c.backbone.in_channels = boost::json::value_to<int64_t>(b.at("in_channels"));
  c.backbone.stem_width = boost::json::value_to<int64_t>(b.at("stem_width"));
  c.backbone.groups = boost::json::value_to<int64_t>(b.at("groups"));
  c.backbone.width_per_group = boost::json::value_to<int64_t>(b.at("width_per_group"));
  c.num_classes = boost::json::value_to<int64_t>(o.at("num_classes"));
  c.dropout = boost::json::value_to<double>(o.at("dropout"));
  c.head = boost::json::value_to<std::string>(o.at("head"));
  return c;
}

// --- nlohmann::json with its macros ---------------------------------------------------
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ResNetConfig, depths, widths, block, drop_path, zero_init_residual,
                                                deep_stem, in_channels, stem_width, groups, width_per_group)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ClassifierConfig, backbone, num_classes, dropout, head)

std::string const text = glasses::dump(ClassifierConfig{});
std::string const slot_text = glasses::dump(SlotClassifierConfig{});
std::string const yaml_text = glasses::dump_yaml(ClassifierConfig{});
// The same text with an anchor, which the fast scanner leaves to yaml-cpp.
std::string const yaml_anchor_text = [] {
  std::string out = yaml_text;
  out.replace(out.find("head: "), 6, "head: &h ");
  return out;
}();

}  // namespace bench

using namespace bench;

static void dump_glasses(benchmark::State& state) {
  ClassifierConfig c;
  for (auto _ : state) benchmark::DoNotOptimize(glasses::dump(c));
}
static void dump_boost_json_by_hand(benchmark::State& state) {
  ClassifierConfig c;
  for (auto _ : state) benchmark::DoNotOptimize(boost::json::serialize(hand_to_value(c)));
}
static void dump_nlohmann(benchmark::State& state) {
  ClassifierConfig c;
  for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json(c).dump());
}
static void parse_glasses(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(glasses::parse<ClassifierConfig>(text));
}
static void parse_yaml_glasses(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(glasses::parse_yaml<ClassifierConfig>(yaml_text));
}
static void parse_yaml_through_yaml_cpp(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(glasses::parse_yaml<ClassifierConfig>(yaml_anchor_text));
}
static void parse_boost_json_by_hand(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(hand_from_text(text));
}
static void parse_nlohmann(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(text).get<ClassifierConfig>());
}
static void copy_by_value(benchmark::State& state) {
  ClassifierConfig c;
  for (auto _ : state) {
    ClassifierConfig copy = c;
    benchmark::DoNotOptimize(copy);
  }
}
static void copy_through_slot(benchmark::State& state) {
  SlotClassifierConfig c;
  for (auto _ : state) {
    SlotClassifierConfig copy = c;
    benchmark::DoNotOptimize(copy);
  }
}
static void dump_through_slot(benchmark::State& state) {
  SlotClassifierConfig c;
  for (auto _ : state) benchmark::DoNotOptimize(glasses::dump(c));
}
static void parse_through_slot(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(glasses::parse<SlotClassifierConfig>(slot_text));
}
static void equal_glasses(benchmark::State& state) {
  ClassifierConfig a, b;
  for (auto _ : state) benchmark::DoNotOptimize(glasses::equal(a, b));
}

static void diff_of_equal_configs(benchmark::State& state) {
  SlotClassifierConfig a, b;
  for (auto _ : state) benchmark::DoNotOptimize(glasses::diff(a, b));
}
static void equal_through_slot(benchmark::State& state) {
  SlotClassifierConfig a, b;
  for (auto _ : state) benchmark::DoNotOptimize(glasses::equal(a, b));
}
// One change deep in the backbone, the last field equal() and diff() reach: neither can stop
// early. The diff is checked before timing.
std::pair<SlotClassifierConfig, SlotClassifierConfig> one_change_apart() {
  SlotClassifierConfig a, b;
  b.backbone.get_if<ResNetConfig>()->width_per_group = 4;
  auto changes = glasses::diff(a, b);
  if (changes.size() != 1 || changes[0].path != "backbone.width_per_group") std::abort();
  return {a, b};
}
static void diff_of_one_change(benchmark::State& state) {
  auto [a, b] = one_change_apart();
  for (auto _ : state) benchmark::DoNotOptimize(glasses::diff(a, b));
}
static void equal_of_one_change(benchmark::State& state) {
  auto [a, b] = one_change_apart();
  for (auto _ : state) benchmark::DoNotOptimize(glasses::equal(a, b));
}
static void fingerprint_glasses(benchmark::State& state) {
  SlotClassifierConfig c;
  for (auto _ : state) benchmark::DoNotOptimize(glasses::fingerprint(c));
}

// A sweep's worth of configs, each a little different, as compare meets them.
std::vector<SlotClassifierConfig> thousand_configs() {
  std::vector<SlotClassifierConfig> configs(1000);
  for (std::size_t i = 0; i < configs.size(); ++i) configs[i].num_classes = static_cast<int64_t>(10 + i % 7);
  return configs;
}
static void compare_1000_configs(benchmark::State& state) {
  auto configs = thousand_configs();
  for (auto _ : state) benchmark::DoNotOptimize(glasses::compare(std::span<SlotClassifierConfig const>(configs)));
}
static void fingerprint_1000_configs(benchmark::State& state) {
  auto configs = thousand_configs();
  for (auto _ : state)
    for (auto const& c : configs) benchmark::DoNotOptimize(glasses::fingerprint(c));
}

// A small dump, timed alone or right after a large dump of the same type: what one large
// config must not cost every later small one. Before each timed dump both first sweep
// 4 MB of memory, so that the caches are as cold in both and the ratio shows what the
// large dump leaves behind in glasses, not in the CPU. Manual timing keeps the untimed
// work out of the measurement.
template <bool after_large> static void dump_small(benchmark::State& state) {
  ClassifierConfig small, large;
  large.backbone.depths.assign(300'000, 3);  // about 600 KB of text
  std::vector<char> memory(4 << 20);
  for (auto _ : state) {
    std::fill(memory.begin(), memory.end(), static_cast<char>(state.iterations()));
    benchmark::ClobberMemory();
    if constexpr (after_large) benchmark::DoNotOptimize(glasses::dump(large));
    auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(glasses::dump(small));
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
}

BENCHMARK(compare_1000_configs);
BENCHMARK(fingerprint_1000_configs);
BENCHMARK(dump_glasses);
BENCHMARK(dump_small<false>)->Name("dump_small_alone")->UseManualTime()->Iterations(4000);
BENCHMARK(dump_small<true>)->Name("dump_small_after_large")->UseManualTime()->Iterations(4000);
BENCHMARK(dump_boost_json_by_hand);
BENCHMARK(dump_nlohmann);
BENCHMARK(parse_glasses);
BENCHMARK(parse_yaml_glasses);
BENCHMARK(parse_yaml_through_yaml_cpp);
BENCHMARK(parse_boost_json_by_hand);
BENCHMARK(parse_nlohmann);
BENCHMARK(copy_by_value);
BENCHMARK(copy_through_slot);
BENCHMARK(dump_through_slot);
BENCHMARK(parse_through_slot);
BENCHMARK(equal_glasses);
BENCHMARK(diff_of_equal_configs);
BENCHMARK(equal_through_slot);
BENCHMARK(diff_of_one_change);
BENCHMARK(equal_of_one_change);
BENCHMARK(fingerprint_glasses);

BENCHMARK_MAIN();
