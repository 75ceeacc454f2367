#include "invalid_field.hpp"

#include <glasses/models/staged_backbone.hpp>

#include <string>

namespace glasses::models::detail {

void check_images(char const* config, torch::Tensor const& images, int64_t in_channels, int64_t min_side) {
  invalid_field const invalid{config};
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

}  // namespace glasses::models::detail
