// The glasses command: presets, show, diff, validate, set, sweep, schema, hash, build, keys.
// A CONFIG argument is a preset name, a JSON file, a .safetensors checkpoint, or - for stdin.
// Exit status: 0 success (diff: equal), 1 diff found differences, 2 any error.
#include "command.hpp"

#include <algorithm>
#include <iostream>

namespace glasses::cli {
namespace {

constexpr char const* footer = R"(A CONFIG is a preset name, a JSON file, a .safetensors checkpoint, or - for stdin.
Every subcommand takes --json for output that scripts read.

Examples:
  glasses presets
  glasses show resnet50
  glasses diff run_a.json run_b.json
  glasses validate run.json
  glasses set resnet50 num_classes=8 backbone.depths[2]=23 -o run.json
  glasses sweep resnet50 num_classes=10,100 backbone.groups=1,32 -o sweep/
  glasses hash run.json
  glasses build vit_b_16 --input 1,3,224,224
  glasses keys resnet50 --json)";

/// An unknown subcommand, said with a suggestion; CLI11 would take it for an argument.
bool is_unknown_subcommand(CLI::App& app, char const* word) {
  std::vector<std::string_view> names;
  for (auto const* sub : app.get_subcommands([](CLI::App const*) { return true; })) names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), word) != names.end()) return false;
  std::cerr << "glasses: unknown subcommand " << detail::quoted(word) << detail::did_you_mean(word, names)
            << "; the subcommands are " << detail::list_names(names) << "\nRun `glasses --help` for examples.\n";
  return true;
}

int run(int argc, char** argv) {
  CLI::App app{"glasses: configs as code for LibTorch models", "glasses"};
  app.require_subcommand(1);
  app.footer(footer);
  subcommand const subcommands[] = {add_presets(app), add_show(app),  add_diff(app),  add_validate(app),
                                    add_set(app),     add_sweep(app), add_schema(app), add_hash(app),
                                    add_build(app),   add_keys(app)};

  if (argc > 1 && argv[1][0] != '-' && is_unknown_subcommand(app, argv[1])) return exit_error;
  try {
    app.parse(argc, argv);
  } catch (CLI::Success const& e) {  // --help: CallForHelp and CallForAllHelp are kinds of Success
    return app.exit(e);
  } catch (CLI::ParseError const& e) {
    std::cerr << "glasses: " << e.what() << "\nRun `glasses --help` for the subcommands and examples.\n";
    return exit_error;
  }
  for (auto const& sub : subcommands)
    if (sub.parser->parsed()) return sub.run();
  return exit_error;  // unreachable: require_subcommand(1)
}

}  // namespace
}  // namespace glasses::cli

int main(int argc, char** argv) {
  try {
    return glasses::cli::run(argc, argv);
  } catch (std::exception const& e) {  // config_error, usage_error, and anything else
    std::cerr << "glasses: " << e.what() << '\n';
  }
  return glasses::cli::exit_error;
}
