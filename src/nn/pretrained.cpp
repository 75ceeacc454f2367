#include <glasses/nn/pretrained.hpp>

#include <torch/torch.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <ostream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace glasses::nn {
namespace {

using safetensors::dtype;

torch::ScalarType scalar_type(dtype type) {
  switch (type) {
    case dtype::F64: return torch::kDouble;
    case dtype::F32: return torch::kFloat;
    case dtype::F16: return torch::kHalf;
    case dtype::BF16: return torch::kBFloat16;
    case dtype::I64: return torch::kLong;
    case dtype::I32: return torch::kInt;
    case dtype::I16: return torch::kShort;
    case dtype::I8: return torch::kChar;
    case dtype::U8: return torch::kByte;
    case dtype::BOOL: return torch::kBool;
  }
  return torch::kFloat;
}

dtype file_type(torch::ScalarType type, std::string const& path, std::string const& name) {
  switch (type) {
    case torch::kDouble: return dtype::F64;
    case torch::kFloat: return dtype::F32;
    case torch::kHalf: return dtype::F16;
    case torch::kBFloat16: return dtype::BF16;
    case torch::kLong: return dtype::I64;
    case torch::kInt: return dtype::I32;
    case torch::kShort: return dtype::I16;
    case torch::kChar: return dtype::I8;
    case torch::kByte: return dtype::U8;
    case torch::kBool: return dtype::BOOL;
    default:
      throw config_error(path, {{name, "the tensor has dtype " + std::string(c10::toString(type)) +
                                           ", which safetensors cannot hold"}});
  }
}

/// The model's parameters and buffers by name, as a state dict has them.
std::vector<std::pair<std::string, torch::Tensor>> state_of(torch::nn::Module const& module) {
  std::vector<std::pair<std::string, torch::Tensor>> state;
  for (auto const& p : module.named_parameters()) state.emplace_back(p.key(), p.value());
  for (auto const& b : module.named_buffers()) state.emplace_back(b.key(), b.value());
  return state;
}

std::string shape_text(std::vector<int64_t> const& shape) { return c10::str(c10::IntArrayRef(shape)); }

}  // namespace

std::string to_string(load_report const& report) {
  std::ostringstream out;
  std::size_t in_model = report.loaded.size() + report.missing.size() + report.mismatched.size();
  out << "loaded " << report.loaded.size() << " of " << in_model << " tensors";
  auto list = [&](char const* what, std::vector<std::string> const& names) {
    if (names.empty()) return;
    out << "\n  " << what << " (" << names.size() << "):";
    for (auto const& n : names) out << ' ' << n;
  };
  list("missing from the file, left as built", report.missing);
  list("in the file but not in the model, ignored", report.unexpected);
  if (!report.mismatched.empty()) {
    out << "\n  shape mismatch, left as built (" << report.mismatched.size() << "):";
    for (auto const& m : report.mismatched)
      out << "\n    " << m.name << ": the model has " << shape_text(m.expected) << ", the file " << shape_text(m.found);
  }
  return out.str();
}

std::ostream& operator<<(std::ostream& os, load_report const& report) { return os << to_string(report); }

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
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw config_error(path_, {{"", "cannot open the checkpoint: " + error_text(errno)}});
  try {
    struct stat info {};
    if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode))
      throw config_error(path_, {{"", "cannot read the checkpoint: not a regular file"}});
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
                           ": the config was edited after saving, or its type has gained or lost fields since; check "
                           "it (`glasses show FILE`) and pass {.check_fingerprint = false} to from_pretrained to load "
                           "it anyway"}});
}

namespace {

/// Why `device` cannot hold the model here, or nothing.
std::string unavailable(torch::Device device) {
  if (device.is_cpu()) return {};
  if (device.is_cuda()) {
    if (!torch::cuda::is_available())
      return "CUDA is not available: this LibTorch was built without it, or it sees no GPU";
    auto const count = torch::cuda::device_count();
    if (device.has_index() && static_cast<std::size_t>(device.index()) >= count)
      return count == 1 ? "there is 1 CUDA device, cuda:0"
                        : "there are " + std::to_string(count) + " CUDA devices, cuda:0 to cuda:" +
                              std::to_string(count - 1);
    return {};
  }
  if (device.type() == torch::kMeta) return "the meta device holds no data to load";
  try {  // another backend (MPS, XPU, ...): can it allocate?
    (void)torch::empty({0}, torch::TensorOptions().device(device));
  } catch (c10::Error const& e) {
    std::string const what = e.what_without_backtrace();
    return what.substr(0, what.find('\n'));
  }
  return {};
}

}  // namespace

void check_placement(std::optional<torch::Device> device, std::optional<torch::Dtype> dtype,
                     std::string const& source) {
  std::vector<issue> problems;
  if (device) {
    if (std::string why = unavailable(*device); !why.empty())
      problems.push_back({"options.device", "cannot load onto " + device->str() + ": " + why});
  }
  if (dtype && *dtype != torch::kFloat && *dtype != torch::kDouble && *dtype != torch::kHalf &&
      *dtype != torch::kBFloat16)
    problems.push_back({"options.dtype", "expected Float, Double, Half or BFloat16, got " +
                                             std::string(c10::toString(*dtype)) +
                                             ": it is the dtype of the floating-point parameters and buffers"});
  if (!problems.empty()) throw config_error(source, std::move(problems));
}

void place(torch::nn::Module& module, std::optional<torch::Device> device, std::optional<torch::Dtype> dtype) {
  torch::NoGradGuard no_grad;
  if (dtype) {
    // One tensor at a time, on the host: the model at both dtypes is never in memory at once.
    // Not Module::to(dtype), which would make num_batches_tracked a float too.
    auto convert = [&](torch::Tensor& t) {
      if (t.defined() && t.is_floating_point() && t.scalar_type() != *dtype) t.set_data(t.to(*dtype));
    };
    for (auto& p : module.named_parameters()) convert(p.value());
    for (auto& b : module.named_buffers()) convert(b.value());
  }
  if (device) module.to(*device);
}

load_report load_into(torch::nn::Module& module, checkpoint const& file, weights_options options) {
  check_placement(options.device, options.dtype, file.path());
  auto const& tensors = file.header().tensors;
  // The model's name of each file tensor. Two file keys renamed to one name would load that
  // tensor twice and list it twice in the report: refused before anything is loaded.
  std::vector<std::string> names;
  std::unordered_map<std::string, std::vector<std::string_view>> keys_of;
  for (auto const& t : tensors) {
    names.push_back(options.rename ? options.rename(t.name) : t.name);
    keys_of[names.back()].push_back(t.name);
  }
  std::vector<issue> conflicts;
  for (auto const& name : names) {
    auto& keys = keys_of[name];
    if (keys.size() < 2) continue;
    conflicts.push_back({name, "the rename function maps " + std::to_string(keys.size()) +
                                   " of the file's keys to this name: " + glasses::detail::list_names(keys) +
                                   "; a tensor loads from one file key only, so make the function give each its own "
                                   "name"});
    keys.clear();  // reported once
  }
  if (!conflicts.empty()) throw config_error(file.path(), std::move(conflicts));
  place(module, options.device, options.dtype);

  load_report report;
  std::unordered_map<std::string, torch::Tensor> targets;
  std::vector<std::string> order;
  for (auto& [name, tensor] : state_of(module)) {
    order.push_back(name);
    targets.emplace(name, tensor);
  }
  std::unordered_map<std::string, bool> seen;
  std::vector<std::uint64_t> buffer;  // for tensors that cannot be read in place; 8-byte aligned for any dtype
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    auto const& t = tensors[i];
    auto const& name = names[i];
    auto target = targets.find(name);
    if (target == targets.end()) {
      report.unexpected.push_back(name);
      continue;
    }
    seen[name] = true;
    torch::Tensor& to = target->second;
    if (to.sizes() != c10::IntArrayRef(t.shape)) {
      report.mismatched.push_back({name, to.sizes().vec(), t.shape});
      continue;
    }
    auto type = scalar_type(t.type);
    if (to.is_cpu() && to.layout() == torch::kStrided && to.is_contiguous() && to.scalar_type() == type) {
      // Straight from the file into the parameter: one copy, and no memory beyond the model.
      file.read(t, to.data_ptr());
      torch::autograd::impl::bump_version(to);  // as copy_ would: autograd sees the change
    } else {
      // Another dtype, device or layout: through the buffer on the host, which copy_
      // converts from (and moves to the device).
      buffer.resize(std::max(buffer.size(), (t.end - t.begin + 7) / 8));
      file.read(t, buffer.data());
      to.copy_(torch::from_blob(buffer.data(), t.shape, torch::TensorOptions().dtype(type)));
    }
    report.loaded.push_back(name);
  }
  file.check_unchanged();
  for (auto const& name : order)
    if (!seen.count(name)) report.missing.push_back(name);
  if (options.strict && !report.complete())
    throw config_error(file.path(), {{"", "the checkpoint does not fit the model exactly: " + to_string(report)}});
  return report;
}

void save_tensors(torch::nn::Module const& module, std::string const& path, std::map<std::string, std::string> metadata) {
  std::vector<safetensors::tensor_entry> entries;
  std::vector<torch::Tensor> contiguous;
  std::size_t offset = 0;
  for (auto& [name, tensor] : state_of(module)) {
    auto cpu = tensor.detach().to(torch::kCPU).contiguous();
    std::size_t bytes = static_cast<std::size_t>(cpu.numel()) * cpu.element_size();
    entries.push_back({name, file_type(cpu.scalar_type(), path, name), cpu.sizes().vec(), offset, offset + bytes});
    offset += bytes;
    contiguous.push_back(std::move(cpu));
  }
  std::string header = safetensors::make_header(entries, metadata);
  std::vector<std::string_view> pieces{header};
  for (auto const& t : contiguous)
    pieces.emplace_back(static_cast<char const*>(t.data_ptr()), static_cast<std::size_t>(t.numel()) * t.element_size());
  glasses::detail::write_file_atomically(path, pieces);
}

}  // namespace detail

load_report load_weights(torch::nn::Module& module, std::string const& path, weights_options options) {
  detail::checkpoint file(path);
  return detail::load_into(module, file, options);
}

}  // namespace glasses::nn
