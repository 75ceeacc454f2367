// Launchers: one script a sweep, run by Slurm, Kubernetes or here.
#include <glasses/launch.hpp>

#include <glasses/config/error.hpp>
#include <glasses/config/file.hpp>
#include <glasses/config/fingerprint.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace glasses {
namespace {

namespace fs = std::filesystem;

/// A YAML scalar that reads back as `text`: JSON's string syntax is YAML's double-quoted one.
std::string yaml_quoted(std::string_view text) { return boost::json::serialize(boost::json::string(text)); }

std::string absolute(std::string const& path) { return fs::absolute(path).lexically_normal().string(); }

/// The user's command with its placeholders bound to the script's variables, whether it
/// names {config}, and why it cannot be bound (or empty). The command is shell text, read
/// as far as quoting goes: a placeholder in quotes ('', "", $'') is bound by closing them
/// around the variable, also within $(...) and backquotes; one after a backslash,
/// \{config}, is text, as is one in a # comment. A heredoc's body is not read, so a
/// placeholder after << is refused.
struct bound_command {
  std::string text;
  bool names_config = false;
  std::string problem;
};
bound_command bind_placeholders(std::string_view command) {
  static constexpr std::string_view variables[] = {"config", "dir", "index"};
  // What the text is in, innermost last: plain words, a '...' or "..." or $'...' string, a
  // $(...) or (...) group, `...`.
  // $((...)) and ((...)) are arithmetic, held as one level a parenthesis, where << shifts.
  enum class in { words, single, double_quoted, ansi_c, group, backquoted, arithmetic };
  std::vector<in> context{in::words};
  bound_command bound;
  bool heredoc = false;
  auto word_starts = [&](std::size_t i) { return i == 0 || std::string_view(" \t\n;&|()").find(command[i - 1]) != std::string_view::npos; };
  for (std::size_t i = 0; i < command.size();) {
    char const c = command[i];
    char const next = i + 1 < command.size() ? command[i + 1] : '\0';
    in const now = context.back();
    bool const plain = now == in::words || now == in::group || now == in::backquoted;
    auto const variable = std::find_if(std::begin(variables), std::end(variables), [&](std::string_view name) {
      std::string_view const rest = command.substr(i);
      return rest.size() > name.size() + 1 && rest[0] == '{' && rest.substr(1, name.size()) == name &&
             rest[name.size() + 1] == '}';
    });
    if (c == '{' && variable != std::end(variables)) {
      std::string_view const name = *variable;
      if (heredoc) {
        bound.problem.append("{").append(name).append(
            "} comes after a heredoc (<<), whose text is not read; pass it to the command before, e.g. "
            "config={config}; cat <<EOF ... $config");
        return bound;
      }
      // In quotes, the quotes close around the variable: '...'"$config"'...'. g++ 12 sees a
      // false overlap in `"..." + name + "..."` (-Wrestrict): appended instead.
      if (now == in::single) bound.text.append("'\"$").append(name).append("\"'");
      else if (now == in::ansi_c) bound.text.append("'\"$").append(name).append("\"$'");
      else if (now == in::double_quoted) bound.text.append("${").append(name).append("}");
      else bound.text.append("\"$").append(name).append("\"");
      bound.names_config = bound.names_config || name == "config";
      i += name.size() + 2;
      continue;
    }
    std::size_t length = 1;
    if (now == in::single) {
      if (c == '\'') context.pop_back();
    } else if (c == '\\') {
      length = 2;  // an escaped character is itself, in words, "..." and $'...' alike
    } else if (now == in::ansi_c) {
      if (c == '\'') context.pop_back();
    } else if (now == in::arithmetic) {
      if (c == '(') context.push_back(in::arithmetic);
      else if (c == ')') context.pop_back();
    } else if (now == in::double_quoted) {
      if (c == '"') context.pop_back();
      else if (c == '$' && next == '(') context.push_back(in::group), length = 2;
      else if (c == '`') context.push_back(in::backquoted);
    } else if (plain && c == '#' && word_starts(i)) {
      length = std::min(command.find('\n', i), command.size()) - i;  // a comment, to the end of its line
    } else if (plain) {
      if (c == '\'') context.push_back(in::single);
      else if (c == '"') context.push_back(in::double_quoted);
      else if (c == '$' && next == '\'') context.push_back(in::ansi_c), length = 2;
      else if (command.substr(i, 3) == "$((") context.insert(context.end(), 2, in::arithmetic), length = 3;
      else if (c == '(' && next == '(') context.insert(context.end(), 2, in::arithmetic), length = 2;
      else if (c == '$' && next == '(') context.push_back(in::group), length = 2;
      else if (c == '(') context.push_back(in::group);
      else if (c == ')' && now == in::group) context.pop_back();
      else if (c == '`') now == in::backquoted ? context.pop_back() : context.push_back(in::backquoted);
      else if (c == '<' && next == '<' && command.substr(i, 3) != "<<<") heredoc = true;
    }
    bound.text.append(command.substr(i, length));
    i += length;
  }
  return bound;
}

std::string slurm_header(std::size_t count, launch_options const& options, std::string const& dir) {
  std::string header = "#SBATCH --job-name=" + options.name + "\n#SBATCH --array=0-" + std::to_string(count - 1);
  if (options.parallel != 0) header.append(1, '%').append(std::to_string(options.parallel));
  // Slurm's own log, for what happens before the script reaches the point's run folder. In
  // quotes for a folder with spaces; a % of the folder's own is doubled, or Slurm would
  // read it as one of its patterns (%A is the array's job id, %a the task's index).
  std::string folder;
  for (char c : dir) c == '%' ? folder += "%%" : folder += c;
  header += "\n#SBATCH --output=\"" + folder + "/logs/%A_%a.out\"\n";
  if (!options.sbatch.empty()) header += "#SBATCH " + options.sbatch + "\n";
  return header;
}

std::string bash_array(std::string_view name, std::vector<std::string> const& words) {
  std::string line = std::string(name) + "=(";
  for (auto const& word : words) line += "\n  " + detail::shell_quoted(word);
  return line + "\n)\n";
}

std::string script_text(std::string const& dir, std::vector<launch_point> const& points, launch_options const& options) {
  std::vector<std::string> configs, run_dirs;
  for (auto const& point : points) {
    configs.push_back(absolute(point.config));
    run_dirs.push_back(absolute(point.run_dir));
  }
  std::string const count = std::to_string(points.size());
  std::string const command = bind_placeholders(options.command).text;
  return "#!/usr/bin/env bash\n"
         "# A glasses sweep of " + count + " points. Point i runs from its index: Slurm's array task,\n"
         "# Kubernetes' completion index, or the first argument (`bash sweep.sbatch 3`).\n"
         "# A point whose run folder holds `done` from this command (or from the program's own\n"
         "# run, an empty one) is skipped, so a rerun resumes; another command runs it again.\n" +
         slurm_header(points.size(), options, dir) +
         "set -uo pipefail\n"
         "index=${SLURM_ARRAY_TASK_ID:-${JOB_COMPLETION_INDEX:-${1:-}}}\n"
         "if ! [[ $index =~ ^[0-9]+$ ]] || (( 10#$index >= " + count + " )); then\n"
         "  echo \"sweep.sbatch: expected a point index from 0 to " + std::to_string(points.size() - 1) +
         " (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or the first argument), got '$index'\" >&2\n"
         "  exit 2\n"
         "fi\n"
         "index=$((10#$index))  # 010 is ten, not octal\n" +
         bash_array("configs", configs) + bash_array("run_dirs", run_dirs) +
         "config=${configs[index]}\n"
         "dir=${run_dirs[index]}\n"
         "command_id=" + detail::hex64(detail::xxh64(command)) + "\n"
         "if [[ -e $dir/done ]]; then\n"
         "  done_by=$(<\"$dir/done\")\n"
         "  if [[ -z $done_by || $done_by == \"$command_id\" ]]; then\n"
         "    echo \"point $index: $dir/done exists; skipped\"\n"
         "    exit 0\n"
         "  fi\n"
         "  echo \"point $index: done before by another command; running this one\"\n"
         "fi\n"
         "mkdir -p \"$dir\" && cd \"$dir\" && rm -f \"$dir/done\" || exit 2\n"
         "# The last run's log is kept: a copy of this point may be running still (an array\n"
         "# submitted again), and it writes on into the renamed file.\n"
         "if [[ -e $dir/output.log ]]; then mv -f \"$dir/output.log\" \"$dir/output.log.1\"; fi\n"
         "echo \"point $index: $config in $dir\"\n"
         "(\n"
         "set +u +o pipefail  # the command runs as in a plain shell: ${UNSET} is empty\n" +
         command +
         "\n) >\"$dir/output.log\" 2>&1  # on its own lines, so that a # comment ends in it\n"
         "status=$?\n"
         "# The command's hash, also over the empty done a glasses app writes itself, which\n"
         "# would count as done for any command.\n"
         "if (( status == 0 )); then echo \"$command_id\" >\"$dir/done\"; fi\n"
         "if (( status == 75 )); then echo \"point $index: another process is running it, so it did not run here\"; fi\n"
         "echo \"point $index: exit status $status (output in $dir/output.log)\"\n"
         "exit $status\n";
}

/// `text` as one shell word to paste: as is when the shell reads it so, quoted otherwise.
std::string shell_word(std::string_view text) {
  bool const plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("/._-+=:,@%").find(c) != std::string_view::npos;
  });
  return plain ? std::string(text) : detail::shell_quoted(text);
}

/// The deepest folder that holds the script and every run folder: what the pods mount.
fs::path shared_root(std::string const& dir, std::vector<launch_point> const& points) {
  fs::path root = absolute(dir);
  for (auto const& point : points) {
    fs::path run = absolute(point.run_dir);
    while (!root.empty() && std::mismatch(root.begin(), root.end(), run.begin(), run.end()).first != root.end())
      root = root.parent_path();
  }
  return root;
}

std::string k8s_job_text(std::string const& dir, std::string const& script, std::vector<launch_point> const& points,
                         launch_options const& options) {
  std::string const count = std::to_string(points.size());
  std::string const parallel = std::to_string(options.parallel == 0 ? points.size() : options.parallel);
  return "# A glasses sweep of " + count + " points as a Kubernetes Indexed Job: pod i runs point i of\n"
         "# sweep.sbatch. The volume must hold the sweep folder and the run folders at the same path.\n"
         "apiVersion: batch/v1\n"
         "kind: Job\n"
         "metadata:\n"
         "  name: " + yaml_quoted(options.name) + "\n"
         "spec:\n"
         "  completionMode: Indexed\n"
         "  completions: " + count + "\n"
         "  parallelism: " + parallel + "\n"
         "  # A failing point fails alone; the others go on.\n"
         "  backoffLimitPerIndex: 0\n"
         "  maxFailedIndexes: " + count + "\n"
         "  template:\n"
         "    spec:\n"
         "      restartPolicy: Never\n"
         "      containers:\n"
         "        - name: point\n"
         "          image: " + yaml_quoted(options.image) + "\n"
         "          command: [\"bash\", " + yaml_quoted(script) + "]\n"
         "          volumeMounts:\n"
         "            - name: sweep\n"
         "              mountPath: " + yaml_quoted(shared_root(dir, points).string()) + "\n"
         "      volumes:\n"
         "        - name: sweep\n"
         "          persistentVolumeClaim:\n"
         "            claimName: " + yaml_quoted(options.volume_claim) + "\n";
}

}  // namespace

std::string detail::shell_quoted(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

std::string detail::shell_quoted_literally(std::string_view text) {
  std::string word;
  for (char c : shell_quoted(text)) c == '{' ? word += "'\\{'" : word += c;
  return word;
}

std::optional<detail::unused_setting> detail::setting_unused_by(launch_options const& options,
                                                                std::optional<launcher> kind) {
  struct setting {
    bool made;
    unused_setting names;
    bool used_by_slurm, used_by_k8s;
  };
  setting const settings[] = {{options.parallel != 0, {"--parallel", "slurm or k8s"}, true, true},
                              {!options.sbatch.empty(), {"--sbatch", "slurm"}, true, false},
                              {!options.name.empty(), {"--job-name", "slurm or k8s"}, true, true},
                              {!options.image.empty(), {"--image", "k8s"}, false, true},
                              {!options.volume_claim.empty(), {"--volume-claim", "k8s"}, false, true}};
  for (auto const& s : settings) {
    bool const used = kind == launcher::slurm ? s.used_by_slurm : kind == launcher::k8s && s.used_by_k8s;
    if (s.made && !used) return s.names;
  }
  return std::nullopt;
}

std::string detail::job_name_for(std::string const& dir) {
  std::string name = "glasses-";
  for (char c : fs::path(dir).filename().string()) {
    if (name.size() == 8 + 30) break;
    bool const kept = std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80;
    if (kept) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (name.back() != '-') name += '-';
  }
  if (name.back() != '-') name += '-';
  return name + detail::hex64(detail::xxh64(dir)).substr(0, 8);
}

namespace {

// A job name the launcher takes as it is: sbatch reads an #SBATCH line's value up to a
// space, where `#` starts a comment, and Kubernetes names a Job's pods by a label of at most
// 63 lowercase letters, digits and '-'.
void refuse_job_name(std::string const& name, launcher kind) {
  bool const k8s = kind == launcher::k8s;
  auto const kept = [&](char c) {
    auto const u = static_cast<unsigned char>(c);
    if (u >= 0x80 || !(std::isalnum(u) || c == '-' || (!k8s && (c == '_' || c == '.')))) return false;
    return !k8s || !std::isupper(u);
  };
  bool const ends_fit = !k8s || (std::isalnum(static_cast<unsigned char>(name.front())) &&
                                 std::isalnum(static_cast<unsigned char>(name.back())));
  if (std::all_of(name.begin(), name.end(), kept) && ends_fit && (!k8s || name.size() <= 63)) return;
  std::string suggested;
  for (char c : name) {
    char const lower = k8s ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
    if (kept(lower)) suggested += lower;
    else if (!suggested.empty() && suggested.back() != '-') suggested += '-';
  }
  if (k8s && suggested.size() > 63) suggested.resize(63);
  auto const dash = [](char c) { return c == '-'; };
  while (!suggested.empty() && dash(suggested.back())) suggested.pop_back();
  if (k8s) suggested.erase(suggested.begin(), std::find_if_not(suggested.begin(), suggested.end(), dash));
  std::string const rule = k8s ? "at most 63 lowercase letters, digits and '-', starting and ending with a letter or "
                                 "digit, as Kubernetes names a Job's pods"
                               : "letters, digits, '-', '_' and '.': sbatch reads an #SBATCH line's value up to a "
                                 "space, and # starts a comment";
  throw config_error("--job-name", {{"", "expected a job name of " + rule + ", got " + detail::quoted(name) +
                                             (suggested.empty() ? "" : "; e.g. --job-name " + suggested)}});
}

}  // namespace

launcher launcher_named(std::string_view name) {
  if (name == "local") return launcher::local;
  if (name == "slurm") return launcher::slurm;
  if (name == "k8s") return launcher::k8s;
  throw config_error("--launcher", {{"", "expected local, slurm or k8s, got " + detail::quoted(name) +
                                             detail::did_you_mean(name, {"local", "slurm", "k8s"})}});
}

void check_launch(launch_options const& options, launcher kind, std::string const& dir) {
  // Each goes on one #SBATCH line of the script: a line break would end it there.
  using setting = std::pair<std::string_view, std::string_view>;
  for (auto [flag, text] : {setting{"--sbatch", options.sbatch}, setting{"--job-name", options.name}})
    if (text.find_first_of("\n\r") != std::string_view::npos)
      throw config_error(std::string(flag), {{"", "expected options on one line, got " + detail::quoted(text) +
                                                      "; separate sbatch options with spaces"}});
  if (!options.name.empty() && kind != launcher::local) refuse_job_name(options.name, kind);
  bound_command const bound = bind_placeholders(options.command);
  if (!bound.problem.empty()) throw config_error("--run", {{"", bound.problem}});
  if (!bound.names_config)
    throw config_error("--run", {{"", "the command " + detail::quoted(options.command) +
                                          " does not name {config}, so every point would run the same thing; "
                                          "write where the config file goes, e.g. --run \"prog --config {config}\""}});
  if (auto unused = detail::setting_unused_by(options, kind)) {
    std::string_view const name = kind == launcher::local ? "local" : kind == launcher::slurm ? "slurm" : "k8s";
    throw config_error(std::string(unused->flag),
                       {{"", "--launcher " + std::string(name) + " does not use it" +
                                 (kind == launcher::local ? " (it runs one point at a time, here)" : "") +
                                 "; --launcher " + std::string(unused->used_by) + " does. Leave it out, or launch "
                                 "with that"}});
  }
  if (kind == launcher::k8s && (options.image.empty() || options.volume_claim.empty()))
    throw config_error("--launcher k8s", {{"", "the job needs --image (a container image with the program) and "
                                                "--volume-claim (a persistent volume claim that holds the sweep "
                                                "folder and the run folders)"}});
  // #SBATCH lines take a quoted word, but no quote or line break within it.
  if (std::string const folder = absolute(dir); kind == launcher::slurm && folder.find_first_of("\"\\\n\r") != std::string::npos)
    throw config_error(dir, {{"", "Slurm cannot write its log into a folder whose path holds a double quote, a "
                                  "backslash or a line break (" + detail::quoted(folder) + "); choose another folder"}});
}

std::string write_launch_script(std::string const& dir, std::vector<launch_point> const& points,
                                launch_options const& given, launcher kind) {
  if (points.empty()) throw config_error(dir, {{"", "the sweep has no points to launch"}});
  check_launch(given, kind, dir);
  std::string const folder = absolute(dir);
  launch_options options = given;
  if (options.name.empty()) options.name = detail::job_name_for(folder);
  // Two points in one run folder would run at once and write over each other's files.
  std::vector<std::string> run_dirs;
  for (auto const& point : points) run_dirs.push_back(absolute(point.run_dir));
  std::sort(run_dirs.begin(), run_dirs.end());
  if (auto twice = std::adjacent_find(run_dirs.begin(), run_dirs.end()); twice != run_dirs.end())
    throw config_error(dir, {{"", "two points share the run folder " + detail::quoted(*twice) +
                                  "; launch each run folder once (equal configs make equal folders)"}});
  std::string const script = folder + "/sweep.sbatch";
  detail::write_file_atomically(script, script_text(folder, points, options));
  if (kind == launcher::k8s)
    detail::write_file_atomically(folder + "/sweep.k8s.yaml", k8s_job_text(folder, script, points, options));
  if (kind == launcher::slurm) fs::create_directories(folder + "/logs");
  return script;
}

std::size_t run_locally(std::string const& script, std::size_t count, bool to_stderr) {
  // An index from an enclosing Slurm or Kubernetes job would win over the argument: run without.
  std::vector<char*> environment;
  for (char** variable = environ; *variable != nullptr; ++variable)
    if (std::strncmp(*variable, "SLURM_ARRAY_TASK_ID=", 20) != 0 && std::strncmp(*variable, "JOB_COMPLETION_INDEX=", 21) != 0)
      environment.push_back(*variable);
  environment.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (to_stderr) posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  std::size_t failed = 0;
  for (std::size_t index = 0; index < count; ++index) {
    std::string const argument = std::to_string(index);
    char const* argv[] = {"bash", script.c_str(), argument.c_str(), nullptr};
    pid_t pid = 0;
    int status = 0;
    int const error = posix_spawnp(&pid, "bash", &actions, nullptr, const_cast<char**>(argv), environment.data());
    if (error != 0) {
      posix_spawn_file_actions_destroy(&actions);
      throw config_error("--launcher local", {{"", "cannot start bash to run " + detail::quoted(script) + ": " +
                                                   std::generic_category().message(error) + "; is bash on PATH?"}});
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  posix_spawn_file_actions_destroy(&actions);
  return failed;
}

std::string launch_instructions(std::string const& script, launcher kind) {
  std::string const folder = fs::path(script).parent_path().string();
  switch (kind) {
    case launcher::slurm:
      return "submit with: sbatch " + shell_word(script) + "\n(again after a failure: finished points are skipped)";
    case launcher::k8s: return "submit with: kubectl apply -f " + shell_word(folder + "/sweep.k8s.yaml");
    case launcher::local: break;
  }
  return "ran " + script + " here, point by point";
}

}  // namespace glasses
