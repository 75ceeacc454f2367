#include <glasses/models/torchvision.hpp>

#include <torch/nn/module.h>

namespace glasses::models {
namespace {

struct renaming {
  std::string_view glasses;
  std::string_view torchvision;
};
// The heads first: "backbone." is the catch-all.
constexpr renaming renamings[] = {
    {"head.fc.", "fc."}, {"head.head.", "heads.head."}, {"head.classifier.", "classifier."}, {"backbone.", ""}};

}  // namespace

std::string to_torchvision_key(std::string_view key) {
  for (auto const& r : renamings)
    if (key.starts_with(r.glasses)) return std::string(r.torchvision) + std::string(key.substr(r.glasses.size()));
  return std::string(key);
}

std::string from_torchvision_key(std::string_view key) {
  for (auto const& r : renamings)
    if (key.starts_with(r.torchvision)) return std::string(r.glasses) + std::string(key.substr(r.torchvision.size()));
  return std::string(key);
}

std::vector<state_dict_key> torchvision_keys(torch::nn::Module const& model) {
  std::vector<state_dict_key> keys;
  auto add = [&](std::string const& prefix, auto const& tensors) {
    for (auto const& t : tensors) {
      std::string name = prefix + t.key();
      keys.push_back({name, to_torchvision_key(name), t.value().sizes().vec()});
    }
  };
  add("", model.named_parameters(/*recurse=*/false));
  add("", model.named_buffers(/*recurse=*/false));
  for (auto const& m : model.named_modules("", /*include_self=*/false)) {
    add(m.key() + ".", m.value()->named_parameters(/*recurse=*/false));
    add(m.key() + ".", m.value()->named_buffers(/*recurse=*/false));
  }
  return keys;
}

}  // namespace glasses::models
