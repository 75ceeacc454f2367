// Checkpoints: a saved model reloaded with a new head, load reports, and every kind of
// broken file.
#include "../issues_of.hpp"
#include "checkpoint_files.hpp"

#include <glasses/models.hpp>

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using glasses::models::ImageClassifierConfig;

namespace {

using checkpoint_files::small_resnet;
struct folder : checkpoint_files::folder {
  folder() : checkpoint_files::folder("checkpoints") {}
};

std::string read(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write(std::string const& path, std::string const& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

/// The config_error that `action` throws, to check its source (the file) with its issues.
template <class F> glasses::config_error error_of(F action) {
  try {
    action();
  } catch (glasses::config_error const& e) {
    return e;
  }
  throw std::logic_error("expected a config_error, but none was thrown");
}

/// A checkpoint of small_resnet() whose stored config has another head dropout (which
/// changes no shape), as if edited by hand: the stored fingerprint is the saved config's.
std::string save_with_edited_config(folder const& dir, ImageClassifierConfig const& saved,
                                    ImageClassifierConfig const& edited, bool keep_fingerprint = true) {
  glasses::nn::save_pretrained(saved.build(), saved, dir.file("saved.safetensors"));
  std::string bytes = read(dir.file("saved.safetensors"));
  auto header = glasses::safetensors::parse_header(bytes, "saved");
  header.metadata["glasses_config"] = glasses::dump(edited);
  if (!keep_fingerprint) header.metadata.erase("glasses_fingerprint");
  std::string path = dir.file("edited.safetensors");
  write(path, glasses::safetensors::make_header(header.tensors, header.metadata) + bytes.substr(header.data_offset));
  return path;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checkpoints)

BOOST_AUTO_TEST_CASE(a_new_head_loads_everything_else) {
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
  glasses::safetensors::header header =
      glasses::safetensors::parse_header(read(dir.file("run.safetensors")), "run.safetensors");
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
    // The count is of what fits, in a model of how many tensors, though nothing was loaded.
    auto const tensors = std::to_string(model->named_parameters().size() + model->named_buffers().size());
    BOOST_TEST(e.issues().at(0).message.find("the checkpoint does not fit the model exactly, so a strict load loads "
                                             "nothing (load_weights without .strict, or from_pretrained(path, "
                                             "changed_config), loads what fits): " +
                                             std::to_string(std::stoul(tensors) - 2) + " of " + tensors +
                                             " tensors fit\n  shape mismatch, left as built (2):") == 0u);
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
  auto header = glasses::safetensors::parse_header(bytes, "ours");
  for (auto& t : header.tensors) t.name = glasses::models::to_torchvision_key(t.name);
  write(dir.file("tv.safetensors"), glasses::safetensors::make_header(header.tensors, {}) + bytes.substr(header.data_offset));
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
  std::vector<glasses::safetensors::tensor_entry> entries{
      {"weight", glasses::safetensors::dtype::F64, {2, 2}, 0, 32},
      {"bias", glasses::safetensors::dtype::BF16, {2}, 32, 36}};
  double weight[4] = {1.5, -2, 0.25, 4};
  uint16_t bias[2] = {0x3f80, 0xc000};  // bfloat16 1.0 and -2.0
  std::string data(reinterpret_cast<char*>(weight), 32);
  data.append(reinterpret_cast<char*>(bias), 4);
  write(dir.file("mixed.safetensors"), glasses::safetensors::make_header(entries, {}) + data);
  auto report = glasses::nn::load_weights(*layer, dir.file("mixed.safetensors"), {.strict = true});
  BOOST_TEST(report.loaded.size() == 2u);
  BOOST_TEST(layer->weight[1][0].item<float>() == 0.25f);
  BOOST_TEST(layer->bias[1].item<float>() == -2.0f);
}

BOOST_AUTO_TEST_CASE(a_dtype_safetensors_cannot_hold_is_a_config_error_and_writes_nothing) {
  folder dir;
  torch::nn::Module module;
  module.register_buffer("phase", torch::zeros({2}, torch::kComplexFloat));
  auto issues = test::issues_of([&] { glasses::nn::save_pretrained(module, small_resnet(), dir.file("z.safetensors")); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].path == "phase");
  BOOST_TEST(issues[0].message == "the tensor has dtype ComplexFloat, which safetensors cannot hold");
  BOOST_TEST(!fs::exists(dir.file("z.safetensors")));
}

BOOST_AUTO_TEST_CASE(a_file_without_a_config_cannot_give_one) {
  folder dir;
  write(dir.file("bare.safetensors"), glasses::safetensors::make_header({}, {}));
  auto issues = test::issues_of([&] { glasses::nn::from_pretrained<ImageClassifierConfig>(dir.file("bare.safetensors")); });
  BOOST_TEST(issues.at(0).path == "__metadata__.glasses_config");
  auto missing = test::issues_of([&] { glasses::nn::from_pretrained<ImageClassifierConfig>(dir.file("absent.safetensors")); });
  BOOST_TEST(missing.at(0).message == "cannot open the checkpoint: No such file or directory");
}

// The header is read, then the file is cut in the middle of a tensor before its data is:
// what another process truncating the file while from_pretrained builds the model does.
// The mapping of the file this replaces died there with SIGBUS.
BOOST_AUTO_TEST_CASE(a_file_truncated_while_loading_is_a_config_error_naming_the_tensor) {
  folder dir;
  auto config = small_resnet();
  std::string path = dir.file("run.safetensors");
  glasses::nn::save_pretrained(config.build(), config, path);
  auto size = fs::file_size(path);
  glasses::nn::detail::checkpoint file(path);
  auto const& cut = file.header().tensors.at(1);
  BOOST_TEST_REQUIRE(cut.end - cut.begin > 4u);
  BOOST_TEST_REQUIRE(::truncate(path.c_str(), static_cast<off_t>(file.header().data_offset + cut.begin + 4)) == 0);
  auto model = config.build();
  auto error = error_of([&] { glasses::nn::detail::load_into(*model, file, {}); });
  BOOST_TEST(error.source() == path);
  BOOST_TEST_REQUIRE(error.issues().size() == 1u);
  BOOST_TEST(error.issues()[0].path == cut.name);
  BOOST_TEST(error.issues()[0].message ==
             "the file ended after 4 of the tensor's " + std::to_string(cut.end - cut.begin) + " bytes (it had " +
                 std::to_string(size) +
                 " bytes when opened): it was truncated or rewritten while loading; load it again once whatever "
                 "writes it is done");
}

BOOST_AUTO_TEST_CASE(a_file_rewritten_while_loading_is_a_config_error) {
  folder dir;
  auto config = small_resnet();
  std::string path = dir.file("run.safetensors");
  glasses::nn::save_pretrained(config.build(), config, path);
  auto size = fs::file_size(path);
  auto model = config.build();
  {
    glasses::nn::detail::checkpoint file(path);
    // Rewritten in place at the same size. The modification time is set a second on, as the
    // file system's clock may tick more coarsely than this test runs.
    int fd = ::open(path.c_str(), O_WRONLY);
    BOOST_TEST_REQUIRE(fd >= 0);
    BOOST_TEST_REQUIRE(::pwrite(fd, "\0\0\0\0", 4, static_cast<off_t>(file.header().data_offset)) == 4);
    struct stat info {};
    BOOST_TEST_REQUIRE(::fstat(fd, &info) == 0);
    timespec times[2] = {info.st_atim, info.st_mtim};
    times[1].tv_sec += 1;
    BOOST_TEST_REQUIRE(::futimens(fd, times) == 0);
    ::close(fd);
    auto error = error_of([&] { glasses::nn::detail::load_into(*model, file, {}); });
    BOOST_TEST(error.source() == path);
    BOOST_TEST_REQUIRE(error.issues().size() == 1u);
    BOOST_TEST(error.issues()[0].path == "");
    BOOST_TEST(error.issues()[0].message ==
               "the file changed while it was loading (it was modified, at the same size): the weights read may mix "
               "two versions of it; load it again once whatever writes it is done");
  }
  {
    glasses::nn::detail::checkpoint file(path);
    std::ofstream(path, std::ios::binary | std::ios::app) << "appended";
    auto issues = test::issues_of([&] { glasses::nn::detail::load_into(*model, file, {}); });
    BOOST_TEST_REQUIRE(issues.size() == 1u);
    BOOST_TEST(issues[0].message == "the file changed while it was loading (its size went from " +
                                        std::to_string(size) + " to " + std::to_string(size + 8) +
                                        " bytes): the weights read may mix two versions of it; load it again once "
                                        "whatever writes it is done");
  }
}

BOOST_AUTO_TEST_CASE(a_config_edited_after_saving_fails_the_fingerprint_check) {
  folder dir;
  auto saved = small_resnet();
  auto edited = saved;
  edited.head = glasses::models::PooledLinearHeadConfig{.dropout = 0.5};
  std::string path = save_with_edited_config(dir, saved, edited);
  auto error = error_of([&] { glasses::nn::from_pretrained<ImageClassifierConfig>(path); });
  BOOST_TEST(error.source() == path);
  BOOST_TEST_REQUIRE(error.issues().size() == 1u);
  BOOST_TEST(error.issues()[0].path == "__metadata__.glasses_fingerprint");
  BOOST_TEST(error.issues()[0].message ==
             "expected " + glasses::fingerprint(edited) +
                 ", the fingerprint of the stored config, but the file stores \"" + glasses::fingerprint(saved) +
                 "\": the config was edited after saving, or its type has gained or lost fields since; compare the "
                 "stored config (the header's __metadata__.glasses_config) with the model you meant, and pass "
                 "{.check_fingerprint = false} to from_pretrained to load it anyway");
}

BOOST_AUTO_TEST_CASE(the_fingerprint_check_can_be_skipped_and_needs_a_fingerprint) {
  folder dir;
  auto saved = small_resnet();
  auto edited = saved;
  edited.head = glasses::models::PooledLinearHeadConfig{.dropout = 0.5};
  auto [config, model] = glasses::nn::from_pretrained<ImageClassifierConfig>(
      save_with_edited_config(dir, saved, edited), {.check_fingerprint = false});
  BOOST_TEST(glasses::equal(config, edited));
  // scripts/export_torchvision.py stores a config and no fingerprint: nothing to check.
  auto [exported, exported_model] = glasses::nn::from_pretrained<ImageClassifierConfig>(
      save_with_edited_config(dir, saved, edited, /*keep_fingerprint=*/false));
  BOOST_TEST(glasses::equal(exported, edited));
}

BOOST_AUTO_TEST_CASE(two_file_keys_renamed_to_one_name_are_a_conflict) {
  folder dir;
  auto layer = torch::nn::Linear(2, 2);
  auto before = layer->weight.clone();
  std::vector<glasses::safetensors::tensor_entry> entries{{"weight", glasses::safetensors::dtype::F32, {2, 2}, 0, 16},
                                                          {"kernel", glasses::safetensors::dtype::F32, {2, 2}, 16, 32},
                                                          {"bias", glasses::safetensors::dtype::F32, {2}, 32, 40}};
  std::string path = dir.file("twice.safetensors");
  write(path, glasses::safetensors::make_header(entries, {}) + std::string(40, '\0'));
  auto error = error_of([&] {
    glasses::nn::load_weights(*layer, path, {.rename = [](std::string_view key) {
                                               return std::string(key == "kernel" ? "weight" : key);
                                             }});
  });
  BOOST_TEST(error.source() == path);
  BOOST_TEST_REQUIRE(error.issues().size() == 1u);
  BOOST_TEST(error.issues()[0].path == "weight");
  BOOST_TEST(error.issues()[0].message ==
             "the rename function maps 2 of the file's keys to this name: \"weight\", \"kernel\"; a tensor loads from "
             "one file key only, so make the function give each its own name");
  BOOST_TEST(torch::equal(layer->weight, before));  // refused before anything was loaded
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_report_shows_fifty_names_a_list_and_cuts_a_long_one) {
  // A file of a million tensors, or a name of megabytes, printed each whole before.
  glasses::nn::load_report report;
  // Appended throughout: g++ 12 sees a false overflow in `"t" + std::to_string(i)` here.
  for (int i = 0; i < 60; ++i) report.unexpected.emplace_back("t").append(std::to_string(i));
  report.missing.push_back(std::string(300, 'x'));
  std::string expected = "loaded 0 of 1 tensors\n  missing from the file, left as built (1): ";
  expected.append(200, 'x').append(
      "... (300 bytes)\n  in the file but not in the model, ignored (60): t0 t1 t2 t3 t4 t5 t6 t7 t8 t9 t10 t11 t12 t13 "
      "t14 t15 t16 t17 t18 t19 t20 t21 t22 t23 t24 t25 t26 t27 t28 t29 t30 t31 t32 t33 t34 t35 t36 t37 t38 t39 t40 t41 "
      "t42 t43 t44 t45 t46 t47 t48 t49 ... and 10 more");
  BOOST_TEST(glasses::nn::to_string(report) == expected);
}

BOOST_AUTO_TEST_CASE(a_report_quotes_a_name_that_a_terminal_would_act_on) {
  // An escape sequence went to the terminal as it was, and a line break forged a line.
  glasses::nn::load_report report;
  report.unexpected = {"plain.weight", "\x1b[31mred\nfake: ok\x07", "", "a b"};
  BOOST_TEST(glasses::nn::to_string(report) ==
             "loaded 0 of 0 tensors\n  in the file but not in the model, ignored (4): plain.weight "
             "\"\\u001b[31mred\\u000afake: ok\\u0007\" \"\" \"a b\"");
}
