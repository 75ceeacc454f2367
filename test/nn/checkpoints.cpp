// Checkpoints: the seed's flow, load reports, and every kind of broken file.
#include "../issues_of.hpp"

#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using glasses::models::ImageClassifierConfig;

namespace {

ImageClassifierConfig small_resnet() {
  return glasses::parse<ImageClassifierConfig>(
      R"({"backbone":{"type":"resnet","block":"basic","depths":[1,1],"widths":[8,16],"stem_width":8},"num_classes":5})");
}

struct folder {
  fs::path path = fs::temp_directory_path() / ("glasses-checkpoints-" + std::to_string(::getpid()));
  folder() { fs::create_directories(path); }
  ~folder() { fs::remove_all(path); }
  std::string file(char const* name) const { return (path / name).string(); }
};

std::string read(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write(std::string const& path, std::string const& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

std::string header_bytes(std::string const& json) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((json.size() >> (8 * i)) & 0xff);
  return out + json;
}

std::vector<glasses::issue> parse_issues(std::string const& bytes) {
  return test::issues_of([&] { glasses::nn::safetensors::parse_header(bytes, "model.safetensors"); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checkpoints)

BOOST_AUTO_TEST_CASE(the_seed_flow_a_new_head_loads_everything_else) {
  folder dir;
  torch::manual_seed(0);
  auto config = small_resnet();
  auto model = config.build();
  model->eval();
  glasses::nn::save_pretrained(model, config, dir.file("run.safetensors"));

  auto changed = config;
  changed.num_classes = 8;
  glasses::nn::load_report report;
  auto [loaded_config, loaded] = glasses::nn::from_pretrained(dir.file("run.safetensors"), changed, &report);
  BOOST_TEST(loaded_config.num_classes == 8);
  BOOST_TEST_REQUIRE(report.mismatched.size() == 2u);
  BOOST_TEST(report.mismatched[0].name == "head.fc.weight");
  BOOST_TEST((report.mismatched[0].expected == std::vector<int64_t>{8, 16}));
  BOOST_TEST((report.mismatched[0].found == std::vector<int64_t>{5, 16}));
  BOOST_TEST(report.mismatched[1].name == "head.fc.bias");
  BOOST_TEST(report.missing.empty());
  BOOST_TEST(report.unexpected.empty());
  std::size_t tensors = model->named_parameters().size() + model->named_buffers().size();
  BOOST_TEST(report.loaded.size() == tensors - 2);
  BOOST_TEST(glasses::nn::to_string(report) ==
             "loaded " + std::to_string(tensors - 2) + " of " + std::to_string(tensors) +
                 " tensors\n  shape mismatch, left as built (2):\n    head.fc.weight: the model has [8, 16], the file "
                 "[5, 16]\n    head.fc.bias: the model has [8], the file [5]");

  loaded->eval();
  torch::NoGradGuard no_grad;
  auto images = torch::randn({2, 3, 32, 32});
  auto before = model->backbone->forward(images);
  auto after = loaded->backbone->forward(images);
  for (std::size_t i = 0; i < before.size(); ++i) BOOST_TEST(torch::equal(before[i], after[i]));
}

BOOST_AUTO_TEST_CASE(from_pretrained_gives_the_config_and_the_same_model_back) {
  folder dir;
  torch::manual_seed(1);
  auto config = small_resnet();
  auto model = config.build();
  glasses::nn::save_pretrained(model, config, dir.file("run.safetensors"));
  auto [back_config, back] = glasses::nn::from_pretrained<ImageClassifierConfig>(dir.file("run.safetensors"));
  BOOST_TEST(glasses::equal(config, back_config));
  model->eval(), back->eval();
  torch::NoGradGuard no_grad;
  auto images = torch::randn({1, 3, 32, 32});
  BOOST_TEST(torch::equal(model(images), back(images)));
  glasses::nn::safetensors::header header =
      glasses::nn::safetensors::parse_header(read(dir.file("run.safetensors")), "run.safetensors");
  BOOST_TEST(header.metadata.at("glasses_fingerprint") == glasses::fingerprint(config));
  BOOST_TEST(header.data_offset % 8 == 0u);
}

BOOST_AUTO_TEST_CASE(strict_loading_throws_with_the_report) {
  folder dir;
  auto config = small_resnet();
  glasses::nn::save_pretrained(config.build(), config, dir.file("run.safetensors"));
  auto bigger = config;
  bigger.num_classes = 7;
  auto model = bigger.build();
  try {
    glasses::nn::load_weights(model, dir.file("run.safetensors"), {.strict = true});
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.issues().at(0).message.find("the checkpoint does not fit the model exactly: loaded ") == 0u);
    BOOST_TEST(e.issues().at(0).message.find("head.fc.weight: the model has [7, 16], the file [5, 16]") !=
               std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_file_with_torchvision_names_loads_through_the_key_map) {
  folder dir;
  torch::manual_seed(2);
  auto config = small_resnet();
  auto model = config.build();
  glasses::nn::save_pretrained(model, config, dir.file("ours.safetensors"));
  // Rename every key to torchvision's, keeping the data.
  std::string bytes = read(dir.file("ours.safetensors"));
  auto header = glasses::nn::safetensors::parse_header(bytes, "ours");
  for (auto& t : header.tensors) t.name = glasses::models::to_torchvision_key(t.name);
  write(dir.file("tv.safetensors"), glasses::nn::safetensors::make_header(header.tensors, {}) + bytes.substr(header.data_offset));
  auto fresh = config.build();
  auto without_map = glasses::nn::load_weights(fresh, dir.file("tv.safetensors"));
  BOOST_TEST(without_map.loaded.empty());
  BOOST_TEST(without_map.unexpected.size() == header.tensors.size());
  auto with_map = glasses::nn::load_weights(fresh, dir.file("tv.safetensors"),
                                            {.strict = true, .rename = glasses::models::from_torchvision_key});
  BOOST_TEST(with_map.complete());
  BOOST_TEST(torch::equal(fresh->named_parameters()["head.fc.weight"], model->named_parameters()["head.fc.weight"]));
}

BOOST_AUTO_TEST_CASE(dtypes_are_converted_to_the_parameters_dtype) {
  folder dir;
  auto layer = torch::nn::Linear(2, 2);
  std::vector<glasses::nn::safetensors::tensor_entry> entries{
      {"weight", glasses::nn::safetensors::dtype::F64, {2, 2}, 0, 32},
      {"bias", glasses::nn::safetensors::dtype::BF16, {2}, 32, 36}};
  double weight[4] = {1.5, -2, 0.25, 4};
  uint16_t bias[2] = {0x3f80, 0xc000};  // bfloat16 1.0 and -2.0
  std::string data(reinterpret_cast<char*>(weight), 32);
  data.append(reinterpret_cast<char*>(bias), 4);
  write(dir.file("mixed.safetensors"), glasses::nn::safetensors::make_header(entries, {}) + data);
  auto report = glasses::nn::load_weights(*layer, dir.file("mixed.safetensors"), {.strict = true});
  BOOST_TEST(report.loaded.size() == 2u);
  BOOST_TEST(layer->weight[1][0].item<float>() == 0.25f);
  BOOST_TEST(layer->bias[1].item<float>() == -2.0f);
}

BOOST_AUTO_TEST_CASE(broken_files_are_clear_errors) {
  auto valid = glasses::nn::safetensors::make_header({{"w", glasses::nn::safetensors::dtype::F32, {2}, 0, 8}}, {}) +
               std::string(8, '\0');
  BOOST_TEST(glasses::nn::safetensors::parse_header(valid, "ok").tensors.size() == 1u);

  BOOST_TEST(parse_issues("abc").at(0).message ==
             "not a safetensors file: 3 bytes, fewer than the 8 of the header length; is the file truncated?");
  BOOST_TEST(parse_issues(valid.substr(0, 20)).at(0).message.ends_with("runs past the end of the file (20 bytes); is the file truncated?"));
  BOOST_TEST(parse_issues(header_bytes("{\"w\": [1, 2")).at(0).message.starts_with("the header is not valid JSON"));
  auto out_of_range = parse_issues(header_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})") + "1234");
  BOOST_TEST(out_of_range.at(0).path == "w");
  BOOST_TEST(out_of_range.at(0).message == "data_offsets [0, 8] lie outside the data section of 4 bytes");
  auto dtype = parse_issues(header_bytes(R"({"w":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}})") + "1234");
  BOOST_TEST(dtype.at(0).message ==
             R"(unknown dtype "F33"; expected one of "F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL")");
  auto size = parse_issues(header_bytes(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})") + "12345678");
  BOOST_TEST(size.at(0).message == "the shape needs 12 bytes of F32, but data_offsets give 8");
  auto overlap = parse_issues(header_bytes(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                                           R"("b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}})") + "123456");
  BOOST_TEST(overlap.at(0).path == "b");
  BOOST_TEST(overlap.at(0).message == "its bytes [2, 6) overlap those of another tensor");
  auto hole = parse_issues(header_bytes(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})") + "1234");
  BOOST_TEST(hole.at(0).message == "bytes [0, 2) before it belong to no tensor");
  auto tail = parse_issues(header_bytes(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})") + "1234");
  BOOST_TEST(tail.at(0).message == "the last 2 bytes of the data belong to no tensor");
  auto huge = parse_issues(header_bytes(R"({"a":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}})") +
                           "12345678");
  BOOST_TEST(huge.at(0).message == "expected \"shape\" to be an array of non-negative integers of a sane size");
}

BOOST_AUTO_TEST_CASE(a_file_without_a_config_cannot_give_one) {
  folder dir;
  write(dir.file("bare.safetensors"), glasses::nn::safetensors::make_header({}, {}));
  auto issues = test::issues_of([&] { glasses::nn::from_pretrained<ImageClassifierConfig>(dir.file("bare.safetensors")); });
  BOOST_TEST(issues.at(0).path == "__metadata__.glasses_config");
  auto missing = test::issues_of([&] { glasses::nn::from_pretrained<ImageClassifierConfig>(dir.file("absent.safetensors")); });
  BOOST_TEST(missing.at(0).message == "cannot open the checkpoint: No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()
