// The safetensors format of the Hugging Face Hub: an 8-byte little-endian header length, a
// JSON header naming each tensor's dtype, shape and byte range, then the raw data.
//
// The header is validated whole before any data is touched: its length against the file,
// valid JSON, known dtypes, shapes whose size times the dtype's equals the byte range, and
// ranges that lie inside the data, do not overlap and cover it exactly. Every violation is
// a config_error naming the file and the tensor. This part needs no LibTorch.
#ifndef GLASSES_SAFETENSORS_HPP
#define GLASSES_SAFETENSORS_HPP

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace glasses::safetensors {

enum class dtype { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

std::size_t element_size(dtype type);
std::string_view name(dtype type);

struct tensor_entry {
  std::string name;
  dtype type;
  std::vector<int64_t> shape;
  std::size_t begin;  // byte range within the data section
  std::size_t end;
};

struct header {
  std::vector<tensor_entry> tensors;  // in the order of their data
  std::map<std::string, std::string> metadata;
  std::size_t data_offset;  // where the data section starts in the file
};

/// Reads and validates the header of a whole safetensors file held in memory.
/// `source` (the file name) prefixes error messages.
header parse_header(std::string_view file, std::string const& source);
/// The same from the file's first bytes alone: `head` holds at least the 8 bytes of the
/// length and the header itself (header_length says how many), and `file_size` is the
/// whole file's size, against which the tensors' byte ranges are checked.
header parse_header(std::string_view head, std::uint64_t file_size, std::string const& source);
/// The header's length from the file's first 8 bytes (`head`), checked against the file's
/// size and a limit of 100 MiB: a corrupt length never makes a reader read that much.
std::uint64_t header_length(std::string_view head, std::uint64_t file_size, std::string const& source);

/// The header's bytes for tensors laid out one after another in the given order, padded
/// with spaces so that the data starts at a multiple of 8.
std::string make_header(std::vector<tensor_entry> const& tensors, std::map<std::string, std::string> const& metadata);

/// The header's bytes for a JSON text taken as it is: its length as 8 little-endian bytes,
/// then the text. (make_header adds the padding; this alone can frame broken headers.)
std::string frame_header(std::string_view json_text);

}  // namespace glasses::safetensors

#endif
