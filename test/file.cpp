#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <glasses/config/file.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

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

mode_t permissions_of(fs::path const& path) {
  struct stat status {};
  BOOST_REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 07777;
}

/// A pid that no process has: a child that has exited and been reaped.
pid_t dead_pid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  BOOST_REQUIRE(child > 0);
  BOOST_REQUIRE(::waitpid(child, nullptr, 0) == child);
  return child;
}

std::string const not_regular_hint =
    ", not a regular file; save the config to a regular file, or pipe it to a command's - (stdin); in C++, read its "
    "text and pass it to glasses::parse";

std::string const too_large = "; a config is rarely over a few KiB: is this the right file? (A program meant to "
                              "read one this large raises load_options::max_file_size.)";

}  // namespace

BOOST_AUTO_TEST_CASE(save_writes_pretty_json_and_load_reads_it_back) {
  temporary_folder folder;
  test::ConvConfig conv{.channels = 3, .kernel = {5}};
  glasses::save(conv, folder.path / "conv.json");
  BOOST_TEST(read(folder.path / "conv.json") == "{\n  \"channels\": 3,\n  \"kernel\": [5]\n}\n");
  BOOST_TEST(glasses::equal(conv, glasses::load<test::ConvConfig>(folder.path / "conv.json")));
  BOOST_TEST(folder.entries() == std::vector<std::string>{"conv.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_extension_chooses_yaml_or_json) {
  temporary_folder folder;
  test::ConvConfig conv{.channels = 3, .kernel = {5}};
  for (char const* name : {"conv.yaml", "conv.yml", "CONV.YML"}) {
    glasses::save(conv, folder.path / name);
    BOOST_TEST(read(folder.path / name) == "channels: 3\nkernel: [5]\n");
    BOOST_TEST(glasses::equal(conv, glasses::load<test::ConvConfig>(folder.path / name)));
  }
  // Anything else is JSON, as before.
  for (char const* name : {"conv.json", "conv.cfg", "conv.yaml.json", "yaml"}) {
    glasses::save(conv, folder.path / name);
    BOOST_TEST(read(folder.path / name) == "{\n  \"channels\": 3,\n  \"kernel\": [5]\n}\n");
  }
  std::ofstream(folder.path / "text.json") << "channels: 3\n";
  auto json = test::issues_of([&] { glasses::load<test::ConvConfig>(folder.path / "text.json"); });
  BOOST_TEST(glasses::format_issue(json.at(0)) == "1:1: invalid JSON (syntax error) at \"channels: 3\"; a JSON config is "
                                   "an object, {...}; YAML is read from files named *.yaml or *.yml");
  // A YAML document start: the parser stops after its first '-', which could open a number.
  std::ofstream(folder.path / "document.json") << "---\n{\"channels\": 3}\n";
  auto document = test::issues_of([&] { glasses::load<test::ConvConfig>(folder.path / "document.json"); });
  BOOST_TEST(glasses::format_issue(document.at(0)) == "1:2: invalid JSON (syntax error) at \"--\"; a JSON config is "
                                       "an object, {...}; YAML is read from files named *.yaml or *.yml");
}

BOOST_AUTO_TEST_CASE(load_into_layers_a_yaml_file_and_its_errors_name_the_file_line_and_column) {
  temporary_folder folder;
  fs::path file = folder.path / "run.yaml";
  std::ofstream(file) << "# an experiment\nkernel: [7, 7]\n";
  test::ConvConfig conv{.channels = 3, .kernel = {5}};
  glasses::load_into(conv, file);
  BOOST_TEST(conv.channels == 3);
  BOOST_TEST(conv.kernel == (std::vector<int>{7, 7}), boost::test_tools::per_element());
  std::ofstream(file) << "channels: 3\nkernel: [5, many]\n";
  try {
    glasses::load_into(conv, file);
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) ==
               file.string() + ":2:13: kernel[1]: expected an integer, got the string \"many\"");
  }
  BOOST_TEST(conv.kernel == (std::vector<int>{7, 7}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(load_errors_start_with_the_file_name) {
  temporary_folder folder;
  fs::path file = folder.path / "run.json";
  std::ofstream(file) << R"({"channels":"many"})";
  try {
    glasses::load<test::ConvConfig>(file);
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(std::string(e.what()) == file.string() + ":1:13: channels: expected an integer, got the string \"many\"");
  }
}

BOOST_AUTO_TEST_CASE(a_file_with_a_byte_order_mark_loads_and_its_positions_are_an_editors) {
  temporary_folder folder;
  fs::path file = folder.path / "run.json";
  std::ofstream(file) << "\xEF\xBB\xBF{\"channels\": 5}";
  BOOST_TEST(glasses::load<test::ConvConfig>(file).channels == 5);
  BOOST_TEST(glasses::detail::read_file(file.string(), 100) == "{\"channels\": 5}");
  std::ofstream(file) << "\xEF\xBB\xBF{\"channels\": \"many\"}";
  auto issues = test::issues_of([&] { glasses::load<test::ConvConfig>(file); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST((issues[0].line == 1u && issues[0].column == 14u));
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
  // A folder in the way is refused before anything is written, even for root.
  fs::create_directories(target / "occupied");
  try {
    glasses::save(test::ConvConfig{}, target);
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.issues().at(0).message == "cannot save: this is a folder; name a file in it to save to");
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

BOOST_AUTO_TEST_CASE(saving_into_a_folder_without_write_permission_says_the_folder_needs_it) {
  temporary_folder folder;
  fs::path target = folder.path / "run.json";
  std::ofstream(target) << "{}";
  BOOST_REQUIRE(::chmod(target.c_str(), 0666) == 0 && ::chmod(folder.path.c_str(), 0555) == 0);
  // Root writes anywhere: the save runs in a child that is nobody (65534), and sends its message back.
  int pipe_ends[2];
  BOOST_REQUIRE(::pipe(pipe_ends) == 0);
  pid_t child = ::fork();
  if (child == 0) {
    std::string message = "no error";
    if (::getuid() == 0 && ::setuid(65534) != 0) ::_exit(2);
    try {
      glasses::save(test::ConvConfig{}, target);
    } catch (glasses::config_error const& e) {
      message = e.issues().at(0).message;
    }
    ::_exit(::write(pipe_ends[1], message.data(), message.size()) == static_cast<ssize_t>(message.size()) ? 0 : 3);
  }
  ::close(pipe_ends[1]);
  char buffer[1024];
  ssize_t size = ::read(pipe_ends[0], buffer, sizeof buffer);
  ::close(pipe_ends[0]);
  ::waitpid(child, nullptr, 0);
  ::chmod(folder.path.c_str(), 0755);
  BOOST_TEST(std::string(buffer, static_cast<std::size_t>(std::max<ssize_t>(size, 0))) ==
             "cannot save: creating a temporary file in \"" + folder.path.string() +
                 "\" failed: Permission denied; saving replaces the file, which needs permission to write in its "
                 "folder");
}

BOOST_AUTO_TEST_CASE(save_keeps_the_permissions_of_the_file_it_replaces) {
  temporary_folder folder;
  fs::path target = folder.path / "run.json";
  for (mode_t mode : {0600, 0664, 0640}) {
    std::ofstream(target) << "{}";
    BOOST_REQUIRE(::chmod(target.c_str(), mode) == 0);
    glasses::save(test::ConvConfig{.channels = static_cast<int>(mode)}, target);
    BOOST_TEST(permissions_of(target) == mode);
    BOOST_TEST(glasses::load<test::ConvConfig>(target).channels == static_cast<int>(mode));
  }
}

BOOST_AUTO_TEST_CASE(a_new_file_gets_0666_less_the_umask) {
  temporary_folder folder;
  mode_t previous = ::umask(027);
  glasses::save(test::ConvConfig{}, folder.path / "run.json");
  mode_t during = ::umask(previous);
  BOOST_TEST(permissions_of(folder.path / "run.json") == 0640u);
  BOOST_TEST(during == 027u);
}

BOOST_AUTO_TEST_CASE(save_through_a_symbolic_link_replaces_its_target_and_keeps_the_link) {
  temporary_folder folder;
  std::ofstream(folder.path / "real.json") << "{}";
  fs::create_symlink("real.json", folder.path / "link.json");
  glasses::save(test::ConvConfig{.channels = 7}, folder.path / "link.json");
  BOOST_TEST(fs::is_symlink(folder.path / "link.json"));
  BOOST_TEST(fs::read_symlink(folder.path / "link.json") == "real.json");
  BOOST_TEST(glasses::load<test::ConvConfig>(folder.path / "real.json").channels == 7);
  std::vector<std::string> const entries{"link.json", "real.json"};
  BOOST_TEST(folder.entries() == entries, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(save_follows_a_chain_of_links_each_relative_to_its_folder_and_creates_a_dangling_target) {
  temporary_folder folder;
  fs::create_directories(folder.path / "a");
  fs::create_directories(folder.path / "b");
  fs::create_symlink("../b/second.json", folder.path / "a" / "first.json");
  fs::create_symlink("real.json", folder.path / "b" / "second.json");
  glasses::save(test::ConvConfig{.channels = 9}, folder.path / "a" / "first.json");
  BOOST_TEST(fs::is_symlink(folder.path / "a" / "first.json"));
  BOOST_TEST(fs::is_symlink(folder.path / "b" / "second.json"));
  BOOST_TEST(glasses::load<test::ConvConfig>(folder.path / "b" / "real.json").channels == 9);
  BOOST_TEST(!fs::exists(folder.path / "a" / "real.json"));
}

BOOST_AUTO_TEST_CASE(save_follows_40_links_and_refuses_a_loop) {
  temporary_folder folder;
  for (int i = 0; i < 40; ++i)
    fs::create_symlink("link" + std::to_string(i + 1) + ".json", folder.path / ("link" + std::to_string(i) + ".json"));
  glasses::save(test::ConvConfig{.channels = 4}, folder.path / "link0.json");
  BOOST_TEST(glasses::load<test::ConvConfig>(folder.path / "link40.json").channels == 4);

  fs::create_symlink("loop_b.json", folder.path / "loop_a.json");
  fs::create_symlink("loop_a.json", folder.path / "loop_b.json");
  auto issues = test::issues_of([&] { glasses::save(test::ConvConfig{}, folder.path / "loop_a.json"); });
  BOOST_TEST(issues.at(0).message ==
             "cannot save: the symbolic link leads through more than 40 links, which is likely a loop; point it at a "
             "file");
  BOOST_TEST(fs::is_symlink(folder.path / "loop_a.json"));
}

BOOST_AUTO_TEST_CASE(save_removes_temporaries_left_by_dead_processes) {
  temporary_folder folder;
  std::string stale = ".run.json.glasses-" + std::to_string(dead_pid()) + "-00c0ffee";
  std::ofstream(folder.path / stale) << "half a conf";
  glasses::save(test::ConvConfig{}, folder.path / "run.json");
  BOOST_TEST(folder.entries() == std::vector<std::string>{"run.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(save_keeps_temporaries_of_live_processes_and_other_files) {
  temporary_folder folder;
  std::string const dead = std::to_string(dead_pid());
  std::vector<std::string> kept{
      ".other.json.glasses-" + dead + "-00c0ffee",              // another target's
      ".run.json.glasses-" + std::to_string(::getpid()) + "-0a",  // a save in progress
      ".run.json.glasses-" + dead + "-notes",                   // not a temporary's name
      ".run.json.glasses-" + dead,
  };
  for (auto const& name : kept) std::ofstream(folder.path / name) << "x";
  glasses::save(test::ConvConfig{}, folder.path / "run.json");
  kept.push_back("run.json");
  std::sort(kept.begin(), kept.end());
  BOOST_TEST(folder.entries() == kept, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_save_killed_at_any_instant_leaves_a_complete_file_and_no_temporaries) {
  temporary_folder folder;
  fs::path target = folder.path / "run.json";
  std::string const old_text(1 << 20, 'o'), new_text((1 << 20) + 1, 'n');
  glasses::detail::write_file_atomically(target, old_text);
  for (int round = 0; round < 20; ++round) {
    pid_t child = ::fork();
    if (child == 0) {
      try {
        for (int i = 0;; ++i) glasses::detail::write_file_atomically(target, i % 2 ? old_text : new_text);
      } catch (...) {
        ::_exit(1);
      }
    }
    BOOST_REQUIRE(child > 0);
    std::this_thread::sleep_for(std::chrono::microseconds(round * 997 % 20000));
    ::kill(child, SIGKILL);
    int status = 0;
    BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
    BOOST_TEST(WIFSIGNALED(status));
    std::string text = read(target);
    BOOST_TEST((text == old_text || text == new_text));
  }
  glasses::save(test::ConvConfig{}, target);
  BOOST_TEST(folder.entries() == std::vector<std::string>{"run.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(loading_a_fifo_is_refused_without_waiting_for_a_writer, *boost::unit_test::timeout(20)) {
  temporary_folder folder;
  fs::path fifo = folder.path / "run.json";
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto issues = test::issues_of([&] { glasses::load<test::ConvConfig>(fifo); });
  BOOST_TEST(issues.at(0).message == "cannot load: this is a FIFO (named pipe)" + not_regular_hint);
}

BOOST_AUTO_TEST_CASE(loading_a_character_device_is_refused) {
  try {
    glasses::load<test::ConvConfig>("/dev/zero");
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.source() == "/dev/zero");
    BOOST_TEST(e.issues().at(0).message == "cannot load: this is a character device" + not_regular_hint);
  }
}

BOOST_AUTO_TEST_CASE(loading_a_socket_is_refused) {
  temporary_folder folder;
  fs::path path = folder.path / "run.json";
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  BOOST_REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  BOOST_REQUIRE(path.string().size() < sizeof address.sun_path);
  std::strcpy(address.sun_path, path.c_str());
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr const*>(&address), sizeof address) == 0);
  auto issues = test::issues_of([&] { glasses::load<test::ConvConfig>(path); });
  ::close(fd);
  BOOST_TEST(issues.at(0).message == "cannot load: this is a socket" + not_regular_hint);
}

BOOST_AUTO_TEST_CASE(loading_a_folder_is_refused) {
  temporary_folder folder;
  auto issues = test::issues_of([&] { glasses::load<test::ConvConfig>(folder.path); });
  BOOST_TEST(issues.at(0).message == "cannot load: this is a folder, not a config file");
}

BOOST_AUTO_TEST_CASE(saving_over_a_fifo_a_folder_or_through_a_link_to_a_pipe_is_refused) {
  // Before, the rename put a regular file where the FIFO was (as root, /dev/null too).
  temporary_folder folder;
  fs::path fifo = folder.path / "run.json";
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string const hint = ", not a regular file, and saving replaces the file; save to a regular file, and copy it "
                           "there yourself if it must go there";
  auto issues = test::issues_of([&] { glasses::save(test::ConvConfig{}, fifo); });
  BOOST_TEST(issues.at(0).message == "cannot save: this is a FIFO (named pipe)" + hint);
  BOOST_TEST(fs::is_fifo(fifo));
  fs::path const link = folder.path / "out.json";
  fs::create_symlink(fifo, link);
  BOOST_TEST(test::issues_of([&] { glasses::save(test::ConvConfig{}, link); }).at(0).message ==
             "cannot save: this is a FIFO (named pipe)" + hint);
  BOOST_TEST(fs::is_fifo(fifo));
  BOOST_TEST(test::issues_of([&] { glasses::save(test::ConvConfig{}, folder.path); }).at(0).message ==
             "cannot save: this is a folder; name a file in it to save to");
  BOOST_TEST(test::issues_of([&] { glasses::save(test::ConvConfig{}, ""); }).at(0).message ==
             "cannot save: the file name is empty; name the file to write, e.g. run.json");
}

BOOST_AUTO_TEST_CASE(a_file_over_max_file_size_is_refused_before_reading) {
  temporary_folder folder;
  fs::path file = folder.path / "huge.json";
  std::ofstream{file};
  fs::resize_file(file, std::uintmax_t{2} << 30);  // sparse: no data written, nothing to read quickly
  try {
    glasses::load<test::ConvConfig>(file);
    BOOST_FAIL("expected a config_error");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.source() == file.string());
    BOOST_TEST(e.issues().at(0).message ==
               "cannot load: the file is 2.0 GiB, over the limit of 64.0 MiB" + too_large);
  }
  auto issues = test::issues_of([&] { glasses::load<test::ConvConfig>(file, {.max_file_size = 1536}); });
  BOOST_TEST(issues.at(0).message ==
             "cannot load: the file is 2.0 GiB, over the limit of 1.5 KiB" + too_large);
}

BOOST_AUTO_TEST_CASE(a_file_just_over_max_file_size_is_reported_in_bytes) {
  temporary_folder folder;
  fs::path file = folder.path / "run.json";
  std::ofstream(file) << R"({"channels": 3})" << std::string(1025 - 15, ' ');
  auto issues = test::issues_of([&] { glasses::load<test::ConvConfig>(file, {.max_file_size = 1024}); });
  BOOST_TEST(issues.at(0).message ==
             "cannot load: the file is 1025 bytes, over the limit of 1024 bytes" + too_large);
  BOOST_TEST(glasses::load<test::ConvConfig>(file, {.max_file_size = 1025}).channels == 3);
}

BOOST_AUTO_TEST_CASE(reading_stops_past_max_file_size_when_the_file_tells_no_size) {
  // Files in /proc say they hold 0 bytes; only reading finds out.
  auto issues = test::issues_of([&] { glasses::load<test::ConvConfig>("/proc/self/status", {.max_file_size = 100}); });
  BOOST_TEST(issues.at(0).message ==
             "cannot load: the file holds more than the limit of 100 bytes" + too_large);
}
