#include "owned_config.hpp"
#include "sweep.hpp"

#include <glasses/config/file.hpp>
#include <glasses/config/overrides.hpp>
#include <glasses/tool.hpp>

#include <CLI/CLI.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <iostream>
#include <iterator>
#include <optional>

namespace glasses::app_detail {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string const manifest_name = "manifest.jsonl";

// A path's last part, a folder's name with or without its slash ("runs/ab12/" is ab12).
std::string last_part(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return fs::path(path).filename().string();
}

// A JSON Lines point, {"overrides": [...], KEY: "path", ...}, as the run it names: its
// overrides on one line, and the file that `file_of` finds in `dir` from the path under
// KEY (by its last part: the folder may have moved since it was written); no file where
// KEY is absent and `optional`. Null when the line (its JSON, or null) is not such a point.
std::optional<listed_config> point_of(json::object const* point, char const* key, bool optional, fs::path const& dir,
                                      std::string (*file_of)(fs::path const& dir, std::string const& last)) {
  auto const* path = point ? point->if_contains(key) : nullptr;
  auto const* overrides = point ? point->if_contains("overrides") : nullptr;
  if (!overrides || !overrides->is_array() || (path ? !path->is_string() : !optional)) return std::nullopt;
  listed_config out;
  for (auto const& o : overrides->as_array()) {
    if (!o.is_string()) return std::nullopt;
    out.name += (out.name.empty() ? "" : " ") + std::string(o.as_string());
  }
  if (!path) return out;
  std::string const last = last_part(std::string(path->as_string()));
  out.file = file_of(dir, last);
  if (out.name.empty()) out.name = last;
  return out;
}

// A sweep's manifest line: its config file. An app's multirun.jsonl line: its run folder's
// config, or nothing for a point that was invalid and ran nowhere.
std::optional<listed_config> manifest_point(json::object const* line, fs::path const& dir) {
  return point_of(line, "file", false, dir,
                  [](fs::path const& in, std::string const& last) { return (in / last).string(); });
}
std::optional<listed_config> run_point(json::object const* line, fs::path const& dir) {
  auto point = point_of(line, "dir", true, dir, [](fs::path const& in, std::string const& last) {
    return (in / last / "config.json").string();
  });
  if (point) {
    auto const* status = line->if_contains("status");
    point->failed = status && *status == "failed";
  }
  return point;
}

/// The points of a JSON Lines file, each line read by `point_in`; a line that is not one
/// is an error that says what was `expected`.
std::vector<listed_config> points_in(fs::path const& file, fs::path const& dir,
                                     std::optional<listed_config> (*point_in)(json::object const*, fs::path const&),
                                     std::string_view expected) {
  std::string const text = detail::read_file(file.string(), load_options{}.max_file_size);
  std::vector<listed_config> out;
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = std::string_view(text).substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);  // CRLF, from an editor
    if (line.empty()) continue;
    json::error_code ec;
    json::value const value = json::parse(line, ec);
    auto point = point_in(ec ? nullptr : value.if_object(), dir);
    if (!point)
      throw config_error(file.string(), {{"", "line " + std::to_string(number) + ": expected " + std::string(expected) +
                                                  ", got " + detail::quoted(line) +
                                                  (ec ? "; a process killed while it wrote the line leaves it "
                                                        "cut: delete it"
                                                      : "")}});
    out.push_back(std::move(*point));
  }
  return out;
}

// A folder an app ran a job in: the files it writes there.
bool is_run_folder(std::string const& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / "config.json", ec) &&
         fs::is_regular_file(fs::path(dir) / "overrides.json", ec);
}

// A run folder that no multirun.jsonl line names (a single run, a launched point), named by
// the overrides its overrides.json records, or by its folder when it records none.
listed_config unlisted_run(fs::path const& folder) {
  listed_config out{"", (folder / "config.json").string()};
  json::object const record = run_record(folder.string());
  auto const* overrides = record.if_contains("overrides");
  if (overrides && overrides->is_array())
    for (auto const& o : overrides->as_array())
      if (o.is_string()) out.name += (out.name.empty() ? "" : " ") + std::string(o.as_string());
  if (out.name.empty()) out.name = last_part(folder.string());
  return out;
}

}  // namespace

std::vector<std::vector<std::string>> grid_points(std::vector<std::string> const& overrides) {
  std::vector<sweep_axis> axes = detail::sweep_axes(overrides);
  std::size_t count = 1;
  for (auto const& axis : axes) count *= axis.choices.size();
  std::vector<std::vector<std::string>> points;
  points.reserve(count);
  for (std::size_t index = 0; index < count; ++index) points.push_back(detail::sweep_overrides(axes, index));
  return points;
}

std::string manifest_line(written_point const& point) {
  json::object line{{"overrides", json::array(point.overrides.begin(), point.overrides.end())},
                    {"file", point.file},
                    {"fingerprint", point.fingerprint}};
  return dump(json::value(std::move(line)));
}

written_point write_point(detail::app_model const& model, void const* config, std::vector<std::string> overrides,
                          std::string const& dir) {
  written_point point{"", std::move(overrides), model.fingerprint(config)};
  point.file = (fs::path(dir) / (point.fingerprint + ".json")).string();
  detail::write_file_atomically(point.file, model.dump(config, {2}) + '\n');
  return point;
}

std::string sweep_summary(std::vector<written_point> const& points) {
  std::vector<std::string> files;
  for (auto const& point : points) files.push_back(point.file);
  std::sort(files.begin(), files.end());
  std::size_t const distinct = static_cast<std::size_t>(std::unique(files.begin(), files.end()) - files.begin());
  if (distinct == points.size()) return std::to_string(points.size()) + (points.size() == 1 ? " config" : " configs");
  return std::to_string(points.size()) + " points as " + std::to_string(distinct) + " config file" +
         (distinct == 1 ? "" : "s") + " (equal points share one)";
}

json::object run_record(std::string const& folder) {
  std::string const path = (fs::path(folder) / "overrides.json").string();
  std::error_code absent;
  if (!fs::exists(path, absent)) return {};
  json::error_code ec;
  json::value record = json::parse(detail::read_file(path, 1 << 20), ec);
  return !ec && record.is_object() ? std::move(record.as_object()) : json::object{};
}

void create_folder(std::string const& dir, std::string_view what) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!ec) return;
  std::string reason = ec.message();
  // The first part of the path that is there: a file where a folder goes, "Not a directory"
  // on its own, leaves the user to find which.
  for (fs::path part = fs::path(dir); !part.empty() && part != part.parent_path(); part = part.parent_path()) {
    std::error_code ignored;
    if (!fs::exists(fs::symlink_status(part, ignored))) continue;
    std::string const name = detail::quoted(part.string(), std::string::npos);
    if (!fs::exists(part, ignored))  // a link to nothing, "File exists" on its own
      reason = name + " is a link to " + detail::quoted(fs::read_symlink(part, ignored).string(), std::string::npos) +
               ", which is not there; make that folder, or remove the link";
    else if (!fs::is_directory(part, ignored))
      reason = name + " is a file, where a folder goes; move it away, or choose another place";
    break;
  }
  throw config_error(dir, {{"", "cannot create the " + std::string(what) + ": " + reason}});
}

void write_manifest(std::vector<written_point> const& points, std::string const& dir) {
  std::string manifest;
  for (auto const& point : points) manifest += manifest_line(point) + '\n';
  detail::write_file_atomically((fs::path(dir) / manifest_name).string(), manifest);
}

std::vector<written_point> write_sweep(detail::app_model const& model, void const* base,
                                       std::vector<std::string> const& overrides, std::string const& dir,
                                       std::vector<issue>& warnings) {
  std::vector<std::vector<std::string>> grid = grid_points(overrides);
  create_folder(dir, "sweep folder");
  std::vector<written_point> points;
  try {
    for (std::size_t index = 0; index < grid.size(); ++index) {
      owned_config config(model, model.copy(base));
      std::vector<issue> issues, point_warnings;
      detail::apply_overrides_to(*model.root, config.get(), grid[index], issues, &point_warnings);
      // Points share their paths, so most of a former name's warnings are said once.
      for (auto& warning : point_warnings)
        if (std::find(warnings.begin(), warnings.end(), warning) == warnings.end()) warnings.push_back(std::move(warning));
      if (!issues.empty())
        detail::throw_sweep_point_error(config_error("overrides", std::move(issues)), index, grid.size(), grid[index]);
      points.push_back(write_point(model, config.get(), std::move(grid[index]), dir));
    }
  } catch (...) {
    // A sweep that stops half-way (a bad point, a full disk) leaves a manifest of exactly
    // the files it wrote, when it still can.
    try {
      write_manifest(points, dir);
    } catch (config_error const&) {
    }
    throw;
  }
  write_manifest(points, dir);
  return points;
}

void add_launch_flags(CLI::App& parser, launch_flags& flags, bool with_run) {
  parser.add_option("--launcher", flags.launcher,
                    "run the points with local, slurm (an array job) or k8s (an Indexed Job)")
      ->type_name("NAME");
  if (with_run)
    parser.add_option("--run", flags.options.command,
                      "the shell command each point runs in its run folder: {config}, {dir} and {index} are its "
                      "config file, run folder and index (default launcher: local)")
        ->type_name("COMMAND");
  parser.add_option("--parallel", flags.options.parallel, "at most this many points at once (default: no limit)")
      ->check(CLI::Validator(
          [](std::string const& text) -> std::string {
            std::size_t count = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
            if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return {};
            return "expected a count of points (0: no limit), got " + detail::quoted(text);
          },
          ""))
      ->type_name("COUNT");
  parser.add_option("--sbatch", flags.options.sbatch, "more sbatch options, e.g. \"--time=01:00:00 --gres=gpu:1\"")
      ->type_name("OPTIONS");
  parser.add_option("--job-name", flags.options.name,
                    "slurm and k8s: the job's name (default: glasses-FOLDER-HASH, one per sweep folder)")
      ->type_name("NAME");
  parser.add_option("--image", flags.options.image, "k8s: the container image that holds the program")->type_name("IMAGE");
  parser.add_option("--volume-claim", flags.options.volume_claim,
                    "k8s: the persistent volume claim that holds the sweep and run folders")
      ->type_name("CLAIM");
}

void refuse_settings_without_launcher(launch_flags const& flags) {
  if (!flags.launcher.empty()) return;
  if (auto unused = detail::setting_unused_by(flags.options, std::nullopt))
    throw config_error(std::string(unused->flag),
                       {{"", "it applies when a launcher runs the points; add --launcher " + std::string(unused->used_by) +
                                 " (after -m in an app), or leave it out"}});
}

int launch(launch_flags const& flags, std::string const& dir, std::vector<launch_point> const& all_points,
           bool to_stderr) {
  std::ostream& say = to_stderr ? std::cerr : std::cout;
  launcher const kind = launcher_named(flags.launcher);
  // Equal points share a run folder, which is launched once.
  std::vector<launch_point> points;
  for (auto const& point : all_points)
    if (std::none_of(points.begin(), points.end(), [&](auto const& kept) { return kept.run_dir == point.run_dir; }))
      points.push_back(point);
  if (points.size() < all_points.size())
    say << "equal points share a run folder: " << points.size() << " of the " << all_points.size()
        << " points are launched\n";
  std::string const script = write_launch_script(dir, points, flags.options, kind);
  // Slurm refuses, at submission, an array beyond the cluster's MaxArraySize: 1001 unless
  // its admins set another, which the script cannot know.
  constexpr std::size_t slurm_default_max_array_size = 1001;
  if (kind == launcher::slurm && points.size() > slurm_default_max_array_size)
    say << "note: the array's " << points.size() << " points run as indices 0-" << points.size() - 1
        << ", beyond Slurm's default MaxArraySize of 1001 (indices up to 1000), so sbatch refuses it on a cluster "
           "that keeps the default; `scontrol show config | grep MaxArraySize` shows yours, or split the sweep\n";
  if (kind != launcher::local) {
    say << launch_instructions(script, kind) << '\n';
    return 0;
  }
  say.flush();  // the points' own lines come after what was said before them
  std::size_t const failed = run_locally(script, points.size(), to_stderr);
  say << launch_instructions(script, kind) << ": " << points.size() - failed << " of " << points.size()
      << (points.size() == 1 ? " point" : " points") << " succeeded\n";
  return failed == 0 ? 0 : 1;
}

std::vector<listed_config> configs_in(std::string const& dir,
                                      std::function<bool(std::string const& file)> const& also) {
  std::vector<listed_config> out;
  fs::path const manifest = fs::path(dir) / manifest_name, runs = fs::path(dir) / multirun_manifest;
  std::error_code ec;
  if (fs::exists(manifest, ec)) {
    out = points_in(manifest, dir, manifest_point, "a sweep point, {\"overrides\": [...], \"file\": ...}");
  } else if (fs::exists(runs, ec)) {
    for (auto& point : points_in(runs, dir, run_point, "a multirun's point, {\"overrides\": [...], \"dir\": ...}")) {
      // A point that was invalid ran nowhere; one that ran twice (a multirun resumed) is one
      // run, which ended as its last run did.
      if (point.file.empty()) continue;
      auto const same =
          std::find_if(out.begin(), out.end(), [&](auto const& listed) { return listed.file == point.file; });
      if (same == out.end()) out.push_back(std::move(point));
      else same->failed = point.failed;
    }
    for (auto& listed : out)
      if (listed.failed) listed.name += " (failed)";
    // The runs beside them: a run by itself, or a launcher's point, which no line lists.
    std::vector<listed_config> others;
    for (auto const& entry : fs::directory_iterator(dir)) {
      std::string const config = (entry.path() / "config.json").string();
      if (entry.is_directory(ec) && is_run_folder(entry.path().string()) &&
          std::none_of(out.begin(), out.end(), [&](auto const& listed) { return listed.file == config; }))
        others.push_back(unlisted_run(entry.path()));
    }
    std::sort(others.begin(), others.end(), [](auto const& a, auto const& b) { return a.name < b.name; });
    std::move(others.begin(), others.end(), std::back_inserter(out));
  } else if (is_run_folder(dir)) {
    out.push_back(unlisted_run(dir));
  } else {
    for (auto const& entry : fs::directory_iterator(dir)) {
      std::string const file = entry.path().string();
      std::string const name = entry.path().filename().string();
      if (entry.is_directory(ec) && is_run_folder(file)) out.push_back(unlisted_run(entry.path()));
      else if (entry.is_regular_file(ec) && (detail::has_extension(file, ".json") || detail::is_yaml_path(file)))
        out.push_back({name, file});
      else if (also && also(file)) out.push_back({name, file});
    }
    std::sort(out.begin(), out.end(), [](auto const& a, auto const& b) { return a.name < b.name; });
  }
  // Each run a name of its own: two points of one overrides (from other files or presets)
  // are told apart by their files.
  std::map<std::string, std::size_t> uses;
  for (auto const& listed : out) ++uses[listed.name];
  for (auto& listed : out) {
    if (uses[listed.name] > 1) {
      fs::path const file(listed.file);
      listed.name += " [" + (file.filename() == "config.json" ? file.parent_path() : file).filename().string() + "]";
    }
  }
  if (out.empty())
    throw usage_error("no configs in " + detail::quoted(dir) + ": expected *.json, *.yaml or *.yml files, run " +
                      "folders (each with its config.json), a sweep's " + manifest_name + " or an app's " +
                      std::string(multirun_manifest));
  return out;
}

}  // namespace glasses::app_detail
