// The glasses command: presets, show, diff, validate, set, sweep, schema, hash, build.
// A CONFIG argument is a preset name, a JSON file, a .safetensors checkpoint, or - for stdin.
// Exit status: 0 success (diff: equal), 1 diff found differences, 2 any error.
#include <glasses/models.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace {

using glasses::models::ImageClassifierConfig;
namespace fs = std::filesystem;

constexpr int exit_error = 2;

/// A failure the user can fix: printed as `glasses: <message>`, exit status 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool ends_with(std::string const& text, std::string_view suffix) { return text.ends_with(suffix); }

ImageClassifierConfig load_config(std::string const& argument) {
  if (argument == "-") {
    std::stringstream text;
    text << std::cin.rdbuf();
    return glasses::parse<ImageClassifierConfig>(text.str(), {}, "<stdin>");
  }
  if (ends_with(argument, ".safetensors")) {
    glasses::nn::detail::checkpoint file(argument);
    return glasses::parse<ImageClassifierConfig>(file.metadata("glasses_config"), {},
                                                 argument + " (__metadata__.glasses_config)");
  }
  std::error_code ec;
  if (fs::exists(argument, ec)) return glasses::load<ImageClassifierConfig>(argument);
  auto names = glasses::preset_names<ImageClassifierConfig>();
  if (std::find(names.begin(), names.end(), argument) != names.end())
    return glasses::preset<ImageClassifierConfig>(argument);
  bool looks_like_path = argument.find('/') != std::string::npos || ends_with(argument, ".json");
  if (looks_like_path) throw usage_error("cannot open " + glasses::detail::quoted(argument) + ": no such file");
  throw usage_error("no preset or file named " + glasses::detail::quoted(argument) +
                    glasses::detail::did_you_mean(argument, names) + "; `glasses presets` lists the presets");
}

bool color_output() { return ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"); }

void print_json(boost::json::value const& json) { std::cout << glasses::dump(json, {.indent = 2}) << '\n'; }

boost::json::value issues_json(std::vector<glasses::issue> const& issues) {
  boost::json::array out;
  for (auto const& i : issues) out.push_back(boost::json::object{{"path", i.path}, {"message", i.message}});
  return out;
}

std::vector<int64_t> parse_shape(std::string const& text) {
  std::vector<int64_t> shape;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    try {
      std::size_t used = 0;
      long long n = std::stoll(part, &used);
      if (used != part.size() || n < 1) throw std::invalid_argument(part);
      shape.push_back(n);
    } catch (std::exception const&) {
      throw usage_error("--input: expected positive integers separated by commas, like 1,3,224,224, got " +
                        glasses::detail::quoted(text));
    }
  }
  return shape;
}

/// Progress on stderr while a build runs long: a line a second after the first two.
class progress {
 public:
  explicit progress(std::string what) : what_(std::move(what)), thread_([this] { run(); }) {}
  ~progress() {
    done_ = true;
    thread_.join();
  }

 private:
  void run() {
    auto start = std::chrono::steady_clock::now();
    int reported = 0;
    while (!done_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
      if (seconds >= 2 && seconds > reported) {
        reported = static_cast<int>(seconds);
        std::cerr << "glasses: " << what_ << "... " << seconds << " s\n";
      }
    }
  }
  std::string what_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

int run(int argc, char** argv) {
  CLI::App app{"glasses: configs as code for LibTorch models", "glasses"};
  app.require_subcommand(1);
  app.footer(R"(A CONFIG is a preset name, a JSON file, a .safetensors checkpoint, or - for stdin.
Every subcommand takes --json for output that scripts read.

Examples:
  glasses presets
  glasses show resnet50
  glasses diff run_a.json run_b.json
  glasses validate run.json
  glasses set resnet50 num_classes=8 backbone.depths[2]=23 -o run.json
  glasses sweep resnet50 num_classes=10,100 backbone.groups=1,32 -o sweep/
  glasses hash run.json
  glasses build vit_b_16 --input 1,3,224,224)");
  bool json = false;
  auto json_flag = [&](CLI::App* sub) { sub->add_flag("--json", json, "output JSON for scripts"); };

  auto* presets = app.add_subcommand("presets", "list the presets");
  json_flag(presets);

  std::string config_arg, other_arg, out_path, input_shape = "1,3,224,224";
  std::vector<std::string> overrides, files;

  auto* show = app.add_subcommand("show", "print a config as a tree (or JSON with --json)");
  show->add_option("CONFIG", config_arg, "preset, file or -")->required();
  json_flag(show);

  auto* diff = app.add_subcommand("diff", "the changes from config A to config B; exit 1 when they differ");
  diff->add_option("A", config_arg, "preset, file or -")->required();
  diff->add_option("B", other_arg, "preset, file or -")->required();
  json_flag(diff);

  auto* validate = app.add_subcommand("validate", "check config files and print every error");
  validate->add_option("FILE", files, "config files")->required();
  json_flag(validate);

  auto* set = app.add_subcommand("set", "apply path=value overrides and write the config");
  set->add_option("CONFIG", config_arg, "preset, file or -")->required();
  set->add_option("OVERRIDE", overrides, "path=value, e.g. backbone.depths[2]=23 or backbone=vit")->required();
  set->add_option("-o,--output", out_path, "write here instead of to stdout");
  json_flag(set);

  auto* sweep = app.add_subcommand("sweep", "expand path=a,b overrides into one config file per grid point");
  sweep->add_option("CONFIG", config_arg, "preset, file or -")->required();
  sweep->add_option("OVERRIDE", overrides, "path=value1,value2,...")->required();
  sweep->add_option("-o,--output", out_path, "the folder for the configs and manifest.jsonl")->required();
  json_flag(sweep);

  auto* schema = app.add_subcommand("schema", "print the JSON Schema of ImageClassifierConfig");
  json_flag(schema);

  auto* hash = app.add_subcommand("hash", "print a config's fingerprint");
  hash->add_option("CONFIG", config_arg, "preset, file or -")->required();
  json_flag(hash);

  auto* build = app.add_subcommand("build", "build the model: parameters, output shape, build time");
  build->add_option("CONFIG", config_arg, "preset, file or -")->required();
  build->add_option("--input", input_shape, "the dummy input's shape")->capture_default_str();
  json_flag(build);

  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string_view> names;
    for (auto const* sub : app.get_subcommands([](CLI::App const*) { return true; })) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      std::cerr << "glasses: unknown subcommand " << glasses::detail::quoted(argv[1])
                << glasses::detail::did_you_mean(argv[1], names) << "; the subcommands are "
                << glasses::detail::list_names(names) << "\nRun `glasses --help` for examples.\n";
      return exit_error;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (CLI::CallForHelp const& e) {
    return app.exit(e);
  } catch (CLI::CallForAllHelp const& e) {
    return app.exit(e);
  } catch (CLI::Success const& e) {
    return app.exit(e);
  } catch (CLI::ParseError const& e) {
    std::cerr << "glasses: " << e.what() << "\nRun `glasses --help` for the subcommands and examples.\n";
    return exit_error;
  }

  if (presets->parsed()) {
    auto names = glasses::preset_names<ImageClassifierConfig>();
    if (json) print_json(boost::json::array(names.begin(), names.end()));
    else
      for (auto name : names) std::cout << name << '\n';
    return 0;
  }
  if (show->parsed()) {
    auto config = load_config(config_arg);
    if (json) std::cout << glasses::dump(config, {.indent = 2}) << '\n';
    else std::cout << glasses::to_tree(config) << '\n';
    return 0;
  }
  if (diff->parsed()) {
    auto changes = glasses::diff(load_config(config_arg), load_config(other_arg));
    if (json) {
      print_json(glasses::to_json(changes));
    } else if (color_output()) {
      for (auto const& c : changes) {
        std::cout << "\033[1m" << (c.path.empty() ? "(config)" : c.path) << "\033[0m: ";
        auto before = c.what == glasses::change::kind::retyped ? c.before_type
                      : c.what == glasses::change::kind::added ? std::string("(absent)")
                                                                : glasses::dump(c.before);
        auto after = c.what == glasses::change::kind::retyped ? c.after_type
                     : c.what == glasses::change::kind::removed ? std::string("(absent)")
                                                                 : glasses::dump(c.after);
        std::cout << "\033[31m" << before << "\033[0m -> \033[32m" << after << "\033[0m\n";
      }
    } else if (!changes.empty()) {
      std::cout << changes << '\n';
    }
    return changes.empty() ? 0 : 1;
  }
  if (validate->parsed()) {
    boost::json::array report;
    bool all_valid = true;
    for (auto const& file : files) {
      std::vector<glasses::issue> issues;
      try {
        glasses::load<ImageClassifierConfig>(file);
      } catch (glasses::config_error const& e) {
        issues = e.issues();
      }
      all_valid = all_valid && issues.empty();
      if (json) {
        report.push_back(boost::json::object{{"file", file}, {"valid", issues.empty()}, {"issues", issues_json(issues)}});
      } else if (issues.empty()) {
        std::cout << file << ": ok\n";
      } else {
        for (auto const& i : issues) std::cout << file << ": " << (i.path.empty() ? "" : i.path + ": ") << i.message << '\n';
      }
    }
    if (json) print_json(report);
    return all_valid ? 0 : exit_error;
  }
  if (set->parsed()) {
    auto config = load_config(config_arg);
    glasses::apply_overrides(config, overrides);
    if (!out_path.empty()) {
      glasses::save(config, out_path);
      if (json) print_json(boost::json::object{{"file", out_path}, {"fingerprint", glasses::fingerprint(config)}});
      else std::cout << "wrote " << out_path << " (" << glasses::fingerprint(config) << ")\n";
    } else {
      std::cout << glasses::dump(config, {.indent = json ? 0 : 2}) << '\n';
    }
    return 0;
  }
  if (sweep->parsed()) {
    auto base = load_config(config_arg);
    auto points = glasses::sweep(base, overrides);
    fs::create_directories(out_path);
    std::string manifest;
    for (auto const& point : points) {
      std::string file = (fs::path(out_path) / (point.fingerprint + ".json")).string();
      glasses::save(point.config, file);
      boost::json::object line{{"overrides", boost::json::array(point.overrides.begin(), point.overrides.end())},
                               {"file", file},
                               {"fingerprint", point.fingerprint}};
      manifest += glasses::dump(boost::json::value(std::move(line))) + '\n';
    }
    glasses::detail::write_file_atomically((fs::path(out_path) / "manifest.jsonl").string(), manifest);
    if (json) std::cout << manifest;
    else std::cout << "wrote " << points.size() << " configs and manifest.jsonl to " << out_path << '\n';
    return 0;
  }
  if (schema->parsed()) {
    print_json(glasses::json_schema<ImageClassifierConfig>());
    return 0;
  }
  if (hash->parsed()) {
    auto digest = glasses::fingerprint(load_config(config_arg));
    if (json) print_json(boost::json::object{{"fingerprint", digest}});
    else std::cout << digest << '\n';
    return 0;
  }
  if (build->parsed()) {
    auto config = load_config(config_arg);
    auto shape = parse_shape(input_shape);
    auto start = std::chrono::steady_clock::now();
    glasses::nn::ImageClassifier model{nullptr};
    {
      progress note("building " + config_arg);
      model = config.build();
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    model->eval();
    torch::NoGradGuard no_grad;
    torch::Tensor output;
    try {
      output = model(torch::zeros(shape));
    } catch (std::exception const& e) {
      throw usage_error(std::string("the model does not take an input of shape ") + input_shape + ": " +
                        std::string(e.what()).substr(0, std::string(e.what()).find('\n')));
    }
    int64_t total = glasses::nn::parameter_count(*model);
    if (json) {
      boost::json::object children;
      for (auto const& child : model->named_children()) children[child.key()] = glasses::nn::parameter_count(*child.value());
      print_json(boost::json::object{{"parameters", total},
                                     {"children", std::move(children)},
                                     {"output_shape", boost::json::array(output.sizes().begin(), output.sizes().end())},
                                     {"build_seconds", seconds}});
    } else {
      std::cout << "parameters: " << total << '\n';
      for (auto const& child : model->named_children())
        std::cout << "  " << child.key() << ": " << glasses::nn::parameter_count(*child.value()) << '\n';
      std::cout << "output shape for input " << c10::IntArrayRef(shape) << ": " << output.sizes() << '\n';
      std::cout << "build time: " << seconds << " s\n";
    }
    return 0;
  }
  return exit_error;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (glasses::config_error const& e) {
    std::cerr << "glasses: " << e.what() << '\n';
  } catch (usage_error const& e) {
    std::cerr << "glasses: " << e.what() << '\n';
  } catch (std::exception const& e) {
    std::cerr << "glasses: " << e.what() << '\n';
  }
  return exit_error;
}
