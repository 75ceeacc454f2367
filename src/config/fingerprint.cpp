#include <glasses/config/fingerprint.hpp>

#include <bit>
#include <cstring>

namespace glasses::detail {
namespace {

// The constants and steps of XXH64, as its specification gives them.
constexpr std::uint64_t prime1 = 0x9E3779B185EBCA87ull;
constexpr std::uint64_t prime2 = 0xC2B2AE3D27D4EB4Full;
constexpr std::uint64_t prime3 = 0x165667B19E3779F9ull;
constexpr std::uint64_t prime4 = 0x85EBCA77C2B2AE63ull;
constexpr std::uint64_t prime5 = 0x27D4EB2F165667C5ull;

// Little-endian on every host. GCC 12 merges the loop into one load at -O3 only: at -O2
// (RelWithDebInfo) the hash took six times as long, so a little-endian host copies.
template <class U> U read_le(char const* p) {
  U value = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&value, p, sizeof value);
  } else {
    for (std::size_t i = 0; i < sizeof(U); ++i) value |= U{static_cast<unsigned char>(p[i])} << (8 * i);
  }
  return value;
}

std::uint64_t round(std::uint64_t accumulator, std::uint64_t input) {
  accumulator += input * prime2;
  return std::rotl(accumulator, 31) * prime1;
}

std::uint64_t merge(std::uint64_t accumulator, std::uint64_t lane) {
  accumulator ^= round(0, lane);
  return accumulator * prime1 + prime4;
}

}  // namespace

std::uint64_t xxh64(std::string_view bytes, std::uint64_t seed) noexcept {
  char const* p = bytes.data();
  char const* const end = p + bytes.size();
  std::uint64_t h;
  if (bytes.size() >= 32) {
    std::uint64_t v1 = seed + prime1 + prime2, v2 = seed + prime2, v3 = seed, v4 = seed - prime1;
    for (; end - p >= 32; p += 32) {
      v1 = round(v1, read_le<std::uint64_t>(p));
      v2 = round(v2, read_le<std::uint64_t>(p + 8));
      v3 = round(v3, read_le<std::uint64_t>(p + 16));
      v4 = round(v4, read_le<std::uint64_t>(p + 24));
    }
    h = std::rotl(v1, 1) + std::rotl(v2, 7) + std::rotl(v3, 12) + std::rotl(v4, 18);
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = seed + prime5;
  }
  h += bytes.size();
  for (; end - p >= 8; p += 8) h = std::rotl(h ^ round(0, read_le<std::uint64_t>(p)), 27) * prime1 + prime4;
  if (end - p >= 4) {
    h = std::rotl(h ^ (read_le<std::uint32_t>(p) * prime1), 23) * prime2 + prime3;
    p += 4;
  }
  for (; p < end; ++p) h = std::rotl(h ^ (static_cast<unsigned char>(*p) * prime5), 11) * prime1;
  h ^= h >> 33;
  h *= prime2;
  h ^= h >> 29;
  h *= prime3;
  h ^= h >> 32;
  return h;
}

std::string hex64(std::uint64_t value) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = digits[value & 15];
  return out;
}

}  // namespace glasses::detail
