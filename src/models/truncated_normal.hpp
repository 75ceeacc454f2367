// torch.nn.init.trunc_normal_, which LibTorch 1.13 lacks, by PyTorch's method (uniform
// between the bounds' normal CDFs, then the inverse CDF) where the bounds cut anything.
// ViT and ConvNeXt initialise with it.
// Private to src/models.
#ifndef GLASSES_SRC_MODELS_TRUNCATED_NORMAL_HPP
#define GLASSES_SRC_MODELS_TRUNCATED_NORMAL_HPP

#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>

namespace glasses::models::detail {

inline void truncated_normal_(torch::Tensor t, double mean, double std, double low, double high) {
  torch::NoGradGuard no_grad;
  // Bounds ten deviations out or more (ConvNeXt's are a hundred) cut less than 1e-23 of
  // the draws: a normal draw, clamped, has the same distribution at a fraction of the
  // inverse CDF's cost, which made most of the time ConvNeXt took to build.
  if ((high - mean) / std >= 10 && (mean - low) / std >= 10) {
    t.normal_(mean, std).clamp_(low, high);
    return;
  }
  auto cdf = [](double x) { return (1 + std::erf(x / std::sqrt(2.0))) / 2; };
  double lower = cdf((low - mean) / std), upper = cdf((high - mean) / std);
  t.uniform_(2 * lower - 1, 2 * upper - 1).erfinv_().mul_(std * std::sqrt(2.0)).add_(mean).clamp_(low, high);
}

}  // namespace glasses::models::detail

#endif
