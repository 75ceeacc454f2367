#include <glasses/config/error.hpp>
#include <glasses/nn/module.hpp>

#include <string>

namespace glasses::nn::detail {

void check_images(char const* config, torch::Tensor const& images, int64_t in_channels, int64_t min_side) {
  auto const invalid = [&](std::string path, std::string message) {
    throw config_error(config, {{std::move(path), std::move(message)}});
  };
  std::string const shape = "[batch, " + std::to_string(in_channels) + ", height, width]";
  if (images.dim() != 4) invalid("", "expected images of shape " + shape + ", got " + c10::str(images.sizes()));
  if (images.size(1) != in_channels)
    invalid("in_channels", "the model takes images of shape " + shape + ", got " + c10::str(images.sizes()) +
                               "; set in_channels to the images' channels");
  if (images.size(2) < min_side || images.size(3) < min_side) {
    std::string const side = std::to_string(min_side);
    std::string const why = min_side > 1 ? " (the model downsamples them by " + side + " without padding)" : "";
    invalid("", "expected images of " + side + " x " + side + " pixels at least" + why + ", got " +
                    c10::str(images.sizes()));
  }
}

}  // namespace glasses::nn::detail
