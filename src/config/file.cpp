#include <glasses/config/error.hpp>
#include <glasses/config/file.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace glasses::detail {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(std::string const& path, std::string message) {
  throw config_error(path, {{"", std::move(message)}});
}

std::string os_error(int error) { return std::strerror(error); }

/// Closes on every way out, throws included.
struct descriptor {
  int fd;
  explicit descriptor(int fd) : fd(fd) {}
  descriptor(descriptor const&) = delete;
  descriptor& operator=(descriptor const&) = delete;
  ~descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

/// The temporary beside the target: once it has a name, removed on every way out but a
/// completed rename.
struct temporary_file : descriptor {
  std::string name;  // empty while the file is anonymous (O_TMPFILE)
  temporary_file() : descriptor(-1) {}
  ~temporary_file() {
    if (!name.empty()) ::unlink(name.c_str());
  }
};

// The rename must replace the file a link points to, not the link itself. 40 links in a row
// is where the kernel gives up too (ELOOP).
fs::path follow_links(std::string const& target) {
  fs::path path = target;
  for (int links = 0;; ++links) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
    if (links == 40)
      fail(target, "cannot save: the symbolic link leads through more than 40 links, which is likely a loop; "
                   "point it at a file");
    fs::path next = fs::read_symlink(path, ec);
    if (ec)
      fail(target,
           "cannot save: reading the symbolic link " + detail::quoted(path.string()) + " failed: " + ec.message());
    path = next.is_absolute() ? next : path.parent_path() / next;
  }
}

// Temporaries are named ".<target name>.glasses-<pid>-<random hex>".
std::string temporary_name(std::string const& prefix) {
  std::random_device random;
  std::uint64_t bits = std::uint64_t{random()} << 32 | random();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(bits));
  return prefix + std::to_string(::getpid()) + '-' + hex;
}

// A save killed before its rename leaves its temporary behind, and nobody else would ever
// remove it. A temporary whose process still lives may be a save in progress: it stays.
void remove_stale_temporaries(fs::path const& folder, std::string const& prefix) {
  std::error_code ec;
  for (fs::directory_iterator entry(folder, ec), end; !ec && entry != end; entry.increment(ec)) {
    std::string const name = entry->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    char const* last = name.data() + name.size();
    pid_t pid = 0;
    auto [dash, error] = std::from_chars(name.data() + prefix.size(), last, pid);
    if (error != std::errc() || pid <= 0 || dash == last || *dash != '-' || dash + 1 == last) continue;
    if (!std::all_of(dash + 1, last, [](unsigned char c) { return std::isxdigit(c); })) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) ::unlink(entry->path().c_str());
  }
}

// An anonymous file (O_TMPFILE) has no name until it is complete, so a crash while writing
// leaves nothing behind. File systems without it get a named file.
void create_temporary(temporary_file& file, fs::path const& folder, std::string const& prefix, mode_t mode) {
  file.fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
  if (file.fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) return;
  std::string name = temporary_name(prefix);
  file.fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (file.fd >= 0) file.name = std::move(name);
}

// Gives the complete anonymous file its temporary name, for rename() to move over the target.
bool name_temporary(temporary_file& file, std::string const& prefix) {
  std::string name = temporary_name(prefix);
  std::string const open_file = "/proc/self/fd/" + std::to_string(file.fd);
  bool named = ::linkat(AT_FDCWD, open_file.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0 ||
               // Without /proc (a chroot, a bare container); this one needs CAP_DAC_READ_SEARCH.
               (errno == ENOENT && ::linkat(file.fd, "", AT_FDCWD, name.c_str(), AT_EMPTY_PATH) == 0);
  if (named) file.name = std::move(name);
  return named;
}

// The rename is an entry in the folder: until the folder reaches the disk, a crash may bring
// back the previous file. Some file systems cannot sync a folder (EINVAL); nothing to do there.
void sync_folder(std::string const& target, fs::path const& folder) {
  descriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  int const error = dir.fd < 0 || ::fsync(dir.fd) != 0 ? errno : 0;
  if (error != 0 && error != EINVAL)
    fail(target, "the file is saved, but flushing its folder " + detail::quoted(folder.string()) + " to disk failed: " +
                     os_error(error) + "; a crash now could bring back the previous file");
}

void write_all(temporary_file const& file, std::vector<std::string_view> const& pieces, auto abandon) {
  for (std::string_view text : pieces)
    for (std::size_t written = 0; written < text.size();) {
      ssize_t n = ::write(file.fd, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) abandon("writing");
      written += static_cast<std::size_t>(n);
    }
}

// What the file is, in words, for refusing anything but a regular file.
char const* kind_of_file(mode_t mode) {
  return S_ISDIR(mode)    ? "a folder"
         : S_ISFIFO(mode) ? "a FIFO (named pipe)"
         : S_ISCHR(mode)  ? "a character device"
         : S_ISBLK(mode)  ? "a block device"
         : S_ISSOCK(mode) ? "a socket"
                          : "a special file";
}

[[noreturn]] void refuse_kind(std::string const& path, mode_t mode) {
  if (S_ISDIR(mode)) fail(path, "cannot load: this is a folder, not a config file");
  fail(path, std::string("cannot load: this is ") + kind_of_file(mode) +
                 ", not a regular file; save the config to a regular file, or pipe it to a command's - (stdin); in "
                 "C++, read its text and pass it to glasses::parse");
}

// Saving renames a new file over the target, which would put a regular file where a device
// or a pipe was (as root, /dev/null itself).
[[noreturn]] void refuse_to_replace(std::string const& target, mode_t mode) {
  if (S_ISDIR(mode)) fail(target, "cannot save: this is a folder; name a file in it to save to");
  fail(target, std::string("cannot save: this is ") + kind_of_file(mode) +
                   ", not a regular file, and saving replaces the file; save to a regular file, and copy it there "
                   "yourself if it must go there");
}

std::string size_text(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  char const* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  for (; value >= 1024 && unit + 1 < std::size(units); ++unit) value /= 1024;
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

constexpr char const* raise_the_limit =
    "; a config is rarely over a few KiB: is this the right file? (A program meant to read one this large raises "
    "load_options::max_file_size.)";

[[noreturn]] void refuse_size(std::string const& path, std::uint64_t size, std::size_t max_size) {
  std::string found = size_text(size), limit = size_text(max_size);
  // Rounded, a file just over the limit would read as the limit itself.
  if (found == limit) found = std::to_string(size) + " bytes", limit = std::to_string(max_size) + " bytes";
  fail(path, "cannot load: the file is " + found + ", over the limit of " + limit + raise_the_limit);
}

// At most max_size + 1 bytes: the file may have grown since fstat, or report no size at all
// (/proc).
std::string read_bounded(std::string const& path, int fd, std::size_t max_size, std::size_t expected) {
  std::string text;
  text.reserve(expected);
  char buffer[65536];
  for (;;) {
    std::size_t const room = max_size - text.size();
    ssize_t n = ::read(fd, buffer, room < sizeof buffer ? room + 1 : sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int const error = errno;
      fail(path, "cannot load: reading failed: " + os_error(error));
    }
    if (n == 0) return text;
    if (static_cast<std::size_t>(n) > room)
      fail(path, "cannot load: the file holds more than the limit of " + size_text(max_size) + raise_the_limit);
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

void write_file_atomically(std::string const& target, std::string_view text) {
  write_file_atomically(target, std::vector<std::string_view>{text});
}

void write_file_atomically(std::string const& target, std::vector<std::string_view> const& pieces) {
  if (target.empty()) fail(target, "cannot save: the file name is empty; name the file to write, e.g. run.json");
  // What the links lead to, asked of the kernel, which also follows those of /proc
  // (/dev/stdout to a pipe) that follow_links cannot.
  struct stat previous {};
  bool const replacing = ::stat(target.c_str(), &previous) == 0;
  if (replacing && !S_ISREG(previous.st_mode)) refuse_to_replace(target, previous.st_mode);
  fs::path const path = follow_links(target);
  fs::path folder = path.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    fail(target, "cannot save: the folder " + detail::quoted(folder.string()) + " does not exist; create it first");

  // Beside the target, so that the rename stays on one file system. (Built in place: g++ 12
  // -O3 sees a false overlap in "." + name, -Wrestrict.)
  std::string prefix = path.filename().string();
  prefix.insert(0, 1, '.');
  prefix += ".glasses-";
  remove_stale_temporaries(folder, prefix);
  // A new file gets 0666 less the umask, applied by the kernel: changing the umask to read it
  // would race with other threads. A replaced file keeps its permissions, and its temporary
  // starts no wider than them so that nobody can open it in between.
  temporary_file file;
  create_temporary(file, folder, (folder / prefix).string(), replacing ? previous.st_mode & 0777 : 0666);
  if (file.fd < 0) {
    int const error = errno;
    // Write permission on the file alone is not enough, which surprises.
    std::string const hint =
        error == EACCES ? "; saving replaces the file, which needs permission to write in its folder" : "";
    fail(target, "cannot save: creating a temporary file in " + detail::quoted(folder.string()) + " failed: " +
                     os_error(error) + hint);
  }

  auto abandon = [&](std::string const& what) {
    int const error = errno;
    fail(target, "cannot save: " + what + " failed: " + os_error(error) + "; the previous file, if any, is unchanged");
  };
  if (replacing && ::fchmod(file.fd, previous.st_mode & 07777) != 0) abandon("keeping the permissions");
  write_all(file, pieces, abandon);
  if (::fsync(file.fd) != 0) abandon("flushing to disk");
  if (file.name.empty() && !name_temporary(file, (folder / prefix).string())) abandon("naming the temporary file");
  int const fd = std::exchange(file.fd, -1);
  if (::close(fd) != 0) abandon("closing the temporary file");
  if (::rename(file.name.c_str(), path.c_str()) != 0) abandon("replacing the file");
  file.name.clear();
  sync_folder(target, folder);
}

bool has_extension(std::string_view path, std::string_view extension) noexcept {
  return path.size() >= extension.size() &&
         std::equal(extension.begin(), extension.end(), path.end() - static_cast<std::ptrdiff_t>(extension.size()),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

bool is_yaml_path(std::string_view path) noexcept { return has_extension(path, ".yaml") || has_extension(path, ".yml"); }

void parse_file_into(std::string const& path, sink const& root, void* target, load_options const& options) {
  std::string const text = read_file(path, options.max_file_size);
  if (is_yaml_path(path)) parse_yaml_into(text, root, target, options, path);
  else parse_into(text, root, target, options, path);
}

std::string read_file(std::string const& path, std::size_t max_size) {
  // Refused before opening: opening a device can act on it (a watchdog, a tape drive), and
  // opening a FIFO waits for a writer.
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) refuse_kind(path, status.st_mode);
  // Checked again on what was opened, in case the file was swapped in between; O_NONBLOCK
  // keeps that check from waiting on a FIFO.
  descriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (file.fd < 0 || ::fstat(file.fd, &status) != 0) {
    int const error = errno;
    fail(path, "cannot load: " + os_error(error));
  }
  if (!S_ISREG(status.st_mode)) refuse_kind(path, status.st_mode);
  if (static_cast<std::uint64_t>(status.st_size) > max_size)
    refuse_size(path, static_cast<std::uint64_t>(status.st_size), max_size);
  // A file system may honour O_NONBLOCK on regular files too, and answer EAGAIN mid-read.
  int const flags = ::fcntl(file.fd, F_GETFL);
  if (flags < 0 || ::fcntl(file.fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    int const error = errno;
    fail(path, "cannot load: " + os_error(error));
  }
  std::string text = read_bounded(path, file.fd, max_size, static_cast<std::size_t>(status.st_size));
  if (text.starts_with(byte_order_mark)) text.erase(0, byte_order_mark.size());
  return text;
}

}  // namespace glasses::detail
