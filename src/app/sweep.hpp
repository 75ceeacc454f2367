// Sweeps: the points of a grid, and a sweep written to a folder (a config file a point and
// manifest.jsonl). Launchers (a local loop, Slurm arrays, Kubernetes indexed jobs) start
// from the points that write_sweep returns.
#ifndef GLASSES_SRC_APP_SWEEP_HPP
#define GLASSES_SRC_APP_SWEEP_HPP

#include <glasses/app.hpp>
#include <glasses/launch.hpp>

#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace glasses::app_detail {

/// The overrides of each point of the grid that the comma lists of `overrides` make, the
/// last override varying fastest. Throws config_error for a malformed override, a path
/// given twice, or more than 10,000 points.
std::vector<std::vector<std::string>> grid_points(std::vector<std::string> const& overrides);

/// A written point: its config file, the overrides that made it, and its fingerprint.
struct written_point {
  std::string file;
  std::vector<std::string> overrides;
  std::string fingerprint;
};

/// The point's line of manifest.jsonl: `{"overrides":[...],"file":...,"fingerprint":...}`.
std::string manifest_line(written_point const& point);

/// Writes a point's config into `dir`, named by its fingerprint (`dir/<fingerprint>.json`).
written_point write_point(detail::app_model const& model, void const* config, std::vector<std::string> overrides,
                          std::string const& dir);
/// "4 configs", or, when points are equal, "4 points as 3 config files (equal points share one)".
std::string sweep_summary(std::vector<written_point> const& points);
/// Creates the folder `dir` and those above it; a config_error naming `dir` when it cannot,
/// which names a file that is in the way. `what` says what the folder is for: "run folder".
void create_folder(std::string const& dir, std::string_view what);

/// Writes `dir/manifest.jsonl`, a line a point.
void write_manifest(std::vector<written_point> const& points, std::string const& dir);

/// Writes each point of the grid that `overrides` make from `base` into `dir` as the point
/// is made, named by its fingerprint (`dir/<fingerprint>.json`), then `dir/manifest.jsonl`,
/// a line a point. Memory is one config and the manifest. A point whose overrides fail
/// throws config_error naming the point; the points before it stay written. A path by a
/// former name is a warning in `warnings`, once for the grid.
std::vector<written_point> write_sweep(detail::app_model const& model, void const* base,
                                       std::vector<std::string> const& overrides, std::string const& dir,
                                       std::vector<issue>& warnings);

/// How a sweep's points are launched: `--launcher` and what goes with it.
struct launch_flags {
  std::string launcher;  // empty: none
  launch_options options;
};

/// Adds --launcher, --parallel, --sbatch, --image and --volume-claim to `parser`, and --run
/// when the command each point runs is the user's to give (`sweep`; an app runs itself).
void add_launch_flags(CLI::App& parser, launch_flags& flags, bool with_run);

/// Refuses a launcher's setting (--parallel, --sbatch, --image, --volume-claim) given
/// without a launcher, which would drop it without a word.
void refuse_settings_without_launcher(launch_flags const& flags);

/// Writes the launcher's script for the points into `dir`, then runs them here (local) or
/// says how to submit them, on standard output, or on standard error with `to_stderr` (for
/// `--json`, whose standard output is data). Returns the exit status: 0, or 1 when a point
/// run here failed.
int launch(launch_flags const& flags, std::string const& dir, std::vector<launch_point> const& points,
           bool to_stderr = false);

/// What an app's multirun appends to in its --run-dir: a line a point, as it ends.
inline constexpr std::string_view multirun_manifest = "multirun.jsonl";

/// What made the run in `folder`, its overrides.json (program, preset, files, overrides); an
/// empty object when the file is absent or holds no JSON object.
boost::json::object run_record(std::string const& folder);

/// A config that a folder holds, and the name a comparison gives its run.
struct listed_config {
  std::string name;
  std::string file;
  bool failed = false;  // a multirun's point whose last run failed
};

/// The configs of a folder, in the order they ran or by name:
/// - a sweep's: the points of its manifest.jsonl, named by their overrides;
/// - an app's run folder (`--run-dir`): the config.json of each point its multirun.jsonl
///   lists, named by its overrides, each folder once, then the other run folders in it;
/// - a run folder: its config.json;
/// - otherwise its *.json, *.yaml and *.yml files and the config.json of each run folder in
///   it, by name, and the other files that `also` reads (a program's checkpoints), which it
///   is told of and returns whether to list.
/// A run folder that no multirun lists is named by the overrides of its overrides.json, or
/// by its folder when it has none.
/// Throws config_error for a manifest line that is not a point, and usage_error for a folder
/// of no configs.
std::vector<listed_config> configs_in(std::string const& dir,
                                      std::function<bool(std::string const& file)> const& also = {});

}  // namespace glasses::app_detail

#endif
