// The glasses command: glasses::tool's subcommands (presets, show, diff, compare, validate,
// set, sweep, schema, hash) for the zoo's ImageClassifierConfig, plus build and keys, and
// .safetensors checkpoints as CONFIG arguments.
#include "command.hpp"

#include <glasses/config/file.hpp>

#include <optional>
#include <string>

namespace glasses::cli {
namespace {

constexpr char const* footer = R"(A CONFIG is a preset name, a JSON or YAML file (.yaml, .yml), a .safetensors checkpoint,
or - for stdin (JSON or YAML).
Every subcommand takes --json for output that scripts read.

Examples:
  glasses presets
  glasses show resnet50
  glasses diff run_a.json run_b.json
  glasses compare sweep/
  glasses validate run.json
  glasses set resnet50 num_classes=8 backbone.depths[2]=23 -o run.json
  glasses sweep resnet50 num_classes=10,100 backbone.groups=1,32 -o sweep/
  glasses hash run.json
  glasses build vit_b_16 --input 1,3,224,224
  glasses keys resnet50 --json)";

/// A checkpoint's config, from its `__metadata__`; other arguments are the tool's to read.
/// Its stored fingerprint is checked as from_pretrained checks it, so that `validate`
/// passes no checkpoint that loading would refuse.
std::optional<ImageClassifierConfig> read_checkpoint(std::string const& argument) {
  if (!detail::has_extension(argument, ".safetensors")) return std::nullopt;
  nn::detail::checkpoint file(argument);
  auto config =
      parse<ImageClassifierConfig>(file.metadata("glasses_config"), {}, argument + " (__metadata__.glasses_config)");
  nn::detail::check_fingerprint(file, fingerprint(config));
  return config;
}

/// `validate` of a checkpoint loads it as from_pretrained would: every tensor must fit the
/// model its config builds, with a shape and a dtype that convert without loss.
void check_weights(std::string const& argument, ImageClassifierConfig const&) {
  if (!detail::has_extension(argument, ".safetensors")) return;
  try {
    (void)nn::from_pretrained<ImageClassifierConfig>(argument);
  } catch (...) {
    rethrow_out_of_memory("building the model of " + argument);
  }
}

}  // namespace
}  // namespace glasses::cli

int main(int argc, char** argv) {
  using namespace glasses::cli;
  return glasses::tool<ImageClassifierConfig>(argc, argv,
                                              {.description = "glasses: configs as code for LibTorch models",
                                               .footer = footer,
                                               .read_config = read_checkpoint,
                                               .validate_argument = check_weights,
                                               .commands = {build_command(), keys_command()}});
}
