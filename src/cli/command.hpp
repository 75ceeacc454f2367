// The parts of the glasses command. Each subcommand is added to the app by one function,
// which declares its arguments and returns what runs when the command line chooses it;
// main.cpp parses and dispatches.
#ifndef GLASSES_CLI_COMMAND_HPP
#define GLASSES_CLI_COMMAND_HPP

#include <glasses/models.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>
#include <string>

namespace glasses::cli {

using models::ImageClassifierConfig;

/// The exit status: 0 on success, 1 when diff finds differences (like diff(1)), 2 on any error.
inline constexpr int exit_ok = 0;
inline constexpr int exit_differ = 1;
inline constexpr int exit_error = 2;

/// A failure the user can fix: printed as `glasses: <message>`, exit status 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A subcommand: its parser, and what runs when the command line chose it (its exit status).
struct subcommand {
  CLI::App* parser;
  std::function<int()> run;
};

// config_argument.cpp: what the subcommands share.

/// The config a CONFIG argument names: a preset, a JSON file, a .safetensors checkpoint, or
/// `-` for stdin.
ImageClassifierConfig load_config(std::string const& argument);
/// Adds a required CONFIG positional argument.
void add_config_argument(CLI::App& sub, std::string& into, std::string const& name = "CONFIG");
/// Adds `--json`, the output that scripts read.
void add_json_flag(CLI::App& sub, bool& into);
/// Pretty JSON on stdout.
void print_json(boost::json::value const& json);

// inspect_commands.cpp: print what configs are.
subcommand add_presets(CLI::App& app);
subcommand add_show(CLI::App& app);
subcommand add_diff(CLI::App& app);
subcommand add_schema(CLI::App& app);
subcommand add_hash(CLI::App& app);

// file_commands.cpp: check and write config files.
subcommand add_validate(CLI::App& app);
subcommand add_set(CLI::App& app);
subcommand add_sweep(CLI::App& app);

// model_commands.cpp: build the model.
subcommand add_build(CLI::App& app);
subcommand add_keys(CLI::App& app);

}  // namespace glasses::cli

#endif
