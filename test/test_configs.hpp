// Configs shared by the core tests: one of every field kind, nesting, bases, and slots.
#ifndef GLASSES_TEST_CONFIGS_HPP
#define GLASSES_TEST_CONFIGS_HPP

#include "issues_of.hpp"

#include <glasses/config.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace test {

enum class activation { relu, gelu, silu };
BOOST_DESCRIBE_ENUM(activation, relu, gelu, silu)

// What the slots in these tests build: a tiny stand-in for a module.
struct block {
  virtual ~block() = default;
  virtual std::string describe() const = 0;
};
using block_ptr = std::shared_ptr<block>;

struct conv_block : block {
  int64_t channels;
  explicit conv_block(int64_t c) : channels(c) {}
  std::string describe() const override { return "conv" + std::to_string(channels); }
};
using conv_block_ptr = std::shared_ptr<conv_block>;

}  // namespace test

// A conv block is a block: conv configs fit slots of blocks too. Declared before any
// registration uses it.
template <> struct glasses::build_result_interfaces<test::conv_block_ptr> {
  using type = boost::mp11::mp_list<test::block_ptr>;
};

namespace test {

struct ConvConfig {
  int64_t channels = 64;
  std::vector<int> kernel = {3, 3};
  conv_block_ptr build() const { return std::make_shared<conv_block>(channels); }
};
BOOST_DESCRIBE_STRUCT(ConvConfig, (), (channels, kernel))
GLASSES_REGISTER_CONFIG(ConvConfig, "conv");

struct AttentionConfig {
  int heads = 8;
  double dropout = 0.1;
  block_ptr build() const;
};
BOOST_DESCRIBE_STRUCT(AttentionConfig, (), (heads, dropout))
GLASSES_REGISTER_CONFIG(AttentionConfig, "attention");

struct attention_block : block {
  int heads;
  explicit attention_block(int h) : heads(h) {}
  std::string describe() const override { return "attention" + std::to_string(heads); }
};
inline block_ptr AttentionConfig::build() const { return std::make_shared<attention_block>(heads); }

// Builds something unrelated to blocks: it must not fit a block slot.
struct TokenizerConfig {
  std::string vocabulary = "bpe";
  std::string build() const { return vocabulary; }
};
BOOST_DESCRIBE_STRUCT(TokenizerConfig, (), (vocabulary))
GLASSES_REGISTER_CONFIG(TokenizerConfig, "tokenizer");

struct Level3 {
  double ratio = 0.5;
  std::string tag = "deep";
};
BOOST_DESCRIBE_STRUCT(Level3, (), (ratio, tag))

struct Level2 {
  int width = 4;
  Level3 leaf;
};
BOOST_DESCRIBE_STRUCT(Level2, (), (width, leaf))

struct Level1 {
  std::string name = "top";
  Level2 middle;
};
BOOST_DESCRIBE_STRUCT(Level1, (), (name, middle))

struct BaseConfig {
  int64_t seed = 0;
  std::string run = "baseline";
};
BOOST_DESCRIBE_STRUCT(BaseConfig, (), (seed, run))

struct DerivedConfig : BaseConfig {
  int epochs = 10;
};
BOOST_DESCRIBE_STRUCT(DerivedConfig, (BaseConfig), (epochs))

struct NarrowInts {
  int8_t small = 0;
  uint16_t port = 80;
  unsigned count = 1;
  int number = 0;
};
BOOST_DESCRIBE_STRUCT(NarrowInts, (), (small, port, count, number))

struct WithRequired {
  glasses::required<std::string> dataset;
  glasses::required<int> epochs;
  int batch = 32;
};
BOOST_DESCRIBE_STRUCT(WithRequired, (), (dataset, epochs, batch))

// One field of every kind but required (WithRequired covers that).
struct Everything {
  bool flag = true;
  int8_t tiny = -3;
  uint64_t big = 18446744073709551615ull;
  int64_t negative = -9007199254740993;
  float ratio = 0.1f;
  double rate = 0.1;
  double infinite = std::numeric_limits<double>::infinity();
  std::string text = "line\n\"quoted\" \\ tab\t \xc3\xa9";
  activation act = activation::gelu;
  std::optional<int> maybe;
  std::optional<std::string> named = "x";
  std::vector<int> depths = {3, 4, 6, 3};
  std::vector<bool> switches = {true, false, true};
  std::array<double, 3> mean = {0.485, 0.456, 0.406};
  std::map<std::string, double> weights = {{"a", 1.5}, {"b.c", -2}};
  Level1 nested;
  std::vector<Level3> layers = {Level3{}, Level3{0.25, "second"}};
  std::variant<ConvConfig, AttentionConfig> choice = AttentionConfig{};
  glasses::any_config<block_ptr()> slot = ConvConfig{};
  glasses::any_config<block_ptr> empty_slot;
  std::vector<glasses::any_config<block_ptr>> extras = {ConvConfig{}, AttentionConfig{.heads = 2, .dropout = 0}};
};
BOOST_DESCRIBE_STRUCT(Everything, (),
                      (flag, tiny, big, negative, ratio, rate, infinite, text, act, maybe, named, depths,
                       switches, mean, weights, nested, layers, choice, slot, empty_slot, extras))

}  // namespace test

#endif
