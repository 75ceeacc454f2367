// glasses::app: Hydra's command line for any config type, in one call.
//
//   int main(int argc, char** argv) {
//     return glasses::app<TrainConfig>(argc, argv, [](TrainConfig const& config, glasses::run_info const& run) {
//       train(config, run.dir);
//     });
//   }
//
// gives `prog [--preset NAME] [--config FILE]... [PATH=VALUE]... [flags]`: layers in order
// (T{} or the preset, each file, the overrides), validation of the result, `--help`,
// `--cfg`, `--explain`, `--schema`, `--hash` (with `-m`, for each point, labelled by its
// overrides), multiruns (`-m`) that resume, and a run folder per config. The work is done
// out of line (src/app/), over the config's sink and app_model: including this header
// costs no CLI11 and no LibTorch. glasses/tool.hpp gives the same types the `glasses`
// command's subcommands.
#ifndef GLASSES_APP_HPP
#define GLASSES_APP_HPP

#include <glasses/config/diff.hpp>
#include <glasses/config/file.hpp>
#include <glasses/config/fingerprint.hpp>
#include <glasses/config/json_value.hpp>
#include <glasses/config/print.hpp>
#include <glasses/config/register.hpp>
#include <glasses/config/schema.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace glasses {

/// What an app says about itself, and its defaults.
struct app_options {
  /// The first lines of `--help`.
  std::string description;
  /// Where run folders go unless `--run-dir` says otherwise.
  std::string run_dir = "runs";
};

/// What a job knows about its run.
struct run_info {
  /// The run folder, `<run-dir>/<fingerprint>` as an absolute path (a job may change its
  /// working directory): it holds config.json, overrides.json and origin.json, and gets
  /// `done` when the job succeeds.
  std::string dir;
  std::string fingerprint;
  /// The point of a multirun, from 0, and how many there are (1 for a single run).
  std::size_t index = 0;
  std::size_t count = 1;
  /// The command line's overrides that made this run.
  std::vector<std::string> overrides;
};

namespace detail {

/// The config type as the out-of-line app and tools see it.
struct app_model {
  std::string_view type_name;
  sink const* root;
  void* (*make)(std::string_view preset);  // T{} when `preset` is empty; throws config_error
  void* (*copy)(void const*);
  void (*destroy)(void*) noexcept;
  std::vector<std::string_view> (*presets)();
  std::string (*dump)(void const*, dump_options);
  std::string (*yaml)(void const*);
  boost::json::value (*to_json)(void const*);
  std::string (*tree)(void const*, tree_options);
  std::string (*fingerprint)(void const*);
  config_diff (*diff)(void const* before, void const* after);
  std::string (*schema)();
};

template <class T> app_model const& app_model_of() {
  static app_model const model{
      type_name<T>(),
      &sink_for<T>,
      [](std::string_view name) -> void* { return name.empty() ? new T() : new T(preset<T>(name)); },
      [](void const* config) -> void* { return new T(*static_cast<T const*>(config)); },
      [](void* config) noexcept { delete static_cast<T*>(config); },
      &preset_names<T>,
      [](void const* config, dump_options options) { return dump(*static_cast<T const*>(config), options); },
      [](void const* config) { return dump_yaml(*static_cast<T const*>(config)); },
      [](void const* config) { return to_json(*static_cast<T const*>(config)); },
      [](void const* config, tree_options options) { return to_tree(*static_cast<T const*>(config), options); },
      [](void const* config) { return fingerprint(*static_cast<T const*>(config)); },
      [](void const* before, void const* after) {
        return diff(*static_cast<T const*>(before), *static_cast<T const*>(after));
      },
      [] { return dump(json_schema<T>(), {2}); },
  };
  return model;
}

using app_job = std::function<int(void const* config, run_info const& run)>;
int run_app(int argc, char** argv, app_model const& model, app_job const& job, app_options const& options);

}  // namespace detail

/// Runs `job(config, run)` on the config that the command line describes, once, or once a
/// point with `--multirun`. `job` returns void or an int status. Returns the exit status:
/// 0 success, 1 when a job failed (threw or returned non-zero; a single run returns the
/// job's own status when it is 1 to 255, which an exit status can carry, else 1), 2 for a
/// usage or config error, 75 when another process was running the config in its run folder
/// (nothing ran here). Errors go to stderr, one a line.
template <class T, class Job> int app(int argc, char** argv, Job job, app_options const& options = {}) {
  using result = std::invoke_result_t<Job&, T const&, run_info const&>;
  static_assert(std::is_void_v<result> || std::is_convertible_v<result, int>,
                "glasses::app: the job returns void or an int exit status");
  return detail::run_app(
      argc, argv, detail::app_model_of<T>(),
      [&job](void const* config, run_info const& run) -> int {
        if constexpr (std::is_void_v<result>) {
          job(*static_cast<T const*>(config), run);
          return 0;
        } else {
          return static_cast<int>(job(*static_cast<T const*>(config), run));
        }
      },
      options);
}

}  // namespace glasses

#endif
