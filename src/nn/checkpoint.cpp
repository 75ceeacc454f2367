// Reading a checkpoint: the safetensors file opened once, its header validated, and each
// tensor read with pread into where it goes. Not a mapping: a file truncated or rewritten
// while it loads must be a config_error, where a mapping dies with SIGBUS.
#include <glasses/nn/pretrained.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glasses::nn {
namespace detail {
namespace {

std::string error_text(int error) { return std::strerror(error); }

struct read_result {
  std::size_t done;  // bytes read: fewer than asked where the file ends or a read failed
  int error;         // the errno of the read that failed, or 0
};

/// `count` bytes at `offset`, read again after a short read or EINTR (pread may return less
/// than asked, and at most about 2 GiB a call).
read_result read_at(int fd, char* to, std::size_t count, std::uint64_t offset) {
  std::size_t done = 0;
  while (done < count) {
    ssize_t n = ::pread(fd, to + done, count - done, static_cast<off_t>(offset + done));
    if (n > 0) done += static_cast<std::size_t>(n);
    else if (n == 0) return {done, 0};
    else if (errno != EINTR) return {done, errno};
  }
  return {done, 0};
}

std::int64_t nanoseconds(timespec const& t) { return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec; }

safetensors::header read_header(int fd, std::uint64_t size, std::string const& path) {
  std::string head(8, '\0');
  auto [got, error] = read_at(fd, head.data(), head.size(), 0);
  if (error) throw config_error(path, {{"", "cannot read the checkpoint's header: " + error_text(error)}});
  head.resize(got);
  std::uint64_t const length = safetensors::header_length(head, size, path);
  head.resize(8 + length);
  auto [read, read_error] = read_at(fd, head.data() + 8, length, 8);
  if (read_error) throw config_error(path, {{"", "cannot read the checkpoint's header: " + error_text(read_error)}});
  if (read < length)
    throw config_error(path, {{"", "the file ended after " + std::to_string(8 + read) + " of the header's " +
                                       std::to_string(8 + length) +
                                       " bytes: it was truncated while loading; load it again once whatever writes "
                                       "it is done"}});
  return safetensors::parse_header(head, size, path);
}

}  // namespace

checkpoint::checkpoint(std::string path) : path_(std::move(path)) {
  // O_NONBLOCK, so that a FIFO is refused below instead of waiting for a writer.
  fd_ = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw config_error(path_, {{"", "cannot open the checkpoint: " + error_text(errno)}});
  try {
    struct stat info {};
    if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode))
      throw config_error(path_, {{"", "cannot read the checkpoint: not a regular file (a folder, a FIFO or a device)"}});
    // A file system may honour O_NONBLOCK on regular files too, and answer EAGAIN mid-read.
    if (int const flags = ::fcntl(fd_, F_GETFL); flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK) != 0)
      throw config_error(path_, {{"", "cannot read the checkpoint: " + error_text(errno)}});
    size_ = static_cast<std::uint64_t>(info.st_size);
    modified_ = nanoseconds(info.st_mtim);
    header_ = read_header(fd_, size_, path_);
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

checkpoint::~checkpoint() { ::close(fd_); }

void checkpoint::read(safetensors::tensor_entry const& t, void* to) const {
  std::size_t const bytes = t.end - t.begin;
  auto [done, error] = read_at(fd_, static_cast<char*>(to), bytes, header_.data_offset + t.begin);
  if (error) throw config_error(path_, {{t.name, "cannot read the tensor's bytes: " + error_text(error)}});
  if (done < bytes)
    throw config_error(path_, {{t.name, "the file ended after " + std::to_string(done) + " of the tensor's " +
                                            std::to_string(bytes) + " bytes (it had " + std::to_string(size_) +
                                            " bytes when opened): it was truncated or rewritten while loading; "
                                            "load it again once whatever writes it is done"}});
}

void checkpoint::check_unchanged() const {
  struct stat info {};
  if (::fstat(fd_, &info) != 0)
    throw config_error(path_,
                       {{"", "cannot check that the checkpoint did not change while loading: " + error_text(errno)}});
  auto const size = static_cast<std::uint64_t>(info.st_size);
  if (size == size_ && nanoseconds(info.st_mtim) == modified_) return;
  std::string what = size != size_
                         ? "its size went from " + std::to_string(size_) + " to " + std::to_string(size) + " bytes"
                         : "it was modified, at the same size";
  throw config_error(path_, {{"", "the file changed while it was loading (" + what +
                                      "): the weights read may mix two versions of it; load it again once whatever "
                                      "writes it is done"}});
}

std::string const& checkpoint::metadata(std::string const& key) const {
  auto it = header_.metadata.find(key);
  if (it == header_.metadata.end())
    throw config_error(path_, {{"__metadata__." + key,
                                "missing: the file was not written by save_pretrained or scripts/export_torchvision.py; "
                                "build the model yourself and use load_weights"}});
  return it->second;
}

void check_fingerprint(checkpoint const& file, std::string const& computed) {
  auto stored = file.header().metadata.find("glasses_fingerprint");
  if (stored == file.header().metadata.end() || stored->second == computed) return;
  throw config_error(file.path(),
                     {{"__metadata__.glasses_fingerprint",
                       "expected " + computed + ", the fingerprint of the stored config, but the file stores " +
                           glasses::detail::quoted(stored->second) +
                           ": the config was edited after saving, or its type has gained or lost fields since; "
                           "compare the stored config (the header's __metadata__.glasses_config) with the model you "
                           "meant, and pass {.check_fingerprint = false} to from_pretrained to load it anyway"}});
}

}  // namespace detail
}  // namespace glasses::nn
