#include <glasses/config/error.hpp>
#include <glasses/config/file.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace glasses::detail {
namespace {

[[noreturn]] void fail(std::string const& path, std::string message) {
  throw config_error(path, {{"", std::move(message)}});
}

std::string os_error(int error) { return std::strerror(error); }

}  // namespace

void write_file_atomically(std::string const& target, std::string_view text) {
  write_file_atomically(target, std::vector<std::string_view>{text});
}

void write_file_atomically(std::string const& target, std::vector<std::string_view> const& pieces) {
  std::filesystem::path path = target;
  std::filesystem::path folder = path.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    fail(target, "cannot save: the folder " + detail::quoted(folder.string()) + " does not exist; create it first");

  // Hidden, beside the target, so that the rename stays on one file system.
  std::string name = path.filename().string();
  name.insert(0, 1, '.');
  name.append(".XXXXXX");
  std::string temporary = (folder / name).string();
  int fd = ::mkstemp(temporary.data());
  if (fd < 0) fail(target, "cannot save: creating a temporary file in " + detail::quoted(folder.string()) + " failed: " + os_error(errno));

  auto abandon = [&](std::string const& what) {
    int error = errno;
    ::close(fd);
    ::unlink(temporary.c_str());
    fail(target, "cannot save: " + what + " failed: " + os_error(error) + "; the previous file, if any, is unchanged");
  };
  for (std::string_view text : pieces)
    for (std::size_t written = 0; written < text.size();) {
      ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) abandon("writing");
      written += static_cast<std::size_t>(n);
    }
  // Files from mkstemp are private (0600); a saved config is as readable as any new file.
  mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0) abandon("setting permissions");
  if (::fsync(fd) != 0) abandon("flushing to disk");
  if (::close(fd) != 0) {
    int error = errno;
    ::unlink(temporary.c_str());
    fail(target, "cannot save: closing the temporary file failed: " + os_error(error));
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temporary.c_str());
    fail(target, "cannot save: replacing the file failed: " + os_error(error) + "; the previous file, if any, is unchanged");
  }
}

std::string read_file(std::string const& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(path, "cannot load: this is a folder, not a config file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot load: " + os_error(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) fail(path, "cannot load: reading failed: " + os_error(errno));
  return std::move(text).str();
}

}  // namespace glasses::detail
