#include <glasses/models/torchvision.hpp>

namespace glasses::models {
namespace {

struct renaming {
  std::string_view glasses;
  std::string_view torchvision;
};
// The heads first: "backbone." is the catch-all.
constexpr renaming renamings[] = {{"head.fc.", "fc."}, {"head.head.", "heads.head."}, {"backbone.", ""}};

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

}  // namespace glasses::models
