#include <glasses/nn/pretrained.hpp>

#include <torch/torch.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <ostream>
#include <sstream>
#include <sys/mman.h>
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

checkpoint::checkpoint(std::string path) : path_(std::move(path)) {
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw config_error(path_, {{"", std::string("cannot open the checkpoint: ") + std::strerror(errno)}});
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw config_error(path_, {{"", "cannot read the checkpoint: not a regular file"}});
  }
  size_ = static_cast<std::size_t>(info.st_size);
  if (size_ > 0) {
    void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) {
      int error = errno;
      ::close(fd);
      throw config_error(path_, {{"", std::string("cannot map the checkpoint: ") + std::strerror(error)}});
    }
    bytes_ = static_cast<char const*>(mapped);
  }
  ::close(fd);
  try {
    header_ = safetensors::parse_header(std::string_view(bytes_ ? bytes_ : "", size_), path_);
  } catch (...) {
    if (bytes_) ::munmap(const_cast<char*>(bytes_), size_);
    throw;
  }
}

checkpoint::~checkpoint() {
  if (bytes_) ::munmap(const_cast<char*>(bytes_), size_);
}

void checkpoint::release(safetensors::tensor_entry const& t) const {
  static std::uintptr_t const page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  auto begin = reinterpret_cast<std::uintptr_t>(data(t));
  auto end = begin + (t.end - t.begin);
  begin = (begin + page - 1) / page * page;  // whole pages inside the tensor only
  end = end / page * page;
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

std::string const& checkpoint::metadata(std::string const& key) const {
  auto it = header_.metadata.find(key);
  if (it == header_.metadata.end())
    throw config_error(path_, {{"__metadata__." + key,
                                "missing: the file was not written by save_pretrained or scripts/export_torchvision.py; "
                                "build the model yourself and use load_weights"}});
  return it->second;
}

load_report load_into(torch::nn::Module& module, checkpoint const& file, weights_options options) {
  load_report report;
  std::unordered_map<std::string, torch::Tensor> targets;
  std::vector<std::string> order;
  for (auto& [name, tensor] : state_of(module)) {
    order.push_back(name);
    targets.emplace(name, tensor);
  }
  std::unordered_map<std::string, bool> seen;
  torch::NoGradGuard no_grad;
  for (auto const& t : file.header().tensors) {
    std::string name = options.rename ? options.rename(t.name) : t.name;
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
    char const* bytes = file.data(t);
    torch::Tensor from;
    if (reinterpret_cast<std::uintptr_t>(bytes) % safetensors::element_size(t.type) == 0) {
      from = torch::from_blob(const_cast<char*>(bytes), t.shape, torch::TensorOptions().dtype(type));
    } else {
      // A tensor at an odd offset: copied to aligned memory first.
      from = torch::empty(t.shape, torch::TensorOptions().dtype(type));
      std::memcpy(from.data_ptr(), bytes, t.end - t.begin);
    }
    to.copy_(from);
    file.release(t);
    report.loaded.push_back(name);
  }
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
