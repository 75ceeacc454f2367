// The subcommands that build the model: build, keys.
#include "command.hpp"

#include <CLI/CLI.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <iostream>
#include <memory>
#include <new>
#include <optional>
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

/// The first line of a message: LibTorch's errors go on with a C++ backtrace.
std::string first_line(std::string const& text) { return text.substr(0, text.find('\n')); }

/// Whether LibTorch's allocator, or operator new, refused memory.
bool out_of_memory(std::exception const& e) {
  return dynamic_cast<std::bad_alloc const*>(&e) || std::string_view(e.what()).find("can't allocate memory") !=
                                                        std::string_view::npos;
}

/// The config's model, built with progress on stderr, and the seconds it took.
std::pair<nn::ImageClassifier, double> build_model(ImageClassifierConfig const& config, std::string const& argument) {
  auto start = std::chrono::steady_clock::now();
  progress note("building " + argument);
  try {
    auto model = config.build();
    return {model, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  } catch (...) {
    // Each size may be within its bound while their product is not: widths=[1048576].
    rethrow_out_of_memory("building the model of " + (argument == "-" ? "<stdin>" : argument));
  }
}

/// `1,3,224,224` as a shape: batch, channels, height and width, positive, and small enough
/// to allocate, checked before LibTorch sees them. Each size is digits only: `+1`, ` 1` and
/// an empty size (`1,3,224,224,`) are refused, as they are likely typos. `given` says
/// whether the user wrote it or it is default_input's.
std::vector<int64_t> parse_shape(std::string const& text, bool given) {
  constexpr int64_t max_elements = int64_t{1} << 28;  // 1 GiB of floats
  auto refuse = [&](std::string const& why) {
    if (given) throw usage_error("--input: expected " + why + ", like 1,3,224,224, got " + detail::quoted(text));
    throw usage_error("the default input, " + text + " from the backbone's in_channels and image_size, has " +
                      "more than " + std::to_string(max_elements) + " elements; give a smaller one with --input");
  };
  std::vector<int64_t> shape;
  int64_t elements = 1;
  for (std::size_t begin = 0; !text.empty() && begin <= text.size();) {
    auto end = std::min(text.find(',', begin), text.size());
    int64_t n = 0;
    auto [stop, error] = std::from_chars(text.data() + begin, text.data() + end, n);
    if (error != std::errc{} || stop != text.data() + end || n < 1) refuse("positive integers separated by commas");
    if (n > max_elements / elements) refuse("at most " + std::to_string(max_elements) + " elements in all");
    elements *= n;
    shape.push_back(n);
    begin = end + 1;
  }
  if (shape.size() != 4) refuse("4 sizes, batch,channels,height,width");
  return shape;
}

/// The backbone's `key` (in_channels, image_size) where its config has one.
std::optional<int64_t> backbone_size(ImageClassifierConfig const& config, char const* key) {
  auto const json = to_json(config);
  auto const* backbone = json.as_object().if_contains("backbone");
  if (backbone && backbone->is_object())
    if (auto const* size = backbone->as_object().if_contains(key); size && size->is_int64()) return size->as_int64();
  return std::nullopt;
}

/// The dummy input when --input is not given: one image with the backbone's in_channels and
/// image_size where its config has them (a ViT takes no other size), else 3 and 224.
std::string default_input(ImageClassifierConfig const& config) {
  auto const side = std::to_string(backbone_size(config, "image_size").value_or(224));
  return "1," + std::to_string(backbone_size(config, "in_channels").value_or(3)) + "," + side + "," + side;
}

/// An --input whose channels the config says the model does not take is refused before its
/// zeros are allocated (a gigabyte for 268435456,1,1,1).
void check_channels(ImageClassifierConfig const& config, std::vector<int64_t> const& shape, std::string const& input) {
  if (auto const channels = backbone_size(config, "in_channels"); channels && shape[1] != *channels)
    throw usage_error("--input: the model takes images of " + std::to_string(*channels) +
                      " channels (backbone.in_channels), got " + input + "; give --input 1," +
                      std::to_string(*channels) + ",HEIGHT,WIDTH");
}

struct build_options {
  std::string config;
  std::optional<std::string> input;
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
    std::string const message = first_line(e.what());
    if (out_of_memory(e))
      throw usage_error("running the model on an input of shape " + input + " ran out of memory (" + message +
                        "); try a smaller batch or image");
    throw usage_error(refused + message);
  }
}

/// Parameters in total and per part, the output shape for a dummy input, the build time.
int run_build(build_options const& o, config_reader<ImageClassifierConfig> const& read) {
  auto config = read(o.config);
  auto const input = o.input.value_or(default_input(config));
  auto shape = parse_shape(input, o.input.has_value());
  check_channels(config, shape, input);
  auto [model, seconds] = build_model(config, o.config);
  auto output = forward(model, shape, input);
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

void rethrow_out_of_memory(std::string const& what) {
  try {
    throw;
  } catch (config_error const&) {
    throw;
  } catch (std::exception const& e) {
    if (!out_of_memory(e)) throw;
    throw usage_error(what + " ran out of memory (" + first_line(e.what()) +
                      "): its widths, depths or image size ask for more parameters than this machine holds; make "
                      "them smaller");
  }
}

tool_command<ImageClassifierConfig> build_command() {
  return {"build", "build the model: parameters, output shape, build time",
          [](CLI::App& sub, config_reader<ImageClassifierConfig> const& read) -> std::function<int()> {
            auto o = std::make_shared<build_options>();
            add_config_argument(sub, o->config);
            sub.add_option("--input", o->input,
                           "the dummy input's shape, like 1,3,224,224 (by default one image of the backbone's "
                           "in_channels and image_size, else 3 and 224)");
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
