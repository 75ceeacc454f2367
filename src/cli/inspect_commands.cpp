// The subcommands that print what configs are: presets, show, diff, schema, hash.
#include "command.hpp"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace glasses::cli {
namespace {

struct presets_options {
  bool json = false;
};

/// The preset names; with --json, each preset's name, config and fingerprint, which
/// scripts/export_torchvision.py reads.
int run_presets(presets_options const& o) {
  auto names = preset_names<ImageClassifierConfig>();
  if (!o.json) {
    for (auto name : names) std::cout << name << '\n';
    return exit_ok;
  }
  boost::json::array out;
  for (auto name : names) {
    auto config = preset<ImageClassifierConfig>(name);
    out.push_back(boost::json::object{{"name", name}, {"config", to_json(config)}, {"fingerprint", fingerprint(config)}});
  }
  print_json(out);
  return exit_ok;
}

struct config_options {
  std::string config;
  bool json = false;
};

int run_show(config_options const& o) {
  auto config = load_config(o.config);
  if (o.json) std::cout << dump(config, {.indent = 2}) << '\n';
  else std::cout << to_tree(config) << '\n';
  return exit_ok;
}

int run_hash(config_options const& o) {
  auto digest = fingerprint(load_config(o.config));
  if (o.json) print_json(boost::json::object{{"fingerprint", digest}});
  else std::cout << digest << '\n';
  return exit_ok;
}

int run_schema() {
  print_json(json_schema<ImageClassifierConfig>());
  return exit_ok;
}

struct diff_options {
  std::string a, b;
  bool json = false;
};

/// One change a line, the path in bold, the old value red and the new one green.
void print_colored(config_diff const& changes) {
  for (auto const& c : changes) {
    auto before = c.what == change::kind::retyped ? c.before_type
                  : c.what == change::kind::added ? std::string("(absent)")
                                                  : dump(c.before);
    auto after = c.what == change::kind::retyped ? c.after_type
                 : c.what == change::kind::removed ? std::string("(absent)")
                                                   : dump(c.after);
    std::cout << "\033[1m" << (c.path.empty() ? "(config)" : c.path) << "\033[0m: \033[31m" << before
              << "\033[0m -> \033[32m" << after << "\033[0m\n";
  }
}

/// Colors only on a terminal, and never with NO_COLOR set.
bool color_output() { return ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"); }

int run_diff(diff_options const& o) {
  auto changes = diff(load_config(o.a), load_config(o.b));
  if (o.json) print_json(to_json(changes));
  else if (color_output()) print_colored(changes);
  else if (!changes.empty()) std::cout << changes << '\n';
  return changes.empty() ? exit_ok : exit_differ;
}

}  // namespace

subcommand add_presets(CLI::App& app) {
  auto o = std::make_shared<presets_options>();
  auto* sub = app.add_subcommand("presets", "list the presets (--json: with each one's config and fingerprint)");
  add_json_flag(*sub, o->json);
  return {sub, [o] { return run_presets(*o); }};
}

subcommand add_show(CLI::App& app) {
  auto o = std::make_shared<config_options>();
  auto* sub = app.add_subcommand("show", "print a config as a tree (or JSON with --json)");
  add_config_argument(*sub, o->config);
  add_json_flag(*sub, o->json);
  return {sub, [o] { return run_show(*o); }};
}

subcommand add_diff(CLI::App& app) {
  auto o = std::make_shared<diff_options>();
  auto* sub = app.add_subcommand("diff", "the changes from config A to config B; exit 1 when they differ");
  add_config_argument(*sub, o->a, "A");
  add_config_argument(*sub, o->b, "B");
  add_json_flag(*sub, o->json);
  return {sub, [o] { return run_diff(*o); }};
}

subcommand add_schema(CLI::App& app) {
  auto* sub = app.add_subcommand("schema", "print the JSON Schema of ImageClassifierConfig");
  std::string const description = "output JSON for scripts (the schema is JSON either way)";
  sub->add_flag("--json", description);
  return {sub, run_schema};
}

subcommand add_hash(CLI::App& app) {
  auto o = std::make_shared<config_options>();
  auto* sub = app.add_subcommand("hash", "print a config's fingerprint");
  add_config_argument(*sub, o->config);
  add_json_flag(*sub, o->json);
  return {sub, [o] { return run_hash(*o); }};
}

}  // namespace glasses::cli
