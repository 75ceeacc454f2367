// glasses::tool: the `glasses` command's subcommands for any config type, so that a
// program offers them on its own configs, with the types and presets it registers:
//
//   int main(int argc, char** argv) { return glasses::tool<ExperimentConfig>(argc, argv); }
//
// gives `prog presets|show|diff|compare|validate|set|sweep|schema|hash ...`. A CONFIG
// argument is a preset name, a JSON file, or `-` for stdin; a program may read more kinds
// (the `glasses` command reads .safetensors checkpoints) and add subcommands of its own
// (`glasses build`). Exit status: 0 success (diff: equal), 1 diff found differences, 2 a
// usage or config error, said on stderr as `prog: message`. The work is done out of line
// (src/app/tool.cpp) over the config's app_model: including this header costs no CLI11 and
// no LibTorch. Only a program that adds subcommands includes <CLI/CLI.hpp>, in the units
// that declare their arguments.
#ifndef GLASSES_TOOL_HPP
#define GLASSES_TOOL_HPP

#include <glasses/app.hpp>

#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace glasses {

/// A failure the user can fix, thrown by a program's CONFIG reader or its own subcommands:
/// said as `prog: message`, exit status 2 (as is any other exception, config_error included).
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Reads a CONFIG argument as the tool's own subcommands do.
template <class T> using config_reader = std::function<T(std::string const& argument)>;

/// A subcommand of the program's own, such as the `glasses` command's `build`.
template <class T> struct tool_command {
  std::string name;
  /// Its line in `--help`.
  std::string description;
  /// Adds its arguments to `parser` (add_config_argument and add_json_flag give them the
  /// tool's form) and returns what runs when the command line chooses it, which returns
  /// the exit status.
  std::function<std::function<int()>(CLI::App& parser, config_reader<T> const& read)> declare;
};

/// What a tool says about itself, how it reads CONFIG arguments, and its own subcommands.
template <class T> struct tool_options {
  /// The first line of `--help`.
  std::string description;
  /// The end of `--help` (what a CONFIG is, examples); a sentence on CONFIG by default.
  std::string footer;
  /// Reads the CONFIG arguments it knows (the `glasses` command: .safetensors
  /// checkpoints) and returns nullopt for the others, which are read as a preset name, a
  /// JSON file or `-` for stdin.
  std::function<std::optional<T>(std::string const& argument)> read_config;
  /// What `validate` checks of a CONFIG argument beyond its config's rules, by throwing
  /// config_error (the `glasses` command: that a checkpoint's tensors load into the model
  /// its config builds).
  std::function<void(std::string const& argument, T const& config)> validate_argument;
  /// Listed after the tool's own.
  std::vector<tool_command<T>> commands;
};

/// A required CONFIG positional argument (or another name), as the tool's subcommands take it.
void add_config_argument(CLI::App& parser, std::string& into, std::string const& name = "CONFIG");
/// `--json`, the output that scripts read.
void add_json_flag(CLI::App& parser, bool& into);
/// Pretty JSON and a newline on stdout.
void print_json(boost::json::value const& json);

namespace detail {

/// A CONFIG reader with its type erased: a new config, which the caller owns. The
/// program's own reader returns null for the arguments it leaves to the tool; the reader
/// that commands get never does.
using erased_reader = std::function<void*(std::string const& argument)>;
using erased_check = std::function<void(std::string const& argument, void const* config)>;

/// tool_command and tool_options with T erased, for the out-of-line run_tool.
struct erased_command {
  std::string name;
  std::string description;
  std::function<std::function<int()>(CLI::App& parser, erased_reader const& read)> declare;
};

struct erased_tool_options {
  std::string description;
  std::string footer;
  erased_reader read_config;
  erased_check validate_argument;
  std::vector<erased_command> commands;
};

int run_tool(int argc, char** argv, app_model const& model, erased_tool_options const& options);

}  // namespace detail

/// Runs the subcommand that the command line names, on configs of type T. Returns the exit
/// status: 0 success (diff: equal), 1 when diff finds differences, 2 for a usage or config
/// error, which goes to stderr. A program's own subcommand returns its own status.
template <class T> int tool(int argc, char** argv, tool_options<T> const& options = {}) {
  auto typed = [](detail::erased_reader const& read) -> config_reader<T> {
    return [read](std::string const& argument) {
      std::unique_ptr<T> config(static_cast<T*>(read(argument)));
      return T(std::move(*config));
    };
  };
  detail::erased_tool_options erased{options.description, options.footer, {}, {}, {}};
  if (options.read_config)
    erased.read_config = [read = options.read_config](std::string const& argument) -> void* {
      std::optional<T> config = read(argument);
      return config ? new T(std::move(*config)) : nullptr;
    };
  if (options.validate_argument)
    erased.validate_argument = [check = options.validate_argument](std::string const& argument, void const* config) {
      check(argument, *static_cast<T const*>(config));
    };
  for (auto const& command : options.commands)
    erased.commands.push_back({command.name, command.description,
                               [declare = command.declare, typed](CLI::App& parser, detail::erased_reader const& read) {
                                 return declare(parser, typed(read));
                               }});
  return detail::run_tool(argc, argv, detail::app_model_of<T>(), erased);
}

}  // namespace glasses

#endif
