// torch.nn.init.trunc_normal_, which LibTorch 1.13 lacks, by PyTorch's method: uniform
// between the bounds' normal CDFs, then the inverse CDF. ViT and ConvNeXt initialise with it.
// Private to src/models.
#ifndef GLASSES_SRC_MODELS_TRUNCATED_NORMAL_HPP
#define GLASSES_SRC_MODELS_TRUNCATED_NORMAL_HPP

#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>

namespace glasses::models::detail {

inline void truncated_normal_(torch::Tensor t, double mean, double std, double low, double high) {
  torch::NoGradGuard no_grad;
  auto cdf = [](double x) { return (1 + std::erf(x / std::sqrt(2.0))) / 2; };
  double lower = cdf((low - mean) / std), upper = cdf((high - mean) / std);
  t.uniform_(2 * lower - 1, 2 * upper - 1).erfinv_().mul_(std * std::sqrt(2.0)).add_(mean).clamp_(low, high);
}

}  // namespace glasses::models::detail

#endif
