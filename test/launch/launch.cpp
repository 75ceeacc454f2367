// Launchers: the script every engine runs, run here; its Slurm header; the Kubernetes job
// read back by a YAML parser.
#include <boost/test/unit_test.hpp>

#include <glasses/config/error.hpp>
#include <glasses/config/fingerprint.hpp>
#include <glasses/launch.hpp>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct sweep_folder {
  fs::path path = fs::temp_directory_path() / ("glasses-launch-" + std::to_string(::getpid())) / "it's a sweep";
  std::vector<glasses::launch_point> points;

  explicit sweep_folder(std::size_t count) {
    fs::remove_all(path.parent_path());
    fs::create_directories(path);
    for (std::size_t i = 0; i < count; ++i) {
      std::string config = (path / ("point " + std::to_string(i) + ".json")).string();
      std::ofstream(config) << "{\"point\": " << i << "}";
      points.push_back({config, (path / "runs" / std::to_string(i)).string()});
    }
  }
  ~sweep_folder() { fs::remove_all(path.parent_path()); }

  fs::path run(std::size_t i) const { return points[i].run_dir; }
};

std::string read(fs::path const& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string message_of(auto&& action) {
  try {
    action();
  } catch (glasses::config_error const& e) {
    return e.what();
  }
  return "no error";
}

/// Runs `bash SCRIPT INDEX` through the shell, with `environment` before it.
int run_script(std::string const& script, std::string const& argument, std::string const& environment = "") {
  std::string word = "'";
  for (char c : script) word += c == '\'' ? std::string("'\\''") : std::string(1, c);
  int status = std::system((environment + " bash " + word + "' " + argument + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

glasses::launch_options copy_command() { return {.command = "cp {config} copy.json && echo {index} {dir}"}; }

}  // namespace

BOOST_AUTO_TEST_CASE(each_point_runs_in_its_folder_with_its_config_and_gets_done) {
  sweep_folder sweep(3);
  auto script = glasses::write_launch_script(sweep.path.string(), sweep.points, copy_command(), glasses::launcher::local);
  BOOST_TEST(script == (sweep.path / "sweep.sbatch").string());
  BOOST_TEST(glasses::run_locally(script, 3) == 0u);
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(read(sweep.run(i) / "copy.json") == "{\"point\": " + std::to_string(i) + "}");
    BOOST_TEST(read(sweep.run(i) / "output.log") == std::to_string(i) + " " + sweep.run(i).string() + "\n");
    BOOST_TEST(fs::exists(sweep.run(i) / "done"));
  }
}

BOOST_AUTO_TEST_CASE(a_rerun_skips_the_points_that_are_done) {
  sweep_folder sweep(3);
  auto script = glasses::write_launch_script(sweep.path.string(), sweep.points, copy_command(), glasses::launcher::local);
  BOOST_TEST(glasses::run_locally(script, 3) == 0u);
  fs::remove(sweep.run(0) / "copy.json");
  fs::remove(sweep.run(1) / "copy.json");
  fs::remove(sweep.run(1) / "done");
  BOOST_TEST(glasses::run_locally(script, 3) == 0u);
  BOOST_TEST(!fs::exists(sweep.run(0) / "copy.json"));  // done before: not run again
  BOOST_TEST(fs::exists(sweep.run(1) / "copy.json"));   // not done: run again
  // The run before keeps its log: a copy of the point resubmitted while it ran used to
  // empty the log the running one wrote.
  BOOST_TEST(read(sweep.run(1) / "output.log.1") == "1 " + sweep.run(1).string() + "\n");
  BOOST_TEST(read(sweep.run(1) / "output.log") == "1 " + sweep.run(1).string() + "\n");
  BOOST_TEST(!fs::exists(sweep.run(0) / "output.log.1"));
}

BOOST_AUTO_TEST_CASE(a_failing_point_is_counted_and_the_others_go_on) {
  sweep_folder sweep(3);
  glasses::launch_options options{.command = "test {index} != 1 && cat {config}"};
  auto script = glasses::write_launch_script(sweep.path.string(), sweep.points, options, glasses::launcher::local);
  BOOST_TEST(glasses::run_locally(script, 3) == 1u);
  BOOST_TEST(fs::exists(sweep.run(0) / "done"));
  BOOST_TEST(!fs::exists(sweep.run(1) / "done"));
  BOOST_TEST(fs::exists(sweep.run(2) / "done"));
  BOOST_TEST(read(sweep.run(2) / "output.log") == "{\"point\": 2}");
}

BOOST_AUTO_TEST_CASE(the_script_refuses_an_index_out_of_the_sweep) {
  sweep_folder sweep(2);
  auto script = glasses::write_launch_script(sweep.path.string(), sweep.points, copy_command(), glasses::launcher::local);
  BOOST_TEST(run_script(script, "2") == 2);
  BOOST_TEST(run_script(script, "-1") == 2);
  BOOST_TEST(!fs::exists(sweep.path / "runs"));
}

BOOST_AUTO_TEST_CASE(placeholders_are_bound_in_quotes_and_a_backslash_keeps_one_as_text) {
  sweep_folder sweep(1);
  // A # comment ends in the command's own line; it used to swallow the subshell's ")".
  glasses::launch_options options{
      .command = R"(echo '{index}:{dir}' "[{index}]" \{index} {index}'\{x}' > out.txt; cat {config} # print it)"};
  auto script = glasses::write_launch_script(sweep.path.string(), sweep.points, options, glasses::launcher::local);
  BOOST_TEST(glasses::run_locally(script, 1) == 0u);
  BOOST_TEST(read(sweep.run(0) / "out.txt") == "0:" + sweep.run(0).string() + R"( [0] {index} 0\{x})" + "\n");
  BOOST_TEST(read(sweep.run(0) / "output.log") == "{\"point\": 0}");
  // {config} only as text names no config file.
  glasses::launch_options escaped{.command = R"(prog \{config})"};
  BOOST_TEST(message_of([&] { glasses::check_launch(escaped, glasses::launcher::local, sweep.path.string()); })
                 .starts_with(R"(--run: 1 error)"));
  // The app's own words are text, whatever braces a folder's name holds.
  std::string const folder = "/tmp/r{dir}'s {index}";
  glasses::launch_options literal{.command = "printf %s " + glasses::detail::shell_quoted_literally(folder) +
                                             " > out.txt; : {config}"};
  script = glasses::write_launch_script(sweep.path.string(), sweep.points, literal, glasses::launcher::local);
  fs::remove(sweep.run(0) / "done");
  BOOST_TEST(glasses::run_locally(script, 1) == 0u);
  BOOST_TEST(read(sweep.run(0) / "out.txt") == folder);
}

BOOST_AUTO_TEST_CASE(placeholders_are_bound_through_comments_ansi_c_quotes_and_substitutions) {
  sweep_folder sweep(1);
  // An apostrophe in a comment opened no quote; \' in $'...' closed none; the quotes in
  // "$(...)" and `...` are real ones. Each of these bound {index} to literal text before.
  glasses::launch_options options{.command = "# don't forget\n"
                                             "echo $'it\\'s {index}' \"$(echo '<{index}>')\" `echo '[{index}]'` > out.txt\n"
                                             "cat {config}"};
  auto script = glasses::write_launch_script(sweep.path.string(), sweep.points, options, glasses::launcher::local);
  BOOST_TEST(glasses::run_locally(script, 1) == 0u);
  BOOST_TEST(read(sweep.run(0) / "out.txt") == "it's 0 <0> [0]\n");
  BOOST_TEST(read(sweep.run(0) / "output.log") == "{\"point\": 0}");
  glasses::launch_options heredoc{.command = "cat <<'EOF'\n{config}\nEOF"};
  BOOST_TEST(message_of([&] { glasses::check_launch(heredoc, glasses::launcher::local, sweep.path.string()); }) ==
             "--run: 1 error\n  {config} comes after a heredoc (<<), whose text is not read; pass it to the command "
             "before, e.g. config={config}; cat <<EOF ... $config");
  // In $((...)) and ((...)), << shifts: no heredoc there.
  glasses::launch_options shifts{.command = "echo $((1<<{index}+3)) $(( (2) << 1 )) > out.txt\n"
                                            "(( {index} << 2 == 0 )) && cat {config}"};
  fs::remove(sweep.run(0) / "done");
  script = glasses::write_launch_script(sweep.path.string(), sweep.points, shifts, glasses::launcher::local);
  BOOST_TEST(glasses::run_locally(script, 1) == 0u);
  BOOST_TEST(read(sweep.run(0) / "out.txt") == "8 4\n");
  BOOST_TEST(read(sweep.run(0) / "output.log") == "{\"point\": 0}");
}

BOOST_AUTO_TEST_CASE(an_index_with_leading_zeros_is_decimal) {
  sweep_folder sweep(11);
  auto script = glasses::write_launch_script(sweep.path.string(), sweep.points, copy_command(), glasses::launcher::local);
  BOOST_TEST(run_script(script, "010") == 0);  // point 10; bash read 010 as octal 8
  BOOST_TEST(read(sweep.run(10) / "copy.json") == "{\"point\": 10}");
  BOOST_TEST(!fs::exists(sweep.run(8)));
  BOOST_TEST(run_script(script, "08") == 0);  // "value too great for base" before
  BOOST_TEST(fs::exists(sweep.run(8) / "done"));
  BOOST_TEST(run_script(script, "011") == 2);
}

BOOST_AUTO_TEST_CASE(the_slurm_header_is_an_array_with_its_parallelism_and_options) {
  sweep_folder sweep(4);
  auto options = copy_command();
  options.parallel = 2;
  options.sbatch = "--time=00:05:00 --mem=1G";
  auto script = glasses::write_launch_script(sweep.path.string(), sweep.points, options, glasses::launcher::slurm);
  std::string text = read(script);
  // The folder, "it's a sweep", has a space: the log's path is one quoted word for sbatch,
  // and the command to paste is quoted for the shell.
  // The job is named after its folder, "it's a sweep", and the folder's path.
  std::string const job = "glasses-it-s-a-sweep-" + glasses::detail::hex64(glasses::detail::xxh64(sweep.path.string())).substr(0, 8);
  BOOST_TEST(glasses::detail::job_name_for(sweep.path.string()) == job);
  BOOST_TEST(text.find("#SBATCH --job-name=" + job + "\n#SBATCH --array=0-3%2\n#SBATCH --output=\"" +
                       sweep.path.string() + "/logs/%A_%a.out\"\n#SBATCH --time=00:05:00 --mem=1G\n") != std::string::npos);
  BOOST_TEST(fs::is_directory(sweep.path / "logs"));
  BOOST_TEST(glasses::launch_instructions(script, glasses::launcher::slurm) ==
             "submit with: sbatch " + glasses::detail::shell_quoted(script) +
                 "\n(again after a failure: finished points are skipped)");
}

BOOST_AUTO_TEST_CASE(a_percent_of_the_folder_is_not_read_as_a_slurm_pattern) {
  sweep_folder sweep(1);
  fs::path const folder = sweep.path / "100%a";
  fs::create_directories(folder);
  auto script = glasses::write_launch_script(folder.string(), sweep.points, copy_command(), glasses::launcher::slurm);
  BOOST_TEST(read(script).find("#SBATCH --output=\"" + sweep.path.string() + "/100%%a/logs/%A_%a.out\"\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_folder_that_an_sbatch_line_cannot_hold_is_refused) {
  sweep_folder sweep(1);
  fs::path const folder = sweep.path / "say \"hi\"";
  BOOST_TEST(message_of([&] {
               glasses::write_launch_script(folder.string(), sweep.points, copy_command(), glasses::launcher::slurm);
             }) == folder.string() + ": 1 error\n  Slurm cannot write its log into a folder whose path holds a double quote, a "
                                      "backslash or a line break (\"" + sweep.path.string() +
                       "/say \\\"hi\\\"\"); choose another folder");
  BOOST_TEST(!fs::exists(folder / "sweep.sbatch"));
}

BOOST_AUTO_TEST_CASE(two_points_in_one_run_folder_are_refused) {
  sweep_folder sweep(2);
  sweep.points[1].run_dir = sweep.points[0].run_dir;
  BOOST_TEST(message_of([&] {
               glasses::write_launch_script(sweep.path.string(), sweep.points, copy_command(), glasses::launcher::local);
             }) == sweep.path.string() + ": 1 error\n  two points share the run folder \"" + sweep.points[0].run_dir +
                       "\"; launch each run folder once (equal configs make equal folders)");
}

BOOST_AUTO_TEST_CASE(the_kubernetes_job_is_indexed_and_mounts_what_the_points_share) {
  sweep_folder sweep(3);
  auto options = copy_command();
  options.parallel = 2;
  options.image = "registry.example/train:1";
  options.volume_claim = "experiments";
  sweep.points[2].run_dir = (sweep.path.parent_path() / "elsewhere").string();
  auto script = glasses::write_launch_script(sweep.path.string(), sweep.points, options, glasses::launcher::k8s);
  YAML::Node job = YAML::LoadFile((sweep.path / "sweep.k8s.yaml").string());
  BOOST_TEST(job["kind"].as<std::string>() == "Job");
  BOOST_TEST(job["metadata"]["name"].as<std::string>() == glasses::detail::job_name_for(sweep.path.string()));
  // A name of a folder that Kubernetes' names cannot hold as it is, cut to 30 characters.
  std::string const odd = "/x/My_Sweep.2026 \xc3\xa9t\xc3\xa9--long-long-long-long-long";
  BOOST_TEST(glasses::detail::job_name_for(odd) ==
             "glasses-my-sweep-2026-t-long-long-long-" + glasses::detail::hex64(glasses::detail::xxh64(odd)).substr(0, 8));
  BOOST_TEST(job["spec"]["completionMode"].as<std::string>() == "Indexed");
  BOOST_TEST(job["spec"]["completions"].as<int>() == 3);
  BOOST_TEST(job["spec"]["parallelism"].as<int>() == 2);
  auto pod = job["spec"]["template"]["spec"];
  BOOST_TEST(pod["restartPolicy"].as<std::string>() == "Never");
  auto container = pod["containers"][0];
  BOOST_TEST(container["image"].as<std::string>() == "registry.example/train:1");
  BOOST_TEST(container["command"][0].as<std::string>() == "bash");
  BOOST_TEST(container["command"][1].as<std::string>() == script);
  BOOST_TEST(container["volumeMounts"][0]["mountPath"].as<std::string>() == sweep.path.parent_path().string());
  BOOST_TEST(pod["volumes"][0]["persistentVolumeClaim"]["claimName"].as<std::string>() == "experiments");
  // The pod's index arrives as JOB_COMPLETION_INDEX.
  BOOST_TEST(run_script(script, "", "JOB_COMPLETION_INDEX=1") == 0);
  BOOST_TEST(fs::exists(sweep.run(1) / "done"));
  BOOST_TEST(!fs::exists(sweep.run(0) / "done"));
}

BOOST_AUTO_TEST_CASE(what_cannot_be_launched_is_said) {
  sweep_folder sweep(2);
  std::string const dir = sweep.path.string();
  BOOST_TEST(message_of([&] { glasses::write_launch_script(dir, {}, copy_command(), glasses::launcher::slurm); }) ==
             dir + ": 1 error\n  the sweep has no points to launch");
  BOOST_TEST(message_of([&] {
               glasses::write_launch_script(dir, sweep.points, {.command = "train --config run.json"},
                                            glasses::launcher::slurm);
             }) == "--run: 1 error\n  the command \"train --config run.json\" does not name {config}, so every point would run "
                   "the same thing; write where the config file goes, e.g. --run \"prog --config {config}\"");
  BOOST_TEST(message_of([&] { glasses::write_launch_script(dir, sweep.points, copy_command(), glasses::launcher::k8s); }) ==
             "--launcher k8s: 1 error\n  the job needs --image (a container image with the program) and --volume-claim (a "
             "persistent volume claim that holds the sweep folder and the run folders)");
  BOOST_TEST(message_of([] { glasses::launcher_named("slrum"); }) ==
             "--launcher: 1 error\n  expected local, slurm or k8s, got \"slrum\"; did you mean \"slurm\"?");
  auto broken = copy_command();
  broken.sbatch = "--time=1\nrm -rf /";
  BOOST_TEST(message_of([&] { glasses::write_launch_script(dir, sweep.points, broken, glasses::launcher::slurm); }) ==
             "--sbatch: 1 error\n  expected options on one line, got \"--time=1\\u000arm -rf /\"; separate sbatch options "
             "with spaces");
  BOOST_TEST(!fs::exists(sweep.path / "sweep.sbatch"));
}
