// libFuzzer: arbitrary bytes as a safetensors file. The header is accepted only when its
// tensors tile the data exactly; anything else is a config_error.
#include <glasses/config/error.hpp>
#include <glasses/safetensors.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  std::string_view file(reinterpret_cast<char const*>(data), size);
  try {
    auto header = glasses::safetensors::parse_header(file, "fuzz");
    std::size_t covered = 0;
    for (auto const& t : header.tensors) {
      if (t.begin != covered || t.end < t.begin) std::abort();
      covered = t.end;
    }
    if (header.data_offset + covered != size) std::abort();
  } catch (glasses::config_error const&) {
  }
  return 0;
}
