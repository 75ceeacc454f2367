// glasses::tool: the subcommands over a config type seen through its app_model, so that
// this file is compiled once. Each subcommand is added by one function, which declares its
// arguments and returns what runs when the command line chooses it. Over 300 lines: nine
// subcommands of about 30 lines each, which share the tool context and its reader.
#include "owned_config.hpp"
#include "standard_output.hpp"
#include "sweep.hpp"

#include <glasses/config/compare.hpp>
#include <glasses/config/overrides.hpp>
#include <glasses/tool.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <utility>
#include <unistd.h>

namespace glasses {

void add_config_argument(CLI::App& parser, std::string& into, std::string const& name) {
  parser.add_option(name, into, "preset, file or -")->required();
}

void add_json_flag(CLI::App& parser, bool& into) { parser.add_flag("--json", into, "output JSON for scripts"); }

void print_json(boost::json::value const& json) { std::cout << dump(json, {.indent = 2}) << '\n'; }

namespace detail {
namespace {

namespace fs = std::filesystem;
using app_detail::owned_config;

/// The exit status: 0 on success, 1 when diff finds differences (like diff(1)), 2 on any error.
constexpr int exit_ok = 0;
constexpr int exit_differ = 1;
constexpr int exit_error = 2;

std::string default_footer(std::string const& program) {
  std::string out = R"(A CONFIG is a preset name, a JSON or YAML file (.yaml, .yml), or - for stdin (either).
Every subcommand takes --json for output that scripts read.

Examples:)";
  for (char const* example :
       {"presets", "show CONFIG", "diff run_a.json run_b.json", "compare sweep/", "validate run.json",
        "set CONFIG path=value -o run.json", "sweep CONFIG path=a,b -o sweep/", "hash run.json"})
    out += "\n  " + program + " " + example;
  return out;
}

/// What the subcommands share: the config type, the program's name, and its CONFIG reader.
struct tool_context {
  app_model const& model;
  std::string program;
  erased_reader const& program_reader;  // may be empty
  erased_check const& program_check;    // may be empty
  mutable bool read_stdin = false;
  /// The CONFIG argument read last (`<stdin>` for -), which an unexpected error names.
  mutable std::string input = {};

  /// The config a CONFIG argument names: the program's reader's, a JSON file, a preset, or
  /// stdin for `-`. The reader's warnings (a key read by a former name) go to `warnings`, or
  /// to stderr when it is null.
  owned_config read(std::string const& argument, std::vector<issue>* warnings = nullptr) const {
    std::vector<issue> to_say;
    owned_config config = read_collecting(argument, warnings ? *warnings : to_say);
    say(to_say, input);
    return config;
  }

  void say(std::vector<issue> const& warnings, std::string const& source) const {
    for (auto const& warning : warnings)
      std::cerr << program << ": " << app_detail::warning_line(warning, source) << '\n';
  }

  owned_config read_collecting(std::string const& argument, std::vector<issue>& warnings) const {
    input = argument == "-" ? "<stdin>" : argument;
    if (program_reader)
      if (void* config = program_reader(argument)) return {model, config};
    if (argument == "-") {
      if (std::exchange(read_stdin, true))
        throw usage_error("- (stdin) can be read once, and an earlier CONFIG argument read it; save one of the "
                          "configs to a file, e.g. `" + program + " show - --json > a.json`");
      std::stringstream text;
      text << std::cin.rdbuf();
      return app_detail::parse_config(model, text.str(), "<stdin>", warnings);
    }
    std::error_code ec;
    auto names = model.presets();
    bool const preset = std::find(names.begin(), names.end(), argument) != names.end();
    fs::file_status const status = fs::status(argument, ec);
    bool const file = fs::exists(status);
    // A file a run left in the folder would take the place of the preset without a word; a
    // folder (a sweep's -o resnet50) is no config and leaves the preset be.
    if (preset && fs::is_regular_file(status))
      throw usage_error(detail::quoted(argument) + " names both a preset and a file in this folder; write ./" + argument +
                        " for the file, or rename it to read the preset");
    if (preset) return app_detail::make_config(model, argument);
    if (file) return app_detail::load_config(model, argument, warnings);
    bool looks_like_path = names.empty() || argument.find('/') != std::string::npos || argument.ends_with(".json");
    if (looks_like_path) throw usage_error("cannot open " + detail::quoted(argument) + ": no such file");
    std::string const hint = detail::did_you_mean(argument, names);
    throw usage_error("no preset or file named " + detail::quoted(argument) +
                      (hint.empty() ? "; `" + program + " presets` lists the presets" : hint));
  }
};

/// A subcommand: its parser, and what runs when the command line chose it (its exit status).
struct subcommand {
  CLI::App* parser;
  std::function<int()> run;
};

// --- presets, show, hash, schema: what a config is ------------------------------------

subcommand add_presets(CLI::App& app, tool_context const& tool) {
  auto json = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("presets", "list the presets (--json: with each one's config and fingerprint)");
  add_json_flag(*sub, *json);
  return {sub, [json, &tool] {
            auto names = tool.model.presets();
            if (!*json) {
              for (auto name : names) std::cout << name << '\n';
              return exit_ok;
            }
            boost::json::array out;
            for (auto name : names) {
              owned_config config = app_detail::make_config(tool.model, name);
              out.push_back(boost::json::object{{"name", name},
                                                {"config", tool.model.to_json(config.get())},
                                                {"fingerprint", tool.model.fingerprint(config.get())}});
            }
            print_json(out);
            return exit_ok;
          }};
}

/// show's and hash's: one CONFIG.
struct config_options {
  std::string config;
  bool json = false;
  bool yaml = false;
};

subcommand add_show(CLI::App& app, tool_context const& tool) {
  auto o = std::make_shared<config_options>();
  auto* sub = app.add_subcommand("show", "print a config as a tree (or JSON with --json, YAML with --yaml)");
  add_config_argument(*sub, o->config);
  add_json_flag(*sub, o->json);
  sub->add_flag("--yaml", o->yaml, "print it as YAML, each field's doc a comment above it")->excludes("--json");
  return {sub, [o, &tool] {
            owned_config config = tool.read(o->config);
            if (o->yaml) std::cout << tool.model.yaml(config.get());
            else if (o->json) std::cout << tool.model.dump(config.get(), {.indent = 2}) << '\n';
            else std::cout << tool.model.tree(config.get(), {}) << '\n';
            return exit_ok;
          }};
}

subcommand add_hash(CLI::App& app, tool_context const& tool) {
  auto o = std::make_shared<config_options>();
  auto* sub = app.add_subcommand("hash", "print a config's fingerprint");
  add_config_argument(*sub, o->config);
  add_json_flag(*sub, o->json);
  return {sub, [o, &tool] {
            std::string digest = tool.model.fingerprint(tool.read(o->config).get());
            if (o->json) print_json(boost::json::object{{"fingerprint", digest}});
            else std::cout << digest << '\n';
            return exit_ok;
          }};
}

subcommand add_schema(CLI::App& app, tool_context const& tool) {
  auto* sub = app.add_subcommand("schema", "print the JSON Schema of " + std::string(tool.model.type_name));
  std::string const description = "output JSON for scripts (the schema is JSON either way)";
  sub->add_flag("--json", description);
  return {sub, [&tool] {
            std::cout << tool.model.schema() << '\n';
            return exit_ok;
          }};
}

// --- diff, compare: how configs differ -------------------------------------------------

/// One change a line, the path in bold, the old value red and the new one green.
void print_colored(config_diff const& changes) {
  for (auto const& c : changes) {
    auto before = c.what == change::kind::retyped ? std::string(c.before_type)
                  : c.what == change::kind::added ? std::string("(absent)")
                                                  : dump(c.before);
    auto after = c.what == change::kind::retyped ? std::string(c.after_type)
                 : c.what == change::kind::removed ? std::string("(absent)")
                                                   : dump(c.after);
    std::cout << "\033[1m" << (c.path.empty() ? "(config)" : c.path.view()) << "\033[0m: \033[31m" << before
              << "\033[0m -> \033[32m" << after << "\033[0m\n";
  }
}

/// Colors only on a terminal, and never with NO_COLOR set.
bool color_output() { return ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"); }

struct diff_options {
  std::string a, b;
  bool json = false;
};

subcommand add_diff(CLI::App& app, tool_context const& tool) {
  auto o = std::make_shared<diff_options>();
  auto* sub = app.add_subcommand("diff", "the changes from config A to config B; exit 1 when they differ");
  add_config_argument(*sub, o->a, "A");
  add_config_argument(*sub, o->b, "B");
  add_json_flag(*sub, o->json);
  return {sub, [o, &tool] {
            owned_config a = tool.read(o->a);
            owned_config b = tool.read(o->b);
            config_diff changes = tool.model.diff(a.get(), b.get());
            if (o->json) print_json(to_json(changes));
            else if (color_output()) print_colored(changes);
            else if (!changes.empty()) std::cout << changes << '\n';
            return changes.empty() ? exit_ok : exit_differ;
          }};
}

struct compare_options {
  std::vector<std::string> configs;
  bool json = false;
  bool csv = false;
};

/// A table of the paths that differ across the configs, a column a run. A folder gives the
/// configs its sweep's manifest lists, named by their overrides, or else its JSON and YAML files.
int run_compare(tool_context const& tool, compare_options const& o) {
  std::vector<std::string> texts, names;
  std::vector<std::string const*> folders;  // the folder argument each run was listed from, or null
  for (auto const& argument : o.configs) {
    std::error_code ec;
    if (!fs::is_directory(argument, ec)) {
      texts.push_back(tool.model.dump(tool.read(argument).get(), {}));
      names.push_back(argument);
      folders.push_back(nullptr);
      continue;
    }
    // A sweep's `-o resnet50` makes such a folder, where show and diff read the preset.
    if (auto presets = tool.model.presets(); std::find(presets.begin(), presets.end(), argument) != presets.end())
      throw usage_error(detail::quoted(argument) + " names both a preset and a folder here; write ./" + argument +
                        " for the folder, or rename it to compare the preset");
    // A file that is no config file is listed when the program reads it (the glasses
    // command's checkpoints), and otherwise said to be skipped.
    auto program_reads = [&tool](std::string const& file) {
      if (void* config = tool.program_reader ? tool.program_reader(file) : nullptr) {
        owned_config const told(tool.model, config);  // read to tell; compare reads it again
        return true;
      }
      std::cerr << tool.program << ": compare: skipped " << detail::quoted(file) << ", which is no config\n";
      return false;
    };
    for (auto& listed : app_detail::configs_in(argument, program_reads)) {
      texts.push_back(tool.model.dump(tool.read(listed.file).get(), {}));
      names.push_back(std::move(listed.name));
      folders.push_back(&argument);
    }
  }
  // Runs of one name from two folders (two sweeps of one grid) are told apart by their
  // folders; a name that a terminal would act on (a file's, a run's) is quoted, but for JSON,
  // which escapes it as it is.
  std::map<std::string, std::size_t> uses;
  for (auto const& name : names) ++uses[name];
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (uses[names[i]] > 1 && folders[i]) names[i] += " [" + *folders[i] + "]";
    if (!o.json && detail::has_control(names[i])) names[i] = detail::quoted(names[i], std::string::npos);
  }
  glasses::comparison table = compare_texts(texts, std::move(names));
  if (o.json) print_json(to_json(table));
  else if (o.csv) std::cout << to_csv(table);
  else std::cout << table;
  return exit_ok;
}

subcommand add_compare(CLI::App& app, tool_context const& tool) {
  auto o = std::make_shared<compare_options>();
  auto* sub = app.add_subcommand("compare", "the paths that differ across configs, with each one's value");
  sub->add_option("CONFIG", o->configs, "presets, files, - or folders (a sweep's, or of *.json and *.yaml files)")
      ->required();
  auto* json = sub->add_flag("--json", o->json, "output JSON for scripts");
  sub->add_flag("--csv", o->csv, "output CSV for spreadsheets")->excludes(json);
  return {sub, [o, &tool] { return run_compare(tool, *o); }};
}

// --- validate, set, sweep: check and write config files --------------------------------

struct validate_options {
  std::vector<std::string> files;
  bool json = false;
};

boost::json::value issues_json(std::vector<issue> const& issues) {
  boost::json::array out;
  for (auto const& i : issues) {
    boost::json::object o{{"path", i.path}, {"message", i.message}};
    if (i.line != 0) o["line"] = i.line, o["column"] = i.column;  // where in the file
    out.push_back(std::move(o));
  }
  return out;
}

/// The first line of an error's message: LibTorch's c10::Error goes on with a C++ backtrace.
std::string message_line(std::exception const* error) {
  std::string line;
  if (error) {
    std::string_view text = error->what();
    auto start = text.find_first_not_of(" \t\r\n");
    if (start != std::string_view::npos) {
      text.remove_prefix(start);
      line = text.substr(0, text.find_first_of("\r\n"));
    }
  }
  if (line.empty()) line = error ? "an unexpected error with no message" : "an unexpected error (not a std::exception)";
  return line;
}

/// Every file's every problem, one a line (or a JSON report); exit status 2 if any.
int run_validate(tool_context const& tool, validate_options const& o) {
  boost::json::array report;
  bool all_valid = true;
  for (auto const& file : o.files) {
    std::vector<issue> issues, warnings;
    std::string source = file;  // or where within it: a checkpoint's stored config
    try {
      // Any CONFIG argument: a file (YAML or JSON), a preset, what the program reads (the
      // glasses command's checkpoints), `-`; a missing file is that file's problem.
      std::error_code ec;
      auto const presets = tool.model.presets();
      bool const preset = std::find(presets.begin(), presets.end(), std::string_view(file)) != presets.end();
      if (file == "-" || preset || fs::exists(file, ec)) {
        owned_config const config = tool.read(file, &warnings);
        if (tool.program_check) tool.program_check(file, config.get());
      } else {
        app_detail::load_config(tool.model, file, warnings);
      }
    } catch (config_error const& e) {
      issues = e.issues();
      if (!e.source().empty()) source = e.source();
    } catch (std::exception const& e) {
      // Anything else (a checkpoint's model too large to build, LibTorch's errors) is this
      // file's problem: the files after it are still checked.
      issues = {{"", message_line(&e)}};
    }
    all_valid = all_valid && issues.empty();
    std::string const name = file == "-" ? "<stdin>" : file;  // as its errors name it
    if (o.json) {
      report.push_back(boost::json::object{{"file", file},
                                           {"valid", issues.empty()},
                                           {"issues", issues_json(issues)},
                                           {"warnings", issues_json(warnings)}});
      continue;
    }
    for (auto const& warning : warnings) std::cout << app_detail::warning_line(warning, name) << '\n';
    if (issues.empty()) std::cout << name << ": ok\n";
    for (auto const& i : issues) std::cout << format_issue(i, source) << '\n';
  }
  if (o.json) print_json(report);
  return all_valid ? exit_ok : exit_error;
}

subcommand add_validate(CLI::App& app, tool_context const& tool) {
  auto o = std::make_shared<validate_options>();
  auto* sub = app.add_subcommand("validate", "check config files and print every error");
  sub->add_option("CONFIG", o->files, "config files (or any CONFIG: a preset, -, what the program reads)")->required();
  add_json_flag(*sub, o->json);
  return {sub, [o, &tool] { return run_validate(tool, *o); }};
}

/// set's and sweep's: a config, overrides, where the output goes; sweep's launcher.
struct overrides_options {
  std::string config;
  std::vector<std::string> overrides;
  std::string output;
  bool json = false;
  app_detail::launch_flags launch;
};

int run_set(tool_context const& tool, overrides_options const& o) {
  // A checkpoint's weights are not a config's to write over.
  if (detail::has_extension(o.output, ".safetensors"))
    throw usage_error("set -o " + detail::quoted(o.output) +
                      ": set writes a config as text (JSON, or YAML for .yaml and .yml), which would replace a "
                      "checkpoint's weights; write -o run.json, and load the weights into the model it builds");
  owned_config config = tool.read(o.config);
  std::vector<issue> issues;
  std::vector<issue> warnings;
  apply_overrides_to(*tool.model.root, config.get(), o.overrides, issues, &warnings);
  tool.say(warnings, "overrides");
  if (!issues.empty()) throw config_error("overrides", std::move(issues));
  if (o.output.empty()) {
    std::cout << tool.model.dump(config.get(), {.indent = o.json ? 0 : 2}) << '\n';
    return exit_ok;
  }
  write_file_atomically(o.output, is_yaml_path(o.output) ? tool.model.yaml(config.get())
                                                         : tool.model.dump(config.get(), {.indent = 2}) + '\n');
  std::string digest = tool.model.fingerprint(config.get());
  if (o.json) print_json(boost::json::object{{"file", o.output}, {"fingerprint", digest}});
  else std::cout << "wrote " << o.output << " (" << digest << ")\n";
  return exit_ok;
}

subcommand add_set(CLI::App& app, tool_context const& tool) {
  auto o = std::make_shared<overrides_options>();
  auto* sub = app.add_subcommand("set", "apply path=value overrides and write the config");
  add_config_argument(*sub, o->config);
  sub->add_option("OVERRIDE", o->overrides, "path=value, e.g. backbone.depths[2]=23 or backbone=vit")->required();
  sub->add_option("-o,--output", o->output, "write here instead of to stdout (YAML for .yaml and .yml)");
  add_json_flag(*sub, o->json);
  return {sub, [o, &tool] { return run_set(tool, *o); }};
}

/// The launcher's points: each config file, run in `dir/runs/<fingerprint>/`.
std::vector<launch_point> launch_points(std::vector<app_detail::written_point> const& points, std::string const& dir) {
  std::vector<launch_point> out;
  for (auto const& point : points) out.push_back({point.file, (fs::path(dir) / "runs" / point.fingerprint).string()});
  return out;
}

int run_sweep(tool_context const& tool, overrides_options o) {
  if (o.output.empty()) throw usage_error("sweep -o: expected the folder for the configs, got an empty path");
  if (!o.launch.launcher.empty() && o.launch.options.command.empty())
    throw usage_error("sweep --launcher " + o.launch.launcher +
                      " needs --run \"COMMAND\": what each point runs, with {config} where its config file goes, "
                      "e.g. --run \"train --config {config}\"");
  if (o.launch.launcher.empty() && !o.launch.options.command.empty()) o.launch.launcher = "local";
  app_detail::refuse_settings_without_launcher(o.launch);
  if (!o.launch.launcher.empty()) check_launch(o.launch.options, launcher_named(o.launch.launcher), o.output);  // before any file
  owned_config base = tool.read(o.config);
  std::vector<issue> warnings;
  auto points = app_detail::write_sweep(tool.model, base.get(), o.overrides, o.output, warnings);
  tool.say(warnings, "overrides");
  if (o.json)
    for (auto const& point : points) std::cout << app_detail::manifest_line(point) << '\n';
  else std::cout << "wrote " << app_detail::sweep_summary(points) << " and manifest.jsonl to " << o.output << '\n';
  if (o.launch.launcher.empty()) return exit_ok;
  return app_detail::launch(o.launch, o.output, launch_points(points, o.output), o.json);
}

subcommand add_sweep(CLI::App& app, tool_context const& tool) {
  auto o = std::make_shared<overrides_options>();
  auto* sub = app.add_subcommand("sweep", "expand path=a,b overrides into one config file per grid point");
  add_config_argument(*sub, o->config);
  sub->add_option("OVERRIDE", o->overrides, "path=value1,value2,...")->required();
  sub->add_option("-o,--output", o->output, "the folder for the configs and manifest.jsonl")->required();
  add_json_flag(*sub, o->json);
  app_detail::add_launch_flags(*sub, o->launch, true);
  return {sub, [o, &tool] { return run_sweep(tool, *o); }};
}

// --- the command line -----------------------------------------------------------------

/// An unknown subcommand, said with a suggestion; CLI11 would take it for an argument.
bool is_unknown_subcommand(CLI::App& app, char const* word, std::string const& program) {
  std::vector<std::string_view> names;
  for (auto const* sub : app.get_subcommands([](CLI::App const*) { return true; })) names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), word) != names.end()) return false;
  std::cerr << program << ": unknown subcommand " << detail::quoted(word) << detail::did_you_mean(word, names)
            << "; the subcommands are " << detail::list_names(names) << "\nRun `" << program << " --help` for examples.\n";
  return true;
}

int parse_and_run(int argc, char** argv, tool_context const& tool, erased_tool_options const& options) {
  CLI::App app{options.description, tool.program};
  app.require_subcommand(1);
  app.footer(options.footer.empty() ? default_footer(tool.program) : options.footer);
  std::vector<subcommand> subcommands{add_presets(app, tool),  add_show(app, tool),   add_diff(app, tool),
                                      add_compare(app, tool),  add_validate(app, tool), add_set(app, tool),
                                      add_sweep(app, tool),    add_schema(app, tool), add_hash(app, tool)};
  erased_reader const read = [&tool](std::string const& argument) { return tool.read(argument).release(); };
  for (auto const& command : options.commands) {
    auto* sub = app.add_subcommand(command.name, command.description);
    subcommands.push_back({sub, command.declare(*sub, read)});
  }

  if (argc > 1 && argv[1][0] != '-' && is_unknown_subcommand(app, argv[1], tool.program)) return exit_error;
  try {
    app.parse(argc, argv);
  } catch (CLI::Success const& e) {  // --help: CallForHelp and CallForAllHelp are kinds of Success
    return app.exit(e);
  } catch (CLI::ParseError const& e) {
    std::cerr << tool.program << ": " << e.what() << "\nRun `" << tool.program
              << " --help` for the subcommands and examples.\n";
    return exit_error;
  }
  for (auto const& sub : subcommands)
    if (sub.parser->parsed()) return sub.run();
  return exit_error;  // unreachable: require_subcommand(1)
}

/// What the user reads of an error that escapes a subcommand. A config_error or usage_error
/// as it is: every problem, with its path. Anything else (LibTorch's c10::Error, whose
/// what() goes on with a C++ backtrace, a Boost or standard exception) as one line: the
/// input it arose from, if a CONFIG argument was read, and its message's first line.
std::string error_report(std::string const& program, std::exception const* error, std::string const& input) {
  if (error && (dynamic_cast<config_error const*>(error) || dynamic_cast<usage_error const*>(error)))
    return program + ": " + error->what();
  // A folder or file of the output that cannot be made: its path, not the input's.
  if (auto const* file = dynamic_cast<fs::filesystem_error const*>(error))
    return program + ": " + file->code().message() + ": " + file->path1().string();
  return program + ": " + (input.empty() ? "" : input + ": ") + message_line(error);
}

}  // namespace

int run_tool(int argc, char** argv, app_model const& model, erased_tool_options const& options) {
  tool_context const tool{model, app_detail::program_name(argc, argv, "tool"), options.read_config,
                          options.validate_argument};
  try {
    return app_detail::flushed(tool.program, parse_and_run(argc, argv, tool, options));
  } catch (std::exception const& e) {
    std::cerr << error_report(tool.program, &e, tool.input) << '\n';
  } catch (...) {
    std::cerr << error_report(tool.program, nullptr, tool.input) << '\n';
  }
  return exit_error;
}

}  // namespace detail
}  // namespace glasses
