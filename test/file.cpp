#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

struct temporary_folder {
  fs::path path = fs::temp_directory_path() / ("glasses-test-" + std::to_string(::getpid()));
  temporary_folder() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~temporary_folder() { fs::remove_all(path); }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (auto const& entry : fs::directory_iterator(path)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string read(fs::path const& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(save_writes_pretty_json_and_load_reads_it_back) {
  temporary_folder folder;
  test::ConvConfig conv{.channels = 3, .kernel = {5}};
  glasses::save(conv, folder.path / "conv.json");
  BOOST_TEST(read(folder.path / "conv.json") == "{\n  \"channels\": 3,\n  \"kernel\": [5]\n}\n");
  BOOST_TEST(glasses::equal(conv, glasses::load<test::ConvConfig>(folder.path / "conv.json")));
  BOOST_TEST(folder.entries() == std::vector<std::string>{"conv.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(load_errors_start_with_the_file_name) {
  temporary_folder folder;
  fs::path file = folder.path / "run.json";
  std::ofstream(file) << R"({"channels":"many"})";
  try {
    glasses::load<test::ConvConfig>(file);
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) == file.string() + ": 1 error\n  channels: expected an integer, got the string \"many\"");
  }
}

BOOST_AUTO_TEST_CASE(loading_a_missing_file_is_a_config_error) {
  temporary_folder folder;
  try {
    glasses::load<test::ConvConfig>(folder.path / "absent.json");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.source() == (folder.path / "absent.json").string());
    BOOST_TEST(e.issues().at(0).message == "cannot load: No such file or directory");
  }
}

BOOST_AUTO_TEST_CASE(save_into_a_missing_folder_fails_and_leaves_nothing) {
  temporary_folder folder;
  fs::path target = folder.path / "missing" / "run.json";
  try {
    glasses::save(test::ConvConfig{}, target);
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.issues().at(0).message ==
               "cannot save: the folder \"" + (folder.path / "missing").string() + "\" does not exist; create it first");
  }
  BOOST_TEST(!fs::exists(target));
  BOOST_TEST(folder.entries().empty());
}

BOOST_AUTO_TEST_CASE(a_failed_save_keeps_the_previous_file_and_no_temporary) {
  temporary_folder folder;
  fs::path target = folder.path / "run.json";
  // A folder in the way makes the final rename fail, even for root.
  fs::create_directories(target / "occupied");
  try {
    glasses::save(test::ConvConfig{}, target);
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.issues().at(0).message.starts_with("cannot save: replacing the file failed: "));
    BOOST_TEST(e.issues().at(0).message.ends_with("; the previous file, if any, is unchanged"));
  }
  BOOST_TEST(fs::is_directory(target / "occupied"));
  BOOST_TEST(folder.entries() == std::vector<std::string>{"run.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(save_replaces_an_existing_file) {
  temporary_folder folder;
  fs::path target = folder.path / "run.json";
  glasses::save(test::ConvConfig{.channels = 1}, target);
  glasses::save(test::ConvConfig{.channels = 2}, target);
  BOOST_TEST(glasses::load<test::ConvConfig>(target).channels == 2);
  BOOST_TEST(folder.entries() == std::vector<std::string>{"run.json"}, boost::test_tools::per_element());
}
