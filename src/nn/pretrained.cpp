// Loading and saving weights: placing the model on its device and dtype, matching the
// file's tensors to the model's by name, and the report. Reading the file is checkpoint.cpp.
#include <glasses/nn/pretrained.hpp>

#include <torch/torch.h>

#include <algorithm>
#include <ostream>
#include <sstream>
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

namespace {

/// What did not fit, a line a kind, after the report's first line.
// What a report shows of each list, so that a file of a million tensors, or of a name of
// megabytes, gives a message to read; the load_report itself holds every name.
constexpr std::size_t names_shown = 50;
constexpr std::size_t name_bytes_shown = 200;

// A name with a space, a control character (an escape sequence a terminal would act on, a
// line break that would forge a line of the report) or bytes that are not UTF-8 is quoted,
// escaped as JSON escapes it.
std::string shown_name(std::string const& name) {
  auto const unprintable = [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; };
  bool const plain = !name.empty() && glasses::detail::invalid_utf8_at(name) == std::string::npos &&
                     std::none_of(name.begin(), name.end(), unprintable);
  if (!plain) return glasses::detail::quoted(name, name_bytes_shown);
  if (name.size() <= name_bytes_shown) return name;
  return name.substr(0, name_bytes_shown) + "... (" + std::to_string(name.size()) + " bytes)";
}

std::string unfitted(load_report const& report) {
  std::ostringstream out;
  auto more = [&](std::size_t count) {
    if (count > names_shown) out << " ... and " << count - names_shown << " more";
  };
  auto list = [&](char const* what, std::vector<std::string> const& names) {
    if (names.empty()) return;
    out << "\n  " << what << " (" << names.size() << "):";
    for (std::size_t i = 0; i < names.size() && i < names_shown; ++i) out << ' ' << shown_name(names[i]);
    more(names.size());
  };
  list("missing from the file, left as built", report.missing);
  list("in the file but not in the model, ignored", report.unexpected);
  if (!report.mismatched.empty()) {
    out << "\n  shape mismatch, left as built (" << report.mismatched.size() << "):";
    for (std::size_t i = 0; i < report.mismatched.size() && i < names_shown; ++i) {
      auto const& m = report.mismatched[i];
      out << "\n    " << shown_name(m.name) << ": the model has " << shape_text(m.expected) << ", the file "
          << shape_text(m.found);
    }
    more(report.mismatched.size());
  }
  return out.str();
}

}  // namespace

std::string to_string(load_report const& report) {
  std::size_t const in_model = report.loaded.size() + report.missing.size() + report.mismatched.size();
  return "loaded " + std::to_string(report.loaded.size()) + " of " + std::to_string(in_model) + " tensors" +
         unfitted(report);
}

std::ostream& operator<<(std::ostream& os, load_report const& report) { return os << to_string(report); }

namespace detail {

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

namespace {

/// The model's name of each file tensor. Two file keys renamed to one name would load that
/// tensor twice and list it twice in the report: refused before anything is loaded.
std::vector<std::string> model_names(std::vector<safetensors::tensor_entry> const& tensors,
                                     std::string (*rename)(std::string_view), std::string const& path) {
  std::vector<std::string> names;
  std::unordered_map<std::string, std::vector<std::string_view>> keys_of;
  for (auto const& t : tensors) {
    names.push_back(rename ? rename(t.name) : t.name);
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
  if (!conflicts.empty()) throw config_error(path, std::move(conflicts));
  return names;
}

/// [lowest, past the highest) of an integer dtype, as doubles, which hold both exactly.
std::pair<double, double> integer_range(torch::ScalarType type) {
  switch (type) {
    case torch::kUInt8: return {0.0, 0x1p8};
    case torch::kInt8: return {-0x1p7, 0x1p7};
    case torch::kInt16: return {-0x1p15, 0x1p15};
    case torch::kInt32: return {-0x1p31, 0x1p31};
    default: return {-0x1p63, 0x1p63};
  }
}

/// Throws unless the file's values `from` reach the model's dtype `to` with nothing lost but
/// a float's rounding: no finite value overflowing to infinity, no fraction, NaN or
/// out-of-range number into an integer, no integer a float cannot hold, no boolean byte
/// other than 0 and 1. What would make the copy itself undefined (NaN into an integer) is
/// checked before it; `copied`, the values as the model now holds them, after.
void check_conversion(checkpoint const& file, safetensors::tensor_entry const& t, torch::Tensor const& from,
                      torch::Tensor const* copied, torch::ScalarType to) {
  auto const refuse = [&](std::string const& why) {
    throw config_error(file.path(), {{t.name, "the file's " + std::string(c10::toString(from.scalar_type())) +
                                                  " values do not fit the model's " + c10::toString(to) + ": " + why +
                                                  "; build the model in the file's dtype, or convert the file"}});
  };
  if (from.numel() == 0) return;
  if (!copied && from.scalar_type() == torch::kBool && (from.view(torch::kUInt8) > 1).any().item<bool>()) {
    if (to != torch::kBool) refuse("some of its bytes are neither 0 nor 1");
    throw config_error(file.path(), {{t.name, "the file's Bool values are not booleans: some of its bytes are "
                                              "neither 0 nor 1; the file is damaged, or its writer wrote other bytes "
                                              "as Bool"}});
  }
  if (from.scalar_type() == to) return;
  bool const from_float = at::isFloatingType(from.scalar_type()), to_float = at::isFloatingType(to);
  if (!copied) {
    if (to_float || from.scalar_type() == torch::kBool || to == torch::kBool) return;  // compared after the copy
    if (!from_float) {
      // Compared back after the copy, an integer of the same width and the other sign
      // (I8 -1 into U8) would wrap there and back unseen: its range is checked first.
      auto const [lowest, past_highest] = integer_range(to);
      if (from.min().item<double>() < lowest || from.max().item<double>() >= past_highest)
        refuse("some are out of its range");
      return;
    }
    auto const values = from.to(torch::kDouble);
    if (!torch::isfinite(values).all().item<bool>()) refuse("some are not finite");
    if (!(values == values.trunc()).all().item<bool>()) refuse("some are not whole numbers");
    auto const [lowest, past_highest] = to == torch::kBool ? std::pair{0.0, 2.0} : integer_range(to);
    if (values.min().item<double>() < lowest || values.max().item<double>() >= past_highest)
      refuse("some are out of its range");
    return;
  }
  if (from_float && to_float) {
    if ((torch::isinf(copied->to(torch::kCPU).to(from.scalar_type())) & torch::isfinite(from)).any().item<bool>())
      refuse("some finite values overflow to infinity");
  } else if (to_float && from.scalar_type() != torch::kBool) {
    // Compared back in the file's integer type: as doubles, 2^53 + 1 and its rounding 2^53
    // were equal. A float past the type's range (2^63, which 2^63 - 1 rounds to) would not
    // convert back, so it is refused first.
    auto const back = copied->to(torch::kCPU).to(torch::kDouble);
    auto const [lowest, past_highest] = integer_range(from.scalar_type());
    if (!((back >= lowest) & (back < past_highest)).all().item<bool>() ||
        !(back.to(from.scalar_type()) == from).all().item<bool>())
      refuse("some integers are not held exactly");
  } else if (!(copied->to(torch::kCPU).to(from.scalar_type()) == from).all().item<bool>()) {
    refuse("some values change");
  }
}

/// Reads the file tensor `t` into `to`, whose shape it has.
void load_tensor(checkpoint const& file, safetensors::tensor_entry const& t, torch::Tensor& to,
                 std::vector<std::uint64_t>& buffer) {
  auto type = scalar_type(t.type);
  // Booleans go through the buffer, where their bytes are checked before the model holds them.
  if (to.is_cpu() && to.layout() == torch::kStrided && to.is_contiguous() && to.scalar_type() == type &&
      type != torch::kBool) {
    // Straight from the file into the parameter: one copy, and no memory beyond the model.
    file.read(t, to.data_ptr());
    torch::autograd::impl::bump_version(to);  // as copy_ would: autograd sees the change
  } else {
    // Another dtype, device or layout: through the buffer on the host, which copy_
    // converts from (and moves to the device).
    buffer.resize(std::max(buffer.size(), (t.end - t.begin + 7) / 8));
    file.read(t, buffer.data());
    auto const from = torch::from_blob(buffer.data(), t.shape, torch::TensorOptions().dtype(type));
    check_conversion(file, t, from, nullptr, to.scalar_type());
    to.copy_(from);
    check_conversion(file, t, from, &to, to.scalar_type());
  }
}

/// Which file tensor fills which model tensor, before anything is read: the report, all
/// but `loaded`. `fills[i]` is the model's name for file tensor i, or empty. `targets` are
/// the model's tensors by name: placing the model keeps them (Module::to and place() change
/// each with set_data), so they are the destinations after it too.
struct load_plan {
  load_report report;
  std::vector<std::string> fills;
  std::unordered_map<std::string, torch::Tensor> targets;
};

load_plan plan_load(torch::nn::Module const& module, std::vector<safetensors::tensor_entry> const& tensors,
                    std::vector<std::string> const& names) {
  load_plan plan;
  std::vector<std::string> order;
  for (auto& [name, tensor] : state_of(module)) {
    order.push_back(name);
    plan.targets.emplace(name, tensor);
  }
  std::unordered_map<std::string, bool> seen;
  plan.fills.resize(tensors.size());
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    auto const& name = names[i];
    auto target = plan.targets.find(name);
    if (target == plan.targets.end()) {
      plan.report.unexpected.push_back(name);
      continue;
    }
    seen[name] = true;
    if (target->second.sizes() != c10::IntArrayRef(tensors[i].shape))
      plan.report.mismatched.push_back({name, target->second.sizes().vec(), tensors[i].shape});
    else plan.fills[i] = name;
  }
  for (auto const& name : order)
    if (!seen.count(name)) plan.report.missing.push_back(name);
  return plan;
}

}  // namespace

load_report load_into(torch::nn::Module& module, checkpoint const& file, weights_options options,
                      recorded_initialisers* initialisers) {
  check_placement(options.device, options.dtype, file.path());
  auto const& tensors = file.header().tensors;
  auto plan = plan_load(module, tensors, model_names(tensors, options.rename, file.path()));
  bool const fills_all = plan.report.missing.empty() && plan.report.mismatched.empty();
  if (options.strict && !plan.report.complete()) {
    std::size_t const fit = static_cast<std::size_t>(
        std::count_if(plan.fills.begin(), plan.fills.end(), [](std::string const& name) { return !name.empty(); }));
    std::size_t const in_model = fit + plan.report.missing.size() + plan.report.mismatched.size();
    throw config_error(file.path(), {{"", "the checkpoint does not fit the model exactly, so a strict load loads "
                                          "nothing (load_weights without .strict, or from_pretrained(path, "
                                          "changed_config), loads what fits): " +
                                          std::to_string(fit) + " of " + std::to_string(in_model) + " tensors fit" +
                                          unfitted(plan.report)}});
  }
  // A recorded initialiser may fill tensors the file has and tensors it lacks at once, so
  // when anything is left unfilled all of them run, as in a plain build, before loading.
  if (initialisers && !fills_all) initialisers->run();
  place(module, options.device, options.dtype);

  std::vector<std::uint64_t> buffer;  // for tensors that cannot be read in place; 8-byte aligned for any dtype
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    if (plan.fills[i].empty()) continue;
    load_tensor(file, tensors[i], plan.targets.at(plan.fills[i]), buffer);
    plan.report.loaded.push_back(plan.fills[i]);
  }
  file.check_unchanged();
  return std::move(plan.report);
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
