// A stable digest of a config, for experiment trackers to key results on.
#ifndef GLASSES_CONFIG_FINGERPRINT_HPP
#define GLASSES_CONFIG_FINGERPRINT_HPP

#include <glasses/config/json_write.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace glasses {
namespace detail {
/// XXH64 of `bytes` (the published xxHash 64-bit algorithm), the same on every platform.
std::uint64_t xxh64(std::string_view bytes, std::uint64_t seed = 0) noexcept;
/// 16 lowercase hex digits.
std::string hex64(std::uint64_t value);
}  // namespace detail

/// The fingerprint of a config: XXH64 (seed 0) of its compact canonical JSON, `dump(config)`,
/// as 16 lowercase hex digits. Equal configs give equal fingerprints on every platform and
/// compiler: the text has keys in declaration order, maps sorted, and shortest doubles.
template <class T> std::string fingerprint(T const& config) {
  detail::json_text_writer w;
  char const* end = detail::write_text(w, config);
  return detail::hex64(detail::xxh64({w.start(), static_cast<std::size_t>(end - w.start())}));
}

}  // namespace glasses

#endif
