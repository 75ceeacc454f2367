// Configs in files, written atomically: YAML for paths that end in .yaml or .yml, pretty JSON
// for any other.
#ifndef GLASSES_CONFIG_FILE_HPP
#define GLASSES_CONFIG_FILE_HPP

#include <glasses/config/json_read.hpp>
#include <glasses/config/json_write.hpp>
#include <glasses/config/yaml.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace glasses {
namespace detail {
/// Writes `text` to a temporary file beside `path`, then renames it over `path`, so that a
/// failure or a crash leaves the previous file or the new one, complete. A symbolic link stays
/// and its target is replaced; a replaced file keeps its permissions. Throws config_error
/// naming the file.
void write_file_atomically(std::string const& path, std::string_view text);
/// The same for a file made of several pieces, written one after another without copying.
void write_file_atomically(std::string const& path, std::vector<std::string_view> const& pieces);
/// The whole text file, at most `max_size` bytes, less a byte order mark at its start (so
/// that a position in it is where an editor shows it). Throws config_error naming the file
/// when it can't be read, is larger, or is not a regular file (a folder, a FIFO, a device).
std::string read_file(std::string const& path, std::size_t max_size);
/// Whether `path` ends in `extension` (written in lower case), in any case: `.SAFETENSORS`.
bool has_extension(std::string_view path, std::string_view extension) noexcept;
/// Whether `path` names a YAML file: it ends in .yaml or .yml, in any case.
bool is_yaml_path(std::string_view path) noexcept;
/// Reads the file (read_file) into `target`, as YAML or JSON by its extension.
void parse_file_into(std::string const& path, sink const& root, void* target, load_options const& options);
}  // namespace detail

// Paths are std::string, which std::filesystem::path converts to: <filesystem> alone would
// add a sixth to the compile time of every unit that includes the core.

/// Writes the config with a final newline: as dump_yaml writes it for a .yaml or .yml path
/// (`options` apply to JSON only), else as JSON with a 2-space indent.
template <class T> void save(T const& config, std::string const& path, dump_options options = {2}) {
  if (detail::is_yaml_path(path)) return detail::write_file_atomically(path, dump_yaml(config));
  std::string text = dump(config, options);
  text += '\n';
  detail::write_file_atomically(path, text);
}

/// Reads a config file, YAML for a .yaml or .yml path, else JSON; messages in the
/// config_error start with the file's name.
template <class T> T load(std::string const& path, load_options const& options = {}) {
  T result{};
  detail::parse_file_into(path, detail::sink_for<T>, &result, options);
  return result;
}

/// Layers a config file onto `config` (see merge): keys the file leaves out keep their
/// values. All or nothing; messages start with the file's name.
template <class T> void load_into(T& config, std::string const& path, load_options const& options = {}) {
  T changed = config;
  detail::parse_file_into(path, detail::sink_for<T>, &changed, options);
  config = std::move(changed);
}

}  // namespace glasses

#endif
