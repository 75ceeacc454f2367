// Launchers: a sweep's points handed to an engine that runs them. Each writes one script,
// DIR/sweep.sbatch, that runs point i of the sweep from its index, and that serves all of
// them: Slurm runs it as an array job (the index from SLURM_ARRAY_TASK_ID), Kubernetes as
// an Indexed Job (JOB_COMPLETION_INDEX), and the local launcher runs it here once a point,
// in order. A point whose run folder holds `done` is skipped, so a resubmitted or rerun
// sweep resumes where it stopped.
#ifndef GLASSES_LAUNCH_HPP
#define GLASSES_LAUNCH_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glasses {

/// One point of a sweep as a launcher sees it.
struct launch_point {
  /// Its config file.
  std::string config;
  /// Its run folder: the command's output goes to `output.log` there, and `done` marks
  /// success.
  std::string run_dir;
};

enum class launcher { local, slurm, k8s };

struct launch_options {
  /// The shell command run for each point, in its run folder. `{config}`, `{dir}` and
  /// `{index}` stand for the point's config file, run folder and index, in quotes or not
  /// ('', "", $'', within $(...) and backquotes); `\{config}` is the text, as is one in a
  /// # comment. One after a heredoc (<<) is refused: its body is not read.
  std::string command = {};
  /// At most this many points at once (Slurm's `%P`, Kubernetes' `parallelism`); 0: no limit.
  std::size_t parallel = 0;
  /// More sbatch options, e.g. "--time=01:00:00 --gres=gpu:1".
  std::string sbatch = {};
  /// The job's name; empty for the sweep folder's own (detail::job_name_for), so that two
  /// sweeps' Kubernetes jobs, whose names must differ, never collide.
  std::string name = {};
  /// The container image of the Kubernetes job; its pods must see the sweep folder at the
  /// same path (a shared volume, `volume_claim`).
  std::string image = {};
  std::string volume_claim = {};
};

/// The launcher that `name` names ("local", "slurm" or "k8s"); throws config_error otherwise.
launcher launcher_named(std::string_view name);

/// Throws config_error when `options` cannot launch with `kind` from the folder `dir` (or
/// one below it): a command without `{config}`, a setting that `kind` does not use (local
/// runs one point at a time and uses none), a Kubernetes job without its image or volume
/// claim, or a Slurm log folder whose path an #SBATCH line cannot hold.
void check_launch(launch_options const& options, launcher kind, std::string const& dir);

/// Writes `dir/sweep.sbatch` for the points, and `dir/sweep.k8s.yaml` for Kubernetes.
/// Paths are made absolute, so that the script runs from anywhere. Throws config_error for
/// what check_launch refuses, an empty sweep, or a file that cannot be written. Returns the
/// script's path.
std::string write_launch_script(std::string const& dir, std::vector<launch_point> const& points,
                                launch_options const& options, launcher kind);

/// Runs the script once a point, in order, here; a failing point does not stop the others
/// (the script says how each ended, on standard output, or on standard error with
/// `to_stderr`, which leaves standard output to the caller's data). Returns how many points
/// failed.
std::size_t run_locally(std::string const& script, std::size_t count, bool to_stderr = false);

/// What to tell the user after writing the script: how to start it, or that it ran.
std::string launch_instructions(std::string const& script, launcher kind);

namespace detail {
/// A setting of launch_options that a launcher does not use, by its flag, and the
/// launchers that do.
struct unused_setting {
  std::string_view flag;
  std::string_view used_by;
};
/// The first setting of `options` that `kind` does not use; with no launcher, the first
/// setting made at all.
std::optional<unused_setting> setting_unused_by(launch_options const& options, std::optional<launcher> kind);

/// The job name of the sweep in the folder `dir` (absolute): `glasses-`, the folder's name
/// as a Kubernetes name takes it (lower case letters, digits and dashes, at most 30 of them),
/// and 8 hex digits of the path's hash, for folders of one name in different places.
std::string job_name_for(std::string const& dir);

/// `text` as one word of a POSIX shell, whatever it holds.
std::string shell_quoted(std::string_view text);
/// The same for a launch command, in which a `{dir}` of the text stays text.
std::string shell_quoted_literally(std::string_view text);
}  // namespace detail

}  // namespace glasses

#endif
