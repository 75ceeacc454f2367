// The subcommands that check and write config files: validate, set, sweep.
#include "command.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

namespace glasses::cli {
namespace {

namespace fs = std::filesystem;

struct validate_options {
  std::vector<std::string> files;
  bool json = false;
};

/// The problems of one file, none when it loads.
std::vector<issue> issues_in(std::string const& file) {
  try {
    load<ImageClassifierConfig>(file);
  } catch (config_error const& e) {
    return e.issues();
  }
  return {};
}

boost::json::value issues_json(std::vector<issue> const& issues) {
  boost::json::array out;
  for (auto const& i : issues) out.push_back(boost::json::object{{"path", i.path}, {"message", i.message}});
  return out;
}

/// Every file's every problem, one a line (or a JSON report); exit status 2 if any.
int run_validate(validate_options const& o) {
  boost::json::array report;
  bool all_valid = true;
  for (auto const& file : o.files) {
    auto issues = issues_in(file);
    all_valid = all_valid && issues.empty();
    if (o.json)
      report.push_back(boost::json::object{{"file", file}, {"valid", issues.empty()}, {"issues", issues_json(issues)}});
    else if (issues.empty()) std::cout << file << ": ok\n";
    else
      for (auto const& i : issues) std::cout << file << ": " << (i.path.empty() ? "" : i.path + ": ") << i.message << '\n';
  }
  if (o.json) print_json(report);
  return all_valid ? exit_ok : exit_error;
}

/// set's and sweep's: a config, overrides, where the output goes.
struct overrides_options {
  std::string config;
  std::vector<std::string> overrides;
  std::string output;
  bool json = false;
};

int run_set(overrides_options const& o) {
  auto config = load_config(o.config);
  apply_overrides(config, o.overrides);
  if (o.output.empty()) {
    std::cout << dump(config, {.indent = o.json ? 0 : 2}) << '\n';
    return exit_ok;
  }
  save(config, o.output);
  if (o.json) print_json(boost::json::object{{"file", o.output}, {"fingerprint", fingerprint(config)}});
  else std::cout << "wrote " << o.output << " (" << fingerprint(config) << ")\n";
  return exit_ok;
}

/// Writes each grid point's config as the point is made, named by its fingerprint, then
/// manifest.jsonl (a line a point: overrides, file, fingerprint). Memory is one point and
/// the manifest. A point whose overrides fail stops the sweep with its config_error.
int run_sweep(overrides_options const& o) {
  auto points = glasses::sweep(load_config(o.config), o.overrides);
  fs::create_directories(o.output);
  std::string manifest;
  for (auto const& point : points) {
    std::string file = (fs::path(o.output) / (point.fingerprint + ".json")).string();
    save(point.config, file);
    boost::json::object line{{"overrides", boost::json::array(point.overrides.begin(), point.overrides.end())},
                             {"file", file},
                             {"fingerprint", point.fingerprint}};
    manifest += dump(boost::json::value(std::move(line))) + '\n';
  }
  detail::write_file_atomically((fs::path(o.output) / "manifest.jsonl").string(), manifest);
  if (o.json) std::cout << manifest;
  else std::cout << "wrote " << points.size() << " configs and manifest.jsonl to " << o.output << '\n';
  return exit_ok;
}

}  // namespace

subcommand add_validate(CLI::App& app) {
  auto o = std::make_shared<validate_options>();
  auto* sub = app.add_subcommand("validate", "check config files and print every error");
  sub->add_option("FILE", o->files, "config files")->required();
  add_json_flag(*sub, o->json);
  return {sub, [o] { return run_validate(*o); }};
}

subcommand add_set(CLI::App& app) {
  auto o = std::make_shared<overrides_options>();
  auto* sub = app.add_subcommand("set", "apply path=value overrides and write the config");
  add_config_argument(*sub, o->config);
  sub->add_option("OVERRIDE", o->overrides, "path=value, e.g. backbone.depths[2]=23 or backbone=vit")->required();
  sub->add_option("-o,--output", o->output, "write here instead of to stdout");
  add_json_flag(*sub, o->json);
  return {sub, [o] { return run_set(*o); }};
}

subcommand add_sweep(CLI::App& app) {
  auto o = std::make_shared<overrides_options>();
  auto* sub = app.add_subcommand("sweep", "expand path=a,b overrides into one config file per grid point");
  add_config_argument(*sub, o->config);
  sub->add_option("OVERRIDE", o->overrides, "path=value1,value2,...")->required();
  sub->add_option("-o,--output", o->output, "the folder for the configs and manifest.jsonl")->required();
  add_json_flag(*sub, o->json);
  return {sub, [o] { return run_sweep(*o); }};
}

}  // namespace glasses::cli
