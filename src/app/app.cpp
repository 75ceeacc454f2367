// glasses::app: the command line, the layers, the run folders and multiruns, over a config
// type seen through its sink (app_model), so that this file is compiled once. Over 300
// lines: single runs, multiruns, printed multiruns and launched ones all start from one
// resolve() of the layers, private to this file.
#include "layers.hpp"
#include "owned_config.hpp"
#include "standard_output.hpp"
#include "sweep.hpp"

#include <glasses/app.hpp>
#include <glasses/config/overrides.hpp>
#include <glasses/config/yaml.hpp>

#include <CLI/CLI.hpp>

#include <boost/json/parse.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>

namespace glasses::detail {
namespace {

namespace fs = std::filesystem;

constexpr int exit_ok = 0;
constexpr int exit_job_failed = 1;
constexpr int exit_usage = 2;
// Another process runs this config in its folder: nothing was done here, and a launcher's
// script must not mark the point done. sysexits' EX_TEMPFAIL, "try again later".
constexpr int exit_held_elsewhere = 75;

struct command_line {
  std::string program;  // the program's file name, which a run folder records
  std::string preset;
  std::vector<std::string> files;
  std::vector<std::string> overrides;
  std::string run_dir;
  std::string help_path;
  bool help = false;
  bool show = false;  // --cfg
  bool json = false;
  bool yaml = false;
  bool schema = false;
  bool hash = false;
  bool explain = false;
  bool multirun = false;
  bool launched = false;  // --launched-point: a point of -m --launcher, run by its script
  app_detail::launch_flags launch;
  std::string stdin_text;  // `--config -`, read once for every point
};

// `--config -`: stdin, read once, as a file is read, before any point resolves.
void read_stdin_layer(command_line& line) {
  auto const count = std::count(line.files.begin(), line.files.end(), "-");
  if (count == 0) return;
  if (count > 1)
    throw config_error("--config", {{"", "- (stdin) can be read once, and it is given " + std::to_string(count) +
                                             " times; save the others to files"}});
  std::size_t const limit = load_options{}.max_file_size;
  std::string text;
  char buffer[65536];
  while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > limit)
      throw config_error("<stdin>", {{"", "cannot load: the text is over " + std::to_string(limit) +
                                             " bytes, larger than any config; is this the right input?"}});
  }
  line.stdin_text = std::move(text);
}

/// Problems the user can fix, each with its source: `exp.json:3:9: optimizer.lr: ...`, and
/// the problems themselves, whose values the rules do not judge again.
struct layer_problems {
  std::vector<std::string> lines;
  std::vector<issue> issues;
  /// The warnings (a key or path by a former name, in a file or an override), each with
  /// what makes it the same warning at another point of a multirun: a file's are every
  /// point's, and an override's path is the same with each of its values.
  struct warning {
    std::string same_as;
    std::string line;
  };
  std::vector<warning> warnings;
  void add(std::string const& source, issue const& problem) {
    issues.push_back(problem);
    std::string line = source;
    if (problem.line != 0) line += ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column);
    if (!problem.path.empty()) line += (line.empty() ? "" : ": ") + problem.path;
    lines.push_back(line + ": " + problem.message);
  }
};

/// The resolved config of one run, with where each value came from.
struct resolved {
  std::unique_ptr<app_detail::owned_config> config;
  app_detail::origins origin;
  std::vector<std::string> overrides;
};

// Quoted whole, as JSON quotes it; bytes that are not UTF-8 are shown as \xNN, so that an
// override that is not UTF-8 can still be named in its own error.
std::string quoted_whole(std::string_view text) { return quoted(text, std::string_view::npos); }

/// A multirun point's label, its overrides on one line: one that holds a line break or
/// another control character is quoted, so that a label is always one line.
std::string point_label(std::vector<std::string> const& overrides) {
  std::string label;
  for (auto const& text : overrides) {
    label += (label.empty() ? "" : " ") + (has_control(text) ? quoted_whole(text) : text);
  }
  return label;
}

/// Now, in UTC to the millisecond: what tells one multirun's lines of the manifest from another's.
std::string utc_now() {
  auto const now = std::chrono::system_clock::now();
  std::time_t const seconds = std::chrono::system_clock::to_time_t(now);
  auto const millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[24];
  std::string out(text, std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc));
  std::string const digits = std::to_string(1000 + millis);
  return out.append(".").append(digits.substr(1)).append("Z");
}

using leaf_values = std::vector<std::pair<std::string, boost::json::value>>;

/// The value at `path` among `leaves`, or null.
boost::json::value const* value_at(leaf_values const& leaves, std::string const& path) {
  auto it = std::find_if(leaves.begin(), leaves.end(), [&](auto const& leaf) { return leaf.first == path; });
  return it == leaves.end() ? nullptr : &it->second;
}

// A layer is the origin of the leaves it changed, from `before` to `after`, that no position
// of its text names: a preset's, a file's values of a type it chose or a key it read by a
// former name.
void record_changes(resolved& run, leaf_values const& before, leaf_values const& after, std::string const& source,
                    std::vector<detail::leaf_position> const& positioned = {}) {
  for (auto const& leaf : after) {
    if (auto const* old = value_at(before, leaf.first); old && *old == leaf.second) continue;
    bool const named = std::any_of(positioned.begin(), positioned.end(), [&](auto const& at) {
      return path_within(leaf.first, at.path) || path_within(at.path, leaf.first);
    });
    if (!named) run.origin.set(leaf.first, source);
  }
}

// A map in a later layer replaces the earlier one whole, as a run's config.json must, read
// back, be that run's even where it deleted a default's key. Keys that an earlier layer set
// and a later one leaves out are said, not lost without a word: for the config's JSON
// `before` and `after` the layer, the dropped keys of each map, with their origins.
struct dropped_keys {
  std::string map;   // its path
  std::string keys;  // `"a" (from base.yaml:3:5), "b" (from ...)`
  std::size_t count = 0;
};
std::vector<dropped_keys> dropped_map_keys(resolved const& run, std::string_view before, std::string_view after) {
  std::vector<dropped_keys> out;
  for_each_missing_key(boost::json::parse(before), boost::json::parse(after),
                       [&](std::string const& map, std::string_view key, boost::json::value const&) {
                         std::string path = map;
                         append_path_key(path, key);
                         std::string const origin = run.origin.of(path);
                         if (origin == "default") return;
                         auto it = std::find_if(out.begin(), out.end(), [&](auto const& d) { return d.map == map; });
                         if (it == out.end()) it = out.insert(out.end(), {map, {}, 0});
                         it->keys += (it->count++ == 0 ? "" : ", ") + quoted_whole(key) + " (from " + origin + ")";
                       });
  return out;
}
std::string them(std::size_t count) { return count == 1 ? "it" : "them"; }

// One --config file into the run's config, each value attributed to its position, JSON or
// YAML. `-` is the text read from stdin: JSON when it is, else YAML (a file's name says which).
void read_file_layer(app_model const& model, resolved& run, std::string const& given, std::string const& stdin_text,
                     layer_problems& problems) {
  bool const from_stdin = given == "-";
  std::string const file = from_stdin ? "<stdin>" : given;
  std::string const before = model.dump(run.config->get(), {});
  std::string const text = from_stdin ? stdin_text : read_file(file, load_options{}.max_file_size);
  std::vector<issue> former_names;  // the reader's only warnings: keys read by a former name
  load_options const options{.warnings = &former_names, .validate = false};
  auto warn = [&] {
    for (auto const& warning : former_names) {
      std::string line = app_detail::warning_line(warning, file);
      problems.warnings.push_back({line, line});
    }
  };
  boost::json::error_code not_json;
  if (from_stdin) boost::json::parse(text, not_json);
  bool const yaml = from_stdin ? bool(not_json) : is_yaml_path(file);
  auto attribute = [&](std::vector<leaf_position> const& positions) {
    for (auto const& at : positions)
      run.origin.set(at.path, file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column));
  };
  try {
    if (yaml) parse_yaml_into(text, *model.root, run.config->get(), options, file);
    else parse_into(text, *model.root, run.config->get(), options, file);
  } catch (config_error const&) {
    warn();
    // The values it did read are its own, so that a rule they break names this file. A
    // text that is not JSON or YAML has no values to place.
    boost::json::error_code ec;
    if (!yaml) boost::json::parse(text, ec);
    try {
      if (!ec) attribute(yaml ? yaml_leaf_positions(text) : app_detail::value_positions(text));
    } catch (config_error const&) {
    }
    throw;
  }
  auto const positions = yaml ? yaml_leaf_positions(text) : app_detail::value_positions(text);
  std::string const after = model.dump(run.config->get(), {});
  auto const now = app_detail::leaves(after);
  auto const then = app_detail::leaves(before);
  for (auto const& dropped : dropped_map_keys(run, before, after)) {  // before the file's values are its own
    std::string const line = file + ": " + (dropped.map.empty() ? "" : dropped.map + ": ") +
                             "warning: a map in a later file replaces the whole map, so it drops " + dropped.keys +
                             "; repeat " + them(dropped.count) + " in " + file + " to keep " + them(dropped.count);
    problems.warnings.push_back({line, line});
  }
  for (auto const& at : positions) {
    std::string const where = file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
    bool const holds_values = std::any_of(now.begin(), now.end(), [&](auto const& leaf) {
      return leaf.first != at.path && path_within(leaf.first, at.path);
    });
    if (!holds_values) {
      run.origin.set(at.path, where);
      continue;
    }
    // A text leaf where the config holds values: a bare name of a slot's or variant's type,
    // or {} for a record. The name of the type held keeps the values and their origins, as
    // {} does; another type is the origin of every value within.
    std::string const type_path = join_path(at.path, "type");
    auto const *old_type = value_at(then, type_path), *new_type = value_at(now, type_path);
    if (new_type && !(old_type && *old_type == *new_type)) run.origin.set(at.path, where);
    else if (new_type) run.origin.set(type_path, where);
    // {} that made a map's key (a record of defaults) is the origin of what it holds.
    else if (std::none_of(then.begin(), then.end(), [&](auto const& leaf) { return path_within(leaf.first, at.path); }))
      run.origin.set(at.path, where);
  }
  warn();
  // What the file changed without naming it: the values of a type it chose, a key it read
  // by a former name.
  record_changes(run, then, now, file, positions);
}

void apply_override_layer(app_model const& model, resolved& run, layer_problems& problems) {
  std::string const before_text = model.dump(run.config->get(), {});
  auto const before = app_detail::leaves(before_text);
  auto outcomes = override_each(*model.root, run.config->get(), run.overrides);
  for (std::size_t i = 0; i < run.overrides.size(); ++i) {
    // Cut in messages: a path of megabytes was said whole on each of its lines.
    std::string const source = "override " + std::to_string(i + 1) + " " + quoted(run.overrides[i], 200);
    bool const hydra_setting = run.overrides[i].starts_with("hydra.") || run.overrides[i].starts_with("hydra/");
    for (auto problem : outcomes[i].issues) {
      if (hydra_setting && (problem.path == "hydra" || problem.path.starts_with("hydra/")))
        problem.message += "; Hydra's own settings are flags here: --run-dir DIR for the run folders, -m with "
                           "--launcher local|slurm|k8s for a sweep's";
      problems.add(source, problem);
    }
    for (auto const& warning : outcomes[i].warnings)
      problems.warnings.push_back({app_detail::warning_line(warning, "override " + std::to_string(i + 1)),
                                   app_detail::warning_line(warning, source)});
  }
  std::string const after_text = model.dump(run.config->get(), {});
  auto const after = app_detail::leaves(after_text);
  // Hydra merges a dict an override gives; here it replaces the map, as a file's does.
  for (auto const& dropped : dropped_map_keys(run, before_text, after_text)) {
    std::size_t by = run.overrides.size();
    for (std::size_t i = 0; i < run.overrides.size(); ++i)
      if (outcomes[i].issues.empty() && path_within(dropped.map, outcomes[i].path)) by = i;
    if (by == run.overrides.size()) continue;
    std::string const number = "override " + std::to_string(by + 1);
    std::string const what = dropped.map + ": warning: a map an override gives replaces the whole map, so it drops " +
                             dropped.keys + "; to keep " + them(dropped.count) + ", set only the keys that change, " +
                             dropped.map + ".KEY=VALUE";
    problems.warnings.push_back({number + ": " + what, number + " " + quoted(run.overrides[by], 200) + ": " + what});
  }
  std::vector<std::pair<std::string, std::string>> set_by;  // path, source
  for (std::size_t i = 0; i < run.overrides.size(); ++i) {
    if (!outcomes[i].issues.empty()) continue;  // it set nothing
    std::string path = std::move(outcomes[i].path);
    std::string source = "override " + std::to_string(i + 1) + " " + quoted_whole(run.overrides[i]);
    // An object merged in set the values it names, and all within a type it changed; the
    // others keep their origins.
    if (outcomes[i].merged) {
      for (auto const& named : outcomes[i].merged_paths) {
        std::string_view within = named;
        if (within.ends_with(".type")) {
          within.remove_suffix(5);
          auto const *old_type = value_at(before, named), *new_type = value_at(after, named);
          if (old_type && new_type && *old_type == *new_type) within = named;
        }
        for (auto const& leaf : after)
          if (path_within(leaf.first, within) || path_within(within, leaf.first)) set_by.emplace_back(leaf.first, source);
      }
      continue;
    }
    // Naming the type a slot holds (a bare word) keeps its values, and they keep their
    // origins: the override set only the type. A new type sets every value within.
    if (outcomes[i].named_type) {
      std::string type_leaf = join_path(path, "type");
      auto const *old_type = value_at(before, type_leaf), *new_type = value_at(after, type_leaf);
      if (old_type && new_type && *old_type == *new_type) path = std::move(type_leaf);
    }
    set_by.emplace_back(std::move(path), std::move(source));
  }
  // Type choices apply first, shallowest first: an ancestor's override is recorded before
  // its descendants', whatever the command line's order.
  auto depth = [](std::string const& path) { return std::count_if(path.begin(), path.end(), [](char c) { return c == '.' || c == '['; }); };
  std::stable_sort(set_by.begin(), set_by.end(), [&](auto const& a, auto const& b) { return depth(a.first) < depth(b.first); });
  for (auto& [path, source] : set_by) run.origin.set(std::move(path), std::move(source));
}

// Reads the layers (preset, files, overrides) and validates the result; problems go to
// `problems`, and the config is returned only when there are none.
std::unique_ptr<resolved> resolve(app_model const& model, command_line const& line,
                                  std::vector<std::string> const& overrides, layer_problems& problems) {
  auto out = std::make_unique<resolved>();
  out->overrides = overrides;
  try {
    out->config = std::make_unique<app_detail::owned_config>(app_detail::make_config(model, line.preset));
  } catch (config_error const& e) {
    for (auto const& problem : e.issues()) problems.add("--preset", problem);
    return nullptr;
  }
  if (!line.preset.empty())
    record_changes(*out, app_detail::leaves(model.dump(app_detail::make_config(model, "").get(), {})),
                   app_detail::leaves(model.dump(out->config->get(), {})), "preset " + line.preset);
  for (auto const& file : line.files) {
    try {
      read_file_layer(model, *out, file, line.stdin_text, problems);
    } catch (config_error const& e) {
      for (auto const& problem : e.issues()) problems.add(e.source(), problem);
    }
  }
  apply_override_layer(model, *out, problems);
  // The rules are judged even when a layer failed, so that one run reports every problem;
  // a value that failed to read is not judged again (validate_into leaves out what the
  // problems so far name). A broken rule is reported where the value that breaks it came from.
  std::vector<issue> invalid = problems.issues;
  std::size_t const read_problems = invalid.size();
  validate_into(*model.root, out->config->get(), invalid);
  for (auto p = invalid.begin() + static_cast<std::ptrdiff_t>(read_problems); p != invalid.end(); ++p)
    problems.add(out->origin.of(p->path), *p);
  if (!problems.lines.empty()) return nullptr;
  return out;
}

boost::json::array string_array(std::vector<std::string> const& values) {
  return boost::json::array(values.begin(), values.end());
}

boost::json::object origin_json(app_model const& model, resolved const& run) {
  boost::json::object out;
  for (auto const& [path, value] : app_detail::leaves(model.dump(run.config->get(), {})))
    out[path] = run.origin.of(path);
  return out;
}

std::string explain(app_model const& model, resolved const& run) {
  std::string out;
  for (auto const& [path, value] : app_detail::leaves(model.dump(run.config->get(), {})))
    out += path + " = " + dump(value) + "  # " + run.origin.of(path) + "\n";
  return out;
}

// A line a flag of the command line, as its parser knows them: names, value and description.
std::string options_help(CLI::App const& cli) {
  std::vector<std::pair<std::string, std::string>> rows;
  std::size_t width = 0;
  for (CLI::Option const* option : cli.get_options()) {
    if (option->get_group().empty() || option->get_positional()) continue;  // the launcher's own flag, the overrides
    std::string names = option->get_name(false, true);
    for (std::size_t comma = 0; (comma = names.find(',', comma)) != std::string::npos; comma += 2)
      names.replace(comma, 1, ", ");
    if (option->get_type_size() != 0) names += " " + option->get_type_name();
    width = std::max(width, names.size());
    rows.emplace_back(std::move(names), option->get_description());
  }
  std::string out;
  for (auto const& [names, description] : rows)
    out += "  " + names + std::string(width - names.size() + 2, ' ') + description + "\n";
  return out;
}

// --run-dir, made absolute once the command line is read.
fs::path run_root(command_line const& line) {
  std::error_code ec;
  fs::path root = fs::absolute(line.run_dir, ec);
  if (ec)
    throw config_error("--run-dir", {{"", "cannot make " + quoted_whole(line.run_dir) + " absolute: " + ec.message()}});
  return root;
}

// A run records its files and folder in JSON (overrides.json, the manifest), which holds
// UTF-8 only: a path that is not is refused before any folder is made or job runs.
void refuse_paths_not_utf8(command_line const& line) {
  auto check = [](char const* flag, std::string const& path) {
    if (invalid_utf8_at(path) == std::string::npos) return;
    throw config_error(flag, {{"", "the path " + quoted_whole(path) + " is not UTF-8 text (" +
                                       first_invalid_utf8(path) +
                                       "); a run records it in JSON, which holds UTF-8 only: rename it"}});
  };
  for (auto const& file : line.files) check("--config", file);
  check("--run-dir", run_root(line).string());
}

// The folder of a run and what the job is told of it; nothing is written yet.
run_info plan_run(app_model const& model, command_line const& line, resolved const& run, std::size_t index,
                  std::size_t count) {
  run_info info;
  info.fingerprint = model.fingerprint(run.config->get());
  // Absolute, so that a job that changes its working directory (into its run folder, say)
  // still finds it, and `done` lands where it belongs.
  info.dir = (run_root(line) / info.fingerprint).string();
  info.index = index;
  info.count = count;
  info.overrides = run.overrides;
  return info;
}

// What made a run: the program, its preset, files and overrides, as overrides.json holds them.
boost::json::object layers_json(command_line const& line, std::vector<std::string> const& overrides) {
  return {{"program", line.program},
          {"preset", line.preset.empty() ? boost::json::value() : boost::json::value(line.preset)},
          {"config", string_array(line.files)},
          {"overrides", string_array(overrides)}};
}

// The run folder with what made the run, just before the job starts.
void write_run_files(app_model const& model, void const* config, run_info const& info, boost::json::object const& layers,
                     boost::json::object const& origin) {
  write_file_atomically(info.dir + "/config.json", model.dump(config, {2}) + "\n");
  write_file_atomically(info.dir + "/overrides.json", dump(boost::json::value(layers), {2}) + "\n");
  write_file_atomically(info.dir + "/origin.json", dump(boost::json::value(origin), {2}) + "\n");
}

// Runs the job; its failure is reported, never thrown. Returns the exit status: the job's
// own when it is 1 to 255, which a process can pass on, else 1 for any failure (a status of
// 256 would reach the shell as 0).
int run_job(app_job const& job, resolved const& run, run_info const& info) {
  try {
    int status = job(run.config->get(), info);
    if (status == 0) {
      write_file_atomically(info.dir + "/done", "");
      return exit_ok;
    }
    std::cerr << "run " << info.dir << ": the job returned " << status << "\n";
    return status > 0 && status < 256 ? status : exit_job_failed;
  } catch (std::exception const& e) {
    std::cerr << "run " << info.dir << ": the job failed: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "run " << info.dir << ": the job failed with an exception that is not a std::exception\n";
  }
  return exit_job_failed;
}

// A run folder's lock, held while its job runs, on `.lock` in it. flock's lock goes with the
// process, however it ends, so a killed run never blocks the next one.
class folder_lock {
 public:
  explicit folder_lock(std::string const& dir)
      : fd_(::open((dir + "/.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
      held_ = true;
    } else if (fd_ < 0 || errno != EWOULDBLOCK) {
      std::string const reason = std::strerror(errno);
      if (fd_ >= 0) ::close(fd_);
      throw config_error(dir, {{"", "cannot lock the run folder (.lock in it): " + reason}});
    }
  }
  ~folder_lock() { ::close(fd_); }
  folder_lock(folder_lock const&) = delete;
  folder_lock& operator=(folder_lock const&) = delete;
  /// False when another process holds the folder.
  bool held() const noexcept { return held_; }

 private:
  int fd_;
  bool held_ = false;
};

// What became of a run: its job's exit status, or why it did not run.
struct folder_run {
  enum class outcome { ran, done_before, held_elsewhere } what;
  int status = exit_ok;
};
folder_run held_elsewhere() { return {folder_run::outcome::held_elsewhere, exit_held_elsewhere}; }

// A run folder is named by its config alone, so two programs of one config type (train and
// eval) given one --run-dir would meet in it, and one would skip the other's run as done, or
// write over its record. The program that made the folder keeps it.
void refuse_another_programs_folder(std::string const& dir, boost::json::object const& layers) {
  auto const* program = layers.if_contains("program");
  if (!program || !program->is_string()) return;
  boost::json::object const record = app_detail::run_record(dir);
  auto const* owner = record.if_contains("program");
  if (!owner || !owner->is_string() || *owner == *program) return;
  std::string const name(program->as_string());
  throw config_error(dir, {{"", "this run folder holds a run of " + quoted_whole(owner->as_string()) +
                                    " with the same config, and this program is " + quoted_whole(name) +
                                    "; programs that share --run-dir would skip or write over each other's "
                                    "runs: give this one its own, e.g. --run-dir " +
                                    shell_quoted_literally((fs::path(dir).parent_path() / name).string())}});
}

// What a run does in a folder that is done: a multirun's point is skipped, its files (what
// made the run, what it wrote) kept as its own run left them; a run asked for by itself runs
// again, and the folder's record is then the new run's.
enum class when_done { skip, run_again };

// Runs the job in its folder, unless another process runs the same config there (the same
// command twice, two multiruns that share a point), which is left to it, or `done` says to
// skip it. A `done` from an earlier run goes first: until this run succeeds, it is not done.
folder_run run_in_folder(app_model const& model, app_job const& job, resolved const& run, run_info const& info,
                         boost::json::object const& layers, boost::json::object const& origin, when_done done) {
  app_detail::create_folder(info.dir, "run folder");
  folder_lock const lock(info.dir);
  if (!lock.held()) return held_elsewhere();
  refuse_another_programs_folder(info.dir, layers);
  std::error_code ec;
  if (done == when_done::skip && fs::exists(info.dir + "/done", ec)) return {folder_run::outcome::done_before};
  if (fs::remove(info.dir + "/done", ec); ec)
    throw config_error(info.dir, {{"", "cannot remove the done marker of an earlier run: " + ec.message()}});
  write_run_files(model, run.config->get(), info, layers, origin);
  return {folder_run::outcome::ran, run_job(job, run, info)};
}

// What a run that did not run says, after `prefix` ("[2/4] " in a multirun).
void say_not_run(folder_run const& result, std::string_view prefix, run_info const& info) {
  if (result.what == folder_run::outcome::done_before)
    std::cerr << prefix << info.dir << ": done before, skipped\n";
  else
    std::cerr << prefix << info.dir << ": another process is running this config there, so it is not run here\n";
}

// A point's problems, after its warnings, each said once a multirun: a file's are every
// point's, and an override's may be too. `prefix` labels the point's lines ("[2/4] ").
void say(layer_problems const& problems, std::string_view prefix, std::set<std::string>& said_warnings) {
  for (auto const& warning : problems.warnings)
    if (said_warnings.insert(warning.same_as).second) std::cerr << warning.line << "\n";
  for (auto const& line : problems.lines) std::cerr << prefix << line << "\n";
}
void say(layer_problems const& problems) {
  std::set<std::string> said_warnings;
  say(problems, "", said_warnings);
}

// The flags that print instead of running (--cfg, --explain, --hash), for the one run or
// for each point of a multirun, labelled by its overrides: a `# [2/4] lr=0.01 epochs=1`
// line before its config or values, `FINGERPRINT  lr=0.01 epochs=1` for --hash, and a JSON
// line a point for --cfg --json. An invalid point is reported and the others still print.
int print_instead(app_model const& model, command_line const& line) {
  auto const points =
      line.multirun ? app_detail::grid_points(line.overrides) : std::vector<std::vector<std::string>>{line.overrides};
  bool invalid = false;
  std::set<std::string> said_warnings;
  for (std::size_t index = 0; index < points.size(); ++index) {
    std::string prefix, label;
    if (line.multirun) {
      prefix = "[" + std::to_string(index + 1) + "/" + std::to_string(points.size()) + "] ";
      label = point_label(points[index]);
    }
    layer_problems problems;
    auto run = resolve(model, line, points[index], problems);
    say(problems, prefix, said_warnings);
    if (!run) {
      invalid = true;
      continue;
    }
    void const* config = run->config->get();
    if (line.show && line.json && line.multirun) {
      // The config's own text, spliced in: parsing it into a value could change a double's digits.
      std::cout << "{\"index\":" << index << ",\"overrides\":" << dump(boost::json::value(string_array(points[index])))
                << ",\"config\":" << model.dump(config, {}) << "}\n";
    } else if (line.show && line.yaml) {
      // A document a point, which a YAML reader takes one at a time.
      if (line.multirun) std::cout << "--- # " << prefix << label << "\n";
      std::cout << model.yaml(config);
    } else if (line.show || line.explain) {
      if (line.multirun) std::cout << (index ? "\n" : "") << "# " << prefix << label << "\n";
      if (line.show) std::cout << (line.json ? model.dump(config, {2}) : model.tree(config, {.docs = true})) << "\n";
      else std::cout << explain(model, *run);
    } else {
      std::cout << model.fingerprint(config) << (line.multirun ? "  " + label : "") << "\n";
    }
  }
  return invalid ? exit_usage : exit_ok;
}

int single_run(app_model const& model, command_line const& line, app_job const& job) {
  layer_problems problems;
  auto run = resolve(model, line, line.overrides, problems);
  say(problems);
  if (!run) return exit_usage;
  run_info const info = plan_run(model, line, *run, 0, 1);
  folder_run const result =
      run_in_folder(model, job, *run, info, layers_json(line, run->overrides), origin_json(model, *run),
                    when_done::run_again);
  if (result.what != folder_run::outcome::ran) say_not_run(result, "", info);
  return result.status;
}

// Whether the file's last line lacks its line break: a multirun killed while it wrote, or a
// full disk. The next line must not run on from it.
bool ends_mid_line(std::string const& path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file || file.tellg() <= 0) return false;
  file.seekg(-1, std::ios::end);
  return file.get() != '\n';
}

// `count` points "did" something, for the multirun's last lines: "1 of 3 points failed".
std::string points_that(std::size_t some, std::size_t count, std::string_view did) {
  return std::to_string(some) + " of " + std::to_string(count) + (count == 1 ? " point " : " points ") +
         std::string(did);
}

int multirun(app_model const& model, command_line const& line, app_job const& job) {
  auto const points = app_detail::grid_points(line.overrides);
  std::size_t const count = points.size();
  fs::path const root = run_root(line);
  app_detail::create_folder(root.string(), "folder of the runs (--run-dir)");
  // A line a point, flushed as each ends, so that a killed multirun leaves a manifest of what
  // ran; appended, with the multirun's start, so that earlier multiruns' lines stay.
  std::string const manifest_path = (root / app_detail::multirun_manifest).string();
  bool const cut = ends_mid_line(manifest_path);
  std::ofstream manifest(manifest_path, std::ios::app);
  std::string const started = utc_now();
  if (!manifest)
    throw config_error(manifest_path, {{"", "cannot write the multirun's manifest: " + std::string(std::strerror(errno))}});
  if (cut) manifest << '\n';
  std::size_t failed = 0, invalid = 0, held = 0;
  std::set<std::string> said_warnings;
  // Points of one config (lr=0.1,1e-1) share a folder: the first runs it, the others say so.
  std::map<std::string, std::pair<std::size_t, std::string>> ran;  // fingerprint: the point, its status
  for (std::size_t index = 0; index < count; ++index) {
    std::vector<std::string> const& overrides = points[index];
    std::string prefix = "[" + std::to_string(index + 1) + "/" + std::to_string(count) + "] ";
    boost::json::object entry{{"started", started}, {"index", index}, {"overrides", string_array(overrides)}};
    layer_problems problems;
    auto run = resolve(model, line, overrides, problems);
    say(problems, prefix, said_warnings);
    std::string status = "invalid";
    if (run) {
      run_info const info = plan_run(model, line, *run, index, count);
      entry["dir"] = info.dir;
      entry["fingerprint"] = info.fingerprint;
      if (auto same = ran.find(info.fingerprint); same != ran.end()) {
        status = same->second.second;
        std::cerr << prefix << info.dir << ": the same config as [" << same->second.first + 1 << "/" << count
                  << "], not run again (" << status << ")\n";
      } else {
        try {
          folder_run const result =
              run_in_folder(model, job, *run, info, layers_json(line, run->overrides), origin_json(model, *run),
                            when_done::skip);
          if (result.what != folder_run::outcome::ran) say_not_run(result, prefix, info);
          status = result.what == folder_run::outcome::done_before      ? "skipped"
                   : result.what == folder_run::outcome::held_elsewhere ? "running elsewhere"
                   : result.status == exit_ok                           ? "done"
                                                                        : "failed";
          if (result.what == folder_run::outcome::ran) std::cerr << prefix << info.dir << ": " << status << "\n";
        } catch (config_error const& e) {
          // A folder this point cannot have (a file in its place, another program's) fails the
          // point, not the multirun; it ran nowhere, so its line names no folder.
          entry.erase("dir");
          entry.erase("fingerprint");
          layer_problems folder;
          for (auto const& problem : e.issues()) folder.add(e.source(), problem);
          for (auto const& folder_line : folder.lines) std::cerr << prefix << folder_line << "\n";
          status = "failed";
        }
        ran.emplace(info.fingerprint, std::pair{index, status});
      }
    }
    invalid += status == "invalid";
    failed += status == "failed";
    held += status == "running elsewhere";
    entry["status"] = status;
    manifest << dump(boost::json::value(std::move(entry))) << std::endl;
  }
  if (failed + invalid) std::cerr << points_that(failed + invalid, count, "failed") << "\n";
  if (held)
    std::cerr << points_that(held, count, "running in another process, not here") << "; run the multirun again once "
              << "it ends, to run what it left undone\n";
  // A config error is the user's to fix before anything else.
  return invalid ? exit_usage : failed ? exit_job_failed : held ? exit_held_elsewhere : exit_ok;
}

/// What made a launched point, kept apart from the sweep's configs (which tools glob as
/// `*.json`): `origins/<fingerprint>.json` beside its config, `<fingerprint>.json`.
std::string launched_record_path(std::string const& config) {
  fs::path const file(config);
  return (file.parent_path() / "origins" / file.filename()).string();
}

/// A point of `-m --launcher`, run by the launcher's script: its config is the file the
/// sweep froze, and its index, layers and origins are in the record beside it, so that its
/// run folder says what a plain -m would have said.
int launched_run(app_model const& model, command_line const& line, app_job const& job) {
  if (line.files.size() != 1 || !line.overrides.empty() || !line.preset.empty())
    throw config_error("--launched-point", {{"", "expected one --config FILE, a point a launcher wrote, and no other "
                                                 "layer; the launcher's script passes this flag, not you"}});
  std::string const record_path = launched_record_path(line.files[0]);
  boost::json::error_code ec;
  boost::json::value const record = boost::json::parse(read_file(record_path, load_options{}.max_file_size), ec);
  auto const* fields = record.if_object();
  auto const* index = fields ? fields->if_contains("index") : nullptr;
  auto const* count = fields ? fields->if_contains("count") : nullptr;
  auto const* layers = fields ? fields->if_contains("layers") : nullptr;
  auto const* origin = fields ? fields->if_contains("origin") : nullptr;
  auto const* overrides = layers && layers->is_object() ? layers->as_object().if_contains("overrides") : nullptr;
  auto const whole = [](boost::json::value const* v) { return v && v->is_int64() && v->as_int64() >= 0; };
  if (ec || !whole(index) || !whole(count) || !origin || !origin->is_object() || !overrides || !overrides->is_array())
    throw config_error(record_path, {{"", "expected the record a launcher writes for a point's config "
                                          "({\"index\", \"count\", \"layers\", \"origin\"}); run the sweep "
                                          "again with -m --launcher to write it"}});
  layer_problems problems;
  auto run = resolve(model, line, {}, problems);
  say(problems);
  if (!run) return exit_usage;
  run_info info = plan_run(model, line, *run, static_cast<std::size_t>(index->as_int64()),
                           static_cast<std::size_t>(count->as_int64()));
  info.overrides.clear();
  for (auto const& text : overrides->as_array())
    if (text.is_string()) info.overrides.emplace_back(text.as_string());
  // The launcher's script skips a point that is done before it runs this.
  folder_run const result =
      run_in_folder(model, job, *run, info, layers->as_object(), origin->as_object(), when_done::run_again);
  if (result.what != folder_run::outcome::ran) say_not_run(result, "", info);
  return result.status;
}

/// This program, for the launcher's script to run again: argv[0] may be relative or found
/// on PATH.
std::string this_program() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw config_error("--launcher", {{"", "cannot find this program's path (/proc/self/exe): " + ec.message()}});
  return self.string();
}

/// `-m --launcher`: each point's config goes into a sweep folder of the run folder, named by
/// the points, so that the same command line writes the same folder; the launcher's script
/// runs this program on each (`--config FILE --run-dir DIR`), into the run folder it would
/// have had here. Nothing is written when a point is invalid.
int launch_multirun(app_model const& model, command_line const& line) {
  fs::path const run_dir = run_root(line);
  app_detail::launch_flags flags = line.launch;
  flags.options.command =
      shell_quoted_literally(this_program()) + " --config {config} --run-dir " + shell_quoted_literally(run_dir.string()) +
      " --launched-point";
  check_launch(flags.options, launcher_named(flags.launcher), run_dir.string());
  auto const grid = app_detail::grid_points(line.overrides);
  std::vector<std::unique_ptr<resolved>> runs;
  bool invalid = false;
  std::set<std::string> said_warnings;
  for (std::size_t index = 0; index < grid.size(); ++index) {
    layer_problems problems;
    runs.push_back(resolve(model, line, grid[index], problems));
    say(problems, "[" + std::to_string(index + 1) + "/" + std::to_string(grid.size()) + "] ", said_warnings);
    invalid = invalid || !runs.back();
  }
  if (invalid) return exit_usage;
  // Another program's run folder would be skipped as done by the script, before this
  // program could refuse it; and another program's sweep folder is not this one's.
  std::string fingerprints = line.program + '\n';
  for (std::size_t index = 0; index < grid.size(); ++index) {
    std::string const fingerprint = model.fingerprint(runs[index]->config->get());
    refuse_another_programs_folder((run_dir / fingerprint).string(), layers_json(line, grid[index]));
    fingerprints += fingerprint;
  }
  std::string const sweep_dir = (run_dir / ("sweep-" + hex64(xxh64(fingerprints)).substr(0, 8))).string();
  app_detail::create_folder((fs::path(sweep_dir) / "origins").string(), "sweep folder");
  std::vector<app_detail::written_point> written;
  std::vector<launch_point> points;
  for (std::size_t index = 0; index < grid.size(); ++index) {
    written.push_back(app_detail::write_point(model, runs[index]->config->get(), grid[index], sweep_dir));
    points.push_back({written.back().file, (run_dir / written.back().fingerprint).string()});
    // What made the point, for its run folder: equal points run once, as the first of them.
    std::string const record = launched_record_path(written.back().file);
    if (std::none_of(written.begin(), written.end() - 1, [&](auto const& w) { return w.file == written.back().file; }))
      write_file_atomically(record, dump(boost::json::value(boost::json::object{
                                             {"index", index},
                                             {"count", grid.size()},
                                             {"layers", layers_json(line, grid[index])},
                                             {"origin", origin_json(model, *runs[index])}})) + "\n");
  }
  app_detail::write_manifest(written, sweep_dir);
  std::cout << "wrote " << app_detail::sweep_summary(written) << " and manifest.jsonl to " << sweep_dir << "\n";
  return app_detail::launch(flags, sweep_dir, points);
}

/// --schema describes the type, so a layer or another flag beside it would be dropped.
void refuse_beside_schema(command_line const& line) {
  std::vector<std::pair<bool, char const*>> const others{
      {line.show, "--cfg"},     {line.explain, "--explain"}, {line.hash, "--hash"}, {line.multirun, "-m"},
      {line.json, "--json"},    {line.yaml, "--yaml"},       {!line.launch.launcher.empty(), "--launcher"}};
  for (auto [given, flag] : others)
    if (given)
      throw config_error("--schema", {{"", std::string("--schema prints the config type's schema instead of running, "
                                                       "so ") + flag + " beside it would do nothing; give one of them"}});
  char const* layer = !line.preset.empty() ? "--preset" : !line.files.empty() ? "--config"
                      : !line.overrides.empty() ? "the overrides" : nullptr;
  if (layer)
    throw config_error("--schema", {{"", "--schema prints the schema of the config type, which no preset, file or "
                                         "override changes; leave out " + std::string(layer)}});
  app_detail::refuse_settings_without_launcher(line.launch);
}

/// Flags that another flag makes pointless are refused, not dropped without a word.
void refuse_pointless_flags(command_line const& line) {
  std::vector<std::string> printing;
  if (line.show) printing.emplace_back("--cfg");
  if (line.explain) printing.emplace_back("--explain");
  if (line.hash) printing.emplace_back("--hash");
  if (printing.size() > 1)
    throw config_error(printing[0], {{"", printing[0] + " and " + printing[1] + " each print instead of running; give "
                                          "one of --cfg, --explain and --hash"}});
  if (!printing.empty() && !line.launch.launcher.empty())
    throw config_error("--launcher", {{"", printing[0] + " prints the points instead of running them, so nothing is "
                                           "launched; leave out " + printing[0] + " or --launcher"}});
  app_detail::refuse_settings_without_launcher(line.launch);
}

// Hydra's flags that name config files: what a glasses program takes instead.
std::string hydra_flag_hint(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view const arg = argv[i];
    for (std::string_view flag : {"--config-name", "--config-path", "--config-dir", "-cn", "-cp", "-cd"})
      if (arg == flag || (arg.starts_with(flag) && arg[flag.size()] == '='))
        return "; Hydra's " + std::string(flag) + " is --config FILE here, a file by its path (repeatable, later "
               "files over earlier ones)";
  }
  return {};
}

int parse_and_run(int argc, char** argv, std::string const& program, app_model const& model, app_job const& job,
                  app_options const& options) {
  command_line line;
  // By its file, so that a link to the program is the same program, as the launcher's
  // script, which runs /proc/self/exe, is.
  std::error_code no_self;
  fs::path const self = fs::read_symlink("/proc/self/exe", no_self);
  line.program = no_self ? program : self.filename().string();
  line.run_dir = options.run_dir;
  CLI::App cli(options.description, program);
  cli.set_help_flag();  // --help is glasses' own: it lists the config's fields
  cli.add_option("--preset", line.preset, "start from a registered preset of " + std::string(model.type_name))
      ->type_name("NAME");
  cli.add_option("--config", line.files, "a config file layered on, in order (repeatable; - for stdin)")
      ->allow_extra_args(false)
      ->type_name("FILE");
  cli.add_option("overrides", line.overrides, "PATH=VALUE overrides, applied last");
  cli.add_option("-h,--help", line.help_path, "list the config's fields (or those below PATH)")
      ->expected(0, 1)
      ->type_name("[PATH]");
  cli.add_flag("--cfg", line.show, "print the resolved config and exit");
  cli.add_flag("--json", line.json, "with --cfg: print it as JSON");
  cli.add_flag("--yaml", line.yaml, "with --cfg: print it as YAML, docs as comments (a file --config reads)");
  cli.add_flag("--schema", line.schema, "print the config's JSON Schema and exit");
  cli.add_flag("--hash", line.hash, "print the resolved config's fingerprint and exit");
  cli.add_flag("--explain", line.explain, "print every value with where it came from and exit");
  cli.add_flag("-m,--multirun", line.multirun, "run once for each point of the comma lists' grid");
  cli.add_option("--run-dir", line.run_dir, "where run folders go (default " + options.run_dir + ")")->type_name("DIR");
  app_detail::add_launch_flags(cli, line.launch, false);
  cli.add_flag("--launched-point", line.launched)->group("");  // the launcher's script's, not the user's
  try {
    cli.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    std::cerr << program << ": " << e.what() << hydra_flag_hint(argc, argv) << "; try --help\n";
    return exit_usage;
  }
  try {
    // Hydra's `--cfg job` names what to print; here --cfg prints the config, and the word
    // would be read as an override.
    if (line.show && !line.overrides.empty() &&
        (line.overrides[0] == "job" || line.overrides[0] == "hydra" || line.overrides[0] == "all"))
      throw config_error("--cfg", {{"", "--cfg takes no argument here: it prints the resolved config, as Hydra's "
                                        "--cfg job does; leave out \"" + line.overrides[0] + "\""}});
    if (cli.count("--help")) {
      std::string const fields = app_detail::help_text(boost::json::parse(model.schema()), line.help_path);
      std::cout << (options.description.empty() ? "" : options.description + "\n\n") << "usage: " << program
                << " [--preset NAME] [--config FILE]... [PATH=VALUE]... [--cfg [--json|--yaml]] [--explain] [--schema] "
                   "[--hash] [-m [--launcher local|slurm|k8s]] [--run-dir DIR]\n\noptions:\n"
                << options_help(cli) << "\nfields of " << model.type_name << ":\n"
                << fields;
      if (auto presets = model.presets(); !presets.empty()) std::cout << "\npresets: " << list_names(presets) << "\n";
      return exit_ok;
    }
    if (line.schema) {
      refuse_beside_schema(line);
      std::cout << model.schema() << "\n";
      return exit_ok;
    }
    if (line.json && !line.show)
      throw config_error("--json", {{"", "--json prints the config as JSON with --cfg; write --cfg --json"}});
    if (line.yaml && !line.show)
      throw config_error("--yaml", {{"", "--yaml prints the config as YAML with --cfg; write --cfg --yaml"}});
    if (line.json && line.yaml)
      throw config_error("--yaml", {{"", "--cfg prints one format: give --json or --yaml, not both"}});
    if (line.run_dir.empty())
      throw config_error("--run-dir", {{"", "expected a folder, got an empty path; leave --run-dir out for the "
                                             "default, " + options.run_dir}});
    refuse_pointless_flags(line);
    read_stdin_layer(line);
    if (line.show || line.explain || line.hash) return print_instead(model, line);
    if (!line.launch.launcher.empty() && !line.multirun)
      throw config_error("--launcher", {{"", "a launcher runs the points of a multirun; add -m, e.g. -m lr=0.1,0.01 "
                                             "--launcher " + line.launch.launcher}});
    refuse_paths_not_utf8(line);
    if (line.launched) return launched_run(model, line, job);
    if (line.multirun && !line.launch.launcher.empty()) return launch_multirun(model, line);
    if (line.multirun) return multirun(model, line, job);
    return single_run(model, line, job);
  } catch (config_error const& e) {
    layer_problems problems;
    for (auto const& problem : e.issues()) problems.add(e.source(), problem);
    say(problems);
    return exit_usage;
  } catch (fs::filesystem_error const& e) {
    // A run or sweep folder that cannot be made: the path and the system's reason.
    std::cerr << program << ": " << e.code().message() << ": " << e.path1().string() << "\n";
    return exit_usage;
  } catch (std::exception const& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return exit_usage;
  }
}

}  // namespace

int run_app(int argc, char** argv, app_model const& model, app_job const& job, app_options const& options) {
  std::string const program = app_detail::program_name(argc, argv, "app");
  return app_detail::flushed(program, parse_and_run(argc, argv, program, model, job, options));
}

}  // namespace glasses::detail
