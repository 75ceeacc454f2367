// Torch-free: the fuzz target links this file alone.
#include <glasses/config/error.hpp>
#include <glasses/config/json_write.hpp>
#include <glasses/safetensors.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <bit>
#include <limits>
#include <unordered_set>

namespace glasses::safetensors {
namespace {

// The largest header accepted: far above any real model's, and a bound on what a corrupt
// length can make the reader allocate.
constexpr std::uint64_t max_header_bytes = 100 * 1024 * 1024;

struct known_dtype {
  std::string_view name;
  dtype type;
  std::size_t size;
};
constexpr known_dtype dtypes[] = {{"F64", dtype::F64, 8}, {"F32", dtype::F32, 4}, {"F16", dtype::F16, 2},
                                  {"BF16", dtype::BF16, 2}, {"I64", dtype::I64, 8}, {"I32", dtype::I32, 4},
                                  {"I16", dtype::I16, 2},   {"I8", dtype::I8, 1},   {"U8", dtype::U8, 1},
                                  {"BOOL", dtype::BOOL, 1}};

[[noreturn]] void fail(std::string const& source, std::string path, std::string message) {
  throw config_error(source, {{std::move(path), std::move(message)}});
}

// Boost.JSON's parse keeps the last of two equal keys, and another reader may keep the
// first: a header that names a tensor (or a metadata key) twice is refused instead.
struct duplicate_key_finder {
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  using error_code = boost::json::error_code;
  using string_view = boost::json::string_view;

  std::vector<std::unordered_set<std::string>> keys;  // of each open object
  std::vector<std::string> current;                    // the last key of each open object
  std::string part;
  std::string duplicate;  // the path of the first key given twice

  bool on_object_begin(error_code&) {
    keys.emplace_back();
    current.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, error_code&) {
    keys.pop_back();
    current.pop_back();
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) { return part.append(s.data(), s.size()), true; }
  bool on_key(string_view s, std::size_t, error_code&) {
    current.back() = part + std::string(s.data(), s.size());
    part.clear();
    if (keys.back().insert(current.back()).second) return true;
    for (std::size_t i = 0; i < current.size(); ++i) duplicate += (i ? "." : "") + current[i];
    return false;  // stops the parser
  }
  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t, error_code&) { return true; }
  bool on_string_part(string_view, std::size_t, error_code&) { return true; }
  bool on_string(string_view, std::size_t, error_code&) { return true; }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, string_view, error_code&) { return true; }
  bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
  bool on_double(double, string_view, error_code&) { return true; }
  bool on_bool(bool, error_code&) { return true; }
  bool on_null(error_code&) { return true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

void refuse_duplicate_keys(std::string_view json, boost::json::parse_options const& options, std::string const& source) {
  boost::json::basic_parser<duplicate_key_finder> parser(options);
  boost::json::error_code ec;
  parser.write_some(false, json.data(), json.size(), ec);  // syntax errors are reported by the parse after
  if (!parser.handler().duplicate.empty())
    fail(source, parser.handler().duplicate,
         "this key is given twice in the header; readers differ on which copy counts, so the file is refused");
}

std::string list_dtypes() {
  std::vector<std::string_view> names;
  for (auto const& d : dtypes) names.push_back(d.name);
  return detail::list_names(names);
}

}  // namespace

std::size_t element_size(dtype type) { return dtypes[static_cast<int>(type)].size; }
std::string_view name(dtype type) { return dtypes[static_cast<int>(type)].name; }

header parse_header(std::string_view file, std::string const& source) { return parse_header(file, file.size(), source); }

std::uint64_t header_length(std::string_view head, std::uint64_t file_size, std::string const& source) {
  static_assert(std::endian::native == std::endian::little, "glasses reads safetensors on little-endian hosts only");
  if (file_size < 8 || head.size() < 8)
    fail(source, "", "not a safetensors file: " + std::to_string(file_size) +
                         " bytes, fewer than the 8 of the header length; is the file truncated?");
  std::uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | static_cast<unsigned char>(head[static_cast<std::size_t>(i)]);
  if (length > file_size - 8)
    fail(source, "", "the header length (" + std::to_string(length) + " bytes) runs past the end of the file (" +
                         std::to_string(file_size) + " bytes); is the file truncated?");
  if (length > max_header_bytes)
    fail(source, "", "the header length (" + std::to_string(length) + " bytes) is over the limit of " +
                         std::to_string(max_header_bytes) + " bytes");
  return length;
}

header parse_header(std::string_view head, std::uint64_t file_size, std::string const& source) {
  std::uint64_t const length = header_length(head, file_size, source);
  if (head.size() < 8 + length)
    throw std::logic_error("safetensors::parse_header: `head` must hold the file's first 8 + header length bytes");
  header out;
  out.data_offset = 8 + static_cast<std::size_t>(length);
  std::uint64_t const data_size = file_size - out.data_offset;
  boost::json::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 8;
  std::string_view const text = head.substr(8, static_cast<std::size_t>(length));
  refuse_duplicate_keys(text, options, source);
  boost::json::value json = boost::json::parse(text, ec, {}, options);
  if (ec) fail(source, "", "the header is not valid JSON (" + ec.message() + ")");
  if (!json.is_object()) fail(source, "", "the header is not a JSON object");

  std::vector<issue> issues;
  for (auto const& [key, value] : json.get_object()) {
    std::string tensor(key);
    if (key == "__metadata__") {
      if (!value.is_object()) {
        issues.push_back({tensor, "expected an object of strings"});
        continue;
      }
      for (auto const& [meta_key, meta_value] : value.get_object()) {
        if (!meta_value.is_string()) issues.push_back({tensor + "." + std::string(meta_key), "expected a string"});
        else out.metadata.emplace(meta_key, meta_value.get_string());
      }
      continue;
    }
    auto const* entry = value.if_object();
    auto const* type = entry ? entry->if_contains("dtype") : nullptr;
    auto const* shape = entry ? entry->if_contains("shape") : nullptr;
    auto const* offsets = entry ? entry->if_contains("data_offsets") : nullptr;
    if (!type || !shape || !offsets) {
      issues.push_back({tensor, "expected an object with \"dtype\", \"shape\" and \"data_offsets\""});
      continue;
    }
    tensor_entry t{tensor, dtype::F32, {}, 0, 0};
    auto known = type->is_string() ? std::find_if(std::begin(dtypes), std::end(dtypes),
                                                  [&](auto const& d) { return d.name == type->get_string(); })
                                   : std::end(dtypes);
    if (known == std::end(dtypes)) {
      issues.push_back({tensor, "unknown dtype " + (type->is_string() ? detail::quoted(type->get_string()) : "(not a string)") +
                                    "; expected one of " + list_dtypes()});
      continue;
    }
    t.type = known->type;
    // The element count, guarding against overflow of a hostile shape.
    std::uint64_t elements = 1;
    bool valid_shape = shape->is_array();
    for (auto const& d : valid_shape ? shape->get_array() : boost::json::array()) {
      auto const* n = d.if_int64();
      if (!n || *n < 0) {
        valid_shape = false;
        break;
      }
      t.shape.push_back(*n);
      if (*n != 0 && elements > std::numeric_limits<std::uint64_t>::max() / static_cast<std::uint64_t>(*n)) {
        valid_shape = false;
        break;
      }
      elements *= static_cast<std::uint64_t>(*n);
    }
    if (!valid_shape) {
      issues.push_back({tensor, "expected \"shape\" to be an array of non-negative integers of a sane size"});
      continue;
    }
    auto const* range = offsets->if_array();
    if (!range || range->size() != 2 || !(*range)[0].is_number() || !(*range)[1].is_number() ||
        (*range)[0].is_double() || (*range)[1].is_double() || ((*range)[0].is_int64() && (*range)[0].get_int64() < 0) ||
        ((*range)[1].is_int64() && (*range)[1].get_int64() < 0)) {
      issues.push_back({tensor, "expected \"data_offsets\" to be [begin, end] with non-negative integers"});
      continue;
    }
    std::uint64_t begin = (*range)[0].to_number<std::uint64_t>(), end = (*range)[1].to_number<std::uint64_t>();
    if (begin > end || end > data_size) {
      issues.push_back({tensor, "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                                    "] lie outside the data section of " + std::to_string(data_size) + " bytes"});
      continue;
    }
    if (elements > std::numeric_limits<std::uint64_t>::max() / known->size) {
      issues.push_back({tensor, "the shape is too large: " + std::to_string(elements) + " elements of " +
                                    std::string(known->name) + " need more than 2^64 bytes"});
      continue;
    }
    std::uint64_t expected = elements * known->size;
    if (expected != end - begin) {
      issues.push_back({tensor, "the shape needs " + std::to_string(expected) + " bytes of " + std::string(known->name) +
                                    ", but data_offsets give " + std::to_string(end - begin)});
      continue;
    }
    t.begin = static_cast<std::size_t>(begin);
    t.end = static_cast<std::size_t>(end);
    out.tensors.push_back(std::move(t));
  }
  if (!issues.empty()) throw config_error(source, std::move(issues));

  std::sort(out.tensors.begin(), out.tensors.end(), [](auto const& a, auto const& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::size_t covered = 0;
  for (auto const& t : out.tensors) {
    if (t.begin < covered)
      fail(source, t.name, "its bytes [" + std::to_string(t.begin) + ", " + std::to_string(t.end) +
                               ") overlap those of another tensor");
    if (t.begin > covered)
      fail(source, t.name, "bytes [" + std::to_string(covered) + ", " + std::to_string(t.begin) +
                               ") before it belong to no tensor");
    covered = t.end;
  }
  if (covered != data_size)
    fail(source, "", "the last " + std::to_string(data_size - covered) + " bytes of the data belong to no tensor");
  return out;
}

std::string make_header(std::vector<tensor_entry> const& tensors, std::map<std::string, std::string> const& metadata) {
  boost::json::object json;
  if (!metadata.empty()) {
    boost::json::object meta;
    for (auto const& [k, v] : metadata) meta[k] = v;
    json["__metadata__"] = std::move(meta);
  }
  for (auto const& t : tensors) {
    boost::json::object entry;
    entry["dtype"] = name(t.type);
    entry["shape"] = boost::json::array(t.shape.begin(), t.shape.end());
    entry["data_offsets"] = boost::json::array{t.begin, t.end};
    json[t.name] = std::move(entry);
  }
  std::string text = dump(boost::json::value(std::move(json)));
  text.append((8 - (8 + text.size()) % 8) % 8, ' ');
  return frame_header(text);
}

std::string frame_header(std::string_view json_text) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((json_text.size() >> (8 * i)) & 0xff);
  return out.append(json_text);
}

}  // namespace glasses::safetensors
