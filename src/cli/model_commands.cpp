// The subcommands that build the model: build, keys.
#include "command.hpp"

#include <CLI/CLI.hpp>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

namespace glasses::cli {
namespace {

/// Progress on stderr while a build runs long: a line a second after the first two.
class progress {
 public:
  explicit progress(std::string what) : what_(std::move(what)), thread_([this] { report(); }) {}
  ~progress() {
    done_ = true;
    thread_.join();
  }
  progress(progress const&) = delete;
  progress& operator=(progress const&) = delete;

 private:
  void report() {
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

/// The config's model, built with progress on stderr, and the seconds it took.
std::pair<nn::ImageClassifier, double> build_model(ImageClassifierConfig const& config, std::string const& argument) {
  auto start = std::chrono::steady_clock::now();
  progress note("building " + argument);
  auto model = config.build();
  return {model, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

/// `1,3,224,224` as a shape: batch, channels, height and width, positive, and small enough
/// to allocate, checked before LibTorch sees them.
std::vector<int64_t> parse_shape(std::string const& text) {
  constexpr int64_t max_elements = int64_t{1} << 28;  // 1 GiB of floats
  auto refuse = [&](std::string const& why) {
    throw usage_error("--input: expected " + why + ", like 1,3,224,224, got " + detail::quoted(text));
  };
  std::vector<int64_t> shape;
  std::stringstream in(text);
  int64_t elements = 1;
  for (std::string part; std::getline(in, part, ',');) {
    long long n = 0;
    std::size_t used = 0;
    try {
      n = std::stoll(part, &used);
    } catch (std::exception const&) {  // not a number, or out of range
    }
    if (used == 0 || used != part.size() || n < 1) refuse("positive integers separated by commas");
    if (n > max_elements / elements) refuse("at most " + std::to_string(max_elements) + " elements in all");
    elements *= n;
    shape.push_back(n);
  }
  if (shape.size() != 4) refuse("4 sizes, batch,channels,height,width");
  return shape;
}

/// The first line of a message: LibTorch's errors go on with a C++ backtrace.
std::string first_line(std::string const& text) { return text.substr(0, text.find('\n')); }

struct build_options {
  std::string config;
  std::string input = "1,3,224,224";
  bool json = false;
};

/// The model's output for zeros of `shape` (`input` as the user wrote it).
torch::Tensor forward(nn::ImageClassifier& model, std::vector<int64_t> const& shape, std::string const& input) {
  std::string refused = "the model does not take an input of shape " + input + ": ";
  model->eval();
  torch::NoGradGuard no_grad;
  try {
    return model(torch::zeros(shape));
  } catch (config_error const& e) {
    throw usage_error(refused + e.issues().front().message);
  } catch (std::exception const& e) {
    throw usage_error(refused + first_line(e.what()));
  }
}

/// Parameters in total and per part, the output shape for a dummy input, the build time.
int run_build(build_options const& o, config_reader<ImageClassifierConfig> const& read) {
  auto config = read(o.config);
  auto shape = parse_shape(o.input);
  auto [model, seconds] = build_model(config, o.config);
  auto output = forward(model, shape, o.input);
  int64_t total = nn::parameter_count(*model);
  if (o.json) {
    boost::json::object children;
    for (auto const& child : model->named_children()) children[child.key()] = nn::parameter_count(*child.value());
    print_json(boost::json::object{{"parameters", total},
                                   {"children", std::move(children)},
                                   {"output_shape", boost::json::array(output.sizes().begin(), output.sizes().end())},
                                   {"build_seconds", seconds}});
    return 0;
  }
  std::cout << "parameters: " << total << '\n';
  for (auto const& child : model->named_children())
    std::cout << "  " << child.key() << ": " << nn::parameter_count(*child.value()) << '\n';
  std::cout << "output shape for input " << c10::IntArrayRef(shape) << ": " << output.sizes() << '\n';
  std::cout << "build time: " << seconds << " s\n";
  return 0;
}

struct keys_options {
  std::string config;
  bool json = false;
};

/// The state dict's keys in glasses' and torchvision's names, with shapes.
int run_keys(keys_options const& o, config_reader<ImageClassifierConfig> const& read) {
  auto keys = models::torchvision_keys(*build_model(read(o.config), o.config).first);
  if (!o.json) {
    for (auto const& k : keys) std::cout << k.glasses << " -> " << k.torchvision << ' ' << c10::IntArrayRef(k.shape) << '\n';
    return 0;
  }
  boost::json::array out;
  for (auto const& k : keys)
    out.push_back(boost::json::object{{"glasses", k.glasses},
                                      {"torchvision", k.torchvision},
                                      {"shape", boost::json::array(k.shape.begin(), k.shape.end())}});
  print_json(out);
  return 0;
}

}  // namespace

tool_command<ImageClassifierConfig> build_command() {
  return {"build", "build the model: parameters, output shape, build time",
          [](CLI::App& sub, config_reader<ImageClassifierConfig> const& read) -> std::function<int()> {
            auto o = std::make_shared<build_options>();
            add_config_argument(sub, o->config);
            sub.add_option("--input", o->input, "the dummy input's shape")->capture_default_str();
            add_json_flag(sub, o->json);
            return [o, read] { return run_build(*o, read); };
          }};
}

tool_command<ImageClassifierConfig> keys_command() {
  return {"keys", "the state dict's keys in glasses' and torchvision's names, with shapes",
          [](CLI::App& sub, config_reader<ImageClassifierConfig> const& read) -> std::function<int()> {
            auto o = std::make_shared<keys_options>();
            add_config_argument(sub, o->config);
            add_json_flag(sub, o->json);
            return [o, read] { return run_keys(*o, read); };
          }};
}

}  // namespace glasses::cli
