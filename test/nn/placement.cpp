// Loading onto a device and in a dtype: from_pretrained and load_weights with
// {.device = ..., .dtype = ...} give parameters of that dtype whose values are the saved
// ones converted, keep integer buffers as they are, and refuse what this machine cannot do.
#include "../issues_of.hpp"
#include "checkpoint_files.hpp"

#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>

using glasses::models::ImageClassifierConfig;

namespace {

using checkpoint_files::small_resnet;
struct folder : checkpoint_files::folder {
  folder() : checkpoint_files::folder("placement") {}
};

/// The parameters and buffers of a module by name.
std::map<std::string, torch::Tensor> state_of(torch::nn::Module const& module) {
  std::map<std::string, torch::Tensor> state;
  for (auto const& p : module.named_parameters()) state.emplace(p.key(), p.value());
  for (auto const& b : module.named_buffers()) state.emplace(b.key(), b.value());
  return state;
}

/// A small ResNet whose every floating-point tensor, batch-norm statistics included, is
/// random, saved to `path`.
ImageClassifierConfig save_random_model(std::string const& path, glasses::nn::ImageClassifier* saved = nullptr) {
  torch::manual_seed(5);
  auto config = small_resnet();
  auto model = config.build();
  torch::NoGradGuard no_grad;
  for (auto& [name, t] : state_of(*model)) {
    if (!t.is_floating_point()) continue;
    if (name.ends_with("running_var")) t.uniform_(0.5, 2.0);
    else t.normal_(0.0, 0.7);
  }
  glasses::nn::save_pretrained(model, config, path);
  if (saved) *saved = model;
  return config;
}

/// A float's value in bfloat16, from its bits: round to nearest, ties to even (the values are
/// finite).
float bfloat16_of(float x) {
  auto bits = std::bit_cast<std::uint32_t>(x);
  bits += 0x7fff + ((bits >> 16) & 1);
  return std::bit_cast<float>(bits & 0xffff0000u);
}

/// What `saved` (Float) holds once stored as `dtype`, back as Float.
torch::Tensor expected_in(torch::Tensor const& saved, torch::Dtype dtype) {
  auto values = saved.contiguous();
  std::vector<float> out(values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
  for (float& x : out) {
    if (dtype == torch::kBFloat16) x = bfloat16_of(x);
    else if (dtype == torch::kHalf) x = static_cast<float>(c10::Half(x));
    // Double holds every float exactly.
  }
  return torch::tensor(out).reshape(saved.sizes());
}

/// Every tensor of `loaded` is the saved one: floating-point ones of `dtype`, their values
/// the saved ones converted; the others (num_batches_tracked) as saved.
void check_loaded_in(torch::nn::Module const& loaded, torch::nn::Module const& saved, torch::Dtype dtype,
                     torch::Device device = torch::kCPU) {
  auto state = state_of(loaded);
  std::size_t floating = 0, integer = 0, lossy = 0;
  for (auto const& [name, want] : state_of(saved)) {
    BOOST_TEST_REQUIRE(state.count(name) == 1u, name);
    auto const& got = state.at(name);
    BOOST_TEST(got.device() == device, name);
    if (!want.is_floating_point()) {
      ++integer;
      BOOST_TEST(got.scalar_type() == want.scalar_type(), name);
      BOOST_TEST(torch::equal(got.cpu(), want), name);
      continue;
    }
    ++floating;
    BOOST_TEST(got.scalar_type() == dtype, name << " is " << got.scalar_type());
    auto back = got.cpu().to(torch::kFloat);
    BOOST_TEST(torch::equal(back, expected_in(want, dtype)), name);
    if (!torch::equal(back, want)) ++lossy;
  }
  BOOST_TEST(floating + integer == state.size());
  BOOST_TEST(integer == 6u);  // each batch norm's num_batches_tracked
  BOOST_TEST(lossy == (dtype == torch::kDouble ? 0u : floating));  // a narrower dtype rounds
}

template <class F> glasses::config_error error_of(F action) {
  try {
    action();
  } catch (glasses::config_error const& e) {
    return e;
  }
  throw std::logic_error("expected a config_error, but none was thrown");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(placement)

BOOST_AUTO_TEST_CASE(from_pretrained_in_another_dtype_gives_the_saved_values_converted) {
  folder dir;
  std::string path = dir.file("run.safetensors");
  glasses::nn::ImageClassifier saved{nullptr};
  save_random_model(path, &saved);
  for (auto dtype : {torch::kDouble, torch::kBFloat16, torch::kHalf}) {
    BOOST_TEST_CONTEXT(dtype) {
      auto [config, loaded] = glasses::nn::from_pretrained<ImageClassifierConfig>(path, {.dtype = dtype});
      check_loaded_in(*loaded, *saved, dtype);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_model_loaded_as_double_computes_in_double) {
  folder dir;
  std::string path = dir.file("run.safetensors");
  glasses::nn::ImageClassifier saved{nullptr};
  save_random_model(path, &saved);
  auto [config, loaded] = glasses::nn::from_pretrained<ImageClassifierConfig>(path, {.dtype = torch::kDouble});
  saved->eval(), loaded->eval();
  torch::NoGradGuard no_grad;
  auto images = torch::randn({2, 3, 32, 32});
  auto output = loaded(images.to(torch::kDouble));
  BOOST_TEST(output.scalar_type() == torch::kDouble);
  BOOST_TEST(torch::allclose(output.to(torch::kFloat), saved(images), 1e-4, 1e-5));
}

BOOST_AUTO_TEST_CASE(a_changed_config_loads_in_a_dtype_and_its_new_head_takes_it_too) {
  folder dir;
  std::string path = dir.file("run.safetensors");
  auto changed = save_random_model(path);
  changed.num_classes = 8;
  glasses::nn::load_report report;
  auto [config, model] = glasses::nn::from_pretrained(path, changed, {.dtype = torch::kBFloat16}, &report);
  BOOST_TEST(report.mismatched.size() == 2u);
  BOOST_TEST(model->named_parameters()["head.fc.weight"].scalar_type() == torch::kBFloat16);  // left as built
  BOOST_TEST(model->named_parameters()["backbone.conv1.weight"].scalar_type() == torch::kBFloat16);
}

// Hand-picked values whose Half roundings are known: ties go to the even neighbour, and
// Half's largest (65504) is held exactly.
BOOST_AUTO_TEST_CASE(load_weights_converts_a_module_to_half_first) {
  folder dir;
  std::vector<glasses::safetensors::tensor_entry> entries{{"weight", glasses::safetensors::dtype::F32, {2, 2}, 0, 16},
                                                          {"bias", glasses::safetensors::dtype::F64, {2}, 16, 32}};
  float weight[4] = {1.0f / 3, 1.00048828125f, 1.00146484375f, 65504.0f};  // 1 + 2^-11, 1 + 3 * 2^-11
  double bias[2] = {-2.5, 0.1};
  std::string data(reinterpret_cast<char*>(weight), 16);
  data.append(reinterpret_cast<char*>(bias), 16);
  std::string path = dir.file("half.safetensors");
  std::ofstream(path, std::ios::binary) << glasses::safetensors::make_header(entries, {}) + data;
  auto layer = torch::nn::Linear(2, 2);
  auto report = glasses::nn::load_weights(layer, path, {.strict = true, .dtype = torch::kHalf});
  BOOST_TEST(report.loaded.size() == 2u);
  BOOST_TEST(layer->weight.scalar_type() == torch::kHalf);
  BOOST_TEST(layer->bias.scalar_type() == torch::kHalf);
  auto w = layer->weight.to(torch::kFloat);
  BOOST_TEST(w[0][0].item<float>() == 0.333251953125f);
  BOOST_TEST(w[0][1].item<float>() == 1.0f);
  BOOST_TEST(w[1][0].item<float>() == 1.001953125f);
  BOOST_TEST(w[1][1].item<float>() == 65504.0f);
  BOOST_TEST(layer->bias[0].item<float>() == -2.5f);
  BOOST_TEST(layer->bias[1].item<float>() == 0.0999755859375f);
}

// Buffers of 8-bit integers and booleans, as a model's masks and codebooks are.
struct ByteBuffers : torch::nn::Module {
  ByteBuffers()
      : u8(register_buffer("u8", torch::zeros({4}, torch::kUInt8))),
        i8(register_buffer("i8", torch::zeros({4}, torch::kInt8))),
        flags(register_buffer("flags", torch::zeros({4}, torch::kBool))) {}
  torch::Tensor u8, i8, flags;
};

// What a conversion would lose beyond a float's rounding is refused, naming the tensor.
BOOST_AUTO_TEST_CASE(a_conversion_that_loses_values_is_refused) {
  folder dir;
  auto refused = [&](glasses::safetensors::dtype type, std::string const& bytes, std::string const& name,
                     std::vector<int64_t> shape, auto&& module, glasses::nn::weights_options options) {
    std::string path = dir.file((name + ".safetensors").c_str());
    std::ofstream(path, std::ios::binary)
        << glasses::safetensors::make_header({{name, type, shape, 0, bytes.size()}}, {}) + bytes;
    try {
      glasses::nn::load_weights(module, path, options);
    } catch (glasses::config_error const& e) {
      BOOST_TEST(e.source() == path);
      BOOST_TEST(e.issues().at(0).path == name);
      return e.issues().at(0).message;
    }
    return std::string("loaded");
  };
  auto bytes = [](auto const& values) { return std::string(reinterpret_cast<char const*>(values.data()), sizeof values); };
  std::string const advice = "; build the model in the file's dtype, or convert the file";
  // A finite float past Half's largest would become infinity.
  BOOST_TEST(refused(glasses::safetensors::dtype::F32, bytes(std::array<float, 2>{1.0f, 65520.0f}), "weight", {1, 2},
                     torch::nn::Linear(2, 1), {.dtype = torch::kHalf}) ==
             "the file's Float values do not fit the model's Half: some finite values overflow to infinity" + advice);
  // A batch count stored as a float with a fraction, or as NaN, is not an integer.
  auto norm = torch::nn::BatchNorm1d(1);
  BOOST_TEST(refused(glasses::safetensors::dtype::F32, bytes(std::array<float, 1>{2.7f}), "num_batches_tracked", {},
                     norm, {}) ==
             "the file's Float values do not fit the model's Long: some are not whole numbers" + advice);
  BOOST_TEST(refused(glasses::safetensors::dtype::F32, bytes(std::array<float, 1>{std::nanf("")}), "num_batches_tracked",
                     {}, norm, {}) == "the file's Float values do not fit the model's Long: some are not finite" + advice);
  // A boolean byte of 2, and an integer a float cannot hold.
  BOOST_TEST(refused(glasses::safetensors::dtype::BOOL, std::string("\x01\x02", 2), "weight", {1, 2},
                     torch::nn::Linear(2, 1), {}) == "the file's Bool values do not fit the model's Float: some of its bytes are neither 0 nor 1" + advice);
  BOOST_TEST(refused(glasses::safetensors::dtype::I64, bytes(std::array<int64_t, 2>{1, 16777217}), "weight", {1, 2},
                     torch::nn::Linear(2, 1), {}) ==
             "the file's Long values do not fit the model's Float: some integers are not held exactly" + advice);
  // Into a double: 2^53 + 1 rounds to 2^53, and 2^63 - 1 to 2^63, past Long's range (equal as doubles before).
  for (int64_t value : {(int64_t{1} << 53) + 1, std::numeric_limits<int64_t>::max()})
    BOOST_TEST(refused(glasses::safetensors::dtype::I64, bytes(std::array<int64_t, 2>{1, value}), "weight", {1, 2},
                       torch::nn::Linear(2, 1), {.dtype = torch::kDouble}) ==
               "the file's Long values do not fit the model's Double: some integers are not held exactly" + advice);
  BOOST_TEST(refused(glasses::safetensors::dtype::I64, bytes(std::array<int64_t, 2>{1, int64_t{1} << 53}), "weight",
                     {1, 2}, torch::nn::Linear(2, 1), {.dtype = torch::kDouble}) == "loaded");
  // Whole numbers in range convert.
  BOOST_TEST(refused(glasses::safetensors::dtype::F32, bytes(std::array<float, 1>{7.0f}), "num_batches_tracked", {},
                     norm, {}) == "loaded");
  BOOST_TEST(norm->num_batches_tracked.item<int64_t>() == 7);
  // Integers of one width and the other sign: compared back after the copy, they wrapped
  // there and back unseen (I8 -1 loaded as U8 255).
  ByteBuffers buffers;
  BOOST_TEST(refused(glasses::safetensors::dtype::I8, std::string("\xff\x80\x05\x06", 4), "u8", {4}, buffers, {}) ==
             "the file's Char values do not fit the model's Byte: some are out of its range" + advice);
  BOOST_TEST(refused(glasses::safetensors::dtype::U8, std::string("\xc8\xff\x80\x01", 4), "i8", {4}, buffers, {}) ==
             "the file's Byte values do not fit the model's Char: some are out of its range" + advice);
  BOOST_TEST(torch::equal(buffers.u8, torch::zeros({4}, torch::kUInt8)));
  BOOST_TEST(refused(glasses::safetensors::dtype::I8, std::string("\x01\x02\x03\x7f", 4), "u8", {4}, buffers, {}) ==
             "loaded");
  BOOST_TEST(torch::equal(buffers.u8, torch::tensor({1, 2, 3, 127}, torch::kUInt8)));
  // Bytes other than 0 and 1 in a Bool tensor, into a Bool tensor: no conversion, and
  // loaded unchecked before, to be saved on into the next file.
  BOOST_TEST(refused(glasses::safetensors::dtype::BOOL, std::string("\x02\xff\x01\x00", 4), "flags", {4}, buffers,
                     {}) == "the file's Bool values are not booleans: some of its bytes are neither 0 nor 1; the file "
                            "is damaged, or its writer wrote other bytes as Bool");
  BOOST_TEST(!buffers.flags.any().item<bool>());
  BOOST_TEST(refused(glasses::safetensors::dtype::BOOL, std::string("\x00\x01\x01\x00", 4), "flags", {4}, buffers,
                     {}) == "loaded");
  BOOST_TEST(buffers.flags.sum().item<int64_t>() == 2);
}

BOOST_AUTO_TEST_CASE(an_unavailable_device_or_a_dtype_that_is_not_floating_is_a_config_error) {
  folder dir;
  std::string path = dir.file("run.safetensors");
  save_random_model(path);
  std::string const no_cuda = "CUDA is not available: this LibTorch was built without it, or it sees no GPU";
  if (!torch::cuda::is_available()) {
    auto error = error_of([&] { glasses::nn::from_pretrained<ImageClassifierConfig>(path, {.device = torch::kCUDA}); });
    BOOST_TEST(error.source() == path);
    BOOST_TEST_REQUIRE(error.issues().size() == 1u);
    BOOST_TEST(error.issues()[0].path == "options.device");
    BOOST_TEST(error.issues()[0].message == "cannot load onto cuda: " + no_cuda);
    BOOST_TEST(std::string(error.what()) == path + ": 1 error\n  options.device: cannot load onto cuda: " + no_cuda);
  } else {
    auto count = torch::cuda::device_count();
    auto issues = test::issues_of([&] {
      glasses::nn::from_pretrained<ImageClassifierConfig>(
          path, {.device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(count))});
    });
    BOOST_TEST_REQUIRE(issues.size() == 1u);
    BOOST_TEST(issues[0].message == "cannot load onto cuda:" + std::to_string(count) + ": " +
                                        (count == 1 ? std::string("there is 1 CUDA device, cuda:0")
                                                    : "there are " + std::to_string(count) +
                                                          " CUDA devices, cuda:0 to cuda:" + std::to_string(count - 1)));
  }
  auto meta = test::issues_of([&] { glasses::nn::from_pretrained<ImageClassifierConfig>(path, {.device = torch::kMeta}); });
  BOOST_TEST_REQUIRE(meta.size() == 1u);
  BOOST_TEST(meta[0].message == "cannot load onto meta: the meta device holds no data to load");

  // load_weights checks before it touches the module, and reports both options.
  auto model = small_resnet().build();
  auto before = model->named_parameters()["backbone.conv1.weight"].clone();
  auto both = test::issues_of([&] {
    glasses::nn::load_weights(model, path, {.device = torch::kMeta, .dtype = torch::kLong});
  });
  BOOST_TEST_REQUIRE(both.size() == 2u);
  BOOST_TEST(both[0].path == "options.device");
  BOOST_TEST(both[1].path == "options.dtype");
  BOOST_TEST(both[1].message ==
             "expected Float, Double, Half or BFloat16, got Long: it is the dtype of the floating-point parameters "
             "and buffers");
  auto after = model->named_parameters()["backbone.conv1.weight"];
  BOOST_TEST(after.is_cpu());
  BOOST_TEST(torch::equal(after, before));
}

// The GPU machine's check (../shared/devcheck): the model goes to the GPU in BFloat16 and
// computes there. Without CUDA, only the CPU half of the load is checked.
BOOST_AUTO_TEST_CASE(a_model_loads_onto_the_gpu_in_bfloat16_where_there_is_one) {
  folder dir;
  std::string path = dir.file("run.safetensors");
  glasses::nn::ImageClassifier saved{nullptr};
  save_random_model(path, &saved);
  if (!torch::cuda::is_available()) {
    auto [config, loaded] = glasses::nn::from_pretrained<ImageClassifierConfig>(
        path, {.device = torch::kCPU, .dtype = torch::kBFloat16});
    check_loaded_in(*loaded, *saved, torch::kBFloat16);
    BOOST_TEST_MESSAGE("no CUDA device: loaded onto the CPU only");
    return;
  }
  torch::Device gpu(torch::kCUDA, 0);
  auto [config, loaded] =
      glasses::nn::from_pretrained<ImageClassifierConfig>(path, {.device = gpu, .dtype = torch::kBFloat16});
  check_loaded_in(*loaded, *saved, torch::kBFloat16, gpu);
  loaded->eval(), saved->eval();
  torch::NoGradGuard no_grad;
  auto images = torch::randn({2, 3, 32, 32});
  auto output = loaded(images.to(gpu, torch::kBFloat16));
  BOOST_TEST(output.device() == gpu);
  BOOST_TEST(output.scalar_type() == torch::kBFloat16);
  auto expected = saved(images);
  auto difference = ((output.cpu().to(torch::kFloat) - expected).abs().max() / expected.abs().max()).item<float>();
  BOOST_TEST_MESSAGE("BFloat16 on the GPU vs Float on the CPU: max difference " << difference << " of the largest logit");
  BOOST_TEST(difference < 0.05f);
}

BOOST_AUTO_TEST_SUITE_END()
